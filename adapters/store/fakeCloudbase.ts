/**
 * Offline CloudBase database for tests: a real node-sdk `db` whose request class is swapped for an
 * in-memory server. The SDK still builds and EJSON-serializes every request (Mongo syntax); the fake
 * decodes it and evaluates it with NeDB's matcher/modifier, answering in the shapes the SDK parses.
 */
import tcb from '@cloudbase/node-sdk';
import { EJSON } from 'bson';
import { ALL_COLLECTIONS } from '../../core/collections';
import type { Filter } from '../../core/store';
import { deepEqual } from './common';
import type { CloudbaseDb } from './cloudbaseStore';
import { toNedbQuery } from './nedbStore';

/** The parts of NeDB's document model (lib/model) the fake uses. */
interface NedbModel {
  match(doc: unknown, query: unknown): boolean;
  modify<T>(doc: T, update: unknown): T;
  checkObject(doc: unknown): void;
  compareThings(a: unknown, b: unknown): number;
  getDotValue(doc: unknown, path: string): unknown;
}
const nedbModel = require('@seald-io/nedb/lib/model') as NedbModel;

type StoredDoc = Record<string, unknown> & { _id: string };
type Params = Record<string, unknown>;
type Response = Record<string, unknown>;

/** One request the SDK sent: its action (e.g. `database.getDocument`), raw params and decoded query. */
export interface FakeRequest {
  action: string;
  params: Params;
  query: unknown;
}

/** Options for the fake server. */
export interface FakeCloudbaseOptions {
  /** Like node-sdk's setThrowOnCode: true (default) throws `{ code, message }` errors, false returns them. */
  throwOnCode?: boolean;
  /**
   * Collections that exist (default: every collection of the registry, core/collections.ts). Like
   * CloudBase, which never creates a collection on write, any other name answers
   * DATABASE_COLLECTION_NOT_EXIST. `'any'` accepts every name (the generic store contract suite).
   */
  collections?: readonly string[] | 'any';
  /** Milliseconds each request waits before it is answered (a CloudBase-shaped benchmark uses ~15). */
  latencyMs?: number;
}

/** A fake-backed db plus what the fake saw and holds. */
export interface FakeCloudbase {
  db: CloudbaseDb;
  requests: FakeRequest[];
  collections: Map<string, Map<string, StoredDoc>>;
  /** Change the per-request latency (e.g. 0 while seeding, 15 while measuring). */
  setLatency(ms: number): void;
  /** Stop recording requests (a long benchmark would otherwise keep every one in memory). */
  setRecording(on: boolean): void;
}

const MAX_LIMIT = 1000;

class FakeServer {
  readonly requests: FakeRequest[] = [];
  readonly collections = new Map<string, Map<string, StoredDoc>>();
  private seq = 0;

  constructor(private readonly options: FakeCloudbaseOptions) {}

  latencyMs = 0;
  recording = true;

