import { z } from 'zod';
import { C } from '../../collections';
import type { ClassDoc, DistrictDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { registerActivityColumn, type PupilStatus } from '../../participation';
import { unitFor } from '../../permissions';
import { registerPersonalData } from '../../personalData';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { rate, readTotal, readTotals, registerMetric, shardOf, SHARDS } from '../../stats';
import { findAll } from '../../store';
import { deleteEntry } from './entries';
import { dropCoAuthors } from './lifecycle';
import { COL, CONTEST_METRICS, COUNTED_STATUSES, type EntryDoc } from './model';

/**
 * Participation in the contest, through the same sharded counters and rollup as pledges and cards:
 * entries (submitted, not withdrawn), authors (pupils with at least one such entry), works the school
 * recommended, and awarded works, per class of the pupil authors (teachers' entries have no class and
 * count in the calls' own tallies only). Every metric is recountable from its source. The 'entries'
 * column of the participation overview shows each pupil's works, and the personal-data section exports
 * and erases a person's entries and likes.
 */

registerMetric(CONTEST_METRICS.entries, {
  collection: COL.entries,
  filter: (classId) => ({ classId, counted: true }),
});
registerMetric(CONTEST_METRICS.authors, {
  collection: COL.authors,
  filter: (classId) => ({ classId, n: { $gt: 0 } }),
});
registerMetric(CONTEST_METRICS.recommended, {
  collection: COL.entries,
  filter: (classId) => ({ classId, recommended: true }),
});
registerMetric(CONTEST_METRICS.awarded, {
  collection: COL.entries,
  filter: (classId) => ({ classId, awarded: true }),
});

/** Each pupil's works in one class: 「2 件」, a draft only 「草稿」, or 「未投稿」 (reads the class's entries). */
export async function pupilEntries(
  services: Services,
  cls: ClassDoc,
  roster: { _id: string }[],
): Promise<Map<string, PupilStatus>> {
  const entries = await findAll<EntryDoc>(services.store, COL.entries, { classId: cls._id });
  const counted = new Map<string, number>();
  const drafts = new Set<string>();
  for (const e of entries) {
    for (const r of e.rosterIds) {
      if (COUNTED_STATUSES.includes(e.status)) counted.set(r, (counted.get(r) ?? 0) + 1);
      else if (e.status === 'draft') drafts.add(r);
    }
  }
  const out = new Map<string, PupilStatus>();
  for (const r of roster) {
    const n = counted.get(r._id) ?? 0;
    out.set(
      r._id,
      n
        ? { state: 'done', label: `${n} 件` }
        : drafts.has(r._id)
          ? { state: 'partial', label: '草稿' }
          : { state: 'none', label: '未投稿' },
    );
  }
  return out;
}

registerActivityColumn({
  key: 'entries',
  title: '作品',
  order: 40,
  pupils: pupilEntries,
  done: (m) => m[CONTEST_METRICS.authors] ?? 0,
  reminder: { title: '作品征集', action: '请打开小程序「作品征集」，提交一件作品' },
  remindIn: ['implementation'],
});

/** The contest figures of one unit, from its rolled-up counters. */
function figures(m: Record<string, number>) {
  const roster = m.roster ?? 0;
  const authors = m[CONTEST_METRICS.authors] ?? 0;
  return {
    roster,
    entries: m[CONTEST_METRICS.entries] ?? 0,
    authors,
    recommended: m[CONTEST_METRICS.recommended] ?? 0,
    awarded: m[CONTEST_METRICS.awarded] ?? 0,
    authorRate: rate(authors, roster),
  };
}

/**
 * Contest participation of a unit and its children (the city's districts, a district's schools, a
 * school's classes): entries, authors and their share of pupils, recommended and awarded works.
 * Reads rolled-up totals only (cost by rows shown).
 */
export const stats = defineAction({
  title: '作品征集统计',
  input: z.object({ level: z.enum(['city', 'district', 'school']), id: s.id.optional() }).strict(),
  access: ['city_admin', 'district_admin', 'school_admin', 'teacher'],
  async handler({ services, user }, input) {
    const unit = await unitFor(services.store, user, input.level, input.id, 'view');
    const total = figures(
      await readTotal(
        services.store,
        input.level === 'city' ? 'city' : `${input.level === 'district' ? 'd' : 's'}:${unit.id}`,
      ),
    );
    const childLevel = input.level === 'city' ? 'district' : input.level === 'district' ? 'school' : 'class';
    const rows = await readTotals(
      services.store,
      childLevel,
      input.level === 'district'
        ? { districtId: unit.id }
        : input.level === 'school'
          ? { schoolId: unit.id }
          : {},
    );
    const names = new Map<string, string>();
    if (childLevel === 'district')
      for (const d of await findAll<DistrictDoc>(services.store, C.districts, {})) names.set(d._id, d.name);
    if (childLevel === 'school')
      for (const sc of await findAll<SchoolDoc>(services.store, C.schools, { districtId: unit.id }))
        names.set(sc._id, sc.name);
    if (childLevel === 'class') {
      for (const c of await findAll<ClassDoc>(services.store, C.classes, { schoolId: unit.id }))
        names.set(c._id, className(c));
    }
    const idOf = (r: { districtId?: string; schoolId?: string; classId?: string }) =>
      (childLevel === 'district' ? r.districtId : childLevel === 'school' ? r.schoolId : r.classId) ?? '';
    return {
      unit: { level: input.level, id: unit.id, name: unit.name },
      total,
      rows: rows
        .map((r) => ({ id: idOf(r), name: names.get(idOf(r)) ?? '', ...figures(r.m) }))
        .filter((r) => r.name)
        .sort((a, b) => b.authorRate - a.authorRate || b.entries - a.entries),
    };
  },
});

/**
 * A person's contest data: what they submitted (and, for a child, the works they are an author of) and
 * their likes. Erasing deletes the entries they submitted (counters, places and galleries kept exact),
 * takes a child's name out of works others submitted, and removes their likes and their name profile.
 */
registerPersonalData({
  key: 'entries',
  async export(services, subject) {
    const or: Record<string, unknown>[] = [];
    if (subject.openid && subject.scope === 'self') or.push({ createdBy: subject.openid });
    if (subject.rosterIds.length) or.push({ rosterIds: { $in: subject.rosterIds } });
    const entries = or.length ? await findAll<EntryDoc>(services.store, COL.entries, { $or: or }) : [];
    const likes =
      subject.openid && subject.scope === 'self'
        ? await findAll<{ _id: string; entryId: string; at: string }>(services.store, COL.likes, {
            openid: subject.openid,
          })
        : [];
    const profile =
      subject.openid && subject.scope === 'self'
        ? await services.store.get<{ _id: string; name: string }>(COL.profiles, subject.openid)
        : null;
    return {
      entries: entries.map((e) => ({
        call: e.callId,
        title: e.title,
        category: e.category,
        group: e.group,
        body: e.body,
        files:
          e.images.length +
          (e.video ? 2 : 0) +
          (e.lesson ? 1 + (e.lesson.slides ? 1 : 0) + (e.lesson.recording ? 1 : 0) : 0),
        status: e.status,
        submittedAt: e.submittedAt ?? null,
        award: e.award?.tier ?? null,
        submittedByMe: e.createdBy === subject.openid,
      })),
      likes: likes.map((l) => ({ entryId: l.entryId, at: l.at })),
      name: profile?.name ?? null,
    };
  },
  async erase(services, subject, now) {
    let n = 0;
    const actor = subject.openid ?? 'deleted-user';
    const own = subject.openid
      ? await findAll<EntryDoc>(services.store, COL.entries, { createdBy: subject.openid })
      : [];
    const child = subject.rosterIds.length
      ? await findAll<EntryDoc>(services.store, COL.entries, { rosterIds: { $in: subject.rosterIds } })
      : [];
    const done = new Set<string>();
    for (const e of [...own, ...child]) {
      if (done.has(e._id)) continue;
      done.add(e._id);
      const lead = e.rosterIds[0];
      if (e.createdBy === subject.openid || (lead && subject.rosterIds.includes(lead))) {
        await deleteEntry(services, e, actor, now);
      } else {
        // A co-author leaves a classmate's work: their name goes, the work stays.
        await dropCoAuthors(services, e, subject.rosterIds, now);
      }
      n++;
    }
    if (subject.openid && subject.scope === 'self') {
      for (const like of await findAll<{ _id: string; entryId: string }>(services.store, COL.likes, {
        openid: subject.openid,
      })) {
        if (await services.store.remove(COL.likes, like._id)) {
          await services.store.increment(
            COL.counts,
            `like:${like.entryId}:${shardOf(subject.openid) % SHARDS}`,
            'n',
            -1,
          );
          n++;
        }
      }
      if (await services.store.remove(COL.profiles, subject.openid)) n++;
    }
    return n;
  },
  async undoActs(services, actor, now) {
    // Works the wrong actor submitted in the child's name go (with their files, places and awards).
    const entries = await findAll<EntryDoc>(services.store, COL.entries, {
      createdBy: actor.openid,
      rosterIds: actor.rosterId,
    });
    for (const e of entries) await deleteEntry(services, e, actor.openid, now);
    return entries.length;
  },
});
