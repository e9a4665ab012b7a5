import { C } from '../../collections';
import { bump, type ClassUnit, type Metrics, registerMetric } from '../../stats';
import { type Doc, type DocumentStore, DuplicateKeyError, findAll } from '../../store';
import type { AttemptDoc, QuizPupilDoc, ResultDoc } from './model';

/**
 * Quiz counters, two kinds.
 *
 * 1. Campaign-wide, in the shared counters (core/stats.ts): `quizTakers` (pupils who finished at least one
 *    quiz) and `quizPassed` (pupils who passed at least one), one sharded class bump per change, rolled up
 *    with every other activity and recounted from `quiz_pupils`. The participation overview's 答题 column
 *    reads these.
 *
 * 2. Per quiz, in `quiz_counters`: takers, passes and best-score sums (in tenths) of pupils, the same for
 *    families (parents' attempts count per child), and submitted attempts. A metric of the shared counters
 *    must be registered by a fixed name so `recount` can rebuild it, and quizzes are created at run time:
 *    their figures therefore live in their own collection with the same sharded design, rolled up at
 *    write time (each change bumps one shard of the class, its school, its district and the city), so a
 *    ranking reads O(units shown × shards) documents — never the attempts — and is exact at once.
 *    `recountQuiz` rebuilds a quiz's counters from its results (a repair tool).
 */

/** Core metric names (campaign-wide, per class). */
export const CORE_METRIC = { takers: 'quizTakers', passed: 'quizPassed' } as const;

registerMetric(CORE_METRIC.takers, { collection: C.quizPupils, filter: (classId) => ({ classId }) });
registerMetric(CORE_METRIC.passed, {
  collection: C.quizPupils,
  filter: (classId) => ({ classId, passed: true }),
});

/** Per-quiz metric names. */
export const QM = {
  takers: 'takers',
  passes: 'passes',
  best: 'bestTenths',
  families: 'families',
  familyPasses: 'familyPasses',
  familyBest: 'familyBestTenths',
  attempts: 'attempts',
  flagged: 'flagged',
} as const;

/** The levels a quiz's figures are kept at. */
export type QuizLevel = 'class' | 'school' | 'district' | 'city';

/*
 * The per-quiz collection also keeps each unit's top list (level 'top', see offerTop below), so the best
 * scorers of a school, a district or the city are one document to read.
 */

/** Shards per level: the city takes every write of the city, so it is spread the widest. */
export const QUIZ_SHARDS: Record<QuizLevel, number> = { class: 2, school: 4, district: 4, city: 8 };

/** A per-quiz counter shard. */
export interface QuizCounterDoc extends Doc {
  quizId: string;
  level: QuizLevel;
  /** `<quizId>:<level>:<unit id>`: one unit's shards. */
  uk: string;
  /** `<quizId>:<level>:<parent unit id>`: the shards of every unit under one parent (a ranking's rows). */
  pk: string;
  classId?: string;
  schoolId?: string;
  districtId?: string;
  m: Metrics;
  updatedAt: string;
}

function shardOf(key: string, n: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % n;
}

/** The unit id a counter document is about (its class, school, district, or 'city'). */
function unitIdOf(doc: Pick<QuizCounterDoc, 'level' | 'classId' | 'schoolId' | 'districtId'>): string {
  if (doc.level === 'class') return doc.classId!;
  if (doc.level === 'school') return doc.schoolId!;
  if (doc.level === 'district') return doc.districtId!;
  return 'city';
}

/** The unit key and parent key of a unit at `level` (the city's parent is '-', a district's is 'city'). */
function keysOf(quizId: string, level: QuizLevel, unit: Partial<ClassUnit>): { uk: string; pk: string } {
  const id =
    level === 'class'
      ? unit.classId
      : level === 'school'
        ? unit.schoolId
        : level === 'district'
          ? unit.districtId
          : 'city';
  const parent =
    level === 'class'
      ? unit.schoolId
      : level === 'school'
        ? unit.districtId
        : level === 'district'
          ? 'city'
          : '-';
  return { uk: `${quizId}:${level}:${id}`, pk: `${quizId}:${level}:${parent}` };
}

