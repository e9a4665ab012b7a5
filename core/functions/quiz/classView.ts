import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { precondition } from '../../errors';
import type { ClassDoc, FamilyDoc, RosterDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { classFor } from '../../permissions';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { rate } from '../../stats';
import { DuplicateKeyError, findAll } from '../../store';
import { dayIn } from '../../time';
import { mustQuiz, parentsOfClassTake, pupilsOfClassTake } from './access';
import { finalizeExpired } from './finish';
import { type AttemptDoc, QUIZ_PHASES, type QuizDoc, type ResultDoc, fromTenths } from './model';
import { questionsByIds } from './pool';
import { quizSummary } from './results';
import { quizId } from './schemas';

/** Reminder template name (a subscribe-message template on CloudBase). */
export const QUIZ_REMIND_TEMPLATE = 'quiz_remind';

/** One pupil's line in a class's quiz view. */
export interface PupilQuizRow {
  rosterId: string;
  name: string;
  studentNo?: string;
  claimed: boolean;
  /** Someone can receive a reminder (the pupil's own account or a linked parent). */
  reachable: boolean;
  state: 'done' | 'active' | 'none';
  attempts: number;
  best: number | null;
  passed: boolean;
  /** Answers in the best attempt given faster than the question can be read (a flag, not a verdict). */
  fastCount: number;
  /** The family's best in a quiz parents take (null when none took it). */
  familyBest: number | null;
  remindedToday: boolean;
}

/** Meta key that marks one reminder per pupil per quiz per day. */
function remindKey(quizId: string, day: string, rosterId: string): string {
  return `remind:quiz:${quizId}:${day}:${rosterId}`;
}

/** The class's quiz rows, read from the source (O(class size)); finalises the class's expired attempts. */
export async function classQuizRows(services: Services, quiz: QuizDoc, cls: ClassDoc, now: Date) {
  const { store } = services;
  const [roster, results, attempts, families] = await Promise.all([
    findAll<RosterDoc>(store, C.roster, { classId: cls._id }, { createdAt: 1 }),
    findAll<ResultDoc>(store, C.quizResults, { quizId: quiz._id, classId: cls._id }),
    findAll<AttemptDoc>(store, C.quizAttempts, { quizId: quiz._id, status: 'active', classId: cls._id }),
    findAll<FamilyDoc>(store, C.families, { classId: cls._id, status: 'active' }),
  ]);
  const stillActive = (await finalizeExpired(services, quiz, attempts, now)).filter(
    (a) => a.status === 'active',
  );
  const fresh =
    stillActive.length === attempts.length
      ? results
      : await findAll<ResultDoc>(store, C.quizResults, { quizId: quiz._id, classId: cls._id });
  const day = dayIn(now);
  const reminded = new Set(
    (
      await findAll<{ _id: string; ref: string }>(store, C.meta, {
        _id: { $in: roster.map((r) => remindKey(quiz._id, day, r._id)) },
      })
    ).map((m) => m.ref),
  );
  const pupilResult = new Map(fresh.filter((r) => r.role === 'pupil').map((r) => [r.rosterId, r]));
  const familyResult = new Map(fresh.filter((r) => r.role === 'parent').map((r) => [r.rosterId, r]));
  const activeOf = new Set(stillActive.filter((a) => a.role === 'pupil').map((a) => a.rosterId));
  const rows: PupilQuizRow[] = roster.map((r) => {
    const res = pupilResult.get(r._id);
    const claimed = r.claimStatus !== 'unclaimed' && !!r.claimedBy;
    return {
      rosterId: r._id,
      name: r.name,
      ...(r.studentNo ? { studentNo: r.studentNo } : {}),
      claimed,
      reachable: claimed || families.some((f) => f.rosterId === r._id),
      state: res ? 'done' : activeOf.has(r._id) ? 'active' : 'none',
      attempts: res?.attempts ?? 0,
      best: res ? res.best : null,
      passed: !!res?.passed,
      fastCount: res?.fastCount ?? 0,
      familyBest: familyResult.get(r._id)?.best ?? null,
      remindedToday: reminded.has(r._id),
    };
  });
  return { rows, results: fresh };
}

/** Figures of a set of pupil rows. */
export function classFigures(rows: PupilQuizRow[]) {
  const done = rows.filter((r) => r.state === 'done');
  const sum = done.reduce((n, r) => n + Math.round((r.best ?? 0) * 10), 0);
  const families = rows.filter((r) => r.familyBest !== null);
  return {
    roster: rows.length,
    takers: done.length,
    rate: rate(done.length, rows.length),
    meanBest: done.length ? fromTenths(Math.round(sum / done.length)) : null,
    topScore: done.length ? Math.max(...done.map((r) => r.best ?? 0)) : null,
    passes: done.filter((r) => r.passed).length,
    passRate: rate(done.filter((r) => r.passed).length, rows.length),
    flaggedPupils: done.filter((r) => r.fastCount > 0).length,
    inProgress: rows.filter((r) => r.state === 'active').length,
    families: families.length,
    familyRate: rate(families.length, rows.length),
  };
}

/** Per-question correct rates over the best attempts of some results (hardest first). */
export async function questionRates(services: Services, results: ResultDoc[]) {
  const tally = new Map<string, { n: number; correct: number }>();
  for (const r of results) {
    for (const item of r.bestItems) {
      const t = tally.get(item.q) ?? { n: 0, correct: 0 };
      t.n++;
      if (item.c) t.correct++;
      tally.set(item.q, t);
    }
  }
  const questions = await questionsByIds(services, [...tally.keys()]);
  return [...tally.entries()]
    .map(([id, t]) => {
      const q = questions.get(id);
      return {
        questionId: id,
        stem: q?.stem ?? '',
        type: q?.type ?? 'single',
        answerText: q ? q.answer.map((i) => q.options[i]).join('；') : '',
        n: t.n,
        correct: t.correct,
        rate: rate(t.correct, t.n),
      };
    })
    .sort((a, b) => a.rate - b.rate || b.n - a.n || a.questionId.localeCompare(b.questionId));
}

/** Load a class the caller manages and check the quiz covers it. */
async function classOfQuiz(
  services: Services,
  user: Parameters<typeof classFor>[1],
  quiz: QuizDoc,
  classId: string,
) {
  const cls = await classFor(services.store, user, classId, 'manage');
  if (!pupilsOfClassTake(quiz, cls) && !parentsOfClassTake(quiz, cls)) {
    throw precondition(`「${quiz.title}」不包括这个班级`);
  }
  return cls;
}

/**
 * The teacher's view of one quiz in their class: who has taken it and who not (with reminders), the mean
 * and best scores, the pass rate, each question's correct rate in the class (over best attempts), and fast
 * answers as flags. Reads the class's own records: O(class size).
 */
export const classResults = defineAction({
  title: '班级答题情况',
  input: z.object({ quizId, classId: s.id }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, now }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const cls = await classOfQuiz(services, user, quiz, input.classId);
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    const { rows, results } = await classQuizRows(services, quiz, cls, now);
    return {
      quiz: quizSummary(quiz, now),
      classId: cls._id,
      className: className(cls),
      schoolId: cls.schoolId,
      schoolName: school?.name ?? '',
      pupilsTake: pupilsOfClassTake(quiz, cls),
      parentsTake: parentsOfClassTake(quiz, cls),
      figures: classFigures(rows),
      pupils: rows,
      questions: await questionRates(
        services,
        results.filter((r) => r.role === 'pupil'),
      ),
    };
  },
});

