import { FACTS } from './facts';
import {
  QUESTION_BANK,
  QUIZ_STAGES,
  QUIZ_TOPICS,
  questionById,
  type BankQuestion,
  type QuestionType,
  type QuizStage,
  type QuizTopic,
} from './index';

const TRUE_FALSE = ['正确', '错误'];
const len = (s: string): number => Array.from(s).length;
/** Strip whitespace, punctuation and symbols (ASCII and CJK) so near-identical stems compare equal. */
const normalise = (s: string): string => s.replace(/[\s\p{P}\p{S}]/gu, '');
/** Everything a user or an auditor reads for a question. */
const allText = (q: BankQuestion): string => [q.stem, ...q.options, q.explanation, q.source].join('\n');
/** What the question asserts as true: a 正确 statement, the correct options and the explanation. */
const claims = (q: BankQuestion): string[] => [
  ...(q.type === 'truefalse' && q.answer[0] === 0 ? [q.stem] : []),
  ...(q.type === 'truefalse' ? [] : q.answer.map((i) => q.options[i])),
  q.explanation,
];
const countBy = <K extends string | number>(keys: K[]): Map<K, number> => {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};

describe('question bank: every question', () => {
  it('has a unique, well-formed id, and questionById finds it', () => {
    const ids = QUESTION_BANK.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of QUESTION_BANK) {
      expect(q.id).toMatch(/^[a-z]+-\d{3}$/);
      expect(questionById(q.id)).toBe(q);
    }
    expect(questionById('no-such-999')).toBeUndefined();
  });

  it.each(QUESTION_BANK.map((q) => [q.id, q] as const))('%s is well formed', (_id, q) => {
    expect(q.stem.trim()).not.toBe('');
    expect(q.explanation.trim()).not.toBe('');
    expect(q.source.trim()).not.toBe('');
    expect(len(q.stem)).toBeLessThanOrEqual(120);
    expect(len(q.explanation)).toBeLessThanOrEqual(200);

    expect(q.facts.length).toBeGreaterThanOrEqual(1);
    for (const f of q.facts) expect(Object.keys(FACTS)).toContain(f);
    expect(new Set(q.facts).size).toBe(q.facts.length);

    expect(q.topics.length).toBeGreaterThanOrEqual(1);
    for (const t of q.topics) expect(QUIZ_TOPICS).toContain(t);
    expect(new Set(q.topics).size).toBe(q.topics.length);
    expect(q.stages.length).toBeGreaterThanOrEqual(1);
    for (const s of q.stages) expect(QUIZ_STAGES).toContain(s);
    expect(new Set(q.stages).size).toBe(q.stages.length);
    expect([1, 2, 3]).toContain(q.difficulty);

    // answers: in range, unique, ascending
    for (const i of q.answer) {
      expect(Number.isInteger(i)).toBe(true);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(q.options.length);
    }
    expect([...q.answer].sort((a, b) => a - b)).toEqual(q.answer);
    expect(new Set(q.answer).size).toBe(q.answer.length);

    // options: no duplicates (also after normalising), non-empty
    expect(new Set(q.options.map(normalise)).size).toBe(q.options.length);
    for (const o of q.options) expect(o.trim()).not.toBe('');

    switch (q.type) {
      case 'truefalse':
        expect(q.options).toEqual(TRUE_FALSE);
        expect(q.answer).toHaveLength(1);
        break;
      case 'single':
        expect(q.options.length).toBeGreaterThanOrEqual(3);
        expect(q.options.length).toBeLessThanOrEqual(6);
        expect(q.answer).toHaveLength(1);
        break;
      case 'multiple':
        expect(q.options.length).toBeGreaterThanOrEqual(3);
        expect(q.options.length).toBeLessThanOrEqual(6);
        expect(q.answer.length).toBeGreaterThanOrEqual(2);
        expect(q.answer.length).toBeLessThan(q.options.length);
        break;
      default:
        throw new Error(`unknown type ${(q as BankQuestion).type}`);
    }
    for (const o of q.options) expect(len(o)).toBeLessThanOrEqual(60);
  });

  it('has no two questions with the same stem (ignoring spaces and punctuation)', () => {
    const seen = new Map<string, string>();
    for (const q of QUESTION_BANK) {
      const key = normalise(q.stem);
      expect(seen.get(key)).toBeUndefined();
      seen.set(key, q.id);
    }
  });
});