  async send(action: string, params: Params): Promise<Response> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    else await Promise.resolve();
    const requestId = `fake-${++this.seq}`;
    const query = typeof params.query === 'string' ? EJSON.parse(params.query) : undefined;
    if (this.recording) this.requests.push({ action, params: { ...params }, query });
    let res: Response;
    try {
      res = this.handle(action, params, query as Filter | undefined);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      res = {
        code: typeof code === 'string' ? code : 'DATABASE_REQUEST_FAILED',
        message: err instanceof Error ? err.message : String(err),
      };
    }
    res = { ...res, requestId };
    if (res.code && this.options.throwOnCode !== false) {
      throw Object.assign(new Error(String(res.message)), { code: res.code, requestId });
    }
    return res;
  }

  private coll(params: Params): Map<string, StoredDoc> {
    const name = params.collectionName;
    if (typeof name !== 'string' || name === '') throw new Error('collectionName missing');
    const declared = this.options.collections ?? ALL_COLLECTIONS.map((c) => c.name);
    if (declared !== 'any' && !declared.includes(name)) {
      throw Object.assign(new Error(`collection ${name} does not exist`), {
        code: 'DATABASE_COLLECTION_NOT_EXIST',
      });
    }
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new Map();
      this.collections.set(name, coll);
    }
    return coll;
  }

  private matching(coll: Map<string, StoredDoc>, query: Filter | undefined): StoredDoc[] {
    const docs = [...coll.values()];
    if (!query) return docs;
    const compiled = toNedbQuery(query);
    return docs.filter((doc) => nedbModel.match(doc, compiled));
  }

  private handle(action: string, params: Params, query: Filter | undefined): Response {
    if (params.transactionId !== undefined) throw new Error('transactions are not supported by the fake');
    if (params.projection !== undefined) throw new Error('projection is not supported by the fake');
    const coll = this.coll(params);
    switch (action) {
      case 'database.insertDocument': {
        const docs = (params.data as string[]).map((s) => EJSON.parse(s) as StoredDoc);
        const ids = new Set<string>();
        for (const doc of docs) {
          if (doc._id === undefined)
            doc._id = `${Date.now().toString(16)}${(++this.seq).toString(16).padStart(12, '0')}`;
          nedbModel.checkObject(doc);
          if (coll.has(doc._id) || ids.has(doc._id)) {
            return {
              code: 'DATABASE_DUPLICATE_WRITE',
              message: `E11000 duplicate key error: _id ${doc._id}`,
            };
          }
          ids.add(doc._id);
        }
        for (const doc of docs) coll.set(doc._id, doc);
        return { data: { insertedIds: docs.map((d) => d._id) } };
      }
      case 'database.getDocument': {
        let docs = this.matching(coll, query);
        if (typeof params.order === 'string') {
          const order = Object.entries(EJSON.parse(params.order) as Record<string, number>);
          docs.sort((a, b) => {
            for (const [path, dir] of order) {
              const c = nedbModel.compareThings(
                nedbModel.getDotValue(a, path),
                nedbModel.getDotValue(b, path),
              );
              if (c !== 0) return dir < 0 ? -c : c;
            }
            return 0;
          });
        }
        const offset = typeof params.offset === 'number' ? params.offset : 0;
        const limit =
          typeof params.limit === 'number'
            ? Math.min(params.limit, MAX_LIMIT)
            : params.queryType === 'WHERE'
              ? 100
              : MAX_LIMIT;
        docs = docs.slice(offset, offset + limit);
        return { data: { list: docs.map((d) => EJSON.stringify(d, { relaxed: false })) } };
      }
      case 'database.calculateDocument':
        return { data: { total: this.matching(coll, query).length } };
      case 'database.modifyDocument': {
        const data = EJSON.parse(params.data as string) as Record<string, unknown>;
        const targets = this.matching(coll, query);
        if (!params.multi) targets.splice(1);
        if (params.merge === false) {
          // doc(id).set(): replace the document, creating it when upsert is set.
          const target = targets[0];
          const id = (query as { _id?: string } | undefined)?._id;
          if (target) {
            const next = { ...data, _id: target._id } as StoredDoc;
            nedbModel.checkObject(next);
            const changed = !deepEqual(target, next);
            coll.set(target._id, next);
            return { data: { updated: changed ? 1 : 0 } };
          }
          if (!params.upsert || typeof id !== 'string') return { data: { updated: 0 } };
          const created = { ...data, _id: id } as StoredDoc;
          nedbModel.checkObject(created);
          coll.set(id, created);
          return { data: { updated: 0, upsert_id: id } };
        }
        const keys = Object.keys(data);
        if (keys.length === 0 || keys.some((k) => !k.startsWith('$')))
          throw new Error('update needs operators');
        // Compute every new document first so a failing modifier changes nothing; count real changes
        // (CloudBase reports modified documents, like Mongo's nModified).
        const next = targets.map((doc) => nedbModel.modify(doc, data));
        let updated = 0;
        next.forEach((doc, i) => {
          if (!deepEqual(targets[i], doc)) updated += 1;
          coll.set(doc._id, doc);
        });
        return { data: { updated } };
      }
      case 'database.modifyAndReturnDoc': {
        // where().updateAndReturn(): update the first match atomically and answer it (no upsert).
        const data = EJSON.parse(params.data as string) as Record<string, unknown>;
        const target = this.matching(coll, query)[0];
        if (!target) return { data: { updated: 0, doc: null } };
        const next = nedbModel.modify(target, data);
        coll.set(next._id, next);
        return {
          data: { updated: deepEqual(target, next) ? 0 : 1, doc: EJSON.stringify(next, { relaxed: false }) },
        };
      }
      case 'database.removeDocument': {
        const targets = this.matching(coll, query);
        if (!params.multi) targets.splice(1);
        for (const doc of targets) coll.delete(doc._id);
        return { data: { deleted: targets.length } };
      }
      default:
        return { code: 'FAKE_UNSUPPORTED_ACTION', message: `fake CloudBase does not implement ${action}` };
    }
  }
}

