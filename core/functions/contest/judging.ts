import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomId } from '../../codes';
import {
  assignJudges,
  reassign,
  type Assignment,
  type ContestEntry,
  type Judge,
} from '../../contest/algo/assignJudges';
import { bandFor, criterionMax, sheetTotal } from '../../contest/algo/scoring';
import { conflict, denied, invalid, notFound, precondition } from '../../errors';
import type { FamilyDoc, UserDoc } from '../../model';
import { affiliationsOf, isCityAdmin, judgeGrantOf } from '../../permissions';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { DuplicateKeyError, findAll } from '../../store';
import { profileName } from './calls';
import { loadCall } from './lifecycle';
import { cityRoundOf, COL, isJudged, REVIEW_PHASES, type CallDoc, type EntryDoc } from './model';
import { blindView } from './views';

/**
 * City round of judged calls (city works calls). The city admin puts the city's judges (invited with the
 * judge role) on a call's panel and assigns every entry the districts recommended to at least 3 judges:
 * balanced loads and automatic recusal (own school or district, a child's school, works they advised or
 * wrote) by core/contest/algo. Judges work blind: their answers carry an opaque assignment id and the
 * work only, never an author, school, district, class, advisor or entry id. The city follows each
 * judge's progress and moves a judge's unscored entries to others.
 */

/** One judge assigned one entry, and their score sheet once they scored. `_id` is opaque (random). */
export interface JudgingDoc {
  _id: string;
  callId: string;
  entryId: string;
  judgeId: string;
  category: string;
  group: string;
  assignedAt: string;
  scored: boolean;
  scores?: Record<string, number>;
  /** Weighted total 0–100 of the sheet. */
  total?: number;
  comment?: string;
  scoredAt?: string;
  [key: string]: unknown;
}

/** Statuses in the city round of a judged call. */
const CITY_ROUND = ['district_recommended'] as const;

/** A judged call the city admin manages, or the reason why not. */
async function judgedCall(services: Services, user: UserDoc, callId: string): Promise<CallDoc> {
  const call = await loadCall(services, callId);
  if (!isCityAdmin(user)) throw denied('只有市级管理员可以管理评委和评审');
  if (!isJudged(call)) throw precondition('只有市级作品征集由评委打分；其他活动由组织单位直接评选');
  return call;
}

