import {
  difficultyCounts,
  drawQuestions,
  DrawShortfallError,
  DrawSpecError,
  isPermutation,
  MAX_DRAW_COUNT,
  presentQuestion,
  shuffleOptions,
  validateDrawSpec,
  type DrawSpec,
} from './draw';
import { seededRng } from './rng';
import type { Difficulty, QuizQuestion, Rng } from './types';

let serial = 0;
/** A question with sensible defaults; only what a test cares about is spelled out. */
function q(over: Partial<QuizQuestion> = {}): QuizQuestion {
  serial++;
  return {
    id: `q${serial}`,
    type: 'single',
    stem: `第 ${serial} 题的题干`,
    options: ['甲', '乙', '丙', '丁'],
    answer: [1],
    explanation: '解析',
    source: '《中华人民共和国网络安全法》',
    topics: ['网络安全法'],
    stages: ['junior'],
    difficulty: 2,
    ...over,
  };
}

/** `n` questions of one topic/difficulty/stage combination. */
function many(n: number, over: Partial<QuizQuestion>): QuizQuestion[] {
  return Array.from({ length: n }, () => q(over));
}

/** An rng that replays scripted values (and records what it was asked), for hand-derivable shuffles. */
function scripted(values: number[]): Rng & { calls: number[] } {
  const calls: number[] = [];
  const rng = ((max: number) => {
    calls.push(max);
    const v = values.shift();
    if (v === undefined) throw new Error('script exhausted');
    return v;
  }) as Rng & { calls: number[] };
  rng.calls = calls;
  return rng;
}

const ids = (qs: readonly { id: string }[]) => qs.map((x) => x.id);
const countWhere = <T>(xs: readonly T[], p: (x: T) => boolean) => xs.filter(p).length;

describe('drawQuestions: stage filter and no duplicates', () => {
  const primary = many(6, { stages: ['primary'] });
  const senior = many(6, { stages: ['senior'] });
  const both = many(4, { stages: ['primary', 'parent'] });
  const pool = [...primary, ...senior, ...both];

  it('draws only questions written for one of the spec’s stages', () => {
    const allowed = new Set(ids([...primary, ...both]));
    for (let seed = 0; seed < 50; seed++) {
      const drawn = drawQuestions(pool, { count: 8, stages: ['primary'] }, seededRng(seed));
      expect(drawn).toHaveLength(8);
      expect(drawn.every((x) => allowed.has(x.id))).toBe(true);
    }
  });

  it('takes every eligible question when count equals the eligible pool, each once', () => {
    const drawn = drawQuestions(pool, { count: 10, stages: ['primary'] }, seededRng(1));
    expect(new Set(ids(drawn))).toEqual(new Set(ids([...primary, ...both])));
  });

  it('a question of several stages is eligible for any of them and still drawn once', () => {
    const drawn = drawQuestions(pool, { count: 4, stages: ['parent', 'primary'] }, seededRng(3));
    expect(new Set(ids(drawn)).size).toBe(4);
  });

  it('never yields an id twice, even if the pool repeats a question', () => {
    const a = q({ stages: ['junior'] });
    const b = q({ stages: ['junior'] });
    const repeated = [a, a, { ...a }, b, b];
    for (let seed = 0; seed < 20; seed++) {
      expect(ids(drawQuestions(repeated, { count: 2, stages: ['junior'] }, seededRng(seed))).sort()).toEqual(
        [a.id, b.id].sort(),
      );
    }
    // Only two distinct ids exist: three is a shortfall, not a duplicate.
    expect(() => drawQuestions(repeated, { count: 3, stages: ['junior'] }, seededRng(0))).toThrow(
      DrawShortfallError,
    );
  });

  it('returns the caller’s own objects (admin questions keep ownerUnit)', () => {
    const own = [{ ...q(), ownerUnit: '某某中学' }];
    const [drawn] = drawQuestions(own, { count: 1, stages: ['junior'] }, seededRng(0));
    expect(drawn.ownerUnit).toBe('某某中学');
  });
});

