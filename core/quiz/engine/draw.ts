import { FlowNetwork } from './flow';
import { shuffled } from './rng';
import {
  DIFFICULTIES,
  DIFFICULTY_LABEL,
  isQuizStage,
  isQuizTopic,
  QUIZ_TOPICS,
  STAGE_LABEL,
  type Difficulty,
  type QuestionType,
  type QuizQuestion,
  type QuizStage,
  type QuizTopic,
  type Rng,
} from './types';

/** What a quiz asks of a draw: topic counts are minimums, difficulty shares are exact (rounded by largest remainder). */
export interface DrawMix {
  /** At least this many questions of each topic; each drawn question counts toward at most one topic's quota. */
  topics?: Partial<Record<QuizTopic, number>>;
  /** Share of the attempt at each difficulty; shares sum to 1, a missing difficulty has share 0 (never drawn). */
  difficulty?: Partial<Record<Difficulty, number>>;
}

/** How many questions an attempt gets, from which stages, in what mix (stored on the quiz, checked by validateDrawSpec). */
export interface DrawSpec {
  count: number;
  /** A question is eligible when it is written for at least one of these stages. */
  stages: QuizStage[];
  mix?: DrawMix;
}

/** The fields the draw reads, so bank questions, admin questions and lightweight index rows can all be drawn. */
export type Drawable = Pick<QuizQuestion, 'id' | 'stages' | 'topics' | 'difficulty'>;

/** Upper bound on questions per attempt: longer quizzes do not fit a pupil's attention (or one page of results). */
export const MAX_DRAW_COUNT = 100;

/** Tolerance for difficulty shares summing to 1 (admins type 0.3 / 0.5 / 0.2; floats do not sum exactly). */
const SHARE_EPSILON = 1e-6;

/** Why a spec cannot be drawn: malformed (`spec`) or the pool is too small (`count`/`topic`/`difficulty`/`combination`). */
export type DrawProblem = DrawSpecProblem | DrawShortfall;

/** A malformed spec field (path like `mix.topics.防诈骗`) and a Chinese message for the admin. */
export interface DrawSpecProblem {
  kind: 'spec';
  field: string;
  message: string;
}

/** The pool cannot satisfy a well-formed spec: which requirement lacked questions, how many it needed and had. */
export type DrawShortfall =
  | { kind: 'count'; needed: number; available: number; message: string }
  | { kind: 'topic'; topic: QuizTopic; needed: number; available: number; message: string }
  | { kind: 'difficulty'; difficulty: Difficulty; needed: number; available: number; message: string }
  | {
      /** Each requirement alone is met, but not all together; lists the competing topics and difficulties. */
      kind: 'combination';
      topics: QuizTopic[];
      difficulties: Difficulty[];
      needed: number;
      available: number;
      message: string;
    };

/** Base of the draw's typed errors; `problems` carries every reason, each with a Chinese message. */
export class DrawError extends Error {
  constructor(
    readonly problems: DrawProblem[],
    name: string,
  ) {
    super(problems.map((p) => p.message).join('；'));
    this.name = name;
  }
}

/** The spec itself is malformed (an admin/input error, maps to INVALID_ARGUMENT). */
export class DrawSpecError extends DrawError {
  declare readonly problems: DrawSpecProblem[];
  constructor(problems: DrawSpecProblem[]) {
    super(problems, 'DrawSpecError');
  }
}

/** The pool lacks questions for a well-formed spec (maps to FAILED_PRECONDITION: add questions or relax the mix). */
export class DrawShortfallError extends DrawError {
  declare readonly problems: DrawShortfall[];
  constructor(problems: DrawShortfall[]) {
    super(problems, 'DrawShortfallError');
  }
}

/** A permutation of option indexes: `order[k]` is the original index of the option shown at position k. */
export interface OptionOrder {
  order: number[];
}

/** What the phone receives for a question: no answer, explanation or source, options already in shown order. */
export interface PresentedQuestion {
  id: string;
  type: QuestionType;
  stem: string;
  options: string[];
}

