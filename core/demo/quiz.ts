/**
 * Demo quizzes: the two knowledge quizzes the plan asks for (§五(二)1 网络法律知识竞赛, §五(二)3 网络安全知识竞赛)
 * and a parents' quiz, run by the city, with attempts by the demo activity's fictional pupils and guardians
 * over the past week — so the quiz pages, class views, rankings and item analysis show a campaign in progress.
 *
 * Everything goes through the real actions (router.dispatch over FUNCTIONS): the city admin creates the
 * quizzes, each pupil or guardian starts an attempt, saves their answers and submits. Which questions they
 * get is drawn by the server (node:crypto); whether they answer each right is decided from their index
 * (an "ability" per person, easier questions more often right), so scores and item statistics look real.
 * The demo identities of docs/demo.md (demo-student, demo-parent…) take no quiz: they are left to try it.
 */
import { C } from '../collections';
import type { AttemptDoc, QuizPupilDoc } from '../functions/quiz/model';
import { questionById } from '../quiz/bank';
import type { Services } from '../services';
import { rollupClasses } from '../stats';
import { findAll } from '../store';
import { addDays, dayIn } from '../time';
import { DEMO_ACTIVITY_OPENIDS, demoUnit } from './activity';
import { DEMO_USERS } from './seed';
import { beijingMidnight, demoActor, HOUR } from './actor';

/** Titles of the seeded quizzes (docs/demo.md names them). */
export const DEMO_QUIZ_TITLES = {
  law: '网络法律知识竞赛',
  security: '网络安全知识竞赛',
  parents: '家长网络素养知识问答',
} as const;

