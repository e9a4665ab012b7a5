import { z } from 'zod';
import { QUIZ_STAGES, QUIZ_TOPICS } from '../../quiz/bank';
import { EXPLANATION_MAX, OPTION_MAX, SOURCE_MAX, STEM_MAX } from '../../quiz/engine';
import * as s from '../../schemas';
import { LIMITS } from './model';

/** Input schemas shared by the quiz actions. */

const topic = z.enum(QUIZ_TOPICS, { errorMap: () => ({ message: '没有这个主题' }) });

/** A level that owns quizzes and questions, with its id (none for the city). */
export const ownerLevel = z.enum(['city', 'district', 'school']);

/** A quiz id (24 hex characters). */
export const quizId = z.string().regex(/^[0-9a-f]{24}$/, '竞赛编号无效');

/** A pupil's roster id for a parent taking the quiz for that child. */
export const childRosterId = s.id.optional();

/** An attempt id `<quizId>:<takerKey>:<n>`. */
export const attemptIdSchema = z
  .string()
  .min(27)
  .max(140)
  .regex(/^[0-9a-f]{24}:[\w:.-]+:\d{1,2}$/, '答题编号无效');

const share = z.number().min(0, '比例不能小于 0').max(1, '比例不能大于 1');

/** A quiz's settings as an admin enters them. */
export const quizSettings = z
  .object({
    title: z.string().trim().min(2, '名称至少 2 个字').max(40, '名称最多 40 个字'),
    description: z.string().trim().max(300, '说明最多 300 个字').default(''),
    audience: z
      .object({ stages: z.array(s.stage).max(3), parents: z.boolean() })
      .strict()
      .refine((a) => a.stages.length > 0 || a.parents, '请至少选择一类参加的人（小学、初中、高中或家长）'),
    draw: z
      .object({
        count: z
          .number()
          .int()
          .min(LIMITS.count.min, `每次至少 ${LIMITS.count.min} 题`)
          .max(LIMITS.count.max, `每次最多 ${LIMITS.count.max} 题`),
        topics: z.array(topic).max(QUIZ_TOPICS.length).default([]),
        minPerTopic: z.record(topic, z.number().int().min(0).max(LIMITS.count.max)).optional(),
        difficulty: z
          .object({ 1: share.optional(), 2: share.optional(), 3: share.optional() })
          .strict()
          .optional(),
        builtin: z.boolean(),
        custom: z.boolean(),
      })
      .strict()
      .refine((d) => d.builtin || d.custom, '请至少选择一个题目来源（内置题库或本单位题库）'),
    /** Minutes per attempt; null: only the window limits it. */
    timeLimitMinutes: z
      .number()
      .int()
      .min(LIMITS.timeLimitSeconds.min / 60, '限时至少 1 分钟')
      .max(LIMITS.timeLimitSeconds.max / 60, '限时最多 180 分钟')
      .nullable(),
    attemptsAllowed: z
      .number()
      .int()
      .min(LIMITS.attempts.min, '至少允许答 1 次')
      .max(LIMITS.attempts.max, `最多允许答 ${LIMITS.attempts.max} 次`),
    startDay: s.day,
    endDay: s.day,
    passMark: z.number().int().min(0, '及格分在 0–100 之间').max(100, '及格分在 0–100 之间'),
    reveal: z.enum(['after_submit', 'after_close']),
    certificate: z.string().trim().min(2, '证书名称至少 2 个字').max(12, '证书名称最多 12 个字').nullable(),
  })
  .strict();

/** Settings after parsing. */
export type QuizSettings = z.output<typeof quizSettings>;

/** One question as an admin writes it (options in order, answer as option indexes). */
export const questionInput = z
  .object({
    type: z.enum(['single', 'multiple', 'truefalse']),
    stem: z.string().trim().min(4, '题干至少 4 个字').max(STEM_MAX, `题干最多 ${STEM_MAX} 个字`),
    options: z
      .array(z.string().trim().min(1, '选项不能为空').max(OPTION_MAX, `选项最多 ${OPTION_MAX} 个字`))
      .min(2)
      .max(6),
    answer: z.array(z.number().int().min(0).max(5)).min(1).max(5),
    explanation: z
      .string()
      .trim()
      .min(4, '请写一句解析')
      .max(EXPLANATION_MAX, `解析最多 ${EXPLANATION_MAX} 个字`),
    source: z.string().trim().min(2, '请写出处').max(SOURCE_MAX, `出处最多 ${SOURCE_MAX} 个字`),
    topics: z.array(topic).min(1, '请至少选一个主题').max(QUIZ_TOPICS.length),
    stages: z.array(z.enum(QUIZ_STAGES)).min(1, '请至少选一个学段').max(4),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  })
  .strict()
  .superRefine((q, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (
      q.type === 'truefalse' &&
      (q.options.length !== 2 || q.options[0] !== '正确' || q.options[1] !== '错误')
    )
      issue('判断题的选项是「正确」「错误」', 'options');
    if (q.type !== 'truefalse' && q.options.length < 3) issue('选择题至少要有 3 个选项', 'options');
    if (new Set(q.options).size !== q.options.length) issue('选项不能重复', 'options');
    if (new Set(q.answer).size !== q.answer.length) issue('答案不能重复', 'answer');
    if (q.answer.some((a) => a >= q.options.length)) issue('答案不是这道题的选项', 'answer');
    if (q.type !== 'multiple' && q.answer.length !== 1) issue('单选题和判断题只有一个答案', 'answer');
    if (q.type === 'multiple' && (q.answer.length < 2 || q.answer.length >= q.options.length))
      issue('多选题至少两个正确答案，并且至少保留一个错误选项', 'answer');
  });

/** A question after parsing. */
export type QuestionInput = z.output<typeof questionInput>;
