import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { registerCertificateKind, reserveVerifyCode } from '../../certificates';
import { randomId } from '../../codes';
import {
  allocateAwards,
  computeScores,
  organisationAward,
  rankEntries,
  round2,
  type AwardTier,
  type TierRule,
} from '../../contest/algo/scoring';
import { denied, notFound, precondition } from '../../errors';
import { qrTarget } from '../../miniCodes';
import type { RosterDoc, SchoolDoc, UserDoc } from '../../model';
import {
  confirmedLinkOf,
  CONFIRMED_LINK,
  isApprovedStudentOf,
  isCityAdmin,
  managesCall,
  studentGrantOf,
} from '../../permissions';
import { maskName } from '../../privacy';
import { closedMessage, phaseAt } from '../../phases';
import { defineAction, loadCampaign } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { inBatches, readTotal } from '../../stats';
import { findAll } from '../../store';
import { dayIn } from '../../time';
import { VERIFY_PAGE } from '../pledge/sign';
import { profileName } from './calls';
import { CITY_ROUND, type JudgingDoc } from './judging';
import { loadCall, loadEntry, revokeCertificate, settleEntry } from './lifecycle';
import {
  authorLabel,
  AWARD_PHASES,
  cityRoundOf,
  COL,
  districtRoundOf,
  isJudged,
  REVIEW_PHASES,
  selectedStatus,
  TIER_LABEL,
  type AuthorType,
  type CallDoc,
  type EntryAward,
  type EntryDoc,
} from './model';
import { BUCKET, variantsOf, type ShowcaseDoc } from './showcase';
import { labelsOf } from './views';

/**
 * Results. Judged calls: each sheet's weighted total, each entry's mean over its judges (raw) and the
 * mean of its judges' z-scores mapped back to the 0–100 scale (normalised), side by side, ranked per
 * category × group with ties shown; the city publishes awards by the call's tiers on the basis it
 * chooses, plus 优秀指导教师 (advisors of awarded works) and 优秀组织奖 (schools by awarded works per
 * 1,000 pupils, then entries per pupil). Other calls publish their selection (入选; the story and 思政课
 * columns). Published results are locked; a later change is an audited correction.
 */

/** Parallel writes while publishing (bounded: the database's QPS quota). */
const PUBLISH_CONCURRENCY = 8;

const TIER_ORDER: AwardTier[] = ['first', 'second', 'third', 'honorable'];

/** One award certificate (a work's tier, an advisor, a school). */
export type AwardDoc = AwardFields & { _id: string; verifyCode: string };

/** What a certificate says (before its id and code are allocated). */
export type AwardFields = {
  callId: string;
  kind: 'entry' | 'advisor' | 'organisation';
  /** 一等奖 / 优秀指导教师 / 优秀组织奖 */
  awardName: string;
  tier?: AwardTier;
  callTitle: string;
  /** Full names of the holders (the school's name for 优秀组织奖). */
  names: string[];
  /** The label printed for the holders (王小雨、李晨阳 / 王小雨家庭). */
  holder: string;
  /** The same, masked, for the public verify page. */
  maskedHolder: string;
  /** Who made an awarded work (entry certificates): decides 同学 / 老师 / a family's name alone. */
  authorType?: AuthorType;
  entryId?: string;
  entryTitle?: string;
  categoryTitle?: string;
  groupTitle?: string;
  /** A picture of the work for the certificate image. */
  thumb?: string;
  /** Advisor certificates: the awarded works they advised. */
  works?: string[];
  schoolId: string;
  schoolName: string;
  /** Who may open the full certificate: submitter, teacher authors, advisor. */
  openids: string[];
  /** Pupil authors (they and their guardians may open it). */
  rosterIds: string[];
  issuer: string;
  day: string;
  revoked?: { at: string; reason: string };
};

/** A judged call the city admin manages. */
async function cityCall(services: Services, user: UserDoc, callId: string): Promise<CallDoc> {
  const call = await loadCall(services, callId);
  if (!isCityAdmin(user)) throw denied('只有市级管理员可以查看和公布市级评审结果');
  if (!isJudged(call)) throw precondition('这个活动没有评委打分，请用「公布入选结果」');
  return call;
}

