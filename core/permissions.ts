/**
 * The one permission layer. Every handler asks this module, and only this module, whether a caller may
 * see or act on an organisation unit (city, district, school, class), a roster entry, or a child's data.
 * The rules are one table (PERMISSION_RULES, printed in docs/api.md); the functions below implement it.
 *
 * - manage a unit: change it, see its people by name, run its activities;
 * - view a unit: read its aggregate figures (rates and counts, no names).
 */
import { C } from './collections';
import { denied, invalid, precondition } from './errors';
import type { ClassDoc, DistrictDoc, FamilyDoc, RoleGrant, RosterDoc, SchoolDoc, UserDoc } from './model';
import type { Services } from './services';
import { mustGet, type DocumentStore } from './store';

/** The levels of the organisation tree. */
export type UnitLevel = 'city' | 'district' | 'school' | 'class';

/** What a caller wants to do with a unit. */
export type UnitAccess = 'view' | 'manage';

/** The rules, as the docs print them. */
export const PERMISSION_RULES: { unit: string; view: string; manage: string }[] = [
  { unit: '全市 city', view: '市级管理员', manage: '市级管理员' },
  { unit: '县区 district D', view: '市级管理员；D 的县区管理员', manage: '同左' },
  {
    unit: '学校 school S（属于 D）',
    view: '以上；S 的学校管理员；S 的老师（只看汇总数字）',
    manage: '市级管理员；D 的县区管理员；S 的学校管理员',
  },
  {
    unit: '班级 class K（属于 S）',
    view: '同「管理」',
    manage: 'K 的任课老师（班主任）；能管理 S 的人',
  },
  {
    unit: '学生名单条目 R（属于 K）',
    view: '能管理 K 的人；认领 R 且已被老师确认的学生本人；老师确认过关联的家长',
    manage: '能管理 K 的人',
  },
  {
    unit: '知识竞赛 Q（属于全市、县区 D 或学校 S）',
    view: '能查看 Q 所属单位或其下级单位的人（汇总、排名、题目分析）；K 的老师看本班（Q 覆盖 K 时）',
    manage: '能管理 Q 所属单位的管理员（新建、修改、撤回、导出、重新核对）',
  },
  {
    unit: '题库（全市、县区 D 或学校 S 自己的题目）',
    view: '该单位及其下级单位的管理员（组卷时可以选用）',
    manage: '能管理该单位的管理员',
  },
  {
    unit: '答题记录（一次作答）',
    view: '作答的学生本人或家长本人；老师看本班的成绩、各题正确率和快速作答标记',
    manage: '只有作答人本人可以作答和交卷',
  },
  {
    unit: '征集活动 X（属于全市、县区 D 或学校 S）',
    view: '所有人可以看活动说明；X 范围内的学生、老师和家长可以投稿（按 X 规定的投稿人）',
    manage: '能管理 X 所属单位的管理员（新建、修改、公布结果、导出）',
  },
  {
    unit: '参赛作品 E（作者属于学校 S）',
    view: '提交人本人；作者（已被老师确认的学生）和老师确认过关联的家长；E 所在轮次的评审人；审核通过后所有人（姓名打码）',
    manage: '提交人在学校审核前修改或撤回；家长可以撤回孩子的作品',
  },
  {
    unit: '学校初评（X 在学校 S 的作品）',
    view: '同「管理」',
    manage: 'S 的学校管理员及其为 X 指定的 S 的老师；S 所属县区和全市的管理员',
  },
  {
    unit: '县区复评（X 在县区 D 的推荐作品）',
    view: '同「管理」',
    manage: 'D 的县区管理员；市级管理员',
  },
  {
    unit: '市级评审（X 的评委打分）',
    view: '评委只看分给自己的作品，不含作者、学校、县区和指导教师；市级管理员看全部进度和结果',
    manage: '市级管理员邀请评委、分配、改派、公布奖项和更正',
  },
];

/** A student's grant (their class and roster entry). */
export type StudentGrant = Extract<RoleGrant, { role: 'student' }>;

/** True when the user is a city admin. */
export function isCityAdmin(user: UserDoc): boolean {
  return user.roles.some((g) => g.role === 'city_admin');
}

/** City admins and the district's own admins manage a district. */
export function managesDistrict(user: UserDoc, districtId: string): boolean {
  return (
    isCityAdmin(user) || user.roles.some((g) => g.role === 'district_admin' && g.districtId === districtId)
  );
}

