/**
 * What an attacker tried against the product, one test each (issue #7), readable as a list. Each test
 * failed on the code before its fix. Handler-level attacks run through the same dispatch the local
 * server and CloudBase use (testing/harness.ts); the platform entry points (pushes, timer) are
 * tried in cloudfunctions/platform.test.ts and the local server's (Host, Origin, bodies) in
 * server/app.test.ts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomCode } from '../../core/codes';
import { ALL_COLLECTIONS, C } from '../../core/collections';
import { DEMO_CODES } from '../../core/demo/seed';
import { CLAIM_REFUSED } from '../../core/functions/identity/join';
import type { FamilyDoc } from '../../core/model';
import { ANONYMISED } from '../../core/personalData';
import { CONSENT_VERSION } from '../../core/privacy';
import { scheduledTick } from '../../core/maintenance';
import { settleMediaPush } from '../../core/moderation/mediaChecks';
import { LOOKUP_LIMITS } from '../../core/rateLimit';
import {
  contestHarness,
  createCall,
  draftKey,
  png,
  submitDrawing,
} from '../../core/functions/contest/tests/kit';
import { createQuiz, takeQuiz } from '../../core/functions/quiz/tests/kit';
import { createHarness, DEMO_USERS as U, expectError, type Harness } from '../../testing/harness';

const ROOT = path.resolve(__dirname, '../..');
const CLASS_A = 'class-lvyin-3-2';
const R1 = `${CLASS_A}-r1`; // 王小雨: claimed by the demo student, mother linked
const R2 = `${CLASS_A}-r2`; // 李晨阳: unclaimed

/** Every non-test TypeScript file under the given top-level folders. */
function serverSources(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
    // Test code (seeded generators for reproducible tests) is not server code.
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !/[\\/](tests|testing)[\\/]/.test(p))
      out.push(p);
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  return out;
}

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  for (const u of Object.values(U)) await h.login(u);
});

/** The newcomer claims 李晨阳 and the teacher approves; answers the pupil's family code. */
async function approvedNewcomerWithCode(): Promise<string> {
  await h.ok(U.newcomer, 'identity', 'claimRoster', {
    classCode: DEMO_CODES.classCode,
    rosterId: R2,
    confirmName: '李晨阳',
  });
  await h.ok(U.teacher, 'org', 'approveClaim', { rosterId: R2 });
  return (await h.ok(U.newcomer, 'identity', 'createFamilyCode', {})).familyCode;
}

