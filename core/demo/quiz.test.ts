import { C } from '../collections';
import type { QuizDoc } from '../functions/quiz/model';
import { createHarness, type Harness } from '../../testing/harness';
import { seedDemoActivity } from './activity';
import { DEMO_QUIZ_TITLES } from './quiz';
import { DEMO_USERS } from './seed';

describe('seedDemoQuizzes (through seedDemoActivity)', () => {
  let h: Harness;
  let quizzes: QuizDoc[];
  const byTitle = (t: string) => quizzes.find((q) => q.title === t)!;

  beforeAll(async () => {
    h = await createHarness();
    await seedDemoActivity(h.services, h.clock.now());
    quizzes = await h.store.find<QuizDoc>(C.quizzes, {});
  }, 60_000);

  it('creates the law, security and parents’ quizzes of the city', () => {
    expect(quizzes.map((q) => q.title).sort()).toEqual(Object.values(DEMO_QUIZ_TITLES).sort());
    expect(byTitle(DEMO_QUIZ_TITLES.law).description).toContain('《网络信息内容生态治理规定》');
    expect(byTitle(DEMO_QUIZ_TITLES.security).certificate).toBe('网络安全小卫士');
    expect(byTitle(DEMO_QUIZ_TITLES.parents).audience).toEqual({ stages: [], parents: true });
  });

  it('fills the city ranking with differing districts and the item analysis with flags', async () => {
    const law = byTitle(DEMO_QUIZ_TITLES.law);
    const city = await h.ok(DEMO_USERS.cityAdmin, 'quiz', 'ranking', { quizId: law._id, level: 'city' });
    expect(city.figures.takers).toBeGreaterThan(100);
    expect(city.figures.meanBest).toBeGreaterThan(40);
    const rates = city.rows.filter((r) => r.takers > 0).map((r) => r.rate);
    expect(new Set(rates).size).toBeGreaterThanOrEqual(4);
    expect(city.rows.some((r) => r.ranked)).toBe(true);
    const items = await h.ok(DEMO_USERS.cityAdmin, 'quiz', 'itemAnalysis', { quizId: law._id });
    expect(items.items.length).toBeGreaterThan(30);
    expect(items.flagged).toBeGreaterThan(0);
    const parents = byTitle(DEMO_QUIZ_TITLES.parents);
    const fam = await h.ok(DEMO_USERS.cityAdmin, 'quiz', 'ranking', { quizId: parents._id, level: 'city' });
    expect(fam.basis).toBe('parent');
    expect(fam.figures.families).toBeGreaterThan(30);
  });

  it('leaves the demo identities free to try the quizzes', async () => {
    const home = await h.ok(DEMO_USERS.student, 'quiz', 'home', {});
    expect(home.pupil?.quizzes.map((q) => q.attemptsUsed)).toEqual([0, 0]);
    const teacher = await h.ok(DEMO_USERS.teacher, 'quiz', 'home', {});
    expect(teacher.teach[0].quizzes).toHaveLength(3);
  });

  it('shows teachers flags and the overview column counts takers', async () => {
    const law = byTitle(DEMO_QUIZ_TITLES.law);
    const flagged = await h.store.count(C.quizAttempts, { quizId: law._id, fastCount: { $gt: 0 } });
    expect(flagged).toBeGreaterThan(0);
    const city = await h.store.get<{ _id: string; m: Record<string, number> }>(C.counters, 'city');
    expect(city?.m.quizTakers).toBeGreaterThan(100);
  });
});
