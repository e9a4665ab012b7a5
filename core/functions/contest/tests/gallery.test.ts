import { C } from '../../../collections';
import type { Harness } from '../../../../testing/harness';
import {
  contestHarness,
  createUnjudgedCall,
  HUALONG,
  LVYIN,
  seedClass,
  storeCallsOf,
  submitDrawing,
  U,
} from './kit';

async function passAll(h: Harness, ids: string[]) {
  for (const entryId of ids)
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'pass' });
}

describe('galleries and the work page', () => {
  it('only approved works are shown, names masked; missing, pending, rejected and withdrawn get one NOT_FOUND', async () => {
    const h = await contestHarness();
    const callId = await createUnjudgedCall(h);
    const pupils = await seedClass(h, {
      classId: 'c-g',
      schoolId: LVYIN.schoolId,
      districtId: HUALONG,
      n: 4,
    });
    const [shown, pending, rejected, withdrawn] = await Promise.all(
      pupils.map((p, i) => submitDrawing(h, p.openid, callId, 50 + i, { group: 'senior' })),
    );
    await passAll(h, [shown]);
    await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: rejected,
      round: 'school',
      decision: 'reject',
      reason: '不是原创',
    });
    await h.ok(pupils[3].openid, 'contest', 'withdraw', { entryId: withdrawn });
    const g = await h.ok(null, 'contest', 'gallery', { callId, level: 'school', unitId: LVYIN.schoolId });
    expect(g.items.map((i) => i.entryId)).toEqual([shown]);
    expect(g.items[0].author).toMatch(/^赵\*/);
    expect(JSON.stringify(g)).not.toContain(pupils[0].name);
    const messages = new Set<string>();
    for (const entryId of [pending, rejected, withdrawn, 'no-such-entry']) {
      messages.add((await h.rejects(null, 'contest', 'work', { entryId }, 'NOT_FOUND')).message);
      await h.rejects(null, 'contest', 'shareCode', { entryId }, 'NOT_FOUND');
    }
    expect(messages.size).toBe(1);
    const page = await h.ok(null, 'contest', 'work', { entryId: shown });
    expect(page.work.authorLabel).toMatch(/^赵\*/);
    expect(page.canLike).toBe(false);
    expect((await h.ok(null, 'contest', 'shareCode', { entryId: shown })).path).toContain(shown);
    // The district gallery shows only what the district round passed.
    expect(
      (await h.ok(null, 'contest', 'gallery', { callId, level: 'district', unitId: HUALONG })).items,
    ).toEqual([]);
    await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: shown,
      round: 'school',
      decision: 'recommend',
    });
    await h.ok(U.districtAdmin, 'contest', 'review', { entryId: shown, round: 'district', decision: 'pass' });
    expect(
      (await h.ok(null, 'contest', 'gallery', { callId, level: 'district', unitId: HUALONG })).items.map(
        (i) => i.entryId,
      ),
    ).toEqual([shown]);
    expect(
      (
        await h.ok(null, 'contest', 'gallery', {
          callId,
          level: 'school',
          unitId: LVYIN.schoolId,
          category: 'drawing',
          group: 'senior',
        })
      ).items,
    ).toHaveLength(1);
    expect(
      (
        await h.ok(null, 'contest', 'gallery', {
          callId,
          level: 'school',
          unitId: LVYIN.schoolId,
          category: 'essay',
        })
      ).items,
    ).toHaveLength(0);
    await h.rejects(
      null,
      'contest',
      'gallery',
      { callId, level: 'school', unitId: LVYIN.schoolId, group: 'senior' },
      'INVALID_ARGUMENT',
    );
    const ex = await h.ok(null, 'contest', 'exhibitions', { level: 'school', unitId: LVYIN.schoolId });
    expect(ex.items[0]).toMatchObject({ callId, works: 1, published: false });
  });

  it('likes: one per person per work, idempotent, counted on sharded counters, also under parallel taps', async () => {
    const h = await contestHarness();
    const callId = await createUnjudgedCall(h);
    const id = await submitDrawing(h, U.student, callId, 1);
    await h.rejects(U.parent, 'contest', 'like', { entryId: id }, 'NOT_FOUND');
    await passAll(h, [id]);
    await h.rejects(null, 'contest', 'like', { entryId: id }, 'UNAUTHENTICATED');
    const taps = await Promise.all(
      Array.from({ length: 10 }, () => h.ok(U.parent, 'contest', 'like', { entryId: id })),
    );
    expect(taps.every((t) => t.liked)).toBe(true);
    expect((await h.ok(U.parent, 'contest', 'work', { entryId: id })).likes).toBe(1);
    expect((await h.ok(U.parent, 'contest', 'work', { entryId: id })).liked).toBe(true);
    for (const who of [U.teacher, U.schoolAdmin, U.cityAdmin])
      await h.ok(who, 'contest', 'like', { entryId: id });
    expect((await h.ok(null, 'contest', 'work', { entryId: id })).likes).toBe(4);
    expect((await h.ok(U.parent, 'contest', 'like', { entryId: id, like: false })).likes).toBe(3);
    expect((await h.ok(U.parent, 'contest', 'like', { entryId: id, like: false })).likes).toBe(3);
    const g = await h.ok(null, 'contest', 'gallery', { callId, level: 'school', unitId: LVYIN.schoolId });
    expect(g.items[0].likes).toBe(3);
    expect(await h.store.count(C.contestLikes, { entryId: id })).toBe(3);
  });

  it('pages by cursor through every work once, newest first', async () => {
    const h = await contestHarness();
    const callId = await createUnjudgedCall(h);
    const pupils = await seedClass(h, {
      classId: 'c-p',
      schoolId: LVYIN.schoolId,
      districtId: HUALONG,
      n: 45,
    });
    const ids: string[] = [];
    for (const [i, p] of pupils.entries()) {
      h.clock.advanceMs(1000);
      ids.push(await submitDrawing(h, p.openid, callId, 400 + i, { group: 'senior' }));
    }
    await passAll(h, ids);
    const seen: string[] = [];
    let cursor: number | undefined;
    for (;;) {
      const g = await h.ok(null, 'contest', 'gallery', {
        callId,
        level: 'school',
        unitId: LVYIN.schoolId,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...g.items.map((i) => i.entryId));
      if (!g.next) break;
      cursor = g.next;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('a gallery page costs the same store calls with 30 or 300 works in the gallery', async () => {
    const h = await contestHarness();
    const callId = await createUnjudgedCall(h);
    const pupils = await seedClass(h, {
      classId: 'c-s',
      schoolId: LVYIN.schoolId,
      districtId: HUALONG,
      n: 300,
    });
    const read = () => h.ok(null, 'contest', 'gallery', { callId, level: 'school', unitId: LVYIN.schoolId });
    const add = async (from: number, to: number) => {
      for (let i = from; i < to; i++)
        await passAll(h, [await submitDrawing(h, pupils[i].openid, callId, 700 + i, { group: 'senior' })]);
    };
    await add(0, 30);
    const small = await storeCallsOf(h, read);
    const smallNext = await storeCallsOf(h, async () =>
      h.ok(null, 'contest', 'gallery', {
        callId,
        level: 'school',
        unitId: LVYIN.schoolId,
        cursor: (await read()).next!,
      }),
    );
    await add(30, 300);
    const big = await storeCallsOf(h, read);
    const bigNext = await storeCallsOf(h, async () =>
      h.ok(null, 'contest', 'gallery', {
        callId,
        level: 'school',
        unitId: LVYIN.schoolId,
        cursor: (await read()).next!,
      }),
    );
    expect(big).toBe(small);
    expect(bigNext).toBe(smallNext);
    expect((await read()).total).toBe(300);
  }, 30_000);
});
