/*
 * Quiz vocabulary the engine works on. The question types, topics, stages and the bank question itself are the
 * bank's (`core/quiz/bank/types.ts`), re-exported here so engine code and its callers import one vocabulary.
 */
import {
  QUIZ_STAGES as BANK_STAGES,
  QUIZ_TOPICS as BANK_TOPICS,
  type BankQuestion,
  type Difficulty,
  type QuizStage,
  type QuizTopic,
} from '../bank/types';

export type { BankQuestion, Difficulty, QuestionType, QuizStage, QuizTopic } from '../bank/types';

/** Any question the engine draws, presents, scores and analyses: bank questions and admins' own (which add `ownerUnit`). */
export type QuizQuestion = Pick<
  BankQuestion,
  | 'id'
  | 'type'
  | 'stem'
  | 'options'
  | 'answer'
  | 'explanation'
  | 'source'
  | 'topics'
  | 'stages'
  | 'difficulty'
>;

/** A source of uniform random integers in [0, maxExclusive): production passes `crypto.randomInt`, tests a seeded one. */
export type Rng = (maxExclusive: number) => number;

// A Record makes the compiler check every topic is listed exactly once.
const TOPIC_SET: Record<QuizTopic, true> = {
  网络安全法: true,
  生态治理规定: true,
  未成年人网络保护: true,
  个人信息保护: true,
  防诈骗: true,
  防沉迷: true,
  病毒与钓鱼网站: true,
  网络文明公约: true,
  网络谣言: true,
};

/** Every quiz topic, in a fixed order (for validation, import tags and stable report ordering). */
export const QUIZ_TOPICS: readonly QuizTopic[] = BANK_TOPICS;

/** Chinese label of each stage, as teachers write it in the 标签 column and as admins read it. */
export const STAGE_LABEL: Record<QuizStage, string> = {
  primary: '小学',
  junior: '初中',
  senior: '高中',
  parent: '家长',
};

/** Every stage, in school order. */
export const QUIZ_STAGES: readonly QuizStage[] = BANK_STAGES;

/** Chinese label of each difficulty, as written in the 标签 column (易/中/难). */
export const DIFFICULTY_LABEL: Record<Difficulty, string> = { 1: '易', 2: '中', 3: '难' };

/** Every difficulty, easiest first. */
export const DIFFICULTIES: readonly Difficulty[] = [1, 2, 3];

/** True when `value` is one of the quiz topics (admin input and spreadsheet tags arrive as plain strings). */
export function isQuizTopic(value: unknown): value is QuizTopic {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(TOPIC_SET, value);
}

/** True when `value` is one of the quiz stages. */
export function isQuizStage(value: unknown): value is QuizStage {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(STAGE_LABEL, value);
}
