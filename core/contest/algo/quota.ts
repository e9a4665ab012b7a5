/**
 * Recommendation quotas (推荐名额): how many works a school may recommend to its district, and a
 * district to the city, per call × category × group. The counter itself is incremented atomically in
 * the store; these helpers only name it and read it.
 */

/** The level that recommends: a school recommends to its district, a district to the city. */
export type QuotaLevel = 'school' | 'district' | 'city';

const LEVELS: ReadonlySet<string> = new Set<QuotaLevel>(['school', 'district', 'city']);

/**
 * Store key of one quota counter, "quota:<level>:<unit>:<call>:<category>:<group>". Each part is
 * URI-encoded, so a ':' inside an id cannot make two different counters share a key.
 */
export function quotaKey(
  level: QuotaLevel,
  unitId: string,
  callId: string,
  category: string,
  group: string,
): string {
  if (!LEVELS.has(level)) throw new RangeError(`unknown quota level: ${String(level)}`);
  const parts = [unitId, callId, category, group];
  if (parts.some((p) => typeof p !== 'string' || p.length === 0)) {
    throw new RangeError('quotaKey needs a non-empty unit, call, category and group');
  }
  return ['quota', level, ...parts.map(encodeURIComponent)].join(':');
}

/** Places left (never negative, so an over-used counter reads 0, not a negative number to add back). */
export function remainingQuota(limit: number, used: number): number {
  if (!(Number.isInteger(limit) && limit >= 0))
    throw new RangeError('quota limit must be a non-negative integer');
  if (!(Number.isInteger(used) && used >= 0))
    throw new RangeError('quota used must be a non-negative integer');
  return Math.max(0, limit - used);
}
