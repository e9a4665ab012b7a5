import { C } from '../../collections';
import { rollup } from '../../stats';
import { countingStore } from '../../storeTools';
import type { Harness } from '../../../testing/harness';
import {
  DEMO_CLASS,
  DEMO_DISTRICT,
  DEMO_ROSTER_ID,
  DEMO_SCHOOL,
  DEMO_USERS as U,
  pledgeHarness,
  typedSign,
} from '../pledge/tests/kit';

let h: Harness;
beforeEach(async () => {
  h = await pledgeHarness();
  for (const u of Object.values(U)) await h.login(u);
});

describe('overview.classOverview', () => {
  it('shows every pupil × every registered activity, with the class figure per activity', async () => {
    await h.ok(U.student, 'pledge', 'sign', await typedSign(h));
    await h.ok(U.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '清朗网络靠大家',
      rosterId: DEMO_ROSTER_ID,
    });
    const view = await h.unchanged(() =>
      h.ok(U.teacher, 'overview', 'classOverview', { classId: DEMO_CLASS }),
    );
    expect(view.columns.map((c) => c.key)).toEqual(
      expect.arrayContaining(['pledge', 'familyPledge', 'card']),
    );
    const me = view.pupils.find((p) => p.rosterId === DEMO_ROSTER_ID)!;
    expect(me.cells.pledge).toEqual({ state: 'done', label: '手机签名' });
    expect(me.cells.card).toEqual({ state: 'done', label: '1 张' });
    expect(me.cells.familyPledge.state).toBe('none');
    expect(view.columns.find((c) => c.key === 'pledge')).toMatchObject({ done: 1, rate: 12.5 });
    const missing = await h.ok(U.teacher, 'overview', 'classOverview', {
      classId: DEMO_CLASS,
      missing: 'pledge',
    });
    expect(missing.pupils).toHaveLength(7);
    expect(missing.pupils.some((p) => p.rosterId === DEMO_ROSTER_ID)).toBe(false);
  });

  it('reads only the class: store work is the same whatever else the school holds', async () => {
    const counting = countingStore(h.services.store);
    const original = h.services.store;
    h.services.store = counting.store;
    try {
      await h.ok(U.teacher, 'overview', 'classOverview', { classId: DEMO_CLASS });
    } finally {
      h.services.store = original;
    }
    // 8 pupils: roster, links, one query per activity, consents, reminders, the class, the school, the caller.
    expect(counting.counts.docsRead).toBeLessThan(40);
    expect(counting.counts.calls).toBeLessThan(20);
  });

  it('refuses teachers of other classes, pupils, parents and unknown activities without writing', async () => {
    await h.rejects(
      U.teacher,
      'overview',
      'classOverview',
      { classId: 'class-xinghe-7-1' },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.student, 'overview', 'classOverview', { classId: DEMO_CLASS }, 'PERMISSION_DENIED');
    await h.rejects(U.parent, 'overview', 'classOverview', { classId: DEMO_CLASS }, 'PERMISSION_DENIED');
    await h.rejects(
      U.teacher,
      'overview',
      'classOverview',
      { classId: DEMO_CLASS, missing: 'nope' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      U.teacher,
      'overview',
      'classOverview',
      { classId: DEMO_CLASS, extra: 1 },
      'INVALID_ARGUMENT',
    );
  });
});

describe('overview.unitOverview', () => {
  it('teachers see their own school’s classes (rates, no names); admins see their district and the city', async () => {
    await h.ok(U.student, 'pledge', 'sign', await typedSign(h));
    await rollup(h.store, h.clock.now());
    const school = await h.ok(U.teacher, 'overview', 'unitOverview', { level: 'school', id: DEMO_SCHOOL });
    expect(school.childLevel).toBe('class');
    expect(school.rows[0]).toMatchObject({ id: DEMO_CLASS, roster: 8, rank: 1 });
    expect(school.rows[0].activities.pledge).toEqual({ done: 1, rate: 12.5 });
    expect(JSON.stringify(school)).not.toContain('王小雨');
    const district = await h.ok(U.districtAdmin, 'overview', 'unitOverview', {
      level: 'district',
      id: DEMO_DISTRICT,
    });
    expect(district.rows.map((r) => r.id)).toContain(DEMO_SCHOOL);
    const city = await h.ok(U.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    expect(city.figures.activities.pledge.done).toBe(1);
    // Units without a roster rank last and have no rank.
    expect(city.rows.at(-1)!.rank === null || city.rows.every((r) => r.roster > 0)).toBe(true);
  });

  it('refuses views outside the caller’s units without writing', async () => {
    await h.rejects(
      U.teacher,
      'overview',
      'unitOverview',
      { level: 'school', id: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'overview',
      'unitOverview',
      { level: 'district', id: DEMO_DISTRICT },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.schoolAdmin, 'overview', 'unitOverview', { level: 'city' }, 'PERMISSION_DENIED');
    await h.rejects(U.cityAdmin, 'overview', 'unitOverview', { level: 'school' }, 'INVALID_ARGUMENT');
    await h.rejects(
      U.parent,
      'overview',
      'unitOverview',
      { level: 'school', id: DEMO_SCHOOL },
      'PERMISSION_DENIED',
    );
  });
});

describe('overview.remind', () => {
  it('reminds pupils missing one activity once a day, records it, and says who could not be reached', async () => {
    const first = await h.ok(U.teacher, 'overview', 'remind', { classId: DEMO_CLASS, activity: 'card' });
    expect(first.reminded).toBe(1); // only 王小雨 has an account or a linked parent
    expect(first.unreachable).toBe(7);
    expect(await h.store.count(C.reminders, { openid: U.parent })).toBe(1);
    const again = await h.ok(U.teacher, 'overview', 'remind', { classId: DEMO_CLASS, activity: 'card' });
    expect(again).toMatchObject({ reminded: 0, already: 1 });
    const view = await h.ok(U.teacher, 'overview', 'classOverview', { classId: DEMO_CLASS });
    expect(view.pupils.find((p) => p.rosterId === DEMO_ROSTER_ID)!.remindedToday).toEqual(['card']);
  });

  it('refuses an unknown activity, another class and the wrong roles without writing', async () => {
    await h.rejects(
      U.teacher,
      'overview',
      'remind',
      { classId: DEMO_CLASS, activity: 'nope' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      U.teacher,
      'overview',
      'remind',
      { classId: 'class-xinghe-7-1', activity: 'pledge' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.student,
      'overview',
      'remind',
      { classId: DEMO_CLASS, activity: 'pledge' },
      'PERMISSION_DENIED',
    );
  });
});
