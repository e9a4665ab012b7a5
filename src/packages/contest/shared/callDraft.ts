/**
 * The call editor's model: presets of categories and groups the plan names, a default rubric and award
 * tiers, and turning the editor's state into createCall / updateCall input. Pure (no Taro), tested.
 */
import type { InputOf, OutputOf } from '../../../api/client';
import { addDays, beijingToday, type Tier } from './labels';

export type CreateInput = InputOf<'contest', 'createCall'>;
export type CategoryDraft = CreateInput['categories'][number];
export type GroupDraft = CreateInput['groups'][number];
export type RubricDraft = NonNullable<CreateInput['rubric']>;
export type TierDraft = { tier: Tier; mode: 'share' | 'count'; value: number; on: boolean };
export type Kind = 'works' | 'stories' | 'lessons';
export type Level = 'city' | 'district' | 'school';

/** Categories the plan names, with sensible limits (the server fills any left out). */
export const CATEGORY_PRESETS: CategoryDraft[] = [
  { key: 'essay', title: '征文', format: 'text', minChars: 200, maxChars: 1500, maxImages: 0 },
  { key: 'drawing', title: '绘画', format: 'images', minImages: 1, maxImages: 3, maxChars: 300 },
  { key: 'comic', title: '漫画', format: 'images', minImages: 1, maxImages: 6, maxChars: 300 },
  { key: 'kids', title: '童画', format: 'images', minImages: 1, maxImages: 2, maxChars: 300 },
  { key: 'photo', title: '摄影', format: 'images', minImages: 1, maxImages: 3, maxChars: 300 },
  { key: 'video', title: '短视频', format: 'video', maxSeconds: 180, maxMB: 50, maxChars: 300 },
  { key: 'book', title: '书评', format: 'text', minChars: 200, maxChars: 1500, maxImages: 0 },
  { key: 'film', title: '影评', format: 'text', minChars: 200, maxChars: 1500, maxImages: 0 },
  { key: 'story', title: '抗疫复学故事', format: 'text', minChars: 200, maxChars: 3000, maxImages: 3 },
  { key: 'lesson', title: '思政课', format: 'lesson', maxSeconds: 2700, maxMB: 100, maxChars: 800 },
];

/** Groups: pupils by stage, families, teachers. */
export const GROUP_PRESETS: GroupDraft[] = [
  {
    key: 'primary-low',
    title: '小学低段',
    who: 'student',
    classes: [{ stage: 'primary', minGrade: 1, maxGrade: 3 }],
  },
  {
    key: 'primary-high',
    title: '小学高段',
    who: 'student',
    classes: [{ stage: 'primary', minGrade: 4, maxGrade: 6 }],
  },
  {
    key: 'junior',
    title: '初中组',
    who: 'student',
    classes: [{ stage: 'junior', minGrade: 1, maxGrade: 3 }],
  },
  {
    key: 'senior',
    title: '高中组',
    who: 'student',
    classes: [{ stage: 'senior', minGrade: 1, maxGrade: 3 }],
  },
  { key: 'family', title: '家庭组', who: 'family', classes: [] },
  { key: 'teacher', title: '教师组', who: 'teacher', classes: [] },
];

/** A rubric for artworks and essays (weights 40/40/20, three bands each on 0–10). */
export function defaultRubric(): RubricDraft {
  const bands = (low: string, mid: string, high: string) => [
    { min: 0, max: 5, descriptor: low },
    { min: 6, max: 8, descriptor: mid },
    { min: 9, max: 10, descriptor: high },
  ];
  return {
    criteria: [
      {
        key: 'theme',
        title: '主题立意',
        weight: 40,
        bands: bands('主题不够明确', '切合主题', '主题鲜明、立意深刻'),
      },
      { key: 'craft', title: '表现技法', weight: 40, bands: bands('表现较弱', '表现熟练', '表现出色') },
      { key: 'idea', title: '创意', weight: 20, bands: bands('常见构思', '有新意', '构思独特') },
    ],
  };
}

