import {
  EXPLANATION_MAX,
  IMPORT_COLUMNS,
  importRows,
  MAX_IMPORT_ROWS,
  OPTION_MAX,
  SOURCE_MAX,
  STEM_MAX,
  type ImportCell,
  type ImportError,
  type ImportResult,
} from './importRows';
import { QUIZ_TOPICS } from './types';

interface RowSpec {
  题型: string;
  题干: string;
  A?: string;
  B?: string;
  C?: string;
  D?: string;
  E?: string;
  F?: string;
  答案: string;
  解析: string;
  出处: string;
  标签: string;
}

const HEADER = [...IMPORT_COLUMNS];

/** A row in template column order. */
const row = (r: RowSpec): string[] => [
  r.题型,
  r.题干,
  r.A ?? '',
  r.B ?? '',
  r.C ?? '',
  r.D ?? '',
  r.E ?? '',
  r.F ?? '',
  r.答案,
  r.解析,
  r.出处,
  r.标签,
];

const base: RowSpec = {
  题型: '单选',
  题干: '陌生人打电话说要给你退款，并索要手机验证码，你应该怎么做？',
  A: '马上把验证码告诉对方',
  B: '挂断电话，通过官方渠道核实',
  C: '按对方的指引下载软件',
  D: '把电话转给同学处理',
  答案: 'B',
  解析: '验证码是账户安全的最后一道防线，任何人索要验证码都可能是诈骗。',
  出处: '《中华人民共和国反电信网络诈骗法》',
  标签: '防诈骗，小学、初中 易',
};

