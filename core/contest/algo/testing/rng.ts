/**
 * Test-only helpers: a seeded PRNG (mulberry32) so generated inputs are identical on every run.
 * Not for production randomness: codes and ids come from node:crypto.
 */

/** A seeded generator of floats in [0, 1): the same seed always yields the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n) from a generator. */
export function pick(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

/** Wall-clock milliseconds for timing prints (performance is a global in Node 20). */
export function timeIt<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}
