import { C } from '../../collections';
import { DEMO_CODES } from '../../demo/seed';
import type { ConsentDoc, FamilyDoc, InviteDoc, RosterDoc, UserDoc } from '../../model';
import { CONSENT_VERSION, CONSENT_WORDING } from '../../privacy';
import { createHarness, DEMO_USERS as U, expectError, long, type Harness } from '../../../testing/harness';

const CLASS_A = 'class-lvyin-3-2';
const CLASS_B = 'class-xinghe-7-1';
/** 王小雨: claimed (approved) by the demo student, linked to the demo parent with consent. */
const R1 = `${CLASS_A}-r1`;
/** 李晨阳: unclaimed. */
const R2 = `${CLASS_A}-r2`;
/** 张子涵: unclaimed. */
const R3 = `${CLASS_A}-r3`;
/** 周明哲 of class B. */
const B1 = `${CLASS_B}-r1`;

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  // The app calls identity.me first; it creates the user documents of the two newcomers.
  await h.login(U.newcomer);
  await h.login(U.newParent);
});

const roleNames = (roles: { role: string }[]) => roles.map((g) => g.role).sort();

/** A fresh under-14 student: the newcomer claims 李晨阳 (小学三年级), the teacher approves, and they get a family code. */
async function newStudentWithCode() {
  await h.ok(U.newcomer, 'identity', 'claimRoster', {
    classCode: DEMO_CODES.classCode,
    rosterId: R2,
    confirmName: '李晨阳',
  });
  await h.ok(U.teacher, 'org', 'approveClaim', { rosterId: R2 });
  const { familyCode } = await h.ok(U.newcomer, 'identity', 'createFamilyCode', {});
  return familyCode;
}

describe('identity.me', () => {
  it('describes a student: class, claim and consent state', async () => {
    const me = await h.ok(U.student, 'identity', 'me', {});
    expect(me.openid).toBe(U.student);
    expect(me.roles).toEqual([
      expect.objectContaining({
        role: 'student',
        classId: CLASS_A,
        className: '小学三年级2班',
        schoolName: '华龙区绿茵小学',
        districtName: '华龙区',
      }),
    ]);
    expect(me.student).toEqual({
      rosterId: R1,
      name: '王小雨',
      claimStatus: 'approved',
      className: '小学三年级2班',
      classId: CLASS_A,
      under14: true,
      guardianCount: 1,
      consent: true,
    });
    expect(me.children).toEqual([]);
  });

  it('lists a parent’s children with consent state', async () => {
    const me = await h.ok(U.parent, 'identity', 'me', {});
    expect(me.student).toBeNull();
    expect(me.children).toEqual([
      expect.objectContaining({
        rosterId: R1,
        name: '王小雨',
        relation: '母亲',
        status: 'active',
        under14: true,
        consentGiven: true,
      }),
    ]);
  });

  it('creates an empty user on first contact, then reads without writing', async () => {
    expect(await h.get(C.users, 'first-time')).toBeNull();
    const me = await h.ok('first-time', 'identity', 'me', {});
    expect(me).toEqual({ openid: 'first-time', roles: [], student: null, children: [] });
    expect(await h.get<UserDoc>(C.users, 'first-time')).toMatchObject({ _id: 'first-time', roles: [] });
    await h.unchanged(() => h.ok('first-time', 'identity', 'me', {}));
  });

  it('refuses bad input and anonymous callers without writing', async () => {
    await h.rejects(U.student, 'identity', 'me', { extra: 1 }, 'INVALID_ARGUMENT');
    await h.rejects(null, 'identity', 'me', {}, 'UNAUTHENTICATED');
  });
});