/** Admins of the school, its district and the city manage a school. */
export function managesSchool(user: UserDoc, school: Pick<SchoolDoc, '_id' | 'districtId'>): boolean {
  return (
    managesDistrict(user, school.districtId) ||
    user.roles.some((g) => g.role === 'school_admin' && g.schoolId === school._id)
  );
}

/** Whether the user teaches at the school (any class). */
export function teachesAtSchool(user: UserDoc, schoolId: string): boolean {
  return user.roles.some((g) => g.role === 'teacher' && g.schoolId === schoolId);
}

/** Teachers of the class, its school's admins, and the admins above manage a class. */
export function managesClass(user: UserDoc, cls: ClassDoc): boolean {
  return (
    cls.teacherIds.includes(user._id) ||
    managesSchool(user, { _id: cls.schoolId, districtId: cls.districtId })
  );
}

/** A unit loaded for a caller, with its display name and the ids above it. */
export interface Unit {
  level: UnitLevel;
  /** 'city' for the city. */
  id: string;
  name: string;
  districtId?: string;
  schoolId?: string;
  classId?: string;
}

/** Whether the caller may `access` the unit (the rules table). */
export function mayAccess(user: UserDoc, unit: Unit, access: UnitAccess, cls?: ClassDoc): boolean {
  switch (unit.level) {
    case 'city':
      return isCityAdmin(user);
    case 'district':
      return managesDistrict(user, unit.id);
    case 'school': {
      const school = { _id: unit.id, districtId: unit.districtId ?? '' };
      return managesSchool(user, school) || (access === 'view' && teachesAtSchool(user, unit.id));
    }
    case 'class':
      return !!cls && managesClass(user, cls);
  }
}

const NOUN: Record<UnitLevel, string> = { city: '全市', district: '县区', school: '学校', class: '班级' };

/** The refusal for a unit the caller may not see or manage. */
function refusal(level: UnitLevel, access: UnitAccess): Error {
  if (level === 'city') return denied('只有市级管理员可以查看或管理全市');
  const verb = access === 'view' ? '查看' : '管理';
  return denied(`你不能${verb}这个${NOUN[level]}，只能${verb}自己负责的${NOUN[level]}`);
}

/** Load a class and check the caller may `access` it; NOT_FOUND / PERMISSION_DENIED otherwise. */
export async function classFor(
  store: DocumentStore,
  user: UserDoc,
  classId: string,
  access: UnitAccess = 'manage',
): Promise<ClassDoc> {
  const cls = await mustGet<ClassDoc>(store, C.classes, classId, '班级');
  if (!managesClass(user, cls)) throw refusal('class', access);
  return cls;
}

/** Load a school and check the caller may `access` it. */
export async function schoolFor(
  store: DocumentStore,
  user: UserDoc,
  schoolId: string,
  access: UnitAccess = 'manage',
): Promise<SchoolDoc> {
  const school = await mustGet<SchoolDoc>(store, C.schools, schoolId, '学校');
  const unit: Unit = { level: 'school', id: school._id, name: school.name, districtId: school.districtId };
  if (!mayAccess(user, unit, access)) throw refusal('school', access);
  return school;
}

/** Load a district and check the caller may `access` it. */
export async function districtFor(
  store: DocumentStore,
  user: UserDoc,
  districtId: string,
  access: UnitAccess = 'manage',
): Promise<DistrictDoc> {
  const district = await mustGet<DistrictDoc>(store, C.districts, districtId, '县区');
  if (!managesDistrict(user, district._id)) throw refusal('district', access);
  return district;
}

/**
 * Load any unit by level and id and check the caller may `access` it. The city needs no id; the
 * others answer INVALID_ARGUMENT without one.
 */
export async function unitFor(
  store: DocumentStore,
  user: UserDoc,
  level: UnitLevel,
  id: string | undefined,
  access: UnitAccess,
  cityName = '全市',
): Promise<Unit & { cls?: ClassDoc }> {
  if (level === 'city') {
    if (!isCityAdmin(user)) throw refusal('city', access);
    return { level, id: 'city', name: cityName };
  }
  if (!id) throw invalid(`请指定${NOUN[level]}`);
  if (level === 'district') {
    const d = await districtFor(store, user, id, access);
    return { level, id: d._id, name: d.name, districtId: d._id };
  }
  if (level === 'school') {
    const s = await schoolFor(store, user, id, access);
    return { level, id: s._id, name: s.name, districtId: s.districtId, schoolId: s._id };
  }
  const cls = await classFor(store, user, id, access);
  return {
    level,
    id: cls._id,
    name: '',
    districtId: cls.districtId,
    schoolId: cls.schoolId,
    classId: cls._id,
    cls,
  };
}