/** Raw and normalised results of a judged call, ranked per category × group (ties shown). */
async function computeResults(services: Services, call: CallDoc, basis: 'raw' | 'normalised') {
  const entries = await findAll<EntryDoc>(services.store, COL.entries, {
    ...cityRoundOf(call._id),
    status: { $in: [...CITY_ROUND] },
  });
  const docs = await findAll<JudgingDoc>(services.store, COL.judging, { callId: call._id });
  const scored = docs.filter((d) => d.scored);
  const computed = computeScores(
    call.rubric!,
    scored.map((d) => ({ judgeId: d.judgeId, entryId: d.entryId, scores: d.scores! })),
  );
  const byEntry = new Map(computed.entries.map((e) => [e.entryId, e]));
  const sheetsOf = new Map<string, number>();
  for (const d of docs) sheetsOf.set(d.entryId, (sheetsOf.get(d.entryId) ?? 0) + 1);
  const complete = entries.filter((e) => {
    const n = sheetsOf.get(e._id) ?? 0;
    return n >= call.judgesPerEntry && (byEntry.get(e._id)?.judges ?? 0) === n;
  });
  const rankBy = (key: 'raw' | 'normalised') => {
    const out = new Map<string, { rank: number; tied: boolean }>();
    const groups = new Map<string, { entryId: string; score: number }[]>();
    for (const e of entries) {
      const r = byEntry.get(e._id);
      if (!r) continue;
      const k = `${e.category}\u0000${e.group}`;
      groups.set(k, [...(groups.get(k) ?? []), { entryId: e._id, score: r[key] }]);
    }
    for (const list of groups.values()) {
      const ranked = rankEntries(list);
      for (const r of ranked)
        out.set(r.entryId, { rank: r.rank, tied: ranked.filter((x) => x.rank === r.rank).length > 1 });
    }
    return out;
  };
  const raw = rankBy('raw');
  const norm = rankBy('normalised');
  const allocation = allocateAwards(
    entries
      .filter((e) => byEntry.has(e._id))
      .map((e) => ({
        entryId: e._id,
        category: e.category,
        group: e.group,
        score: byEntry.get(e._id)![basis],
      })),
    call.tiers as TierRule[],
  );
  const tierOf = new Map(allocation.entries.map((a) => [a.entryId, a]));
  return { entries, docs, computed, byEntry, complete, raw, norm, allocation, tierOf };
}

/**
 * The city's results page in one call: every city-round work with its raw and normalised score side by
 * side, its rank by each and whether it ties, the tier it would get on the chosen basis, each judge's
 * mean and spread, and what is still missing before publishing.
 */
export const results = defineAction({
  title: '评审结果',
  input: z.object({ callId: s.id, basis: z.enum(['raw', 'normalised']).default('normalised') }).strict(),
  access: ['city_admin'],
  async handler({ services, user }, input) {
    const call = await cityCall(services, user, input.callId);
    const r = await computeResults(services, call, input.basis);
    const names = new Map<string, string>();
    for (const id of new Set(r.docs.map((d) => d.judgeId))) {
      const u = await services.store.get<UserDoc>(C.users, id);
      const g = u?.roles.find((x) => x.role === 'judge');
      names.set(id, (await profileName(services, id)) ?? (g && g.role === 'judge' ? g.name : '评委'));
    }
    const rows = r.entries.map((e) => {
      const score = r.byEntry.get(e._id);
      const alloc = r.tierOf.get(e._id);
      return {
        entryId: e._id,
        title: e.title,
        authorLabel: authorLabel(e, (n) => n),
        schoolName: e.schoolName,
        districtName: e.districtName,
        advisor: e.advisor?.name ?? null,
        ...labelsOf(call, e),
        category: e.category,
        group: e.group,
        sheets: r.docs
          .filter((d) => d.entryId === e._id)
          .map((d) => ({
            judge: names.get(d.judgeId) ?? '',
            scored: d.scored,
            total: d.total === undefined ? null : round2(d.total),
            comment: d.comment ?? '',
          })),
        raw: score ? round2(score.raw) : null,
        normalised: score ? round2(score.normalised) : null,
        rankRaw: r.raw.get(e._id)?.rank ?? null,
        tiedRaw: r.raw.get(e._id)?.tied ?? false,
        rankNormalised: r.norm.get(e._id)?.rank ?? null,
        tiedNormalised: r.norm.get(e._id)?.tied ?? false,
        tier: call.results ? (e.award?.tier ?? null) : (alloc?.tier ?? null),
        complete: r.complete.includes(e),
      };
    });
    rows.sort(
      (a, b) =>
        a.category.localeCompare(b.category) ||
        a.group.localeCompare(b.group) ||
        (a[input.basis === 'raw' ? 'rankRaw' : 'rankNormalised'] ?? 1e9) -
          (b[input.basis === 'raw' ? 'rankRaw' : 'rankNormalised'] ?? 1e9),
    );
    return {
      call: { callId: call._id, title: call.title, tiers: call.tiers, judgesPerEntry: call.judgesPerEntry },
      basis: input.basis,
      rows,
      judges: r.computed.judges.map((j) => ({
        name: names.get(j.judgeId) ?? '',
        sheets: j.sheets,
        mean: round2(j.mean),
        sd: round2(j.sd),
        normalised: j.normalised,
      })),
      overall: {
        sheets: r.computed.overall.sheets,
        mean: round2(r.computed.overall.mean),
        sd: round2(r.computed.overall.sd),
      },
      tiers: r.allocation.report,
      incomplete: r.entries.length - r.complete.length,
      published:
        call.results?.state === 'published'
          ? {
              at: call.results.publishedAt,
              basis: call.results.basis ?? null,
              corrections: call.results.corrections,
            }
          : null,
    };
  },
});

