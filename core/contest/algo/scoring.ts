/**
 * Rubrics, judges' score sheets, normalised results, rankings and awards for the city round.
 *
 * Conventions (all documented where used):
 * - A criterion's scores run from 0 to its top band's max in steps of `rubric.step` (default 1).
 *   Its bands are closed ranges [min, max] that tile 0..max exactly: the first starts at 0 and each
 *   next one starts one step after the previous max (0–5, 6–8, 9–10 with step 1).
 * - A sheet's total is Σ weight × score / criterionMax, on 0–100 because weights sum to 100.
 * - Means and standard deviations are population ones (divide by n): a judge's sheets are the whole
 *   of what that judge scored, not a sample.
 * - Ties: scores are compared after rounding half up to 2 decimals; equal scores share a rank and
 *   the next rank skips (1, 1, 3). Within a tie, listing order is by entry id (stable, meaningless).
 */
import { AppError, ErrorCode } from '../../errors';

export interface RubricBand {
  min: number;
  max: number;
  /** What a score in this band means (shown to judges). */
  descriptor: string;
}

export interface RubricCriterion {
  key: string;
  title: string;
  /** Share of the 100-point total; all weights add up to 100. */
  weight: number;
  bands: RubricBand[];
}

export interface Rubric {
  criteria: RubricCriterion[];
  /** Smallest score increment (default 1; 0.5 allows half points). */
  step?: number;
}

export type RubricProblemCode =
  | 'no-criteria'
  | 'bad-step'
  | 'empty-key'
  | 'duplicate-key'
  | 'bad-weight'
  | 'weight-sum'
  | 'no-bands'
  | 'bad-band'
  | 'band-start'
  | 'band-gap'
  | 'band-overlap';

export interface RubricProblem {
  code: RubricProblemCode;
  /** The criterion concerned, when there is one. */
  criterion?: string;
  message: string;
}

/** The rubric is not usable; `details` lists every problem found. */
export class RubricError extends AppError {
  constructor(readonly problems: RubricProblem[]) {
    super(ErrorCode.INVALID_ARGUMENT, `评分标准有误：${problems.map((p) => p.message).join('；')}`, {
      problems,
    });
    this.name = 'RubricError';
  }
}

/** A score sheet does not fit the rubric (missing, unknown or out-of-range score) or is a duplicate. */
export class ScoreSheetError extends AppError {
  constructor(
    message: string,
    readonly sheet: { judgeId: string; entryId: string; key?: string },
  ) {
    super(ErrorCode.INVALID_ARGUMENT, message, sheet);
    this.name = 'ScoreSheetError';
  }
}

/** Tolerance for binary floating point (weights like 33.3 + 33.3 + 33.4, half points). */
const EPS = 1e-9;

const isMultiple = (x: number, step: number) => Math.abs(x / step - Math.round(x / step)) < EPS;

const sortedBands = (c: RubricCriterion) => c.bands.slice().sort((a, b) => a.min - b.min || a.max - b.max);

