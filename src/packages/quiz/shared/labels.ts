/**
 * Words the quiz pages use for the server's values. Only the bank's vocabulary is imported from the core
 * (topics, stages): never the questions themselves, so no answer ships in the app.
 */
import { QUIZ_TOPICS, type QuizStage, type QuizTopic } from '../../../../core/quiz/bank/types';

export { QUIZ_TOPICS, type QuizStage, type QuizTopic };

export const STAGE_TEXT: Record<QuizStage, string> = {
  primary: '小学',
  junior: '初中',
  senior: '高中',
  parent: '家长',
};

export const TYPE_TEXT: Record<'single' | 'multiple' | 'truefalse', string> = {
  single: '单选题',
  multiple: '多选题',
  truefalse: '判断题',
};

export const DIFFICULTY_TEXT: Record<1 | 2 | 3, string> = { 1: '易', 2: '中', 3: '难' };

export const STATE_TEXT: Record<'upcoming' | 'open' | 'closed', string> = {
  upcoming: '未开始',
  open: '进行中',
  closed: '已结束',
};

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

/** "12:05" from seconds (minutes may exceed 59). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "M月D日" from a YYYY-MM-DD day. */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}

/** "M月D日 HH:mm" of an instant, Beijing time (the campaign's clock, whatever the phone's zone). */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** One line of a quiz's rules: "20 题 · 限时 15 分钟 · 可答 2 次 · 60 分合格". */
export function rulesLine(q: {
  count: number;
  timeLimitSeconds: number | null;
  attemptsAllowed: number;
  passMark: number;
}): string {
  return [
    `${q.count} 题`,
    q.timeLimitSeconds ? `限时 ${Math.round(q.timeLimitSeconds / 60)} 分钟` : '不限时',
    q.attemptsAllowed > 1 ? `可答 ${q.attemptsAllowed} 次（取最高分）` : '只能答 1 次',
    `${q.passMark} 分合格`,
  ].join(' · ');
}

/** Score as shown: "85" or "85.5". */
export function score(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