/**
 * Awards wait for the evaluation phase unless the call announces them as soon as judging ends
 * (`earlyResults`). FAILED_PRECONDITION with the dates otherwise.
 */
async function assertAwardPhase(services: Services, call: CallDoc, now: Date): Promise<void> {
  if (call.earlyResults) return;
  const campaign = await loadCampaign(services);
  if (!campaign || phaseAt(campaign, now) === 'evaluation') return;
  throw precondition(closedMessage('公布获奖结果', ['evaluation'], campaign, phaseAt(campaign, now)));
}

/** Claim the call for publishing (one publisher; a second click is refused). */
async function claimPublishing(services: Services, call: CallDoc, openid: string, now: Date): Promise<void> {
  const claimed = await services.store.updateMany(
    COL.calls,
    { _id: call._id, results: { $exists: false } },
    {
      $set: {
        results: {
          state: 'publishing',
          publishedAt: now.toISOString(),
          by: openid,
          count: 0,
          corrections: 0,
        },
      },
    },
  );
  if (claimed !== 1) throw precondition('结果已经公布（或正在公布）');
}

/** Write a results gallery in listing order (tiers first): explicit numbers, so parallel writes keep the order. */
async function writeFinalScopes(
  services: Services,
  call: CallDoc,
  ordered: EntryDoc[],
  now: Date,
): Promise<void> {
  const seqs = new Map<string, number>();
  const items: ShowcaseDoc[] = [];
  for (const e of ordered) {
    if (!e.cleared) continue;
    for (const scope of variantsOf(`f:${call._id}`, e.category, e.group)) {
      const seq = (seqs.get(scope) ?? 0) + 1;
      seqs.set(scope, seq);
      const thumb = e.images[0]?.fileId ?? e.video?.cover.fileId;
      items.push({
        _id: `${scope}~${e._id}`,
        scope,
        bucket: `${scope}#${Math.floor(seq / BUCKET)}`,
        seq,
        entryId: e._id,
        callId: call._id,
        category: e.category,
        group: e.group,
        format: e.format,
        title: e.title,
        author: authorLabel(e, maskName),
        schoolName: e.schoolName,
        ...(thumb ? { thumb } : {}),
        tier: e.award?.tier ?? null,
        at: now.toISOString(),
      });
    }
  }
  await inBatches(items, PUBLISH_CONCURRENCY, async (item) => {
    await services.store.remove(COL.showcase, item._id);
    await services.store.insert(COL.showcase, item);
  });
  for (const [scope, n] of seqs)
    await services.store.upsert(COL.counts, `g:${scope}`, { $set: { n, kind: 'gallery' } });
  await inBatches(
    ordered.filter((e) => e.cleared),
    PUBLISH_CONCURRENCY,
    async (e) => {
      const f = variantsOf(`f:${call._id}`, e.category, e.group);
      await services.store.update(COL.entries, e._id, {
        $set: { shown: [...new Set([...(e.shown ?? []), ...f])] },
      });
    },
  );
}

