import { C } from './collections';
import type { Services } from './services';

/**
 * What a printed or shown QR code should carry for a page: on WeChat the page's mini-program code
 * (made once per page and scene, cached in `meta`), so WeChat's own scanner opens the app at that page;
 * elsewhere the H5 page URL. The scene is the page's one key value (a card id, a class code…): landing
 * pages read `scene` (WeChat) or the query (H5).
 */
export interface QrTarget {
  /** 'image': `url` is the mini-program code image; 'url': encode `url` into a QR code (null: the client's own origin + path). */
  kind: 'image' | 'url';
  url: string | null;
  /** The in-app path with its query (for in-app navigation and shares). */
  path: string;
}

/** Largest scene WeChat accepts (visible ASCII). */
export const MAX_SCENE = 32;

/** The QR target of `page` (no leading slash) for `scene` and the matching H5 `query`. */
export async function qrTarget(
  services: Services,
  page: string,
  scene: string,
  query: Record<string, string>,
): Promise<QrTarget> {
  const search = new URLSearchParams(query).toString();
  const path = `${page}?${search}`;
  if (services.miniCode && scene.length <= MAX_SCENE) {
    const key = `minicode:${page}:${scene}`;
    const cached = await services.store.get<{ _id: string; ref: string }>(C.meta, key);
    let fileId = cached?.ref;
    if (!fileId) {
      fileId = await services.miniCode(page, scene);
      await services.store.upsert(C.meta, key, { $set: { ref: fileId } });
    }
    return { kind: 'image', url: await services.files.url(fileId), path };
  }
  const base = services.config.publicBaseUrl?.replace(/\/+$/, '');
  return { kind: 'url', url: base ? `${base}/#/${path}` : null, path };
}
