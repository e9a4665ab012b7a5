import { C } from './collections';
import { randomId } from './codes';
import {
  type Doc,
  type DocumentStore,
  DuplicateKeyError,
  type Filter,
  findAll,
  MAX_FIND_LIMIT,
} from './store';

/**
 * Participation counters, designed so that a write costs one small upsert and a dashboard read costs
 * O(rows shown), never O(events):
 * - every event (a pledge, a card, a share, a roster entry) bumps one sharded class counter
 *   `c:<classId>:<shard>` (shard from the actor's key, so no single document takes every write);
 * - `rollup` (a timer trigger on CloudBase, an interval locally) finds the shards that changed since its
 *   last tick and recomputes only their classes `k:<classId>`, schools `s:<schoolId>`, districts
 *   `d:<districtId>` and the city `city` (each from its children, so totals are always exact);
 * - `recount` rebuilds the class shards from the source collections to repair drift, then rolls up.
 * After a rollup with no concurrent writes, every total is exact.
 */

/** How many shard documents one class's counters are spread over. */
export const SHARDS = 4;

/** Metric values by name, e.g. { roster: 42, pledgeOnline: 30 }. */
export type Metrics = Record<string, number>;

/** The organisational unit an event belongs to. */
export interface ClassUnit {
  classId: string;
  schoolId: string;
  districtId: string;
}

/** A counter document as stored. */
export interface CounterDoc extends Doc, Partial<ClassUnit> {
  level: 'shard' | 'class' | 'school' | 'district' | 'city';
  m: Metrics;
  updatedAt: string;
}

/** Where `recount` reads a metric's true value for one class. */
export interface MetricSource {
  collection: string;
  filter: (classId: string) => Filter;
}

const sources = new Map<string, MetricSource>();

/** Register how a metric is recounted from its source collection (features call this once at import). */
export function registerMetric(name: string, source: MetricSource): void {
  sources.set(name, source);
}

/** Metrics known to recount. */
export function registeredMetrics(): string[] {
  return [...sources.keys()];
}

/** Every roster entry counts toward its class's roster size (the denominator of every rate). */
registerMetric('roster', { collection: C.roster, filter: (classId) => ({ classId }) });
/** Roster entries a pupil claimed (pending or approved): the admin lists show it without reading rosters. */
registerMetric('claimed', {
  collection: C.roster,
  filter: (classId) => ({ classId, claimStatus: { $ne: 'unclaimed' } }),
});
/** Each class counts itself once, so a school's total says how many classes it has. */
registerMetric('classes', { collection: C.classes, filter: (classId) => ({ _id: classId }) });

/** Stable shard (0..SHARDS-1) for a key such as an openid. */
export function shardOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % SHARDS;
}

/** Add `by` to one metric of a class (one upsert). `key` spreads writes over shards. */
export async function bump(
  store: DocumentStore,
  unit: ClassUnit,
  metric: string,
  by: number,
  key: string,
  now: Date,
): Promise<void> {
  const shard = shardOf(key);
  await store.upsert(
    C.counters,
    `c:${unit.classId}:${shard}`,
    { $inc: { [`m.${metric}`]: by }, $set: { updatedAt: now.toISOString() } },
    { level: 'shard', classId: unit.classId, schoolId: unit.schoolId, districtId: unit.districtId, m: {} },
  );
}

function add(into: Metrics, from: Metrics): void {
  for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + (v ?? 0);
}

function same(a: Metrics, b: Metrics): boolean {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const k of keys) if ((a?.[k] ?? 0) !== (b?.[k] ?? 0)) return false;
  return true;
}

/** Result of one rollup: what was read and written. */
export interface RollupReport {
  /** Shard documents read (changed since the watermark, and the other shards of changed classes). */
  shards: number;
  classes: number;
  schools: number;
  districts: number;
  /** Total documents written. */
  written: number;
  /** False when another tick held the lease (nothing was done). */
  ran: boolean;
}

/** How far back each tick looks before its watermark (covers writes in flight and clock skew). */
export const ROLLUP_OVERLAP_MS = 120_000;
/** How long a tick may hold the lease (a CloudBase timer function runs at most 60 s). */
export const ROLLUP_LEASE_MS = 55_000;
/** Parallel writes of one tick (bounded so a tick never floods the database's QPS quota). */
export const ROLLUP_WRITE_CONCURRENCY = 8;

const WATERMARK_ID = 'rollup:watermark';
const LEASE_ID = 'rollup:lease';

/** Run `fn` over `items` with at most `limit` in flight. */
export async function inBatches<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

/** Sum metric maps. */
function sumOf(docs: { m?: Metrics }[]): Metrics {
  const out: Metrics = {};
  for (const d of docs) add(out, d.m ?? {});
  return out;
}

