import Taro from '@tarojs/taro';
import type { z } from 'zod';
import type { FunctionMap } from '../../core/functions';

/** Function names the app can call. */
export type FunctionName = keyof FunctionMap;
/** Action names of one function. */
export type ActionName<F extends FunctionName> = keyof FunctionMap[F] & string;
type Def<F extends FunctionName, A extends ActionName<F>> = FunctionMap[F][A];
/** Input type of an action (what the caller sends, before defaults). */
export type InputOf<F extends FunctionName, A extends ActionName<F>> =
  Def<F, A> extends { input: infer S extends z.ZodTypeAny } ? z.input<S> : never;
/** Output type of an action (what `data` holds on success). */
export type OutputOf<F extends FunctionName, A extends ActionName<F>> =
  Def<F, A> extends {
    handler: (...args: never[]) => Promise<infer R>;
  }
    ? R
    : never;

/** An error answered by a function: a stable code and a message fit to show. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Envelope<T> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

const TOKEN_KEY = 'cgn.token';
const OPENID_KEY = 'cgn.openid';

/** Whether this build talks to the local server (H5) rather than CloudBase (weapp). */
export const isLocalMode = process.env.TARO_ENV === 'h5';

/** Base URL of the local server ('' = same origin). */
export function apiBase(): string {
  return typeof API_BASE === 'string' ? API_BASE : '';
}

/** The dev-login token stored on this device (H5 only). */
export function currentToken(): string | null {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || null;
}

/** The openid logged in on this device (H5 local mode). */
export function currentOpenid(): string | null {
  return (Taro.getStorageSync(OPENID_KEY) as string) || null;
}

let cloudReady = false;
function ensureCloud() {
  if (cloudReady) return;
  Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
  cloudReady = true;
}

function unwrap<T>(env: Envelope<T> | undefined): T {
  if (!env || typeof env !== 'object' || !('ok' in env)) throw new ApiError('INTERNAL', '服务器没有正确应答');
  if (env.ok) return env.data;
  throw new ApiError(env.error.code, env.error.message, env.error.details);
}

/** How long a call may take before the app says the server did not answer (ms). */
export const CALL_TIMEOUT_MS = 20_000;

