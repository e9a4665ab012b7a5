/**
 * What a security review of the knowledge quiz tried, one test each, readable as a list. Each test failed on
 * the code before its fix, except two guards of the fixes themselves: managers still see small units'
 * figures once shown, and the draw still starts when the bank is too small to avoid earlier questions.
 */
import { C } from '../../core/collections';
import { QM, readQuizTotal } from '../../core/functions/quiz/counters';
import { finalizeDue } from '../../core/functions/quiz/maintenance';
import { beijingEnd, GRACE_MS, type QuizDoc } from '../../core/functions/quiz/model';
import {
  CITY,
  createQuiz,
  DEMO_SCHOOL,
  DEMO_USERS,
  lawSettings,
  quizHarness,
  rightPicks,
  seedClass,
  storedAttempt,
  STUDENT,
  takeQuiz,
  TODAY,
} from '../../core/functions/quiz/tests/kit';
import type { QuizSettings } from '../../core/functions/quiz/schemas';
import type { Harness } from '../../testing/harness';

/** An untimed senior quiz whose answers are shown only when it closes. */
const UNTIMED: Partial<QuizSettings> = {
  timeLimitMinutes: null,
  reveal: 'after_close',
  audience: { stages: ['senior'], parents: false },
};

/** A pupil with an attempt in progress that has two right answers saved. */
async function attemptWithTwoAnswers(h: Harness, openid: string, quizId: string) {
  const started = await h.ok(openid, 'quiz', 'start', { quizId });
  const a = await storedAttempt(h, started.attemptId);
  h.clock.advanceMs(60_000);
  await h.ok(openid, 'quiz', 'saveAnswers', {
    attemptId: a._id,
    answers: [
      { index: 0, picked: rightPicks(a, 0) },
      { index: 1, picked: rightPicks(a, 1) },
    ],
  });
  return a;
}

