/**
 * DocumentStore on CloudBase (production) through @cloudbase/node-sdk. Filters become db.command
 * query operators and updates become update commands; every $set value goes through `_.set()` so
 * objects and arrays are replaced (a plain nested object would be merged field by field).
 */
import type tcb from '@cloudbase/node-sdk';
import {
  DuplicateKeyError,
  type Doc,
  type DocumentStore,
  type Filter,
  type FindOptions,
  type Update,
} from '../../core/store';
import {
  applyUpdate,
  assertDocId,
  cloneValue,
  getPath,
  isDuplicateKeyError,
  isEach,
  isEmptyUpdate,
  isPlainObject,
  logicOperands,
  normalizeUpdate,
  parseFieldValue,
  resolveLimit,
  resolveSkip,
  sortEntries,
  type FieldCondition,
  type NormalizedUpdate,
} from './common';

/** The node-sdk database handle (`tcb.init(...).database()`). */
export type CloudbaseDb = ReturnType<ReturnType<typeof tcb.init>['database']>;

type Command = CloudbaseDb['command'];
type Condition = ReturnType<Command['and']> | Record<string, unknown>;

/** One comparison as a db.command query command. */
function toQueryCommand(_: Command, { op, value }: FieldCondition) {
  switch (op) {
    case '$eq':
      return _.eq(value);
    case '$ne':
      return _.neq(value);
    case '$lt':
      return _.lt(value);
    case '$lte':
      return _.lte(value);
    case '$gt':
      return _.gt(value);
    case '$gte':
      return _.gte(value);
    case '$in':
      return _.in(value);
    case '$nin':
      return _.nin(value);
    case '$exists':
      return _.exists(value as boolean);
  }
}

/** Translate a store Filter into a `where()` argument built from db.command operators. */
export function toWhere(_: Command, filter: Filter): Condition {
  const fields: Record<string, unknown> = {};
  const logic: Condition[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      const subs = logicOperands(key, value).map((sub) => toWhere(_, sub));
      logic.push(key === '$and' ? _.and(...subs) : _.or(...subs));
      continue;
    }
    if (key.startsWith('$')) throw new Error(`unsupported filter operator ${key}`);
    const conditions = parseFieldValue(key, value);
    const single = conditions.length === 1 ? conditions[0] : null;
    if (single && single.op === '$eq' && !isPlainObject(single.value) && !Array.isArray(single.value)) {
      // Primitive equality stays a plain value (also matches an element of an array field).
      fields[key] = single.value;
    } else if (single) {
      // Objects/arrays go through _.eq: a plain object would be flattened into per-field matches.
      fields[key] = toQueryCommand(_, single);
    } else {
      fields[key] = _.and(...conditions.map((c) => toQueryCommand(_, c)));
    }
  }
  if (logic.length === 0) return fields;
  const parts = Object.keys(fields).length > 0 ? [fields, ...logic] : logic;
  return parts.length === 1 ? parts[0] : _.and(...parts);
}

/** Translate a normalized update into `doc().update()` / `where().update()` data of update commands. */
export function toUpdateData(_: Command, update: NormalizedUpdate): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(update.$set)) data[path] = _.set(value);
  for (const [path, value] of Object.entries(update.$inc)) data[path] = _.inc(value);
  for (const [path, value] of Object.entries(update.$push)) {
    // _.push(array) pushes each element; wrap a single value so an array value is pushed whole (as Mongo does).
    data[path] = _.push(isEach(value) === 'each' ? (value as { $each: unknown[] }).$each : [value]);
  }
  for (const [path, value] of Object.entries(update.$addToSet)) data[path] = _.addToSet(value);
  for (const path of Object.keys(update.$unset)) data[path] = _.remove();
  return data;
}

/** True when applying `update` to an existing document always changes it ($inc by non-zero, $push of something). */
function alwaysModifies(update: NormalizedUpdate): boolean {
  if (Object.values(update.$inc).some((n) => n !== 0)) return true;
  return Object.values(update.$push).some(
    (v) => isEach(v) !== 'each' || (v as { $each: unknown[] }).$each.length > 0,
  );
}

interface SdkResult {
  code?: unknown;
  message?: unknown;
  data?: unknown;
  total?: number;
  updated?: number;
  deleted?: number;
}

