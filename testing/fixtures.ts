/**
 * Fixtures written straight into a store (no actions): classes of pupils who already claimed their names,
 * for tests and benchmarks that need many pupils fast. Senior classes by default (over 14: no guardian
 * consent needed), with the roster counters raised so rates have their denominator.
 */
import { C } from '../core/collections';
import type { ClassDoc, DistrictDoc, RosterDoc, SchoolDoc, Stage, UserDoc } from '../core/model';
import { bump } from '../core/stats';
import type { DocumentStore } from '../core/store';

/** A pupil the fixture wrote: openid (a student account), roster entry and name. */
export interface SeededPupil {
  openid: string;
  rosterId: string;
  name: string;
}

const HAN = '安宁明晨思远嘉文浩宇子涵雨欣一诺梓轩佳怡可馨俊杰';

/** An invented three-character name for pupil `i` (distinct for the first 484 of a surname). */
export function fixtureName(surname: string, i: number): string {
  return `${surname}${HAN[i % HAN.length]}${HAN[Math.floor(i / HAN.length) % HAN.length]}`;
}

/** Where the class sits and what it is; the fixture writes the class document from it. */
export interface FixtureClass {
  classId: string;
  schoolId: string;
  districtId: string;
  stage?: Stage;
  grade?: number;
  classNo?: number;
  teacherIds?: string[];
}

/**
 * Write a class and `size` approved pupils (roster entry + student account each, ids `<classId>-r<i>` and
 * `<classId>-s<i>` unless `openidOf` names them), and raise the class's roster counter by `size`.
 */
export async function seedClaimedClass(
  store: DocumentStore,
  cls: FixtureClass,
  size: number,
  now: Date,
  opts: { surname?: string; openidOf?: (i: number) => string; nameOf?: (i: number) => string } = {},
): Promise<SeededPupil[]> {
  const at = now.toISOString();
  const { classId, schoolId, districtId } = cls;
  const stage = cls.stage ?? 'senior';
  const grade = cls.grade ?? 2;
  await store.insert<ClassDoc>(C.classes, {
    _id: classId,
    districtId,
    schoolId,
    stage,
    grade,
    classNo: cls.classNo ?? 1,
    classCode: `F${classId
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(-6)
      .toUpperCase()}`,
    teacherIds: cls.teacherIds ?? [],
    createdAt: at,
  });
  const pupils: SeededPupil[] = Array.from({ length: size }, (_, i) => ({
    openid: opts.openidOf?.(i) ?? `${classId}-s${i}`,
    rosterId: `${classId}-r${i}`,
    name: opts.nameOf?.(i) ?? fixtureName(opts.surname ?? '林', i),
  }));
  // Born 17 years ago: over 14 by the birth year too (the class rule decides only for seniors).
  const birthYear = Number(at.slice(0, 4)) - 17;
  await Promise.all(
    pupils.flatMap((p) => [
      store.insert<RosterDoc>(C.roster, {
        _id: p.rosterId,
        classId,
        schoolId,
        districtId,
        name: p.name,
        claimStatus: 'approved',
        claimedBy: p.openid,
        claimedAt: at,
        birthYear,
        createdAt: at,
      }),
      store.insert<UserDoc>(C.users, {
        _id: p.openid,
        roles: [{ role: 'student', districtId, schoolId, classId, rosterId: p.rosterId }],
        createdAt: at,
        updatedAt: at,
      }),
    ]),
  );
  if (size) await bump(store, { classId, schoolId, districtId }, 'roster', size, classId, now);
  return pupils;
}

/** A district of claimed senior pupils for benchmarks: what to write and how ids are formed. */
export interface FixtureDistrict {
  districtId: string;
  /** The district admin's openid (an account is written for it). */
  adminOpenid: string;
  /** Id prefix: schools `<prefix>-s000`, classes `<school>-c0`, pupils `<prefix>-u000000`. */
  prefix: string;
  schools: number;
  classesPerSchool: number;
  /** Pupils in all, spread evenly over the classes (the last ones may be smaller or empty). */
  pupils: number;
}

/** School id `s` of a fixture district. */
export const fixtureSchoolId = (d: Pick<FixtureDistrict, 'prefix'>, s: number) =>
  `${d.prefix}-s${String(s).padStart(3, '0')}`;

/** Class id `k` of school `s` of a fixture district. */
export const fixtureClassId = (d: Pick<FixtureDistrict, 'prefix'>, s: number, k: number) =>
  `${fixtureSchoolId(d, s)}-c${k}`;

/**
 * Write a district with its admin, `schools` schools and their classes of claimed senior pupils (roster
 * counters raised); answers every pupil in order. Writes run in parallel: seeding 20,000 pupils takes seconds.
 */
export async function seedClaimedDistrict(
  store: DocumentStore,
  d: FixtureDistrict,
  now: Date,
): Promise<SeededPupil[]> {
  const at = now.toISOString();
  await store.insert<DistrictDoc>(C.districts, { _id: d.districtId, name: '基准测试区', createdAt: at });
  await store.insert<UserDoc>(C.users, {
    _id: d.adminOpenid,
    roles: [{ role: 'district_admin', districtId: d.districtId }],
    createdAt: at,
    updatedAt: at,
  });
  const perClass = Math.ceil(d.pupils / (d.schools * d.classesPerSchool));
  const classes: Promise<SeededPupil[]>[] = [];
  let first = 0;
  for (let s = 0; s < d.schools; s++) {
    const schoolId = fixtureSchoolId(d, s);
    await store.insert<SchoolDoc>(C.schools, {
      _id: schoolId,
      districtId: d.districtId,
      name: `基准第${s + 1}学校`,
      createdAt: at,
    });
    for (let k = 0; k < d.classesPerSchool; k++) {
      const size = Math.max(0, Math.min(perClass, d.pupils - first));
      const from = first;
      const cls = { classId: fixtureClassId(d, s, k), schoolId, districtId: d.districtId, classNo: k + 1 };
      classes.push(
        seedClaimedClass(store, cls, size, now, {
          openidOf: (n) => `${d.prefix}-u${String(from + n).padStart(6, '0')}`,
          nameOf: (n) => fixtureName('林', from + n),
        }),
      );
      first += size;
    }
  }
  return (await Promise.all(classes)).flat();
}
