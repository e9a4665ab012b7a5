import { z } from 'zod';
import { C } from '../../collections';
import { denied, invalid, notFound, precondition } from '../../errors';
import {
  acceptsAnswerAt,
  deadlineOf,
  DrawShortfallError,
  minReadingMs,
  shuffleOptions,
} from '../../quiz/engine';
import { defineAction } from '../../router';
import type { Services } from '../../services';
import { DuplicateKeyError, mustGet } from '../../store';
import { takerFor, mustQuiz } from './access';
import {
  attemptsOf,
  attemptView,
  finalize,
  finalizeExpired,
  isExpired,
  itemQuestions,
  submittedView,
} from './finish';
import {
  type AttemptDoc,
  attemptId,
  effectiveDeadline,
  GRACE_MS,
  mustBeOpen,
  QUIZ_PHASES,
  type QuizDoc,
  type SavedAnswer,
} from './model';
import { cryptoRng, drawSpecFor, drawUnseenFirst, poolFor } from './pool';
import { attemptIdSchema, childRosterId, quizId } from './schemas';

/**
 * Taking a quiz. The server draws the questions and shuffles their options per attempt, answers the
 * phone with questions only (never an answer, explanation or source before submitting), keeps every saved
 * answer, enforces the deadline (plus a small grace for the network) and scores. An attempt resumes on any
 * device until its time is up; a taker has at most one active attempt per quiz. The deadline that counts
 * is read with the quiz each time (`effectiveDeadline`): an end day moved earlier, or a withdrawal, ends
 * the attempts in progress too, and they are then submitted with what was saved, like any attempt whose
 * time ran out.
 */

/** Extra per item the server keeps: the question type and the least time a reader needs (fast flags). */
interface ItemExtra {
  t: 'single' | 'multiple' | 'truefalse';
  r: number;
}

/**
 * Start an attempt, or resume the active one (the same answer for a double tap or a second device).
 * Draws `count` questions for the taker's stage from the quiz's pool with the OS random source — questions
 * of the taker's earlier attempts only when the pool cannot fill the draw without them — and shuffles each
 * question's options. Writes: one attempt insert (plus finalising an expired attempt).
 */
export const startAttempt = defineAction({
  title: '开始答题',
  input: z.object({ quizId, childRosterId }).strict(),
  access: 'user',
  phases: QUIZ_PHASES,
  async handler({ services, user, now }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const taker = await takerFor(services, user, quiz, input.childRosterId, now);
    mustBeOpen(quiz, now);
    const attempts = await finalizeExpired(
      services,
      quiz,
      await attemptsOf(services, quiz._id, taker.takerKey),
      now,
    );
    const active = attempts.find((a) => a.status === 'active');
    if (active) {
      return { resumed: true, ...attemptView(quiz, active, await itemQuestions(services, active), now) };
    }
    if (attempts.length >= quiz.attemptsAllowed) {
      throw precondition(
        `「${quiz.title}」每人最多答 ${quiz.attemptsAllowed} 次，你已经用完了，可以查看成绩`,
      );
    }
    const pool = await poolFor(services, quiz, quiz.draw);
    let questions;
    try {
      const seen = new Set(attempts.flatMap((a) => a.items.map((i) => i.q)));
      questions = drawUnseenFirst(pool, drawSpecFor(quiz.draw, taker.stage), seen, cryptoRng);
    } catch (err) {
      if (err instanceof DrawShortfallError) {
        throw precondition('这场竞赛的题目暂时不够，请告诉老师联系出题的管理员补充题目');
      }
      throw err;
    }
    const n = Math.max(0, ...attempts.map((a) => a.n)) + 1;
    const limitEnd = deadlineOf(now, quiz.timeLimitSeconds);
    const deadline = new Date(Math.min(limitEnd ?? Infinity, Date.parse(quiz.closesAt))).toISOString();
    const doc: AttemptDoc & { items: (AttemptDoc['items'][number] & ItemExtra)[] } = {
      _id: attemptId(quiz._id, taker.takerKey, n),
      quizId: quiz._id,
      takerKey: taker.takerKey,
      role: taker.role,
      openid: taker.openid,
      rosterId: taker.rosterId,
      ...taker.unit,
      n,
      status: 'active',
      stage: taker.stage,
      startedAt: now.toISOString(),
      deadline,
      items: questions.map((q) => ({
        q: q.id,
        o: shuffleOptions(q, cryptoRng).order,
        t: q.type,
        r: minReadingMs(q),
      })),
      answers: {},
      lastSaveAt: now.toISOString(),
    };
    try {
      await services.store.insert(C.quizAttempts, doc);
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      // A parallel start (double tap, second device) got there first: resume its attempt.
      const won = await mustGet<AttemptDoc>(services.store, C.quizAttempts, doc._id, '答题记录');
      return { resumed: true, ...attemptView(quiz, won, await itemQuestions(services, won), now) };
    }
    return { resumed: false, ...attemptView(quiz, doc, questions, now) };
  },
});

/**
 * The taker's active attempt of a quiz to resume (after the app was killed, or on another device), or
 * null. An attempt whose time ran out is submitted with what was saved, and its result is answered.
 */
export const current = defineAction({
  title: '继续答题',
  input: z.object({ quizId, childRosterId }).strict(),
  access: 'user',
  async handler({ services, user, now }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const taker = await takerFor(services, user, quiz, input.childRosterId, now);
    const before = await attemptsOf(services, quiz._id, taker.takerKey);
    const expired = before.filter((a) => isExpired(quiz, a, now));
    const attempts = await finalizeExpired(services, quiz, before, now);
    const active = attempts.find((a) => a.status === 'active');
    const justExpired = expired.length
      ? (attempts.find((a) => a._id === expired[expired.length - 1]._id) ?? null)
      : null;
    return {
      active: active ? attemptView(quiz, active, await itemQuestions(services, active), now) : null,
      expired: justExpired ? await submittedView(services, quiz, justExpired, now, true) : null,
    };
  },
});

