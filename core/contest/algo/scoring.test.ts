import { AppError, ErrorCode } from '../../errors';
import {
  allocateAwards,
  assertRubric,
  type AwardCandidate,
  bandFor,
  computeScores,
  criterionMax,
  organisationAward,
  rankEntries,
  round2,
  type Rubric,
  RubricError,
  type ScoreSheet,
  ScoreSheetError,
  sheetTotal,
  tierQuota,
  validateRubric,
} from './scoring';

/** 内容 60 % (0–10), 表达 40 % (0–5). Total = 60·c/10 + 40·e/5 = 6c + 8e. */
const RUBRIC: Rubric = {
  criteria: [
    {
      key: 'content',
      title: '内容',
      weight: 60,
      bands: [
        { min: 0, max: 5, descriptor: '立意不清' },
        { min: 6, max: 8, descriptor: '立意明确' },
        { min: 9, max: 10, descriptor: '立意深刻' },
      ],
    },
    {
      key: 'expression',
      title: '表达',
      weight: 40,
      bands: [
        { min: 3, max: 5, descriptor: '生动流畅' }, // listed out of order on purpose
        { min: 0, max: 2, descriptor: '基本通顺' },
      ],
    },
  ],
};

/** One criterion worth 100 on a 0–100 scale: the total is the score itself (keeps the arithmetic readable). */
const PLAIN: Rubric = {
  criteria: [
    {
      key: 'overall',
      title: '总体',
      weight: 100,
      bands: [
        { min: 0, max: 59, descriptor: '一般' },
        { min: 60, max: 79, descriptor: '良好' },
        { min: 80, max: 100, descriptor: '优秀' },
      ],
    },
  ],
};

const sheet = (judgeId: string, entryId: string, overall: number): ScoreSheet => ({
  judgeId,
  entryId,
  scores: { overall },
});

const codes = (r: Rubric) => validateRubric(r).map((p) => p.code);

describe('rubric validation', () => {
  it('accepts a good rubric (bands in any order)', () => {
    expect(validateRubric(RUBRIC)).toEqual([]);
    expect(() => assertRubric(RUBRIC)).not.toThrow();
    expect(criterionMax(RUBRIC.criteria[1])).toBe(5);
  });

  it('weights must be positive and sum to 100', () => {
    const w = (a: number, b: number): Rubric => ({
      criteria: [
        { ...RUBRIC.criteria[0], weight: a },
        { ...RUBRIC.criteria[1], weight: b },
      ],
    });
    expect(codes(w(60, 30))).toEqual(['weight-sum']);
    expect(codes(w(110, -10))).toEqual(['bad-weight']);
    expect(codes(w(100, 0))).toEqual(['bad-weight']);
    // 33.3 + 33.3 + 33.4 = 100.00000000000001 in floating point: accepted.
    const thirds: Rubric = {
      criteria: [33.3, 33.3, 33.4].map((weight, i) => ({ ...PLAIN.criteria[0], key: `k${i}`, weight })),
    };
    expect(codes(thirds)).toEqual([]);
  });

  it('bands must tile 0..max: start at 0, no gaps, no overlaps, whole steps', () => {
    const bands = (...b: [number, number][]): Rubric => ({
      criteria: [
        { key: 'k', title: 'K', weight: 100, bands: b.map(([min, max]) => ({ min, max, descriptor: '' })) },
      ],
    });
    expect(codes(bands([0, 4], [6, 10]))).toEqual(['band-gap']);
    expect(codes(bands([0, 5], [5, 10]))).toEqual(['band-overlap']); // 5 is in both
    expect(codes(bands([1, 5], [6, 10]))).toEqual(['band-start']);
    expect(codes(bands([0, 5.5], [6, 10]))).toEqual(['bad-band', 'band-overlap']);
    expect(codes(bands([0, 0]))).toEqual(['bad-band']); // full marks 0
    expect(codes({ ...bands([0, 3], [3.5, 5]), step: 0.5 })).toEqual([]); // half-point bands
    expect(codes({ criteria: [] })).toEqual(['no-criteria']);
    expect(codes({ ...RUBRIC, step: 0 })).toEqual(['bad-step']);
    expect(codes({ criteria: [RUBRIC.criteria[0], { ...RUBRIC.criteria[1], key: 'content' }] })).toEqual([
      'duplicate-key',
    ]);
    expect(codes({ criteria: [{ ...PLAIN.criteria[0], bands: [] }] })).toEqual(['no-bands']);
  });

  it('assertRubric throws a RubricError (INVALID_ARGUMENT) listing every problem', () => {
    try {
      assertRubric({
        criteria: [{ ...PLAIN.criteria[0], weight: 90, bands: [{ min: 1, max: 10, descriptor: '' }] }],
      });
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toBeInstanceOf(RubricError);
      expect((err as AppError).code).toBe(ErrorCode.INVALID_ARGUMENT);
      expect((err as RubricError).problems.map((p) => p.code)).toEqual(['band-start', 'weight-sum']);
    }
  });

  it('bandFor finds the descriptor for a score', () => {
    expect(bandFor(RUBRIC.criteria[0], 7)?.descriptor).toBe('立意明确');
    expect(bandFor(RUBRIC.criteria[0], 10)?.descriptor).toBe('立意深刻');
    expect(bandFor(RUBRIC.criteria[0], 11)).toBeUndefined();
  });
});

