/**
 * DocumentStore on embedded NeDB (local mode): one datastore per collection, persisted to
 * `<dir>/<collection>.db` or kept in memory. Filters are compiled so NeDB matches like Mongo
 * ($ne/$nin/$exists on arrays) while top-level equality stays index-friendly.
 */
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { appendThroughOpenHandle, type AppendHandle } from './nedbAppend';
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
  compactUpdate,
  getPath,
  isDuplicateKeyError,
  isEmptyUpdate,
  logicOperands,
  normalizeUpdate,
  parseFieldValue,
  pathExists,
  resolveLimit,
  resolveSkip,
  sortEntries,
} from './common';

/** The NeDB store: the DocumentStore plus index management, compaction and shutdown. */
export type NedbStore = DocumentStore & {
  /** Declare an index (unique when asked) on a field; makes equality/range/$in lookups and counts fast. */
  ensureIndex(collection: string, field: string, opts?: { unique?: boolean }): Promise<void>;
  /** Declare a unique index; inserts and updates that break it throw DuplicateKeyError. */
  ensureUniqueIndex(collection: string, field: string): Promise<void>;
  /** Rewrite every open collection file without its superseded lines. */
  compactAll(): Promise<void>;
  /** Stop the compaction timer and compact once (the store stays usable). */
  close(): Promise<void>;
};

/** Tuning for createNedbStore. */
export interface NedbStoreOptions {
  /** How often persisted files are compacted; default 60 s (0 disables). */
  compactionIntervalMs?: number;
}

const COLLECTION_NAME = /^[A-Za-z0-9_-]+$/;

/** Compile a store Filter to a NeDB query with Mongo semantics. Also used by the CloudBase fake. */
export function toNedbQuery(filter: Filter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const and: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      and.push(...logicOperands(key, value).map(toNedbQuery));
      continue;
    }
    if (key === '$or') {
      and.push({ $or: logicOperands(key, value).map(toNedbQuery) });
      continue;
    }
    if (key.startsWith('$')) throw new Error(`unsupported filter operator ${key}`);
    const direct: Record<string, unknown> = {};
    const equalities: unknown[] = [];
    for (const { op, value: operand } of parseFieldValue(key, value)) {
      switch (op) {
        case '$eq':
          equalities.push(operand);
          break;
        // NeDB's $ne/$nin on an array field mean "some element differs"; Mongo means "no element equals".
        case '$ne':
          and.push({ $not: { [key]: operand } });
          break;
        case '$nin':
          and.push({ $not: { [key]: { $in: operand } } });
          break;
        // NeDB's $exists looks inside arrays (so [] "does not exist"); use Mongo's meaning.
        case '$exists': {
          const want = operand as boolean;
          and.push({
            $where(this: unknown) {
              return pathExists(this, key) === want;
            },
          });
          break;
        }
        default:
          direct[op] = operand;
      }
    }
    if (equalities.length > 0 && Object.keys(direct).length === 0) out[key] = equalities.shift();
    else if (Object.keys(direct).length > 0) out[key] = direct;
    for (const eq of equalities) and.push({ [key]: eq });
  }
  if (and.length > 0) out.$and = and;
  return out;
}