/** Every document matching `filter` with one of `ids` in `field`, reading in chunks of 100 ids, paged by _id. */
async function findByIds<T extends Doc>(
  store: DocumentStore,
  filter: Filter,
  field: string,
  ids: string[],
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    for (let after = ''; ;) {
      const page = await store.find<T>(
        C.counters,
        { ...filter, [field]: { $in: chunk }, _id: { $gt: after } },
        { sort: { _id: 1 }, limit: MAX_FIND_LIMIT },
      );
      out.push(...page);
      if (page.length < MAX_FIND_LIMIT) break;
      after = page[page.length - 1]._id;
    }
  }
  return out;
}

/**
 * Recompute the totals of the given classes from their shards, then of their schools from the schools'
 * class totals, their districts from the districts' school totals, and the city from the districts.
 * Each total is recomputed from its children (never incremented), so a tick that stops half-way or
 * runs twice leaves every total exact once it completes. Writes only totals whose figures changed.
 */
export async function rollupClasses(
  store: DocumentStore,
  classIds: string[],
  now: Date,
): Promise<Omit<RollupReport, 'ran'>> {
  const at = now.toISOString();
  let written = 0;
  const write = async (
    id: string,
    base: Omit<CounterDoc, '_id' | 'm' | 'updatedAt'>,
    m: Metrics,
    old?: CounterDoc,
  ) => {
    if (old && same(old.m, m)) return;
    await store.upsert(C.counters, id, { $set: { ...base, m, updatedAt: at } });
    written++;
  };
  const shards = await findByIds<CounterDoc>(store, { level: 'shard' }, 'classId', classIds);
  const byClass = new Map<string, CounterDoc[]>();
  for (const s of shards) byClass.set(s.classId!, [...(byClass.get(s.classId!) ?? []), s]);
  // Classes: sum of their shards.
  const classTotals = new Map(
    (await findByIds<CounterDoc>(store, { level: 'class' }, 'classId', classIds)).map((d) => [d.classId!, d]),
  );
  const schoolIds = new Set<string>();
  const units = new Map<string, ClassUnit>();
  for (const id of classIds) {
    const first = byClass.get(id)?.[0] ?? classTotals.get(id);
    if (!first) continue;
    const unit = { classId: id, schoolId: first.schoolId!, districtId: first.districtId! };
    units.set(id, unit);
    schoolIds.add(unit.schoolId);
  }
  await inBatches([...units.values()], ROLLUP_WRITE_CONCURRENCY, async (u) => {
    const m = sumOf(byClass.get(u.classId) ?? []);
    await write(`k:${u.classId}`, { level: 'class', ...u }, m, classTotals.get(u.classId));
  });
  // Schools: sum of all their class totals (the ones just written included).
  const schools = [...schoolIds];
  const classesOfSchools = await findByIds<CounterDoc>(store, { level: 'class' }, 'schoolId', schools);
  const schoolTotals = new Map(
    (await findByIds<CounterDoc>(store, { level: 'school' }, 'schoolId', schools)).map((d) => [
      d.schoolId!,
      d,
    ]),
  );
  const districtIds = new Set<string>();
  const schoolDistrict = new Map<string, string>();
  for (const c of classesOfSchools) {
    schoolDistrict.set(c.schoolId!, c.districtId!);
    districtIds.add(c.districtId!);
  }
  await inBatches(schools, ROLLUP_WRITE_CONCURRENCY, async (schoolId) => {
    const districtId = schoolDistrict.get(schoolId);
    if (!districtId) return;
    const m = sumOf(classesOfSchools.filter((c) => c.schoolId === schoolId));
    await write(`s:${schoolId}`, { level: 'school', schoolId, districtId }, m, schoolTotals.get(schoolId));
  });
  // Districts: sum of their school totals.
  const districts = [...districtIds];
  const schoolsOfDistricts = await findByIds<CounterDoc>(store, { level: 'school' }, 'districtId', districts);
  const districtTotals = new Map(
    (await findByIds<CounterDoc>(store, { level: 'district' }, 'districtId', districts)).map((d) => [
      d.districtId!,
      d,
    ]),
  );
  await inBatches(districts, ROLLUP_WRITE_CONCURRENCY, async (districtId) => {
    const m = sumOf(schoolsOfDistricts.filter((s) => s.districtId === districtId));
    await write(`d:${districtId}`, { level: 'district', districtId }, m, districtTotals.get(districtId));
  });
  // The city: sum of the district totals (a handful of documents).
  if (districts.length) {
    const allDistricts = await store.find<CounterDoc>(
      C.counters,
      { level: 'district' },
      { limit: MAX_FIND_LIMIT },
    );
    await write(
      'city',
      { level: 'city' },
      sumOf(allDistricts),
      (await store.get<CounterDoc>(C.counters, 'city')) ?? undefined,
    );
  }
  return {
    shards: shards.length,
    classes: units.size,
    schools: schools.length,
    districts: districts.length,
    written,
  };
}

