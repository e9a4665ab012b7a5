import { drawQuestions, presentQuestion, shuffleOptions } from './draw';
import { seededRng } from './rng';
import { isCorrect, partialCredit, readAnswer, scoreAttempt, toOriginal, type Scorable } from './score';
import type { QuizQuestion } from './types';

const single: Scorable = { id: 's', type: 'single', options: ['甲', '乙', '丙', '丁'], answer: [2] };
const multiple: Scorable = {
  id: 'm',
  type: 'multiple',
  options: ['甲', '乙', '丙', '丁', '戊'],
  answer: [0, 2, 3],
};
const truefalse: Scorable = { id: 't', type: 'truefalse', options: ['正确', '错误'], answer: [1] };

describe('toOriginal', () => {
  it('maps shown positions to original indexes through the order', () => {
    // Shown: position 0 is original 2, position 3 is original 1.
    expect(toOriginal([2, 0, 3, 1], [0, 3])).toEqual([2, 1]);
    expect(toOriginal([2, 0, 3, 1], [])).toEqual([]);
  });

  it('maps impossible positions to −1 instead of throwing or dropping them', () => {
    expect(toOriginal([2, 0, 3, 1], [4, -1, 1.5, 1])).toEqual([-1, -1, -1, 0]);
    expect(toOriginal([1, 0], 'A' as unknown as number[])).toEqual([]);
  });
});

describe('isCorrect', () => {
  it.each<[string, Scorable, number[], boolean]>([
    ['single: the answer', single, [2], true],
    ['single: another option', single, [1], false],
    ['single: the answer plus another (wrong arity)', single, [2, 1], false],
    ['single: the answer twice', single, [2, 2], false],
    ['single: nothing', single, [], false],
    ['single: out of range', single, [4], false],
    ['single: −1 from toOriginal', single, [-1], false],
    ['single: not an integer', single, [2.0000001], false],
    ['true/false: 错误 is right', truefalse, [1], true],
    ['true/false: 正确 is wrong', truefalse, [0], false],
    ['true/false: both', truefalse, [0, 1], false],
    ['multiple: exact set', multiple, [0, 2, 3], true],
    ['multiple: exact set, any order', multiple, [3, 0, 2], true],
    ['multiple: one missing (no partial credit)', multiple, [0, 2], false],
    ['multiple: one extra', multiple, [0, 2, 3, 4], false],
    ['multiple: all options', multiple, [0, 1, 2, 3, 4], false],
    ['multiple: a repeat padding the count', multiple, [0, 2, 2], false],
    ['multiple: right set with a repeat', multiple, [0, 2, 3, 3], false],
    ['multiple: nothing', multiple, [], false],
  ])('%s', (_name, question, picked, expected) => {
    expect(isCorrect(question, picked)).toBe(expected);
  });

  it('never throws on junk', () => {
    for (const junk of [null, undefined, 'A', 2, {}, [null], ['2'], [NaN], [Infinity]]) {
      expect(isCorrect(single, junk as unknown as number[])).toBe(false);
    }
  });
});

describe('partialCredit', () => {
  it('is 0 for now: a multiple-choice answer is all-or-nothing', () => {
    expect(partialCredit(multiple, [0, 2])).toBe(0);
  });
});

describe('readAnswer', () => {
  const four: Scorable = { id: 'm4', type: 'multiple', options: ['a', 'b', 'c', 'd'], answer: [0, 3] };
  // Shown position 0 is original 3, position 2 is original 0.
  const order = [3, 1, 0, 2];
  it.each<[string, unknown, { status: string; picked: number[] }]>([
    ['a pick, mapped and sorted', [2, 0], { status: 'answered', picked: [0, 3] }],
    ['null', null, { status: 'unanswered', picked: [] }],
    ['undefined', undefined, { status: 'unanswered', picked: [] }],
    ['empty', [], { status: 'unanswered', picked: [] }],
    ['a bare number', 2, { status: 'malformed', picked: [] }],
    ['a string', '[2]', { status: 'malformed', picked: [] }],
    ['an object', { 0: 2 }, { status: 'malformed', picked: [] }],
    ['out of range', [4], { status: 'malformed', picked: [] }],
    ['numeric strings', ['2'], { status: 'malformed', picked: [] }],
    ['repeats', [2, 2], { status: 'malformed', picked: [] }],
  ])('%s', (_name, raw, expected) => {
    expect(readAnswer(four, order, raw)).toEqual(expected);
  });

  it('two picks on a single-answer question are malformed (no picks recorded)', () => {
    expect(readAnswer(single, [0, 1, 2, 3], [0, 1])).toEqual({ status: 'malformed', picked: [] });
  });
});

