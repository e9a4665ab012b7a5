import { createHash } from 'node:crypto';
import { audit } from '../../audit';
import { releaseVerifyCode } from '../../certificates';
import { quotaKey } from '../../contest/algo/quota';
import { exhausted, precondition } from '../../errors';
import { registerMediaCheckKind } from '../../moderation/mediaChecks';
import type { Services } from '../../services';
import { bump, type ClassUnit } from '../../stats';
import { DuplicateKeyError, mustGet, type Filter } from '../../store';
import { expireUpload, REJECTED_RETENTION_DAYS } from '../../uploads';
import { WECHAT_LABEL_REASON } from '../card/review';
import { maskName } from '../../privacy';
import {
  authorLabel,
  COL,
  CONTEST_METRICS,
  COUNTED_STATUSES,
  RECOMMENDED_STATUSES,
  quotaFor,
  type CallDoc,
  type Check,
  type EntryDoc,
  roundKeys,
  type EntryStatus,
} from './model';
import { isCleared } from './moderation';
import { syncShowcase } from './showcase';

/**
 * Every change of an entry's status goes through `transition`, and every change of anything public or
 * counted ends in `settleEntry`: one place decides quotas, counters, the public state and the galleries.
 */

/** Load a call or NOT_FOUND. */
export function loadCall(services: Services, callId: string): Promise<CallDoc> {
  return mustGet<CallDoc>(services.store, COL.calls, callId, '征集活动');
}

/** Load an entry or NOT_FOUND. */
export function loadEntry(services: Services, entryId: string): Promise<EntryDoc> {
  return mustGet<EntryDoc>(services.store, COL.entries, entryId, '作品');
}

/** Drafts one lead author may keep in a call besides their submitted entries. */
export const MAX_DRAFTS = 5;

/**
 * Statuses in which an entry holds a place of each kind: a recommendation place of its school / its
 * district (quotas), one of its lead author's `maxPerAuthor` entries in the call (everything submitted
 * and not withdrawn: a rejected work keeps its place until it is deleted), one of their MAX_DRAFTS drafts.
 */
const HOLDS = {
  school: RECOMMENDED_STATUSES,
  district: ['district_recommended', 'city_selected'],
  author: COUNTED_STATUSES,
  draft: ['draft'],
} satisfies Record<string, EntryStatus[]>;
type PlaceKind = keyof typeof HOLDS;
const PLACE_KINDS = Object.keys(HOLDS) as PlaceKind[];

/** A counter of places (`contest_counts`, field `n`) and what taking one more than `limit` answers. */
interface Places {
  id: string;
  kind: string;
  limit: number;
  full: string;
  /**
   * The entries that hold such a place, counted once into a counter that does not exist yet (entries
   * stored before the counter was kept); a quota counter has always been kept.
   */
  seed?: Filter;
}

/** Places used in one unit's quota (for review pages). */
export function quotaDocId(
  level: 'school' | 'district',
  unitId: string,
  callId: string,
  category: string,
  group: string,
): string {
  return quotaKey(level, unitId, callId, category, group);
}

/** A counter's id for one lead author in a call (the lead, a roster id or an openid, only hashed). */
function authorKey(prefix: string, callId: string, lead: string): string {
  const who = createHash('sha256').update(lead).digest('hex').slice(0, 24);
  return `${prefix}:${encodeURIComponent(callId)}:${who}`;
}

/** A lead author's drafts in a call. */
export function draftPlaces(callId: string, lead: string): Places {
  return {
    id: authorKey('drafts', callId, lead),
    kind: 'drafts',
    limit: MAX_DRAFTS,
    full: `草稿最多 ${MAX_DRAFTS} 件，请先提交或删除已有的草稿`,
    seed: { lead, callId, status: 'draft' },
  };
}

