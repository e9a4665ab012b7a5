import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomId } from '../../codes';
import { validateRubric } from '../../contest/algo/scoring';
import { denied, invalid, notFound, precondition } from '../../errors';
import type { DistrictDoc, SchoolDoc, UserDoc } from '../../model';
import { MAX_GRADE } from '../../org';
import { callCoversSchool, managesCall, managesSchool, teachesAtSchool } from '../../permissions';
import { PHASE_LABEL, rangeLabel } from '../../phases';
import { defineAction, loadCampaign } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { findAll, mustGet } from '../../store';
import { dayIn } from '../../time';
import { loadCall } from './lifecycle';
import {
  AUTHOR_LABEL,
  COL,
  FORMAT_LABEL,
  isJudged,
  KIND_LABEL,
  LEVEL_LABEL,
  MANAGE_PHASES,
  roundsOf,
  windowOf,
  type AuthorType,
  type CallDoc,
  type CategorySpec,
  type GroupSpec,
} from './model';
import { callFields, categoryInput, groupInput } from './schemas';

/** Format limits when a call leaves them out. */
const FORMAT_DEFAULTS: Record<CategorySpec['format'], Omit<CategorySpec, 'key' | 'title' | 'format'>> = {
  text: { minChars: 100, maxChars: 3000, minImages: 0, maxImages: 0, maxSeconds: 0, maxMB: 0 },
  images: { minChars: 0, maxChars: 300, minImages: 1, maxImages: 9, maxSeconds: 0, maxMB: 0 },
  video: { minChars: 0, maxChars: 300, minImages: 0, maxImages: 0, maxSeconds: 180, maxMB: 50 },
  lesson: { minChars: 0, maxChars: 1000, minImages: 0, maxImages: 0, maxSeconds: 2700, maxMB: 100 },
};

/** A category with its format's defaults filled in. */
export function normaliseCategory(input: z.output<typeof categoryInput>): CategorySpec {
  const d = FORMAT_DEFAULTS[input.format];
  return {
    key: input.key,
    title: input.title,
    format: input.format,
    minChars: input.minChars ?? d.minChars,
    maxChars: input.maxChars ?? d.maxChars,
    minImages: input.minImages ?? d.minImages,
    maxImages: input.maxImages ?? d.maxImages,
    maxSeconds: input.maxSeconds ?? d.maxSeconds,
    maxMB: input.maxMB ?? d.maxMB,
  };
}

function normaliseGroup(input: z.output<typeof groupInput>): GroupSpec {
  return {
    key: input.key,
    title: input.title,
    who: input.who,
    classes: input.who === 'teacher' ? [] : input.classes,
  };
}

/** Fields of a call as a create or an update states them. */
type CallFields = z.output<z.ZodObject<typeof callFields>>;

/**
 * Check a call's definition as a whole (the schema checked each field): unique keys, sensible limits,
 * quota exceptions that name real categories and groups, dates inside the implementation phase, and
 * for judged calls a valid rubric and award tiers. Answers every problem in one message.
 */
export async function callProblems(
  services: Services,
  call: Pick<CallDoc, 'kind' | 'level'> & CallFields,
): Promise<string[]> {
  const problems: string[] = [];
  const dup = (keys: string[]) => keys.find((k, i) => keys.indexOf(k) !== i);
  const cats = call.categories.map(normaliseCategory);
  const groups = call.groups.map(normaliseGroup);
  const dc = dup(cats.map((c) => c.key));
  if (dc) problems.push(`作品类别标识「${dc}」重复`);
  const dg = dup(groups.map((g) => g.key));
  if (dg) problems.push(`组别标识「${dg}」重复`);
  for (const c of cats) {
    if (c.minChars > c.maxChars) problems.push(`「${c.title}」的最少字数大于最多字数`);
    if (c.minImages > c.maxImages) problems.push(`「${c.title}」的最少图片数大于最多图片数`);
    if (c.format === 'images' && c.maxImages < 1) problems.push(`「${c.title}」至少要能上传 1 张图片`);
    if (c.format === 'text' && c.maxChars < 1) problems.push(`「${c.title}」的字数上限必须大于 0`);
  }
  for (const g of groups) {
    for (const r of g.classes) {
      if (r.minGrade > r.maxGrade || r.maxGrade > MAX_GRADE[r.stage]) {
        problems.push(`组别「${g.title}」的年级范围不对`);
      }
    }
  }
  for (const o of call.quotas.overrides) {
    if (!cats.some((c) => c.key === o.category) || !groups.some((g) => g.key === o.group)) {
      problems.push(`推荐名额的例外「${o.category} · ${o.group}」不是本活动的类别和组别`);
    }
  }
  if (call.opensOn > call.closesOn) problems.push('截止日期早于开始日期');
  const campaign = await loadCampaign(services);
  if (campaign) {
    const impl = campaign.phases.implementation;
    if (call.opensOn < impl.start || call.closesOn > impl.end) {
      problems.push(`征集时间必须在${PHASE_LABEL.implementation}（${rangeLabel(impl)}）之内`);
    }
  }
  if (isJudged(call)) {
    if (!call.rubric) problems.push('市级作品征集需要评分标准');
    else problems.push(...validateRubric(call.rubric).map((p) => p.message));
    if (!call.tiers) problems.push('市级作品征集需要设置奖项（一、二、三等奖和优秀奖的名额或比例）');
    else {
      const dt = dup(call.tiers.map((t) => t.tier));
      if (dt) problems.push('同一个奖项设置了两次');
    }
  } else if (call.rubric) {
    problems.push(...validateRubric(call.rubric).map((p) => p.message));
  }
  return problems;
}

