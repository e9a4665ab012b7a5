import type { ActionMap } from '../../router';

/** card: themed family cards, moderation, shares, card walls. */
export const cardActions = {} satisfies ActionMap;
