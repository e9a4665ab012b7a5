import { C } from '../../../collections';
import { QUESTION_BANK } from '../../../quiz/bank';
import type { Harness } from '../../../../testing/harness';
import { readQuizTotal } from '../counters';
import { GRACE_MS, type ResultDoc } from '../model';
import {
  createQuiz,
  DEMO_CLASS,
  DEMO_ROSTER_ID,
  DEMO_USERS,
  keysOf,
  quizHarness,
  rightPicks,
  seedClass,
  storedAttempt,
  STUDENT,
  takeQuiz,
  wrongPicks,
} from './kit';

/** Keys that would give an answer away before submitting. */
const SECRET_KEYS = ['answer', 'explanation', 'source', 'facts', 'correct', 'marks', 'q', 'o', 'items'];

describe('quiz.start: the draw and what reaches the phone', () => {
  let h: Harness;
  let quizId: string;
  beforeAll(async () => {
    h = await quizHarness();
    quizId = await createQuiz(h);
  });

  it('draws the count for the pupil’s stage from the quiz’s topics, with the topic minimums', async () => {
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    expect(started.resumed).toBe(false);
    expect(started.questions).toHaveLength(10);
    const a = await storedAttempt(h, started.attemptId);
    const qs = a.items.map((i) => QUESTION_BANK.find((q) => q.id === i.q)!);
    expect(new Set(qs.map((q) => q.id)).size).toBe(10);
    expect(qs.every((q) => q.stages.includes('primary'))).toBe(true);
    const law = ['网络安全法', '生态治理规定', '未成年人网络保护', '个人信息保护'];
    expect(qs.every((q) => q.topics.some((t) => law.includes(t)))).toBe(true);
    expect(qs.filter((q) => q.topics.includes('网络安全法')).length).toBeGreaterThanOrEqual(2);
    expect(qs.filter((q) => q.topics.includes('生态治理规定')).length).toBeGreaterThanOrEqual(2);
    // Options are shown in the stored order.
    started.questions.forEach((shown, i) => {
      expect(shown.options).toEqual(a.items[i].o.map((k) => qs[i].options[k]));
    });
    // The deadline is the start plus the limit.
    expect(Date.parse(started.deadline) - Date.parse(started.startedAt)).toBe(10 * 60_000);
  });

  it('never sends an answer, an explanation or a source before submitting (start, current, save)', async () => {
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    const a = await storedAttempt(h, started.attemptId);
    h.clock.advanceMs(20_000);
    const saved = await h.ok(STUDENT, 'quiz', 'saveAnswers', {
      attemptId: a._id,
      answers: [{ index: 0, picked: rightPicks(a, 0) }],
    });
    const current = await h.ok(STUDENT, 'quiz', 'current', { quizId });
    const info = await h.ok(STUDENT, 'quiz', 'quizInfo', { quizId });
    const home = await h.ok(STUDENT, 'quiz', 'home', {});
    for (const response of [started, saved, current, info, home]) {
      const keys = keysOf(response);
      for (const secret of SECRET_KEYS) expect(keys.has(secret)).toBe(false);
      // The quiz's own description names the laws; what matters is that no question's text leaks.
      const text = JSON.stringify(response).split(JSON.stringify(info.description).slice(1, -1)).join('');
      for (const item of a.items) {
        const q = QUESTION_BANK.find((x) => x.id === item.q)!;
        expect(text).not.toContain(q.explanation);
        // A source that is just a law's name may be named in a stem itself.
        const shown = JSON.stringify(started.questions);
        if (!shown.includes(q.source)) expect(text).not.toContain(q.source);
        expect(text).not.toContain(q.id);
      }
    }
    // The saved pick comes back (shown positions), nothing else.
    expect(current.active?.answers).toEqual({ '0': rightPicks(a, 0) });
  });
});

