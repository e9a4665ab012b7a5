import { C } from '../collections';
import type { CallDoc, EntryDoc } from '../functions/contest/model';
import { createHarness, type Harness } from '../../testing/harness';
import { seedDemoActivity } from './activity';
import { DEMO_CONTEST_TIMING, DEMO_CONTEST_TITLES, demoJudge } from './contest';
import { DEMO_USERS } from './seed';

const U = DEMO_USERS;

describe('seedDemoContests (run by seedDemoActivity)', () => {
  let h: Harness;
  let calls: Map<string, CallDoc>;
  beforeAll(async () => {
    h = await createHarness();
    await seedDemoActivity(h.services, h.clock.now());
    calls = new Map(
      (await h.store.find<CallDoc>(C.contestCalls, {}, { limit: 20 })).map((c) => [c.title, c]),
    );
  }, 60_000);

  it('takes under 5 seconds', () => {
    console.log(`seedDemoContests: ${DEMO_CONTEST_TIMING.ms} ms`);
    expect(DEMO_CONTEST_TIMING.ms).toBeGreaterThan(0);
    expect(DEMO_CONTEST_TIMING.ms).toBeLessThan(5000);
  });

  it('seeds the five calls the plan names', () => {
    expect([...calls.keys()].sort()).toEqual(Object.values(DEMO_CONTEST_TITLES).sort());
  });

  it('the epidemic call has published awards: 成果展示, certificates that verify, 优秀组织奖', async () => {
    const call = calls.get(DEMO_CONTEST_TITLES.epidemic)!;
    expect(call.results?.state).toBe('published');
    const results = await h.ok(null, 'contest', 'gallery', { callId: call._id, level: 'results' });
    expect(results.items.length).toBeGreaterThan(2);
    expect(results.items[0].tierLabel).toBe('一等奖');
    const certs = await h.store.find<{ _id: string; kind: string; verifyCode: string }>(
      C.contestAwards,
      { callId: call._id },
      { limit: 200 },
    );
    expect(new Set(certs.map((c) => c.kind))).toEqual(new Set(['entry', 'advisor', 'organisation']));
    const v = await h.ok(null, 'pledge', 'verify', { code: certs[0].verifyCode });
    expect(v.kind).toBe('award');
  });

  it('the security call is fully scored and waits for publication; the festival is open with a district round going', async () => {
    const security = calls.get(DEMO_CONTEST_TITLES.security)!;
    expect(security.results).toBeUndefined();
    const board = await h.ok(U.cityAdmin, 'contest', 'judgingBoard', { callId: security._id });
    expect(board.entries).toBeGreaterThan(3);
    expect(board.scoredSheets).toBe(board.assignedSheets);
    expect(board.entriesShortOfJudges).toBe(0);
    const festival = calls.get(DEMO_CONTEST_TITLES.festival)!;
    const entries = await h.store.find<EntryDoc>(C.contestEntries, { callId: festival._id }, { limit: 200 });
    const statuses = new Set(entries.map((e) => e.status));
    expect(statuses.has('submitted')).toBe(true);
    expect(statuses.has('school_recommended')).toBe(true);
    expect(statuses.has('district_recommended')).toBe(true);
    expect(entries.some((e) => e.format === 'video')).toBe(true);
    expect((await h.ok(demoJudge(1), 'contest', 'judgeTasks', {})).calls.length).toBe(2);
  });

  it('the story column is published; the 思政课 call is open with lesson plans', async () => {
    const column = await h.ok(null, 'contest', 'column', {
      callId: calls.get(DEMO_CONTEST_TITLES.stories)!._id,
    });
    expect(column.items.length).toBe(4);
    const lessons = await h.store.find<EntryDoc>(
      C.contestEntries,
      { callId: calls.get(DEMO_CONTEST_TITLES.lessons)!._id },
      { limit: 20 },
    );
    expect(lessons.length).toBe(3);
    expect(lessons.every((e) => !!e.lesson)).toBe(true);
  });

  it('counts roll up exactly: a recount changes no contest figure', async () => {
    const before = await h.ok(U.cityAdmin, 'contest', 'stats', { level: 'city' });
    expect(before.total.entries).toBeGreaterThan(50);
    expect(before.total.awarded).toBeGreaterThan(2);
    await h.ok(U.cityAdmin, 'overview', 'recount', { level: 'city' });
    expect((await h.ok(U.cityAdmin, 'contest', 'stats', { level: 'city' })).total).toEqual(before.total);
  });

  it('leaves 绿茵小学 and the demo identities alone', async () => {
    expect(await h.store.count(C.contestEntries, { schoolId: 'school-lvyin' })).toBe(0);
    expect((await h.ok(U.student, 'contest', 'myEntries', {})).items).toEqual([]);
  });
});
