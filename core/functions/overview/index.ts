import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { invalid, precondition } from '../../errors';
import type { ClassDoc, DistrictDoc, FamilyDoc, RosterDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { activityColumn, activityColumns, type PupilStatus, reminderKey } from '../../participation';
import { classFor, schoolFor, unitFor } from '../../permissions';
import { storeExport } from '../../exportFiles';
import { spreadsheetOf } from '../../services';
import { phaseAt } from '../../phases';
import { isUnder14 } from '../../privacy';
import { defineAction, loadCampaign, type ActionMap } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import {
  type CounterDoc,
  inBatches,
  rate,
  readTotal,
  readTotals,
  recount as recountClasses,
  type Metrics,
} from '../../stats';
import { DuplicateKeyError, findAll } from '../../store';
import { dayIn, yearIn } from '../../time';
import { consentedRosterIds } from '../identity/family';
import '../card';
import '../pledge';

/** Reminder template name (a subscribe-message template on CloudBase). */
export const OVERVIEW_REMIND_TEMPLATE = 'activity_remind';

/** The columns as the pages show them. */
function columnHeads() {
  return activityColumns().map((c) => ({ key: c.key, title: c.title }));
}

/** One unit's figure per activity: pupils who took part and the share of the roster. */
function figures(m: Metrics) {
  const roster = m.roster ?? 0;
  return {
    roster,
    activities: Object.fromEntries(
      activityColumns().map((c) => {
        const done = c.done(m);
        return [c.key, { done, rate: rate(done, roster) }];
      }),
    ) as Record<string, { done: number; rate: number }>,
  };
}

/** Every pupil of a class with their state in every activity (reads O(class size) per activity). */
async function classRows(services: Services, cls: ClassDoc, now: Date) {
  const [roster, families] = await Promise.all([
    findAll<RosterDoc>(services.store, C.roster, { classId: cls._id }, { createdAt: 1 }),
    findAll<FamilyDoc>(services.store, C.families, { classId: cls._id, status: 'active' }),
  ]);
  const columns = activityColumns();
  const states = await Promise.all(columns.map((c) => c.pupils(services, cls, roster, now)));
  const consented = await consentedRosterIds(
    services,
    roster.map((r) => r._id),
  );
  const day = dayIn(now);
  const remindedKeys = new Set(
    (
      await findAll<{ _id: string }>(services.store, C.meta, {
        _id: { $in: roster.flatMap((r) => columns.map((c) => reminderKey(c.key, day, r._id))) },
      })
    ).map((m) => m._id),
  );
  const year = yearIn(now);
  return roster.map((r) => {
    const parents = families.filter((f) => f.rosterId === r._id).length;
    const claimed = r.claimStatus !== 'unclaimed' && !!r.claimedBy;
    const under14 = isUnder14(r, cls, year);
    const cells: Record<string, PupilStatus> = {};
    columns.forEach((c, i) => {
      cells[c.key] = states[i].get(r._id) ?? { state: 'none', label: '未参加' };
    });
    return {
      rosterId: r._id,
      name: r.name,
      studentNo: r.studentNo ?? null,
      claimStatus: r.claimStatus,
      under14,
      consent: !under14 || consented.has(r._id),
      parentsLinked: parents,
      /** Someone can receive a reminder: the pupil's own account or a linked parent. */
      reachable: claimed || parents > 0,
      cells,
      remindedToday: columns
        .filter((c) => remindedKeys.has(reminderKey(c.key, day, r._id)))
        .map((c) => c.key),
    };
  });
}

/**
 * The class overview: every pupil × every activity (pledge, family pledge, card, entries, quiz… whatever
 * is registered), with the class's figure per activity. Filter to the pupils who have not taken part in
 * one activity with `missing`. For the class's teachers and the admins above.
 */
export const classOverview = defineAction({
  title: '班级参与情况',
  input: z.object({ classId: s.id, missing: z.string().max(32).optional() }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, now }, { classId, missing }) {
    if (missing && !activityColumn(missing)) throw invalid(`没有「${missing}」这项活动`);
    const cls = await classFor(services.store, user, classId, 'view');
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    const rows = await classRows(services, cls, now);
    const columns = activityColumns().map((c) => {
      const done = rows.filter((r) => r.cells[c.key].state === 'done').length;
      return { key: c.key, title: c.title, done, rate: rate(done, rows.length) };
    });
    return {
      classId: cls._id,
      className: className(cls),
      schoolId: cls.schoolId,
      schoolName: school?.name ?? '',
      roster: rows.length,
      columns,
      pupils: missing ? rows.filter((r) => r.cells[missing].state !== 'done') : rows,
    };
  },
});

/** Latest rollup instant among counter documents. */
function latest(docs: Pick<CounterDoc, 'updatedAt'>[]): string | null {
  return docs.reduce<string | null>(
    (max, d) => (d.updatedAt && (!max || d.updatedAt > max) ? d.updatedAt : max),
    null,
  );
}

