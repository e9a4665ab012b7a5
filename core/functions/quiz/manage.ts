import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomId } from '../../codes';
import { invalid, precondition } from '../../errors';
import type { CampaignDoc } from '../../model';
import { QUIZ_TOPICS } from '../../quiz/bank';
import { STAGE_LABEL, type QuizStage } from '../../quiz/engine';
import { defineAction, loadCampaign } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { findAll } from '../../store';
import { dayIn, shortDate } from '../../time';
import { managedQuiz } from './access';
import { ADMINS } from './bank';
import { type AttemptDoc, beijingEnd, beijingStart, type DrawSettings, type QuizDoc } from './model';
import { drawProblems, drawStages, poolFor } from './pool';
import { ownerLevel, quizId, quizSettings, type QuizSettings } from './schemas';
import { moderateText, type OwnerUnit, ownerUnitFor } from './units';

/** The draw settings as stored (topics in the bank's order, empty minimums and mixes dropped). */
function drawOf(settings: QuizSettings): DrawSettings {
  const d = settings.draw;
  const min = Object.fromEntries(Object.entries(d.minPerTopic ?? {}).filter(([, n]) => (n ?? 0) > 0));
  const mix = Object.fromEntries(Object.entries(d.difficulty ?? {}).filter(([, v]) => v !== undefined));
  return {
    count: d.count,
    topics: QUIZ_TOPICS.filter((t) => d.topics.includes(t)),
    ...(Object.keys(min).length ? { minPerTopic: min } : {}),
    ...(Object.keys(mix).length ? { difficulty: mix } : {}),
    builtin: d.builtin,
    custom: d.custom,
  };
}

/** The campaign's implementation phase, or FAILED_PRECONDITION. */
async function implementation(services: Services): Promise<CampaignDoc['phases']['implementation']> {
  const campaign = await loadCampaign(services);
  if (!campaign) throw precondition('活动尚未配置，请联系市级管理员');
  return campaign.phases.implementation;
}

/** Check the window lies inside the implementation phase and does not end in the past. */
async function checkWindow(
  services: Services,
  startDay: string,
  endDay: string,
  now: Date,
  starting: boolean,
) {
  const phase = await implementation(services);
  if (startDay > endDay) throw invalid('结束日期不能早于开始日期');
  if (starting && startDay < phase.start) {
    throw invalid(`竞赛要在活动实施阶段（${shortDate(phase.start)}–${shortDate(phase.end)}）内举行`);
  }
  if (endDay > phase.end) {
    throw invalid(`竞赛要在活动实施阶段（${shortDate(phase.start)}–${shortDate(phase.end)}）内结束`);
  }
  if (endDay < dayIn(now)) throw invalid('结束日期已经过去了');
}

/** Check the draw can be made for every stage of the audience from the pool; answers the pool sizes. */
async function checkDraw(
  services: Services,
  unit: Pick<OwnerUnit, 'level' | 'unitId' | 'districtId'>,
  settings: QuizSettings,
) {
  const draw = drawOf(settings);
  const pool = await poolFor(services, unit, draw);
  const problems = drawProblems(pool, { audience: settings.audience, draw });
  const spec = problems.filter((p) => p.kind === 'spec');
  if (spec.length) throw invalid(spec.map((p) => p.message).join('；'), { problems: spec });
  if (problems.length) {
    throw precondition(`题库里的题目不够：${problems.map((p) => p.message).join('；')}`);
  }
  return { draw, poolSizes: poolSizes(pool, drawStages({ audience: settings.audience })) };
}

/** Questions available per stage. */
function poolSizes(pool: { stages: QuizStage[] }[], stages: QuizStage[]) {
  return stages.map((stage) => ({
    stage,
    label: STAGE_LABEL[stage],
    available: pool.filter((q) => q.stages.includes(stage)).length,
  }));
}

/** Moderate what takers will read of a quiz. */
async function moderateSettings(services: Services, settings: QuizSettings, openid: string) {
  await moderateText(
    services,
    [settings.title, settings.description, settings.certificate ?? ''].join('\n'),
    openid,
  );
}

/** The stored fields of a quiz from its settings. */
function fieldsOf(settings: QuizSettings, draw: DrawSettings) {
  return {
    title: settings.title,
    description: settings.description,
    audience: {
      stages: (['primary', 'junior', 'senior'] as const).filter((st) =>
        settings.audience.stages.includes(st),
      ),
      parents: settings.audience.parents,
    },
    draw,
    timeLimitSeconds: settings.timeLimitMinutes === null ? null : settings.timeLimitMinutes * 60,
    attemptsAllowed: settings.attemptsAllowed,
    startDay: settings.startDay,
    endDay: settings.endDay,
    opensAt: beijingStart(settings.startDay),
    closesAt: beijingEnd(settings.endDay),
    passMark: settings.passMark,
    reveal: settings.reveal,
    certificate: settings.certificate,
  };
}

