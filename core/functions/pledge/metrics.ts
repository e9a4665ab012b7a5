import { C } from '../../collections';
import { type Metrics, rate, registerMetric } from '../../stats';

/** Counter metric names of the pledge feature (the roster size is the shared 'roster' metric). */
export const METRIC = {
  online: 'pledgeOnline',
  paper: 'pledgeOffline',
  family: 'familyPledge',
} as const;

registerMetric(METRIC.online, { collection: C.pledges, filter: (classId) => ({ classId, kind: 'online' }) });
registerMetric(METRIC.paper, { collection: C.pledges, filter: (classId) => ({ classId, kind: 'paper' }) });
registerMetric(METRIC.family, { collection: C.familyPledges, filter: (classId) => ({ classId }) });

/** The pledge figures of one unit, derived from its counters. */
export interface PledgeFigures {
  roster: number;
  online: number;
  paper: number;
  signed: number;
  family: number;
  /** signed ÷ roster, percent with one decimal. */
  rate: number;
  /** families signed ÷ roster, percent with one decimal. */
  familyRate: number;
}

/** Turn raw counter metrics into the figures every view shows. */
export function figuresOf(m: Metrics): PledgeFigures {
  const roster = m.roster ?? 0;
  const online = m[METRIC.online] ?? 0;
  const paper = m[METRIC.paper] ?? 0;
  const family = m[METRIC.family] ?? 0;
  const signed = online + paper;
  return {
    roster,
    online,
    paper,
    signed,
    family,
    rate: rate(signed, roster),
    familyRate: rate(family, roster),
  };
}
