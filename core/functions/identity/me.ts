import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { precondition } from '../../errors';
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
import { findAll } from '../../store';
import { yearIn } from '../../time';
import { cardsOf, deleteCardsOf } from '../card';
import { releaseClaim } from '../org/roster';
import { erasePledgeData, pledgeDataOf } from '../pledge/personal';
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

/** Everything stored about the caller, in one JSON document (PIPL right of access). */
export const exportMyData = defineAction({
  title: '导出我的数据',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, openid }) {
    const rosterIds = user.roles.flatMap((g) => (g.role === 'student' ? [g.rosterId] : []));
    return {
      user,
      rosterEntries: rosterIds.length
        ? await findAll<RosterDoc>(services.store, C.roster, { _id: { $in: rosterIds } })
        : [],
      families: await findAll<FamilyDoc>(services.store, C.families, { parentOpenid: openid }),
      consentsGiven: await findAll<ConsentDoc>(services.store, C.consents, { parentOpenid: openid }),
      familyCodes: await findAll<FamilyCodeDoc>(services.store, C.familyCodes, { studentOpenid: openid }),
      pledge: await pledgeDataOf(services, user),
      cards: await cardsOf(services, openid),
    };
  },
});

/**
 * Delete the caller's personal data: leave every role (roster entries are freed, not deleted:
 * the school owns its roster), remove family links and codes, withdraw consents, delete the user.
 */
export const deleteMyData = defineAction({
  title: '删除我的数据',
  input: z.object({ confirm: z.literal(true, { errorMap: () => ({ message: '请确认删除' }) }) }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }) {
    // Content first (it needs the roles to find what belongs to the person), then the roles.
    await erasePledgeData(services, user);
    await deleteCardsOf(services, openid, now);
    for (const role of ['student', 'parent', 'teacher'] as const) {
      if (user.roles.some((g) => g.role === role)) await leaveRole(services, user, role);
    }
    await services.store.removeMany(C.consents, { parentOpenid: openid });
    await services.store.removeMany(C.families, { parentOpenid: openid });
    await services.store.remove(C.users, openid);
    await audit(services, openid, 'identity.delete', openid);
    return { deleted: true };
  },
});
