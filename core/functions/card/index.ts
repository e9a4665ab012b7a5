import type { ActionMap } from '../../router';
import './columns';
import { context } from './context';
import { create, remove, reply } from './make';
import './personal';
import { review, reviewQueue } from './review';
import { recordShare } from './share';
import { stats } from './stats';
import { getPublic, miniCode, wall } from './view';

export { cardsOf, deleteCardsOf } from './personal';

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
