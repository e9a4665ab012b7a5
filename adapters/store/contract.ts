/**
 * The DocumentStore contract as one jest suite; every driver's test file runs it so the drivers
 * provably behave the same. Each test uses its own collection, so a shared store is fine.
 */
import {
  DuplicateKeyError,
  MAX_FIND_LIMIT,
  type Doc,
  type DocumentStore,
  type Filter,
} from '../../core/store';
import { cloneValue } from './common';

type Person = Doc & {
  name: string;
  age: number;
  city?: string;
  active: boolean;
  joined: Date;
  tags?: string[];
  profile: { level: number; school: string };
  roles?: Array<{ role: string; scope: string }>;
  teacherIds?: string[];
  nick?: null;
};

const PEOPLE: Person[] = [
  {
    _id: 'p1',
    name: 'Ann',
    age: 30,
    city: 'sh',
    active: true,
    joined: new Date('2024-01-10T00:00:00Z'),
    tags: ['a', 'b'],
    profile: { level: 2, school: 's1' },
    roles: [
      { role: 'teacher', scope: 's1' },
      { role: 'city_admin', scope: 'c1' },
    ],
    teacherIds: ['t1', 't2'],
  },
  {
    _id: 'p2',
    name: 'Bob',
    age: 25,
    city: 'bj',
    active: false,
    joined: new Date('2024-02-10T00:00:00Z'),
    tags: ['b'],
    profile: { level: 1, school: 's2' },
    roles: [{ role: 'teacher', scope: 's2' }],
    teacherIds: ['t2'],
  },
  {
    _id: 'p3',
    name: 'Cid',
    age: 35,
    city: 'sh',
    active: true,
    joined: new Date('2024-03-10T00:00:00Z'),
    tags: [],
    profile: { level: 3, school: 's1' },
    roles: [],
    teacherIds: [],
    nick: null,
  },
  {
    _id: 'p4',
    name: 'Dee',
    age: 40,
    active: false,
    joined: new Date('2024-04-10T00:00:00Z'),
    profile: { level: 2, school: 's3' },
  },
];

