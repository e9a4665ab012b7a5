import { C } from '../../collections';
import type { Doc } from '../../store';
import type { ModerationResult } from '../../services';
import { registerMetric } from '../../stats';
import { graphemes } from '../../poster/layout';
import type { TemplateId } from '../../poster/templates';

/** Async moderation traces (WeChat mediaCheckAsync) of card photos: kind 'card' in media_checks. */
export const CARD_CHECKS = C.mediaChecks;
/** One document per child with at least one approved card (`_id` = rosterId): the families metric. */
export const CARD_FAMILIES = C.cardFamilies;

/** The page a card's QR code and shares open (subpackage path, no leading slash). */
export const CARD_PAGE = 'packages/card/view/index';

/** Metric names this feature bumps (core/stats.ts). */
export const CARD_METRICS = {
  made: 'cardsMade',
  families: 'cardFamilies',
  coCreated: 'cardsCoCreated',
  chat: 'sharesChat',
  moments: 'sharesMoments',
  saved: 'sharesSaved',
} as const;

/** Share channels: a chat, WeChat Moments, or the poster saved to the album / downloaded. */
export type ShareChannel = 'chat' | 'moments' | 'saved';

/** Metric bumped by each share channel. */
export const SHARE_METRIC: Record<ShareChannel, string> = {
  chat: CARD_METRICS.chat,
  moments: CARD_METRICS.moments,
  saved: CARD_METRICS.saved,
};

/** The verdict on one part of a card (its text, its photo, the added line, a reviewer's override). */
export interface PartCheck {
  verdict: ModerationResult['verdict'];
  provider: string;
  reason?: string;
  traceId?: string;
  at: string;
}

/** Who wrote a part: the parent, or the child (on their own phone or the parent's). */
export type CardRole = 'parent' | 'child';

/** The line the other family member adds (the child to a parent's card, or the reverse). */
export interface CardLine {
  role: CardRole;
  text: string;
  by: string;
  /** Written on the starter's phone (the child sat next to the parent). */
  sameDevice: boolean;
  check: PartCheck;
  at: string;
}

/** Public state of a card: visible to others only when approved. */
export type CardStatus = 'pending' | 'approved' | 'rejected';

/** A family card as stored. Names are stored masked; the raw names are never kept. */
export interface CardDoc extends Doc {
  templateId: TemplateId;
  slogan: string;
  names: string[];
  textCheck: PartCheck;
  photo?: { fileId: string; check: PartCheck };
  reply?: CardLine;
  /** A reviewer's decision on the whole card (take-down or approval of held parts). */
  manual?: PartCheck & { by: string };
  starterRole: CardRole;
  authorOpenid: string;
  /** Everyone who wrote part of the card. */
  contributors: string[];
  rosterId: string;
  classId: string;
  schoolId: string;
  districtId: string;
  schoolName: string;
  className: string;
  status: CardStatus;
  reason?: string;
  /** cardsMade was bumped for this card (true exactly while it is approved). */
  counted: boolean;
  /** cardsCoCreated was bumped (approved card with an approved line from the other family member). */
  coCreated: boolean;
  createdAt: string;
  updatedAt: string;
  approvedAt?: string;
}

/** One counted share; `_id` is derived from the client's event id, so a retried event counts once. */
export interface ShareDoc extends Doc {
  cardId: string;
  channel: ShareChannel;
  openid: string;
  classId: string;
  schoolId: string;
  districtId: string;
  day: string;
  at: string;
}

/** A child's first approved card (families metric). */
export interface CardFamilyDoc extends Doc {
  classId: string;
  schoolId: string;
  districtId: string;
  firstCardId: string;
  at: string;
}

registerMetric(CARD_METRICS.made, { collection: C.cards, filter: (classId) => ({ classId, counted: true }) });
registerMetric(CARD_METRICS.coCreated, {
  collection: C.cards,
  filter: (classId) => ({ classId, coCreated: true }),
});
registerMetric(CARD_METRICS.families, { collection: CARD_FAMILIES, filter: (classId) => ({ classId }) });
registerMetric(CARD_METRICS.chat, {
  collection: C.shares,
  filter: (classId) => ({ classId, channel: 'chat' }),
});
registerMetric(CARD_METRICS.moments, {
  collection: C.shares,
  filter: (classId) => ({ classId, channel: 'moments' }),
});
registerMetric(CARD_METRICS.saved, {
  collection: C.shares,
  filter: (classId) => ({ classId, channel: 'saved' }),
});

/** The shared moderation gate (kept here as names the card feature and its callers use). */
export { moderate, moderatorOf } from '../../moderation/gate';

/** A stored check from a moderation result. */
export function partCheck(result: ModerationResult, at: string): PartCheck {
  return {
    verdict: result.verdict,
    provider: result.provider,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.traceId ? { traceId: result.traceId } : {}),
    at,
  };
}

/** The card's public status from its parts: any rejection rejects, anything held keeps it pending. */
export function deriveStatus(card: Pick<CardDoc, 'textCheck' | 'photo' | 'manual'>): {
  status: CardStatus;
  reason?: string;
} {
  if (card.manual?.verdict === 'reject')
    return { status: 'rejected', reason: card.manual.reason ?? '老师审核未通过' };
  const parts: [string, PartCheck | undefined][] = [
    ['文字', card.textCheck],
    ['照片', card.photo?.check],
  ];
  for (const [what, check] of parts) {
    if (check?.verdict === 'reject')
      return { status: 'rejected', reason: check.reason ?? `${what}没有通过审核` };
  }
  for (const [what, check] of parts) {
    if (check?.verdict === 'review') return { status: 'pending', reason: check.reason ?? `${what}正在审核` };
  }
  return { status: 'approved' };
}

/** Count characters the way people do (an emoji, even a family of them, is one). */
export function charCount(text: string): number {
  return graphemes(text).length;
}
