import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomId } from '../../codes';
import { denied, invalid, precondition } from '../../errors';
import type { ClassDoc, FamilyDoc, RosterDoc, UserDoc } from '../../model';
import { parseRosterText } from '../../org';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { classFor, rosterEntryFor } from '../../permissions';
import { type Services, spreadsheetOf } from '../../services';
import { bump } from '../../stats';
import { findAll, mustGet } from '../../store';
import { deleteOwnUpload, ownUpload } from '../../uploads';
import { undoWrongActor } from '../../personalData';

/** Most students one class roster may hold. */
export const MAX_ROSTER = 80;

const entrySchema = z.object({ name: s.personName, studentNo: s.studentNo.optional() });
type Entry = z.infer<typeof entrySchema>;

const classUnit = (cls: ClassDoc) => ({
  classId: cls._id,
  schoolId: cls.schoolId,
  districtId: cls.districtId,
});

/** Validate every entry first (all-or-nothing), then insert the new ones; duplicates are reported, not added. */
async function addEntries(
  services: Services,
  actor: string,
  cls: ClassDoc,
  raw: { name: string; studentNo?: string }[],
) {
  if (raw.length === 0) throw invalid('名单为空：每行一个学生姓名');
  const entries: Entry[] = raw.map((r, i) => {
    const parsed = entrySchema.safeParse({ name: r.name, studentNo: r.studentNo || undefined });
    if (!parsed.success) {
      // A line of only a student number ("abc123") has no name left: quote what was typed.
      const shown = (r.name || r.studentNo || '').slice(0, 20);
      throw invalid(`第 ${i + 1} 行「${shown}」：${parsed.error.issues[0].message}`);
    }
    return parsed.data;
  });
  const existing = await findAll<RosterDoc>(services.store, C.roster, { classId: cls._id });
  const seen = new Set(existing.map((e) => `${e.name}|${e.studentNo ?? ''}`));
  const fresh: Entry[] = [];
  const skipped: string[] = [];
  for (const e of entries) {
    const key = `${e.name}|${e.studentNo ?? ''}`;
    if (seen.has(key)) skipped.push(e.name);
    else {
      seen.add(key);
      fresh.push(e);
    }
  }
  if (existing.length + fresh.length > MAX_ROSTER) {
    throw invalid(`一个班最多 ${MAX_ROSTER} 名学生（现有 ${existing.length}，本次新增 ${fresh.length}）`);
  }
  // One millisecond apart, so the roster (sorted by createdAt) keeps the order the teacher gave.
  const start = services.now().getTime();
  for (const [i, e] of fresh.entries()) {
    const doc: RosterDoc = {
      _id: randomId(),
      classId: cls._id,
      schoolId: cls.schoolId,
      districtId: cls.districtId,
      name: e.name,
      ...(e.studentNo ? { studentNo: e.studentNo } : {}),
      claimStatus: 'unclaimed',
      createdAt: new Date(start + i).toISOString(),
    };
    await services.store.insert(C.roster, doc);
    await bump(services.store, classUnit(cls), 'roster', 1, doc._id, services.now());
  }
  if (fresh.length) await audit(services, actor, 'roster.add', cls._id, { count: fresh.length });
  return { added: fresh.length, skipped };
}

/** Add students by pasted text (one per line, optional student number) or a list. */
export const addRoster = defineAction({
  title: '导入名单',
  input: z
    .object({
      classId: s.id,
      text: z.string().max(4000, '一次最多粘贴 4000 字').optional(),
      entries: z
        .array(z.object({ name: z.string().max(40), studentNo: z.string().max(40).optional() }).strict())
        .max(MAX_ROSTER)
        .optional(),
    })
    .strict()
    .refine((v) => (v.text ? 1 : 0) + (v.entries ? 1 : 0) === 1, '请提供 text 或 entries 之一'),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, openid }, input) {
    const cls = await classFor(services.store, user, input.classId);
    const raw = input.text !== undefined ? parseRosterText(input.text) : input.entries!;
    return addEntries(services, openid, cls, raw);
  },
});

/**
 * Read names (and student numbers) from the rows of a roster sheet: a header row with 姓名/学号, or
 * columns A/B. The .xlsx itself is read at the edge (`services.spreadsheet`, adapters/spreadsheet.ts).
 */
