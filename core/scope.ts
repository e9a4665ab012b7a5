import { C } from './collections';
import { denied, notFound } from './errors';
import type { ClassDoc, RosterDoc, SchoolDoc, UserDoc } from './model';
import type { DocumentStore } from './store';

/** Scope checks: each answers whether a user may manage or view an organisation unit. */

export function isCityAdmin(user: UserDoc): boolean {
  return user.roles.some((g) => g.role === 'city_admin');
}

export function managesDistrict(user: UserDoc, districtId: string): boolean {
  return (
    isCityAdmin(user) || user.roles.some((g) => g.role === 'district_admin' && g.districtId === districtId)
  );
}

export function managesSchool(user: UserDoc, school: Pick<SchoolDoc, '_id' | 'districtId'>): boolean {
  return (
    managesDistrict(user, school.districtId) ||
    user.roles.some((g) => g.role === 'school_admin' && g.schoolId === school._id)
  );
}

/** Teachers of the class, its school's admins, and the admins above may see and manage a class. */
export function managesClass(user: UserDoc, cls: ClassDoc): boolean {
  return (
    cls.teacherIds.includes(user._id) ||
    managesSchool(user, { _id: cls.schoolId, districtId: cls.districtId })
  );
}

/** Load a document or throw NOT_FOUND with a readable noun. */
export async function mustGet<T extends { _id: string }>(
  store: DocumentStore,
  collection: string,
  id: string,
  noun: string,
): Promise<T> {
  const doc = await store.get<T & { _id: string } & Record<string, unknown>>(collection, id);
  if (!doc) throw notFound(`${noun}不存在`);
  return doc as T;
}

/** Load a class the caller manages, or throw NOT_FOUND / PERMISSION_DENIED. */
export async function classForManager(
  store: DocumentStore,
  user: UserDoc,
  classId: string,
): Promise<ClassDoc> {
  const cls = await mustGet<ClassDoc>(store, C.classes, classId, '班级');
  if (!managesClass(user, cls)) throw denied('你不是这个班级的老师或管理员');
  return cls;
}

/** Load a school the caller manages. */
export async function schoolForManager(
  store: DocumentStore,
  user: UserDoc,
  schoolId: string,
): Promise<SchoolDoc> {
  const school = await mustGet<SchoolDoc>(store, C.schools, schoolId, '学校');
  if (!managesSchool(user, school)) throw denied('你不是这所学校的管理员');
  return school;
}

/** Load a roster entry whose class the caller manages. */
export async function rosterForManager(
  store: DocumentStore,
  user: UserDoc,
  rosterId: string,
): Promise<{ entry: RosterDoc; cls: ClassDoc }> {
  const entry = await mustGet<RosterDoc>(store, C.roster, rosterId, '名单条目');
  const cls = await classForManager(store, user, entry.classId);
  return { entry, cls };
}
