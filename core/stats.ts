import { C } from './collections';
import { type Doc, type DocumentStore, type Filter, findAll } from './store';

/**
 * Participation counters, designed so that a write costs one small upsert and a dashboard read costs
 * O(rows shown), never O(events):
 * - every event (a pledge, a card, a share, a roster entry) bumps one sharded class counter
 *   `c:<classId>:<shard>` (shard from the actor's key, so no single document takes every write);
 * - `rollup` (a timer trigger on CloudBase, an interval locally) sums the shards into per-class
 *   `k:<classId>`, per-school `s:<schoolId>`, per-district `d:<districtId>` and the city `city` totals;
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

/** Result of one rollup: how many totals were read and how many changed. */
export interface RollupReport {
  shards: number;
  classes: number;
  schools: number;
  districts: number;
  written: number;
}

/**
 * Sum shard counters into class, school, district and city totals. Reads O(classes × SHARDS)
 * documents and writes only the totals that changed.
 */
export async function rollup(store: DocumentStore, now: Date): Promise<RollupReport> {
  const shardDocs = await findAll<CounterDoc>(store, C.counters, { level: 'shard' });
  const existing = new Map(
    (
      await findAll<CounterDoc>(store, C.counters, {
        level: { $in: ['class', 'school', 'district', 'city'] },
      })
    ).map((d) => [d._id, d]),
  );
  const totals = new Map<string, CounterDoc>();
  const at = now.toISOString();
  const total = (
    id: string,
    base: Pick<CounterDoc, 'level' | 'classId' | 'schoolId' | 'districtId'>,
  ): CounterDoc => {
    const found = totals.get(id);
    if (found) return found;
    const fresh: CounterDoc = { _id: id, ...base, m: {}, updatedAt: at };
    totals.set(id, fresh);
    return fresh;
  };
  for (const s of shardDocs) {
    const unit = { classId: s.classId!, schoolId: s.schoolId!, districtId: s.districtId! };
    add(total(`k:${unit.classId}`, { level: 'class', ...unit }).m, s.m);
    add(
      total(`s:${unit.schoolId}`, { level: 'school', schoolId: unit.schoolId, districtId: unit.districtId })
        .m,
      s.m,
    );
    add(total(`d:${unit.districtId}`, { level: 'district', districtId: unit.districtId }).m, s.m);
    add(total('city', { level: 'city' }).m, s.m);
  }
  let written = 0;
  for (const t of totals.values()) {
    const old = existing.get(t._id);
    if (old && same(old.m, t.m)) continue;
    const { _id, ...rest } = t;
    await store.upsert(C.counters, _id, { $set: rest });
    written++;
  }
  // Units whose shards vanished (e.g. a recount emptied them) drop to zero.
  for (const old of existing.values()) {
    if (!totals.has(old._id) && Object.values(old.m ?? {}).some((v) => v !== 0)) {
      await store.update(C.counters, old._id, { $set: { m: {}, updatedAt: at } });
      written++;
    }
  }
  const count = (level: CounterDoc['level']) => [...totals.values()].filter((t) => t.level === level).length;
  return {
    shards: shardDocs.length,
    classes: count('class'),
    schools: count('school'),
    districts: count('district'),
    written,
  };
}

/**
 * Rebuild class shards from the source collections (exact counts for every registered metric),
 * then roll up. Cost O(classes × metrics) count queries: a repair tool, run rarely.
 */
export async function recount(store: DocumentStore, classes: ClassUnit[], now: Date): Promise<RollupReport> {
  const at = now.toISOString();
  for (const unit of classes) {
    const m: Metrics = {};
    for (const [name, source] of sources) {
      const n = await store.count(source.collection, source.filter(unit.classId));
      m[name] = n;
    }
    await store.upsert(C.counters, `c:${unit.classId}:0`, {
      $set: { level: 'shard', ...unit, m, updatedAt: at },
    });
    for (let shard = 1; shard < SHARDS; shard++) await store.remove(C.counters, `c:${unit.classId}:${shard}`);
  }
  return rollup(store, now);
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