/** The campaign's name as certificates print it (the issuer). */
async function issuerOf(services: Services): Promise<string> {
  const campaign = await loadCampaign(services);
  return campaign ? `${campaign.cityName}「${campaign.title}」活动` : '「校园好网民」活动';
}

/** Issue one certificate (its verify code first: a crash in between leaves only a code that verifies nothing). */
async function issue(services: Services, doc: AwardFields): Promise<AwardDoc> {
  const _id = randomId();
  const verifyCode = await reserveVerifyCode(services, 'award', _id);
  const full: AwardDoc = { ...doc, _id, verifyCode };
  await services.store.insert(COL.awards, full);
  return full;
}

/** The certificate of an awarded work. */
function entryCertificate(
  call: CallDoc,
  e: EntryDoc,
  tier: AwardTier,
  issuer: string,
  day: string,
): AwardFields {
  const labels = labelsOf(call, e);
  const thumb = e.images[0]?.fileId ?? e.video?.cover.fileId;
  return {
    callId: call._id,
    kind: 'entry',
    awardName: TIER_LABEL[tier],
    tier,
    callTitle: call.title,
    names: e.authors.map((a) => a.name),
    holder: authorLabel(e, (n) => n),
    maskedHolder: authorLabel(e, maskName),
    authorType: e.authorType,
    entryId: e._id,
    entryTitle: e.title,
    ...labels,
    ...(thumb ? { thumb } : {}),
    schoolId: e.schoolId,
    schoolName: e.schoolName,
    openids: [...new Set([e.createdBy, ...e.authors.flatMap((a) => (a.openid ? [a.openid] : []))])],
    rosterIds: e.rosterIds,
    issuer,
    day,
  };
}

/**
 * Publish a judged call's awards (evaluation phase): tiers per category × group on the chosen basis
 * (ties never split), a certificate per awarded work, 优秀指导教师 for the advisors of awarded works and
 * 优秀组织奖 for the best schools; then the results are locked. Every city-round sheet must be scored.
 */