describe('scoreAttempt', () => {
  const questions = [single, multiple, truefalse, { ...single, id: 's2', answer: [0] }];
  // Shown orders: single shows [丁,丙,乙,甲]; multiple shows originals 4,3,2,1,0; true/false as is; s2 identity.
  const orders = [
    [3, 2, 1, 0],
    [4, 3, 2, 1, 0],
    [0, 1],
    [0, 1, 2, 3],
  ];

  it('scores answers given in shown positions against original answers', () => {
    // single: position 1 shows original 2 ✓. multiple: positions 4,2,1 show originals 0,2,3 ✓.
    // true/false: position 1 is 错误 ✓. s2: position 1 is original 1, answer 0 ✗.
    const result = scoreAttempt(questions, orders, [[1], [4, 2, 1], [1], [1]]);
    expect(result).toEqual({
      correct: 3,
      total: 4,
      score: 75,
      perQuestion: [
        { id: 's', correct: true, picked: [2] },
        { id: 'm', correct: true, picked: [0, 2, 3] },
        { id: 't', correct: true, picked: [1] },
        { id: 's2', correct: false, picked: [1] },
      ],
    });
  });

  it('counts unanswered and malformed answers as wrong, never throwing', () => {
    const junk: unknown[] = [[1, 1], 'A', { x: 1 }, [NaN]];
    const result = scoreAttempt(questions, orders, junk);
    expect(result.correct).toBe(0);
    expect(result.score).toBe(0);
    expect(result.perQuestion.map((p) => p.picked)).toEqual([[], [], [], []]);
    // Fewer answers than questions: the rest are unanswered.
    expect(scoreAttempt(questions, orders, [[1]]).correct).toBe(1);
    expect(scoreAttempt(questions, orders, []).score).toBe(0);
    expect(scoreAttempt(questions, orders, null as unknown as unknown[]).score).toBe(0);
    expect(scoreAttempt(questions, orders, [[99], [-1], [0, 1], [0, 1]]).correct).toBe(0);
  });

  it('judges a multiple-choice answer with a missing option wrong but records what was picked', () => {
    const result = scoreAttempt([multiple], [orders[1]], [[4, 2]]);
    expect(result.perQuestion).toEqual([{ id: 'm', correct: false, picked: [0, 2] }]);
  });

  it('rounds the score half-up to one decimal', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...single, id: `s${i}` }));
    const identity = (n: number) => Array.from({ length: n }, () => [0, 1, 2, 3]);
    const firstRight = (n: number, k: number) => Array.from({ length: n }, (_, i) => (i < k ? [2] : [0]));
    expect(scoreAttempt(many(3), identity(3), firstRight(3, 1)).score).toBe(33.3);
    expect(scoreAttempt(many(3), identity(3), firstRight(3, 2)).score).toBe(66.7);
    // 1/16 = 6.25 → 6.3.
    expect(scoreAttempt(many(16), identity(16), firstRight(16, 1)).score).toBe(6.3);
    expect(scoreAttempt(many(7), identity(7), firstRight(7, 7)).score).toBe(100);
    expect(scoreAttempt([], [], []).score).toBe(0);
  });

  it('weights questions by pointsPerQuestion', () => {
    // Only the 2-point question right: 2 of 1 + 1 + 2 = 4 points → 50.
    const result = scoreAttempt(
      [single, truefalse, multiple],
      [orders[0], orders[2], orders[1]],
      [[0], [0], [4, 2, 1]],
      [1, 1, 2],
    );
    expect(result.correct).toBe(1);
    expect(result.score).toBe(50);
  });

  it('throws only on server-side inconsistency', () => {
    expect(() => scoreAttempt(questions, orders.slice(1), [])).toThrow('option orders');
    expect(() => scoreAttempt([single], [[0, 1, 2]], [])).toThrow('not a permutation');
    expect(() => scoreAttempt([single], [[0, 1, 2, 3]], [], [1, 2])).toThrow('point values');
    expect(() => scoreAttempt([single], [[0, 1, 2, 3]], [], [-1])).toThrow('not negative');
  });
});

describe('draw → present → answer → score, end to end', () => {
  it('a pupil who taps the shown text of each right option scores 100, whatever the shuffle', () => {
    const bank: QuizQuestion[] = Array.from({ length: 12 }, (_, i) => ({
      id: `b${i}`,
      type: i % 3 === 0 ? 'multiple' : i % 3 === 1 ? 'single' : 'truefalse',
      stem: `题干${i}`,
      options: i % 3 === 2 ? ['正确', '错误'] : ['甲', '乙', '丙', '丁', '戊'],
      answer: i % 3 === 0 ? [1, 4] : [i % 2],
      explanation: '解析',
      source: '出处',
      topics: ['防诈骗'],
      stages: ['senior'],
      difficulty: 2,
    }));
    for (let seed = 0; seed < 20; seed++) {
      const rng = seededRng(seed);
      const drawn = drawQuestions(bank, { count: 8, stages: ['senior'] }, rng);
      const orders = drawn.map((q) => shuffleOptions(q, rng).order);
      const answers = drawn.map((q, i) => {
        const shown = presentQuestion(q, orders[i]).options;
        const rightTexts = q.answer.map((k) => q.options[k]);
        return shown.flatMap((text, pos) => (rightTexts.includes(text) ? [pos] : []));
      });
      expect(scoreAttempt(drawn, orders, answers).score).toBe(100);
    }
  });
});
