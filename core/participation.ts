import type { ClassDoc, PhaseName, RosterDoc } from './model';
import type { Services } from './services';
import type { Metrics } from './stats';

/**
 * The activities of the campaign as columns of one participation overview. A teacher checks a class in
 * one place (every pupil × every activity: pledge, family pledge, card, contest entries, quiz), and
 * schools, districts and the city see the same columns as rates per unit. Each feature registers its
 * column here at import; the overview actions (core/functions/overview) read whatever is registered,
 * so adding an activity never touches the overview code.
 */

/** One pupil's state in one activity. */
export interface PupilStatus {
  /** done: counts as taking part; partial: started (e.g. a draft, an attempt in progress); none: not yet; na: does not apply. */
  state: 'done' | 'partial' | 'none' | 'na';
  /** Short label for the cell (「已签」「纸质」「2 件」「86 分」…). */
  label: string;
}

/** One activity column of the overview. */
export interface ActivityColumn {
  /** Stable key, e.g. 'pledge', 'familyPledge', 'card', 'contest', 'quiz'. */
  key: string;
  /** Column title (2–4 characters, e.g. 「承诺」「家庭」「卡片」「作品」「答题」). */
  title: string;
  /** Position among the columns (lower first). */
  order: number;
  /**
   * Every pupil's state in one class, from the source records: must read O(class size) documents (a
   * query by classId), never the school or the city.
   */
  pupils(
    services: Services,
    cls: ClassDoc,
    roster: RosterDoc[],
    now: Date,
  ): Promise<Map<string, PupilStatus>>;
  /** Pupils of a unit who took part, from its rolled-up counter metrics (core/stats.ts). */
  done(m: Metrics): number;
  /** What a reminder to a pupil (and their parents) who has not taken part says. */
  reminder: { title: string; action: string };
  /** Phases in which reminders for this activity are sent (default: implementation). */
  remindIn?: PhaseName[];
}

const columns = new Map<string, ActivityColumn>();

/** Register an activity column (features call this once at import). */
export function registerActivityColumn(column: ActivityColumn): void {
  columns.set(column.key, column);
}

/** The registered columns in display order. */
export function activityColumns(): ActivityColumn[] {
  return [...columns.values()].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
}

/** One registered column by key, or undefined. */
export function activityColumn(key: string): ActivityColumn | undefined {
  return columns.get(key);
}

/** The meta record that marks one reminder per pupil, activity and day (written by overview.remind). */
export function reminderKey(activity: string, day: string, rosterId: string): string {
  return `remind:${activity}:${day}:${rosterId}`;
}