/** 一等奖 10%, 二等奖 20%, 三等奖 30% of each category × group; 优秀奖 off. */
export function defaultTiers(): TierDraft[] {
  return [
    { tier: 'first', mode: 'share', value: 10, on: true },
    { tier: 'second', mode: 'share', value: 20, on: true },
    { tier: 'third', mode: 'share', value: 30, on: true },
    { tier: 'honorable', mode: 'share', value: 20, on: false },
  ];
}

/** Which presets suit a kind of call. */
export function presetsFor(kind: Kind): { categories: string[]; groups: string[] } {
  if (kind === 'lessons') return { categories: ['lesson'], groups: ['teacher'] };
  if (kind === 'stories') return { categories: ['story'], groups: ['teacher', 'family'] };
  return {
    categories: ['essay', 'drawing', 'comic', 'kids', 'photo', 'video', 'book', 'film'],
    groups: ['primary-low', 'primary-high', 'junior', 'senior', 'family', 'teacher'],
  };
}

/** Everything the editor holds. */
export interface CallDraft {
  kind: Kind;
  title: string;
  intro: string;
  opensOn: string;
  closesOn: string;
  categories: CategoryDraft[];
  groups: GroupDraft[];
  maxCoAuthors: number;
  maxPerAuthor: number;
  /** null: keep what the call has (editing: the public view does not answer it). */
  quotaSchool: number | null;
  quotaDistrict: number | null;
  overrides: { category: string; group: string; school?: number; district?: number }[];
  rubric: RubricDraft;
  tiers: TierDraft[];
  judgesPerEntry: number | null;
  organisationAwards: number | null;
  earlyResults: boolean | null;
}

/** A new call's starting point: today to 30 days on, the plan's first categories and groups. */
export function newDraft(kind: Kind, today = beijingToday()): CallDraft {
  const pick = (keys: string[]) => CATEGORY_PRESETS.filter((c) => keys.includes(c.key));
  return {
    kind,
    title: '',
    intro: '',
    opensOn: today,
    closesOn: addDays(today, 30),
    categories:
      kind === 'works' ? pick(['drawing', 'essay']) : pick(kind === 'lessons' ? ['lesson'] : ['story']),
    groups: GROUP_PRESETS.filter((g) =>
      kind === 'works'
        ? ['primary-low', 'primary-high', 'junior'].includes(g.key)
        : presetsFor(kind).groups.includes(g.key),
    ),
    maxCoAuthors: kind === 'works' ? 2 : 1,
    maxPerAuthor: kind === 'works' ? 2 : 1,
    quotaSchool: 3,
    quotaDistrict: 3,
    overrides: [],
    rubric: defaultRubric(),
    tiers: defaultTiers(),
    judgesPerEntry: 3,
    organisationAwards: kind === 'works' ? 5 : 0,
    earlyResults: false,
  };
}

type Loaded = OutputOf<'contest', 'callInfo'>['call'];
type Settings = OutputOf<'contest', 'callInfo'>['settings'];

/** The editor's state of an existing call (what the call's public view answers; the rest is kept as is). */
export function draftOf(c: Loaded, settings: Settings = null): CallDraft {
  return {
    kind: c.kind,
    title: c.title,
    intro: c.intro,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    categories: c.categories.map((x) => ({
      key: x.key,
      title: x.title,
      format: x.format,
      minChars: x.minChars,
      maxChars: x.maxChars,
      minImages: x.minImages,
      maxImages: x.maxImages,
      maxSeconds: x.maxSeconds,
      maxMB: x.maxMB,
    })),
    groups: c.groups.map((g) => ({ key: g.key, title: g.title, who: g.who, classes: g.classes })),
    maxCoAuthors: c.maxCoAuthors,
    maxPerAuthor: c.maxPerAuthor,
    quotaSchool: settings?.quotas.school ?? null,
    quotaDistrict: settings?.quotas.district ?? null,
    overrides: settings?.quotas.overrides.map((o) => ({ ...o })) ?? [],
    rubric: c.rubric ?? defaultRubric(),
    tiers: c.tiers
      ? defaultTiers().map((t) => {
          const have = c.tiers!.find((x) => x.tier === t.tier);
          if (!have) return { ...t, on: false };
          return have.count !== undefined
            ? { tier: t.tier, mode: 'count', value: have.count, on: true }
            : { tier: t.tier, mode: 'share', value: Math.round((have.share ?? 0) * 1000) / 10, on: true };
        })
      : defaultTiers(),
    judgesPerEntry: settings?.judgesPerEntry ?? null,
    organisationAwards: settings?.organisationAwards ?? null,
    earlyResults: settings?.earlyResults ?? null,
  };
}

