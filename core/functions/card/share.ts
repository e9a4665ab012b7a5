import { z } from 'zod';
import { C } from '../../collections';
import { precondition } from '../../errors';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { bump } from '../../stats';
import { DuplicateKeyError, mustGet } from '../../store';
import { dayIn } from '../../time';
import { SHARE_METRIC, type CardDoc, type ShareDoc } from './model';

/** Counted shares of one card per person, channel and day; more are accepted but not counted. */
export const MAX_SHARES_PER_DAY = 10;

/**
 * Count one share of an approved card (chat, Moments, or poster saved/downloaded). The client makes
 * one event id per share action; the share document's _id derives from it, so a retried or repeated
 * call counts once and bumps the metric once.
 */
export const recordShare = defineAction({
  title: '记录分享',
  input: z
    .object({
      cardId: s.id,
      channel: z.enum(['chat', 'moments', 'saved']),
      eventId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '分享编号无效'),
    })
    .strict(),
  access: 'user',
  async handler({ services, openid, now }, { cardId, channel, eventId }) {
    const card = await mustGet<CardDoc>(services.store, C.cards, cardId, '卡片');
    if (card.status !== 'approved') throw precondition('卡片审核通过后才能分享');
    const _id = `share-${eventId}`;
    if (await services.store.get(C.shares, _id)) return { counted: false, duplicate: true };
    const day = dayIn(now);
    const today = await services.store.count(C.shares, { cardId, openid, channel, day });
    if (today >= MAX_SHARES_PER_DAY) return { counted: false, duplicate: false };
    const doc: ShareDoc = {
      _id,
      cardId,
      channel,
      openid,
      classId: card.classId,
      schoolId: card.schoolId,
      districtId: card.districtId,
      day,
      at: now.toISOString(),
    };
    try {
      await services.store.insert(C.shares, doc);
    } catch (err) {
      if (err instanceof DuplicateKeyError) return { counted: false, duplicate: true };
      throw err;
    }
    await bump(services.store, card, SHARE_METRIC[channel], 1, openid, now);
    return { counted: true, duplicate: false };
  },
});
