import { z } from 'zod';
import { C } from '../../collections';
import { exhausted, invalid, notFound } from '../../errors';
import { qrTarget } from '../../miniCodes';
import type { DistrictDoc, SchoolDoc } from '../../model';
import { countAttempt, type LimitRule } from '../../rateLimit';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { shardOf, SHARDS } from '../../stats';
import { DuplicateKeyError, type Filter } from '../../store';
import { likeShardIds } from './entries';
import { loadCall } from './lifecycle';
import {
  categoryOf,
  COL,
  groupOf,
  KIND_LABEL,
  TIER_LABEL,
  WORK_PAGE,
  type CallDoc,
  type EntryDoc,
} from './model';
import { onShow, PAGE, readPage, scopeFor, type ShowcaseDoc } from './showcase';
import { isPublic, labelsOf, publicView } from './views';

/**
 * Exhibitions (作品展): galleries per school, district and city, the results gallery (成果展示, the
 * awarded works; for story and 思政课 calls the column), a work page anyone can open (Moments single
 * page mode: no login), likes (one per person per work, idempotent, sharded counters; never used for
 * awards) and the QR code of a work. Everything public shows masked names; a missing, pending or
 * rejected work gets one and the same NOT_FOUND. A judged call shows nothing (empty galleries, no
 * counts, the same NOT_FOUND for its works) until its results are published (`onShow`): its judges score
 * blind.
 */

/** Likes one account may give or take back per hour (a flood guard far above real use). */
export const LIKE_LIMIT: LimitRule = { name: 'contest-like:account', limit: 600, windowMs: 3_600_000 };

const NOT_PUBLIC = '作品不存在或暂未公开';

/** Likes of several works in one read (their counter shards). */
export async function likesOf(services: Services, entryIds: string[]): Promise<Map<string, number>> {
  const out = new Map(entryIds.map((id) => [id, 0]));
  if (!entryIds.length) return out;
  const ids = entryIds.flatMap(likeShardIds);
  const docs = await services.store.find<{ _id: string; n: number }>(
    COL.counts,
    { _id: { $in: ids } },
    { limit: ids.length },
  );
  for (const d of docs) {
    const entryId = d._id.split(':')[1];
    out.set(entryId, (out.get(entryId) ?? 0) + (d.n ?? 0));
  }
  return out;
}

/** The base scope of a gallery request, with the unit's name (checked to exist). */
async function galleryScope(
  services: Services,
  call: CallDoc,
  level: 'school' | 'district' | 'city' | 'results',
  unitId: string | undefined,
): Promise<{ base: string; unitName: string }> {
  if (level === 'results') return { base: `f:${call._id}`, unitName: call.unitName };
  if (level === 'city') {
    if (call.level !== 'city') throw invalid('这个活动没有市级作品展');
    return { base: `c:${call._id}`, unitName: '全市' };
  }
  if (!unitId) throw invalid(level === 'school' ? '请指定学校' : '请指定县区');
  if (level === 'district') {
    if (call.level === 'school') throw invalid('这个活动没有县区作品展');
    const d = await services.store.get<DistrictDoc>(C.districts, unitId);
    if (!d) throw notFound('县区不存在');
    return { base: `d:${d._id}:${call._id}`, unitName: d.name };
  }
  const school = await services.store.get<SchoolDoc>(C.schools, unitId);
  if (!school) throw notFound('学校不存在');
  return { base: `s:${school._id}:${call._id}`, unitName: school.name };
}

/**
 * One page of a gallery: a school's, a district's or the city's approved works of a call, or its results
 * (成果展示 / the column, tiers first), optionally by category and group; newest first, by cursor.
 * Costs a fixed handful of store reads whatever the gallery's size. Every gallery of a judged call is
 * empty until its results are published (judges score blind).
 */
