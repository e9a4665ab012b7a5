import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { normaliseCode, randomCode } from '../../codes';
import { denied, invalid, notFound, precondition } from '../../errors';
import type { ClassDoc, SchoolDoc, UserDoc } from '../../model';
import { className, STAGE_LABEL } from '../../org';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import {
  classFor,
  managesClass,
  managesSchool,
  schoolFor,
  studentGrantOf,
  teachesAtSchool,
} from '../../permissions';
import { qrTarget } from '../../miniCodes';
import { throttleLookup } from '../../rateLimit';
import type { Services } from '../../services';
import { rate, SHARDS, shardOf } from '../../stats';
import { DuplicateKeyError, findAll, mustGet } from '../../store';
import { type CeremonyDoc, PLEDGE_PHASES } from './common';

/** Longest ceremony window. */
export const MAX_CEREMONY_MINUTES = 180;

/** How far ahead a ceremony may be scheduled. */
const MAX_AHEAD_MS = 14 * 24 * 3600_000;

const GRADE_WORD = ['', '一', '二', '三', '四', '五', '六'];

/** Ceremony code as typed or scanned: 6 characters of the code alphabet. */
export const ceremonyCode = z
  .string()
  .trim()
  .transform((v) => normaliseCode(v))
  .pipe(z.string().regex(/^[2-9A-HJKMNP-Z]{6}$/, '仪式码是 6 位字母和数字'));

/** Where a ceremony stands at `now`. */
export function ceremonyState(
  c: Pick<CeremonyDoc, 'startsAt' | 'endsAt'>,
  now: Date,
): 'upcoming' | 'open' | 'closed' {
  const t = now.toISOString();
  if (t < c.startsAt) return 'upcoming';
  if (t >= c.endsAt) return 'closed';
  return 'open';
}

/** "华龙区绿茵小学 小学三年级2班" / "华龙区绿茵小学 小学三年级" / "华龙区绿茵小学". */
async function scopeName(services: Services, c: CeremonyDoc): Promise<string> {
  const school = await services.store.get<SchoolDoc>(C.schools, c.schoolId);
  const schoolName = school?.name ?? '';
  if (c.level === 'class' && c.classId) {
    const cls = await services.store.get<ClassDoc>(C.classes, c.classId);
    return cls ? `${schoolName} ${className(cls)}` : schoolName;
  }
  if (c.level === 'grade' && c.stage && c.grade)
    return `${schoolName} ${STAGE_LABEL[c.stage]}${GRADE_WORD[c.grade] ?? c.grade}年级`;
  return schoolName;
}

/** Whether a class belongs to a ceremony's scope. */
export function inCeremonyScope(c: CeremonyDoc, cls: ClassDoc): boolean {
  if (cls.schoolId !== c.schoolId) return false;
  if (c.level === 'class') return cls._id === c.classId;
  if (c.level === 'grade') return cls.stage === c.stage && cls.grade === c.grade;
  return true;
}

/** Whether the caller may run a ceremony's big screen or close it. */
async function mayRunCeremony(services: Services, user: UserDoc, c: CeremonyDoc): Promise<boolean> {
  if (c.createdBy === user._id) return true;
  if (c.classId) {
    const cls = await services.store.get<ClassDoc>(C.classes, c.classId);
    return !!cls && managesClass(user, cls);
  }
  if (managesSchool(user, { _id: c.schoolId, districtId: c.districtId })) return true;
  return teachesAtSchool(user, c.schoolId);
}

/** Load a ceremony the caller may run, or NOT_FOUND / PERMISSION_DENIED. */
async function ceremonyForRunner(services: Services, user: UserDoc, id: string): Promise<CeremonyDoc> {
  const c = await mustGet<CeremonyDoc>(services.store, C.ceremonies, id, '仪式');
  if (!(await mayRunCeremony(services, user, c))) throw denied('你不是这个仪式所在班级或学校的老师、管理员');
  return c;
}

/** A ceremony a student may sign in now, or FAILED_PRECONDITION / NOT_FOUND saying why not. */
export async function ceremonyForSigning(
  services: Services,
  id: string,
  cls: ClassDoc,
  now: Date,
  account: string,
): Promise<CeremonyDoc> {
  await throttleLookup(services, 'ceremonyCode', account, id, now);
  const c = await services.store.get<CeremonyDoc>(C.ceremonies, id);
  if (!c) throw notFound('没有这个仪式，请核对仪式码');
  if (!inCeremonyScope(c, cls)) throw precondition('这个仪式不是你们班级的，请扫自己班级或学校的仪式二维码');
  const state = ceremonyState(c, now);
  if (state === 'upcoming') throw precondition('仪式还没有开始，请等老师宣布开始后再签名');
  if (state === 'closed') throw precondition('仪式已经结束。你仍然可以不选仪式，直接签名承诺');
  return c;
}

