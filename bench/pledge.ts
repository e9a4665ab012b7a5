/**
 * `npm run bench:pledge` (= `npx tsx bench/pledge.ts`): load test of the pledge feature against the real
 * local server (Fastify + NeDB persisted to a temp DATA_DIR) over loopback. Prints a table; no pass/fail.
 *
 * 1. Seeds one district of 200 schools × 4 classes × 25 claimed students (20,000) straight into the store.
 * 2. 20,000 distinct users log in (dev login) and sign once each, 64 concurrent clients; then 2,000 of
 *    them retry (must answer alreadySigned and count nothing). Same server, same run: a no-op route.
 * 3. District overview (overview.unitOverview) read latency at 10,000 pledges (after the first half) and at 500,000 pledges: the
 *    extra 480,000 pledges are inserted straight into the store (with their class counters bumped once per
 *    class, and roster counters raised to match), since that part only measures dashboard reads.
 * 4. Checks that the rolled-up counts equal the number of distinct signers.
 *
 * Env: BENCH_USERS (20000), BENCH_BIG (500000), BENCH_CONCURRENCY (64), BENCH_READS (300).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNedbStore } from '../adapters/store/nedbStore';
import { C } from '../core/collections';
import { seedDemo } from '../core/demo/seed';
import type { PledgeDoc } from '../core/functions/pledge/common';
import { bump, rollup } from '../core/stats';
import { countingStore } from '../core/storeTools';
import { yearIn } from '../core/time';
import { buildServer } from '../server/app';
import { createLocalServices } from '../server/services';
import {
  fixtureClassId,
  fixtureSchoolId,
  type FixtureDistrict,
  type SeededPupil,
  seedClaimedDistrict,
} from '../testing/fixtures';
import { load, localClient, printTable, settle } from './lib';

const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const BIG = Number(process.env.BENCH_BIG ?? 500_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const READS = Number(process.env.BENCH_READS ?? 300);
const SCHOOLS = 200;
const CLASSES_PER_SCHOOL = 4;
const DISTRICT = 'district-bench';
const DISTRICT_ADMIN = 'bench-district-admin';
/** 高中二年级 pupils (the fixture's default): 14 or older, so signing needs no guardian consent. */
const BENCH_DISTRICT: FixtureDistrict = {
  districtId: DISTRICT,
  adminOpenid: DISTRICT_ADMIN,
  prefix: 'bench',
  schools: SCHOOLS,
  classesPerSchool: CLASSES_PER_SCHOOL,
  pupils: USERS,
};
const ROLLUP_MS = 2000;

interface Student extends SeededPupil {
  token?: string;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cgn-bench-'));
  // Same store as the server's, persisted to DATA_DIR; the periodic file compaction is off so a compaction
  // of a 500,000-line file does not land inside a latency sample.
  const store = createNedbStore(path.join(dataDir, 'db'), { compactionIntervalMs: 0 });
  // Count what each overview read touches in the store: the design promise is O(rows shown).
  const counting = countingStore(store);
  const services = createLocalServices({ dataDir, store: counting.store });
  /**
   * Store calls and documents of one overview read, and only of it: the rollup interval is paused and
   * any tick in flight finished first, so its calls are not counted as the read's.
   */
  const touchedByOneRead = async () => {
    paused = true;
    while (rolling) await new Promise((r) => setTimeout(r, 20));
    counting.reset();
    await readDashboard();
    const own = { calls: counting.counts.calls, docs: counting.counts.docsRead };
    paused = false;
    return own;
  };
  const now = services.now();
  const t0 = performance.now();
  await seedDemo(services.store, now);
  const students: Student[] = await seedClaimedDistrict(services.store, BENCH_DISTRICT, now);
  const seedMs = performance.now() - t0;

