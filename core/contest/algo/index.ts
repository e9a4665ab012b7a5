/**
 * Pure algorithms for the works contest (作品征集): duplicate detection for pictures and essays, judge
 * assignment, scoring and awards, recommendation quota keys. No platform SDK, no storage, no clock,
 * no randomness: the same input gives the same output.
 *
 * Note: `imageHash` pulls in pngjs and jpeg-js (pngjs needs Node's zlib). It is server-side only;
 * mini-program code should import `./scoring`, `./quota` etc. directly rather than this index.
 */
export * from './imageHash';
export * from './textSimilarity';
export * from './assignJudges';
export * from './scoring';
export * from './quota';