/** Per-difficulty question counts for `count` questions at `shares`, by largest remainder (ties go to the easier level). */
export function difficultyCounts(
  count: number,
  shares: Partial<Record<Difficulty, number>>,
): Record<Difficulty, number> {
  // Round the products first so 0.29 × 100 = 28.999999999999996 is treated as the 29 it means.
  const exact = DIFFICULTIES.map((d) => Math.round((shares[d] ?? 0) * count * 1e9) / 1e9);
  const counts = exact.map(Math.floor);
  let left = count - counts.reduce((a, b) => a + b, 0);
  const byRemainder = DIFFICULTIES.map((_, i) => i).sort(
    (a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b,
  );
  for (const i of byRemainder) {
    if (left <= 0) break;
    counts[i]++;
    left--;
  }
  return { 1: counts[0], 2: counts[1], 3: counts[2] };
}

/** True when `order` is a permutation of 0…n−1 (a stored order is checked before it is trusted). */
export function isPermutation(order: unknown, n: number): order is number[] {
  if (!Array.isArray(order) || order.length !== n) return false;
  const seen = new Array<boolean>(n).fill(false);
  for (const k of order) {
    if (!Number.isInteger(k) || k < 0 || k >= n || seen[k]) return false;
    seen[k] = true;
  }
  return true;
}

/** Problems with the spec's shape alone (no pool needed); empty when it is well formed. Never throws on junk input. */
function specProblems(spec: DrawSpec): DrawSpecProblem[] {
  const problems: DrawSpecProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ kind: 'spec', field, message });
  const s = (spec ?? {}) as Partial<DrawSpec>;
  const count = s.count;
  const countOk =
    typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= MAX_DRAW_COUNT;
  if (!countOk) bad('count', `每次答题的题数须为 1–${MAX_DRAW_COUNT} 的整数`);

  if (!Array.isArray(s.stages) || s.stages.length === 0) bad('stages', '请至少选择一个学段');
  else if (!s.stages.every(isQuizStage)) bad('stages', '学段只能是小学、初中、高中或家长');

  const mix = s.mix;
  if (mix !== undefined && (mix === null || typeof mix !== 'object')) {
    bad('mix', '题目构成格式不正确');
    return problems;
  }
  const topics = mix?.topics;
  if (topics !== undefined) {
    if (topics === null || typeof topics !== 'object') bad('mix.topics', '主题题数格式不正确');
    else {
      let sum = 0;
      for (const [topic, n] of Object.entries(topics)) {
        if (!isQuizTopic(topic)) bad(`mix.topics.${topic}`, `没有名为「${topic}」的主题`);
        else if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
          bad(`mix.topics.${topic}`, `主题「${topic}」的题数须为不小于 0 的整数`);
        } else sum += n;
      }
      if (countOk && sum > (count as number)) {
        bad('mix.topics', `各主题题数合计 ${sum} 题，超过了每次答题的 ${count} 题`);
      }
    }
  }
  const difficulty = mix?.difficulty;
  if (difficulty !== undefined) {
    if (difficulty === null || typeof difficulty !== 'object') bad('mix.difficulty', '难度比例格式不正确');
    else if (Object.keys(difficulty).length > 0) {
      let sum = 0;
      let sharesOk = true;
      for (const [key, share] of Object.entries(difficulty)) {
        if (!['1', '2', '3'].includes(key)) {
          bad(`mix.difficulty.${key}`, '难度只能是 1（易）、2（中）、3（难）');
          sharesOk = false;
        } else if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1) {
          bad(
            `mix.difficulty.${key}`,
            `难度「${DIFFICULTY_LABEL[Number(key) as Difficulty]}」的比例须在 0 到 1 之间`,
          );
          sharesOk = false;
        } else sum += share;
      }
      if (sharesOk && Math.abs(sum - 1) > SHARE_EPSILON) {
        bad('mix.difficulty', `各难度比例之和须为 1（现在是 ${Math.round(sum * 1000) / 1000}）`);
      }
    }
  }
  return problems;
}

