import { z } from 'zod';
import { C } from '../../collections';
import { randomId } from '../../codes';
import type { DistrictDoc, SchoolDoc } from '../../model';
import { defineAction } from '../../router';
import { managesDistrict } from '../../permissions';
import { findAll } from '../../store';
import { claimUnique } from '../../unique';

const districtName = z.string().trim().min(2, '名称至少 2 个字').max(20, '名称最多 20 个字');

/** City admin adds a district (濮阳市's real districts are offered in the app). */
export const createDistrict = defineAction({
  title: '新建县区',
  input: z.object({ name: districtName }).strict(),
  access: ['city_admin'],
  async handler({ services, now }, { name }) {
    const _id = randomId();
    await claimUnique(services.store, `district:${name}`, _id, `县区「${name}」已存在`);
    const doc: DistrictDoc = { _id, name, createdAt: now.toISOString() };
    await services.store.insert(C.districts, doc);
    return doc;
  },
});

/** Districts the caller manages (all for the city admin), each with its school count. */
export const listDistricts = defineAction({
  title: '县区列表',
  input: z.object({}).strict(),
  access: ['city_admin', 'district_admin'],
  async handler({ services, user }) {
    const all = await findAll<DistrictDoc>(services.store, C.districts, {}, { createdAt: 1 });
    const visible = all.filter((d) => managesDistrict(user, d._id));
    const schools = await findAll<SchoolDoc>(services.store, C.schools, {
      districtId: { $in: visible.map((d) => d._id) },
    });
    return visible.map((d) => ({
      ...d,
      schoolCount: schools.filter((s) => s.districtId === d._id).length,
    }));
  },
});
