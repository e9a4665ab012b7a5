import { C } from '../../../collections';
import { activityColumn } from '../../../participation';
import { readTotal, rollup } from '../../../stats';
import type { Doc, DocumentStore } from '../../../store';
import { storeCallsOf, type Harness } from '../../../../testing/harness';
import { readQuizTotal, readQuizTotals } from '../counters';
import type { ResultDoc } from '../model';
import {
  createQuiz,
  DEMO_CLASS,
  DEMO_DISTRICT,
  DEMO_SCHOOL,
  DEMO_USERS,
  lawSettings,
  quizHarness,
  seedClass,
  storedAttempt,
  STUDENT,
  takeQuiz,
} from './kit';

const CITY = DEMO_USERS.cityAdmin;
const QINGFENG = 'district-3';

/** Count the store calls (and documents answered) while `fn` runs. */
async function storeWork<T>(
  h: Harness,
  fn: () => Promise<T>,
): Promise<{ calls: number; docs: number; value: T }> {
  const store = h.store as DocumentStore & Record<string, unknown>;
  const saved: Record<string, unknown> = {};
  let calls = 0;
  let docs = 0;
  for (const key of ['find', 'get', 'count']) {
    const orig = store[key] as (...args: unknown[]) => Promise<unknown>;
    saved[key] = orig;
    store[key] = async (...args: unknown[]) => {
      calls++;
      const r = await orig.apply(store, args);
      docs += Array.isArray(r) ? r.length : r ? 1 : 0;
      return r;
    };
  }
  try {
    const value = await fn();
    return { calls, docs, value };
  } finally {
    Object.assign(store, saved);
  }
}

