import { C } from '../../collections';
import { DEMO_CODES } from '../../demo/seed';
import { CONSENT_VERSION } from '../../privacy';
import { createHarness, DEMO_USERS as U, expectError, type Harness } from '../../testing/harness';
import { FAMILY_CODE_TRIES_PER_HOUR } from './family';

const CLASS_A = 'class-lvyin-3-2';
/** 李晨阳: unclaimed in the demo. */
const R2 = `${CLASS_A}-r2`;

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.login(U.newcomer);
  await h.login(U.newParent);
});

/** The newcomer claims 李晨阳 (under 14) and shows a family code. */
async function claimAndCode() {
  await h.ok(U.newcomer, 'identity', 'claimRoster', {
    classCode: DEMO_CODES.classCode,
    rosterId: R2,
    confirmName: '李晨阳',
    birthYear: 2017,
  });
  return (await h.ok(U.newcomer, 'identity', 'createFamilyCode', {})).familyCode;
}

describe('family codes cannot be guessed', () => {
  it(`refuses every try after ${FAMILY_CODE_TRIES_PER_HOUR} wrong codes in an hour, then lets the hour pass`, async () => {
    const familyCode = await claimAndCode();
    for (let i = 0; i < FAMILY_CODE_TRIES_PER_HOUR; i++) {
      expectError(
        await h.call(U.newParent, 'identity', 'linkChild', { familyCode: '000000', relation: '父亲' }),
        'NOT_FOUND',
      );
    }
    // Even the right code is refused now, and nothing but the ledger changes.
    await h.rejects(
      U.newParent,
      'identity',
      'linkChild',
      { familyCode, relation: '父亲' },
      'RESOURCE_EXHAUSTED',
    );
    h.clock.advanceHours(1);
    const link = await h.ok(U.newParent, 'identity', 'linkChild', { familyCode, relation: '父亲' });
    expect(link.status).toBe('active');
  });
});

describe('pending and removed links reveal nothing and consent nothing', () => {
  it('a pending class-code request does not show the child in the family pledge overview', async () => {
    await h.ok(U.newParent, 'identity', 'requestLink', {
      classCode: DEMO_CODES.classCode,
      rosterId: R2,
      relation: '父亲',
    });
    const overview = await h.ok(U.newParent, 'pledge', 'familyOverview', {});
    expect(overview.children).toEqual([]);
    expect(JSON.stringify(overview)).not.toContain('李晨阳');
  });

  it('a link the teacher removes stops its consent from counting', async () => {
    const familyCode = await claimAndCode();
    const link = await h.ok(U.newParent, 'identity', 'linkChild', { familyCode, relation: '父亲' });
    await h.ok(U.newParent, 'identity', 'giveConsent', { rosterId: R2, version: CONSENT_VERSION });
    expect((await h.ok(U.newcomer, 'identity', 'me', {})).student?.consent).toBe(true);
    await h.ok(U.teacher, 'org', 'confirmParentLink', { familyId: link.familyId, accept: false });
    expect((await h.ok(U.newcomer, 'identity', 'me', {})).student?.consent).toBe(false);
  });
});

describe('undoing a wrong claim', () => {
  it('removes the pledge the wrong claimer signed and the parent links made with their code', async () => {
    const familyCode = await claimAndCode();
    await h.ok(U.newParent, 'identity', 'linkChild', { familyCode, relation: '父亲' });
    await h.ok(U.newParent, 'identity', 'giveConsent', { rosterId: R2, version: CONSENT_VERSION });
    const textKey = (await h.ok(U.newcomer, 'pledge', 'getText', {})).letter.key;
    await h.ok(U.newcomer, 'pledge', 'sign', {
      promise: true,
      textKey,
      signature: { method: 'typed', typedName: '李晨阳' },
    });
    expect(await h.services.store.count(C.pledges, { rosterId: R2 })).toBe(1);

    await h.ok(U.teacher, 'org', 'undoClaim', { rosterId: R2 });

    const pledges = await h.services.store.find(C.pledges, { rosterId: R2 });
    expect(pledges).toEqual([]);
    expect(await h.get(C.families, `${U.newParent}:${R2}`)).toBeNull();
    const live = await h.services.store.count(C.consents, { rosterId: R2, revokedAt: { $exists: false } });
    expect(live).toBe(0);
  });
});
