import { C } from '../../../collections';
import type { QuizDoc } from '../model';
import {
  CITY,
  createQuiz,
  DEMO_DISTRICT,
  DEMO_SCHOOL,
  DEMO_USERS,
  lawSettings,
  quizHarness,
  STUDENT,
  takeQuiz,
} from './kit';

describe('quiz.createQuiz', () => {
  it('creates a quiz at each level for the admins of that level only', async () => {
    const h = await quizHarness();
    const city = await h.ok(CITY, 'quiz', 'createQuiz', { level: 'city', settings: lawSettings() });
    const doc = await h.get<QuizDoc>(C.quizzes, city.quizId);
    expect(doc).toMatchObject({
      level: 'city',
      unitKey: 'city',
      unitName: '濮阳市',
      timeLimitSeconds: 600,
      opensAt: '2026-06-13T16:00:00.000Z',
      closesAt: '2026-07-05T16:00:00.000Z',
      draw: { count: 10, minPerTopic: { 网络安全法: 2, 生态治理规定: 2 } },
    });
    await h.ok(DEMO_USERS.districtAdmin, 'quiz', 'createQuiz', {
      level: 'district',
      id: DEMO_DISTRICT,
      settings: lawSettings({ title: '华龙区网络安全知识竞赛' }),
    });
    await h.ok(DEMO_USERS.schoolAdmin, 'quiz', 'createQuiz', {
      level: 'school',
      id: DEMO_SCHOOL,
      settings: lawSettings({
        title: '绿茵小学网络安全知识竞赛',
        audience: { stages: ['primary'], parents: true },
      }),
    });
    // Out of scope: a district admin at city level, a school admin at another school, a teacher anywhere.
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'quiz',
      'createQuiz',
      { level: 'city', settings: lawSettings() },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.schoolAdmin,
      'quiz',
      'createQuiz',
      { level: 'school', id: 'school-xinghe', settings: lawSettings() },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'quiz',
      'createQuiz',
      { level: 'district', id: 'district-2', settings: lawSettings() },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.teacher,
      'quiz',
      'createQuiz',
      { level: 'city', settings: lawSettings() },
      'PERMISSION_DENIED',
    );
    // Each sees the quizzes it runs; the school admin also sees the ones above that cover the school.
    const school = await h.ok(DEMO_USERS.schoolAdmin, 'quiz', 'home', {});
    expect(school.manage.map((q) => q.title)).toEqual(['绿茵小学网络安全知识竞赛']);
    expect(school.view.map((q) => q.title).sort()).toEqual(
      ['华龙区网络安全知识竞赛', '网络法律知识竞赛'].sort(),
    );
  });

  it('keeps the window inside the implementation phase', async () => {
    const h = await quizHarness();
    // Demo phases: implementation from 2026-06-05 to 2026-08-14.
    const outside = [
      { startDay: '2026-06-01', endDay: '2026-06-20' },
      { startDay: '2026-06-20', endDay: '2026-08-30' },
      { startDay: '2026-06-20', endDay: '2026-06-19' },
      { startDay: '2026-06-06', endDay: '2026-06-10' },
    ];
    for (const w of outside) {
      await h.rejects(
        CITY,
        'quiz',
        'createQuiz',
        { level: 'city', settings: lawSettings(w) },
        'INVALID_ARGUMENT',
      );
    }
  });

  it('refuses a draw the bank cannot give every stage, naming the stage and what is short', async () => {
    const h = await quizHarness();
    const err = await h.rejects(
      CITY,
      'quiz',
      'createQuiz',
      {
        level: 'city',
        settings: lawSettings({
          draw: { count: 30, topics: ['网络安全法'], builtin: true, custom: false },
        }),
      },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('小学');
    const mix = await h.rejects(
      CITY,
      'quiz',
      'createQuiz',
      {
        level: 'city',
        settings: lawSettings({
          draw: {
            count: 10,
            topics: [],
            difficulty: { 1: 0.2, 2: 0.5, 3: 0.3 },
            builtin: true,
            custom: false,
          },
        }),
      },
      'FAILED_PRECONDITION',
    );
    expect(mix.message).toMatch(/难度「难」/);
    // Shares that do not sum to 1 are bad input.
    await h.rejects(
      CITY,
      'quiz',
      'createQuiz',
      {
        level: 'city',
        settings: lawSettings({
          draw: { count: 10, topics: [], difficulty: { 1: 0.5, 2: 0.2 }, builtin: true, custom: false },
        }),
      },
      'INVALID_ARGUMENT',
    );
    // The preview says the same without writing anything.
    const preview = await h.unchanged(() =>
      h.ok(CITY, 'quiz', 'previewQuiz', {
        level: 'city',
        settings: lawSettings({ draw: { count: 30, topics: ['网络安全法'], builtin: true, custom: false } }),
      }),
    );
    expect(preview.problems.join('')).toContain('小学');
    expect(preview.poolSizes.find((p) => p.stage === 'senior')!.available).toBeGreaterThan(30);
  });

  it('refuses bad settings with the store unchanged', async () => {
    const h = await quizHarness();
    const bad = [
      lawSettings({ title: 'x' }),
      lawSettings({ audience: { stages: [], parents: false } }),
      lawSettings({ passMark: 101 }),
      lawSettings({ attemptsAllowed: 0 }),
      lawSettings({ timeLimitMinutes: 0 }),
      lawSettings({ draw: { count: 3, topics: [], builtin: true, custom: false } }),
      lawSettings({ draw: { count: 10, topics: [], builtin: false, custom: false } }),
      { ...lawSettings(), extra: true },
    ];
    for (const settings of bad) {
      await h.rejects(CITY, 'quiz', 'createQuiz', { level: 'city', settings }, 'INVALID_ARGUMENT');
    }
    // A title the content check refuses.
    await h.rejects(
      CITY,
      'quiz',
      'createQuiz',
      { level: 'city', settings: lawSettings({ title: '加我微信 13812345678' }) },
      'INVALID_ARGUMENT',
    );
  });
});

