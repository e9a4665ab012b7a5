import { isPermutation } from './draw';
import type { QuizQuestion } from './types';

/** The parts of a question scoring reads. */
export type Scorable = Pick<QuizQuestion, 'id' | 'type' | 'options' | 'answer'>;

/** How a submitted answer was read: a usable pick, nothing, or junk (which scores like nothing). */
export type AnswerStatus = 'answered' | 'unanswered' | 'malformed';

/** One question's outcome: `picked` is the pupil's choice in original option indexes, sorted ([] when none/junk). */
export interface QuestionResult {
  id: string;
  correct: boolean;
  picked: number[];
}

/** An attempt's result: `score` is 0–100 with one decimal, weighted when points are given. */
export interface AttemptScore {
  correct: number;
  total: number;
  score: number;
  perQuestion: QuestionResult[];
}

/** Shown positions → original option indexes via `order`; an invalid position becomes −1 (keeps arity, never matches), never throws. */
export function toOriginal(order: readonly number[], picked: readonly number[]): number[] {
  if (!Array.isArray(picked)) return [];
  return picked.map((p) => (Number.isInteger(p) && p >= 0 && p < order.length ? order[p] : -1));
}

/** True when `picked` (original indexes) is a possible answer to `q`: in range, no repeats, one pick unless multiple. */
function wellFormed(q: Scorable, picked: readonly unknown[]): picked is number[] {
  if (picked.length === 0 || (q.type !== 'multiple' && picked.length !== 1)) return false;
  const seen = new Set<number>();
  for (const k of picked) {
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= q.options.length || seen.has(k))
      return false;
    seen.add(k);
  }
  return true;
}

/** Whether original-index picks answer `q`: exactly the answer; multiple is all-or-nothing (exact set, any order, as in school exams). */
export function isCorrect(q: Scorable, pickedOriginal: readonly number[]): boolean {
  if (!Array.isArray(pickedOriginal) || !wellFormed(q, pickedOriginal)) return false;
  const answer = new Set(q.answer);
  return pickedOriginal.length === answer.size && pickedOriginal.every((k) => answer.has(k));
}

/** Fraction of a question's points earned by a wrong answer; 0 for now (all-or-nothing), the one place to change it. */
export function partialCredit(_q: Scorable, _pickedOriginal: readonly number[]): number {
  return 0;
}

/** A raw request answer (shown positions) as sorted original picks, or unanswered/malformed with no picks; never throws. */
export function readAnswer(
  q: Scorable,
  order: readonly number[],
  raw: unknown,
): { status: AnswerStatus; picked: number[] } {
  // null, undefined and [] are unanswered; not an array, a bad index, a repeat or two picks on a single-answer
  // question are malformed (and record no picks, so junk never reaches item analysis).
  if (raw === null || raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    return { status: 'unanswered', picked: [] };
  }
  if (!Array.isArray(raw)) return { status: 'malformed', picked: [] };
  const original = toOriginal(order, raw as number[]);
  if (!wellFormed(q, original)) return { status: 'malformed', picked: [] };
  return { status: 'answered', picked: original.slice().sort((a, b) => a - b) };
}

/** Score an attempt server-side: answers in shown positions, missing/malformed = wrong, score 0–100 to one decimal. */
export function scoreAttempt(
  questions: readonly Scorable[],
  orders: readonly (readonly number[])[],
  answers: readonly unknown[],
  pointsPerQuestion?: readonly number[],
): AttemptScore {
  // `answers[i]` answers `questions[i]` as shown through `orders[i]`. `pointsPerQuestion` are optional weights
  // (default 1 each); the score is the earned share of them, rounded half-up. Orders or weights that do not fit the
  // questions are a server bug and throw; nothing the pupil sends can make this throw.
  if (orders.length !== questions.length) {
    throw new Error(`scoreAttempt: ${questions.length} questions but ${orders.length} option orders`);
  }
  if (pointsPerQuestion !== undefined) {
    if (pointsPerQuestion.length !== questions.length) {
      throw new Error(
        `scoreAttempt: ${questions.length} questions but ${pointsPerQuestion.length} point values`,
      );
    }
    if (!pointsPerQuestion.every((p) => Number.isFinite(p) && p >= 0)) {
      throw new Error('scoreAttempt: points must be finite and not negative');
    }
  }
  const given: readonly unknown[] = Array.isArray(answers) ? answers : [];
  let correct = 0;
  let earned = 0;
  let max = 0;
  const perQuestion = questions.map((q, i): QuestionResult => {
    if (!isPermutation(orders[i], q.options.length)) {
      throw new Error(`scoreAttempt: stored order for question ${q.id} is not a permutation of its options`);
    }
    const weight = pointsPerQuestion?.[i] ?? 1;
    const { status, picked } = readAnswer(q, orders[i], given[i]);
    const ok = status === 'answered' && isCorrect(q, picked);
    max += weight;
    if (ok) {
      correct++;
      earned += weight;
    } else if (status === 'answered') {
      earned += weight * partialCredit(q, picked);
    }
    return { id: q.id, correct: ok, picked };
  });
  const score = max > 0 ? Math.round((1000 * earned) / max) / 10 : 0;
  return { correct, total: questions.length, score, perQuestion };
}
