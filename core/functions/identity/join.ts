import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { normaliseCode } from '../../codes';
import { notFound, precondition } from '../../errors';
import type { ClassDoc, RosterDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { isUnder14, maskName, maskStudentNo } from '../../privacy';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { findAll } from '../../store';
import { yearIn } from '../../time';
import { throttleLookup } from '../../rateLimit';
import { bump } from '../../stats';
import { lookupUnique } from '../../unique';
import { releaseClaim } from '../org/roster';
import { grantRole } from './invites';

/**
 * Find a class by its code, or NOT_FOUND with a hint. Every lookup is counted first (per account, per
 * code and overall), so class codes cannot be enumerated.
 */
export async function classByCode(
  services: Services,
  raw: string,
  account: string | null,
  now: Date,
): Promise<ClassDoc> {
  const code = normaliseCode(raw);
  await throttleLookup(services, 'classCode', account, code, now);
  const classId = await lookupUnique(services.store, `classcode:${code}`);
  const cls = classId ? await services.store.get<ClassDoc>(C.classes, classId) : null;
  if (!cls || cls.classCode !== code) throw notFound('班级码不正确，请向老师核对');
  return cls;
}

/** One answer for a wrong name and a taken entry, so guessing cannot tell which names exist. */
export const CLAIM_REFUSED =
  '没有认领成功：姓名与所选名单不一致，或这个名字已被认领。请选择自己的名字并核对姓名；如果仍不行，请告诉老师。';

/** What a student sees after typing a class code: the class and its roster with names masked. */
export const lookupClass = defineAction({
  title: '查找班级',
  input: z.object({ classCode: s.code }).strict(),
  access: 'user',
  async handler({ services, openid, now }, { classCode }) {
    const cls = await classByCode(services, classCode, openid, now);
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    const roster = await findAll<RosterDoc>(services.store, C.roster, { classId: cls._id }, { createdAt: 1 });
    return {
      classId: cls._id,
      className: className(cls),
      schoolName: school?.name ?? '',
      stage: cls.stage,
      grade: cls.grade,
      roster: roster.map((r) => ({
        rosterId: r._id,
        maskedName: maskName(r.name),
        studentNoHint: maskStudentNo(r.studentNo),
        claimed: r.claimStatus !== 'unclaimed',
      })),
    };
  },
});

/**
 * A student claims their own roster entry (never a free-typed identity). The claim shows as
 * "待老师确认": until the teacher approves it the student sees no family data and can sign nothing.
 * Claims are throttled per account and per class, and a wrong name and a taken entry get the same
 * answer, so nobody can recover full names from the masked roster by guessing. No birth year is taken
 * here: only the teacher or a confirmed guardian sets it (it could otherwise skip guardian consent).
 */
export const claimRoster = defineAction({
  title: '认领名单',
  input: z
    .object({
      classCode: s.code,
      rosterId: s.id,
      /** The student's own name, typed to confirm the masked entry is theirs. */
      confirmName: s.personName,
    })
    .strict(),
  access: 'user',
  async handler({ services, user, openid, now }, input) {
    if (user.roles.some((g) => g.role === 'student')) {
      throw precondition('你已经认领过名单；如需更换班级，请先在「我的」页面退出原班级');
    }
    const cls = await classByCode(services, input.classCode, openid, now);
    await throttleLookup(services, 'claim', openid, cls._id, now);
    const entry = await services.store.get<RosterDoc>(C.roster, input.rosterId);
    if (!entry || entry.classId !== cls._id) throw notFound('名单里没有这个学生');
    // Compare without spaces on both sides: roster names may keep an inner space ("Anna Li").
    const sameName = entry.name.replace(/\s/g, '') === input.confirmName.replace(/\s/g, '');
    const taken = sameName
      ? await services.store.updateMany(
          C.roster,
          { _id: entry._id, claimStatus: 'unclaimed' },
          { $set: { claimStatus: 'claimed', claimedBy: openid, claimedAt: now.toISOString() } },
        )
      : 0;
    if (taken !== 1) throw precondition(CLAIM_REFUSED);
    await bump(services.store, entry, 'claimed', 1, entry._id, now);
    const roles = await grantRole(services, user, {
      role: 'student',
      districtId: cls.districtId,
      schoolId: cls.schoolId,
      classId: cls._id,
      rosterId: entry._id,
    });
    // Two claims of different entries sent in parallel both pass the check above; grants are appended
    // atomically, so the earliest stays and any later one is undone here (one student, one entry).
    const students = roles.flatMap((g) => (g.role === 'student' ? [g.rosterId] : []));
    if (students.length > 1 && students[0] !== entry._id) {
      await releaseClaim(services, { ...entry, claimStatus: 'claimed', claimedBy: openid });
      throw precondition('你已经认领过名单；如需更换班级，请先在「我的」页面退出原班级');
    }
    await audit(services, openid, 'roster.claim', entry._id);
    return {
      roles,
      className: className(cls),
      under14: isUnder14(entry, cls, yearIn(now)),
      claimStatus: 'claimed' as const,
    };
  },
});
