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

/** Call one action of one cloud function. weapp → wx.cloud.callFunction; H5 → the local server. */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: InputOf<F, A>,
): Promise<OutputOf<F, A>> {
  const body = { action, ...(input as object) };
  if (isLocalMode) {
    const token = currentToken();
    let res: Response;
    try {
      res = await fetch(`${apiBase()}/api/functions/${fn}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new ApiError('UNAVAILABLE', '网络连接失败，请检查网络后重试');
    }
    return unwrap((await res.json().catch(() => undefined)) as Envelope<OutputOf<F, A>>);
  }
  ensureCloud();
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: body });
    return unwrap(res.result as Envelope<OutputOf<F, A>>);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('UNAVAILABLE', '网络连接失败，请稍后重试');
  }
}

/** Local mode: log in as an openid (demo identities) and keep the token on this device. */
export async function devLogin(openid: string): Promise<void> {
  const res = await fetch(`${apiBase()}/api/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  });
  const data = unwrap((await res.json()) as Envelope<{ token: string; openid: string }>);
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

/** Upload a local file (temp path, blob URL or data URL) and return the file id functions accept. */
export async function uploadFile(filePath: string, opts: { folder: string; ext: string }): Promise<string> {
  if (isLocalMode) {
    const blob = await (await fetch(filePath)).blob();
    const form = new FormData();
    form.append('file', blob, `upload.${opts.ext}`);
    const token = currentToken();
    const res = await fetch(`${apiBase()}/api/files`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
    return unwrap((await res.json()) as Envelope<{ fileId: string }>).fileId;
  }
  ensureCloud();
  const cloudPath = `${opts.folder}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${opts.ext}`;
  const res = await Taro.cloud.uploadFile({ cloudPath, filePath });
  return res.fileID;
}