/** Pool questions written for one of `stages`, first occurrence of each id only (a pool must never yield an id twice). */
function eligibleOf<Q extends Drawable>(pool: readonly Q[], stages: readonly QuizStage[]): Q[] {
  const seen = new Set<string>();
  const out: Q[] = [];
  for (const q of pool) {
    if (seen.has(q.id) || !q.stages.some((s) => stages.includes(s))) continue;
    seen.add(q.id);
    out.push(q);
  }
  return out;
}

interface Solved {
  flow: number;
  chosen: boolean[];
  topicsInCut: QuizTopic[];
  difficultiesInCut: Difficulty[];
}

// Choose `count` of `eligible` (preferring earlier ones) so each topic gets its quota and each difficulty its exact
// count: a max flow source → topic quota / free slots → question (capacity 1) → difficulty quota → sink. The flow
// (not a greedy pick) is what makes overlapping topics work: a question with two topics can fill either quota.
function solve(eligible: readonly Drawable[], count: number, mix: DrawMix | undefined): Solved {
  const quotas = QUIZ_TOPICS.filter((t) => (mix?.topics?.[t] ?? 0) > 0).map((t) => ({
    topic: t,
    n: mix?.topics?.[t] as number,
  }));
  const hasDifficulty = mix?.difficulty !== undefined && Object.keys(mix.difficulty).length > 0;
  const targets = hasDifficulty ? difficultyCounts(count, mix?.difficulty ?? {}) : null;

  const net = new FlowNetwork();
  const source = net.addNode();
  const sink = net.addNode();
  const topicNodes = quotas.map(({ n }) => {
    const node = net.addNode();
    net.addEdge(source, node, n);
    return node;
  });
  const free = net.addNode();
  net.addEdge(source, free, count - quotas.reduce((a, q) => a + q.n, 0));
  const difficultyNodes = DIFFICULTIES.map((d) => {
    const node = net.addNode();
    net.addEdge(node, sink, targets ? targets[d] : count);
    return node;
  });
  const exits = eligible.map((q) => {
    const node = net.addNode();
    quotas.forEach(({ topic }, i) => {
      if (q.topics.includes(topic)) net.addEdge(topicNodes[i], node, 1);
    });
    net.addEdge(free, node, 1);
    return net.addEdge(node, difficultyNodes[DIFFICULTIES.indexOf(q.difficulty)], 1);
  });

  const flow = net.maxFlow(source, sink, count);
  const chosen = exits.map((e) => net.flowOn(e) > 0);
  let topicsInCut: QuizTopic[] = [];
  let difficultiesInCut: Difficulty[] = [];
  if (flow < count) {
    const reach = net.residualReachable(source);
    topicsInCut = quotas.filter((_, i) => reach[topicNodes[i]]).map((q) => q.topic);
    difficultiesInCut = hasDifficulty ? DIFFICULTIES.filter((_, i) => reach[difficultyNodes[i]]) : [];
  }
  return { flow, chosen, topicsInCut, difficultiesInCut };
}

