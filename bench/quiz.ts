/**
 * `npm run bench:quiz` (= `npx tsx bench/quiz.ts`): load test of the knowledge quiz against the real local
 * server (Fastify + NeDB persisted to a temp DATA_DIR) over loopback. Prints a table; no pass/fail.
 *
 * 1. Seeds one district of 20 schools × 4 classes × 25 claimed senior pupils (2,000) straight into the store;
 *    the city admin creates a 20-question quiz over HTTP.
 * 2. 2,000 pupils log in, then with 64 concurrent clients each starts an attempt, saves 20 answers one by
 *    one and submits (22 requests per pupil). Same server, same run: the no-op route GET /healthz.
 * 3. Every attempt is scored again offline from what the bench sent (the stored question and option order
 *    of each item, the bank's answers, core/quiz/engine scoreAttempt) and compared with the server's score.
 * 4. Ranking read (the district's schools) at 10,000 attempts and at 500,000 attempts: the extra attempts
 *    and their results are inserted straight into the store (compact: no question items, which the read
 *    never touches) with their per-quiz counters and roster counters bumped once per class. Store calls
 *    and documents of one read are counted; the masked top list is read as well.
 *
 * Env: BENCH_PUPILS (2000), BENCH_BIG (500000), BENCH_SMALL (10000), BENCH_CONCURRENCY (64), BENCH_READS (300).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNedbStore } from '../adapters/store/nedbStore';
import { C } from '../core/collections';
import { seedDemo, DEMO_USERS } from '../core/demo/seed';
import { bumpQuiz, QM, rebuildTops } from '../core/functions/quiz/counters';
import { type AttemptDoc, type ResultDoc, resultId } from '../core/functions/quiz/model';
import { questionById } from '../core/quiz/bank';
import { scoreAttempt } from '../core/quiz/engine';
import { bump, rollup } from '../core/stats';
import { addDays, dayIn } from '../core/time';
import { buildServer } from '../server/app';
import { createLocalServices } from '../server/services';
import { countingStore } from '../core/storeTools';
import {
  fixtureClassId,
  fixtureSchoolId,
  type FixtureDistrict,
  type SeededPupil,
  seedClaimedDistrict,
} from '../testing/fixtures';
import { load, localClient, pct, printTable, settle } from './lib';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 2000);
const BIG = Number(process.env.BENCH_BIG ?? 500_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const READS = Number(process.env.BENCH_READS ?? 300);
const QUESTIONS = 20;
const SCHOOLS = 20;
const CLASSES_PER_SCHOOL = 4;
const DISTRICT = 'district-bench';
const DISTRICT_ADMIN = 'bench-district-admin';
/** 20 schools, 80 classes, 2,000 claimed senior pupils (over 14), a district admin. */
const BENCH_DISTRICT: FixtureDistrict = {
  districtId: DISTRICT,
  adminOpenid: DISTRICT_ADMIN,
  prefix: 'bq',
  schools: SCHOOLS,
  classesPerSchool: CLASSES_PER_SCHOOL,
  pupils: PUPILS,
};

interface Pupil extends SeededPupil {
  token?: string;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cgn-bench-quiz-'));
  const store = createNedbStore(path.join(dataDir, 'db'), { compactionIntervalMs: 0 });
  for (const [collection, field] of [
    [C.quizAttempts, 'quizId'],
    [C.quizResults, 'quizId'],
    [C.quizCounters, 'quizId'],
    [C.counters, 'level'],
  ] as const) {
    await store.ensureIndex(collection, field);
  }
  // Count what each ranking read touches in the store: the design promise is O(rows shown).
  const counting = countingStore(store);
  const services = createLocalServices({ dataDir, store: counting.store });
  const now = services.now();
  const t0 = performance.now();
  await seedDemo(services.store, now);
  const pupils: Pupil[] = await seedClaimedDistrict(services.store, BENCH_DISTRICT, now);
  await rollup(services.store, now);
  const seedMs = performance.now() - t0;

