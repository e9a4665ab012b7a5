import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomDigits, randomId } from '../../codes';
import { denied, exhausted, notFound, precondition } from '../../errors';
import type { ConsentDoc, FamilyCodeDoc, FamilyDoc, RosterDoc, UserDoc } from '../../model';
import { CONSENT_VERSION, CONSENT_WORDING } from '../../privacy';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { mustGet } from '../../scope';
import type { Services } from '../../services';
import { DuplicateKeyError, findAll } from '../../store';
import { hoursFrom } from '../../time';
import { grantRole } from './invites';
import { classByCode } from './join';

/** Wrong family codes one account may try per hour before it must wait. */
export const FAMILY_CODE_TRIES_PER_HOUR = 5;

/** A family code stays valid this long. */
export const FAMILY_CODE_HOURS = 24;

/** The caller's student grant, or FAILED_PRECONDITION. */
function studentGrant(user: UserDoc) {
  const g = user.roles.find((r) => r.role === 'student');
  if (!g || g.role !== 'student') throw precondition('请先加入班级并认领自己的名字');
  return g;
}

/**
 * A student shows a 6-digit family code to a parent, who types it to link (valid 24 h). A new code
 * replaces the previous one; with `keep`, a code still valid for this entry is shown again instead, so
 * opening the page again does not break a code already sent to a parent.
 */
export const createFamilyCode = defineAction({
  title: '生成家庭码',
  input: z.object({ keep: z.boolean().optional() }).strict(),
  access: ['student'],
  async handler({ services, user, openid, now }, { keep }) {
    const g = studentGrant(user);
    if (keep) {
      const [current] = await services.store.find<FamilyCodeDoc>(
        C.familyCodes,
        { studentOpenid: openid, rosterId: g.rosterId, expiresAt: { $gt: now.toISOString() } },
        { sort: { expiresAt: -1 }, limit: 1 },
      );
      if (current) return { familyCode: current._id, expiresAt: current.expiresAt };
    }
    await services.store.removeMany(C.familyCodes, { studentOpenid: openid });
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc: FamilyCodeDoc = {
        _id: randomDigits(6),
        rosterId: g.rosterId,
        studentOpenid: openid,
        expiresAt: hoursFrom(now, FAMILY_CODE_HOURS),
      };
      try {
        await services.store.insert(C.familyCodes, doc);
        return { familyCode: doc._id, expiresAt: doc.expiresAt };
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    }
    throw new Error('could not allocate a family code');
  },
});

/** Create the parent ↔ child link (idempotent) and give the caller the parent role. */
async function link(
  services: Services,
  user: UserDoc,
  entry: RosterDoc,
  relation: string,
  status: FamilyDoc['status'],
  via: FamilyDoc['via'],
): Promise<FamilyDoc> {
  const _id = `${user._id}:${entry._id}`;
  const existing = await services.store.get<FamilyDoc>(C.families, _id);
  if (existing) {
    if (existing.status === 'pending' && status === 'active') {
      await services.store.update(C.families, _id, { $set: { status, via } });
      return { ...existing, status, via };
    }
    return existing;
  }
  const doc: FamilyDoc = {
    _id,
    parentOpenid: user._id,
    rosterId: entry._id,
    classId: entry.classId,
    schoolId: entry.schoolId,
    districtId: entry.districtId,
    relation,
    status,
    via,
    createdAt: services.now().toISOString(),
  };
  await services.store.insert(C.families, doc);
  await grantRole(services, user, { role: 'parent' });
  return doc;
}

/** A parent links to their child with the family code the child shows. */
export const linkChild = defineAction({
  title: '关联孩子',
  input: z
    .object({
      familyCode: z
        .string()
        .trim()
        .regex(/^\d{6}$/, '家庭码是 6 位数字'),
      relation: s.relation,
    })
    .strict(),
  access: 'user',
  async handler({ services, user, openid, now }, { familyCode, relation }) {
    // Six digits are easy to read aloud but guessable: each account gets a few wrong tries per hour.
    const failKey = `linkChild:${openid}:${now.toISOString().slice(0, 13)}`;
    const failures = await services.store.get<{ _id: string; n: number }>(C.rateLimits, failKey);
    if ((failures?.n ?? 0) >= FAMILY_CODE_TRIES_PER_HOUR) {
      throw exhausted('家庭码输错次数太多，请一小时后再试，或请老师帮忙关联');
    }
    const code = await services.store.get<FamilyCodeDoc>(C.familyCodes, familyCode);
    if (!code || code.expiresAt < now.toISOString()) {
      await services.store.upsert(C.rateLimits, failKey, { $inc: { n: 1 } }, { at: now.toISOString() });
      throw notFound('家庭码不正确或已过期，请让孩子重新生成');
    }
    if (code.studentOpenid === openid) throw precondition('请用家长自己的微信扫码或输入家庭码');
    const entry = await mustGet<RosterDoc>(services.store, C.roster, code.rosterId, '学生');
    const fam = await link(services, user, entry, relation, 'active', 'family_code');
    await audit(services, openid, 'family.link', fam._id);
    return { familyId: fam._id, status: fam.status, childName: entry.name };
  },
});

