import { C } from '../collections';
import type { Services } from '../services';
import type { Doc } from '../store';

/**
 * Asynchronous image checks (WeChat `mediaCheckAsync`): a feature records each pending check here with
 * the provider's trace id, and registers how a verdict settles its own documents. The platform's push
 * (`wxa_media_check`) arrives in a function of its own that the app cannot call
 * (cloudfunctions/platformPush) and is applied with `settleMediaPush`:
 * - an unknown trace changes nothing;
 * - the same verdict twice changes nothing;
 * - a later `risky` always wins over an earlier pass or review (a forged or early pass cannot keep a
 *   photo public), while nothing overturns a `risky`.
 * Trace ids never leave the server (exports and answers omit them).
 */

/** An async check waiting for (or settled by) the provider's push. `_id` is the provider's trace id. */
export interface MediaCheckDoc extends Doc {
  /** Which feature registered it ('card', 'entry', …). */
  kind: string;
  /** The document it decides on (a card id, an entry id…). */
  ref: string;
  /** Which part of it ('photo', 'image:2', 'cover'…). */
  part: string;
  provider: string;
  createdAt: string;
  settledAt?: string;
  suggest?: string;
  label?: number;
}

/** An async verdict as the provider reports it. */
export interface MediaCheckResult {
  traceId: string;
  /** 'pass' | 'review' | 'risky' (WeChat v2 suggest). */
  suggest: string;
  label?: number;
}

/** How a feature applies a verdict to its document. */
export type MediaSettler = (
  services: Services,
  check: MediaCheckDoc,
  verdict: 'pass' | 'review' | 'reject',
  label: number | undefined,
  now: Date,
) => Promise<void>;

const settlers = new Map<string, MediaSettler>();

/** Register how checks of `kind` are settled (features call this once at import). */
export function registerMediaCheckKind(kind: string, settler: MediaSettler): void {
  settlers.set(kind, settler);
}

/** Record a pending check (called by the feature right after it stored the document). */
export async function recordMediaCheck(
  services: Services,
  check: Pick<MediaCheckDoc, '_id' | 'kind' | 'ref' | 'part' | 'provider'>,
  now: Date,
): Promise<void> {
  const doc: MediaCheckDoc = { ...check, createdAt: now.toISOString() };
  await services.store.insert(C.mediaChecks, doc);
}

/** Verdict of a provider suggestion. */
export function verdictOf(suggest: string): 'pass' | 'review' | 'reject' {
  return suggest === 'pass' ? 'pass' : suggest === 'risky' ? 'reject' : 'review';
}

/** Apply a pushed verdict (see the module comment for the rules). Answers whether anything changed. */
export async function settleMediaPush(
  services: Services,
  result: MediaCheckResult,
  now: Date,
): Promise<boolean> {
  const check = await services.store.get<MediaCheckDoc>(C.mediaChecks, result.traceId);
  if (!check) return false;
  const settler = settlers.get(check.kind);
  if (!settler) return false;
  const verdict = verdictOf(result.suggest);
  if (check.settledAt) {
    const before = verdictOf(check.suggest ?? '');
    if (before === 'reject' || before === verdict) return false;
    if (verdict !== 'reject') return false;
  }
  await services.store.update(C.mediaChecks, check._id, {
    $set: {
      settledAt: now.toISOString(),
      suggest: result.suggest,
      ...(result.label ? { label: result.label } : {}),
    },
  });
  await settler(services, check, verdict, result.label, now);
  return true;
}