/** Every problem with a rubric (empty list = valid): positive weights summing to 100, bands tiling 0..max. */
export function validateRubric(rubric: Rubric): RubricProblem[] {
  const problems: RubricProblem[] = [];
  const step = rubric.step ?? 1;
  if (!(Number.isFinite(step) && step > 0)) {
    problems.push({ code: 'bad-step', message: '分数步长必须为正数' });
    return problems;
  }
  if (rubric.criteria.length === 0) {
    problems.push({ code: 'no-criteria', message: '至少需要一个评分项' });
    return problems;
  }
  const keys = new Set<string>();
  let sum = 0;
  for (const c of rubric.criteria) {
    const name = c.title || c.key;
    if (!c.key) problems.push({ code: 'empty-key', message: `评分项「${name}」缺少标识` });
    else if (keys.has(c.key)) {
      problems.push({ code: 'duplicate-key', criterion: c.key, message: `评分项标识「${c.key}」重复` });
    }
    keys.add(c.key);
    if (!(Number.isFinite(c.weight) && c.weight > 0)) {
      problems.push({ code: 'bad-weight', criterion: c.key, message: `评分项「${name}」的权重必须为正数` });
    } else {
      sum += c.weight;
    }
    if (c.bands.length === 0) {
      problems.push({ code: 'no-bands', criterion: c.key, message: `评分项「${name}」没有分档` });
      continue;
    }
    const bands = sortedBands(c);
    for (const b of bands) {
      if (
        !(Number.isFinite(b.min) && Number.isFinite(b.max) && b.min <= b.max) ||
        !isMultiple(b.min, step) ||
        !isMultiple(b.max, step)
      ) {
        problems.push({
          code: 'bad-band',
          criterion: c.key,
          message: `评分项「${name}」的分档 ${b.min}–${b.max} 无效（须为步长 ${step} 的倍数且下限不大于上限）`,
        });
      }
    }
    if (Math.abs(bands[0].min) > EPS) {
      problems.push({
        code: 'band-start',
        criterion: c.key,
        message: `评分项「${name}」的分档须从 0 分开始`,
      });
    }
    if (bands[bands.length - 1].max <= 0) {
      problems.push({ code: 'bad-band', criterion: c.key, message: `评分项「${name}」的满分须大于 0` });
    }
    for (let i = 1; i < bands.length; i++) {
      const expected = bands[i - 1].max + step;
      if (bands[i].min > expected + EPS) {
        problems.push({
          code: 'band-gap',
          criterion: c.key,
          message: `评分项「${name}」的分档在 ${bands[i - 1].max} 与 ${bands[i].min} 之间有空档`,
        });
      } else if (bands[i].min < expected - EPS) {
        problems.push({
          code: 'band-overlap',
          criterion: c.key,
          message: `评分项「${name}」的分档 ${bands[i - 1].min}–${bands[i - 1].max} 与 ${bands[i].min}–${bands[i].max} 重叠`,
        });
      }
    }
  }
  if (Math.abs(sum - 100) > EPS && !problems.some((p) => p.code === 'bad-weight')) {
    problems.push({ code: 'weight-sum', message: `各评分项权重之和须为 100（现为 ${sum}）` });
  }
  return problems;
}

/** Throws RubricError listing every problem, so a bad rubric is never used to score. */
export function assertRubric(rubric: Rubric): void {
  const problems = validateRubric(rubric);
  if (problems.length > 0) throw new RubricError(problems);
}

/** A criterion's full marks: the top band's max. */
export function criterionMax(criterion: RubricCriterion): number {
  return Math.max(...criterion.bands.map((b) => b.max));
}

/** The band a score falls in (for showing its descriptor), or undefined when out of range. */
export function bandFor(criterion: RubricCriterion, score: number): RubricBand | undefined {
  return criterion.bands.find((b) => score >= b.min - EPS && score <= b.max + EPS);
}

export interface ScoreSheet {
  judgeId: string;
  entryId: string;
  /** Criterion key → score on that criterion's own scale (0..its max, in rubric steps). */
  scores: Record<string, number>;
}

/** Weighted total 0–100 of one sheet: Σ weight × score / max; throws ScoreSheetError on a missing, unknown or out-of-range score. */
export function sheetTotal(rubric: Rubric, sheet: ScoreSheet): number {
  const step = rubric.step ?? 1;
  const where = { judgeId: sheet.judgeId, entryId: sheet.entryId };
  const known = new Set(rubric.criteria.map((c) => c.key));
  for (const key of Object.keys(sheet.scores)) {
    if (!known.has(key)) throw new ScoreSheetError(`评分表含有未知评分项「${key}」`, { ...where, key });
  }
  let total = 0;
  for (const c of rubric.criteria) {
    const score = sheet.scores[c.key];
    const max = criterionMax(c);
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new ScoreSheetError(`评分项「${c.title}」未打分`, { ...where, key: c.key });
    }
    if (score < 0 || score > max + EPS || !isMultiple(score, step)) {
      throw new ScoreSheetError(`评分项「${c.title}」的分数须在 0–${max} 之间（步长 ${step}）`, {
        ...where,
        key: c.key,
      });
    }
    total += (c.weight * score) / max;
  }
  return total;
}

