import { z } from 'zod';
import { registerCertificateKind } from '../../certificates';
import { C } from '../../collections';
import { qrTarget } from '../../miniCodes';
import { notFound } from '../../errors';
import type { ClassDoc, SchoolDoc, UserDoc } from '../../model';
import { className } from '../../org';
import { approvedEntry, claimedEntry, isCityAdmin, managesQuizUnit, studentGrantOf } from '../../permissions';
import { isUnder14 } from '../../privacy';
import { defineAction } from '../../router';
import type { Services } from '../../services';
import { findAll } from '../../store';
import { yearIn } from '../../time';
import { hasGuardianConsent } from '../identity/family';
import { VERIFY_PAGE } from '../pledge/sign';
import {
  childrenOf,
  mustQuiz,
  parentsOfClassTake,
  pupilsOfClassTake,
  QUIZ_CONSENT_MESSAGE,
  takerFor,
} from './access';
import { readQuizTotal } from './counters';
import { attemptsOf, finalizeExpired, itemQuestions, reviewOf } from './finish';
import {
  answersShown,
  type AttemptDoc,
  type QuizDoc,
  type ResultDoc,
  resultId,
  type TakerRole,
  windowState,
} from './model';
import { attemptIdSchema, childRosterId, quizId } from './schemas';

/** What everyone may know about a quiz (no questions, no answers). */
export function quizSummary(quiz: QuizDoc, now: Date) {
  return {
    quizId: quiz._id,
    title: quiz.title,
    description: quiz.description,
    level: quiz.level,
    unitName: quiz.unitName,
    state: windowState(quiz, now),
    startDay: quiz.startDay,
    endDay: quiz.endDay,
    closesAt: quiz.closesAt,
    count: quiz.draw.count,
    timeLimitSeconds: quiz.timeLimitSeconds,
    attemptsAllowed: quiz.attemptsAllowed,
    passMark: quiz.passMark,
    reveal: quiz.reveal,
    certificate: quiz.certificate,
    audience: quiz.audience,
  };
}

/** One taker's standing in a quiz, for lists. */
async function standing(
  services: Services,
  quiz: QuizDoc,
  role: TakerRole,
  takerKey: string,
  rosterId: string,
  now: Date,
) {
  const attempts = await finalizeExpired(services, quiz, await attemptsOf(services, quiz._id, takerKey), now);
  const result = await services.store.get<ResultDoc>(C.quizResults, resultId(quiz._id, role, rosterId));
  const mine = attempts.filter((a) => a.status === 'submitted');
  return {
    attemptsUsed: attempts.length,
    active: attempts.some((a) => a.status === 'active'),
    /** The taker's own best (a family's result may hold another parent's better score). */
    best: mine.length ? Math.max(...mine.map((a) => a.score ?? 0)) : null,
    passed: mine.some((a) => (a.score ?? 0) >= quiz.passMark),
    certificateCode: role === 'pupil' ? (result?.verifyCode ?? null) : null,
  };
}

/** Quizzes of these unit keys, newest first. */
async function quizzesOf(services: Services, keys: string[]): Promise<QuizDoc[]> {
  if (!keys.length) return [];
  const list = await services.store.find<QuizDoc>(
    C.quizzes,
    { unitKey: { $in: keys } },
    { sort: { createdAt: -1 }, limit: 200 },
  );
  return list;
}

/** The unit keys whose quizzes cover a class. */
function keysCovering(cls: Pick<ClassDoc, 'districtId' | 'schoolId'>): string[] {
  return ['city', `d:${cls.districtId}`, `s:${cls.schoolId}`];
}

/** The units the caller administers (where they may create quizzes and keep a question bank). */
async function adminUnits(services: Services, user: UserDoc) {
  const units: { level: 'city' | 'district' | 'school'; id: string | null; name: string }[] = [];
  if (isCityAdmin(user)) units.push({ level: 'city', id: null, name: '全市' });
  for (const g of user.roles) {
    if (g.role === 'district_admin') {
      const d = await services.store.get<{ _id: string; name: string }>(C.districts, g.districtId);
      units.push({ level: 'district', id: g.districtId, name: d?.name ?? '' });
    }
    if (g.role === 'school_admin') {
      const sc = await services.store.get<SchoolDoc>(C.schools, g.schoolId);
      units.push({ level: 'school', id: g.schoolId, name: sc?.name ?? '' });
    }
  }
  return units;
}

