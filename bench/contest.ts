/**
 * `npm run bench:contest` (= `npx tsx bench/contest.ts`): load test of the contest feature against the real
 * local server (Fastify + NeDB persisted to a temp DATA_DIR) over loopback. Prints a table; no pass/fail.
 *
 * 1. Seeds 200 schools in the seven demo districts × 4 classes × 25 senior pupils (20,000; over 14, so no
 *    consent step) straight into the store; the city admin creates a works call over HTTP.
 * 2. 20,000 pupils log in and each submits one entry, 64 concurrent clients: half essays (save + submit),
 *    half drawings with a picture of their own (prepareUpload + multipart upload + save + submit). Every
 *    submission runs the real checks: text moderation, picture dHash, MinHash, the near-duplicate lookup.
 *    Same server, same run: the no-op route GET /healthz.
 * 3. Near-duplicate check cost per submitted entry when the call holds 1,000 and 20,000 entries: 200
 *    probe entries (half pictures, half texts) through `checkDuplicates` in-process, their records removed
 *    afterwards; time and store calls per check.
 * 4. A gallery page (public, first page and a cursor page) at 1,000 and at 100,000 works in the gallery:
 *    the gallery index is grown straight in the store (as bench:pledge grows pledges), then 300
 *    sequential HTTP reads after GC; latency ratio and the store calls of one read at each size.
 * 5. Assigning 3 judges to 2,000 city-round entries (inserted in the store, advisors from their schools)
 *    with 30 judges (a third tied to a school, a third to a district): the assignJudges action's time,
 *    the max/min load, and every pair checked against the recusal rules.
 *
 * Env: BENCH_ENTRIES (20000), BENCH_GALLERY (100000), BENCH_CONCURRENCY (64), BENCH_READS (300).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { createNedbStore } from '../adapters/store/nedbStore';
import { C } from '../core/collections';
import { randomBytes } from 'node:crypto';
import { seedDemo } from '../core/demo/seed';
import { checkDuplicates, dropDuplicates } from '../core/functions/contest/duplicates';
import type { JudgingDoc } from '../core/functions/contest/judging';
import type { EntryDoc } from '../core/functions/contest/model';
import { BUCKET, type ShowcaseDoc } from '../core/functions/contest/showcase';
import type { ClassDoc, RosterDoc, SchoolDoc, UserDoc } from '../core/model';
import { countingStore } from '../core/storeTools';
import { buildServer } from '../server/app';
import { createLocalServices, LOCAL_INDEXES } from '../server/services';
import { load, localClient, pct, printTable, settle } from './lib';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 20_000);
const GALLERY = Number(process.env.BENCH_GALLERY ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const READS = Number(process.env.BENCH_READS ?? 300);
const SCHOOLS = 200;
const CLASSES_PER_SCHOOL = 4;
const PER_CLASS = Math.ceil(ENTRIES / (SCHOOLS * CLASSES_PER_SCHOOL));
const DISTRICTS = [
  'district-1',
  'district-2',
  'district-3',
  'district-4',
  'district-5',
  'district-6',
  'district-7',
];
const PROBES = 200;

const HAN = Array.from(
  '网络文明安全同学家长老师防控疫情学习守护清朗空间正能量分享责任信息上课作业健康阅读诚信友善交流手机游戏时间规则朋友思考表达春夏秋冬山河',
);
/** A random text of `n` characters (unrelated texts: a near-duplicate check that finds nothing). */
function randomText(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += HAN[bytes[i] % HAN.length] + (bytes[i] % 17 === 0 ? '，' : '');
  return `${out}。`;
}

/** A small picture of its own for entry `i` (random noise blocks: every picture hashes differently). */
function picture(i: number): Uint8Array {
  const w = 36;
  const h = 27;
  const img = new PNG({ width: w, height: h });
  const noise = randomBytes(12 * 9);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = noise[Math.floor(y / 3) * 12 + Math.floor(x / 3)];
      const k = (y * w + x) * 4;
      img.data[k] = v;
      img.data[k + 1] = (v + i) & 255;
      img.data[k + 2] = 255 - v;
      img.data[k + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(img, { colorType: 6, filterType: 0 }));
}

