/** The card part of a person's export and deletion (core/personalData.ts). */
import { C } from '../../collections';
import { registerPersonalData } from '../../personalData';
import type { Services } from '../../services';
import { findAll } from '../../store';
import { deleteOwnUpload } from '../../uploads';
import { CARD_CHECKS, type CardDoc } from './model';
import { settleCard, uncount } from './settle';

/** Cards a user made or wrote on (with `rosterId`: only that child's). */
export async function cardsOf(services: Services, openid: string, rosterId?: string): Promise<CardDoc[]> {
  return findAll<CardDoc>(services.store, C.cards, {
    contributors: openid,
    ...(rosterId ? { rosterId } : {}),
  });
}

/**
 * The cards part of a person's export: only what they wrote (their slogan, photo and names on cards they
 * started; their own line on others'), never other contributors' ids or the moderation trace ids.
 */
async function exportCards(services: Services, openid: string) {
  return Promise.all(
    (await cardsOf(services, openid)).map(async (card) => {
      const mine = card.authorOpenid === openid;
      return {
        cardId: card._id,
        role: mine ? 'author' : 'line',
        templateId: card.templateId,
        slogan: mine ? card.slogan : undefined,
        names: mine ? card.names : undefined,
        photoUrl: mine && card.photo ? await services.files.url(card.photo.fileId) : undefined,
        myLine: card.reply?.by === openid ? card.reply.text : undefined,
        status: card.status,
        createdAt: card.createdAt,
      };
    }),
  );
}

/**
 * Delete every card the user started (uncounting them) and drop their lines from others' cards; with
 * `rosterId`, only on that child's cards (a wrong claimer's or a rejected parent's).
 */
export async function deleteCardsOf(
  services: Services,
  openid: string,
  now: Date,
  rosterId?: string,
): Promise<number> {
  let n = 0;
  for (const card of await cardsOf(services, openid, rosterId)) {
    if (card.authorOpenid === openid) {
      await uncount(services, card, now);
      await services.store.remove(C.cards, card._id);
      await services.store.removeMany(CARD_CHECKS, { kind: 'card', ref: card._id });
      if (card.photo) await deleteOwnUpload(services, card.photo.fileId, openid);
      n++;
    } else if (card.reply?.by === openid) {
      await services.store.update(C.cards, card._id, {
        $unset: { reply: true },
        $set: { contributors: card.contributors.filter((c) => c !== openid) },
      });
      await settleCard(services, card._id, now);
      n++;
    }
  }
  return n;
}

registerPersonalData({
  key: 'cards',
  export: async (services, subject) => (subject.openid ? exportCards(services, subject.openid) : []),
  erase: async (services, subject, now) =>
    subject.openid ? deleteCardsOf(services, subject.openid, now) : 0,
  undoActs: (services, actor, now) => deleteCardsOf(services, actor.openid, now, actor.rosterId),
});
