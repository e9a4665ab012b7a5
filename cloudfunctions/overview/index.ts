import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function overview: participation in every activity, by pupil for a class and by unit for a school,
 * a district or the city; reminders, .xlsx exports and recounts. Routes `{ action, ...input }` through
 * FUNCTIONS.overview; the caller is the context's WX_OPENID.
 */
export const main = makeMain('overview');