/** Short-lived lock so two clicks on "assign" do not assign twice. */
async function withLease<T>(
  services: Services,
  callId: string,
  now: Date,
  run: () => Promise<T>,
): Promise<T> {
  const id = `lease:judging:${callId}`;
  const existing = await services.store.get<{ _id: string; until: string }>(COL.counts, id);
  if (existing && existing.until < now.toISOString()) await services.store.remove(COL.counts, id);
  try {
    await services.store.insert(COL.counts, {
      _id: id,
      kind: 'lease',
      until: new Date(now.getTime() + 120_000).toISOString(),
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw conflict('正在分配评委，请稍候再试');
    throw err;
  }
  try {
    return await run();
  } finally {
    await services.store.remove(COL.counts, id);
  }
}

/** The panel as the algorithm sees it: each judge with every school and district they must recuse from. */
async function panelJudges(services: Services, call: CallDoc): Promise<(Judge & { name: string })[]> {
  const ids = call.judges.map((j) => j.openid);
  if (!ids.length) return [];
  const users = await findAll<UserDoc>(services.store, C.users, { _id: { $in: ids } });
  const out: (Judge & { name: string })[] = [];
  for (const j of call.judges) {
    const user = users.find((u) => u._id === j.openid);
    const grant = user ? judgeGrantOf(user) : null;
    if (!user || !grant) continue;
    const own = affiliationsOf(user);
    // A judge who is a parent never judges their child's school.
    const links = await findAll<FamilyDoc>(services.store, C.families, { parentOpenid: user._id });
    out.push({
      id: user._id,
      name: (await profileName(services, user._id)) ?? grant.name,
      schoolIds: [...new Set([...own.schoolIds, ...links.map((l) => l.schoolId)])],
      districtIds: [...new Set([...own.districtIds, ...links.map((l) => l.districtId)])],
      categories: j.categories,
    });
  }
  return out;
}

/** An entry as the assignment sees it: advisors and teacher authors may not judge it. */
function contestEntryOf(e: EntryDoc): ContestEntry {
  const barred = [
    ...(e.advisor ? [e.advisor.openid] : []),
    ...e.authors.flatMap((a) => (a.openid ? [a.openid] : [])),
  ];
  return {
    id: e._id,
    schoolId: e.schoolId,
    districtId: e.districtId,
    advisorIds: barred,
    category: e.category,
  };
}

/** Every entry of the call's city round and every assignment (an admin operation: bounded by the round). */
async function roundState(services: Services, call: CallDoc) {
  const entries = await findAll<EntryDoc>(services.store, COL.entries, {
    ...cityRoundOf(call._id),
    status: { $in: [...CITY_ROUND] },
  });
  const docs = await findAll<JudgingDoc>(services.store, COL.judging, { callId: call._id });
  const byEntry = new Map<string, string[]>();
  for (const d of docs) byEntry.set(d.entryId, [...(byEntry.get(d.entryId) ?? []), d.judgeId]);
  const existing: Assignment[] = entries.map((e) => ({ entryId: e._id, judgeIds: byEntry.get(e._id) ?? [] }));
  return { entries, docs, existing };
}

/** Per judge: name, assigned, scored (the city's progress view). */
function progressOf(judges: { id: string; name: string }[], docs: JudgingDoc[]) {
  return judges.map((j) => {
    const mine = docs.filter((d) => d.judgeId === j.id);
    const scored = mine.filter((d) => d.scored).length;
    return { openid: j.id, name: j.name, assigned: mine.length, scored, left: mine.length - scored };
  });
}

/**
 * The city's judging page in one call: the panel with each judge's progress, the city's judges who could
 * join, the round's size, entries short of judges, and whether results are published.
 */
export const judgingBoard = defineAction({
  title: '市级评审',
  input: z.object({ callId: s.id }).strict(),
  access: ['city_admin'],
  async handler({ services, user }, { callId }) {
    const call = await judgedCall(services, user, callId);
    const judges = await panelJudges(services, call);
    const { entries, docs } = await roundState(services, call);
    const perEntry = new Map<string, number>();
    for (const d of docs) perEntry.set(d.entryId, (perEntry.get(d.entryId) ?? 0) + 1);
    const short = entries.filter((e) => (perEntry.get(e._id) ?? 0) < call.judgesPerEntry).length;
    const all = await findAll<UserDoc>(services.store, C.users, { 'roles.role': 'judge' });
    const available = [];
    for (const u of all) {
      const g = judgeGrantOf(u);
      if (!g || call.judges.some((j) => j.openid === u._id)) continue;
      available.push({ openid: u._id, name: (await profileName(services, u._id)) ?? g.name });
    }
    return {
      call: {
        callId: call._id,
        title: call.title,
        judgesPerEntry: call.judgesPerEntry,
        categories: call.categories.map((c) => ({ key: c.key, title: c.title })),
      },
      panel: progressOf(judges, docs).map((p) => ({
        ...p,
        categories: call.judges.find((j) => j.openid === p.openid)?.categories ?? [],
      })),
      available,
      entries: entries.length,
      assignedSheets: docs.length,
      scoredSheets: docs.filter((d) => d.scored).length,
      entriesShortOfJudges: short,
      published: call.results?.state === 'published',
    };
  },
});

/** Put judges (the city's, with the judge role) on a call's panel, each optionally limited to categories. */
export const setJudges = defineAction({
  title: '设置评委',
  input: z
    .object({
      callId: s.id,
      judges: z
        .array(z.object({ openid: s.id, categories: z.array(s.id).max(8).default([]) }).strict())
        .max(100),
    })
    .strict(),
  access: ['city_admin'],
  phases: REVIEW_PHASES,
  async handler({ services, user, openid, now }, input) {
    const call = await judgedCall(services, user, input.callId);
    if (call.results) throw precondition('结果已公布，评委不能再改');
    const ids = [...new Set(input.judges.map((j) => j.openid))];
    const users = ids.length ? await findAll<UserDoc>(services.store, C.users, { _id: { $in: ids } }) : [];
    if (users.length !== ids.length || users.some((u) => !judgeGrantOf(u)))
      throw invalid('只能选择已接受评委邀请的人');
    for (const j of input.judges) {
      if (j.categories.some((c) => !call.categories.some((x) => x.key === c)))
        throw invalid('评委的评审类别不是本活动的类别');
    }
    const leaving = call.judges.filter((j) => !ids.includes(j.openid)).map((j) => j.openid);
    if (
      leaving.length &&
      (await services.store.find(COL.judging, { judgeId: { $in: leaving }, callId: call._id }, { limit: 1 }))
        .length
    ) {
      throw precondition('要移出的评委还有分配的作品，请先「改派」他的作品');
    }
    const judges = ids.map((id) => ({
      openid: id,
      categories: input.judges.find((j) => j.openid === id)!.categories,
    }));
    await services.store.update(COL.calls, call._id, { $set: { judges, updatedAt: now.toISOString() } });
    await audit(services, openid, 'contest.setJudges', call._id, { judges: judges.length });
    return { judges: judges.length };
  },
});

/**
 * Assign every city-round entry to `judgesPerEntry` judges of the panel (existing assignments are kept,
 * entries topped up), balanced and with recusal. Answers the loads, the entries short of eligible
 * judges, and pairs dropped because they break a rule now (only unscored ones are removed).
 */
export const assign = defineAction({
  title: '分配评委',
  input: z.object({ callId: s.id }).strict(),
  access: ['city_admin'],
  phases: REVIEW_PHASES,
  async handler({ services, user, openid, now }, { callId }) {
    const call = await judgedCall(services, user, callId);
    if (call.results) throw precondition('结果已公布，不能再分配');
    return withLease(services, call._id, now, async () => {
      const judges = await panelJudges(services, call);
      if (judges.length < call.judgesPerEntry) throw precondition(`评委至少需要 ${call.judgesPerEntry} 位`);
      const { entries, docs, existing } = await roundState(services, call);
      const result = assignJudges(entries.map(contestEntryOf), judges, {
        perEntry: call.judgesPerEntry,
        existing,
      });
      const written = await applyAssignments(services, call, entries, docs, result.assignments, now);
      await audit(services, openid, 'contest.assignJudges', call._id, {
        ...written,
        shortfalls: result.shortfalls.length,
      });
      const names = new Map(judges.map((j) => [j.id, j.name]));
      return {
        ...written,
        load: result.load.map((l) => ({ openid: l.judgeId, name: names.get(l.judgeId) ?? '', load: l.load })),
        shortfalls: result.shortfalls.length,
        dropped: result.dropped.length,
      };
    });
  },
});

/** Write the difference between the stored assignments and the computed ones (scored sheets stay). */
async function applyAssignments(
  services: Services,
  call: CallDoc,
  entries: EntryDoc[],
  docs: JudgingDoc[],
  wanted: Assignment[],
  now: Date,
): Promise<{ added: number; removed: number }> {
  const byId = new Map(entries.map((e) => [e._id, e]));
  const have = new Map(docs.map((d) => [`${d.entryId}\u0000${d.judgeId}`, d]));
  const want = new Set(wanted.flatMap((a) => a.judgeIds.map((j) => `${a.entryId}\u0000${j}`)));
  let added = 0;
  let removed = 0;
  for (const [pair, doc] of have) {
    if (!want.has(pair) && !doc.scored) {
      await services.store.remove(COL.judging, doc._id);
      removed++;
    }
  }
  for (const a of wanted) {
    const e = byId.get(a.entryId)!;
    for (const judgeId of a.judgeIds) {
      if (have.has(`${a.entryId}\u0000${judgeId}`)) continue;
      await services.store.insert<JudgingDoc>(COL.judging, {
        _id: randomId(),
        callId: call._id,
        entryId: a.entryId,
        judgeId,
        category: e.category,
        group: e.group,
        assignedAt: now.toISOString(),
        scored: false,
      });
      added++;
    }
  }
  return { added, removed };
}

/** Move a judge's unscored entries to other judges of the panel (scored sheets stay theirs). */
export const reassignJudge = defineAction({
  title: '改派评委',
  input: z.object({ callId: s.id, judgeOpenid: s.id }).strict(),
  access: ['city_admin'],
  phases: REVIEW_PHASES,
  async handler({ services, user, openid, now }, input) {
    const call = await judgedCall(services, user, input.callId);
    if (call.results) throw precondition('结果已公布，不能再改派');
    return withLease(services, call._id, now, async () => {
      const judges = await panelJudges(services, call);
      const { entries, docs, existing } = await roundState(services, call);
      if (!docs.some((d) => d.judgeId === input.judgeOpenid)) throw notFound('这位评委没有分配的作品');
      const result = reassign({
        entries: entries.map(contestEntryOf),
        judges,
        assignments: existing,
        judgeId: input.judgeOpenid,
        scored: docs.filter((d) => d.scored).map((d) => ({ entryId: d.entryId, judgeId: d.judgeId })),
        perEntry: call.judgesPerEntry,
      });
      const written = await applyAssignments(services, call, entries, docs, result.assignments, now);
      await audit(services, openid, 'contest.reassignJudge', call._id, {
        judge: input.judgeOpenid,
        moved: result.moved.length,
      });
      return {
        ...written,
        moved: result.moved.filter((m) => m.to).length,
        unplaced: result.moved.filter((m) => !m.to).length,
      };
    });
  },
});

/** The caller's judge grant and panel membership of a call, or NOT_FOUND (a judge learns nothing else). */
async function asJudge(services: Services, user: UserDoc, callId: string): Promise<CallDoc> {
  const call = await loadCall(services, callId);
  if (!judgeGrantOf(user) || !call.judges.some((j) => j.openid === user._id))
    throw notFound('没有找到这个评审任务');
  return call;
}

/** Page size of a judge's task list. */
export const TASK_PAGE = 30;

/**
 * A judge's work: without a call, the calls they judge with their progress; with one, a page of their
 * assigned works (blind: assignment id, category, group, title, a picture, scored or not).
 */
export const judgeTasks = defineAction({
  title: '我的评审',
  input: z.object({ callId: s.id.optional(), cursor: s.id.optional() }).strict(),
  access: ['judge'],
  async handler({ services, user, openid }, input) {
    if (!input.callId) {
      const calls = await services.store.find<CallDoc>(COL.calls, { 'judges.openid': openid }, { limit: 50 });
      const out = [];
      for (const call of calls) {
        const assigned = await services.store.count(COL.judging, { callId: call._id, judgeId: openid });
        const scored = await services.store.count(COL.judging, {
          callId: call._id,
          scored: true,
          judgeId: openid,
        });
        out.push({ callId: call._id, title: call.title, assigned, scored, locked: !!call.results });
      }
      return { calls: out, call: null, items: [], next: null };
    }
    const call = await asJudge(services, user, input.callId);
    const page = await services.store.find<JudgingDoc>(
      COL.judging,
      { callId: call._id, judgeId: openid, ...(input.cursor ? { _id: { $gt: input.cursor } } : {}) },
      { sort: { _id: 1 }, limit: TASK_PAGE + 1 },
    );
    const shown = page.slice(0, TASK_PAGE);
    const entries = shown.length
      ? await services.store.find<EntryDoc>(
          COL.entries,
          { _id: { $in: shown.map((d) => d.entryId) } },
          { limit: shown.length },
        )
      : [];
    const items = [];
    for (const d of shown) {
      const e = entries.find((x) => x._id === d.entryId);
      if (!e) continue;
      const v = await blindView(services, call, e);
      items.push({
        assignmentId: d._id,
        categoryTitle: v.categoryTitle,
        groupTitle: v.groupTitle,
        format: v.format,
        title: v.title,
        thumb: v.images[0]?.url ?? v.video?.cover.url ?? null,
        scored: d.scored,
        total: d.total ?? null,
      });
    }
    const assigned = await services.store.count(COL.judging, { callId: call._id, judgeId: openid });
    const scored = await services.store.count(COL.judging, {
      callId: call._id,
      scored: true,
      judgeId: openid,
    });
    return {
      calls: [],
      call: { callId: call._id, title: call.title, locked: !!call.results, assigned, scored },
      items,
      next: page.length > TASK_PAGE ? shown[shown.length - 1]._id : null,
    };
  },
});

/** A judge's own assignment, or NOT_FOUND. */
async function myAssignment(services: Services, user: UserDoc, assignmentId: string) {
  const doc = await services.store.get<JudgingDoc>(COL.judging, assignmentId);
  if (!doc || doc.judgeId !== user._id) throw notFound('没有找到这个评审任务');
  const call = await asJudge(services, user, doc.callId);
  return { doc, call };
}

/** One assigned work for scoring (blind), with the rubric and the judge's sheet so far. */
export const judgeEntry = defineAction({
  title: '评审作品',
  input: z.object({ assignmentId: s.id }).strict(),
  access: ['judge'],
  async handler({ services, user }, { assignmentId }) {
    const { doc, call } = await myAssignment(services, user, assignmentId);
    const entry = await services.store.get<EntryDoc>(COL.entries, doc.entryId);
    if (!entry) throw notFound('没有找到这个评审任务');
    return {
      assignmentId: doc._id,
      callTitle: call.title,
      rubric: call.rubric!.criteria.map((c) => ({
        key: c.key,
        title: c.title,
        weight: c.weight,
        max: criterionMax(c),
        bands: c.bands,
      })),
      step: call.rubric!.step ?? 1,
      work: await blindView(services, call, entry),
      sheet: doc.scored ? { scores: doc.scores!, comment: doc.comment ?? '', total: doc.total! } : null,
      locked: !!call.results,
    };
  },
});

/**
 * A judge scores an assigned work: a score per rubric criterion (checked against its bands) and a
 * comment. The sheet can be changed until results are published.
 */
export const score = defineAction({
  title: '评分',
  input: z
    .object({
      assignmentId: s.id,
      scores: z.record(s.id, z.number().min(0).max(100)),
      comment: z.string().trim().max(300, '评语最多 300 字').default(''),
    })
    .strict(),
  access: ['judge'],
  phases: REVIEW_PHASES,
  async handler({ services, user, openid, now }, input) {
    const { doc, call } = await myAssignment(services, user, input.assignmentId);
    if (call.results) throw precondition('结果已公布，评分已锁定');
    const total = sheetTotal(call.rubric!, { judgeId: openid, entryId: doc.entryId, scores: input.scores });
    const at = now.toISOString();
    const changed = await services.store.updateMany(
      COL.judging,
      { _id: doc._id, judgeId: openid },
      { $set: { scores: input.scores, total, comment: input.comment, scored: true, scoredAt: at } },
    );
    if (changed !== 1) throw notFound('没有找到这个评审任务');
    await audit(services, openid, 'contest.score', doc._id, { total: Math.round(total * 100) / 100 });
    const bands = call.rubric!.criteria.map((c) => ({
      key: c.key,
      band: bandFor(c, input.scores[c.key])?.descriptor ?? null,
    }));
    return { assignmentId: doc._id, total, bands };
  },
});

export { CITY_ROUND };
