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
 * Whether a student must be treated as under 14 (PIPL Art. 28/31). The class decides first: every
 * primary and junior-secondary pupil counts as under 14 (初三 too: pupils who started early can still be
 * 13). A birth year, set only by the class teacher or a confirmed guardian, can make the rule stricter
 * (a senior-secondary pupil born within the last 14 years counts as under 14; the turning year counts
 * as possibly 13) but never looser, so typing a false year cannot skip guardian consent.
 */
export function isUnder14(
  entry: Pick<RosterDoc, 'birthYear'>,
  cls: Pick<ClassDoc, 'stage' | 'grade'>,
  year: number,
): boolean {
  const byClass = cls.stage !== 'senior' || ENTRY_AGE[cls.stage] + cls.grade - 1 < 14;
  const byYear = entry.birthYear !== undefined && year - entry.birthYear <= 14;
  return byClass || byYear;
}

/** Relations a family link can have: stored values and how the app names them to parents. */
export const RELATIONS = {
  父亲: '爸爸',
  母亲: '妈妈',
  祖父或祖母: '爷爷或奶奶',
  外祖父或外祖母: '外公或外婆',
  其他监护人: '其他监护人',
} as const;

/** A stored relation value. */
export type Relation = keyof typeof RELATIONS;

/** Whether a relation is a parent, who is the child's guardian by law (民法典 Art. 27). */
export function isParentRelation(relation: string): boolean {
  return relation === '父亲' || relation === '母亲';
}

/** Who holds the children's data, how to reach them, where it is stored and how long (PIPL Art. 17). */
export interface DataController {
  name: string;
  contact: string;
  storage: string;
  retention: string;
}

/** Defaults until the city admin enters the bureau's own details (campaign settings). */
export const DEFAULT_DATA_CONTROLLER: DataController = {
  name: '本市教育局（「争做濮阳好网民」活动主办单位）',
  contact: '孩子的班主任或学校',
  storage: '腾讯云开发（服务器在中国境内）',
  retention: '本年度活动结束后一年内删除',
};

/** The guardian-consent version; its rendered wording is stored with each consent. */
export const CONSENT_VERSION = '2026-3';

/**
 * The guardian-consent wording (PIPL Art. 17, 31; 儿童个人信息网络保护规定 Art. 9–10): what is collected
 * (birth year optional; signature images and family photos included), who holds it and how to reach
 * them, how long it is kept, what refusing means, and the guardian's rights.
 */
export function consentWording(controller: DataController = DEFAULT_DATA_CONTROLLER): string {
  return [
    '我是该学生的父母（或其他法定监护人）。我同意孩子在「校园好网民」活动中使用本小程序：',
    '一、收集的信息：孩子的姓名、学号（可选）、出生年份（可选，由班主任或监护人填写），以及孩子提交的签名图片、家庭卡片的文字和照片、参赛作品和答题记录。',
    '二、用途：仅用于本次活动的班级名单、签名承诺、卡片和作品展示、知识竞赛和参与统计；公开展示时姓名一律打码，照片和作品经审核后才公开。',
    `三、保存：由${controller.name}负责，存储在${controller.storage}，${controller.retention}；联系方式：${controller.contact}。`,
    '四、不同意的后果：孩子不能在手机上提交签名、卡片和作品，但仍可以在老师发的纸质承诺书上签名参加活动。',
    '五、我的权利：我可以随时在「我的」页面撤回同意；我可以查看、导出或删除孩子的信息，也可以请班主任协助更正。详见《儿童个人信息保护规则》。',
  ].join('\n');
}

/** The wording with the default controller (tests, seeds). */
export const CONSENT_WORDING = consentWording();
