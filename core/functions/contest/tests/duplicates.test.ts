import { C } from '../../../collections';
import type { EntryDoc } from '../model';
import { checkDuplicates } from '../duplicates';
import {
  contestHarness,
  createCall,
  draftKey,
  essay,
  HUALONG,
  jpegCopy,
  LVYIN,
  seedClass,
  storeCallsOf,
  submitDrawing,
  U,
} from './kit';

describe('near-duplicates', () => {
  it('a re-encoded, resized copy of a picture in another school is flagged to both schools, not refused', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const original = await submitDrawing(h, U.student, callId, 42);
    const [other] = await seedClass(h, {
      classId: 'c-dup',
      schoolId: 'school-xinghe',
      districtId: HUALONG,
      n: 1,
    });
    const copyFile = await h.upload(other.openid, 'entryImage', jpegCopy(42), 'image/jpeg');
    const saved = await h.ok(other.openid, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'drawing',
      group: 'senior',
      title: '抄来的画',
      images: [copyFile],
    });
    const submitted = await h.ok(other.openid, 'contest', 'submit', {
      entryId: saved.entryId,
      originality: true,
    });
    expect(submitted.status).toBe('submitted');
    const copy = (await h.get<EntryDoc>(C.contestEntries, saved.entryId))!;
    expect(copy.flags).toHaveLength(1);
    expect(copy.flags[0]).toMatchObject({
      entryId: original,
      kind: 'image',
      sameSchool: false,
      schoolName: '华龙区绿茵小学',
    });
    expect(copy.flags[0].score).toBeLessThanOrEqual(6);
    const back = (await h.get<EntryDoc>(C.contestEntries, original))!;
    expect(back.flags.map((f) => f.entryId)).toEqual([saved.entryId]);
    // Reviewers see the flag in their queue.
    const q = await h.ok(U.schoolAdmin, 'contest', 'reviewQueue', {
      callId,
      round: 'school',
      unitId: LVYIN.schoolId,
    });
    expect(q.items[0].flags[0].title).toBe('抄来的画');
    // An unrelated picture is not flagged.
    const third = await submitDrawing(h, U.student, callId, 7);
    expect((await h.get<EntryDoc>(C.contestEntries, third))!.flags).toEqual([]);
    // Withdrawing the copy removes it from the index and the original's flags.
    await h.ok(other.openid, 'contest', 'withdraw', { entryId: saved.entryId });
    expect((await h.get<EntryDoc>(C.contestEntries, original))!.flags).toEqual([]);
  });

  it('an essay copied with changed punctuation is flagged; a different essay is not', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const text = essay(5) + essay(6);
    const a = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'essay',
      group: 'primary',
      title: '原文',
      body: text,
    });
    await h.ok(U.student, 'contest', 'submit', { entryId: a.entryId, originality: true });
    const [p1, p2] = await seedClass(h, {
      classId: 'c-essay',
      schoolId: 'school-xinghe',
      districtId: HUALONG,
      n: 2,
    });
    const copied = text.replace(/，/g, '、').replace(/。/g, '！') + '我也这样想。';
    const b = await h.ok(p1.openid, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'essay',
      group: 'senior',
      title: '我的文章',
      body: copied,
    });
    await h.ok(p1.openid, 'contest', 'submit', { entryId: b.entryId, originality: true });
    const flagged = (await h.get<EntryDoc>(C.contestEntries, b.entryId))!;
    expect(flagged.flags).toHaveLength(1);
    expect(flagged.flags[0]).toMatchObject({ entryId: a.entryId, kind: 'text' });
    expect(flagged.flags[0].score).toBeGreaterThanOrEqual(0.6);
    const c = await h.ok(p2.openid, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'essay',
      group: 'senior',
      title: '另一篇',
      body: essay(77) + essay(78),
    });
    await h.ok(p2.openid, 'contest', 'submit', { entryId: c.entryId, originality: true });
    expect((await h.get<EntryDoc>(C.contestEntries, c.entryId))!.flags).toEqual([]);
  });

  it('the lookup costs the same store calls with 10 or 120 entries in the call (by key, never a scan)', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const pupils = await seedClass(h, {
      classId: 'c-many',
      schoolId: LVYIN.schoolId,
      districtId: HUALONG,
      n: 120,
    });
    const probe = async (seed: number) => {
      const id = await submitDrawing(h, pupils[119].openid, callId, seed, { group: 'senior' });
      const e = (await h.get<EntryDoc>(C.contestEntries, id))!;
      let report: Awaited<ReturnType<typeof checkDuplicates>> | null = null;
      const calls = await storeCallsOf(h, async () => {
        report = await checkDuplicates(h.services, e, h.clock.now());
      });
      await h.ok(pupils[119].openid, 'contest', 'withdraw', { entryId: id });
      return { calls, report: report! };
    };
    for (let i = 0; i < 10; i++)
      await submitDrawing(h, pupils[i].openid, callId, 1000 + i, { group: 'senior' });
    const small = await probe(5000);
    for (let i = 10; i < 119; i++)
      await submitDrawing(h, pupils[i].openid, callId, 1000 + i, { group: 'senior' });
    const big = await probe(5001);
    expect(big.calls).toBe(small.calls);
    expect(big.report.lookups).toBe(small.report.lookups);
  });
});
