/**
 * Words and little helpers of the contest pages (作品征集): how rules, rounds, decisions, tiers, times and
 * sizes read. Pure functions (no Taro), shared by the pages and their tests.
 */
import type { OutputOf } from '../../../api/client';

/** Where the contest pages live. */
export const CT = '/packages/contest';

export type CallView = OutputOf<'contest', 'callInfo'>['call'];
export type Category = CallView['categories'][number];
export type Round = 'school' | 'district' | 'city';
export type Decision = 'pass' | 'return' | 'reject' | 'recommend' | 'unrecommend';
export type Tier = 'first' | 'second' | 'third' | 'honorable';

export const TIER_LABEL: Record<Tier, string> = {
  first: '一等奖',
  second: '二等奖',
  third: '三等奖',
  honorable: '优秀奖',
};
export const TIERS: Tier[] = ['first', 'second', 'third', 'honorable'];

export const ROUND_LABEL: Record<Round, string> = {
  school: '学校初评',
  district: '县区复评',
  city: '市级评审',
};

export const WINDOW_LABEL: Record<'open' | 'upcoming' | 'closed', string> = {
  open: '征集中',
  upcoming: '未开始',
  closed: '已截止',
};

export const TAB_LABEL: Record<string, string> = {
  pending: '待审',
  passed: '已通过',
  recommended: '已推荐',
  returned: '已退回',
  rejected: '未通过',
  all: '全部',
};

/** How a decision reads for a reviewer of `round` in a call of `level` (its own level selects: 入选). */
export function decisionLabel(
  decision: Decision,
  round: Round,
  level: 'city' | 'district' | 'school',
): string {
  switch (decision) {
    case 'pass':
      return '通过';
    case 'return':
      return round === 'school' ? '退回修改' : round === 'district' ? '退回学校' : '退回县区';
    case 'reject':
      return '不通过';
    case 'recommend':
      if (round === level) return '选为入选作品';
      return round === 'school' ? '推荐到县区' : '推荐到市级';
    case 'unrecommend':
      return round === level ? '取消入选' : '撤回推荐';
  }
}

/** A decision in a history line, whatever the round. */
export const DECISION_SHORT: Record<Decision, string> = {
  pass: '通过',
  return: '退回',
  reject: '不通过',
  recommend: '推荐',
  unrecommend: '撤回推荐',
};

/** Decisions that need words for the author (return) or a reason (reject). */
export const NEEDS_COMMENT: Decision[] = ['return', 'reject'];

/** "3分20秒", "45秒", "2分钟". */
export function secondsLabel(s: number): string {
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  const r = total % 60;
  if (!m) return `${r}秒`;
  return r ? `${m}分${r}秒` : `${m}分钟`;
}

/** "1.2 MB", "640 KB". */
export function bytesLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "6月1日" from a YYYY-MM-DD day. */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}

/** "6月1日–6月30日". */
export function dayRange(from: string, to: string): string {
  return `${shortDay(from)}–${shortDay(to)}`;
}

/** What a category asks for, in one line ("图片 1–4 张，可写说明（300 字以内）"). */
export function formatRule(
  c: Pick<Category, 'format' | 'minChars' | 'maxChars' | 'minImages' | 'maxImages' | 'maxSeconds' | 'maxMB'>,
): string {
  switch (c.format) {
    case 'text': {
      const len = c.minChars ? `正文 ${c.minChars}–${c.maxChars} 字` : `正文 ${c.maxChars} 字以内`;
      return c.maxImages ? `${len}，可配 ${c.maxImages} 张以内插图` : len;
    }
    case 'images': {
      const n =
        c.minImages === c.maxImages ? `${c.maxImages} 张` : `${Math.max(1, c.minImages)}–${c.maxImages} 张`;
      return c.maxChars ? `图片 ${n}，可写说明（${c.maxChars} 字以内）` : `图片 ${n}`;
    }
    case 'video':
      return `短视频 1 段，${secondsLabel(c.maxSeconds)}以内、${c.maxMB} MB 以内（封面取自视频画面）`;
    case 'lesson':
      return `教案（PDF 或 Word），可附课件（PPT 或 PDF）和课堂录像（${secondsLabel(c.maxSeconds)}以内）`;
  }
}

/** Who a group takes ("学生 · 小学1–3年级", "教师", "家庭"). */
export function groupRule(g: CallView['groups'][number]): string {
  const stage: Record<string, string> = { primary: '小学', junior: '初中', senior: '高中' };
  if (g.who !== 'student' || !g.classes.length) return g.whoLabel;
  const ranges = g.classes.map((r) =>
    r.minGrade === r.maxGrade
      ? `${stage[r.stage]}${r.minGrade}年级`
      : `${stage[r.stage]}${r.minGrade}–${r.maxGrade}年级`,
  );
  return `${g.whoLabel} · ${ranges.join('、')}`;
}

/** A sheet's weighted total on 0–100 (Σ weight × score / max; missing scores count 0), as the server sums. */
export function sheetSum(
  rubric: { key: string; weight: number; max: number }[],
  scores: Record<string, number | undefined>,
): number {
  let total = 0;
  for (const c of rubric) {
    const s = scores[c.key];
    if (typeof s === 'number' && c.max > 0) total += (c.weight * s) / c.max;
  }
  return total;
}

/** A score with at most two decimals ("86.5", "90"). */
export function scoreText(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return String(Math.round(n * 100) / 100);
}

/** Today in Beijing as YYYY-MM-DD (the server's days). */
export function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A query string from defined values. */
export function qs(params: Record<string, string | number | null | undefined | false>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== false && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A new client draft key (8–40 of [A-Za-z0-9_-]): one per draft, so a retried save never duplicates it. */
export function newDraftKey(): string {
  return `d${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