/** Count one pledge in a ceremony: one upsert on a sharded ceremony counter (never one hot document). */
export async function bumpCeremony(
  services: Services,
  ceremonyId: string,
  key: string,
  now: Date,
): Promise<void> {
  await services.store.upsert(
    C.counters,
    `cer:${ceremonyId}:${shardOf(key)}`,
    { $inc: { n: 1 }, $set: { updatedAt: now.toISOString() } },
    { level: 'ceremony', ceremonyId, n: 0 },
  );
}

/** Live count of a ceremony: the sum of its SHARDS counter documents. */
export async function ceremonyCount(services: Services, ceremonyId: string): Promise<number> {
  const ids = Array.from({ length: SHARDS }, (_, i) => `cer:${ceremonyId}:${i}`);
  const docs = await Promise.all(
    ids.map((id) => services.store.get<{ _id: string; n?: number }>(C.counters, id)),
  );
  return docs.reduce((sum, d) => sum + (d?.n ?? 0), 0);
}

/** Roster size of a ceremony's scope (O(scope) count). */
async function rosterSizeOf(services: Services, c: Omit<CeremonyDoc, 'rosterSize'>): Promise<number> {
  if (c.level === 'class') return services.store.count(C.roster, { classId: c.classId! });
  if (c.level === 'school') return services.store.count(C.roster, { schoolId: c.schoolId });
  const classes = await findAll<ClassDoc>(services.store, C.classes, {
    schoolId: c.schoolId,
    stage: c.stage!,
    grade: c.grade!,
  });
  if (!classes.length) return 0;
  return services.store.count(C.roster, { classId: { $in: classes.map((k) => k._id) } });
}

/** A teacher (class) or school admin (class, grade or school) opens a timed flag-raising pledge ceremony. */
export const openCeremony = defineAction({
  title: '开启升旗仪式宣誓',
  input: z
    .object({
      level: z.enum(['class', 'grade', 'school']),
      classId: s.id.optional(),
      schoolId: s.id.optional(),
      stage: s.stage.optional(),
      grade: z.number().int().min(1).max(6).optional(),
      title: z.string().trim().min(2, '标题太短').max(30, '标题最多 30 字').optional(),
      minutes: z
        .number()
        .int()
        .min(5, '至少 5 分钟')
        .max(MAX_CEREMONY_MINUTES, `最长 ${MAX_CEREMONY_MINUTES} 分钟`),
      startsAt: z.string().datetime({ message: '开始时间格式不正确' }).optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.level === 'class' && !v.classId)
        ctx.addIssue({ code: 'custom', path: ['classId'], message: '请选择班级' });
      if (v.level !== 'class' && !v.schoolId)
        ctx.addIssue({ code: 'custom', path: ['schoolId'], message: '请选择学校' });
      if (v.level === 'grade' && (!v.stage || !v.grade))
        ctx.addIssue({ code: 'custom', path: ['grade'], message: '请选择年级' });
    }),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  phases: PLEDGE_PHASES,
  async handler({ services, user, openid, now }, input) {
    const starts = input.startsAt ? new Date(input.startsAt) : now;
    if (starts.getTime() < now.getTime() - 60_000) throw invalid('开始时间不能早于现在');
    if (starts.getTime() > now.getTime() + MAX_AHEAD_MS) throw invalid('最多提前 14 天安排仪式');
    let unit: Pick<CeremonyDoc, 'level' | 'districtId' | 'schoolId' | 'classId' | 'stage' | 'grade'>;
    if (input.level === 'class') {
      const cls = await classFor(services.store, user, input.classId!);
      unit = { level: 'class', districtId: cls.districtId, schoolId: cls.schoolId, classId: cls._id };
    } else {
      const school = await mustGet<SchoolDoc>(services.store, C.schools, input.schoolId!, '学校');
      if (!managesSchool(user, school))
        throw denied('只有学校管理员可以为整个年级或全校开启仪式；老师可以为自己的班级开启');
      unit =
        input.level === 'grade'
          ? {
              level: 'grade',
              districtId: school.districtId,
              schoolId: school._id,
              stage: input.stage,
              grade: input.grade,
            }
          : { level: 'school', districtId: school.districtId, schoolId: school._id };
    }
    const base = {
      ...unit,
      title: input.title ?? '文明上网主题升旗仪式',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + input.minutes * 60_000).toISOString(),
      createdBy: openid,
      createdAt: now.toISOString(),
    };
    const rosterSize = await rosterSizeOf(services, { _id: '', ...base });
    if (rosterSize === 0) throw precondition('这个范围内还没有学生名单，请先导入名单');
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc: CeremonyDoc = { _id: randomCode(6), ...base, rosterSize };
      try {
        await services.store.insert(C.ceremonies, doc);
        await audit(services, openid, 'pledge.ceremony.open', doc._id, {
          level: doc.level,
          classId: doc.classId,
          schoolId: doc.schoolId,
        });
        return { ceremonyId: doc._id, startsAt: doc.startsAt, endsAt: doc.endsAt, rosterSize };
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    }
    throw new Error('could not allocate a ceremony code');
  },
});

