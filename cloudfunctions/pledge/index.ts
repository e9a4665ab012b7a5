import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function pledge: civility pledges, family pledges, ceremonies, paper pledges, participation
 * and exports. Routes `{ action, ...input }` through FUNCTIONS.pledge; the caller is the context's WX_OPENID.
 */
export const main = makeMain('pledge');
