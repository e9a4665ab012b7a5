/**
 * Near-duplicate detection for essays (作文), by MinHash + LSH over character 3-grams.
 *
 * - Normalise: NFKC (full-width → half-width, compatibility forms), lower-case, then drop whitespace,
 *   punctuation, symbols (emoji) and control/format characters (zero-width spaces), so re-typeset or
 *   re-punctuated copies look the same.
 * - Shingles: every run of 3 consecutive characters (code points). Chinese has no spaces, so
 *   character n-grams stand in for words; 3 keeps common 2-character words from dominating.
 * - Similarity is the Jaccard index of the two shingle sets: |A ∩ B| / |A ∪ B|.
 * - MinHash: 128 hash functions h_i(s) = fmix32(fnv1a32(utf8(s)) XOR seed_i), seeds fixed constants
 *   derived from one number, so signatures are identical across processes, machines and releases.
 *   For each i the signature keeps min h_i over the shingles; P(minima agree) = Jaccard, so the share
 *   of agreeing rows estimates it (standard error ≤ 0.045 with 128 rows).
 * - LSH: the 128 rows form 32 bands of 4 rows; each band hashes to a key "b7:…". Two texts become
 *   candidates when they share any key, with probability P(s) = 1 − (1 − s⁴)³² for similarity s:
 *       s = 0.2 → 0.05   s = 0.3 → 0.23   s = 0.4 → 0.56   s = 0.5 → 0.87   s = 0.6 → 0.988
 *       s = 0.7 → 0.9998 (the curve's midpoint is near (1/32)^(1/4) ≈ 0.42)
 *   so pairs at NEAR_TEXT_SIMILARITY (0.6) and above are caught with high probability, while the
 *   store fetches few unrelated candidates. Confirm each candidate with `exactJaccard` on the texts.
 *
 * Storage: a signature is a string, base64 of the 128 values as big-endian uint32 (512 bytes → 684
 * characters), about half the size of a JSON array of numbers, and opaque to the store. Texts with
 * no shingle (fewer than 3 characters after normalising) get the empty signature '', which has no
 * band keys and estimates 0 against everything: too-short texts never match anything spuriously.
 *
 * Changing any constant here changes every signature: stored signatures would have to be recomputed.
 */

/** Characters per shingle. */
export const SHINGLE_LENGTH = 3;
/** MinHash rows in a signature. */
export const MINHASH_ROWS = 128;
/** LSH bands × rows per band = MINHASH_ROWS. */
export const LSH_BANDS = 32;
export const LSH_ROWS_PER_BAND = 4;
/** Shingle-set Jaccard similarity from which two essays are treated as near-duplicates. */
export const NEAR_TEXT_SIMILARITY = 0.6;

/** A stored MinHash signature: '' for texts too short to shingle, otherwise 684 base64 characters. */
export type TextSignature = string;

// Module-level bindings: cheaper than a global lookup in hot loops (notably under jest's vm context).
const imul = Math.imul;

/** MurmurHash3's 32-bit finaliser: a bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Per-row seeds: fixed, derived from one constant (changing them invalidates stored signatures). */
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(MINHASH_ROWS);
  for (let i = 0; i < MINHASH_ROWS; i++) seeds[i] = fmix32(imul(i + 1, 0x9e3779b9) ^ 0x5bd1e995);
  return seeds;
})();

/** 32-bit FNV-1a over the UTF-8 bytes of a string (language-neutral, so another implementation can match). */
function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) {
      h = imul(h ^ cp, 0x01000193);
    } else if (cp < 0x800) {
      h = imul(h ^ (0xc0 | (cp >> 6)), 0x01000193);
      h = imul(h ^ (0x80 | (cp & 0x3f)), 0x01000193);
    } else if (cp < 0x10000) {
      h = imul(h ^ (0xe0 | (cp >> 12)), 0x01000193);
      h = imul(h ^ (0x80 | ((cp >> 6) & 0x3f)), 0x01000193);
      h = imul(h ^ (0x80 | (cp & 0x3f)), 0x01000193);
    } else {
      h = imul(h ^ (0xf0 | (cp >> 18)), 0x01000193);
      h = imul(h ^ (0x80 | ((cp >> 12) & 0x3f)), 0x01000193);
      h = imul(h ^ (0x80 | ((cp >> 6) & 0x3f)), 0x01000193);
      h = imul(h ^ (0x80 | (cp & 0x3f)), 0x01000193);
    }
  }
  return h >>> 0;
}

const DROP = /[\p{P}\p{S}\p{Z}\p{C}]/gu;

/** NFKC, lower-case, no whitespace/punctuation/symbols/invisible characters: re-punctuated copies compare equal. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(DROP, '');
}

/** The set of 3-character shingles of the normalised text (empty when it has fewer than 3 characters). */
export function shingles(text: string): Set<string> {
  const chars = Array.from(normaliseText(text));
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE_LENGTH <= chars.length; i++)
    out.add(chars.slice(i, i + SHINGLE_LENGTH).join(''));
  return out;
}