/** The four documents one change touches: a shard of the class, its school, its district and the city. */
function targets(quizId: string, unit: ClassUnit, key: string) {
  const at = (level: QuizLevel, id: string, fields: Partial<ClassUnit>) => ({
    _id: `${quizId}:${level[0]}:${id}:${shardOf(key, QUIZ_SHARDS[level])}`,
    base: { quizId, level, ...keysOf(quizId, level, unit), ...fields },
  });
  return [
    at('class', unit.classId, unit),
    at('school', unit.schoolId, { schoolId: unit.schoolId, districtId: unit.districtId }),
    at('district', unit.districtId, { districtId: unit.districtId }),
    at('city', 'city', {}),
  ];
}

/** Add `delta` to a quiz's figures of a class and every unit above it (four small upserts). */
export async function bumpQuiz(
  store: DocumentStore,
  quizId: string,
  unit: ClassUnit,
  delta: Metrics,
  key: string,
  now: Date,
): Promise<void> {
  const inc = Object.fromEntries(
    Object.entries(delta)
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => [`m.${k}`, v]),
  );
  if (Object.keys(inc).length === 0) return;
  await Promise.all(
    targets(quizId, unit, key).map((t) =>
      store.upsert(
        C.quizCounters,
        t._id,
        { $inc: inc, $set: { updatedAt: now.toISOString() } },
        { ...t.base, m: {} },
      ),
    ),
  );
}

/** Mark a pupil as having finished a quiz (and passed one), bumping the campaign-wide metrics once. */
export async function markPupil(
  store: DocumentStore,
  result: Pick<ResultDoc, 'rosterId' | 'classId' | 'schoolId' | 'districtId' | 'passed'>,
  now: Date,
): Promise<void> {
  const unit: ClassUnit = {
    classId: result.classId,
    schoolId: result.schoolId,
    districtId: result.districtId,
  };
  const doc: QuizPupilDoc = {
    _id: result.rosterId,
    rosterId: result.rosterId,
    ...unit,
    passed: result.passed,
    firstAt: now.toISOString(),
  };
  try {
    await store.insert(C.quizPupils, doc);
    await bump(store, unit, CORE_METRIC.takers, 1, result.rosterId, now);
    if (result.passed) await bump(store, unit, CORE_METRIC.passed, 1, result.rosterId, now);
    return;
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
  }
  if (!result.passed) return;
  const flipped = await store.updateMany(
    C.quizPupils,
    { _id: result.rosterId, passed: false },
    { $set: { passed: true } },
  );
  if (flipped === 1) await bump(store, unit, CORE_METRIC.passed, 1, result.rosterId, now);
}

/** Sum shard documents by unit id. */
function sumByUnit(docs: QuizCounterDoc[]): Map<string, Metrics> {
  const out = new Map<string, Metrics>();
  for (const d of docs) {
    const id = unitIdOf(d);
    const m = out.get(id) ?? {};
    for (const [k, v] of Object.entries(d.m ?? {})) m[k] = (m[k] ?? 0) + (v ?? 0);
    out.set(id, m);
  }
  return out;
}

/** Figures of every unit of `level` under `parent` (the classes of a school, the schools of a district…). */
export async function readQuizTotals(
  store: DocumentStore,
  quizId: string,
  level: Exclude<QuizLevel, 'city'>,
  parent: { schoolId?: string; districtId?: string } = {},
): Promise<Map<string, Metrics>> {
  const parentId = level === 'class' ? parent.schoolId : level === 'school' ? parent.districtId : 'city';
  const filter = parentId ? { pk: `${quizId}:${level}:${parentId}` } : { quizId, level };
  return sumByUnit(await findAll<QuizCounterDoc>(store, C.quizCounters, filter));
}

/** Figures of one unit ('city' for the city). */
export async function readQuizTotal(
  store: DocumentStore,
  quizId: string,
  level: QuizLevel,
  id: string,
): Promise<Metrics> {
  const docs = await store.find<QuizCounterDoc>(
    C.quizCounters,
    { uk: `${quizId}:${level}:${id}` },
    { limit: QUIZ_SHARDS[level] + 1 },
  );
  return sumByUnit(docs).get(id) ?? {};
}

