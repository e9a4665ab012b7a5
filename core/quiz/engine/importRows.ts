import {
  DIFFICULTY_LABEL,
  isQuizTopic,
  QUIZ_STAGES,
  QUIZ_TOPICS,
  STAGE_LABEL,
  type Difficulty,
  type QuestionType,
  type QuizQuestion,
  type QuizStage,
  type QuizTopic,
} from './types';

/** A spreadsheet cell as read at the edge: text, or nothing for an empty cell. */
export type ImportCell = string | null | undefined;

/** One problem in an uploaded file: 1-based spreadsheet row, the column's template name, a Chinese message. */
export interface ImportError {
  row: number;
  column?: string;
  message: string;
}

/** A validated question from the file; the server adds `id` and `ownerUnit`. `row` is where it came from. */
export type ImportedQuestion = Omit<QuizQuestion, 'id'> & { row: number };

/** All-or-nothing: either every row is valid and becomes a question, or nothing is imported and every error is listed. */
export type ImportResult = { ok: true; questions: ImportedQuestion[] } | { ok: false; errors: ImportError[] };

/** Longest stem, in characters (code points): one phone screen with options below. */
export const STEM_MAX = 120;
/** Longest option, in characters: fits two lines of a phone button. */
export const OPTION_MAX = 60;
/** Longest explanation, in characters: shown after submit, one short paragraph. */
export const EXPLANATION_MAX = 200;
/** Longest 出处 (legal or official source), in characters. */
export const SOURCE_MAX = 80;
/** Most questions in one upload: bigger banks are uploaded in parts (keeps errors readable and requests small). */
export const MAX_IMPORT_ROWS = 1000;

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
const OPTION_COLUMNS = LETTERS.map((l) => `选项${l}`);

/** The template's columns, in order; headers also match with spaces, full-width/lower-case letters, or 正确答案 for 答案. */
export const IMPORT_COLUMNS: readonly string[] = [
  '题型',
  '题干',
  ...OPTION_COLUMNS,
  '答案',
  '解析',
  '出处',
  '标签',
];

const TYPE_NAMES: Record<string, QuestionType> = {
  单选: 'single',
  单选题: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  判断: 'truefalse',
  判断题: 'truefalse',
};

const TRUE_WORDS = new Set(['对', '正确', '√', 'T']);
const FALSE_WORDS = new Set(['错', '错误', '×', 'F']);

const STAGE_BY_LABEL = new Map<string, QuizStage>(QUIZ_STAGES.map((s) => [STAGE_LABEL[s], s]));
const DIFFICULTY_BY_LABEL = new Map<string, Difficulty>(
  ([1, 2, 3] as Difficulty[]).map((d) => [DIFFICULTY_LABEL[d], d]),
);

/** Full-width Latin letters (Ａ, ａ) as ASCII, then upper case: teachers' IMEs often type full-width. */
function asciiUpper(s: string): string {
  return s.replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toUpperCase();
}

/**
 * A header cell as its template name. Harmless variants accepted: any spaces (选项 A, full-width space, BOM),
 * full-width or lower-case option letters (选项Ａ, 选项a), and 正确答案 for 答案. Anything else stays as written.
 */
function headerName(cell: string): string {
  const s = asciiUpper(cell.replace(/[\s\ufeff]/g, ''));
  return s === '正确答案' ? '答案' : s;
}

const text = (cell: ImportCell): string =>
  (typeof cell === 'string' ? cell : cell == null ? '' : String(cell)).replace(/\r\n?/g, '\n').trim();

const isBlank = (row: readonly ImportCell[] | undefined): boolean => !row || row.every((c) => text(c) === '');

/** Characters as a reader counts them (code points). */
const length = (s: string): number => Array.from(s).length;

