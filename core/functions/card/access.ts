import { C } from '../../collections';
import { denied, invalid, precondition } from '../../errors';
import type { ClassDoc, FamilyDoc, RosterDoc, SchoolDoc, UserDoc } from '../../model';
import { className } from '../../org';
import { isUnder14 } from '../../privacy';
import { activeLinkOf, managesClass, managesSchool, studentGrantOf } from '../../permissions';
import type { Services } from '../../services';
import { findAll, mustGet } from '../../store';
import { yearIn } from '../../time';
import { hasGuardianConsent } from '../identity/family';
import type { CardDoc, CardRole } from './model';

/** The child a card is about, with its class and school. */
export interface ChildUnit {
  entry: RosterDoc;
  cls: ClassDoc;
  school: SchoolDoc;
}

/** Load a roster entry with its class and school. */
export async function childUnit(services: Services, rosterId: string): Promise<ChildUnit> {
  const entry = await mustGet<RosterDoc>(services.store, C.roster, rosterId, '学生');
  const cls = await mustGet<ClassDoc>(services.store, C.classes, entry.classId, '班级');
  const school = await mustGet<SchoolDoc>(services.store, C.schools, entry.schoolId, '学校');
  return { entry, cls, school };
}

/** Active parent links of the caller. */
export async function activeLinks(services: Services, openid: string): Promise<FamilyDoc[]> {
  return findAll<FamilyDoc>(services.store, C.families, { parentOpenid: openid, status: 'active' });
}

/** Whether the caller is an active guardian of the roster entry. */
export async function isGuardianOf(services: Services, openid: string, rosterId: string): Promise<boolean> {
  return !!(await activeLinkOf(services, openid, rosterId));
}

/** Whether the caller holds the student grant of the roster entry (approval is checked where it matters). */
export function isStudentOf(user: UserDoc | null, rosterId: string): boolean {
  return studentGrantOf(user)?.rosterId === rosterId;
}

/**
 * A child's own words are stored only with a guardian's consent when they are under 14
 * (PIPL Art. 31); a student must also have been confirmed by the teacher.
 */
export async function assertChildMayWrite(
  services: Services,
  openid: string,
  unit: ChildUnit,
  now: Date,
): Promise<void> {
  if (unit.entry.claimedBy === openid && unit.entry.claimStatus !== 'approved') {
    throw precondition('老师确认你的名字后，才能制作和填写卡片');
  }
  if (isUnder14(unit.entry, unit.cls, yearIn(now)) && !(await hasGuardianConsent(services, unit.entry._id))) {
    throw precondition('你未满14周岁，需要爸爸妈妈（或其他监护人）先在「我的」页面点「去同意」，才能写卡片');
  }
}

/** Who makes a new card and for which child: a linked parent for their child, or a student for themself. */
export async function resolveMaker(
  services: Services,
  user: UserDoc,
  rosterId: string | undefined,
  now: Date,
): Promise<{ role: CardRole; unit: ChildUnit }> {
  const student = studentGrantOf(user);
  if (rosterId && (await isGuardianOf(services, user._id, rosterId))) {
    return { role: 'parent', unit: await childUnit(services, rosterId) };
  }
  if (student && (!rosterId || rosterId === student.rosterId)) {
    const unit = await childUnit(services, student.rosterId);
    if (unit.entry.claimedBy !== user._id) throw precondition('请先在班级里认领自己的名字');
    await assertChildMayWrite(services, user._id, unit, now);
    return { role: 'child', unit };
  }
  if (rosterId) throw denied('只能为自己关联的孩子制作卡片');
  const links = await activeLinks(services, user._id);
  if (links.length === 1) return { role: 'parent', unit: await childUnit(services, links[0].rosterId) };
  if (links.length > 1) throw invalid('请先选择为哪个孩子制作卡片');
  throw precondition('请先加入班级（学生）或关联孩子（家长），再来制作家庭卡片');
}

/** How the caller relates to a card. */
export interface CardRelation {
  isAuthor: boolean;
  /** The author, a contributor, the child of the card or one of the child's linked guardians. */
  isFamily: boolean;
  /** The role of the line still to be written (the one the starter did not write). */
  replyRole: CardRole;
  /** Whether the caller may write that line now (on their own phone or, for the author, the same phone). */
  canReply: boolean;
}

/** The caller's relation to a card (null openid: a visitor, e.g. Moments single-page mode). */
export async function relationTo(
  services: Services,
  card: CardDoc,
  openid: string | null,
): Promise<CardRelation> {
  const replyRole: CardRole = card.starterRole === 'parent' ? 'child' : 'parent';
  if (!openid) return { isAuthor: false, isFamily: false, replyRole, canReply: false };
  const user = await services.store.get<UserDoc>(C.users, openid);
  const isAuthor = card.authorOpenid === openid;
  const asStudent = isStudentOf(user, card.rosterId);
  const asGuardian = await isGuardianOf(services, openid, card.rosterId);
  const isFamily = isAuthor || card.contributors.includes(openid) || asStudent || asGuardian;
  const open = card.status !== 'rejected' && card.reply?.check.verdict !== 'pass';
  const other = replyRole === 'child' ? asStudent : asGuardian && !isAuthor;
  return { isAuthor, isFamily, replyRole, canReply: open && (isAuthor || other) };
}

/** The classes and schools a user belongs to (as student, parent or teacher) or manages. */
export interface Membership {
  classIds: Set<string>;
  schoolIds: Set<string>;
  rosterIds: Set<string>;
}

/** Classes, schools and children a user is connected to. */
export async function membershipOf(services: Services, user: UserDoc): Promise<Membership> {
  const m: Membership = { classIds: new Set(), schoolIds: new Set(), rosterIds: new Set() };
  for (const g of user.roles) {
    if (g.role === 'student') {
      m.classIds.add(g.classId);
      m.schoolIds.add(g.schoolId);
      m.rosterIds.add(g.rosterId);
    }
    if (g.role === 'teacher' || g.role === 'school_admin') m.schoolIds.add(g.schoolId);
  }
  for (const f of await activeLinks(services, user._id)) {
    m.classIds.add(f.classId);
    m.schoolIds.add(f.schoolId);
    m.rosterIds.add(f.rosterId);
  }
  for (const c of await findAll<ClassDoc>(services.store, C.classes, { teacherIds: user._id }))
    m.classIds.add(c._id);
  return m;
}

/** Load a class or school the caller may see the card wall of; answers its display name. */
export async function wallUnit(
  services: Services,
  user: UserDoc,
  target: { classId?: string; schoolId?: string },
): Promise<{ classId?: string; schoolId: string; name: string }> {
  const m = await membershipOf(services, user);
  if (target.classId) {
    const cls = await mustGet<ClassDoc>(services.store, C.classes, target.classId, '班级');
    if (!m.classIds.has(cls._id) && !managesClass(user, cls)) throw denied('只能查看自己班级的卡片墙');
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    return {
      classId: cls._id,
      schoolId: cls.schoolId,
      name: `${school?.name ?? ''} ${className(cls)}`.trim(),
    };
  }
  const school = await mustGet<SchoolDoc>(services.store, C.schools, target.schoolId!, '学校');
  if (!m.schoolIds.has(school._id) && !managesSchool(user, school)) throw denied('只能查看自己学校的卡片墙');
  return { schoolId: school._id, name: school.name };
}