describe('sheetTotal', () => {
  it('weights each criterion by weight / max', () => {
    // 6·8 + 8·4 = 48 + 32 = 80
    expect(sheetTotal(RUBRIC, { judgeId: 'j', entryId: 'e', scores: { content: 8, expression: 4 } })).toBe(
      80,
    );
    // 6·10 + 8·5 = 100; 0 + 0 = 0
    expect(sheetTotal(RUBRIC, { judgeId: 'j', entryId: 'e', scores: { content: 10, expression: 5 } })).toBe(
      100,
    );
    expect(sheetTotal(RUBRIC, { judgeId: 'j', entryId: 'e', scores: { content: 0, expression: 0 } })).toBe(0);
    // Half points with step 0.5: 6·7.5 + 8·2.5 = 45 + 20 = 65
    expect(
      sheetTotal(
        { ...RUBRIC, step: 0.5 },
        { judgeId: 'j', entryId: 'e', scores: { content: 7.5, expression: 2.5 } },
      ),
    ).toBe(65);
  });

  it.each([
    [{ content: 11, expression: 4 }, 'content'], // above max
    [{ content: -1, expression: 4 }, 'content'],
    [{ content: 7.5, expression: 4 }, 'content'], // not a whole step
    [{ content: 8 }, 'expression'], // missing
    [{ content: 8, expression: Number.NaN }, 'expression'],
    [{ content: 8, expression: 4, style: 3 }, 'style'], // unknown criterion
  ] as [Record<string, number>, string][])('rejects %o (criterion %s)', (scores, key) => {
    try {
      sheetTotal(RUBRIC, { judgeId: 'j1', entryId: 'e1', scores });
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toBeInstanceOf(ScoreSheetError);
      expect((err as ScoreSheetError).sheet).toEqual({ judgeId: 'j1', entryId: 'e1', key });
    }
  });
});

