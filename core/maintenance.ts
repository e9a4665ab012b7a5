import { AUDIT_RETENTION_DAYS } from './audit';
import { C } from './collections';
import type { ClassDoc } from './model';
import { sweepRateLimits } from './rateLimit';
import type { Services } from './services';
import { type ClassUnit, recount, rollup, type RollupReport } from './stats';
import { findAll } from './store';
import { hourIn } from './time';
import { sweepExports } from './exportFiles';
import { finalizeDue } from './functions/quiz/maintenance';
import { sweepUploads } from './uploads';
import './functions';

/**
 * The scheduled work (CloudBase timer every minute; locally an interval): roll up what changed, apply
 * the retention rules (expired upload tickets and their files, rate-limit windows, family codes,
 * reminders, audit entries, export files), close quiz attempts whose time ran out, and at night recount classes from the source records in batches so any
 * drift is repaired. Each part is bounded per tick, so a tick stays well inside the 60 s timeout
 * (`npm run bench:city` measures it). Importing core/functions registers every metric.
 */

/** Beijing hour in which the ticks also recount classes (quiet time: no school, few writes). */
export const RECOUNT_HOUR = 2;

/**
 * Classes recounted per tick during RECOUNT_HOUR: 60 ticks × 200 = 12,000 classes a night, enough for a
 * city of ~11,000 classes. One batch costs ~200 × (metrics + 4) store calls at 8 in flight (measured in
 * bench:city).
 */
export const RECOUNT_BATCH = 200;

/** Reminders are kept this long (they only prevent a second reminder the same day). */
export const REMINDER_RETENTION_DAYS = 30;

/** Most documents one tick removes per retention rule. */
export const SWEEP_BATCH = 200;

const CURSOR_ID = 'recount:cursor';

/** What one scheduled tick did. */
export interface TickReport extends RollupReport {
  recounted: number;
  swept: {
    uploads: number;
    exports: number;
    rateLimits: number;
    familyCodes: number;
    reminders: number;
    audit: number;
  };
  /** Quiz attempts whose time ran out and that nobody submitted, scored now. */
  quizAttemptsClosed: number;
}

/** The unit of a class. */
function unitOf(cls: ClassDoc): ClassUnit {
  return { classId: cls._id, schoolId: cls.schoolId, districtId: cls.districtId };
}

/** Remove up to SWEEP_BATCH documents of `collection` whose `field` is before `before`. */
async function sweepBefore(
  services: Services,
  collection: string,
  field: string,
  before: string,
): Promise<number> {
  const old = await services.store.find<{ _id: string }>(
    collection,
    { [field]: { $lt: before } },
    { sort: { [field]: 1 }, limit: SWEEP_BATCH },
  );
  if (!old.length) return 0;
  return services.store.removeMany(collection, { _id: { $in: old.map((d) => d._id) } });
}

/** The retention rules, one bounded batch each. */
async function sweep(services: Services, now: Date): Promise<TickReport['swept']> {
  const iso = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return {
    uploads: await sweepUploads(services, now, SWEEP_BATCH),
    exports: await sweepExports(services, now, SWEEP_BATCH),
    rateLimits: await sweepRateLimits(services, now, SWEEP_BATCH),
    familyCodes: await sweepBefore(services, C.familyCodes, 'expiresAt', now.toISOString()),
    reminders: await sweepBefore(services, C.reminders, 'at', iso(REMINDER_RETENTION_DAYS)),
    audit: await sweepBefore(services, C.audit, 'at', iso(AUDIT_RETENTION_DAYS)),
  };
}

/**
 * Recount the next batch of classes (round robin by class id). The cursor advances only after the
 * batch succeeded, so a timeout repeats the batch instead of skipping it.
 */
export async function recountBatch(services: Services, now: Date, batch = RECOUNT_BATCH): Promise<number> {
  const cursor = await services.store.get<{ _id: string; after: string }>(C.meta, CURSOR_ID);
  const after = cursor?.after ?? '';
  const page = await services.store.find<ClassDoc>(
    C.classes,
    { _id: { $gt: after } },
    { sort: { _id: 1 }, limit: batch },
  );
  await recount(services.store, page.map(unitOf), now);
  const next = page.length < batch ? '' : page[page.length - 1]._id;
  await services.store.upsert(C.meta, CURSOR_ID, { $set: { after: next } });
  return page.length;
}

/** One run of the scheduled function. */
export async function scheduledTick(
  services: Services,
  now: Date,
  batch = RECOUNT_BATCH,
): Promise<TickReport> {
  const report = await rollup(services.store, now);
  const swept = await sweep(services, now);
  const night = hourIn(now) === RECOUNT_HOUR;
  const quizAttemptsClosed = await finalizeDue(services, now, { batch: SWEEP_BATCH });
  const recounted = night ? await recountBatch(services, now, batch) : 0;
  return { ...report, recounted, swept, quizAttemptsClosed };
}

/** Recount every class (a full repair; O(classes × metrics) count queries). */
export async function recountAll(services: Services, now: Date): Promise<RollupReport> {
  const classes = await findAll<ClassDoc>(services.store, C.classes, {});
  return recount(services.store, classes.map(unitOf), now);
}
