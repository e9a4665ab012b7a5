import { C } from '../../collections';
import { AppError, denied, ErrorCode, invalid, precondition } from '../../errors';
import type { ClassDoc, DistrictDoc, RosterDoc, SchoolDoc, UserDoc } from '../../model';
import { className } from '../../org';
import {
  activeLinkOf,
  confirmedLinkOf,
  LINK_UNCONFIRMED_MESSAGE,
  approvedEntry,
  callCoversSchool,
  isApprovedStudentOf,
  studentGrantOf,
} from '../../permissions';
import { isUnder14, maskName } from '../../privacy';
import type { Services } from '../../services';
import { findAll, mustGet } from '../../store';
import { yearIn } from '../../time';
import { hasGuardianConsent } from '../identity/family';
import { namedTeachersOf, profileName } from './calls';
import {
  groupTakesClass,
  type Author,
  type AuthorType,
  type CallDoc,
  type EntryDoc,
  type GroupSpec,
} from './model';

/**
 * Who submits an entry and who its authors are. A pupil submits for themself (their claim approved by
 * the teacher); a parent for their child (an active link), into a student group or as a family; a
 * teacher for themself. Co-authors come from the lead pupil's class (or the teacher's school), every
 * pupil author under 14 needs a guardian's consent, and the call must reach the author's school.
 */

/** The author side of an entry, resolved and checked. */
export interface AuthorContext {
  authorType: AuthorType;
  /** 'student' (the pupil), 'parent' (for a child) or 'teacher'. */
  submitter: 'student' | 'parent' | 'teacher';
  lead: string;
  authors: Author[];
  rosterIds: string[];
  cls?: ClassDoc;
  school: SchoolDoc;
  district: DistrictDoc;
}

/** What a caller asks to submit as. */
export interface AuthorInput {
  authorType: AuthorType;
  /** The child (a parent submitting; a pupil may name themself). */
  rosterId?: string;
  /** A teacher at several schools picks one. */
  schoolId?: string;
  coAuthorRosterIds?: string[];
  coAuthorOpenids?: string[];
}

/** The consent message for a pupil author under 14 without a guardian's consent. */
function consentMessage(self: boolean, name: string): string {
  return self
    ? '你未满14周岁，需要爸爸妈妈（或其他监护人）先在「我的」页面点「去同意」，才能提交作品'
    : `作者 ${maskName(name)} 未满14周岁，需要其监护人先在「我的」页面点「去同意」，才能一起署名`;
}

/** Pupils under 14 among `entries` without a live guardian consent (in order). */
async function withoutConsent(
  services: Services,
  entries: RosterDoc[],
  cls: ClassDoc,
  now: Date,
): Promise<RosterDoc[]> {
  const out: RosterDoc[] = [];
  for (const e of entries) {
    if (isUnder14(e, cls, yearIn(now)) && !(await hasGuardianConsent(services, e._id))) out.push(e);
  }
  return out;
}

/** Resolve and check the author side of an entry for `user` (see the module comment). */
export async function resolveAuthor(
  services: Services,
  user: UserDoc,
  call: CallDoc,
  input: AuthorInput,
  now: Date,
): Promise<AuthorContext> {
  if (!call.who.includes(input.authorType)) {
    throw denied(
      `这个征集活动不接受${input.authorType === 'teacher' ? '教师' : input.authorType === 'family' ? '家庭' : '学生'}投稿`,
    );
  }
  if (input.authorType === 'teacher') return resolveTeacher(services, user, call, input);

  let child: RosterDoc;
  let submitter: 'student' | 'parent';
  const link = input.rosterId ? await activeLinkOf(services, user._id, input.rosterId) : null;
  if (link && !link.confirmed) throw precondition(LINK_UNCONFIRMED_MESSAGE);
  if (link && input.rosterId) {
    child = await mustGet<RosterDoc>(services.store, C.roster, input.rosterId, '学生');
    submitter = 'parent';
  } else if (input.authorType === 'family') {
    throw denied('家庭作品由家长为自己关联的孩子提交，请先在「我的」页面关联孩子');
  } else {
    if (!studentGrantOf(user)) {
      throw precondition(
        input.rosterId
          ? '你还没有关联这个孩子，或老师还没有确认关联'
          : '请先用老师给的班级码加入班级，并认领自己的名字',
      );
    }
    child = await approvedEntry(services, user);
    if (input.rosterId && input.rosterId !== child._id) throw denied('只能为自己或自己关联的孩子提交作品');
    submitter = 'student';
  }
  const cls = await mustGet<ClassDoc>(services.store, C.classes, child.classId, '班级');
  const school = await mustGet<SchoolDoc>(services.store, C.schools, child.schoolId, '学校');
  if (!callCoversSchool(call, school)) throw denied('这个征集活动不面向你所在的学校');
  const district = await mustGet<DistrictDoc>(services.store, C.districts, school.districtId, '县区');

  const coIds = [...new Set(input.coAuthorRosterIds ?? [])].filter((id) => id !== child._id);
  if (input.authorType === 'family' && coIds.length) throw invalid('家庭作品不需要填写合作者');
  if (coIds.length > call.maxCoAuthors) {
    throw invalid(call.maxCoAuthors ? `最多 ${call.maxCoAuthors} 位合作者` : '这个征集活动只接受个人作品');
  }
  const co = coIds.length ? await findAll<RosterDoc>(services.store, C.roster, { _id: { $in: coIds } }) : [];
  if (co.length !== coIds.length || co.some((r) => r.classId !== child.classId)) {
    throw invalid('合作者只能是同班同学');
  }
  const ordered = [child, ...coIds.map((id) => co.find((r) => r._id === id)!)];
  const missing = await withoutConsent(services, ordered, cls, now);
  if (missing.length)
    throw precondition(
      consentMessage(missing[0]._id === child._id && submitter === 'student', missing[0].name),
    );
  return {
    authorType: input.authorType,
    submitter,
    lead: child._id,
    authors: ordered.map((r) => ({ name: r.name, rosterId: r._id })),
    rosterIds: ordered.map((r) => r._id),
    cls,
    school,
    district,
  };
}