export interface JudgeStats {
  judgeId: string;
  sheets: number;
  /** Mean and population standard deviation of this judge's totals. */
  mean: number;
  sd: number;
  /** False when the judge has fewer than 2 sheets or sd 0: all their z-scores are 0. */
  normalised: boolean;
}

export interface EntryScore {
  entryId: string;
  /** Number of sheets (judges) for this entry. */
  judges: number;
  /** Mean of its sheets' totals (0–100). */
  raw: number;
  /** Mean z-score of its sheets. */
  z: number;
  /** overall mean + z × overall sd, clamped to 0–100: comparable with raw side by side. */
  normalised: number;
}

export interface ScoreResults {
  /** Sorted by entry id; entries without sheets are absent. */
  entries: EntryScore[];
  /** Sorted by judge id. */
  judges: JudgeStats[];
  /** Mean and population sd of all sheet totals (the scale normalised scores are mapped back to). */
  overall: { sheets: number; mean: number; sd: number };
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function meanSd(values: number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * Raw and judge-normalised scores per entry. Raw = mean of its sheet totals. Normalised removes each
 * judge's harshness or leniency: z = (total − judge mean) / judge sd over that judge's own sheets
 * (z = 0 for all sheets of a judge with < 2 sheets or sd 0 — nothing to calibrate against, so they
 * count as "average"), the entry's z is the mean over its sheets, and it is mapped back to the
 * 0–100 scale as overall mean + z × overall sd of all totals (clamped to 0–100).
 * Validates the rubric and every sheet; a second sheet from the same judge for the same entry throws.
 */
export function computeScores(rubric: Rubric, sheets: ScoreSheet[]): ScoreResults {
  assertRubric(rubric);
  const seen = new Set<string>();
  const totals = sheets.map((sheet) => {
    const pair = `${sheet.judgeId}\u0000${sheet.entryId}`;
    if (seen.has(pair)) {
      throw new ScoreSheetError('同一评委对同一作品只能提交一份评分表', {
        judgeId: sheet.judgeId,
        entryId: sheet.entryId,
      });
    }
    seen.add(pair);
    return { sheet, total: sheetTotal(rubric, sheet) };
  });

  const byJudge = new Map<string, number[]>();
  for (const { sheet, total } of totals) {
    const list = byJudge.get(sheet.judgeId) ?? [];
    list.push(total);
    byJudge.set(sheet.judgeId, list);
  }
  const judges: JudgeStats[] = [...byJudge.keys()].sort(byId).map((judgeId) => {
    const list = byJudge.get(judgeId) as number[];
    const { mean, sd } = meanSd(list);
    return { judgeId, sheets: list.length, mean, sd, normalised: list.length >= 2 && sd > EPS };
  });
  const stats = new Map(judges.map((j) => [j.judgeId, j]));
  const overall = { sheets: totals.length, ...meanSd(totals.map((t) => t.total)) };

  const byEntry = new Map<string, { totals: number[]; zs: number[] }>();
  for (const { sheet, total } of totals) {
    const j = stats.get(sheet.judgeId) as JudgeStats;
    const z = j.normalised ? (total - j.mean) / j.sd : 0;
    const acc = byEntry.get(sheet.entryId) ?? { totals: [], zs: [] };
    acc.totals.push(total);
    acc.zs.push(z);
    byEntry.set(sheet.entryId, acc);
  }
  const entries: EntryScore[] = [...byEntry.keys()].sort(byId).map((entryId) => {
    const acc = byEntry.get(entryId) as { totals: number[]; zs: number[] };
    const raw = acc.totals.reduce((s, v) => s + v, 0) / acc.totals.length;
    const z = acc.zs.reduce((s, v) => s + v, 0) / acc.zs.length;
    const normalised = Math.min(100, Math.max(0, overall.mean + z * overall.sd));
    return { entryId, judges: acc.totals.length, raw, z, normalised };
  });
  return { entries, judges, overall };
}

/** A score in hundredths, rounded half up (with a float tolerance): the unit for ties and display. */
export function scoreKey(score: number): number {
  return Math.floor(score * 100 + 0.5 + EPS);
}

/** Rounds half up to 2 decimals (86.665 → 86.67), as scores are shown and compared for ties. */
export function round2(score: number): number {
  return scoreKey(score) / 100;
}

/** Sorts by score (desc, 2-decimal ties) and ranks 1, 1, 3 style; ties listed by entry id. */
export function rankEntries<T extends { entryId: string; score: number }>(
  items: T[],
): (T & { rank: number })[] {
  const sorted = items
    .map((item) => ({ item, key: scoreKey(item.score) }))
    .sort((a, b) => b.key - a.key || byId(a.item.entryId, b.item.entryId));
  let rank = 0;
  return sorted.map(({ item, key }, i) => {
    if (i === 0 || key !== sorted[i - 1].key) rank = i + 1;
    return { ...item, rank };
  });
}

export type AwardTier = 'first' | 'second' | 'third' | 'honorable';

/** One award tier: a fixed number of awards, or a share of the group's entries. */
export interface TierRule {
  tier: AwardTier;
  count?: number;
  /** Fraction 0–1 of the group's entries, rounded half up, at least 1 when > 0 and the group is not empty. */
  share?: number;
}

export interface AwardCandidate {
  entryId: string;
  category: string;
  /** The competition group, e.g. 小学 / 初中 / 高中. */
  group: string;
  score: number;
}

export interface AwardedEntry extends AwardCandidate {
  /** Rank within its category × group. */
  rank: number;
  tier: AwardTier | null;
}

export interface TierReport {
  category: string;
  group: string;
  tier: AwardTier;
  /** What the rule gives this tier in this group. */
  quota: number;
  awarded: number;
  /** Entries beyond the tier's cumulative boundary that got it because they tie with the last one inside. */
  tiedOver: number;
}

export interface AwardAllocation {
  /** Per category × group (sorted by category, then group), each in rank order. */
  entries: AwardedEntry[];
  report: TierReport[];
}

/** Quota for a tier in a group of n: count, or share × n rounded half up (≥ 1 when share > 0 and n > 0). */
export function tierQuota(rule: TierRule, n: number): number {
  if (rule.count !== undefined) return rule.count;
  const share = rule.share ?? 0;
  if (share <= 0 || n === 0) return 0;
  return Math.max(1, Math.floor(share * n + 0.5 + EPS));
}

function validateTiers(tiers: TierRule[]): void {
  if (tiers.length === 0) throw new RangeError('at least one award tier is needed');
  const names = new Set<string>();
  for (const t of tiers) {
    if (names.has(t.tier)) throw new RangeError(`award tier ${t.tier} listed twice`);
    names.add(t.tier);
    if ((t.count === undefined) === (t.share === undefined)) {
      throw new RangeError(`award tier ${t.tier}: give exactly one of count and share`);
    }
    if (t.count !== undefined && !(Number.isInteger(t.count) && t.count >= 0)) {
      throw new RangeError(`award tier ${t.tier}: count must be a non-negative integer`);
    }
    if (t.share !== undefined && !(Number.isFinite(t.share) && t.share >= 0 && t.share <= 1)) {
      throw new RangeError(`award tier ${t.tier}: share must be between 0 and 1`);
    }
  }
}

/**
 * Awards per category × group, tiers in the order given (first → honorable). Quotas accumulate: with
 * first 1, second 2, third 3 the boundaries fall after positions 1, 3 and 6 of the ranking. An entry
 * tied (2-decimal score) with the last one inside a boundary gets the higher tier too — ties are
 * never split — and the next tier shrinks by as many, so only ties at the last boundary add awards.
 * The report gives, per tier, its quota, how many got it and how many were pulled over by a tie.
 */
export function allocateAwards(entries: AwardCandidate[], tiers: TierRule[]): AwardAllocation {
  validateTiers(tiers);
  const groups = new Map<string, AwardCandidate[]>();
  for (const e of entries) {
    const k = `${e.category}\u0000${e.group}`;
    const list = groups.get(k) ?? [];
    list.push(e);
    groups.set(k, list);
  }
  const out: AwardedEntry[] = [];
  const report: TierReport[] = [];
  const keys = [...groups.keys()].sort(byId);
  for (const k of keys) {
    const ranked = rankEntries(groups.get(k) as AwardCandidate[]);
    const { category, group } = ranked[0];
    const n = ranked.length;
    const tierOf: (AwardTier | null)[] = new Array(n).fill(null);
    let boundary = 0;
    let pos = 0;
    for (const rule of tiers) {
      const quota = tierQuota(rule, n);
      boundary = Math.min(n, boundary + quota);
      let end = Math.max(pos, boundary);
      if (end > pos) {
        // Never split a tie: pull in everyone tied with the last entry inside the boundary.
        while (end < n && ranked[end].rank === ranked[end - 1].rank) end++;
      }
      for (let i = pos; i < end; i++) tierOf[i] = rule.tier;
      report.push({
        category,
        group,
        tier: rule.tier,
        quota,
        awarded: end - pos,
        tiedOver: Math.max(0, end - boundary),
      });
      pos = end;
    }
    ranked.forEach((e, i) => out.push({ ...e, tier: tierOf[i] }));
  }
  return { entries: out, report };
}

export interface SchoolParticipation {
  schoolId: string;
  /** Enrolled pupils. */
  students: number;
  /** Works the school submitted. */
  entries: number;
  /** Of those, works that won an award. */
  awarded: number;
}

export interface SchoolRanking extends SchoolParticipation {
  /** null for schools without a student count (listed last, unranked). */
  rank: number | null;
  awardedPer1000: number;
  entriesPerStudent: number;
}

/**
 * Organisation award (优秀组织奖) ranking: by awarded works per 1,000 students, then by entries per
 * student (participation). Compared as exact fractions (cross-multiplied integers), so equal ratios
 * tie exactly and share a rank (1, 1, 3). Schools with no students on record cannot be rated: they
 * come last with rank null. The rates are returned unrounded for display.
 */
export function organisationAward(schools: SchoolParticipation[]): SchoolRanking[] {
  for (const s of schools) {
    for (const [field, v] of [
      ['students', s.students],
      ['entries', s.entries],
      ['awarded', s.awarded],
    ] as const) {
      if (!(Number.isInteger(v) && v >= 0))
        throw new RangeError(`${s.schoolId}: ${field} must be a non-negative integer`);
    }
    if (s.awarded > s.entries) throw new RangeError(`${s.schoolId}: more awarded works than entries`);
  }
  // a/b vs c/d for b, d > 0: compare a·d with c·b.
  const compare = (x: SchoolParticipation, y: SchoolParticipation) =>
    y.awarded * x.students - x.awarded * y.students || y.entries * x.students - x.entries * y.students;
  const rated = schools
    .filter((s) => s.students > 0)
    .sort((x, y) => compare(x, y) || byId(x.schoolId, y.schoolId));
  const unrated = schools.filter((s) => s.students === 0).sort((x, y) => byId(x.schoolId, y.schoolId));
  let rank = 0;
  const ranked: SchoolRanking[] = rated.map((s, i) => {
    if (i === 0 || compare(rated[i - 1], s) !== 0) rank = i + 1;
    return {
      ...s,
      rank,
      awardedPer1000: (s.awarded * 1000) / s.students,
      entriesPerStudent: s.entries / s.students,
    };
  });
  return [...ranked, ...unrated.map((s) => ({ ...s, rank: null, awardedPer1000: 0, entriesPerStudent: 0 }))];
}
