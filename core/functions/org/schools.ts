import { z } from 'zod';
import { C } from '../../collections';
import { randomId } from '../../codes';
import type { DistrictDoc, SchoolDoc } from '../../model';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { districtFor, schoolFor } from '../../permissions';
import { readTotals } from '../../stats';
import { findAll } from '../../store';
import { claimUnique } from '../../unique';

const schoolName = z.string().trim().min(2, '校名至少 2 个字').max(40, '校名最多 40 个字');

/** District admin (or city admin) adds a school to a district. */
export const createSchool = defineAction({
  title: '新建学校',
  input: z.object({ districtId: s.id, name: schoolName }).strict(),
  access: ['city_admin', 'district_admin'],
  async handler({ services, user, now }, { districtId, name }) {
    await districtFor(services.store, user, districtId);
    const _id = randomId();
    await claimUnique(services.store, `school:${districtId}:${name}`, _id, `学校「${name}」已存在`);
    const doc: SchoolDoc = { _id, districtId, name, createdAt: now.toISOString() };
    await services.store.insert(C.schools, doc);
    return doc;
  },
});

/** Schools of a district the caller manages, each with its class count. */
export const listSchools = defineAction({
  title: '学校列表',
  input: z.object({ districtId: s.id }).strict(),
  access: ['city_admin', 'district_admin'],
  async handler({ services, user }, { districtId }) {
    await districtFor(services.store, user, districtId);
    const schools = await findAll<SchoolDoc>(services.store, C.schools, { districtId }, { createdAt: 1 });
    // Class counts from the rolled-up school totals: never every class of the district.
    const totals = new Map(
      (await readTotals(services.store, 'school', { districtId })).map((t) => [t.schoolId, t.m]),
    );
    return schools.map((sc) => ({ ...sc, classCount: totals.get(sc._id)?.classes ?? 0 }));
  },
});

/** One school with its district name (school admins see their own). */
export const getSchool = defineAction({
  title: '学校详情',
  input: z.object({ schoolId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user }, { schoolId }) {
    const school = await schoolFor(services.store, user, schoolId);
    const district = await services.store.get<DistrictDoc>(C.districts, school.districtId);
    return { ...school, districtName: district?.name ?? '' };
  },
});