describe('identity.leave', () => {
  it('a student leaves: roster entry freed, role and family codes gone', async () => {
    const out = await h.ok(U.student, 'identity', 'leave', { role: 'student' });
    expect(out.roles).toEqual([]);
    const entry = await h.get<RosterDoc>(C.roster, R1);
    expect(entry).toMatchObject({ claimStatus: 'unclaimed' });
    expect(entry).not.toHaveProperty('claimedBy');
    // The birth year the teacher recorded belongs to the child's entry, not to the account that left.
    expect(entry).toHaveProperty('birthYear');
    expect(await h.get(C.familyCodes, DEMO_CODES.familyCode)).toBeNull();
    expect((await h.ok(U.student, 'identity', 'me', {})).student).toBeNull();
    // The entry can be claimed again.
    await h.ok(U.newcomer, 'identity', 'claimRoster', {
      classCode: DEMO_CODES.classCode,
      rosterId: R1,
      confirmName: '王小雨',
    });
  });

  it('a parent leaves one child: link removed, consent withdrawn, parent role dropped', async () => {
    const out = await h.ok(U.parent, 'identity', 'leave', { role: 'parent', rosterId: R1 });
    expect(out.roles).toEqual([]);
    expect(await h.get(C.families, `${U.parent}:${R1}`)).toBeNull();
    const consent = await h.get<ConsentDoc>(C.consents, 'consent-demo-1');
    expect(consent?.revokedAt).toBe(h.clock.now().toISOString());
    expect((await h.ok(U.student, 'identity', 'me', {})).student?.consent).toBe(false);
  });

  it('a parent with two children keeps the role after leaving one', async () => {
    await h.ok(U.parent, 'identity', 'requestLink', {
      classCode: DEMO_CODES.classCode,
      rosterId: R3,
      relation: '母亲',
    });
    const out = await h.ok(U.parent, 'identity', 'leave', { role: 'parent', rosterId: R1 });
    expect(roleNames(out.roles)).toEqual(['parent']);
    const me = await h.ok(U.parent, 'identity', 'me', {});
    expect(me.children.map((c) => c.rosterId)).toEqual([R3]);
  });

  it('a teacher leaves: taken off their classes and loses access', async () => {
    const out = await h.ok(U.teacher, 'identity', 'leave', { role: 'teacher' });
    expect(out.roles).toEqual([]);
    expect((await h.get<{ _id: string; teacherIds: string[] }>(C.classes, CLASS_A))?.teacherIds).toEqual([]);
    await h.rejects(U.teacher, 'org', 'getClass', { classId: CLASS_A }, 'PERMISSION_DENIED');
  });

  it('a school admin leaves the role', async () => {
    const out = await h.ok(U.schoolAdmin, 'identity', 'leave', { role: 'school_admin' });
    expect(out.roles).toEqual([]);
    await h.rejects(U.schoolAdmin, 'org', 'getSchool', { schoolId: 'school-lvyin' }, 'PERMISSION_DENIED');
  });

  it('refuses a role the caller does not hold, without writing', async () => {
    const err = await h.rejects(U.newcomer, 'identity', 'leave', { role: 'student' }, 'FAILED_PRECONDITION');
    expect(err.message).toBe('你没有这个身份');
    await h.rejects(U.teacher, 'identity', 'leave', { role: 'parent' }, 'FAILED_PRECONDITION');
  });

  it.each([
    ['missing role', {}],
    ['role outside the enum', { role: 'city_admin' }],
    ['role of the wrong type', { role: 3 }],
    ['oversized rosterId', { role: 'parent', rosterId: long(65, 'x') }],
    ['rosterId of the wrong type', { role: 'parent', rosterId: 7 }],
    ['unknown field', { role: 'parent', everything: true }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.parent, 'identity', 'leave', input, 'INVALID_ARGUMENT');
  });

  it('refuses anonymous callers', async () => {
    await h.rejects(null, 'identity', 'leave', { role: 'student' }, 'UNAUTHENTICATED');
  });
});

describe('identity.exportMyData', () => {
  it('exports a student’s roles, roster entry and family codes, without writing', async () => {
    const data = await h.unchanged(() => h.ok(U.student, 'identity', 'exportMyData', {}));
    expect(data.account.roles.map((g) => g.role)).toEqual(['student']);
    expect(data.account.rosterEntries).toEqual([
      expect.objectContaining({ name: '王小雨', claimStatus: 'approved' }),
    ]);
    expect(data.account.familyCodes.map((c) => c.code)).toEqual([DEMO_CODES.familyCode]);
    expect(data.account.familyLinks).toEqual([]);
    expect(data.account.consentsGiven).toEqual([]);
    expect(data).toHaveProperty('pledge');
    expect(data).toHaveProperty('cards');
  });

  it('exports a parent’s links and consents', async () => {
    const data = await h.ok(U.parent, 'identity', 'exportMyData', {});
    expect(data.account.familyLinks).toEqual([expect.objectContaining({ rosterId: R1, confirmed: true })]);
    expect(data.account.consentsGiven).toEqual([
      expect.objectContaining({ rosterId: R1, wording: CONSENT_WORDING, wordingVersion: CONSENT_VERSION }),
    ]);
    expect(data.account.rosterEntries).toEqual([]);
  });

  it('refuses bad input and anonymous callers without writing', async () => {
    await h.rejects(U.student, 'identity', 'exportMyData', { format: 'csv' }, 'INVALID_ARGUMENT');
    await h.rejects(null, 'identity', 'exportMyData', {}, 'UNAUTHENTICATED');
  });
});

