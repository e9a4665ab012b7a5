import type { QuizQuestion } from './types';

/** One question in a finished attempt, as stored by scoring (`pickedOriginal` in original option indexes). */
export interface AnalysisItem {
  questionId: string;
  correct: boolean;
  pickedOriginal: number[];
}

/** A finished attempt (the caller picks one per pupil, e.g. the best); `key` (e.g. attempt id) breaks score ties. */
export interface AnalysisAttempt {
  attemptScore: number;
  items: AnalysisItem[];
  key?: string;
}

/** Review flags for a bank owner: hints that a question may be miskeyed, giveaway, too hard or has a dead option. */
export type ItemFlag = 'negative_discrimination' | 'unused_distractor' | 'too_easy' | 'too_hard';

/** Item statistics for one question over the attempts that included it. */
export interface ItemStats {
  questionId: string;
  /** Attempts that included the question. */
  n: number;
  /** Share answered correctly; null when n = 0. */
  correctRate: number | null;
  /** p(upper 27%) − p(lower 27%) among the n attempts ranked by score; null below MIN_ATTEMPTS_FOR_DISCRIMINATION. */
  discrimination: number | null;
  /** Attempts in each 27% group (null with discrimination). */
  groupSize: number | null;
  /** How many attempts picked each original option. */
  optionPicks: number[];
  /** Wrong options nobody picked (only reported when n ≥ MIN_ATTEMPTS_FOR_FLAGS). */
  unusedDistractors: number[];
  flags: ItemFlag[];
}

/** Kelley's classic group fraction: the top and bottom 27% of attempts by score. */
export const KELLEY_FRACTION = 0.27;

/** Discrimination needs groups of at least 3 attempts to mean anything: 27% of 10 rounds to 3. */
export const MIN_ATTEMPTS_FOR_DISCRIMINATION = 10;

/** Rate and distractor flags need enough attempts that one pupil does not decide them. */
export const MIN_ATTEMPTS_FOR_FLAGS = 20;

/** A correct rate above this marks a question as a giveaway. */
export const TOO_EASY_RATE = 0.95;

/** A correct rate below this marks a question as too hard (or miskeyed) — near or below guessing. */
export const TOO_HARD_RATE = 0.2;

/** Attempt positions in rank order: score descending, then `key` ascending, then input position (a total order). */
function rankOrder(attempts: readonly AnalysisAttempt[]): number[] {
  const score = (a: AnalysisAttempt) => (Number.isFinite(a.attemptScore) ? a.attemptScore : -Infinity);
  return attempts
    .map((_, i) => i)
    .sort((i, j) => {
      const a = attempts[i];
      const b = attempts[j];
      if (score(a) !== score(b)) return score(b) - score(a);
      const ka = a.key ?? '';
      const kb = b.key ?? '';
      if (ka !== kb) return ka < kb ? -1 : 1;
      return i - j;
    });
}

/** Item statistics (rate, Kelley 27% discrimination, option picks, flags) per question of `questions`, for bank owners. */
export function analyzeItems(
  attempts: readonly AnalysisAttempt[],
  questions: readonly Pick<QuizQuestion, 'id' | 'options' | 'answer'>[],
): ItemStats[] {
  // Each question is judged on the attempts that included it (draws differ per attempt), ranked once by score then
  // key; only its first appearance in an attempt counts; items of questions not listed are ignored. Results are
  // unrounded. One sort, then O(attempts × items).
  const indexOf = new Map<string, number>();
  questions.forEach((q, i) => {
    if (!indexOf.has(q.id)) indexOf.set(q.id, i);
  });
  // Per question: correctness of its takers, in rank order (so the 27% groups are slices).
  const outcomes: boolean[][] = questions.map(() => []);
  const picks: number[][] = questions.map((q) => new Array<number>(q.options.length).fill(0));
  // Which ranked attempt last touched each question, to count it once per attempt without a set per attempt.
  const lastSeen = new Array<number>(questions.length).fill(-1);

  rankOrder(attempts).forEach((attemptIndex, rank) => {
    for (const item of attempts[attemptIndex].items) {
      const qi = indexOf.get(item.questionId);
      if (qi === undefined || lastSeen[qi] === rank) continue;
      lastSeen[qi] = rank;
      outcomes[qi].push(item.correct === true);
      const options = picks[qi];
      const counted = new Set<number>();
      for (const k of Array.isArray(item.pickedOriginal) ? item.pickedOriginal : []) {
        if (Number.isInteger(k) && k >= 0 && k < options.length && !counted.has(k)) {
          counted.add(k);
          options[k]++;
        }
      }
    }
  });

  return questions.map((q, qi): ItemStats => {
    const taken = outcomes[qi];
    const n = taken.length;
    const rate = (list: readonly boolean[]) => list.filter(Boolean).length / list.length;
    const correctRate = n > 0 ? rate(taken) : null;
    let discrimination: number | null = null;
    let groupSize: number | null = null;
    if (n >= MIN_ATTEMPTS_FOR_DISCRIMINATION) {
      groupSize = Math.round(KELLEY_FRACTION * n);
      discrimination = rate(taken.slice(0, groupSize)) - rate(taken.slice(n - groupSize));
    }
    const enough = n >= MIN_ATTEMPTS_FOR_FLAGS;
    const answer = new Set(q.answer);
    const unusedDistractors = enough
      ? picks[qi].flatMap((count, k) => (count === 0 && !answer.has(k) ? [k] : []))
      : [];
    const flags: ItemFlag[] = [];
    if (discrimination !== null && discrimination < 0) flags.push('negative_discrimination');
    if (unusedDistractors.length > 0) flags.push('unused_distractor');
    if (enough && (correctRate as number) > TOO_EASY_RATE) flags.push('too_easy');
    if (enough && (correctRate as number) < TOO_HARD_RATE) flags.push('too_hard');
    return {
      questionId: q.id,
      n,
      correctRate,
      discrimination,
      groupSize,
      optionPicks: picks[qi],
      unusedDistractors,
      flags,
    };
  });
}
