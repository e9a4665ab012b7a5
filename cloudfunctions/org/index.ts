import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function org: districts, schools, classes, rosters (incl. .xlsx import) and invites.
 * Routes `{ action, ...input }` through FUNCTIONS.org; the caller is the context's WX_OPENID.
 */
export const main = makeMain('org');
