import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { conflict, invalid, notFound } from '../../errors';
import type { DistrictDoc, SchoolDoc, UserDoc } from '../../model';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { checkTextToPublish } from '../../moderation/gate';
import { unitFor } from '../../permissions';
import type { Services } from '../../services';
import { DuplicateKeyError, type Doc } from '../../store';
import type { TextRef } from './common';

/** 《全国青少年网络文明公约》, word for word. */
export const CONVENTION = {
  title: '全国青少年网络文明公约',
  lines: [
    '要善于网上学习，不浏览不良信息；',
    '要诚实友好交流，不侮辱欺诈他人；',
    '要增强自护意识，不随意约会网友；',
    '要维护网络安全，不破坏网络秩序；',
    '要有益身心健康，不沉溺虚拟时空。',
  ],
} as const;

/**
 * The initiative letter used until a city, district or school admin publishes their own: a model text
 * (示范文本) with its 落款. Version 2 (content audit 1.3–1.4): the call is "let us", item 五 is about not
 * being defrauded and not lending cards or accounts. Version 1 stays readable for pledges made under it.
 */
export const DEFAULT_LETTER = {
  title: '中小学生文明上网倡议书',
  body: [
    '亲爱的同学们：',
    '网络让我们的学习更方便、生活更精彩，清朗的网络空间需要我们每一个人共同守护。为争做校园好网民，让我们共同倡议：',
    '一、自觉遵守《全国青少年网络文明公约》，做文明上网的践行者。',
    '二、善于网上学习，多看有益的内容，不浏览、不传播不良信息。',
    '三、诚实友好交流，说文明话、发文明帖，不辱骂、不欺骗、不攻击他人。',
    '四、增强自我保护意识，不泄露自己和家人的个人信息，不随意约见网友；遇到可疑的事，及时告诉家长和老师。',
    '五、维护网络安全，不信谣、不传谣；提高防骗意识，不轻信“免费领皮肤”“刷单返利”，不把自己和家人的手机卡、银行卡、账号借给别人。',
    '六、合理安排上网时间，不沉迷网络游戏，多读书、多运动、多陪伴家人。',
    '七、小手牵大手，带动爸爸妈妈和家人一起文明上网，从我家做起。',
    '同学们，让我们从现在做起、从自己做起，争做校园好网民，弘扬正能量！',
    '「校园好网民」活动（示范文本）',
  ].join('\n'),
} as const;

/** Titles of the built-in letter by version (a pledge keeps the version it was made under). */
const DEFAULT_LETTER_TITLES: Record<number, string> = {
  1: '中小学生文明上网倡议书',
  2: DEFAULT_LETTER.title,
};

/** What a student promises by ticking the box. */
export const STUDENT_PROMISE =
  '我已认真读完公约和倡议书。我承诺：遵守《全国青少年网络文明公约》，诚信上网、文明上网。';

/** What a parent promises for the family (「文明上网 从我家做起」). */
export const FAMILY_PROMISE = {
  title: '文明上网 从我家做起',
  lines: [
    '我们全家一起遵守《全国青少年网络文明公约》；',
    '家长以身作则，文明上网，陪孩子合理安排上网时间；',
    '不信谣、不传谣，不转发不良信息；',
    '保护好家人的个人信息；遇到可疑电话和链接先核实，接到96110来电要接听，被骗立即拨打110报警。',
  ],
} as const;

/** The reference of the built-in letter. */
export const DEFAULT_TEXT_REF: TextRef = { scope: 'default', version: 2 };

/** A published letter: `_id` is its scope ('city', 'd:<id>', 's:<id>') for the current one, `<scope>@<version>` for history. */
export interface PledgeTextDoc extends Doc {
  scope: string;
  version: number;
  title: string;
  body: string;
  current: boolean;
  publishedAt: string;
  publishedBy: string;
}

/** The letter that applies somewhere, with who published it. */
export interface EffectiveLetter extends TextRef {
  title: string;
  body: string;
  /** "默认版本", "濮阳市", "华龙区", "华龙区绿茵小学". */
  publisher: string;
  /** 'default@1', 's:school-lvyin@2': what the signing client sends back. */
  key: string;
}

/** "s:school-1@2". */
export function textKey(ref: TextRef): string {
  return `${ref.scope}@${ref.version}`;
}

/** Resolve the letter nearest a school: the school's own, else its district's, else the city's, else the default. */
export async function effectiveLetter(services: Services, schoolId?: string): Promise<EffectiveLetter> {
  const school = schoolId ? await services.store.get<SchoolDoc>(C.schools, schoolId) : null;
  const scopes = [school ? `s:${school._id}` : null, school ? `d:${school.districtId}` : null, 'city'].filter(
    (x): x is string => !!x,
  );
  // One read for the three candidate letters (school, district, city); the nearest wins.
  const docs = await services.store.find<PledgeTextDoc>(
    C.pledgeTexts,
    { _id: { $in: scopes } },
    { limit: 3 },
  );
  const found = scopes.map((id) => docs.find((d) => d._id === id)).find((d) => d !== undefined);
  if (!found)
    return {
      ...DEFAULT_TEXT_REF,
      ...DEFAULT_LETTER,
      publisher: '示范文本',
      key: textKey(DEFAULT_TEXT_REF),
    };
  return {
    scope: found.scope,
    version: found.version,
    title: found.title,
    body: found.body,
    publisher: await publisherName(services, found.scope),
    key: textKey(found),
  };
}

