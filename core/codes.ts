import { randomBytes, randomInt } from 'node:crypto';

/**
 * Codes, ids and tokens. Every one comes from the operating system's CSPRNG (`node:crypto`): an invite,
 * family, class or ceremony code read off one document must never let anyone predict the next one
 * (the state of V8's built-in generator can be recovered from a few outputs). There is deliberately no way to inject
 * another source; tests read generated values from the answers instead of predicting them.
 */

/** Alphabet for human-typed codes: no 0/O, 1/I/L, so a grandparent can read it aloud. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code of `length` characters from CODE_ALPHABET (uniform: randomInt has no modulo bias). */
export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** A random numeric code (family codes are digits: easy to read from one phone to another). */
export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** A random document id: 24 hex characters (96 bits). */
export function randomId(): string {
  return randomBytes(12).toString('hex');
}

/** An unguessable token for URLs and upload paths: 128 bits, base64url. */
export function randomToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Normalise a typed code: trim, upper-case, drop spaces and dashes. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}
