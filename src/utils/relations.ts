import { RELATIONS as RELATION_LABEL, type Relation } from '../../core/privacy';

/** The relations a guardian can choose: stored values (core/privacy.ts), in the order parents see them. */
export const RELATIONS = Object.keys(RELATION_LABEL) as Relation[];

/** How a stored relation is named to parents ("祖父或祖母" → "爷爷或奶奶"); unknown values as they are. */
export function relationLabel(relation: string): string {
  return (RELATION_LABEL as Record<string, string>)[relation] ?? relation;
}

/** Whether a relation needs the "legal guardian" statement before consenting (not a parent). */
export function needsGuardianStatement(relation: string): boolean {
  return relation !== '父亲' && relation !== '母亲';
}

/** Typical age at the start of grade 1 of each stage (mirrors core/privacy.ts). */
const ENTRY_AGE: Record<string, number> = { primary: 6, junior: 12, senior: 15 };

/** Birth years around the usual age of a class, newest first (for the teacher's and guardian's picker). */
export function birthYearOptions(
  cls: { stage: string; grade: number },
  year = new Date().getFullYear(),
): number[] {
  const typical = (ENTRY_AGE[cls.stage] ?? 10) + cls.grade - 1;
  const out: number[] = [];
  for (let age = typical - 2; age <= typical + 3; age++) out.push(year - age);
  return out;
}

export type { Relation };
