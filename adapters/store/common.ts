/**
 * SDK-free helpers shared by the store drivers: filter/update validation and parsing, limit rules,
 * cloning, and a Mongo-semantics `applyUpdate` used when an upsert has to build the new document.
 */
import { MAX_FIND_LIMIT, type Filter, type FindOptions, type Update } from '../../core/store';

/** Page size used when a find passes no (or a non-positive) limit. */
export const DEFAULT_FIND_LIMIT = 100;

/** The comparison operators a filter may use on a field. */
export const FIELD_OPERATORS = [
  '$eq',
  '$ne',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$in',
  '$nin',
  '$exists',
] as const;

/** One field comparison operator. */
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

/** One parsed condition on a field (a plain value is parsed as `$eq`). */
export interface FieldCondition {
  op: FieldOperator;
  value: unknown;
}

/** The update operators both drivers support. */
export const UPDATE_OPERATORS = ['$set', '$inc', '$push', '$addToSet', '$unset'] as const;

/** An update whose operators were validated, whose empty parts were dropped and whose values were cloned. */
export type NormalizedUpdate = Required<Pick<Update, (typeof UPDATE_OPERATORS)[number]>>;

/** True for `{}`-style objects (not arrays, dates, regexps or class instances); works across realms. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (
    value === null ||
    typeof value !== 'object' ||
    Object.prototype.toString.call(value) !== '[object Object]'
  ) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** True for Date objects from any realm. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** Deep copy of stored data: plain objects, arrays and dates are copied; other values are kept. */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (isDate(value)) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((item) => cloneValue(item)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = cloneValue(item);
  return out as T;
}

/** The effective limit of a find: default 100, non-positive means default, capped at MAX_FIND_LIMIT. */
export function resolveLimit(limit?: number): number {
  if (limit === undefined || Number.isNaN(limit) || limit <= 0) return DEFAULT_FIND_LIMIT;
  return Math.min(Math.floor(limit), MAX_FIND_LIMIT);
}

/** The effective skip of a find (negative or missing means 0). */
export function resolveSkip(skip?: number): number {
  return skip !== undefined && skip > 0 ? Math.floor(skip) : 0;
}

/** Validate a sort spec and return its entries in order. */
export function sortEntries(sort: FindOptions['sort']): Array<[string, 1 | -1]> {
  const entries = Object.entries(sort ?? {});
  for (const [path, dir] of entries) {
    assertPath(path);
    if (dir !== 1 && dir !== -1) throw new Error(`sort direction for ${path} must be 1 or -1`);
  }
  return entries;
}

/** Throw unless `doc` carries a non-empty string _id. */
export function assertDocId(doc: { _id?: unknown }): void {
  if (typeof doc._id !== 'string' || doc._id === '')
    throw new Error('document _id must be a non-empty string');
}

function assertPath(path: string): void {
  if (path === '' || path.startsWith('$') || path.split('.').some((part) => part === '')) {
    throw new Error(`invalid field path: ${JSON.stringify(path)}`);
  }
}

/**
 * Parse the value a filter gives a field: an object whose keys all start with `$` is a set of
 * operators; anything else is equality. Throws on unknown operators, bad operands and undefined.
 */
export function parseFieldValue(path: string, value: unknown): FieldCondition[] {
  assertPath(path);
  if (value === undefined) throw new Error(`filter value for ${path} is undefined`);
  if (!isPlainObject(value)) return [{ op: '$eq', value }];
  const keys = Object.keys(value);
  const dollar = keys.filter((k) => k.startsWith('$'));
  if (dollar.length === 0) return [{ op: '$eq', value }];
  if (dollar.length !== keys.length) throw new Error(`filter on ${path} mixes operators and fields`);
  return keys.map((key) => {
    const op = key as FieldOperator;
    const operand = value[key];
    if (!(FIELD_OPERATORS as readonly string[]).includes(key))
      throw new Error(`unsupported filter operator ${key}`);
    if (operand === undefined) throw new Error(`filter operand ${path}.${key} is undefined`);
    if ((op === '$in' || op === '$nin') && !Array.isArray(operand))
      throw new Error(`${key} on ${path} needs an array`);
    if (op === '$exists' && typeof operand !== 'boolean')
      throw new Error(`$exists on ${path} needs a boolean`);
    return { op, value: operand };
  });
}

/** The sub-filters of a `$and` / `$or`, validated (non-empty array of objects). */
export function logicOperands(op: string, value: unknown): Filter[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(`${op} needs a non-empty array of filters`);
  for (const sub of value) if (!isPlainObject(sub)) throw new Error(`${op} entries must be filter objects`);
  return value as Filter[];
}

/**
 * Does `path` exist in `doc`, with Mongo semantics: a path through an array of sub-documents exists
 * when it exists in any element; a numeric segment indexes into an array; null counts as present.
 */
export function pathExists(doc: unknown, path: string): boolean {
  const walk = (value: unknown, parts: string[]): boolean => {
    if (parts.length === 0) return value !== undefined;
    if (value === null || typeof value !== 'object') return false;
    const [head, ...rest] = parts;
    if (Array.isArray(value)) {
      if (/^\d+$/.test(head) && walk(value[Number(head)], rest)) return true;
      return value.some(
        (el) => el !== null && typeof el === 'object' && !Array.isArray(el) && walk(el, parts),
      );
    }
    return walk((value as Record<string, unknown>)[head], rest);
  };
  return walk(doc, path.split('.'));
}