/** Options of one call. */
export interface CallOptions {
  /** Give up after this long (H5; weapp: WeChat's own limits apply). Default CALL_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** The server did not answer in time (a slow function, an overloaded server). */
export const TIMEOUT_MESSAGE = '服务器响应超时，请稍后再试';
/** The request never reached the server (no network, connection dropped). */
export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';

/**
 * Tell a timeout from a network failure in a failed weapp call. `wx.cloud.callFunction` rejects with an
 * `errMsg` such as "cloud.callFunction:fail Error: errCode: -504003 | errMsg: Invoking task timed out
 * after 3 seconds" (the function hit its time limit) or "…:fail request:fail timeout"; anything else is a
 * network failure.
 */
export function callFailure(err: unknown): ApiError {
  const msg =
    err && typeof err === 'object' && typeof (err as { errMsg?: unknown }).errMsg === 'string'
      ? (err as { errMsg: string }).errMsg
      : err instanceof Error
        ? `${err.name} ${err.message}`
        : String(err);
  if (/timed? ?out|timeout|-504003|AbortError|TimeoutError/i.test(msg)) {
    return new ApiError('DEADLINE_EXCEEDED', TIMEOUT_MESSAGE);
  }
  return new ApiError('UNAVAILABLE', NETWORK_MESSAGE);
}

/** H5: fetch with a time limit (AbortController); a timeout rejects with an AbortError. */
async function fetchWithTimeout(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : null;
  try {
    return await fetch(url, controller ? { ...init, signal: controller.signal } : init);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Call one action of one cloud function. weapp → wx.cloud.callFunction; H5 → the local server. */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: InputOf<F, A>,
  options: CallOptions = {},
): Promise<OutputOf<F, A>> {
  const body = { action, ...(input as object) };
  if (isLocalMode) {
    const token = currentToken();
    let res: Response;
    try {
      res = await fetchWithTimeout(
        `${apiBase()}/api/functions/${fn}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        },
        options.timeoutMs ?? CALL_TIMEOUT_MS,
      );
    } catch (err) {
      throw callFailure(err);
    }
    return unwrap((await res.json().catch(() => undefined)) as Envelope<OutputOf<F, A>>);
  }
  ensureCloud();
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: body });
    return unwrap(res.result as Envelope<OutputOf<F, A>>);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw callFailure(err);
  }
}

/** One demo identity of the local login page. */
export interface DevIdentity {
  openid: string;
  label: string;
}

/** Local mode: the seeded demo identities the login page offers (empty outside local mode). */
export async function devIdentities(): Promise<DevIdentity[]> {
  if (!isLocalMode) return [];
  let res: Response;
  try {
    res = await fetchWithTimeout(`${apiBase()}/api/dev/identities`, {}, CALL_TIMEOUT_MS);
  } catch (err) {
    throw callFailure(err);
  }
  return unwrap((await res.json().catch(() => undefined)) as Envelope<DevIdentity[]>);
}

/** Local mode: log in as an openid (demo identities) and keep the token on this device. */
export async function devLogin(openid: string): Promise<void> {
  let res: Response;
  try {
    res = await fetchWithTimeout(
      `${apiBase()}/api/dev/login`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid }),
      },
      CALL_TIMEOUT_MS,
    );
  } catch (err) {
    throw callFailure(err);
  }
  const data = unwrap(
    (await res.json().catch(() => undefined)) as Envelope<{ token: string; openid: string }>,
  );
  Taro.setStorageSync(TOKEN_KEY, data.token);
  Taro.setStorageSync(OPENID_KEY, data.openid);
}

/** Forget the local login. */
export function logout(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(OPENID_KEY);
}

/** Whether the user must pick an identity first (H5 without a token). weapp logs in through WeChat. */
export function needsLogin(): boolean {
  return isLocalMode && !currentToken();
}

/** What an upload is for (decides the allowed types and size on the server: core/uploads.ts). */
export type UploadPurpose = InputOf<'files', 'prepareUpload'>['purpose'];

/** Content type of each extension the app uploads. */
const CONTENT_TYPE: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Options of one upload. */
export interface UploadOptions {
  purpose: UploadPurpose;
  /** File extension (png, jpg, mp4, pdf, xlsx…): gives the content type. */
  ext: string;
  /** Called with 0–100 while the bytes go up. */
  onProgress?: (percent: number) => void;
  /** Tries before giving up on a dropped connection (same ticket: a retry replaces, never duplicates). */
  attempts?: number;
}

/** Wait a little before retrying (longer each time). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** H5: send the bytes to the local server with upload progress. */
function postFile(
  blob: Blob,
  name: string,
  ticket: string,
  onProgress?: (p: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', blob, name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiBase()}/api/files?ticket=${encodeURIComponent(ticket)}`);
    const token = currentToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError('UNAVAILABLE', '网络连接中断，正在重试'));
    xhr.onload = () => {
      try {
        resolve(unwrap(JSON.parse(xhr.responseText) as Envelope<{ fileId: string }>).fileId);
      } catch (err) {
        reject(err instanceof ApiError ? err : new ApiError('INTERNAL', '服务器没有正确应答'));
      }
    };
    xhr.send(form);
  });
}

/**
 * Upload a local file (temp path, blob URL or data URL) and return the file id functions accept. The
 * server first issues a ticket (files.prepareUpload) that makes the caller the file's owner; the bytes
 * then go to the ticket's path (weapp: cloud storage; H5: the local server). A dropped connection is
 * retried with the same ticket, so a retry never leaves a duplicate.
 */
export async function uploadFile(filePath: string, opts: UploadOptions): Promise<string> {
  // H5: the browser knows the real type of the picked file; weapp temp paths carry their extension.
  const blob = isLocalMode ? await (await fetch(filePath)).blob() : null;
  const known = Object.values(CONTENT_TYPE);
  const contentType = blob && known.includes(blob.type) ? blob.type : CONTENT_TYPE[opts.ext.toLowerCase()];
  if (!contentType) throw new ApiError('INVALID_ARGUMENT', `不支持的文件类型：.${opts.ext}`);
  const ticket = await call('files', 'prepareUpload', { purpose: opts.purpose, contentType });
  const attempts = opts.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      if (blob) {
        const typed = new Blob([blob], { type: contentType });
        return await postFile(
          typed,
          `upload.${ticket.path.split('.').pop()}`,
          ticket.ticket,
          opts.onProgress,
        );
      }
      ensureCloud();
      const task = Taro.cloud.uploadFile({ cloudPath: ticket.path, filePath });
      const progress = (
        task as unknown as { onProgressUpdate?: (cb: (r: { progress: number }) => void) => void }
      ).onProgressUpdate;
      progress?.call(task, (r) => opts.onProgress?.(r.progress));
      const res = await task;
      return res.fileID;
    } catch (err) {
      // The server said no (type, size, ticket): retrying cannot help.
      if (err instanceof ApiError && err.code !== 'UNAVAILABLE') throw err;
      if (attempt >= attempts) throw new ApiError('UNAVAILABLE', '上传没有成功，请检查网络后重试');
      await pause(800 * attempt);
    }
  }
}
