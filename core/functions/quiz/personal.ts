import { releaseVerifyCode } from '../../certificates';
import { C } from '../../collections';
import { registerPersonalData } from '../../personalData';
import type { Services } from '../../services';
import { bump, type Metrics } from '../../stats';
import { findAll } from '../../store';
import { bumpQuiz, CORE_METRIC, firstDelta, QM, rebuildTops } from './counters';
import { recordResult } from './finish';
import type { AttemptDoc, QuizDoc, QuizPupilDoc, ResultDoc } from './model';

/**
 * The quiz feature's part of "export my data" and "delete my data": a pupil's attempts and results (their
 * roster entries'), a parent's own attempts and the family results they took part in. Deleting takes the
 * counters back so every rate stays exact; a family result another parent also took part in is rebuilt
 * from that parent's attempts.
 */

/** An attempt as exported: what was asked, what was answered, the score (no one else's data). */
function exportedAttempt(a: AttemptDoc) {
  return {
    quizId: a.quizId,
    n: a.n,
    role: a.role,
    status: a.status,
    startedAt: a.startedAt,
    submittedAt: a.submittedAt ?? null,
    score: a.score ?? null,
    questions: a.items.map((i) => i.q),
    answers: a.answers,
  };
}

/** A result as exported (without the other parents of a family). */
function exportedResult(r: ResultDoc) {
  return {
    quizId: r.quizId,
    role: r.role,
    attempts: r.attempts,
    best: r.best,
    passed: r.passed,
    certificateCode: r.verifyCode ?? null,
    firstAt: r.firstAt,
  };
}

/** Negate a counter delta. */
const negate = (m: Metrics): Metrics => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, -v]));

/** Remove a result and take its counts back (its attempts are removed by the caller). */
async function dropResult(
  services: Services,
  r: ResultDoc,
  attempts: AttemptDoc[],
  now: Date,
): Promise<void> {
  if (!(await services.store.remove(C.quizResults, r._id))) return;
  const flagged = attempts.filter((a) => a.status === 'submitted' && (a.fastCount ?? 0) > 0).length;
  await bumpQuiz(
    services.store,
    r.quizId,
    { classId: r.classId, schoolId: r.schoolId, districtId: r.districtId },
    negate({ ...firstDelta(r), [QM.attempts]: r.attempts, [QM.flagged]: flagged }),
    r.rosterId,
    now,
  );
  if (r.verifyCode) await releaseVerifyCode(services, r.verifyCode);
}

/** Erase a pupil's quiz records of one roster entry. */
async function erasePupil(services: Services, rosterId: string, now: Date): Promise<number> {
  let n = 0;
  const results = await findAll<ResultDoc>(services.store, C.quizResults, { rosterId, role: 'pupil' });
  for (const r of results) {
    const attempts = await findAll<AttemptDoc>(services.store, C.quizAttempts, {
      quizId: r.quizId,
      takerKey: rosterId,
    });
    await dropResult(services, r, attempts, now);
    n++;
  }
  n += await services.store.removeMany(C.quizAttempts, { takerKey: rosterId, role: 'pupil' });
  const pupil = await services.store.get<QuizPupilDoc>(C.quizPupils, rosterId);
  if (pupil && (await services.store.remove(C.quizPupils, rosterId))) {
    const unit = { classId: pupil.classId, schoolId: pupil.schoolId, districtId: pupil.districtId };
    await bump(services.store, unit, CORE_METRIC.takers, -1, rosterId, now);
    if (pupil.passed) await bump(services.store, unit, CORE_METRIC.passed, -1, rosterId, now);
  }
  return n;
}

/** Erase a parent's own attempts; family results they shared are rebuilt from the other parents' attempts. */
async function eraseParent(services: Services, openid: string, now: Date): Promise<number> {
  let n = 0;
  const results = await findAll<ResultDoc>(services.store, C.quizResults, {
    openids: openid,
    role: 'parent',
  });
  for (const r of results) {
    const attempts = await findAll<AttemptDoc>(services.store, C.quizAttempts, {
      quizId: r.quizId,
      rosterId: r.rosterId,
      role: 'parent',
    });
    await dropResult(services, r, attempts, now);
    const quiz = await services.store.get<QuizDoc>(C.quizzes, r.quizId);
    const others = attempts
      .filter((a) => a.openid !== openid && a.status === 'submitted')
      .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
    if (quiz) for (const a of others) await recordResult(services, quiz, a, now);
    n++;
  }
  n += await services.store.removeMany(C.quizAttempts, { openid, role: 'parent' });
  return n;
}