export const publishAwards = defineAction({
  title: '公布获奖结果',
  input: z.object({ callId: s.id, basis: z.enum(['raw', 'normalised']) }).strict(),
  access: ['city_admin'],
  phases: AWARD_PHASES,
  async handler({ services, user, openid, now }, input) {
    const call = await cityCall(services, user, input.callId);
    if (call.results) throw precondition('结果已经公布');
    await assertAwardPhase(services, call, now);
    const r = await computeResults(services, call, input.basis);
    const unscored = r.docs.filter((d) => !d.scored).length;
    if (!r.entries.length) throw precondition('市级评审还没有作品');
    if (unscored || r.complete.length < r.entries.length) {
      throw precondition(
        `还有 ${unscored} 份评分表没有完成，${r.entries.length - r.complete.length} 件作品的评委不足 ${call.judgesPerEntry} 位；请先完成评分或改派`,
      );
    }
    await claimPublishing(services, call, openid, now);
    const issuer = await issuerOf(services);
    const day = dayIn(now);
    const awarded: EntryDoc[] = [];
    await inBatches(r.entries, PUBLISH_CONCURRENCY, async (e) => {
      const score = r.byEntry.get(e._id)!;
      const alloc = r.tierOf.get(e._id)!;
      const award: EntryAward = {
        tier: alloc.tier,
        rank: alloc.rank,
        raw: round2(score.raw),
        normalised: round2(score.normalised),
        basis: input.basis,
      };
      if (alloc.tier) {
        const cert = await issue(services, entryCertificate(call, e, alloc.tier, issuer, day));
        award.certificateId = cert._id;
        awarded.push({ ...e, award });
      }
      await services.store.update(COL.entries, e._id, { $set: { award } });
    });
    // 优秀指导教师: the advisors of awarded works, one certificate each.
    const advisors = new Map<
      string,
      { name: string; works: string[]; schoolId: string; schoolName: string }
    >();
    for (const e of awarded) {
      if (!e.advisor) continue;
      const a = advisors.get(e.advisor.openid) ?? {
        name: e.advisor.name,
        works: [],
        schoolId: e.schoolId,
        schoolName: e.schoolName,
      };
      a.works.push(e.title);
      advisors.set(e.advisor.openid, a);
    }
    for (const [advisorId, a] of advisors) {
      await issue(services, {
        callId: call._id,
        kind: 'advisor',
        awardName: '优秀指导教师',
        callTitle: call.title,
        names: [a.name],
        holder: a.name,
        maskedHolder: maskName(a.name),
        works: a.works,
        schoolId: a.schoolId,
        schoolName: a.schoolName,
        openids: [advisorId],
        rosterIds: [],
        issuer,
        day,
      });
    }
    // 优秀组织奖: schools by awarded works per 1,000 pupils, then entries per pupil (exact fractions, ties share).
    // Only schools with an awarded work can win it, and their order among themselves is the order among all:
    // read the entry tallies of those schools only (by id).
    const awardedBySchool = new Map<string, number>();
    for (const e of awarded) awardedBySchool.set(e.schoolId, (awardedBySchool.get(e.schoolId) ?? 0) + 1);
    const tallyIds = [...awardedBySchool.keys()].map((schoolId) => `t:${call._id}:${schoolId}`);
    const tallies = tallyIds.length
      ? await findAll<{ _id: string; schoolId: string; n: number }>(services.store, COL.counts, {
          _id: { $in: tallyIds },
        })
      : [];
    const participation = [];
    for (const t of tallies.filter((x) => x.n > 0)) {
      const m = await readTotal(services.store, `s:${t.schoolId}`);
      participation.push({
        schoolId: t.schoolId,
        students: m.roster ?? 0,
        entries: Math.max(t.n, awardedBySchool.get(t.schoolId) ?? 0),
        awarded: awardedBySchool.get(t.schoolId) ?? 0,
      });
    }
    const ranking = organisationAward(participation).filter(
      (x) => x.rank !== null && x.rank <= call.organisationAwards && x.awarded > 0,
    );
    for (const row of ranking) {
      const school = await services.store.get<SchoolDoc>(C.schools, row.schoolId);
      if (!school) continue;
      await issue(services, {
        callId: call._id,
        kind: 'organisation',
        awardName: '优秀组织奖',
        callTitle: call.title,
        names: [school.name],
        holder: school.name,
        maskedHolder: school.name,
        schoolId: school._id,
        schoolName: school.name,
        openids: [],
        rosterIds: [],
        issuer,
        day,
      });
    }
    const ordered = awarded.sort(
      (a, b) =>
        a.category.localeCompare(b.category) ||
        a.group.localeCompare(b.group) ||
        TIER_ORDER.indexOf(a.award!.tier!) - TIER_ORDER.indexOf(b.award!.tier!) ||
        a.award!.rank - b.award!.rank ||
        (a._id < b._id ? -1 : 1),
    );
    await writeFinalScopes(services, call, ordered, now);
    const published = {
      state: 'published' as const,
      publishedAt: now.toISOString(),
      by: openid,
      basis: input.basis,
      count: awarded.length,
      corrections: 0,
    };
    await services.store.update(COL.calls, call._id, {
      $set: { results: published, updatedAt: now.toISOString() },
    });
    const fresh = { ...call, results: published };
    await inBatches(
      r.entries,
      PUBLISH_CONCURRENCY,
      async (e) => void (await settleEntry(services, e._id, now, fresh)),
    );
    await audit(services, openid, 'contest.publishAwards', call._id, {
      basis: input.basis,
      awarded: awarded.length,
      advisors: advisors.size,
      schools: ranking.length,
    });
    return {
      awarded: awarded.length,
      advisors: advisors.size,
      organisations: ranking.length,
      report: r.allocation.report,
    };
  },
});

/**
 * After publishing, change one work's tier (or take its award away): an audited correction with a
 * reason. Its certificate is reissued (the old code stops verifying) and counters and galleries follow.
 */
