import ExcelJS from 'exceljs';
import { C } from '../../../collections';
import { rollup, SHARDS } from '../../../stats';
import { scheduledTick } from '../../../maintenance';
import {
  DEMO_CLASS,
  DEMO_DISTRICT,
  DEMO_SCHOOL,
  DEMO_USERS,
  pledgeHarness,
  seedBigClass,
  typedSign,
  upload,
} from './kit';

const TEACHER = DEMO_USERS.teacher;

describe('pledge participation views', () => {
  it('ranks classes, schools and districts by rate from the rolled-up counters', async () => {
    const h = await pledgeHarness();
    const big = await seedBigClass(h, 'class-big-10', 10);
    const key = (await h.ok(big.students[0].openid, 'pledge', 'getText', {})).letter.key;
    for (const s of big.students.slice(0, 9)) {
      await h.ok(s.openid, 'pledge', 'sign', {
        promise: true,
        textKey: key,
        signature: { method: 'typed', typedName: s.name },
      });
    }
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    await rollup(h.store, h.clock.now());
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'dashboard', {
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.figures).toMatchObject({ roster: 18, signed: 10, rate: 55.6 });
    expect(school.rows.map((r) => [r.rank, r.id, r.signed, r.roster, r.rate])).toEqual([
      [1, 'class-big-10', 9, 10, 90],
      [2, DEMO_CLASS, 1, 8, 12.5],
    ]);
    const district = await h.ok(DEMO_USERS.districtAdmin, 'pledge', 'dashboard', {
      level: 'district',
      id: DEMO_DISTRICT,
    });
    expect(district.rows[0]).toMatchObject({ id: DEMO_SCHOOL, signed: 10, roster: 18, rank: 1 });
    expect(district.rows.map((r) => r.id)).toContain('school-xinghe');
    const city = await h.ok(DEMO_USERS.cityAdmin, 'pledge', 'dashboard', { level: 'city' });
    expect(city.figures).toMatchObject({ signed: 10, roster: 24 });
    expect(city.rows[0]).toMatchObject({ id: DEMO_DISTRICT, name: '华龙区', signed: 10 });
    expect(city.rows).toHaveLength(7);
    expect(city.updatedAt).toBe(h.clock.now().toISOString());
  });

  it('checks the viewer’s scope', async () => {
    const h = await pledgeHarness();
    await h.rejects(DEMO_USERS.schoolAdmin, 'pledge', 'dashboard', { level: 'city' }, 'PERMISSION_DENIED');
    await h.rejects(
      DEMO_USERS.schoolAdmin,
      'pledge',
      'dashboard',
      { level: 'school', id: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'pledge',
      'dashboard',
      { level: 'district', id: 'district-2' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'dashboard',
      { level: 'school', id: DEMO_SCHOOL },
      'PERMISSION_DENIED',
    );
    await h.rejects(TEACHER, 'pledge', 'classView', { classId: 'class-xinghe-7-1' }, 'PERMISSION_DENIED');
    await h.rejects(DEMO_USERS.student, 'pledge', 'classView', { classId: DEMO_CLASS }, 'PERMISSION_DENIED');
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'pledge',
      'dashboard',
      { level: 'district' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(DEMO_USERS.cityAdmin, 'pledge', 'dashboard', { level: 'nation' }, 'INVALID_ARGUMENT');
    await h.rejects(DEMO_USERS.schoolAdmin, 'pledge', 'recountNow', { level: 'city' }, 'PERMISSION_DENIED');
  });

  it('recount repairs a deliberately corrupted counter', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    await rollup(h.store, h.clock.now());
    // Corrupt: a shard claims 999 pledges and another shard vanishes.
    const shards = await h.store.find<{ _id: string }>(C.counters, { level: 'shard', classId: DEMO_CLASS });
    await h.store.update(C.counters, shards[0]._id, { $set: { 'm.pledgeOnline': 999 } });
    await h.store.upsert(
      C.counters,
      `c:${DEMO_CLASS}:${SHARDS - 1}`,
      { $set: { 'm.roster': -5 } },
      { level: 'shard', classId: DEMO_CLASS, schoolId: DEMO_SCHOOL, districtId: DEMO_DISTRICT, m: {} },
    );
    await rollup(h.store, h.clock.now());
    const wrong = await h.ok(DEMO_USERS.cityAdmin, 'pledge', 'dashboard', { level: 'city' });
    expect(wrong.figures.online).toBeGreaterThan(1);
    const report = await h.ok(DEMO_USERS.cityAdmin, 'pledge', 'recountNow', { level: 'city' });
    expect(report.recountedClasses).toBe(2);
    const fixed = await h.ok(DEMO_USERS.cityAdmin, 'pledge', 'dashboard', { level: 'city' });
    expect(fixed.figures).toMatchObject({ online: 1, roster: 14, signed: 1 });
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'dashboard', {
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.rows[0]).toMatchObject({ id: DEMO_CLASS, online: 1, roster: 8 });
  });

  it('the scheduled tick rolls up by day and recounts at night', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    await h.store.upsert(C.counters, `c:${DEMO_CLASS}:0`, { $inc: { 'm.pledgeOnline': 40 } });
    const day = await scheduledTick(h.services, h.clock.now());
    expect(day.recounted).toBe(0);
    expect(
      (await h.get<{ _id: string; m: Record<string, number> }>(C.counters, 'city'))?.m.pledgeOnline,
    ).toBe(41);
    h.clock.set('2026-06-15T18:30:00.000Z'); // 02:30 Beijing
    const night = await scheduledTick(h.services, h.clock.now(), 1);
    expect(night.recounted).toBe(1);
    await scheduledTick(h.services, h.clock.now(), 1);
    expect(
      (await h.get<{ _id: string; m: Record<string, number> }>(C.counters, 'city'))?.m.pledgeOnline,
    ).toBe(1);
  });

  it('reminds unsigned students (and their parents) at most once a day', async () => {
    const h = await pledgeHarness();
    const first = await h.ok(TEACHER, 'pledge', 'remind', { classId: DEMO_CLASS });
    // Only 王小雨 has an account (and a linked parent); the others cannot be reached yet.
    expect(first).toEqual({ reminded: 1, already: 0, unreachable: 7 });
    const sent = await h.store.find<{ _id: string; openid: string; template: string }>(C.reminders, {});
    expect(sent.map((r) => r.openid).sort()).toEqual([DEMO_USERS.parent, DEMO_USERS.student]);
    expect(sent.every((r) => r.template === 'pledge_remind')).toBe(true);
    expect(await h.ok(TEACHER, 'pledge', 'remind', { classId: DEMO_CLASS })).toEqual({
      reminded: 0,
      already: 1,
      unreachable: 7,
    });
    const view = await h.ok(TEACHER, 'pledge', 'classView', { classId: DEMO_CLASS });
    expect(view.students[0]).toMatchObject({ name: '王小雨', remindedToday: true, reachable: true });
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    h.clock.advanceDays(1);
    expect((await h.ok(TEACHER, 'pledge', 'remind', { classId: DEMO_CLASS })).reminded).toBe(0);
    await h.rejects(TEACHER, 'pledge', 'remind', { classId: 'class-xinghe-7-1' }, 'PERMISSION_DENIED');
  });

  it('exports a class and a school list to .xlsx', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    const photoFileId = await upload(h, TEACHER, 2048, 'image/png', 'paperSheet');
    await h.ok(TEACHER, 'pledge', 'recordPaper', {
      classId: DEMO_CLASS,
      rosterIds: ['class-lvyin-3-2-r2'],
      photoFileId,
    });
    const cls = await h.ok(TEACHER, 'pledge', 'exportXlsx', { level: 'class', id: DEMO_CLASS });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(cls.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('学生名单')!;
    expect(sheet.rowCount).toBe(9);
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['王小雨', '手机签名']));
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['李晨阳', '纸质签名']));
    expect(wb.getWorksheet('汇总')!.getRow(2).getCell(5).value).toBe(2);
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'exportXlsx', {
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.fileName).toMatch(/^华龙区绿茵小学-签名情况-2026-06-15\.xlsx$/);
    expect(school.rows).toBe(8);
    await h.rejects(
      TEACHER,
      'pledge',
      'exportXlsx',
      { level: 'school', id: DEMO_SCHOOL },
      'PERMISSION_DENIED',
    );
  });

  it('home tells each role where to go', async () => {
    const h = await pledgeHarness();
    expect(await h.ok(TEACHER, 'pledge', 'home', {})).toMatchObject({
      signingOpen: true,
      classes: [{ classId: DEMO_CLASS, name: '小学三年级2班' }],
    });
    expect(await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'home', {})).toMatchObject({
      schools: [{ schoolId: DEMO_SCHOOL }],
    });
    expect(await h.ok(DEMO_USERS.student, 'pledge', 'home', {})).toMatchObject({
      isStudent: true,
      isParent: false,
    });
  });
});