const x = (n: number) => '网'.repeat(n);
const errorsOf = (result: ImportResult): ImportError[] => {
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

describe('importRows: a good file', () => {
  const rows: ImportCell[][] = [
    HEADER,
    row(base),
    row({
      题型: '多选题',
      题干: '下列哪些属于个人信息？',
      A: '姓名',
      B: '天气预报',
      C: '身份证号',
      D: '家庭住址',
      E: '行踪轨迹',
      答案: 'A,C,D,E',
      解析: '个人信息是与已识别或者可识别的自然人有关的各种信息。',
      出处: '《中华人民共和国个人信息保护法》第四条',
      标签: '个人信息保护, 高中; 家长',
    }),
    [],
    ['', null, undefined, '  '],
    row({
      题型: '判断',
      题干: '在网上看到“某地发生地震”的消息，应该马上转发提醒大家。',
      答案: '×',
      解析: '未经核实转发可能传播谣言，应以官方发布为准。',
      出处: '《网络信息内容生态治理规定》',
      标签: '网络谣言 初中 难',
    }),
    row({
      题型: '多选',
      题干: '防沉迷系统对未成年人有哪些保护？',
      A: '限制游戏时长',
      B: '取消所有网络课程',
      C: '限制充值金额',
      答案: 'A、C',
      解析: '网络游戏服务提供者应当限制未成年人游戏时长和消费。',
      出处: '《未成年人网络保护条例》',
      标签: '防沉迷、未成年人网络保护、初中、高中',
    }),
    row({
      题型: '判断题',
      题干: '收到不明链接的短信，不要随便点击。',
      答案: 'T',
      解析: '不明链接可能是钓鱼网站。',
      出处: '网络安全宣传周材料',
      标签: '病毒与钓鱼网站 小学',
    }),
    // Every length exactly at its limit, six options, a full-width lower-case answer.
    row({
      题型: ' 单选题 ',
      题干: x(STEM_MAX),
      A: x(OPTION_MAX),
      B: '乙',
      C: '丙',
      D: '丁',
      E: '戊',
      F: '己',
      答案: 'ｆ',
      解析: x(EXPLANATION_MAX),
      出处: x(SOURCE_MAX),
      标签: '网络安全法 高中',
    }),
  ];

  it('turns every row into a question, skipping blank rows and keeping spreadsheet row numbers', () => {
    const result = importRows(rows);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.questions.map((q) => q.row)).toEqual([2, 3, 6, 7, 8, 9]);
    expect(result.questions[0]).toEqual({
      row: 2,
      type: 'single',
      stem: base.题干,
      options: [base.A, base.B, base.C, base.D],
      answer: [1],
      explanation: base.解析,
      source: base.出处,
      topics: ['防诈骗'],
      stages: ['primary', 'junior'],
      difficulty: 1,
    });
  });

  it('reads types, answers, options and tags in each accepted form', () => {
    const result = importRows(rows);
    if (!result.ok) throw new Error('expected questions');
    const summary = result.questions.map((q) => [
      q.type,
      q.options.length,
      q.answer,
      q.topics,
      q.stages,
      q.difficulty,
    ]);
    expect(summary).toEqual([
      ['single', 4, [1], ['防诈骗'], ['primary', 'junior'], 1],
      // Default difficulty is 中 = 2.
      ['multiple', 5, [0, 2, 3, 4], ['个人信息保护'], ['senior', 'parent'], 2],
      ['truefalse', 2, [1], ['网络谣言'], ['junior'], 3],
      ['multiple', 3, [0, 2], ['未成年人网络保护', '防沉迷'], ['junior', 'senior'], 2],
      ['truefalse', 2, [0], ['病毒与钓鱼网站'], ['primary'], 2],
      ['single', 6, [5], ['网络安全法'], ['senior'], 2],
    ]);
    expect(result.questions[2].options).toEqual(['正确', '错误']);
  });

  it.each([
    ['A', [0]],
    ['ACD', [0, 2, 3]],
    ['A,C,D', [0, 2, 3]],
    ['A、C', [0, 2]],
    ['D C A', [0, 2, 3]],
    ['ａ，ｃ', [0, 2]],
    ['a;d', [0, 3]],
  ])('reads the choice answer %p as %j', (answer, expected) => {
    const type = expected.length === 1 ? '单选' : '多选';
    const result = importRows([HEADER, row({ ...base, 题型: type, 答案: answer })]);
    expect(result.ok && result.questions[0].answer).toEqual(expected);
  });

  it.each([
    ['对', 0],
    ['正确', 0],
    ['√', 0],
    ['T', 0],
    ['t', 0],
    ['错', 1],
    ['错误', 1],
    ['×', 1],
    ['F', 1],
    [' f ', 1],
  ])('reads the true/false answer %p as option %i', (answer, index) => {
    const result = importRows([
      HEADER,
      row({ ...base, 题型: '判断', A: '', B: '', C: '', D: '', 答案: answer }),
    ]);
    expect(result.ok && result.questions[0].answer).toEqual([index]);
  });

  it('ignores option cells of a true/false question (its options are always 正确/错误)', () => {
    const result = importRows([HEADER, row({ ...base, 题型: '判断', A: '是', B: '否', 答案: '对' })]);
    expect(result.ok && result.questions[0].options).toEqual(['正确', '错误']);
  });

  it('tolerates non-string cells from the reader (numbers, null)', () => {
    const cells: unknown[] = row({ ...base, B: '' });
    cells[3] = 2026;
    cells[4] = null;
    const result = importRows([HEADER, cells as ImportCell[]]);
    // 选项B = 2026 (a number cell), 选项C empty with 选项D filled → a gap, reported on 选项C.
    expect(errorsOf(result)).toEqual([
      { row: 2, column: '选项C', message: '选项C为空，但后面的选项有内容：选项须从选项A开始连续填写' },
    ]);
  });
});

