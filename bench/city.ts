/**
 * `npm run bench:city` (= `npx tsx bench/city.ts`): the production path at city scale, without a cloud
 * account. The real handlers run on the CloudBase store driver through the real `@cloudbase/node-sdk`,
 * whose request class is the in-memory fake (adapters/store/fakeCloudbase.ts) answering every request
 * after a fixed latency (BENCH_LATENCY_MS, default 15 ms: a CloudBase database round trip from a
 * function). Every figure counts store calls and documents read; "simulated time" is wall time with that
 * latency, so it shows what serial calls would cost in a 60 s function.
 *
 * City: 11,000 classes (BENCH_CLASSES) in 220 schools in 7 districts, rolled up once. Measured:
 * 1. one rollup tick with 1 % and with 10 % of the classes changed since the last tick;
 * 2. one nightly repair batch (RECOUNT_BATCH classes recounted from their source records);
 * 3. a school overview, a class overview and a pledge sign of the demo school (calls and documents).
 */
import tcb from '@cloudbase/node-sdk';
import { createCloudbaseServices } from '../adapters/cloudbase';
import { createCloudbaseStore } from '../adapters/store/cloudbaseStore';
import { createFakeCloudbase } from '../adapters/store/fakeCloudbase';
import { C } from '../core/collections';
import { DEMO_USERS, seedDemo } from '../core/demo/seed';
import { FUNCTIONS } from '../core/functions';
import { RECOUNT_BATCH, recountAll, recountBatch } from '../core/maintenance';
import type { ClassDoc, RosterDoc } from '../core/model';
import { dispatch, type ActionMap } from '../core/router';
import type { Services } from '../core/services';
import { bump, rollup, SHARDS } from '../core/stats';
import { countingStore, type StoreCounts } from '../core/storeTools';

const CLASSES = Number(process.env.BENCH_CLASSES ?? 11_000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 15);
const DISTRICTS = 7;
const SCHOOLS = Math.max(1, Math.round(CLASSES / 50));
const PUPILS = 45;
const START = new Date('2026-06-15T02:00:00Z');

/** Seed the counters of a city straight into the fake's collections (no latency, no requests). */
function seedCity(
  collections: Map<string, Map<string, Record<string, unknown> & { _id: string }>>,
  at: string,
) {
  const coll = (name: string) => {
    let c = collections.get(name);
    if (!c) collections.set(name, (c = new Map()));
    return c;
  };
  const counters = coll(C.counters);
  const classes = coll(C.classes);
  for (let d = 0; d < DISTRICTS; d++) {
    coll(C.districts).set(`bench-d${d}`, { _id: `bench-d${d}`, name: `测试县区${d + 1}`, createdAt: at });
  }
  for (let s = 0; s < SCHOOLS; s++) {
    coll(C.schools).set(`bench-s${s}`, {
      _id: `bench-s${s}`,
      districtId: `bench-d${s % DISTRICTS}`,
      name: `测试学校${s + 1}`,
      createdAt: at,
    });
  }
  const units: { classId: string; schoolId: string; districtId: string }[] = [];
  for (let k = 0; k < CLASSES; k++) {
    const schoolId = `bench-s${k % SCHOOLS}`;
    const districtId = `bench-d${(k % SCHOOLS) % DISTRICTS}`;
    const classId = `bench-k${String(k).padStart(5, '0')}`;
    units.push({ classId, schoolId, districtId });
    classes.set(classId, {
      _id: classId,
      districtId,
      schoolId,
      stage: 'primary',
      grade: 1 + (k % 6),
      classNo: 1 + Math.floor(k / SCHOOLS),
      classCode: `B${k}`,
      teacherIds: [],
      createdAt: at,
    });
    for (let s = 0; s < SHARDS; s++) {
      counters.set(`c:${classId}:${s}`, {
        _id: `c:${classId}:${s}`,
        level: 'shard',
        classId,
        schoolId,
        districtId,
        m: { roster: s === 0 ? PUPILS : 0, pledgeOnline: (k * 7 + s) % 12, cardFamilies: s % 3 },
        updatedAt: at,
      });
    }
  }
  // The rolled-up totals of a settled city (what the first ticks would have written).
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  const totals = new Map<string, Record<string, unknown> & { _id: string; m: Record<string, number> }>();
  const total = (id: string, base: Record<string, unknown>) => {
    let t = totals.get(id);
    if (!t) totals.set(id, (t = { _id: id, ...base, m: {}, updatedAt: at }));
    return t;
  };
  for (const u of units) {
    for (let s = 0; s < SHARDS; s++) {
      const m = (counters.get(`c:${u.classId}:${s}`) as unknown as { m: Record<string, number> }).m;
      add(total(`k:${u.classId}`, { level: 'class', ...u }).m, m);
      add(total(`s:${u.schoolId}`, { level: 'school', schoolId: u.schoolId, districtId: u.districtId }).m, m);
      add(total(`d:${u.districtId}`, { level: 'district', districtId: u.districtId }).m, m);
      add(total('city', { level: 'city' }).m, m);
    }
  }
  for (const t of totals.values()) counters.set(t._id, t);
  return units;
}

/** Time one async step; answers its result, wall ms and what the store saw. */
async function measure<T>(
  counting: ReturnType<typeof countingStore>,
  fn: () => Promise<T>,
): Promise<{ result: T; ms: number; counts: StoreCounts }> {
  counting.reset();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  return { result, ms, counts: { ...counting.counts, byMethod: { ...counting.counts.byMethod } } };
}

/**
 * One line: store calls, documents read, the wall time here (latency plus the fake's own in-memory
 * scans on this machine), and the upper bound of the latency if every call ran one after another.
 */
