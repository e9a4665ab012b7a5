import type { ActionMap } from '../../router';
import { context, create, remove, reply } from './make';
import { review, reviewQueue } from './review';
import { recordShare } from './share';
import { stats } from './stats';
import { getPublic, miniCode, wall } from './view';

export { settleMediaCheck, type MediaCheckResult } from './review';
export { cardsOf, deleteCardsOf } from './make';
export type { CardPlatform, CardServices } from './model';

/** card: themed family cards, moderation, shares, card walls. */
export const cardActions = {
  context,
  create,
  reply,
  remove,
  getPublic,
  wall,
  miniCode,
  recordShare,
  reviewQueue,
  review,
  stats,
} satisfies ActionMap;
