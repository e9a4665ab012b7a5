import { ALL_COLLECTIONS, C } from './collections';
import type { UserDoc } from './model';
import type { Services } from './services';
import { findAll } from './store';

/**
 * Export and deletion of a person's data (PIPL Art. 45, 47; 未成年人网络保护条例 Art. 34), one
 * mechanism for every feature. Each feature registers a section: what it exports about a subject and
 * how it erases it (keeping its counters exact). After the sections ran, `sweepPerson` goes through the
 * collection registry and removes ('own') or anonymises ('mentions') whatever still names the openid,
 * so a collection added later cannot be forgotten (a test checks every registered person field).
 */

/** Whose data: a person's own account, or (a guardian's request) a child's roster entry and its account. */
export interface DataSubject {
  /** The account (openid) whose data it is; null for a child who never had an account. */
  openid: string | null;
  /** The person's user document, when they have one. */
  user: UserDoc | null;
  /** Roster entries the subject is (a pupil's own claim, or the child a guardian acts for). */
  rosterIds: string[];
  /**
   * 'self': the person asked for their own data (everything about their account). 'child': a guardian
   * asked for a child's data (what the child did as a pupil: no other family member's data).
   */
  scope: 'self' | 'child';
}

/** One feature's part of export and deletion. */
export interface PersonalDataSection {
  /** Key in the export document ('pledge', 'cards', 'entries', …). */
  key: string;
  /** Only the subject's own data, no other person's ids, no internal trace ids. */
  export(services: Services, subject: DataSubject): Promise<unknown>;
  /** Delete (or anonymise) the subject's data, keeping counters exact; answers how many items. */
  erase(services: Services, subject: DataSubject, now: Date): Promise<number>;
  /** Undo what a wrong actor did in a child's name (see WrongActor); answers how many items. */
  undoActs(services: Services, actor: WrongActor, now: Date): Promise<number>;
}

/**
 * Someone who acted in a child's name without the right to: a claim the class teacher undid ('pupil'),
 * or a parent link the teacher rejected ('parent'). Only what that account did for that roster entry is
 * undone; the child's other data (and what the real family did) stays.
 */
export interface WrongActor {
  openid: string;
  rosterId: string;
  as: 'pupil' | 'parent';
}

const sections = new Map<string, PersonalDataSection>();

/** Register a feature's section (features call this at import). */
export function registerPersonalData(section: PersonalDataSection): void {
  sections.set(section.key, section);
}

/** Every registered section's export, keyed by section. */
export async function exportSubject(
  services: Services,
  subject: DataSubject,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const section of sections.values()) out[section.key] = await section.export(services, subject);
  return out;
}

/** Run every section's erasure; answers how many items each removed. */
export async function eraseSubject(
  services: Services,
  subject: DataSubject,
  now: Date,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const section of sections.values()) out[section.key] = await section.erase(services, subject, now);
  return out;
}

/** Run every section's undo for a wrong actor; answers how many items each removed. */
export async function undoWrongActor(
  services: Services,
  actor: WrongActor,
  now: Date,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const section of sections.values()) out[section.key] = await section.undoActs(services, actor, now);
  return out;
}

/** The value an anonymised mention gets. */
export const ANONYMISED = 'deleted-user';

/**
 * Remove or anonymise what still names `openid` in any registered collection: documents of 'own'
 * collections whose person field equals it are removed; in 'mentions' collections the field is set to
 * ANONYMISED. Array fields are left to the features (they pull the person out of a shared document).
 */
export async function sweepPerson(services: Services, openid: string): Promise<number> {
  let n = 0;
  for (const spec of ALL_COLLECTIONS) {
    if (spec.personal === 'none') continue;
    for (const field of spec.personFields ?? []) {
      if (spec.personal === 'own') {
        if (field === '_id') n += (await services.store.remove(spec.name, openid)) ? 1 : 0;
        else n += await services.store.removeMany(spec.name, { [field]: openid });
      } else {
        const hits = await findAll<{ _id: string } & Record<string, unknown>>(services.store, spec.name, {
          [field]: openid,
        });
        for (const doc of hits) {
          if (Array.isArray(doc[field])) continue;
          await services.store.update(spec.name, doc._id, { $set: { [field]: ANONYMISED } });
          n++;
        }
      }
    }
  }
  return n;
}

/** Collections the export lists as "not exported, and why" (transparency for the person). */
export const NOT_EXPORTED = {
  [C.audit]: '操作审计记录只保存操作人和时间，按保存期限删除，不随个人导出',
  [C.rateLimits]: '防止猜测验证码的计数，在时间窗口结束后自动删除',
} as const;
