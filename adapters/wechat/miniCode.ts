/**
 * Mini-program codes (`wxacode.getUnlimited`: a page plus a `scene` of up to 32 characters) for cards,
 * class joining, ceremonies and certificates, so WeChat's own scanner opens the app. Each code is
 * stored in cloud storage and cached by the caller (core/miniCodes.ts). The open API answers image bytes: node-sdk's
 * `callWxOpenApi` passes them through its JSON envelope, so every shape it may take is decoded; when
 * they arrive mangled, the raw-buffer route (`callCompatibleWxOpenApi`) is tried. Not yet verified
 * against a live environment: on failure the card page falls back to the H5 URL QR code.
 */
import type tcb from '@cloudbase/node-sdk';
import { createHash } from 'node:crypto';
import type { MiniCodeMaker } from '../../core/services';

type App = Pick<ReturnType<typeof tcb.init>, 'callWxOpenApi' | 'callCompatibleWxOpenApi' | 'uploadFile'>;

/** The open API path as callWxOpenApi names it. */
export const GET_UNLIMITED_API = '/wxa/getwxacodeunlimit';

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);
const isImage = (b: Uint8Array) => b.length > 100 && (startsWith(b, PNG) || startsWith(b, JPEG));

/** Image bytes from whatever the SDK answered, or null when they are not a PNG/JPEG. */
export function imageBytes(answer: unknown): Buffer | null {
  const candidates: Buffer[] = [];
  const visit = (v: unknown) => {
    if (!v) return;
    if (Buffer.isBuffer(v)) candidates.push(v);
    else if (v instanceof Uint8Array) candidates.push(Buffer.from(v));
    else if (typeof v === 'string') {
      candidates.push(Buffer.from(v, 'latin1'));
      if (/^[A-Za-z0-9+/=\s]+$/.test(v)) candidates.push(Buffer.from(v, 'base64'));
    } else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'Buffer' && Array.isArray(o.data)) candidates.push(Buffer.from(o.data as number[]));
      for (const key of ['result', 'buffer', 'data', 'responseData']) if (key in o) visit(o[key]);
    }
  };
  visit(answer);
  return candidates.find(isImage) ?? null;
}

/** Make the mini-program code of `page` with `scene` and answer its cloud file id. */
export function createMiniCodeMaker(app: App, envVersion: string = 'release'): MiniCodeMaker {
  return async (page, scene) => {
    const requestData = {
      scene,
      page,
      check_path: false,
      env_version: envVersion,
      width: 430,
    };
    let bytes = imageBytes(await app.callWxOpenApi({ apiName: GET_UNLIMITED_API, requestData }));
    if (!bytes) {
      bytes = imageBytes(
        await app.callCompatibleWxOpenApi({
          apiName: 'wxacode.getUnlimited',
          requestData: Buffer.from(JSON.stringify(requestData)),
        }),
      );
    }
    if (!bytes) throw new Error('wxacode.getUnlimited answered no image');
    const name = createHash('sha256').update(`${page}?${scene}`).digest('hex').slice(0, 32);
    const up = await app.uploadFile({ cloudPath: `codes/${name}.png`, fileContent: bytes });
    return up.fileID;
  };
}