describe('quiz: resume, one active attempt, time limit, double submit, attempts', () => {
  it('resumes the same attempt on another device with the answers saved so far', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h);
    const first = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    const a = await storedAttempt(h, first.attemptId);
    for (const i of [0, 1, 2]) {
      h.clock.advanceMs(15_000);
      await h.ok(STUDENT, 'quiz', 'saveAnswers', {
        attemptId: a._id,
        answers: [{ index: i, picked: rightPicks(a, i) }],
      });
    }
    // The app was killed; the pupil opens it on a parent's phone (same WeChat account).
    h.clock.advanceMs(60_000);
    const current = await h.ok(STUDENT, 'quiz', 'current', { quizId });
    expect(current.active?.attemptId).toBe(a._id);
    expect(Object.keys(current.active!.answers).sort()).toEqual(['0', '1', '2']);
    expect(current.active!.questions).toEqual(first.questions);
    const again = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    expect(again).toMatchObject({ resumed: true, attemptId: a._id, deadline: first.deadline });
  });

  it('parallel starts make one attempt (the second answers the first)', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h);
    const [x, y] = await Promise.all([
      h.ok(STUDENT, 'quiz', 'start', { quizId }),
      h.ok(STUDENT, 'quiz', 'start', { quizId }),
    ]);
    expect(x.attemptId).toBe(y.attemptId);
    expect(await h.store.count(C.quizAttempts, { quizId })).toBe(1);
  });

  it('enforces the time limit on the server: answers within the grace are kept, later ones refused', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, { timeLimitMinutes: 1 });
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    const a = await storedAttempt(h, started.attemptId);
    h.clock.set(new Date(Date.parse(started.deadline) + GRACE_MS - 1));
    await h.ok(STUDENT, 'quiz', 'saveAnswers', {
      attemptId: a._id,
      answers: [{ index: 0, picked: rightPicks(a, 0) }],
    });
    h.clock.advanceMs(2);
    const err = await h.rejects(
      STUDENT,
      'quiz',
      'saveAnswers',
      { attemptId: a._id, answers: [{ index: 1, picked: rightPicks(a, 1) }] },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('时间到了');
    // Submitting late scores what was saved in time.
    const result = await h.ok(STUDENT, 'quiz', 'submit', { attemptId: a._id });
    expect(result).toMatchObject({ correct: 1, total: 10, score: 10, submittedBy: 'expired' });
  });

  it('submits an attempt whose time ran out with what was saved when the pupil comes back', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, { timeLimitMinutes: 5 });
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    const a = await storedAttempt(h, started.attemptId);
    h.clock.advanceMs(30_000);
    await h.ok(STUDENT, 'quiz', 'saveAnswers', {
      attemptId: a._id,
      answers: [
        { index: 0, picked: rightPicks(a, 0) },
        { index: 1, picked: rightPicks(a, 1) },
      ],
    });
    h.clock.advanceHours(2);
    const current = await h.ok(STUDENT, 'quiz', 'current', { quizId });
    expect(current.active).toBeNull();
    expect(current.expired).toMatchObject({
      attemptId: a._id,
      correct: 2,
      score: 20,
      submittedBy: 'expired',
    });
    const again = await h.ok(STUDENT, 'quiz', 'current', { quizId });
    expect(again.expired).toBeNull();
  });

  it('a double submit counts once, even in parallel', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h);
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    const a = await storedAttempt(h, started.attemptId);
    h.clock.advanceMs(20_000);
    await h.ok(STUDENT, 'quiz', 'saveAnswers', {
      attemptId: a._id,
      answers: a.items.map((_, i) => ({ index: i, picked: i < 7 ? rightPicks(a, i) : wrongPicks(a, i) })),
    });
    h.clock.advanceMs(200_000);
    const results = await Promise.all(
      [1, 2, 3].map(() => h.ok(STUDENT, 'quiz', 'submit', { attemptId: a._id })),
    );
    expect(results.map((r) => r.score)).toEqual([70, 70, 70]);
    expect(results.filter((r) => !r.alreadySubmitted)).toHaveLength(1);
    const result = await h.get<ResultDoc>(C.quizResults, `${quizId}:${DEMO_ROSTER_ID}`);
    expect(result).toMatchObject({ attempts: 1, best: 70, passed: true });
    const m = await readQuizTotal(h.store, quizId, 'city', 'city');
    expect(m).toMatchObject({ takers: 1, attempts: 1, bestTenths: 700, passes: 1 });
    expect(await readQuizTotal(h.store, quizId, 'class', DEMO_CLASS)).toEqual(m);
    // After submitting, nothing can change the answers.
    await h.rejects(
      STUDENT,
      'quiz',
      'saveAnswers',
      { attemptId: a._id, answers: [{ index: 9, picked: rightPicks(a, 9) }] },
      'FAILED_PRECONDITION',
    );
  });

  it('allows the set number of attempts; the best score counts; the review shows answers, explanations, sources', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, { attemptsAllowed: 2 });
    const first = await takeQuiz(h, STUDENT, quizId, 8);
    expect(first).toMatchObject({ score: 80, passed: true, best: 80, attemptsLeft: 1, answersShown: true });
    expect(first.certificateCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const review = first.review!;
    expect(review).toHaveLength(10);
    for (const item of review) {
      expect(item.explanation.length).toBeGreaterThan(0);
      expect(item.source.length).toBeGreaterThan(0);
      expect(item.answer.length).toBeGreaterThan(0);
    }
    expect(review.filter((r) => r.correct)).toHaveLength(8);
    const second = await takeQuiz(h, STUDENT, quizId, 5);
    expect(second).toMatchObject({ score: 50, passed: false, best: 80, bestPassed: true, attemptsLeft: 0 });
    expect(second.certificateCode).toBe(first.certificateCode);
    await h.rejects(STUDENT, 'quiz', 'start', { quizId }, 'FAILED_PRECONDITION');
    const mine = await h.ok(STUDENT, 'quiz', 'myResult', { quizId });
    expect(mine.attempts.map((x) => x.score)).toEqual([80, 50]);
    expect(mine).toMatchObject({ best: 80, passed: true, attemptsLeft: 0 });
    expect(mine.review?.attemptId).toBe(first.attemptId);
    const m = await readQuizTotal(h.store, quizId, 'school', 'school-lvyin');
    expect(m).toMatchObject({ takers: 1, attempts: 2, bestTenths: 800, passes: 1 });
    // The certificate verifies on the one public verification path, masked.
    const view = await h.ok(null, 'pledge', 'verify', { code: first.certificateCode! });
    expect(view).toMatchObject({ kind: 'quiz', title: '网络法治小达人', maskedName: '王*雨' });
    expect(JSON.stringify(view)).not.toContain('王小雨');
  });

  it('a better later attempt raises the best score and the sums once', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, { attemptsAllowed: 3 });
    await takeQuiz(h, STUDENT, quizId, 4);
    const before = await readQuizTotal(h.store, quizId, 'city', 'city');
    expect(before).toMatchObject({ takers: 1, bestTenths: 400 });
    expect(before.passes ?? 0).toBe(0);
    await takeQuiz(h, STUDENT, quizId, 9);
    expect(await readQuizTotal(h.store, quizId, 'city', 'city')).toMatchObject({
      takers: 1,
      bestTenths: 900,
      passes: 1,
      attempts: 2,
    });
  });

  it('hides answers until the window closes when the quiz says so', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, { reveal: 'after_close', endDay: '2026-06-20' });
    const done = await takeQuiz(h, STUDENT, quizId, 6);
    expect(done).toMatchObject({ score: 60, answersShown: false, review: null });
    expect(done.answersAt).toBe('2026-06-20T16:00:00.000Z');
    expect(keysOf(done).has('explanation')).toBe(false);
    // Not while an answer sent just before the end may still arrive (the 5 s grace).
    h.clock.set('2026-06-20T16:00:04.000Z');
    expect((await h.ok(STUDENT, 'quiz', 'myResult', { quizId })).answersShown).toBe(false);
    h.clock.set('2026-06-20T16:00:06.000Z');
    const later = await h.ok(STUDENT, 'quiz', 'myResult', { quizId });
    expect(later.answersShown).toBe(true);
    expect(later.review?.items[0].explanation.length).toBeGreaterThan(0);
  });

  it('flags answers faster than a person can read the question (a flag, not a verdict)', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h);
    const done = await takeQuiz(h, STUDENT, quizId, 10, { gapMs: 300 });
    expect(done.score).toBe(100);
    const a = await storedAttempt(h, done.attemptId);
    expect(a.fastCount).toBe(10);
    const cls = await h.ok(DEMO_USERS.teacher, 'quiz', 'classResults', { quizId, classId: DEMO_CLASS });
    expect(cls.pupils.find((p) => p.rosterId === DEMO_ROSTER_ID)).toMatchObject({ fastCount: 10, best: 100 });
    expect(cls.figures.flaggedPupils).toBe(1);
  });
});

