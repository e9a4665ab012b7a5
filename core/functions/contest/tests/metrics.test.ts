import { C } from '../../../collections';
import { recountAll } from '../../../maintenance';
import type { ClassDoc, RosterDoc } from '../../../model';
import { activityColumn } from '../../../participation';
import { eraseSubject, exportSubject } from '../../../personalData';
import { rollup } from '../../../stats';
import {
  contestHarness,
  createCall,
  createUnjudgedCall,
  draftKey,
  HUALONG,
  LVYIN,
  seedClass,
  submitDrawing,
  totals,
  U,
  uploadPicture,
  WANG_XIAOYU,
} from './kit';

describe('participation counters and the entries column', () => {
  it('entries, authors (co-authors too), recommended per class roll up to school, district and city, and recount to the same', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const pupils = await seedClass(h, {
      classId: 'c-m',
      schoolId: LVYIN.schoolId,
      districtId: HUALONG,
      n: 3,
    });
    const a = await submitDrawing(h, pupils[0].openid, callId, 1, {
      group: 'senior',
      coAuthorRosterIds: [pupils[1].rosterId],
    });
    await submitDrawing(h, pupils[0].openid, callId, 2, { group: 'senior' });
    await submitDrawing(h, U.student, callId, 3);
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: a, round: 'school', decision: 'recommend' });
    const k = await totals(h, 'k:c-m');
    expect(k).toMatchObject({ contestEntries: 2, contestAuthors: 2, contestRecommended: 1 });
    const s = await totals(h, `s:${LVYIN.schoolId}`);
    expect(s).toMatchObject({ contestEntries: 3, contestAuthors: 3, contestRecommended: 1 });
    const city = await h.ok(U.cityAdmin, 'contest', 'stats', { level: 'city' });
    expect(city.total).toMatchObject({ entries: 3, authors: 3, recommended: 1, awarded: 0 });
    expect(city.rows.find((r) => r.id === HUALONG)).toMatchObject({ entries: 3 });
    const school = await h.ok(U.teacher, 'contest', 'stats', { level: 'school', id: LVYIN.schoolId });
    expect(school.rows.map((r) => r.name)).toContain('小学三年级2班');
    await h.rejects(U.teacher, 'contest', 'stats', { level: 'district', id: HUALONG }, 'PERMISSION_DENIED');
    // Withdrawing the second entry keeps pupil 0 an author (one entry left); recount agrees with the counters.
    const list = await h.ok(pupils[0].openid, 'contest', 'myEntries', {});
    await h.ok(pupils[0].openid, 'contest', 'withdraw', {
      entryId: list.items.find((i) => i.entryId !== a)!.entryId,
    });
    const before = await totals(h, 'city');
    await recountAll(h.services, h.clock.now());
    await rollup(h.store, h.clock.now());
    const after = await totals(h, 'city');
    for (const m of ['contestEntries', 'contestAuthors', 'contestRecommended', 'contestAwarded'])
      expect(after[m] ?? 0).toBe(before[m] ?? 0);
    expect(after).toMatchObject({ contestEntries: 2, contestAuthors: 3 });
  });

  it("the 'entries' column: 「n 件」, 「草稿」 or 「未投稿」 per pupil, and done() from the counters", async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    await submitDrawing(h, U.student, callId, 1);
    const img = await uploadPicture(h, U.parent, 2);
    const draft = await h.ok(U.parent, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      rosterId: WANG_XIAOYU,
      category: 'drawing',
      group: 'family',
      authorType: 'family',
      title: '草稿',
      images: [img],
    });
    expect(draft.status).toBe('draft');
    const column = activityColumn('entries')!;
    expect(column.title).toBe('作品');
    const cls = (await h.get<ClassDoc>(C.classes, LVYIN.classId))!;
    const roster = await h.store.find<RosterDoc>(C.roster, { classId: cls._id }, { limit: 50 });
    const states = await column.pupils(h.services, cls, roster, h.clock.now());
    expect(states.get(WANG_XIAOYU)).toEqual({ state: 'done', label: '1 件' });
    expect(states.get('class-lvyin-3-2-r2')).toEqual({ state: 'none', label: '未投稿' });
    expect(column.done(await totals(h, `k:${LVYIN.classId}`))).toBe(1);
  });
});

describe('personal data', () => {
  it("exports a person's entries and likes, and erasing them keeps every counter exact", async () => {
    const h = await contestHarness();
    const callId = await createUnjudgedCall(h);
    const id = await submitDrawing(h, U.student, callId, 1);
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: id, round: 'school', decision: 'recommend' });
    await h.ok(U.parent, 'contest', 'like', { entryId: id });
    const self = { openid: U.student, user: null, rosterIds: [WANG_XIAOYU], scope: 'self' as const };
    const data = (await exportSubject(h.services, self)).entries as { entries: { title: string }[] };
    expect(data.entries.map((e) => e.title)).toEqual(['我的画 1']);
    const parent = (
      await exportSubject(h.services, { openid: U.parent, user: null, rosterIds: [], scope: 'self' })
    ).entries as { likes: unknown[] };
    expect(parent.likes).toHaveLength(1);
    await eraseSubject(h.services, self, h.clock.now());
    expect(await h.get(C.contestEntries, id)).toBeNull();
    expect(await h.store.count(C.contestLikes, {})).toBe(0);
    expect(await h.store.count(C.contestShowcase, {})).toBe(0);
    const k = await totals(h, `k:${LVYIN.classId}`);
    expect(k).toMatchObject({ contestEntries: 0, contestAuthors: 0, contestRecommended: 0 });
    const quota = await h.store.find<{ _id: string; n: number }>(
      C.contestCounts,
      { kind: 'quota' },
      { limit: 5 },
    );
    expect(quota.every((q) => q.n === 0)).toBe(true);
  });
});