describe('question bank: size and balance', () => {
  it('has at least 200 questions', () => {
    expect(QUESTION_BANK.length).toBeGreaterThanOrEqual(200);
  });

  it('has at least 12 questions per topic', () => {
    const n = countBy<QuizTopic>(QUESTION_BANK.flatMap((q) => q.topics));
    for (const t of QUIZ_TOPICS) expect(n.get(t) ?? 0).toBeGreaterThanOrEqual(12);
  });

  it('has at least 30 questions per stage', () => {
    const n = countBy<QuizStage>(QUESTION_BANK.flatMap((q) => q.stages));
    for (const s of QUIZ_STAGES) expect(n.get(s) ?? 0).toBeGreaterThanOrEqual(30);
  });

  it('has at least 30 questions of each type and of each difficulty', () => {
    const types = countBy<QuestionType>(QUESTION_BANK.map((q) => q.type));
    for (const t of ['single', 'multiple', 'truefalse'] as const)
      expect(types.get(t) ?? 0).toBeGreaterThanOrEqual(30);
    const levels = countBy(QUESTION_BANK.map((q) => q.difficulty));
    for (const d of [1, 2, 3] as const) expect(levels.get(d) ?? 0).toBeGreaterThanOrEqual(30);
  });

  it('mixes 正确 and 错误: at least 35% of true/false answers are 错误', () => {
    const tf = QUESTION_BANK.filter((q) => q.type === 'truefalse');
    const wrong = tf.filter((q) => q.answer[0] === 1).length;
    expect(wrong / tf.length).toBeGreaterThanOrEqual(0.35);
  });

  it('spreads the correct option of single-choice questions over the positions', () => {
    const singles = QUESTION_BANK.filter((q) => q.type === 'single');
    const n = countBy(singles.map((q) => q.answer[0]));
    for (const pos of [0, 1, 2, 3]) expect(n.get(pos) ?? 0).toBeGreaterThanOrEqual(singles.length * 0.12);
    for (const count of n.values()) expect(count).toBeLessThanOrEqual(singles.length * 0.4);
  });

  it('uses every confirmed fact it lists in FACTS, and no more than 15 plain-practice entries', () => {
    const used = new Set(QUESTION_BANK.flatMap((q) => q.facts));
    for (const key of Object.keys(FACTS)) expect([key, used.has(key)]).toEqual([key, true]);
    expect(Object.keys(FACTS).filter((k) => k.startsWith('P')).length).toBeLessThanOrEqual(15);
  });
});

describe('facts', () => {
  it('are keyed F1…F77 (no UNCONFIRMED "a" lines) or P1…P15', () => {
    for (const key of Object.keys(FACTS)) {
      expect(key).toMatch(/^(F([1-9]|[1-6]\d|7[0-7])|P([1-9]|1[0-5]))$/);
      expect(FACTS[key].text.trim()).not.toBe('');
      expect(FACTS[key].source.trim()).not.toBe('');
    }
  });

  it('plain-practice entries carry no number, date, article or hotline', () => {
    for (const [key, fact] of Object.entries(FACTS)) {
      if (!key.startsWith('P')) continue;
      expect(fact.text).not.toMatch(/[0-9０-９]|第.+条|[一二三四五六七八九十百]+[年月日号]|热线|专线|拨打/);
    }
  });
});