/** The call's unit checked against the caller: who may create a call where. */
async function callUnit(
  services: Services,
  user: UserDoc,
  input: { level: CallDoc['level']; districtId?: string; schoolId?: string },
): Promise<{ districtId?: string; schoolId?: string; unitName: string }> {
  if (input.level === 'city') {
    if (!managesCall(user, { level: 'city' })) throw denied('只有市级管理员可以发布市级征集活动');
    return { unitName: '全市' };
  }
  if (input.level === 'district') {
    if (!input.districtId) throw invalid('请指定县区');
    const d = await mustGet<DistrictDoc>(services.store, C.districts, input.districtId, '县区');
    if (!managesCall(user, { level: 'district', districtId: d._id }))
      throw denied('只能为自己管理的县区发布征集活动');
    return { districtId: d._id, unitName: d.name };
  }
  if (!input.schoolId) throw invalid('请指定学校');
  const school = await mustGet<SchoolDoc>(services.store, C.schools, input.schoolId, '学校');
  if (!managesCall(user, { level: 'school', schoolId: school._id, districtId: school.districtId })) {
    throw denied('只能为自己管理的学校发布征集活动');
  }
  return { districtId: school.districtId, schoolId: school._id, unitName: school.name };
}

/** The call as everyone may read it (rules, formats, groups, dates; no panel, no people). */
export function publicCall(call: CallDoc, today: string) {
  return {
    callId: call._id,
    title: call.title,
    kind: call.kind,
    kindLabel: KIND_LABEL[call.kind],
    level: call.level,
    levelLabel: LEVEL_LABEL[call.level],
    unitName: call.unitName,
    intro: call.intro,
    categories: call.categories.map((c) => ({ ...c, formatLabel: FORMAT_LABEL[c.format] })),
    groups: call.groups.map((g) => ({ ...g, whoLabel: AUTHOR_LABEL[g.who] })),
    who: call.who,
    opensOn: call.opensOn,
    closesOn: call.closesOn,
    window: windowOf(call, today),
    maxCoAuthors: call.maxCoAuthors,
    maxPerAuthor: call.maxPerAuthor,
    rounds: roundsOf(call),
    judged: isJudged(call),
    rubric: call.rubric ?? null,
    tiers: call.tiers ?? null,
    results:
      call.results?.state === 'published'
        ? { publishedAt: call.results.publishedAt, count: call.results.count }
        : null,
  };
}

/** Create a call (city, district or school admins, each at their own level). */
export const createCall = defineAction({
  title: '发布征集活动',
  input: z
    .object({
      kind: z.enum(['works', 'stories', 'lessons']),
      level: z.enum(['city', 'district', 'school']),
      districtId: s.id.optional(),
      schoolId: s.id.optional(),
      ...callFields,
    })
    .strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  phases: MANAGE_PHASES,
  async handler({ services, user, openid, now }, input) {
    const unit = await callUnit(services, user, input);
    const problems = await callProblems(services, input);
    if (problems.length) throw invalid(problems.join('；'), { problems });
    const at = now.toISOString();
    const groups = input.groups.map(normaliseGroup);
    const call: CallDoc = {
      _id: randomId(),
      title: input.title,
      kind: input.kind,
      level: input.level,
      ...(unit.districtId ? { districtId: unit.districtId } : {}),
      ...(unit.schoolId ? { schoolId: unit.schoolId } : {}),
      unitName: unit.unitName,
      intro: input.intro,
      categories: input.categories.map(normaliseCategory),
      groups,
      who: [...new Set(groups.map((g) => g.who))] as AuthorType[],
      opensOn: input.opensOn,
      closesOn: input.closesOn,
      maxCoAuthors: input.maxCoAuthors,
      maxPerAuthor: input.maxPerAuthor,
      quotas: input.quotas,
      ...(input.rubric ? { rubric: input.rubric } : {}),
      ...(input.tiers ? { tiers: input.tiers } : {}),
      judgesPerEntry: input.judgesPerEntry,
      organisationAwards: input.organisationAwards,
      earlyResults: input.earlyResults,
      judges: [],
      createdBy: openid,
      createdAt: at,
      updatedAt: at,
    };
    await services.store.insert(COL.calls, call);
    await audit(services, openid, 'contest.createCall', call._id, { level: call.level, kind: call.kind });
    return publicCall(call, dayIn(now));
  },
});

