/*
 * Quiz vocabulary the engine works on.
 *
 * `core/quiz/bank/types.ts` (the question bank, written in parallel) did not exist when the engine was written, so
 * these types are a structurally identical local copy of its `BankQuestion` contract. TypeScript is structural:
 * bank questions pass wherever a `QuizQuestion` is expected. Once the bank lands, this file can re-export its types.
 */

/** How a question is answered: one option, a set of options (all-or-nothing), or 正确/错误. */
export type QuestionType = 'single' | 'multiple' | 'truefalse';

/** The campaign's quiz topics (network law and network safety), used for topic mixes and import tags. */
export type QuizTopic =
  | '网络安全法'
  | '生态治理规定'
  | '未成年人网络保护'
  | '个人信息保护'
  | '防诈骗'
  | '防沉迷'
  | '病毒与钓鱼网站'
  | '网络文明公约'
  | '网络谣言';

/** Who a question is written for: pupils of each school stage, or parents. */
export type QuizStage = 'primary' | 'junior' | 'senior' | 'parent';

/** Question difficulty: 1 easy (易), 2 medium (中), 3 hard (难). */
export type Difficulty = 1 | 2 | 3;

/** A question of the curated bank (same shape as `core/quiz/bank/types.ts`). */
export interface BankQuestion {
  id: string;
  type: QuestionType;
  stem: string;
  options: string[];
  /** Indexes into `options` (original order) of the correct option(s); sorted ascending. */
  answer: number[];
  explanation: string;
  source: string;
  facts: string[];
  topics: QuizTopic[];
  stages: QuizStage[];
  difficulty: Difficulty;
}

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
export const QUIZ_TOPICS: readonly QuizTopic[] = Object.keys(TOPIC_SET) as QuizTopic[];

/** Chinese label of each stage, as teachers write it in the 标签 column and as admins read it. */
export const STAGE_LABEL: Record<QuizStage, string> = {
  primary: '小学',
  junior: '初中',
  senior: '高中',
  parent: '家长',
};

/** Every stage, in school order. */
export const QUIZ_STAGES: readonly QuizStage[] = Object.keys(STAGE_LABEL) as QuizStage[];

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