describe('1. predicting codes from earlier ones', () => {
  it('no server-side code calls Math.random (its state can be recovered from three outputs)', () => {
    const offenders = serverSources(['core', 'adapters', 'server', 'cloudfunctions']).filter((f) =>
      /Math\.random\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('pinning Math.random does not pin invite codes', async () => {
    const original = Math.random;
    Math.random = () => 0.123;
    try {
      const input = { role: 'teacher', schoolId: 'school-lvyin', classIds: [CLASS_A] };
      const a = await h.ok(U.schoolAdmin, 'org', 'createInvite', input);
      const b = await h.ok(U.schoolAdmin, 'org', 'createInvite', input);
      expect(a._id).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      expect(a._id).not.toBe(b._id);
      expect(new Set(Array.from({ length: 30 }, () => randomCode(8))).size).toBe(30);
    } finally {
      Math.random = original;
    }
  });
});

describe('3. using someone else’s uploaded file', () => {
  it('a parent cannot put another family’s photo on their own card', async () => {
    const victims = await h.upload(U.teacher, 'cardPhoto');
    const err = await h.rejects(
      U.parent,
      'card',
      'create',
      { templateId: 'qinglang', slogan: '清朗网络靠大家', rosterId: R1, photoFileId: victims },
      'PERMISSION_DENIED',
    );
    expect(err.message).toContain('自己上传');
  });

  it('a file id that names no ticket (a guessed path) is refused, in every handler that takes files', async () => {
    const guessed = 'local://AAAAAAAAAAAAAAAAAAAAAA.png';
    const key = (await h.ok(U.student, 'pledge', 'getText', {})).letter.key;
    await h.rejects(
      U.student,
      'pledge',
      'sign',
      { promise: true, textKey: key, signature: { method: 'drawn', fileId: guessed } },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'pledge',
      'recordPaper',
      { classId: CLASS_A, rosterIds: [R2], photoFileId: guessed },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'org',
      'importRosterXlsx',
      { classId: CLASS_A, fileId: guessed },
      'PERMISSION_DENIED',
    );
  });

  it('a file checked and accepted cannot be swapped afterwards by writing to its upload path', async () => {
    // On CloudBase a client may overwrite its own uploads: an accepted file becomes the server's copy
    // (FileStorage.pin) before it is checked, and the record points at that copy.
    const uploaded = await h.upload(U.parent, 'cardPhoto', new Uint8Array(64).fill(1), 'image/png');
    const { cardId } = await h.ok(U.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '清朗网络靠大家',
      rosterId: R1,
      photoFileId: uploaded,
    });
    const stored = (await h.get<{ _id: string; photo: { fileId: string } }>(C.cards, cardId))!.photo.fileId;
    expect(stored).not.toBe(uploaded);
    const name = uploaded.replace('local://', '');
    await h.services.files.saveAs(name, new Uint8Array(64).fill(9), 'image/png'); // the "client" rewrites it
    expect([...(await h.services.files.read(stored))]).toEqual(new Array(64).fill(1));
    // Nobody else can use the server’s copy either.
    await h.rejects(
      U.teacher,
      'card',
      'create',
      { templateId: 'qinglang', slogan: '清朗网络靠大家', rosterId: R1, photoFileId: stored },
      'PERMISSION_DENIED',
    );
  });

  it('deleting a card never deletes a file its remover does not own', async () => {
    const mine = await h.upload(U.parent, 'cardPhoto');
    const { cardId } = await h.ok(U.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '清朗网络靠大家',
      rosterId: R1,
      photoFileId: mine,
    });
    const teachers = await h.upload(U.teacher, 'cardPhoto');
    // Even if a record pointed at the teacher's file, removal deletes only the author's own upload.
    await h.store.update(C.cards, cardId, { $set: { 'photo.fileId': teachers } });
    await h.ok(U.parent, 'card', 'remove', { cardId });
    expect(await h.services.files.stat(teachers)).not.toBeNull();
  });
});

describe('5. skipping guardian consent', () => {
  it('a pupil cannot type a birth year at all (only the teacher or a confirmed guardian can)', async () => {
    await h.rejects(
      U.newcomer,
      'identity',
      'claimRoster',
      { classCode: DEMO_CODES.classCode, rosterId: R2, confirmName: '李晨阳', birthYear: 1990 },
      'INVALID_ARGUMENT',
    );
  });

  it('a birth year only makes the rule stricter: 1990 on a 三年级 pupil still needs consent', async () => {
    await approvedNewcomerWithCode();
    await h.ok(U.teacher, 'org', 'setBirthYear', { rosterId: R2, birthYear: 1990 });
    const me = await h.ok(U.newcomer, 'identity', 'me', {});
    expect(me.student).toMatchObject({ under14: true, consent: false });
  });

  it('a pupil’s second account linked with their own family code cannot consent before the teacher confirms', async () => {
    const code = await approvedNewcomerWithCode();
    const link = await h.ok(U.newParent, 'identity', 'linkChild', { familyCode: code, relation: '母亲' });
    expect(link.confirmed).toBe(false);
    await h.rejects(
      U.newParent,
      'identity',
      'giveConsent',
      { rosterId: R2, version: CONSENT_VERSION },
      'FAILED_PRECONDITION',
    );
  });

  it('a grandparent must state they are the legal guardian (民法典 Art. 27)', async () => {
    const code = await approvedNewcomerWithCode();
    const link = await h.ok(U.newParent, 'identity', 'linkChild', {
      familyCode: code,
      relation: '祖父或祖母',
    });
    await h.ok(U.teacher, 'org', 'confirmParentLink', { familyId: link.familyId, accept: true });
    await h.rejects(
      U.newParent,
      'identity',
      'giveConsent',
      { rosterId: R2, version: CONSENT_VERSION },
      'FAILED_PRECONDITION',
    );
    await h.ok(U.newParent, 'identity', 'giveConsent', {
      rosterId: R2,
      version: CONSENT_VERSION,
      legalGuardian: true,
    });
  });

  it('a link the teacher removes stops its consent from counting', async () => {
    expect((await h.ok(U.student, 'identity', 'me', {})).student?.consent).toBe(true);
    await h.ok(U.teacher, 'org', 'confirmParentLink', { familyId: `${U.parent}:${R1}`, accept: false });
    expect((await h.ok(U.student, 'identity', 'me', {})).student?.consent).toBe(false);
  });
});

describe('6. recovering names from the masked roster', () => {
  it('a wrong name and a taken entry get the same answer', async () => {
    const wrong = expectError(
      await h.call(U.newcomer, 'identity', 'claimRoster', {
        classCode: DEMO_CODES.classCode,
        rosterId: R2,
        confirmName: '王小雨',
      }),
      'FAILED_PRECONDITION',
    );
    const taken = expectError(
      await h.call(U.newcomer, 'identity', 'claimRoster', {
        classCode: DEMO_CODES.classCode,
        rosterId: R1,
        confirmName: '王小雨',
      }),
      'FAILED_PRECONDITION',
    );
    expect(wrong.message).toBe(CLAIM_REFUSED);
    expect(taken.message).toBe(CLAIM_REFUSED);
  });

  it('300 name guesses are cut off after the per-account limit', async () => {
    const limit = LOOKUP_LIMITS.claim.account.limit;
    const codes = [];
    for (let i = 0; i < 30; i++) {
      const env = await h.call(U.newcomer, 'identity', 'claimRoster', {
        classCode: DEMO_CODES.classCode,
        rosterId: R2,
        confirmName: `王小${'一二三四五六七八九十'[i % 10]}${i}`.replace(/\d/g, '') || '王某',
      });
      codes.push(env.ok ? 'ok' : env.error.code);
    }
    expect(codes.slice(0, limit).every((c) => c === 'FAILED_PRECONDITION' || c === 'INVALID_ARGUMENT')).toBe(
      true,
    );
    expect(codes.slice(limit + 1).every((c) => c === 'RESOURCE_EXHAUSTED')).toBe(true);
  });

  it('an unapproved claim sees no family data and can sign nothing', async () => {
    await h.ok(U.newcomer, 'identity', 'claimRoster', {
      classCode: DEMO_CODES.classCode,
      rosterId: R2,
      confirmName: '李晨阳',
    });
    await h.rejects(U.newcomer, 'pledge', 'familyRecord', { rosterId: R2 }, 'PERMISSION_DENIED');
    const key = (await h.ok(U.newcomer, 'pledge', 'getText', {})).letter.key;
    await h.rejects(
      U.newcomer,
      'pledge',
      'sign',
      { promise: true, textKey: key, signature: { method: 'typed', typedName: '李晨阳' } },
      'FAILED_PRECONDITION',
    );
    await h.rejects(U.newcomer, 'identity', 'createFamilyCode', {}, 'FAILED_PRECONDITION');
    expect((await h.ok(U.newcomer, 'pledge', 'myPledge', {})).canSignOnline).toBe(false);
  });
});

describe('7. guessing codes quickly', () => {
  it('200 parallel wrong family codes from one account are counted 200 times: the limit holds exactly', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        h.call(U.newParent, 'identity', 'linkChild', { familyCode: String(100000 + i), relation: '父亲' }),
      ),
    );
    const notFound = results.filter((r) => !r.ok && r.error.code === 'NOT_FOUND').length;
    expect(notFound).toBe(LOOKUP_LIMITS.familyCode.account.limit);
    expect(results.filter((r) => !r.ok && r.error.code === 'RESOURCE_EXHAUSTED')).toHaveLength(
      200 - LOOKUP_LIMITS.familyCode.account.limit,
    );
  });

  it('one code guessed from many accounts is limited per code', async () => {
    const limit = LOOKUP_LIMITS.familyCode.code.limit;
    const answers = [];
    for (let i = 0; i < limit + 3; i++) {
      const who = `attacker-${i}`;
      await h.login(who);
      const env = await h.call(who, 'identity', 'linkChild', { familyCode: '999999', relation: '父亲' });
      answers.push(env.ok ? 'ok' : env.error.code);
    }
    expect(answers.slice(0, limit).every((c) => c === 'NOT_FOUND')).toBe(true);
    expect(answers.slice(limit).every((c) => c === 'RESOURCE_EXHAUSTED')).toBe(true);
  });

  it.each([
    [
      'class code',
      'identity',
      'lookupClass',
      (i: number) => ({ classCode: `ZZ${String(1000 + i)}` }),
      'classCode',
    ],
    [
      'invite code',
      'identity',
      'redeemInvite',
      (i: number) => ({ code: `ZZZZ${String(1000 + i)}` }),
      'invite',
    ],
    [
      'verify code',
      'pledge',
      'verify',
      // Well-formed codes from the code alphabet, so the guesses reach the lookup.
      (i: number) => ({ code: `ZZZZ${'23456789ABCDEFGH'[i % 16]}${'JKMNPQRSTUVWXYZ2'[(i >> 4) % 16]}ZZ` }),
      'verify',
    ],
  ] as const)(
    '%s lookups answer 429 after the limit, not 404 forever',
    async (_label, fn, action, input, kind) => {
      const limit = LOOKUP_LIMITS[kind].account.limit;
      let exhausted = 0;
      for (let i = 0; i < limit + 5; i++) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const env = await h.call(U.newcomer, fn as any, action as any, input(i));
        if (!env.ok && env.error.code === 'RESOURCE_EXHAUSTED') exhausted++;
      }
      expect(exhausted).toBeGreaterThanOrEqual(4);
    },
  );
});

