/**
 * What a security review of the contest (作品征集) backend tried, one test each, readable as a list.
 * The attacks (a judge finding a work, a limit passed, an older entry not counted) failed on the code
 * before the fix; the other tests guard what the fix keeps (galleries opening with the results, calls
 * without judges, places given back).
 *   1. A city judge scores works blind, but found each of them again in the public galleries and on the
 *      public work pages (school, masked author, advisor) while judging was still going on.
 *   5. maxPerAuthor and the five-draft limit were a count followed by a write: parallel submits and
 *      saves of one author went past both.
 */
import { createNedbStore } from '../../adapters/store/nedbStore';
import { createCloudbaseStore } from '../../adapters/store/cloudbaseStore';
import { createFakeCloudbaseDb } from '../../adapters/store/fakeCloudbase';
import { C } from '../../core/collections';
import type { JudgingDoc } from '../../core/functions/contest/judging';
import { draftPlaces, givePlace, MAX_DRAFTS, takePlace } from '../../core/functions/contest/lifecycle';
import type { EntryDoc } from '../../core/functions/contest/model';
import {
  cityCall,
  contestHarness,
  createCall,
  draftKey,
  EVALUATION,
  HUALONG,
  inviteJudge,
  LVYIN,
  PUYANG,
  QINGFENG,
  seedClass,
  submitDrawing,
  U,
  uploadPicture,
} from '../../core/functions/contest/tests/kit';
import type { Services } from '../../core/services';
import type { DocumentStore } from '../../core/store';
import type { Harness } from '../../testing/harness';

const DISTRICTS = Array.from({ length: 7 }, (_, i) => `district-${i + 1}`);

/** Carry an entry through the school and district rounds (the city admin may act in both). */
async function toCityRound(h: Harness, entryId: string) {
  await h.ok(U.cityAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'recommend' });
  await h.ok(U.cityAdmin, 'contest', 'review', { entryId, round: 'district', decision: 'recommend' });
}

/**
 * A judged city call with four works in the city round (the demo pupil's with the demo teacher as
 * advisor, and one from each of three other schools), three judges assigned; plus a fifth work its
 * school passed (shown in the school's gallery only).
 */
async function judgedCall(h: Harness) {
  const callId = await createCall(h);
  const wang = await submitDrawing(h, U.student, callId, 1, { advisorOpenid: U.teacher });
  await toCityRound(h, wang);
  const judged = [wang];
  let seed = 10;
  for (const s of [
    { classId: 'c-xh', schoolId: 'school-xinghe', districtId: HUALONG },
    { classId: 'c-qh', schoolId: 'school-qinghe', districtId: QINGFENG },
    { classId: 'c-md', schoolId: 'school-mingde', districtId: PUYANG },
  ]) {
    const [p] = await seedClass(h, { ...s, n: 1 });
    const id = await submitDrawing(h, p.openid, callId, seed++, { group: 'senior' });
    await toCityRound(h, id);
    judged.push(id);
  }
  const [other] = await seedClass(h, {
    classId: 'c-lv',
    schoolId: LVYIN.schoolId,
    districtId: HUALONG,
    n: 1,
  });
  const schoolOnly = await submitDrawing(h, other.openid, callId, 30, { group: 'senior' });
  await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: schoolOnly, round: 'school', decision: 'pass' });
  const judges = [
    await inviteJudge(h, 'j1', '评委一'),
    await inviteJudge(h, 'j2', '评委二'),
    await inviteJudge(h, 'j3', '评委三'),
  ];
  await h.ok(U.cityAdmin, 'contest', 'setJudges', { callId, judges: judges.map((openid) => ({ openid })) });
  await h.ok(U.cityAdmin, 'contest', 'assignJudges', { callId });
  return { callId, judged, schoolOnly, judges };
}

/** Every public tile of a call: each district's, each school's (of the works), the city's and the results. */
async function publicTiles(h: Harness, callId: string, schoolIds: string[]) {
  const tiles: { entryId: string; title: string; thumbUrl: string | null; schoolName: string }[] = [];
  const pages = [
    ...DISTRICTS.map((unitId) => ({ level: 'district', unitId })),
    ...schoolIds.map((unitId) => ({ level: 'school', unitId })),
    { level: 'city' },
    { level: 'results' },
  ];
  for (const p of pages) {
    tiles.push(...(await h.ok(null, 'contest', 'gallery', { callId, ...p })).items);
  }
  return tiles;
}