describe('quiz.updateQuiz and withdrawQuiz', () => {
  it('changes anything before anyone starts, only the live fields after', async () => {
    const h = await quizHarness();
    const quizId = await createQuiz(h);
    await h.ok(CITY, 'quiz', 'updateQuiz', {
      quizId,
      settings: lawSettings({ passMark: 70, timeLimitMinutes: 15 }),
    });
    expect(await h.get<QuizDoc>(C.quizzes, quizId)).toMatchObject({ passMark: 70, timeLimitSeconds: 900 });
    await h.ok(STUDENT, 'quiz', 'start', { quizId });
    await h.rejects(
      CITY,
      'quiz',
      'updateQuiz',
      { quizId, settings: lawSettings({ passMark: 50, timeLimitMinutes: 15 }) },
      'FAILED_PRECONDITION',
    );
    const live = await h.ok(CITY, 'quiz', 'updateQuiz', {
      quizId,
      settings: lawSettings({
        passMark: 70,
        timeLimitMinutes: 15,
        title: '网络法律知识竞赛（决赛）',
        endDay: '2026-07-30',
        reveal: 'after_close',
      }),
    });
    expect(live.started).toBe(true);
    expect(await h.get<QuizDoc>(C.quizzes, quizId)).toMatchObject({
      title: '网络法律知识竞赛（决赛）',
      endDay: '2026-07-30',
      reveal: 'after_close',
    });
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'quiz',
      'updateQuiz',
      { quizId, settings: lawSettings() },
      'PERMISSION_DENIED',
    );
    const settings = await h.ok(CITY, 'quiz', 'quizSettings', { quizId });
    expect(settings).toMatchObject({ started: true, settings: { passMark: 70, timeLimitMinutes: 15 } });
  });

  it('deletes an unstarted quiz; closes and hides a started one, keeping its results', async () => {
    const h = await quizHarness();
    const unused = await createQuiz(h);
    expect(await h.ok(CITY, 'quiz', 'withdrawQuiz', { quizId: unused })).toEqual({
      removed: true,
      withdrawn: false,
    });
    expect(await h.get(C.quizzes, unused)).toBeNull();
    const quizId = await createQuiz(h);
    await takeQuiz(h, STUDENT, quizId, 7);
    expect(await h.ok(CITY, 'quiz', 'withdrawQuiz', { quizId })).toEqual({ removed: false, withdrawn: true });
    expect((await h.ok(STUDENT, 'quiz', 'home', {})).pupil?.quizzes).toEqual([]);
    await h.rejects(STUDENT, 'quiz', 'start', { quizId }, 'FAILED_PRECONDITION');
    expect((await h.ok(STUDENT, 'quiz', 'myResult', { quizId })).best).toBe(70);
  });
});
