import ExcelJS from 'exceljs';
import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { denied, invalid } from '../../errors';
import type { ClassDoc, DistrictDoc, FamilyDoc, RosterDoc, SchoolDoc, UserDoc } from '../../model';
import { className } from '../../org';
import { isUnder14 } from '../../privacy';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { classFor, isCityAdmin, managesDistrict, schoolFor } from '../../permissions';
import type { Services } from '../../services';
import { type ClassUnit, type CounterDoc, readTotal, readTotals, recount } from '../../stats';
import { DuplicateKeyError, findAll, mustGet } from '../../store';
import { dayIn, yearIn } from '../../time';
import { consentedRosterIds } from '../identity/family';
import { classUnitOf, type FamilyPledgeDoc, mustCampaign, PLEDGE_PHASES, type PledgeDoc } from './common';
import { figuresOf, METRIC, type PledgeFigures } from './metrics';

/** Reminder template name (mapped to a subscribe-message template on CloudBase). */
export const REMIND_TEMPLATE = 'pledge_remind';

/** One student's line in the class view. */
export interface StudentRow {
  rosterId: string;
  name: string;
  studentNo?: string;
  status: 'online' | 'paper' | 'none';
  signedAt: string | null;
  inCeremony: boolean;
  parentSigned: boolean;
  parentsLinked: number;
  claimed: boolean;
  under14: boolean;
  consent: boolean;
  /** Someone can receive a reminder (the student's own account or a linked parent). */
  reachable: boolean;
  remindedToday: boolean;
}

/** Meta key that marks one reminder per student per day. */
function remindKey(day: string, rosterId: string): string {
  return `remind:pledge:${day}:${rosterId}`;
}

/** Every student of a class with their pledge state, read from the source (O(class size)). */
async function classRows(services: Services, cls: ClassDoc, now: Date): Promise<StudentRow[]> {
  const [roster, pledges, familyPledges, families] = await Promise.all([
    findAll<RosterDoc>(services.store, C.roster, { classId: cls._id }, { createdAt: 1 }),
    findAll<PledgeDoc>(services.store, C.pledges, { classId: cls._id }),
    findAll<FamilyPledgeDoc>(services.store, C.familyPledges, { classId: cls._id }),
    findAll<FamilyDoc>(services.store, C.families, { classId: cls._id, status: 'active' }),
  ]);
  const day = dayIn(now);
  const year = yearIn(now);
  const pledgeOf = new Map(pledges.map((p) => [p.rosterId, p]));
  const familySigned = new Set(familyPledges.map((f) => f.rosterId));
  const consented = await consentedRosterIds(
    services,
    roster.map((r) => r._id),
  );
  const reminded = new Set(
    (
      await findAll<{ _id: string; ref: string }>(services.store, C.meta, {
        _id: { $in: roster.map((r) => remindKey(day, r._id)) },
      })
    ).map((m) => m.ref),
  );
  return roster.map((r) => {
    const p = pledgeOf.get(r._id);
    const parentsLinked = families.filter((f) => f.rosterId === r._id).length;
    const claimed = r.claimStatus !== 'unclaimed' && !!r.claimedBy;
    const under14 = isUnder14(r, cls, year);
    return {
      rosterId: r._id,
      name: r.name,
      studentNo: r.studentNo,
      status: p?.kind ?? 'none',
      signedAt: p?.signedAt ?? null,
      inCeremony: !!p?.ceremonyId,
      parentSigned: familySigned.has(r._id),
      parentsLinked,
      claimed,
      under14,
      consent: !under14 || consented.has(r._id),
      reachable: claimed || parentsLinked > 0,
      remindedToday: reminded.has(r._id),
    };
  });
}

/** Figures of a list of student rows (exact, from the source). */
function figuresOfRows(rows: StudentRow[]): PledgeFigures {
  return figuresOf({
    roster: rows.length,
    [METRIC.online]: rows.filter((r) => r.status === 'online').length,
    [METRIC.paper]: rows.filter((r) => r.status === 'paper').length,
    [METRIC.family]: rows.filter((r) => r.parentSigned).length,
  });
}

/** The teacher's class view: each roster student signed online / on paper / not yet / parent signed. */
export const classView = defineAction({
  title: '班级签名情况',
  input: z.object({ classId: s.id }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, now }, { classId }) {
    const cls = await classFor(services.store, user, classId);
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    const students = await classRows(services, cls, now);
    return {
      classId: cls._id,
      className: className(cls),
      schoolName: school?.name ?? '',
      schoolId: cls.schoolId,
      figures: figuresOfRows(students),
      students,
    };
  },
});

/** One ranked row of a dashboard. */
export interface DashboardRow extends PledgeFigures {
  id: string;
  name: string;
  rank: number;
}

/** Rank rows by pledge rate, then by signed count, then by name; units with no roster yet come last. */
function ranked(rows: Omit<DashboardRow, 'rank'>[]): DashboardRow[] {
  const hasRoster = (r: Omit<DashboardRow, 'rank'>) => (r.roster > 0 ? 1 : 0);
  const sorted = [...rows].sort(
    (a, b) =>
      hasRoster(b) - hasRoster(a) ||
      b.rate - a.rate ||
      b.signed - a.signed ||
      a.name.localeCompare(b.name, 'zh'),
  );
  return sorted.map((r, i) => ({ ...r, rank: i + 1 }));
}

