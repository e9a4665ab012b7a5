/** Alphabet for human-typed codes: no 0/O, 1/I/L, so a grandparent can read it aloud. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code of `length` characters from CODE_ALPHABET. */
export function randomCode(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
  return out;
}

/** A random numeric code (family codes are digits: easy to read from one phone to another). */
export function randomDigits(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(Math.floor(random() * 10));
  return out;
}

/** A random document id (24 hex chars). */
export function randomId(random: () => number): string {
  let out = '';
  for (let i = 0; i < 24; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** Normalise a typed code: trim, upper-case, drop spaces and dashes. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}