export const gallery = defineAction({
  title: '作品展',
  input: z
    .object({
      callId: s.id,
      level: z.enum(['school', 'district', 'city', 'results']),
      unitId: s.id.optional(),
      category: s.id.optional(),
      group: s.id.optional(),
      cursor: z.number().int().min(0).max(1e9).optional(),
    })
    .strict()
    .refine((v) => !v.group || !!v.category, '按组别筛选时请先选择类别'),
  access: 'public',
  async handler({ services }, input) {
    const call = await loadCall(services, input.callId);
    if (input.category && !categoryOf(call, input.category)) throw invalid('没有这个作品类别');
    if (input.group && !groupOf(call, input.group)) throw invalid('没有这个组别');
    const { base, unitName } = await galleryScope(services, call, input.level, input.unitId);
    const page = onShow(call)
      ? await readPage(
          services,
          scopeFor(base, input.category, input.group),
          input.level === 'results' ? 'asc' : 'desc',
          input.cursor,
        )
      : { items: [] as ShowcaseDoc[], next: null, total: 0 };
    const likes = await likesOf(
      services,
      page.items.map((i) => i.entryId),
    );
    return {
      call: {
        callId: call._id,
        title: call.title,
        kind: call.kind,
        kindLabel: KIND_LABEL[call.kind],
        categories: call.categories.map((c) => ({ key: c.key, title: c.title, format: c.format })),
        groups: call.groups.map((g) => ({ key: g.key, title: g.title })),
        published: call.results?.state === 'published',
        /** Judges score its works blind: nothing is shown before the results (say so, not "empty"). */
        awaitingResults: !onShow(call),
      },
      level: input.level,
      unitName,
      total: page.total,
      items: await Promise.all(
        page.items.map(async (i) => ({
          entryId: i.entryId,
          title: i.title,
          author: i.author,
          schoolName: i.schoolName,
          ...labelsOf(call, i),
          format: i.format,
          thumbUrl: i.thumb ? await services.files.url(i.thumb) : null,
          tier: i.tier ?? null,
          tierLabel: i.tier ? TIER_LABEL[i.tier as keyof typeof TIER_LABEL] : null,
          likes: likes.get(i.entryId) ?? 0,
          path: `${WORK_PAGE}?id=${i.entryId}`,
        })),
      ),
      next: page.next,
      pageSize: PAGE,
    };
  },
});

/**
 * The exhibitions a unit has (public): the calls that reach it, each with the galleries to open and how
 * many works each lists so far (none for a judged call before its results); at city level the published
 * results (成果展示) and the columns.
 */
export const exhibitions = defineAction({
  title: '作品展览',
  input: z
    .object({ level: z.enum(['city', 'district', 'school']).default('city'), unitId: s.id.optional() })
    .strict()
    .refine((v) => v.level === 'city' || !!v.unitId, '请指定县区或学校'),
  access: 'public',
  async handler({ services }, input) {
    let districtId: string | undefined;
    let schoolId: string | undefined;
    let unitName = '全市';
    if (input.level === 'school') {
      const school = await services.store.get<SchoolDoc>(C.schools, input.unitId!);
      if (!school) throw notFound('学校不存在');
      schoolId = school._id;
      districtId = school.districtId;
      unitName = school.name;
    } else if (input.level === 'district') {
      const d = await services.store.get<DistrictDoc>(C.districts, input.unitId!);
      if (!d) throw notFound('县区不存在');
      districtId = d._id;
      unitName = d.name;
    }
    const or: Filter[] = [{ level: 'city' }];
    if (districtId) or.push({ level: 'district', districtId });
    if (schoolId) or.push({ level: 'school', schoolId });
    const calls = await services.store.find<CallDoc>(
      COL.calls,
      { $or: or },
      { sort: { opensOn: -1 }, limit: 50 },
    );
    const scopes = calls.map((call) => {
      const own =
        input.level === 'school'
          ? `s:${schoolId}:${call._id}`
          : input.level === 'district'
            ? `d:${districtId}:${call._id}`
            : `c:${call._id}`;
      return { call, own, results: `f:${call._id}` };
    });
    const heads = scopes.flatMap((x) => [`g:${x.own}`, `g:${x.results}`]);
    const docs = heads.length
      ? await services.store.find<{ _id: string; n: number }>(
          COL.counts,
          { _id: { $in: heads } },
          { limit: heads.length },
        )
      : [];
    const n = (scope: string) => docs.find((d) => d._id === `g:${scope}`)?.n ?? 0;
    return {
      unitName,
      items: scopes
        .filter(({ call }) => input.level !== 'district' || call.level !== 'school')
        .map(({ call, own, results }) => ({
          callId: call._id,
          title: call.title,
          kind: call.kind,
          kindLabel: KIND_LABEL[call.kind],
          level: call.level,
          unitName: call.unitName,
          opensOn: call.opensOn,
          closesOn: call.closesOn,
          works: onShow(call) ? n(own) : 0,
          awaitingResults: !onShow(call),
          published: call.results?.state === 'published',
          results: call.results?.state === 'published' ? n(results) : 0,
          column: call.kind !== 'works',
        })),
    };
  },
});