/**
 * Remind pupils of a class who have not taken the quiz (their own account and their linked parents):
 * a subscribe message on WeChat, a record in local mode; at most once per pupil per quiz per day.
 */
export const remindQuiz = defineAction({
  title: '提醒答题',
  input: z.object({ quizId, classId: s.id, rosterIds: z.array(s.id).max(80).optional() }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  phases: QUIZ_PHASES,
  async handler({ services, user, openid, now }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const cls = await classOfQuiz(services, user, quiz, input.classId);
    if (quiz.withdrawn || now.toISOString() >= quiz.closesAt)
      throw precondition('竞赛已经结束，不用再提醒了');
    const { rows } = await classQuizRows(services, quiz, cls, now);
    const only = input.rosterIds ? new Set(input.rosterIds) : null;
    const pupilsTake = pupilsOfClassTake(quiz, cls);
    const targets = rows.filter(
      (r) => (pupilsTake ? r.state === 'none' : r.familyBest === null) && (!only || only.has(r.rosterId)),
    );
    const day = dayIn(now);
    let reminded = 0;
    let already = 0;
    let unreachable = 0;
    for (const row of targets) {
      if (!row.reachable) {
        unreachable++;
        continue;
      }
      try {
        await services.store.insert(C.meta, {
          _id: remindKey(quiz._id, day, row.rosterId),
          ref: row.rosterId,
        });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        already++;
        continue;
      }
      const entry = await services.store.get<RosterDoc>(C.roster, row.rosterId);
      const parents = await findAll<FamilyDoc>(services.store, C.families, {
        rosterId: row.rosterId,
        status: 'active',
      });
      const recipients = new Set([
        ...(pupilsTake && entry?.claimedBy ? [entry.claimedBy] : []),
        ...parents.map((p) => p.parentOpenid),
      ]);
      for (const to of recipients) {
        await services.notifier.remind(to, QUIZ_REMIND_TEMPLATE, {
          thing1: quiz.title,
          thing2: className(cls),
          thing3: `请在 ${quiz.endDay} 前打开小程序答题`,
        });
      }
      reminded++;
    }
    if (reminded) await audit(services, openid, 'quiz.remind', cls._id, { quizId: quiz._id, reminded });
    return { reminded, already, unreachable };
  },
});