/** The name of whoever owns a text scope. */
async function publisherName(services: Services, scope: string): Promise<string> {
  if (scope === 'city') {
    const campaign = await services.store.get<{ _id: string; cityName?: string }>(C.campaigns, 'current');
    return campaign?.cityName ?? '市级';
  }
  if (scope.startsWith('d:'))
    return (await services.store.get<DistrictDoc>(C.districts, scope.slice(2)))?.name ?? '县区';
  if (scope.startsWith('s:'))
    return (await services.store.get<SchoolDoc>(C.schools, scope.slice(2)))?.name ?? '学校';
  return '活动默认版本';
}

/** The school a caller belongs to (student's school, teacher's or school admin's school), if any. */
export function homeSchoolOf(user: UserDoc | undefined): string | undefined {
  for (const g of user?.roles ?? []) {
    if (g.role === 'student' || g.role === 'teacher' || g.role === 'school_admin') return g.schoolId;
  }
  return undefined;
}

/** Everything a signer reads: the convention, the letter that applies, and the promise. */
export const getText = defineAction({
  title: '承诺书',
  input: z.object({ schoolId: s.id.optional() }).strict(),
  access: 'user',
  async handler({ services, user }, { schoolId }) {
    const letter = await effectiveLetter(services, schoolId ?? homeSchoolOf(user));
    return { convention: CONVENTION, letter, promise: STUDENT_PROMISE, family: FAMILY_PROMISE };
  },
});

const scopeInput = z
  .object({ level: z.enum(['city', 'district', 'school']), id: s.id.optional() })
  .strict()
  .refine((v) => v.level === 'city' || !!v.id, '请指定县区或学校');

/** The text scope an admin manages (the permission layer decides), or PERMISSION_DENIED / NOT_FOUND. */
async function managedScope(
  services: Services,
  user: UserDoc,
  level: 'city' | 'district' | 'school',
  id?: string,
): Promise<{ scope: string; schoolId?: string }> {
  const unit = await unitFor(services.store, user, level, id, 'manage');
  if (level === 'city') return { scope: 'city' };
  if (level === 'district') return { scope: `d:${unit.id}` };
  return { scope: `s:${unit.id}`, schoolId: unit.id };
}

/** An admin sees the letter their unit's students get now and whether it is their own version. */
export const getScopeText = defineAction({
  title: '查看倡议书',
  input: scopeInput,
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user }, { level, id }) {
    const { scope, schoolId } = await managedScope(services, user, level, id);
    const own = await services.store.get<PledgeTextDoc>(C.pledgeTexts, scope);
    const applies =
      level === 'school'
        ? await effectiveLetter(services, schoolId)
        : own
          ? { ...own, publisher: await publisherName(services, scope), key: textKey(own) }
          : await effectiveLetter(services, undefined);
    return {
      scope,
      own: own
        ? { title: own.title, body: own.body, version: own.version, publishedAt: own.publishedAt }
        : null,
      applies,
      defaultLetter: DEFAULT_LETTER,
    };
  },
});

/** A city, district or school admin publishes their own initiative letter (a new version; older pledges keep theirs). */
export const publishText = defineAction({
  title: '发布倡议书',
  input: z
    .object({
      level: z.enum(['city', 'district', 'school']),
      id: s.id.optional(),
      title: z.string().trim().min(2, '标题太短').max(40, '标题最多 40 字'),
      body: z.string().trim().min(20, '正文至少 20 字').max(3000, '正文最多 3000 字'),
    })
    .strict()
    .refine((v) => v.level === 'city' || !!v.id, '请指定县区或学校'),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, openid, now }, { level, id, title, body }) {
    const { scope } = await managedScope(services, user, level, id);
    // A letter reaches every pupil of the unit: it must pass the same checks as any published text, and
    // without a moderator nothing is published (on CloudBase: WeChat's msgSecCheck).
    const verdict = await checkTextToPublish(
      services,
      `${title}\n${body}`,
      user,
      now,
      'body',
      '内容未通过安全检查，请修改后再发布',
    );
    if (verdict.verdict !== 'pass')
      throw invalid(verdict.reason ?? '内容需要人工审核，暂时不能发布，请修改后再试');
    // Versions count every publication of this scope, withdrawn ones included, so a number is never reused.
    const version = (await services.store.count(C.pledgeTexts, { scope, current: false })) + 1;
    const doc: PledgeTextDoc = {
      _id: `${scope}@${version}`,
      scope,
      version,
      title,
      body,
      current: false,
      publishedAt: now.toISOString(),
      publishedBy: openid,
    };
    try {
      // The immutable history entry doubles as the lock: two admins publishing at once cannot both get version N.
      await services.store.insert(C.pledgeTexts, doc);
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw conflict('刚刚有人发布了新版本，请刷新后再改');
      throw err;
    }
    const { _id, ...fields } = doc;
    await services.store.upsert(C.pledgeTexts, scope, { $set: { ...fields, current: true } });
    await audit(services, openid, 'pledge.text.publish', scope, { version, historyId: _id });
    return { scope, version, key: textKey(doc) };
  },
});

/** An admin withdraws their own letter; the next one up (district, city, default) applies again. */
export const withdrawText = defineAction({
  title: '撤回倡议书',
  input: scopeInput,
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, openid }, { level, id }) {
    const { scope } = await managedScope(services, user, level, id);
    const removed = await services.store.remove(C.pledgeTexts, scope);
    if (!removed) throw notFound('这里还没有发布自己的倡议书');
    await audit(services, openid, 'pledge.text.withdraw', scope);
    return { withdrawn: true };
  },
});

/** A letter version by reference (for a pledge's record), or the default when missing. */
export async function letterByRef(services: Services, ref: TextRef): Promise<{ title: string }> {
  if (ref.scope === 'default') return { title: DEFAULT_LETTER_TITLES[ref.version] ?? DEFAULT_LETTER.title };
  const doc = await services.store.get<PledgeTextDoc>(C.pledgeTexts, textKey(ref));
  return { title: doc?.title ?? DEFAULT_LETTER.title };
}