async function resolveTeacher(
  services: Services,
  user: UserDoc,
  call: CallDoc,
  input: AuthorInput,
): Promise<AuthorContext> {
  const schools = [
    ...new Set(
      user.roles.flatMap((g) =>
        (g.role === 'teacher' || g.role === 'school_admin') && g.schoolId ? [g.schoolId] : [],
      ),
    ),
  ];
  if (!schools.length) throw denied('只有老师可以提交教师组作品');
  const schoolId = input.schoolId ?? (schools.length === 1 ? schools[0] : undefined);
  if (!schoolId) throw invalid('你在多所学校任教，请选择以哪所学校的名义提交');
  if (!schools.includes(schoolId)) throw denied('只能以自己任教学校的名义提交');
  const school = await mustGet<SchoolDoc>(services.store, C.schools, schoolId, '学校');
  if (!callCoversSchool(call, school)) throw denied('这个征集活动不面向你所在的学校');
  const district = await mustGet<DistrictDoc>(services.store, C.districts, school.districtId, '县区');
  const name = await profileName(services, user._id);
  if (!name) throw precondition('请先填写你的姓名（获奖证书上会印你的姓名）');
  const coIds = [...new Set(input.coAuthorOpenids ?? [])].filter((id) => id !== user._id);
  if (coIds.length > call.maxCoAuthors) {
    throw invalid(call.maxCoAuthors ? `最多 ${call.maxCoAuthors} 位合作者` : '这个征集活动只接受个人作品');
  }
  const teachers = coIds.length ? await namedTeachersOf(services, school._id) : [];
  const co = coIds.map((id) => teachers.find((t) => t.openid === id));
  if (co.some((t) => !t)) throw invalid('合作者只能是本校填写了姓名的老师');
  return {
    authorType: 'teacher',
    submitter: 'teacher',
    lead: user._id,
    authors: [{ name, openid: user._id }, ...co.map((t) => ({ name: t!.name, openid: t!.openid }))],
    rosterIds: [],
    school,
    district,
  };
}

/** The groups of a call an author context may submit into. */
export function eligibleGroups(call: CallDoc, ctx: Pick<AuthorContext, 'authorType' | 'cls'>): GroupSpec[] {
  return call.groups.filter(
    (g) =>
      g.who === ctx.authorType && (ctx.authorType === 'teacher' || (ctx.cls && groupTakesClass(g, ctx.cls))),
  );
}

/** Check the group fits the author (teacher group for teachers, a group that takes the pupil's class). */
export function assertGroup(call: CallDoc, ctx: AuthorContext, group: string): GroupSpec {
  const g = eligibleGroups(call, ctx).find((x) => x.key === group);
  if (!g) {
    const known = call.groups.find((x) => x.key === group);
    throw invalid(known ? `「${known.title}」组不接受这位作者的作品，请选择合适的组别` : '请选择组别');
  }
  return g;
}

