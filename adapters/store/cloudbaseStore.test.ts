import tcb from '@cloudbase/node-sdk';
import { DuplicateKeyError } from '../../core/store';
import { createCloudbaseStore } from './cloudbaseStore';
import { runStoreContract } from './contract';
import { createFakeCloudbase, createFakeCloudbaseDb } from './fakeCloudbase';

runStoreContract('cloudbase via node-sdk + fake requester', () =>
  createCloudbaseStore(createFakeCloudbaseDb({ collections: 'any' })),
);

describe('cloudbase store through the real SDK', () => {
  it('sends serialized EJSON requests the fake decodes (no bypass)', async () => {
    const fake = createFakeCloudbase({ collections: 'any' });
    const store = createCloudbaseStore(fake.db);
    await store.insert('c', { _id: 'a', n: 1, tags: ['x'] });
    await store.find(
      'c',
      { n: { $ne: 2 }, tags: 'x', $or: [{ n: 1 }, { n: { $gt: 5 } }] },
      { sort: { n: -1 }, skip: 1, limit: 5 },
    );
    await store.count('c', { n: { $in: [1, 2] } });
    await store.update('c', 'a', { $set: { profile: { a: 1 } }, $inc: { n: 1 }, $unset: { tags: true } });
    await store.removeMany('c', { n: { $exists: true } });

    const actions = fake.requests.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'database.insertDocument',
        'database.getDocument',
        'database.calculateDocument',
        'database.modifyDocument',
        'database.removeDocument',
      ]),
    );
    const find = fake.requests.find(
      (r) => r.action === 'database.getDocument' && r.params.queryType === 'WHERE',
    )!;
    expect(typeof find.params.query).toBe('string');
    expect(find.params.query).toContain('"$ne"');
    expect(find.params.query).toContain('"$or"');
    expect(find.params.query).toContain('$numberInt');
    expect(find.params).toMatchObject({ limit: 5, offset: 1 });
    expect(String(find.params.order)).toContain('"n"');

    const modify = fake.requests.find((r) => r.action === 'database.modifyDocument')!;
    expect(modify.params).toMatchObject({ multi: false, merge: true });
    const data = JSON.parse(String(modify.params.data));
    // The object is set whole (not flattened into profile.a), and $unset comes from _.remove().
    expect(data.$set).toEqual({ profile: { a: { $numberInt: '1' } } });
    expect(Object.keys(data.$unset)).toEqual(['tags']);
    expect(Object.keys(data.$inc)).toEqual(['n']);
  });

  it('maps DATABASE_DUPLICATE_WRITE to DuplicateKeyError when the SDK returns codes instead of throwing', async () => {
    const store = createCloudbaseStore(createFakeCloudbaseDb({ throwOnCode: false, collections: 'any' }));
    await store.insert('c', { _id: 'a' });
    await expect(store.insert('c', { _id: 'a' })).rejects.toBeInstanceOf(DuplicateKeyError);
  });

  it('surfaces other server errors', async () => {
    const store = createCloudbaseStore(createFakeCloudbaseDb({ collections: 'any' }));
    await store.insert('c', { _id: 'a', s: 'text' });
    await expect(store.update('c', 'a', { $inc: { s: 1 } })).rejects.toThrow();
    const quiet = createCloudbaseStore(createFakeCloudbaseDb({ throwOnCode: false, collections: 'any' }));
    await quiet.insert('c', { _id: 'a', s: 'text' });
    await expect(quiet.update('c', 'a', { $inc: { s: 1 } })).rejects.toThrow(/DATABASE_REQUEST_FAILED/);
  });

  it('keeps answering after node-sdk database() re-assigns Db.reqClass', async () => {
    const fake = createFakeCloudbase({ collections: 'any' });
    // A later database() call (as production code would make) re-assigns Db.reqClass.
    const saved = process.env.TENCENTCLOUD;
    process.env.TENCENTCLOUD = 'true'; // keep tcb.init from probing the metadata server
    tcb.init({ env: 'other', secretId: 'x', secretKey: 'y' }).database();
    if (saved === undefined) delete process.env.TENCENTCLOUD;
    else process.env.TENCENTCLOUD = saved;
    const store = createCloudbaseStore(fake.db);
    await store.insert('c', { _id: 'a' });
    expect(await store.get('c', 'a')).toEqual({ _id: 'a' });
    expect(fake.requests.length).toBe(2);
  });

  it('keeps fakes isolated from each other', async () => {
    const a = createCloudbaseStore(createFakeCloudbaseDb({ collections: 'any' }));
    const b = createCloudbaseStore(createFakeCloudbaseDb({ collections: 'any' }));
    await a.insert('c', { _id: 'x' });
    expect(await b.get('c', 'x')).toBeNull();
  });
});

describe('collections must exist, as on CloudBase', () => {
  it('refuses a collection the registry does not declare (CloudBase never creates one on write)', async () => {
    const store = createCloudbaseStore(createFakeCloudbaseDb());
    await expect(store.insert('not_declared', { _id: 'a' })).rejects.toMatchObject({
      code: 'DATABASE_COLLECTION_NOT_EXIST',
    });
    await expect(store.insert('rate_limits', { _id: 'a', n: 1 })).resolves.toEqual({ _id: 'a', n: 1 });
  });
});