/** MinHash of a shingle set as raw values (empty array for an empty set). */
function minhashValues(set: Set<string>): Uint32Array {
  if (set.size === 0) return new Uint32Array(0);
  const sig = new Uint32Array(MINHASH_ROWS).fill(0xffffffff);
  for (const s of set) {
    const base = fnv1a32(s);
    for (let i = 0; i < MINHASH_ROWS; i++) {
      const v = fmix32(base ^ SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/** Deterministic 128-row MinHash signature of a text, in its storable base64 form ('' if too short). */
export function minhashSignature(text: string): TextSignature {
  return encodeSignature(minhashValues(shingles(text)));
}

/** Share of equal rows: an unbiased estimate of the texts' Jaccard similarity (0 if either is too short). */
export function estimateJaccard(a: TextSignature, b: TextSignature): number {
  const x = decodeSignature(a);
  const y = decodeSignature(b);
  if (x.length === 0 || y.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < MINHASH_ROWS; i++) if (x[i] === y[i]) same++;
  return same / MINHASH_ROWS;
}

/** 32 LSH lookup keys "b<band>:<16 hex>" (none for a too-short text): similar texts share a key w.p. 1−(1−s⁴)³². */
export function bandKeys(sig: TextSignature): string[] {
  const values = decodeSignature(sig);
  if (values.length === 0) return [];
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    // Two independent 32-bit hashes of the band's rows → 64 bits, so unrelated bands practically never collide.
    let h1 = 0x243f6a88 ^ band;
    let h2 = 0x85a308d3 ^ band;
    for (let r = 0; r < LSH_ROWS_PER_BAND; r++) {
      const v = values[band * LSH_ROWS_PER_BAND + r];
      h1 = (fmix32(h1 ^ v) + 0x9e3779b9) >>> 0;
      h2 = fmix32(imul(h2 ^ v, 0x27d4eb2d));
    }
    const hex = fmix32(h1).toString(16).padStart(8, '0') + fmix32(h2).toString(16).padStart(8, '0');
    keys.push(`b${band}:${hex}`);
  }
  return keys;
}

/** Exact Jaccard of the two texts' shingle sets, to confirm an LSH candidate (0 when both are too short). */
export function exactJaccard(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  if (x.size === 0 || y.size === 0) return 0;
  let inter = 0;
  for (const s of x) if (y.has(s)) inter++;
  return inter / (x.size + y.size - inter);
}

/** P(two texts of similarity s share a band key) = 1 − (1 − s^4)^32: documents and tests the LSH threshold. */
export function lshCatchProbability(similarity: number): number {
  return 1 - (1 - similarity ** LSH_ROWS_PER_BAND) ** LSH_BANDS;
}

/** Everything the store keeps for one essay: its signature and the keys to index it under. */
export interface TextFingerprint {
  signature: TextSignature;
  bandKeys: string[];
  shingleCount: number;
}

/** Signature, band keys and shingle count in one pass over the text (what an entry stores for lookup). */
export function textFingerprint(text: string): TextFingerprint {
  const set = shingles(text);
  const signature = encodeSignature(minhashValues(set));
  return { signature, bandKeys: bandKeys(signature), shingleCount: set.size };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i] as const));
const SIGNATURE_CHARS = Math.ceil((MINHASH_ROWS * 4) / 3) * 4; // 684

/** Base64 of the values as big-endian uint32 (platform-neutral: no Buffer, no btoa). */
function encodeSignature(values: Uint32Array): TextSignature {
  if (values.length === 0) return '';
  const bytes = new Uint8Array(values.length * 4);
  values.forEach((v, i) => {
    bytes[i * 4] = v >>> 24;
    bytes[i * 4 + 1] = (v >>> 16) & 0xff;
    bytes[i * 4 + 2] = (v >>> 8) & 0xff;
    bytes[i * 4 + 3] = v & 0xff;
  });
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** Inverse of encodeSignature; throws on anything that is not a signature this module wrote. */
function decodeSignature(sig: TextSignature): Uint32Array {
  if (sig === '') return new Uint32Array(0);
  if (sig.length !== SIGNATURE_CHARS) throw new RangeError('not a MinHash signature');
  const bytes = new Uint8Array(MINHASH_ROWS * 4);
  let o = 0;
  for (let i = 0; i < sig.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = sig[i + k];
      const v = c === '=' ? 0 : B64_INDEX.get(c);
      if (v === undefined) throw new RangeError('not a MinHash signature');
      n = (n << 6) | v;
    }
    for (const shift of [16, 8, 0]) if (o < bytes.length) bytes[o++] = (n >> shift) & 0xff;
  }
  const values = new Uint32Array(MINHASH_ROWS);
  for (let i = 0; i < MINHASH_ROWS; i++) {
    values[i] =
      ((bytes[i * 4] << 24) | (bytes[i * 4 + 1] << 16) | (bytes[i * 4 + 2] << 8) | bytes[i * 4 + 3]) >>> 0;
  }
  return values;
}
