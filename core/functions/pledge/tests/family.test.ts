import { C } from '../../../collections';
import type { UserDoc } from '../../../model';
import type { FamilyPledgeDoc } from '../common';
import { erasePledgeData, pledgeDataOf } from '../personal';
import {
  DEMO_CLASS,
  DEMO_ROSTER_ID,
  DEMO_USERS,
  pledgeHarness,
  totalsAfterRollup,
  typedSign,
  upload,
} from './kit';

const PARENT = DEMO_USERS.parent;
const FAMILY_ID = `2026:${DEMO_ROSTER_ID}`;

describe('pledge family pledge 「文明上网 从我家做起」', () => {
  it('a parent signs for the family; the record shows both signatures; the class family rate counts it', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    const fileId = await upload(h, PARENT);
    const res = await h.ok(PARENT, 'pledge', 'signFamily', {
      rosterIds: [DEMO_ROSTER_ID],
      promise: true,
      signature: { method: 'drawn', fileId },
    });
    const record = res.records[0];
    expect(record.child).toMatchObject({
      kind: 'online',
      signature: { method: 'typed', typedName: '王小雨' },
    });
    expect(record.parents).toEqual([
      expect.objectContaining({
        relation: '母亲',
        isMe: true,
        signature: { method: 'drawn', url: expect.any(String) },
      }),
    ]);
    // The child sees the same family record.
    const seenByChild = await h.ok(DEMO_USERS.student, 'pledge', 'familyRecord', {
      rosterId: DEMO_ROSTER_ID,
    });
    expect(seenByChild.parents).toHaveLength(1);
    expect(seenByChild.familySigned).toBe(true);
    expect((await totalsAfterRollup(h, `k:${DEMO_CLASS}`)).familyPledge).toBe(1);
    const view = await h.ok(DEMO_USERS.teacher, 'pledge', 'classView', { classId: DEMO_CLASS });
    expect(view.figures).toMatchObject({ roster: 8, family: 1, familyRate: 12.5, online: 1, rate: 12.5 });
    expect(view.students.find((s) => s.rosterId === DEMO_ROSTER_ID)).toMatchObject({
      status: 'online',
      parentSigned: true,
    });
  });

  it('signing again is harmless; a second parent adds a signature but the family counts once', async () => {
    const h = await pledgeHarness();
    const input = {
      rosterIds: [DEMO_ROSTER_ID],
      promise: true,
      signature: { method: 'typed', typedName: '王建国' },
    };
    await h.ok(PARENT, 'pledge', 'signFamily', input);
    await h.unchanged(() => h.ok(PARENT, 'pledge', 'signFamily', input));
    await Promise.all([
      h.call(PARENT, 'pledge', 'signFamily', input),
      h.call(PARENT, 'pledge', 'signFamily', input),
    ]);
    await h.ok(DEMO_USERS.newParent, 'identity', 'linkChild', { familyCode: '246810', relation: '父亲' });
    const both = await h.ok(DEMO_USERS.newParent, 'pledge', 'signFamily', input);
    expect(both.records[0].parents.map((p) => p.relation)).toEqual(['母亲', '父亲']);
    const doc = await h.get<FamilyPledgeDoc>(C.familyPledges, FAMILY_ID);
    expect(doc?.parentOpenids).toEqual([PARENT, DEMO_USERS.newParent]);
    expect((await totalsAfterRollup(h, 'city')).familyPledge).toBe(1);
  });

  it('refuses a parent who is not linked, non-parents, bad input and closed phases', async () => {
    const h = await pledgeHarness();
    const ok = {
      rosterIds: [DEMO_ROSTER_ID],
      promise: true,
      signature: { method: 'typed', typedName: '王建国' },
    };
    await h.rejects(
      PARENT,
      'pledge',
      'signFamily',
      { ...ok, rosterIds: ['class-lvyin-3-2-r2'] },
      'PERMISSION_DENIED',
    );
    await h.rejects(DEMO_USERS.student, 'pledge', 'signFamily', ok, 'PERMISSION_DENIED');
    await h.rejects(
      DEMO_USERS.teacher,
      'pledge',
      'familyRecord',
      { rosterId: DEMO_ROSTER_ID },
      'PERMISSION_DENIED',
    );
    await h.rejects(PARENT, 'pledge', 'signFamily', { ...ok, rosterIds: [] }, 'INVALID_ARGUMENT');
    await h.rejects(PARENT, 'pledge', 'signFamily', { ...ok, promise: false }, 'INVALID_ARGUMENT');
    await h.rejects(
      PARENT,
      'pledge',
      'signFamily',
      { ...ok, signature: { method: 'drawn', fileId: 'local://00000000-0000-4000-8000-000000000000.png' } },
      'PERMISSION_DENIED',
    );
    h.clock.advanceDays(70);
    await h.rejects(PARENT, 'pledge', 'signFamily', ok, 'FAILED_PRECONDITION');
  });

  it('lists the parent’s children with their states', async () => {
    const h = await pledgeHarness();
    const overview = await h.ok(PARENT, 'pledge', 'familyOverview', {});
    expect(overview.children).toEqual([
      expect.objectContaining({
        rosterId: DEMO_ROSTER_ID,
        childName: '王小雨',
        child: null,
        familySigned: false,
        linkStatus: 'active',
      }),
    ]);
    expect(overview.family.title).toBe('文明上网 从我家做起');
  });
});

