import { ACTIVITIES } from '../../activities';
import { C } from '../../collections';
import type { CampaignDoc } from '../../model';
import { addDays, dayIn } from '../../time';
import { createHarness, DEMO_USERS as U, long, type Harness } from '../../../testing/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});

const today = () => dayIn(h.clock.now());

describe('campaign.get', () => {
  it('is public and shows the current phase and activities, without writing', async () => {
    const out = await h.unchanged(() => h.ok(null, 'campaign', 'get', {}));
    expect(out).toMatchObject({
      title: '争做濮阳好网民',
      theme: '校园好网民，弘扬正能量',
      year: 2026,
      cityName: '濮阳市',
      phase: 'implementation',
      phaseLabel: '活动实施阶段',
    });
    expect(out.phases.map((p) => [p.key, p.current])).toEqual([
      ['launch', false],
      ['implementation', true],
      ['evaluation', false],
    ]);
    expect(out.phases[1]).toMatchObject({ start: addDays(today(), -10), end: addDays(today(), 60) });
    expect(out.phases[1].rangeLabel).toMatch(/^\d+月\d+日–\d+月\d+日$/);
    expect(out.activities).toHaveLength(ACTIVITIES.length);
    const openNow = Object.fromEntries(out.activities.map((a) => [a.key, a.openNow]));
    expect(openNow).toMatchObject({ pledge: true, quiz: true, contest: true, participation: true });
  });

  it('follows the clock into the next phase and past the end', async () => {
    h.clock.advanceDays(61);
    expect((await h.ok(U.student, 'campaign', 'get', {})).phase).toBe('evaluation');
    h.clock.advanceDays(40);
    const after = await h.ok(U.student, 'campaign', 'get', {});
    expect(after).toMatchObject({ phase: 'after', phaseLabel: '活动已结束' });
    expect(after.activities.every((a) => !a.openNow)).toBe(true);
  });

  it('answers NOT_FOUND before the campaign is configured', async () => {
    const empty = await createHarness({ demo: false });
    await empty.rejects(null, 'campaign', 'get', {}, 'NOT_FOUND');
  });

  it('refuses unknown fields without writing', async () => {
    await h.rejects(null, 'campaign', 'get', { year: 2025 }, 'INVALID_ARGUMENT');
  });
});

describe('campaign.update', () => {
  const phases = (year: number) => ({
    launch: { start: `${year}-05-01`, end: `${year}-05-31` },
    implementation: { start: `${year}-06-01`, end: `${year}-10-31` },
    evaluation: { start: `${year}-11-01`, end: `${year}-11-30` },
  });

  it('the city admin edits title, theme and phases; everyone sees them', async () => {
    const out = await h.ok(U.cityAdmin, 'campaign', 'update', {
      title: ' 清朗网络 多彩校园 ',
      theme: '文明上网 从我家做起',
      phases: phases(2026),
    });
    expect(out).toMatchObject({ title: '清朗网络 多彩校园', theme: '文明上网 从我家做起' });
    const stored = await h.get<CampaignDoc>(C.campaigns, 'current');
    expect(stored).toMatchObject({
      title: '清朗网络 多彩校园',
      phases: phases(2026),
      updatedAt: h.clock.now().toISOString(),
    });
    const seen = await h.ok(null, 'campaign', 'get', {});
    expect(seen).toMatchObject({ title: '清朗网络 多彩校园', phase: 'implementation' });
    expect(seen.phases[0].rangeLabel).toBe('5月1日–5月31日');
    const audits = (await h.snapshot())[C.audit].filter((a) => a.action === 'campaign.update');
    expect(audits).toEqual([
      expect.objectContaining({ actor: U.cityAdmin, detail: { fields: ['title', 'theme', 'phases'] } }),
    ]);
  });

  it('moving the calendar moves the current phase', async () => {
    await h.ok(U.cityAdmin, 'campaign', 'update', { phases: phases(2027) });
    expect((await h.ok(null, 'campaign', 'get', {})).phase).toBe('before');
  });

  it('stores per-action phase overrides under storable keys ("fn:action")', async () => {
    await h.ok(U.cityAdmin, 'campaign', 'update', {
      actionPhases: { 'pledge.sign': ['launch', 'implementation'], 'card:create': [] },
    });
    expect((await h.get<CampaignDoc>(C.campaigns, 'current'))?.actionPhases).toEqual({
      'pledge:sign': ['launch', 'implementation'],
      'card:create': [],
    });
  });

  it('refuses phases out of order, without writing', async () => {
    const p = phases(2026);
    const overlap = await h.rejects(
      U.cityAdmin,
      'campaign',
      'update',
      { phases: { ...p, implementation: { start: '2026-05-20', end: '2026-10-31' } } },
      'INVALID_ARGUMENT',
    );
    expect(overlap.message).toBe('活动实施阶段必须在活动启动阶段结束之后开始');
    const backwards = await h.rejects(
      U.cityAdmin,
      'campaign',
      'update',
      { phases: { ...p, evaluation: { start: '2026-11-30', end: '2026-11-01' } } },
      'INVALID_ARGUMENT',
    );
    expect(backwards.message).toBe('评估总结及成果展示阶段的开始日期晚于结束日期');
  });

  it('refuses everyone but the city admin, without writing', async () => {
    for (const who of [U.districtAdmin, U.schoolAdmin, U.teacher, U.student, U.parent, U.newcomer]) {
      await h.rejects(who, 'campaign', 'update', { title: '改个标题' }, 'PERMISSION_DENIED');
    }
    await h.rejects(null, 'campaign', 'update', { title: '改个标题' }, 'UNAUTHENTICATED');
  });

  it('answers NOT_FOUND before the campaign is configured, without writing', async () => {
    const empty = await createHarness({ demo: false });
    const at = empty.clock.now().toISOString();
    await empty.store.insert(C.users, {
      _id: 'founder',
      roles: [{ role: 'city_admin' }],
      createdAt: at,
      updatedAt: at,
    });
    await empty.rejects('founder', 'campaign', 'update', { title: '新标题' }, 'NOT_FOUND');
  });

  it.each([
    ['title too short', { title: '标' }],
    ['oversized title', { title: long(41) }],
    ['title of the wrong type', { title: 42 }],
    ['oversized theme', { theme: long(41) }],
    [
      'phases missing one',
      { phases: { launch: phases(2026).launch, implementation: phases(2026).implementation } },
    ],
    [
      'day in the wrong format',
      { phases: { ...phases(2026), launch: { start: '2026/05/01', end: '2026-05-31' } } },
    ],
    [
      'day of the wrong type',
      { phases: { ...phases(2026), launch: { start: 20260501, end: '2026-05-31' } } },
    ],
    ['unknown phase field', { phases: { ...phases(2026), launch: { ...phases(2026).launch, label: 'x' } } }],
    ['unknown phase name', { actionPhases: { 'pledge.sign': ['summer'] } }],
    ['oversized action key', { actionPhases: { [`pledge.${long(65, 'a')}`]: ['launch'] } }],
    ['action key without a function', { actionPhases: { sign: ['launch'] } }],
    ['action key with operators', { actionPhases: { '$where.x': ['launch'] } }],
    ['action key with two dots', { actionPhases: { 'a.b.c': ['launch'] } }],
    [
      'too many phases for an action',
      { actionPhases: { 'pledge.sign': ['launch', 'launch', 'launch', 'launch'] } },
    ],
    ['unknown field', { year: 2030 }],
    ['changing the id', { _id: 'other' }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.cityAdmin, 'campaign', 'update', input, 'INVALID_ARGUMENT');
  });
});
