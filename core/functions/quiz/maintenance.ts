import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { defineAction } from '../../router';
import type { Services } from '../../services';
import { recount as recountCore, type ClassUnit } from '../../stats';
import { findAll } from '../../store';
import { managedQuiz } from './access';
import { ADMINS } from './bank';
import { recountQuiz } from './counters';
import { finalize } from './finish';
import type { ClassDoc } from '../../model';
import { type AttemptDoc, GRACE_MS, type QuizDoc, type ResultDoc } from './model';
import { quizId } from './schemas';

/**
 * Submit attempts whose time ran out and nobody submitted (the pupil closed the app for good): the answers
 * saved in time are scored and counted. Pages finalise their own attempts when they are read; this catches
 * the rest, a bounded batch per call (a timer may call it; `quiz.recount` runs it for one quiz).
 */
export async function finalizeDue(
  services: Services,
  now: Date,
  opts: { quizId?: string; batch?: number } = {},
): Promise<number> {
  const due = await services.store.find<AttemptDoc>(
    C.quizAttempts,
    {
      status: 'active',
      deadline: { $lt: new Date(now.getTime() - GRACE_MS).toISOString() },
      ...(opts.quizId ? { quizId: opts.quizId } : {}),
    },
    { sort: { deadline: 1 }, limit: opts.batch ?? 200 },
  );
  const quizzes = new Map<string, QuizDoc | null>();
  let n = 0;
  for (const a of due) {
    if (!quizzes.has(a.quizId)) quizzes.set(a.quizId, await services.store.get<QuizDoc>(C.quizzes, a.quizId));
    const quiz = quizzes.get(a.quizId);
    if (!quiz) continue;
    if ((await finalize(services, quiz, a, 'expired', now)).counted) n++;
  }
  return n;
}

/**
 * Rebuild a quiz's counters from its results (after submitting the attempts whose time ran out), and the
 * campaign-wide quiz metrics of the classes that took it. A repair tool for the admins who run the quiz.
 */
export const recountQuizNow = defineAction({
  title: '重新核对竞赛数据',
  input: z.object({ quizId }).strict(),
  access: [...ADMINS],
  async handler({ services, user, openid, now }, input) {
    const quiz = await managedQuiz(services, user, input.quizId);
    let finalized = 0;
    for (let batch = await finalizeDue(services, now, { quizId: quiz._id }); batch > 0;) {
      finalized += batch;
      batch = await finalizeDue(services, now, { quizId: quiz._id });
    }
    const report = await recountQuiz(services.store, quiz._id, now);
    const classIds = [
      ...new Set(
        (await findAll<ResultDoc>(services.store, C.quizResults, { quizId: quiz._id })).map((r) => r.classId),
      ),
    ];
    const units: ClassUnit[] = [];
    for (const id of classIds) {
      const cls = await services.store.get<ClassDoc>(C.classes, id);
      if (cls) units.push({ classId: cls._id, schoolId: cls.schoolId, districtId: cls.districtId });
    }
    await recountCore(services.store, units, now);
    await audit(services, openid, 'quiz.recount', quiz._id, { ...report, finalized });
    return { ...report, finalized };
  },
});
