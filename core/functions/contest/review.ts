import { z } from 'zod';
import { C } from '../../collections';
import { denied, invalid, precondition } from '../../errors';
import type { DistrictDoc, SchoolDoc, UserDoc } from '../../model';
import { callCoversSchool, isCityAdmin, reviewsDistrictRound, reviewsSchoolRound } from '../../permissions';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { mustGet, type Filter } from '../../store';
import { namedReviewers } from './calls';
import { loadCall, loadEntry, quotaDocId, transition } from './lifecycle';
import {
  cityRoundOf,
  COL,
  districtRoundOf,
  isJudged,
  quotaFor,
  RECOMMENDED_STATUSES,
  REVIEW_PHASES,
  ROUND_OF,
  roundsOf,
  TRANSITIONS,
  type CallDoc,
  type EntryDoc,
  type EntryStatus,
  type ReviewDecision,
  type Round,
} from './model';
import { needsHumanLook } from './moderation';
import { orderCursor } from './schemas';
import { isPublic, reviewerView } from './views';

/**
 * The review rounds. School round: a school's admins and the teachers they named see the school's
 * entries of a call by category and group with their flags, and pass, return (with a comment), reject
 * (with a reason) or recommend them up to the school's places. District round: the same over what the
 * district's schools recommended. City round of calls without judges: the city selects for its column.
 * A reviewer never sees an entry outside their unit; every decision is a conditional transition, and
 * places are taken atomically (core/functions/contest/lifecycle.ts).
 */

/** Page size of the review queue. */
export const REVIEW_PAGE = 20;

type Tab = 'pending' | 'passed' | 'recommended' | 'returned' | 'rejected' | 'all';

/** The statuses each tab of each round lists. */
const TABS: Record<Round, Partial<Record<Tab, EntryStatus[]>>> = {
  school: {
    pending: ['submitted'],
    passed: ['school_passed'],
    recommended: RECOMMENDED_STATUSES,
    returned: ['returned'],
    rejected: ['rejected'],
  },
  district: {
    pending: ['school_recommended'],
    passed: ['district_passed'],
    recommended: ['district_recommended', 'city_selected'],
  },
  city: {
    pending: ['district_recommended'],
    recommended: ['city_selected'],
  },
};

const ALL: Record<Round, EntryStatus[]> = {
  school: ['submitted', 'school_passed', 'returned', 'rejected', ...RECOMMENDED_STATUSES],
  district: ['school_recommended', 'district_passed', 'district_recommended', 'city_selected'],
  city: ['district_recommended', 'city_selected'],
};

/** The unit a reviewer works on in a round, checked: NOT_FOUND / PERMISSION_DENIED otherwise. */
async function reviewUnit(
  services: Services,
  user: UserDoc,
  call: CallDoc,
  round: Round,
  unitId: string | undefined,
): Promise<{ filter: Filter; id: string; name: string; level: 'school' | 'district' | 'city' }> {
  if (!roundsOf(call).includes(round)) throw invalid('这个征集活动没有这一轮评审');
  if (round === 'school') {
    if (!unitId) throw invalid('请指定学校');
    const school = await mustGet<SchoolDoc>(services.store, C.schools, unitId, '学校');
    if (!callCoversSchool(call, school)) throw invalid('这所学校不参加这个征集活动');
    if (!reviewsSchoolRound(user, school, await namedReviewers(services, call._id, school._id))) {
      throw denied('只有本校管理员和被指定的老师可以初评本校作品');
    }
    return { filter: { schoolId: school._id }, id: school._id, name: school.name, level: 'school' };
  }
  if (round === 'district') {
    if (!unitId) throw invalid('请指定县区');
    const district = await mustGet<DistrictDoc>(services.store, C.districts, unitId, '县区');
    if (call.level === 'district' && call.districtId !== district._id)
      throw invalid('这个县区不参加这个征集活动');
    if (!reviewsDistrictRound(user, district._id)) throw denied('只有本县区管理员可以复评本县区的推荐作品');
    return {
      filter: districtRoundOf(call._id, district._id),
      id: district._id,
      name: district.name,
      level: 'district',
    };
  }
  if (!isCityAdmin(user)) throw denied('只有市级管理员可以查看市级评选');
  return { filter: cityRoundOf(call._id), id: 'city', name: '全市', level: 'city' };
}

