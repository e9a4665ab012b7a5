import { C } from '../../collections';
import { registerPersonalData, type DataSubject } from '../../personalData';
import { deleteOwnUpload } from '../../uploads';
import type { UserDoc } from '../../model';
import type { Services } from '../../services';
import { bump } from '../../stats';
import { findAll } from '../../store';
import { releaseVerifyCode } from '../../certificates';
import { type FamilyPledgeDoc, type PledgeDoc, unitOf } from './common';
import { METRIC } from './metrics';

/**
 * The pledge part of an export: the subject's own online pledges (with their signature), the state of
 * the pledges of their roster entries (a paper pledge shows only kind and day: the sheet photo holds
 * classmates' signatures and the recorder is a teacher), and their own signatures on family pledges.
 */
export async function pledgeDataOf(services: Services, subject: DataSubject) {
  const own = subject.openid
    ? await findAll<PledgeDoc>(services.store, C.pledges, { openid: subject.openid })
    : [];
  const forEntries = subject.rosterIds.length
    ? await findAll<PledgeDoc>(services.store, C.pledges, { rosterId: { $in: subject.rosterIds } })
    : [];
  const byId = new Map([...own, ...forEntries].map((p) => [p._id, p]));
  const familySigned =
    subject.openid && subject.scope === 'self'
      ? await findAll<FamilyPledgeDoc>(services.store, C.familyPledges, { parentOpenids: subject.openid })
      : [];
  return {
    pledges: await Promise.all(
      [...byId.values()].map(async (p) => ({
        year: p.year,
        kind: p.kind,
        signedAt: p.signedAt,
        verifyCode: p.openid && p.openid === subject.openid ? (p.verifyCode ?? null) : null,
        signature:
          p.openid === subject.openid && p.signature
            ? p.signature.method === 'drawn'
              ? { method: 'drawn', url: await services.files.url(p.signature.fileId) }
              : { method: 'typed', typedName: p.signature.typedName }
            : null,
      })),
    ),
    familySignatures: familySigned.flatMap((f) =>
      f.parents
        .filter((x) => x.openid === subject.openid)
        .map((x) => ({
          year: f.year,
          relation: x.relation,
          signedAt: x.signedAt,
          method: x.signature.method,
        })),
    ),
  };
}

/**
 * Erase a person's pledge data (for identity.deleteMyData): their online pledges (with the signature file
 * and the verification code) and their signatures on family pledges; with `rosterId`, only those made for
 * that child (a wrong claimer's or a rejected parent's). Counters are decremented so the rates stay exact.
 * Paper pledges recorded by a teacher stay: they are the school's record, hold no account data.
 */
export async function erasePledgeData(
  services: Services,
  user: Pick<UserDoc, '_id'>,
  rosterId?: string,
): Promise<{ pledges: number; familySignatures: number }> {
  const now = services.now();
  const ofChild = rosterId ? { rosterId } : {};
  let pledges = 0;
  for (const p of await findAll<PledgeDoc>(services.store, C.pledges, { openid: user._id, ...ofChild })) {
    if (!(await services.store.remove(C.pledges, p._id))) continue;
    pledges++;
    await bump(services.store, unitOf(p), METRIC.online, -1, p.rosterId, now);
    if (p.verifyCode) await releaseVerifyCode(services, p.verifyCode);
    if (p.signature?.method === 'drawn') await deleteOwnUpload(services, p.signature.fileId, user._id);
  }
  let familySignatures = 0;
  for (const f of await findAll<FamilyPledgeDoc>(services.store, C.familyPledges, {
    parentOpenids: user._id,
    ...ofChild,
  })) {
    const mine = f.parents.filter((x) => x.openid === user._id);
    const others = f.parents.filter((x) => x.openid !== user._id);
    familySignatures += mine.length;
    if (others.length === 0) {
      if (await services.store.remove(C.familyPledges, f._id)) {
        await bump(services.store, unitOf(f), METRIC.family, -1, f.rosterId, now);
      }
    } else {
      await services.store.update(C.familyPledges, f._id, {
        $set: { parents: others, parentOpenids: others.map((x) => x.openid) },
      });
    }
    for (const x of mine) {
      if (x.signature.method === 'drawn') await deleteOwnUpload(services, x.signature.fileId, user._id);
    }
  }
  return { pledges, familySignatures };
}

registerPersonalData({
  key: 'pledge',
  export: pledgeDataOf,
  async erase(services, subject) {
    if (!subject.openid) return 0;
    const r = await erasePledgeData(services, { _id: subject.openid });
    return r.pledges + r.familySignatures;
  },
  async undoActs(services, actor) {
    const r = await erasePledgeData(services, { _id: actor.openid }, actor.rosterId);
    return r.pledges + r.familySignatures;
  },
});