/**
 * Check quiz settings before saving: the window, and whether the pool has enough questions for every
 * stage of the audience (with the topic minimums and the difficulty mix). Answers the questions available
 * per stage, or the problems; writes nothing.
 */
export const previewQuiz = defineAction({
  title: '检查竞赛设置',
  input: z.object({ level: ownerLevel, id: s.id.optional(), settings: quizSettings }).strict(),
  access: [...ADMINS],
  async handler({ services, user }, input) {
    const unit = await ownerUnitFor(services, user, input.level, input.id, 'manage');
    const draw = drawOf(input.settings);
    const pool = await poolFor(services, unit, draw);
    const problems = drawProblems(pool, { audience: input.settings.audience, draw });
    return {
      poolSizes: poolSizes(pool, drawStages({ audience: input.settings.audience })),
      problems: problems.map((p) => p.message),
    };
  },
});

/**
 * An admin creates a quiz at their level (the city's for every school, a district's, a school's): title,
 * audience (stages, parents), draw (count, topics, minimums, difficulty mix, sources), time limit, attempts
 * (best score counts), window inside the implementation phase, pass mark, when answers are shown, and the
 * pass certificate. Writes: one quiz insert, an audit record.
 */
export const createQuiz = defineAction({
  title: '新建竞赛',
  input: z.object({ level: ownerLevel, id: s.id.optional(), settings: quizSettings }).strict(),
  access: [...ADMINS],
  async handler({ services, user, openid, now }, input) {
    const unit = await ownerUnitFor(services, user, input.level, input.id, 'manage');
    await checkWindow(services, input.settings.startDay, input.settings.endDay, now, true);
    const { draw } = await checkDraw(services, unit, input.settings);
    await moderateSettings(services, input.settings, openid);
    const at = now.toISOString();
    const doc: QuizDoc = {
      _id: randomId(),
      level: unit.level,
      unitId: unit.unitId,
      ...(unit.districtId ? { districtId: unit.districtId } : {}),
      unitKey: unit.key,
      unitName: unit.name,
      ...fieldsOf(input.settings, draw),
      createdBy: openid,
      createdAt: at,
      updatedAt: at,
    };
    await services.store.insert(C.quizzes, doc);
    await audit(services, openid, 'quiz.create', doc._id, { unit: unit.key, title: doc.title });
    return { quizId: doc._id };
  },
});

/** Fields that may still change once someone has started the quiz. */
const LIVE_FIELDS = ['title', 'description', 'endDay', 'closesAt', 'reveal', 'certificate'] as const;

/**
 * Change a quiz. Before anyone started it, everything may change; afterwards only the title, the
 * description, the end day, when answers are shown and the certificate's name (the draw, time limit,
 * attempts and pass mark stay, so every taker sat the same quiz). An end day moved earlier also ends the
 * attempts in progress at the new end (and moved back later, gives them their time back). Writes: the quiz,
 * its active attempts' deadlines when the end moved, an audit record.
 */
export const updateQuiz = defineAction({
  title: '修改竞赛',
  input: z.object({ quizId, settings: quizSettings }).strict(),
  access: [...ADMINS],
  async handler({ services, user, openid, now }, input) {
    const quiz = await managedQuiz(services, user, input.quizId);
    const started = (await services.store.count(C.quizAttempts, { quizId: quiz._id })) > 0;
    await checkWindow(services, input.settings.startDay, input.settings.endDay, now, !started);
    const unit = { level: quiz.level, unitId: quiz.unitId, districtId: quiz.districtId };
    const next = fieldsOf(input.settings, started ? quiz.draw : drawOf(input.settings));
    if (started) {
      const fixed = Object.keys(next).filter((k) => !(LIVE_FIELDS as readonly string[]).includes(k));
      const changed = fixed.filter(
        (k) => JSON.stringify(next[k as keyof typeof next]) !== JSON.stringify(quiz[k as keyof QuizDoc]),
      );
      const drawChanged = JSON.stringify(drawOf(input.settings)) !== JSON.stringify(quiz.draw);
      if (changed.length || drawChanged) {
        throw precondition('已经有人开始答题了，只能修改名称、说明、结束日期、公布答案的时间和证书名称');
      }
    } else {
      await checkDraw(services, unit, input.settings);
    }
    await moderateSettings(services, input.settings, openid);
    await services.store.update(C.quizzes, quiz._id, { $set: { ...next, updatedAt: now.toISOString() } });
    if (started && next.closesAt !== quiz.closesAt) await followNewEnd(services, quiz, next.closesAt);
    await audit(services, openid, 'quiz.update', quiz._id, { started });
    return { quizId: quiz._id, started };
  },
});

