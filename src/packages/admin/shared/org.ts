import type { ClassDoc, Stage } from '../../../../core/model';

/*
 * Mirrors of constants in core/org.ts. The Taro build only compiles TypeScript under src/, so the app
 * cannot import runtime values from core/ (type-only imports are fine); org.test.ts keeps them equal.
 */

/** The districts of 濮阳市 offered as one-tap buttons (same list as core PUYANG_DISTRICTS). */
export const PUYANG_DISTRICTS = ['华龙区', '濮阳县', '清丰县', '南乐县', '范县', '台前县', '市直'];

/** Chinese names of the school stages. */
export const STAGE_LABEL: Record<Stage, string> = { primary: '小学', junior: '初中', senior: '高中' };

/** Highest grade number in each stage. */
export const MAX_GRADE: Record<Stage, number> = { primary: 6, junior: 3, senior: 3 };

/** Chinese numerals for grades 1–6. */
export const GRADE_WORD = ['一', '二', '三', '四', '五', '六'];

/** "小学三年级2班", as core's className() writes it. */
export function className(cls: Pick<ClassDoc, 'stage' | 'grade' | 'classNo'>): string {
  return `${STAGE_LABEL[cls.stage]}${GRADE_WORD[cls.grade - 1] ?? cls.grade}年级${cls.classNo}班`;
}
