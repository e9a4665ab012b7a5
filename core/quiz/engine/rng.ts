import type { Rng } from './types';

/** One draw from `rng` in [0, n), checked: a broken rng throws a RangeError instead of silently biasing a quiz. */
export function randomIndex(rng: Rng, n: number): number {
  const k = rng(n);
  if (!Number.isInteger(k) || k < 0 || k >= n) {
    throw new RangeError(`rng(${n}) returned ${String(k)}, expected an integer in [0, ${n})`);
  }
  return k;
}

/** A shuffled copy of `items` (Fisher–Yates, one rng call per position from the end): uniform if `rng` is. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(rng, i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** A deterministic rng (mulberry32) so tests and demos get known draws; never for real attempts (pupils could predict it). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return (maxExclusive: number) => {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
      throw new RangeError(`maxExclusive must be a positive integer, got ${maxExclusive}`);
    }
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * maxExclusive);
  };
}