describe('9. export and delete', () => {
  it('a student’s export holds no teacher ids, no classmates’ sheet photo and no other person’s openid', async () => {
    const photo = await h.upload(U.teacher, 'paperSheet');
    await h.ok(U.teacher, 'pledge', 'recordPaper', { classId: CLASS_A, rosterIds: [R1], photoFileId: photo });
    const text = JSON.stringify(await h.ok(U.student, 'identity', 'exportMyData', {}));
    expect(text).not.toContain(U.teacher);
    expect(text).not.toContain(U.parent);
    expect(text).not.toContain(photo);
    expect(text).not.toMatch(/traceId|recordedBy|photoFileId/);
  });

  it('after deleteMyData no registered collection names the person (removed or anonymised)', async () => {
    // Give the parent a footprint everywhere: a card with a photo, a share, a reminder, a rate-limit window.
    const photoFileId = await h.upload(U.parent, 'cardPhoto');
    await h.ok(U.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '清朗网络靠大家',
      rosterId: R1,
      photoFileId,
    });
    // A card without a photo is approved at once and can be shared.
    const { cardId } = await h.ok(U.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '文明上网从我家做起',
      rosterId: R1,
    });
    await h.ok(U.parent, 'card', 'recordShare', { cardId, channel: 'chat', eventId: 'evt-0123456789abcdef' });
    await h.ok(U.parent, 'pledge', 'signFamily', {
      rosterIds: [R1],
      promise: true,
      signature: { method: 'typed', typedName: '王建国' },
    });
    await h.call(U.parent, 'identity', 'linkChild', { familyCode: '000000', relation: '母亲' });
    await h.ok(U.parent, 'identity', 'deleteMyData', { confirm: true });
    const snap = await h.snapshot();
    for (const spec of ALL_COLLECTIONS) {
      for (const doc of snap[spec.name]) {
        for (const field of spec.personFields ?? []) {
          const v = doc[field];
          const named = Array.isArray(v) ? v.includes(U.parent) : v === U.parent;
          if (named) throw new Error(`${spec.name}/${doc._id}.${field} still names the deleted person`);
        }
      }
    }
    expect(JSON.stringify(snap)).not.toContain(U.parent);
    expect(snap[C.shares].every((s) => s.openid === ANONYMISED)).toBe(true);
    expect(await h.services.files.stat(photoFileId)).toBeNull();
  });

  it('a confirmed guardian can export and delete the child’s data directly; an unconfirmed one cannot', async () => {
    const exported = await h.ok(U.parent, 'identity', 'exportChildData', { rosterId: R1 });
    expect(JSON.stringify(exported)).toContain('王小雨');
    await h.rejects(U.newParent, 'identity', 'exportChildData', { rosterId: R1 }, 'PERMISSION_DENIED');
    await h.ok(U.parent, 'identity', 'deleteChildData', { rosterId: R1, confirm: true });
    expect(await h.get(C.users, U.student)).toBeNull();
    expect(JSON.stringify(await h.snapshot())).not.toContain(U.student);
  });
});

