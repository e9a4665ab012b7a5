import * as bank from '../bank/types';
import {
  isQuizStage,
  isQuizTopic,
  QUIZ_STAGES,
  QUIZ_TOPICS,
  STAGE_LABEL,
  type BankQuestion,
  type QuizQuestion,
} from './types';

// Compile-time contract with the bank (tsc fails if the shapes drift): each side's question is the other's.
const toEngine = (q: bank.BankQuestion): BankQuestion => q;
const toBank = (q: BankQuestion): bank.BankQuestion => q;
const asQuizQuestion = (q: bank.BankQuestion & { ownerUnit?: string }): QuizQuestion => q;

describe('engine vocabulary', () => {
  it('matches the bank’s topics and stages, in the same order', () => {
    expect([toEngine, toBank, asQuizQuestion].every((f) => typeof f === 'function')).toBe(true);
    expect(QUIZ_TOPICS).toEqual([...bank.QUIZ_TOPICS]);
    expect(QUIZ_STAGES).toEqual([...bank.QUIZ_STAGES]);
  });

  it('labels stages as teachers write them', () => {
    expect(QUIZ_STAGES.map((s) => STAGE_LABEL[s])).toEqual(['小学', '初中', '高中', '家长']);
  });

  it('recognises topics and stages from untyped input only when exact', () => {
    expect(isQuizTopic('防诈骗')).toBe(true);
    expect(isQuizTopic('防诈骗 ')).toBe(false);
    expect(isQuizTopic('toString')).toBe(false);
    expect(isQuizTopic(3)).toBe(false);
    expect(isQuizStage('parent')).toBe(true);
    expect(isQuizStage('constructor')).toBe(false);
  });
});
