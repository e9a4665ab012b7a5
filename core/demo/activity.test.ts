import { C } from '../collections';
import { createHarness, type Harness, type Snapshot } from '../../testing/harness';
import { DEMO_ACTIVITY_OPENIDS, DEMO_ACTIVITY_SCHOOLS, demoPupilNames, seedDemoActivity } from './activity';
import { DEMO_CODES, DEMO_ROSTER, DEMO_USERS } from './seed';

const U = DEMO_USERS;

describe('seedDemoActivity', () => {
  let h: Harness;
  let before: Snapshot;

  beforeAll(async () => {
    h = await createHarness();
    before = await h.snapshot();
    await seedDemoActivity(h.services, h.clock.now());
  }, 20_000);

  /** A unit's rows as [name, roster, pledge rate, family-pledge rate]. */
  const rates = (v: { rows: { roster: number; activities: Record<string, { rate: number }> }[] }) =>
    v.rows.map((r) => ({
      roster: r.roster,
      pledge: r.activities.pledge.rate,
      family: r.activities.familyPledge.rate,
    }));

  it('fills the city overview: most districts have pledges and families, and the ranking is not flat', async () => {
    const city = await h.ok(U.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    expect(city.rows).toHaveLength(7);
    const rows = rates(city);
    expect(rows.filter((r) => r.pledge > 0 && r.family > 0).length).toBeGreaterThanOrEqual(6);
    expect(new Set(rows.map((r) => r.pledge)).size).toBeGreaterThanOrEqual(5);
    const sorted = rows.map((r) => r.pledge).sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(sorted[sorted.length - 1] + 20);
    expect(city.figures.roster).toBeGreaterThan(600);
    expect(city.figures.activities.pledge.done).toBeGreaterThan(200);
    expect(city.figures.roster).toBe(city.rows.reduce((n, r) => n + r.roster, 0));
    expect(city.figures.activities.pledge.done).toBe(
      city.rows.reduce((n, r) => n + r.activities.pledge.done, 0),
    );
  });

  it('fills district and school overviews with differing schools and classes', async () => {
    const districts = await h.ok(U.cityAdmin, 'org', 'listDistricts', {});
    const qingfeng = districts.find((d) => d.name === '清丰县')!;
    const district = await h.ok(U.cityAdmin, 'overview', 'unitOverview', {
      level: 'district',
      id: qingfeng._id,
    });
    expect(district.rows.map((r) => r.name).sort()).toEqual(
      DEMO_ACTIVITY_SCHOOLS.filter((s) => s.district === '清丰县')
        .map((s) => s.name)
        .sort(),
    );
    expect(new Set(rates(district).map((r) => r.pledge)).size).toBe(district.rows.length);
    const school = await h.ok(U.cityAdmin, 'overview', 'unitOverview', {
      level: 'school',
      id: 'school-chenguang',
    });
    expect(school.rows).toHaveLength(3);
    expect(school.rows.every((r) => r.roster >= 20 && r.roster <= 40 && r.activities.pledge.done > 0)).toBe(
      true,
    );
  });

  it('leaves counters exact: a full recount changes no figure', async () => {
    const first = await h.ok(U.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    const cards = await h.ok(U.cityAdmin, 'card', 'stats', { level: 'city' });
    expect(cards.total.cardsMade).toBeGreaterThan(50);
    expect(cards.total.sharesChat + cards.total.sharesMoments + cards.total.sharesSaved).toBeGreaterThan(50);
    await h.ok(U.cityAdmin, 'overview', 'recount', { level: 'city' });
    const again = await h.ok(U.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    expect(again.figures).toEqual(first.figures);
    expect(again.rows).toEqual(first.rows);
    expect((await h.ok(U.cityAdmin, 'card', 'stats', { level: 'city' })).total).toEqual(cards.total);
  });

  it('went through the real actions as fictional people, dated before now', async () => {
    const pupil = await h.ok(DEMO_ACTIVITY_OPENIDS.pupil(1), 'identity', 'me', {});
    expect(pupil.roles.map((r) => r.role)).toEqual(['student']);
    const snap = await h.snapshot();
    const actors = new Set(snap[C.audit].map((a) => a.actor as string));
    expect(actors.has(DEMO_ACTIVITY_OPENIDS.teacher(1))).toBe(true);
    expect(actors.has(DEMO_ACTIVITY_OPENIDS.guardian(1)) || actors.has(DEMO_ACTIVITY_OPENIDS.pupil(1))).toBe(
      true,
    );
    const now = h.clock.now().toISOString();
    expect(snap[C.pledges].every((p) => (p.signedAt as string) < now)).toBe(true);
    expect(snap[C.pledges].some((p) => p.rosterId === 'class-lvyin-3-2-r1')).toBe(false);
  });

  it('leaves every document of the demo city as it was (only counter totals moved)', async () => {
    const after = await h.snapshot();
    for (const [name, docs] of Object.entries(before)) {
      if (name === C.counters) continue;
      const now = new Map(after[name].map((d) => [d._id, d]));
      for (const doc of docs) expect({ name, doc: now.get(doc._id) }).toEqual({ name, doc });
    }
    // The stories' identities: the newcomer has no role, 李晨阳 is unclaimed, 王小雨 has not signed.
    expect((await h.ok(U.newcomer, 'identity', 'me', {})).roles).toEqual([]);
    const green = await h.ok(U.newcomer, 'identity', 'lookupClass', { classCode: DEMO_CODES.classCode });
    expect(green.roster.map((r) => [r.maskedName, r.claimed])).toEqual(
      DEMO_ROSTER.map((n, i) => [n.length === 3 ? `${n[0]}*${n[2]}` : `${n[0]}*`, i === 0]),
    );
    expect((await h.ok(U.student, 'pledge', 'myPledge', {})).certificate).toBeNull();
    expect((await h.ok(U.newParent, 'identity', 'me', {})).roles).toEqual([]);
    const star = await h.ok(U.newcomer, 'identity', 'lookupClass', { classCode: DEMO_CODES.secondClassCode });
    expect(star.roster.every((r) => !r.claimed)).toBe(true);
  });

  it('makes distinct invented names that avoid the demo roster', () => {
    const names = demoPupilNames(7, 40);
    expect(new Set(names).size).toBe(40);
    expect(names.every((n) => /^[\u4e00-\u9fff]{3}$/.test(n) && !DEMO_ROSTER.includes(n))).toBe(true);
    expect(demoPupilNames(7, 40)).toEqual(names);
  });

  it('is deterministic: a second city gets the same figures', async () => {
    const other = await createHarness();
    await seedDemoActivity(other.services, other.clock.now());
    const strip = (d: { rows: { id: string }[] }) => d.rows.map(({ id: _id, ...rest }) => rest);
    const mine = await h.ok(U.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    const theirs = await other.ok(U.cityAdmin, 'overview', 'unitOverview', { level: 'city' });
    expect(strip(theirs)).toEqual(strip(mine));
  }, 20_000);
});
