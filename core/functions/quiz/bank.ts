import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomId } from '../../codes';
import { conflict, denied, notFound } from '../../errors';
import { managesQuizUnit } from '../../permissions';
import { QUESTION_BANK, QUIZ_STAGES, QUIZ_TOPICS } from '../../quiz/bank';
import type { QuizQuestion } from '../../quiz/engine';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { findAll } from '../../store';
import type { QuestionDoc } from './model';
import { ownerLevel, questionInput } from './schemas';
import { moderateText, ownerUnitFor } from './units';

/** Admins of any level (the built-in bank is theirs to read; their own banks to write). */
export const ADMINS = ['city_admin', 'district_admin', 'school_admin'] as const;

/** A question as the bank pages show it (admins only: answers included). */
function bankItem(q: QuizQuestion, extra: { custom: boolean; canEdit: boolean; version?: number }) {
  return {
    questionId: q.id,
    type: q.type,
    stem: q.stem,
    options: q.options,
    answer: q.answer,
    explanation: q.explanation,
    source: q.source,
    topics: q.topics,
    stages: q.stages,
    difficulty: q.difficulty,
    ...extra,
  };
}

/** The text of a question that a content check reads. */
export function questionText(q: Pick<QuizQuestion, 'stem' | 'options' | 'explanation' | 'source'>): string {
  return [q.stem, ...q.options, q.explanation, q.source].join('\n');
}

/**
 * Browse a question bank: the built-in one (240 fact-checked questions, read-only) or a unit's own
 * (the city's, a district's, a school's: its admins and the admins below it may read it). Filters by
 * topic, stage and a word of the stem; answers included (admins only).
 */
export const bankList = defineAction({
  title: '题库',
  input: z
    .object({
      source: z.enum(['builtin', 'custom']),
      level: ownerLevel.optional(),
      id: s.id.optional(),
      topic: z.enum(QUIZ_TOPICS).optional(),
      stage: z.enum(QUIZ_STAGES).optional(),
      search: z.string().trim().max(20).optional(),
      offset: z.number().int().min(0).max(100_000).default(0),
      limit: z.number().int().min(1).max(50).default(20),
    })
    .strict(),
  access: [...ADMINS],
  async handler({ services, user }, input) {
    const match = (q: QuizQuestion) =>
      (!input.topic || q.topics.includes(input.topic)) &&
      (!input.stage || q.stages.includes(input.stage)) &&
      (!input.search || q.stem.includes(input.search));
    if (input.source === 'builtin') {
      const all = QUESTION_BANK.filter(match);
      return {
        total: all.length,
        items: all
          .slice(input.offset, input.offset + input.limit)
          .map((q) => bankItem(q, { custom: false, canEdit: false })),
      };
    }
    const unit = await ownerUnitFor(services, user, input.level ?? 'city', input.id, 'use');
    const docs = await findAll<QuestionDoc>(
      services.store,
      C.quizQuestions,
      { ownerKey: unit.key, status: 'active' },
      { createdAt: -1 },
    );
    const canEdit = managesQuizUnit(user, unit);
    const all = docs.map((d) => ({ ...d, id: d._id })).filter(match);
    return {
      total: all.length,
      items: all
        .slice(input.offset, input.offset + input.limit)
        .map((d) => bankItem(d, { custom: true, canEdit, version: d.version })),
    };
  },
});

/**
 * Add a question to a unit's own bank, or edit one. An edit makes a new version and retires the old one
 * (attempts that drew it keep scoring against what they were shown). The text is checked like any other
 * published text. Writes: one question insert (+ the old version's status, + an audit record).
 */
export const saveQuestion = defineAction({
  title: '保存题目',
  input: z
    .object({
      level: ownerLevel,
      id: s.id.optional(),
      questionId: s.id.optional(),
      question: questionInput,
    })
    .strict(),
  access: [...ADMINS],
  async handler({ services, user, openid, now }, input) {
    const unit = await ownerUnitFor(services, user, input.level, input.id, 'manage');
    const q = input.question;
    await moderateText(services, questionText(q), openid);
    let previous: QuestionDoc | null = null;
    if (input.questionId) {
      previous = await services.store.get<QuestionDoc>(C.quizQuestions, input.questionId);
      if (!previous || previous.ownerKey !== unit.key) throw notFound('题目不存在');
      if (previous.status !== 'active') throw conflict('这道题已经被修改或停用了，请刷新后再改');
    }
    const _id = randomId();
    const doc: QuestionDoc = {
      _id,
      level: unit.level,
      unitId: unit.unitId,
      ...(unit.districtId ? { districtId: unit.districtId } : {}),
      ownerKey: unit.key,
      type: q.type,
      stem: q.stem,
      options: q.options,
      answer: [...q.answer].sort((a, b) => a - b),
      explanation: q.explanation,
      source: q.source,
      topics: QUIZ_TOPICS.filter((t) => q.topics.includes(t)),
      stages: QUIZ_STAGES.filter((st) => q.stages.includes(st)),
      difficulty: q.difficulty,
      status: 'active',
      lineage: previous?.lineage ?? _id,
      version: (previous?.version ?? 0) + 1,
      createdBy: openid,
      createdAt: now.toISOString(),
    };
    await services.store.insert(C.quizQuestions, doc);
    if (previous) {
      const retired = await services.store.updateMany(
        C.quizQuestions,
        { _id: previous._id, status: 'active' },
        { $set: { status: 'replaced', replacedBy: _id } },
      );
      if (retired !== 1) {
        await services.store.remove(C.quizQuestions, _id);
        throw conflict('这道题刚刚被别人修改过，请刷新后再改');
      }
    }
    await audit(services, openid, previous ? 'quiz.editQuestion' : 'quiz.addQuestion', _id, {
      owner: unit.key,
      ...(previous ? { previous: previous._id } : {}),
    });
    return { questionId: _id, version: doc.version };
  },
});

/** Stop using a question of a unit's own bank (it stays for the attempts that drew it). */
export const archiveQuestion = defineAction({
  title: '停用题目',
  input: z.object({ questionId: s.id }).strict(),
  access: [...ADMINS],
  async handler({ services, user, openid }, { questionId }) {
    const doc = await services.store.get<QuestionDoc>(C.quizQuestions, questionId);
    if (!doc) throw notFound('题目不存在');
    if (!managesQuizUnit(user, doc)) throw denied('只能停用自己单位题库里的题目');
    const n = await services.store.updateMany(
      C.quizQuestions,
      { _id: questionId, status: 'active' },
      { $set: { status: 'archived' } },
    );
    if (n !== 1) throw conflict('这道题已经被修改或停用了');
    await audit(services, openid, 'quiz.archiveQuestion', questionId, { owner: doc.ownerKey });
    return { archived: true };
  },
});