/** Load a roster entry whose class the caller manages. */
export async function rosterEntryFor(
  store: DocumentStore,
  user: UserDoc,
  rosterId: string,
): Promise<{ entry: RosterDoc; cls: ClassDoc }> {
  const entry = await mustGet<RosterDoc>(store, C.roster, rosterId, '名单条目');
  const cls = await classFor(store, user, entry.classId);
  return { entry, cls };
}

/** The caller's student grant, or null (a user who has not claimed a roster entry). */
export function studentGrantOf(user: UserDoc | null): StudentGrant | null {
  const g = user?.roles.find((r) => r.role === 'student');
  return g && g.role === 'student' ? g : null;
}

/** What a pupil whose claim the teacher has not yet confirmed is told. */
export const CLAIM_PENDING_MESSAGE =
  '老师确认你认领的名字后，才能签名、制作卡片和提交作品。请提醒老师在班级名单里点「确认是本人」。';

/**
 * The roster entry the caller claimed, whether or not the teacher approved it yet; FAILED_PRECONDITION
 * with the way forward when there is none (never claimed, or the teacher undid the claim).
 */
export async function claimedEntry(services: Services, user: UserDoc): Promise<RosterDoc> {
  const g = studentGrantOf(user);
  if (!g) throw precondition('请先用老师给的班级码加入班级，并认领自己的名字');
  const entry = await services.store.get<RosterDoc>(C.roster, g.rosterId);
  if (!entry || entry.claimedBy !== user._id)
    throw precondition('你在班级名单上的名字已被老师撤销认领，请重新加入班级');
  return entry;
}

/**
 * The caller's roster entry once the teacher approved the claim. Everything a pupil writes or sees of
 * their family (pledges, cards, entries, quizzes, the family record) needs it: an impostor's pending
 * claim gets nothing.
 */
export async function approvedEntry(services: Services, user: UserDoc): Promise<RosterDoc> {
  const entry = await claimedEntry(services, user);
  if (entry.claimStatus !== 'approved') throw precondition(CLAIM_PENDING_MESSAGE);
  return entry;
}

/** Whether `user` is the approved claimer of the roster entry. */
export function isApprovedStudentOf(user: UserDoc | null, entry: RosterDoc): boolean {
  return !!user && entry.claimedBy === user._id && entry.claimStatus === 'approved';
}

/** The caller's active link to a child (pending requests count for nothing), or null. */
export async function activeLinkOf(
  services: Services,
  openid: string,
  rosterId: string,
): Promise<FamilyDoc | null> {
  const fam = await services.store.get<FamilyDoc>(C.families, `${openid}:${rosterId}`);
  return fam && fam.status === 'active' ? fam : null;
}

/** A query for a caller's links the class teacher confirmed (see confirmedLinkOf). */
export const CONFIRMED_LINK = { status: 'active', confirmed: true } as const;

/** Why an unconfirmed link cannot act for a child yet. */
export const LINK_UNCONFIRMED_MESSAGE =
  '班主任确认您与孩子的关联后，才能为孩子投稿、答题或查看孩子的作品和证书';

/**
 * The caller's link to a child that the class teacher confirmed, or null. Acting for a child or seeing the
 * child's own records (works, certificates, quiz results) needs it: a family code alone, which a pupil's
 * second account or a classmate may hold, is not enough (the same rule as consent).
 */
export async function confirmedLinkOf(
  services: Services,
  openid: string,
  rosterId: string,
): Promise<FamilyDoc | null> {
  const fam = await activeLinkOf(services, openid, rosterId);
  return fam?.confirmed ? fam : null;
}

/** The caller's active link to a child, or PERMISSION_DENIED. */
export async function mustActiveLink(
  services: Services,
  openid: string,
  rosterId: string,
): Promise<FamilyDoc> {
  const fam = await activeLinkOf(services, openid, rosterId);
  if (!fam) throw denied('你还没有关联这个孩子，或老师还没有确认关联');
  return fam;
}

/**
 * Whether the caller may see a child's own records (family pledge, entries, attempts): the approved
 * student themself, or an actively linked parent.
 */
export async function maySeeChild(services: Services, user: UserDoc, entry: RosterDoc): Promise<boolean> {
  if (isApprovedStudentOf(user, entry)) return true;
  return !!(await activeLinkOf(services, user._id, entry._id));
}