/** The per-quiz change a result brings when it first counts. */
export function firstDelta(r: Pick<ResultDoc, 'role' | 'bestTenths' | 'passed'>): Metrics {
  return r.role === 'pupil'
    ? { [QM.takers]: 1, [QM.best]: r.bestTenths, [QM.passes]: r.passed ? 1 : 0 }
    : { [QM.families]: 1, [QM.familyBest]: r.bestTenths, [QM.familyPasses]: r.passed ? 1 : 0 };
}

/**
 * Rebuild a quiz's counters from its results and attempts (repairs drift; concurrent submissions during
 * the rebuild may need another run). Cost O(results + attempts) of the quiz: a repair tool, run rarely.
 */
export async function recountQuiz(
  store: DocumentStore,
  quizId: string,
  now: Date,
): Promise<{ results: number; classes: number }> {
  const results = await findAll<ResultDoc>(store, C.quizResults, { quizId });
  const perClass = new Map<string, { unit: ClassUnit; m: Metrics }>();
  const add = (unit: ClassUnit, delta: Metrics) => {
    const entry = perClass.get(unit.classId) ?? { unit, m: {} };
    for (const [k, v] of Object.entries(delta)) entry.m[k] = (entry.m[k] ?? 0) + v;
    perClass.set(unit.classId, entry);
  };
  for (const r of results) {
    const unit = { classId: r.classId, schoolId: r.schoolId, districtId: r.districtId };
    add(unit, { ...firstDelta(r), [QM.attempts]: r.attempts });
  }
  for (let after = ''; ;) {
    const page = await store.find<AttemptDoc>(
      C.quizAttempts,
      // Equality keys last-most-selective first: the local store uses the last indexed one (quizId).
      { status: 'submitted', quizId, _id: { $gt: after } },
      { sort: { _id: 1 }, limit: 1000 },
    );
    for (const a of page) {
      if ((a.fastCount ?? 0) > 0) {
        add({ classId: a.classId, schoolId: a.schoolId, districtId: a.districtId }, { [QM.flagged]: 1 });
      }
    }
    if (page.length < 1000) break;
    after = page[page.length - 1]._id;
  }
  await store.removeMany(C.quizCounters, { quizId, level: { $ne: 'top' } });
  const at = now.toISOString();
  const totals = new Map<string, QuizCounterDoc>();
  const total = (level: QuizLevel, id: string, fields: Partial<ClassUnit>) => {
    const _id = `${quizId}:${level[0]}:${id}:0`;
    const found = totals.get(_id);
    if (found) return found;
    const fresh: QuizCounterDoc = {
      _id,
      quizId,
      level,
      ...keysOf(quizId, level, fields),
      ...fields,
      m: {},
      updatedAt: at,
    };
    totals.set(_id, fresh);
    return fresh;
  };
  for (const { unit, m } of perClass.values()) {
    for (const doc of [
      total('class', unit.classId, unit),
      total('school', unit.schoolId, { schoolId: unit.schoolId, districtId: unit.districtId }),
      total('district', unit.districtId, { districtId: unit.districtId }),
      total('city', 'city', {}),
    ]) {
      for (const [k, v] of Object.entries(m)) doc.m[k] = (doc.m[k] ?? 0) + v;
    }
  }
  for (const doc of totals.values()) await store.insert(C.quizCounters, doc);
  await rebuildTops(store, quizId);
  return { results: results.length, classes: perClass.size };
}

/** How many best scorers a unit's top list keeps. */
export const TOP_SIZE = 10;

/** One entry of a top list: the result, its best (tenths), when it was reached, the masked name and school. */
export interface TopEntry {
  r: string;
  t: number;
  at: string;
  name: string;
  schoolId: string;
}

/** A unit's top list of one quiz (pupils, or families for a parents' quiz), kept at write time. */
export interface TopDoc extends Doc {
  quizId: string;
  level: 'top';
  role: ResultDoc['role'];
  unit: string;
  list: TopEntry[];
  v: number;
}