/** Latest rollup instant among counter documents. */
function latest(docs: Pick<CounterDoc, 'updatedAt'>[]): string | null {
  return docs.reduce<string | null>(
    (max, d) => (d.updatedAt && (!max || d.updatedAt > max) ? d.updatedAt : max),
    null,
  );
}

/** Scope check and children of one dashboard unit. */
async function dashboardUnit(
  services: Services,
  user: UserDoc,
  level: 'city' | 'district' | 'school',
  id?: string,
) {
  if (level === 'city') {
    if (!isCityAdmin(user)) throw denied('只有市级管理员可以查看全市情况');
    const campaign = await mustCampaign(services);
    const districts = await findAll<DistrictDoc>(services.store, C.districts, {});
    return {
      name: campaign.cityName,
      totalId: 'city',
      childLevel: 'district' as const,
      children: districts.map((d) => ({ id: d._id, name: d.name })),
      totals: await readTotals(services.store, 'district'),
      keyOf: (t: CounterDoc) => t.districtId,
    };
  }
  if (!id) throw invalid('请指定县区或学校');
  if (level === 'district') {
    const district = await mustGet<DistrictDoc>(services.store, C.districts, id, '县区');
    if (!managesDistrict(user, id)) throw denied('你不是这个县区的管理员');
    const schools = await findAll<SchoolDoc>(services.store, C.schools, { districtId: id });
    return {
      name: district.name,
      totalId: `d:${id}`,
      childLevel: 'school' as const,
      children: schools.map((x) => ({ id: x._id, name: x.name })),
      totals: await readTotals(services.store, 'school', { districtId: id }),
      keyOf: (t: CounterDoc) => t.schoolId,
    };
  }
  const school = await schoolFor(services.store, user, id);
  const classes = await findAll<ClassDoc>(services.store, C.classes, { schoolId: id });
  return {
    name: school.name,
    totalId: `s:${id}`,
    childLevel: 'class' as const,
    children: classes.map((c) => ({ id: c._id, name: className(c) })),
    totals: await readTotals(services.store, 'class', { schoolId: id }),
    keyOf: (t: CounterDoc) => t.classId,
  };
}

/**
 * School, district or city participation: the unit's own totals and its children ranked by pledge rate.
 * Reads the rolled-up counters and the children's names only: O(rows shown), never O(pledges).
 */
export const dashboard = defineAction({
  title: '参与情况',
  input: z.object({ level: z.enum(['city', 'district', 'school']), id: s.id.optional() }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user }, { level, id }) {
    const unit = await dashboardUnit(services, user, level, id);
    const byId = new Map(unit.totals.map((t) => [unit.keyOf(t), t]));
    const rows = ranked(
      unit.children.map((c) => ({ id: c.id, name: c.name, ...figuresOf(byId.get(c.id)?.m ?? {}) })),
    );
    const own = await services.store.get<CounterDoc>(C.counters, unit.totalId);
    return {
      level,
      id: id ?? null,
      name: unit.name,
      childLevel: unit.childLevel,
      figures: figuresOf(own?.m ?? (await readTotal(services.store, unit.totalId))),
      rows,
      updatedAt: latest([...unit.totals, ...(own ? [own] : [])]),
    };
  },
});

/**
 * Remind students who have not signed (their own account and their linked parents): a subscribe message
 * on WeChat, a record in local mode. At most one reminder per student per day.
 */
export const remind = defineAction({
  title: '提醒签名',
  input: z.object({ classId: s.id, rosterIds: z.array(s.id).max(80).optional() }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  phases: PLEDGE_PHASES,
  async handler({ services, user, openid, now }, { classId, rosterIds }) {
    const cls = await classFor(services.store, user, classId);
    const rows = await classRows(services, cls, now);
    const only = rosterIds ? new Set(rosterIds) : null;
    const targets = rows.filter((r) => r.status === 'none' && (!only || only.has(r.rosterId)));
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
        await services.store.insert(C.meta, { _id: remindKey(day, row.rosterId), ref: row.rosterId });
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
        await services.notifier.remind(to, REMIND_TEMPLATE, {
          thing1: '文明上网 签名承诺',
          thing2: className(cls),
          thing3: '请打开小程序，读完公约后签名',
        });
      }
      reminded++;
    }
    if (reminded) await audit(services, openid, 'pledge.remind', classId, { reminded });
    return { reminded, already, unreachable };
  },
});

const STATUS_LABEL: Record<StudentRow['status'], string> = {
  online: '手机签名',
  paper: '纸质签名',
  none: '未签名',
};