/** The places of one kind an entry takes or holds. */
function placesOf(kind: PlaceKind, call: CallDoc, entry: EntryDoc): Places {
  if (kind === 'draft') return draftPlaces(call._id, entry.lead);
  if (kind === 'author') {
    return {
      id: authorKey('author', call._id, entry.lead),
      kind: 'author',
      limit: call.maxPerAuthor,
      full: `每位作者在这个活动中最多提交 ${call.maxPerAuthor} 件作品`,
      seed: { lead: entry.lead, callId: call._id, status: { $in: HOLDS.author } },
    };
  }
  const limit = quotaFor(call, kind, entry.category, entry.group);
  const cat = call.categories.find((c) => c.key === entry.category)?.title ?? entry.category;
  const grp = call.groups.find((g) => g.key === entry.group)?.title ?? entry.group;
  return {
    id: quotaDocId(
      kind,
      kind === 'school' ? entry.schoolId : entry.districtId,
      call._id,
      entry.category,
      entry.group,
    ),
    kind: 'quota',
    limit,
    full: `${kind === 'school' ? '本校' : '本县区'}「${cat} · ${grp}」的推荐名额（${limit} 件）已用完；可以先取消另一件作品的推荐`,
  };
}

/**
 * Take a place atomically: the increment answers the new count, so of 40 parallel recommends against a
 * quota of 5 exactly 5 see a count ≤ 5; the others give their place back and are refused
 * (RESOURCE_EXHAUSTED). The same holds for an author's entries and drafts. Answers the counter's id.
 */