describe('quiz: who may take a quiz', () => {
  it('needs an approved claim, a stage in the audience, and guardian consent under 14', async () => {
    const h = await quizHarness();
    const juniorOnly = await createQuiz(h, { audience: { stages: ['junior', 'senior'], parents: false } });
    await h.rejects(STUDENT, 'quiz', 'start', { quizId: juniorOnly }, 'FAILED_PRECONDITION');
    const quizId = await createQuiz(h);
    // The guardian withdraws consent: the under-14 pupil cannot take it on the phone.
    await h.ok(DEMO_USERS.parent, 'identity', 'revokeConsent', { rosterId: DEMO_ROSTER_ID });
    const err = await h.rejects(STUDENT, 'quiz', 'start', { quizId }, 'FAILED_PRECONDITION');
    expect(err.message).toContain('14');
    // A teacher or a parent without a child named is not a pupil.
    await h.rejects(DEMO_USERS.teacher, 'quiz', 'start', { quizId }, 'FAILED_PRECONDITION');
    // Another pupil's attempt cannot be saved or submitted.
    const { pupils } = await seedClass(h, 'class-q-senior', 2);
    const theirs = await h.ok(pupils[0].openid, 'quiz', 'start', { quizId });
    await h.rejects(
      pupils[1].openid,
      'quiz',
      'saveAnswers',
      { attemptId: theirs.attemptId, answers: [{ index: 0, picked: [0] }] },
      'PERMISSION_DENIED',
    );
    await h.rejects(pupils[1].openid, 'quiz', 'submit', { attemptId: theirs.attemptId }, 'PERMISSION_DENIED');
  });

  it('is closed before and after the window and outside the implementation phase', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, { startDay: '2026-06-17', endDay: '2026-06-18' });
    expect((await h.rejects(STUDENT, 'quiz', 'start', { quizId }, 'FAILED_PRECONDITION')).message).toContain(
      '还没开始',
    );
    h.clock.set('2026-06-19T02:00:00.000Z');
    expect((await h.rejects(STUDENT, 'quiz', 'start', { quizId }, 'FAILED_PRECONDITION')).message).toContain(
      '已经结束',
    );
  });

  it('a window ending before the time limit cuts the deadline at the window’s end', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, { endDay: '2026-06-15', timeLimitMinutes: 60 });
    h.clock.set('2026-06-15T15:40:00.000Z'); // 23:40 Beijing
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    expect(started.deadline).toBe('2026-06-15T16:00:00.000Z');
  });

  it('parents take a parents’ quiz for a linked child; the family counts once', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h, {
      title: '家长网络素养知识问答',
      audience: { stages: [], parents: true },
      draw: { count: 8, topics: [], builtin: true, custom: false },
      certificate: null,
    });
    await h.rejects(STUDENT, 'quiz', 'start', { quizId }, 'FAILED_PRECONDITION');
    await h.login(DEMO_USERS.newParent);
    await h.rejects(
      DEMO_USERS.newParent,
      'quiz',
      'start',
      { quizId, childRosterId: DEMO_ROSTER_ID },
      'PERMISSION_DENIED',
    );
    const done = await takeQuiz(h, DEMO_USERS.parent, quizId, 6, { childRosterId: DEMO_ROSTER_ID });
    expect(done).toMatchObject({ score: 75, passed: true, certificateCode: null });
    const a = await storedAttempt(h, done.attemptId);
    expect(a.stage).toBe('parent');
    expect(a.items.every((i) => QUESTION_BANK.find((q) => q.id === i.q)!.stages.includes('parent'))).toBe(
      true,
    );
    const m = await readQuizTotal(h.store, quizId, 'class', DEMO_CLASS);
    expect(m).toMatchObject({ families: 1, familyBestTenths: 750, familyPasses: 1 });
    expect(m.takers ?? 0).toBe(0);
    const home = await h.ok(DEMO_USERS.parent, 'quiz', 'home', {});
    expect(home.family[0].quizzes[0]).toMatchObject({ quizId, attemptsUsed: 1, best: 75 });
  });
});

