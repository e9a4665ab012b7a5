import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function campaign: the campaign's settings and phases.
 * Routes `{ action, ...input }` through FUNCTIONS.campaign; the caller is the context's WX_OPENID.
 */
export const main = makeMain('campaign');
