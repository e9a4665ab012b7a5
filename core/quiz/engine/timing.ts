import type { QuizQuestion } from './types';

/** Late answers still accepted this long after the deadline: covers network latency between tap and server. */
export const DEFAULT_GRACE_MS = 5000;

/** Too-fast reading speed, chars/s: about twice a fluent adult's 5–8 Chinese chars/s (pupils are slower), so faster is not reading. */
export const READING_CHARS_PER_SECOND = 15;

/** No answer is plausible before this, however short the question (see, decide, tap). */
export const MIN_READING_MS = 1500;

const msOf = (t: Date | number): number => (typeof t === 'number' ? t : t.getTime());

/** When an attempt started at `startedAt` with a limit of `limitSeconds` ends (epoch ms); null for an untimed quiz. */
export function deadlineOf(startedAt: Date | number, limitSeconds: number | null): number | null {
  if (limitSeconds === null) return null;
  if (!Number.isFinite(limitSeconds) || limitSeconds <= 0) {
    throw new RangeError(`limitSeconds must be a positive number, got ${limitSeconds}`);
  }
  return msOf(startedAt) + limitSeconds * 1000;
}

/** Whether an answer arriving at `now` counts: up to and including `deadline + graceMs`; always for untimed quizzes. */
export function acceptsAnswerAt(
  now: Date | number,
  deadline: Date | number | null,
  graceMs: number = DEFAULT_GRACE_MS,
): boolean {
  if (deadline === null) return true;
  return msOf(now) <= msOf(deadline) + graceMs;
}

/** Characters in a string as a reader sees them (code points, so an emoji or rare hanzi counts once). */
const charCount = (s: string): number => Array.from(s).length;

/** The least time a human needs to read a question (stem + all options) at READING_CHARS_PER_SECOND, ≥ MIN_READING_MS. */
export function minReadingMs(question: Pick<QuizQuestion, 'stem' | 'options'>): number {
  const chars = charCount(question.stem) + question.options.reduce((n, o) => n + charCount(o), 0);
  return Math.max(MIN_READING_MS, Math.ceil((chars / READING_CHARS_PER_SECOND) * 1000));
}

/** Flag (for review, never a verdict) an answer given faster than the question can be read; bad times (NaN, negative) flag too. */
export function isTooFast(msSinceShown: number, question: Pick<QuizQuestion, 'stem' | 'options'>): boolean {
  if (!Number.isFinite(msSinceShown) || msSinceShown < 0) return true;
  return msSinceShown < minReadingMs(question);
}
