import { z } from 'zod';
import { C } from '../../collections';
import type { ClassDoc, DistrictDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { unitFor } from '../../permissions';
import { rate, readTotal, readTotals, type Metrics } from '../../stats';
import { findAll } from '../../store';
import { CARD_METRICS } from './model';
import { REVIEWERS } from './review';

/** The card figures of one unit. */
function figures(m: Metrics) {
  const roster = m.roster ?? 0;
  const families = m[CARD_METRICS.families] ?? 0;
  return {
    cardsMade: m[CARD_METRICS.made] ?? 0,
    families,
    coCreated: m[CARD_METRICS.coCreated] ?? 0,
    sharesChat: m[CARD_METRICS.chat] ?? 0,
    sharesMoments: m[CARD_METRICS.moments] ?? 0,
    sharesSaved: m[CARD_METRICS.saved] ?? 0,
    roster,
    /** Share of the roster whose family made an approved card (%). */
    rate: rate(families, roster),
  };
}

/**
 * Card figures of a unit and of each unit under it, ranked by cards made: the city's districts, a
 * district's schools, a school's classes (a class has no children). Totals come from the rolled-up
 * counters (core/stats.ts), the same design as the pledge; every unit of the level is listed, zeros
 * included, so the ones still to start stand out.
 */
export const stats = defineAction({
  title: '卡片统计',
  input: z.object({ level: z.enum(['city', 'district', 'school', 'class']), id: s.id.optional() }).strict(),
  access: REVIEWERS,
  async handler({ services, user }, { level, id }) {
    const { store } = services;
    const unit = await unitFor(store, user, level, id, 'view');
    let name = unit.name;
    let totalId: string;
    let children: { id: string; name: string; level: 'district' | 'school' | 'class'; m: Metrics }[] = [];
    if (level === 'city') {
      totalId = 'city';
      const totals = new Map((await readTotals(store, 'district')).map((t) => [t.districtId, t.m]));
      const districts = await findAll<DistrictDoc>(store, C.districts, {});
      children = districts.map((d) => ({
        id: d._id,
        name: d.name,
        level: 'district',
        m: totals.get(d._id) ?? {},
      }));
    } else if (level === 'district') {
      totalId = `d:${unit.id}`;
      const totals = new Map(
        (await readTotals(store, 'school', { districtId: unit.id })).map((t) => [t.schoolId, t.m]),
      );
      const schools = await findAll<SchoolDoc>(store, C.schools, { districtId: unit.id });
      children = schools.map((sc) => ({
        id: sc._id,
        name: sc.name,
        level: 'school',
        m: totals.get(sc._id) ?? {},
      }));
    } else if (level === 'school') {
      totalId = `s:${unit.id}`;
      const totals = new Map(
        (await readTotals(store, 'class', { schoolId: unit.id })).map((t) => [t.classId, t.m]),
      );
      const classes = await findAll<ClassDoc>(store, C.classes, { schoolId: unit.id });
      children = classes.map((c) => ({
        id: c._id,
        name: className(c),
        level: 'class',
        m: totals.get(c._id) ?? {},
      }));
    } else {
      const cls = unit.cls!;
      const school = await store.get<SchoolDoc>(C.schools, cls.schoolId);
      name = `${school?.name ?? ''} ${className(cls)}`.trim();
      totalId = `k:${cls._id}`;
    }
    const rows = children
      .map((c) => ({ id: c.id, name: c.name, level: c.level, ...figures(c.m) }))
      .sort((a, b) => b.cardsMade - a.cardsMade || b.rate - a.rate || a.name.localeCompare(b.name, 'zh'));
    return { level, id: id ?? 'city', name, total: figures(await readTotal(store, totalId)), children: rows };
  },
});
