import { C } from './collections';
import { exhausted } from './errors';
import type { Services } from './services';
import type { Doc } from './store';

/**
 * Throttling of guessable lookups (class, family, ceremony, invite and verification codes) and of
 * other abusable actions. Every attempt is counted atomically *before* the lookup it guards (an
 * increment that answers the new value), so 200 parallel guesses are 200 counts, and a guess is
 * refused whether it would have hit or missed. Each lookup is limited per account, per code and
 * overall; the overall counter is spread over shards so no single document takes every write.
 */

/** One limit: at most `limit` attempts per `windowMs` for one subject. */
export interface LimitRule {
  /** Stable name, part of the counter id ('family-code:account'). */
  name: string;
  limit: number;
  windowMs: number;
}

/** Shards of an overall ("global") counter; each shard allows limit / GLOBAL_SHARDS. */
export const GLOBAL_SHARDS = 8;

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The lookups the product throttles, each with its per-account, per-code and overall limits. */
export const LOOKUP_LIMITS = {
  /** A parent types a child's 6-digit family code. */
  familyCode: {
    account: { name: 'family-code:account', limit: 10, windowMs: HOUR },
    code: { name: 'family-code:code', limit: 10, windowMs: HOUR },
    global: { name: 'family-code:global', limit: 3000, windowMs: MINUTE },
  },
  /** A pupil or parent types or scans a class code. */
  classCode: {
    account: { name: 'class-code:account', limit: 30, windowMs: HOUR },
    code: { name: 'class-code:code', limit: 600, windowMs: HOUR },
    global: { name: 'class-code:global', limit: 6000, windowMs: MINUTE },
  },
  /** A pupil claims a name on a roster (guessing names is what is throttled). */
  claim: {
    account: { name: 'claim:account', limit: 10, windowMs: HOUR },
    code: { name: 'claim:class', limit: 200, windowMs: HOUR },
    global: { name: 'claim:global', limit: 6000, windowMs: MINUTE },
  },
  /** A pupil types a ceremony code. */
  ceremonyCode: {
    account: { name: 'ceremony-code:account', limit: 30, windowMs: HOUR },
    code: { name: 'ceremony-code:code', limit: 3000, windowMs: HOUR },
    global: { name: 'ceremony-code:global', limit: 6000, windowMs: MINUTE },
  },
  /** A teacher or admin redeems an invite code. */
  invite: {
    account: { name: 'invite:account', limit: 10, windowMs: HOUR },
    code: { name: 'invite:code', limit: 10, windowMs: HOUR },
    global: { name: 'invite:global', limit: 600, windowMs: MINUTE },
  },
  /** Anyone (no login needed) checks a certificate's verification code. */
  verify: {
    account: { name: 'verify:account', limit: 60, windowMs: HOUR },
    code: { name: 'verify:code', limit: 120, windowMs: HOUR },
    global: { name: 'verify:global', limit: 3000, windowMs: MINUTE },
  },
  /** The first city admin's bootstrap code. */
  bootstrap: {
    account: { name: 'bootstrap:account', limit: 5, windowMs: HOUR },
    code: { name: 'bootstrap:code', limit: 20, windowMs: HOUR },
    // One code: every try lands on the same overall shard (limit / GLOBAL_SHARDS = 20 an hour).
    global: { name: 'bootstrap:global', limit: 160, windowMs: HOUR },
  },
} satisfies Record<string, { account: LimitRule; code: LimitRule; global: LimitRule }>;

/** A kind of throttled lookup. */
export type LookupKind = keyof typeof LOOKUP_LIMITS;

/** A rate-limit counter document. */
export interface RateLimitDoc extends Doc {
  subject: string;
  n: number;
  expiresAt: string;
}

/** Id of the counter of `rule` for `subject` in the window containing `now`. */
export function counterId(rule: LimitRule, subject: string, now: Date): string {
  return `${rule.name}:${subject}:${Math.floor(now.getTime() / rule.windowMs)}`;
}

/** Count one attempt against `rule`; answers whether it is within the limit. */
export async function countAttempt(
  services: Services,
  rule: LimitRule,
  subject: string,
  now: Date,
): Promise<boolean> {
  const window = Math.floor(now.getTime() / rule.windowMs);
  const expiresAt = new Date((window + 1) * rule.windowMs).toISOString();
  const n = await services.store.increment(C.rateLimits, counterId(rule, subject, now), 'n', 1, {
    subject,
    expiresAt,
  });
  return n <= rule.limit;
}

/** A message that says how long to wait, in the user's terms. */
function waitMessage(rule: LimitRule): string {
  return rule.windowMs >= HOUR ? '尝试次数太多了，请一小时后再试' : '现在使用的人太多了，请稍等一分钟再试';
}

/**
 * Count one lookup of `kind` by `account` (null: not logged in) for `code`, before the lookup runs.
 * Throws RESOURCE_EXHAUSTED when the account, the code or everyone together is over the limit.
 * The overall limit is counted on one of GLOBAL_SHARDS shards chosen by the code, each allowing its share.
 */
export async function throttleLookup(
  services: Services,
  kind: LookupKind,
  account: string | null,
  code: string,
  now: Date,
): Promise<void> {
  const rules = LOOKUP_LIMITS[kind];
  let shard = 0;
  for (let i = 0; i < code.length; i++) shard = (shard * 31 + code.charCodeAt(i)) >>> 0;
  const globalShard: LimitRule = {
    ...rules.global,
    limit: Math.max(1, Math.ceil(rules.global.limit / GLOBAL_SHARDS)),
  };
  const checks: [LimitRule, string][] = [
    [rules.code, code],
    [globalShard, `shard${shard % GLOBAL_SHARDS}`],
  ];
  if (account) checks.unshift([rules.account, account]);
  const results = await Promise.all(
    checks.map(([rule, subject]) => countAttempt(services, rule, subject, now)),
  );
  const over = results.findIndex((ok) => !ok);
  if (over >= 0) throw exhausted(waitMessage(checks[over][0]));
}

/** Remove counters whose window has ended (the timer calls this; bounded per call). */
export async function sweepRateLimits(services: Services, now: Date, batch = 500): Promise<number> {
  const old = await services.store.find<RateLimitDoc>(
    C.rateLimits,
    { expiresAt: { $lt: now.toISOString() } },
    { sort: { expiresAt: 1 }, limit: batch },
  );
  if (old.length === 0) return 0;
  return services.store.removeMany(C.rateLimits, { _id: { $in: old.map((d) => d._id) } });
}