function row(label: string, m: { ms: number; counts: StoreCounts }, extra = ''): void {
  const serial = (m.counts.calls * LATENCY) / 1000;
  console.log(
    `${label.padEnd(44)} ${String(m.counts.calls).padStart(6)} calls ${String(m.counts.docsRead).padStart(7)} docs ${(m.ms / 1000).toFixed(2).padStart(7)} s ${serial.toFixed(1).padStart(6)} s${extra ? `  ${extra}` : ''}`,
  );
}

async function main() {
  const saved = process.env.TENCENTCLOUD;
  process.env.TENCENTCLOUD = 'true';
  const app = tcb.init({ env: 'bench-env', secretId: 'x', secretKey: 'y' });
  if (saved === undefined) delete process.env.TENCENTCLOUD;
  const fake = createFakeCloudbase({ latencyMs: 0 });
  fake.setRecording(false);
  let now = START;
  const base = createCloudbaseServices(app, {}, { db: fake.db, now: () => now });
  const counting = countingStore(createCloudbaseStore(fake.db));
  const services: Services = { ...base, store: counting.store };

  console.log(
    `bench:city — ${CLASSES} classes, ${SCHOOLS} schools, ${DISTRICTS} districts; ${LATENCY} ms per store call\n`,
  );
  const t0 = performance.now();
  await seedDemo(services.store, now);
  await recountAll(services, now); // the demo city's counters (small), then the big city's settled totals
  const units = seedCity(fake.collections as never, now.toISOString());
  // Steady state: ticks run every minute, so the last one happened shortly before the measured one.
  now = new Date(now.getTime() + 3 * 60_000);
  await rollup(services.store, now);
  console.log(`setup (no latency): ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  fake.setLatency(LATENCY);

  console.log(
    `${'step'.padEnd(44)} ${'calls'.padStart(12)} ${'docs'.padStart(12)} ${'wall'.padStart(9)} ${'serial'.padStart(8)}`,
  );
  for (const share of [0.01, 0.1]) {
    now = new Date(now.getTime() + 3 * 60_000);
    // Changed classes spread over the whole city (a fixed pseudo-random pick, so runs compare).
    const changed = units.filter((_, i) => ((i * 7919) % 1000) / 1000 < share);
    fake.setLatency(0);
    for (const u of changed) await bump(services.store, u, 'pledgeOnline', 1, `bench-${u.classId}`, now);
    fake.setLatency(LATENCY);
    now = new Date(now.getTime() + 60_000);
    const tick = await measure(counting, () => rollup(services.store, now));
    // The next tick (a minute later) still sees these changes once in its overlap window; let it run.
    now = new Date(now.getTime() + 3 * 60_000);
    fake.setLatency(0);
    await rollup(services.store, now);
    fake.setLatency(LATENCY);
    row(
      `rollup tick, ${share * 100}% changed (${changed.length} classes)`,
      tick,
      `written ${tick.result.written}`,
    );
  }

  // Nightly repair: source records for the batch's classes (rosters; the other sources are empty).
  fake.setLatency(0);
  const rosters = fake.collections.get(C.roster) ?? new Map();
  fake.collections.set(C.roster, rosters);
  const batchClasses = [...(fake.collections.get(C.classes)?.values() ?? [])]
    .map((c) => c as unknown as ClassDoc)
    .sort((a, b) => a._id.localeCompare(b._id))
    .slice(0, RECOUNT_BATCH);
  for (const c of batchClasses) {
    for (let p = 0; p < PUPILS; p++) {
      const doc: RosterDoc = {
        _id: `${c._id}-r${p}`,
        classId: c._id,
        schoolId: c.schoolId,
        districtId: c.districtId,
        name: '学生',
        claimStatus: 'unclaimed',
        createdAt: now.toISOString(),
      };
      rosters.set(doc._id, doc as never);
    }
  }
  fake.setLatency(LATENCY);
  const repair = await measure(counting, () => recountBatch(services, now, RECOUNT_BATCH));
  row(`nightly repair batch (${repair.result} classes)`, repair, `8 in flight`);

  // Page reads and a sign through the real dispatch (actions, permissions, request cache).
  const call = async (openid: string, fn: keyof typeof FUNCTIONS, action: string, input: object) => {
    const env = await dispatch(
      fn,
      FUNCTIONS[fn] as unknown as ActionMap,
      { openid, event: { action, ...input } },
      services,
    );
    if (!env.ok) throw new Error(`${fn}.${action}: ${env.error.message}`);
    return env.data as Record<string, unknown>;
  };
  const school = await measure(counting, () =>
    call(DEMO_USERS.schoolAdmin, 'overview', 'unitOverview', { level: 'school', id: 'school-lvyin' }),
  );
  row('school overview (one school, its classes)', school);
  const cls = await measure(counting, () =>
    call(DEMO_USERS.teacher, 'overview', 'classOverview', { classId: 'class-lvyin-3-2' }),
  );
  row('class overview (8 pupils × every activity)', cls);
  const district = await measure(counting, () =>
    call(DEMO_USERS.cityAdmin, 'overview', 'unitOverview', { level: 'district', id: 'bench-d1' }),
  );
  row(`district overview (${(district.result.rows as unknown[]).length} schools)`, district);
  const text = await call(DEMO_USERS.student, 'pledge', 'getText', {});
  const sign = await measure(counting, () =>
    call(DEMO_USERS.student, 'pledge', 'sign', {
      promise: true,
      textKey: (text.letter as { key: string }).key,
      signature: { method: 'typed', typedName: '王小雨' },
    }),
  );
  row('pledge sign (typed signature)', sign);
  console.log(
    '\nAll figures are store calls through the real SDK; times include the simulated latency only.',
  );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
