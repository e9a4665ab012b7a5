import { C } from './collections';
import { pledgeHarness, typedSign } from './functions/pledge/tests/kit';
import { createHarness, DEMO_USERS } from '../testing/harness';
import { countingStore, withRequestCache } from './storeTools';

describe('withRequestCache', () => {
  it('reads a document once, sees its own writes, and hands out copies', async () => {
    const h = await createHarness({ demo: false });
    const counting = countingStore(h.store);
    const store = withRequestCache(counting.store);
    await store.insert(C.meta, { _id: 'k', ref: 'a' });
    const first = await store.get<{ _id: string; ref: string }>(C.meta, 'k');
    first!.ref = 'mutated by a caller';
    expect((await store.get<{ _id: string; ref: string }>(C.meta, 'k'))!.ref).toBe('a');
    expect(counting.counts.byMethod.get).toBe(1);
    await store.update(C.meta, 'k', { $set: { ref: 'b' } });
    expect((await store.get<{ _id: string; ref: string }>(C.meta, 'k'))!.ref).toBe('b');
    await store.updateMany(C.meta, { _id: 'k' }, { $set: { ref: 'c' } });
    expect((await store.get<{ _id: string; ref: string }>(C.meta, 'k'))!.ref).toBe('c');
    await store.remove(C.meta, 'k');
    expect(await store.get(C.meta, 'k')).toBeNull();
  });
});

describe('store work per action (issue #8.5)', () => {
  it('a pledge sign reads the campaign, the school and the caller once each', async () => {
    const h = await pledgeHarness();
    const input = await typedSign(h);
    const counting = countingStore(h.services.store);
    const original = h.services.store;
    h.services.store = counting.store;
    try {
      const res = await h.ok(DEMO_USERS.student, 'pledge', 'sign', input);
      expect(res.alreadySigned).toBe(false);
    } finally {
      h.services.store = original;
    }
    const gets = counting.counts.byCollection;
    expect(gets[C.campaigns]).toBe(1);
    expect(gets[C.schools]).toBe(1);
    expect(gets[C.users]).toBe(1);
    // Total store calls of one sign: recorded so a regression shows (16 before the request cache, 12 after it and one read of the letters).
    expect(counting.counts.calls).toBeLessThanOrEqual(12);
  });
});
