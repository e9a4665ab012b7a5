import { randomInt } from 'node:crypto';
import { C } from '../../collections';
import { QUESTION_BANK, questionById } from '../../quiz/bank';
import {
  type DrawProblem,
  drawQuestions,
  DrawShortfallError,
  type DrawSpec,
  type Drawable,
  type QuizQuestion,
  type QuizStage,
  type Rng,
  STAGE_LABEL,
  validateDrawSpec,
} from '../../quiz/engine';
import type { Services } from '../../services';
import { findAll } from '../../store';
import { type DrawSettings, type QuestionDoc, type QuizDoc, type UnitKey, unitKeyOf } from './model';

/**
 * The questions a quiz draws from: the built-in bank (code) and the admins' own questions of the quiz's
 * unit and the units above it (a school quiz may use the city's, its district's and its own questions).
 * Only active versions are drawn; an attempt keeps the exact versions it drew (edits make new versions).
 */

/** Production randomness for draws and option orders: the OS CSPRNG (pupils must not predict a draw). */
export const cryptoRng: Rng = (n) => randomInt(n);

/** The owner keys whose questions a quiz of this unit may use: its own and every unit above it. */
export function bankKeysFor(unit: Pick<QuizDoc, 'level' | 'unitId' | 'districtId'>): UnitKey[] {
  const keys: UnitKey[] = ['city'];
  if (unit.level === 'district') keys.push(unitKeyOf(unit));
  if (unit.level === 'school') {
    if (unit.districtId) keys.push(`d:${unit.districtId}`);
    keys.push(unitKeyOf(unit));
  }
  return keys;
}

/** A question as the engine needs it, from either source. */
export type PoolQuestion = QuizQuestion & { custom?: true };

/** A custom question document as a pool question. */
export function fromDoc(d: QuestionDoc): PoolQuestion {
  return {
    id: d._id,
    type: d.type,
    stem: d.stem,
    options: d.options,
    answer: d.answer,
    explanation: d.explanation,
    source: d.source,
    topics: d.topics,
    stages: d.stages,
    difficulty: d.difficulty,
    custom: true,
  };
}

/** Whether a question is in the quiz's topics (no topics chosen: every topic). */
function inTopics(q: Pick<QuizQuestion, 'topics'>, draw: Pick<DrawSettings, 'topics'>): boolean {
  return draw.topics.length === 0 || q.topics.some((t) => draw.topics.includes(t));
}

/** Every question a quiz (or quiz settings about to be saved) can draw from, in a stable order. */
export async function poolFor(
  services: Services,
  unit: Pick<QuizDoc, 'level' | 'unitId' | 'districtId'>,
  draw: Pick<DrawSettings, 'topics' | 'builtin' | 'custom'>,
): Promise<PoolQuestion[]> {
  const out: PoolQuestion[] = [];
  if (draw.builtin) out.push(...QUESTION_BANK.filter((q) => inTopics(q, draw)));
  if (draw.custom) {
    const docs = await findAll<QuestionDoc>(
      services.store,
      C.quizQuestions,
      { ownerKey: { $in: bankKeysFor(unit) }, status: 'active' },
      { createdAt: 1 },
    );
    out.push(...docs.map(fromDoc).filter((q) => inTopics(q, draw)));
  }
  return out;
}

/** The draw spec of a quiz for one stage. */
export function drawSpecFor(draw: DrawSettings, stage: QuizStage): DrawSpec {
  const difficulty = draw.difficulty
    ? Object.fromEntries(Object.entries(draw.difficulty).map(([k, v]) => [Number(k), v]))
    : undefined;
  return {
    count: draw.count,
    stages: [stage],
    mix: {
      ...(draw.minPerTopic ? { topics: draw.minPerTopic } : {}),
      ...(difficulty ? { difficulty } : {}),
    },
  };
}

/**
 * Draw an attempt preferring questions the taker has not been asked in earlier attempts of the quiz (their
 * answers may have been shown after submitting): from the unseen questions alone when they can meet the spec,
 * else from the whole pool. Throws like `drawQuestions` when even the whole pool falls short.
 */
export function drawUnseenFirst<Q extends Drawable>(
  pool: readonly Q[],
  spec: DrawSpec,
  seen: ReadonlySet<string>,
  rng: Rng,
): Q[] {
  if (seen.size) {
    try {
      return drawQuestions(
        pool.filter((q) => !seen.has(q.id)),
        spec,
        rng,
      );
    } catch (err) {
      if (!(err instanceof DrawShortfallError)) throw err;
    }
  }
  return drawQuestions(pool, spec, rng);
}

/** The stages a quiz draws for: each pupil stage of the audience, and 家长 when parents take part. */
export function drawStages(quiz: Pick<QuizDoc, 'audience'>): QuizStage[] {
  return [...quiz.audience.stages, ...(quiz.audience.parents ? (['parent'] as const) : [])];
}

/** Every reason the quiz cannot be drawn for one of its stages, each message prefixed with the stage. */
export function drawProblems(
  pool: readonly PoolQuestion[],
  quiz: Pick<QuizDoc, 'audience' | 'draw'>,
): (DrawProblem & { stage: QuizStage })[] {
  return drawStages(quiz).flatMap((stage) =>
    validateDrawSpec(drawSpecFor(quiz.draw, stage), pool).map((p) => ({
      ...p,
      stage,
      message: p.kind === 'spec' ? p.message : `${STAGE_LABEL[stage]}：${p.message}`,
    })),
  );
}

/** The questions with these ids (bank from code, custom from the store), by id; unknown ids are left out. */
export async function questionsByIds(
  services: Services,
  ids: readonly string[],
): Promise<Map<string, PoolQuestion>> {
  const out = new Map<string, PoolQuestion>();
  const custom: string[] = [];
  for (const id of new Set(ids)) {
    const q = questionById(id);
    if (q) out.set(id, q);
    else custom.push(id);
  }
  for (let i = 0; i < custom.length; i += 500) {
    const docs = await services.store.find<QuestionDoc>(
      C.quizQuestions,
      { _id: { $in: custom.slice(i, i + 500) } },
      { limit: 500 },
    );
    for (const d of docs) out.set(d._id, fromDoc(d));
  }
  return out;
}
