import { z } from 'zod';
import { C } from '../../collections';
import type { ClassDoc, FamilyDoc, RosterDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { reminderKey } from '../../participation';
import { classFor } from '../../permissions';
import { isUnder14 } from '../../privacy';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { findAll } from '../../store';
import { dayIn, yearIn } from '../../time';
import { consentedRosterIds } from '../identity/family';
import type { FamilyPledgeDoc, PledgeDoc } from './common';
import { figuresOf, METRIC, type PledgeFigures } from './metrics';

/**
 * The pledge's own class view (the teacher's page that records paper pledges and runs ceremonies).
 * Participation across activities, reminders and exports are the overview's (core/functions/overview).
 */

/** One student's line in the class view. */
export interface StudentRow {
  rosterId: string;
  name: string;
  studentNo?: string;
  status: 'online' | 'paper' | 'none';
  signedAt: string | null;
  inCeremony: boolean;
  parentSigned: boolean;
  parentsLinked: number;
  claimed: boolean;
  under14: boolean;
  consent: boolean;
  /** Someone can receive a reminder (the student's own account or a linked parent). */
  reachable: boolean;
  /** Reminded about the pledge today (overview.remind). */
  remindedToday: boolean;
}

/** Every student of a class with their pledge state, read from the source (O(class size)). */
async function classRows(services: Services, cls: ClassDoc, now: Date): Promise<StudentRow[]> {
  const [roster, pledges, familyPledges, families] = await Promise.all([
    findAll<RosterDoc>(services.store, C.roster, { classId: cls._id }, { createdAt: 1 }),
    findAll<PledgeDoc>(services.store, C.pledges, { classId: cls._id }),
    findAll<FamilyPledgeDoc>(services.store, C.familyPledges, { classId: cls._id }),
    findAll<FamilyDoc>(services.store, C.families, { classId: cls._id, status: 'active' }),
  ]);
  const day = dayIn(now);
  const year = yearIn(now);
  const pledgeOf = new Map(pledges.map((p) => [p.rosterId, p]));
  const familySigned = new Set(familyPledges.map((f) => f.rosterId));
  const consented = await consentedRosterIds(
    services,
    roster.map((r) => r._id),
  );
  const reminded = new Set(
    (
      await findAll<{ _id: string; ref: string }>(services.store, C.meta, {
        _id: { $in: roster.map((r) => reminderKey('pledge', day, r._id)) },
      })
    ).map((m) => m.ref),
  );
  return roster.map((r) => {
    const p = pledgeOf.get(r._id);
    const parentsLinked = families.filter((f) => f.rosterId === r._id).length;
    const claimed = r.claimStatus !== 'unclaimed' && !!r.claimedBy;
    const under14 = isUnder14(r, cls, year);
    return {
      rosterId: r._id,
      name: r.name,
      studentNo: r.studentNo,
      status: p?.kind ?? 'none',
      signedAt: p?.signedAt ?? null,
      inCeremony: !!p?.ceremonyId,
      parentSigned: familySigned.has(r._id),
      parentsLinked,
      claimed,
      under14,
      consent: !under14 || consented.has(r._id),
      reachable: claimed || parentsLinked > 0,
      remindedToday: reminded.has(r._id),
    };
  });
}

/** Figures of a list of student rows (exact, from the source). */
function figuresOfRows(rows: StudentRow[]): PledgeFigures {
  return figuresOf({
    roster: rows.length,
    [METRIC.online]: rows.filter((r) => r.status === 'online').length,
    [METRIC.paper]: rows.filter((r) => r.status === 'paper').length,
    [METRIC.family]: rows.filter((r) => r.parentSigned).length,
  });
}

/** The teacher's class view: each roster student signed online / on paper / not yet / parent signed. */
export const classView = defineAction({
  title: '班级签名情况',
  input: z.object({ classId: s.id }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, now }, { classId }) {
    const cls = await classFor(services.store, user, classId);
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    const students = await classRows(services, cls, now);
    return {
      classId: cls._id,
      className: className(cls),
      schoolName: school?.name ?? '',
      schoolId: cls.schoolId,
      figures: figuresOfRows(students),
      students,
    };
  },
});
