import { ADDICTION_QUESTIONS } from './addiction';
import { CIVILITY_QUESTIONS } from './civility';
import { ECOLOGY_QUESTIONS } from './ecology';
import { FRAUD_QUESTIONS } from './fraud';
import { LAW_QUESTIONS } from './law';
import { MINORS_QUESTIONS } from './minors';
import { PHISHING_QUESTIONS } from './phishing';
import { PRIVACY_QUESTIONS } from './privacy';
import { RUMOUR_QUESTIONS } from './rumours';
import type { BankQuestion } from './types';

export * from './types';
export { FACTS } from './facts';

/** Every question of the built-in bank, grouped by file (law, ecology, minors, privacy, fraud, addiction, phishing, civility, rumours). */
export const QUESTION_BANK: readonly BankQuestion[] = Object.freeze([
  ...LAW_QUESTIONS,
  ...ECOLOGY_QUESTIONS,
  ...MINORS_QUESTIONS,
  ...PRIVACY_QUESTIONS,
  ...FRAUD_QUESTIONS,
  ...ADDICTION_QUESTIONS,
  ...PHISHING_QUESTIONS,
  ...CIVILITY_QUESTIONS,
  ...RUMOUR_QUESTIONS,
]);

const BY_ID: ReadonlyMap<string, BankQuestion> = new Map(QUESTION_BANK.map((q) => [q.id, q]));

/** The bank question with this id, or undefined. */
export function questionById(id: string): BankQuestion | undefined {
  return BY_ID.get(id);
}