/** What the public learns of a call's works from the exhibitions lists (city, each district, each school). */
async function exhibitedWorks(h: Harness, callId: string, schoolIds: string[]) {
  let works = 0;
  const units = [
    { level: 'city' },
    ...DISTRICTS.map((unitId) => ({ level: 'district', unitId })),
    ...schoolIds.map((unitId) => ({ level: 'school', unitId })),
  ];
  for (const u of units) {
    const ex = await h.ok(null, 'contest', 'exhibitions', u);
    works += ex.items.find((i) => i.callId === callId)?.works ?? 0;
  }
  return works;
}

describe('review finding 1: judged works stay out of public view until the results are published', () => {
  const SCHOOLS = [LVYIN.schoolId, 'school-xinghe', 'school-qinghe', 'school-mingde'];

  it('a judge finds none of the works they score in any gallery (district, school, city, results) while judging runs', async () => {
    const h = await contestHarness();
    const { callId } = await judgedCall(h);
    const tasks = await h.ok('j1', 'contest', 'judgeTasks', { callId });
    expect(tasks.items.length).toBe(4);
    const tiles = await publicTiles(h, callId, SCHOOLS);
    const path = (u: string | null) => (u ? u.split('?')[0] : null);
    const found = tasks.items.filter((t) =>
      tiles.some((x) => path(x.thumbUrl) === path(t.thumb) || x.title === t.title),
    );
    expect(found).toEqual([]);
    expect(tiles).toEqual([]);
  });

  it('the work page, like and share code of a judged work answer the one NOT_FOUND of a missing work', async () => {
    const h = await contestHarness();
    const { judged, schoolOnly } = await judgedCall(h);
    const missing = (await h.rejects(null, 'contest', 'work', { entryId: 'no-such-entry' }, 'NOT_FOUND'))
      .message;
    for (const entryId of [...judged, schoolOnly]) {
      for (const who of [null, 'j1']) {
        expect((await h.rejects(who, 'contest', 'work', { entryId }, 'NOT_FOUND')).message).toBe(missing);
        await h.rejects(who, 'contest', 'shareCode', { entryId }, 'NOT_FOUND');
      }
      await h.rejects('j1', 'contest', 'like', { entryId }, 'NOT_FOUND');
    }
  });

  it('the exhibitions lists do not tell the public how many works a judged call shows before its results', async () => {
    const h = await contestHarness();
    const { callId } = await judgedCall(h);
    expect(await exhibitedWorks(h, callId, SCHOOLS)).toBe(0);
  });

  it('nothing can be collected before judging starts either: a work its school just passed is not shown', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const entryId = await submitDrawing(h, U.student, callId, 1, { advisorOpenid: U.teacher });
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'pass' });
    expect(
      (await h.ok(null, 'contest', 'gallery', { callId, level: 'school', unitId: LVYIN.schoolId })).items,
    ).toEqual([]);
    await h.rejects(null, 'contest', 'work', { entryId }, 'NOT_FOUND');
    expect(await exhibitedWorks(h, callId, [LVYIN.schoolId])).toBe(0);
    // The author still sees their own work and its state.
    const mine = await h.ok(U.student, 'contest', 'entry', { entryId });
    expect(mine.author?.status).toBe('school_passed');
  });

  it('once the awards are published every gallery and work page of the call opens, complete', async () => {
    const h = await contestHarness();
    const { callId, judged, schoolOnly, judges } = await judgedCall(h);
    const sheets = await h.store.find<JudgingDoc>(C.contestJudging, { callId }, { limit: 100 });
    for (const d of sheets) {
      const k = 5 + judged.indexOf(d.entryId);
      await h.ok(d.judgeId, 'contest', 'score', {
        assignmentId: d._id,
        scores: { theme: k, craft: k },
        comment: '',
      });
    }
    expect(new Set(sheets.map((d) => d.judgeId))).toEqual(new Set(judges));
    h.clock.set(EVALUATION);
    await h.ok(U.cityAdmin, 'contest', 'publishAwards', { callId, basis: 'raw' });
    const school = await h.ok(null, 'contest', 'gallery', {
      callId,
      level: 'school',
      unitId: LVYIN.schoolId,
    });
    expect(school.items.map((i) => i.entryId).sort()).toEqual([judged[0], schoolOnly].sort());
    const district = await h.ok(null, 'contest', 'gallery', { callId, level: 'district', unitId: HUALONG });
    expect(district.items.map((i) => i.entryId).sort()).toEqual([judged[0], judged[1]].sort());
    const city = await h.ok(null, 'contest', 'gallery', { callId, level: 'city' });
    expect(city.items.map((i) => i.entryId).sort()).toEqual([...judged].sort());
    expect(
      (await h.ok(null, 'contest', 'gallery', { callId, level: 'results' })).items.length,
    ).toBeGreaterThan(0);
    const page = await h.ok(null, 'contest', 'work', { entryId: schoolOnly });
    expect(page.work.schoolName).toBe('华龙区绿茵小学');
    expect((await h.ok(U.parent, 'contest', 'like', { entryId: judged[0] })).likes).toBe(1);
    expect(await exhibitedWorks(h, callId, SCHOOLS)).toBeGreaterThan(0);
  }, 30_000);

  it('galleries of a call without judges (a district call) still show a passed work at once', async () => {
    const h = await contestHarness();
    const callId = await createCall(
      h,
      U.districtAdmin,
      cityCall({ level: 'district', districtId: HUALONG, rubric: undefined, tiers: undefined }),
    );
    const entryId = await submitDrawing(h, U.student, callId, 1);
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'pass' });
    const g = await h.ok(null, 'contest', 'gallery', { callId, level: 'school', unitId: LVYIN.schoolId });
    expect(g.items.map((i) => i.entryId)).toEqual([entryId]);
    expect((await h.ok(null, 'contest', 'work', { entryId })).work.authorLabel).toBe('王*雨');
    expect(await exhibitedWorks(h, callId, [LVYIN.schoolId])).toBeGreaterThan(0);
  });
});

