import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function card: themed family cards (make, co-create, view, share counts, walls, review,
 * statistics). Routes `{ action, ...input }` through FUNCTIONS.card; the caller is the context's
 * WX_OPENID. WeChat's `wxa_media_check` push goes to cloudfunctions/platformPush, never here.
 */
export const main = makeMain('card');
