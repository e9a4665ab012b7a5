/** Shared setup for the pledge handler tests: the harness plus helpers to sign, upload and seed big classes. */
import { C } from '../../../collections';
import type { ClassDoc, RosterDoc, UserDoc } from '../../../model';
import { bump, rollup } from '../../../stats';
import { createHarness, DEMO_USERS, type Harness } from '../../../../testing/harness';
import { recountAll } from '../../../maintenance';
import type { UploadPurpose } from '../../../uploads';

export { DEMO_USERS };

/** The demo class, its school and district. */
export const DEMO_CLASS = 'class-lvyin-3-2';
export const DEMO_SCHOOL = 'school-lvyin';
export const DEMO_DISTRICT = 'district-1';
/** 王小雨's roster id (the demo student, under 14, with guardian consent). */
export const DEMO_ROSTER_ID = 'class-lvyin-3-2-r1';

/** A harness whose counters already hold the roster sizes (the demo seed writes rosters without bumping). */
export async function pledgeHarness(): Promise<Harness> {
  const h = await createHarness();
  await recountAll(h.services, h.clock.now());
  return h;
}

/** The key of the letter that currently applies to the demo school. */
export async function currentKey(h: Harness, openid: string = DEMO_USERS.student): Promise<string> {
  const text = await h.ok(openid, 'pledge', 'getText', {});
  return text.letter.key;
}

/** Upload a fake image as `owner` (through a ticket, as the app does) and return its file id. */
export async function upload(
  h: Harness,
  owner: string,
  bytes = 2048,
  type = 'image/png',
  purpose: UploadPurpose = 'signature',
): Promise<string> {
  return h.upload(owner, purpose, bytes, type);
}

/** Input of a typed-name signature by the demo student. */
export async function typedSign(h: Harness, extra: Record<string, unknown> = {}) {
  return {
    promise: true,
    textKey: await currentKey(h),
    signature: { method: 'typed', typedName: '王小雨' },
    ...extra,
  };
}

/** Roll up and read one counter total's metrics. */
export async function totalsAfterRollup(h: Harness, id: string): Promise<Record<string, number>> {
  await rollup(h.store, h.clock.now());
  const doc = await h.store.get<{ _id: string; m: Record<string, number> }>(C.counters, id);
  return doc?.m ?? {};
}

/**
 * Seed a senior class (students over 14, no consent needed) of `size` claimed students straight into the
 * store; answers the class id and each student's openid and name.
 */
export async function seedBigClass(
  h: Harness,
  classId: string,
  size: number,
  schoolId = DEMO_SCHOOL,
  districtId = DEMO_DISTRICT,
): Promise<{ classId: string; students: { openid: string; name: string; rosterId: string }[] }> {
  const at = h.clock.now().toISOString();
  await h.store.insert<ClassDoc>(C.classes, {
    _id: classId,
    districtId,
    schoolId,
    stage: 'senior',
    grade: 3,
    classNo: 90,
    classCode: `B${classId.slice(-5).toUpperCase()}`,
    teacherIds: [DEMO_USERS.teacher],
    createdAt: at,
  });
  const students = [];
  const han = '安宁明晨思远嘉文浩宇子涵雨欣一诺梓轩佳怡';
  for (let i = 0; i < size; i++) {
    const rosterId = `${classId}-r${i}`;
    const openid = `${classId}-s${i}`;
    const name = `张${han[i % han.length]}${han[Math.floor(i / han.length) % han.length]}`;
    await h.store.insert<RosterDoc>(C.roster, {
      _id: rosterId,
      classId,
      schoolId,
      districtId,
      name,
      claimStatus: 'approved',
      claimedBy: openid,
      claimedAt: at,
      birthYear: 2008,
      createdAt: at,
    });
    await h.store.insert<UserDoc>(C.users, {
      _id: openid,
      roles: [{ role: 'student', districtId, schoolId, classId, rosterId }],
      createdAt: at,
      updatedAt: at,
    });
    await bump(h.store, { classId, schoolId, districtId }, 'roster', 1, rosterId, h.clock.now());
    students.push({ openid, name, rosterId });
  }
  return { classId, students };
}