const randomHash = () => randomBytes(8).toString('hex');

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cgn-bench-contest-'));
  const base = createNedbStore(path.join(dataDir, 'db'), { compactionIntervalMs: 0 });
  // The indexes `npm start` declares (server/services.ts derives them from the collection registry).
  for (const [collection, field] of LOCAL_INDEXES) await base.ensureIndex(collection, field);
  const counting = countingStore(base);
  const services = createLocalServices({ dataDir, store: counting.store });
  const store = services.store;
  const now = services.now();
  const at = now.toISOString();
  const t0 = performance.now();
  await seedDemo(store, now);

  // 200 schools over the seven districts, 4 classes each, 25 senior pupils per class.
  const pupils: { openid: string; token?: string }[] = [];
  const jobs: Promise<unknown>[] = [];
  for (let s = 0; s < SCHOOLS; s++) {
    const schoolId = `bench-s${String(s).padStart(3, '0')}`;
    const districtId = DISTRICTS[s % DISTRICTS.length];
    jobs.push(
      store.insert<SchoolDoc>(C.schools, {
        _id: schoolId,
        districtId,
        name: `基准第${s + 1}学校`,
        createdAt: at,
      }),
    );
    for (let k = 0; k < CLASSES_PER_SCHOOL; k++) {
      const classId = `${schoolId}-c${k}`;
      jobs.push(
        store.insert<ClassDoc>(C.classes, {
          _id: classId,
          districtId,
          schoolId,
          stage: 'senior',
          grade: 2,
          classNo: k + 1,
          classCode: `BC${s}X${k}`,
          teacherIds: [],
          createdAt: at,
        }),
      );
      for (let n = 0; n < PER_CLASS && pupils.length < ENTRIES; n++) {
        const openid = `bench-u${String(pupils.length).padStart(6, '0')}`;
        const rosterId = `${classId}-r${n}`;
        jobs.push(
          store.insert<RosterDoc>(C.roster, {
            _id: rosterId,
            classId,
            schoolId,
            districtId,
            name: `林${HAN[pupils.length % HAN.length]}${HAN[Math.floor(pupils.length / HAN.length) % HAN.length]}`,
            claimStatus: 'approved',
            claimedBy: openid,
            claimedAt: at,
            createdAt: at,
          }),
          store.insert<UserDoc>(C.users, {
            _id: openid,
            roles: [{ role: 'student', districtId, schoolId, classId, rosterId }],
            createdAt: at,
            updatedAt: at,
          }),
        );
        pupils.push({ openid });
      }
    }
  }
  await Promise.all(jobs);
  const seedMs = performance.now() - t0;

  const app = await buildServer({ services, tokenSecret: 'bench-secret' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { post, login } = localClient(baseUrl);
  const contest = (action: string, body: Record<string, unknown>, token?: string) =>
    post('/api/functions/contest', { action, ...body }, token);

  const cityToken = await login('demo-city-admin');
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const callInput = (title: string) => ({
    kind: 'works',
    level: 'city',
    title,
    categories: [
      { key: 'essay', title: '征文', format: 'text', minChars: 100, maxChars: 3000 },
      { key: 'drawing', title: '绘画', format: 'images' },
    ],
    groups: [
      {
        key: 'senior',
        title: '高中组',
        who: 'student',
        classes: [{ stage: 'senior', minGrade: 1, maxGrade: 3 }],
      },
    ],
    opensOn: today,
    closesOn: today,
    maxCoAuthors: 0,
    maxPerAuthor: 1,
    quotas: { school: 5, district: 20, overrides: [] },
    rubric: {
      criteria: [
        {
          key: 'theme',
          title: '主题',
          weight: 50,
          bands: [
            { min: 0, max: 5, descriptor: '一般' },
            { min: 6, max: 10, descriptor: '好' },
          ],
        },
        {
          key: 'craft',
          title: '技法',
          weight: 50,
          bands: [
            { min: 0, max: 5, descriptor: '一般' },
            { min: 6, max: 10, descriptor: '好' },
          ],
        },
      ],
    },
    tiers: [
      { tier: 'first', share: 0.1 },
      { tier: 'second', share: 0.2 },
      { tier: 'third', share: 0.3 },
    ],
    judgesPerEntry: 3,
    organisationAwards: 10,
  });
  const callId = (await contest('createCall', callInput('基准作品征集'), cityToken)).callId as string;

  const logins = await load(pupils.length, CONCURRENCY, async (i) => {
    pupils[i].token = await login(pupils[i].openid);
  });

  // One submission: an essay (2 requests) or a drawing with its own picture (4 requests).
  let requests = 0;
  const submitOne = async (i: number) => {
    const token = pupils[i].token!;
    let entryId: string;
    if (i % 2 === 0) {
      entryId = (
        await contest(
          'save',
          {
            callId,
            draftKey: `bench-draft-${i}`,
            category: 'essay',
            group: 'senior',
            title: `征文${i}`,
            body: randomText(300),
          },
          token,
        )
      ).entryId as string;
      requests += 1;
    } else {
      const bytes = picture(i);
      const ticket = await post(
        '/api/functions/files',
        { action: 'prepareUpload', purpose: 'entryImage', contentType: 'image/png', size: bytes.byteLength },
        token,
      );
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(bytes)], { type: 'image/png' }), 'p.png');
      const res = await fetch(`${baseUrl}/api/files?ticket=${ticket.ticket as string}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const up = (await res.json()) as { ok: boolean; data: { fileId: string } };
      if (!up.ok) throw new Error(`upload failed: ${JSON.stringify(up)}`);
      entryId = (
        await contest(
          'save',
          {
            callId,
            draftKey: `bench-draft-${i}`,
            category: 'drawing',
            group: 'senior',
            title: `绘画${i}`,
            images: [up.data.fileId],
          },
          token,
        )
      ).entryId as string;
      requests += 3;
    }
    await contest('submit', { entryId, originality: true }, token);
    requests += 1;
  };

  // Near-duplicate probes: new entries (half pictures, half texts) checked against the call, then removed.
  const probe = async () => {
    const times: number[] = [];
    let calls = 0;
    let candidates = 0;
    for (let p = 0; p < PROBES; p++) {
      const entry = {
        _id: `probe-${randomHash()}`,
        callId,
        schoolId: 'bench-s000',
        schoolName: '基准第1学校',
        title: '探针',
        body: p % 2 ? randomText(300) : '',
        images: p % 2 ? [] : [{ fileId: 'local://probe.png', hash: randomHash() }],
        flags: [],
      } as unknown as EntryDoc;
      counting.reset();
      const t = performance.now();
      const report = await checkDuplicates(services, entry, new Date());
      times.push(performance.now() - t);
      calls += counting.counts.calls;
      candidates += report.candidates;
      await dropDuplicates(services, entry);
    }
    times.sort((a, b) => a - b);
    return {
      mean: times.reduce((a, b) => a + b, 0) / times.length,
      p50: pct(times, 50),
      p99: pct(times, 99),
      calls: calls / PROBES,
      candidates: candidates / PROBES,
    };
  };

  const firstBatch = Math.min(1000, pupils.length);
  const first = await load(firstBatch, CONCURRENCY, submitOne);
  const entriesAtSmall = await store.count(C.contestEntries, { callId, status: 'submitted' });
  const dupSmall = await probe();
  const rest = await load(pupils.length - firstBatch, CONCURRENCY, submitOne, firstBatch);
  const entriesAtBig = await store.count(C.contestEntries, { callId, status: 'submitted' });
  const dupBig = await probe();
  const all = [...first.latencies, ...rest.latencies].sort((a, b) => a - b);
  const submitWall = first.wall + rest.wall;
  const submitRps = (pupils.length / submitWall) * 1000;
  const requestRps = (requests / submitWall) * 1000;
  const noop = await load(pupils.length, CONCURRENCY, async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    await res.arrayBuffer();
  });

  // Gallery pages at 1,000 and GALLERY works: the index grown straight in the store.
  const galleryCall = (await contest('createCall', callInput('基准作品展'), cityToken)).callId as string;
  const scope = `c:${galleryCall}`;
  let galleryItems = 0;
  const grow = async (to: number) => {
    const batch: Promise<unknown>[] = [];
    for (; galleryItems < to;) {
      const seq = ++galleryItems;
      const doc: ShowcaseDoc = {
        _id: `${scope}~e${seq}`,
        scope,
        bucket: `${scope}#${Math.floor(seq / BUCKET)}`,
        seq,
        entryId: `e${seq}`,
        callId: galleryCall,
        category: seq % 2 ? 'drawing' : 'essay',
        group: 'senior',
        format: seq % 2 ? 'images' : 'text',
        title: `作品${seq}`,
        author: '林*明',
        schoolName: `基准第${(seq % SCHOOLS) + 1}学校`,
        tier: null,
        at,
      };
      batch.push(store.insert(C.contestShowcase, doc));
      if (batch.length >= 500) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    await store.upsert(C.contestCounts, `g:${scope}`, { $set: { n: galleryItems, kind: 'gallery' } });
  };
  // The city gallery of a call opens once its results are published.
  await store.update(C.contestCalls, galleryCall, {
    $set: { results: { state: 'published', publishedAt: at, by: 'bench', count: 0, corrections: 0 } },
  });
  const readGallery = async (cursor?: number) => {
    const g = (await contest('gallery', {
      callId: galleryCall,
      level: 'city',
      ...(cursor ? { cursor } : {}),
    })) as { items: unknown[]; next: number };
    if (g.items.length !== 20) throw new Error(`gallery page has ${g.items.length} items`);
    return g;
  };
  const measureGallery = async () => {
    counting.reset();
    const page = await readGallery();
    const firstCalls = counting.counts.calls;
    counting.reset();
    await readGallery(page.next);
    const nextCalls = counting.counts.calls;
    await settle();
    const reads = await load(READS, 1, async () => void (await readGallery()));
    const deep = await load(READS, 1, async () => void (await readGallery(Math.floor(galleryItems / 2))));
    return { firstCalls, nextCalls, reads, deep };
  };
  await grow(1000);
  const gSmall = await measureGallery();
  const tGrow = performance.now();
  await grow(GALLERY);
  const growMs = performance.now() - tGrow;
  const gBig = await measureGallery();

  // Judges: 2,000 city-round entries, 30 judges (10 tied to a school, 10 to a district, 10 free).
  const judgeCall = (await contest('createCall', callInput('基准市级评审'), cityToken)).callId as string;
  const judgeEntries: EntryDoc[] = [];
  const ins: Promise<unknown>[] = [];
  for (let i = 0; i < 2000; i++) {
    const s = i % SCHOOLS;
    const schoolId = `bench-s${String(s).padStart(3, '0')}`;
    const e = {
      _id: `judge-e${i}`,
      callId: judgeCall,
      callLevel: 'city',
      kind: 'works',
      category: i % 2 ? 'drawing' : 'essay',
      group: 'senior',
      format: i % 2 ? 'images' : 'text',
      title: `市级作品${i}`,
      body: '',
      images: [],
      authorType: 'student',
      authors: [{ name: '林*明', rosterId: `${schoolId}-c0-r${i % 25}` }],
      rosterIds: [`${schoolId}-c0-r${i % 25}`],
      lead: `${schoolId}-c0-r${i % 25}`,
      createdBy: `bench-u${i}`,
      draftKey: `j${i}`,
      advisor: { openid: `bench-judge-${i % 30}`, name: '某老师' },
      classId: `${schoolId}-c0`,
      schoolId,
      schoolName: `基准第${s + 1}学校`,
      districtId: DISTRICTS[s % DISTRICTS.length],
      districtName: '',
      status: 'district_recommended',
      decisions: {},
      flags: [],
      cleared: true,
      counted: false,
      recommended: false,
      awarded: false,
      shown: [],
      order: `${at}|judge-e${i}`,
      dkey: `${judgeCall}|${DISTRICTS[s % DISTRICTS.length]}`,
      ckey: `${judgeCall}|city`,
      createdAt: at,
      updatedAt: at,
    } as unknown as EntryDoc;
    judgeEntries.push(e);
    ins.push(store.insert(C.contestEntries, e));
  }
  const judges: { id: string; schoolId?: string; districtId?: string }[] = [];
  for (let j = 0; j < 30; j++) {
    const id = `bench-judge-${j}`;
    const scope =
      j < 10
        ? {
            schoolId: `bench-s${String(j * 7).padStart(3, '0')}`,
            districtId: DISTRICTS[(j * 7) % DISTRICTS.length],
          }
        : j < 20
          ? { districtId: DISTRICTS[j % DISTRICTS.length] }
          : {};
    judges.push({ id, ...scope });
    ins.push(
      store.insert<UserDoc>(C.users, {
        _id: id,
        roles: [{ role: 'judge', name: `评委${j + 1}`, ...scope }],
        createdAt: at,
        updatedAt: at,
      }),
    );
  }
  await Promise.all(ins);
  await contest('setJudges', { callId: judgeCall, judges: judges.map((j) => ({ openid: j.id })) }, cityToken);
  const tAssign = performance.now();
  const assigned = (await contest('assignJudges', { callId: judgeCall }, cityToken)) as {
    added: number;
    load: { load: number }[];
    shortfalls: number;
  };
  const assignMs = performance.now() - tAssign;
  const pairs: JudgingDoc[] = [];
  for (let after = ''; ;) {
    const page = await store.find<JudgingDoc>(
      C.contestJudging,
      { callId: judgeCall, _id: { $gt: after } },
      { sort: { _id: 1 }, limit: 1000 },
    );
    pairs.push(...page);
    if (page.length < 1000) break;
    after = page[page.length - 1]._id;
  }
  const byId = new Map(judgeEntries.map((e) => [e._id, e]));
  const judgeById = new Map(judges.map((j) => [j.id, j]));
  let violations = 0;
  const perEntry = new Map<string, number>();
  for (const p of pairs) {
    const e = byId.get(p.entryId)!;
    const j = judgeById.get(p.judgeId)!;
    if (e.advisor?.openid === j.id || e.schoolId === j.schoolId || e.districtId === j.districtId)
      violations++;
    perEntry.set(p.entryId, (perEntry.get(p.entryId) ?? 0) + 1);
  }
  const loads = assigned.load.map((l) => l.load);
  const short = judgeEntries.filter((e) => (perEntry.get(e._id) ?? 0) < 3).length;

  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  await app.close();
  await base.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });

  const f = (n: number, d = 1) => n.toFixed(d);
  const rows: [string, string][] = [
    [
      'setup',
      `${pupils.length} pupils in ${SCHOOLS} schools × ${CLASSES_PER_SCHOOL} classes, seeded in ${f(seedMs / 1000)} s`,
    ],
    ['dev login (64 clients)', `${f(logins.rps, 0)} req/s, p50 ${f(logins.p50)} ms, p99 ${f(logins.p99)} ms`],
    [
      `submit ${pupils.length} entries (½ essays, ½ drawings)`,
      `${f(submitRps, 0)} entries/s over ${f(submitWall / 1000)} s; ${requests} HTTP requests = ${f(requestRps, 0)} req/s`,
    ],
    [
      'submission latency (whole flow)',
      `p50 ${f(pct(all, 50))} ms, p99 ${f(pct(all, 99))} ms (essay 2 requests, drawing 4)`,
    ],
    ['no-op route GET /healthz', `${f(noop.rps, 0)} req/s, p50 ${f(noop.p50)} ms, p99 ${f(noop.p99)} ms`],
    [
      'submit ÷ no-op throughput',
      `entries ${f(submitRps / noop.rps, 3)}, requests ${f(requestRps / noop.rps, 3)}`,
    ],
    [
      `near-duplicate check @ ${entriesAtSmall} entries`,
      `mean ${f(dupSmall.mean, 2)} ms, p50 ${f(dupSmall.p50, 2)} ms, p99 ${f(dupSmall.p99, 2)} ms; ${f(dupSmall.calls, 1)} store calls, ${f(dupSmall.candidates, 2)} candidates per check`,
    ],
    [
      `near-duplicate check @ ${entriesAtBig} entries`,
      `mean ${f(dupBig.mean, 2)} ms, p50 ${f(dupBig.p50, 2)} ms, p99 ${f(dupBig.p99, 2)} ms; ${f(dupBig.calls, 1)} store calls, ${f(dupBig.candidates, 2)} candidates per check`,
    ],
    [
      'near-duplicate cost ratio (big ÷ small)',
      `mean ${f(dupBig.mean / dupSmall.mean, 2)}, p50 ${f(dupBig.p50 / dupSmall.p50, 2)}`,
    ],
    [
      'gallery page @ 1000 works',
      `first page p50 ${f(gSmall.reads.p50, 2)} ms, p99 ${f(gSmall.reads.p99, 2)} ms; mid cursor p50 ${f(gSmall.deep.p50, 2)} ms; store calls ${gSmall.firstCalls} (first) / ${gSmall.nextCalls} (cursor)`,
    ],
    ['grow the gallery index (store, not HTTP)', `${galleryItems - 1000} items in ${f(growMs / 1000)} s`],
    [
      `gallery page @ ${galleryItems} works`,
      `first page p50 ${f(gBig.reads.p50, 2)} ms, p99 ${f(gBig.reads.p99, 2)} ms; mid cursor p50 ${f(gBig.deep.p50, 2)} ms; store calls ${gBig.firstCalls} (first) / ${gBig.nextCalls} (cursor)`,
    ],
    [
      'gallery read ratio (big ÷ small)',
      `first page p50 ${f(gBig.reads.p50 / gSmall.reads.p50, 2)}, p99 ${f(gBig.reads.p99 / gSmall.reads.p99, 2)}; mid cursor p50 ${f(gBig.deep.p50 / gSmall.deep.p50, 2)} (aim ≤ 1.5)`,
    ],
    [
      'assign 3 judges: 2000 entries, 30 judges',
      `${f(assignMs)} ms (HTTP, incl. ${assigned.added} inserts); load max ${Math.max(...loads)} / min ${Math.min(...loads)}; recusal violations ${violations}; entries short of 3 judges ${short}`,
    ],
    ['heap at the end', `${f(heapMb, 0)} MB (the embedded store keeps every document in memory)`],
  ];
  printTable(
    `contest bench — ${baseUrl} (loopback), ${CONCURRENCY} concurrent clients, NeDB persisted to a temp DATA_DIR`,
    rows,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