/** The value at a dotted path of plain objects (undefined when absent). */
export function getPath(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Validate an update and return a copy: only the supported operators, $inc with numbers, no _id,
 * no path used twice; `undefined` values in $set are dropped (as the CloudBase SDK does).
 */
export function normalizeUpdate(update: Update): NormalizedUpdate {
  if (!isPlainObject(update)) throw new Error('update must be an object');
  const out: NormalizedUpdate = { $set: {}, $inc: {}, $push: {}, $addToSet: {}, $unset: {} };
  const seen = new Set<string>();
  for (const [op, fields] of Object.entries(update)) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(op))
      throw new Error(`unsupported update operator ${op}`);
    if (fields === undefined) continue;
    if (!isPlainObject(fields)) throw new Error(`${op} needs an object`);
    for (const [path, value] of Object.entries(fields)) {
      assertPath(path);
      if (path === '_id' || path.startsWith('_id.')) throw new Error('cannot update _id');
      if (value === undefined) {
        if (op === '$set') continue;
        throw new Error(`${op}.${path} is undefined`);
      }
      if (seen.has(path)) throw new Error(`update path ${path} used by more than one operator`);
      seen.add(path);
      if (op === '$inc' && (typeof value !== 'number' || !Number.isFinite(value))) {
        throw new Error(`$inc.${path} must be a finite number`);
      }
      if ((op === '$push' || op === '$addToSet') && isEach(value) === 'invalid') {
        throw new Error(`${op}.${path}.$each must be the only key and an array`);
      }
      (out[op as keyof NormalizedUpdate] as Record<string, unknown>)[path] =
        op === '$unset' ? true : cloneValue(value);
    }
  }
  return out;
}

/** True when a normalized update changes nothing. */
export function isEmptyUpdate(update: NormalizedUpdate): boolean {
  return Object.values(update).every((fields) => Object.keys(fields).length === 0);
}

/** Only the non-empty operators of a normalized update (what gets sent to a database). */
export function compactUpdate(update: NormalizedUpdate): Update {
  const out: Record<string, unknown> = {};
  for (const [op, fields] of Object.entries(update)) if (Object.keys(fields).length > 0) out[op] = fields;
  return out as Update;
}

/** Whether a $push/$addToSet operand is `{ $each: [...] }`: 'each', 'single' (one value), or 'invalid'. */
export function isEach(value: unknown): 'each' | 'single' | 'invalid' {
  if (!isPlainObject(value) || !('$each' in value)) return 'single';
  return Object.keys(value).length === 1 && Array.isArray(value.$each) ? 'each' : 'invalid';
}

/** Deep equality for stored values (dates by time, objects by keys regardless of order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  return ak.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** The container and final key of `path` in `doc`, creating missing objects when `create`. */
function locate(
  doc: Record<string, unknown>,
  path: string,
  create: boolean,
): { parent: Record<string, unknown>; key: string } | null {
  const parts = path.split('.');
  let node: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    let next = node[part];
    if (next === undefined) {
      if (!create) return null;
      next = {};
      node[part] = next;
    }
    if (next === null || typeof next !== 'object') {
      if (!create) return null;
      throw new Error(`cannot traverse non-object at ${part} in ${path}`);
    }
    node = next as Record<string, unknown>;
  }
  return { parent: node, key: parts[parts.length - 1] };
}

/** Apply a normalized update to a copy of `doc` with Mongo semantics (used to build upserted documents). */
export function applyUpdate<T extends Record<string, unknown>>(doc: T, update: NormalizedUpdate): T {
  const out = cloneValue(doc) as Record<string, unknown>;
  for (const [path, value] of Object.entries(update.$set)) {
    const { parent, key } = locate(out, path, true)!;
    parent[key] = cloneValue(value);
  }
  for (const [path, value] of Object.entries(update.$inc)) {
    const { parent, key } = locate(out, path, true)!;
    const cur = parent[key];
    if (cur === undefined) parent[key] = value;
    else if (typeof cur === 'number') parent[key] = cur + value;
    else throw new Error(`cannot $inc non-number at ${path}`);
  }
  for (const op of ['$push', '$addToSet'] as const) {
    for (const [path, value] of Object.entries(update[op])) {
      const { parent, key } = locate(out, path, true)!;
      const cur = parent[key] === undefined ? [] : parent[key];
      if (!Array.isArray(cur)) throw new Error(`cannot ${op} to non-array at ${path}`);
      const items = isEach(value) === 'each' ? (value as { $each: unknown[] }).$each : [value];
      for (const item of items) {
        if (op === '$addToSet' && cur.some((el) => deepEqual(el, item))) continue;
        cur.push(cloneValue(item));
      }
      parent[key] = cur;
    }
  }
  for (const path of Object.keys(update.$unset)) {
    const found = locate(out, path, false);
    if (found && !Array.isArray(found.parent)) delete found.parent[found.key];
  }
  return out as T;
}

/** Error codes and messages that mean "duplicate key" in either backend. */
export function isDuplicateKeyError(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { errorType?: unknown; code?: unknown; message?: unknown };
  if (e.errorType === 'uniqueViolated') return true;
  if (e.code === 'DATABASE_DUPLICATE_WRITE') return true;
  return typeof e.message === 'string' && /E11000|duplicate key/i.test(e.message);
}