describe('drawQuestions: randomness', () => {
  const pool = many(30, { stages: ['senior'] });
  const spec: DrawSpec = { count: 5, stages: ['senior'] };

  it('is reproducible for a seed and differs between seeds', () => {
    expect(ids(drawQuestions(pool, spec, seededRng(42)))).toEqual(
      ids(drawQuestions(pool, spec, seededRng(42))),
    );
    const distinct = new Set(
      Array.from({ length: 20 }, (_, s) => ids(drawQuestions(pool, spec, seededRng(s))).join()),
    );
    expect(distinct.size).toBe(20);
  });

  it('reaches every eligible question across draws (the random fill is not stuck on the first ones)', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 100; seed++)
      ids(drawQuestions(pool, spec, seededRng(seed))).forEach((i) => seen.add(i));
    expect(seen.size).toBe(30);
  });

  it('takes its randomness only from the rng it is given', () => {
    let calls = 0;
    const counting: Rng = (max) => {
      calls++;
      return seededRng(calls)(max);
    };
    drawQuestions(pool, spec, counting);
    // 29 calls to shuffle the 30 eligible questions, 4 to shuffle the 5 chosen.
    expect(calls).toBe(29 + 4);
  });

  it('refuses a broken rng instead of drawing a biased quiz', () => {
    expect(() => drawQuestions(pool, spec, () => 30)).toThrow(RangeError);
    expect(() => drawQuestions(pool, spec, () => 0.5)).toThrow(RangeError);
  });
});

describe('drawQuestions: topic counts and difficulty shares', () => {
  const pool = [
    ...many(6, { topics: ['防诈骗'], difficulty: 1 }),
    ...many(6, { topics: ['防诈骗'], difficulty: 3 }),
    ...many(4, { topics: ['网络谣言'], difficulty: 2 }),
    ...many(3, { topics: ['防诈骗', '网络谣言'], difficulty: 2 }),
    ...many(20, { topics: ['网络安全法'], difficulty: 1 }),
    ...many(20, { topics: ['网络安全法'], difficulty: 2 }),
    ...many(20, { topics: ['网络安全法'], difficulty: 3 }),
  ];
  const spec: DrawSpec = {
    count: 10,
    stages: ['junior'],
    mix: { topics: { 防诈骗: 3, 网络谣言: 2 }, difficulty: { 1: 0.3, 2: 0.5, 3: 0.2 } },
  };

  it('validates as drawable', () => {
    expect(validateDrawSpec(spec, pool)).toEqual([]);
  });

  it('meets every topic minimum and the exact difficulty counts in every draw', () => {
    for (let seed = 0; seed < 200; seed++) {
      const drawn = drawQuestions(pool, spec, seededRng(seed));
      expect(drawn).toHaveLength(10);
      expect(new Set(ids(drawn)).size).toBe(10);
      const fraud = countWhere(drawn, (x) => x.topics.includes('防诈骗'));
      const rumour = countWhere(drawn, (x) => x.topics.includes('网络谣言'));
      const either = countWhere(drawn, (x) => x.topics.includes('防诈骗') || x.topics.includes('网络谣言'));
      expect(fraud).toBeGreaterThanOrEqual(3);
      expect(rumour).toBeGreaterThanOrEqual(2);
      // One question counts toward one quota only: 3 + 2 distinct questions carry the two topics.
      expect(either).toBeGreaterThanOrEqual(5);
      // 10 × (0.3, 0.5, 0.2) = 3 / 5 / 2 exactly.
      expect([1, 2, 3].map((d) => countWhere(drawn, (x) => x.difficulty === d))).toEqual([3, 5, 2]);
    }
  });

  it('solves overlapping topics a greedy pick could strand (one question carries both topics)', () => {
    // A needs 1, B needs 1; x has A and B, y has only A. Taking x for A leaves B nothing; the draw must take y for A.
    const x = q({ topics: ['防诈骗', '防沉迷'], stages: ['parent'] });
    const y = q({ topics: ['防诈骗'], stages: ['parent'] });
    const overlap: DrawSpec = { count: 2, stages: ['parent'], mix: { topics: { 防诈骗: 1, 防沉迷: 1 } } };
    for (let seed = 0; seed < 20; seed++) {
      expect(ids(drawQuestions([x, y], overlap, seededRng(seed))).sort()).toEqual([x.id, y.id].sort());
    }
  });

  it('draws no question of a difficulty whose share is 0', () => {
    const easyOnly: DrawSpec = { count: 8, stages: ['junior'], mix: { difficulty: { 1: 1 } } };
    for (let seed = 0; seed < 20; seed++) {
      expect(drawQuestions(pool, easyOnly, seededRng(seed)).every((x) => x.difficulty === 1)).toBe(true);
    }
  });

  it('treats an empty difficulty object as no difficulty requirement', () => {
    expect(validateDrawSpec({ count: 5, stages: ['junior'], mix: { difficulty: {} } }, pool)).toEqual([]);
  });
});

