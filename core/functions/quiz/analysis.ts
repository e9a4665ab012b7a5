import { z } from 'zod';
import { C } from '../../collections';
import { analyzeItems, type ItemFlag, STAGE_LABEL } from '../../quiz/engine';
import { defineAction } from '../../router';
import type { Services } from '../../services';
import { findAll } from '../../store';
import { managedQuiz } from './access';
import { ADMINS } from './bank';
import type { QuizDoc, ResultDoc } from './model';
import { questionsByIds } from './pool';
import { quizSummary } from './results';
import { quizId } from './schemas';

/** What each review flag tells the bank's owner. */
export const FLAG_TEXT: Record<ItemFlag, string> = {
  negative_discrimination: '高分的人反而答错得多：请检查答案是否标错、题干是否有歧义',
  unused_distractor: '有错误选项没有人选：这个选项起不到干扰作用，可以改得更像样',
  too_easy: '几乎人人答对：可以考虑加大难度',
  too_hard: '答对的人很少：请检查答案和题干，或降低难度',
};

/**
 * Item analysis of a quiz over each taker's best attempt: rows ranked by score; per question the correct
 * rate, the discrimination (correct rate of the upper 27% minus the lower 27%) and how often each option
 * was picked. Negative discrimination, a distractor nobody picks, and questions nearly everyone gets right
 * or wrong are flagged for review. Cost O(takers of the quiz).
 */
export async function analyseQuiz(services: Services, quiz: QuizDoc) {
  const results = await findAll<ResultDoc>(services.store, C.quizResults, { quizId: quiz._id });
  const ids = [...new Set(results.flatMap((r) => r.bestItems.map((i) => i.q)))];
  const byId = await questionsByIds(services, ids);
  const questions = ids.flatMap((id) => {
    const q = byId.get(id);
    return q ? [q] : [];
  });
  const stats = analyzeItems(
    results.map((r) => ({
      attemptScore: r.best,
      key: r._id,
      items: r.bestItems.map((i) => ({ questionId: i.q, correct: i.c, pickedOriginal: i.p })),
    })),
    questions,
  );
  const items = stats.map((st, i) => {
    const q = questions[i];
    return {
      questionId: q.id,
      custom: !!(q as { custom?: true }).custom,
      type: q.type,
      stem: q.stem,
      options: q.options,
      answer: q.answer,
      source: q.source,
      stages: q.stages.map((x) => STAGE_LABEL[x]),
      topics: q.topics,
      difficulty: q.difficulty,
      n: st.n,
      correctRate: st.correctRate === null ? null : Math.round(st.correctRate * 1000) / 10,
      discrimination: st.discrimination === null ? null : Math.round(st.discrimination * 100) / 100,
      groupSize: st.groupSize,
      optionPicks: st.optionPicks,
      unusedDistractors: st.unusedDistractors,
      flags: st.flags,
      flagText: st.flags.map((f) => FLAG_TEXT[f]),
    };
  });
  items.sort(
    (a, b) =>
      b.flags.length - a.flags.length ||
      (a.correctRate ?? 101) - (b.correctRate ?? 101) ||
      a.questionId.localeCompare(b.questionId),
  );
  return { takers: results.length, items };
}

/** Item analysis of a quiz for the admins who run it (see analyseQuiz). */
export const itemAnalysis = defineAction({
  title: '题目分析',
  input: z.object({ quizId }).strict(),
  access: [...ADMINS],
  async handler({ services, user, now }, input) {
    const quiz = await managedQuiz(services, user, input.quizId);
    const { takers, items } = await analyseQuiz(services, quiz);
    return {
      quiz: quizSummary(quiz, now),
      takers,
      flagged: items.filter((i) => i.flags.length).length,
      items,
    };
  },
});
