import { C } from '../../../collections';
import { rollup } from '../../../stats';
import type { Harness } from '../../../../testing/harness';
import type { PledgeDoc } from '../common';
import { UPLOAD_PURPOSES } from '../../../uploads';

const MAX_SIGNATURE_BYTES = UPLOAD_PURPOSES.signature.maxBytes;
import { CONVENTION } from '../texts';
import {
  currentKey,
  DEMO_CLASS,
  DEMO_DISTRICT,
  DEMO_ROSTER_ID,
  DEMO_SCHOOL,
  DEMO_USERS,
  pledgeHarness,
  seedBigClass,
  totalsAfterRollup,
  typedSign,
  upload,
} from './kit';

const STUDENT = DEMO_USERS.student;

describe('pledge.getText', () => {
  it('has the five lines of the convention word for word and the default letter', async () => {
    const h = await pledgeHarness();
    const text = await h.ok(STUDENT, 'pledge', 'getText', {});
    expect(text.convention.lines.join('')).toBe(
      '要善于网上学习，不浏览不良信息；要诚实友好交流，不侮辱欺诈他人；要增强自护意识，不随意约会网友；要维护网络安全，不破坏网络秩序；要有益身心健康，不沉溺虚拟时空。',
    );
    expect(text.convention.title).toBe(CONVENTION.title);
    expect(text.letter).toMatchObject({
      scope: 'default',
      version: 2,
      key: 'default@2',
      title: '中小学生文明上网倡议书',
    });
  });

  it('applies the nearest published letter and records its version with the pledge', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.cityAdmin, 'pledge', 'publishText', {
      level: 'city',
      title: '濮阳市倡议书',
      body: '全市同学们：'.padEnd(30, '好'),
    });
    expect((await h.ok(STUDENT, 'pledge', 'getText', {})).letter.key).toBe('city@1');
    await h.ok(DEMO_USERS.districtAdmin, 'pledge', 'publishText', {
      level: 'district',
      id: DEMO_DISTRICT,
      title: '华龙区倡议书',
      body: '华龙区同学们：'.padEnd(30, '好'),
    });
    const published = await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'publishText', {
      level: 'school',
      id: DEMO_SCHOOL,
      title: '绿茵小学倡议书',
      body: '绿茵小学的同学们：'.padEnd(30, '好'),
    });
    expect(published.key).toBe(`s:${DEMO_SCHOOL}@1`);
    const text = await h.ok(STUDENT, 'pledge', 'getText', {});
    expect(text.letter).toMatchObject({
      key: `s:${DEMO_SCHOOL}@1`,
      title: '绿茵小学倡议书',
      publisher: '华龙区绿茵小学',
    });
    // A student of another district still gets the city's letter.
    expect(
      (await h.ok(DEMO_USERS.cityAdmin, 'pledge', 'getText', { schoolId: 'school-qinghe' })).letter.key,
    ).toBe('city@1');
    await h.ok(STUDENT, 'pledge', 'sign', await typedSign(h));
    const p = await h.get<PledgeDoc>(C.pledges, `2026:${DEMO_ROSTER_ID}`);
    expect(p?.text).toEqual({ scope: `s:${DEMO_SCHOOL}`, version: 1 });
    // Withdrawing falls back to the district's; a new publication gets a fresh number.
    await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'withdrawText', { level: 'school', id: DEMO_SCHOOL });
    expect((await h.ok(STUDENT, 'pledge', 'getText', {})).letter.key).toBe(`d:${DEMO_DISTRICT}@1`);
    const again = await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'publishText', {
      level: 'school',
      id: DEMO_SCHOOL,
      title: '新版倡议书',
      body: '绿茵小学的同学们：'.padEnd(30, '棒'),
    });
    expect(again.version).toBe(2);
  });

  it('refuses publishing outside the admin’s scope, by a teacher, or with bad input', async () => {
    const h = await pledgeHarness();
    const body = '同学们：'.padEnd(30, '好');
    await h.rejects(
      DEMO_USERS.schoolAdmin,
      'pledge',
      'publishText',
      { level: 'school', id: 'school-xinghe', title: '倡议书', body },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'pledge',
      'publishText',
      { level: 'district', id: 'district-2', title: '倡议书', body },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.districtAdmin,
      'pledge',
      'publishText',
      { level: 'city', title: '倡议书', body },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.teacher,
      'pledge',
      'publishText',
      { level: 'school', id: DEMO_SCHOOL, title: '倡议书', body },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      DEMO_USERS.schoolAdmin,
      'pledge',
      'publishText',
      { level: 'school', id: DEMO_SCHOOL, title: '倡议书', body: '太短' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      DEMO_USERS.schoolAdmin,
      'pledge',
      'publishText',
      { level: 'school', title: '倡议书', body },
      'INVALID_ARGUMENT',
    );
  });
});