describe('identity.deleteMyData', () => {
  it('deletes a student: user removed, roster entry freed (not deleted), codes gone', async () => {
    expect(await h.ok(U.student, 'identity', 'deleteMyData', { confirm: true })).toEqual({ deleted: true });
    expect(await h.get(C.users, U.student)).toBeNull();
    const entry = await h.get<RosterDoc>(C.roster, R1);
    expect(entry).toMatchObject({ name: '王小雨', claimStatus: 'unclaimed' });
    expect(entry).not.toHaveProperty('claimedBy');
    expect(await h.get(C.familyCodes, DEMO_CODES.familyCode)).toBeNull();
    const snap = await h.snapshot();
    expect(JSON.stringify(snap[C.roster])).not.toContain(U.student);
    // The audit records that a deletion happened, not who it was.
    expect(snap[C.audit].some((a) => a.action === 'identity.delete')).toBe(true);
    expect(JSON.stringify(snap)).not.toContain(U.student);
    // The freed entry can be claimed by its real owner.
    await h.ok(U.newcomer, 'identity', 'claimRoster', {
      classCode: DEMO_CODES.classCode,
      rosterId: R1,
      confirmName: '王小雨',
    });
  });

  it('deletes a parent: links and consents removed', async () => {
    await h.ok(U.parent, 'identity', 'deleteMyData', { confirm: true });
    expect(await h.get(C.users, U.parent)).toBeNull();
    const snap = await h.snapshot();
    expect(snap[C.families]).toEqual([]);
    expect(snap[C.consents]).toEqual([]);
    const student = (await h.ok(U.student, 'identity', 'me', {})).student;
    expect(student).toMatchObject({ guardianCount: 0, consent: false });
  });

  it('deletes a teacher: taken off their classes', async () => {
    await h.ok(U.teacher, 'identity', 'deleteMyData', { confirm: true });
    expect(await h.get(C.users, U.teacher)).toBeNull();
    expect((await h.get<{ _id: string; teacherIds: string[] }>(C.classes, CLASS_A))?.teacherIds).toEqual([]);
  });

  it.each([
    ['missing confirm', {}],
    ['confirm false', { confirm: false }],
    ['confirm as a string', { confirm: 'true' }],
    ['unknown field', { confirm: true, also: 'audit' }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.student, 'identity', 'deleteMyData', input, 'INVALID_ARGUMENT');
  });

  it('refuses anonymous callers', async () => {
    await h.rejects(null, 'identity', 'deleteMyData', { confirm: true }, 'UNAUTHENTICATED');
  });
});