/** The decisions a reviewer of `round` can take on an entry in `status`. */
export function decisionsFor(call: CallDoc, round: Round, status: EntryStatus): ReviewDecision[] {
  const out: ReviewDecision[] = [];
  for (const [decision, rule] of Object.entries(TRANSITIONS[round]) as [
    ReviewDecision,
    { from: EntryStatus[] },
  ][]) {
    if (!rule.from.includes(status)) continue;
    // The last round of a call selects; a judged city round is decided by the judges.
    if (round === 'city' && isJudged(call) && (decision === 'recommend' || decision === 'unrecommend'))
      continue;
    out.push(decision);
  }
  return out;
}

/**
 * One page of a round's queue for a unit, filtered by tab, category and group, with the counts per tab,
 * the places used per category × group, and the decisions each entry allows. Costs a fixed number of
 * store calls (the page, a count per tab, the places), whatever the size of the school or district.
 */
export const reviewQueue = defineAction({
  title: '作品评审',
  input: z
    .object({
      callId: s.id,
      round: z.enum(['school', 'district', 'city']),
      unitId: s.id.optional(),
      tab: z.enum(['pending', 'passed', 'recommended', 'returned', 'rejected', 'all']).default('pending'),
      category: s.id.optional(),
      group: s.id.optional(),
      cursor: orderCursor.optional(),
    })
    .strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user }, input) {
    const call = await loadCall(services, input.callId);
    const unit = await reviewUnit(services, user, call, input.round, input.unitId);
    // One equality on a selective indexed field: the school, or the district's / city's round key.
    const base: Filter = input.round === 'school' ? { callId: call._id, ...unit.filter } : { ...unit.filter };
    if (input.category) base.category = input.category;
    if (input.group) base.group = input.group;
    const tabs = TABS[input.round];
    const statuses = input.tab === 'all' ? ALL[input.round] : tabs[input.tab];
    if (!statuses) throw invalid('这一轮没有这个分类');
    const page = await services.store.find<EntryDoc>(
      COL.entries,
      { ...base, status: { $in: statuses }, ...(input.cursor ? { order: { $gt: input.cursor } } : {}) },
      { sort: { order: 1 }, limit: REVIEW_PAGE + 1 },
    );
    const counts: Partial<Record<Tab, number>> = {};
    for (const [tab, list] of Object.entries(tabs) as [Tab, EntryStatus[]][]) {
      counts[tab] = await services.store.count(COL.entries, { ...base, status: { $in: list } });
    }
    const quotas = await placesOf(services, call, input.round, unit.id);
    const items = await Promise.all(
      page.slice(0, REVIEW_PAGE).map(async (e) => ({
        ...(await reviewerView(services, call, e)),
        actions: decisionsFor(call, input.round, e.status),
      })),
    );
    return {
      call: {
        callId: call._id,
        title: call.title,
        level: call.level,
        kind: call.kind,
        judged: isJudged(call),
        rounds: roundsOf(call),
        categories: call.categories.map((c) => ({ key: c.key, title: c.title, format: c.format })),
        groups: call.groups.map((g) => ({ key: g.key, title: g.title })),
        locked: !!call.results,
      },
      round: input.round,
      unit: { id: unit.id, name: unit.name },
      tab: input.tab,
      counts,
      quotas,
      items,
      next: page.length > REVIEW_PAGE ? page[REVIEW_PAGE - 1].order : null,
    };
  },
});

/** Places per category × group a unit has used in a round (the school's or the district's), in one read. */
async function placesOf(services: Services, call: CallDoc, round: Round, unitId: string) {
  if (round === 'city') return [];
  const level = round;
  const combos = call.categories.flatMap((c) => call.groups.map((g) => ({ c, g })));
  const ids = combos.map(({ c, g }) => quotaDocId(level, unitId, call._id, c.key, g.key));
  const docs = await services.store.find<{ _id: string; n: number }>(
    COL.counts,
    { _id: { $in: ids } },
    { limit: ids.length },
  );
  const used = new Map(docs.map((d) => [d._id, d.n]));
  return combos.map(({ c, g }, i) => ({
    category: c.key,
    categoryTitle: c.title,
    group: g.key,
    groupTitle: g.title,
    limit: quotaFor(call, level, c.key, g.key),
    used: used.get(ids[i]) ?? 0,
  }));
}