/** Take the rollup lease unless another tick holds it; answers whether we hold it now. */
async function takeLease(store: DocumentStore, holder: string, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + ROLLUP_LEASE_MS).toISOString();
  try {
    await store.insert(C.meta, { _id: LEASE_ID, until, holder });
    return true;
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
  }
  const taken = await store.updateMany(
    C.meta,
    { _id: LEASE_ID, until: { $lt: now.toISOString() } },
    { $set: { until, holder } },
  );
  return taken === 1;
}

/**
 * One rollup tick: under a lease (two ticks never run at once), find the shards that changed since the
 * watermark (minus an overlap for writes in flight), paged by (updatedAt, _id) — never by skip — and
 * recompute their classes and every unit above them (rollupClasses). Cost is proportional to what
 * changed, not to the city. The watermark advances only after the tick completed.
 */
export async function rollup(store: DocumentStore, now: Date): Promise<RollupReport> {
  const holder = randomId();
  if (!(await takeLease(store, holder, now))) {
    return { shards: 0, classes: 0, schools: 0, districts: 0, written: 0, ran: false };
  }
  try {
    const mark = await store.get<{ _id: string; at: string }>(C.meta, WATERMARK_ID);
    const from = mark ? new Date(Date.parse(mark.at) - ROLLUP_OVERLAP_MS).toISOString() : '';
    const changed = new Set<string>();
    let cursor = { at: from, id: '' };
    for (;;) {
      const page = await store.find<CounterDoc>(
        C.counters,
        {
          level: 'shard',
          $or: [{ updatedAt: { $gt: cursor.at } }, { updatedAt: cursor.at, _id: { $gt: cursor.id } }],
        },
        { sort: { updatedAt: 1, _id: 1 }, limit: MAX_FIND_LIMIT },
      );
      for (const s of page) changed.add(s.classId!);
      if (page.length < MAX_FIND_LIMIT) break;
      const last = page[page.length - 1];
      cursor = { at: last.updatedAt, id: last._id };
    }
    const report = changed.size
      ? await rollupClasses(store, [...changed], now)
      : { shards: 0, classes: 0, schools: 0, districts: 0, written: 0 };
    await store.upsert(C.meta, WATERMARK_ID, { $set: { at: now.toISOString() } });
    return { ...report, ran: true };
  } finally {
    await store.updateMany(C.meta, { _id: LEASE_ID, holder }, { $set: { until: '' } });
  }
}

/**
 * Rebuild class shards from the source collections (exact counts for every registered metric), then
 * roll those classes up. O(classes × metrics) count queries, run with bounded concurrency: a repair
 * tool, run in small nightly batches.
 */
export async function recount(store: DocumentStore, classes: ClassUnit[], now: Date): Promise<RollupReport> {
  const at = now.toISOString();
  await inBatches(classes, ROLLUP_WRITE_CONCURRENCY, async (unit) => {
    const m: Metrics = {};
    for (const [name, source] of sources)
      m[name] = await store.count(source.collection, source.filter(unit.classId));
    await store.upsert(C.counters, `c:${unit.classId}:0`, {
      $set: { level: 'shard', ...unit, m, updatedAt: at },
    });
    // The other shards are folded into shard 0: one multi-remove.
    await store.removeMany(C.counters, {
      _id: { $in: Array.from({ length: SHARDS - 1 }, (_, i) => `c:${unit.classId}:${i + 1}`) },
    });
  });
  return {
    ...(await rollupClasses(
      store,
      classes.map((c) => c.classId),
      now,
    )),
    ran: true,
  };
}

/** Totals of the children of one unit: classes of a school, schools of a district, districts of the city. */
export async function readTotals(
  store: DocumentStore,
  level: 'class' | 'school' | 'district',
  parent: { schoolId?: string; districtId?: string } = {},
): Promise<CounterDoc[]> {
  const filter: Filter = { level };
  if (parent.schoolId) filter.schoolId = parent.schoolId;
  if (parent.districtId) filter.districtId = parent.districtId;
  return findAll<CounterDoc>(store, C.counters, filter);
}

/** One unit's own total ('city', 's:<id>', 'd:<id>', 'k:<id>'), zeros when none yet. */
export async function readTotal(store: DocumentStore, id: string): Promise<Metrics> {
  const doc = await store.get<CounterDoc>(C.counters, id);
  return doc?.m ?? {};
}

/** Share of `part` in `whole` as a percentage with one decimal (0 when whole is 0). */
export function rate(part: number, whole: number): number {
  if (!whole) return 0;
  return Math.round((part / whole) * 1000) / 10;
}