describe('10. public answers that say too much', () => {
  it('a pending card, a deleted card and a card that never existed get the same not-found answer', async () => {
    h.services.moderator = {
      checkText: async () => ({ verdict: 'review', provider: 'test', reason: '待审核' }),
      checkImage: async () => ({ verdict: 'pass', provider: 'test' }),
    };
    const { cardId } = await h.ok(U.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '清朗网络靠大家',
      rosterId: R1,
    });
    const pending = expectError(await h.call(null, 'card', 'getPublic', { cardId }), 'NOT_FOUND');
    const missing = expectError(await h.call(null, 'card', 'getPublic', { cardId: 'nope' }), 'NOT_FOUND');
    await h.ok(U.parent, 'card', 'remove', { cardId });
    const deleted = expectError(await h.call(null, 'card', 'getPublic', { cardId }), 'NOT_FOUND');
    expect(new Set([pending.message, missing.message, deleted.message]).size).toBe(1);
  });
});

describe('11. bootstrap', () => {
  it('two parallel bootstraps with the right code make exactly one city admin', async () => {
    const fresh = await createHarness({ demo: false, bootstrapCode: 'correct-horse-battery' });
    await fresh.login('a');
    await fresh.login('b');
    const [x, y] = await Promise.all([
      fresh.call('a', 'identity', 'bootstrapCity', { code: 'correct-horse-battery' }),
      fresh.call('b', 'identity', 'bootstrapCity', { code: 'correct-horse-battery' }),
    ]);
    expect([x.ok, y.ok].filter(Boolean)).toHaveLength(1);
    expect(await fresh.store.count(C.users, { 'roles.role': 'city_admin' })).toBe(1);
  });

  it('wrong bootstrap codes are throttled', async () => {
    const fresh = await createHarness({ demo: false, bootstrapCode: 'correct-horse-battery' });
    await fresh.login('a');
    const codes = [];
    for (let i = 0; i < 7; i++) {
      const env = await fresh.call('a', 'identity', 'bootstrapCity', { code: `wrong-code-${i}` });
      codes.push(env.ok ? 'ok' : env.error.code);
    }
    expect(codes.slice(0, 5).every((c) => c === 'PERMISSION_DENIED')).toBe(true);
    expect(codes.slice(5).every((c) => c === 'RESOURCE_EXHAUSTED')).toBe(true);
  });
});

