import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomId } from '../../codes';
import { invalid } from '../../errors';
import { questionById } from '../../quiz/bank';
import {
  DIFFICULTY_LABEL,
  IMPORT_COLUMNS,
  type ImportError,
  importRows,
  MAX_IMPORT_ROWS,
  type QuizQuestion,
  STAGE_LABEL,
} from '../../quiz/engine';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { type Services, spreadsheetOf } from '../../services';
import { storeExport } from '../../exportFiles';
import { findAll } from '../../store';
import { deleteOwnUpload, ownUpload } from '../../uploads';
import { ADMINS, questionText } from './bank';
import type { QuestionDoc } from './model';
import { ownerLevel } from './schemas';
import { moderationProblem, ownerUnitFor } from './units';

/** Rows checked by one content check (a refused batch is checked row by row to name the rows). */
const MODERATION_BATCH = 20;

/** The .xlsx bytes as rows of text (the one small step the file format needs). */
async function readQuestionRows(services: Services, bytes: Uint8Array) {
  try {
    return await spreadsheetOf(services).readRows(bytes, MAX_IMPORT_ROWS + 50);
  } catch (err) {
    if (err instanceof Error && err.name === 'AppError') throw err;
    throw invalid('无法读取这个 Excel 文件，请用题目导入模板（.xlsx）填写后上传');
  }
}

/** Content checks of imported rows: batches first, then each row of a refused batch. */
async function moderationErrors(
  services: Services,
  rows: { row: number; text: string }[],
  openid: string,
): Promise<ImportError[]> {
  const errors: ImportError[] = [];
  for (let i = 0; i < rows.length; i += MODERATION_BATCH) {
    const batch = rows.slice(i, i + MODERATION_BATCH);
    if (!(await moderationProblem(services, batch.map((r) => r.text).join('\n'), openid))) continue;
    for (const r of batch) {
      const problem = await moderationProblem(services, r.text, openid);
      if (problem) errors.push({ row: r.row, column: '题干', message: problem });
    }
  }
  return errors;
}

/**
 * Import questions into a unit's own bank from an .xlsx in the layout teachers use (题型 / 题干 / 选项A–F /
 * 答案 / 解析 / 出处 / 标签). All or nothing: any invalid row (format, a stem already in the bank, text the
 * content check refuses) imports nothing and answers INVALID_ARGUMENT with every row's problems in
 * `details.errors`. The file is deleted once the import succeeded. Writes: one insert per question, an
 * audit record.
 */
export const importQuestions = defineAction({
  title: '导入题目',
  input: z.object({ level: ownerLevel, id: s.id.optional(), fileId: s.fileId }).strict(),
  access: [...ADMINS],
  async handler({ services, user, openid, now }, input) {
    const unit = await ownerUnitFor(services, user, input.level, input.id, 'manage');
    await ownUpload(services, input.fileId, openid, 'questionXlsx');
    const rows = await readQuestionRows(services, await services.files.read(input.fileId));
    const parsed = importRows(rows);
    const refuse = (errors: ImportError[]) => {
      const rowsWithErrors = new Set(errors.map((e) => e.row)).size;
      throw invalid(`有 ${rowsWithErrors} 行需要修改，没有导入任何题目。请按错误说明改好后重新上传`, {
        errors: errors.sort((a, b) => a.row - b.row),
      });
    };
    if (!parsed.ok) refuse(parsed.errors);
    const questions = parsed.ok ? parsed.questions : [];
    const existing = await findAll<QuestionDoc>(services.store, C.quizQuestions, {
      ownerKey: unit.key,
      status: 'active',
    });
    const stems = new Set(existing.map((q) => q.stem.replace(/\s/g, '')));
    const errors: ImportError[] = questions
      .filter((q) => stems.has(q.stem.replace(/\s/g, '')))
      .map((q) => ({ row: q.row, column: '题干', message: '题库里已经有这道题了' }));
    errors.push(
      ...(await moderationErrors(
        services,
        questions.map((q) => ({ row: q.row, text: questionText(q) })),
        openid,
      )),
    );
    if (errors.length) refuse(errors);
    const at = now.toISOString();
    for (const q of questions) {
      const _id = randomId();
      const doc: QuestionDoc = {
        _id,
        level: unit.level,
        unitId: unit.unitId,
        ...(unit.districtId ? { districtId: unit.districtId } : {}),
        ownerKey: unit.key,
        type: q.type,
        stem: q.stem,
        options: q.options,
        answer: q.answer,
        explanation: q.explanation,
        source: q.source,
        topics: q.topics,
        stages: q.stages,
        difficulty: q.difficulty,
        status: 'active',
        lineage: _id,
        version: 1,
        importRow: q.row,
        createdBy: openid,
        createdAt: at,
      };
      await services.store.insert(C.quizQuestions, doc);
    }
    // The file held nothing else: delete it now that its questions are stored.
    await deleteOwnUpload(services, input.fileId, openid);
    await audit(services, openid, 'quiz.importQuestions', unit.key, { imported: questions.length });
    return { imported: questions.length };
  },
});