/** Validate uploaded spreadsheet rows (`rows[i]` = spreadsheet row i + 1) into questions, all or nothing, with Chinese errors per row/column. */
export function importRows(rows: readonly (readonly ImportCell[])[]): ImportResult {
  // The first non-blank row is the header; blank rows below it are skipped (so the edge must keep blank rows for
  // the numbering to match); columns outside the template (序号, 备注…) are ignored.
  const headerIndex = rows.findIndex((r) => !isBlank(r));
  if (headerIndex < 0) return fail([{ row: 1, message: '文件是空的：请使用题目导入模板填写后上传' }]);
  const headerRow = headerIndex + 1;

  const columnAt = new Map<string, number>();
  const headerErrors: ImportError[] = [];
  rows[headerIndex].forEach((cell, i) => {
    const name = headerName(text(cell));
    if (!IMPORT_COLUMNS.includes(name)) return;
    if (columnAt.has(name)) {
      headerErrors.push({ row: headerRow, column: name, message: `表头中「${name}」列出现了不止一次` });
    } else columnAt.set(name, i);
  });
  if (columnAt.size === 0) {
    return fail([
      {
        row: headerRow,
        message: `第 ${headerRow} 行应为表头（${IMPORT_COLUMNS.join('、')}）：请使用题目导入模板`,
      },
    ]);
  }
  for (const name of IMPORT_COLUMNS) {
    if (!columnAt.has(name))
      headerErrors.push({ row: headerRow, column: name, message: `表头缺少「${name}」列` });
  }
  if (headerErrors.length > 0) return fail(headerErrors);

  const dataRows: number[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) if (!isBlank(rows[i])) dataRows.push(i);
  if (dataRows.length === 0) return fail([{ row: headerRow, message: '表头下面没有题目' }]);
  if (dataRows.length > MAX_IMPORT_ROWS) {
    return fail([
      {
        row: dataRows[MAX_IMPORT_ROWS] + 1,
        message: `一次最多导入 ${MAX_IMPORT_ROWS} 题（本文件有 ${dataRows.length} 题），请分成几个文件上传`,
      },
    ]);
  }

  const errors: ImportError[] = [];
  const questions: ImportedQuestion[] = [];
  const stemRows = new Map<string, number>();
  for (const i of dataRows) {
    const row = i + 1;
    const cells = rows[i];
    const get = (name: string) => text(cells[columnAt.get(name) as number]);
    const before = errors.length;
    const err = (column: string, message: string) => errors.push({ row, column, message });
    const q = readRow(get, err);
    if (q.stem) {
      const key = q.stem.replace(/\s/g, '');
      const first = stemRows.get(key);
      if (first !== undefined) err('题干', `题干与第 ${first} 行重复`);
      else stemRows.set(key, row);
    }
    if (errors.length === before) questions.push({ ...(q as Omit<ImportedQuestion, 'row'>), row });
  }
  return errors.length > 0 ? fail(errors) : { ok: true, questions };
}

function fail(errors: ImportError[]): ImportResult {
  return { ok: false, errors };
}

/** Read one data row; every problem goes to `err`, and the returned fields are complete only when none did. */
function readRow(
  get: (column: string) => string,
  err: (column: string, message: string) => void,
): Partial<Omit<ImportedQuestion, 'row'>> {
  const required = (column: string, label: string, max: number): string => {
    const value = get(column);
    if (!value) err(column, `${label}不能为空`);
    else if (length(value) > max) err(column, `${label}不能超过 ${max} 字（现在 ${length(value)} 字）`);
    return value;
  };

  const typeText = get('题型').replace(/\s/g, '');
  const type: QuestionType | undefined = Object.prototype.hasOwnProperty.call(TYPE_NAMES, typeText)
    ? TYPE_NAMES[typeText]
    : undefined;
  if (!typeText) err('题型', '题型不能为空：请填单选、多选或判断');
  else if (!type) err('题型', `题型「${typeText}」无法识别：请填单选、多选或判断`);

  const stem = required('题干', '题干', STEM_MAX);
  const options =
    type === undefined ? undefined : type === 'truefalse' ? ['正确', '错误'] : readOptions(get, err);
  const answer = type === undefined ? undefined : readAnswerCell(type, get('答案'), options, err);
  const explanation = required('解析', '解析', EXPLANATION_MAX);
  const source = required('出处', '出处', SOURCE_MAX);
  const { topics, stages, difficulty } = readTags(get('标签'), err);
  return { type, stem, options, answer, explanation, source, topics, stages, difficulty };
}

/** Choice options: contiguous from 选项A, 2–6 of them, each ≤ OPTION_MAX, no two the same. Undefined when unusable. */
function readOptions(
  get: (column: string) => string,
  err: (column: string, message: string) => void,
): string[] | undefined {
  const cells = OPTION_COLUMNS.map(get);
  let last = -1;
  cells.forEach((c, i) => {
    if (c) last = i;
  });
  if (last < 1) {
    err(cells[0] ? '选项B' : '选项A', '选择题至少需要 2 个选项，请从选项A开始填写');
    return undefined;
  }
  let ok = true;
  for (let i = 0; i <= last; i++) {
    const column = OPTION_COLUMNS[i];
    if (!cells[i]) {
      err(column, `${column}为空，但后面的选项有内容：选项须从选项A开始连续填写`);
      ok = false;
    } else if (length(cells[i]) > OPTION_MAX) {
      err(column, `${column}不能超过 ${OPTION_MAX} 字（现在 ${length(cells[i])} 字）`);
      ok = false;
    } else {
      const same = cells.indexOf(cells[i]);
      if (same < i) {
        err(column, `${column}与${OPTION_COLUMNS[same]}的内容相同`);
        ok = false;
      }
    }
  }
  return ok ? cells.slice(0, last + 1) : undefined;
}