/**
 * A school's, district's or the city's overview: its own figure per activity and each unit under it
 * (classes, schools, districts) ranked by one activity's rate (`sortBy`, default the first column);
 * units with no roster yet come last. Reads the rolled-up counters and the children's names only:
 * O(rows shown), never O(pupils or events). Teachers may view their own school.
 */
export const unitOverview = defineAction({
  title: '参与情况汇总',
  input: z
    .object({
      level: z.enum(['city', 'district', 'school']),
      id: s.id.optional(),
      sortBy: z.string().max(32).optional(),
    })
    .strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user }, { level, id, sortBy }) {
    const campaign = await loadCampaign(services);
    const unit = await unitFor(services.store, user, level, id, 'view', campaign?.cityName ?? '全市');
    const key = sortBy ?? activityColumns()[0]?.key;
    if (key && !activityColumn(key)) throw invalid(`没有「${key}」这项活动`);
    let children: { id: string; name: string }[];
    let totals: CounterDoc[];
    let keyOf: (t: CounterDoc) => string | undefined;
    let childLevel: 'district' | 'school' | 'class';
    if (level === 'city') {
      childLevel = 'district';
      children = (await findAll<DistrictDoc>(services.store, C.districts, {})).map((d) => ({
        id: d._id,
        name: d.name,
      }));
      totals = await readTotals(services.store, 'district');
      keyOf = (t) => t.districtId;
    } else if (level === 'district') {
      childLevel = 'school';
      children = (await findAll<SchoolDoc>(services.store, C.schools, { districtId: unit.id })).map((x) => ({
        id: x._id,
        name: x.name,
      }));
      totals = await readTotals(services.store, 'school', { districtId: unit.id });
      keyOf = (t) => t.schoolId;
    } else {
      childLevel = 'class';
      children = (await findAll<ClassDoc>(services.store, C.classes, { schoolId: unit.id })).map((c) => ({
        id: c._id,
        name: className(c),
      }));
      totals = await readTotals(services.store, 'class', { schoolId: unit.id });
      keyOf = (t) => t.classId;
    }
    const byId = new Map(totals.map((t) => [keyOf(t), t]));
    const rows = children.map((c) => ({ id: c.id, name: c.name, ...figures(byId.get(c.id)?.m ?? {}) }));
    const score = (r: (typeof rows)[number]) => (key ? r.activities[key].rate : 0);
    rows.sort(
      (a, b) =>
        (b.roster > 0 ? 1 : 0) - (a.roster > 0 ? 1 : 0) ||
        score(b) - score(a) ||
        a.name.localeCompare(b.name, 'zh'),
    );
    const totalId = level === 'city' ? 'city' : level === 'district' ? `d:${unit.id}` : `s:${unit.id}`;
    const own = await services.store.get<CounterDoc>(C.counters, totalId);
    return {
      level,
      id: level === 'city' ? null : unit.id,
      name: unit.name,
      childLevel,
      columns: columnHeads(),
      sortBy: key ?? null,
      figures: figures(own?.m ?? (await readTotal(services.store, totalId))),
      rows: rows.map((r, i) => ({ ...r, rank: r.roster > 0 ? i + 1 : null })),
      updatedAt: latest([...totals, ...(own ? [own] : [])]),
    };
  },
});

/**
 * Remind the pupils of a class who have not taken part in one activity (their own account and their
 * linked parents): a subscribe message on WeChat, a record locally. At most one reminder per pupil,
 * activity and day; only in the phases the activity reminds in.
 */
export const remind = defineAction({
  title: '提醒参加活动',
  input: z
    .object({ classId: s.id, activity: z.string().max(32), rosterIds: z.array(s.id).max(80).optional() })
    .strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, openid, now }, { classId, activity, rosterIds }) {
    const column = activityColumn(activity);
    if (!column) throw invalid(`没有「${activity}」这项活动`);
    const cls = await classFor(services.store, user, classId);
    const campaign = await loadCampaign(services);
    const phase = campaign ? phaseAt(campaign, now) : null;
    const open = column.remindIn ?? ['implementation'];
    if (!phase || !(open as string[]).includes(phase))
      throw precondition('现在不是这项活动的开放时间，不能提醒');
    const rows = await classRows(services, cls, now);
    const only = rosterIds ? new Set(rosterIds) : null;
    const targets = rows.filter((r) => r.cells[activity].state !== 'done' && (!only || only.has(r.rosterId)));
    const day = dayIn(now);
    let reminded = 0;
    let already = 0;
    let unreachable = 0;
    for (const row of targets) {
      if (!row.reachable) {
        unreachable++;
        continue;
      }
      try {
        await services.store.insert(C.meta, {
          _id: reminderKey(activity, day, row.rosterId),
          ref: row.rosterId,
        });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        already++;
        continue;
      }
      const entry = await services.store.get<RosterDoc>(C.roster, row.rosterId);
      const parents = await findAll<FamilyDoc>(services.store, C.families, {
        rosterId: row.rosterId,
        status: 'active',
      });
      const recipients = new Set([
        ...(entry?.claimedBy ? [entry.claimedBy] : []),
        ...parents.map((p) => p.parentOpenid),
      ]);
      for (const to of recipients) {
        await services.notifier.remind(to, OVERVIEW_REMIND_TEMPLATE, {
          thing1: column.reminder.title,
          thing2: className(cls),
          thing3: column.reminder.action,
        });
      }
      reminded++;
    }
    if (reminded) await audit(services, openid, 'overview.remind', classId, { activity, reminded });
    return { reminded, already, unreachable };
  },
});

