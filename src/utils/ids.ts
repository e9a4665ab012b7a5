/**
 * Random ids the app makes itself (share event ids: the server counts one share per id, so an id must
 * not be guessable or repeat). Cryptographic randomness on both platforms: `crypto.getRandomValues` in
 * browsers (H5) and WeChat's `getRandomValues` (wx.getRandomValues, or wx.getUserCryptoManager()
 * .getRandomValues on older base libraries) on weapp.
 */
import Taro from '@tarojs/taro';

type RandomCallback = {
  length: number;
  success?: (res: { randomValues: ArrayBuffer }) => void;
  fail?: (err: unknown) => void;
};
type RandomApi = (options: RandomCallback) => unknown;

/** WeChat's random-bytes API on this device, or null (H5, very old WeChat). */
function weappRandom(): RandomApi | null {
  const taro = Taro as unknown as {
    getRandomValues?: RandomApi;
    getUserCryptoManager?: () => { getRandomValues?: RandomApi } | undefined;
  };
  if (typeof taro.getRandomValues === 'function') return taro.getRandomValues.bind(Taro);
  const manager = typeof taro.getUserCryptoManager === 'function' ? taro.getUserCryptoManager() : undefined;
  return manager && typeof manager.getRandomValues === 'function'
    ? manager.getRandomValues.bind(manager)
    : null;
}

/** `length` random bytes from WeChat (callback style: works on the raw and the promisified API). */
function weappBytes(api: RandomApi, length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const done = (res: { randomValues?: ArrayBuffer } | undefined) => {
      if (res?.randomValues) resolve(new Uint8Array(res.randomValues));
    };
    try {
      const answer = api({ length, success: done, fail: reject }) as Promise<typeof done> | undefined;
      if (answer && typeof (answer as Promise<unknown>).then === 'function') {
        (answer as Promise<{ randomValues?: ArrayBuffer }>).then(done, reject);
      }
    } catch (err) {
      reject(err);
    }
  });
}

let counter = 0;

/**
 * Last resort where neither API exists (a WeChat base library without the crypto manager): time and a
 * per-session counter. Unique on this device, not secret — acceptable for a share count, never for a code.
 */
function fallbackBytes(length: number): Uint8Array {
  counter = (counter + 1) % 0xffffffff;
  const out = new Uint8Array(length);
  let seed = `${Date.now().toString(16)}${counter.toString(16)}${(typeof performance !== 'undefined' ? performance.now() : 0).toString(16)}`;
  for (let i = 0; i < length; i++) {
    out[i] = seed.charCodeAt(i % seed.length) ^ (i * 31 + counter);
    if (i % seed.length === seed.length - 1) seed = seed.split('').reverse().join('');
  }
  return out;
}

/** `length` cryptographically random bytes (the fallback above only where no random API exists). */
export async function randomBytes(length: number): Promise<Uint8Array> {
  const web = (globalThis as { crypto?: Crypto }).crypto;
  if (web && typeof web.getRandomValues === 'function') return web.getRandomValues(new Uint8Array(length));
  const api = process.env.TARO_ENV === 'h5' ? null : weappRandom();
  if (api) {
    try {
      return await weappBytes(api, length);
    } catch {
      // fall through: an old base library refused
    }
  }
  return fallbackBytes(length);
}

/** A random UUID v4 (share event ids). */
export async function newEventId(): Promise<string> {
  const b = await randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
