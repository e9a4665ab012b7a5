import { C } from './collections';
import { randomCode } from './codes';
import { notFound } from './errors';
import { throttleLookup } from './rateLimit';
import type { Services } from './services';
import { DuplicateKeyError } from './store';

/**
 * One verification path for every certificate the product issues (the pledge certificate, contest
 * award certificates, quiz certificates): each carries an 8-character code; anyone can check it on the
 * public verify page (`pledge.verify`), which answers only what the issuing feature chose to show
 * publicly (masked names). Codes are unguessable and every check is throttled.
 */

/** Length of a verification code. */
export const VERIFY_CODE_LENGTH = 8;

/** Pattern of a verification code (the code alphabet: no 0/O/1/I/L). */
export const VERIFY_CODE_RE = /^[2-9A-HJKMNP-Z]{8}$/;

/** The kinds of certificates. */
export type CertificateKind = 'pledge' | 'award' | 'quiz';

/** What the verify page shows of any certificate: the kind plus the feature's public fields. */
export interface CertificateView {
  kind: CertificateKind;
  /** Headline, e.g. 「文明上网 承诺证书」 or 「作品征集 一等奖」. */
  title: string;
  /** Masked name(s) of the holder(s). */
  maskedName: string;
  /** The word after the name: 同学 (pupils), 老师 (teachers, advisors), '' (a family, a school). */
  salutation: string;
  schoolName: string;
  /** Day of issue (YYYY-MM-DD, Beijing). */
  day: string;
  /** Further public lines (call, category, tier, score…). */
  lines: string[];
  /** Kind-specific public details (the pledge's rank, letter…). */
  detail?: Record<string, unknown>;
}

/** Reads a certificate's public view from its document id; null when it no longer exists. */
export type CertificateViewer = (
  services: Services,
  ref: string,
  code: string,
) => Promise<CertificateView | null>;

const viewers = new Map<CertificateKind, CertificateViewer>();

/** Register how a kind's certificates are shown on the verify page (features call this at import). */
export function registerCertificateKind(kind: CertificateKind, viewer: CertificateViewer): void {
  viewers.set(kind, viewer);
}

/** Meta key of a verification code. */
export function verifyKey(code: string): string {
  return `verify:${code}`;
}

/** A verification-code record in `meta`. */
interface VerifyMeta {
  _id: string;
  ref: string;
  kind: CertificateKind;
}

/** Reserve a fresh code for a certificate of `kind` about document `ref` (retried on the rare collision). */
export async function reserveVerifyCode(
  services: Services,
  kind: CertificateKind,
  ref: string,
): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = randomCode(VERIFY_CODE_LENGTH);
    try {
      await services.store.insert(C.meta, { _id: verifyKey(code), ref, kind });
      return code;
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
  }
  throw new Error('could not allocate a verification code');
}

/** Withdraw a code (its certificate was deleted or revoked): it verifies nothing afterwards. */
export async function releaseVerifyCode(services: Services, code: string): Promise<void> {
  await services.store.remove(C.meta, verifyKey(code));
}

/**
 * Check a code (public, no login): throttled per caller, per code and overall; answers the public
 * view, or NOT_FOUND with one message whatever the reason (unknown, withdrawn, deleted).
 */
export async function verifyCertificate(
  services: Services,
  code: string,
  caller: string | null,
  now: Date,
): Promise<CertificateView> {
  await throttleLookup(services, 'verify', caller, code, now);
  const meta = await services.store.get<VerifyMeta & Record<string, unknown>>(C.meta, verifyKey(code));
  const viewer = meta ? viewers.get(meta.kind) : undefined;
  const view = meta && viewer ? await viewer(services, meta.ref, code) : null;
  if (!view) throw notFound('没有找到这份证书，请核对验证码');
  return view;
}
