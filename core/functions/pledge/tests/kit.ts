/** Shared setup for the pledge handler tests: the harness plus helpers to sign, upload and seed big classes. */
import { C } from '../../../collections';
import { rollup } from '../../../stats';
import { seedClaimedClass, type SeededPupil } from '../../../../testing/fixtures';
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
): Promise<{ classId: string; students: SeededPupil[] }> {
  const students = await seedClaimedClass(
    h.store,
    { classId, schoolId, districtId, grade: 3, classNo: 90, teacherIds: [DEMO_USERS.teacher] },
    size,
    h.clock.now(),
    { surname: '张' },
  );
  return { classId, students };
}