describe('difficultyCounts (largest remainder)', () => {
  it.each<[number, Partial<Record<Difficulty, number>>, Record<Difficulty, number>]>([
    [10, { 1: 0.3, 2: 0.5, 3: 0.2 }, { 1: 3, 2: 5, 3: 2 }],
    // 3.5 / 1.75 / 1.75 → floors 3/1/1, two seats left go to the .75 remainders.
    [7, { 1: 0.5, 2: 0.25, 3: 0.25 }, { 1: 3, 2: 2, 3: 2 }],
    // 3.33 each → 3/3/3, the one seat left goes to the easiest on a tie.
    [10, { 1: 1 / 3, 2: 1 / 3, 3: 1 / 3 }, { 1: 4, 2: 3, 3: 3 }],
    // 0.29 × 100 is 28.999999999999996 in floats: still 29.
    [100, { 1: 0.29, 2: 0.71 }, { 1: 29, 2: 71, 3: 0 }],
    [1, { 2: 0.5, 3: 0.5 }, { 1: 0, 2: 1, 3: 0 }],
  ])('%i questions at %j → %j', (count, shares, expected) => {
    const counts = difficultyCounts(count, shares);
    expect(counts).toEqual(expected);
    expect(counts[1] + counts[2] + counts[3]).toBe(count);
  });
});

