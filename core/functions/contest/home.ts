import { z } from 'zod';
import { C } from '../../collections';
import type { DistrictDoc, FamilyDoc, SchoolDoc } from '../../model';
import { CONFIRMED_LINK, isCityAdmin, judgeGrantOf, managesCall } from '../../permissions';
import { defineAction } from '../../router';
import { findAll, type Filter } from '../../store';
import { dayIn } from '../../time';
import { profileName } from './calls';
import { entriesOfPerson } from './entries';
import {
  cityRoundOf,
  COL,
  districtRoundOf,
  isJudged,
  KIND_LABEL,
  LEVEL_LABEL,
  roundsOf,
  windowOf,
  type AuthorType,
  type CallDoc,
} from './model';

/**
 * The contest's landing page in one call, for whoever opens it: the calls open to them (as a pupil, a
 * parent for a child, a teacher), counts of their own works, the review rounds waiting for them (with
 * pending counts), the calls they organise, the calls they judge, and whether they still need to give
 * their name (teachers, so pupils can pick them as advisor).
 */
export const home = defineAction({
  title: '作品征集',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, openid, now }) {
    const today = dayIn(now);
    const schoolIds = new Set<string>();
    const districtIds = new Set<string>();
    for (const g of user.roles) {
      if ('schoolId' in g && g.schoolId && g.role !== 'judge') schoolIds.add(g.schoolId);
      if ('districtId' in g && g.districtId && g.role !== 'judge') districtIds.add(g.districtId);
    }
    // Only links the class teacher confirmed act for a child (works, certificates, submitting).
    const links = await findAll<FamilyDoc>(services.store, C.families, {
      parentOpenid: openid,
      ...CONFIRMED_LINK,
    });
    for (const l of links) {
      schoolIds.add(l.schoolId);
      districtIds.add(l.districtId);
    }
    const or: Filter[] = [{ level: 'city' }];
    if (districtIds.size) or.push({ level: 'district', districtId: { $in: [...districtIds] } });
    if (schoolIds.size) or.push({ level: 'school', schoolId: { $in: [...schoolIds] } });
    const visible = await services.store.find<CallDoc>(
      COL.calls,
      { $or: or },
      { sort: { opensOn: -1 }, limit: 100 },
    );

    const summary = (c: CallDoc) => ({
      callId: c._id,
      title: c.title,
      kind: c.kind,
      kindLabel: KIND_LABEL[c.kind],
      level: c.level,
      levelLabel: LEVEL_LABEL[c.level],
      unitName: c.unitName,
      opensOn: c.opensOn,
      closesOn: c.closesOn,
      window: windowOf(c, today),
      judged: isJudged(c),
      published: c.results?.state === 'published',
    });

    const rosterIds = [
      ...user.roles.flatMap((g) => (g.role === 'student' ? [g.rosterId] : [])),
      ...links.map((l) => l.rosterId),
    ];
    const mine = await entriesOfPerson(services, openid, rosterIds);
    const canAuthor =
      user.roles.some((g) => g.role === 'student' || g.role === 'teacher' || g.role === 'school_admin') ||
      links.length > 0;
    // As whom the caller may submit: a pupil as a student, staff as a teacher, a guardian for their child
    // (as the student) or for the family.
    const capacities = new Set<AuthorType>();
    if (user.roles.some((g) => g.role === 'student')) capacities.add('student');
    if (user.roles.some((g) => g.role === 'teacher' || g.role === 'school_admin')) capacities.add('teacher');
    if (links.length) capacities.add('student').add('family');
    const calls = canAuthor
      ? visible.flatMap((c) => {
          const asAuthor = c.who.filter((w) => capacities.has(w));
          if (!asAuthor.length) return [];
          return [
            {
              ...summary(c),
              asAuthor,
              myEntries: mine.filter((e) => e.callId === c._id && e.status !== 'withdrawn').length,
            },
          ];
        })
      : [];

    // Review rounds waiting for the caller.
    const review: {
      callId: string;
      title: string;
      round: 'school' | 'district' | 'city';
      unitId: string | null;
      unitName: string;
      pending: number;
    }[] = [];
    const adminSchools = user.roles.flatMap((g) => (g.role === 'school_admin' ? [g.schoolId] : []));
    const named = await findAll<{ _id: string; callId: string; schoolId: string }>(
      services.store,
      COL.reviewers,
      { teachers: openid },
    );
    const adminDistricts = user.roles.flatMap((g) => (g.role === 'district_admin' ? [g.districtId] : []));
    const schoolNames = new Map(
      (
        await findAll<SchoolDoc>(services.store, C.schools, {
          _id: { $in: [...new Set([...adminSchools, ...named.map((n) => n.schoolId)])] },
        })
      ).map((s) => [s._id, s.name]),
    );
    const districtNames = new Map(
      (adminDistricts.length
        ? await findAll<DistrictDoc>(services.store, C.districts, { _id: { $in: adminDistricts } })
        : []
      ).map((d) => [d._id, d.name]),
    );
    for (const c of visible) {
      const schoolsHere = [
        ...new Set([...adminSchools, ...named.filter((n) => n.callId === c._id).map((n) => n.schoolId)]),
      ].filter((id) => c.level !== 'school' || c.schoolId === id);
      for (const schoolId of schoolsHere) {
        if (c.level === 'district' && !districtIds.has(c.districtId ?? '')) continue;
        const pending = await services.store.count(COL.entries, {
          schoolId,
          callId: c._id,
          status: 'submitted',
        });
        review.push({
          callId: c._id,
          title: c.title,
          round: 'school',
          unitId: schoolId,
          unitName: schoolNames.get(schoolId) ?? '',
          pending,
        });
      }
      if (roundsOf(c).includes('district')) {
        for (const districtId of adminDistricts) {
          if (c.level === 'district' && c.districtId !== districtId) continue;
          const pending = await services.store.count(COL.entries, {
            ...districtRoundOf(c._id, districtId),
            status: 'school_recommended',
          });
          review.push({
            callId: c._id,
            title: c.title,
            round: 'district',
            unitId: districtId,
            unitName: districtNames.get(districtId) ?? '',
            pending,
          });
        }
      }
      if (c.level === 'city' && isCityAdmin(user)) {
        const pending = await services.store.count(COL.entries, {
          ...cityRoundOf(c._id),
          status: 'district_recommended',
        });
        review.push({
          callId: c._id,
          title: c.title,
          round: 'city',
          unitId: null,
          unitName: '全市',
          pending,
        });
      }
    }

    const organise = [];
    for (const c of visible) {
      if (!managesCall(user, c)) continue;
      organise.push({
        ...summary(c),
        /** The organising district or school (null for a city call). */
        unitId:
          c.level === 'district'
            ? (c.districtId ?? null)
            : c.level === 'school'
              ? (c.schoolId ?? null)
              : null,
        judges: c.judges.length,
        manageable: true,
      });
    }

    const judging = [];
    if (judgeGrantOf(user)) {
      for (const c of await services.store.find<CallDoc>(
        COL.calls,
        { 'judges.openid': openid },
        { limit: 50 },
      )) {
        const assigned = await services.store.count(COL.judging, { callId: c._id, judgeId: openid });
        const scored = await services.store.count(COL.judging, {
          callId: c._id,
          scored: true,
          judgeId: openid,
        });
        judging.push({ callId: c._id, title: c.title, assigned, scored, locked: !!c.results });
      }
    }

    // The name pupils pick an advisor by (and a teacher's own entries carry): asked of a school's staff
    // only; judges are named on their invite, district and city admins are never picked.
    const advisor = user.roles.some((g) => g.role === 'teacher' || g.role === 'school_admin');
    const name = advisor ? await profileName(services, openid) : null;
    return {
      profile: { name, needsName: advisor && !name },
      calls,
      mine: {
        total: mine.filter((e) => e.status !== 'withdrawn').length,
        drafts: mine.filter((e) => e.status === 'draft' && e.createdBy === openid).length,
        returned: mine.filter((e) => e.status === 'returned').length,
      },
      review,
      organise,
      judging,
      canCreate: {
        city: isCityAdmin(user),
        districts: adminDistricts,
        schools: adminSchools,
      },
    };
  },
});