/**
 * The caller's quiz page: quizzes to take (a pupil's, each linked child's for a parent) with their own
 * standing; for teachers, the quizzes of each class they teach; for admins, the quizzes they run and the
 * ones of the units above them that cover theirs. Reads the caller's own records only.
 */
export const quizHome = defineAction({
  title: '知识竞赛',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, openid, now }) {
    const { store } = services;
    // A pupil's quizzes.
    let pupil: {
      name: string;
      className: string;
      notice: string | null;
      quizzes: (ReturnType<typeof quizSummary> & Awaited<ReturnType<typeof standing>>)[];
    } | null = null;
    if (studentGrantOf(user)) {
      const entry = await claimedEntry(services, user).catch(() => null);
      const cls = entry ? await store.get<ClassDoc>(C.classes, entry.classId) : null;
      if (entry && cls) {
        let notice: string | null = null;
        if (entry.claimStatus !== 'approved') {
          notice = '老师确认你认领的名字后，才能参加知识竞赛。';
        } else if (isUnder14(entry, cls, yearIn(now)) && !(await hasGuardianConsent(services, entry._id))) {
          notice = QUIZ_CONSENT_MESSAGE;
        }
        const quizzes = (await quizzesOf(services, keysCovering(cls))).filter(
          (q) => !q.withdrawn && pupilsOfClassTake(q, cls),
        );
        pupil = {
          name: entry.name,
          className: className(cls),
          notice,
          quizzes: await Promise.all(
            quizzes.map(async (q) => ({
              ...quizSummary(q, now),
              ...(await standing(services, q, 'pupil', entry._id, entry._id, now)),
            })),
          ),
        };
      }
    }
    // A parent's quizzes, per linked child.
    const family = [];
    for (const { entry, cls } of await childrenOf(services, openid)) {
      const quizzes = (await quizzesOf(services, keysCovering(cls))).filter(
        (q) => !q.withdrawn && parentsOfClassTake(q, cls),
      );
      family.push({
        rosterId: entry._id,
        childName: entry.name,
        className: className(cls),
        quizzes: await Promise.all(
          quizzes.map(async (q) => ({
            ...quizSummary(q, now),
            ...(await standing(services, q, 'parent', openid, entry._id, now)),
          })),
        ),
      });
    }
    // A teacher's classes.
    const teach = [];
    if (user.roles.some((g) => g.role === 'teacher')) {
      const classes = await findAll<ClassDoc>(store, C.classes, { teacherIds: openid });
      for (const cls of classes) {
        const quizzes = (await quizzesOf(services, keysCovering(cls))).filter(
          (q) => pupilsOfClassTake(q, cls) || parentsOfClassTake(q, cls),
        );
        teach.push({
          classId: cls._id,
          className: className(cls),
          schoolId: cls.schoolId,
          quizzes: quizzes.map((q) => quizSummary(q, now)),
        });
      }
    }
    // An admin's quizzes: the ones they run, and those of the units above that cover their unit.
    const units = await adminUnits(services, user);
    const manage = [];
    const view = [];
    if (units.length) {
      const keys = new Set<string>();
      for (const u of units) {
        if (u.level === 'city') keys.add('city');
        if (u.level === 'district') keys.add(`d:${u.id}`).add('city');
        if (u.level === 'school') {
          const sc = await store.get<SchoolDoc>(C.schools, u.id!);
          keys.add(`s:${u.id}`).add('city');
          if (sc) keys.add(`d:${sc.districtId}`);
        }
      }
      const all = isCityAdmin(user)
        ? await store.find<QuizDoc>(C.quizzes, {}, { sort: { createdAt: -1 }, limit: 200 })
        : await quizzesOf(services, [...keys]);
      for (const q of all) {
        if (managesQuizUnit(user, q)) {
          const m = await readQuizTotal(store, q._id, q.level, q.level === 'city' ? 'city' : q.unitId);
          manage.push({
            ...quizSummary(q, now),
            withdrawn: !!q.withdrawn,
            takers: m.takers ?? 0,
            families: m.families ?? 0,
          });
        } else {
          view.push(quizSummary(q, now));
        }
      }
    }
    return { pupil, family, teach, manage, view, units };
  },
});

/** A quiz's public settings and the caller's own standing (as a pupil, or as a parent for a child). */
export const quizInfo = defineAction({
  title: '竞赛说明',
  input: z.object({ quizId, childRosterId }).strict(),
  access: 'user',
  async handler({ services, user, now }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const taker = await takerFor(services, user, quiz, input.childRosterId, now);
    return {
      ...quizSummary(quiz, now),
      role: taker.role,
      ...(await standing(services, quiz, taker.role, taker.takerKey, taker.rosterId, now)),
    };
  },
});

