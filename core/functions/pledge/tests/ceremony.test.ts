import { C } from '../../../collections';
import type { PledgeDoc } from '../common';
import {
  DEMO_CLASS,
  DEMO_ROSTER_ID,
  DEMO_SCHOOL,
  DEMO_USERS,
  pledgeHarness,
  seedBigClass,
  typedSign,
} from './kit';

const TEACHER = DEMO_USERS.teacher;

describe('pledge ceremonies (升旗仪式宣誓)', () => {
  it('a student signs inside the window; the big screen shows the count and the share of the roster', async () => {
    const h = await pledgeHarness();
    const opened = await h.ok(TEACHER, 'pledge', 'openCeremony', {
      level: 'class',
      classId: DEMO_CLASS,
      minutes: 15,
    });
    expect(opened.rosterSize).toBe(8);
    const info = await h.ok(DEMO_USERS.student, 'pledge', 'ceremonyInfo', {
      ceremonyId: opened.ceremonyId.toLowerCase(),
    });
    expect(info).toMatchObject({ state: 'open', inScope: true });
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h, { ceremonyId: opened.ceremonyId }));
    const live = await h.ok(TEACHER, 'pledge', 'ceremonyLive', { ceremonyId: opened.ceremonyId });
    expect(live).toMatchObject({ count: 1, rosterSize: 8, rate: 12.5, state: 'open', secondsLeft: 900 });
    // Scanning again counts nothing more.
    await h.unchanged(async () =>
      h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h, { ceremonyId: opened.ceremonyId })),
    );
    const list = await h.ok(TEACHER, 'pledge', 'listCeremonies', { classId: DEMO_CLASS });
    expect(list.map((c) => c.ceremonyId)).toEqual([opened.ceremonyId]);
  });

  it('a student who signed before joins a ceremony once', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    const { ceremonyId } = await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'openCeremony', {
      level: 'school',
      schoolId: DEMO_SCHOOL,
      minutes: 30,
    });
    const res = await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h, { ceremonyId }));
    expect(res.alreadySigned).toBe(true);
    await h.ok(DEMO_USERS.student, 'pledge', 'joinCeremony', { ceremonyId });
    expect((await h.get<PledgeDoc>(C.pledges, `2026:${DEMO_ROSTER_ID}`))?.ceremonyId).toBe(ceremonyId);
    expect((await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'ceremonyLive', { ceremonyId })).count).toBe(1);
  });

  it('joinCeremony needs a pledge first and an open ceremony', async () => {
    const h = await pledgeHarness();
    const { ceremonyId } = await h.ok(TEACHER, 'pledge', 'openCeremony', {
      level: 'class',
      classId: DEMO_CLASS,
      minutes: 10,
    });
    await h.rejects(DEMO_USERS.student, 'pledge', 'joinCeremony', { ceremonyId }, 'FAILED_PRECONDITION');
    await h.rejects(TEACHER, 'pledge', 'joinCeremony', { ceremonyId }, 'PERMISSION_DENIED');
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    await h.ok(TEACHER, 'pledge', 'closeCeremony', { ceremonyId });
    await h.rejects(DEMO_USERS.student, 'pledge', 'joinCeremony', { ceremonyId }, 'FAILED_PRECONDITION');
  });

  it('counts exactly when a whole class signs at once', async () => {
    const h = await pledgeHarness();
    const { classId, students } = await seedBigClass(h, 'class-ceremony-60', 60);
    const { ceremonyId } = await h.ok(TEACHER, 'pledge', 'openCeremony', {
      level: 'class',
      classId,
      minutes: 10,
    });
    const key = (await h.ok(students[0].openid, 'pledge', 'getText', {})).letter.key;
    await Promise.all(
      students.flatMap((s) =>
        [1, 2].map(() =>
          h.ok(s.openid, 'pledge', 'sign', {
            promise: true,
            textKey: key,
            ceremonyId,
            signature: { method: 'typed', typedName: s.name },
          }),
        ),
      ),
    );
    expect(await h.ok(TEACHER, 'pledge', 'ceremonyLive', { ceremonyId })).toMatchObject({
      count: 60,
      rosterSize: 60,
      rate: 100,
    });
  });

  it('refuses signing before, after, or outside the ceremony’s scope, and closes early', async () => {
    const h = await pledgeHarness();
    const later = new Date(h.clock.now().getTime() + 3600_000).toISOString();
    const upcoming = await h.ok(TEACHER, 'pledge', 'openCeremony', {
      level: 'class',
      classId: DEMO_CLASS,
      minutes: 10,
      startsAt: later,
    });
    let err = await h.rejects(
      DEMO_USERS.student,
      'pledge',
      'sign',
      await typedSign(h, { ceremonyId: upcoming.ceremonyId }),
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('还没有开始');
    // No roster in that grade: nothing to hold a ceremony for.
    await h.rejects(
      DEMO_USERS.schoolAdmin,
      'pledge',
      'openCeremony',
      { level: 'grade', schoolId: DEMO_SCHOOL, stage: 'primary', grade: 5, minutes: 10 },
      'FAILED_PRECONDITION',
    );
    const { classId } = await seedBigClass(h, 'class-other', 3);
    const elsewhere = await h.ok(TEACHER, 'pledge', 'openCeremony', { level: 'class', classId, minutes: 10 });
    err = await h.rejects(
      DEMO_USERS.student,
      'pledge',
      'sign',
      await typedSign(h, { ceremonyId: elsewhere.ceremonyId }),
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('不是你们班级');
    const now = await h.ok(TEACHER, 'pledge', 'openCeremony', {
      level: 'class',
      classId: DEMO_CLASS,
      minutes: 10,
    });
    await h.ok(TEACHER, 'pledge', 'closeCeremony', { ceremonyId: now.ceremonyId });
    err = await h.rejects(
      DEMO_USERS.student,
      'pledge',
      'sign',
      await typedSign(h, { ceremonyId: now.ceremonyId }),
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('已经结束');
    await h.rejects(
      DEMO_USERS.student,
      'pledge',
      'sign',
      await typedSign(h, { ceremonyId: 'ZZZZZZ' }),
      'NOT_FOUND',
    );
  });

  it('checks who may open and watch a ceremony, and its input', async () => {
    const h = await pledgeHarness();
    await h.rejects(
      TEACHER,
      'pledge',
      'openCeremony',
      { level: 'school', schoolId: DEMO_SCHOOL, minutes: 10 },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'openCeremony',
      { level: 'class', classId: 'class-xinghe-7-1', minutes: 10 },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.student,
      'pledge',
      'openCeremony',
      { level: 'class', classId: DEMO_CLASS, minutes: 10 },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'openCeremony',
      { level: 'class', classId: DEMO_CLASS, minutes: 1 },
      'INVALID_ARGUMENT',
    );
    await h.rejects(TEACHER, 'pledge', 'openCeremony', { level: 'class', minutes: 10 }, 'INVALID_ARGUMENT');
    await h.rejects(
      TEACHER,
      'pledge',
      'openCeremony',
      { level: 'grade', schoolId: DEMO_SCHOOL, minutes: 10 },
      'INVALID_ARGUMENT',
    );
    const past = new Date(h.clock.now().getTime() - 3600_000).toISOString();
    await h.rejects(
      TEACHER,
      'pledge',
      'openCeremony',
      { level: 'class', classId: DEMO_CLASS, minutes: 10, startsAt: past },
      'INVALID_ARGUMENT',
    );
    const { ceremonyId } = await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'openCeremony', {
      level: 'grade',
      schoolId: DEMO_SCHOOL,
      stage: 'primary',
      grade: 3,
      minutes: 10,
    });
    // Teachers of the school may show a grade ceremony's screen; another district's admin may not.
    expect((await h.ok(TEACHER, 'pledge', 'ceremonyLive', { ceremonyId })).rosterSize).toBe(8);
    await h.rejects(DEMO_USERS.student, 'pledge', 'ceremonyLive', { ceremonyId }, 'PERMISSION_DENIED');
    h.clock.advanceDays(70);
    await h.rejects(
      TEACHER,
      'pledge',
      'openCeremony',
      { level: 'class', classId: DEMO_CLASS, minutes: 10 },
      'FAILED_PRECONDITION',
    );
  });
});