describe('computeScores: z-score normalisation', () => {
  // Harsh judge H scores E1–E3: 60, 70, 80. Lenient judge L scores E4–E6: 85, 90, 95.
  const sheets = [
    sheet('H', 'E1', 60),
    sheet('H', 'E2', 70),
    sheet('H', 'E3', 80),
    sheet('L', 'E4', 85),
    sheet('L', 'E5', 90),
    sheet('L', 'E6', 95),
  ];
  const result = computeScores(PLAIN, sheets);
  const get = (id: string) => result.entries.find((e) => e.entryId === id);

  it('computes judge means and population sds', () => {
    // H: mean 70; deviations −10, 0, 10 → variance (100 + 0 + 100) / 3 = 66.67 → sd 8.165
    // L: mean 90; deviations −5, 0, 5 → variance 50 / 3 = 16.67 → sd 4.082
    expect(result.judges).toEqual([
      { judgeId: 'H', sheets: 3, mean: 70, sd: expect.closeTo(8.165, 3), normalised: true },
      { judgeId: 'L', sheets: 3, mean: 90, sd: expect.closeTo(4.082, 3), normalised: true },
    ]);
    // Overall: mean (60 + 70 + 80 + 85 + 90 + 95) / 6 = 480 / 6 = 80;
    // deviations −20, −10, 0, 5, 10, 15 → squares 400 + 100 + 0 + 25 + 100 + 225 = 850 → 850 / 6 = 141.67 → sd 11.902
    expect(result.overall.mean).toBe(80);
    expect(result.overall.sd).toBeCloseTo(11.902, 3);
  });

  it('maps z back to the raw scale: each judge’s best work gets the same normalised score', () => {
    // z(E3) = (80 − 70) / 8.165 = 1.2247 = z(E6) = (95 − 90) / 4.082
    // normalised = 80 + 1.2247 × 11.902 = 80 + 14.577 = 94.58; the worst works: 80 − 14.577 = 65.42
    expect(get('E3')?.z).toBeCloseTo(1.2247, 4);
    expect(round2(get('E3')?.normalised as number)).toBe(94.58);
    expect(round2(get('E6')?.normalised as number)).toBe(94.58);
    expect(round2(get('E1')?.normalised as number)).toBe(65.42);
    expect(round2(get('E4')?.normalised as number)).toBe(65.42);
    expect(get('E2')?.normalised).toBe(80); // z = 0 → overall mean
    expect(get('E4')?.raw).toBe(85);
  });

  it('normalisation changes the order: the harsh judge’s best work overtakes the lenient judge’s average ones', () => {
    const raw = rankEntries(result.entries.map((e) => ({ entryId: e.entryId, score: e.raw })));
    const norm = rankEntries(result.entries.map((e) => ({ entryId: e.entryId, score: e.normalised })));
    // Raw: E6 95, E5 90, E4 85, E3 80, E2 70, E1 60
    expect(raw.map((r) => [r.entryId, r.rank])).toEqual([
      ['E6', 1],
      ['E5', 2],
      ['E4', 3],
      ['E3', 4],
      ['E2', 5],
      ['E1', 6],
    ]);
    // Normalised: E3 = E6 = 94.58 (tie), E2 = E5 = 80 (tie), E1 = E4 = 65.42 (tie)
    expect(norm.map((r) => [r.entryId, r.rank])).toEqual([
      ['E3', 1],
      ['E6', 1],
      ['E2', 3],
      ['E5', 3],
      ['E1', 5],
      ['E4', 5],
    ]);
  });

  it('averages over an entry’s judges: raw mean of totals, normalised from the mean z', () => {
    // X is scored by both: H gives 80 (z = +1.2247 in H's set), L gives 85 (z = −1.2247 in L's set).
    const both = computeScores(PLAIN, [
      sheet('H', 'A', 60),
      sheet('H', 'X', 80),
      sheet('H', 'B', 70),
      sheet('L', 'C', 95),
      sheet('L', 'X', 85),
      sheet('L', 'D', 90),
    ]);
    const x = both.entries.find((e) => e.entryId === 'X');
    expect(x?.judges).toBe(2);
    expect(x?.raw).toBe(82.5); // (80 + 85) / 2
    expect(x?.z).toBeCloseTo(0, 12); // (1.2247 − 1.2247) / 2
    expect(x?.normalised).toBeCloseTo(80, 12); // overall mean 480 / 6 = 80
  });

  it('a judge with one sheet, or all-equal sheets, is not normalised (z = 0)', () => {
    const r = computeScores(PLAIN, [
      sheet('solo', 'A', 99),
      sheet('flat', 'B', 70),
      sheet('flat', 'C', 70),
      sheet('H', 'D', 50),
      sheet('H', 'E', 90),
    ]);
    expect(r.judges.map((j) => [j.judgeId, j.normalised])).toEqual([
      ['H', true],
      ['flat', false],
      ['solo', false],
    ]);
    // overall mean = (99 + 70 + 70 + 50 + 90) / 5 = 379 / 5 = 75.8 → A, B, C sit at the mean
    for (const id of ['A', 'B', 'C'])
      expect(r.entries.find((e) => e.entryId === id)?.normalised).toBeCloseTo(75.8, 10);
  });

  it('rejects a second sheet from the same judge for the same entry, and a bad rubric', () => {
    expect(() => computeScores(PLAIN, [sheet('H', 'A', 60), sheet('H', 'A', 70)])).toThrow(ScoreSheetError);
    expect(() => computeScores({ criteria: [] }, [])).toThrow(RubricError);
    expect(computeScores(PLAIN, [])).toEqual({
      entries: [],
      judges: [],
      overall: { sheets: 0, mean: 0, sd: 0 },
    });
  });
});

