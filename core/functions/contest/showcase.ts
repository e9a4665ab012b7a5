import { maskName } from '../../privacy';
import type { Services } from '../../services';
import { DuplicateKeyError, type Doc } from '../../store';
import {
  APPROVED_AT,
  authorLabel,
  COL,
  isJudged,
  selectedStatus,
  type CallDoc,
  type EntryDoc,
  type EntryFormat,
} from './model';

/**
 * Galleries (作品展) as an index of their own, so a page costs the same at 1,000 or 100,000 works.
 * A public work is listed in every gallery scope it belongs to:
 *   s:<school>:<call>   the school's gallery (passed by the school)
 *   d:<district>:<call> the district's gallery (passed by the district round)
 *   c:<call>            the city's gallery (city-round works, once results are published)
 *   f:<call>            the results: awarded works (成果展示) or the selected stories / lessons (专栏)
 * each also filtered by category and by category × group ("…|c=<category>", "…|c=<category>|g=<group>").
 * Items are numbered per scope (an atomic counter) and stored in buckets of BUCKET consecutive numbers;
 * a page reads the scope's head and one or two buckets by equality on an indexed field, never a range
 * over the whole gallery. Items hold only what a tile shows, with names masked.
 *
 * Judges score a judged call's works blind, so nothing public may tie one of its works to a school or an
 * author while it can still be scored: `onShow` keeps every gallery, count and work page of such a call
 * closed until its results are published. Its listings are kept up to date meanwhile (so every gallery
 * opens complete, in order, the moment the results are out), only never read for the public.
 */

/** Items per bucket. */
export const BUCKET = 32;
/** Tiles per gallery page. */
export const PAGE = 20;

/** What a tile shows of a work. */
export type Tile = {
  entryId: string;
  callId: string;
  category: string;
  group: string;
  format: EntryFormat;
  title: string;
  /** Masked author label (王*雨, 王*雨家庭). */
  author: string;
  schoolName: string;
  /** A picture for the tile (first image or the video's cover), if any. */
  thumb?: string;
  tier?: string | null;
};

/** One gallery tile as stored. */
export type ShowcaseDoc = Tile & { _id: string; scope: string; bucket: string; seq: number; at: string };

/**
 * Whether a call's works may be shown to the public now (galleries, their counts, work pages, likes,
 * share codes). A judged call's (city works, scored blind) only once its results are published: before,
 * a tile with the school and the masked author next to the very picture or text a judge scores would
 * name the work's school, author and advisor to the judge — and nobody else needs them before either.
 */
export function onShow(call: Pick<CallDoc, 'kind' | 'level' | 'results'>): boolean {
  return !isJudged(call) || call.results?.state === 'published';
}

/** The base scopes an entry belongs to now (without the category/group variants). */
export function baseScopes(call: CallDoc, entry: EntryDoc): string[] {
  if (!entry.cleared) return [];
  const out: string[] = [];
  const published = call.results?.state === 'published';
  if (APPROVED_AT.school.includes(entry.status)) out.push(`s:${entry.schoolId}:${call._id}`);
  if (call.level !== 'school' && APPROVED_AT.district.includes(entry.status)) {
    out.push(`d:${entry.districtId}:${call._id}`);
  }
  if (call.level === 'city' && published && APPROVED_AT.city.includes(entry.status))
    out.push(`c:${call._id}`);
  const final = isJudged(call)
    ? !!entry.award?.tier && entry.status !== 'rejected'
    : entry.status === selectedStatus(call);
  if (published && final) out.push(`f:${call._id}`);
  return out;
}

/** A base scope with its filtered variants. */
export function variantsOf(base: string, category: string, group: string): string[] {
  return [base, `${base}|c=${category}`, `${base}|c=${category}|g=${group}`];
}

/** The scope a gallery request reads. */
export function scopeFor(base: string, category?: string, group?: string): string {
  if (!category) return base;
  return group ? `${base}|c=${category}|g=${group}` : `${base}|c=${category}`;
}

const headId = (scope: string) => `g:${scope}`;
const bucketKey = (scope: string, b: number) => `${scope}#${b}`;

/** What a tile shows of an entry. */
function tileOf(entry: EntryDoc): Tile {
  const thumb = entry.images[0]?.fileId ?? entry.video?.cover.fileId;
  return {
    entryId: entry._id,
    callId: entry.callId,
    category: entry.category,
    group: entry.group,
    format: entry.format,
    title: entry.title,
    author: authorLabel(entry, maskName),
    schoolName: entry.schoolName,
    ...(thumb ? { thumb } : {}),
    tier: entry.award?.tier ?? null,
  };
}

