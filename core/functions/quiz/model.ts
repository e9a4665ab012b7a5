import { precondition } from '../../errors';
import type { PhaseName, Stage } from '../../model';
import type { QuizUnit } from '../../permissions';
import type { Difficulty, QuestionType, QuizStage, QuizTopic } from '../../quiz/engine';
import type { ClassUnit } from '../../stats';
import type { Doc } from '../../store';

/**
 * The quiz feature's stored shapes and constants. Questions of the built-in bank live in code
 * (core/quiz/bank); admins' own questions, quizzes, attempts, results and per-quiz counters are stored.
 */

/** Phases the taking actions (start, save, submit) are open in by default. */
export const QUIZ_PHASES: PhaseName[] = ['implementation'];

/** Late answers and submissions are accepted this long after the deadline (network latency). */
export const GRACE_MS = 5000;

/** Units whose participation is below this share (%) are shown but not ranked. */
export const MIN_RANK_RATE = 30;

/** Below this many takers a unit's mean score is not ranked either (one pupil is not a school). */
export const MIN_RANK_TAKERS = 3;

/** Limits of a quiz's settings. */
export const LIMITS = {
  count: { min: 5, max: 100 },
  timeLimitSeconds: { min: 60, max: 3 * 3600 },
  attempts: { min: 1, max: 10 },
} as const;

/** Where a quiz or a custom question belongs: 'city', 'd:<districtId>' or 's:<schoolId>'. */
export type UnitKey = string;

/** The key of a unit. */
export function unitKeyOf(unit: Pick<QuizUnit, 'level' | 'unitId'>): UnitKey {
  return unit.level === 'city' ? 'city' : `${unit.level === 'district' ? 'd' : 's'}:${unit.unitId}`;
}

/** Who a quiz is for: pupils of some school stages, and/or parents of the pupils in its unit. */
export interface Audience {
  stages: Stage[];
  parents: boolean;
}

/** Which questions a quiz draws and how many. */
export interface DrawSettings {
  /** Questions per attempt. */
  count: number;
  /** Questions come from these topics (empty: every topic). */
  topics: QuizTopic[];
  /** At least this many of each topic (optional). */
  minPerTopic?: Partial<Record<QuizTopic, number>>;
  /** Share of each difficulty (optional; sums to 1). */
  difficulty?: Partial<Record<'1' | '2' | '3', number>>;
  /** Use the built-in bank and/or the custom questions of the quiz's unit and the units above it. */
  builtin: boolean;
  custom: boolean;
}

/** When the right answers, explanations and sources are shown to a taker. */
export type RevealPolicy = 'after_submit' | 'after_close';