describe('rankEntries', () => {
  it('ranks 1, 1, 3 with ties on 2-decimal scores, rounded half up', () => {
    const ranked = rankEntries([
      { entryId: 'c', score: 90 },
      { entryId: 'a', score: 86.665 }, // rounds to 86.67 (86.665 × 100 is 8666.4999… in binary)
      { entryId: 'b', score: 86.67 },
      { entryId: 'd', score: 86.664 }, // 86.66
      { entryId: 'e', score: 95.004 }, // 95.00
      { entryId: 'f', score: 94.996 }, // 95.00
    ]);
    expect(ranked.map((r) => [r.entryId, r.rank])).toEqual([
      ['e', 1],
      ['f', 1],
      ['c', 3],
      ['a', 4],
      ['b', 4],
      ['d', 6],
    ]);
    expect(round2(86.665)).toBe(86.67);
    expect(round2(2.675)).toBe(2.68);
  });
});

describe('allocateAwards', () => {
  const group = (scores: number[], category = 'essay', g = '小学'): AwardCandidate[] =>
    scores.map((score, i) => ({
      entryId: `${category}-${g}-${String(i).padStart(2, '0')}`,
      category,
      group: g,
      score,
    }));

  it('ties across a boundary all get the higher tier; the next tier shrinks', () => {
    // 10 entries: 95 | 92 92 | 88 85 85 85 | 80 70 60
    // first 10 % → round(1.0) = 1; second 20 % → 2; third 30 % → 3. Cumulative boundaries 1, 3, 6.
    // first: position 0 (95). second: positions 1–2 (92, 92). third: positions 3–5 (88, 85, 85), but
    // position 6 is another 85 tied with position 5 → pulled in: third = 4 awards, tiedOver 1.
    const { entries, report } = allocateAwards(group([95, 92, 92, 88, 85, 85, 85, 80, 70, 60]), [
      { tier: 'first', share: 0.1 },
      { tier: 'second', share: 0.2 },
      { tier: 'third', share: 0.3 },
    ]);
    expect(entries.map((e) => [e.score, e.rank, e.tier])).toEqual([
      [95, 1, 'first'],
      [92, 2, 'second'],
      [92, 2, 'second'],
      [88, 4, 'third'],
      [85, 5, 'third'],
      [85, 5, 'third'],
      [85, 5, 'third'],
      [80, 8, null],
      [70, 9, null],
      [60, 10, null],
    ]);
    expect(report.map((r) => [r.tier, r.quota, r.awarded, r.tiedOver])).toEqual([
      ['first', 1, 1, 0],
      ['second', 2, 2, 0],
      ['third', 3, 4, 1],
    ]);
  });

  it('a tie at the first boundary takes a place from the second tier', () => {
    // 90 90 | 80 | 70 …: first count 1 → both 90s (tiedOver 1); second boundary 1 + 2 = 3 → only 80 left.
    const { entries, report } = allocateAwards(group([90, 90, 80, 70, 60]), [
      { tier: 'first', count: 1 },
      { tier: 'second', count: 2 },
    ]);
    expect(entries.map((e) => e.tier)).toEqual(['first', 'first', 'second', null, null]);
    expect(report.map((r) => [r.tier, r.quota, r.awarded, r.tiedOver])).toEqual([
      ['first', 1, 2, 1],
      ['second', 2, 1, 0],
    ]);
  });

  it('allocates per category × group independently', () => {
    const { entries, report } = allocateAwards(
      [
        ...group([70, 80], 'photo', '初中'),
        ...group([50, 60, 90], 'essay', '小学'),
        ...group([10], 'essay', '初中'),
      ],
      [{ tier: 'first', count: 1 }],
    );
    expect(entries.map((e) => [e.category, e.group, e.score, e.tier])).toEqual([
      ['essay', '初中', 10, 'first'],
      ['essay', '小学', 90, 'first'],
      ['essay', '小学', 60, null],
      ['essay', '小学', 50, null],
      ['photo', '初中', 80, 'first'],
      ['photo', '初中', 70, null],
    ]);
    expect(report).toHaveLength(3);
  });

  it('shares round half up, with at least one award for a positive share', () => {
    expect(tierQuota({ tier: 'first', share: 0.1 }, 25)).toBe(3); // 2.5 → 3
    expect(tierQuota({ tier: 'first', share: 0.15 }, 30)).toBe(5); // 4.5 → 5
    expect(tierQuota({ tier: 'first', share: 0.29 }, 50)).toBe(15); // 14.5, computed as 14.499999999999998
    expect(tierQuota({ tier: 'first', share: 0.1 }, 24)).toBe(2); // 2.4 → 2
    expect(tierQuota({ tier: 'first', share: 0.01 }, 30)).toBe(1); // 0.3 → 0 → at least 1
    expect(tierQuota({ tier: 'first', share: 0.01 }, 0)).toBe(0); // empty group
    expect(tierQuota({ tier: 'first', share: 0 }, 30)).toBe(0);
    expect(tierQuota({ tier: 'first', count: 4 }, 30)).toBe(4);
  });

  it('never awards more than the group has, and validates tiers', () => {
    const { entries, report } = allocateAwards(group([50, 40]), [
      { tier: 'first', count: 1 },
      { tier: 'second', count: 5 },
      { tier: 'third', share: 0.5 },
    ]);
    expect(entries.map((e) => e.tier)).toEqual(['first', 'second']);
    expect(report.map((r) => r.awarded)).toEqual([1, 1, 0]);
    expect(() => allocateAwards([], [])).toThrow(RangeError);
    expect(() => allocateAwards([], [{ tier: 'first' }])).toThrow(/exactly one/);
    expect(() => allocateAwards([], [{ tier: 'first', count: 1, share: 0.1 }])).toThrow(/exactly one/);
    expect(() => allocateAwards([], [{ tier: 'first', share: 1.5 }])).toThrow(/between 0 and 1/);
    expect(() => allocateAwards([], [{ tier: 'first', count: -1 }])).toThrow(/non-negative/);
    expect(() =>
      allocateAwards(
        [],
        [
          { tier: 'first', count: 1 },
          { tier: 'first', count: 1 },
        ],
      ),
    ).toThrow(/twice/);
  });
});

