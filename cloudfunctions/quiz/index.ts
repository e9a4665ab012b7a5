import { makeMain } from '../../adapters/cloudbase';

/**
 * Cloud function quiz: network-law and network-security knowledge quizzes (question bank and imports,
 * timed attempts, results, rankings, item analysis, certificates, reminders, exports). Routes
 * `{ action, ...input }` through FUNCTIONS.quiz; the caller is the context's WX_OPENID.
 */
export const main = makeMain('quiz');
