import { C } from '../../../collections';
import { scheduledTick } from '../../../maintenance';
import { rollup, SHARDS } from '../../../stats';
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

describe('pledge participation (read through the overview)', () => {
  it('ranks classes, schools and districts by pledge rate from the rolled-up counters', async () => {
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
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'overview', 'unitOverview', {
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.figures.roster).toBe(18);
    expect(school.figures.activities.pledge).toEqual({ done: 10, rate: 55.6 });
    expect(school.rows.map((r) => [r.rank, r.id, r.activities.pledge.done, r.roster])).toEqual([
      [1, 'class-big-10', 9, 10],
      [2, DEMO_CLASS, 1, 8],
    ]);
    const district = await h.ok(DEMO_USERS.districtAdmin, 'overview', 'unitOverview', {
      level: 'district',
      id: DEMO_DISTRICT,
    });
    expect(district.rows[0]).toMatchObject({ id: DEMO_SCHOOL, roster: 18, rank: 1 });
    expect(district.rows.map((r) => r.id)).toContain('school-xinghe');
    const city = await h.ok(DEMO_USERS.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    expect(city.figures.activities.pledge.done).toBe(10);
    expect(city.figures.roster).toBe(24);
    expect(city.rows[0]).toMatchObject({ id: DEMO_DISTRICT, name: '华龙区' });
    expect(city.rows).toHaveLength(7);
  });

  it('the class view checks the viewer’s scope', async () => {
    const h = await pledgeHarness();
    await h.rejects(TEACHER, 'pledge', 'classView', { classId: 'class-xinghe-7-1' }, 'PERMISSION_DENIED');
    await h.rejects(DEMO_USERS.student, 'pledge', 'classView', { classId: DEMO_CLASS }, 'PERMISSION_DENIED');
    await h.rejects(DEMO_USERS.schoolAdmin, 'overview', 'recount', { level: 'city' }, 'PERMISSION_DENIED');
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
    const wrong = await h.ok(DEMO_USERS.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    expect(wrong.figures.activities.pledge.done).toBeGreaterThan(1);
    const report = await h.ok(DEMO_USERS.cityAdmin, 'overview', 'recount', { level: 'city' });
    expect(report.recountedClasses).toBe(2);
    const fixed = await h.ok(DEMO_USERS.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    expect(fixed.figures.roster).toBe(14);
    expect(fixed.figures.activities.pledge.done).toBe(1);
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'overview', 'unitOverview', {
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.rows[0]).toMatchObject({ id: DEMO_CLASS, roster: 8 });
    expect(school.rows[0].activities.pledge.done).toBe(1);
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

  it('the class view shows who was reminded about the pledge today (overview.remind)', async () => {
    const h = await pledgeHarness();
    const before = await h.ok(TEACHER, 'pledge', 'classView', { classId: DEMO_CLASS });
    expect(before.students[0]).toMatchObject({ name: '王小雨', remindedToday: false, reachable: true });
    await h.ok(TEACHER, 'overview', 'remind', { classId: DEMO_CLASS, activity: 'card' });
    const other = await h.ok(TEACHER, 'pledge', 'classView', { classId: DEMO_CLASS });
    expect(other.students[0].remindedToday).toBe(false);
    expect(await h.ok(TEACHER, 'overview', 'remind', { classId: DEMO_CLASS, activity: 'pledge' })).toEqual({
      reminded: 1,
      already: 0,
      unreachable: 7,
    });
    const view = await h.ok(TEACHER, 'pledge', 'classView', { classId: DEMO_CLASS });
    expect(view.students[0]).toMatchObject({ name: '王小雨', remindedToday: true });
    expect(view.students.filter((s) => s.remindedToday)).toHaveLength(1);
  });

  it('exports a class and a school list to .xlsx, with paper and online pledges told apart', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    const photoFileId = await upload(h, TEACHER, 2048, 'image/png', 'paperSheet');
    await h.ok(TEACHER, 'pledge', 'recordPaper', {
      classId: DEMO_CLASS,
      rosterIds: ['class-lvyin-3-2-r2'],
      photoFileId,
    });
    const cls = await h.ok(TEACHER, 'overview', 'exportXlsx', { level: 'class', id: DEMO_CLASS });
    expect(cls.fileName).toBe('华龙区绿茵小学小学三年级2班-参与情况-2026-06-15.xlsx');
    expect(cls.rows).toBe(8);
    const bytes = await h.download(cls.url);
    const pupils = await h.services.spreadsheet!.readRows(bytes, undefined, '学生名单');
    expect(pupils).toHaveLength(9);
    const pledgeCol = pupils[0].indexOf('承诺');
    expect(pledgeCol).toBeGreaterThan(0);
    expect(pupils.find((r) => r[1] === '王小雨')![pledgeCol]).toBe('手机签名');
    expect(pupils.find((r) => r[1] === '李晨阳')![pledgeCol]).toBe('纸质签名');
    const summary = await h.services.spreadsheet!.readRows(bytes, undefined, '汇总');
    expect(summary[1][summary[0].indexOf('承诺人数')]).toBe('2');
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'overview', 'exportXlsx', {
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.fileName).toBe('华龙区绿茵小学-参与情况-2026-06-15.xlsx');
    expect(school.rows).toBe(8);
    expect(await h.store.count(C.exportFiles, {})).toBe(2);
    await h.rejects(
      TEACHER,
      'overview',
      'exportXlsx',
      { level: 'school', id: DEMO_SCHOOL },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.parent,
      'overview',
      'exportXlsx',
      { level: 'class', id: DEMO_CLASS },
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
