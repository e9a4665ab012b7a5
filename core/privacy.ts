import type { ClassDoc, RosterDoc, Stage } from './model';

/**
 * Mask a person's name for anything another person sees: keep the first and last character,
 * star the middle ("张小明" → "张*明", "李娜" → "李*", single character → "*").
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Show only the last two characters of a student number. */
export function maskStudentNo(no?: string): string | undefined {
  if (!no) return undefined;
  return no.length <= 2 ? no : `${'*'.repeat(Math.min(4, no.length - 2))}${no.slice(-2)}`;
}

/** Typical age at the start of a grade, used when no birth year is known. */
const ENTRY_AGE: Record<Stage, number> = { primary: 6, junior: 12, senior: 15 };

/**
 * Whether a student must be treated as under 14 (PIPL Art. 28/31). With a birth year the
 * student is under 14 unless they have certainly turned 14 this year or earlier (year − birthYear > 14,
 * or = 14 counts as possibly still 13); without one, infer from the class: every primary pupil and
 * junior grade 1–2 count as under 14. Errs on the side of protection.
 */
export function isUnder14(
  entry: Pick<RosterDoc, 'birthYear'>,
  cls: Pick<ClassDoc, 'stage' | 'grade'>,
  year: number,
): boolean {
  if (entry.birthYear) return year - entry.birthYear <= 14;
  const typicalAge = ENTRY_AGE[cls.stage] + cls.grade - 1;
  return typicalAge < 14;
}

/** The guardian-consent wording shown to parents; its version is stored with each consent. */
export const CONSENT_VERSION = '2026-2';
export const CONSENT_WORDING =
  '我是该学生的监护人。我同意孩子在「校园好网民」活动中使用本小程序：学校保存孩子的姓名、学号（可选）和出生年份，用于班级名单与活动统计；孩子提交的签名、卡片和作品仅用于本次活动，公开展示时姓名一律打码。我可以随时在「我的」页面撤回同意，撤回后孩子不能再在线提交签名和作品；孩子已提交的信息可由孩子在其「我的」页面删除，或请班主任处理。';
