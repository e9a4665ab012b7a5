import { notFound } from './errors';

/**
 * The document store every handler talks to. Two drivers implement it (embedded NeDB for local
 * mode, CloudBase for production) and one contract suite proves they behave the same.
 * Filters are a Mongo-style subset: equality, $eq $ne $lt $lte $gt $gte $in $nin $exists,
 * $and $or, and dotted paths into sub-documents.
 */
export type Doc = { _id: string } & Record<string, unknown>;

export type FilterValue =
  | unknown
  | {
      $eq?: unknown;
      $ne?: unknown;
      $lt?: unknown;
      $lte?: unknown;
      $gt?: unknown;
      $gte?: unknown;
      $in?: unknown[];
      $nin?: unknown[];
      $exists?: boolean;
    };

/** A Mongo-style filter (subset). */
export type Filter = { [path: string]: FilterValue } & {
  $and?: Filter[];
  $or?: Filter[];
};

/** Update operators supported by both drivers. */
export interface Update {
  $set?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
  $addToSet?: Record<string, unknown>;
  $unset?: Record<string, true>;
}

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

/** Thrown by insert when the _id (or a unique key) is already taken; drivers translate their own errors to it. */
export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`duplicate key in ${collection}: ${id}`);
    this.name = 'DuplicateKeyError';
  }
}

/** Largest page either driver returns from one find (CloudBase caps get() at 1000). */
export const MAX_FIND_LIMIT = 1000;

/** The storage contract. All methods are per-document atomic; none spans documents. */
export interface DocumentStore {
  /** Insert a new document; throws DuplicateKeyError when _id exists. */
  insert<T extends Doc>(collection: string, doc: T): Promise<T>;
  /** Fetch one document by id, or null. */
  get<T extends Doc>(collection: string, id: string): Promise<T | null>;
  /** Find documents; limit defaults to 100 and is capped at MAX_FIND_LIMIT. */
  find<T extends Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]>;
  /** Count documents matching filter. */
  count(collection: string, filter: Filter): Promise<number>;
  /** Update one document by id; returns false when it does not exist. */
  update(collection: string, id: string, update: Update): Promise<boolean>;
  /** Update every match; returns how many matched. */
  updateMany(collection: string, filter: Filter, update: Update): Promise<number>;
  /** Update by id, creating the document from `insertDoc` + update when absent. */
  upsert(collection: string, id: string, update: Update, insertDoc?: Record<string, unknown>): Promise<void>;
  /**
   * Atomically add `by` to the numeric `field` of one document and answer the new value, creating the
   * document from `insertDoc` (field = by) when absent. Concurrent calls never lose or repeat a count:
   * rate limits and quotas are decided on the returned value.
   */
  increment(
    collection: string,
    id: string,
    field: string,
    by: number,
    insertDoc?: Record<string, unknown>,
  ): Promise<number>;
  /** Remove one by id; returns whether it existed. */
  remove(collection: string, id: string): Promise<boolean>;
  /** Remove every match; returns how many. */
  removeMany(collection: string, filter: Filter): Promise<number>;
}

/** Load a document or throw NOT_FOUND with a readable noun ("班级不存在"). */
export async function mustGet<T extends { _id: string }>(
  store: DocumentStore,
  collection: string,
  id: string,
  noun: string,
): Promise<T> {
  const doc = await store.get<T & Doc>(collection, id);
  if (!doc) throw notFound(`${noun}不存在`);
  return doc as T;
}

/** Read every match in pages (for rollups and exports; callers bound the size). */
export async function findAll<T extends Doc>(
  store: DocumentStore,
  collection: string,
  filter: Filter,
  sort: Record<string, 1 | -1> = { _id: 1 },
): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += MAX_FIND_LIMIT) {
    const page = await store.find<T>(collection, filter, { sort, skip, limit: MAX_FIND_LIMIT });
    out.push(...page);
    if (page.length < MAX_FIND_LIMIT) return out;
  }
}