/** Seed the demo quizzes and their attempts (after seedDemoActivity). Throws on the first refused action. */
export async function seedDemoQuizzes(services: Services, now: Date): Promise<void> {
  const { act, clock } = demoActor(services, 'quizzes', beijingMidnight(now, 7) + 8 * HOUR, 0);

  const today = dayIn(now);
  const city = DEMO_USERS.cityAdmin;
  const base = { builtin: true, custom: false };
  const law = await act(city, 'quiz', 'createQuiz', {
    level: 'city',
    settings: {
      title: DEMO_QUIZ_TITLES.law,
      description:
        '围绕《中华人民共和国网络安全法》《网络信息内容生态治理规定》和未成年人网络保护、个人信息保护的规定答题，每人可答两次，取最高分。',
      audience: { stages: ['primary', 'junior', 'senior'], parents: false },
      draw: {
        count: 20,
        topics: ['网络安全法', '生态治理规定', '未成年人网络保护', '个人信息保护'],
        minPerTopic: { 网络安全法: 3, 生态治理规定: 3 },
        ...base,
      },
      timeLimitMinutes: 20,
      attemptsAllowed: 2,
      startDay: addDays(today, -7),
      endDay: addDays(today, 30),
      passMark: 60,
      reveal: 'after_submit',
      certificate: '网络法治小达人',
    },
  });
  const security = await act(city, 'quiz', 'createQuiz', {
    level: 'city',
    settings: {
      title: DEMO_QUIZ_TITLES.security,
      description:
        '结合国家网络安全宣传周：防网络诈骗、防个人信息泄露、识别病毒和钓鱼网站、防游戏沉迷。答案在竞赛结束后公布。',
      audience: { stages: ['primary', 'junior', 'senior'], parents: false },
      draw: {
        count: 20,
        topics: ['防诈骗', '个人信息保护', '病毒与钓鱼网站', '防沉迷'],
        minPerTopic: { 防诈骗: 3, 个人信息保护: 3, 病毒与钓鱼网站: 3, 防沉迷: 3 },
        ...base,
      },
      timeLimitMinutes: 15,
      attemptsAllowed: 3,
      startDay: addDays(today, -5),
      endDay: addDays(today, 45),
      passMark: 80,
      reveal: 'after_close',
      certificate: '网络安全小卫士',
    },
  });
  const parents = await act(city, 'quiz', 'createQuiz', {
    level: 'city',
    settings: {
      title: DEMO_QUIZ_TITLES.parents,
      description: '「小手牵大手」：家长也来答一答，了解孩子上网要注意什么。',
      audience: { stages: [], parents: true },
      draw: { count: 10, topics: [], ...base },
      timeLimitMinutes: 10,
      attemptsAllowed: 1,
      startDay: addDays(today, -6),
      endDay: addDays(today, 40),
      passMark: 60,
      reveal: 'after_submit',
      certificate: null,
    },
  });

  /** Take a quiz: start, answer every question at a reading pace (or far too fast), submit; answers the score. */
  const take = async (
    openid: string,
    quizId: string,
    key: number,
    opts: { child?: string; fast?: boolean },
  ) => {
    const started = await act(openid, 'quiz', 'start', {
      quizId,
      ...(opts.child ? { childRosterId: opts.child } : {}),
    });
    const attempt = await services.store.get<AttemptDoc>(C.quizAttempts, started.attemptId);
    if (!attempt) throw new Error(`demo quizzes: attempt ${started.attemptId} not stored`);
    const ability = 0.35 + 0.6 * demoUnit(key, 77);
    const answers = attempt.items.map((item, index) => {
      const q = questionById(item.q);
      if (!q) throw new Error(`demo quizzes: ${item.q} is not a bank question`);
      const chance = ability + (q.difficulty === 1 ? 0.15 : q.difficulty === 3 ? -0.2 : 0);
      const right = demoUnit(key, index, item.q.length, 78) < chance;
      const shown = q.answer.map((k) => item.o.indexOf(k)).sort((a, b) => a - b);
      if (right) return { index, picked: shown };
      // A wrong answer: one of the first two wrong options in the bank's order, so a question's weakest
      // distractor is never picked and item analysis has something to flag, as in a real quiz.
      const wrong = q.options.map((_, k) => k).filter((k) => !q.answer.includes(k));
      const pos = item.o.indexOf(wrong[Math.floor(demoUnit(key, index, 79) * Math.min(2, wrong.length))]);
      return { index, picked: [pos] };
    });
    // About 12 s a question (or 1 s when answering without reading: a flag for the teacher).
    clock.t += (opts.fast ? 1_000 : 12_000) * answers.length;
    await act(openid, 'quiz', 'saveAnswers', { attemptId: started.attemptId, answers });
    clock.t += 20_000;
    const done = await act(openid, 'quiz', 'submit', { attemptId: started.attemptId });
    return done.score;
  };

  // Pupils and guardians of the demo activity, each at a daytime hour of the last six days.
  const people: { n: number; at: number }[] = [];
  for (let n = 1; ; n++) {
    const user = await services.store.get(C.users, DEMO_ACTIVITY_OPENIDS.pupil(n));
    if (!user) break;
    people.push({
      n,
      at:
        beijingMidnight(now, 6 - Math.floor(demoUnit(n, 60) * 6)) +
        8 * HOUR +
        // 08:00–18:00, so a retake three hours later is still the same day.
        Math.floor(demoUnit(n, 61) * 10 * HOUR),
    });
  }
  people.sort((a, b) => a.at - b.at);
  for (const { n, at } of people) {
    // Each person's own hour, whatever the people before took (a retake must not push the next
    // person across a day boundary: the seeded city would then depend on the random draws).
    clock.t = at;
    const pupil = DEMO_ACTIVITY_OPENIDS.pupil(n);
    const home = await act(pupil, 'quiz', 'home', {});
    const open = home.pupil && !home.pupil.notice ? home.pupil.quizzes : [];
    const fast = demoUnit(n, 62) < 0.04;
    if (open.some((q) => q.quizId === law.quizId && q.state === 'open') && demoUnit(n, 63) < 0.55) {
      const first = await take(pupil, law.quizId, n * 10 + 1, { fast });
      if (first < 60 && demoUnit(n, 64) < 0.5) {
        clock.t += 3 * HOUR;
        await take(pupil, law.quizId, n * 10 + 2, {});
      }
    }
    if (open.some((q) => q.quizId === security.quizId && q.state === 'open') && demoUnit(n, 65) < 0.45) {
      await take(pupil, security.quizId, n * 10 + 3, { fast });
    }
    const guardian = DEMO_ACTIVITY_OPENIDS.guardian(n);
    if (demoUnit(n, 66) < 0.4 && (await services.store.get(C.users, guardian))) {
      const family = await act(guardian, 'quiz', 'home', {});
      const child = family.family.find((f) =>
        f.quizzes.some((q) => q.quizId === parents.quizId && q.state === 'open'),
      );
      if (child) await take(guardian, parents.quizId, n * 10 + 5, { child: child.rosterId });
    }
  }
  // The campaign-wide quiz counters (the overview's 答题 column) were bumped as pupils finished, dated in
  // the past week: roll those classes up directly (the periodic rollup only looks at recent changes).
  const pupils = await findAll<QuizPupilDoc>(services.store, C.quizPupils, {});
  await rollupClasses(services.store, [...new Set(pupils.map((p) => p.classId))], now);
}
