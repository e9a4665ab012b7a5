import { call, type OutputOf } from './client';

/** The public campaign: title, theme, phases with dates and the activities. */
export type Campaign = OutputOf<'campaign', 'get'>;

/** A prefetched answer is used only this soon after it was asked for (the dates can change). */
const FRESH_MS = 60_000;

let inFlight: { at: number; promise: Promise<Campaign> } | null = null;

/**
 * Start loading the public campaign now (it needs no login): the login page calls it while the user
 * picks an identity, so the home page finds the answer ready (or on its way) instead of asking only
 * after the login finished.
 */
export function prefetchCampaign(): void {
  if (inFlight && Date.now() - inFlight.at < FRESH_MS) return;
  const promise = call('campaign', 'get', {});
  inFlight = { at: Date.now(), promise };
  // A failed prefetch is forgotten: the home page asks again and shows its own error.
  promise.catch(() => {
    if (inFlight?.promise === promise) inFlight = null;
  });
}

/** The campaign: the prefetched answer when fresh (used once), otherwise a new call. */
export function loadCampaign(): Promise<Campaign> {
  const pending = inFlight && Date.now() - inFlight.at < FRESH_MS ? inFlight.promise : null;
  inFlight = null;
  return pending ?? call('campaign', 'get', {});
}
