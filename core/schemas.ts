import { z } from 'zod';

/** Shared field schemas: every string has a length cap so oversized input is refused early. */

export const id = z.string().trim().min(1, '不能为空').max(64, '过长');

/** A person's name on a roster: 1–20 characters of CJK, letters, middle dot or spaces. */
export const personName = z
  .string()
  .trim()
  .min(1, '姓名不能为空')
  .max(20, '姓名最多 20 个字')
  .regex(/^[\p{Script=Han}A-Za-z·•.\s]+$/u, '姓名只能包含汉字、字母和间隔号');

export const studentNo = z
  .string()
  .trim()
  .max(20, '学号最多 20 位')
  .regex(/^[0-9A-Za-z-]*$/, '学号只能包含数字、字母和短横线');

export const code = z.string().trim().min(4, '代码太短').max(16, '代码太长');

export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const stage = z.enum(['primary', 'junior', 'senior']);

/** A family relation (stored values; the app shows 爸爸/妈妈/爷爷或奶奶/外公或外婆/其他监护人). */
export const relation = z.enum(['父亲', '母亲', '祖父或祖母', '外祖父或外祖母', '其他监护人'], {
  errorMap: () => ({ message: '请选择您与孩子的关系' }),
});

/** A file id handed out by an upload (cloud:// on CloudBase, local:// in local mode). */
export const fileId = z
  .string()
  .max(512, '文件 ID 过长')
  .regex(/^(cloud|local):\/\/[\w./-]+$/, '文件 ID 无效');

export const empty = z.object({}).strict();

export const birthYear = z.number().int().min(1990, '出生年份不合理').max(2030, '出生年份不合理');
