import { C } from '../../collections';
import { releaseVerifyCode, reserveVerifyCode } from '../../certificates';
import { maskName } from '../../privacy';
import { presentQuestion, scoreAttempt } from '../../quiz/engine';
import type { Services } from '../../services';
import { DuplicateKeyError, findAll, mustGet } from '../../store';
import { bumpQuiz, firstDelta, markPupil, offerTop, QM } from './counters';
import {
  type AttemptDoc,
  answersShown,
  effectiveDeadline,
  GRACE_MS,
  type QuizDoc,
  type ResultDoc,
  resultId,
  toTenths,
  fromTenths,
} from './model';
import { type PoolQuestion, questionsByIds } from './pool';

/**
 * Finishing attempts: scoring on the server, the taker's result (best score, pass, certificate) and the
 * counters. An attempt is finalised exactly once — by its taker's 交卷, or by the server once its time is
 * up — through one conditional update (status active → submitted): a double submit, a retried request or
 * a submit racing the expiry all count once.
 */

/** The question of each item of an attempt (throws when a question has vanished: a server bug). */
export async function itemQuestions(services: Services, attempt: AttemptDoc): Promise<PoolQuestion[]> {
  const byId = await questionsByIds(
    services,
    attempt.items.map((i) => i.q),
  );
  return attempt.items.map((i) => {
    const q = byId.get(i.q);
    if (!q) throw new Error(`quiz question ${i.q} of attempt ${attempt._id} is missing`);
    return q;
  });
}

/**
 * The phone's view of an attempt in progress: questions without answers, the saved picks, the deadline (the
 * quiz's end when an admin moved it before the attempt's own deadline).
 */
export function attemptView(quiz: QuizDoc, attempt: AttemptDoc, questions: PoolQuestion[], now: Date) {
  return {
    attemptId: attempt._id,
    quizId: quiz._id,
    title: quiz.title,
    n: attempt.n,
    attemptsAllowed: quiz.attemptsAllowed,
    status: attempt.status,
    startedAt: attempt.startedAt,
    deadline: effectiveDeadline(quiz, attempt),
    serverNow: now.toISOString(),
    timeLimitSeconds: quiz.timeLimitSeconds,
    questions: questions.map((q, index) => {
      const shown = presentQuestion(q, attempt.items[index].o);
      return { index, type: shown.type, stem: shown.stem, options: shown.options };
    }),
    answers: Object.fromEntries(Object.entries(attempt.answers).map(([k, v]) => [k, v.a])) as Record<
      string,
      number[]
    >,
  };
}

/** A submitted attempt's review: each question with the pick, the right answer, the explanation and source. */
export function reviewOf(attempt: AttemptDoc, questions: PoolQuestion[]) {
  return questions.map((q, index) => {
    const order = attempt.items[index].o;
    const shown = (original: number) => order.indexOf(original);
    const mark = attempt.marks?.[index];
    return {
      index,
      type: q.type,
      stem: q.stem,
      options: order.map((k) => q.options[k]),
      picked: attempt.answers[String(index)]?.a ?? [],
      answer: q.answer.map(shown).sort((a, b) => a - b),
      correct: !!mark?.c,
      explanation: q.explanation,
      source: q.source,
    };
  });
}

/**
 * Whether an active attempt's time is up: its effective deadline (own deadline, the quiz's current end,
 * its withdrawal) plus the grace period.
 */
export function isExpired(
  quiz: Parameters<typeof effectiveDeadline>[0],
  attempt: Pick<AttemptDoc, 'status' | 'deadline'>,
  now: Date,
): boolean {
  return (
    attempt.status === 'active' && now.getTime() > Date.parse(effectiveDeadline(quiz, attempt)) + GRACE_MS
  );
}

