import type { ClassDoc, Stage } from './model';

/** The districts of 濮阳市 the city admin is offered, plus 市直 for city-run schools. */
export const PUYANG_DISTRICTS = ['华龙区', '濮阳县', '清丰县', '南乐县', '范县', '台前县', '市直'];

export const STAGE_LABEL: Record<Stage, string> = {
  primary: '小学',
  junior: '初中',
  senior: '高中',
};

/** Highest grade number in each stage. */
export const MAX_GRADE: Record<Stage, number> = { primary: 6, junior: 3, senior: 3 };

const GRADE_WORD = ['', '一', '二', '三', '四', '五', '六'];

/** "小学三年级2班" / "初中一年级5班". */
export function className(cls: Pick<ClassDoc, 'stage' | 'grade' | 'classNo'>): string {
  return `${STAGE_LABEL[cls.stage]}${GRADE_WORD[cls.grade] ?? cls.grade}年级${cls.classNo}班`;
}

/**
 * Split pasted roster text into entries: one student per line, "姓名" or "姓名 学号" or
 * "学号 姓名" (tab, comma or spaces between). Blank lines are skipped.
 */
export function parseRosterText(text: string): { name: string; studentNo?: string }[] {
  const out: { name: string; studentNo?: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/[\t,，、\s]+/).filter(Boolean);
    // A student number has at least one digit, so a Latin name ("Tom") is not taken for one.
    const no = parts.find((p) => /^[0-9A-Za-z-]+$/.test(p) && /\d/.test(p));
    // Rejoin the name: no space inside CJK ("张 三" → "张三"), one between Latin words ("Anna Li").
    const name = parts
      .filter((p) => p !== no)
      .reduce((acc, p) => (/[A-Za-z]$/.test(acc) && /^[A-Za-z]/.test(p) ? `${acc} ${p}` : acc + p), '');
    out.push(no ? { name, studentNo: no } : { name });
  }
  return out;
}