/** The unit a quiz or a question bank belongs to. */
export interface QuizUnit {
  level: 'city' | 'district' | 'school';
  /** 'city', the district id or the school id. */
  unitId: string;
  /** The district of a school unit (and of a district unit: itself). */
  districtId?: string;
}

/** Whether the caller manages a quiz's (or a bank's) unit: creates, edits, sees every result and name. */
export function managesQuizUnit(user: UserDoc, unit: QuizUnit): boolean {
  if (unit.level === 'city') return isCityAdmin(user);
  if (unit.level === 'district') return managesDistrict(user, unit.unitId);
  return managesSchool(user, { _id: unit.unitId, districtId: unit.districtId ?? '' });
}

/**
 * Whether the caller may use a unit's question bank when composing a quiz: its own managers and the
 * admins of any unit below it (a school admin uses the city's and the district's questions).
 */
export function mayUseBank(user: UserDoc, unit: QuizUnit): boolean {
  if (managesQuizUnit(user, unit)) return true;
  if (unit.level === 'city') {
    return user.roles.some((g) => g.role === 'district_admin' || g.role === 'school_admin');
  }
  if (unit.level === 'district') {
    return user.roles.some((g) => g.role === 'school_admin' && g.districtId === unit.unitId);
  }
  return false;
}

/** Whether a quiz of `unit` covers a class (the class is inside the quiz's unit). */
export function quizCoversClass(unit: QuizUnit, cls: Pick<ClassDoc, 'districtId' | 'schoolId'>): boolean {
  if (unit.level === 'city') return true;
  if (unit.level === 'district') return cls.districtId === unit.unitId;
  return cls.schoolId === unit.unitId;
}

/** Whether a quiz of `unit` covers an organisation unit (to view its results there). */
export function quizCoversUnit(quiz: QuizUnit, target: Unit): boolean {
  if (quiz.level === 'city') return true;
  if (quiz.level === 'district') return target.level !== 'city' && target.districtId === quiz.unitId;
  return (target.level === 'school' || target.level === 'class') && target.schoolId === quiz.unitId;
}

/** The unit a contest call (征集活动) belongs to. */
export interface CallUnit {
  level: 'city' | 'district' | 'school';
  districtId?: string;
  schoolId?: string;
}

/** Whether the caller organises a call: the admins of its unit (and of the units above). */
export function managesCall(user: UserDoc, call: CallUnit): boolean {
  if (call.level === 'city') return isCityAdmin(user);
  if (call.level === 'district') return managesDistrict(user, call.districtId ?? '');
  return managesSchool(user, { _id: call.schoolId ?? '', districtId: call.districtId ?? '' });
}

/** Whether a call reaches a school (a city call every school, a district call its schools, a school call itself). */
export function callCoversSchool(call: CallUnit, school: Pick<SchoolDoc, '_id' | 'districtId'>): boolean {
  if (call.level === 'city') return true;
  if (call.level === 'district') return school.districtId === call.districtId;
  return school._id === call.schoolId;
}

/**
 * Whether the caller reviews a call's school round at a school: the school's admins (and the admins
 * above), or a teacher of that school whom its admin named as a reviewer of the call.
 */
export function reviewsSchoolRound(
  user: UserDoc,
  school: Pick<SchoolDoc, '_id' | 'districtId'>,
  namedReviewers: readonly string[],
): boolean {
  if (managesSchool(user, school)) return true;
  return teachesAtSchool(user, school._id) && namedReviewers.includes(user._id);
}

/** Whether the caller reviews a call's district round in a district: its admins and the city's. */
export function reviewsDistrictRound(user: UserDoc, districtId: string): boolean {
  return managesDistrict(user, districtId);
}

/** The caller's judge grant (city contest judges), or null. */
export function judgeGrantOf(user: UserDoc | null): Extract<RoleGrant, { role: 'judge' }> | null {
  const g = user?.roles.find((r) => r.role === 'judge');
  return g && g.role === 'judge' ? g : null;
}

/**
 * Every school and district a judge belongs to, from all their grants (a judge who also teaches or
 * administers somewhere): the assignment never gives them an entry from any of these.
 */
export function affiliationsOf(user: UserDoc): { schoolIds: string[]; districtIds: string[] } {
  const schools = new Set<string>();
  const districts = new Set<string>();
  for (const g of user.roles) {
    if ('schoolId' in g && g.schoolId) schools.add(g.schoolId);
    if ('districtId' in g && g.districtId) districts.add(g.districtId);
  }
  return { schoolIds: [...schools], districtIds: [...districts] };
}