  const app = await buildServer({ services, tokenSecret: 'bench-secret' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let rolling = false;
  let paused = false;
  const timer = setInterval(async () => {
    if (rolling || paused) return;
    rolling = true;
    await rollup(services.store, services.now()).catch((err) => console.error('rollup failed', err));
    rolling = false;
  }, ROLLUP_MS);
  /**
   * A complete rollup now: the interval is paused and a tick in flight finished first, since a second
   * rollup while one holds the lease does nothing (and the counts checked next would be a tick behind).
   */
  const rollupNow = async () => {
    paused = true;
    while (rolling) await new Promise((r) => setTimeout(r, 20));
    const report = await rollup(services.store, services.now());
    paused = false;
    if (!report.ran) throw new Error('rollup did not run: its lease is held');
  };

  const { post, login } = localClient(base);

  const logins = await load(students.length, CONCURRENCY, async (i) => {
    students[i].token = await login(students[i].openid);
  });
  const text = (await post('/api/functions/pledge', { action: 'getText' }, students[0].token)) as {
    letter: { key: string };
  };
  const textKey = text.letter.key;
  let already = 0;
  const sign = async (s: Student) => {
    const r = await post(
      '/api/functions/pledge',
      { action: 'sign', promise: true, textKey, signature: { method: 'typed', typedName: s.name } },
      s.token,
    );
    if (r.alreadySigned) already++;
  };

  const half = Math.floor(students.length / 2);
  const first = await load(half, CONCURRENCY, (i) => sign(students[i]));
  await rollupNow();
  const adminToken = await login(DISTRICT_ADMIN);
  const readDashboard = async () => {
    const d = (await post(
      '/api/functions/overview',
      { action: 'unitOverview', level: 'district', id: DISTRICT },
      adminToken,
    )) as {
      rows: unknown[];
      figures: { activities: { pledge: { done: number } } };
    };
    if (d.rows.length !== SCHOOLS) throw new Error(`dashboard shows ${d.rows.length} schools`);
    return d;
  };
  const touchedSmall = await touchedByOneRead();
  await settle();
  const readsSmall = await load(READS, 1, async () => void (await readDashboard()));
  const pledgesAtSmall = await services.store.count(C.pledges, {});

  const second = await load(students.length - half, CONCURRENCY, (i) => sign(students[half + i]));
  const signWall = first.wall + second.wall;
  const signRps = (students.length / signWall) * 1000;
  const retries = Math.min(2000, students.length);
  const retry = await load(retries, CONCURRENCY, (i) => sign(students[(i * 7919) % students.length]));
  const alreadyOk = already === retries;

  const noop = await load(students.length, CONCURRENCY, async () => {
    const res = await fetch(`${base}/healthz`);
    await res.arrayBuffer();
  });

  await rollupNow();
  const district =
    (await services.store.get<{ _id: string; m: Record<string, number> }>(C.counters, `d:${DISTRICT}`))?.m ??
    {};
  const stored = await services.store.count(C.pledges, { districtId: DISTRICT });
  const dash = await readDashboard();
  const countsExact =
    district.pledgeOnline === students.length &&
    stored === students.length &&
    dash.figures.activities.pledge.done === students.length;

  // Grow to BIG pledges straight in the store (this part measures dashboard reads only).
  const extra = Math.max(0, BIG - stored);
  const classes = SCHOOLS * CLASSES_PER_SCHOOL;
  const perClass = Math.ceil(extra / classes);
  const tBulk = performance.now();
  const year = yearIn(now);
  let inserted = 0;
  for (let c = 0; c < classes && inserted < extra; c++) {
    const schoolId = fixtureSchoolId(BENCH_DISTRICT, Math.floor(c / CLASSES_PER_SCHOOL));
    const classId = fixtureClassId(
      BENCH_DISTRICT,
      Math.floor(c / CLASSES_PER_SCHOOL),
      c % CLASSES_PER_SCHOOL,
    );
    const n = Math.min(perClass, extra - inserted);
    const batch: Promise<unknown>[] = [];
    for (let j = 0; j < n; j++) {
      const rosterId = `${classId}-x${j}`;
      const doc: PledgeDoc = {
        _id: `${year}:${rosterId}`,
        year,
        rosterId,
        classId,
        schoolId,
        districtId: DISTRICT,
        kind: j % 10 === 0 ? 'paper' : 'online',
        maskedName: '林*宁',
        schoolName: '基准学校',
        signedAt: new Date(now.getTime() + j).toISOString(),
        text: { scope: 'default', version: 1 },
      };
      batch.push(services.store.insert(C.pledges, doc));
    }
    await Promise.all(batch);
    const unit = { classId, schoolId, districtId: DISTRICT };
    const paper = Math.ceil(n / 10);
    await bump(services.store, unit, 'pledgeOnline', n - paper, classId, now);
    await bump(services.store, unit, 'pledgeOffline', paper, classId, now);
    await bump(services.store, unit, 'roster', n, classId, now);
    inserted += n;
  }
  const bulkMs = performance.now() - tBulk;
  await rollupNow();
  const pledgesAtBig = await services.store.count(C.pledges, {});
  const touchedBig = await touchedByOneRead();
  const bigDash = await readDashboard();
  await settle();
  const readsBig = await load(READS, 1, async () => void (await readDashboard()));
  const bigExact = bigDash.figures.activities.pledge.done === students.length + inserted;
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;

  clearInterval(timer);
  await app.close();
  await store.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });

  const f = (n: number, d = 1) => n.toFixed(d);
  const rows: [string, string][] = [
    [
      'setup',
      `${students.length} students in ${SCHOOLS} schools × ${CLASSES_PER_SCHOOL} classes, seeded in ${f(seedMs / 1000)} s`,
    ],
    ['dev login (64 clients)', `${f(logins.rps, 0)} req/s, p50 ${f(logins.p50)} ms, p99 ${f(logins.p99)} ms`],
    [`sign: ${students.length} distinct users`, `${f(signRps, 0)} pledges/s over ${f(signWall / 1000)} s`],
    ['sign latency (1st half)', `p50 ${f(first.p50)} ms, p99 ${f(first.p99)} ms`],
    ['sign latency (2nd half)', `p50 ${f(second.p50)} ms, p99 ${f(second.p99)} ms`],
    [
      `sign retried by ${retries} users`,
      `${f(retry.rps, 0)} req/s, p50 ${f(retry.p50)} ms; all answered alreadySigned: ${alreadyOk}`,
    ],
    ['no-op route GET /healthz', `${f(noop.rps, 0)} req/s, p50 ${f(noop.p50)} ms, p99 ${f(noop.p99)} ms`],
    ['sign ÷ no-op throughput', `${f(signRps / noop.rps, 3)}`],
    [
      'counts after rollup',
      `district ${district.pledgeOnline}, stored ${stored}, overview ${dash.figures.activities.pledge.done}; equal to signers (${students.length}): ${countsExact}`,
    ],
    [
      `overview read @ ${pledgesAtSmall} pledges`,
      `p50 ${f(readsSmall.p50, 2)} ms, p99 ${f(readsSmall.p99, 2)} ms (${READS} sequential reads of ${SCHOOLS} rows, after GC)`,
    ],
    ['bulk insert (store, not HTTP)', `${inserted} pledges in ${f(bulkMs / 1000)} s`],
    [
      `overview read @ ${pledgesAtBig} pledges`,
      `p50 ${f(readsBig.p50, 2)} ms, p99 ${f(readsBig.p99, 2)} ms; totals exact: ${bigExact}`,
    ],
    [
      'read ratio (big ÷ small)',
      `p50 ${f(readsBig.p50 / readsSmall.p50, 2)}, p99 ${f(readsBig.p99 / readsSmall.p99, 2)} (aim ≤ 1.5)`,
    ],
    [
      'store work per overview read',
      `${touchedSmall.calls} calls / ${touchedSmall.docs} docs @ ${pledgesAtSmall} pledges; ` +
        `${touchedBig.calls} calls / ${touchedBig.docs} docs @ ${pledgesAtBig} pledges`,
    ],
    ['heap after the big insert', `${f(heapMb, 0)} MB (the embedded store keeps every document in memory)`],
  ];
  printTable(
    `pledge bench — ${base} (loopback), ${CONCURRENCY} concurrent clients, NeDB persisted to a temp DATA_DIR`,
    rows,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
