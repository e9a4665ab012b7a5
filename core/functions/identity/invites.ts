import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { normaliseCode } from '../../codes';
import { denied, notFound, precondition } from '../../errors';
import type { CampaignDoc, InviteDoc, RoleGrant, UserDoc } from '../../model';
import { defaultPhases } from '../../phases';
import { yearIn } from '../../time';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { DuplicateKeyError } from '../../store';
import { throttleLookup } from '../../rateLimit';

/** Compare two secrets in time independent of where they differ. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Add a role grant to a user unless an identical one is there. */
export async function grantRole(services: Services, user: UserDoc, grant: RoleGrant): Promise<RoleGrant[]> {
  const same = (g: RoleGrant) => JSON.stringify(g) === JSON.stringify(grant);
  if (user.roles.some(same)) return user.roles;
  // $addToSet rather than $set of [...user.roles, grant]: two grants to one user in parallel (say a
  // claim and an invite) must not overwrite each other from the same stale read.
  await services.store.update(C.users, user._id, {
    $addToSet: { roles: grant },
    $set: { updatedAt: services.now().toISOString() },
  });
  const fresh = await services.store.get<UserDoc>(C.users, user._id);
  return fresh?.roles ?? [...user.roles, grant];
}

/** Redeem an invite code: the caller becomes district admin, school admin, teacher or judge of its scope. */
export const redeemInvite = defineAction({
  title: '使用邀请码',
  input: z.object({ code: s.code }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }, input) {
    const code = normaliseCode(input.code);
    await throttleLookup(services, 'invite', openid, code, now);
    const inv = await services.store.get<InviteDoc>(C.invites, code);
    if (!inv) throw notFound('邀请码不正确，请核对后重新输入，或请发给您邀请码的管理员重新生成');
    if (inv.revoked) throw precondition('该邀请码已被撤销');
    if (inv.expiresAt < now.toISOString()) throw precondition('该邀请码已过期，请联系管理员重新邀请');
    const taken = await services.store.updateMany(
      C.invites,
      { _id: code, usesLeft: { $gt: 0 }, revoked: { $ne: true } },
      { $inc: { usesLeft: -1 } },
    );
    if (taken !== 1) throw precondition('该邀请码已被使用');
    let grant: RoleGrant;
    if (inv.role === 'judge') {
      grant = {
        role: 'judge',
        name: inv.name ?? '评委',
        ...(inv.districtId ? { districtId: inv.districtId } : {}),
        ...(inv.schoolId ? { schoolId: inv.schoolId } : {}),
      };
    } else if (inv.role === 'district_admin') grant = { role: 'district_admin', districtId: inv.districtId! };
    else if (inv.role === 'school_admin')
      grant = { role: 'school_admin', districtId: inv.districtId!, schoolId: inv.schoolId! };
    else grant = { role: 'teacher', districtId: inv.districtId!, schoolId: inv.schoolId! };
    const roles = await grantRole(services, user, grant);
    for (const classId of inv.classIds ?? []) {
      await services.store.update(C.classes, classId, { $addToSet: { teacherIds: openid } });
    }
    await services.store.update(C.invites, code, { $set: { usedBy: openid, usedAt: now.toISOString() } });
    await audit(services, openid, 'invite.redeem', code, { role: inv.role });
    return { roles };
  },
});

/** Unique key that only one bootstrap can ever take: two parallel calls cannot make two city admins. */
export const BOOTSTRAP_KEY = 'city-admin:bootstrap';

/**
 * First start of a deployment: the person who knows the bootstrap code (set by the operator in the
 * environment) becomes city admin, while the city has none. Attempts are throttled like every code,
 * the code is compared in constant time, and a unique key makes it happen at most once.
 */
export const bootstrapCity = defineAction({
  title: '初始化市级管理员',
  input: z.object({ code: z.string().min(8).max(128) }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }, { code }) {
    await throttleLookup(services, 'bootstrap', openid, 'bootstrap', now);
    const expected = services.config.bootstrapCode;
    if (!expected || !sameSecret(code, expected)) throw denied('初始化码不正确');
    const existing = await services.store.count(C.users, { 'roles.role': 'city_admin' });
    if (existing > 0) throw precondition('本市已有市级管理员，请由其邀请');
    try {
      await services.store.insert(C.meta, { _id: BOOTSTRAP_KEY, ref: openid });
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw precondition('本市已有市级管理员，请由其邀请');
      throw err;
    }
    const roles = await grantRole(services, user, { role: 'city_admin' });
    if (!(await services.store.get(C.campaigns, 'current'))) {
      // A fresh deployment gets the plan's default calendar for this year; the city admin can move it.
      const year = yearIn(now);
      const campaign: CampaignDoc = {
        _id: 'current',
        title: '争做濮阳好网民',
        theme: '校园好网民，弘扬正能量',
        year,
        cityName: '濮阳市',
        phases: defaultPhases(year),
        updatedAt: now.toISOString(),
      };
      await services.store.insert(C.campaigns, campaign);
    }
    await audit(services, openid, 'city.bootstrap', openid);
    return { roles };
  },
});