/**
 * A public work, or the one NOT_FOUND (missing, pending, rejected or withdrawn alike, and any work of a
 * judged call before its results are published).
 */
async function publicEntry(services: Services, entryId: string): Promise<{ entry: EntryDoc; call: CallDoc }> {
  const entry = await services.store.get<EntryDoc>(COL.entries, entryId);
  if (!entry) throw notFound(NOT_PUBLIC);
  const call = await services.store.get<CallDoc>(COL.calls, entry.callId);
  if (!call || !isPublic(call, entry)) throw notFound(NOT_PUBLIC);
  return { entry, call };
}

/**
 * The work page (public, no login: shared to chats and Moments): the work with its pictures, video or
 * text, masked names, school, tier, likes and whether the caller liked it.
 */
export const work = defineAction({
  title: '作品',
  input: z.object({ entryId: s.id }).strict(),
  access: 'public',
  async handler({ services, openid }, { entryId }) {
    const { entry, call } = await publicEntry(services, entryId);
    const likes = (await likesOf(services, [entry._id])).get(entry._id) ?? 0;
    const liked = openid ? !!(await services.store.get(COL.likes, `${entry._id}:${openid}`)) : false;
    return {
      work: await publicView(services, call, entry),
      likes,
      liked,
      canLike: !!openid,
      share: { title: `${entry.title}｜${call.title}`, path: `${WORK_PAGE}?id=${entry._id}` },
    };
  },
});

/** A column (story or 思政课 selection, or any call's published selection): the works with their files. */
export const column = defineAction({
  title: '专栏',
  input: z
    .object({ callId: s.id, category: s.id.optional(), cursor: z.number().int().min(0).max(1e9).optional() })
    .strict(),
  access: 'public',
  async handler({ services }, input) {
    const call = await loadCall(services, input.callId);
    if (call.results?.state !== 'published') throw notFound('专栏还没有发布');
    const page = await readPage(services, scopeFor(`f:${call._id}`, input.category), 'asc', input.cursor);
    const ids = page.items.map((i) => i.entryId);
    const docs = ids.length
      ? await services.store.find<EntryDoc>(COL.entries, { _id: { $in: ids } }, { limit: ids.length })
      : [];
    const items = [];
    for (const id of ids) {
      const e = docs.find((d) => d._id === id);
      if (e && isPublic(call, e)) items.push(await publicView(services, call, e));
    }
    return {
      call: {
        callId: call._id,
        title: call.title,
        kind: call.kind,
        kindLabel: KIND_LABEL[call.kind],
        intro: call.intro,
        unitName: call.unitName,
      },
      items,
      next: page.next,
    };
  },
});

/**
 * Like or unlike a public work: one like per person per work (a second like changes nothing), counted on
 * the work's sharded counter; answers the new count.
 */
export const like = defineAction({
  title: '点赞',
  input: z.object({ entryId: s.id, like: z.boolean().default(true) }).strict(),
  access: 'user',
  async handler({ services, openid, now }, input) {
    const { entry } = await publicEntry(services, input.entryId);
    if (!(await countAttempt(services, LIKE_LIMIT, openid, now))) throw exhausted('点赞太频繁了，请稍后再试');
    const id = `${entry._id}:${openid}`;
    const shard = `like:${entry._id}:${shardOf(openid) % SHARDS}`;
    if (input.like) {
      try {
        await services.store.insert(COL.likes, {
          _id: id,
          entryId: entry._id,
          openid,
          at: now.toISOString(),
        });
        await services.store.increment(COL.counts, shard, 'n', 1, { kind: 'like', entryId: entry._id });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    } else if (await services.store.remove(COL.likes, id)) {
      await services.store.increment(COL.counts, shard, 'n', -1, { kind: 'like', entryId: entry._id });
    }
    return { liked: input.like, likes: (await likesOf(services, [entry._id])).get(entry._id) ?? 0 };
  },
});

/** The QR code of a public work's page (the mini-program code on WeChat, else its H5 URL). */
export const shareCode = defineAction({
  title: '作品二维码',
  input: z.object({ entryId: s.id }).strict(),
  access: 'public',
  async handler({ services }, { entryId }) {
    const { entry } = await publicEntry(services, entryId);
    return qrTarget(services, WORK_PAGE, entry._id, { id: entry._id });
  },
});