describe('question bank: legal accuracy guards', () => {
  const NET_LAW = /《(中华人民共和国)?网络安全法》/;
  const ARTICLE = /第[零〇一二三四五六七八九十百千0-9]+条/;

  it('cites 网络安全法 article numbers only with 「2016年文本」 in the source', () => {
    for (const q of QUESTION_BANK) {
      const text = allText(q);
      if (NET_LAW.test(text) && ARTICLE.test(text))
        expect([q.id, q.source]).toEqual([q.id, expect.stringContaining('2016年文本')]);
    }
  });

  it('gives no article number of the amended 网络安全法 except those named in the amendment (fact 7)', () => {
    const allowed = new Set(['三', '十九', '二十', '四十二', '六十一']);
    const amended =
      /(修改|修正)后(的)?(《(中华人民共和国)?网络安全法》)?(的)?(成为|改为)?第([零一二三四五六七八九十百]+)条/g;
    for (const q of QUESTION_BANK) {
      for (const m of allText(q).matchAll(amended)) expect([q.id, allowed.has(m[7])]).toEqual([q.id, true]);
    }
  });

  it('mentions nothing from the UNCONFIRMED lines of the fact sheet', () => {
    const forbidden: RegExp[] = [
      /〔2021〕\s*(14|十四)\s*号/, // 54a: document number of the 2021 games notice
      /国新出发〔2021〕/,
      /令第\s*(4|四)\s*号/, // 50a: order number of the 儿童个人信息网络保护规定
      /生态治理规定》?第十三条/, // 22a: the 未成年人模式 clause of the 生态治理规定
      /(修改|修正)后[^。；\n]*共[^。；\n]*条/, // 7a: article count of the amended 网络安全法
      /2026年[^。；\n]*网络安全法[^。；\n]*共[^。；\n]*条/,
      /网络安全法[^。；\n]*(2026|修改后|修正后)[^。；\n]*共[^。；\n]*条/,
      /2021年[^。\n]*宣传周[^。\n]*\d+月\d+日/, // 74a: national dates of the 2021 week
      /宣传周[^。\n]*2021年\d+月\d+日/,
      /城乡一体化示范区|工业园区|经济技术开发区/, // 77a
    ];
    for (const q of QUESTION_BANK) {
      const text = allText(q);
      for (const re of forbidden) expect([q.id, re.test(text)]).toEqual([q.id, false]);
    }
  });

  it('never claims that 国家网络安全宣传周 is held every September (fact 74)', () => {
    // A negated form (「并非每年都在9月」) is the correct statement and is allowed.
    const everySeptember = /(?<!并非|不是|并不|不一定)每年(都)?(的)?(在)?\s*(9|九)\s*月/;
    for (const q of QUESTION_BANK) {
      for (const c of claims(q)) expect([q.id, everySeptember.test(c)]).toEqual([q.id, false]);
    }
    expect(everySeptember.test('国家网络安全宣传周每年9月举办')).toBe(true);
    expect(everySeptember.test('并非每年都在9月')).toBe(false);
  });

  it('never claims that the game limit is one hour every day (fact 52)', () => {
    const everyDayOneHour = /每(天|日)[^，。；、]{0,6}(一|1)\s*个?\s*小时/;
    for (const q of QUESTION_BANK) {
      for (const c of claims(q)) expect([q.id, everyDayOneHour.test(c)]).toEqual([q.id, false]);
    }
    expect(everyDayOneHour.test('未成年人每天可以玩一小时游戏')).toBe(true);
    expect(everyDayOneHour.test('每天上网不超过1小时')).toBe(true);
  });

  it('states the legal game hours as Fri/Sat/Sun/holidays 20:00–21:00 wherever it names the 2021 notice', () => {
    const notice = QUESTION_BANK.filter(
      (q) => q.source.includes('切实防止未成年人沉迷网络游戏的通知') && /20时/.test(allText(q)),
    );
    expect(notice.length).toBeGreaterThan(0);
    for (const q of notice) expect(allText(q)).toMatch(/周五、周六、周日和法定节假日[^。]*20时至21时/);
  });

  it('keeps the 未成年人保护法 game ban at 22:00–08:00 (fact 31)', () => {
    for (const q of QUESTION_BANK) {
      for (const c of claims(q)) {
        if (/未成年人保护法/.test(c) && /二十二时|22时/.test(c))
          expect(c).toMatch(/(二十二时至次日八时|22时(到|至)(第二天|次日)8时)/);
      }
    }
  });
});