/** A parent whose child cannot show a code asks via class code + roster entry; the teacher confirms. */
export const requestLink = defineAction({
  title: '申请关联孩子',
  input: z.object({ classCode: s.code, rosterId: s.id, relation: s.relation }).strict(),
  access: 'user',
  async handler({ services, user, openid }, { classCode, rosterId, relation }) {
    const cls = await classByCode(services, classCode);
    const entry = await services.store.get<RosterDoc>(C.roster, rosterId);
    if (!entry || entry.classId !== cls._id) throw notFound('名单里没有这个学生');
    if (entry.claimedBy === openid) throw precondition('请用家长自己的微信申请关联');
    const fam = await link(services, user, entry, relation, 'pending', 'teacher');
    await audit(services, openid, 'family.request', fam._id);
    return { familyId: fam._id, status: fam.status };
  },
});

/** The active link between caller and child, or PERMISSION_DENIED. */
async function activeLink(services: Services, openid: string, rosterId: string): Promise<FamilyDoc> {
  const fam = await services.store.get<FamilyDoc>(C.families, `${openid}:${rosterId}`);
  if (!fam || fam.status !== 'active') throw denied('你还没有关联这个孩子，或老师尚未确认');
  return fam;
}

/** The wording a guardian is asked to agree to (shown before giveConsent). */
export const consentText = defineAction({
  title: '监护人同意书',
  input: z.object({}).strict(),
  access: 'public',
  async handler() {
    return { wording: CONSENT_WORDING, version: CONSENT_VERSION } as const;
  },
});

/** A linked guardian consents for an under-14 child; stores the exact wording and version shown. */
export const giveConsent = defineAction({
  title: '监护人同意',
  input: z
    .object({
      rosterId: s.id,
      version: z.literal(CONSENT_VERSION, { errorMap: () => ({ message: '同意书已更新，请重新阅读' }) }),
    })
    .strict(),
  access: ['parent'],
  async handler({ services, openid, now }, { rosterId }) {
    await activeLink(services, openid, rosterId);
    const current = await services.store.find<ConsentDoc>(
      C.consents,
      { rosterId, parentOpenid: openid, revokedAt: { $exists: false } },
      { limit: 1 },
    );
    if (current.length) return current[0];
    const doc: ConsentDoc = {
      _id: randomId(),
      rosterId,
      parentOpenid: openid,
      wording: CONSENT_WORDING,
      wordingVersion: CONSENT_VERSION,
      grantedAt: now.toISOString(),
    };
    await services.store.insert(C.consents, doc);
    await audit(services, openid, 'consent.give', rosterId);
    return doc;
  },
});

/** A guardian withdraws consent; the child's consent-gated activities close until given again. */
export const revokeConsent = defineAction({
  title: '撤回同意',
  input: z.object({ rosterId: s.id }).strict(),
  access: ['parent'],
  async handler({ services, openid, now }, { rosterId }) {
    const n = await services.store.updateMany(
      C.consents,
      { rosterId, parentOpenid: openid, revokedAt: { $exists: false } },
      { $set: { revokedAt: now.toISOString() } },
    );
    if (n === 0) throw precondition('没有可撤回的同意');
    await audit(services, openid, 'consent.revoke', rosterId);
    return { revoked: n };
  },
});

/** Unrevoked consents whose parent is still actively linked to the child (a removed link's consent no longer counts). */
async function liveConsents(services: Services, rosterIds: string[]): Promise<ConsentDoc[]> {
  const docs = await findAll<ConsentDoc>(services.store, C.consents, {
    rosterId: { $in: rosterIds },
    revokedAt: { $exists: false },
  });
  const live: ConsentDoc[] = [];
  for (const d of docs) {
    const link = await services.store.get<FamilyDoc>(C.families, `${d.parentOpenid}:${d.rosterId}`);
    if (link?.status === 'active') live.push(d);
  }
  return live;
}

/** Whether a guardian who is still actively linked currently consents for this roster entry. */
export async function hasGuardianConsent(services: Services, rosterId: string): Promise<boolean> {
  return (await liveConsents(services, [rosterId])).length > 0;
}

/** Roster entries with a live guardian consent (for class views). */
export async function consentedRosterIds(services: Services, rosterIds: string[]): Promise<Set<string>> {
  if (!rosterIds.length) return new Set();
  return new Set((await liveConsents(services, rosterIds)).map((d) => d.rosterId));
}