/**
 * Change a call. Categories and groups only while no entry exists, the rubric only before any score
 * sheet, nothing once results are published.
 */
export const updateCall = defineAction({
  title: '修改征集活动',
  input: z
    .object({
      callId: s.id,
      ...Object.fromEntries(Object.entries(callFields).map(([k, v]) => [k, v.optional()])),
    })
    .strict() as unknown as z.ZodType<{ callId: string } & Partial<CallFields>>,
  access: ['city_admin', 'district_admin', 'school_admin'],
  phases: MANAGE_PHASES,
  async handler({ services, user, openid, now }, input) {
    const call = await loadCall(services, input.callId);
    if (!managesCall(user, call)) throw denied('只能修改自己单位发布的征集活动');
    if (call.results) throw precondition('结果已公布，活动不能再修改');
    const next = {
      ...call,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    } as CallDoc & CallFields;
    const touching = (k: keyof CallFields) =>
      input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(call[k as keyof CallDoc]);
    if (
      (touching('categories') || touching('groups')) &&
      (await services.store.find(COL.entries, { callId: call._id }, { limit: 1 })).length
    ) {
      throw precondition('已经有人投稿，作品类别和组别不能再改（可以改说明、日期、名额）');
    }
    if (
      touching('rubric') &&
      (await services.store.find(COL.judging, { callId: call._id, scored: true }, { limit: 1 })).length
    ) {
      throw precondition('评委已经开始打分，评分标准不能再改');
    }
    const problems = await callProblems(services, next);
    if (problems.length) throw invalid(problems.join('；'), { problems });
    const groups = next.groups.map(normaliseGroup);
    const set: Partial<CallDoc> = {
      title: next.title,
      intro: next.intro,
      categories: next.categories.map(normaliseCategory),
      groups,
      who: [...new Set(groups.map((g) => g.who))] as AuthorType[],
      opensOn: next.opensOn,
      closesOn: next.closesOn,
      maxCoAuthors: next.maxCoAuthors,
      maxPerAuthor: next.maxPerAuthor,
      quotas: next.quotas,
      judgesPerEntry: next.judgesPerEntry,
      organisationAwards: next.organisationAwards,
      earlyResults: next.earlyResults,
      ...(next.rubric ? { rubric: next.rubric } : {}),
      ...(next.tiers ? { tiers: next.tiers } : {}),
      updatedAt: now.toISOString(),
    };
    await services.store.update(COL.calls, call._id, { $set: set });
    await audit(services, openid, 'contest.updateCall', call._id, {
      fields: Object.keys(input).filter((k) => k !== 'callId'),
    });
    return publicCall({ ...call, ...set }, dayIn(now));
  },
});