/** Score and close an attempt once; answers the stored attempt (already submitted ones as they are). */
export async function finalize(
  services: Services,
  quiz: QuizDoc,
  attempt: AttemptDoc,
  by: 'taker' | 'expired',
  now: Date,
): Promise<{ attempt: AttemptDoc; counted: boolean }> {
  if (attempt.status === 'submitted') return { attempt, counted: false };
  const questions = await itemQuestions(services, attempt);
  const answers = attempt.items.map((_, i) => attempt.answers[String(i)]?.a ?? null);
  const scored = scoreAttempt(
    questions,
    attempt.items.map((i) => i.o),
    answers,
  );
  const fastCount = Object.values(attempt.answers).filter((a) => a.fast).length;
  const patch = {
    status: 'submitted' as const,
    submittedAt: now.toISOString(),
    submittedBy: by,
    score: scored.score,
    correct: scored.correct,
    marks: scored.perQuestion.map((r) => ({ c: r.correct, p: r.picked })),
    fastCount,
  };
  const won = await services.store.updateMany(
    C.quizAttempts,
    { _id: attempt._id, status: 'active' },
    { $set: patch },
  );
  const stored = await mustGet<AttemptDoc>(services.store, C.quizAttempts, attempt._id, '答题记录');
  if (won !== 1) return { attempt: stored, counted: false };
  await recordResult(services, quiz, stored, now);
  return { attempt: stored, counted: true };
}

/**
 * Fold a freshly submitted attempt into its taker's result: attempts + 1, best score if higher (a
 * compare-and-set on the old best, so concurrent updates never lose or double a delta), pass and
 * certificate, and the counters' deltas.
 */
export async function recordResult(
  services: Services,
  quiz: QuizDoc,
  attempt: AttemptDoc,
  now: Date,
): Promise<void> {
  const { store } = services;
  const id = resultId(quiz._id, attempt.role, attempt.rosterId);
  const unit = { classId: attempt.classId, schoolId: attempt.schoolId, districtId: attempt.districtId };
  const tenths = toTenths(attempt.score ?? 0);
  const passedNow = (attempt.score ?? 0) >= quiz.passMark;
  const items = attempt.items.map((it, i) => ({
    q: it.q,
    c: !!attempt.marks?.[i]?.c,
    p: attempt.marks?.[i]?.p ?? [],
  }));
  const at = now.toISOString();
  const base = { [QM.attempts]: 1, [QM.flagged]: (attempt.fastCount ?? 0) > 0 ? 1 : 0 };
  const entry = await store.get<{ _id: string; name: string }>(C.roster, attempt.rosterId);
  const fresh: ResultDoc = {
    _id: id,
    quizId: quiz._id,
    role: attempt.role,
    rosterId: attempt.rosterId,
    ...unit,
    openids: [attempt.openid],
    maskedName: maskedOf(entry?.name, attempt.role),
    attempts: 1,
    best: fromTenths(tenths),
    bestTenths: tenths,
    bestAttemptId: attempt._id,
    bestItems: items,
    passed: passedNow,
    fastCount: attempt.fastCount ?? 0,
    firstAt: at,
    bestAt: at,
  };
  let inserted = false;
  try {
    await store.insert(C.quizResults, fresh);
    inserted = true;
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
  }
  if (inserted) {
    await bumpQuiz(store, quiz._id, unit, { ...base, ...firstDelta(fresh) }, attempt.rosterId, now);
    if (attempt.role === 'pupil') await markPupil(store, fresh, now);
    await offerTop(store, fresh);
    await certify(services, quiz, fresh, now);
    return;
  }
  await store.update(C.quizResults, id, { $inc: { attempts: 1 }, $addToSet: { openids: attempt.openid } });
  for (let tries = 0; tries < 20; tries++) {
    const current = await mustGet<ResultDoc>(store, C.quizResults, id, '成绩');
    if (tenths <= current.bestTenths) {
      await bumpQuiz(store, quiz._id, unit, base, attempt.rosterId, now);
      return;
    }
    const passed = current.passed || passedNow;
    const swapped = await store.updateMany(
      C.quizResults,
      { _id: id, bestTenths: current.bestTenths },
      {
        $set: {
          best: fromTenths(tenths),
          bestTenths: tenths,
          bestAttemptId: attempt._id,
          bestItems: items,
          passed,
          fastCount: attempt.fastCount ?? 0,
          bestAt: at,
        },
      },
    );
    if (swapped !== 1) continue;
    const pupil = attempt.role === 'pupil';
    await bumpQuiz(
      store,
      quiz._id,
      unit,
      {
        ...base,
        [pupil ? QM.best : QM.familyBest]: tenths - current.bestTenths,
        [pupil ? QM.passes : QM.familyPasses]: passed && !current.passed ? 1 : 0,
      },
      attempt.rosterId,
      now,
    );
    const updated = { ...current, passed, bestTenths: tenths, bestAt: at };
    if (pupil && passed && !current.passed) await markPupil(store, updated, now);
    await offerTop(store, updated);
    await certify(services, quiz, updated, now);
    return;
  }
  throw new Error(`quiz result ${id}: best score kept changing`);
}