export function rosterFromRows(rows: (string | null)[][]): { name: string; studentNo?: string }[] {
  const text = (v: string | null | undefined) => (v ?? '').trim();
  let nameCol = 0;
  let noCol: number | null = 1;
  let startRow = 0;
  let headerHasNo = false;
  (rows[0] ?? []).forEach((cell, col) => {
    const t = text(cell);
    if (t.includes('姓名')) {
      nameCol = col;
      startRow = 1;
    }
    if (t.includes('学号')) {
      noCol = col;
      headerHasNo = true;
      startRow = 1;
    }
  });
  // A header row without a 学号 column: column B is something else (性别, 备注…), not a student number.
  if (startRow === 1 && !headerHasNo) noCol = null;
  const out: { name: string; studentNo?: string }[] = [];
  for (let r = startRow; r < rows.length; r++) {
    const name = text(rows[r][nameCol]);
    if (!name) continue;
    const no = noCol !== null ? text(rows[r][noCol]) : '';
    out.push(no ? { name, studentNo: no } : { name });
    if (out.length > MAX_ROSTER) break;
  }
  return out;
}

/** The rows of an uploaded .xlsx, or INVALID_ARGUMENT when it is not a readable workbook. */
export async function readSheetRows(
  services: Services,
  fileId: string,
  maxRows = 5000,
): Promise<(string | null)[][]> {
  const sheet = spreadsheetOf(services);
  try {
    return await sheet.readRows(await services.files.read(fileId), maxRows);
  } catch {
    throw invalid('无法读取该 Excel 文件，请上传 .xlsx 格式');
  }
}

/**
 * Add students from an .xlsx the caller uploaded. The file holds a whole class's names, so it is
 * deleted as soon as the import succeeded; a refused file stays untouched (bad input changes nothing)
 * and is deleted with its unused ticket within a day (core/uploads.ts retention).
 */
export const importRosterXlsx = defineAction({
  title: '导入名单',
  input: z.object({ classId: s.id, fileId: s.fileId }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, openid }, { classId, fileId }) {
    const cls = await classFor(services.store, user, classId);
    await ownUpload(services, fileId, openid, 'rosterXlsx');
    const rows = rosterFromRows(await readSheetRows(services, fileId));
    const result = await addEntries(services, openid, cls, rows);
    await deleteOwnUpload(services, fileId, openid);
    return result;
  },
});

/** Remove an unclaimed roster entry (a claimed one must be released first). */
export const removeRosterEntry = defineAction({
  title: '删除学生',
  input: z.object({ rosterId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, openid }, { rosterId }) {
    const { entry } = await rosterEntryFor(services.store, user, rosterId);
    if (entry.claimStatus !== 'unclaimed') throw precondition('该学生已认领，请先撤销认领');
    await services.store.remove(C.roster, rosterId);
    await bump(services.store, entry, 'roster', -1, rosterId, services.now());
    await audit(services, openid, 'roster.remove', rosterId, { classId: entry.classId });
    return { removed: true };
  },
});

/** Teacher confirms a student's claim of a roster entry. */
export const approveClaim = defineAction({
  title: '确认认领',
  input: z.object({ rosterId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, openid }, { rosterId }) {
    const { entry } = await rosterEntryFor(services.store, user, rosterId);
    if (entry.claimStatus === 'unclaimed') throw precondition('该名单条目还没有学生认领');
    if (entry.claimStatus === 'approved') return { claimStatus: 'approved' as const };
    await services.store.update(C.roster, rosterId, { $set: { claimStatus: 'approved' } });
    await audit(services, openid, 'roster.approveClaim', rosterId);
    return { claimStatus: 'approved' as const };
  },
});

/** Teacher undoes a (wrong) claim: the entry is free again and the student loses the class role. */
export const undoClaim = defineAction({
  title: '撤销认领',
  input: z.object({ rosterId: s.id }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, openid }, { rosterId }) {
    const { entry } = await rosterEntryFor(services.store, user, rosterId);
    if (entry.claimStatus === 'unclaimed' || !entry.claimedBy) throw precondition('该名单条目没有被认领');
    // Release first (conditional): of two undos of one claim only the one that released it undoes its acts.
    if (!(await releaseClaim(services, entry))) return { claimStatus: 'unclaimed' as const };
    await undoWrongClaimEffects(services, entry);
    await audit(services, openid, 'roster.undoClaim', rosterId);
    return { claimStatus: 'unclaimed' as const };
  },
});

/**
 * A teacher undoing a claim means the claimer was not this child: undo what they did in the child's name
 * (pledge, cards, contest works, quiz attempts: every feature's `undoActs`) and the parent links made with
 * their family code since the claim (with those parents' consents and acts), so nothing the wrong person
 * did stays attached to the child.
 */