/**
 * The answer as sorted option indexes. Choice types: option letters, any of 'A', 'ACD', 'A,C,D', 'A、C', 'A C'
 * (full-width or lower-case letters too); single needs one letter, multiple two or more but not all. 判断: 对/错, 正确/错误,
 * √/×, T/F (either case) → 正确 [0] or 错误 [1].
 */
function readAnswerCell(
  type: QuestionType,
  raw: string,
  options: string[] | undefined,
  err: (column: string, message: string) => void,
): number[] | undefined {
  if (!raw) {
    err('答案', '答案不能为空');
    return undefined;
  }
  if (type === 'truefalse') {
    const word = asciiUpper(raw.replace(/\s/g, ''));
    if (TRUE_WORDS.has(word)) return [0];
    if (FALSE_WORDS.has(word)) return [1];
    err('答案', `判断题答案「${raw}」无法识别：请填 对 或 错（也可填 正确/错误、√/×、T/F）`);
    return undefined;
  }
  const letters = asciiUpper(raw).replace(/[\s,，、;；]/g, '');
  if (!/^[A-F]+$/.test(letters)) {
    err('答案', `答案「${raw}」无法识别：请填选项字母，如 A 或 ACD`);
    return undefined;
  }
  const picked = Array.from(letters, (l) => l.charCodeAt(0) - 65);
  if (new Set(picked).size !== picked.length) {
    err('答案', `答案「${raw}」中有重复的字母`);
    return undefined;
  }
  if (options) {
    const missing = picked.filter((k) => k >= options.length).map((k) => LETTERS[k]);
    if (missing.length > 0) {
      err(
        '答案',
        `答案中的 ${missing.join('、')} 没有对应的选项（本题只有 A–${LETTERS[options.length - 1]}）`,
      );
      return undefined;
    }
  }
  if (type === 'single' && picked.length !== 1) {
    err('答案', '单选题只能有一个答案；有多个正确答案请改为多选题');
    return undefined;
  }
  if (type === 'multiple' && picked.length < 2) {
    err('答案', '多选题至少要有两个正确答案；只有一个正确答案请改为单选题');
    return undefined;
  }
  if (type === 'multiple' && options && picked.length === options.length) {
    // Same rule as the built-in bank: with every option right there is nothing to tell apart.
    err('答案', '多选题不能所有选项都是正确答案：请至少保留一个错误选项');
    return undefined;
  }
  return options ? picked.sort((a, b) => a - b) : undefined;
}

/** 标签: topics (at least one), stages 小学/初中/高中/家长 (at least one), optional 易/中/难 (default 中), split on ，,、; and spaces. */
function readTags(
  raw: string,
  err: (column: string, message: string) => void,
): { topics?: QuizTopic[]; stages?: QuizStage[]; difficulty?: Difficulty } {
  const tags = [...new Set(raw.split(/[\s,，、;；]+/).filter(Boolean))];
  const topics: QuizTopic[] = [];
  const stages: QuizStage[] = [];
  const difficulties: Difficulty[] = [];
  const unknown: string[] = [];
  for (const tag of tags) {
    const stage = STAGE_BY_LABEL.get(tag);
    const difficulty = DIFFICULTY_BY_LABEL.get(tag);
    if (isQuizTopic(tag)) topics.push(tag);
    else if (stage) stages.push(stage);
    else if (difficulty) difficulties.push(difficulty);
    else unknown.push(tag);
  }
  let ok = true;
  if (unknown.length > 0) {
    ok = false;
    err(
      '标签',
      `标签${unknown.map((t) => `「${t}」`).join('')}无法识别：标签应为主题（${QUIZ_TOPICS.join('、')}）、` +
        `学段（小学、初中、高中、家长）或难度（易、中、难）`,
    );
  }
  if (topics.length === 0) {
    ok = false;
    err('标签', '标签中至少要有一个主题，如「防诈骗」');
  }
  if (stages.length === 0) {
    ok = false;
    err('标签', '标签中至少要有一个学段：小学、初中、高中或家长');
  }
  if (difficulties.length > 1) {
    ok = false;
    err('标签', '难度只能填一个：易、中或难');
  }
  if (!ok) return {};
  return {
    topics: QUIZ_TOPICS.filter((t) => topics.includes(t)),
    stages: QUIZ_STAGES.filter((s) => stages.includes(s)),
    difficulty: difficulties[0] ?? 2,
  };
}