/** Create the NeDB-backed store; `dir` null keeps every collection in memory. */
export function createNedbStore(dir: string | null, options: NedbStoreOptions = {}): NedbStore {
  const stores = new Map<string, Promise<Datastore>>();
  const appenders: AppendHandle[] = [];
  const interval = options.compactionIntervalMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  if (dir && interval > 0) {
    timer = setInterval(() => {
      compactAll().catch(() => undefined);
    }, interval);
    timer.unref();
  }

  function open(collection: string): Promise<Datastore> {
    let ready = stores.get(collection);
    if (!ready) {
      if (!COLLECTION_NAME.test(collection)) throw new Error(`invalid collection name: ${collection}`);
      const ds = new Datastore(
        dir ? { filename: path.join(dir, `${collection}.db`) } : { inMemoryOnly: true },
      );
      ready = ds.loadDatabaseAsync().then(() => {
        appenders.push(appendThroughOpenHandle(ds));
        return ds;
      });
      stores.set(collection, ready);
      ready.catch(() => stores.delete(collection));
    }
    return ready;
  }

  async function compactAll(): Promise<void> {
    if (!dir) return;
    for (const ready of stores.values()) {
      const ds = await ready.catch(() => null);
      if (ds) await ds.compactDatafileAsync();
    }
  }

  function duplicate(collection: string, id: string, err: unknown): unknown {
    if (!isDuplicateKeyError(err)) return err;
    const key = (err as { key?: unknown }).key;
    return new DuplicateKeyError(collection, typeof key === 'string' ? key : id);
  }

  async function updateWhere(
    collection: string,
    query: Record<string, unknown>,
    update: Update,
    multi: boolean,
  ) {
    const normalized = normalizeUpdate(update);
    const ds = await open(collection);
    if (isEmptyUpdate(normalized)) {
      const n = await ds.countAsync(query);
      return multi ? n : Math.min(n, 1);
    }
    try {
      const { numAffected } = await ds.updateAsync(query, compactUpdate(normalized), { multi });
      return numAffected;
    } catch (err) {
      throw duplicate(collection, String(query._id ?? ''), err);
    }
  }

  const store: NedbStore = {
    async insert<T extends Doc>(collection: string, doc: T): Promise<T> {
      assertDocId(doc);
      const ds = await open(collection);
      try {
        // NeDB's own copies share Date objects; copy them too so no caller can reach stored data.
        return cloneValue(await ds.insertAsync(cloneValue(doc))) as T;
      } catch (err) {
        throw duplicate(collection, doc._id, err);
      }
    },

    async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
      const ds = await open(collection);
      return cloneValue((await ds.findOneAsync({ _id: id })) as T | null) ?? null;
    },

    async find<T extends Doc>(collection: string, filter: Filter, options: FindOptions = {}): Promise<T[]> {
      const query = toNedbQuery(filter);
      const sort = sortEntries(options.sort);
      const ds = await open(collection);
      let cursor = ds.findAsync<T>(query);
      if (sort.length > 0) cursor = cursor.sort(Object.fromEntries(sort));
      cursor = cursor.skip(resolveSkip(options.skip)).limit(resolveLimit(options.limit));
      return ((await cursor) as unknown as T[]).map((doc) => cloneValue(doc));
    },

    async count(collection: string, filter: Filter): Promise<number> {
      const query = toNedbQuery(filter);
      const ds = await open(collection);
      return (await ds.countAsync(query)) as unknown as number;
    },

    async update(collection: string, id: string, update: Update): Promise<boolean> {
      return (await updateWhere(collection, { _id: id }, update, false)) > 0;
    },

    async updateMany(collection: string, filter: Filter, update: Update): Promise<number> {
      return updateWhere(collection, toNedbQuery(filter), update, true);
    },

    async upsert(
      collection: string,
      id: string,
      update: Update,
      insertDoc: Record<string, unknown> = {},
    ): Promise<void> {
      const normalized = normalizeUpdate(update);
      if (await store.update(collection, id, update)) return;
      const doc = applyUpdate({ ...insertDoc, _id: id }, normalized);
      try {
        await store.insert(collection, doc);
      } catch (err) {
        // Someone created it between our update and insert: apply the update to theirs.
        if (!(err instanceof DuplicateKeyError) || err.id !== id) throw err;
        await store.update(collection, id, update);
      }
    },

    async increment(collection, id, field, by, insertDoc = {}) {
      const ds = await open(collection);
      for (let attempt = 0; attempt < 3; attempt++) {
        const res = (await ds.updateAsync(
          { _id: id },
          { $inc: { [field]: by } },
          { returnUpdatedDocs: true, multi: false },
        )) as { numAffected: number; affectedDocuments: Record<string, unknown> | null };
        if (res.numAffected > 0 && res.affectedDocuments) {
          return Number(getPath(res.affectedDocuments, field));
        }
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
      const ds = await open(collection);
      return (await ds.removeAsync({ _id: id }, { multi: false })) > 0;
    },

    async removeMany(collection: string, filter: Filter): Promise<number> {
      const query = toNedbQuery(filter);
      const ds = await open(collection);
      return ds.removeAsync(query, { multi: true });
    },

    async ensureIndex(collection: string, field: string, opts: { unique?: boolean } = {}): Promise<void> {
      const ds = await open(collection);
      await ds.ensureIndexAsync({ fieldName: field, unique: opts.unique === true });
    },

    async ensureUniqueIndex(collection: string, field: string): Promise<void> {
      await store.ensureIndex(collection, field, { unique: true });
    },

    compactAll,

    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await compactAll();
      await Promise.all(appenders.map((a) => a.close()));
    },
  };
  return store;
}
