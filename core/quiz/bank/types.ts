/** How a question is answered: one choice, several choices, or 正确/错误. */
export type QuestionType = 'single' | 'multiple' | 'truefalse';

/** The topics of the built-in bank (plan §五(二)1 and §五(二)3, plus 公约 and 谣言). */
export const QUIZ_TOPICS = [
  '网络安全法',
  '生态治理规定',
  '未成年人网络保护',
  '个人信息保护',
  '防诈骗',
  '防沉迷',
  '病毒与钓鱼网站',
  '网络文明公约',
  '网络谣言',
] as const;

/** One topic of QUIZ_TOPICS. */
export type QuizTopic = (typeof QUIZ_TOPICS)[number];

/** Who a question is written for: 小学 / 初中 / 高中 / 家长. */
export const QUIZ_STAGES = ['primary', 'junior', 'senior', 'parent'] as const; // 小学 / 初中 / 高中 / 家长

/** One audience of QUIZ_STAGES. */
export type QuizStage = (typeof QUIZ_STAGES)[number];

/** 1 = easy, 2 = medium, 3 = hard. */
export type Difficulty = 1 | 2 | 3;

/** One question of the built-in bank. */
export interface BankQuestion {
  id: string; // stable, e.g. 'law-001', 'fraud-012' (never reuse or renumber)
  type: QuestionType;
  stem: string; // the question, ≤ 120 chars
  options: string[]; // truefalse: exactly ['正确','错误']; single/multiple: 3–6 options, each ≤ 60 chars
  answer: number[]; // indexes into options; single & truefalse: exactly 1; multiple: ≥ 2 and < options.length
  explanation: string; // why, in the stage's language, ≤ 200 chars
  source: string; // e.g. '《中华人民共和国未成年人保护法》第七十五条' or '防诈骗 · 96110 反诈预警劝阻专线（公安部门）'
  facts: string[]; // ids of FACTS entries (see facts.ts) this question relies on; ≥ 1
  topics: QuizTopic[]; // ≥ 1
  stages: QuizStage[]; // ≥ 1
  difficulty: Difficulty;
}