/**
 * Decide on an entry in its round: pass, return (comment for the author, or for the school when a
 * district returns it), reject (reason), recommend (takes a place; never one more than the quota, even
 * under parallel clicks) or unrecommend. A video or documents must have been watched / read
 * (`mediaChecked`) before a school passes or recommends it. After a city's results are published its
 * round is locked (corrections go through `correctAward`).
 */
export const review = defineAction({
  title: '评审作品',
  input: z
    .object({
      entryId: s.id,
      round: z.enum(['school', 'district', 'city']),
      decision: z.enum(['pass', 'return', 'reject', 'recommend', 'unrecommend']),
      comment: z.string().trim().min(2, '请写明修改意见').max(200, '最多 200 字').optional(),
      reason: z.string().trim().min(2, '请写明原因').max(200, '最多 200 字').optional(),
      /** The reviewer watched the video / read the documents (no machine can check them). */
      mediaChecked: z.boolean().default(false),
    })
    .strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  phases: REVIEW_PHASES,
  async handler({ services, user, openid, now }, input) {
    const entry = await loadEntry(services, input.entryId);
    const call = await loadCall(services, entry.callId);
    await reviewUnit(
      services,
      user,
      call,
      input.round,
      input.round === 'school' ? entry.schoolId : input.round === 'district' ? entry.districtId : undefined,
    );
    if (call.results) throw precondition('结果已公布，评选已锁定；如需更改请由市级管理员更正');
    const allowed = decisionsFor(call, input.round, entry.status);
    if (!allowed.includes(input.decision)) {
      throw precondition(
        allowed.length ? '这件作品现在不能这样处理' : '这件作品不在这一轮，可能刚刚被别人处理过，请刷新',
      );
    }
    const leavesCity =
      ROUND_OF[entry.status] === 'city' && ROUND_OF[TRANSITIONS[input.round][input.decision]!.to] !== 'city';
    if (leavesCity && isJudged(call) && input.round !== 'city') {
      const started = await services.store.find(COL.judging, { entryId: entry._id }, { limit: 1 });
      if (started.length) throw precondition('市级评审已经开始，这件作品只能由市级管理员退回或撤下');
    }
    if (input.decision === 'return' && !input.comment) throw invalid('退回时请写明修改意见');
    if (input.decision === 'reject' && !input.reason) throw invalid('不通过时请写明原因，作者会看到它');
    const at = now.toISOString();
    const approving = input.decision === 'pass' || input.decision === 'recommend';
    const set: Record<string, unknown> = {
      [`decisions.${input.round}`]: {
        decision: input.decision,
        by: openid,
        at,
        ...(input.comment || input.reason ? { comment: input.comment ?? input.reason } : {}),
      },
    };
    const unset: string[] = [];
    if (approving && !entry.humanReview) {
      if ((entry.video || entry.lesson) && !input.mediaChecked) {
        throw invalid(
          entry.video
            ? '请先完整观看视频，再勾选「已看过」后通过'
            : '请先阅读课程文件，再勾选「已看过」后通过',
        );
      }
      if (needsHumanLook(entry)) set.humanReview = { by: openid, at };
    }
    if (input.decision === 'return') {
      const kind =
        input.round === 'school'
          ? 'returned'
          : input.round === 'district'
            ? 'district-returned'
            : 'city-returned';
      set.note = { kind, text: input.comment, at };
    } else if (input.decision === 'reject') {
      set.note = { kind: 'rejected', text: input.reason, at };
    } else if (approving) {
      unset.push('note');
    }
    const to = TRANSITIONS[input.round][input.decision]!.to;
    const fresh = await transition(
      services,
      call,
      entry,
      to,
      set,
      openid,
      `contest.review.${input.round}.${input.decision}`,
      now,
      unset,
    );
    if (leavesCity && isJudged(call)) {
      await services.store.removeMany(COL.judging, { entryId: entry._id });
    }
    return {
      entryId: fresh._id,
      status: fresh.status,
      public: isPublic(call, fresh) && fresh.shown.length > 0,
    };
  },
});