/** Bring an entry's gallery listings in line with its state (adds new scopes, removes gone ones). */
export async function syncShowcase(
  services: Services,
  call: CallDoc,
  entry: EntryDoc,
  now: Date,
): Promise<void> {
  const { store } = services;
  const want = baseScopes(call, entry).flatMap((b) => variantsOf(b, entry.category, entry.group));
  const have = new Set(entry.shown ?? []);
  const wanted = new Set(want);
  const add = want.filter((s) => !have.has(s));
  const drop = [...have].filter((s) => !wanted.has(s));
  if (!add.length && !drop.length) {
    if (want.length) await refreshTier(services, entry);
    return;
  }
  for (const scope of drop) await store.remove(COL.showcase, `${scope}~${entry._id}`);
  const tile = tileOf(entry);
  for (const scope of add) {
    const seq = await store.increment(COL.counts, headId(scope), 'n', 1, { kind: 'gallery' });
    try {
      await store.insert<ShowcaseDoc>(COL.showcase, {
        _id: `${scope}~${entry._id}`,
        scope,
        bucket: bucketKey(scope, Math.floor(seq / BUCKET)),
        seq,
        ...tile,
        at: now.toISOString(),
      });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
  }
  await store.update(COL.entries, entry._id, { $set: { shown: want } });
  if (want.length) await refreshTier(services, entry);
}

/** Keep the tier shown on an entry's tiles current (an audited correction after publishing). */
async function refreshTier(services: Services, entry: EntryDoc): Promise<void> {
  const tier = entry.award?.tier ?? null;
  await services.store.updateMany(
    COL.showcase,
    { entryId: entry._id, tier: { $ne: tier } },
    { $set: { tier } },
  );
}

/** Remove every listing of an entry (it is deleted). */
export async function dropShowcase(services: Services, entry: EntryDoc): Promise<void> {
  for (const scope of entry.shown ?? []) await services.store.remove(COL.showcase, `${scope}~${entry._id}`);
}

/**
 * One page of a gallery scope. `order` 'desc' lists the newest first (cursor: show items numbered
 * below it), 'asc' in listing order (results: tiers first; cursor: items numbered above it). Reads the
 * head (first page only, or ascending pages) and two buckets per store call, at most four times even if
 * many listings were removed, so a page never costs more than a few small reads.
 */
export async function readPage(
  services: Services,
  scope: string,
  order: 'asc' | 'desc',
  cursor: number | undefined,
): Promise<{ items: ShowcaseDoc[]; next: number | null; total: number | null }> {
  const { store } = services;
  const needHead = order === 'asc' || cursor === undefined;
  const head = needHead ? ((await store.get<Doc & { n: number }>(COL.counts, headId(scope)))?.n ?? 0) : null;
  const items: ShowcaseDoc[] = [];
  if (order === 'desc') {
    let before = cursor ?? (head as number) + 1;
    let hi = Math.floor((before - 1) / BUCKET);
    for (let round = 0; round < 4 && hi >= 0 && items.length < PAGE; round++) {
      const buckets = [hi, hi - 1].filter((b) => b >= 0).map((b) => bucketKey(scope, b));
      const found = await store.find<ShowcaseDoc>(
        COL.showcase,
        { bucket: { $in: buckets } },
        { limit: BUCKET * 2 },
      );
      const fresh = found.filter((d) => d.seq < before).sort((a, b) => b.seq - a.seq);
      items.push(...fresh.slice(0, PAGE - items.length));
      before = items.length ? items[items.length - 1].seq : before;
      hi -= 2;
    }
    const last = items[items.length - 1];
    const more = items.length === PAGE ? last.seq > 1 : hi >= 0;
    return { items, next: more ? (last?.seq ?? (hi + 1) * BUCKET) : null, total: head };
  }
  const top = head as number;
  let after = cursor ?? 0;
  let lo = Math.floor((after + 1) / BUCKET);
  const lastBucket = Math.floor(top / BUCKET);
  for (let round = 0; round < 4 && lo <= lastBucket && items.length < PAGE; round++) {
    const buckets = [lo, lo + 1].filter((b) => b <= lastBucket).map((b) => bucketKey(scope, b));
    const found = await store.find<ShowcaseDoc>(
      COL.showcase,
      { bucket: { $in: buckets } },
      { limit: BUCKET * 2 },
    );
    const fresh = found.filter((d) => d.seq > after).sort((a, b) => a.seq - b.seq);
    items.push(...fresh.slice(0, PAGE - items.length));
    after = items.length ? items[items.length - 1].seq : after;
    lo += 2;
  }
  const last = items[items.length - 1];
  const more = items.length === PAGE ? last.seq < top : lo <= lastBucket;
  return { items, next: more ? (last?.seq ?? lo * BUCKET - 1) : null, total: head };
}
