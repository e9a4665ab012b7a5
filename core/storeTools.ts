import type { Doc, DocumentStore } from './store';

/**
 * Wrappers around a DocumentStore: a per-request read cache (each document is read once per request,
 * however many checks ask for it) and a call counter (tests and benchmarks measure the store work of an
 * action, since on CloudBase every call is a network round trip and counts against the QPS quota).
 */

type Method = keyof DocumentStore;

/**
 * A store for one request: `get` answers from a request-local cache after the first read of a
 * document; every write through it drops what it may have changed (the document, or the whole
 * collection for multi-document writes), so the request always sees its own writes. Other requests'
 * writes are not seen after the first read, which is what one request wants (one consistent view).
 */
export function withRequestCache(store: DocumentStore): DocumentStore {
  const cache = new Map<string, Promise<Doc | null>>();
  const key = (collection: string, id: string) => `${collection}\u0000${id}`;
  const dropDoc = (collection: string, id: string) => cache.delete(key(collection, id));
  const dropCollection = (collection: string) => {
    for (const k of cache.keys()) if (k.startsWith(`${collection}\u0000`)) cache.delete(k);
  };
  /** Callers may mutate what they get: hand out a copy, keep the cached original. */
  const copy = <T>(doc: T): T => (doc === null ? doc : structuredClone(doc));
  return {
    async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
      const k = key(collection, id);
      let hit = cache.get(k);
      if (!hit) {
        hit = store.get<T>(collection, id);
        cache.set(k, hit);
        hit.catch(() => cache.delete(k));
      }
      return copy((await hit) as T | null);
    },
    find: (c, f, o) => store.find(c, f, o),
    count: (c, f) => store.count(c, f),
    async insert(c, doc) {
      dropDoc(c, doc._id);
      try {
        return await store.insert(c, doc);
      } finally {
        dropDoc(c, doc._id);
      }
    },
    async update(c, id, u) {
      try {
        return await store.update(c, id, u);
      } finally {
        dropDoc(c, id);
      }
    },
    async upsert(c, id, u, d) {
      try {
        return await store.upsert(c, id, u, d);
      } finally {
        dropDoc(c, id);
      }
    },
    async increment(c, id, f, by, d) {
      try {
        return await store.increment(c, id, f, by, d);
      } finally {
        dropDoc(c, id);
      }
    },
    async remove(c, id) {
      try {
        return await store.remove(c, id);
      } finally {
        dropDoc(c, id);
      }
    },
    async updateMany(c, f, u) {
      try {
        return await store.updateMany(c, f, u);
      } finally {
        dropCollection(c);
      }
    },
    async removeMany(c, f) {
      try {
        return await store.removeMany(c, f);
      } finally {
        dropCollection(c);
      }
    },
  };
}

/** What a counting store saw: calls per method and per collection, and documents read. */
export interface StoreCounts {
  calls: number;
  byMethod: Partial<Record<Method, number>>;
  byCollection: Record<string, number>;
  /** Documents returned by get/find (what a read costs on CloudBase beyond the round trip). */
  docsRead: number;
}

/** Wrap a store so every call is counted; `reset()` starts a new count. */
export function countingStore(store: DocumentStore): {
  store: DocumentStore;
  counts: StoreCounts;
  reset(): void;
} {
  const counts: StoreCounts = { calls: 0, byMethod: {}, byCollection: {}, docsRead: 0 };
  const note = (method: Method, collection: string) => {
    counts.calls++;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    counts.byCollection[collection] = (counts.byCollection[collection] ?? 0) + 1;
  };
  const wrapped: DocumentStore = {
    async get(c, id) {
      note('get', c);
      const doc = await store.get(c, id);
      if (doc) counts.docsRead++;
      return doc as never;
    },
    async find(c, f, o) {
      note('find', c);
      const docs = await store.find(c, f, o);
      counts.docsRead += docs.length;
      return docs as never;
    },
    count: (c, f) => (note('count', c), store.count(c, f)),
    insert: (c, d) => (note('insert', c), store.insert(c, d)),
    update: (c, id, u) => (note('update', c), store.update(c, id, u)),
    updateMany: (c, f, u) => (note('updateMany', c), store.updateMany(c, f, u)),
    upsert: (c, id, u, d) => (note('upsert', c), store.upsert(c, id, u, d)),
    increment: (c, id, f, by, d) => (note('increment', c), store.increment(c, id, f, by, d)),
    remove: (c, id) => (note('remove', c), store.remove(c, id)),
    removeMany: (c, f) => (note('removeMany', c), store.removeMany(c, f)),
  };
  return {
    store: wrapped,
    counts,
    reset() {
      counts.calls = 0;
      counts.byMethod = {};
      counts.byCollection = {};
      counts.docsRead = 0;
    },
  };
}
