import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuplicateKeyError } from '../../core/store';
import { runStoreContract } from './contract';
import { createNedbStore, toNedbQuery, type NedbStore } from './nedbStore';

const tmpDirs: string[] = [];
const opened: NedbStore[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nedb-store-'));
  tmpDirs.push(dir);
  return dir;
}
function open(dir: string | null): NedbStore {
  const store = createNedbStore(dir);
  opened.push(store);
  return store;
}

afterAll(async () => {
  for (const store of opened) await store.close();
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

runStoreContract('nedb in memory', () => open(null));

const sharedDir = tmpDir();
const shared = open(sharedDir);
runStoreContract('nedb on disk', () => shared);

describe('nedb store specifics', () => {
  it('persists inserts, updates, upserts and removes across re-open', async () => {
    const dir = tmpDir();
    const a = open(dir);
    await a.insert('things', { _id: 't1', tags: ['x'], at: new Date('2024-01-01T00:00:00Z') });
    await a.insert('things', { _id: 't2', n: 1 });
    await a.update('things', 't1', { $push: { tags: 'y' } });
    await a.upsert('counters', 'c1', { $inc: { n: 2 } }, { kind: 'k' });
    await a.upsert('counters', 'c1', { $inc: { n: 3 } });
    await a.remove('things', 't2');
    expect(fs.existsSync(path.join(dir, 'things.db'))).toBe(true);

    const b = open(dir);
    expect(await b.get('things', 't1')).toEqual({
      _id: 't1',
      tags: ['x', 'y'],
      at: new Date('2024-01-01T00:00:00Z'),
    });
    expect(await b.get('things', 't2')).toBeNull();
    expect(await b.get('counters', 'c1')).toEqual({ _id: 'c1', kind: 'k', n: 5 });
  });

  it('compacts files down to one line per live document', async () => {
    const dir = tmpDir();
    const store = open(dir);
    await store.insert('c', { _id: 'a', n: 0 });
    for (let i = 0; i < 20; i += 1) await store.update('c', 'a', { $inc: { n: 1 } });
    const lines = () => fs.readFileSync(path.join(dir, 'c.db'), 'utf8').split('\n').filter(Boolean).length;
    expect(lines()).toBeGreaterThan(20);
    await store.compactAll();
    expect(lines()).toBe(1);
    expect(await open(dir).get('c', 'a')).toEqual({ _id: 'a', n: 20 });
  });

  it('keeps every write made after a compaction, and every one of many concurrent writes', async () => {
    // Writes go through one open append handle per file (nedbAppend.ts); a compaction replaces the file,
    // so a handle kept across it would write into the replaced file and these documents would be lost.
    const dir = tmpDir();
    const store = open(dir);
    await store.insert('c', { _id: 'before', n: 0 });
    await store.compactAll();
    await store.insert('c', { _id: 'after', n: 1 });
    await store.update('c', 'before', { $inc: { n: 5 } });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.insert('c', { _id: `p${i}`, text: '字'.repeat(i * 10) })),
    );
    await store.compactAll();
    await store.insert('c', { _id: 'last', n: 2 });
    const again = open(dir);
    expect(await again.get('c', 'before')).toEqual({ _id: 'before', n: 5 });
    expect(await again.get('c', 'after')).toEqual({ _id: 'after', n: 1 });
    expect(await again.get('c', 'last')).toEqual({ _id: 'last', n: 2 });
    expect(await again.count('c', {})).toBe(203);
    expect((await again.get<{ _id: string; text: string }>('c', 'p199'))?.text).toHaveLength(1990);
  });

  it('enforces declared unique indexes with DuplicateKeyError, on insert and update', async () => {
    const store = open(null);
    await store.ensureUniqueIndex('users', 'openid');
    await store.insert('users', { _id: 'u1', openid: 'o1' });
    await store.insert('users', { _id: 'u2', openid: 'o2' });
    await expect(store.insert('users', { _id: 'u3', openid: 'o1' })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    await expect(store.update('users', 'u2', { $set: { openid: 'o1' } })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    expect(await store.count('users', {})).toBe(2);
    expect(await store.get('users', 'u2')).toEqual({ _id: 'u2', openid: 'o2' });
  });

  it('counts with an indexed filter quickly on 20k documents', async () => {
    const store = open(null);
    await store.ensureIndex('pledges', 'campaignId');
    const docs = Array.from({ length: 20_000 }, (_, i) => ({ _id: `p${i}`, campaignId: `c${i % 20}`, n: i }));
    for (let i = 0; i < docs.length; i += 1000) {
      await Promise.all(docs.slice(i, i + 1000).map((d) => store.insert('pledges', d)));
    }
    const started = performance.now();
    for (let i = 0; i < 200; i += 1)
      expect(await store.count('pledges', { campaignId: `c${i % 20}` })).toBe(1000);
    const perCount = (performance.now() - started) / 200;
    expect(perCount).toBeLessThan(20);
  }, 60_000);

  it('rejects collection names that are not safe file names', async () => {
    const store = open(tmpDir());
    await expect(store.insert('../evil', { _id: 'x' })).rejects.toThrow(/collection name/);
    await expect(store.get('a/b', 'x')).rejects.toThrow(/collection name/);
  });

  it('keeps top-level equality index-friendly when compiling filters', () => {
    expect(toNedbQuery({ campaignId: 'c1', n: { $gte: 1, $lt: 5 } })).toEqual({
      campaignId: 'c1',
      n: { $gte: 1, $lt: 5 },
    });
    const compiled = toNedbQuery({ campaignId: 'c1', status: { $ne: 'x' } });
    expect(compiled.campaignId).toBe('c1');
    expect(compiled.$and).toEqual([{ $not: { status: 'x' } }]);
  });
});
