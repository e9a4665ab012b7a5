/**
 * A parent's linked children as 「我的」, the consent page and the home page show them. One link passes
 * through three states: a class-code request waiting for the teacher (pending), a link made with the
 * child's family code that the class teacher has not confirmed yet, and a confirmed link — only the
 * last lets the guardian consent, set the child's birth year and export or delete the child's data.
 */
import { maskName } from '../../core/privacy';
import type { OutputOf } from '../api/client';
import { parseClassName } from './org';
import { birthYearOptions } from './relations';

/**
 * One linked child as identity.me sends it (with `confirmed`, `birthYear`, `stage` and `grade`); the
 * server still decides every action (giveConsent refuses an unconfirmed link with its own message).
 */
export type LinkedChild = OutputOf<'identity', 'me'>['children'][number];

/** Where a link stands. */
export type LinkState = 'requested' | 'unconfirmed' | 'confirmed';

export function linkState(child: Pick<LinkedChild, 'status' | 'confirmed'>): LinkState {
  if (child.status !== 'active') return 'requested';
  return child.confirmed === false ? 'unconfirmed' : 'confirmed';
}

/** A linked child's name as the parent may see it: full once the link is active, masked while pending. */
export function childName(child: { name: string; status: string }): string {
  return child.status === 'active' ? child.name : maskName(child.name);
}

/** Birth years to offer for a child: around the usual age of the class, or a wide range when unknown. */
export function childBirthYears(child: Pick<LinkedChild, 'className' | 'stage' | 'grade'>): number[] {
  const cls =
    child.stage && child.grade ? { stage: child.stage, grade: child.grade } : parseClassName(child.className);
  if (cls) return birthYearOptions(cls);
  const year = new Date().getFullYear();
  const out: number[] = [];
  for (let age = 5; age <= 19; age++) out.push(year - age);
  return out;
}

export { maskName };