export const correctAward = defineAction({
  title: '更正获奖结果',
  input: z
    .object({
      entryId: s.id,
      tier: z.enum(['first', 'second', 'third', 'honorable']).nullable(),
      reason: z.string().trim().min(4, '请写明更正原因').max(200),
    })
    .strict(),
  access: ['city_admin'],
  phases: AWARD_PHASES,
  async handler({ services, user, openid, now }, input) {
    const entry = await loadEntry(services, input.entryId);
    const call = await cityCall(services, user, entry.callId);
    if (call.results?.state !== 'published') throw precondition('结果还没有公布，直接调整评审即可');
    if (!entry.award) throw precondition('这件作品不在市级评审结果中');
    const before = entry.award.tier;
    if (before === input.tier) throw precondition('奖项没有变化');
    if (entry.award.certificateId)
      await revokeCertificate(services, entry.award.certificateId, input.reason, now);
    const award: EntryAward = { ...entry.award, tier: input.tier };
    delete award.certificateId;
    if (input.tier) {
      const cert = await issue(
        services,
        entryCertificate(call, entry, input.tier, await issuerOf(services), dayIn(now)),
      );
      award.certificateId = cert._id;
    }
    await services.store.update(COL.entries, entry._id, { $set: { award, updatedAt: now.toISOString() } });
    await services.store.update(COL.calls, call._id, {
      $set: { 'results.corrections': (call.results.corrections ?? 0) + 1 },
    });
    await audit(services, openid, 'contest.correctAward', entry._id, {
      from: before,
      to: input.tier,
      reason: input.reason,
    });
    const fresh = await settleEntry(services, entry._id, now);
    return {
      entryId: entry._id,
      tier: fresh?.award?.tier ?? null,
      certificateId: fresh?.award?.certificateId ?? null,
    };
  },
});

/**
 * Publish what a call without judges selected (入选): a school's or district's selection, or the city's
 * story / 思政课 column. Lists them in the results gallery (the column) and locks the call.
 */
export const publishSelection = defineAction({
  title: '公布入选结果',
  input: z.object({ callId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin'],
  phases: REVIEW_PHASES,
  async handler({ services, user, openid, now }, { callId }) {
    const call = await loadCall(services, callId);
    if (!managesCall(user, call)) throw denied('只有组织单位的管理员可以公布结果');
    if (isJudged(call)) throw precondition('市级作品征集由评委打分，请在「评审结果」中公布获奖');
    if (call.results) throw precondition('结果已经公布');
    if (dayIn(now) <= call.closesOn) throw precondition(`征集 ${call.closesOn} 截止后才能公布结果`);
    const selected = await findAll<EntryDoc>(
      services.store,
      COL.entries,
      {
        ...(call.level === 'school'
          ? { callId: call._id, schoolId: call.schoolId }
          : call.level === 'district'
            ? districtRoundOf(call._id, call.districtId!)
            : cityRoundOf(call._id)),
        status: selectedStatus(call),
      },
      { order: 1 },
    );
    if (!selected.length) throw precondition('还没有入选的作品');
    await claimPublishing(services, call, openid, now);
    const ordered = selected.sort(
      (a, b) =>
        a.category.localeCompare(b.category) ||
        a.group.localeCompare(b.group) ||
        a.order.localeCompare(b.order),
    );
    await writeFinalScopes(services, call, ordered, now);
    const published = {
      state: 'published' as const,
      publishedAt: now.toISOString(),
      by: openid,
      count: selected.length,
      corrections: 0,
    };
    await services.store.update(COL.calls, call._id, {
      $set: { results: published, updatedAt: now.toISOString() },
    });
    const fresh = { ...call, results: published };
    await inBatches(
      selected,
      PUBLISH_CONCURRENCY,
      async (e) => void (await settleEntry(services, e._id, now, fresh)),
    );
    await audit(services, openid, 'contest.publishSelection', call._id, { selected: selected.length });
    return { selected: selected.length };
  },
});

/** What a certificate holder sees: full names, the verify code and QR. */
async function certificateView(services: Services, cert: AwardDoc) {
  const base = services.config.publicBaseUrl?.replace(/\/+$/, '');
  return {
    certificateId: cert._id,
    kind: cert.kind,
    awardName: cert.awardName,
    tier: cert.tier ?? null,
    callTitle: cert.callTitle,
    holder: cert.holder,
    names: cert.names,
    entryTitle: cert.entryTitle ?? null,
    categoryTitle: cert.categoryTitle ?? null,
    groupTitle: cert.groupTitle ?? null,
    works: cert.works ?? [],
    schoolName: cert.schoolName,
    issuer: cert.issuer,
    day: cert.day,
    imageUrl: cert.thumb ? await services.files.url(cert.thumb) : null,
    verifyCode: cert.verifyCode,
    verifyPath: `/${VERIFY_PAGE}?code=${cert.verifyCode}`,
    verifyUrl: base ? `${base}/#/${VERIFY_PAGE}?code=${cert.verifyCode}` : null,
    verifyQr: await qrTarget(services, VERIFY_PAGE, cert.verifyCode, { code: cert.verifyCode }),
  };
}

/** The certificates the caller holds: their works' awards (and their children's), advisor awards, their school's. */
export const myCertificates = defineAction({
  title: '我的获奖证书',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, openid }) {
    const rosterIds = new Set<string>();
    for (const g of user.roles) if (g.role === 'student') rosterIds.add(g.rosterId);
    for (const f of await findAll<{ _id: string; rosterId: string }>(services.store, C.families, {
      parentOpenid: openid,
      ...CONFIRMED_LINK,
    })) {
      rosterIds.add(f.rosterId);
    }
    const adminSchools = user.roles.flatMap((g) => (g.role === 'school_admin' ? [g.schoolId] : []));
    const or: Record<string, unknown>[] = [{ openids: openid }];
    if (rosterIds.size) or.push({ rosterIds: { $in: [...rosterIds] } });
    if (adminSchools.length) or.push({ kind: 'organisation', schoolId: { $in: adminSchools } });
    const certs = await services.store.find<AwardDoc>(
      COL.awards,
      { $or: or },
      { sort: { day: -1 }, limit: 100 },
    );
    const mine = [];
    for (const cert of certs) {
      if (cert.revoked) continue;
      if (
        cert.rosterIds.length &&
        !cert.openids.includes(openid) &&
        !(await holdsByRoster(services, user, cert))
      )
        continue;
      mine.push(await certificateView(services, cert));
    }
    return { items: mine };
  },
});