type Requester = { send(action: string, params: Params, opts?: unknown): Promise<unknown> };
type RequesterClass = new (config: object) => Requester;

const servers = new WeakMap<object, FakeServer>();
const patched = new WeakSet<object>();

/**
 * Make `Db.reqClass` route requests of fake dbs (keyed by their config object) to their fake server
 * and everything else to the real requester. An accessor keeps this working when node-sdk's
 * `database()` later assigns `Db.reqClass` again (the assignment just replaces the real class).
 */
function patchRequestClass(DbClass: object): void {
  if (patched.has(DbClass)) return;
  patched.add(DbClass);
  let real = (DbClass as { reqClass: RequesterClass }).reqClass;
  class FakeRequester implements Requester {
    private readonly server?: FakeServer;
    private readonly real?: Requester;
    constructor(config: object) {
      this.server = servers.get(config);
      if (!this.server) this.real = new real(config);
    }
    send(action: string, params: Params, opts?: unknown): Promise<unknown> {
      return this.server ? this.server.send(action, params) : this.real!.send(action, params, opts);
    }
  }
  Object.defineProperty(DbClass, 'reqClass', {
    configurable: true,
    enumerable: true,
    get: () => FakeRequester,
    set: (value: RequesterClass) => {
      real = value;
    },
  });
}

/**
 * `tcb.init` fires a background probe of http://metadata.tencentyun.com (to detect Tencent Cloud)
 * unless TENCENTCLOUD=true. The probe reads the variable synchronously, so set it only for the call.
 */
function initOffline(): ReturnType<typeof tcb.init> {
  const saved = process.env.TENCENTCLOUD;
  process.env.TENCENTCLOUD = 'true';
  try {
    return tcb.init({ env: 'test-env', secretId: 'x', secretKey: 'y' });
  } finally {
    if (saved === undefined) delete process.env.TENCENTCLOUD;
    else process.env.TENCENTCLOUD = saved;
  }
}

/** Create a node-sdk db (env `test-env`) answered by a fresh in-memory fake server; no network. */
export function createFakeCloudbase(options: FakeCloudbaseOptions = {}): FakeCloudbase {
  const db = initOffline().database();
  const server = new FakeServer(options);
  server.latencyMs = options.latencyMs ?? 0;
  servers.set(db.config, server);
  patchRequestClass(Object.getPrototypeOf(db).constructor);
  return {
    db,
    requests: server.requests,
    collections: server.collections,
    setLatency: (ms) => {
      server.latencyMs = ms;
    },
    setRecording: (on) => {
      server.recording = on;
    },
  };
}

/** Shorthand: just the fake-backed db. */
export function createFakeCloudbaseDb(options: FakeCloudbaseOptions = {}): CloudbaseDb {
  return createFakeCloudbase(options).db;
}