/** Save `n` drawing drafts for the demo pupil, one after another; answers their ids. */
async function drafts(h: Harness, callId: string, n: number, from = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let seed = from; seed < from + n; seed++) {
    const img = await uploadPicture(h, U.student, seed);
    const saved = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'drawing',
      group: 'primary',
      title: `画 ${seed}`,
      images: [img],
    });
    ids.push(saved.entryId);
  }
  return ids;
}

const statusCount = (h: Harness, callId: string, status: EntryDoc['status']) =>
  h.store.count(C.contestEntries, { callId, status });

describe('review finding 5: per-author limits hold under concurrency', () => {
  it('maxPerAuthor = 1 holds when a pupil submits four drafts at the same time', async () => {
    const h = await contestHarness();
    const callId = await createCall(h, U.cityAdmin, cityCall({ maxPerAuthor: 1 }));
    const ids = await drafts(h, callId, 4);
    const envs = await Promise.all(
      ids.map((entryId) => h.call(U.student, 'contest', 'submit', { entryId, originality: true })),
    );
    expect(envs.filter((e) => e.ok)).toHaveLength(1);
    for (const e of envs) if (!e.ok) expect(e.error.code).toBe('RESOURCE_EXHAUSTED');
    expect(await statusCount(h, callId, 'submitted')).toBe(1);
    // The refused ones are still drafts, and may be submitted once a place is free.
    expect(await statusCount(h, callId, 'draft')).toBe(3);
  });

  it('MAX_DRAFTS = 5 holds when a pupil saves twelve new drafts in parallel', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const envs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        h.call(U.student, 'contest', 'save', {
          callId,
          draftKey: draftKey(),
          category: 'essay',
          group: 'primary',
          title: `稿 ${i}`,
          body: '',
        }),
      ),
    );
    expect(envs.filter((e) => e.ok)).toHaveLength(MAX_DRAFTS);
    for (const e of envs) if (!e.ok) expect(e.error.code).toBe('RESOURCE_EXHAUSTED');
    expect(await statusCount(h, callId, 'draft')).toBe(MAX_DRAFTS);
  });

  it('a retried save of the same draft (same draftKey, in parallel) keeps one draft and one place', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const key = draftKey();
    const save = () =>
      h.call(U.student, 'contest', 'save', {
        callId,
        draftKey: key,
        category: 'essay',
        group: 'primary',
        title: '同一份草稿',
        body: '',
      });
    await Promise.all([save(), save(), save()]);
    expect(await statusCount(h, callId, 'draft')).toBe(1);
    // Four more drafts fit: the retries gave their places back.
    await drafts(h, callId, MAX_DRAFTS - 1);
    await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'essay', group: 'primary', title: '多一份', body: '' },
      'RESOURCE_EXHAUSTED',
    );
  });

  it('withdrawing or deleting a work gives its place back, so the author can submit again', async () => {
    const h = await contestHarness();
    const callId = await createCall(h, U.cityAdmin, cityCall({ maxPerAuthor: 1 }));
    const [a, b] = await drafts(h, callId, 2);
    await h.ok(U.student, 'contest', 'submit', { entryId: a, originality: true });
    await h.rejects(U.student, 'contest', 'submit', { entryId: b, originality: true }, 'RESOURCE_EXHAUSTED');
    await h.ok(U.student, 'contest', 'withdraw', { entryId: a });
    await h.ok(U.student, 'contest', 'submit', { entryId: b, originality: true });
    // A rejected work keeps its place until its author deletes it.
    await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: b,
      round: 'school',
      decision: 'reject',
      reason: '不是原创',
    });
    const [c] = await drafts(h, callId, 1, 20);
    await h.rejects(U.student, 'contest', 'submit', { entryId: c, originality: true }, 'RESOURCE_EXHAUSTED');
    await h.ok(U.student, 'contest', 'remove', { entryId: b });
    await h.ok(U.student, 'contest', 'submit', { entryId: c, originality: true });
    // Withdrawing and deleting the same work again gives nothing back twice.
    await h.ok(U.student, 'contest', 'remove', { entryId: a });
    const [d] = await drafts(h, callId, 1, 30);
    await h.rejects(U.student, 'contest', 'submit', { entryId: d, originality: true }, 'RESOURCE_EXHAUSTED');
  });

  it('submitting, withdrawing or deleting a draft frees its draft place', async () => {
    const h = await contestHarness();
    const callId = await createCall(h, U.cityAdmin, cityCall({ maxPerAuthor: 5 }));
    const ids = await drafts(h, callId, MAX_DRAFTS);
    await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'essay', group: 'primary', title: '第六份', body: '' },
      'RESOURCE_EXHAUSTED',
    );
    await h.ok(U.student, 'contest', 'submit', { entryId: ids[0], originality: true });
    await drafts(h, callId, 1, 41);
    await h.ok(U.student, 'contest', 'withdraw', { entryId: ids[1] });
    await drafts(h, callId, 1, 42);
    await h.ok(U.student, 'contest', 'remove', { entryId: ids[2] });
    await drafts(h, callId, 1, 43);
    expect(await statusCount(h, callId, 'draft')).toBe(MAX_DRAFTS);
  });

  it('entries stored before the counters existed still count: two parallel submits next to one older work', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    await submitDrawing(h, U.student, callId, 1);
    // As if the work had been submitted before the per-author counters were kept.
    await h.store.removeMany(C.contestCounts, { kind: { $in: ['author', 'drafts'] } });
    const ids = await drafts(h, callId, 2, 10);
    const envs = await Promise.all(
      ids.map((entryId) => h.call(U.student, 'contest', 'submit', { entryId, originality: true })),
    );
    expect(envs.filter((e) => e.ok)).toHaveLength(1);
    expect(await statusCount(h, callId, 'submitted')).toBe(2);
  });

  describe.each<[string, () => DocumentStore]>([
    ['embedded (NeDB)', () => createNedbStore(null)],
    ['CloudBase', () => createCloudbaseStore(createFakeCloudbaseDb({ collections: 'any' }))],
  ])('the place counter on the %s store driver', (_, open) => {
    it('forty parallel takes of five places: exactly five succeed; giving back never goes below zero', async () => {
      const services = { store: open() } as unknown as Services;
      const places = draftPlaces('call-x', 'lead-x');
      const answers = await Promise.allSettled(Array.from({ length: 40 }, () => takePlace(services, places)));
      expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(MAX_DRAFTS);
      const n = async () =>
        (await services.store.get<{ _id: string; n: number }>(C.contestCounts, places.id))!.n;
      expect(await n()).toBe(MAX_DRAFTS);
      await Promise.all(Array.from({ length: 8 }, () => givePlace(services, places.id)));
      expect(await n()).toBe(0);
      await givePlace(services, 'never-taken');
      expect(await services.store.get(C.contestCounts, 'never-taken')).toBeNull();
    });
  });
});