describe('quiz review: an attempt cannot outlive its quiz', () => {
  it('after the end day is moved earlier, an older attempt saves no answer past the new end (while the answers are public)', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-close', 2, { teacher: 't-close' });
    const [a, b] = pupils;
    const quizId = await createQuiz(h, UNTIMED);
    const started = await h.ok(a.openid, 'quiz', 'start', { quizId });
    await takeQuiz(h, b.openid, quizId, 3);
    await h.ok(CITY, 'quiz', 'updateQuiz', { quizId, settings: lawSettings({ ...UNTIMED, endDay: TODAY }) });
    // The phone's countdown follows the new end at once.
    const current = await h.ok(a.openid, 'quiz', 'current', { quizId });
    expect(current.active?.deadline).toBe(beijingEnd(TODAY));
    h.clock.advanceDays(1);
    expect((await h.ok(b.openid, 'quiz', 'myResult', { quizId })).answersShown).toBe(true);
    const att = await storedAttempt(h, started.attemptId);
    const err = await h.rejects(
      a.openid,
      'quiz',
      'saveAnswers',
      { attemptId: att._id, answers: [{ index: 0, picked: rightPicks(att, 0) }] },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('时间到了');
    const submitted = await h.ok(a.openid, 'quiz', 'submit', { attemptId: att._id });
    expect(submitted).toMatchObject({ correct: 0, submittedBy: 'expired' });
  });

  it('an attempt in progress when the end day is moved earlier is scored with what was saved in time, not lost', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-early', 1, { teacher: 't-early' });
    const quizId = await createQuiz(h, UNTIMED);
    const a = await attemptWithTwoAnswers(h, pupils[0].openid, quizId);
    await h.ok(CITY, 'quiz', 'updateQuiz', { quizId, settings: lawSettings({ ...UNTIMED, endDay: TODAY }) });
    h.clock.set(new Date(Date.parse(beijingEnd(TODAY)) + GRACE_MS + 1));
    // The taker never taps 交卷: the next read finalises the attempt like one whose time ran out.
    const mine = await h.ok(pupils[0].openid, 'quiz', 'myResult', { quizId });
    expect(mine).toMatchObject({ active: false, best: 20 });
    expect(await storedAttempt(h, a._id)).toMatchObject({ status: 'submitted', submittedBy: 'expired' });
  });

  it('a withdrawn quiz (shown as closed, answers revealed) refuses answers on attempts in progress, saying so', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-wd', 1, { teacher: 't-wd' });
    const quizId = await createQuiz(h, { audience: { stages: ['senior'], parents: false } });
    const started = await h.ok(pupils[0].openid, 'quiz', 'start', { quizId });
    await h.ok(CITY, 'quiz', 'withdrawQuiz', { quizId });
    const withdrawnAt = h.clock.now().toISOString();
    h.clock.advanceMs(1000);
    const err = await h.rejects(
      pupils[0].openid,
      'quiz',
      'saveAnswers',
      { attemptId: started.attemptId, answers: [{ index: 0, picked: [0] }] },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('已被撤回');
    expect((await h.get<QuizDoc>(C.quizzes, quizId))?.withdrawnAt).toBe(withdrawnAt);
  });

  it('submitting an attempt of a withdrawn quiz is refused (nothing written), but the attempt is then scored with what was saved before and counted', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-wd2', 1, { teacher: 't-wd2' });
    const quizId = await createQuiz(h, { audience: { stages: ['senior'], parents: false } });
    const a = await attemptWithTwoAnswers(h, pupils[0].openid, quizId);
    await h.ok(CITY, 'quiz', 'withdrawQuiz', { quizId });
    const err = await h.rejects(
      pupils[0].openid,
      'quiz',
      'submit',
      { attemptId: a._id },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('已被撤回');
    // The taker opens the quiz again (the page reads `current`): the attempt is finalised like an expired one.
    h.clock.advanceMs(GRACE_MS + 1);
    const current = await h.ok(pupils[0].openid, 'quiz', 'current', { quizId });
    expect(current.active).toBeNull();
    expect(current.expired).toMatchObject({ attemptId: a._id, score: 20, submittedBy: 'expired' });
    expect(await storedAttempt(h, a._id)).toMatchObject({
      status: 'submitted',
      submittedBy: 'expired',
      score: 20,
    });
    expect((await h.ok(pupils[0].openid, 'quiz', 'myResult', { quizId })).best).toBe(20);
    expect(await readQuizTotal(h.store, quizId, 'class', 'c-wd2')).toMatchObject({
      [QM.takers]: 1,
      [QM.best]: 200,
    });
  });

  it('an attempt of a withdrawn quiz whose taker never comes back is finalised by the next read, not left active', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-wd3', 1, { teacher: 't-wd3' });
    const quizId = await createQuiz(h, { ...UNTIMED });
    const a = await attemptWithTwoAnswers(h, pupils[0].openid, quizId);
    await h.ok(CITY, 'quiz', 'withdrawQuiz', { quizId });
    h.clock.advanceMs(GRACE_MS + 1);
    await h.ok('t-wd3', 'quiz', 'classResults', { quizId, classId: 'c-wd3' });
    expect(await storedAttempt(h, a._id)).toMatchObject({ status: 'submitted', score: 20 });
  });

  it('attempts cut short by a withdrawal or an earlier end are scored by the timer even when nobody reads them', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-sweep', 2, { teacher: 't-sweep' });
    const withdrawn = await createQuiz(h, { ...UNTIMED });
    const shortened = await createQuiz(h, { ...UNTIMED });
    const a = await attemptWithTwoAnswers(h, pupils[0].openid, withdrawn);
    const b = await attemptWithTwoAnswers(h, pupils[1].openid, shortened);
    await h.ok(CITY, 'quiz', 'withdrawQuiz', { quizId: withdrawn });
    await h.ok(CITY, 'quiz', 'updateQuiz', {
      quizId: shortened,
      settings: lawSettings({ ...UNTIMED, endDay: TODAY }),
    });
    h.clock.set(new Date(Date.parse(beijingEnd(TODAY)) + GRACE_MS + 1));
    expect(await finalizeDue(h.services, h.clock.now())).toBe(2);
    expect(await storedAttempt(h, a._id)).toMatchObject({ status: 'submitted', score: 20 });
    expect(await storedAttempt(h, b._id)).toMatchObject({ status: 'submitted', score: 20 });
  });

  it('an end moved earlier by mistake and then back gives the attempts in progress their time back (untimed and timed)', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-restore', 2, { teacher: 't-restore' });
    const untimed = await createQuiz(h, UNTIMED);
    const timed = await createQuiz(h, { ...UNTIMED, timeLimitMinutes: 30 });
    const a = await h.ok(pupils[0].openid, 'quiz', 'start', { quizId: untimed });
    // 23:45 Beijing: the 30 minutes run past today's end.
    h.clock.set('2026-06-15T15:45:00.000Z');
    const b = await h.ok(pupils[1].openid, 'quiz', 'start', { quizId: timed });
    const ownB = (await storedAttempt(h, b.attemptId)).deadline;
    for (const [quizId, extra] of [
      [untimed, {}],
      [timed, { timeLimitMinutes: 30 }],
    ] as const) {
      await h.ok(CITY, 'quiz', 'updateQuiz', {
        quizId,
        settings: lawSettings({ ...UNTIMED, ...extra, endDay: TODAY }),
      });
      await h.ok(CITY, 'quiz', 'updateQuiz', { quizId, settings: lawSettings({ ...UNTIMED, ...extra }) });
    }
    const quiz = (await h.get<QuizDoc>(C.quizzes, untimed))!;
    expect((await storedAttempt(h, a.attemptId)).deadline).toBe(quiz.closesAt);
    expect((await storedAttempt(h, b.attemptId)).deadline).toBe(ownB);
    // Past the mistaken end the timer scores nothing: both attempts are still open.
    h.clock.set(new Date(Date.parse(beijingEnd(TODAY)) + GRACE_MS + 1));
    expect(ownB).toBe('2026-06-15T16:15:00.000Z');
    expect(await finalizeDue(h.services, h.clock.now())).toBe(0);
  });
});

