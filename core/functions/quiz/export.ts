import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { invalid, precondition } from '../../errors';
import type { ClassDoc } from '../../model';
import { className } from '../../org';
import { classFor, managesQuizUnit, quizCoversClass, quizCoversUnit, unitFor } from '../../permissions';
import { defineAction, loadCampaign } from '../../router';
import * as s from '../../schemas';
import { type SheetData, spreadsheetOf } from '../../services';
import { storeExport } from '../../exportFiles';
import { findAll } from '../../store';
import { dayIn } from '../../time';
import { mustQuiz } from './access';
import { analyseQuiz } from './analysis';
import { classFigures, classQuizRows, type PupilQuizRow, questionRates } from './classView';
import type { ResultDoc } from './model';
import { ranking } from './ranking';
import { quizId } from './schemas';

const STATE_TEXT: Record<PupilQuizRow['state'], string> = {
  done: '已完成',
  active: '答题中',
  none: '未参加',
};

/** A summary sheet of figure rows. */
function summarySheet(name: string, rows: { name: string; f: ReturnType<typeof classFigures> }[]): SheetData {
  return {
    name,
    columns: [
      { header: '名称', width: 24 },
      { header: '名单人数', width: 10 },
      { header: '参加人数', width: 10 },
      { header: '参与率%', width: 10 },
      { header: '平均最高分', width: 12 },
      { header: '最高分', width: 10 },
      { header: '合格人数', width: 10 },
      { header: '有快速作答的人数', width: 16 },
      { header: '家长参与家庭', width: 12 },
    ],
    rows: rows.map(({ name: n, f }) => [
      n,
      f.roster,
      f.takers,
      f.rate,
      f.meanBest,
      f.topScore,
      f.passes,
      f.flaggedPupils,
      f.families,
    ]),
  };
}

/** The pupils sheet (names: only for those who manage the class or school). */
function pupilSheet(rows: (PupilQuizRow & { className?: string })[], withClass: boolean): SheetData {
  return {
    name: '学生成绩',
    columns: [
      { header: '序号', width: 6 },
      ...(withClass ? [{ header: '班级', width: 16 }] : []),
      { header: '姓名', width: 12 },
      { header: '学号', width: 12 },
      { header: '情况', width: 10 },
      { header: '答题次数', width: 10 },
      { header: '最高分', width: 10 },
      { header: '是否合格', width: 10 },
      { header: '快速作答题数', width: 14 },
      { header: '家长最高分', width: 12 },
    ],
    rows: rows.map((r, i) => [
      i + 1,
      ...(withClass ? [r.className ?? ''] : []),
      r.name,
      r.studentNo ?? '',
      STATE_TEXT[r.state],
      r.attempts,
      r.best,
      r.state === 'done' ? (r.passed ? '合格' : '未合格') : '',
      r.fastCount || '',
      r.familyBest,
    ]),
  };
}

/** The per-question sheet. */
function questionSheet(rates: Awaited<ReturnType<typeof questionRates>>): SheetData {
  return {
    name: '各题正确率',
    columns: [
      { header: '题干', width: 50 },
      { header: '正确答案', width: 30 },
      { header: '作答人数', width: 10 },
      { header: '答对人数', width: 10 },
      { header: '正确率%', width: 10 },
    ],
    rows: rates.map((q) => [q.stem, q.answerText, q.n, q.correct, q.rate]),
  };
}

/**
 * Export a quiz's results to .xlsx (written to storage, answered with a temporary URL): a class (pupils by name, per-question rates), a
 * school (its classes, its pupils, per-question rates), a district or the city (its units' figures, no
 * names; the item analysis for the admins who run the quiz). Names only where the caller manages the unit.
 */
