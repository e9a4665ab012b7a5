import type { OutputOf } from '../../../api/client';

/** A question of a unit's own bank as the bank page lists it. */
export type BankItem = OutputOf<'quiz', 'bankList'>['items'][number];

/**
 * The question the bank page hands to the editor page (both in this subpackage). Kept in memory only:
 * opened any other way, the editor starts a new question.
 */
let draft: BankItem | null = null;

export function setDraft(item: BankItem | null): void {
  draft = item;
}

export function takeDraft(id: string | undefined): BankItem | null {
  const found = draft && draft.questionId === id ? draft : null;
  draft = null;
  return found;
}