describe("quiz review: one child's score behind a class's figures", () => {
  async function oneTakerClass() {
    const h = await quizHarness();
    const one = await seedClass(h, 'c-one', 1, { teacher: 't-one' });
    await seedClass(h, 'c-other', 3, { teacher: 't-other' });
    const quizId = await createQuiz(h, { audience: { stages: ['senior'], parents: false } });
    await takeQuiz(h, one.pupils[0].openid, quizId, 3);
    return { h, quizId };
  }
  const board = (h: Harness, who: string, quizId: string) =>
    h.ok(who, 'quiz', 'ranking', { quizId, level: 'school', id: DEMO_SCHOOL });

  it("a teacher of another class at the school cannot read a single taker's best score, pass or flags from quiz.ranking", async () => {
    const { h, quizId } = await oneTakerClass();
    const res = await board(h, 't-other', quizId);
    const row = res.rows.find((x) => x.id === 'c-one')!;
    expect(row).toMatchObject({ takers: 1, meanBest: null, passes: null, passRate: null, flagged: null });
    expect(row.withheld).toBe(true);
    // Nor from the school's own figures (one taker in the whole school).
    expect(res.figures).toMatchObject({ takers: 1, meanBest: null, passes: null, passRate: null });
  });

  it("the class's own teacher and the school's admin still see the figures", async () => {
    const { h, quizId } = await oneTakerClass();
    const own = (await board(h, 't-one', quizId)).rows.find((x) => x.id === 'c-one')!;
    expect(own).toMatchObject({ takers: 1, meanBest: 30, passes: 0 });
    const admin = await board(h, DEMO_USERS.schoolAdmin, quizId);
    expect(admin.rows.find((x) => x.id === 'c-one')).toMatchObject({ meanBest: 30 });
    expect(admin.figures).toMatchObject({ meanBest: 30 });
  });

  it('with the minimum number of takers the figures show to every teacher of the school', async () => {
    const { h, quizId } = await oneTakerClass();
    const cls = await seedClass(h, 'c-three', 3, { teacher: 't-three' });
    for (const p of cls.pupils) await takeQuiz(h, p.openid, quizId, 5);
    const res = await board(h, 't-other', quizId);
    expect(res.rows.find((x) => x.id === 'c-three')).toMatchObject({ takers: 3, meanBest: 50, passes: 0 });
  });

  it("nor from the school's total minus the rows shown (the total is withheld too, and attempts with it)", async () => {
    const h = await quizHarness();
    const one = await seedClass(h, 'c-lone', 1, { teacher: 't-lone' });
    const other = await seedClass(h, 'c-many', 3, { teacher: 't-many' });
    const quizId = await createQuiz(h, { audience: { stages: ['senior'], parents: false } });
    await takeQuiz(h, one.pupils[0].openid, quizId, 9);
    for (const p of other.pupils) await takeQuiz(h, p.openid, quizId, 3);
    const board = await h.ok('t-many', 'quiz', 'ranking', { quizId, level: 'school', id: DEMO_SCHOOL });
    const lone = board.rows.find((r) => r.id === 'c-lone')!;
    expect(lone).toMatchObject({ withheld: true, meanBest: null, passes: null, attempts: null });
    expect(board.figures).toMatchObject({ withheld: true, meanBest: null, passes: null, attempts: null });
    // The teacher's own class stays in full; the school's admin sees everything.
    expect(board.rows.find((r) => r.id === 'c-many')).toMatchObject({ withheld: false, meanBest: 30 });
    const admin = await h.ok(DEMO_USERS.schoolAdmin, 'quiz', 'ranking', {
      quizId,
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(admin.figures).toMatchObject({ withheld: false, takers: 4 });
  });
});

describe('quiz review: answers revealed after submitting come back in the next attempt', () => {
  it('a second attempt asks none of the questions the first one revealed, when the bank has enough', async () => {
    const h = await quizHarness();
    const { pupils } = await seedClass(h, 'c-rev', 8, { teacher: 't-rev' });
    const quizId = await createQuiz(h, { audience: { stages: ['senior'], parents: false } });
    let overlap = 0;
    for (const p of pupils) {
      const s1 = await h.ok(p.openid, 'quiz', 'start', { quizId });
      const r1 = await h.ok(p.openid, 'quiz', 'submit', { attemptId: s1.attemptId });
      const revealed = new Set(r1.review!.map((q) => q.stem));
      const s2 = await h.ok(p.openid, 'quiz', 'start', { quizId });
      overlap += s2.questions.filter((q) => revealed.has(q.stem)).length;
    }
    expect(overlap).toBe(0);
  });

  it('when the bank is too small for a fresh draw, the next attempt still starts, with some questions again', async () => {
    const h = await quizHarness();
    // The primary pool of these topics has 27 questions: two attempts of 20 must share some.
    const quizId = await createQuiz(h, {
      audience: { stages: ['primary'], parents: false },
      draw: { ...lawSettings().draw, count: 20 },
    });
    const s1 = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    await h.ok(STUDENT, 'quiz', 'submit', { attemptId: s1.attemptId });
    const s2 = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    expect(s2.questions).toHaveLength(20);
  });
});