/**
 * The quiz's attempts in progress follow a new end. Earlier: capped at it (`capActiveAttempts`). Later: those
 * the old end had cut (their deadline is exactly the old end) get their own deadline back, start + time
 * limit, no later than the new end — so an end moved earlier by mistake and then back costs nobody an
 * attempt. Reads only this quiz's attempts cut at the old end.
 */
async function followNewEnd(services: Services, quiz: QuizDoc, end: string): Promise<void> {
  if (end < quiz.closesAt) return capActiveAttempts(services, quiz._id, end);
  const cut = { quizId: quiz._id, status: 'active', deadline: quiz.closesAt };
  if (quiz.timeLimitSeconds === null) {
    await services.store.updateMany(C.quizAttempts, cut, { $set: { deadline: end } });
    return;
  }
  for (const a of await findAll<AttemptDoc>(services.store, C.quizAttempts, cut)) {
    const own = Date.parse(a.startedAt) + quiz.timeLimitSeconds * 1000;
    const deadline = new Date(Math.min(own, Date.parse(end))).toISOString();
    await services.store.updateMany(
      C.quizAttempts,
      { _id: a._id, status: 'active', deadline: quiz.closesAt },
      { $set: { deadline } },
    );
  }
}

/**
 * Store the new end on the quiz's attempts in progress that ran past it (one indexed update of this quiz's
 * active attempts), so the timer's sweep of due attempts (maintenance.ts) scores them at the new end.
 * Takers' reads already cut at it (`effectiveDeadline`); this keeps the counts right when nobody reads.
 */
async function capActiveAttempts(services: Services, quizId: string, end: string): Promise<void> {
  await services.store.updateMany(
    C.quizAttempts,
    { quizId, status: 'active', deadline: { $gt: end } },
    { $set: { deadline: end } },
  );
}

/**
 * Withdraw a quiz: deleted when nobody has started it; otherwise closed at once and hidden from takers,
 * its results kept. Attempts in progress take no more answers and are scored with what was saved before.
 * Writes: the quiz (removed or marked), its active attempts' deadline, an audit record.
 */
export const withdrawQuiz = defineAction({
  title: '撤回竞赛',
  input: z.object({ quizId }).strict(),
  access: [...ADMINS],
  async handler({ services, user, openid, now }, input) {
    const quiz = await managedQuiz(services, user, input.quizId);
    const started = (await services.store.count(C.quizAttempts, { quizId: quiz._id })) > 0;
    if (started) {
      await services.store.update(C.quizzes, quiz._id, {
        $set: { withdrawn: true, withdrawnAt: now.toISOString(), updatedAt: now.toISOString() },
      });
      await capActiveAttempts(services, quiz._id, now.toISOString());
    } else {
      await services.store.remove(C.quizzes, quiz._id);
    }
    await audit(services, openid, 'quiz.withdraw', quiz._id, { removed: !started });
    return { removed: !started, withdrawn: started };
  },
});

/** A quiz's full settings for its managers (the edit form), with whether anyone has started it. */
export const quizSettingsOf = defineAction({
  title: '竞赛设置',
  input: z.object({ quizId }).strict(),
  access: [...ADMINS],
  async handler({ services, user }, input) {
    const quiz = await managedQuiz(services, user, input.quizId);
    const started = (await services.store.count(C.quizAttempts, { quizId: quiz._id })) > 0;
    const settings: QuizSettings = {
      title: quiz.title,
      description: quiz.description,
      audience: quiz.audience,
      draw: {
        count: quiz.draw.count,
        topics: quiz.draw.topics,
        ...(quiz.draw.minPerTopic ? { minPerTopic: quiz.draw.minPerTopic } : {}),
        ...(quiz.draw.difficulty ? { difficulty: quiz.draw.difficulty } : {}),
        builtin: quiz.draw.builtin,
        custom: quiz.draw.custom,
      },
      timeLimitMinutes: quiz.timeLimitSeconds === null ? null : Math.round(quiz.timeLimitSeconds / 60),
      attemptsAllowed: quiz.attemptsAllowed,
      startDay: quiz.startDay,
      endDay: quiz.endDay,
      passMark: quiz.passMark,
      reveal: quiz.reveal,
      certificate: quiz.certificate,
    };
    return {
      quizId: quiz._id,
      level: quiz.level,
      unitId: quiz.unitId,
      unitName: quiz.unitName,
      withdrawn: !!quiz.withdrawn,
      started,
      settings,
    };
  },
});
