/**
 * Names of classes, grades and districts, from the domain core (core/org.ts is compiled into the app:
 * config/index.ts `compile.include`), so the app and the server always name a class the same way.
 */
import type { Stage } from '../../core/model';
import { className, MAX_GRADE, PUYANG_DISTRICTS, STAGE_LABEL } from '../../core/org';

export { className, MAX_GRADE, PUYANG_DISTRICTS, STAGE_LABEL };

/** "小学三年级" (a grade without the class number), as className writes it. */
export function gradeName(stage: Stage, grade: number): string {
  return className({ stage, grade, classNo: 1 }).replace(/1班$/, '');
}

/** "三年级" (the grade alone, for the grade chips of one stage). */
export function gradeWord(stage: Stage, grade: number): string {
  return gradeName(stage, grade).slice(STAGE_LABEL[stage].length);
}

/** The stage and grade of a class from its name ("小学三年级2班" → primary, 3), or null. */
export function parseClassName(name: string): { stage: Stage; grade: number } | null {
  for (const stage of Object.keys(STAGE_LABEL) as Stage[]) {
    if (!name.startsWith(STAGE_LABEL[stage])) continue;
    for (let grade = 1; grade <= MAX_GRADE[stage]; grade++) {
      if (name.startsWith(gradeName(stage, grade))) return { stage, grade };
    }
  }
  return null;
}
