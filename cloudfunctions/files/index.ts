import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function files: upload tickets (`prepareUpload`: purpose, type and size checked before the client
 * writes to storage under a path only that ticket names). Routes `{ action, ...input }` through
 * FUNCTIONS.files; the caller is the context's WX_OPENID.
 */
export const main = makeMain('files');
