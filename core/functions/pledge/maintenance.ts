import { C } from '../../collections';
import type { ClassDoc } from '../../model';
import type { Services } from '../../services';
import { recount, rollup, type RollupReport } from '../../stats';
import { findAll } from '../../store';
import { CAMPAIGN_TZ, dayjs } from '../../time';
import { classUnitOf } from './common';
import './metrics';

/** Beijing hour in which the scheduled function also recounts classes (quiet time: no school, few writes). */
export const RECOUNT_HOUR = 2;

/** Classes recounted per scheduled tick during the recount hour (60 ticks × 200 = 12,000 classes a night). */
export const RECOUNT_BATCH = 200;

const CURSOR_ID = 'pledge:recount-cursor';

/** What one scheduled tick did. */
export interface TickReport extends RollupReport {
  recounted: number;
}

/**
 * One run of the scheduled function (CloudBase timer, every minute): roll class counters up to
 * school, district and city totals; during RECOUNT_HOUR also rebuild the next RECOUNT_BATCH classes
 * from the source records (round robin by class id) so any drift is repaired every night.
 */
export async function scheduledTick(
  services: Services,
  now: Date,
  batch = RECOUNT_BATCH,
): Promise<TickReport> {
  if (dayjs(now).tz(CAMPAIGN_TZ).hour() !== RECOUNT_HOUR)
    return { ...(await rollup(services.store, now)), recounted: 0 };
  const cursor = await services.store.get<{ _id: string; after: string }>(C.meta, CURSOR_ID);
  const after = cursor?.after ?? '';
  const page = await services.store.find<ClassDoc>(
    C.classes,
    { _id: { $gt: after } },
    { sort: { _id: 1 }, limit: batch },
  );
  const next = page.length < batch ? '' : page[page.length - 1]._id;
  await services.store.upsert(C.meta, CURSOR_ID, { $set: { after: next } });
  const report = await recount(services.store, page.map(classUnitOf), now);
  return { ...report, recounted: page.length };
}

/** Recount every class (a full repair; O(classes × metrics) count queries). */
export async function recountAll(services: Services, now: Date): Promise<RollupReport> {
  const classes = await findAll<ClassDoc>(services.store, C.classes, {});
  return recount(services.store, classes.map(classUnitOf), now);
}
