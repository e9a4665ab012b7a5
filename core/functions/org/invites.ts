import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomCode } from '../../codes';
import { denied, invalid } from '../../errors';
import type { ClassDoc, DistrictDoc, InviteDoc, SchoolDoc, UserDoc } from '../../model';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { managesDistrict, managesSchool } from '../../permissions';
import { DuplicateKeyError, findAll, mustGet } from '../../store';
import { hoursFrom } from '../../time';

/** Invites stay valid this long. */
export const INVITE_HOURS = 7 * 24;

/** Check the caller may invite `role` into the given scope; returns the resolved scope. */
async function inviteScope(
  store: Parameters<typeof mustGet>[0],
  user: UserDoc,
  input: {
    role: InviteDoc['role'];
    districtId?: string;
    schoolId?: string;
    classIds?: string[];
    name?: string;
  },
): Promise<{ districtId?: string; schoolId?: string; classIds?: string[]; name?: string }> {
  if (input.role === 'judge') return judgeScope(store, user, input);
  if (input.role === 'district_admin') {
    if (!input.districtId) throw invalid('请指定县区');
    await mustGet<DistrictDoc>(store, C.districts, input.districtId, '县区');
    if (!user.roles.some((g) => g.role === 'city_admin')) throw denied('只有市级管理员可以邀请县区管理员');
    return { districtId: input.districtId };
  }
  if (!input.schoolId) throw invalid('请指定学校');
  const school = await mustGet<SchoolDoc>(store, C.schools, input.schoolId, '学校');
  if (input.role === 'school_admin') {
    if (!managesDistrict(user, school.districtId)) throw denied('只有县区或市级管理员可以邀请学校管理员');
    return { districtId: school.districtId, schoolId: school._id };
  }
  if (!managesSchool(user, school)) throw denied('只有本校管理员可以邀请老师');
  const classIds = input.classIds ?? [];
  if (classIds.length) {
    const classes = await findAll<ClassDoc>(store, C.classes, { _id: { $in: classIds } });
    if (classes.length !== new Set(classIds).size || classes.some((c) => c.schoolId !== school._id)) {
      throw invalid('所选班级不属于这所学校');
    }
  }
  return { districtId: school.districtId, schoolId: school._id, classIds };
}

/**
 * A judge invite (city admins only): the judge's name, and the school or district they belong to if
 * any, so the assignment never gives them an entry from there (core/contest/algo recusal).
 */
async function judgeScope(
  store: Parameters<typeof mustGet>[0],
  user: UserDoc,
  input: { districtId?: string; schoolId?: string; name?: string },
): Promise<{ districtId?: string; schoolId?: string; name: string }> {
  if (!user.roles.some((g) => g.role === 'city_admin')) throw denied('只有市级管理员可以邀请评委');
  if (!input.name) throw invalid('请填写评委的姓名');
  if (input.schoolId) {
    const school = await mustGet<SchoolDoc>(store, C.schools, input.schoolId, '学校');
    return { districtId: school.districtId, schoolId: school._id, name: input.name };
  }
  if (input.districtId) {
    await mustGet<DistrictDoc>(store, C.districts, input.districtId, '县区');
    return { districtId: input.districtId, name: input.name };
  }
  return { name: input.name };
}

/** Create a one-person invite code for a district admin, school admin, teacher or (city) judge. */
export const createInvite = defineAction({
  title: '创建邀请',
  input: z
    .object({
      role: z.enum(['district_admin', 'school_admin', 'teacher', 'judge']),
      districtId: s.id.optional(),
      schoolId: s.id.optional(),
      classIds: z.array(s.id).max(20, '一次最多 20 个班级').optional(),
      /** Judge invites: the judge's name (the city sees it on progress; authors never do). */
      name: s.personName.optional(),
    })
    .strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, openid, now }, input) {
    const scope = await inviteScope(services.store, user, input);
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc: InviteDoc = {
        _id: randomCode(8),
        role: input.role,
        ...scope,
        createdBy: openid,
        createdAt: now.toISOString(),
        expiresAt: hoursFrom(now, INVITE_HOURS),
        usesLeft: 1,
      };
      try {
        await services.store.insert(C.invites, doc);
        await audit(services, openid, 'invite.create', doc._id, { role: doc.role });
        return doc;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    }
    throw new Error('could not allocate an invite code');
  },
});

/** Invites the caller created (newest first), with their state. */
export const listInvites = defineAction({
  title: '邀请列表',
  input: z.object({}).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, openid, now }) {
    const invites = await services.store.find<InviteDoc>(
      C.invites,
      { createdBy: openid },
      { sort: { createdAt: -1 }, limit: 100 },
    );
    return invites.map((i) => ({
      ...i,
      state: i.revoked
        ? 'revoked'
        : i.usesLeft <= 0
          ? 'used'
          : i.expiresAt < now.toISOString()
            ? 'expired'
            : 'open',
    }));
  },
});

/** Revoke an invite the caller created. */
export const revokeInvite = defineAction({
  title: '撤销邀请',
  input: z.object({ code: s.code }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, openid }, { code }) {
    const inv = await mustGet<InviteDoc>(services.store, C.invites, code.toUpperCase(), '邀请');
    if (inv.createdBy !== openid) throw denied('只能撤销自己创建的邀请');
    await services.store.update(C.invites, inv._id, { $set: { revoked: true } });
    return { revoked: true };
  },
});
