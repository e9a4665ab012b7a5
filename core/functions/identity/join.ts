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
import { lookupUnique } from '../../unique';
import { releaseClaim } from '../org/roster';
import { grantRole } from './invites';

/** Find a class by its code, or NOT_FOUND with a hint. */
export async function classByCode(services: Services, raw: string): Promise<ClassDoc> {
  const classId = await lookupUnique(services.store, `classcode:${normaliseCode(raw)}`);
  const cls = classId ? await services.store.get<ClassDoc>(C.classes, classId) : null;
  if (!cls || cls.classCode !== normaliseCode(raw)) throw notFound('班级码不正确，请向老师核对');
  return cls;
}

/** What a student sees after typing a class code: the class and its roster with names masked. */
export const lookupClass = defineAction({
  title: '查找班级',
  input: z.object({ classCode: s.code }).strict(),
  access: 'user',
  async handler({ services }, { classCode }) {
    const cls = await classByCode(services, classCode);
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
 * A student claims their own roster entry (never a free-typed identity). The claim takes effect at
 * once and shows as "待老师确认" until the teacher approves or undoes it.
 */
export const claimRoster = defineAction({
  title: '认领名单',
  input: z
    .object({
      classCode: s.code,
      rosterId: s.id,
      /** The student's own name, typed to confirm the masked entry is theirs. */
      confirmName: s.personName,
      birthYear: s.birthYear.optional(),
    })
    .strict(),
  access: 'user',
  async handler({ services, user, openid, now }, input) {
    if (user.roles.some((g) => g.role === 'student')) {
      throw precondition('你已经认领过名单；如需更换班级，请先在「我的」页面退出原班级');
    }
    const cls = await classByCode(services, input.classCode);
    const entry = await services.store.get<RosterDoc>(C.roster, input.rosterId);
    if (!entry || entry.classId !== cls._id) throw notFound('名单里没有这个学生');
    // Compare without spaces on both sides: roster names may keep an inner space ("Anna Li").
    if (entry.name.replace(/\s/g, '') !== input.confirmName.replace(/\s/g, '')) {
      throw precondition('输入的姓名与所选名单不一致，请选择自己的名字');
    }
    const taken = await services.store.updateMany(
      C.roster,
      { _id: entry._id, claimStatus: 'unclaimed' },
      {
        $set: {
          claimStatus: 'claimed',
          claimedBy: openid,
          claimedAt: now.toISOString(),
          ...(input.birthYear ? { birthYear: input.birthYear } : {}),
        },
      },
    );
    if (taken !== 1) throw precondition('这个名字已经被认领；如果不是你本人认领的，请告诉老师');
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
      under14: isUnder14({ birthYear: input.birthYear }, cls, yearIn(now)),
      claimStatus: 'claimed' as const,
    };
  },
});