describe('organisationAward', () => {
  it('ranks by awarded per 1,000 students, then entries per student, ties exact', () => {
    const ranking = organisationAward([
      { schoolId: 'A', students: 1000, entries: 120, awarded: 6 }, // 6.0 ‰, 0.12
      { schoolId: 'B', students: 500, entries: 80, awarded: 3 }, // 6.0 ‰, 0.16
      { schoolId: 'C', students: 2000, entries: 100, awarded: 4 }, // 2.0 ‰, 0.05
      { schoolId: 'D', students: 250, entries: 40, awarded: 1 }, // 4.0 ‰, 0.16
      { schoolId: 'E', students: 500, entries: 60, awarded: 3 }, // 6.0 ‰, 0.12 — exactly A's ratios
      { schoolId: 'F', students: 0, entries: 5, awarded: 1 }, // no student count: unranked
    ]);
    expect(ranking.map((s) => [s.schoolId, s.rank])).toEqual([
      ['B', 1],
      ['A', 2],
      ['E', 2],
      ['D', 4],
      ['C', 5],
      ['F', null],
    ]);
    expect(ranking[0]).toMatchObject({ awardedPer1000: 6, entriesPerStudent: 0.16 });
    expect(ranking[3]).toMatchObject({ awardedPer1000: 4, entriesPerStudent: 0.16 });
  });

  it('rejects impossible counts', () => {
    expect(() => organisationAward([{ schoolId: 'A', students: 10, entries: 1, awarded: 2 }])).toThrow(
      RangeError,
    );
    expect(() => organisationAward([{ schoolId: 'A', students: -1, entries: 1, awarded: 0 }])).toThrow(
      RangeError,
    );
    expect(() => organisationAward([{ schoolId: 'A', students: 10.5, entries: 1, awarded: 0 }])).toThrow(
      RangeError,
    );
  });
});