describe('shortfall errors', () => {
  const catchShortfall = (pool: QuizQuestion[], spec: DrawSpec) => {
    try {
      drawQuestions(pool, spec, seededRng(0));
    } catch (e) {
      expect(e).toBeInstanceOf(DrawShortfallError);
      // The same problems the admin saw when the quiz was created.
      expect((e as DrawShortfallError).problems).toEqual(validateDrawSpec(spec, pool));
      return (e as DrawShortfallError).problems;
    }
    throw new Error('expected a shortfall');
  };

  it('names the stages when too few questions are written for them', () => {
    const pool = [...many(3, { stages: ['primary'] }), ...many(10, { stages: ['senior'] })];
    expect(catchShortfall(pool, { count: 5, stages: ['primary'] })).toEqual([
      { kind: 'count', needed: 5, available: 3, message: '适用于小学的题目共 3 题，不足每次答题的 5 题' },
    ]);
  });

  it('names the topic that lacks questions (counting only eligible stages)', () => {
    const pool = [
      ...many(2, { topics: ['防沉迷'], stages: ['junior'] }),
      ...many(5, { topics: ['防沉迷'], stages: ['primary'] }),
      ...many(10, { topics: ['网络安全法'], stages: ['junior'] }),
    ];
    const problems = catchShortfall(pool, { count: 6, stages: ['junior'], mix: { topics: { 防沉迷: 3 } } });
    expect(problems).toEqual([
      {
        kind: 'topic',
        topic: '防沉迷',
        needed: 3,
        available: 2,
        message: '主题「防沉迷」需要 3 题，适用于初中的只有 2 题',
      },
    ]);
  });

  it('names the difficulty that lacks questions, with the count its share works out to', () => {
    const pool = [...many(10, { difficulty: 1 }), ...many(1, { difficulty: 3 })];
    const problems = catchShortfall(pool, {
      count: 10,
      stages: ['junior'],
      mix: { difficulty: { 1: 0.8, 3: 0.2 } },
    });
    expect(problems).toEqual([
      {
        kind: 'difficulty',
        difficulty: 3,
        needed: 2,
        available: 1,
        message: '难度「难」按比例需要 2 题，适用于初中的只有 1 题',
      },
    ]);
  });

  it('reports several shortfalls at once', () => {
    const pool = many(4, { topics: ['网络安全法'], difficulty: 2 });
    const kinds = catchShortfall(pool, {
      count: 5,
      stages: ['junior'],
      mix: { topics: { 防诈骗: 1 }, difficulty: { 2: 0.5, 3: 0.5 } },
    }).map((p) => [p.kind, 'difficulty' in p ? p.difficulty : null]);
    // 5 × (0.5, 0.5) = 2.5 / 2.5 → 3 中 (tie to the easier) + 2 难: only 难 lacks.
    expect(kinds).toEqual([
      ['count', null],
      ['topic', null],
      ['difficulty', 3],
    ]);
  });

  it('names the competing topics when each is met alone but not together', () => {
    // 防诈骗 and 防沉迷 need 2 each, but the only 3 such questions are shared: at most 3 of the 4 quota seats fill.
    const pool = [...many(3, { topics: ['防诈骗', '防沉迷'] }), ...many(10, { topics: ['网络安全法'] })];
    const problems = catchShortfall(pool, {
      count: 6,
      stages: ['junior'],
      mix: { topics: { 防诈骗: 2, 防沉迷: 2 } },
    });
    expect(problems).toEqual([
      {
        kind: 'combination',
        topics: ['防诈骗', '防沉迷'],
        difficulties: [],
        needed: 6,
        available: 5,
        message:
          '题库无法同时满足主题「防诈骗」、主题「防沉迷」的要求：按这些要求最多只能抽出 5 题，需要 6 题',
      },
    ]);
  });

  it('names the topic and difficulty that conflict (all of a topic’s questions are hard, few hard allowed)', () => {
    const pool = [
      ...many(3, { topics: ['网络谣言'], difficulty: 3 }),
      ...many(10, { topics: ['网络安全法'], difficulty: 1 }),
      ...many(10, { topics: ['网络安全法'], difficulty: 3 }),
    ];
    const problems = catchShortfall(pool, {
      count: 10,
      stages: ['junior'],
      mix: { topics: { 网络谣言: 3 }, difficulty: { 1: 0.9, 3: 0.1 } },
    });
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'combination',
        topics: ['网络谣言'],
        difficulties: [3],
        needed: 10,
        available: 8,
      }),
    ]);
    expect(problems[0].message).toBe(
      '题库无法同时满足主题「网络谣言」、难度「难」的要求：按这些要求最多只能抽出 8 题，需要 10 题',
    );
  });

  it('error message joins every problem, so a log line says it all', () => {
    const pool = many(2, {});
    expect(() => drawQuestions(pool, { count: 3, stages: ['junior'] }, seededRng(0))).toThrow(
      '适用于初中的题目共 2 题，不足每次答题的 3 题',
    );
  });
});

