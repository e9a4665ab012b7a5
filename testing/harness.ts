/**
 * Test harness for handler tests: in-memory local services with a movable clock, the demo city seeded, and helpers to call any action of FUNCTIONS exactly as the local
 * server and CloudBase do (through router.dispatch), snapshot every collection, and assert errors.
 *
 * Usage:
 *   const h = await createHarness();
 *   const env = await h.call(DEMO_USERS.teacher, 'org', 'getClass', { classId: 'class-lvyin-3-2' });
 *   const data = await h.ok(DEMO_USERS.teacher, 'org', 'getClass', { classId: 'class-lvyin-3-2' });
 *   await h.unchanged(() => h.call(...)); // the call must leave every collection as it was
 */
import { createLocalServices, type LocalServices } from '../server/services';
import { ALL_COLLECTIONS, C } from '../core/collections';
import { DEMO_USERS, seedDemo } from '../core/demo/seed';
import { ErrorCode, type Envelope } from '../core/errors';
import { FUNCTIONS, type FunctionMap } from '../core/functions';
import { dispatch } from '../core/router';
import { checkDirectUpload, UPLOAD_PURPOSES, type UploadPurpose } from '../core/uploads';
import { findAll, type Doc, type DocumentStore } from '../core/store';
import { countingStore } from '../core/storeTools';

/** Default instant of a harness: a weekday morning in Beijing (02:00 UTC = 10:00 Asia/Shanghai). */
export const DEFAULT_NOW = '2026-06-15T02:00:00.000Z';

/** Function names of the registry. */
export type FunctionName = keyof FunctionMap;
/** Action names of one function. */
export type ActionName<F extends FunctionName> = keyof FunctionMap[F] & string;
/** What an action's handler answers with. */
export type ActionResult<F extends FunctionName, A extends ActionName<F>> = FunctionMap[F][A] extends {
  handler: (...args: never[]) => Promise<infer R>;
}
  ? R
  : unknown;

/** Every collection's documents, sorted by _id. */
export type Snapshot = Record<string, Doc[]>;

/** A clock the test moves by hand. */
export interface TestClock {
  now(): Date;
  set(instant: Date | string): void;
  advanceMs(ms: number): void;
  advanceHours(hours: number): void;
  advanceDays(days: number): void;
}

export function createClock(start: Date | string = DEFAULT_NOW): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set(instant) {
      t = new Date(instant).getTime();
    },
    advanceMs(ms) {
      t += ms;
    },
    advanceHours(hours) {
      t += hours * 3_600_000;
    },
    advanceDays(days) {
      t += days * 86_400_000;
    },
  };
}

export interface HarnessOptions {
  /** Start instant (default DEFAULT_NOW). */
  now?: Date | string;
  /** Seed the demo city (default true). */
  demo?: boolean;
  /** services.config.bootstrapCode */
  bootstrapCode?: string;
}

export interface Harness {
  services: LocalServices;
  store: DocumentStore;
  clock: TestClock;
  /** Call `fn.action` as `openid` (null: not logged in) with `input`; answers the envelope. */
  call<F extends FunctionName, A extends ActionName<F>>(
    openid: string | null,
    fn: F,
    action: A,
    input?: unknown,
  ): Promise<Envelope<ActionResult<F, A>>>;
  /** Send a raw event (anything, e.g. without action or not an object) to a function. */
  raw(openid: string | null, fn: string, event: unknown): Promise<Envelope<unknown>>;
  /** Call and return data, throwing with the error envelope when the call failed. */
  ok<F extends FunctionName, A extends ActionName<F>>(
    openid: string | null,
    fn: F,
    action: A,
    input?: unknown,
  ): Promise<ActionResult<F, A>>;
  /** Every collection of C, each sorted by _id. */
  snapshot(): Promise<Snapshot>;
  /** Run `fn` and throw unless every collection is exactly as before; answers what `fn` answered. */
  unchanged<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Call, expect the error `code`, and expect every collection to be exactly as before the call.
   * Answers the error (code, message, details) for further checks.
   */
  rejects<F extends FunctionName, A extends ActionName<F>>(
    openid: string | null,
    fn: F,
    action: A,
    input: unknown,
    code: ErrorCode | keyof typeof ErrorCode,
  ): Promise<{ code: ErrorCode; message: string; details?: unknown }>;
  /** Fetch one stored document. */
  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null>;
  /** Make sure a user document exists for `openid` (as the app's first `identity.me` call does). */
  login(openid: string): Promise<void>;
  /**
   * Upload bytes as `owner` the way the app does: files.prepareUpload for a ticket, then the local
   * server's store step. Answers the file id handlers accept from that owner.
   */
  upload(
    owner: string,
    purpose: UploadPurpose,
    bytes?: Uint8Array | number,
    contentType?: string,
  ): Promise<string>;
  /**
   * Like upload, but store the bytes as given without the upload-time checks (as a client writing
   * straight to cloud storage could): for testing the checks handlers make on the stored file.
   */
  uploadUnchecked(
    owner: string,
    purpose: UploadPurpose,
    bytes: Uint8Array | number,
    storedType: string,
  ): Promise<string>;
  /** The bytes behind a temporary file URL the server answered (checks its signature as the server does). */
  download(url: string): Promise<Uint8Array>;
}