/** The big screen: live count and share of the roster (read on every poll; O(1) documents). */
export const ceremonyLive = defineAction({
  title: '仪式大屏',
  input: z.object({ ceremonyId: ceremonyCode }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, now }, { ceremonyId }) {
    const c = await ceremonyForRunner(services, user, ceremonyId);
    const count = await ceremonyCount(services, c._id);
    const state = ceremonyState(c, now);
    return {
      ceremonyId: c._id,
      title: c.title,
      level: c.level,
      scopeName: await scopeName(services, c),
      state,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      now: now.toISOString(),
      secondsLeft:
        state === 'open' ? Math.max(0, Math.round((Date.parse(c.endsAt) - now.getTime()) / 1000)) : 0,
      count,
      rosterSize: c.rosterSize,
      rate: rate(count, c.rosterSize),
    };
  },
});

/** The page a ceremony QR code opens; its scene is the ceremony code. */
export const CEREMONY_SIGN_PAGE = 'packages/pledge/sign/index';

/**
 * What the ceremony's QR code carries (for the big screen and printed sheets): the mini-program code of
 * the sign page with the ceremony code as scene on WeChat, the H5 sign URL elsewhere.
 */
export const ceremonyQr = defineAction({
  title: '仪式二维码',
  input: z.object({ ceremonyId: ceremonyCode }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user }, { ceremonyId }) {
    const c = await ceremonyForRunner(services, user, ceremonyId);
    return {
      ceremonyId: c._id,
      qr: await qrTarget(services, CEREMONY_SIGN_PAGE, c._id, { ceremony: c._id }),
    };
  },
});

/** What a student sees after scanning a ceremony code: its title, scope and whether it is open. */
export const ceremonyInfo = defineAction({
  title: '仪式信息',
  input: z.object({ ceremonyId: ceremonyCode }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }, { ceremonyId }) {
    await throttleLookup(services, 'ceremonyCode', openid, ceremonyId, now);
    const c = await services.store.get<CeremonyDoc>(C.ceremonies, ceremonyId);
    if (!c) throw notFound('没有这个仪式，请核对仪式码');
    const g = studentGrantOf(user);
    const cls = g ? await services.store.get<ClassDoc>(C.classes, g.classId) : null;
    return {
      ceremonyId: c._id,
      title: c.title,
      scopeName: await scopeName(services, c),
      state: ceremonyState(c, now),
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      inScope: cls ? inCeremonyScope(c, cls) : false,
    };
  },
});

/** Ceremonies of a school (or of one class) the caller may run, newest first. */
export const listCeremonies = defineAction({
  title: '仪式列表',
  input: z.object({ schoolId: s.id.optional(), classId: s.id.optional() }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, now }, { schoolId, classId }) {
    let filter: Record<string, unknown>;
    if (classId) {
      const cls = await classFor(services.store, user, classId);
      filter = { schoolId: cls.schoolId };
    } else if (schoolId) {
      await schoolFor(services.store, user, schoolId, 'view');
      filter = { schoolId };
    } else {
      throw invalid('请指定学校或班级');
    }
    const docs = await services.store.find<CeremonyDoc>(C.ceremonies, filter, {
      sort: { startsAt: -1 },
      limit: 50,
    });
    const out = [];
    for (const c of docs) {
      if (classId && c.level === 'class' && c.classId !== classId) continue;
      if (!(await mayRunCeremony(services, user, c))) continue;
      out.push({
        ceremonyId: c._id,
        title: c.title,
        level: c.level,
        scopeName: await scopeName(services, c),
        state: ceremonyState(c, now),
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        rosterSize: c.rosterSize,
      });
      if (out.length >= 20) break;
    }
    return out;
  },
});

/** End a ceremony now (before its planned end). */
export const closeCeremony = defineAction({
  title: '结束仪式',
  input: z.object({ ceremonyId: ceremonyCode }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, openid, now }, { ceremonyId }) {
    const c = await ceremonyForRunner(services, user, ceremonyId);
    if (ceremonyState(c, now) === 'closed') return { endsAt: c.endsAt };
    const endsAt = now.toISOString();
    await services.store.update(C.ceremonies, c._id, {
      $set: { endsAt, closedBy: openid, ...(c.startsAt > endsAt ? { startsAt: endsAt } : {}) },
    });
    await audit(services, openid, 'pledge.ceremony.close', c._id);
    return { endsAt };
  },
});