const answerItem = z
  .object({
    index: z.number().int().min(0).max(99),
    /** Shown option positions picked; [] clears the answer. */
    picked: z.array(z.number().int().min(0).max(5)).max(6),
  })
  .strict();

/** Load an attempt the caller owns. */
async function ownAttempt(services: Services, openid: string, id: string): Promise<AttemptDoc> {
  const attempt = await services.store.get<AttemptDoc>(C.quizAttempts, id);
  if (!attempt) throw notFound('没有找到这次答题');
  if (attempt.openid !== openid) throw denied('这不是你的答题');
  return attempt;
}

/** What a taker is told when the quiz was withdrawn while their attempt was in progress. */
function withdrawnMessage(quiz: QuizDoc, action: 'save' | 'submit'): string {
  return action === 'save'
    ? `「${quiz.title}」已被撤回，答题已结束，这个答案没有保存`
    : `「${quiz.title}」已被撤回，答题已结束，不能再交卷；撤回前保存的答案会照常计分`;
}

/**
 * Save answers as the taker goes (each tap; several at once when the phone was offline for a moment).
 * Refused after the deadline plus the grace period (the attempt's own, or the quiz's end if an admin moved
 * it earlier), once the quiz is withdrawn, and after submitting. An answer to a question not answered
 * before, arriving sooner than a person can read it since the previous save, is flagged for the teacher
 * (a flag, not a verdict). Writes: one conditional update of the attempt.
 */
export const saveAnswers = defineAction({
  title: '保存答案',
  input: z.object({ attemptId: attemptIdSchema, answers: z.array(answerItem).min(1).max(100) }).strict(),
  access: 'user',
  phases: QUIZ_PHASES,
  async handler({ services, openid, now }, input) {
    const attempt = await ownAttempt(services, openid, input.attemptId);
    if (attempt.status !== 'active') throw precondition('这次答题已经交卷，答案不能再改了');
    const quiz = await mustQuiz(services, attempt.quizId);
    if (quiz.withdrawn) throw precondition(withdrawnMessage(quiz, 'save'));
    const deadline = effectiveDeadline(quiz, attempt);
    if (!acceptsAnswerAt(now, Date.parse(deadline), GRACE_MS)) {
      throw precondition('答题时间到了，这个答案没有保存。请交卷查看成绩');
    }
    const items = attempt.items as (AttemptDoc['items'][number] & ItemExtra)[];
    const latest = new Map<number, number[]>();
    for (const { index, picked } of input.answers) {
      const item = items[index];
      if (!item) throw invalid(`第 ${index + 1} 题不存在`);
      const sorted = [...picked].sort((a, b) => a - b);
      if (new Set(sorted).size !== sorted.length) throw invalid(`第 ${index + 1} 题的选项重复了`);
      if (sorted.some((k) => k >= item.o.length)) throw invalid(`第 ${index + 1} 题没有这个选项`);
      if (item.t !== 'multiple' && sorted.length > 1) throw invalid(`第 ${index + 1} 题只能选一个答案`);
      latest.set(index, sorted);
    }
    const at = now.toISOString();
    const fresh = [...latest.keys()].filter((i) => !attempt.answers[String(i)]?.a.length);
    const needed = fresh.reduce((ms, i) => ms + items[i].r, 0);
    const since = now.getTime() - Date.parse(attempt.lastSaveAt);
    const tooFast = fresh.length > 0 && since < needed;
    const set: Record<string, unknown> = { lastSaveAt: at };
    for (const [index, a] of latest) {
      const before = attempt.answers[String(index)];
      const saved: SavedAnswer = { a, at };
      if (fresh.includes(index) ? tooFast : before?.fast) saved.fast = true;
      set[`answers.${index}`] = saved;
    }
    const n = await services.store.updateMany(
      C.quizAttempts,
      { _id: attempt._id, status: 'active' },
      { $set: set },
    );
    if (n !== 1) throw precondition('这次答题已经交卷，答案不能再改了');
    return { saved: latest.size, savedAt: at, deadline, serverNow: at };
  },
});

/**
 * Submit an attempt: scored on the server, once. A second submit (double tap, retry, another device)
 * answers the same result and counts nothing again. Answers saved after the deadline were refused, so a
 * late submit scores what was saved in time. Submitting an attempt of a withdrawn quiz is refused
 * (FAILED_PRECONDITION, nothing written): the attempt expired at the withdrawal and is scored with what was
 * saved before it, like any attempt whose time ran out, when the taker or the teacher next reads it.
 * Writes: the attempt's status update, the result upsert, per-quiz counter shards of the class, school,
 * district and city, and (first time) the pupil's campaign counters and the certificate code.
 */
export const submitAttempt = defineAction({
  title: '交卷',
  input: z.object({ attemptId: attemptIdSchema }).strict(),
  access: 'user',
  async handler({ services, openid, now }, input) {
    const attempt = await ownAttempt(services, openid, input.attemptId);
    const quiz = await mustQuiz(services, attempt.quizId);
    if (quiz.withdrawn && attempt.status === 'active') {
      // Closed by the withdrawal, not by the taker: it expired then (`effectiveDeadline`), and is scored with
      // what was saved by the next read that finalises expired attempts, like one whose time ran out.
      throw precondition(withdrawnMessage(quiz, 'submit'));
    }
    const { attempt: done, counted } = await finalize(
      services,
      quiz,
      attempt,
      isExpired(quiz, attempt, now) ? 'expired' : 'taker',
      now,
    );
    return submittedView(services, quiz, done, now, !counted);
  },
});