  const app = await buildServer({ services, tokenSecret: 'bench-secret' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { post, login } = localClient(base);
  const quizCall = <T = Record<string, unknown>>(token: string, action: string, input: object) =>
    post<T>('/api/functions/quiz', { action, ...input }, token);

  const cityToken = await login(DEMO_USERS.cityAdmin);
  const today = dayIn(now);
  const settings = (title: string) => ({
    level: 'city',
    settings: {
      title,
      description: '',
      audience: { stages: ['primary', 'junior', 'senior'], parents: false },
      draw: { count: QUESTIONS, topics: [], builtin: true, custom: false },
      timeLimitMinutes: 60,
      attemptsAllowed: 1,
      startDay: today,
      endDay: addDays(today, 10),
      passMark: 60,
      reveal: 'after_submit',
      certificate: '网络安全小卫士',
    },
  });
  const { quizId } = await quizCall<{ quizId: string }>(
    cityToken,
    'createQuiz',
    settings('基准测试 网络安全知识竞赛'),
  );
  // A second quiz with the same settings and no real takers: it grows to BIG attempts while the first stays
  // at SMALL, so the two can also be read side by side under the same load and heap.
  const { quizId: bigQuizId } = await quizCall<{ quizId: string }>(
    cityToken,
    'createQuiz',
    settings('基准测试 第二场'),
  );

  const logins = await load(pupils.length, CONCURRENCY, async (i) => {
    pupils[i].token = await login(pupils[i].openid);
  });

  // Each pupil: start, 20 answers saved one by one, submit. Picks are a hash of pupil and item.
  const sent = new Map<string, (number[] | null)[]>();
  const serverScore = new Map<string, number>();
  const perRequest: number[] = [];
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    perRequest.push(performance.now() - t);
    return out;
  };
  type Started = { attemptId: string; questions: { index: number; type: string; options: string[] }[] };
  const take = await load(pupils.length, CONCURRENCY, async (p) => {
    const token = pupils[p].token!;
    const started = await timed(() => quizCall<Started>(token, 'start', { quizId }));
    const picks: (number[] | null)[] = [];
    for (const q of started.questions) {
      const n = q.options.length;
      const first = (p * 31 + q.index * 7) % n;
      const picked = q.type === 'multiple' ? [first, (first + 1) % n].sort((a, b) => a - b) : [first];
      picks.push(picked);
      await timed(() =>
        quizCall(token, 'saveAnswers', {
          attemptId: started.attemptId,
          answers: [{ index: q.index, picked }],
        }),
      );
    }
    sent.set(started.attemptId, picks);
    const done = await timed(() =>
      quizCall<{ score: number }>(token, 'submit', { attemptId: started.attemptId }),
    );
    serverScore.set(started.attemptId, done.score);
  });
  perRequest.sort((a, b) => a - b);
  const requests = perRequest.length;
  const quizRps = (requests / take.wall) * 1000;

  const noop = await load(requests, CONCURRENCY, async () => {
    const res = await fetch(`${base}/healthz`);
    await res.arrayBuffer();
  });

  // Offline recomputation of every attempt from what the bench sent.
  let agree = 0;
  let storedAgree = 0;
  for (const [attemptId, picks] of sent) {
    const a = await store.get<AttemptDoc>(C.quizAttempts, attemptId);
    if (!a) continue;
    const questions = a.items.map((i) => questionById(i.q)!);
    const offline = scoreAttempt(
      questions,
      a.items.map((i) => i.o),
      picks,
    ).score;
    if (offline === serverScore.get(attemptId)) agree++;
    if (offline === a.score) storedAgree++;
  }
  const scoresExact = agree === pupils.length && storedAgree === pupils.length;

  // Ranking reads.
  const adminToken = await login(DISTRICT_ADMIN);
  const readRanking = (id = quizId) =>
    quizCall<{ rows: unknown[]; figures: { takers: number } }>(adminToken, 'ranking', {
      quizId: id,
      level: 'district',
      id: DISTRICT,
    });
  const readTop = (id = quizId) =>
    quizCall<{ top: unknown[] }>(adminToken, 'topList', { quizId: id, level: 'district', id: DISTRICT });
  const touchedBy = async (fn: () => Promise<unknown>) => {
    counting.reset();
    await fn();
    return { calls: counting.counts.calls, docs: counting.counts.docsRead };
  };

  /** Insert compact submitted attempts (and one result each) until the quiz holds `target` attempts. */
  let synthetic = 0;
  const grow = async (quizId: string, target: number) => {
    const have = await store.count(C.quizAttempts, { quizId });
    const extra = Math.max(0, target - have);
    const classes = SCHOOLS * CLASSES_PER_SCHOOL;
    const perClass = Math.ceil(extra / classes);
    let inserted = 0;
    for (let c = 0; c < classes && inserted < extra; c++) {
      const s = Math.floor(c / CLASSES_PER_SCHOOL);
      const unit = {
        classId: fixtureClassId(BENCH_DISTRICT, s, c % CLASSES_PER_SCHOOL),
        schoolId: fixtureSchoolId(BENCH_DISTRICT, s),
        districtId: DISTRICT,
      };
      const n = Math.min(perClass, extra - inserted);
      const batch: Promise<unknown>[] = [];
      let bestSum = 0;
      let passes = 0;
      for (let j = 0; j < n; j++) {
        const rosterId = `${unit.classId}-x${synthetic + j}`;
        const score = 40 + (((synthetic + j) * 7) % 61);
        const at = new Date(now.getTime() + j).toISOString();
        bestSum += score * 10;
        if (score >= 60) passes++;
        const attempt: AttemptDoc = {
          _id: `${quizId}:${rosterId}:1`,
          quizId,
          takerKey: rosterId,
          role: 'pupil',
          openid: `bq-x-${rosterId}`,
          rosterId,
          ...unit,
          n: 1,
          status: 'submitted',
          stage: 'senior',
          startedAt: at,
          deadline: at,
          items: [],
          answers: {},
          lastSaveAt: at,
          submittedAt: at,
          submittedBy: 'taker',
          score,
          correct: Math.round(score / 5),
        };
        const result: ResultDoc = {
          _id: resultId(quizId, 'pupil', rosterId),
          quizId,
          role: 'pupil',
          rosterId,
          ...unit,
          openids: [attempt.openid],
          maskedName: '林*学',
          attempts: 1,
          best: score,
          bestTenths: score * 10,
          bestAttemptId: attempt._id,
          bestItems: [],
          passed: score >= 60,
          fastCount: 0,
          firstAt: at,
          bestAt: at,
        };
        batch.push(store.insert(C.quizAttempts, attempt), store.insert(C.quizResults, result));
      }
      await Promise.all(batch);
      await bumpQuiz(
        store,
        quizId,
        unit,
        { [QM.takers]: n, [QM.best]: bestSum, [QM.passes]: passes, [QM.attempts]: n },
        unit.classId,
        now,
      );
      await bump(store, unit, 'roster', n, unit.classId, now);
      inserted += n;
      synthetic += n;
    }
    // The synthetic results skipped submit: build the top lists from them as submit would have kept them.
    await rebuildTops(store, quizId);
    await rollup(store, new Date(now.getTime() + 1000));
  };

  const tSmall = performance.now();
  await grow(quizId, SMALL);
  const smallBulkMs = performance.now() - tSmall;
  const attemptsSmall = await store.count(C.quizAttempts, { quizId });
  const touchedSmall = await touchedBy(() => readRanking(quizId));
  const touchedTopSmall = await touchedBy(() => readTop(quizId));
  await settle();
  const readsSmall = await load(READS, 1, async () => void (await readRanking(quizId)));
  const topSmall = await load(Math.min(READS, 50), 1, async () => void (await readTop(quizId)));

  const tBig = performance.now();
  await grow(bigQuizId, BIG);
  const bigBulkMs = performance.now() - tBig;
  const attemptsBig = await store.count(C.quizAttempts, { quizId: bigQuizId });
  const attemptsAll = await store.count(C.quizAttempts, {});
  const touchedBig = await touchedBy(() => readRanking(bigQuizId));
  const touchedTopBig = await touchedBy(() => readTop(bigQuizId));
  const bigBoard = await readRanking(bigQuizId);
  await settle();
  const readsBig = await load(READS, 1, async () => void (await readRanking(bigQuizId)));
  const topBig = await load(Math.min(READS, 50), 1, async () => void (await readTop(bigQuizId)));
  // Side by side: alternate the two quizzes' reads so both see the same load, heap and collector.
  await settle();
  const pair = { small: [] as number[], big: [] as number[] };
  for (let i = 0; i < READS; i++) {
    for (const which of i % 2 ? (['big', 'small'] as const) : (['small', 'big'] as const)) {
      const t = performance.now();
      await readRanking(which === 'small' ? quizId : bigQuizId);
      pair[which].push(performance.now() - t);
    }
  }
  pair.small.sort((a, b) => a - b);
  pair.big.sort((a, b) => a - b);
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const bigExact = bigBoard.figures.takers === attemptsBig;

  await app.close();
  await store.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });

  const f = (n: number, d = 1) => n.toFixed(d);
  const rows: [string, string][] = [
    [
      'setup',
      `${pupils.length} pupils in ${SCHOOLS} schools × ${CLASSES_PER_SCHOOL} classes, seeded in ${f(seedMs / 1000)} s`,
    ],
    ['dev login (64 clients)', `${f(logins.rps, 0)} req/s, p50 ${f(logins.p50)} ms, p99 ${f(logins.p99)} ms`],
    [
      `take: ${pupils.length} pupils × (start + ${QUESTIONS} saves + submit)`,
      `${requests} requests in ${f(take.wall / 1000)} s = ${f(quizRps, 0)} req/s; ${f((pupils.length / take.wall) * 1000, 1)} pupils/s`,
    ],
    [
      'quiz request latency',
      `p50 ${f(pct(perRequest, 50))} ms, p99 ${f(pct(perRequest, 99))} ms (each request)`,
    ],
    ['pupil session latency', `p50 ${f(take.p50)} ms, p99 ${f(take.p99)} ms (22 requests in a row)`],
    ['no-op route GET /healthz', `${f(noop.rps, 0)} req/s, p50 ${f(noop.p50)} ms, p99 ${f(noop.p99)} ms`],
    ['quiz ÷ no-op throughput', `${f(quizRps / noop.rps, 3)}`],
    [
      'scores vs offline recomputation',
      `${agree}/${pupils.length} submit answers and ${storedAgree}/${pupils.length} stored scores equal: ${scoresExact}`,
    ],
    [
      'bulk insert (store, not HTTP)',
      `to ${attemptsSmall} attempts in ${f(smallBulkMs / 1000)} s; to ${attemptsBig} in ${f(bigBulkMs / 1000)} s`,
    ],
    [
      `ranking read, quiz of ${attemptsSmall} attempts`,
      `p50 ${f(readsSmall.p50, 2)} ms, p99 ${f(readsSmall.p99, 2)} ms (${READS} sequential reads of ${SCHOOLS} rows, after GC)`,
    ],
    [
      `ranking read, quiz of ${attemptsBig} attempts`,
      `p50 ${f(readsBig.p50, 2)} ms, p99 ${f(readsBig.p99, 2)} ms (store now holds ${attemptsAll}); takers exact: ${bigExact}`,
    ],
    [
      'side by side (alternating reads)',
      `${attemptsSmall}: p50 ${f(pct(pair.small, 50), 2)} ms, p99 ${f(pct(pair.small, 99), 2)} ms; ` +
        `${attemptsBig}: p50 ${f(pct(pair.big, 50), 2)} ms, p99 ${f(pct(pair.big, 99), 2)} ms; ` +
        `ratio p50 ${f(pct(pair.big, 50) / pct(pair.small, 50), 2)}, p99 ${f(pct(pair.big, 99) / pct(pair.small, 99), 2)}`,
    ],
    [
      'ranking read ratio (big ÷ small, one after the other)',
      `p50 ${f(readsBig.p50 / readsSmall.p50, 2)}, p99 ${f(readsBig.p99 / readsSmall.p99, 2)} (aim ≤ 1.5)`,
    ],
    [
      'store work per ranking read',
      `${touchedSmall.calls} calls / ${touchedSmall.docs} docs @ ${attemptsSmall}; ${touchedBig.calls} calls / ${touchedBig.docs} docs @ ${attemptsBig}`,
    ],
    [
      'top list read (10 masked names)',
      `p50 ${f(topSmall.p50, 2)} ms @ ${attemptsSmall}, ${f(topBig.p50, 2)} ms @ ${attemptsBig}; ` +
        `${touchedTopSmall.calls} calls / ${touchedTopSmall.docs} docs vs ${touchedTopBig.calls} / ${touchedTopBig.docs} ` +
        '(the district’s top list: one document kept at write time)',
    ],
    ['heap after the big insert', `${f(heapMb, 0)} MB (the embedded store keeps every document in memory)`],
  ];
  printTable(
    `quiz bench — ${base} (loopback), ${CONCURRENCY} concurrent clients, NeDB persisted to a temp DATA_DIR`,
    rows,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