/** Masked name for top lists and certificates (families: the child's masked name + 的家长). */
function maskedOf(name: string | undefined, role: 'pupil' | 'parent'): string {
  const masked = maskName(name ?? '');
  return role === 'pupil' ? masked : `${masked}的家长`;
}

/** Issue the pass certificate once (pupils only, when the quiz has one): a verification code on the result. */
async function certify(
  services: Services,
  quiz: QuizDoc,
  result: Pick<ResultDoc, '_id' | 'role' | 'passed' | 'verifyCode'>,
  now: Date,
): Promise<void> {
  if (!quiz.certificate || result.role !== 'pupil' || !result.passed || result.verifyCode) return;
  const code = await reserveVerifyCode(services, 'quiz', result._id);
  const set = await services.store.updateMany(
    C.quizResults,
    { _id: result._id, verifyCode: { $exists: false } },
    { $set: { verifyCode: code, certifiedAt: now.toISOString() } },
  );
  if (set !== 1) await releaseVerifyCode(services, code);
}

/**
 * Finalise the taker's expired attempts of a quiz (the server submits what was saved when time ran out, the
 * quiz ended early or was withdrawn).
 */
export async function finalizeExpired(
  services: Services,
  quiz: QuizDoc,
  attempts: AttemptDoc[],
  now: Date,
): Promise<AttemptDoc[]> {
  const out: AttemptDoc[] = [];
  for (const a of attempts) {
    out.push(isExpired(quiz, a, now) ? (await finalize(services, quiz, a, 'expired', now)).attempt : a);
  }
  return out;
}

/** Every attempt of one taker at one quiz, oldest first. */
export async function attemptsOf(
  services: Services,
  quizId: string,
  takerKey: string,
): Promise<AttemptDoc[]> {
  return findAll<AttemptDoc>(services.store, C.quizAttempts, { quizId, takerKey }, { n: 1 });
}

/** What a taker sees after submitting: score, pass, best, attempts left, the review when answers are shown. */
export async function submittedView(
  services: Services,
  quiz: QuizDoc,
  attempt: AttemptDoc,
  now: Date,
  alreadySubmitted: boolean,
) {
  const result = await services.store.get<ResultDoc>(
    C.quizResults,
    resultId(quiz._id, attempt.role, attempt.rosterId),
  );
  const shown = answersShown(quiz, now);
  const used = await services.store.count(C.quizAttempts, { quizId: quiz._id, takerKey: attempt.takerKey });
  return {
    alreadySubmitted,
    attemptId: attempt._id,
    quizId: quiz._id,
    title: quiz.title,
    n: attempt.n,
    score: attempt.score ?? 0,
    correct: attempt.correct ?? 0,
    total: attempt.items.length,
    passMark: quiz.passMark,
    passed: (attempt.score ?? 0) >= quiz.passMark,
    submittedBy: attempt.submittedBy ?? 'taker',
    best: result?.best ?? attempt.score ?? 0,
    bestPassed: !!result?.passed,
    attemptsUsed: used,
    attemptsLeft: Math.max(0, quiz.attemptsAllowed - used),
    certificateCode: result?.verifyCode ?? null,
    certificateTitle: quiz.certificate,
    answersShown: shown,
    answersAt: shown ? null : quiz.closesAt,
    review: shown ? reviewOf(attempt, await itemQuestions(services, attempt)) : null,
  };
}
