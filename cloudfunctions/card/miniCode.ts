/**
 * The mini-program code of a card page (`wxacode.getUnlimited`, scene = card id), stored in cloud
 * storage so each card's code is made once. The open API answers image bytes: node-sdk's
 * `callWxOpenApi` passes them through its JSON envelope, so every shape it may take is decoded; when
 * they arrive mangled, the raw-buffer route (`callCompatibleWxOpenApi`) is tried. Not yet verified
 * against a live environment: on failure the card page falls back to the H5 URL QR code.
 */
import type tcb from '@cloudbase/node-sdk';
import { CARD_PAGE } from '../../core/functions/card/model';

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

/** Make a card's mini-program code and answer its cloud file id. */
export function createMiniCodeMaker(
  app: App,
  envVersion: string = 'release',
): (cardId: string) => Promise<string> {
  return async (cardId) => {
    const requestData = {
      scene: cardId,
      page: CARD_PAGE,
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
    const up = await app.uploadFile({ cloudPath: `card-codes/${cardId}.png`, fileContent: bytes });
    return up.fileID;
  };
}
