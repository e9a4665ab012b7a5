import type { CampaignDoc, DateRange, PhaseName } from './model';
import { addDays, dayIn, shortDate } from './time';

/** Phase names in the order the plan runs them. */
export const PHASES: PhaseName[] = ['launch', 'implementation', 'evaluation'];

/** Chinese labels of the plan's three stages. */
export const PHASE_LABEL: Record<PhaseName | 'before' | 'after', string> = {
  before: '尚未开始',
  launch: '活动启动阶段',
  implementation: '活动实施阶段',
  evaluation: '评估总结及成果展示阶段',
  after: '活动已结束',
};

/** Where "today" falls in a campaign: one of the phases, before them all, or after. */
export type PhaseState = PhaseName | 'before' | 'after';

/** The plan's default calendar for a year: May; June–October; November. */
export function defaultPhases(year: number): Record<PhaseName, DateRange> {
  return {
    launch: { start: `${year}-05-01`, end: `${year}-05-31` },
    implementation: { start: `${year}-06-01`, end: `${year}-10-31` },
    evaluation: { start: `${year}-11-01`, end: `${year}-11-30` },
  };
}

/** A calendar where `today` is inside the implementation phase (for the seeded demo campaign). */
export function demoPhases(today: string): Record<PhaseName, DateRange> {
  return {
    launch: { start: addDays(today, -40), end: addDays(today, -11) },
    implementation: { start: addDays(today, -10), end: addDays(today, 60) },
    evaluation: { start: addDays(today, 61), end: addDays(today, 90) },
  };
}

/** Check phases are well formed: each start ≤ end, and they run in order without overlap. */
export function phaseOrderProblem(phases: Record<PhaseName, DateRange>): string | null {
  for (const p of PHASES) {
    if (phases[p].start > phases[p].end) return `${PHASE_LABEL[p]}的开始日期晚于结束日期`;
  }
  for (let i = 1; i < PHASES.length; i++) {
    if (phases[PHASES[i]].start <= phases[PHASES[i - 1]].end) {
      return `${PHASE_LABEL[PHASES[i]]}必须在${PHASE_LABEL[PHASES[i - 1]]}结束之后开始`;
    }
  }
  return null;
}

/** The phase a campaign is in at `now` (Beijing day). Gaps between phases count as the earlier one's "after" → next "before"; we report the next phase's 'before' only at the very start. */
export function phaseAt(campaign: Pick<CampaignDoc, 'phases'>, now: Date): PhaseState {
  const today = dayIn(now);
  for (const p of PHASES) {
    const r = campaign.phases[p];
    if (today >= r.start && today <= r.end) return p;
  }
  if (today < campaign.phases.launch.start) return 'before';
  if (today > campaign.phases.evaluation.end) return 'after';
  // In a gap between two phases: treat as the phase that ended last (still closed for new phases).
  let last: PhaseState = 'before';
  for (const p of PHASES) if (today > campaign.phases[p].end) last = p;
  return last;
}

/** Format a phase range "6月1日–10月31日". */
export function rangeLabel(r: DateRange): string {
  return `${shortDate(r.start)}–${shortDate(r.end)}`;
}

/** The message shown when an action is called outside the phases it is open in. */
export function closedMessage(
  activity: string,
  open: PhaseName[],
  campaign: Pick<CampaignDoc, 'phases'>,
  state: PhaseState,
): string {
  const openText = open.map((p) => `${PHASE_LABEL[p]}（${rangeLabel(campaign.phases[p])}）`).join('、');
  const nowText =
    state === 'before' || state === 'after' ? PHASE_LABEL[state] : `当前是${PHASE_LABEL[state]}`;
  return `「${activity}」只在${openText}开放，${nowText}`;
}