/** Teachers and admins give the name pupils pick them by (advisor) and certificates print. */
export const setMyName = defineAction({
  title: '填写姓名',
  input: z.object({ name: s.personName }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin', 'judge'],
  async handler({ services, openid, now }, { name }) {
    await services.store.upsert(COL.profiles, openid, { $set: { name, updatedAt: now.toISOString() } });
    return { name };
  },
});

/** A person's name as they gave it (or null). */
export async function profileName(services: Services, openid: string): Promise<string | null> {
  const doc = await services.store.get<{ _id: string; name: string }>(COL.profiles, openid);
  return doc?.name ?? null;
}

/** The teachers of a school who gave their name (advisor and co-author lists). */
export async function namedTeachersOf(
  services: Services,
  schoolId: string,
): Promise<{ openid: string; name: string }[]> {
  // Staff only: a school's pupils carry its id too, and a school has far more of them.
  const users = await findAll<UserDoc>(services.store, C.users, {
    'roles.schoolId': schoolId,
    'roles.role': { $in: ['teacher', 'school_admin'] },
  });
  const ids = users
    .filter((u) =>
      u.roles.some((g) => (g.role === 'teacher' || g.role === 'school_admin') && g.schoolId === schoolId),
    )
    .map((u) => u._id);
  if (!ids.length) return [];
  const profiles = await findAll<{ _id: string; name: string }>(services.store, COL.profiles, {
    _id: { $in: ids },
  });
  return profiles
    .map((p) => ({ openid: p._id, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/** A school admin names the teachers who review a call's school round at the school. */
export const setReviewers = defineAction({
  title: '指定初评老师',
  input: z
    .object({ callId: s.id, schoolId: s.id, teachers: z.array(s.id).max(30, '最多 30 位老师') })
    .strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  phases: ['launch', 'implementation', 'evaluation'],
  async handler({ services, user, openid, now }, input) {
    const call = await loadCall(services, input.callId);
    const school = await mustGet<SchoolDoc>(services.store, C.schools, input.schoolId, '学校');
    if (!managesSchool(user, school)) throw denied('只有本校管理员可以指定初评老师');
    if (!callCoversSchool(call, school)) throw notFound('这所学校不参加这个征集活动');
    const teachers = [...new Set(input.teachers)];
    if (teachers.length) {
      const users = await findAll<UserDoc>(services.store, C.users, { _id: { $in: teachers } });
      if (users.length !== teachers.length || users.some((u) => !teachesAtSchool(u, school._id))) {
        throw invalid('只能指定本校的老师');
      }
    }
    await services.store.upsert(COL.reviewers, `${call._id}:${school._id}`, {
      $set: {
        callId: call._id,
        schoolId: school._id,
        teachers,
        updatedBy: openid,
        updatedAt: now.toISOString(),
      },
    });
    await audit(services, openid, 'contest.setReviewers', call._id, {
      schoolId: school._id,
      count: teachers.length,
    });
    return {
      teachers: (await namedTeachersOf(services, school._id)).filter((t) => teachers.includes(t.openid)),
      count: teachers.length,
    };
  },
});

/**
 * For the school admin's picker: the school's teachers who gave their name, each marked when they review
 * the call's school round at the school, and how many of the school's staff have not given a name yet
 * (they cannot be picked until they do, on the contest home page).
 */
export const reviewers = defineAction({
  title: '初评老师名单',
  input: z.object({ callId: s.id, schoolId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user }, input) {
    const call = await loadCall(services, input.callId);
    const school = await mustGet<SchoolDoc>(services.store, C.schools, input.schoolId, '学校');
    if (!managesSchool(user, school)) throw denied('只有本校管理员可以指定初评老师');
    if (!callCoversSchool(call, school)) throw notFound('这所学校不参加这个征集活动');
    const [named, reviewing] = await Promise.all([
      namedTeachersOf(services, school._id),
      namedReviewers(services, call._id, school._id),
    ]);
    return {
      teachers: named.map((t) => ({ ...t, reviewing: reviewing.includes(t.openid) })),
    };
  },
});

/** The teachers named to review a call's school round at a school. */
export async function namedReviewers(
  services: Services,
  callId: string,
  schoolId: string,
): Promise<string[]> {
  const doc = await services.store.get<{ _id: string; teachers: string[] }>(
    COL.reviewers,
    `${callId}:${schoolId}`,
  );
  return doc?.teachers ?? [];
}

/**
 * A call's page (public: the announcement can be shared): its rules, formats, groups, dates, rounds and
 * whether results are out; for a logged-in caller how many entries they submitted to it.
 */
export const callInfo = defineAction({
  title: '征集活动',
  input: z.object({ callId: s.id }).strict(),
  access: 'public',
  async handler({ services, openid, now }, { callId }) {
    const call = await loadCall(services, callId);
    // The organisers' own settings (quotas, judging), for their editor; nobody else sees them. A public
    // action gets no user from the router: read the caller's roles only when someone is logged in.
    const user = openid ? await services.store.get<UserDoc>(C.users, openid) : null;
    const settings =
      user && managesCall(user, call)
        ? {
            quotas: call.quotas,
            judgesPerEntry: call.judgesPerEntry,
            organisationAwards: call.organisationAwards,
            earlyResults: !!call.earlyResults,
          }
        : null;
    const mine = openid
      ? await services.store.count(COL.entries, {
          callId: call._id,
          status: { $ne: 'withdrawn' },
          createdBy: openid,
        })
      : 0;
    return { call: publicCall(call, dayIn(now)), settings, myEntries: mine, loggedIn: !!openid };
  },
});