/** Rows one school export takes at most (a school of ~3,000 pupils fits; the rest is refused plainly). */
export const MAX_EXPORT_ROWS = 6000;

/**
 * Export a class or a school to .xlsx: a summary sheet (per class: roster, and done / rate per activity)
 * and a pupil sheet (every pupil × every activity, with names: for the class's teachers and the school's
 * staff only). Written to storage and answered with a temporary URL (core/exportFiles.ts), never through
 * the function's response.
 */
export const exportXlsx = defineAction({
  title: '导出参与情况',
  input: z.object({ level: z.enum(['class', 'school']), id: s.id }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, openid, now }, { level, id }) {
    const sheet = spreadsheetOf(services);
    const columns = activityColumns();
    let classes: ClassDoc[];
    let title: string;
    if (level === 'class') {
      const cls = await classFor(services.store, user, id);
      classes = [cls];
      const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
      title = `${school?.name ?? ''}${className(cls)}`;
    } else {
      const school = await schoolFor(services.store, user, id);
      classes = await findAll<ClassDoc>(services.store, C.classes, { schoolId: school._id });
      classes.sort((a, b) => a.stage.localeCompare(b.stage) || a.grade - b.grade || a.classNo - b.classNo);
      title = school.name;
    }
    const perClass = new Map<string, Awaited<ReturnType<typeof classRows>>>();
    await inBatches(classes, 4, async (cls) => {
      perClass.set(cls._id, await classRows(services, cls, now));
    });
    const total = [...perClass.values()].reduce((n, r) => n + r.length, 0);
    if (total > MAX_EXPORT_ROWS) throw precondition(`人数太多（${total} 人），请按班级分别导出`);
    const summary = classes.map((cls) => {
      const rows = perClass.get(cls._id) ?? [];
      return [
        className(cls),
        rows.length,
        ...columns.flatMap((c) => {
          const done = rows.filter((r) => r.cells[c.key].state === 'done').length;
          return [done, rate(done, rows.length)];
        }),
      ];
    });
    const pupils = classes.flatMap((cls) =>
      (perClass.get(cls._id) ?? []).map((r) => [
        className(cls),
        r.name,
        r.studentNo,
        r.claimStatus === 'unclaimed' ? '未加入' : r.claimStatus === 'claimed' ? '待确认' : '已加入',
        ...columns.map((c) => r.cells[c.key].label),
      ]),
    );
    const bytes = await sheet.write([
      {
        name: '汇总',
        columns: [
          { header: '班级', width: 18 },
          { header: '名单人数', width: 10 },
          ...columns.flatMap((c) => [
            { header: `${c.title}人数`, width: 10 },
            { header: `${c.title}%`, width: 9 },
          ]),
        ],
        rows: summary,
      },
      {
        name: '学生名单',
        columns: [
          { header: '班级', width: 18 },
          { header: '姓名', width: 12 },
          { header: '学号', width: 12 },
          { header: '账号', width: 8 },
          ...columns.map((c) => ({ header: c.title, width: 12 })),
        ],
        rows: pupils,
      },
    ]);
    const file = await storeExport(services, openid, 'xlsx', `${level}:${id}`, bytes, now);
    await audit(services, openid, 'overview.export', id, { level, rows: total });
    return {
      fileName: `${title}-参与情况-${dayIn(now)}.xlsx`,
      url: file.url,
      rows: total,
      expiresAt: file.expiresAt,
    };
  },
});

/**
 * Rebuild the counters of a school, a district or the city from the source records of every activity
 * (repairs drift), then roll them up. O(classes × metrics) count queries: an admin's repair button.
 */
export const recount = defineAction({
  title: '重新核对数据',
  input: z.object({ level: z.enum(['city', 'district', 'school']), id: s.id.optional() }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, openid, now }, { level, id }) {
    const unit = await unitFor(services.store, user, level, id, 'manage');
    const filter =
      level === 'city' ? {} : level === 'district' ? { districtId: unit.id } : { schoolId: unit.id };
    const classes = await findAll<ClassDoc>(services.store, C.classes, filter);
    const report = await recountClasses(
      services.store,
      classes.map((c) => ({ classId: c._id, schoolId: c.schoolId, districtId: c.districtId })),
      now,
    );
    await audit(services, openid, 'overview.recount', unit.id, { level, classes: classes.length });
    return { ...report, recountedClasses: classes.length };
  },
});

/** overview: participation in every activity, by pupil (class) and by unit (school, district, city). */
export const overviewActions = {
  classOverview,
  unitOverview,
  remind,
  exportXlsx,
  recount,
} satisfies ActionMap;