/** A question as a row of the import template. */
export function templateRow(q: QuizQuestion): string[] {
  const letters = 'ABCDEF';
  const typeName = { single: '单选', multiple: '多选', truefalse: '判断' }[q.type];
  const options = q.type === 'truefalse' ? [] : q.options;
  const answer =
    q.type === 'truefalse' ? (q.answer[0] === 0 ? '对' : '错') : q.answer.map((i) => letters[i]).join('');
  const tags = [...q.topics, ...q.stages.map((st) => STAGE_LABEL[st]), DIFFICULTY_LABEL[q.difficulty]];
  return [
    typeName,
    q.stem,
    ...Array.from({ length: 6 }, (_, i) => options[i] ?? ''),
    answer,
    q.explanation,
    q.source,
    tags.join('、'),
  ];
}

/** Built-in questions shown as examples in the template (one of each type). */
const EXAMPLES = ['law-001', 'law-015', 'law-005'];

/** The import template (.xlsx, written to storage, answered with a temporary URL): the header row and an example of each question type. */
export const importTemplate = defineAction({
  title: '题目导入模板',
  input: z.object({}).strict(),
  access: [...ADMINS],
  async handler({ services, openid, now }) {
    const examples = EXAMPLES.map((id) => questionById(id)).filter((q): q is NonNullable<typeof q> => !!q);
    const bytes = await spreadsheetOf(services).write([
      {
        name: '题目',
        columns: IMPORT_COLUMNS.map((header) => ({
          header,
          width:
            header === '题干' || header === '解析' ? 40 : header === '出处' || header === '标签' ? 28 : 14,
        })),
        rows: examples.map(templateRow),
      },
      {
        name: '填写说明',
        columns: [{ header: '说明', width: 100 }],
        rows: [
          ['题型：单选、多选或判断。判断题不用填选项，答案填 对 或 错。'],
          ['选项：从选项A开始连续填写，2–6 个。答案填选项字母，多选题如 ACD。'],
          [
            '解析：说明为什么，最多 200 字。出处：法律条文（如《中华人民共和国未成年人保护法》第七十五条）或主管部门。',
          ],
          ['标签：至少一个主题和一个学段，可选难度（易、中、难，不填为中），用顿号或逗号分开。'],
          [
            `主题：网络安全法、生态治理规定、未成年人网络保护、个人信息保护、防诈骗、防沉迷、病毒与钓鱼网站、网络文明公约、网络谣言。`,
          ],
          ['学段：小学、初中、高中、家长。一次最多导入 1000 题；有任何一行不对，整个文件都不会导入。'],
        ],
      },
    ]);
    const file = await storeExport(services, openid, 'xlsx', 'quiz-template', bytes, now);
    return { fileName: '题目导入模板.xlsx', url: file.url, expiresAt: file.expiresAt };
  },
});