/** A pupil author (approved claim) or a guardian of one whose link the teacher confirmed. */
async function holdsByRoster(services: Services, user: UserDoc, cert: AwardDoc): Promise<boolean> {
  const g = studentGrantOf(user);
  if (g && cert.rosterIds.includes(g.rosterId)) {
    const roster = await services.store.get<RosterDoc>(C.roster, g.rosterId);
    if (roster && isApprovedStudentOf(user, roster)) return true;
  }
  for (const id of cert.rosterIds) if (await confirmedLinkOf(services, user._id, id)) return true;
  return false;
}

/** One certificate for its holders (full names, code and QR); NOT_FOUND for anyone else. */
export const certificate = defineAction({
  title: '获奖证书',
  input: z.object({ certificateId: s.id }).strict(),
  access: 'user',
  async handler({ services, user, openid }, { certificateId }) {
    const cert = await services.store.get<AwardDoc>(COL.awards, certificateId);
    if (!cert || cert.revoked) throw notFound('证书不存在');
    const school = user.roles.some((g) => g.role === 'school_admin' && g.schoolId === cert.schoolId);
    const holder =
      cert.openids.includes(openid) ||
      (cert.kind === 'organisation' && school) ||
      (await holdsByRoster(services, user, cert));
    if (!holder) throw notFound('证书不存在');
    return certificateView(services, cert);
  },
});

/** The public verify page's view of an award certificate: masked names only. */
registerCertificateKind('award', async (services, ref, code) => {
  const cert = await services.store.get<AwardDoc>(COL.awards, ref);
  if (!cert || cert.revoked || cert.verifyCode !== code) return null;
  const lines = [`活动：${cert.callTitle}`, `奖项：${cert.awardName}`];
  if (cert.entryTitle) lines.push(`作品：《${cert.entryTitle}》`);
  if (cert.categoryTitle)
    lines.push(`类别：${cert.categoryTitle}${cert.groupTitle ? ` · ${cert.groupTitle}` : ''}`);
  lines.push(`颁发：${cert.issuer}`);
  const salutation =
    cert.kind === 'advisor' || cert.authorType === 'teacher'
      ? '老师'
      : cert.kind === 'organisation' || cert.authorType === 'family'
        ? ''
        : '同学';
  return {
    kind: 'award',
    title: `${cert.callTitle} ${cert.awardName}`,
    maskedName: cert.maskedHolder,
    salutation,
    schoolName: cert.schoolName,
    day: cert.day,
    lines,
    detail: { awardName: cert.awardName, callTitle: cert.callTitle, entryTitle: cert.entryTitle ?? null },
  };
});