/** The unit keys a result's top lists live under. */
function topUnits(r: Pick<ResultDoc, 'schoolId' | 'districtId'>): string[] {
  return ['city', `d:${r.districtId}`, `s:${r.schoolId}`];
}

/** Top-list document id. */
export function topId(quizId: string, role: ResultDoc['role'], unit: string): string {
  return `${quizId}:top:${role}:${unit}`;
}

/** Best first; equal scores: who got there first; then by id (a total order). */
function byBest(a: TopEntry, b: TopEntry): number {
  return b.t - a.t || a.at.localeCompare(b.at) || a.r.localeCompare(b.r);
}

/** Put `entry` into `list` (replacing the same result's older entry), keep the best TOP_SIZE. */
function merged(list: TopEntry[], entry: TopEntry): TopEntry[] {
  return [...list.filter((e) => e.r !== entry.r), entry].sort(byBest).slice(0, TOP_SIZE);
}

/**
 * Offer a result's new best to the top lists of its school, district and the city: read the list (one
 * document) and, only when the result makes the list, a compare-and-set on the list's version (retried when
 * another submit changed it in between). Once a list is full few results qualify, so even the city's list is
 * rarely written; reading a top list is one document, whatever the number of attempts.
 */
export async function offerTop(
  store: DocumentStore,
  r: Pick<
    ResultDoc,
    '_id' | 'quizId' | 'role' | 'bestTenths' | 'bestAt' | 'maskedName' | 'schoolId' | 'districtId'
  >,
): Promise<void> {
  const entry: TopEntry = {
    r: r._id,
    t: r.bestTenths,
    at: r.bestAt,
    name: r.maskedName,
    schoolId: r.schoolId,
  };
  for (const unit of topUnits(r)) {
    const id = topId(r.quizId, r.role, unit);
    for (let tries = 0; tries < 30; tries++) {
      const doc = await store.get<TopDoc>(C.quizCounters, id);
      const list = doc?.list ?? [];
      const next = merged(list, entry);
      if (JSON.stringify(next) === JSON.stringify(list)) break;
      if (!doc) {
        try {
          await store.insert<TopDoc>(C.quizCounters, {
            _id: id,
            quizId: r.quizId,
            level: 'top',
            role: r.role,
            unit,
            list: next,
            v: 1,
          });
          break;
        } catch (err) {
          if (!(err instanceof DuplicateKeyError)) throw err;
          continue;
        }
      }
      const n = await store.updateMany(
        C.quizCounters,
        { _id: id, v: doc.v },
        { $set: { list: next, v: doc.v + 1 } },
      );
      if (n === 1) break;
    }
  }
}

/** A unit's top list ('city', 'd:<id>', 's:<id>'), best first. */
export async function readTop(
  store: DocumentStore,
  quizId: string,
  role: ResultDoc['role'],
  unit: string,
): Promise<TopEntry[]> {
  return (await store.get<TopDoc>(C.quizCounters, topId(quizId, role, unit)))?.list ?? [];
}

/** Rebuild every top list of a quiz from its results (recount, data deletion): O(results of the quiz). */
export async function rebuildTops(store: DocumentStore, quizId: string): Promise<void> {
  const results = await findAll<ResultDoc>(store, C.quizResults, { quizId });
  const lists = new Map<string, TopDoc>();
  for (const r of results) {
    const entry: TopEntry = {
      r: r._id,
      t: r.bestTenths,
      at: r.bestAt,
      name: r.maskedName,
      schoolId: r.schoolId,
    };
    for (const unit of topUnits(r)) {
      const id = topId(quizId, r.role, unit);
      const doc = lists.get(id) ?? {
        _id: id,
        quizId,
        level: 'top' as const,
        role: r.role,
        unit,
        list: [],
        v: 1,
      };
      doc.list.push(entry);
      lists.set(id, doc);
    }
  }
  await store.removeMany(C.quizCounters, { quizId, level: 'top' });
  for (const doc of lists.values()) {
    doc.list = doc.list.sort(byBest).slice(0, TOP_SIZE);
    await store.insert(C.quizCounters, doc);
  }
}
