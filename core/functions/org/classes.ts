import { z } from 'zod';
import { C } from '../../collections';
import { randomCode, randomId } from '../../codes';
import { invalid } from '../../errors';
import type { ClassDoc, FamilyDoc, RosterDoc, SchoolDoc, UserDoc } from '../../model';
import { className, MAX_GRADE } from '../../org';
import { isUnder14 } from '../../privacy';
import { qrTarget } from '../../miniCodes';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { classFor, schoolFor } from '../../permissions';
import type { Services } from '../../services';
import { bump, readTotals } from '../../stats';
import { findAll } from '../../store';
import { yearIn } from '../../time';
import { claimUnique, releaseUnique } from '../../unique';

/** Reserve a fresh six-character class code (retries on the rare collision). */
export async function reserveClassCode(services: Services, classId: string): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = randomCode(6);
    try {
      await claimUnique(services.store, `classcode:${code}`, classId, 'taken');
      return code;
    } catch {
      /* collision: try another */
    }
  }
  throw new Error('could not allocate a class code');
}

/** School admin adds a class (stage, grade, class number); it gets a class code at once. */
export const createClass = defineAction({
  title: '新建班级',
  input: z
    .object({
      schoolId: s.id,
      stage: s.stage,
      grade: z.number().int().min(1, '年级从 1 开始').max(6, '年级最多到 6'),
      classNo: z.number().int().min(1, '班号从 1 开始').max(50, '班号最多 50'),
    })
    .strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, now }, input) {
    const school = await schoolFor(services.store, user, input.schoolId);
    if (input.grade > MAX_GRADE[input.stage]) {
      throw invalid(
        `${className({ ...input, classNo: 1 }).slice(0, 2)}最多 ${MAX_GRADE[input.stage]} 个年级`,
      );
    }
    const _id = randomId();
    const key = `class:${school._id}:${input.stage}:${input.grade}:${input.classNo}`;
    await claimUnique(services.store, key, _id, `${className(input)}已存在`);
    try {
      const classCode = await reserveClassCode(services, _id);
      const doc: ClassDoc = {
        _id,
        districtId: school.districtId,
        schoolId: school._id,
        stage: input.stage,
        grade: input.grade,
        classNo: input.classNo,
        classCode,
        teacherIds: [],
        createdAt: now.toISOString(),
      };
      await services.store.insert(C.classes, doc);
      await bump(
        services.store,
        { classId: _id, schoolId: school._id, districtId: school.districtId },
        'classes',
        1,
        _id,
        now,
      );
      return { ...doc, name: className(doc) };
    } catch (err) {
      await releaseUnique(services.store, key);
      throw err;
    }
  },
});

/**
 * Classes of a school (admins), with roster and claimed counts from the rolled-up class counters (at
 * most a minute old): reads the school's classes and their totals, never the rosters.
 */
export const listClasses = defineAction({
  title: '班级列表',
  input: z.object({ schoolId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user }, { schoolId }) {
    await schoolFor(services.store, user, schoolId);
    const classes = await findAll<ClassDoc>(
      services.store,
      C.classes,
      { schoolId },
      { stage: 1, grade: 1, classNo: 1 },
    );
    const totals = new Map(
      (await readTotals(services.store, 'class', { schoolId })).map((t) => [t.classId, t.m]),
    );
    return classes.map((c) => ({
      ...c,
      name: className(c),
      rosterCount: totals.get(c._id)?.roster ?? 0,
      claimedCount: totals.get(c._id)?.claimed ?? 0,
    }));
  },
});

/** Classes the calling teacher owns. */
export const myClasses = defineAction({
  title: '我的班级',
  input: z.object({}).strict(),
  access: ['teacher', 'school_admin'],
  async handler({ services, openid }) {
    const classes = await findAll<ClassDoc>(services.store, C.classes, { teacherIds: openid });
    return classes.map((c) => ({ ...c, name: className(c) }));
  },
});

/** A class with its full roster, claim states and parent links (for its teachers and admins). */
export const getClass = defineAction({
  title: '班级详情',
  input: z.object({ classId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, now }, { classId }) {
    const cls = await classFor(services.store, user, classId);
    const roster = await findAll<RosterDoc>(services.store, C.roster, { classId }, { createdAt: 1 });
    const families = await findAll<FamilyDoc>(services.store, C.families, { classId });
    const teachers = cls.teacherIds.length
      ? await findAll<UserDoc>(services.store, C.users, { _id: { $in: cls.teacherIds } })
      : [];
    const year = yearIn(now);
    return {
      ...cls,
      name: className(cls),
      teacherCount: teachers.length,
      roster: roster.map((r) => ({
        _id: r._id,
        name: r.name,
        studentNo: r.studentNo,
        claimStatus: r.claimStatus,
        claimedAt: r.claimedAt,
        birthYear: r.birthYear ?? null,
        under14: isUnder14(r, cls, year),
        parents: families
          .filter((f) => f.rosterId === r._id)
          .map((f) => ({
            familyId: f._id,
            relation: f.relation,
            status: f.status,
            confirmed: f.confirmed === true,
            via: f.via,
          })),
      })),
    };
  },
});

/** The page a class-join QR code opens (subpackage path, no leading slash); its scene is the class code. */
export const JOIN_CLASS_PAGE = 'packages/join/class/index';

/**
 * What the class's join QR code carries: on WeChat the mini-program code of the join page with the class
 * code as its scene (so WeChat's own scanner opens the app there), elsewhere the H5 join URL. Also the
 * facts a printable A4 poster for the parents' meeting shows.
 */
export const classJoinQr = defineAction({
  title: '班级二维码',
  input: z.object({ classId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user }, { classId }) {
    const cls = await classFor(services.store, user, classId);
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    return {
      classCode: cls.classCode,
      className: className(cls),
      schoolName: school?.name ?? '',
      qr: await qrTarget(services, JOIN_CLASS_PAGE, cls.classCode, { code: cls.classCode }),
    };
  },
});

/** Issue a new class code (the old one stops working), e.g. after it leaked outside the class. */
export const regenerateClassCode = defineAction({
  title: '重置班级码',
  input: z.object({ classId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user }, { classId }) {
    const cls = await classFor(services.store, user, classId);
    const classCode = await reserveClassCode(services, cls._id);
    await services.store.update(C.classes, cls._id, { $set: { classCode } });
    await releaseUnique(services.store, `classcode:${cls.classCode}`);
    return { classCode };
  },
});