export async function takePlace(services: Services, places: Places): Promise<string> {
  const { store } = services;
  if (places.seed && !(await store.get(COL.counts, places.id))) {
    // Only the first taker of a counter counts (and the insert lets one of them win): every entry that
    // took a place since then did so through the counter, after it existed.
    const n = await store.count(COL.entries, places.seed);
    try {
      await store.insert(COL.counts, { _id: places.id, n, kind: places.kind });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
  }
  const n = await store.increment(COL.counts, places.id, 'n', 1, { kind: places.kind });
  if (n > places.limit) {
    await givePlace(services, places.id);
    throw exhausted(places.full);
  }
  return places.id;
}

/** Give a place back (never below zero, never creating a counter: an entry older than it held none). */
export async function givePlace(services: Services, id: string): Promise<void> {
  await services.store.updateMany(COL.counts, { _id: id, n: { $gt: 0 } }, { $inc: { n: -1 } });
}

/**
 * Move an entry from its current status to `to` with `set`: places are taken before (and given back if
 * someone else changed the entry first), released after; the entry is then settled and the change
 * audited. FAILED_PRECONDITION when the entry is no longer in the status the caller saw.
 */
export async function transition(
  services: Services,
  call: CallDoc,
  entry: EntryDoc,
  to: EntryStatus,
  set: Record<string, unknown>,
  actor: string,
  action: string,
  now: Date,
  unset: string[] = [],
): Promise<EntryDoc> {
  const holds = (kind: PlaceKind, status: EntryStatus) => (HOLDS[kind] as EntryStatus[]).includes(status);
  const taken: string[] = [];
  try {
    for (const kind of PLACE_KINDS) {
      if (!holds(kind, entry.status) && holds(kind, to))
        taken.push(await takePlace(services, placesOf(kind, call, entry)));
    }
  } catch (err) {
    for (const id of taken) await givePlace(services, id);
    throw err;
  }
  const at = now.toISOString();
  const changed = await services.store.updateMany(
    COL.entries,
    { _id: entry._id, status: entry.status },
    {
      $set: { ...set, status: to, ...roundKeys(entry, to), updatedAt: at },
      ...(unset.length ? { $unset: Object.fromEntries(unset.map((k) => [k, true as const])) } : {}),
    },
  );
  if (changed !== 1) {
    for (const id of taken) await givePlace(services, id);
    throw precondition('这件作品的状态刚刚变了，请刷新后再试');
  }
  for (const kind of PLACE_KINDS) {
    if (holds(kind, entry.status) && !holds(kind, to))
      await givePlace(services, placesOf(kind, call, entry).id);
  }
  await audit(services, actor, action, entry._id, { from: entry.status, to });
  return (await settleEntry(services, entry._id, now, call)) as EntryDoc;
}

function unitOf(entry: EntryDoc): ClassUnit | null {
  return entry.classId
    ? { classId: entry.classId, schoolId: entry.schoolId, districtId: entry.districtId }
    : null;
}

/** Flip a counter flag exactly once (conditional update), bumping its metric when it flipped. */
async function flip(
  services: Services,
  entry: EntryDoc,
  flag: 'counted' | 'recommended' | 'awarded',
  want: boolean,
  metric: string,
  now: Date,
): Promise<boolean> {
  const done = await services.store.updateMany(
    COL.entries,
    { _id: entry._id, [flag]: !want },
    { $set: { [flag]: want } },
  );
  if (done !== 1) return false;
  const unit = unitOf(entry);
  if (unit) await bump(services.store, unit, metric, want ? 1 : -1, entry._id, now);
  return true;
}

/** A pupil's authors-metric record: +1 when their first counted entry arrives, −1 when the last goes. */
async function countAuthors(services: Services, entry: EntryDoc, by: 1 | -1, now: Date): Promise<void> {
  if (!entry.classId) return;
  const unit = unitOf(entry)!;
  for (const rosterId of entry.rosterIds) {
    const n = await services.store.increment(COL.authors, rosterId, 'n', by, {
      classId: entry.classId,
      schoolId: entry.schoolId,
      districtId: entry.districtId,
    });
    if ((by === 1 && n === 1) || (by === -1 && n === 0)) {
      await bump(services.store, unit, CONTEST_METRICS.authors, by, rosterId, now);
    }
  }
}

/**
 * Recompute what follows from an entry's state: whether its content is cleared for the public, its
 * counters (entries, authors, recommended, awarded — each exactly once), the school's entry tally for
 * the 优秀组织奖, and the galleries it is listed in. Safe to call repeatedly and concurrently.
 */
export async function settleEntry(
  services: Services,
  entryId: string,
  now: Date,
  knownCall?: CallDoc,
): Promise<EntryDoc | null> {
  const { store } = services;
  let entry = await store.get<EntryDoc>(COL.entries, entryId);
  if (!entry) return null;
  const call =
    knownCall?._id === entry.callId ? knownCall : await store.get<CallDoc>(COL.calls, entry.callId);
  if (!call) return entry;
  const cleared = isCleared(entry);
  if (cleared !== entry.cleared) {
    await store.update(COL.entries, entry._id, { $set: { cleared } });
    entry = { ...entry, cleared };
  }
  const counted = COUNTED_STATUSES.includes(entry.status);
  if (await flip(services, entry, 'counted', counted, CONTEST_METRICS.entries, now)) {
    await countAuthors(services, entry, counted ? 1 : -1, now);
    await store.increment(COL.counts, `t:${entry.callId}:${entry.schoolId}`, 'n', counted ? 1 : -1, {
      kind: 'tally',
      callId: entry.callId,
      schoolId: entry.schoolId,
    });
  }
  await flip(
    services,
    entry,
    'recommended',
    RECOMMENDED_STATUSES.includes(entry.status),
    CONTEST_METRICS.recommended,
    now,
  );
  const awarded =
    call.results?.state === 'published' &&
    !!entry.award?.tier &&
    entry.status !== 'rejected' &&
    entry.status !== 'withdrawn';
  await flip(services, entry, 'awarded', awarded, CONTEST_METRICS.awarded, now);
  const fresh = (await store.get<EntryDoc>(COL.entries, entry._id)) ?? entry;
  await syncShowcase(services, call, fresh, now);
  return store.get<EntryDoc>(COL.entries, entry._id);
}

/** Withdraw a certificate: its code stops verifying; the record stays (audit) marked revoked. */
export async function revokeCertificate(
  services: Services,
  certificateId: string,
  reason: string,
  now: Date,
): Promise<void> {
  const cert = await services.store.get<{ _id: string; verifyCode: string; revoked?: unknown }>(
    COL.awards,
    certificateId,
  );
  if (!cert || cert.revoked) return;
  await releaseVerifyCode(services, cert.verifyCode);
  await services.store.update(COL.awards, cert._id, { $set: { revoked: { at: now.toISOString(), reason } } });
}

/**
 * Take an entry out of the selection whatever its round (a picture WeChat found risky after it was
 * passed): rejected with the reason, places released, galleries and counters updated.
 */
export async function takeDown(
  services: Services,
  entryId: string,
  reason: string,
  actor: string,
  now: Date,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const entry = await services.store.get<EntryDoc>(COL.entries, entryId);
    if (!entry) return;
    if (entry.status === 'rejected' || entry.status === 'withdrawn' || entry.status === 'draft') {
      await settleEntry(services, entryId, now);
      return;
    }
    const call = await loadCall(services, entry.callId);
    if (entry.award?.certificateId) await revokeCertificate(services, entry.award.certificateId, reason, now);
    try {
      await transition(
        services,
        call,
        entry,
        'rejected',
        { note: { kind: 'taken-down', text: reason, at: now.toISOString() } },
        actor,
        'contest.takeDown',
        now,
      );
      return;
    } catch (err) {
      if (attempt === 2) throw err;
    }
  }
}

