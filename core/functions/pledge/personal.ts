import { C } from '../../collections';
import type { UserDoc } from '../../model';
import type { Services } from '../../services';
import { bump } from '../../stats';
import { findAll } from '../../store';
import { releaseVerifyCode } from '../../certificates';
import { type FamilyPledgeDoc, type PledgeDoc, unitOf } from './common';
import { METRIC } from './metrics';

/** Everything the pledge feature stores about a person (for identity.exportMyData). */
export async function pledgeDataOf(services: Services, user: UserDoc) {
  const rosterIds = user.roles.flatMap((g) => (g.role === 'student' ? [g.rosterId] : []));
  return {
    pledges: await findAll<PledgeDoc>(services.store, C.pledges, { openid: user._id }),
    pledgesForMyRosterEntries: rosterIds.length
      ? await findAll<PledgeDoc>(services.store, C.pledges, { rosterId: { $in: rosterIds } })
      : [],
    familyPledgesSigned: await findAll<FamilyPledgeDoc>(services.store, C.familyPledges, {
      parentOpenids: user._id,
    }),
  };
}

/**
 * Erase a person's pledge data (for identity.deleteMyData): their online pledges (with the signature file
 * and the verification code) and their signatures on family pledges. Counters are decremented so the rates
 * stay exact. Paper pledges recorded by a teacher stay: they are the school's record, hold no account data.
 */
export async function erasePledgeData(
  services: Services,
  user: UserDoc,
): Promise<{ pledges: number; familySignatures: number }> {
  const now = services.now();
  let pledges = 0;
  for (const p of await findAll<PledgeDoc>(services.store, C.pledges, { openid: user._id })) {
    if (!(await services.store.remove(C.pledges, p._id))) continue;
    pledges++;
    await bump(services.store, unitOf(p), METRIC.online, -1, p.rosterId, now);
    if (p.verifyCode) await releaseVerifyCode(services, p.verifyCode);
    if (p.signature?.method === 'drawn') await services.files.remove(p.signature.fileId);
  }
  let familySignatures = 0;
  for (const f of await findAll<FamilyPledgeDoc>(services.store, C.familyPledges, {
    parentOpenids: user._id,
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
    for (const x of mine) if (x.signature.method === 'drawn') await services.files.remove(x.signature.fileId);
  }
  return { pledges, familySignatures };
}