/** Create the CloudBase-backed store on a node-sdk database handle. */
export function createCloudbaseStore(db: CloudbaseDb): DocumentStore {
  const _ = db.command;

  /** Run one SDK call; map duplicate-key failures (thrown or returned with throwOnCode off) and other codes. */
  async function run(collection: string, id: string, call: () => Promise<SdkResult>): Promise<SdkResult> {
    let res: SdkResult;
    try {
      res = await call();
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new DuplicateKeyError(collection, id);
      throw err;
    }
    if (res && typeof res === 'object' && res.code) {
      if (isDuplicateKeyError(res)) throw new DuplicateKeyError(collection, id);
      throw Object.assign(new Error(`${String(res.code)}: ${String(res.message ?? '')}`), { code: res.code });
    }
    return res;
  }

  /** doc(id).update(); returns CloudBase's `updated` (documents modified). */
  async function updateById(collection: string, id: string, update: NormalizedUpdate): Promise<number> {
    const data = toUpdateData(_, update);
    const res = await run(collection, id, () => db.collection(collection).doc(id).update(data));
    return res.updated ?? 0;
  }

  const store: DocumentStore = {
    async insert<T extends Doc>(collection: string, doc: T): Promise<T> {
      assertDocId(doc);
      await run(collection, doc._id, () => db.collection(collection).add(doc) as Promise<SdkResult>);
      return cloneValue(doc);
    },

    async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
      const res = await run(collection, id, () => db.collection(collection).doc(id).get());
      const list = (res.data as T[] | undefined) ?? [];
      return list[0] ?? null;
    },

    async find<T extends Doc>(collection: string, filter: Filter, options: FindOptions = {}): Promise<T[]> {
      let query = db.collection(collection).where(toWhere(_, filter));
      for (const [path, dir] of sortEntries(options.sort))
        query = query.orderBy(path, dir === 1 ? 'asc' : 'desc');
      const skip = resolveSkip(options.skip);
      if (skip > 0) query = query.skip(skip);
      query = query.limit(resolveLimit(options.limit));
      const res = await run(collection, '', () => query.get());
      return (res.data as T[] | undefined) ?? [];
    },

    async count(collection: string, filter: Filter): Promise<number> {
      const where = toWhere(_, filter);
      const res = await run(collection, '', () => db.collection(collection).where(where).count());
      return res.total ?? 0;
    },

    async update(collection: string, id: string, update: Update): Promise<boolean> {
      const normalized = normalizeUpdate(update);
      if (!isEmptyUpdate(normalized)) {
        if ((await updateById(collection, id, normalized)) > 0) return true;
        // `updated` counts modified documents: 0 is only conclusive when the update always changes something.
        if (alwaysModifies(normalized)) return false;
      }
      return (await store.get(collection, id)) !== null;
    },

    async updateMany(collection: string, filter: Filter, update: Update): Promise<number> {
      const normalized = normalizeUpdate(update);
      const where = toWhere(_, filter);
      if (isEmptyUpdate(normalized)) return store.count(collection, filter);
      const data = toUpdateData(_, normalized);
      const res = await run(collection, '', () => db.collection(collection).where(where).update(data));
      // CloudBase's `updated` counts modified documents; it equals "matched" whenever the update changes
      // every match (conditional claims like { status: 'unclaimed' } -> $set claimed always do).
      return res.updated ?? 0;
    },

    async upsert(
      collection: string,
      id: string,
      update: Update,
      insertDoc: Record<string, unknown> = {},
    ): Promise<void> {
      const normalized = normalizeUpdate(update);
      if (!isEmptyUpdate(normalized) && (await updateById(collection, id, normalized)) > 0) return;
      // Missing, or an update that changed nothing: try to create it; if it exists (or was just
      // created concurrently), apply the update to it. No get() in between, so no increment is lost.
      try {
        await store.insert(collection, applyUpdate({ ...insertDoc, _id: id }, normalized));
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        if (!isEmptyUpdate(normalized)) await updateById(collection, id, normalized);
      }
    },

    async increment(collection, id, field, by, insertDoc = {}) {
      for (let attempt = 0; attempt < 3; attempt++) {
        // updateAndReturn is CloudBase's atomic update-and-read (database.modifyAndReturnDoc).
        const res = (await run(collection, id, () =>
          db
            .collection(collection)
            .where({ _id: id })
            .updateAndReturn({ [field]: _.inc(by) }),
        )) as SdkResult & { doc?: Record<string, unknown> | null };
        if (res.doc) return Number(getPath(res.doc, field));
        try {
          await store.insert(
            collection,
            applyUpdate({ ...insertDoc, _id: id }, normalizeUpdate({ $set: { [field]: by } })),
          );
          return by;
        } catch (err) {
          if (!(err instanceof DuplicateKeyError)) throw err;
        }
      }
      throw new Error(`increment ${collection}/${id}: could not settle`);
    },

    async remove(collection: string, id: string): Promise<boolean> {
      const res = await run(collection, id, () => db.collection(collection).doc(id).remove());
      return (res.deleted ?? 0) > 0;
    },

    async removeMany(collection: string, filter: Filter): Promise<number> {
      const where = toWhere(_, filter);
      const res = await run(collection, '', () => db.collection(collection).where(where).remove());
      return res.deleted ?? 0;
    },
  };
  return store;
}
