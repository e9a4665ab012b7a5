import { z } from 'zod';
import { C } from '../../collections';
import { denied, notFound } from '../../errors';
import type { ClassDoc, FamilyDoc, RosterDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { bump } from '../../stats';
import { maySeeChild, mustActiveLink } from '../../permissions';
import { DuplicateKeyError, findAll } from '../../store';
import { markUsed, ownUpload, takeOver } from '../../uploads';
import {
  type FamilyPledgeDoc,
  type FamilySignature,
  mustCampaign,
  pledgeId,
  PLEDGE_PHASES,
  type PledgeDoc,
  unitOf,
} from './common';
import { METRIC } from './metrics';
import { signatureInput, signatureView } from './sign';
import { effectiveLetter, FAMILY_PROMISE } from './texts';

/** Most children one family pledge covers in one call. */
const MAX_CHILDREN = 6;

/** A family record: the child's pledge and every parent signature, for a linked parent or the child. */
async function familyRecordOf(services: Services, viewer: string, entry: RosterDoc, year: number) {
  const [cls, school, pledge, family] = await Promise.all([
    services.store.get<ClassDoc>(C.classes, entry.classId),
    services.store.get<SchoolDoc>(C.schools, entry.schoolId),
    services.store.get<PledgeDoc>(C.pledges, pledgeId(year, entry._id)),
    services.store.get<FamilyPledgeDoc>(C.familyPledges, pledgeId(year, entry._id)),
  ]);
  return {
    rosterId: entry._id,
    childName: entry.name,
    className: cls ? className(cls) : '',
    schoolName: school?.name ?? '',
    child: pledge
      ? {
          kind: pledge.kind,
          signedAt: pledge.signedAt,
          signature: await signatureView(services, pledge.signature),
        }
      : null,
    parents: await Promise.all(
      (family?.parents ?? []).map(async (p) => ({
        relation: p.relation,
        signedAt: p.signedAt,
        isMe: p.openid === viewer,
        signature: await signatureView(services, p.signature),
      })),
    ),
    familySigned: !!family,
    iSigned: !!family?.parentOpenids.includes(viewer),
  };
}

/**
 * A parent signs 「文明上网 从我家做起」 for the family, linked to one or more of their children. Each child's
 * family counts once toward the class family rate however many parents sign. Writes per child: one insert
 * and one sharded counter upsert for the first parent; one update for each further parent.
 */
export const signFamily = defineAction({
  title: '家庭承诺',
  input: z
    .object({
      rosterIds: z.array(s.id).min(1, '请选择孩子').max(MAX_CHILDREN, `一次最多 ${MAX_CHILDREN} 个孩子`),
      promise: z.literal(true, { errorMap: () => ({ message: '请先勾选「我们承诺」' }) }),
      signature: signatureInput,
    })
    .strict(),
  access: ['parent'],
  phases: PLEDGE_PHASES,
  async handler({ services, openid, now }, input) {
    const campaign = await mustCampaign(services);
    const rosterIds = [...new Set(input.rosterIds)];
    const links = await Promise.all(rosterIds.map((id) => mustActiveLink(services, openid, id)));
    const entries = await Promise.all(
      rosterIds.map(async (id) => {
        const entry = await services.store.get<RosterDoc>(C.roster, id);
        if (!entry) throw notFound('孩子的名单条目不存在，请联系老师');
        return entry;
      }),
    );
    const upload =
      input.signature.method === 'drawn'
        ? await ownUpload(services, input.signature.fileId, openid, 'signature')
        : null;
    // A drawn signature becomes the server's own file (nobody can swap it on the family record later).
    const signature: FamilySignature['signature'] =
      upload && input.signature.method === 'drawn'
        ? { method: 'drawn', fileId: await takeOver(services, upload) }
        : input.signature;
    const at = now.toISOString();
    const records = [];
    for (const [i, entry] of entries.entries()) {
      const mine: FamilySignature = {
        openid,
        relation: links[i].relation,
        signature,
        signedAt: at,
      };
      const letter = await effectiveLetter(services, entry.schoolId);
      const doc: FamilyPledgeDoc = {
        _id: pledgeId(campaign.year, entry._id),
        year: campaign.year,
        rosterId: entry._id,
        ...unitOf(entry),
        parents: [mine],
        parentOpenids: [openid],
        text: { scope: letter.scope, version: letter.version },
        firstSignedAt: at,
      };
      try {
        await services.store.insert(C.familyPledges, doc);
        await bump(services.store, unitOf(entry), METRIC.family, 1, entry._id, now);
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        // Another parent (or this one, retrying) signed first: add this signature once, count nothing.
        await services.store.updateMany(
          C.familyPledges,
          { _id: doc._id, parentOpenids: { $ne: openid } },
          { $push: { parents: mine, parentOpenids: openid } },
        );
      }
      records.push(await familyRecordOf(services, openid, entry, campaign.year));
    }
    if (upload && signature.method === 'drawn') {
      await markUsed(services, upload, signature.fileId, `family_pledges/${openid}`);
    }
    return { records };
  },
});

/** The parent's children with their pledge states (the family pledge page). */
export const familyOverview = defineAction({
  title: '家庭承诺',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, openid }) {
    const campaign = await mustCampaign(services);
    // Only confirmed links: a pending request must not reveal the child's name or signatures.
    const links = await findAll<FamilyDoc>(services.store, C.families, {
      parentOpenid: openid,
      status: 'active',
    });
    const children = [];
    for (const link of links) {
      const entry = await services.store.get<RosterDoc>(C.roster, link.rosterId);
      if (!entry) continue;
      const record = await familyRecordOf(services, openid, entry, campaign.year);
      children.push({ ...record, relation: link.relation, linkStatus: link.status });
    }
    const letter = await effectiveLetter(services, children[0] ? links[0].schoolId : undefined);
    return { family: FAMILY_PROMISE, letterTitle: letter.title, children };
  },
});

/** One child's family record (both signatures): for a linked parent or the child. */
export const familyRecord = defineAction({
  title: '家庭承诺记录',
  input: z.object({ rosterId: s.id }).strict(),
  access: 'user',
  async handler({ services, user, openid }, { rosterId }) {
    const campaign = await mustCampaign(services);
    const entry = await services.store.get<RosterDoc>(C.roster, rosterId);
    // The same refusal whether the entry exists or not; a pupil whose claim is still pending sees nothing.
    if (!entry || !(await maySeeChild(services, user, entry))) {
      throw denied('只有孩子本人（老师确认后）和已关联的家长可以查看');
    }
    return familyRecordOf(services, openid, entry, campaign.year);
  },
});