export const exportQuizXlsx = defineAction({
  title: '导出竞赛成绩',
  input: z
    .object({ quizId, level: z.enum(['class', 'school', 'district', 'city']), id: s.id.optional() })
    .strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler(ctx, input) {
    const { services, user, openid, now } = ctx;
    const quiz = await mustQuiz(services, input.quizId);
    const sheets: SheetData[] = [];
    let unitName: string;
    let count = 0;
    if (input.level === 'class') {
      if (!input.id) throw invalid('请指定班级');
      const cls = await classFor(services.store, user, input.id, 'manage');
      if (!quizCoversClass(quiz, cls)) throw precondition(`「${quiz.title}」不包括这个班级`);
      const { rows, results } = await classQuizRows(services, quiz, cls, now);
      unitName = className(cls);
      sheets.push(summarySheet('汇总', [{ name: unitName, f: classFigures(rows) }]));
      sheets.push(pupilSheet(rows, false));
      sheets.push(
        questionSheet(
          await questionRates(
            services,
            results.filter((r) => r.role === 'pupil'),
          ),
        ),
      );
      count = rows.length;
    } else if (input.level === 'school') {
      const cityName = (await loadCampaign(services))?.cityName;
      const unit = await unitFor(services.store, user, 'school', input.id, 'manage', cityName);
      if (!quizCoversUnit(quiz, unit)) throw precondition(`「${quiz.title}」不包括这所学校`);
      const classes = await findAll<ClassDoc>(services.store, C.classes, { schoolId: unit.id });
      classes.sort((a, b) => a.stage.localeCompare(b.stage) || a.grade - b.grade || a.classNo - b.classNo);
      const summary: { name: string; f: ReturnType<typeof classFigures> }[] = [];
      const all: (PupilQuizRow & { className: string })[] = [];
      const results: ResultDoc[] = [];
      for (const cls of classes) {
        if (!quizCoversClass(quiz, cls)) continue;
        if (!quiz.audience.stages.includes(cls.stage) && !quiz.audience.parents) continue;
        const part = await classQuizRows(services, quiz, cls, now);
        summary.push({ name: className(cls), f: classFigures(part.rows) });
        all.push(...part.rows.map((r) => ({ ...r, className: className(cls) })));
        results.push(...part.results);
      }
      summary.push({ name: `${unit.name}（合计）`, f: classFigures(all) });
      unitName = unit.name;
      sheets.push(summarySheet('班级汇总', summary), pupilSheet(all, true));
      sheets.push(
        questionSheet(
          await questionRates(
            services,
            results.filter((r) => r.role === 'pupil'),
          ),
        ),
      );
      count = all.length;
    } else {
      const cityName = (await loadCampaign(services))?.cityName;
      await unitFor(services.store, user, input.level, input.id, 'manage', cityName);
      const board = await ranking.handler(ctx, {
        quizId: input.quizId,
        level: input.level,
        id: input.id,
        sort: 'rate',
      });
      unitName = board.name;
      sheets.push({
        name: '单位汇总',
        columns: [
          { header: '排名', width: 8 },
          { header: '名称', width: 24 },
          { header: '名单人数', width: 10 },
          { header: '参加人数', width: 10 },
          { header: '参与率%', width: 10 },
          { header: '平均最高分', width: 12 },
          { header: '合格人数', width: 10 },
          { header: '家长参与家庭', width: 12 },
          { header: '提交次数', width: 10 },
        ],
        rows: [
          ...board.rows.map((r) => [
            r.rank ?? `未排名（参与率低于 ${board.minRate}%）`,
            r.name,
            r.roster,
            r.takers,
            r.rate,
            r.meanBest,
            r.passes,
            r.families,
            r.attempts,
          ]),
          [
            '合计',
            board.name,
            board.figures.roster,
            board.figures.takers,
            board.figures.rate,
            board.figures.meanBest,
            board.figures.passes,
            board.figures.families,
            board.figures.attempts,
          ],
        ],
      });
      count = board.rows.length;
      if (managesQuizUnit(user, quiz)) {
        const analysis = await analyseQuiz(services, quiz);
        sheets.push({
          name: '题目分析',
          columns: [
            { header: '题干', width: 50 },
            { header: '作答人数', width: 10 },
            { header: '正确率%', width: 10 },
            { header: '区分度', width: 10 },
            { header: '各选项选择次数', width: 24 },
            { header: '提示', width: 50 },
          ],
          rows: analysis.items.map((i) => [
            i.stem,
            i.n,
            i.correctRate,
            i.discrimination,
            i.optionPicks.map((n, k) => `${'ABCDEF'[k]}:${n}`).join(' '),
            i.flagText.join('；'),
          ]),
        });
      }
    }
    const bytes = await spreadsheetOf(services).write(sheets);
    await audit(services, openid, 'quiz.export', input.id ?? 'city', {
      quizId: quiz._id,
      level: input.level,
      rows: count,
    });
    const file = await storeExport(
      services,
      openid,
      'xlsx',
      `quiz:${quiz._id}:${input.id ?? 'city'}`,
      bytes,
      now,
    );
    return {
      fileName: `${quiz.title}-${unitName}-${dayIn(now)}.xlsx`,
      url: file.url,
      rows: count,
      expiresAt: file.expiresAt,
    };
  },
});