async function undoWrongClaimEffects(services: Services, entry: RosterDoc): Promise<void> {
  const now = services.now();
  if (entry.claimedBy) {
    await undoWrongActor(services, { openid: entry.claimedBy, rosterId: entry._id, as: 'pupil' }, now);
  }
  const since = entry.claimedAt ?? '';
  const links = await findAll<FamilyDoc>(services.store, C.families, {
    rosterId: entry._id,
    via: 'family_code',
  });
  for (const link of links.filter((l) => l.createdAt >= since)) await dropLink(services, link, now);
}

/** Remove a parent link that should not have been, with that parent's consent and what they did for the child. */
async function dropLink(services: Services, link: FamilyDoc, now: Date): Promise<void> {
  // Once: a double tap (or a reject racing an undo) finds the link gone and undoes nothing twice.
  if (!(await services.store.remove(C.families, link._id))) return;
  // A removed link's consent must not keep counting for the child.
  await services.store.updateMany(
    C.consents,
    { rosterId: link.rosterId, parentOpenid: link.parentOpenid, revokedAt: { $exists: false } },
    { $set: { revokedAt: now.toISOString() } },
  );
  await undoWrongActor(services, { openid: link.parentOpenid, rosterId: link.rosterId, as: 'parent' }, now);
}

/**
 * Free a roster entry and drop the claimer's student role for it. Answers whether this call released it
 * (false when another release of the same claim came first).
 */
export async function releaseClaim(services: Services, entry: RosterDoc): Promise<boolean> {
  const claimer = entry.claimedBy ? await services.store.get<UserDoc>(C.users, entry.claimedBy) : null;
  // Conditional: two releases of one claim (a leave racing an undo) decrement the claimed count once.
  // Only this claim: a late second undo must not free a later claim of the same entry.
  const released = await services.store.updateMany(
    C.roster,
    {
      _id: entry._id,
      claimStatus: { $ne: 'unclaimed' },
      ...(entry.claimedBy ? { claimedBy: entry.claimedBy } : {}),
    },
    { $set: { claimStatus: 'unclaimed' }, $unset: { claimedBy: true, claimedAt: true } },
  );
  if (released) await bump(services.store, entry, 'claimed', -1, entry._id, services.now());
  // The claimer's family codes for this entry die with the claim: a wrong claimer's code must not
  // link a parent to the real child afterwards.
  await services.store.removeMany(C.familyCodes, { rosterId: entry._id });
  if (claimer) {
    await services.store.update(C.users, claimer._id, {
      $set: {
        roles: claimer.roles.filter((g) => !(g.role === 'student' && g.rosterId === entry._id)),
        updatedAt: services.now().toISOString(),
      },
    });
  }
  return released > 0;
}

/**
 * The class teacher records (or clears) a pupil's birth year. It can only make the under-14 rule
 * stricter (core/privacy.ts isUnder14), so it is kept out of the pupil's own hands.
 */
export const setBirthYear = defineAction({
  title: '填写出生年份',
  input: z.object({ rosterId: s.id, birthYear: s.birthYear.nullable() }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, openid }, { rosterId, birthYear }) {
    await rosterEntryFor(services.store, user, rosterId);
    await services.store.update(
      C.roster,
      rosterId,
      birthYear === null ? { $unset: { birthYear: true } } : { $set: { birthYear } },
    );
    await audit(services, openid, 'roster.birthYear', rosterId);
    return { birthYear };
  },
});

/**
 * Teacher confirms a parent's link (a class-code request, or a link made with the child's family
 * code). Only a confirmed link lets the parent consent for the child.
 */
export const confirmParentLink = defineAction({
  title: '确认家长',
  input: z.object({ familyId: s.id, accept: z.boolean() }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user, openid }, { familyId, accept }) {
    const fam = await mustGet<FamilyDoc>(services.store, C.families, familyId, '家长关联');
    const cls = await mustGet<ClassDoc>(services.store, C.classes, fam.classId, '班级');
    await classFor(services.store, user, cls._id).catch(() => {
      throw denied('你不是这个班级的老师');
    });
    if (accept) {
      await services.store.update(C.families, familyId, {
        $set: { status: 'active', confirmed: true, confirmedAt: services.now().toISOString() },
      });
    } else {
      // Rejected: not the child's parent. What they did for the child (family pledge, cards, works,
      // quiz attempts) goes with the link.
      await dropLink(services, fam, services.now());
    }
    await audit(services, openid, accept ? 'family.confirm' : 'family.reject', familyId);
    return { status: accept ? 'active' : 'rejected' };
  },
});