/** How the caller relates to an entry. */
export interface EntryRelation {
  /** Submitted it (edits, submits, withdraws, deletes). */
  isSubmitter: boolean;
  /** A pupil author (approved claim) or an actively linked guardian of one: sees it, may withdraw. */
  isFamily: boolean;
  /** A teacher author. */
  isTeacherAuthor: boolean;
  /** May withdraw it before the school's review: the submitter, the lead pupil, the lead pupil's guardians. */
  mayWithdraw: boolean;
}

/** The caller's relation to an entry (never from the input). */
export async function relationToEntry(
  services: Services,
  user: UserDoc | null,
  entry: EntryDoc,
): Promise<EntryRelation> {
  if (!user) return { isSubmitter: false, isFamily: false, isTeacherAuthor: false, mayWithdraw: false };
  const isSubmitter = entry.createdBy === user._id;
  const isTeacherAuthor = entry.authors.some((a) => a.openid === user._id);
  let isFamily = false;
  let ofLead = false;
  const grant = studentGrantOf(user);
  if (grant && entry.rosterIds.includes(grant.rosterId)) {
    const roster = await services.store.get<RosterDoc>(C.roster, grant.rosterId);
    isFamily = !!roster && isApprovedStudentOf(user, roster);
    ofLead = isFamily && grant.rosterId === entry.rosterIds[0];
  }
  for (const rosterId of entry.rosterIds) {
    if (ofLead) break;
    if (await confirmedLinkOf(services, user._id, rosterId)) {
      isFamily = true;
      ofLead = rosterId === entry.rosterIds[0];
    }
  }
  // A pupil's or family's work is the submitter's only while their claim or confirmed link still holds.
  const submits = isSubmitter && (entry.authorType === 'teacher' || ofLead);
  return { isSubmitter: submits, isFamily, isTeacherAuthor, mayWithdraw: submits || ofLead };
}

/** The ways a caller may submit to a call, for the entry form (each with its eligible groups). */
export async function submitOptions(services: Services, user: UserDoc, call: CallDoc, now: Date) {
  const out: {
    authorType: AuthorType;
    rosterId: string | null;
    schoolId: string;
    who: string;
    className: string | null;
    schoolName: string;
    groups: string[];
    prefillGroup: string | null;
    ready: boolean;
    note: string | null;
  }[] = [];
  const add = async (authorType: AuthorType, input: AuthorInput, who: string) => {
    try {
      const ctx = await resolveAuthor(services, user, call, input, now);
      const groups = eligibleGroups(call, ctx).map((g) => g.key);
      if (!groups.length) return;
      out.push({
        authorType,
        rosterId: ctx.rosterIds[0] ?? null,
        schoolId: ctx.school._id,
        who,
        className: ctx.cls ? className(ctx.cls) : null,
        schoolName: ctx.school.name,
        groups,
        prefillGroup: groups[0],
        ready: true,
        note: null,
      });
    } catch (err) {
      // A way that needs a step first (consent, the teacher's confirmation, a name) is shown with that
      // step; a way that does not apply (another school's call, a group the call lacks) is left out.
      const blocked = err instanceof AppError && err.code === ErrorCode.FAILED_PRECONDITION;
      if (blocked) {
        out.push({
          authorType,
          rosterId: input.rosterId ?? null,
          schoolId: input.schoolId ?? '',
          who,
          className: null,
          schoolName: '',
          groups: [],
          prefillGroup: null,
          ready: false,
          note: (err as AppError).message,
        });
      }
    }
  };
  if (studentGrantOf(user) && call.who.includes('student'))
    await add('student', { authorType: 'student' }, '我自己');
  const links = await findAll<{ _id: string; rosterId: string; status: string }>(services.store, C.families, {
    parentOpenid: user._id,
    status: 'active',
  });
  for (const link of links) {
    const child = await services.store.get<RosterDoc>(C.roster, link.rosterId);
    if (!child) continue;
    if (call.who.includes('student'))
      await add('student', { authorType: 'student', rosterId: child._id }, `为孩子 ${child.name} 提交`);
    if (call.who.includes('family'))
      await add('family', { authorType: 'family', rosterId: child._id }, `${child.name}的家庭`);
  }
  if (call.who.includes('teacher')) {
    const schools = [
      ...new Set(
        user.roles.flatMap((g) =>
          (g.role === 'teacher' || g.role === 'school_admin') && g.schoolId ? [g.schoolId] : [],
        ),
      ),
    ];
    for (const schoolId of schools) await add('teacher', { authorType: 'teacher', schoolId }, '我（教师）');
  }
  return out;
}
