import { C } from '../../../collections';
import type { Harness } from '../../../../testing/harness';
import type { EntryDoc } from '../model';
import {
  CLOSES,
  cityCall,
  contestHarness,
  createCall,
  draftKey,
  essay,
  LVYIN,
  seedClass,
  submitDrawing,
  U,
  uploadPicture,
  WANG_XIAOYU,
} from './kit';

describe('entries: drafts, submission, editing, withdrawal, deletion', () => {
  let h: Harness;
  let callId: string;
  beforeEach(async () => {
    h = await contestHarness();
    callId = await createCall(h);
  });

  it('a pupil saves a draft (a retried save answers the same draft), then submits it with the originality promise', async () => {
    const img = await uploadPicture(h, U.student, 1);
    const key = draftKey();
    const input = {
      callId,
      draftKey: key,
      category: 'drawing',
      group: 'primary',
      title: '守护清朗',
      images: [img],
    };
    const a = await h.ok(U.student, 'contest', 'save', input);
    const b = await h.ok(U.student, 'contest', 'save', { ...input, title: '守护清朗网络' });
    expect(b.entryId).toBe(a.entryId);
    expect(b.title).toBe('守护清朗网络');
    expect(await h.store.count(C.contestEntries, {})).toBe(1);
    expect(a.status).toBe('draft');
    expect(a.authors).toEqual(['王小雨']);
    await h.rejects(U.student, 'contest', 'submit', { entryId: a.entryId }, 'INVALID_ARGUMENT');
    const submitted = await h.ok(U.student, 'contest', 'submit', { entryId: a.entryId, originality: true });
    expect(submitted.status).toBe('submitted');
    expect(submitted.originalityPromised).toBe(true);
    // The picture is held for a teacher (local moderation): not public yet.
    expect(submitted.public).toBe(false);
    expect(submitted.pending).toContain('第 1 张图片需要老师审核');
    await h.rejects(
      U.student,
      'contest',
      'submit',
      { entryId: a.entryId, originality: true },
      'FAILED_PRECONDITION',
    );
  });

  it('the group is pre-filled from the class and a group that does not take the class is refused', async () => {
    const form = await h.ok(U.student, 'contest', 'entryForm', { callId });
    const me = form.options.find((o) => o.authorType === 'student' && o.rosterId === WANG_XIAOYU)!;
    expect(me.prefillGroup).toBe('primary');
    expect(me.groups).toEqual(['primary']);
    expect(form.advisors[LVYIN.schoolId].map((t) => t.name)).toEqual(['林晓梅']);
    expect(form.classmates[WANG_XIAOYU].length).toBe(7);
    expect(form.classmates[WANG_XIAOYU][0].maskedName).toMatch(/\*/);
    const img = await uploadPicture(h, U.student, 2);
    await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'drawing', group: 'junior', title: 'x', images: [img] },
      'INVALID_ARGUMENT',
    );
  });

  it('formats: pictures 1–9, essay length, no video in a drawing category', async () => {
    const ten = await Promise.all(Array.from({ length: 10 }, (_, i) => uploadPicture(h, U.student, 10 + i)));
    await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'drawing', group: 'primary', title: 't', images: ten },
      'INVALID_ARGUMENT',
    );
    const empty = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'drawing',
      group: 'primary',
      title: 't',
    });
    const err = await h.rejects(
      U.student,
      'contest',
      'submit',
      { entryId: empty.entryId, originality: true },
      'INVALID_ARGUMENT',
    );
    expect(err.message).toContain('至少需要 1 张图片');
    const short = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'essay',
      group: 'primary',
      title: '短文',
      body: '太短了',
    });
    expect(
      (
        await h.rejects(
          U.student,
          'contest',
          'submit',
          { entryId: short.entryId, originality: true },
          'INVALID_ARGUMENT',
        )
      ).message,
    ).toContain('至少 100 字');
    await h.rejects(
      U.student,
      'contest',
      'save',
      {
        callId,
        draftKey: draftKey(),
        category: 'essay',
        group: 'primary',
        title: '长文',
        body: '字'.repeat(3001),
      },
      'INVALID_ARGUMENT',
    );
    const video = await h.upload(U.student, 'entryVideo', 4096, 'video/mp4');
    const cover = await uploadPicture(h, U.student, 3, 'entryCover');
    await h.rejects(
      U.student,
      'contest',
      'save',
      {
        callId,
        draftKey: draftKey(),
        category: 'drawing',
        group: 'primary',
        title: 't',
        video: { fileId: video, seconds: 30, coverFileId: cover },
      },
      'INVALID_ARGUMENT',
    );
  });

  it("files must be the caller's own uploads of the right purpose", async () => {
    const someoneElses = await uploadPicture(h, U.parent, 4);
    await h.rejects(
      U.student,
      'contest',
      'save',
      {
        callId,
        draftKey: draftKey(),
        category: 'drawing',
        group: 'primary',
        title: 't',
        images: [someoneElses],
      },
      'PERMISSION_DENIED',
    );
    const cover = await uploadPicture(h, U.student, 5, 'entryCover');
    await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'drawing', group: 'primary', title: 't', images: [cover] },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      U.student,
      'contest',
      'save',
      {
        callId,
        draftKey: draftKey(),
        category: 'drawing',
        group: 'primary',
        title: 't',
        images: ['local://AAAAAAAAAAAAAAAAAAAAAA.png'],
      },
      'PERMISSION_DENIED',
    );
  });

  it('consent gate: an under-14 pupil without a guardian consent cannot save or submit (store unchanged)', async () => {
    await h.store.updateMany(
      C.consents,
      { rosterId: WANG_XIAOYU },
      { $set: { revokedAt: h.clock.now().toISOString() } },
    );
    const img = await uploadPicture(h, U.student, 6);
    const err = await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'drawing', group: 'primary', title: 't', images: [img] },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('去同意');
  });

  it('a pupil whose claim the teacher has not confirmed, and a newcomer, are told their way forward', async () => {
    await h.store.update(C.roster, WANG_XIAOYU, { $set: { claimStatus: 'claimed' } });
    const img = await uploadPicture(h, U.student, 7);
    const err = await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'drawing', group: 'primary', title: 't', images: [img] },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('老师确认');
    await h.login(U.newcomer);
    await h.rejects(
      U.newcomer,
      'contest',
      'save',
      { callId, draftKey: draftKey(), category: 'drawing', group: 'primary', title: 't' },
      'FAILED_PRECONDITION',
    );
  });

  it('a parent submits for their child (the child is the author) and as a family; a stranger cannot', async () => {
    const img = await uploadPicture(h, U.parent, 8);
    const saved = await h.ok(U.parent, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      rosterId: WANG_XIAOYU,
      category: 'drawing',
      group: 'primary',
      title: '妈妈帮我上传',
      images: [img],
    });
    expect(saved.authors).toEqual(['王小雨']);
    const fam = await uploadPicture(h, U.parent, 9);
    const family = await h.ok(U.parent, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      authorType: 'family',
      rosterId: WANG_XIAOYU,
      category: 'drawing',
      group: 'family',
      title: '全家一起画',
      images: [fam],
    });
    expect(family.authorLabel).toBe('王小雨家庭');
    await h.login(U.newParent);
    const other = await uploadPicture(h, U.newParent, 10);
    await h.rejects(
      U.newParent,
      'contest',
      'save',
      {
        callId,
        draftKey: draftKey(),
        rosterId: WANG_XIAOYU,
        category: 'drawing',
        group: 'primary',
        title: 't',
        images: [other],
      },
      'FAILED_PRECONDITION',
    );
  });

  it("a parent sees the child's entries and can withdraw one; the child sees the parent's submission", async () => {
    const entryId = await submitDrawing(h, U.student, callId, 11);
    const list = await h.ok(U.parent, 'contest', 'myEntries', {});
    expect(list.items.map((i) => i.entryId)).toEqual([entryId]);
    expect(list.items[0].mine).toBe(false);
    expect(list.items[0].canEdit).toBe(false);
    const withdrawn = await h.ok(U.parent, 'contest', 'withdraw', { entryId });
    expect(withdrawn.status).toBe('withdrawn');
    expect(await h.store.get(C.contestPrints, entryId)).toBeNull();
  });

  it("a co-author's guardian sees the work but cannot withdraw it; the call page is public", async () => {
    const [lead, co] = await seedClass(h, {
      classId: 'c-co',
      schoolId: LVYIN.schoolId,
      districtId: LVYIN.districtId,
      n: 2,
    });
    const entryId = await submitDrawing(h, lead.openid, callId, 30, {
      group: 'senior',
      coAuthorRosterIds: [co.rosterId],
    });
    await h.store.insert(C.families, {
      _id: `guardian-co:${co.rosterId}`,
      parentOpenid: 'guardian-co',
      rosterId: co.rosterId,
      classId: co.classId,
      schoolId: co.schoolId,
      districtId: co.districtId,
      relation: '母亲',
      status: 'active',
      via: 'teacher',
      confirmed: true,
      createdAt: h.clock.now().toISOString(),
    });
    await h.login('guardian-co');
    const seen = await h.ok('guardian-co', 'contest', 'myEntries', {});
    expect(seen.items.map((i) => [i.entryId, i.canWithdraw])).toEqual([[entryId, false]]);
    await h.rejects('guardian-co', 'contest', 'withdraw', { entryId }, 'PERMISSION_DENIED');
    await h.rejects(co.openid, 'contest', 'withdraw', { entryId }, 'PERMISSION_DENIED');
    const info = await h.ok(null, 'contest', 'callInfo', { callId });
    expect(info).toMatchObject({
      myEntries: 0,
      loggedIn: false,
      call: { title: '防控疫情，携手同进', window: 'open' },
    });
    expect((await h.ok(lead.openid, 'contest', 'callInfo', { callId })).myEntries).toBe(1);
  });

  it('co-authors come from the same class, up to the call limit; the advisor is a named teacher of the school', async () => {
    const img = await uploadPicture(h, U.student, 12);
    const base = { callId, category: 'drawing', group: 'primary', title: '合作', images: [img] };
    await h.rejects(
      U.student,
      'contest',
      'save',
      { ...base, draftKey: draftKey(), coAuthorRosterIds: ['class-xinghe-7-1-r1'] },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      U.student,
      'contest',
      'save',
      {
        ...base,
        draftKey: draftKey(),
        coAuthorRosterIds: ['class-lvyin-3-2-r2', 'class-lvyin-3-2-r3', 'class-lvyin-3-2-r4'],
      },
      'INVALID_ARGUMENT',
    );
    // 李晨阳 (r2) is under 14 without a guardian's consent: he cannot be named yet.
    const noConsent = await h.rejects(
      U.student,
      'contest',
      'save',
      { ...base, draftKey: draftKey(), coAuthorRosterIds: ['class-lvyin-3-2-r2'] },
      'FAILED_PRECONDITION',
    );
    expect(noConsent.message).toContain('李*阳');
    await h.rejects(
      U.student,
      'contest',
      'save',
      { ...base, draftKey: draftKey(), advisorOpenid: U.schoolAdmin },
      'INVALID_ARGUMENT',
    );
    const ok = await h.ok(U.student, 'contest', 'save', {
      ...base,
      draftKey: draftKey(),
      advisorOpenid: U.teacher,
    });
    expect(ok.advisor).toEqual({ openid: U.teacher, name: '林晓梅' });
  });

  it('edit until the school reviews: an edit of a submitted entry is checked again; after the review it is refused', async () => {
    const entryId = await submitDrawing(h, U.student, callId, 13);
    const img = await uploadPicture(h, U.student, 14);
    const edited = await h.ok(U.student, 'contest', 'save', {
      callId,
      entryId,
      category: 'drawing',
      group: 'primary',
      title: '改过的名字',
      images: [img],
    });
    expect(edited.status).toBe('submitted');
    expect(edited.title).toBe('改过的名字');
    const doc = (await h.get<EntryDoc>(C.contestEntries, entryId))!;
    expect(doc.images[0].check?.verdict).toBe('review');
    expect(doc.images[0].hash).toMatch(/^[0-9a-f]{16}$/);
    // The replaced picture was deleted with its upload ticket.
    expect(await h.store.count(C.uploads, { owner: U.student, purpose: 'entryImage' })).toBe(1);
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'pass' });
    await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, entryId, category: 'drawing', group: 'primary', title: '再改', images: [img] },
      'FAILED_PRECONDITION',
    );
    await h.rejects(U.student, 'contest', 'withdraw', { entryId }, 'FAILED_PRECONDITION');
    await h.rejects(U.student, 'contest', 'remove', { entryId }, 'FAILED_PRECONDITION');
  });

  it('withdraw and delete: counts leave, files are deleted; someone else gets NOT_FOUND', async () => {
    const entryId = await submitDrawing(h, U.student, callId, 15);
    await h.rejects(U.teacher, 'contest', 'withdraw', { entryId }, 'NOT_FOUND');
    await h.rejects(U.student, 'contest', 'remove', { entryId }, 'FAILED_PRECONDITION');
    await h.ok(U.student, 'contest', 'withdraw', { entryId });
    await h.rejects(U.parent, 'contest', 'remove', { entryId }, 'NOT_FOUND');
    await h.ok(U.student, 'contest', 'remove', { entryId });
    expect(await h.get(C.contestEntries, entryId)).toBeNull();
    expect(await h.store.count(C.uploads, { owner: U.student })).toBe(0);
  });

  it('at most maxPerAuthor entries per author per call, and nothing after the call closed', async () => {
    await submitDrawing(h, U.student, callId, 16);
    await submitDrawing(h, U.student, callId, 17);
    const img = await uploadPicture(h, U.student, 18);
    const third = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'drawing',
      group: 'primary',
      title: '第三件',
      images: [img],
    });
    await h.rejects(
      U.student,
      'contest',
      'submit',
      { entryId: third.entryId, originality: true },
      'RESOURCE_EXHAUSTED',
    );
    h.clock.set(`${CLOSES}T16:30:00.000Z`); // the next day in Beijing
    await h.rejects(
      U.student,
      'contest',
      'save',
      { callId, entryId: third.entryId, category: 'drawing', group: 'primary', title: '晚了', images: [img] },
      'FAILED_PRECONDITION',
    );
  });

  it('a teacher submits in the teacher group once they gave their name; a school call stays in its school', async () => {
    const body = essay(1);
    const t = await h.ok(U.teacher, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      authorType: 'teacher',
      category: 'essay',
      group: 'teacher',
      title: '线上教学的一天',
      body,
    });
    expect(t.authors).toEqual(['林晓梅']);
    await h.ok(U.teacher, 'contest', 'submit', { entryId: t.entryId, originality: true });
    const schoolCall = await createCall(
      h,
      U.districtAdmin,
      cityCall({ level: 'school', schoolId: 'school-xinghe', rubric: undefined, tiers: undefined }),
    );
    const img = await uploadPicture(h, U.student, 19);
    await h.rejects(
      U.student,
      'contest',
      'save',
      {
        callId: schoolCall,
        draftKey: draftKey(),
        category: 'drawing',
        group: 'primary',
        title: 't',
        images: [img],
      },
      'PERMISSION_DENIED',
    );
  });

  it('the entry page: the author sees theirs, the school sees it with names, another school gets NOT_FOUND', async () => {
    const entryId = await submitDrawing(h, U.student, callId, 20, { advisorOpenid: U.teacher });
    expect((await h.ok(U.student, 'contest', 'entry', { entryId })).as).toBe('author');
    const r = await h.ok(U.schoolAdmin, 'contest', 'entry', { entryId });
    expect(r.as).toBe('reviewer');
    expect(r.review!.authorLabel).toBe('王小雨');
    expect(r.review!.advisor).toBe('林晓梅');
    const [other] = await seedClass(h, {
      classId: 'c-far',
      schoolId: 's-far',
      districtId: 'district-3',
      n: 1,
    });
    await h.rejects(other.openid, 'contest', 'entry', { entryId }, 'NOT_FOUND');
    await h.rejects(null, 'contest', 'entry', { entryId }, 'UNAUTHENTICATED');
  });
});