describe('quiz results: class view, rankings, item analysis, exports, recount', () => {
  let h: Harness;
  let quizId: string;
  let classA: Awaited<ReturnType<typeof seedClass>>;
  let classB: Awaited<ReturnType<typeof seedClass>>;
  let classC: Awaited<ReturnType<typeof seedClass>>;

  beforeAll(async () => {
    h = await quizHarness();
    quizId = await createQuiz(h, { attemptsAllowed: 2 });
    classA = await seedClass(h, 'class-q-a', 10, { teacher: 'teacher-a' });
    classB = await seedClass(h, 'class-q-b', 10, { schoolId: 'school-xinghe' });
    classC = await seedClass(h, 'class-q-c', 10, { schoolId: 'school-qinghe', districtId: QINGFENG });
    for (const [i, p] of classA.pupils.slice(0, 8).entries())
      await takeQuiz(h, p.openid, quizId, 3 + (i % 8));
    for (const p of classB.pupils.slice(0, 2)) await takeQuiz(h, p.openid, quizId, 9);
    for (const [i, p] of classC.pupils.slice(0, 5).entries()) await takeQuiz(h, p.openid, quizId, 5 + i);
    await takeQuiz(h, STUDENT, quizId, 8);
    await rollup(h.store, h.clock.now());
  }, 60_000);

  it('shows the teacher their class: who took it, mean and best, pass rate, per-question rates', async () => {
    const view = await h.ok(DEMO_USERS.teacher, 'quiz', 'classResults', { quizId, classId: DEMO_CLASS });
    expect(view.figures).toMatchObject({
      roster: 8,
      takers: 1,
      rate: 12.5,
      meanBest: 80,
      topScore: 80,
      passes: 1,
    });
    expect(view.pupils.filter((p) => p.state === 'none')).toHaveLength(7);
    expect(view.questions).toHaveLength(10);
    expect(view.questions.every((q) => q.n === 1 && q.stem && q.answerText)).toBe(true);
    const a = await h.ok('teacher-a', 'quiz', 'classResults', { quizId, classId: classA.classId });
    expect(a.figures).toMatchObject({ roster: 10, takers: 8, rate: 80 });
    expect(a.figures.meanBest).toBe(Math.round(((30 + 40 + 50 + 60 + 70 + 80 + 90 + 100) / 8) * 10) / 10);
    // Rates are sorted hardest first.
    const rates = a.questions.map((q) => q.rate);
    expect([...rates].sort((x, y) => x - y)).toEqual(rates);
    // Scope: another class's teacher, a pupil.
    await h.rejects(
      'teacher-a',
      'quiz',
      'classResults',
      { quizId, classId: DEMO_CLASS },
      'PERMISSION_DENIED',
    );
    await h.rejects(STUDENT, 'quiz', 'classResults', { quizId, classId: DEMO_CLASS }, 'PERMISSION_DENIED');
    // The school's admin sees every class of the school.
    await h.ok(DEMO_USERS.schoolAdmin, 'quiz', 'classResults', { quizId, classId: classA.classId });
  });

  it('reminds the pupils who have not taken it, once a day', async () => {
    const first = await h.ok('teacher-a', 'quiz', 'remind', { quizId, classId: classA.classId });
    expect(first).toEqual({ reminded: 2, already: 0, unreachable: 0 });
    const again = await h.ok('teacher-a', 'quiz', 'remind', { quizId, classId: classA.classId });
    expect(again).toEqual({ reminded: 0, already: 2, unreachable: 0 });
  });

  it('ranks by participation (takers ÷ roster) and mean best score, never counts; low participation is shown unranked', async () => {
    const city = await h.ok(CITY, 'quiz', 'ranking', { quizId, level: 'city' });
    expect(city.rows).toHaveLength(7);
    expect(city.figures).toMatchObject({ takers: 16, roster: 8 + 6 + 30 });
    const hualong = city.rows.find((r) => r.id === DEMO_DISTRICT)!;
    const qingfeng = city.rows.find((r) => r.id === QINGFENG)!;
    expect(hualong).toMatchObject({ roster: 34, takers: 11, rate: 32.4, ranked: true });
    expect(qingfeng).toMatchObject({ roster: 10, takers: 5, rate: 50, ranked: true, rank: 1, meanBest: 70 });
    expect(city.rows.filter((r) => r.roster === 0).every((r) => !r.ranked && r.rank === null)).toBe(true);
    const district = await h.ok(CITY, 'quiz', 'ranking', { quizId, level: 'district', id: DEMO_DISTRICT });
    expect(district.rows.map((r) => [r.name, r.rate, r.rank])).toEqual([
      ['华龙区绿茵小学', 50, 1],
      ['华龙区星河中学', 12.5, null],
    ]);
    // By score: the unranked school stays unranked whatever its mean.
    const byScore = await h.ok(CITY, 'quiz', 'ranking', {
      quizId,
      level: 'district',
      id: DEMO_DISTRICT,
      sort: 'score',
    });
    expect(byScore.rows[1]).toMatchObject({ name: '华龙区星河中学', meanBest: 90, rank: null });
    // Top list: masked names, for managers only.
    const { top } = await h.ok(CITY, 'quiz', 'topList', { quizId, level: 'city' });
    expect(top).toHaveLength(10);
    // Five reads whatever the list holds: the caller, the quiz, the campaign, the kept list, its schools at once.
    expect(await storeCallsOf(h, () => h.ok(CITY, 'quiz', 'topList', { quizId, level: 'city' }))).toBe(5);
    // The list kept at write time is the 10 best results (earlier first on equal scores).
    const results = await h.store.find<ResultDoc>(
      C.quizResults,
      { quizId },
      { sort: { bestTenths: -1, bestAt: 1, _id: 1 }, limit: 10 },
    );
    expect(top.map((t) => [t.maskedName, t.best])).toEqual(results.map((r) => [r.maskedName, r.best]));
    expect(top[0].maskedName).toMatch(/\*/);
    expect(top.map((t) => t.best)).toEqual([...top.map((t) => t.best)].sort((x, y) => y - x));
    expect(city.manager).toBe(true);
    const school = await h.ok(DEMO_USERS.teacher, 'quiz', 'ranking', {
      quizId,
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.manager).toBe(false);
    await h.rejects(
      DEMO_USERS.teacher,
      'quiz',
      'topList',
      { quizId, level: 'school', id: DEMO_SCHOOL },
      'PERMISSION_DENIED',
    );
    expect(school.rows.map((r) => r.id).sort()).toEqual([DEMO_CLASS, classA.classId].sort());
    // Scope.
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'quiz',
      'ranking',
      { quizId, level: 'city' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'quiz',
      'ranking',
      { quizId, level: 'district', id: QINGFENG },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.teacher,
      'quiz',
      'ranking',
      { quizId, level: 'school', id: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
  });

  it('reads a ranking in O(units shown): more attempts add no store work', async () => {
    const before = await storeWork(h, () =>
      h.ok(CITY, 'quiz', 'ranking', { quizId, level: 'district', id: DEMO_DISTRICT }),
    );
    for (const p of classB.pupils.slice(2, 6)) await takeQuiz(h, p.openid, quizId, 6);
    for (const p of classA.pupils.slice(0, 4)) await takeQuiz(h, p.openid, quizId, 10);
    const after = await storeWork(h, () =>
      h.ok(CITY, 'quiz', 'ranking', { quizId, level: 'district', id: DEMO_DISTRICT }),
    );
    expect(after.calls).toBe(before.calls);
    expect(after.docs).toBeLessThanOrEqual(before.docs + 8);
    expect(after.value.rows[1]).toMatchObject({ name: '华龙区星河中学', takers: 6, ranked: true });
  });

  it('analyses items for the quiz’s admins: rate, discrimination, option picks, flags', async () => {
    const res = await h.ok(CITY, 'quiz', 'itemAnalysis', { quizId });
    expect(res.takers).toBe(20);
    expect(res.items.length).toBeGreaterThan(10);
    for (const item of res.items) {
      expect(item.n).toBeGreaterThan(0);
      expect(item.optionPicks).toHaveLength(item.options.length);
      expect(item.correctRate).not.toBeNull();
    }
    // Discrimination needs at least 10 takers of a question.
    for (const item of res.items) expect(item.discrimination === null).toBe(item.n < 10);
    await h.rejects(DEMO_USERS.districtAdmin, 'quiz', 'itemAnalysis', { quizId }, 'PERMISSION_DENIED');
    await h.rejects(DEMO_USERS.teacher, 'quiz', 'itemAnalysis', { quizId }, 'PERMISSION_DENIED');
  });

  it('exports each level to .xlsx: names for the class and school, figures only above', async () => {
    const read = async (url: string) => h.services.spreadsheet!.readRows(await h.download(url));
    const cls = await h.ok('teacher-a', 'quiz', 'exportXlsx', { quizId, level: 'class', id: classA.classId });
    expect(cls.fileName).toMatch(/\.xlsx$/);
    expect(cls.rows).toBe(10);
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'quiz', 'exportXlsx', {
      quizId,
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(school.rows).toBe(18);
    const city = await h.ok(CITY, 'quiz', 'exportXlsx', { quizId, level: 'city' });
    const rows = await read(city.url);
    expect(rows[0]).toContain('参与率%');
    expect(JSON.stringify(rows)).not.toContain(classA.pupils[0].name);
    expect(rows.map((r) => r[1])).toContain('清丰县');
    await h.rejects(
      DEMO_USERS.teacher,
      'quiz',
      'exportXlsx',
      { quizId, level: 'school', id: DEMO_SCHOOL },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'quiz',
      'exportXlsx',
      { quizId, level: 'city' },
      'PERMISSION_DENIED',
    );
  });

  it('recount rebuilds the same figures from the results', async () => {
    const before = await readQuizTotals(h.store, quizId, 'school', { districtId: DEMO_DISTRICT });
    const cityBefore = await readQuizTotal(h.store, quizId, 'city', 'city');
    const topBefore = await h.ok(CITY, 'quiz', 'topList', { quizId, level: 'district', id: DEMO_DISTRICT });
    const report = await h.ok(CITY, 'quiz', 'recount', { quizId });
    expect(await h.ok(CITY, 'quiz', 'topList', { quizId, level: 'district', id: DEMO_DISTRICT })).toEqual(
      topBefore,
    );
    expect(report.results).toBe(cityBefore.takers);
    expect(await readQuizTotals(h.store, quizId, 'school', { districtId: DEMO_DISTRICT })).toEqual(before);
    expect(await readQuizTotal(h.store, quizId, 'city', 'city')).toEqual(cityBefore);
    expect((await readTotal(h.store, 'city')).quizTakers).toBe(cityBefore.takers);
  });

  it('fills the 答题 column of the participation overview', async () => {
    const column = activityColumn('quiz')!;
    const roster = await h.store.find<Doc & { _id: string }>(C.roster, { classId: classA.classId });
    const cls = (await h.store.get(C.classes, classA.classId)) as never;
    const cells = await column.pupils(h.services, cls, roster as never, h.clock.now());
    expect([...cells.values()].filter((c) => c.state === 'done')).toHaveLength(8);
    expect(column.done(await readTotal(h.store, `k:${classA.classId}`))).toBe(8);
  });

  it('deleting a pupil’s data takes their result out of every figure', async () => {
    const p = classC.pupils[0];
    const before = await readQuizTotal(h.store, quizId, 'district', QINGFENG);
    await h.ok(p.openid, 'identity', 'deleteMyData', { confirm: true });
    const after = await readQuizTotal(h.store, quizId, 'district', QINGFENG);
    expect(after.takers).toBe(before.takers - 1);
    expect(await h.store.count(C.quizAttempts, { takerKey: p.rosterId })).toBe(0);
    expect(await h.store.count(C.quizResults, { rosterId: p.rosterId })).toBe(0);
    await h.ok(CITY, 'quiz', 'recount', { quizId });
    expect(await readQuizTotal(h.store, quizId, 'district', QINGFENG)).toEqual(after);
  });
});

describe('quiz item analysis flags', () => {
  it('flags a miskeyed question (negative discrimination) and a distractor nobody picks', async () => {
    const h = await quizHarness();
    const admin = DEMO_USERS.schoolAdmin;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const saved = await h.ok(admin, 'quiz', 'saveQuestion', {
        level: 'school',
        id: DEMO_SCHOOL,
        question: {
          type: 'single',
          stem: `第${i + 1}题：在学校机房上网，下面哪种做法正确？`,
          options: ['离开前退出账号', '把密码告诉同桌', '随便下载软件', '关掉杀毒软件'],
          answer: [0],
          explanation: '离开公用电脑前退出账号，保护自己的账号安全。',
          source: '个人信息保护 · 学校信息技术课守则',
          topics: ['个人信息保护'],
          stages: ['senior'],
          difficulty: 2,
        },
      });
      ids.push(saved.questionId);
    }
    const { quizId } = await h.ok(admin, 'quiz', 'createQuiz', {
      level: 'school',
      id: DEMO_SCHOOL,
      settings: {
        ...lawSettings({
          audience: { stages: ['senior'], parents: false },
          draw: { count: 10, topics: [], builtin: false, custom: true },
          attemptsAllowed: 1,
        }),
      },
    });
    const { pupils } = await seedClass(h, 'class-q-items', 20);
    for (const [k, p] of pupils.entries()) {
      const started = await h.ok(p.openid, 'quiz', 'start', { quizId });
      const a = await storedAttempt(h, started.attemptId);
      // Pupil k answers the first k/2 questions (in bank order) right; question 10 is answered right only by the weakest.
      const answers = a.items.map((item, index) => {
        const q = ids.indexOf(item.q);
        const right = q === 9 ? k < 6 : q < Math.floor(k / 2);
        // Wrong answers always pick option B (so C and D are never picked).
        return { index, picked: [item.o.indexOf(right ? 0 : 1)] };
      });
      h.clock.advanceMs(120_000);
      await h.ok(p.openid, 'quiz', 'saveAnswers', { attemptId: a._id, answers });
      await h.ok(p.openid, 'quiz', 'submit', { attemptId: a._id });
    }
    const res = await h.ok(admin, 'quiz', 'itemAnalysis', { quizId });
    expect(res.takers).toBe(20);
    const miskeyed = res.items.find((i) => i.questionId === ids[9])!;
    expect(miskeyed.flags).toContain('negative_discrimination');
    expect(miskeyed.discrimination!).toBeLessThan(0);
    expect(miskeyed.flagText.join('')).toContain('答案是否标错');
    const normal = res.items.find((i) => i.questionId === ids[3])!;
    expect(normal.discrimination!).toBeGreaterThan(0);
    expect(normal.unusedDistractors).toEqual([2, 3]);
    expect(normal.flags).toContain('unused_distractor');
    // Flagged questions come first.
    expect(res.items[0].flags.length).toBeGreaterThan(0);
    expect(res.flagged).toBe(res.items.filter((i) => i.flags.length).length);
  });
});
