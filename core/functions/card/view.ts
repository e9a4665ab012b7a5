import { z } from 'zod';
import { C } from '../../collections';
import { notFound } from '../../errors';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { readTotal } from '../../stats';
import { relationTo, wallUnit } from './access';
import { qrTarget } from '../../miniCodes';
import { CARD_METRICS, CARD_PAGE, type CardDoc } from './model';

/** The one answer for a card a caller may not see (missing, deleted, pending or rejected alike). */
export const CARD_NOT_FOUND = '没有找到这张卡片';

/** The public URL of a card's page in the H5 build (hash router), or null when no base URL is set. */
export function cardPageUrl(services: Services, cardId: string): string | null {
  const base = services.config.publicBaseUrl?.replace(/\/+$/, '');
  return base ? `${base}/#/${CARD_PAGE}?id=${encodeURIComponent(cardId)}` : null;
}

/** What anyone may see of an approved card: masked names, school and class, approved parts only. */
async function publicView(services: Services, card: CardDoc, family: boolean) {
  const photoVisible = !!card.photo && (family || card.photo.check.verdict === 'pass');
  const replyVisible = !!card.reply && (family || card.reply.check.verdict === 'pass');
  return {
    cardId: card._id,
    templateId: card.templateId,
    slogan: card.slogan,
    names: card.names,
    schoolName: card.schoolName,
    className: card.className,
    photoUrl: photoVisible ? await services.files.url(card.photo!.fileId) : null,
    reply: replyVisible
      ? { role: card.reply!.role, text: card.reply!.text, status: card.reply!.check.verdict }
      : null,
    createdAt: card.createdAt,
  };
}

/**
 * A card as its page shows it. Anyone (no login needed: Moments single-page mode) sees an approved
 * card; a pending or rejected card is NOT_FOUND for everyone except its family, who see its status
 * and reason.
 */
export const getPublic = defineAction({
  title: '查看家庭卡片',
  input: z.object({ cardId: s.id }).strict(),
  access: 'public',
  async handler({ services, openid }, { cardId }) {
    const card = await services.store.get<CardDoc>(C.cards, cardId);
    const rel = card ? await relationTo(services, card, openid) : null;
    // One answer for missing, deleted, pending and rejected: a stranger cannot learn a card exists.
    if (!card || !rel || (card.status !== 'approved' && !rel.isFamily)) throw notFound(CARD_NOT_FOUND);
    return {
      card: await publicView(services, card, rel.isFamily),
      status: card.status,
      reason: rel.isFamily ? (card.reason ?? null) : null,
      viewer: rel,
      shareable: card.status === 'approved',
    };
  },
});

/** The approved cards of a class or a school (newest first, names masked) with the unit's card count. */
export const wall = defineAction({
  title: '卡片墙',
  input: z
    .object({
      classId: s.id.optional(),
      schoolId: s.id.optional(),
      skip: z.number().int().min(0).max(5000).default(0),
    })
    .strict()
    .refine((v) => !!v.classId !== !!v.schoolId, '请指定一个班级或一所学校'),
  access: 'user',
  async handler({ services, user }, input) {
    const unit = await wallUnit(services, user, input);
    const filter = unit.classId
      ? { classId: unit.classId, counted: true }
      : { schoolId: unit.schoolId, counted: true };
    const page = 30;
    const cards = await services.store.find<CardDoc>(C.cards, filter, {
      sort: { createdAt: -1 },
      skip: input.skip,
      limit: page + 1,
    });
    const totals = await readTotal(services.store, unit.classId ? `k:${unit.classId}` : `s:${unit.schoolId}`);
    return {
      unit: {
        kind: unit.classId ? ('class' as const) : ('school' as const),
        id: unit.classId ?? unit.schoolId,
        name: unit.name,
      },
      cardsMade: totals[CARD_METRICS.made] ?? 0,
      families: totals[CARD_METRICS.families] ?? 0,
      items: await Promise.all(cards.slice(0, page).map((c) => publicView(services, c, false))),
      nextSkip: cards.length > page ? input.skip + page : null,
    };
  },
});

/**
 * What the poster's QR code points at: in production the mini-program code of the card page
 * (created once through the open API and cached), otherwise the H5 card page URL (`url` null: the
 * client uses its own origin).
 */
export const miniCode = defineAction({
  title: '卡片二维码',
  input: z.object({ cardId: s.id }).strict(),
  access: 'public',
  async handler({ services, openid }, { cardId }) {
    const card = await services.store.get<CardDoc>(C.cards, cardId);
    const rel = card ? await relationTo(services, card, openid) : null;
    if (!card || !rel || (card.status !== 'approved' && !rel.isFamily)) throw notFound(CARD_NOT_FOUND);
    // A pending card's code is not made yet (the code would outlive a rejection): the URL QR instead.
    if (card.status !== 'approved') {
      return {
        kind: 'url' as const,
        url: cardPageUrl(services, card._id),
        path: `${CARD_PAGE}?id=${card._id}`,
      };
    }
    return qrTarget(services, CARD_PAGE, card._id, { id: card._id });
  },
});
