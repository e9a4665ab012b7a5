import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function identity: who the caller is, joining classes and families, guardian consent, own data (export/delete).
 * Routes `{ action, ...input }` through FUNCTIONS.identity; the caller is the context's WX_OPENID.
 */
export const main = makeMain('identity');
