import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { invalid, precondition } from '../../errors';
import type { AuditDoc, RosterDoc, SchoolDoc } from '../../model';
import { maskName } from '../../privacy';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { classFor, rosterEntryFor } from '../../permissions';
import { bump } from '../../stats';
import { DuplicateKeyError, findAll } from '../../store';
import { markUsed, ownUpload, takeOver } from '../../uploads';
import { classUnitOf, mustCampaign, pledgeId, PLEDGE_PHASES, type PledgeDoc, unitOf } from './common';
import { METRIC } from './metrics';
import { effectiveLetter } from './texts';

/** Most students one paper record may cover (a class roster's cap). */
const MAX_PAPER_BATCH = 80;

/** Audit action names of paper pledge changes. */
export const PAPER_AUDIT = { record: 'pledge.paper.record', remove: 'pledge.paper.remove' } as const;

/**
 * A teacher records that chosen students signed the paper pledge, with a photo of the sheet. Students
 * who already signed (online or on paper) are skipped, so a retry changes nothing. Writes: one insert
 * per student, one sharded counter upsert for the batch, one audit record.
 */
export const recordPaper = defineAction({
  title: '登记纸质签名',
  input: z
    .object({
      classId: s.id,
      rosterIds: z.array(s.id).min(1, '请选择在纸上签了名的学生').max(MAX_PAPER_BATCH),
      photoFileId: s.fileId,
    })
    .strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  phases: PLEDGE_PHASES,
  async handler({ services, user, openid, now }, { classId, rosterIds, photoFileId }) {
    const cls = await classFor(services.store, user, classId);
    const campaign = await mustCampaign(services);
    const wanted = [...new Set(rosterIds)];
    const entries = await findAll<RosterDoc>(services.store, C.roster, { _id: { $in: wanted } });
    if (entries.length !== wanted.length || entries.some((e) => e.classId !== classId)) {
      throw invalid('所选学生不在这个班级的名单里，请刷新后重试');
    }
    const upload = await ownUpload(services, photoFileId, openid, 'paperSheet');
    const sheet = await takeOver(services, upload);
    const letter = await effectiveLetter(services, cls.schoolId);
    const school = await services.store.get<SchoolDoc>(C.schools, cls.schoolId);
    const at = now.toISOString();
    const added: string[] = [];
    const skipped: { rosterId: string; name: string; reason: string }[] = [];
    for (const entry of entries) {
      const doc: PledgeDoc = {
        _id: pledgeId(campaign.year, entry._id),
        year: campaign.year,
        rosterId: entry._id,
        ...unitOf(entry),
        kind: 'paper',
        maskedName: maskName(entry.name),
        schoolName: school?.name ?? '',
        signedAt: at,
        text: { scope: letter.scope, version: letter.version },
        recordedBy: openid,
        photoFileId: sheet,
      };
      try {
        await services.store.insert(C.pledges, doc);
        added.push(entry._id);
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        const existing = await services.store.get<PledgeDoc>(C.pledges, doc._id);
        skipped.push({
          rosterId: entry._id,
          name: entry.name,
          reason: existing?.kind === 'online' ? '已在手机上签名' : '已登记过纸质签名',
        });
      }
    }
    if (added.length) {
      await markUsed(services, upload, sheet, `pledges/paper:${classId}`);
      await bump(services.store, classUnitOf(cls), METRIC.paper, added.length, classId, now);
      await audit(services, openid, PAPER_AUDIT.record, classId, { rosterIds: added, photoFileId: sheet });
    }
    return { added: added.length, addedIds: added, skipped };
  },
});

/** A teacher withdraws a paper record made by mistake (with a reason); online pledges cannot be removed here. */
export const removePaper = defineAction({
  title: '撤销纸质签名登记',
  input: z
    .object({
      rosterId: s.id,
      reason: z.string().trim().min(2, '请写明撤销原因').max(100, '原因最多 100 字'),
    })
    .strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, openid, now }, { rosterId, reason }) {
    const { entry } = await rosterEntryFor(services.store, user, rosterId);
    const campaign = await mustCampaign(services);
    const id = pledgeId(campaign.year, rosterId);
    const p = await services.store.get<PledgeDoc>(C.pledges, id);
    if (!p) throw precondition('这个学生还没有签名记录');
    if (p.kind !== 'paper') throw precondition('这是学生本人在手机上的签名，不能由老师撤销');
    if (await services.store.remove(C.pledges, id)) {
      await bump(services.store, unitOf(entry), METRIC.paper, -1, entry.classId, now);
      await audit(services, openid, PAPER_AUDIT.remove, entry.classId, {
        rosterId,
        reason,
        recordedBy: p.recordedBy,
        recordedAt: p.signedAt,
        photoFileId: p.photoFileId,
      });
    }
    return { removed: true };
  },
});

/** Every paper-pledge change of a class (who, when, what), newest first. */
export const paperHistory = defineAction({
  title: '纸质签名登记记录',
  input: z.object({ classId: s.id }).strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, openid }, { classId }) {
    await classFor(services.store, user, classId);
    const docs = await services.store.find<AuditDoc>(
      C.audit,
      { target: classId, action: { $in: [PAPER_AUDIT.record, PAPER_AUDIT.remove] } },
      { sort: { at: -1 }, limit: 50 },
    );
    const roster = await findAll<RosterDoc>(services.store, C.roster, { classId });
    const nameOf = new Map(roster.map((r) => [r._id, r.name]));
    return Promise.all(
      docs.map(async (d) => {
        const detail = (d.detail ?? {}) as {
          rosterIds?: string[];
          rosterId?: string;
          reason?: string;
          photoFileId?: string;
        };
        const ids = detail.rosterIds ?? (detail.rosterId ? [detail.rosterId] : []);
        return {
          at: d.at,
          action: d.action === PAPER_AUDIT.record ? ('record' as const) : ('remove' as const),
          byMe: d.actor === openid,
          names: ids.map((id) => nameOf.get(id) ?? '（已移出名单）'),
          reason: detail.reason ?? null,
          photoUrl: detail.photoFileId ? await services.files.url(detail.photoFileId) : null,
        };
      }),
    );
  },
});