/** Run the shared contract against the store `makeStore` returns (called before every test). */
export function runStoreContract(
  name: string,
  makeStore: () => Promise<DocumentStore> | DocumentStore,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore;
    let coll: string;
    let counter = 0;

    beforeEach(async () => {
      store = await makeStore();
      counter += 1;
      coll = `contract_${counter}`;
    });

    const seed = async () => {
      for (const p of PEOPLE) await store.insert(coll, cloneValue(p));
    };
    const ids = (docs: Doc[]) => docs.map((d) => d._id).sort();
    const findIds = async (filter: Filter) => ids(await store.find(coll, filter));

    describe('insert / get', () => {
      it('inserts and reads back an equal plain document (dates stay dates)', async () => {
        const returned = await store.insert(coll, cloneValue(PEOPLE[0]));
        expect(returned).toEqual(PEOPLE[0]);
        const got = await store.get<Person>(coll, 'p1');
        expect(got).toEqual(PEOPLE[0]);
        expect(got!.joined).toBeInstanceOf(Date);
        expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      });

      it('throws DuplicateKeyError for a taken _id and keeps the original', async () => {
        await store.insert(coll, { _id: 'x', v: 1 });
        const err = await store.insert(coll, { _id: 'x', v: 2 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DuplicateKeyError);
        expect((err as DuplicateKeyError).collection).toBe(coll);
        expect((err as DuplicateKeyError).id).toBe('x');
        expect(await store.get(coll, 'x')).toEqual({ _id: 'x', v: 1 });
      });

      it('lets exactly one of several concurrent inserts of one _id win', async () => {
        const results = await Promise.allSettled(
          [1, 2, 3, 4, 5].map((v) => store.insert(coll, { _id: 'race', v })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateKeyError);
      });

      it('returns null for a missing id', async () => {
        expect(await store.get(coll, 'nope')).toBeNull();
      });

      it('rejects a document without a string _id', async () => {
        await expect(store.insert(coll, { _id: '' })).rejects.toThrow();
      });
    });

    describe('copies', () => {
      it('never shares references with the store', async () => {
        const input = { _id: 'c', list: [1, 2], sub: { a: 1 } };
        const returned = await store.insert(coll, input);
        input.list.push(3);
        input.sub.a = 9;
        returned.list.push(4);
        const got = (await store.get<typeof input>(coll, 'c'))!;
        got.list.push(5);
        got.sub.a = 7;
        const [found] = await store.find<typeof input>(coll, { _id: 'c' });
        found.list.push(6);
        const setValue = ['x'];
        await store.update(coll, 'c', { $set: { other: setValue } });
        setValue.push('y');
        expect(await store.get(coll, 'c')).toEqual({ _id: 'c', list: [1, 2], sub: { a: 1 }, other: ['x'] });
      });
    });

    describe('find filters', () => {
      beforeEach(seed);

      it('matches everything with an empty filter', async () => {
        expect(await findIds({})).toEqual(['p1', 'p2', 'p3', 'p4']);
      });

      it('supports plain equality, $eq, booleans and dates', async () => {
        expect(await findIds({ city: 'sh' })).toEqual(['p1', 'p3']);
        expect(await findIds({ age: { $eq: 25 } })).toEqual(['p2']);
        expect(await findIds({ active: true })).toEqual(['p1', 'p3']);
        expect(await findIds({ joined: new Date('2024-02-10T00:00:00Z') })).toEqual(['p2']);
        expect(await findIds({ _id: 'p4' })).toEqual(['p4']);
        expect(await findIds({ city: 'gz' })).toEqual([]);
      });

      it('supports $ne (missing fields match; arrays match when no element equals)', async () => {
        expect(await findIds({ city: { $ne: 'sh' } })).toEqual(['p2', 'p4']);
        expect(await findIds({ tags: { $ne: 'a' } })).toEqual(['p2', 'p3', 'p4']);
        expect(await findIds({ active: { $ne: true } })).toEqual(['p2', 'p4']);
      });

      it('supports $lt $lte $gt $gte, combined ranges and date ranges', async () => {
        expect(await findIds({ age: { $lt: 30 } })).toEqual(['p2']);
        expect(await findIds({ age: { $lte: 30 } })).toEqual(['p1', 'p2']);
        expect(await findIds({ age: { $gt: 35 } })).toEqual(['p4']);
        expect(await findIds({ age: { $gte: 35 } })).toEqual(['p3', 'p4']);
        expect(await findIds({ age: { $gt: 25, $lt: 40 } })).toEqual(['p1', 'p3']);
        expect(await findIds({ age: { $gte: 30, $ne: 35 } })).toEqual(['p1', 'p4']);
        expect(await findIds({ joined: { $gte: new Date('2024-03-01T00:00:00Z') } })).toEqual(['p3', 'p4']);
      });

      it('supports $in and $nin, including on array fields', async () => {
        expect(await findIds({ city: { $in: ['bj', 'gz'] } })).toEqual(['p2']);
        expect(await findIds({ _id: { $in: ['p1', 'p4', 'zz'] } })).toEqual(['p1', 'p4']);
        expect(await findIds({ tags: { $in: ['a'] } })).toEqual(['p1']);
        expect(await findIds({ city: { $nin: ['sh'] } })).toEqual(['p2', 'p4']);
        expect(await findIds({ tags: { $nin: ['b'] } })).toEqual(['p3', 'p4']);
        expect(await findIds({ city: { $in: [] } })).toEqual([]);
      });

      it('supports $exists (null and empty arrays exist)', async () => {
        expect(await findIds({ city: { $exists: true } })).toEqual(['p1', 'p2', 'p3']);
        expect(await findIds({ city: { $exists: false } })).toEqual(['p4']);
        expect(await findIds({ tags: { $exists: true } })).toEqual(['p1', 'p2', 'p3']);
        expect(await findIds({ tags: { $exists: false } })).toEqual(['p4']);
        expect(await findIds({ nick: { $exists: true } })).toEqual(['p3']);
        expect(await findIds({ 'profile.school': { $exists: true } })).toEqual(['p1', 'p2', 'p3', 'p4']);
        expect(await findIds({ 'roles.role': { $exists: true } })).toEqual(['p1', 'p2']);
      });

      it('follows dotted paths into sub-documents', async () => {
        expect(await findIds({ 'profile.level': 2 })).toEqual(['p1', 'p4']);
        expect(await findIds({ 'profile.level': { $gte: 2 }, 'profile.school': 's1' })).toEqual(['p1', 'p3']);
        expect(await findIds({ 'profile.school': { $ne: 's1' } })).toEqual(['p2', 'p4']);
      });

      it('follows dotted paths into arrays of sub-documents', async () => {
        expect(await findIds({ 'roles.role': 'city_admin' })).toEqual(['p1']);
        expect(await findIds({ 'roles.role': 'teacher' })).toEqual(['p1', 'p2']);
        expect(await findIds({ 'roles.scope': { $in: ['s2', 'c1'] } })).toEqual(['p1', 'p2']);
        expect(await findIds({ 'roles.role': { $ne: 'teacher' } })).toEqual(['p3', 'p4']);
      });

      it('matches an array field against one of its elements, or exactly against a whole array', async () => {
        expect(await findIds({ teacherIds: 't2' })).toEqual(['p1', 'p2']);
        expect(await findIds({ teacherIds: 't1' })).toEqual(['p1']);
        expect(await findIds({ tags: ['a', 'b'] })).toEqual(['p1']);
        expect(await findIds({ tags: ['b', 'a'] })).toEqual([]);
      });

      it('matches a whole sub-document exactly', async () => {
        expect(await findIds({ profile: { level: 1, school: 's2' } })).toEqual(['p2']);
        expect(await findIds({ profile: { level: 1 } })).toEqual([]);
      });

      it('supports $and, $or, and their combination with fields', async () => {
        expect(await findIds({ $and: [{ city: 'sh' }, { age: { $gt: 30 } }] })).toEqual(['p3']);
        expect(await findIds({ $or: [{ city: 'bj' }, { age: { $gte: 40 } }] })).toEqual(['p2', 'p4']);
        expect(await findIds({ city: 'sh', $or: [{ age: 30 }, { name: 'Bob' }] })).toEqual(['p1']);
        expect(
          await findIds({
            $and: [
              { $or: [{ city: 'sh' }, { city: 'bj' }] },
              { $or: [{ 'roles.role': 'city_admin' }, { age: 25 }] },
            ],
          }),
        ).toEqual(['p1', 'p2']);
        expect(
          await findIds({ $or: [{ age: { $lt: 26 } }, { 'profile.level': 3 }], active: { $ne: true } }),
        ).toEqual(['p2']);
      });

      it('rejects unsupported operators, mixed operator objects and undefined values', async () => {
        await expect(store.find(coll, { age: { $regex: 'x' } } as unknown as Filter)).rejects.toThrow();
        await expect(store.find(coll, { $nor: [{ age: 1 }] } as unknown as Filter)).rejects.toThrow();
        await expect(store.find(coll, { age: { $gt: 1, x: 2 } } as unknown as Filter)).rejects.toThrow();
        await expect(store.find(coll, { age: undefined })).rejects.toThrow();
        await expect(store.find(coll, { $or: [] })).rejects.toThrow();
      });
    });

    describe('find options', () => {
      beforeEach(seed);

      it('sorts ascending and descending, on one or several keys', async () => {
        const byAge = await store.find(coll, {}, { sort: { age: 1 } });
        expect(byAge.map((d) => d._id)).toEqual(['p2', 'p1', 'p3', 'p4']);
        const byAgeDesc = await store.find(coll, {}, { sort: { age: -1 } });
        expect(byAgeDesc.map((d) => d._id)).toEqual(['p4', 'p3', 'p1', 'p2']);
        const multi = await store.find(coll, { city: { $exists: true } }, { sort: { city: 1, age: -1 } });
        expect(multi.map((d) => d._id)).toEqual(['p2', 'p3', 'p1']);
        const nested = await store.find(coll, {}, { sort: { 'profile.level': -1, _id: 1 } });
        expect(nested.map((d) => d._id)).toEqual(['p3', 'p1', 'p4', 'p2']);
      });

      it('applies skip and limit after sorting', async () => {
        const page = await store.find(coll, {}, { sort: { age: 1 }, skip: 1, limit: 2 });
        expect(page.map((d) => d._id)).toEqual(['p1', 'p3']);
        const tail = await store.find(coll, {}, { sort: { age: 1 }, skip: 3, limit: 10 });
        expect(tail.map((d) => d._id)).toEqual(['p4']);
        expect(await store.find(coll, {}, { skip: 10 })).toEqual([]);
      });

      it('counts matches', async () => {
        expect(await store.count(coll, {})).toBe(4);
        expect(await store.count(coll, { city: 'sh' })).toBe(2);
        expect(await store.count(coll, { 'roles.role': 'teacher', age: { $lt: 30 } })).toBe(1);
        expect(await store.count(coll, { city: 'nowhere' })).toBe(0);
        expect(await store.count(`${coll}_empty`, {})).toBe(0);
      });
    });

    describe('limits', () => {
      it('defaults to 100 and caps at MAX_FIND_LIMIT', async () => {
        const total = MAX_FIND_LIMIT + 5;
        const all = Array.from({ length: total }, (_, i) => ({ _id: `d${String(i).padStart(5, '0')}`, i }));
        for (let i = 0; i < all.length; i += 100) {
          await Promise.all(all.slice(i, i + 100).map((d) => store.insert(coll, d)));
        }
        expect(await store.count(coll, {})).toBe(total);
        expect(await store.find(coll, {})).toHaveLength(100);
        expect(await store.find(coll, {}, { limit: 0 })).toHaveLength(100);
        expect(await store.find(coll, {}, { limit: 5000 })).toHaveLength(MAX_FIND_LIMIT);
        const last = await store.find(
          coll,
          {},
          { sort: { i: 1 }, skip: MAX_FIND_LIMIT, limit: MAX_FIND_LIMIT },
        );
        expect(last.map((d) => d.i)).toEqual([1000, 1001, 1002, 1003, 1004]);
      }, 60_000);
    });

    describe('update', () => {
      beforeEach(seed);

      it('$set scalars, dotted paths and new fields', async () => {
        expect(
          await store.update(coll, 'p1', { $set: { name: 'Anna', 'profile.level': 5, extra: { k: 1 } } }),
        ).toBe(true);
        const p1 = await store.get<Person & { extra: unknown }>(coll, 'p1');
        expect(p1).toMatchObject({ name: 'Anna', profile: { level: 5, school: 's1' }, extra: { k: 1 } });
        expect(p1!.age).toBe(30);
      });

      it('$set replaces whole arrays and objects (no merging)', async () => {
        await store.update(coll, 'p1', {
          $set: { tags: ['z'], profile: { level: 9 }, roles: [{ role: 'parent', scope: 'x' }] },
        });
        const p1 = await store.get<Person>(coll, 'p1');
        expect(p1!.tags).toEqual(['z']);
        expect(p1!.profile).toEqual({ level: 9 });
        expect(p1!.roles).toEqual([{ role: 'parent', scope: 'x' }]);
        await store.update(coll, 'p1', { $set: { tags: [] } });
        expect((await store.get<Person>(coll, 'p1'))!.tags).toEqual([]);
      });

      it('$set can store null, dates and nested arrays', async () => {
        const when = new Date('2025-05-05T05:05:05Z');
        await store.update(coll, 'p2', { $set: { city: null, at: when, grid: [[1, 2], [3]] } });
        const p2 = await store.get(coll, 'p2');
        expect(p2).toMatchObject({ city: null, at: when, grid: [[1, 2], [3]] });
        expect(p2!.at).toBeInstanceOf(Date);
      });

      it('$inc existing, missing and dotted numeric fields, also negative', async () => {
        await store.update(coll, 'p1', { $inc: { age: 2, visits: 3, 'profile.level': -1 } });
        const p1 = await store.get(coll, 'p1');
        expect(p1).toMatchObject({ age: 32, visits: 3, profile: { level: 1, school: 's1' } });
      });

      it('applies concurrent $inc without losing any', async () => {
        await Promise.all(Array.from({ length: 20 }, () => store.update(coll, 'p2', { $inc: { hits: 1 } })));
        expect((await store.get(coll, 'p2'))!.hits).toBe(20);
      });

      it('$push one value, $each several, and onto a missing field', async () => {
        await store.update(coll, 'p1', { $push: { tags: 'c' } });
        await store.update(coll, 'p1', { $push: { tags: { $each: ['d', 'a'] } } });
        await store.update(coll, 'p4', { $push: { tags: 'first', roles: { role: 'teacher', scope: 's3' } } });
        expect((await store.get<Person>(coll, 'p1'))!.tags).toEqual(['a', 'b', 'c', 'd', 'a']);
        const p4 = await store.get<Person>(coll, 'p4');
        expect(p4!.tags).toEqual(['first']);
        expect(p4!.roles).toEqual([{ role: 'teacher', scope: 's3' }]);
      });

      it('$addToSet adds only missing values (scalars, $each and sub-documents)', async () => {
        await store.update(coll, 'p1', { $addToSet: { tags: 'a' } });
        await store.update(coll, 'p1', { $addToSet: { tags: 'c' } });
        await store.update(coll, 'p1', { $addToSet: { teacherIds: { $each: ['t2', 't3', 't3'] } } });
        await store.update(coll, 'p1', { $addToSet: { roles: { role: 'teacher', scope: 's1' } } });
        await store.update(coll, 'p4', { $addToSet: { tags: 'new' } });
        const p1 = await store.get<Person>(coll, 'p1');
        expect(p1!.tags).toEqual(['a', 'b', 'c']);
        expect(p1!.teacherIds).toEqual(['t1', 't2', 't3']);
        expect(p1!.roles).toHaveLength(2);
        expect((await store.get<Person>(coll, 'p4'))!.tags).toEqual(['new']);
      });

      it('$unset removes fields, dotted fields, and ignores missing ones', async () => {
        await store.update(coll, 'p1', { $unset: { city: true, 'profile.school': true, ghost: true } });
        const p1 = await store.get<Person>(coll, 'p1');
        expect(p1).not.toHaveProperty('city');
        expect(p1!.profile).toEqual({ level: 2 });
        expect(await store.count(coll, { city: { $exists: false } })).toBe(2);
      });

      it('combines operators in one update', async () => {
        await store.update(coll, 'p2', {
          $set: { name: 'Bobby' },
          $inc: { age: 1 },
          $push: { tags: 'x' },
          $addToSet: { teacherIds: 't9' },
          $unset: { city: true },
        });
        const p2 = await store.get<Person>(coll, 'p2');
        expect(p2).toMatchObject({ name: 'Bobby', age: 26, tags: ['b', 'x'], teacherIds: ['t2', 't9'] });
        expect(p2).not.toHaveProperty('city');
      });

      it('returns false for a missing id and creates nothing', async () => {
        expect(await store.update(coll, 'ghost', { $set: { a: 1 } })).toBe(false);
        expect(await store.get(coll, 'ghost')).toBeNull();
        expect(await store.count(coll, {})).toBe(4);
      });

      it('returns true for an existing id even when nothing changes', async () => {
        expect(await store.update(coll, 'p1', { $set: { name: 'Ann' } })).toBe(true);
        expect(await store.update(coll, 'p1', { $addToSet: { tags: 'a' } })).toBe(true);
        expect(await store.update(coll, 'p1', {})).toBe(true);
        expect(await store.update(coll, 'ghost', {})).toBe(false);
      });

      it('rejects unsupported operators and changing _id', async () => {
        await expect(store.update(coll, 'p1', { $rename: { a: 'b' } } as never)).rejects.toThrow();
        await expect(store.update(coll, 'p1', { $set: { _id: 'other' } })).rejects.toThrow();
        expect(await store.get(coll, 'p1')).toEqual(PEOPLE[0]);
      });
    });

    describe('updateMany', () => {
      beforeEach(seed);

      it('updates every match and returns how many matched', async () => {
        expect(
          await store.updateMany(coll, { city: 'sh' }, { $set: { flagged: true }, $inc: { age: 1 } }),
        ).toBe(2);
        expect(await findIds({ flagged: true })).toEqual(['p1', 'p3']);
        expect((await store.get(coll, 'p3'))!.age).toBe(36);
        expect(await store.updateMany(coll, { city: 'nowhere' }, { $set: { flagged: true } })).toBe(0);
        expect(
          await store.updateMany(coll, { 'roles.role': 'teacher' }, { $addToSet: { tags: 'staff' } }),
        ).toBe(2);
        expect(await store.count(coll, { tags: 'staff' })).toBe(2);
      });

      it('works as an atomic conditional claim', async () => {
        await store.insert(coll, { _id: 'k1', claimStatus: 'unclaimed' });
        const claim = (by: string) =>
          store.updateMany(
            coll,
            { _id: 'k1', claimStatus: 'unclaimed' },
            { $set: { claimStatus: 'claimed', by } },
          );
        expect(await claim('a')).toBe(1);
        expect(await claim('b')).toBe(0);
        expect(await store.get(coll, 'k1')).toEqual({ _id: 'k1', claimStatus: 'claimed', by: 'a' });

        await store.insert(coll, { _id: 'k2', claimStatus: 'unclaimed' });
        const results = await Promise.all(
          ['u1', 'u2', 'u3', 'u4', 'u5'].map((by) =>
            store.updateMany(
              coll,
              { _id: 'k2', claimStatus: 'unclaimed' },
              { $set: { claimStatus: 'claimed', by } },
            ),
          ),
        );
        expect(results.reduce((a, b) => a + b, 0)).toBe(1);
      });
    });

    describe('upsert', () => {
      it('creates {_id, ...insertDoc} with the update applied when missing', async () => {
        await store.upsert(
          coll,
          'u1',
          {
            $inc: { count: 1 },
            $set: { last: 'a', 'meta.seen': true },
            $addToSet: { who: 'a' },
            $push: { log: 1 },
          },
          { kind: 'counter', count: 10, meta: { from: 'x' } },
        );
        expect(await store.get(coll, 'u1')).toEqual({
          _id: 'u1',
          kind: 'counter',
          count: 11,
          last: 'a',
          meta: { from: 'x', seen: true },
          who: ['a'],
          log: [1],
        });
      });

      it('updates an existing document and ignores insertDoc', async () => {
        await store.upsert(coll, 'u2', { $inc: { count: 1 } }, { kind: 'counter' });
        await store.upsert(
          coll,
          'u2',
          { $inc: { count: 1 }, $addToSet: { who: 'b' } },
          { kind: 'other', count: 100 },
        );
        expect(await store.get(coll, 'u2')).toEqual({ _id: 'u2', kind: 'counter', count: 2, who: ['b'] });
      });

      it('works without insertDoc and with a no-op update', async () => {
        await store.upsert(coll, 'u3', { $set: { v: 1 } });
        expect(await store.get(coll, 'u3')).toEqual({ _id: 'u3', v: 1 });
        await store.upsert(coll, 'u3', { $set: { v: 1 } });
        expect(await store.get(coll, 'u3')).toEqual({ _id: 'u3', v: 1 });
      });

      it('loses no increments when racing to create the same document', async () => {
        await Promise.all(
          Array.from({ length: 10 }, () => store.upsert(coll, 'hot', { $inc: { n: 1 } }, { kind: 'c' })),
        );
        expect(await store.get(coll, 'hot')).toEqual({ _id: 'hot', kind: 'c', n: 10 });
      });
    });

    describe('increment', () => {
      it('creates the document from insertDoc, then adds, answering the new value', async () => {
        expect(await store.increment(coll, 'k', 'n', 1, { kind: 'limit' })).toBe(1);
        expect(await store.increment(coll, 'k', 'n', 2)).toBe(3);
        expect(await store.get(coll, 'k')).toEqual({ _id: 'k', kind: 'limit', n: 3 });
      });

      it('never loses or repeats a count under concurrency (rate limits decide on the answer)', async () => {
        const answers = await Promise.all(
          Array.from({ length: 60 }, () => store.increment(coll, 'race', 'n', 1, { at: 'x' })),
        );
        expect([...answers].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        expect(await store.get(coll, 'race')).toEqual({ _id: 'race', at: 'x', n: 60 });
      });

      it('works on a dotted field', async () => {
        expect(await store.increment(coll, 'd', 'm.hits', 5)).toBe(5);
        expect(await store.increment(coll, 'd', 'm.hits', -2)).toBe(3);
        expect(await store.get(coll, 'd')).toEqual({ _id: 'd', m: { hits: 3 } });
      });
    });

    describe('remove', () => {
      beforeEach(seed);

      it('removes one by id and reports whether it existed', async () => {
        expect(await store.remove(coll, 'p1')).toBe(true);
        expect(await store.get(coll, 'p1')).toBeNull();
        expect(await store.remove(coll, 'p1')).toBe(false);
        expect(await store.count(coll, {})).toBe(3);
      });

      it('removes every match and returns how many', async () => {
        expect(await store.removeMany(coll, { city: 'sh' })).toBe(2);
        expect(await findIds({})).toEqual(['p2', 'p4']);
        expect(await store.removeMany(coll, { city: 'sh' })).toBe(0);
        expect(await store.removeMany(coll, { age: { $gte: 0 } })).toBe(2);
        expect(await store.count(coll, {})).toBe(0);
      });

      it('allows re-inserting a removed id', async () => {
        await store.remove(coll, 'p2');
        await store.insert(coll, { _id: 'p2', again: true });
        expect(await store.get(coll, 'p2')).toEqual({ _id: 'p2', again: true });
      });
    });
  });
}