/** Shortfalls of a well-formed spec against the eligible questions; empty when a draw is possible. */
function shortfalls(eligible: readonly Drawable[], spec: DrawSpec, solved: Solved): DrawShortfall[] {
  if (solved.flow >= spec.count) return [];
  const out: DrawShortfall[] = [];
  const stageNames = [...new Set(spec.stages)].map((s) => STAGE_LABEL[s]).join('、');
  if (eligible.length < spec.count) {
    out.push({
      kind: 'count',
      needed: spec.count,
      available: eligible.length,
      message: `适用于${stageNames}的题目共 ${eligible.length} 题，不足每次答题的 ${spec.count} 题`,
    });
  }
  for (const topic of QUIZ_TOPICS) {
    const needed = spec.mix?.topics?.[topic] ?? 0;
    if (needed <= 0) continue;
    const available = eligible.filter((q) => q.topics.includes(topic)).length;
    if (available < needed) {
      out.push({
        kind: 'topic',
        topic,
        needed,
        available,
        message: `主题「${topic}」需要 ${needed} 题，适用于${stageNames}的只有 ${available} 题`,
      });
    }
  }
  const shares = spec.mix?.difficulty;
  if (shares && Object.keys(shares).length > 0) {
    const targets = difficultyCounts(spec.count, shares);
    for (const d of DIFFICULTIES) {
      const available = eligible.filter((q) => q.difficulty === d).length;
      if (available < targets[d]) {
        out.push({
          kind: 'difficulty',
          difficulty: d,
          needed: targets[d],
          available,
          message: `难度「${DIFFICULTY_LABEL[d]}」按比例需要 ${targets[d]} 题，适用于${stageNames}的只有 ${available} 题`,
        });
      }
    }
  }
  if (out.length === 0) {
    const parts = [
      ...solved.topicsInCut.map((t) => `主题「${t}」`),
      ...solved.difficultiesInCut.map((d) => `难度「${DIFFICULTY_LABEL[d]}」`),
    ];
    out.push({
      kind: 'combination',
      topics: solved.topicsInCut,
      difficulties: solved.difficultiesInCut,
      needed: spec.count,
      available: solved.flow,
      message:
        `题库无法同时满足${parts.length ? parts.join('、') : '主题与难度'}的要求：` +
        `按这些要求最多只能抽出 ${solved.flow} 题，需要 ${spec.count} 题`,
    });
  }
  return out;
}

/** Every reason `spec` cannot be drawn from `pool` (shape first, then shortfalls); empty means quizzes can start. */
export function validateDrawSpec(spec: DrawSpec, pool: readonly Drawable[]): DrawProblem[] {
  const problems = specProblems(spec);
  if (problems.length > 0) return problems;
  const eligible = eligibleOf(pool, spec.stages);
  return shortfalls(eligible, spec, solve(eligible, spec.count, spec.mix));
}

/** Draw one attempt's distinct questions per `spec`, in random order; throws (DrawSpecError/DrawShortfallError), never a short quiz. */
export function drawQuestions<Q extends Drawable>(pool: readonly Q[], spec: DrawSpec, rng: Rng): Q[] {
  const problems = specProblems(spec);
  if (problems.length > 0) throw new DrawSpecError(problems);
  // Shuffle first: the flow prefers earlier questions, so a random order makes every feasible pick possible.
  const eligible = shuffled(eligibleOf(pool, spec.stages), rng);
  const solved = solve(eligible, spec.count, spec.mix);
  const lacking = shortfalls(eligible, spec, solved);
  if (lacking.length > 0) throw new DrawShortfallError(lacking);
  // Reshuffle the chosen set so quota questions are not clustered at the front.
  return shuffled(
    eligible.filter((_, i) => solved.chosen[i]),
    rng,
  );
}

/** A random display order for a question's options; true/false keeps 正确 before 错误 (and uses no randomness). */
export function shuffleOptions(question: Pick<QuizQuestion, 'type' | 'options'>, rng: Rng): OptionOrder {
  const identity = question.options.map((_, i) => i);
  if (question.type === 'truefalse') {
    const [first, second] = question.options;
    return { order: identity.length === 2 && first === '错误' && second === '正确' ? [1, 0] : identity };
  }
  return { order: shuffled(identity, rng) };
}

/** The phone's view of a question in `order`: only id, type, stem and options, so nothing reveals the answer. */
export function presentQuestion(
  question: Pick<QuizQuestion, 'id' | 'type' | 'stem' | 'options'>,
  order: readonly number[],
): PresentedQuestion {
  if (!isPermutation(order, question.options.length)) {
    throw new RangeError(
      `order ${JSON.stringify(order)} is not a permutation of question ${question.id}'s options`,
    );
  }
  return {
    id: question.id,
    type: question.type,
    stem: question.stem,
    options: order.map((k) => question.options[k]),
  };
}
