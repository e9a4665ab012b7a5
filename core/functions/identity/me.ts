import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { denied, precondition } from '../../errors';
import type {
  ClassDoc,
  ConsentDoc,
  DistrictDoc,
  FamilyCodeDoc,
  FamilyDoc,
  RoleGrant,
  RosterDoc,
  SchoolDoc,
  UserDoc,
} from '../../model';
import { className } from '../../org';
import { isUnder14, maskName } from '../../privacy';
import { defineAction } from '../../router';
import type { Services } from '../../services';
import { findAll, mustGet } from '../../store';
import * as s from '../../schemas';
import { mustActiveLink } from '../../permissions';
import {
  ANONYMISED,
  eraseSubject,
  exportSubject,
  NOT_EXPORTED,
  registerPersonalData,
  sweepPerson,
  type DataSubject,
} from '../../personalData';
import { deleteUploadsOf, uploadsOf } from '../../uploads';
import { yearIn } from '../../time';
import '../card';
import { releaseClaim } from '../org/roster';
import '../pledge/personal';
import { hasGuardianConsent } from './family';

/** Resolve names of the district, school and class a grant points at. */
async function describeGrant(services: Services, g: RoleGrant) {
  const districtId = 'districtId' in g ? g.districtId : undefined;
  const schoolId = 'schoolId' in g ? g.schoolId : undefined;
  const classId = g.role === 'student' ? g.classId : undefined;
  const [district, school, cls] = await Promise.all([
    districtId ? services.store.get<DistrictDoc>(C.districts, districtId) : null,
    schoolId ? services.store.get<SchoolDoc>(C.schools, schoolId) : null,
    classId ? services.store.get<ClassDoc>(C.classes, classId) : null,
  ]);
  return {
    ...g,
    districtName: district?.name,
    schoolName: school?.name,
    className: cls ? className(cls) : undefined,
  };
}

/** The caller's profile: roles with names, the student's claim and consent state, linked children. */
export const me = defineAction({
  title: '我的',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, openid, now }) {
    const roles = await Promise.all(user.roles.map((g) => describeGrant(services, g)));
    const studentGrant = user.roles.find((g) => g.role === 'student');
    let student = null;
    if (studentGrant && studentGrant.role === 'student') {
      const entry = await services.store.get<RosterDoc>(C.roster, studentGrant.rosterId);
      const cls = await services.store.get<ClassDoc>(C.classes, studentGrant.classId);
      if (entry && cls) {
        const under14 = isUnder14(entry, cls, yearIn(now));
        const guardians = await services.store.count(C.families, { rosterId: entry._id, status: 'active' });
        student = {
          rosterId: entry._id,
          name: entry.name,
          claimStatus: entry.claimStatus,
          className: className(cls),
          classId: cls._id,
          under14,
          guardianCount: guardians,
          consent: under14 ? await hasGuardianConsent(services, entry._id) : true,
        };
      }
    }
    const families = await findAll<FamilyDoc>(services.store, C.families, { parentOpenid: openid });
    const children = await Promise.all(
      families.map(async (f) => {
        const entry = await services.store.get<RosterDoc>(C.roster, f.rosterId);
        const cls = await services.store.get<ClassDoc>(C.classes, f.classId);
        const consents = await services.store.count(C.consents, {
          rosterId: f.rosterId,
          parentOpenid: openid,
          revokedAt: { $exists: false },
        });
        return {
          familyId: f._id,
          rosterId: f.rosterId,
          // Until the teacher confirms a link, the requester only sees the masked name.
          name: entry ? (f.status === 'active' ? entry.name : maskName(entry.name)) : '（已删除）',
          className: cls ? className(cls) : '',
          relation: f.relation,
          status: f.status,
          /** The class teacher confirmed the link: only then can this parent consent and manage the child's data. */
          confirmed: f.status === 'active' && f.confirmed === true,
          birthYear: f.status === 'active' ? (entry?.birthYear ?? null) : null,
          stage: cls?.stage ?? null,
          grade: cls?.grade ?? null,
          under14: entry && cls ? isUnder14(entry, cls, yearIn(now)) : false,
          consentGiven: consents > 0,
        };
      }),
    );
    return { openid, roles, student, children };
  },
});

const leaveInput = z
  .object({
    role: z.enum(['district_admin', 'school_admin', 'teacher', 'student', 'parent']),
    /** For parent: leave only this child's link; otherwise every link. */
    rosterId: z.string().max(64).optional(),
  })
  .strict();

