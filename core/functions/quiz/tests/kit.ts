/** Shared setup for the quiz handler tests: the harness, quiz settings, and helpers to answer and seed. */
import { C } from '../../../collections';
import type { Stage, UserDoc } from '../../../model';
import { questionById } from '../../../quiz/bank';
import { rollup } from '../../../stats';
import { seedClaimedClass } from '../../../../testing/fixtures';
import { createHarness, DEMO_USERS, type Harness } from '../../../../testing/harness';
import { addDays } from '../../../time';
import type { AttemptDoc } from '../model';
import type { QuizSettings } from '../schemas';

export { DEMO_USERS };

export const DEMO_CLASS = 'class-lvyin-3-2';
export const DEMO_SCHOOL = 'school-lvyin';
export const DEMO_DISTRICT = 'district-1';
/** 王小雨 (primary, under 14, guardian consent given; her mother is DEMO_USERS.parent). */
export const DEMO_ROSTER_ID = 'class-lvyin-3-2-r1';
export const STUDENT = DEMO_USERS.student;
export const CITY = DEMO_USERS.cityAdmin;

/** Today in the harness (its default instant is inside the demo's implementation phase). */
export const TODAY = '2026-06-15';

/** Settings of a law quiz every pupil stage takes (10 questions, 10 minutes, 2 attempts). */
export function lawSettings(over: Partial<QuizSettings> = {}): QuizSettings {
  return {
    title: '网络法律知识竞赛',
    description: '围绕《网络安全法》《网络信息内容生态治理规定》等法规答题。',
    audience: { stages: ['primary', 'junior', 'senior'], parents: false },
    draw: {
      count: 10,
      topics: ['网络安全法', '生态治理规定', '未成年人网络保护', '个人信息保护'],
      minPerTopic: { 网络安全法: 2, 生态治理规定: 2 },
      builtin: true,
      custom: false,
    },
    timeLimitMinutes: 10,
    attemptsAllowed: 2,
    startDay: addDays(TODAY, -1),
    endDay: addDays(TODAY, 20),
    passMark: 60,
    reveal: 'after_submit',
    certificate: '网络法治小达人',
    ...over,
  };
}

/** Create a city quiz as the city admin; answers its id. */
export async function createQuiz(h: Harness, over: Partial<QuizSettings> = {}): Promise<string> {
  const { quizId } = await h.ok(CITY, 'quiz', 'createQuiz', { level: 'city', settings: lawSettings(over) });
  return quizId;
}

/** The stored attempt. */
export async function storedAttempt(h: Harness, attemptId: string): Promise<AttemptDoc> {
  const a = await h.get<AttemptDoc>(C.quizAttempts, attemptId);
  if (!a) throw new Error(`no attempt ${attemptId}`);
  return a;
}

/** The shown positions that answer item `index` of a stored attempt correctly (bank questions). */
export function rightPicks(a: AttemptDoc, index: number): number[] {
  const item = a.items[index];
  const q = questionById(item.q);
  if (!q) throw new Error(`not a bank question: ${item.q}`);
  return q.answer.map((orig) => item.o.indexOf(orig)).sort((x, y) => x - y);
}

/** A wrong pick for item `index` (the first shown option that is not part of the answer). */
export function wrongPicks(a: AttemptDoc, index: number): number[] {
  const right = rightPicks(a, index);
  const k = a.items[index].o.findIndex((_, pos) => !right.includes(pos));
  return [k];
}

/**
 * Answer every question of an attempt, `correct` of them right (the first ones), one save per answer with
 * `gapMs` between saves (a reading pace: no fast flags), then submit. Answers the submit result.
 */
export async function takeQuiz(
  h: Harness,
  openid: string,
  quizId: string,
  correct: number,
  opts: { gapMs?: number; childRosterId?: string } = {},
) {
  const started = await h.ok(openid, 'quiz', 'start', {
    quizId,
    ...(opts.childRosterId ? { childRosterId: opts.childRosterId } : {}),
  });
  const a = await storedAttempt(h, started.attemptId);
  for (let i = 0; i < a.items.length; i++) {
    h.clock.advanceMs(opts.gapMs ?? 15_000);
    await h.ok(openid, 'quiz', 'saveAnswers', {
      attemptId: a._id,
      answers: [{ index: i, picked: i < correct ? rightPicks(a, i) : wrongPicks(a, i) }],
    });
  }
  return h.ok(openid, 'quiz', 'submit', { attemptId: a._id });
}

let seededClasses = 0;

/**
 * Seed a class of `size` approved pupils straight into the store (senior: over 14, no consent needed),
 * with roster counters; answers each pupil's openid and roster id.
 */
export async function seedClass(
  h: Harness,
  classId: string,
  size: number,
  opts: { schoolId?: string; districtId?: string; stage?: Stage; teacher?: string } = {},
): Promise<{ classId: string; pupils: { openid: string; rosterId: string; name: string }[] }> {
  const schoolId = opts.schoolId ?? DEMO_SCHOOL;
  const districtId = opts.districtId ?? DEMO_DISTRICT;
  const at = h.clock.now().toISOString();
  const pupils = await seedClaimedClass(
    h.store,
    {
      classId,
      schoolId,
      districtId,
      stage: opts.stage ?? 'senior',
      grade: 2,
      classNo: 60 + seededClasses++,
      teacherIds: opts.teacher ? [opts.teacher] : [],
    },
    size,
    h.clock.now(),
  );
  if (opts.teacher) {
    const existing = await h.store.get<UserDoc>(C.users, opts.teacher);
    const grant = { role: 'teacher' as const, districtId, schoolId };
    if (!existing) {
      await h.store.insert<UserDoc>(C.users, {
        _id: opts.teacher,
        roles: [grant],
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  await rollup(h.store, h.clock.now());
  return { classId, pupils };
}

/** A harness with the demo city. */
export const quizHarness = () => createHarness();

/** Every key anywhere in a JSON value. */
export function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}