/** Whether a call of this kind and level is judged by the city's judges (and needs a rubric and tiers). */
export const judged = (kind: Kind, level: Level) => kind === 'works' && level === 'city';

/** The tiers as the server takes them. */
export function tiersInput(tiers: TierDraft[]): NonNullable<CreateInput['tiers']> {
  return tiers
    .filter((t) => t.on)
    .map((t) =>
      t.mode === 'count'
        ? { tier: t.tier, count: Math.max(0, Math.round(t.value)) }
        : { tier: t.tier, share: Math.min(1, Math.max(0, t.value / 100)) },
    );
}

/** The fields both createCall and updateCall take, from the editor. */
export function callFieldsOf(d: CallDraft, level: Level) {
  const isJudged = judged(d.kind, level);
  return {
    title: d.title.trim(),
    intro: d.intro.trim(),
    categories: d.categories,
    groups: d.groups,
    opensOn: d.opensOn,
    closesOn: d.closesOn,
    maxCoAuthors: d.maxCoAuthors,
    maxPerAuthor: d.maxPerAuthor,
    ...(isJudged ? { rubric: d.rubric, tiers: tiersInput(d.tiers) } : {}),
    ...(d.judgesPerEntry !== null ? { judgesPerEntry: d.judgesPerEntry } : {}),
    ...(d.organisationAwards !== null ? { organisationAwards: d.organisationAwards } : {}),
    ...(d.earlyResults !== null ? { earlyResults: d.earlyResults } : {}),
  };
}

/** createCall input. */
export function createInput(d: CallDraft, level: Level, unitId?: string): CreateInput {
  return {
    kind: d.kind,
    level,
    ...(level === 'district' && unitId ? { districtId: unitId } : {}),
    ...(level === 'school' && unitId ? { schoolId: unitId } : {}),
    ...callFieldsOf(d, level),
    quotas: { school: d.quotaSchool ?? 0, district: d.quotaDistrict ?? 0, overrides: d.overrides },
  };
}

/**
 * updateCall input: the fields that changed against the loaded call (categories and groups only when
 * they changed: once entries exist the server refuses any change to them), quotas when changed.
 */
export function updateInput(
  d: CallDraft,
  loaded: CallDraft,
  level: Level,
  callId: string,
): InputOf<'contest', 'updateCall'> {
  const now = callFieldsOf(d, level);
  const before = callFieldsOf(loaded, level) as Record<string, unknown>;
  const out: Record<string, unknown> = { callId };
  for (const [k, v] of Object.entries(now)) {
    if (JSON.stringify(v) !== JSON.stringify(before[k])) out[k] = v;
  }
  const quotas = (x: CallDraft) => ({
    school: x.quotaSchool ?? 0,
    district: x.quotaDistrict ?? 0,
    overrides: x.overrides,
  });
  const given = d.quotaSchool !== null || d.quotaDistrict !== null || d.overrides.length > 0;
  if (given && JSON.stringify(quotas(d)) !== JSON.stringify(quotas(loaded))) out.quotas = quotas(d);
  return out as InputOf<'contest', 'updateCall'>;
}

/** Problems the editor can see before sending (the server checks everything again). */
export function draftProblems(d: CallDraft, level: Level): string[] {
  const out: string[] = [];
  if (!d.title.trim()) out.push('请填写活动名称');
  if (!d.categories.length) out.push('至少选一个作品类别');
  if (!d.groups.length) out.push('至少选一个组别');
  if (d.opensOn > d.closesOn) out.push('截止日期早于开始日期');
  if (judged(d.kind, level)) {
    const sum = d.rubric.criteria.reduce((s, c) => s + (Number(c.weight) || 0), 0);
    if (Math.abs(sum - 100) > 1e-6) out.push(`评分项权重之和须为 100（现为 ${sum}）`);
    if (!d.tiers.some((t) => t.on)) out.push('至少设置一个奖项');
  }
  return out;
}