/**
 * The taker's results of a quiz: every submitted attempt's score, the best, the certificate, and one
 * attempt's review (each question with the pick, the right answer, the explanation and its source) once
 * the quiz shows answers (right after submitting, or after the window closes).
 */
export const myResult = defineAction({
  title: '我的成绩',
  input: z.object({ quizId, childRosterId, attemptId: attemptIdSchema.optional() }).strict(),
  access: 'user',
  async handler({ services, user, now }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const taker = await takerFor(services, user, quiz, input.childRosterId, now);
    const attempts = await finalizeExpired(
      services,
      quiz,
      await attemptsOf(services, quiz._id, taker.takerKey),
      now,
    );
    const done = attempts.filter((a) => a.status === 'submitted');
    const result = await services.store.get<ResultDoc>(
      C.quizResults,
      resultId(quiz._id, taker.role, taker.rosterId),
    );
    const best = done.reduce<AttemptDoc | null>(
      (b, a) => (!b || (a.score ?? 0) > (b.score ?? 0) ? a : b),
      null,
    );
    const chosen = input.attemptId ? done.find((a) => a._id === input.attemptId) : best;
    if (input.attemptId && !chosen) throw notFound('没有找到这次答题');
    const shown = answersShown(quiz, now);
    return {
      quiz: quizSummary(quiz, now),
      attempts: done.map((a) => ({
        attemptId: a._id,
        n: a.n,
        score: a.score ?? 0,
        correct: a.correct ?? 0,
        total: a.items.length,
        passed: (a.score ?? 0) >= quiz.passMark,
        submittedAt: a.submittedAt ?? null,
        submittedBy: a.submittedBy ?? 'taker',
      })),
      active: attempts.some((a) => a.status === 'active'),
      attemptsLeft: Math.max(0, quiz.attemptsAllowed - attempts.length),
      best: best?.score ?? null,
      passed: done.some((a) => (a.score ?? 0) >= quiz.passMark),
      certificateCode: taker.role === 'pupil' ? (result?.verifyCode ?? null) : null,
      answersShown: shown,
      answersAt: shown ? null : quiz.closesAt,
      review:
        chosen && shown
          ? {
              attemptId: chosen._id,
              n: chosen.n,
              items: reviewOf(chosen, await itemQuestions(services, chosen)),
            }
          : null,
    };
  },
});

/** Public lines of a quiz certificate. */
async function certificateView(services: Services, result: ResultDoc, quiz: QuizDoc) {
  const school = await services.store.get<SchoolDoc>(C.schools, result.schoolId);
  return {
    kind: 'quiz' as const,
    title: quiz.certificate ?? '知识竞赛合格证书',
    maskedName: result.maskedName,
    salutation: '同学',
    schoolName: school?.name ?? '',
    day: new Date(Date.parse(result.certifiedAt ?? result.bestAt) + 8 * 3600_000).toISOString().slice(0, 10),
    lines: [`参加「${quiz.title}」，成绩合格`, `主办：${quiz.unitName}`],
  };
}

registerCertificateKind('quiz', async (services, ref, code) => {
  const result = await services.store.get<ResultDoc>(C.quizResults, ref);
  if (!result || result.verifyCode !== code) return null;
  const quiz = await services.store.get<QuizDoc>(C.quizzes, result.quizId);
  if (!quiz) return null;
  return certificateView(services, result, quiz);
});

/** The pupil's own pass certificate of a quiz (masked name, school, day, code), or null before passing. */
export const myCertificate = defineAction({
  title: '我的竞赛证书',
  input: z.object({ quizId }).strict(),
  access: ['student'],
  async handler({ services, user }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const entry = await approvedEntry(services, user);
    const result = await services.store.get<ResultDoc>(C.quizResults, resultId(quiz._id, 'pupil', entry._id));
    if (!result?.verifyCode) return null;
    const code = result.verifyCode;
    return {
      code,
      best: result.best,
      quizTitle: quiz.title,
      ...(await certificateView(services, result, quiz)),
      verifyPath: `/${VERIFY_PAGE}?code=${code}`,
      /** The verify page's mini-program code on WeChat (scene = code), else its URL. */
      verifyQr: await qrTarget(services, VERIFY_PAGE, code, { code }),
    };
  },
});