/**
 * Apply an async picture verdict (WeChat's push) to its entry: pass clears the part, review leaves it
 * for a person, reject takes the entry out of the selection and schedules the picture's deletion.
 */
registerMediaCheckKind('entry', async (services, check, verdict, label, now) => {
  const entry = await services.store.get<EntryDoc>(COL.entries, check.ref);
  if (!entry) return;
  const at = now.toISOString();
  const index = check.part === 'cover' ? -1 : Number(check.part.split(':')[1]);
  const part = index < 0 ? entry.video?.cover : entry.images[index];
  if (!part?.check || part.check.traceId !== check._id) return;
  const what = index < 0 ? '视频封面' : `第 ${index + 1} 张图片`;
  const reason =
    verdict === 'reject'
      ? `${what}${WECHAT_LABEL_REASON[label ?? 21000] ?? '含有不适合发布的内容'}`
      : verdict === 'review'
        ? `${what}需要老师再看一下`
        : undefined;
  const next: Check = { ...part.check, verdict, at, awaiting: false };
  if (reason) next.reason = reason;
  else delete next.reason;
  const path = index < 0 ? 'video.cover.check' : `images.${index}.check`;
  await services.store.update(COL.entries, entry._id, { $set: { [path]: next, updatedAt: at } });
  if (verdict === 'reject') {
    await expireUpload(services, part.fileId, now, REJECTED_RETENTION_DAYS);
    await takeDown(services, entry._id, `${reason}，作品已撤下`, 'system:media-check', now);
  } else {
    await settleEntry(services, entry._id, now);
  }
});

/**
 * Take pupils out of an entry's co-authors (their data was erased): the work stays with its other
 * authors, the pupils leave the authors metric, and a certificate of the work names only who is left.
 */
export async function dropCoAuthors(
  services: Services,
  entry: EntryDoc,
  rosterIds: string[],
  now: Date,
): Promise<void> {
  const gone = entry.rosterIds.filter((r) => rosterIds.includes(r) && r !== entry.rosterIds[0]);
  if (!gone.length) return;
  const authors = entry.authors.filter((a) => !a.rosterId || !gone.includes(a.rosterId));
  const left = entry.rosterIds.filter((r) => !gone.includes(r));
  await services.store.update(COL.entries, entry._id, { $set: { authors, rosterIds: left } });
  if (entry.counted) await countAuthors(services, { ...entry, rosterIds: gone }, -1, now);
  if (entry.award?.certificateId) {
    const names = authors.map((a) => a.name);
    await services.store.update(COL.awards, entry.award.certificateId, {
      $set: {
        names,
        holder: authorLabel({ authors, authorType: entry.authorType }, (n) => n),
        maskedHolder: authorLabel({ authors, authorType: entry.authorType }, maskName),
        rosterIds: left,
      },
    });
  }
}