describe('pledge personal data', () => {
  it('exports and erases a person’s pledges and family signatures, keeping the counts exact', async () => {
    const h = await pledgeHarness();
    const fileId = await upload(h, DEMO_USERS.student);
    await h.ok(
      DEMO_USERS.student,
      'pledge',
      'sign',
      await typedSign(h, { signature: { method: 'drawn', fileId } }),
    );
    const input = {
      rosterIds: [DEMO_ROSTER_ID],
      promise: true,
      signature: { method: 'typed', typedName: '王建国' },
    };
    await h.ok(PARENT, 'pledge', 'signFamily', input);
    await h.ok(DEMO_USERS.newParent, 'identity', 'linkChild', { familyCode: '246810', relation: '父亲' });
    await h.ok(DEMO_USERS.newParent, 'pledge', 'signFamily', input);
    const student = (await h.get<UserDoc>(C.users, DEMO_USERS.student))!;
    const parent = (await h.get<UserDoc>(C.users, PARENT))!;
    const self = (u: UserDoc) => ({
      openid: u._id,
      user: u,
      rosterIds: u.roles.flatMap((g) => (g.role === 'student' ? [g.rosterId] : [])),
      scope: 'self' as const,
    });
    const exported = await pledgeDataOf(h.services, self(student));
    expect(exported.pledges).toHaveLength(1);
    expect((await pledgeDataOf(h.services, self(parent))).familySignatures).toHaveLength(1);

    expect(await erasePledgeData(h.services, student)).toEqual({ pledges: 1, familySignatures: 0 });
    expect(await h.services.files.stat(fileId)).toBeNull();
    expect(await erasePledgeData(h.services, parent)).toEqual({ pledges: 0, familySignatures: 1 });
    const doc = await h.get<FamilyPledgeDoc>(C.familyPledges, FAMILY_ID);
    expect(doc?.parentOpenids).toEqual([DEMO_USERS.newParent]);
    const totals = await totalsAfterRollup(h, `k:${DEMO_CLASS}`);
    expect(totals).toMatchObject({ pledgeOnline: 0, familyPledge: 1 });
    const newParent = (await h.get<UserDoc>(C.users, DEMO_USERS.newParent))!;
    await erasePledgeData(h.services, newParent);
    expect((await totalsAfterRollup(h, `k:${DEMO_CLASS}`)).familyPledge).toBe(0);
    expect(await h.store.count(C.familyPledges, {})).toBe(0);
  });
});