/** A knowledge quiz. */
export interface QuizDoc extends Doc, QuizUnit {
  unitKey: UnitKey;
  /** The unit's name when created (for lists). */
  unitName: string;
  title: string;
  description: string;
  audience: Audience;
  draw: DrawSettings;
  /** Seconds per attempt; null: no limit other than the window. */
  timeLimitSeconds: number | null;
  attemptsAllowed: number;
  /** The window, as instants (Beijing days from startDay 00:00 to endDay 24:00). */
  startDay: string;
  endDay: string;
  opensAt: string;
  closesAt: string;
  /** Score (0–100) that passes. */
  passMark: number;
  reveal: RevealPolicy;
  /** Certificate title for pupils who pass (「网络安全小卫士」), or null for none. */
  certificate: string | null;
  /** Withdrawn quizzes stay for their results but are closed and hidden from takers. */
  withdrawn?: boolean;
  /** When it was withdrawn (attempts in progress end then; older quizzes: `updatedAt`). */
  withdrawnAt?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** An admin's own question (one version; editing makes a new one and retires this). */
export interface QuestionDoc extends Doc, QuizUnit {
  ownerKey: UnitKey;
  type: QuestionType;
  stem: string;
  options: string[];
  answer: number[];
  explanation: string;
  source: string;
  topics: QuizTopic[];
  stages: QuizStage[];
  difficulty: Difficulty;
  /** 'active' questions are drawn; 'replaced' (edited) and 'archived' ones are not, but old attempts still read them. */
  status: 'active' | 'replaced' | 'archived';
  /** The first version's id (shared by every version of the question). */
  lineage: string;
  version: number;
  replacedBy?: string;
  /** Imported from a spreadsheet (row number), if so. */
  importRow?: number;
  createdBy: string;
  createdAt: string;
}

/** Who takes an attempt: a pupil (counted per roster entry) or a parent (counted per family). */
export type TakerRole = 'pupil' | 'parent';

/** One question of an attempt: which question, the order its options are shown in, and the saved answer. */
export interface AttemptItem {
  /** Question id (bank or custom). */
  q: string;
  /** Option order: shown position k is original option o[k]. */
  o: number[];
}

/** A saved answer: shown positions picked, when, and whether it came faster than the question can be read. */
export interface SavedAnswer {
  a: number[];
  at: string;
  fast?: boolean;
}

/** One attempt at a quiz. `_id` = `<quizId>:<takerKey>:<n>` so a double start finds the same attempt. */
export interface AttemptDoc extends Doc, ClassUnit {
  quizId: string;
  /** Roster id for a pupil, openid for a parent. */
  takerKey: string;
  role: TakerRole;
  openid: string;
  /** The pupil's roster entry, or the child a parent takes the quiz for. */
  rosterId: string;
  n: number;
  status: 'active' | 'submitted';
  stage: QuizStage;
  startedAt: string;
  /**
   * Instant after which answers are refused (plus GRACE_MS): start + limit, never after the window as it was
   * at the start. The quiz's current end and its withdrawal cut it further (`effectiveDeadline`).
   */
  deadline: string;
  items: AttemptItem[];
  /** Saved answers by item index ('0', '1', …). */
  answers: Record<string, SavedAnswer>;
  /** When the last answer was saved (the fast-answer clock). */
  lastSaveAt: string;
  submittedAt?: string;
  /** 'pupil' (they tapped 交卷) or 'expired' (time ran out; finalised by the server). */
  submittedBy?: 'taker' | 'expired';
  score?: number;
  correct?: number;
  /** Per item: correct, and the picks in original option indexes (item analysis). */
  marks?: { c: boolean; p: number[] }[];
  fastCount?: number;
}

/** A pupil's or a family's standing in one quiz. `_id` = `<quizId>:<rosterId>` (pupil) or `<quizId>:f:<rosterId>` (family). */
export interface ResultDoc extends Doc, ClassUnit {
  quizId: string;
  role: TakerRole;
  rosterId: string;
  /** Everyone who took it for this result (the pupil; or each parent of the family). */
  openids: string[];
  maskedName: string;
  attempts: number;
  /** Best score (0–100, one decimal) and the same in tenths (integer, summed by counters). */
  best: number;
  bestTenths: number;
  bestAttemptId: string;
  /** The best attempt's items: question, correct, picks (original indexes). */
  bestItems: { q: string; c: boolean; p: number[] }[];
  passed: boolean;
  /** Fast answers in the best attempt (a flag for the teacher, not a verdict). */
  fastCount: number;
  firstAt: string;
  bestAt: string;
  verifyCode?: string;
  certifiedAt?: string;
}

/** A pupil who finished at least one quiz of the campaign (core counter metrics quizTakers, quizPassed). */
export interface QuizPupilDoc extends Doc, ClassUnit {
  rosterId: string;
  passed: boolean;
  firstAt: string;
}

/** Attempt id. */
export function attemptId(quizId: string, takerKey: string, n: number): string {
  return `${quizId}:${takerKey}:${n}`;
}

/** Result id of a taker. */
export function resultId(quizId: string, role: TakerRole, rosterId: string): string {
  return role === 'pupil' ? `${quizId}:${rosterId}` : `${quizId}:f:${rosterId}`;
}

/** Whether the quiz window is open at `now`. */
export function windowState(quiz: QuizDoc, now: Date): 'upcoming' | 'open' | 'closed' {
  if (quiz.withdrawn) return 'closed';
  const t = now.toISOString();
  if (t < quiz.opensAt) return 'upcoming';
  if (t >= quiz.closesAt) return 'closed';
  return 'open';
}

/**
 * Whether answers may be shown to takers at `now`: after submitting, or once the window closed and the
 * grace for answers on their way has passed too (a withdrawn quiz takes no answers, so at once).
 */
export function answersShown(quiz: QuizDoc, now: Date): boolean {
  if (quiz.reveal === 'after_submit') return true;
  if (windowState(quiz, now) !== 'closed') return false;
  return !!quiz.withdrawn || now.getTime() > Date.parse(quiz.closesAt) + GRACE_MS;
}

/**
 * The instant after which an attempt takes no more answers (plus GRACE_MS): its own deadline, cut at the
 * quiz's end as it is now (an admin may move the end day earlier after the attempt started) and at the
 * quiz's withdrawal. Read with the quiz on every request; updateQuiz/withdrawQuiz also store it on the
 * active attempts so the timer's sweep of due attempts sees it.
 */
export function effectiveDeadline(
  quiz: Pick<QuizDoc, 'closesAt' | 'withdrawn' | 'withdrawnAt' | 'updatedAt'>,
  attempt: Pick<AttemptDoc, 'deadline'>,
): string {
  const cuts = [attempt.deadline, quiz.closesAt];
  if (quiz.withdrawn) cuts.push(quiz.withdrawnAt ?? quiz.updatedAt);
  return new Date(Math.min(...cuts.map((t) => Date.parse(t)))).toISOString();
}

/** The quiz's start instant of a Beijing day (00:00) and end instant of a Beijing day (24:00). */
export function beijingStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
}
export function beijingEnd(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
}

/** Refuse when the quiz has been withdrawn or is outside its window. */
export function mustBeOpen(quiz: QuizDoc, now: Date): void {
  const state = windowState(quiz, now);
  if (quiz.withdrawn) throw precondition('这场竞赛已被撤回');
  if (state === 'upcoming') throw precondition(`「${quiz.title}」还没开始，开始时间：${quiz.startDay}`);
  if (state === 'closed') throw precondition(`「${quiz.title}」已经结束（截止 ${quiz.endDay}）`);
}

/** Score (0–100, one decimal) from tenths. */
export const fromTenths = (t: number): number => Math.round(t) / 10;
/** Tenths of a score. */
export const toTenths = (score: number): number => Math.round(score * 10);
