import { C } from '../../collections';
import type { Services } from '../../services';
import { bump, type ClassUnit } from '../../stats';
import { DuplicateKeyError } from '../../store';
import { CARD_FAMILIES, CARD_METRICS, deriveStatus, type CardDoc, type CardFamilyDoc } from './model';

const unitOf = (card: CardDoc): ClassUnit => ({
  classId: card.classId,
  schoolId: card.schoolId,
  districtId: card.districtId,
});

/** A child's first approved card adds the family to the families metric (once, by the rosterId key). */
async function addFamily(services: Services, card: CardDoc, now: Date): Promise<void> {
  const doc: CardFamilyDoc = {
    _id: card.rosterId,
    classId: card.classId,
    schoolId: card.schoolId,
    districtId: card.districtId,
    firstCardId: card._id,
    at: now.toISOString(),
  };
  try {
    await services.store.insert(CARD_FAMILIES, doc);
  } catch (err) {
    if (err instanceof DuplicateKeyError) return;
    throw err;
  }
  await bump(services.store, unitOf(card), CARD_METRICS.families, 1, card.rosterId, now);
}

/** The family leaves the metric when its last approved card goes. */
async function dropFamilyIfLast(services: Services, card: CardDoc, now: Date): Promise<void> {
  const left = await services.store.count(C.cards, { rosterId: card.rosterId, counted: true });
  if (left > 0) return;
  if (await services.store.remove(CARD_FAMILIES, card.rosterId)) {
    await bump(services.store, unitOf(card), CARD_METRICS.families, -1, card.rosterId, now);
  }
}

/**
 * Take a card out of every count (rejected after approval, taken down, deleted). Each flag is cleared
 * by a conditional update, so concurrent calls decrement once.
 */
export async function uncount(services: Services, card: CardDoc, now: Date): Promise<void> {
  const { store } = services;
  if (await store.updateMany(C.cards, { _id: card._id, coCreated: true }, { $set: { coCreated: false } })) {
    await bump(store, unitOf(card), CARD_METRICS.coCreated, -1, card._id, now);
  }
  if (await store.updateMany(C.cards, { _id: card._id, counted: true }, { $set: { counted: false } })) {
    await bump(store, unitOf(card), CARD_METRICS.made, -1, card._id, now);
    await dropFamilyIfLast(services, card, now);
  }
}

/**
 * Recompute a card's status from its checks and bring the counters in line: an approved card counts
 * once in cardsMade (and its family once in cardFamilies), once more in cardsCoCreated when the other
 * family member's line is approved too; leaving 'approved' undoes both. Safe to call repeatedly.
 */
export async function settleCard(services: Services, cardId: string, now: Date): Promise<CardDoc | null> {
  const { store } = services;
  const card = await store.get<CardDoc>(C.cards, cardId);
  if (!card) return null;
  const { status, reason } = deriveStatus(card);
  const at = now.toISOString();
  await store.update(C.cards, cardId, {
    $set: { status, updatedAt: at, ...(reason ? { reason } : {}) },
    ...(reason ? {} : { $unset: { reason: true } }),
  });
  const fresh: CardDoc = { ...card, status, reason };
  if (status !== 'approved') {
    await uncount(services, fresh, now);
    return store.get<CardDoc>(C.cards, cardId);
  }
  if (
    await store.updateMany(
      C.cards,
      { _id: cardId, counted: false },
      { $set: { counted: true, approvedAt: card.approvedAt ?? at } },
    )
  ) {
    await bump(store, unitOf(card), CARD_METRICS.made, 1, card._id, now);
    await addFamily(services, card, now);
  }
  const lineOk = card.reply?.check.verdict === 'pass';
  if (
    lineOk &&
    (await store.updateMany(
      C.cards,
      { _id: cardId, counted: true, coCreated: false },
      { $set: { coCreated: true } },
    ))
  ) {
    await bump(store, unitOf(card), CARD_METRICS.coCreated, 1, card._id, now);
  }
  if (
    !lineOk &&
    (await store.updateMany(C.cards, { _id: cardId, coCreated: true }, { $set: { coCreated: false } }))
  ) {
    await bump(store, unitOf(card), CARD_METRICS.coCreated, -1, card._id, now);
  }
  return store.get<CardDoc>(C.cards, cardId);
}