/** Drop one role: a student leaves the class (roster entry freed), a teacher their classes, a parent a child link. */
export const leave = defineAction({
  title: '退出',
  input: leaveInput,
  access: 'user',
  async handler({ services, user, openid }, input) {
    if (!user.roles.some((g) => g.role === input.role)) throw precondition('你没有这个身份');
    await leaveRole(services, user, input.role, input.rosterId);
    await audit(services, openid, 'identity.leave', openid, { role: input.role });
    const fresh = await services.store.get<UserDoc>(C.users, openid);
    return { roles: fresh?.roles ?? [] };
  },
});

/** Remove a role and everything that hangs on it for this user. */
async function leaveRole(
  services: Services,
  user: UserDoc,
  role: z.infer<typeof leaveInput>['role'],
  rosterId?: string,
) {
  const now = services.now().toISOString();
  if (role === 'student') {
    for (const g of user.roles) {
      if (g.role !== 'student') continue;
      const entry = await services.store.get<RosterDoc>(C.roster, g.rosterId);
      if (entry && entry.claimedBy === user._id) await releaseClaim(services, entry);
    }
    await services.store.removeMany(C.familyCodes, { studentOpenid: user._id });
  } else if (role === 'parent') {
    const filter = rosterId ? { parentOpenid: user._id, rosterId } : { parentOpenid: user._id };
    await services.store.updateMany(
      C.consents,
      { ...filter, revokedAt: { $exists: false } },
      { $set: { revokedAt: now } },
    );
    await services.store.removeMany(C.families, filter);
  } else if (role === 'teacher') {
    const classes = await findAll<ClassDoc>(services.store, C.classes, { teacherIds: user._id });
    for (const c of classes) {
      await services.store.update(C.classes, c._id, {
        $set: { teacherIds: c.teacherIds.filter((t) => t !== user._id) },
      });
    }
  }
  const current = await services.store.get<UserDoc>(C.users, user._id);
  if (!current) return;
  const remainingChildren =
    role === 'parent' ? await services.store.count(C.families, { parentOpenid: user._id }) : 0;
  const roles = current.roles.filter((g) => g.role !== role || (role === 'parent' && remainingChildren > 0));
  await services.store.update(C.users, user._id, { $set: { roles, updatedAt: now } });
}

/** The caller's own subject: their account and the roster entries they claimed. */
function selfSubject(user: UserDoc): DataSubject {
  return {
    openid: user._id,
    user,
    rosterIds: user.roles.flatMap((g) => (g.role === 'student' ? [g.rosterId] : [])),
    scope: 'self',
  };
}

/** The account part of an export: roles, the claimed entry, links, consents and codes — the caller's own only. */
async function accountData(services: Services, subject: DataSubject) {
  const entries = subject.rosterIds.length
    ? await findAll<RosterDoc>(services.store, C.roster, { _id: { $in: subject.rosterIds } })
    : [];
  const own = subject.openid && subject.scope === 'self' ? subject.openid : null;
  return {
    roles: subject.scope === 'self' && subject.user ? subject.user.roles.map((g) => ({ ...g })) : [],
    rosterEntries: entries.map((e) => ({
      name: e.name,
      studentNo: e.studentNo ?? null,
      birthYear: e.birthYear ?? null,
      claimStatus: e.claimStatus,
      claimedAt: e.claimedAt ?? null,
    })),
    familyLinks: own
      ? (await findAll<FamilyDoc>(services.store, C.families, { parentOpenid: own })).map((f) => ({
          rosterId: f.rosterId,
          relation: f.relation,
          status: f.status,
          confirmed: f.confirmed === true,
          createdAt: f.createdAt,
        }))
      : [],
    consentsGiven: own
      ? (await findAll<ConsentDoc>(services.store, C.consents, { parentOpenid: own })).map((c) => ({
          rosterId: c.rosterId,
          wordingVersion: c.wordingVersion,
          wording: c.wording,
          grantedAt: c.grantedAt,
          revokedAt: c.revokedAt ?? null,
        }))
      : [],
    familyCodes: own
      ? (await findAll<FamilyCodeDoc>(services.store, C.familyCodes, { studentOpenid: own })).map((c) => ({
          code: c._id,
          expiresAt: c.expiresAt,
        }))
      : [],
    uploads: subject.openid
      ? (await uploadsOf(services, subject.openid)).map((u) => ({
          purpose: u.purpose,
          contentType: u.contentType,
          createdAt: u.createdAt,
          used: u.status === 'used',
        }))
      : [],
  };
}

