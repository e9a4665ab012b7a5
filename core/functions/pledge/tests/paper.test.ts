import { C } from '../../../collections';
import type { AuditDoc } from '../../../model';
import type { PledgeDoc } from '../common';
import {
  DEMO_CLASS,
  DEMO_ROSTER_ID,
  DEMO_USERS,
  pledgeHarness,
  totalsAfterRollup,
  typedSign,
  upload,
} from './kit';

const TEACHER = DEMO_USERS.teacher;
const R2 = 'class-lvyin-3-2-r2';
const R3 = 'class-lvyin-3-2-r3';

describe('pledge paper pledges', () => {
  it('records chosen students with a photo, counts them offline, audits every change', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    const photoFileId = await upload(h, TEACHER, 300_000, 'image/jpeg', 'paperSheet');
    const res = await h.ok(TEACHER, 'pledge', 'recordPaper', {
      classId: DEMO_CLASS,
      rosterIds: [R2, R3, DEMO_ROSTER_ID],
      photoFileId,
    });
    expect(res.added).toBe(2);
    expect(res.skipped).toEqual([{ rosterId: DEMO_ROSTER_ID, name: '王小雨', reason: '已在手机上签名' }]);
    expect((await h.get<PledgeDoc>(C.pledges, `2026:${R2}`))?.kind).toBe('paper');
    const totals = await totalsAfterRollup(h, 'city');
    expect(totals).toMatchObject({ pledgeOnline: 1, pledgeOffline: 2 });
    // Retrying the same record changes nothing.
    await h.unchanged(() =>
      h.ok(TEACHER, 'pledge', 'recordPaper', { classId: DEMO_CLASS, rosterIds: [R2, R3], photoFileId }),
    );
    h.clock.advanceMs(60_000);
    await h.ok(TEACHER, 'pledge', 'removePaper', { rosterId: R3, reason: '登记错了学生' });
    expect((await totalsAfterRollup(h, `k:${DEMO_CLASS}`)).pledgeOffline).toBe(1);
    const log = await h.store.find<AuditDoc>(
      C.audit,
      { action: { $in: ['pledge.paper.record', 'pledge.paper.remove'] } },
      { sort: { at: 1 } },
    );
    expect(log.map((a) => [a.actor, a.action])).toEqual([
      [TEACHER, 'pledge.paper.record'],
      [TEACHER, 'pledge.paper.remove'],
    ]);
    expect(log[0].detail).toMatchObject({
      rosterIds: [R2, R3],
      photoFileId: h.services.files.pinnedId(photoFileId),
    });
    expect(log[1].detail).toMatchObject({ rosterId: R3, reason: '登记错了学生' });
    const history = await h.ok(TEACHER, 'pledge', 'paperHistory', { classId: DEMO_CLASS });
    expect(history.map((x) => [x.action, x.names])).toEqual([
      ['remove', ['张子涵']],
      ['record', ['李晨阳', '张子涵']],
    ]);
    const view = await h.ok(TEACHER, 'pledge', 'classView', { classId: DEMO_CLASS });
    expect(view.figures).toMatchObject({ roster: 8, online: 1, paper: 1, signed: 2, rate: 25 });
  });

  it('refuses online pledges, other classes, missing photos, wrong roles and bad input', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.student, 'pledge', 'sign', await typedSign(h));
    const photoFileId = await upload(h, TEACHER, 2048, 'image/png', 'paperSheet');
    await h.rejects(
      TEACHER,
      'pledge',
      'removePaper',
      { rosterId: DEMO_ROSTER_ID, reason: '想撤销' },
      'FAILED_PRECONDITION',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'removePaper',
      { rosterId: R2, reason: '想撤销' },
      'FAILED_PRECONDITION',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'recordPaper',
      { classId: 'class-xinghe-7-1', rosterIds: ['class-xinghe-7-1-r1'], photoFileId },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'recordPaper',
      { classId: DEMO_CLASS, rosterIds: ['class-xinghe-7-1-r1'], photoFileId },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'recordPaper',
      {
        classId: DEMO_CLASS,
        rosterIds: [R2],
        photoFileId: 'local://00000000-0000-4000-8000-000000000000.jpg',
      },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'recordPaper',
      { classId: DEMO_CLASS, rosterIds: [R2] },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      TEACHER,
      'pledge',
      'recordPaper',
      { classId: DEMO_CLASS, rosterIds: [], photoFileId },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      DEMO_USERS.student,
      'pledge',
      'recordPaper',
      { classId: DEMO_CLASS, rosterIds: [R2], photoFileId },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.parent,
      'pledge',
      'removePaper',
      { rosterId: R2, reason: '想撤销' },
      'PERMISSION_DENIED',
    );
    await h.rejects(TEACHER, 'pledge', 'removePaper', { rosterId: R2, reason: '' }, 'INVALID_ARGUMENT');
    const foreignPhoto = await upload(h, DEMO_USERS.parent, 2048, 'image/png', 'paperSheet');
    await h.rejects(
      TEACHER,
      'pledge',
      'recordPaper',
      { classId: DEMO_CLASS, rosterIds: [R2], photoFileId: foreignPhoto },
      'PERMISSION_DENIED',
    );
  });
});
