import {
  analyzeItems,
  KELLEY_FRACTION,
  MIN_ATTEMPTS_FOR_DISCRIMINATION,
  MIN_ATTEMPTS_FOR_FLAGS,
  type AnalysisAttempt,
  type ItemStats,
} from './analysis';
import { seededRng, shuffled } from './rng';

const four = ['甲', '乙', '丙', '丁'];
const byId = (stats: ItemStats[], id: string) => stats.find((s) => s.questionId === id) as ItemStats;

describe('analyzeItems: hand-computed discrimination (10 attempts)', () => {
  // Ten pupils p0…p9 with scores 95, 90, …, 50, so rank order is p0 (best) … p9 (worst).
  // Groups: round(0.27 × 10) = round(2.7) = 3 → upper {p0, p1, p2}, lower {p7, p8, p9}.
  //
  // Q1 (answer 甲=0), correct ✓ by rank:  p0 ✓ p1 ✓ p2 ✓ | p3 ✗ p4 ✓ p5 ✗ p6 ✓ | p7 ✗ p8 ✓ p9 ✗
  //    correctRate = 6/10 = 0.6; p(upper) = 3/3 = 1; p(lower) = 1/3; D = 1 − 1/3 = 2/3 ≈ 0.667.
  //    Wrong picks: p3 乙, p5 乙, p7 丙, p9 unanswered → optionPicks [6, 2, 1, 0].
  // Q2 (answer 乙=1), the weak pupils get it and the strong miss it (a miskey smell):
  //    p0 ✗ p1 ✗ p2 ✓ | p3 ✓ p4 ✗ p5 ✗ p6 ✓ | p7 ✓ p8 ✓ p9 ✓
  //    correctRate = 6/10; p(upper) = 1/3; p(lower) = 3/3; D = 1/3 − 1 = −2/3 → negative_discrimination.
  // Q3 is in only 9 attempts (p9 did not get it): fewer than 10 → discrimination null.
  const q1 = [true, true, true, false, true, false, true, false, true, false];
  const q1Picks = [[0], [0], [0], [1], [0], [1], [0], [2], [0], []];
  const q2 = [false, false, true, true, false, false, true, true, true, true];
  const attempts: AnalysisAttempt[] = q1.map((_, i) => ({
    key: `p${i}`,
    attemptScore: 95 - 5 * i,
    items: [
      { questionId: 'Q1', correct: q1[i], pickedOriginal: q1Picks[i] },
      { questionId: 'Q2', correct: q2[i], pickedOriginal: q2[i] ? [1] : [0] },
      ...(i < 9 ? [{ questionId: 'Q3', correct: true, pickedOriginal: [0] }] : []),
    ],
  }));
  const questions = ['Q1', 'Q2', 'Q3', 'Q4'].map((id) => ({
    id,
    options: four,
    answer: id === 'Q2' ? [1] : [0],
  }));

  it('uses Kelley’s 27% and needs 10 attempts', () => {
    expect(KELLEY_FRACTION).toBe(0.27);
    expect(MIN_ATTEMPTS_FOR_DISCRIMINATION).toBe(10);
  });

  it('computes n, correct rate, discrimination and option picks', () => {
    const stats = analyzeItems(attempts, questions);
    expect(stats.map((s) => s.questionId)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    const s1 = byId(stats, 'Q1');
    expect(s1).toMatchObject({ n: 10, correctRate: 0.6, groupSize: 3, optionPicks: [6, 2, 1, 0], flags: [] });
    expect(s1.discrimination).toBeCloseTo(2 / 3, 10);
    const s2 = byId(stats, 'Q2');
    expect(s2.discrimination).toBeCloseTo(-2 / 3, 10);
    expect(s2.flags).toEqual(['negative_discrimination']);
  });

  it('gives no discrimination below 10 attempts', () => {
    expect(byId(analyzeItems(attempts, questions), 'Q3')).toMatchObject({
      n: 9,
      correctRate: 1,
      discrimination: null,
      groupSize: null,
      // n < 20: no rate or distractor flags either.
      unusedDistractors: [],
      flags: [],
    });
  });

  it('reports a question nobody got as n = 0 with nothing to say', () => {
    expect(byId(analyzeItems(attempts, questions), 'Q4')).toEqual({
      questionId: 'Q4',
      n: 0,
      correctRate: null,
      discrimination: null,
      groupSize: null,
      optionPicks: [0, 0, 0, 0],
      unusedDistractors: [],
      flags: [],
    });
  });

  it('does not depend on the order attempts come in', () => {
    const expected = analyzeItems(attempts, questions);
    for (let seed = 0; seed < 10; seed++) {
      expect(analyzeItems(shuffled(attempts, seededRng(seed)), questions)).toEqual(expected);
    }
  });

  it('ignores items of unknown questions and repeats of a question within one attempt', () => {
    const noisy = attempts.map((a, i) => ({
      ...a,
      items: [
        ...a.items,
        { questionId: 'ZZ', correct: true, pickedOriginal: [0] },
        // A repeated Q1 with the opposite outcome must not count.
        ...(i === 0 ? [{ questionId: 'Q1', correct: false, pickedOriginal: [3] }] : []),
      ],
    }));
    expect(analyzeItems(noisy, questions)).toEqual(analyzeItems(attempts, questions));
  });

  it('counts only possible picks: out-of-range and repeated indexes are ignored', () => {
    const odd: AnalysisAttempt[] = [
      { attemptScore: 50, items: [{ questionId: 'Q1', correct: false, pickedOriginal: [1, 1, 7, -1, 0.5] }] },
    ];
    expect(byId(analyzeItems(odd, questions), 'Q1').optionPicks).toEqual([0, 1, 0, 0]);
  });
});

describe('analyzeItems: ties at the 27% cut', () => {
  // 12 attempts → groups of round(0.27 × 12) = round(3.24) = 3.
  // Ranked by score, ties by key: 100, 90, 80a, | 80b, 80c, 70, 60, 50, 40x, | 40y, 30, 20.
  // Upper = {100 ✓, 90 ✗, 80a ✓} → 2/3. Lower = {40y ✗, 30 ✓, 20 ✗} → 1/3. D = 2/3 − 1/3 = 1/3.
  // Breaking ties by input order instead (80b came first, ✗) would give upper 1/3 and D = 0.
  const rows: [string, number, boolean][] = [
    ['k100', 100, true],
    ['k90', 90, false],
    ['80b', 80, false],
    ['80a', 80, true],
    ['80c', 80, false],
    ['k70', 70, true],
    ['k60', 60, true],
    ['k50', 50, false],
    ['40y', 40, false],
    ['40x', 40, true],
    ['k30', 30, true],
    ['k20', 20, false],
  ];
  const attempts: AnalysisAttempt[] = rows.map(([key, attemptScore, correct]) => ({
    key,
    attemptScore,
    items: [{ questionId: 'T', correct, pickedOriginal: [correct ? 0 : 1] }],
  }));
  const questions = [{ id: 'T', options: four, answer: [0] }];

  it('splits ties by the stable key, whatever the input order', () => {
    for (let seed = 0; seed < 10; seed++) {
      const [t] = analyzeItems(shuffled(attempts, seededRng(seed)), questions);
      expect(t.groupSize).toBe(3);
      expect(t.discrimination).toBeCloseTo(1 / 3, 10);
    }
  });

  it('falls back to input position when attempts have no key', () => {
    const unkeyed = attempts.map(({ attemptScore, items }) => ({ attemptScore, items }));
    // Ties now keep input order: 100, 90, 80b, | 80a, 80c, 70, 60, 50, 40y, | 40x, 30, 20.
    // Upper {100 ✓, 90 ✗, 80b ✗} = 1/3; lower {40x ✓, 30 ✓, 20 ✗} = 2/3; D = 1/3 − 2/3 = −1/3.
    expect(analyzeItems(unkeyed, questions)[0].discrimination).toBeCloseTo(-1 / 3, 10);
  });

  it('ranks a non-numeric score last instead of breaking the sort', () => {
    const broken = [
      ...attempts,
      { key: 'nan', attemptScore: NaN, items: [{ questionId: 'T', correct: true, pickedOriginal: [0] }] },
    ];
    // 13 attempts → groups of round(3.51) = 4; the NaN attempt is the lowest.
    const [t] = analyzeItems(broken, questions);
    expect(t.groupSize).toBe(4);
    // Upper {100 ✓, 90 ✗, 80a ✓, 80b ✗} = 2/4; lower {30 ✓, 20 ✗, 40y ✗, nan ✓} = 2/4 → 0.
    expect(t.discrimination).toBeCloseTo(0, 10);
  });
});

describe('analyzeItems: review flags (need 20 attempts)', () => {
  // 20 attempts ranked a00 (score 100) … a19 (score 5). Each question lists, per rank, the original pick.
  const picks: Record<string, number[][]> = {
    // Everyone right (甲): too easy, and 乙 丙 丁 are dead distractors.
    EASY: Array.from({ length: 20 }, () => [0]),
    // Right answer 丁 by 3 of 20 (top three) = 0.15 < 0.2: too hard; wrong picks spread over 甲 乙 丙.
    HARD: Array.from({ length: 20 }, (_, i) => (i < 3 ? [3] : [[0], [1], [2]][i % 3])),
    // 12 right (甲), the wrong 8 split over 乙 and 丙: 丁 is never chosen.
    DEAD: Array.from({ length: 20 }, (_, i) => (i < 12 ? [0] : [[1], [2]][i % 2])),
    // True/false right (正确) for exactly 19/20 = 0.95: not above 0.95, no flag.
    TF95: Array.from({ length: 20 }, (_, i) => (i === 10 ? [1] : [0])),
    // True/false right (错误) for exactly 4/20 = 0.2: not below 0.2, no flag.
    TF20: Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? [1] : [0])),
    // Multiple (甲+乙): 10 exact, 5 甲+丙, 5 甲 alone; 丁 never picked.
    MULTI: Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? [0, 1] : i % 4 === 1 ? [0, 2] : [0])),
  };
  const questions = [
    { id: 'EASY', options: four, answer: [0] },
    { id: 'HARD', options: four, answer: [3] },
    { id: 'DEAD', options: four, answer: [0] },
    { id: 'TF95', options: ['正确', '错误'], answer: [0] },
    { id: 'TF20', options: ['正确', '错误'], answer: [1] },
    { id: 'MULTI', options: four, answer: [0, 1] },
  ];
  const isRight = (id: string, picked: number[]) => {
    const answer = (questions.find((q) => q.id === id) as { answer: number[] }).answer;
    return picked.length === answer.length && picked.every((k) => answer.includes(k));
  };
  const attempts: AnalysisAttempt[] = Array.from({ length: 20 }, (_, i) => ({
    key: `a${String(i).padStart(2, '0')}`,
    attemptScore: 100 - 5 * i,
    items: Object.entries(picks).map(([id, p]) => ({
      questionId: id,
      correct: isRight(id, p[i]),
      pickedOriginal: p[i],
    })),
  }));
  const stats = analyzeItems(attempts, questions);

  it('flags a giveaway as too easy with unused distractors', () => {
    expect(byId(stats, 'EASY')).toMatchObject({
      correctRate: 1,
      discrimination: 0,
      optionPicks: [20, 0, 0, 0],
      unusedDistractors: [1, 2, 3],
      flags: ['unused_distractor', 'too_easy'],
    });
  });

  it('flags a question most get wrong as too hard', () => {
    const hard = byId(stats, 'HARD');
    expect(hard.correctRate).toBeCloseTo(0.15, 10);
    expect(hard.flags).toEqual(['too_hard']);
    // Groups of round(5.4) = 5: upper 3/5 right, lower 0/5 → 0.6.
    expect(hard.groupSize).toBe(5);
    expect(hard.discrimination).toBeCloseTo(0.6, 10);
  });

  it('flags a wrong option nobody picked', () => {
    expect(byId(stats, 'DEAD')).toMatchObject({
      optionPicks: [12, 4, 4, 0],
      unusedDistractors: [3],
      flags: ['unused_distractor'],
    });
  });

  it('uses strict thresholds: 0.95 is not too easy, 0.2 is not too hard', () => {
    expect(byId(stats, 'TF95')).toMatchObject({ correctRate: 0.95, flags: [] });
    expect(byId(stats, 'TF20')).toMatchObject({ correctRate: 0.2, flags: [] });
  });

  it('counts every option of a multiple-choice pick; a correct option is never a distractor', () => {
    expect(byId(stats, 'MULTI')).toMatchObject({
      correctRate: 0.5,
      optionPicks: [20, 10, 5, 0],
      unusedDistractors: [3],
      flags: ['unused_distractor'],
    });
  });

  it('raises no rate or distractor flags below 20 attempts', () => {
    expect(MIN_ATTEMPTS_FOR_FLAGS).toBe(20);
    const fewer = analyzeItems(attempts.slice(0, 19), questions);
    expect(byId(fewer, 'EASY').flags).toEqual([]);
    expect(byId(fewer, 'DEAD').unusedDistractors).toEqual([]);
  });
});

describe('analyzeItems: scale', () => {
  it('handles 3,000 attempts × 30 items from a 300-question bank quickly', () => {
    const rng = seededRng(5);
    const bank = Array.from({ length: 300 }, (_, i) => ({ id: `b${i}`, options: four, answer: [i % 4] }));
    // 30 distinct questions per attempt: a random start, stepping by 7 (coprime with 300).
    const attempts: AnalysisAttempt[] = Array.from({ length: 3000 }, (_, a) => {
      const start = rng(300);
      return {
        key: `a${a}`,
        attemptScore: rng(101),
        items: Array.from({ length: 30 }, (_, k) => {
          const q = bank[(start + 7 * k) % 300];
          const pick = rng(4);
          return { questionId: q.id, correct: pick === q.answer[0], pickedOriginal: [pick] };
        }),
      };
    });
    const started = Date.now();
    const stats = analyzeItems(attempts, bank);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(stats.reduce((n, s) => n + s.n, 0)).toBe(90_000);
    expect(stats.every((s) => s.optionPicks.reduce((a, b) => a + b, 0) === s.n)).toBe(true);
  });
});