describe('validateDrawSpec / DrawSpecError: malformed specs', () => {
  const pool = many(20, {});
  const fieldsOf = (spec: unknown) =>
    validateDrawSpec(spec as DrawSpec, pool).map((p) => [p.kind, 'field' in p && p.field]);

  it.each<[string, unknown, string[]]>([
    ['count 0', { count: 0, stages: ['junior'] }, ['count']],
    ['count above the maximum', { count: MAX_DRAW_COUNT + 1, stages: ['junior'] }, ['count']],
    ['fractional count', { count: 2.5, stages: ['junior'] }, ['count']],
    ['no stages', { count: 5, stages: [] }, ['stages']],
    ['unknown stage', { count: 5, stages: ['college'] }, ['stages']],
    ['unknown topic', { count: 5, stages: ['junior'], mix: { topics: { 黑客: 1 } } }, ['mix.topics.黑客']],
    [
      'negative topic count',
      { count: 5, stages: ['junior'], mix: { topics: { 防诈骗: -1 } } },
      ['mix.topics.防诈骗'],
    ],
    [
      'topic counts over count',
      { count: 5, stages: ['junior'], mix: { topics: { 防诈骗: 3, 防沉迷: 3 } } },
      ['mix.topics'],
    ],
    [
      'shares not summing to 1',
      { count: 5, stages: ['junior'], mix: { difficulty: { 1: 0.5, 2: 0.4 } } },
      ['mix.difficulty'],
    ],
    [
      'share above 1',
      { count: 5, stages: ['junior'], mix: { difficulty: { 1: 1.5 } } },
      ['mix.difficulty.1'],
    ],
    [
      'unknown difficulty',
      { count: 5, stages: ['junior'], mix: { difficulty: { 4: 1 } } },
      ['mix.difficulty.4'],
    ],
    ['mix not an object', { count: 5, stages: ['junior'], mix: 'lots' }, ['mix']],
    ['no spec at all', null, ['count', 'stages']],
  ])('%s', (_name, spec, fields) => {
    expect(fieldsOf(spec)).toEqual(fields.map((f) => ['spec', f]));
    expect(() => drawQuestions(pool, spec as DrawSpec, seededRng(0))).toThrow(DrawSpecError);
  });

  it('accepts shares that sum to 1 up to float error (0.3 + 0.6 + 0.1 ≠ 1 in floats)', () => {
    expect(0.3 + 0.6 + 0.1).not.toBe(1);
    const spread = [
      ...many(10, { difficulty: 1 }),
      ...many(10, { difficulty: 2 }),
      ...many(10, { difficulty: 3 }),
    ];
    expect(
      validateDrawSpec(
        { count: 10, stages: ['junior'], mix: { difficulty: { 1: 0.3, 2: 0.6, 3: 0.1 } } },
        spread,
      ),
    ).toEqual([]);
  });

  it('gives admins Chinese messages', () => {
    const [problem] = validateDrawSpec(
      { count: 5, stages: ['junior'], mix: { topics: { 防诈骗: 3, 防沉迷: 3 } } },
      pool,
    );
    expect(problem.message).toBe('各主题题数合计 6 题，超过了每次答题的 5 题');
  });

  it('does not depend on pool order (validation is deterministic)', () => {
    const mixed = [...many(2, { topics: ['防诈骗', '防沉迷'] }), ...many(5, {})];
    const spec: DrawSpec = { count: 5, stages: ['junior'], mix: { topics: { 防诈骗: 2, 防沉迷: 1 } } };
    expect(validateDrawSpec(spec, mixed)).toEqual(validateDrawSpec(spec, [...mixed].reverse()));
  });
});