describe('importRows: header', () => {
  it('accepts harmless variants: spaces, full-width or lower-case letters, 正确答案, extra columns, any order', () => {
    const header = [
      '序号',
      ' 题型 ',
      '题干',
      '选项 A',
      '选项Ｂ',
      '选项c',
      '选项　D',
      '选项ｅ',
      '选项F',
      '正确答案',
      '解析',
      '出处',
      '标签',
      '备注',
    ];
    const data = ['1', ...row(base), '老师备注'];
    const result = importRows([header, data]);
    expect(result.ok && result.questions[0].answer).toEqual([1]);
    // Columns in another order.
    const reordered = [...HEADER].reverse();
    const result2 = importRows([reordered, [...row(base)].reverse()]);
    expect(result2.ok && result2.questions[0]).toMatchObject({ stem: base.题干, answer: [1] });
  });

  it('takes the first non-blank row as the header and numbers rows as the spreadsheet does', () => {
    const result = importRows([[], [''], HEADER, row({ ...base, 题干: '' })]);
    expect(errorsOf(result)).toEqual([{ row: 4, column: '题干', message: '题干不能为空' }]);
  });

  it('names each missing column', () => {
    const header = HEADER.filter((h) => h !== '出处' && h !== '选项F');
    expect(errorsOf(importRows([header, ['单选']]))).toEqual([
      { row: 1, column: '选项F', message: '表头缺少「选项F」列' },
      { row: 1, column: '出处', message: '表头缺少「出处」列' },
    ]);
  });

  it('refuses a column given twice', () => {
    expect(errorsOf(importRows([[...HEADER, '题干 '], row(base)]))).toEqual([
      { row: 1, column: '题干', message: '表头中「题干」列出现了不止一次' },
    ]);
  });

  it('says so when the first row is not a header at all (e.g. a title row)', () => {
    expect(errorsOf(importRows([['2026年网络安全知识题库'], HEADER, row(base)]))).toEqual([
      { row: 1, message: `第 1 行应为表头（${IMPORT_COLUMNS.join('、')}）：请使用题目导入模板` },
    ]);
  });

  it('refuses an empty file and a header without questions', () => {
    expect(errorsOf(importRows([]))).toEqual([
      { row: 1, message: '文件是空的：请使用题目导入模板填写后上传' },
    ]);
    expect(errorsOf(importRows([[''], [null]]))).toHaveLength(1);
    expect(errorsOf(importRows([HEADER, [], ['']]))).toEqual([{ row: 1, message: '表头下面没有题目' }]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} questions in one file`, () => {
    const rows = [
      HEADER,
      ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => row({ ...base, 题干: `第${i}题` })),
    ];
    expect(errorsOf(importRows(rows))).toEqual([
      {
        row: MAX_IMPORT_ROWS + 2,
        message: `一次最多导入 ${MAX_IMPORT_ROWS} 题（本文件有 ${MAX_IMPORT_ROWS + 1} 题），请分成几个文件上传`,
      },
    ]);
    expect(importRows(rows.slice(0, MAX_IMPORT_ROWS + 1)).ok).toBe(true);
  });
});

describe('importRows: one bad row among good ones', () => {
  const good2 = row(base);
  const good4 = row({ ...base, 题干: '另一道题：收到中奖短信要求先交手续费，可信吗？' });
  const tagHint = `标签应为主题（${QUIZ_TOPICS.join('、')}）、学段（小学、初中、高中、家长）或难度（易、中、难）`;

  it.each<[string, Partial<RowSpec>, string, string]>([
    ['empty 题型', { 题型: '' }, '题型', '题型不能为空：请填单选、多选或判断'],
    ['unknown 题型', { 题型: '填空' }, '题型', '题型「填空」无法识别：请填单选、多选或判断'],
    ['empty 题干', { 题干: '  ' }, '题干', '题干不能为空'],
    ['题干 too long', { 题干: x(STEM_MAX + 1) }, '题干', '题干不能超过 120 字（现在 121 字）'],
    ['a gap in the options', { C: '' }, '选项C', '选项C为空，但后面的选项有内容：选项须从选项A开始连续填写'],
    [
      'options not starting at A',
      { A: '', C: '', D: '' },
      '选项A',
      '选项A为空，但后面的选项有内容：选项须从选项A开始连续填写',
    ],
    [
      'a single option',
      { B: '', C: '', D: '', 答案: 'A' },
      '选项B',
      '选择题至少需要 2 个选项，请从选项A开始填写',
    ],
    [
      'no options',
      { A: '', B: '', C: '', D: '', 答案: 'A' },
      '选项A',
      '选择题至少需要 2 个选项，请从选项A开始填写',
    ],
    ['option too long', { B: x(OPTION_MAX + 1) }, '选项B', '选项B不能超过 60 字（现在 61 字）'],
    ['two options alike', { D: base.A }, '选项D', '选项D与选项A的内容相同'],
    ['empty 答案', { 答案: '' }, '答案', '答案不能为空'],
    ['答案 not letters', { 答案: '第二个' }, '答案', '答案「第二个」无法识别：请填选项字母，如 A 或 ACD'],
    ['答案 letter beyond the options', { 答案: 'E' }, '答案', '答案中的 E 没有对应的选项（本题只有 A–D）'],
    ['答案 letter G', { 答案: 'G' }, '答案', '答案「G」无法识别：请填选项字母，如 A 或 ACD'],
    ['答案 repeats a letter', { 题型: '多选', 答案: 'A,A' }, '答案', '答案「A,A」中有重复的字母'],
    ['single with two answers', { 答案: 'AB' }, '答案', '单选题只能有一个答案；有多个正确答案请改为多选题'],
    [
      'multiple with one answer',
      { 题型: '多选', 答案: 'B' },
      '答案',
      '多选题至少要有两个正确答案；只有一个正确答案请改为单选题',
    ],
    [
      'true/false answered with a letter',
      { 题型: '判断', 答案: 'A' },
      '答案',
      '判断题答案「A」无法识别：请填 对 或 错（也可填 正确/错误、√/×、T/F）',
    ],
    ['empty 解析', { 解析: '' }, '解析', '解析不能为空'],
    ['解析 too long', { 解析: x(EXPLANATION_MAX + 1) }, '解析', '解析不能超过 200 字（现在 201 字）'],
    ['empty 出处', { 出处: '' }, '出处', '出处不能为空'],
    ['出处 too long', { 出处: x(SOURCE_MAX + 1) }, '出处', '出处不能超过 80 字（现在 81 字）'],
    [
      'unknown tag',
      { 标签: '防诈骗 初中 黑客 四年级' },
      '标签',
      `标签「黑客」「四年级」无法识别：${tagHint}`,
    ],
    ['no topic tag', { 标签: '初中 易' }, '标签', '标签中至少要有一个主题，如「防诈骗」'],
    ['no stage tag', { 标签: '防诈骗 难' }, '标签', '标签中至少要有一个学段：小学、初中、高中或家长'],
    ['two difficulties', { 标签: '防诈骗 初中 易 难' }, '标签', '难度只能填一个：易、中或难'],
    [
      'a stem repeating row 2 (up to spaces)',
      { 题干: ` ${base.题干.slice(0, 5)} ${base.题干.slice(5)}` },
      '题干',
      '题干与第 2 行重复',
    ],
  ])('%s', (_name, change, column, message) => {
    const result = importRows([HEADER, good2, row({ ...base, 题干: '第三行的题', ...change }), good4]);
    expect(result).toEqual({ ok: false, errors: [{ row: 3, column, message }] });
  });

  it('reports every problem of a row, and of every row, in row order', () => {
    const result = importRows([
      HEADER,
      row({ ...base, 题型: '填空', 解析: '', 标签: '' }),
      good2,
      row({ ...base, 题干: '', 答案: 'Z' }),
    ]);
    expect(errorsOf(result)).toEqual([
      { row: 2, column: '题型', message: '题型「填空」无法识别：请填单选、多选或判断' },
      { row: 2, column: '解析', message: '解析不能为空' },
      { row: 2, column: '标签', message: '标签中至少要有一个主题，如「防诈骗」' },
      { row: 2, column: '标签', message: '标签中至少要有一个学段：小学、初中、高中或家长' },
      { row: 3, column: '题干', message: '题干与第 2 行重复' },
      { row: 4, column: '题干', message: '题干不能为空' },
      { row: 4, column: '答案', message: '答案「Z」无法识别：请填选项字母，如 A 或 ACD' },
    ]);
  });
});