describe('pledge.sign', () => {
  it('signs with a typed name, gives a masked certificate, counts once after rollup', async () => {
    const h = await pledgeHarness();
    const res = await h.ok(STUDENT, 'pledge', 'sign', await typedSign(h));
    expect(res.alreadySigned).toBe(false);
    const cert = (await h.ok(STUDENT, 'pledge', 'myPledge', {})).certificate!;
    expect(cert).toMatchObject({
      kind: 'online',
      maskedName: '王*雨',
      schoolName: '华龙区绿茵小学',
      seq: 1,
      day: '2026-06-15',
    });
    expect(cert.verifyCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(cert.signature).toEqual({ method: 'typed', typedName: '王小雨' });
    for (const id of [`k:${DEMO_CLASS}`, `s:${DEMO_SCHOOL}`, `d:${DEMO_DISTRICT}`, 'city']) {
      expect((await totalsAfterRollup(h, id)).pledgeOnline).toBe(1);
    }
    expect(res.verifyCode).toBe(cert.verifyCode);
  });

  it('signs with a drawn signature stored as a file', async () => {
    const h = await pledgeHarness();
    const fileId = await upload(h, STUDENT);
    const res = await h.ok(
      STUDENT,
      'pledge',
      'sign',
      await typedSign(h, { signature: { method: 'drawn', fileId } }),
    );
    expect(res.kind).toBe('online');
    expect((await h.ok(STUDENT, 'pledge', 'myPledge', {})).certificate!.signature).toMatchObject({
      method: 'drawn',
      url: expect.stringMatching(/^\/api\/files\//),
    });
    const p = await h.get<PledgeDoc>(C.pledges, `2026:${DEMO_ROSTER_ID}`);
    // Stored as the server's own copy (FileStorage.pin): the signer cannot swap the file later.
    expect(p?.signature).toEqual({ method: 'drawn', fileId: h.services.files.pinnedId(fileId) });
    expect(await h.services.files.stat(fileId)).toBeNull();
  });

  it('is idempotent: signing again answers the same pledge and writes nothing', async () => {
    const h = await pledgeHarness();
    const first = await h.ok(STUDENT, 'pledge', 'sign', await typedSign(h));
    const input = await typedSign(h);
    const again = await h.unchanged(() => h.ok(STUDENT, 'pledge', 'sign', input));
    expect(again.alreadySigned).toBe(true);
    expect(again.verifyCode).toBe(first.verifyCode);
    expect((await totalsAfterRollup(h, `k:${DEMO_CLASS}`)).pledgeOnline).toBe(1);
  });

  it('a double tap (two requests at once) stores one pledge and counts one', async () => {
    const h = await pledgeHarness();
    const input = await typedSign(h);
    const results = await Promise.all([1, 2, 3].map(() => h.ok(STUDENT, 'pledge', 'sign', input)));
    expect(new Set(results.map((r) => r.verifyCode)).size).toBe(1);
    expect(await h.store.count(C.pledges, {})).toBe(1);
    expect(await h.store.count(C.meta, { _id: { $gt: 'verify:', $lt: 'verify:~' } })).toBe(1);
    expect((await totalsAfterRollup(h, 'city')).pledgeOnline).toBe(1);
  });

  it('is closed outside its phases (and when the campaign admin overrides them)', async () => {
    const h = await pledgeHarness();
    const input = await typedSign(h);
    h.clock.advanceDays(70); // evaluation phase
    const err = await h.rejects(STUDENT, 'pledge', 'sign', input, 'FAILED_PRECONDITION');
    expect(err.message).toContain('签名承诺');
    h.clock.advanceDays(-70);
    await h.ok(DEMO_USERS.cityAdmin, 'campaign', 'update', {
      actionPhases: { 'pledge.sign': ['evaluation'] },
    });
    await h.rejects(STUDENT, 'pledge', 'sign', input, 'FAILED_PRECONDITION');
  });

  it('refuses the wrong roles', async () => {
    const h = await pledgeHarness();
    const input = await typedSign(h);
    for (const who of [DEMO_USERS.teacher, DEMO_USERS.parent, DEMO_USERS.cityAdmin, DEMO_USERS.newcomer]) {
      await h.rejects(who, 'pledge', 'sign', input, 'PERMISSION_DENIED');
    }
    await h.rejects(null, 'pledge', 'sign', input, 'UNAUTHENTICATED');
  });

  it('refuses a missing, oversized, foreign or non-image signature file', async () => {
    const h = await pledgeHarness();
    const sign = async (fileId: string) => typedSign(h, { signature: { method: 'drawn', fileId } });
    await h.rejects(
      STUDENT,
      'pledge',
      'sign',
      await sign('local://00000000-0000-4000-8000-000000000000.png'),
      'PERMISSION_DENIED',
    );
    // Written straight to storage (as a client could on CloudBase): the stored file is checked again.
    const big = await h.uploadUnchecked(STUDENT, 'signature', MAX_SIGNATURE_BYTES + 1, 'image/png');
    const err = await h.rejects(STUDENT, 'pledge', 'sign', await sign(big), 'INVALID_ARGUMENT');
    expect(err.message).toContain('太大');
    const empty = await h.uploadUnchecked(STUDENT, 'signature', 0, 'image/png');
    await h.rejects(STUDENT, 'pledge', 'sign', await sign(empty), 'INVALID_ARGUMENT');
    const pdf = await h.uploadUnchecked(STUDENT, 'signature', 100, 'application/pdf');
    await h.rejects(STUDENT, 'pledge', 'sign', await sign(pdf), 'INVALID_ARGUMENT');
    // A ticket for a PDF signature is refused up front.
    await h.rejects(
      STUDENT,
      'files',
      'prepareUpload',
      { purpose: 'signature', contentType: 'application/pdf' },
      'INVALID_ARGUMENT',
    );
    const someoneElses = await upload(h, DEMO_USERS.parent);
    await h.rejects(STUDENT, 'pledge', 'sign', await sign(someoneElses), 'PERMISSION_DENIED');
    await h.rejects(STUDENT, 'pledge', 'sign', await sign('https://evil.example/x.png'), 'INVALID_ARGUMENT');
  });

  it('refuses bad input and leaves the store unchanged', async () => {
    const h = await pledgeHarness();
    const ok = await typedSign(h);
    const cases: unknown[] = [
      { ...ok, promise: false },
      { textKey: ok.textKey, signature: ok.signature },
      { ...ok, extra: 1 },
      { ...ok, signature: { method: 'typed', typedName: '李晨阳' } },
      { ...ok, signature: { method: 'typed', typedName: '王'.repeat(21) } },
      { ...ok, signature: { method: 'typed', typedName: '<script>' } },
      { ...ok, signature: { method: 'stamp' } },
      { ...ok, textKey: 'x'.repeat(200) },
      { ...ok, ceremonyId: '!!' },
      'not an object',
    ];
    for (const input of cases) {
      if (typeof input === 'string') {
        await h.unchanged(() => h.raw(STUDENT, 'pledge', input));
        continue;
      }
      await h.rejects(STUDENT, 'pledge', 'sign', input, 'INVALID_ARGUMENT');
    }
  });

  it('asks for a new read when the letter changed since the page loaded', async () => {
    const h = await pledgeHarness();
    const stale = await typedSign(h);
    await h.ok(DEMO_USERS.schoolAdmin, 'pledge', 'publishText', {
      level: 'school',
      id: DEMO_SCHOOL,
      title: '新倡议书',
      body: '同学们：'.padEnd(30, '好'),
    });
    const err = await h.rejects(STUDENT, 'pledge', 'sign', stale, 'FAILED_PRECONDITION');
    expect(err.message).toContain('重新阅读');
  });

  it('requires guardian consent for an under-14 student and says how to get it', async () => {
    const h = await pledgeHarness();
    await h.ok(DEMO_USERS.parent, 'identity', 'revokeConsent', { rosterId: DEMO_ROSTER_ID });
    const input = await typedSign(h);
    const err = await h.rejects(STUDENT, 'pledge', 'sign', input, 'FAILED_PRECONDITION');
    expect(err.message).toMatch(/监护人同意/);
    expect(err.message).toContain('纸质');
    const mine = await h.ok(STUDENT, 'pledge', 'myPledge', {});
    expect(mine).toMatchObject({ under14: true, consent: false, canSignOnline: false, certificate: null });
  });

  it('500 students of one class signing at once give exact counts after rollup', async () => {
    const h = await pledgeHarness();
    const { classId, students } = await seedBigClass(h, 'class-big-500', 500);
    const key = await currentKey(h, students[0].openid);
    const sign = (s: (typeof students)[number]) =>
      h.call(s.openid, 'pledge', 'sign', {
        promise: true,
        textKey: key,
        signature: { method: 'typed', typedName: s.name },
      });
    const results = await Promise.all(students.map(sign));
    expect(results.every((r) => r.ok)).toBe(true);
    // Every student retries at once: nothing more is counted.
    const retries = await Promise.all(students.map(sign));
    expect(retries.every((r) => r.ok && r.data.alreadySigned)).toBe(true);
    await rollup(h.store, h.clock.now());
    const cls = await h.get<{ _id: string; m: Record<string, number> }>(C.counters, `k:${classId}`);
    expect(cls?.m.pledgeOnline).toBe(500);
    expect(
      (await h.get<{ _id: string; m: Record<string, number> }>(C.counters, 'city'))?.m.pledgeOnline,
    ).toBe(500);
    expect(await h.store.count(C.pledges, { classId })).toBe(500);
    // 本校第 N 位 is a rank read from the pledges: once the burst has landed every student has their own N.
    const seqs = new Set<number>();
    for (const s of students) seqs.add((await h.ok(s.openid, 'pledge', 'myPledge', {})).certificate!.seq!);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    // The writes spread over the class's shards: no single counter document took them all.
    const shards = await h.store.find<{ _id: string; m: Record<string, number> }>(C.counters, {
      level: 'shard',
      classId,
    });
    expect(shards.length).toBeGreaterThan(1);
    expect(Math.max(...shards.map((s) => s.m.pledgeOnline ?? 0))).toBeLessThan(500);
  }, 120_000);
});

describe('pledge.verify (public)', () => {
  it('shows only masked data for a valid code, NOT_FOUND otherwise', async () => {
    const h: Harness = await pledgeHarness();
    const { verifyCode } = await h.ok(STUDENT, 'pledge', 'sign', await typedSign(h));
    const seen = await h.ok(null, 'pledge', 'verify', { code: verifyCode!.toLowerCase() });
    expect(seen).toMatchObject({
      kind: 'pledge',
      maskedName: '王*雨',
      schoolName: '华龙区绿茵小学',
      detail: expect.objectContaining({ seq: 1, kind: 'online' }),
    });
    const text = JSON.stringify(seen);
    expect(text).not.toContain('王小雨');
    expect(text).not.toContain(STUDENT);
    expect(text).not.toContain(DEMO_ROSTER_ID);
    await h.rejects(null, 'pledge', 'verify', { code: 'ABCDEFGH' }, 'NOT_FOUND');
    await h.rejects(null, 'pledge', 'verify', { code: 'short' }, 'INVALID_ARGUMENT');
  });
});
