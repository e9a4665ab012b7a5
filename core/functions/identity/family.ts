import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomDigits, randomId } from '../../codes';
import { denied, notFound, precondition } from '../../errors';
import type { ConsentDoc, FamilyCodeDoc, FamilyDoc, RosterDoc, UserDoc } from '../../model';
import { CONSENT_VERSION, consentWording, DEFAULT_DATA_CONTROLLER, isParentRelation } from '../../privacy';
import { throttleLookup } from '../../rateLimit';
import { approvedEntry } from '../../permissions';
import { childPrivacyRules as childPrivacyRulesText } from '../../privacyRules';
import { defineAction, loadCampaign } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { DuplicateKeyError, findAll, mustGet } from '../../store';
import { hoursFrom } from '../../time';
import { grantRole } from './invites';
import { classByCode } from './join';

/** A family code stays valid this long. */
export const FAMILY_CODE_HOURS = 24;

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
    // Only the pupil the teacher confirmed can bring a parent in (an impostor's code would link their own).
    const g = (await approvedEntry(services, user))._id;
    if (keep) {
      const [current] = await services.store.find<FamilyCodeDoc>(
        C.familyCodes,
        { studentOpenid: openid, rosterId: g, expiresAt: { $gt: now.toISOString() } },
        { sort: { expiresAt: -1 }, limit: 1 },
      );
      if (current) return { familyCode: current._id, expiresAt: current.expiresAt };
    }
    await services.store.removeMany(C.familyCodes, { studentOpenid: openid });
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc: FamilyCodeDoc = {
        _id: randomDigits(6),
        rosterId: g,
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

/**
 * Create the parent ↔ child link (idempotent) and give the caller the parent role. No link is
 * `confirmed` when made: only the class teacher's confirmation lets a guardian consent for the child
 * (a pupil could otherwise link a second account of their own and consent for themself).
 */
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
    confirmed: false,
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
    // Six digits are easy to read aloud but guessable: every try counts (per account, per code, overall)
    // before the code is looked up.
    await throttleLookup(services, 'familyCode', openid, familyCode, now);
    const code = await services.store.get<FamilyCodeDoc>(C.familyCodes, familyCode);
    if (!code || code.expiresAt < now.toISOString()) {
      throw notFound('家庭码不正确或已过期，请让孩子重新生成');
    }
    if (code.studentOpenid === openid) throw precondition('请用家长自己的微信扫码或输入家庭码');
    const entry = await mustGet<RosterDoc>(services.store, C.roster, code.rosterId, '学生');
    const fam = await link(services, user, entry, relation, 'active', 'family_code');
    await audit(services, openid, 'family.link', fam._id);
    return {
      familyId: fam._id,
      status: fam.status,
      confirmed: fam.confirmed === true,
      childName: entry.name,
    };
  },
});

/** A parent whose child cannot show a code asks via class code + roster entry; the teacher confirms. */
export const requestLink = defineAction({
  title: '申请关联孩子',
  input: z.object({ classCode: s.code, rosterId: s.id, relation: s.relation }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }, { classCode, rosterId, relation }) {
    const cls = await classByCode(services, classCode, openid, now);
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

/**
 * A confirmed guardian records (or clears) their child's birth year; like the teacher's, it can only
 * make the under-14 rule stricter.
 */
export const setChildBirthYear = defineAction({
  title: '填写孩子出生年份',
  input: z.object({ rosterId: s.id, birthYear: s.birthYear.nullable() }).strict(),
  access: ['parent'],
  async handler({ services, openid }, { rosterId, birthYear }) {
    const fam = await activeLink(services, openid, rosterId);
    if (!fam.confirmed) throw precondition('班主任确认您与孩子的关联后，才能填写孩子的出生年份');
    await services.store.update(
      C.roster,
      rosterId,
      birthYear === null ? { $unset: { birthYear: true } } : { $set: { birthYear } },
    );
    await audit(services, openid, 'family.birthYear', rosterId);
    return { birthYear };
  },
});

/** The consent wording with the data controller the city admin entered (defaults until then). */
export async function currentConsentWording(services: Services): Promise<string> {
  const campaign = await loadCampaign(services);
  return consentWording(campaign?.dataController ?? DEFAULT_DATA_CONTROLLER);
}

/** 《儿童个人信息保护规则》 (PIPL Art. 31): public, linked from the consent page and 我的. */
export const childPrivacyRules = defineAction({
  title: '儿童个人信息保护规则',
  input: z.object({}).strict(),
  access: 'public',
  async handler({ services }) {
    const campaign = await loadCampaign(services);
    return childPrivacyRulesText(campaign?.dataController ?? DEFAULT_DATA_CONTROLLER);
  },
});

/** The wording a guardian is asked to agree to (shown before giveConsent). */
export const consentText = defineAction({
  title: '监护人同意书',
  input: z.object({}).strict(),
  access: 'public',
  async handler({ services }) {
    return { wording: await currentConsentWording(services), version: CONSENT_VERSION } as const;
  },
});

/**
 * A guardian consents for an under-14 child; stores the exact wording and version shown. Only a link the
 * class teacher confirmed counts, and only 父母 or another legal guardian may consent (民法典 Art. 27):
 * a grandparent must state that they are the child's legal guardian, or ask a parent.
 */
export const giveConsent = defineAction({
  title: '监护人同意',
  input: z
    .object({
      rosterId: s.id,
      version: z.literal(CONSENT_VERSION, { errorMap: () => ({ message: '同意书已更新，请重新阅读' }) }),
      /** Ticked by a grandparent or other relative: "我是孩子的父母或其他法定监护人". */
      legalGuardian: z.literal(true).optional(),
    })
    .strict(),
  access: ['parent'],
  async handler({ services, openid, now }, { rosterId, legalGuardian }) {
    const fam = await activeLink(services, openid, rosterId);
    if (!fam.confirmed) {
      throw precondition('班主任确认您与孩子的关联后，才能代孩子同意。请联系班主任确认。');
    }
    if (!isParentRelation(fam.relation) && !legalGuardian) {
      throw precondition(
        '按照《民法典》，孩子的监护人是父母。请孩子的爸爸或妈妈同意；如果您是孩子的法定监护人，请勾选“我是孩子的法定监护人”后再同意。',
      );
    }
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
      wording: await currentConsentWording(services),
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

/**
 * Unrevoked consents whose parent is still actively linked to the child and confirmed by the class
 * teacher (a removed or unconfirmed link's consent does not count).
 */
async function liveConsents(services: Services, rosterIds: string[]): Promise<ConsentDoc[]> {
  const docs = await findAll<ConsentDoc>(services.store, C.consents, {
    rosterId: { $in: rosterIds },
    revokedAt: { $exists: false },
  });
  const live: ConsentDoc[] = [];
  for (const d of docs) {
    const link = await services.store.get<FamilyDoc>(C.families, `${d.parentOpenid}:${d.rosterId}`);
    if (link?.status === 'active' && link.confirmed) live.push(d);
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