describe('shuffleOptions', () => {
  const question = q({ options: ['甲', '乙', '丙', '丁'] });

  it('follows Fisher–Yates from the end with the rng’s picks (hand-derived order)', () => {
    // [0,1,2,3]: i=3 rng(4)→0 swaps 3↔0 → [3,1,2,0]; i=2 rng(3)→2 stays; i=1 rng(2)→0 swaps → [1,3,2,0].
    const rng = scripted([0, 2, 0]);
    expect(shuffleOptions(question, rng)).toEqual({ order: [1, 3, 2, 0] });
    expect(rng.calls).toEqual([4, 3, 2]);
  });

  it('gives a known order for a seed', () => {
    expect(shuffleOptions(question, seededRng(2026)).order).toEqual(
      shuffleOptions(question, seededRng(2026)).order,
    );
    expect(shuffleOptions(question, seededRng(2026)).order).toEqual([2, 3, 0, 1]);
  });

  it('always returns a permutation, for 2–6 options', () => {
    const rng = seededRng(9);
    for (let n = 2; n <= 6; n++) {
      const options = Array.from({ length: n }, (_, i) => `选项${i}`);
      for (let k = 0; k < 50; k++)
        expect(isPermutation(shuffleOptions(q({ options }), rng).order, n)).toBe(true);
    }
  });

  it('is roughly uniform over the 24 orders of 4 options', () => {
    const rng = seededRng(1);
    const tally = new Map<string, number>();
    for (let k = 0; k < 24_000; k++) {
      const key = shuffleOptions(question, rng).order.join('');
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    expect(tally.size).toBe(24);
    for (const n of tally.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('keeps 正确 before 错误 for true/false and uses no randomness', () => {
    const rng = scripted([]);
    expect(shuffleOptions(q({ type: 'truefalse', options: ['正确', '错误'], answer: [1] }), rng)).toEqual({
      order: [0, 1],
    });
    expect(shuffleOptions(q({ type: 'truefalse', options: ['错误', '正确'], answer: [0] }), rng)).toEqual({
      order: [1, 0],
    });
    expect(rng.calls).toEqual([]);
  });
});

describe('presentQuestion', () => {
  const question = {
    ...q({ options: ['甲', '乙', '丙', '丁'], answer: [2], explanation: '因为丙', source: '某法第一条' }),
    facts: ['事实'],
    ownerUnit: '某中学',
  };

  it('shows the options in the attempt’s order', () => {
    expect(presentQuestion(question, [2, 0, 3, 1])).toEqual({
      id: question.id,
      type: 'single',
      stem: question.stem,
      options: ['丙', '甲', '丁', '乙'],
    });
  });

  it('leaks nothing but id, type, stem and options (no answer, explanation or source)', () => {
    const shown = presentQuestion(question, [1, 0, 2, 3]);
    expect(Object.keys(shown).sort()).toEqual(['id', 'options', 'stem', 'type']);
    const json = JSON.stringify(shown);
    for (const key of [
      'answer',
      'explanation',
      'source',
      'facts',
      'topics',
      'stages',
      'difficulty',
      'ownerUnit',
    ]) {
      expect(json).not.toContain(`"${key}"`);
    }
    expect(json).not.toContain('因为丙');
    expect(json).not.toContain('某法第一条');
  });

  it('does not share the question’s options array (editing the view cannot corrupt the bank)', () => {
    const shown = presentQuestion(question, [0, 1, 2, 3]);
    shown.options[0] = '改';
    expect(question.options[0]).toBe('甲');
  });

  it.each([[[0, 1, 2]], [[0, 1, 2, 2]], [[0, 1, 2, 4]], [[0, 1, 2, 1.5]]])('refuses order %j', (order) => {
    expect(() => presentQuestion(question, order)).toThrow(RangeError);
  });
});

describe('drawQuestions: scale', () => {
  it('draws 50 from a 5,000-question pool with a topic and difficulty mix quickly', () => {
    const topics = ['网络安全法', '防诈骗', '防沉迷', '网络谣言', '个人信息保护'] as const;
    const pool = Array.from({ length: 5000 }, (_, i) =>
      q({
        topics: [topics[i % 5], topics[(i * 7) % 5]],
        difficulty: ((i % 3) + 1) as Difficulty,
        stages: [(['primary', 'junior', 'senior', 'parent'] as const)[i % 4]],
      }),
    );
    const spec: DrawSpec = {
      count: 50,
      stages: ['junior', 'senior'],
      mix: { topics: { 防诈骗: 10, 防沉迷: 10, 网络谣言: 5 }, difficulty: { 1: 0.3, 2: 0.4, 3: 0.3 } },
    };
    const started = Date.now();
    const drawn = drawQuestions(pool, spec, seededRng(11));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(new Set(ids(drawn)).size).toBe(50);
    expect([1, 2, 3].map((d) => countWhere(drawn, (x) => x.difficulty === d))).toEqual([15, 20, 15]);
  });
});