describe('family links and guardians', () => {
  it('teachers see which links still wait for confirmation', async () => {
    const code = await approvedNewcomerWithCode();
    await h.ok(U.newParent, 'identity', 'linkChild', { familyCode: code, relation: '父亲' });
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    const parents = cls.roster.find((r) => r._id === R2)?.parents ?? [];
    expect(parents).toEqual([expect.objectContaining({ confirmed: false, via: 'family_code' })]);
    const fam = (await h.get<FamilyDoc>(C.families, `${U.newParent}:${R2}`))!;
    expect(fam.confirmed).toBe(false);
  });

  it('a link the teacher has not confirmed cannot see, withdraw or submit a child’s works, nor answer for them', async () => {
    const c = await contestHarness();
    const callId = await createCall(c);
    const childEntry = await submitDrawing(c, U.student, callId, 1);
    // Whoever got the pupil's family code (a second account of the pupil, a classmate…).
    const stranger = 'stranger-with-code';
    await c.ok(stranger, 'identity', 'linkChild', { familyCode: DEMO_CODES.familyCode, relation: '父亲' });
    expect((await c.get<FamilyDoc>(C.families, `${stranger}:${R1}`))!).toMatchObject({
      status: 'active',
      confirmed: false,
    });
    expect((await c.ok(stranger, 'contest', 'myEntries', {})).items).toEqual([]);
    await c.rejects(stranger, 'contest', 'entry', { entryId: childEntry }, 'NOT_FOUND');
    await c.rejects(stranger, 'contest', 'withdraw', { entryId: childEntry }, 'NOT_FOUND');
    const picture = await c.upload(stranger, 'entryImage', png(7), 'image/png');
    const input = { callId, rosterId: R1, category: 'drawing', group: 'primary', title: '冒名作品' };
    const err = await c.rejects(
      stranger,
      'contest',
      'save',
      { ...input, draftKey: draftKey(), images: [picture] },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('班主任确认');
    const quizId = await createQuiz(c, { audience: { stages: ['primary'], parents: true } });
    await c.rejects(stranger, 'quiz', 'start', { quizId, childRosterId: R1 }, 'FAILED_PRECONDITION');
    // The real mother, whose link the teacher confirmed, still can.
    expect((await c.ok(U.parent, 'contest', 'myEntries', {})).items.map((i) => i.entryId)).toEqual([
      childEntry,
    ]);
  });
});

describe('what a wrong claimer or a rejected parent did in the child’s name', () => {
  it('undoing a claim removes the claimer’s works and quiz attempts in the child’s name; the real pupil starts clean', async () => {
    const c = await contestHarness();
    const callId = await createCall(c);
    const entryId = await submitDrawing(c, U.student, callId, 3);
    const quizId = await createQuiz(c, {
      attemptsAllowed: 1,
      audience: { stages: ['primary'], parents: false },
    });
    await takeQuiz(c, U.student, quizId, 2);
    expect(await c.get(C.quizPupils, R1)).not.toBeNull();

    // The teacher finds out the claimer was not this pupil.
    await c.ok(U.teacher, 'org', 'undoClaim', { rosterId: R1 });
    expect(await c.get(C.contestEntries, entryId)).toBeNull();
    expect(await c.store.count(C.quizAttempts, { rosterId: R1, role: 'pupil' })).toBe(0);
    expect(await c.store.count(C.quizResults, { rosterId: R1, role: 'pupil' })).toBe(0);
    expect(await c.get(C.quizPupils, R1)).toBeNull();

    // The real pupil claims the name and is approved: no leftovers, a fresh try.
    const real = 'real-wang-xiaoyu';
    await c.ok(real, 'identity', 'claimRoster', {
      classCode: DEMO_CODES.classCode,
      rosterId: R1,
      confirmName: '王小雨',
    });
    await c.ok(U.teacher, 'org', 'approveClaim', { rosterId: R1 });
    expect(await c.store.count(C.quizResults, { rosterId: R1 })).toBe(0);
    expect((await c.ok(real, 'contest', 'myEntries', {})).items).toEqual([]);
    await c.rejects(U.student, 'contest', 'entry', { entryId }, 'NOT_FOUND');
  });

  it('a parent link the teacher removes takes that parent’s works, family pledge and quiz answers for the child with it', async () => {
    const c = await contestHarness();
    const callId = await createCall(c);
    const stranger = 'stranger-with-code';
    await c.ok(stranger, 'identity', 'linkChild', { familyCode: DEMO_CODES.familyCode, relation: '父亲' });
    // Confirmed by mistake at first…
    await c.ok(U.teacher, 'org', 'confirmParentLink', { familyId: `${stranger}:${R1}`, accept: true });
    const picture = await c.upload(stranger, 'entryImage', png(9), 'image/png');
    const saved = await c.ok(stranger, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      rosterId: R1,
      category: 'drawing',
      group: 'primary',
      title: '冒名作品',
      images: [picture],
    });
    await c.ok(stranger, 'contest', 'submit', { entryId: saved.entryId, originality: true });
    await c.ok(stranger, 'pledge', 'signFamily', {
      rosterIds: [R1],
      promise: true,
      signature: { method: 'typed', typedName: '王建国' },
    });
    const quizId = await createQuiz(c, { audience: { stages: ['primary'], parents: true } });
    await takeQuiz(c, stranger, quizId, 3, { childRosterId: R1 });
    // …then the teacher learns it is not the child's parent and removes the link.
    await c.ok(U.teacher, 'org', 'confirmParentLink', { familyId: `${stranger}:${R1}`, accept: false });
    expect(await c.get(C.contestEntries, saved.entryId)).toBeNull();
    await c.rejects(stranger, 'contest', 'withdraw', { entryId: saved.entryId }, 'NOT_FOUND');
    expect(await c.store.count(C.familyPledges, { parentOpenids: stranger })).toBe(0);
    expect(await c.store.count(C.quizAttempts, { openid: stranger })).toBe(0);
    expect(await c.store.count(C.quizResults, { rosterId: R1, role: 'parent' })).toBe(0);
    // The real mother's link and the child's own data stay.
    expect(await c.get(C.families, `${U.parent}:${R1}`)).not.toBeNull();
  });

  it('a double tap on remove (or on undo) undoes once: the family result is rebuilt from the mother’s attempt only', async () => {
    const c = await contestHarness();
    const stranger = 'stranger-with-code';
    await c.ok(stranger, 'identity', 'linkChild', { familyCode: DEMO_CODES.familyCode, relation: '父亲' });
    await c.ok(U.teacher, 'org', 'confirmParentLink', { familyId: `${stranger}:${R1}`, accept: true });
    const quizId = await createQuiz(c, { audience: { stages: ['primary'], parents: true } });
    await takeQuiz(c, U.parent, quizId, 5, { childRosterId: R1 });
    await takeQuiz(c, stranger, quizId, 3, { childRosterId: R1 });
    const reject = { familyId: `${stranger}:${R1}`, accept: false };
    await Promise.all([
      c.call(U.teacher, 'org', 'confirmParentLink', reject),
      c.call(U.teacher, 'org', 'confirmParentLink', reject),
    ]);
    expect(await c.store.count(C.quizAttempts, { quizId })).toBe(1);
    expect(
      (await c.get<{ _id: string; attempts: number }>(C.quizResults, `${quizId}:f:${R1}`))?.attempts,
    ).toBe(1);
    // Two undos of one claim: one releases it and undoes; the other changes nothing.
    await Promise.all([
      c.call(U.teacher, 'org', 'undoClaim', { rosterId: R1 }),
      c.call(U.teacher, 'org', 'undoClaim', { rosterId: R1 }),
    ]);
    expect(await c.get(C.roster, R1)).toMatchObject({ claimStatus: 'unclaimed' });
  });
});