describe('quiz: bad input leaves the store unchanged', () => {
  it('refuses malformed ids, picks and fields', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h);
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    const a = await storedAttempt(h, started.attemptId);
    h.clock.advanceMs(20_000);
    const multi = a.items.findIndex((i) => QUESTION_BANK.find((q) => q.id === i.q)!.type !== 'multiple');
    const bad: [string, unknown, string][] = [
      ['start', { quizId: 'nope' }, 'INVALID_ARGUMENT'],
      ['start', { quizId: 'f'.repeat(24) }, 'NOT_FOUND'],
      ['start', { quizId, extra: 1 }, 'INVALID_ARGUMENT'],
      ['saveAnswers', { attemptId: a._id, answers: [] }, 'INVALID_ARGUMENT'],
      ['saveAnswers', { attemptId: a._id, answers: [{ index: 10, picked: [0] }] }, 'INVALID_ARGUMENT'],
      ['saveAnswers', { attemptId: a._id, answers: [{ index: 0, picked: [0, 0] }] }, 'INVALID_ARGUMENT'],
      ['saveAnswers', { attemptId: a._id, answers: [{ index: 0, picked: [7] }] }, 'INVALID_ARGUMENT'],
      ['saveAnswers', { attemptId: a._id, answers: [{ index: multi, picked: [0, 1] }] }, 'INVALID_ARGUMENT'],
      ['saveAnswers', { attemptId: `${quizId}:x:1`, answers: [{ index: 0, picked: [0] }] }, 'NOT_FOUND'],
      ['submit', { attemptId: 'x' }, 'INVALID_ARGUMENT'],
      ['submit', { attemptId: a._id, score: 100 }, 'INVALID_ARGUMENT'],
    ];
    for (const [action, input, code] of bad) {
      await h.rejects(STUDENT, 'quiz', action as 'start', input, code as 'INVALID_ARGUMENT');
    }
    await h.rejects(null, 'quiz', 'start', { quizId }, 'UNAUTHENTICATED');
  });
});