describe('identity.redeemInvite', () => {
  it('grants the teacher role and the invite’s classes (code typed loosely)', async () => {
    const out = await h.ok(U.newcomer, 'identity', 'redeemInvite', { code: ' teach-er 8 ' });
    expect(out.roles).toEqual([{ role: 'teacher', districtId: 'district-1', schoolId: 'school-lvyin' }]);
    expect((await h.get<{ _id: string; teacherIds: string[] }>(C.classes, CLASS_A))?.teacherIds).toEqual([
      U.teacher,
      U.newcomer,
    ]);
    const inv = await h.get<InviteDoc>(C.invites, DEMO_CODES.teacherInvite);
    expect(inv).toMatchObject({ usesLeft: 999, usedBy: U.newcomer });
    const cls = await h.ok(U.newcomer, 'org', 'getClass', { classId: CLASS_A });
    expect(cls.roster).toHaveLength(8);
  });

  it('grants school admin and district admin roles', async () => {
    const school = await h.ok(U.newcomer, 'identity', 'redeemInvite', { code: DEMO_CODES.schoolAdminInvite });
    expect(school.roles).toEqual([
      { role: 'school_admin', districtId: 'district-1', schoolId: 'school-lvyin' },
    ]);
    const inv = await h.ok(U.cityAdmin, 'org', 'createInvite', {
      role: 'district_admin',
      districtId: 'district-3',
    });
    const district = await h.ok(U.newParent, 'identity', 'redeemInvite', { code: inv._id });
    expect(district.roles).toEqual([{ role: 'district_admin', districtId: 'district-3' }]);
    await h.ok(U.newParent, 'org', 'listSchools', { districtId: 'district-3' });
  });

  it('refuses unknown, revoked, expired and used-up codes without writing', async () => {
    await h.rejects(U.newcomer, 'identity', 'redeemInvite', { code: 'NOSUCH99' }, 'NOT_FOUND');

    await h.ok(U.schoolAdmin, 'org', 'revokeInvite', { code: DEMO_CODES.teacherInvite });
    const revoked = await h.rejects(
      U.newcomer,
      'identity',
      'redeemInvite',
      { code: DEMO_CODES.teacherInvite },
      'FAILED_PRECONDITION',
    );
    expect(revoked.message).toContain('撤销');

    const inv = await h.ok(U.schoolAdmin, 'org', 'createInvite', {
      role: 'teacher',
      schoolId: 'school-lvyin',
    });
    await h.ok(U.newcomer, 'identity', 'redeemInvite', { code: inv._id });
    const used = await h.rejects(
      U.newParent,
      'identity',
      'redeemInvite',
      { code: inv._id },
      'FAILED_PRECONDITION',
    );
    expect(used.message).toContain('已被使用');

    const later = await h.ok(U.schoolAdmin, 'org', 'createInvite', {
      role: 'teacher',
      schoolId: 'school-lvyin',
    });
    h.clock.advanceDays(8);
    const expired = await h.rejects(
      U.newParent,
      'identity',
      'redeemInvite',
      { code: later._id },
      'FAILED_PRECONDITION',
    );
    expect(expired.message).toContain('过期');
  });

  it('a single-use invite redeemed twice in parallel: exactly one succeeds', async () => {
    const inv = await h.ok(U.schoolAdmin, 'org', 'createInvite', {
      role: 'teacher',
      schoolId: 'school-lvyin',
      classIds: [CLASS_A],
    });
    const [a, b] = await Promise.all([
      h.call(U.newcomer, 'identity', 'redeemInvite', { code: inv._id }),
      h.call(U.newParent, 'identity', 'redeemInvite', { code: inv._id }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expectError(a.ok ? b : a, 'FAILED_PRECONDITION');
    expect((await h.get<InviteDoc>(C.invites, inv._id))?.usesLeft).toBe(0);
    const teachers = (await h.snapshot())[C.users].filter((u) =>
      (u as UserDoc).roles.some((g) => g.role === 'teacher'),
    );
    expect(teachers.map((u) => u._id).sort()).toEqual([U.teacher, a.ok ? U.newcomer : U.newParent].sort());
  });

  it.each([
    ['missing code', {}],
    ['code of the wrong type', { code: 12345678 }],
    ['code too short', { code: 'AB' }],
    ['oversized code', { code: long(17, 'A') }],
    ['unknown field', { code: DEMO_CODES.teacherInvite, role: 'city_admin' }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.newcomer, 'identity', 'redeemInvite', input, 'INVALID_ARGUMENT');
  });

  it('refuses anonymous callers', async () => {
    await h.rejects(null, 'identity', 'redeemInvite', { code: DEMO_CODES.teacherInvite }, 'UNAUTHENTICATED');
  });
});

describe('identity.bootstrapCity', () => {
  const CODE = 'first-start-2026';

  it('makes the first caller city admin, then refuses a second', async () => {
    const b = await createHarness({ demo: false, bootstrapCode: CODE });
    const out = await b.ok('founder', 'identity', 'bootstrapCity', { code: CODE });
    expect(out.roles).toEqual([{ role: 'city_admin' }]);
    await b.ok('founder', 'org', 'createDistrict', { name: '华龙区' });
    await b.login('second');
    const err = await b.rejects('second', 'identity', 'bootstrapCity', { code: CODE }, 'FAILED_PRECONDITION');
    expect(err.message).toContain('已有市级管理员');
  });

  it('refuses a wrong code, or any code when bootstrap is disabled, without writing', async () => {
    const b = await createHarness({ demo: false, bootstrapCode: CODE });
    await b.login('founder');
    await b.rejects('founder', 'identity', 'bootstrapCity', { code: 'wrong-code-00' }, 'PERMISSION_DENIED');
    await h.rejects(U.newcomer, 'identity', 'bootstrapCity', { code: CODE }, 'PERMISSION_DENIED');
  });

  it.each([
    ['missing code', {}],
    ['code too short', { code: 'short' }],
    ['oversized code', { code: long(129, 'x') }],
    ['code of the wrong type', { code: 12345678 }],
    ['unknown field', { code: CODE, role: 'city_admin' }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.newcomer, 'identity', 'bootstrapCity', input, 'INVALID_ARGUMENT');
  });
});

describe('identity.lookupClass', () => {
  it('shows the class and its roster with names and numbers masked, without writing', async () => {
    const out = await h.unchanged(() =>
      h.ok(U.newcomer, 'identity', 'lookupClass', { classCode: ` ${DEMO_CODES.classCode.toLowerCase()} ` }),
    );
    expect(out).toMatchObject({
      classId: CLASS_A,
      className: '小学三年级2班',
      schoolName: '华龙区绿茵小学',
      stage: 'primary',
      grade: 3,
    });
    expect(out.roster).toHaveLength(8);
    expect(out.roster[0]).toEqual({
      rosterId: R1,
      maskedName: '王*雨',
      studentNoHint: '****01',
      claimed: true,
    });
    expect(out.roster[1]).toMatchObject({ rosterId: R2, maskedName: '李*阳', claimed: false });
    const text = JSON.stringify(out);
    for (const full of ['王小雨', '李晨阳', '030201']) expect(text).not.toContain(full);
  });

  it('answers NOT_FOUND for an unknown code without writing', async () => {
    await h.rejects(U.newcomer, 'identity', 'lookupClass', { classCode: 'ZZZZZZ' }, 'NOT_FOUND');
  });

  it.each([
    ['missing classCode', {}],
    ['classCode of the wrong type', { classCode: 123456 }],
    ['oversized classCode', { classCode: long(17, 'A') }],
    ['unknown field', { classCode: DEMO_CODES.classCode, schoolId: 'school-lvyin' }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.newcomer, 'identity', 'lookupClass', input, 'INVALID_ARGUMENT');
  });

  it('refuses anonymous callers', async () => {
    await h.rejects(null, 'identity', 'lookupClass', { classCode: DEMO_CODES.classCode }, 'UNAUTHENTICATED');
  });
});

describe('identity.claimRoster', () => {
  const claim = (extra: Record<string, unknown> = {}) => ({
    classCode: DEMO_CODES.classCode,
    rosterId: R2,
    confirmName: '李晨阳',
    ...extra,
  });

  it('claims an entry: student role granted, the teacher sees it as claimed', async () => {
    const out = await h.ok(U.newcomer, 'identity', 'claimRoster', claim());
    expect(out).toMatchObject({ className: '小学三年级2班', under14: true, claimStatus: 'claimed' });
    expect(out.roles).toEqual([
      { role: 'student', districtId: 'district-1', schoolId: 'school-lvyin', classId: CLASS_A, rosterId: R2 },
    ]);
    expect(await h.get<RosterDoc>(C.roster, R2)).toMatchObject({
      claimStatus: 'claimed',
      claimedBy: U.newcomer,
    });
    expect(await h.get<RosterDoc>(C.roster, R2)).not.toHaveProperty('birthYear');
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    expect(cls.roster.find((r) => r._id === R2)).toMatchObject({
      claimStatus: 'claimed',
      claimedAt: h.clock.now().toISOString(),
      under14: true,
    });
    const me = await h.ok(U.newcomer, 'identity', 'me', {});
    expect(me.student).toMatchObject({
      rosterId: R2,
      name: '李晨阳',
      claimStatus: 'claimed',
      consent: false,
    });
  });

  it('accepts the confirming name with stray spaces', async () => {
    await h.ok(U.newcomer, 'identity', 'claimRoster', claim({ confirmName: ' 李 晨阳 ' }));
  });

  it('claims an entry whose name contains a space (Latin names)', async () => {
    await h.ok(U.teacher, 'org', 'addRoster', { classId: CLASS_A, entries: [{ name: 'Anna Li' }] });
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    const anna = cls.roster.find((r) => r.name === 'Anna Li');
    expect(anna).toBeDefined();
    await h.ok(U.newcomer, 'identity', 'claimRoster', claim({ rosterId: anna!._id, confirmName: 'Anna Li' }));
  });

  it('judges under-14 from the class when no birth year is given', async () => {
    const out = await h.ok(U.newcomer, 'identity', 'claimRoster', claim());
    expect(out.under14).toBe(true);
  });

  it('refuses a wrong name, a taken entry, another class’s entry and a second claim, without writing', async () => {
    const wrong = await h.rejects(
      U.newcomer,
      'identity',
      'claimRoster',
      claim({ confirmName: '王小雨' }),
      'FAILED_PRECONDITION',
    );
    expect(wrong.message).toContain('姓名');
    await h.rejects(
      U.newcomer,
      'identity',
      'claimRoster',
      claim({ rosterId: R1, confirmName: '王小雨' }),
      'FAILED_PRECONDITION',
    );
    await h.rejects(
      U.newcomer,
      'identity',
      'claimRoster',
      claim({ rosterId: B1, confirmName: '周明哲' }),
      'NOT_FOUND',
    );
    await h.rejects(U.newcomer, 'identity', 'claimRoster', claim({ rosterId: 'nope' }), 'NOT_FOUND');
    await h.rejects(U.newcomer, 'identity', 'claimRoster', claim({ classCode: 'ZZZZZZ' }), 'NOT_FOUND');
    await h.rejects(U.student, 'identity', 'claimRoster', claim(), 'FAILED_PRECONDITION');
  });

  it('two users claiming the same entry in parallel: exactly one succeeds', async () => {
    const [a, b] = await Promise.all([
      h.call(U.newcomer, 'identity', 'claimRoster', claim()),
      h.call(U.newParent, 'identity', 'claimRoster', claim()),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expectError(a.ok ? b : a, 'FAILED_PRECONDITION');
    const winner = a.ok ? U.newcomer : U.newParent;
    const loser = a.ok ? U.newParent : U.newcomer;
    expect((await h.get<RosterDoc>(C.roster, R2))?.claimedBy).toBe(winner);
    expect((await h.get<UserDoc>(C.users, loser))?.roles).toEqual([]);
    expect(roleNames((await h.get<UserDoc>(C.users, winner))!.roles)).toEqual(['student']);
  });

  it.each([
    ['missing classCode', { rosterId: R2, confirmName: '李晨阳' }],
    ['missing rosterId', { classCode: DEMO_CODES.classCode, confirmName: '李晨阳' }],
    ['missing confirmName', { classCode: DEMO_CODES.classCode, rosterId: R2 }],
    ['rosterId of the wrong type', claim({ rosterId: 2 })],
    ['oversized rosterId', claim({ rosterId: long(65, 'r') })],
    ['confirmName with digits', claim({ confirmName: '李晨阳1' })],
    ['oversized confirmName', claim({ confirmName: long(21, '李') })],
    ['birthYear as a string', claim({ birthYear: '2017' })],
    ['birthYear not an integer', claim({ birthYear: 2017.5 })],
    ['birthYear out of range', claim({ birthYear: 1800 })],
    ['unknown field', claim({ claimStatus: 'approved' })],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.newcomer, 'identity', 'claimRoster', input, 'INVALID_ARGUMENT');
  });

  it('refuses anonymous callers', async () => {
    await h.rejects(null, 'identity', 'claimRoster', claim(), 'UNAUTHENTICATED');
  });
});

describe('identity: one user, parallel calls', () => {
  it('one user claiming two entries in parallel keeps exactly one, with no orphaned claim', async () => {
    const results = await Promise.all([
      h.call(U.newcomer, 'identity', 'claimRoster', {
        classCode: DEMO_CODES.classCode,
        rosterId: R2,
        confirmName: '李晨阳',
      }),
      h.call(U.newcomer, 'identity', 'claimRoster', {
        classCode: DEMO_CODES.classCode,
        rosterId: R3,
        confirmName: '张子涵',
      }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const user = (await h.get<UserDoc>(C.users, U.newcomer))!;
    const grants = user.roles.flatMap((g) => (g.role === 'student' ? [g.rosterId] : []));
    expect(grants).toHaveLength(1);
    const claimed = (await h.snapshot())[C.roster].filter((r) => (r as RosterDoc).claimedBy === U.newcomer);
    expect(claimed.map((r) => r._id)).toEqual(grants);
  });

  it('a claim and an invite redeemed in parallel keep both roles', async () => {
    await Promise.all([
      h.ok(U.newcomer, 'identity', 'claimRoster', {
        classCode: DEMO_CODES.classCode,
        rosterId: R2,
        confirmName: '李晨阳',
      }),
      h.ok(U.newcomer, 'identity', 'redeemInvite', { code: DEMO_CODES.teacherInvite }),
    ]);
    expect(roleNames((await h.get<UserDoc>(C.users, U.newcomer))!.roles)).toEqual(['student', 'teacher']);
  });
});

describe('identity.createFamilyCode', () => {
  it('issues a 6-digit code valid 24 h, replacing the previous one', async () => {
    const out = await h.ok(U.student, 'identity', 'createFamilyCode', {});
    expect(out.familyCode).toMatch(/^\d{6}$/);
    expect(out.expiresAt).toBe(new Date(h.clock.now().getTime() + 24 * 3_600_000).toISOString());
    const codes = (await h.snapshot())[C.familyCodes];
    expect(codes).toEqual([
      { _id: out.familyCode, rosterId: R1, studentOpenid: U.student, expiresAt: out.expiresAt },
    ]);
  });

  it('with keep, shows the code still valid again and issues a new one only when none is', async () => {
    const first = await newStudentWithCode();
    const again = await h.ok(U.newcomer, 'identity', 'createFamilyCode', { keep: true });
    expect(again.familyCode).toBe(first);
    h.clock.advanceHours(25);
    const fresh = await h.ok(U.newcomer, 'identity', 'createFamilyCode', { keep: true });
    expect(fresh.familyCode).not.toBe(first);
    expect((await h.snapshot())[C.familyCodes].filter((c) => c.studentOpenid === U.newcomer)).toEqual([
      expect.objectContaining({ _id: fresh.familyCode }),
    ]);
  });

  it('refuses callers who are not students, without writing', async () => {
    await h.rejects(U.newcomer, 'identity', 'createFamilyCode', {}, 'PERMISSION_DENIED');
    await h.rejects(U.parent, 'identity', 'createFamilyCode', {}, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'identity', 'createFamilyCode', {}, 'PERMISSION_DENIED');
    await h.rejects(null, 'identity', 'createFamilyCode', {}, 'UNAUTHENTICATED');
  });

  it('refuses bad input without writing', async () => {
    await h.rejects(U.student, 'identity', 'createFamilyCode', { rosterId: R2 }, 'INVALID_ARGUMENT');
  });
});

describe('identity.linkChild + giveConsent', () => {
  it('links with the child’s code; consent then shows for parent and student', async () => {
    const familyCode = await newStudentWithCode();
    expect((await h.ok(U.newcomer, 'identity', 'me', {})).student).toMatchObject({
      under14: true,
      consent: false,
    });

    const link = await h.ok(U.newParent, 'identity', 'linkChild', { familyCode, relation: '父亲' });
    expect(link).toEqual({
      familyId: `${U.newParent}:${R2}`,
      status: 'active',
      confirmed: false,
      childName: '李晨阳',
    });
    // Consent counts only once the class teacher confirmed the link.
    await h.rejects(
      U.newParent,
      'identity',
      'giveConsent',
      { rosterId: R2, version: CONSENT_VERSION },
      'FAILED_PRECONDITION',
    );
    expect((await h.ok(U.newParent, 'identity', 'me', {})).children[0]).toMatchObject({
      confirmed: false,
      birthYear: null,
      stage: 'primary',
      grade: 3,
    });
    await h.ok(U.teacher, 'org', 'confirmParentLink', { familyId: link.familyId, accept: true });
    expect((await h.ok(U.newParent, 'identity', 'me', {})).children[0].confirmed).toBe(true);
    let parent = await h.ok(U.newParent, 'identity', 'me', {});
    expect(roleNames(parent.roles)).toEqual(['parent']);
    expect(parent.children).toEqual([
      expect.objectContaining({ rosterId: R2, consentGiven: false, under14: true }),
    ]);

    const text = await h.ok(null, 'identity', 'consentText', {});
    const consent = await h.ok(U.newParent, 'identity', 'giveConsent', {
      rosterId: R2,
      version: text.version,
    });
    expect(consent).toMatchObject({ rosterId: R2, parentOpenid: U.newParent, wording: CONSENT_WORDING });

    parent = await h.ok(U.newParent, 'identity', 'me', {});
    expect(parent.children[0].consentGiven).toBe(true);
    const student = await h.ok(U.newcomer, 'identity', 'me', {});
    expect(student.student).toMatchObject({ consent: true, guardianCount: 1 });

    // Both idempotent: no second link (only the audit log records the repeat), no second consent.
    const families = (await h.snapshot())[C.families];
    await h.ok(U.newParent, 'identity', 'linkChild', { familyCode, relation: '父亲' });
    expect((await h.snapshot())[C.families]).toEqual(families);
    const again = await h.unchanged(() =>
      h.ok(U.newParent, 'identity', 'giveConsent', { rosterId: R2, version: CONSENT_VERSION }),
    );
    expect(again._id).toBe(consent._id);
  });

  it('refuses an unknown or expired code, and the student’s own code, without writing', async () => {
    const familyCode = await newStudentWithCode();
    await h.rejects(
      U.newParent,
      'identity',
      'linkChild',
      { familyCode: '000000', relation: '父亲' },
      'NOT_FOUND',
    );
    await h.rejects(
      U.newcomer,
      'identity',
      'linkChild',
      { familyCode, relation: '父亲' },
      'FAILED_PRECONDITION',
    );
    h.clock.advanceHours(25);
    await h.rejects(U.newParent, 'identity', 'linkChild', { familyCode, relation: '父亲' }, 'NOT_FOUND');
  });

  it.each([
    ['missing familyCode', { relation: '父亲' }],
    ['missing relation', { familyCode: DEMO_CODES.familyCode }],
    ['five digits', { familyCode: '12345', relation: '父亲' }],
    ['letters', { familyCode: 'ABCDEF', relation: '父亲' }],
    ['familyCode as a number', { familyCode: 246810, relation: '父亲' }],
    ['oversized familyCode', { familyCode: long(1000, '1'), relation: '父亲' }],
    ['relation outside the list', { familyCode: DEMO_CODES.familyCode, relation: '邻居' }],
    ['unknown field', { familyCode: DEMO_CODES.familyCode, relation: '父亲', status: 'active' }],
  ])('linkChild refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.newParent, 'identity', 'linkChild', input, 'INVALID_ARGUMENT');
  });

  it('giveConsent refuses a parent not linked to the child, and non-parents, without writing', async () => {
    await h.rejects(
      U.parent,
      'identity',
      'giveConsent',
      { rosterId: R2, version: CONSENT_VERSION },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.newParent,
      'identity',
      'giveConsent',
      { rosterId: R1, version: CONSENT_VERSION },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'identity',
      'giveConsent',
      { rosterId: R1, version: CONSENT_VERSION },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      null,
      'identity',
      'giveConsent',
      { rosterId: R1, version: CONSENT_VERSION },
      'UNAUTHENTICATED',
    );
  });

  it.each([
    ['outdated version', { rosterId: R1, version: '2020-1' }],
    ['missing version', { rosterId: R1 }],
    ['missing rosterId', { version: CONSENT_VERSION }],
    ['rosterId of the wrong type', { rosterId: ['x'], version: CONSENT_VERSION }],
    ['oversized rosterId', { rosterId: long(65, 'r'), version: CONSENT_VERSION }],
    ['unknown field', { rosterId: R1, version: CONSENT_VERSION, grantedAt: '2020-01-01' }],
  ])('giveConsent refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.parent, 'identity', 'giveConsent', input, 'INVALID_ARGUMENT');
  });

  it('giveConsent names the outdated wording plainly', async () => {
    const err = await h.rejects(
      U.parent,
      'identity',
      'giveConsent',
      { rosterId: R1, version: 'old' },
      'INVALID_ARGUMENT',
    );
    expect(err.message).toContain('同意书已更新');
  });
});

describe('identity.requestLink', () => {
  it('creates a pending link the teacher confirms; consent only after confirmation', async () => {
    const out = await h.ok(U.newParent, 'identity', 'requestLink', {
      classCode: DEMO_CODES.classCode,
      rosterId: R3,
      relation: '外祖父或外祖母',
    });
    expect(out).toEqual({ familyId: `${U.newParent}:${R3}`, status: 'pending' });
    expect((await h.ok(U.newParent, 'identity', 'me', {})).children).toEqual([
      expect.objectContaining({ rosterId: R3, status: 'pending', relation: '外祖父或外祖母' }),
    ]);
    await h.rejects(
      U.newParent,
      'identity',
      'giveConsent',
      { rosterId: R3, version: CONSENT_VERSION },
      'PERMISSION_DENIED',
    );
    await h.ok(U.teacher, 'org', 'confirmParentLink', { familyId: out.familyId, accept: true });
    expect((await h.get<FamilyDoc>(C.families, out.familyId))?.status).toBe('active');
    // A grandparent is a guardian only when the parents cannot be (民法典 Art. 27): they must say so.
    const ask = await h.rejects(
      U.newParent,
      'identity',
      'giveConsent',
      { rosterId: R3, version: CONSENT_VERSION },
      'FAILED_PRECONDITION',
    );
    expect(ask.message).toContain('法定监护人');
    await h.ok(U.newParent, 'identity', 'giveConsent', {
      rosterId: R3,
      version: CONSENT_VERSION,
      legalGuardian: true,
    });
  });

  it('refuses an entry of another class or an unknown class code, without writing', async () => {
    await h.rejects(
      U.newParent,
      'identity',
      'requestLink',
      { classCode: DEMO_CODES.classCode, rosterId: B1, relation: '父亲' },
      'NOT_FOUND',
    );
    await h.rejects(
      U.newParent,
      'identity',
      'requestLink',
      { classCode: 'ZZZZZZ', rosterId: R3, relation: '父亲' },
      'NOT_FOUND',
    );
  });

  it.each([
    ['missing rosterId', { classCode: DEMO_CODES.classCode, relation: '父亲' }],
    ['missing classCode', { rosterId: R3, relation: '父亲' }],
    ['relation outside the list', { classCode: DEMO_CODES.classCode, rosterId: R3, relation: 'friend' }],
    ['oversized classCode', { classCode: long(40, 'A'), rosterId: R3, relation: '父亲' }],
    ['rosterId of the wrong type', { classCode: DEMO_CODES.classCode, rosterId: null, relation: '父亲' }],
    [
      'unknown field',
      { classCode: DEMO_CODES.classCode, rosterId: R3, relation: '父亲', via: 'family_code' },
    ],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.newParent, 'identity', 'requestLink', input, 'INVALID_ARGUMENT');
  });

  it('refuses anonymous callers', async () => {
    await h.rejects(
      null,
      'identity',
      'requestLink',
      { classCode: DEMO_CODES.classCode, rosterId: R3, relation: '父亲' },
      'UNAUTHENTICATED',
    );
  });
});

describe('identity.consentText', () => {
  it('is public and read-only', async () => {
    const out = await h.unchanged(() => h.ok(null, 'identity', 'consentText', {}));
    expect(out).toEqual({ wording: CONSENT_WORDING, version: CONSENT_VERSION });
  });

  it('refuses unknown fields', async () => {
    await h.rejects(null, 'identity', 'consentText', { version: 'x' }, 'INVALID_ARGUMENT');
  });
});

describe('identity.revokeConsent', () => {
  it('withdraws the consent: student and parent views both show it', async () => {
    expect(await h.ok(U.parent, 'identity', 'revokeConsent', { rosterId: R1 })).toEqual({ revoked: 1 });
    expect((await h.get<ConsentDoc>(C.consents, 'consent-demo-1'))?.revokedAt).toBe(
      h.clock.now().toISOString(),
    );
    expect((await h.ok(U.student, 'identity', 'me', {})).student?.consent).toBe(false);
    expect((await h.ok(U.parent, 'identity', 'me', {})).children[0].consentGiven).toBe(false);
    // Nothing left to revoke.
    await h.rejects(U.parent, 'identity', 'revokeConsent', { rosterId: R1 }, 'FAILED_PRECONDITION');
    // Consent can be given again.
    await h.ok(U.parent, 'identity', 'giveConsent', { rosterId: R1, version: CONSENT_VERSION });
    expect((await h.ok(U.student, 'identity', 'me', {})).student?.consent).toBe(true);
  });

  it('does not touch another parent’s consent', async () => {
    await h.ok(U.newParent, 'identity', 'linkChild', { familyCode: DEMO_CODES.familyCode, relation: '父亲' });
    await h.rejects(U.newParent, 'identity', 'revokeConsent', { rosterId: R1 }, 'FAILED_PRECONDITION');
  });

  it('refuses non-parents, without writing', async () => {
    await h.rejects(U.student, 'identity', 'revokeConsent', { rosterId: R1 }, 'PERMISSION_DENIED');
    await h.rejects(U.newcomer, 'identity', 'revokeConsent', { rosterId: R1 }, 'PERMISSION_DENIED');
    await h.rejects(null, 'identity', 'revokeConsent', { rosterId: R1 }, 'UNAUTHENTICATED');
  });

  it.each([
    ['missing rosterId', {}],
    ['rosterId of the wrong type', { rosterId: 1 }],
    ['oversized rosterId', { rosterId: long(65, 'r') }],
    ['empty rosterId', { rosterId: '   ' }],
    ['unknown field', { rosterId: R1, all: true }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.parent, 'identity', 'revokeConsent', input, 'INVALID_ARGUMENT');
  });
});