describe('4. files kept longer than needed', () => {
  it('an upload never used is deleted with its ticket after a day', async () => {
    const fileId = await h.upload(U.parent, 'cardPhoto');
    h.clock.advanceHours(25);
    await scheduledTick(h.services, h.clock.now());
    expect(await h.services.files.stat(fileId)).toBeNull();
    expect(await h.store.count(C.uploads, { owner: U.parent })).toBe(0);
  });

  it('a photo moderation rejected is deleted 30 days after the verdict; an approved one stays', async () => {
    h.services.moderator = {
      checkText: async () => ({ verdict: 'pass', provider: 'wechat-msgSecCheck' }),
      checkImage: async () => ({ verdict: 'review', provider: 'wechat-mediaCheckAsync', traceId: 'trace-r' }),
    };
    const uploaded = await h.upload(U.parent, 'cardPhoto');
    await h.ok(U.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '清朗网络靠大家',
      rosterId: R1,
      photoFileId: uploaded,
    });
    const rejected = h.services.files.pinnedId(uploaded);
    await settleMediaPush(h.services, { traceId: 'trace-r', suggest: 'risky', label: 20002 }, h.clock.now());
    h.clock.advanceDays(29);
    await scheduledTick(h.services, h.clock.now());
    expect(await h.services.files.stat(rejected)).not.toBeNull();
    h.clock.advanceDays(2);
    await scheduledTick(h.services, h.clock.now());
    expect(await h.services.files.stat(rejected)).toBeNull();
  });
});
