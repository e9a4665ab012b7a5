import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function contest: calls, entries, the school / district / city rounds, blind judging, awards and
 * certificates, galleries and likes, exports. Routes `{ action, ...input }` through FUNCTIONS.contest; the
 * caller is the context's WX_OPENID. WeChat's `wxa_media_check` push for entry pictures goes to
 * cloudfunctions/platformPush, never here. Exports need the larger timeout and memory of cloudbaserc.json.
 */
export const main = makeMain('contest');