/**
 * Undo a wrong actor's quiz work for one child: their attempts go, each result they took part in is
 * rebuilt from the attempts others made (the real pupil's before the wrong claim, the other parent's),
 * and the pupil's campaign-wide mark follows what remains. Returns how many attempts were removed.
 */
async function undoTaker(
  services: Services,
  actor: { openid: string; rosterId: string; role: AttemptDoc['role'] },
  now: Date,
): Promise<number> {
  const { store } = services;
  const { rosterId, role, openid } = actor;
  const results = await findAll<ResultDoc>(store, C.quizResults, { rosterId, role, openids: openid });
  for (const r of results) {
    const attempts = await findAll<AttemptDoc>(store, C.quizAttempts, { quizId: r.quizId, rosterId, role });
    await dropResult(services, r, attempts, now);
    const quiz = await store.get<QuizDoc>(C.quizzes, r.quizId);
    const others = attempts
      .filter((a) => a.openid !== openid && a.status === 'submitted')
      .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
    if (quiz) for (const a of others) await recordResult(services, quiz, a, now);
  }
  const removed = await store.removeMany(C.quizAttempts, { rosterId, role, openid });
  if (role === 'pupil' && results.length) {
    const pupil = await store.get<QuizPupilDoc>(C.quizPupils, rosterId);
    const left = await findAll<ResultDoc>(store, C.quizResults, { rosterId, role: 'pupil' });
    const unit = pupil && { classId: pupil.classId, schoolId: pupil.schoolId, districtId: pupil.districtId };
    if (pupil && unit && !left.length && (await store.remove(C.quizPupils, rosterId))) {
      await bump(store, unit, CORE_METRIC.takers, -1, rosterId, now);
      if (pupil.passed) await bump(store, unit, CORE_METRIC.passed, -1, rosterId, now);
    } else if (pupil && unit && pupil.passed && !left.some((r) => r.passed)) {
      const flipped = await store.updateMany(
        C.quizPupils,
        { _id: rosterId, passed: true },
        { $set: { passed: false } },
      );
      if (flipped) await bump(store, unit, CORE_METRIC.passed, -1, rosterId, now);
    }
  }
  for (const quizId of new Set(results.map((r) => r.quizId))) await rebuildTops(store, quizId);
  return removed;
}

registerPersonalData({
  key: 'quiz',
  async export(services, subject) {
    const rosterIds = subject.rosterIds;
    const pupilAttempts = rosterIds.length
      ? await findAll<AttemptDoc>(services.store, C.quizAttempts, {
          takerKey: { $in: rosterIds },
          role: 'pupil',
        })
      : [];
    const pupilResults = rosterIds.length
      ? await findAll<ResultDoc>(services.store, C.quizResults, {
          rosterId: { $in: rosterIds },
          role: 'pupil',
        })
      : [];
    const own = subject.scope === 'self' && subject.openid;
    const parentAttempts = own
      ? await findAll<AttemptDoc>(services.store, C.quizAttempts, { openid: subject.openid!, role: 'parent' })
      : [];
    const familyResults = own
      ? await findAll<ResultDoc>(services.store, C.quizResults, { openids: subject.openid!, role: 'parent' })
      : [];
    return {
      attempts: [...pupilAttempts, ...parentAttempts].map(exportedAttempt),
      results: [...pupilResults, ...familyResults].map(exportedResult),
    };
  },
  async erase(services, subject, now) {
    const quizzes = new Set(
      [
        ...(subject.rosterIds.length
          ? await findAll<ResultDoc>(services.store, C.quizResults, { rosterId: { $in: subject.rosterIds } })
          : []),
        ...(subject.scope === 'self' && subject.openid
          ? await findAll<ResultDoc>(services.store, C.quizResults, { openids: subject.openid })
          : []),
      ].map((r) => r.quizId),
    );
    let n = 0;
    for (const rosterId of subject.rosterIds) n += await erasePupil(services, rosterId, now);
    if (subject.scope === 'self' && subject.openid) n += await eraseParent(services, subject.openid, now);
    // The erased results leave the top lists (rebuilt from what remains: a rare, O(results) repair).
    for (const quizId of quizzes) await rebuildTops(services.store, quizId);
    return n;
  },
  undoActs: (services, actor, now) =>
    undoTaker(services, { openid: actor.openid, rosterId: actor.rosterId, role: actor.as }, now),
});