/** Add a student sheet to a workbook. */
function studentSheet(
  wb: ExcelJS.Workbook,
  title: string,
  rows: (StudentRow & { className?: string })[],
  withClass: boolean,
) {
  const ws = wb.addWorksheet(title);
  ws.columns = [
    { header: '序号', key: 'no', width: 6 },
    ...(withClass ? [{ header: '班级', key: 'className', width: 16 }] : []),
    { header: '姓名', key: 'name', width: 12 },
    { header: '学号', key: 'studentNo', width: 12 },
    { header: '签名情况', key: 'status', width: 12 },
    { header: '签名时间', key: 'signedAt', width: 20 },
    { header: '升旗仪式', key: 'ceremony', width: 10 },
    { header: '家庭承诺', key: 'family', width: 10 },
  ];
  rows.forEach((r, i) =>
    ws.addRow({
      no: i + 1,
      className: r.className ?? '',
      name: r.name,
      studentNo: r.studentNo ?? '',
      status: STATUS_LABEL[r.status],
      signedAt: r.signedAt
        ? new Date(r.signedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })
        : '',
      ceremony: r.inCeremony ? '是' : '',
      family: r.parentSigned ? '已签' : '未签',
    }),
  );
  ws.getRow(1).font = { bold: true };
}

/** Add a summary sheet of figure rows. */
function summarySheet(wb: ExcelJS.Workbook, title: string, rows: ({ name: string } & PledgeFigures)[]) {
  const ws = wb.addWorksheet(title);
  ws.columns = [
    { header: '名称', key: 'name', width: 22 },
    { header: '名单人数', key: 'roster', width: 10 },
    { header: '手机签名', key: 'online', width: 10 },
    { header: '纸质签名', key: 'paper', width: 10 },
    { header: '已签合计', key: 'signed', width: 10 },
    { header: '签名率%', key: 'rate', width: 10 },
    { header: '家庭承诺', key: 'family', width: 10 },
    { header: '家庭承诺签署率%', key: 'familyRate', width: 12 },
  ];
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
}

/** Export a class or school list to .xlsx (answered as base64; exact figures read from the source). */
export const exportXlsx = defineAction({
  title: '导出签名名单',
  input: z.object({ level: z.enum(['class', 'school']), id: s.id }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, openid, now }, { level, id }) {
    const wb = new ExcelJS.Workbook();
    wb.creator = '校园好网民';
    wb.created = now;
    let fileName: string;
    let count: number;
    if (level === 'class') {
      const cls = await classFor(services.store, user, id);
      const rows = await classRows(services, cls, now);
      summarySheet(wb, '汇总', [{ name: className(cls), ...figuresOfRows(rows) }]);
      studentSheet(wb, '学生名单', rows, false);
      fileName = `${className(cls)}-签名情况-${dayIn(now)}.xlsx`;
      count = rows.length;
    } else {
      const school = await schoolFor(services.store, user, id);
      const classes = await findAll<ClassDoc>(services.store, C.classes, { schoolId: id });
      classes.sort((a, b) => a.stage.localeCompare(b.stage) || a.grade - b.grade || a.classNo - b.classNo);
      const all: (StudentRow & { className: string })[] = [];
      const summary: ({ name: string } & PledgeFigures)[] = [];
      for (const cls of classes) {
        const rows = await classRows(services, cls, now);
        summary.push({ name: className(cls), ...figuresOfRows(rows) });
        all.push(...rows.map((r) => ({ ...r, className: className(cls) })));
      }
      summary.push({ name: `${school.name}（合计）`, ...figuresOfRows(all) });
      summarySheet(wb, '班级汇总', summary);
      studentSheet(wb, '学生名单', all, true);
      fileName = `${school.name}-签名情况-${dayIn(now)}.xlsx`;
      count = all.length;
    }
    const buffer = await wb.xlsx.writeBuffer();
    await audit(services, openid, 'pledge.export', id, { level, rows: count });
    return {
      fileName,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: Buffer.from(buffer as ArrayBuffer).toString('base64'),
      rows: count,
    };
  },
});

/** Classes in a recount scope the caller manages. */
async function recountUnits(
  services: Services,
  user: UserDoc,
  level: 'city' | 'district' | 'school',
  id?: string,
): Promise<ClassUnit[]> {
  let filter: Record<string, string> = {};
  if (level === 'city') {
    if (!isCityAdmin(user)) throw denied('只有市级管理员可以核对全市数据');
  } else if (!id) {
    throw invalid('请指定县区或学校');
  } else if (level === 'district') {
    if (!managesDistrict(user, id)) throw denied('你不是这个县区的管理员');
    filter = { districtId: id };
  } else {
    await schoolFor(services.store, user, id);
    filter = { schoolId: id };
  }
  const classes = await findAll<ClassDoc>(services.store, C.classes, filter);
  return classes.map(classUnitOf);
}

/** Rebuild the counters of a school, district or the city from the source records (repairs drift), then roll up. */
export const recountNow = defineAction({
  title: '重新核对数据',
  input: z.object({ level: z.enum(['city', 'district', 'school']), id: s.id.optional() }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, openid, now }, { level, id }) {
    const units = await recountUnits(services, user, level, id);
    const report = await recount(services.store, units, now);
    await audit(services, openid, 'pledge.recount', id ?? 'city', { level, classes: units.length });
    return { ...report, recountedClasses: units.length };
  },
});
