import { ALL_COLLECTIONS, C } from '../core/collections';
import { createHarness, DEMO_USERS, diffSnapshots, expectError } from './harness';

describe('harness', () => {
  it('seeds the demo city and calls actions', async () => {
    const h = await createHarness();
    const me = await h.ok(DEMO_USERS.teacher, 'identity', 'me', {});
    expect(me.openid).toBe(DEMO_USERS.teacher);
    const snap = await h.snapshot();
    expect(Object.keys(snap).sort()).toEqual(ALL_COLLECTIONS.map((c) => c.name).sort());
    expect(snap[C.users].map((u) => u._id)).toContain(DEMO_USERS.student);
  });
  it('unchanged() reports changes; expectError checks codes', async () => {
    const h = await createHarness();
    await expect(
      h.unchanged(() => h.call(DEMO_USERS.cityAdmin, 'org', 'createDistrict', { name: '新区' })),
    ).rejects.toThrow(/districts\/.* added/);
    const env = await h.unchanged(() => h.call(null, 'identity', 'me', {}));
    expectError(env, 'UNAUTHENTICATED');
    expect(() => expectError(env, 'INTERNAL')).toThrow();
    expect(diffSnapshots({ a: [{ _id: '1' }] }, { a: [] })).toHaveLength(1);
  });
  it('moves the clock', async () => {
    const h = await createHarness();
    const t0 = h.clock.now().getTime();
    h.clock.advanceDays(1);
    expect(h.services.now().getTime() - t0).toBe(86_400_000);
  });
});
