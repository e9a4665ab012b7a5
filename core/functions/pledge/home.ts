import { z } from 'zod';
import { C } from '../../collections';
import type { ClassDoc, DistrictDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { actionPhaseKey, defineAction, loadCampaign } from '../../router';
import { findAll } from '../../store';
import { phaseAt } from '../../phases';
import { PLEDGE_PHASES } from './common';

/** Where the pledge pages send each caller: their roles in this feature and the units they manage. */
export const home = defineAction({
  title: '宣誓承诺',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, openid, now }) {
    const campaign = await loadCampaign(services);
    const phase = campaign ? phaseAt(campaign, now) : 'before';
    const open = (campaign?.actionPhases?.[actionPhaseKey('pledge.sign')] ?? PLEDGE_PHASES) as string[];
    const roles = new Set(user.roles.map((g) => g.role));
    const classes = roles.has('teacher')
      ? await findAll<ClassDoc>(services.store, C.classes, { teacherIds: openid })
      : [];
    const schoolIds = user.roles.flatMap((g) => (g.role === 'school_admin' ? [g.schoolId] : []));
    const districtIds = user.roles.flatMap((g) => (g.role === 'district_admin' ? [g.districtId] : []));
    const schools = schoolIds.length
      ? await findAll<SchoolDoc>(services.store, C.schools, { _id: { $in: schoolIds } })
      : [];
    const districts = districtIds.length
      ? await findAll<DistrictDoc>(services.store, C.districts, { _id: { $in: districtIds } })
      : [];
    return {
      signingOpen: open.includes(phase),
      isStudent: roles.has('student'),
      isParent: roles.has('parent'),
      isCityAdmin: roles.has('city_admin'),
      teacherSchoolId: user.roles.flatMap((g) => (g.role === 'teacher' ? [g.schoolId] : []))[0] ?? null,
      classes: classes.map((c) => ({ classId: c._id, name: className(c), schoolId: c.schoolId })),
      schools: schools.map((s) => ({ schoolId: s._id, name: s.name })),
      districts: districts.map((d) => ({ districtId: d._id, name: d.name })),
    };
  },
});