/** Build a harness: in-memory store, movable clock, demo city seeded. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = createClock(options.now ?? DEFAULT_NOW);
  const services = createLocalServices({
    dataDir: null,
    now: () => clock.now(),
    bootstrapCode: options.bootstrapCode,
  });
  if (options.demo !== false) await seedDemo(services.store, clock.now());

  const functions = FUNCTIONS as unknown as Record<string, Parameters<typeof dispatch>[1]>;

  const raw = (openid: string | null, fn: string, event: unknown) =>
    dispatch(fn, functions[fn] ?? {}, { openid, event }, services);

  const call = <F extends FunctionName, A extends ActionName<F>>(
    openid: string | null,
    fn: F,
    action: A,
    input: unknown = {},
  ) => {
    const event =
      input !== null && typeof input === 'object' && !Array.isArray(input) ? { ...input, action } : input;
    return raw(openid, fn, event) as Promise<Envelope<ActionResult<F, A>>>;
  };

  const snapshot = async (): Promise<Snapshot> => {
    const out: Snapshot = {};
    for (const { name } of ALL_COLLECTIONS)
      out[name] = await findAll<Doc>(services.store, name, {}, { _id: 1 });
    return out;
  };

  const harness: Harness = {
    services,
    store: services.store,
    clock,
    call,
    raw,
    async ok(openid, fn, action, input) {
      const env = await call(openid, fn, action, input);
      if (!env.ok) {
        throw new Error(`${String(fn)}.${String(action)} failed: ${JSON.stringify(env.error)}`);
      }
      return env.data;
    },
    snapshot,
    async unchanged(fn) {
      const before = await snapshot();
      const result = await fn();
      const after = await snapshot();
      // The failed-attempt ledger is written by design when input is wrong (rate limiting);
      // every other collection must be untouched.
      const ledger = C.rateLimits as string;
      const diff = diffSnapshots(before, after).filter((line) => !line.includes(` ${ledger}/`));
      if (diff.length) {
        throw new Error(`stored data changed:\n${diff.join('\n')}\nresult: ${JSON.stringify(result)}`);
      }
      return result;
    },
    async rejects(openid, fn, action, input, code) {
      const env = await harness.unchanged(() => call(openid, fn, action, input));
      return expectError(env, code);
    },
    get: (collection, id) => services.store.get(collection, id),
    async login(openid) {
      await harness.ok(openid, 'identity', 'me', {});
    },
    async upload(owner, purpose, bytes = 2048, contentType) {
      const type = contentType ?? UPLOAD_PURPOSES[purpose].types[0];
      const data = typeof bytes === 'number' ? new Uint8Array(bytes).fill(7) : bytes;
      const ticket = await harness.ok(owner, 'files', 'prepareUpload', { purpose, contentType: type });
      const name = await checkDirectUpload(
        services,
        ticket.ticket,
        owner,
        type,
        data.byteLength,
        clock.now(),
      );
      return (await services.files.saveAs(name, data, type)).fileId;
    },
    async uploadUnchecked(owner, purpose, bytes, storedType) {
      const type = UPLOAD_PURPOSES[purpose].types[0];
      const data = typeof bytes === 'number' ? new Uint8Array(bytes).fill(7) : bytes;
      const ticket = await harness.ok(owner, 'files', 'prepareUpload', { purpose, contentType: type });
      const name = `${ticket.ticket}.${ticket.path.split('.').pop()}`;
      return (await services.files.saveAs(name, data, storedType)).fileId;
    },
    async download(url) {
      const parsed = new URL(url, 'http://local');
      const id = decodeURIComponent(parsed.pathname.replace(/^\/api\/files\//, ''));
      if (!services.files.verifySignature(id, parsed.searchParams.get('sig') ?? undefined)) {
        throw new Error(`not a signed file URL: ${url}`);
      }
      return services.files.read(`local://${id}`);
    },
  };
  return harness;
}

/** Human-readable differences between two snapshots (empty when equal). */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const name of names) {
    const a = new Map((before[name] ?? []).map((d) => [d._id, JSON.stringify(d)]));
    const b = new Map((after[name] ?? []).map((d) => [d._id, JSON.stringify(d)]));
    for (const [id, doc] of a) {
      if (!b.has(id)) out.push(`- ${name}/${id} removed: ${doc}`);
      else if (b.get(id) !== doc) out.push(`~ ${name}/${id} changed:\n    ${doc}\n  → ${b.get(id)}`);
    }
    for (const [id, doc] of b) if (!a.has(id)) out.push(`+ ${name}/${id} added: ${doc}`);
  }
  return out;
}

/** Assert an envelope is an error with `code`; answers the error for further checks. */
export function expectError(
  env: Envelope<unknown>,
  code: ErrorCode | keyof typeof ErrorCode,
): { code: ErrorCode; message: string; details?: unknown } {
  if (env.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(env.data)}`);
  if (env.error.code !== code) throw new Error(`expected ${code}, got ${JSON.stringify(env.error)}`);
  if (typeof env.error.message !== 'string' || env.error.message === '') {
    throw new Error(`error ${code} has no message`);
  }
  return env.error;
}

/** Assert an envelope is ok; answers its data. */
export function expectOk<T>(env: Envelope<T>): T {
  if (!env.ok) throw new Error(`expected ok, got ${JSON.stringify(env.error)}`);
  return env.data;
}

/** A string of `n` characters (for oversized-input cases). */
export const long = (n: number, ch = '字') => ch.repeat(n);

/** Count the store calls one action makes (through a counting wrapper swapped into the services). */
export async function storeCallsOf(h: Harness, run: () => Promise<unknown>): Promise<number> {
  const original = h.services.store;
  const counting = countingStore(original);
  h.services.store = counting.store;
  try {
    await run();
  } finally {
    h.services.store = original;
  }
  return counting.counts.calls;
}

export { DEMO_USERS };