/**
 * Everything stored about the caller (PIPL Art. 45): only their own data — no other person's ids, no
 * teachers' ids, no classmates' photos, no moderation trace ids — gathered from every feature.
 */
export const exportMyData = defineAction({
  title: '导出我的数据',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, now }) {
    const subject = selfSubject(user);
    return {
      exportedAt: now.toISOString(),
      account: await accountData(services, subject),
      ...(await exportSubject(services, subject)),
      notExported: NOT_EXPORTED,
    };
  },
});

/**
 * Erase an account: every feature's content (counters kept exact), then the roles (roster entries are
 * released, not deleted: the school owns its roster), links, consents, codes and uploaded files; then
 * whatever still names the openid in any registered collection is removed or anonymised.
 */
async function eraseAccount(services: Services, user: UserDoc, now: Date): Promise<void> {
  await eraseSubject(services, selfSubject(user), now);
  for (const role of ['student', 'parent', 'teacher'] as const) {
    if (user.roles.some((g) => g.role === role)) await leaveRole(services, user, role);
  }
  await services.store.removeMany(C.consents, { parentOpenid: user._id });
  await services.store.removeMany(C.families, { parentOpenid: user._id });
  await deleteUploadsOf(services, user._id);
  await sweepPerson(services, user._id);
}

/** Delete the caller's personal data (PIPL Art. 47). */
export const deleteMyData = defineAction({
  title: '删除我的数据',
  input: z.object({ confirm: z.literal(true, { errorMap: () => ({ message: '请确认删除' }) }) }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }) {
    await eraseAccount(services, user, now);
    // The audit keeps that a deletion happened, not who it was.
    await audit(services, ANONYMISED, 'identity.delete', ANONYMISED);
    void openid;
    return { deleted: true };
  },
});

/** A guardian's confirmed link to a child and the child's entry, or PERMISSION_DENIED. */
async function childForGuardian(services: Services, openid: string, rosterId: string) {
  const link = await mustActiveLink(services, openid, rosterId);
  if (!link.confirmed) throw denied('班主任确认您与孩子的关联后，才能查看或删除孩子的信息');
  const entry = await mustGet<RosterDoc>(services.store, C.roster, rosterId, '孩子的名单条目');
  const child = entry.claimedBy ? await services.store.get<UserDoc>(C.users, entry.claimedBy) : null;
  const subject: DataSubject = {
    openid: child?._id ?? null,
    user: child,
    rosterIds: [rosterId],
    scope: 'child',
  };
  return { entry, child, subject };
}

/**
 * A confirmed guardian exports a child's data directly (未成年人网络保护条例 Art. 34): what the child did
 * as a pupil, nothing of other family members.
 */
export const exportChildData = defineAction({
  title: '导出孩子的数据',
  input: z.object({ rosterId: s.id }).strict(),
  access: ['parent'],
  async handler({ services, openid, now }, { rosterId }) {
    const { subject } = await childForGuardian(services, openid, rosterId);
    await audit(services, openid, 'identity.exportChild', rosterId);
    return {
      exportedAt: now.toISOString(),
      account: await accountData(services, subject),
      ...(await exportSubject(services, subject)),
      notExported: NOT_EXPORTED,
    };
  },
});

/**
 * A confirmed guardian deletes a child's data: everything the child's account did (pledge signature,
 * cards, entries, quiz attempts) and the account itself; the roster entry stays the school's (released).
 * A paper pledge the teacher recorded stays the school's record.
 */
export const deleteChildData = defineAction({
  title: '删除孩子的数据',
  input: z
    .object({ rosterId: s.id, confirm: z.literal(true, { errorMap: () => ({ message: '请确认删除' }) }) })
    .strict(),
  access: ['parent'],
  async handler({ services, openid, now }, { rosterId }) {
    const { child, subject } = await childForGuardian(services, openid, rosterId);
    if (child) await eraseAccount(services, child, now);
    else await eraseSubject(services, subject, now);
    await audit(services, openid, 'identity.deleteChild', rosterId);
    return { deleted: true, hadAccount: !!child };
  },
});

registerPersonalData({
  key: 'identity',
  // The account part is exported by exportMyData itself (it needs the roles); erasure is eraseAccount.
  export: async () => undefined,
  erase: async () => 0,
  // A wrong actor's links, consents and family codes are undone by org.undoClaim / confirmParentLink.
  undoActs: async () => 0,
});
