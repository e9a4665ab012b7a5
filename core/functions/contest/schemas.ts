import { z } from 'zod';
import * as s from '../../schemas';

/** Input schemas of the contest actions that more than one file uses. */

/** A category or group key: short, stable, safe inside ids ("drawing", "primary-low"). */
export const key = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,19}$/, '标识只能用字母开头，由字母、数字、- 和 _ 组成，最多 20 个字符');

const shortTitle = (max: number, what: string) =>
  z.string().trim().min(1, `${what}不能为空`).max(max, `${what}最多 ${max} 个字`);

export const categoryInput = z
  .object({
    key,
    title: shortTitle(20, '类别名称'),
    format: z.enum(['text', 'images', 'video', 'lesson']),
    minChars: z.number().int().min(0).max(20000).optional(),
    maxChars: z.number().int().min(0).max(20000).optional(),
    minImages: z.number().int().min(0).max(9).optional(),
    maxImages: z.number().int().min(0).max(9).optional(),
    maxSeconds: z.number().int().min(5).max(3600).optional(),
    maxMB: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export const groupInput = z
  .object({
    key,
    title: shortTitle(20, '组别名称'),
    who: z.enum(['student', 'teacher', 'family']),
    /** Student and family groups: the classes they take (none: every class). */
    classes: z
      .array(
        z
          .object({
            stage: s.stage,
            minGrade: z.number().int().min(1).max(6),
            maxGrade: z.number().int().min(1).max(6),
          })
          .strict(),
      )
      .max(6)
      .default([]),
  })
  .strict();

export const rubricInput = z
  .object({
    criteria: z
      .array(
        z
          .object({
            key,
            title: shortTitle(20, '评分项'),
            weight: z.number().positive().max(100),
            bands: z
              .array(
                z
                  .object({
                    min: z.number().min(0).max(100),
                    max: z.number().min(0).max(100),
                    descriptor: shortTitle(80, '分档说明'),
                  })
                  .strict(),
              )
              .min(1)
              .max(6),
          })
          .strict(),
      )
      .min(1)
      .max(8),
    step: z.number().positive().max(10).optional(),
  })
  .strict();

export const tiersInput = z
  .array(
    z
      .object({
        tier: z.enum(['first', 'second', 'third', 'honorable']),
        count: z.number().int().min(0).max(1000).optional(),
        share: z.number().min(0).max(1).optional(),
      })
      .strict()
      .refine((t) => (t.count === undefined) !== (t.share === undefined), '每个奖项给出名额数或比例之一'),
  )
  .min(1)
  .max(4);

export const quotasInput = z
  .object({
    school: z.number().int().min(0).max(200),
    district: z.number().int().min(0).max(1000),
    overrides: z
      .array(
        z
          .object({
            category: key,
            group: key,
            school: z.number().int().min(0).max(200).optional(),
            district: z.number().int().min(0).max(1000).optional(),
          })
          .strict(),
      )
      .max(64)
      .default([]),
  })
  .strict();

/** The editable fields of a call. */
export const callFields = {
  title: shortTitle(40, '活动名称'),
  intro: z.string().trim().max(1000, '活动说明最多 1000 个字').default(''),
  categories: z.array(categoryInput).min(1, '至少需要一个作品类别').max(8, '最多 8 个作品类别'),
  groups: z.array(groupInput).min(1, '至少需要一个组别').max(8, '最多 8 个组别'),
  opensOn: s.day,
  closesOn: s.day,
  maxCoAuthors: z.number().int().min(0).max(5).default(2),
  maxPerAuthor: z.number().int().min(1).max(5).default(2),
  quotas: quotasInput,
  rubric: rubricInput.optional(),
  tiers: tiersInput.optional(),
  judgesPerEntry: z.number().int().min(3, '每件作品至少 3 位评委').max(7).default(3),
  organisationAwards: z.number().int().min(0).max(50).default(10),
  /**
   * Judged calls: whether the city may publish the awards as soon as judging is done (inside the
   * implementation phase); by default awards wait for the evaluation phase (评估总结及成果展示阶段).
   */
  earlyResults: z.boolean().default(false),
};

/** A gallery or review page cursor. */
export const cursor = z.number().int().min(0).max(1e9);
export const orderCursor = z.string().max(80);

/** An entry's text. */
export const entryTitle = z.string().trim().min(1, '作品名称不能为空').max(40, '作品名称最多 40 个字');
export const entryBody = z
  .string()
  .max(20000, '正文太长')
  .transform((v) =>
    v
      .split('')
      .filter((ch) => ch === '\n' || (ch >= ' ' && ch !== '\u007f' && ch !== '\u200b'))
      .join('')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );

/** A file name safe in every archive tool and file system: no path separators, reserved or control characters. */
export function safeFileName(name: string, max = 80): string {
  return Array.from(name, (ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .slice(0, max);
}

/** A file the author picked, with the name shown for it. */
export const docFile = z
  .object({
    fileId: s.fileId,
    name: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .transform((v) => safeFileName(v)),
  })
  .strict();
