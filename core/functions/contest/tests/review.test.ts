import { C } from '../../../collections';
import type { Harness } from '../../../../testing/harness';
import type { EntryDoc } from '../model';
import {
  cityCall,
  contestHarness,
  createCall,
  createUnjudgedCall,
  HUALONG,
  LVYIN,
  QINGFENG,
  seedAdmins,
  seedClass,
  seedUser,
  storeCallsOf,
  submitDrawing,
  U,
} from './kit';

const status = async (h: Harness, id: string) => (await h.get<EntryDoc>(C.contestEntries, id))!.status;

describe('school round', () => {
  let h: Harness;
  let callId: string;
  beforeEach(async () => {
    h = await contestHarness();
    callId = await createCall(h);
  });

  it('pass → recommend → unrecommend; the work is public once passed (a person looked at the held picture)', async () => {
    // A district call: a judged city call shows nothing before its results (test/security/contest-review).
    const id = await submitDrawing(h, U.student, await createUnjudgedCall(h), 1);
    await h.rejects(null, 'contest', 'work', { entryId: id }, 'NOT_FOUND');
    const passed = await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: id,
      round: 'school',
      decision: 'pass',
    });
    expect(passed.status).toBe('school_passed');
    expect(passed.public).toBe(true);
    expect((await h.ok(null, 'contest', 'work', { entryId: id })).work.authorLabel).toBe('王*雨');
    expect(
      (
        await h.ok(U.schoolAdmin, 'contest', 'review', {
          entryId: id,
          round: 'school',
          decision: 'recommend',
        })
      ).status,
    ).toBe('school_recommended');
    expect(
      (
        await h.ok(U.schoolAdmin, 'contest', 'review', {
          entryId: id,
          round: 'school',
          decision: 'unrecommend',
        })
      ).status,
    ).toBe('school_passed');
    const audit = await h.store.find(C.audit, { target: id }, { limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'contest.submit',
        'contest.review.school.pass',
        'contest.review.school.recommend',
        'contest.review.school.unrecommend',
      ]),
    );
  });

  it('return with a comment → the author edits and resubmits → the school sees it again', async () => {
    const id = await submitDrawing(h, U.student, callId, 2);
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: id, round: 'school', decision: 'return' },
      'INVALID_ARGUMENT',
    );
    await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: id,
      round: 'school',
      decision: 'return',
      comment: '请把画面补充完整',
    });
    const mine = (await h.ok(U.student, 'contest', 'myEntries', {})).items[0];
    expect(mine.status).toBe('returned');
    expect(mine.note).toMatchObject({ kind: 'returned', text: '请把画面补充完整' });
    expect(mine.canSubmit).toBe(true);
    const again = await h.ok(U.student, 'contest', 'submit', { entryId: id, originality: true });
    expect(again.status).toBe('submitted');
    expect(again.note).toBeNull();
  });

  it('reject with a reason; every illegal transition is refused with the store unchanged', async () => {
    const id = await submitDrawing(h, U.student, callId, 3);
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: id, round: 'school', decision: 'reject' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: id, round: 'school', decision: 'unrecommend' },
      'FAILED_PRECONDITION',
    );
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: id, round: 'district', decision: 'pass' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.districtAdmin,
      'contest',
      'review',
      { entryId: id, round: 'district', decision: 'pass' },
      'FAILED_PRECONDITION',
    );
    await h.rejects(
      U.cityAdmin,
      'contest',
      'review',
      { entryId: id, round: 'city', decision: 'reject', reason: '不符合' },
      'FAILED_PRECONDITION',
    );
    await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: id,
      round: 'school',
      decision: 'reject',
      reason: '与主题无关',
    });
    expect(await status(h, id)).toBe('rejected');
    for (const decision of ['pass', 'recommend', 'unrecommend'] as const) {
      await h.rejects(
        U.schoolAdmin,
        'contest',
        'review',
        { entryId: id, round: 'school', decision },
        'FAILED_PRECONDITION',
      );
    }
    await h.rejects(
      U.student,
      'contest',
      'submit',
      { entryId: id, originality: true },
      'FAILED_PRECONDITION',
    );
    // A draft is nobody's to review.
    const draft = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: 'draft-not-yet-1',
      category: 'drawing',
      group: 'primary',
      title: '草稿',
    });
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: draft.entryId, round: 'school', decision: 'pass' },
      'FAILED_PRECONDITION',
    );
  });

  it('reviewers: school admins and the teachers they named; a teacher of school A on school B is denied', async () => {
    const id = await submitDrawing(h, U.student, callId, 4);
    await h.rejects(
      U.teacher,
      'contest',
      'reviewQueue',
      { callId, round: 'school', unitId: LVYIN.schoolId },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'contest',
      'review',
      { entryId: id, round: 'school', decision: 'pass' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'contest',
      'setReviewers',
      { callId, schoolId: LVYIN.schoolId, teachers: [U.teacher] },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'setReviewers',
      { callId, schoolId: LVYIN.schoolId, teachers: [U.student] },
      'INVALID_ARGUMENT',
    );
    // The admin's picker lists the school's staff who gave a name (pupils never), marking who reviews.
    await h.ok(U.teacher, 'contest', 'setMyName', { name: '周老师' });
    const picker = async () =>
      (await h.ok(U.schoolAdmin, 'contest', 'reviewers', { callId, schoolId: LVYIN.schoolId })).teachers;
    expect((await picker()).find((t) => t.openid === U.teacher)).toEqual({
      openid: U.teacher,
      name: '周老师',
      reviewing: false,
    });
    expect((await picker()).some((t) => t.openid === U.student)).toBe(false);
    await h.rejects(
      U.teacher,
      'contest',
      'reviewers',
      { callId, schoolId: LVYIN.schoolId },
      'PERMISSION_DENIED',
    );
    await h.ok(U.schoolAdmin, 'contest', 'setReviewers', {
      callId,
      schoolId: LVYIN.schoolId,
      teachers: [U.teacher],
    });
    expect((await picker()).find((t) => t.openid === U.teacher)?.reviewing).toBe(true);
    await h.ok(U.teacher, 'contest', 'review', { entryId: id, round: 'school', decision: 'pass' });
    // A teacher named at school A sees nothing of school B.
    const [b] = await seedClass(h, { classId: 'c-xh', schoolId: 'school-xinghe', districtId: HUALONG, n: 1 });
    const other = await submitDrawing(h, b.openid, callId, 5, { group: 'senior' });
    await h.rejects(
      U.teacher,
      'contest',
      'reviewQueue',
      { callId, round: 'school', unitId: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'contest',
      'review',
      { entryId: other, round: 'school', decision: 'pass' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: other, round: 'school', decision: 'pass' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'reviewers',
      { callId, schoolId: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
  });

  it('a video is passed only by a reviewer who watched it; until then it stays private', async () => {
    const videoCall = await createUnjudgedCall(h, {
      title: '短视频征集',
      categories: [{ key: 'video', title: '短视频', format: 'video', maxSeconds: 120, maxMB: 20 }],
    });
    const video = await h.upload(U.student, 'entryVideo', 8192, 'video/mp4');
    const cover = await h.upload(U.student, 'entryCover', (await import('./kit')).png(6), 'image/png');
    const saved = await h.ok(U.student, 'contest', 'save', {
      callId: videoCall,
      draftKey: 'video-draft-1',
      category: 'video',
      group: 'primary',
      title: '我的网课',
      video: { fileId: video, seconds: 90, coverFileId: cover },
    });
    // Editing the draft keeps the files: the author's view carries their ids, and they are accepted back.
    const mine = (await h.ok(U.student, 'contest', 'entry', { entryId: saved.entryId })).author!;
    const pinned = h.services.files.pinnedId;
    expect(mine.video).toMatchObject({ fileId: pinned(video), cover: { fileId: pinned(cover) } });
    await h.ok(U.student, 'contest', 'save', {
      callId: videoCall,
      entryId: saved.entryId,
      category: 'video',
      group: 'primary',
      title: '我的网课（改）',
      video: { fileId: pinned(video), seconds: 90, coverFileId: pinned(cover) },
    });
    const sub = await h.ok(U.student, 'contest', 'submit', { entryId: saved.entryId, originality: true });
    expect(sub.humanReviewNote).toContain('学校老师');
    expect(sub.pending).toContain('视频需要学校老师观看后才能公开');
    const err = await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: saved.entryId, round: 'school', decision: 'pass' },
      'INVALID_ARGUMENT',
    );
    expect(err.message).toContain('观看视频');
    const passed = await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: saved.entryId,
      round: 'school',
      decision: 'pass',
      mediaChecked: true,
    });
    expect(passed.public).toBe(true);
    await h.rejects(
      U.student,
      'contest',
      'save',
      {
        callId: videoCall,
        draftKey: 'video-draft-2',
        category: 'video',
        group: 'primary',
        title: '太长',
        video: {
          fileId: await h.upload(U.student, 'entryVideo', 100, 'video/mp4'),
          seconds: 600,
          coverFileId: await h.upload(U.student, 'entryCover', (await import('./kit')).png(7), 'image/png'),
        },
      },
      'INVALID_ARGUMENT',
    );
  });

  it('quotas hold under concurrency: 40 parallel recommends against a quota of 5 recommend exactly 5', async () => {
    const pupils = await seedClass(h, {
      classId: 'c-big',
      schoolId: LVYIN.schoolId,
      districtId: HUALONG,
      n: 40,
    });
    const ids: string[] = [];
    for (const [i, p] of pupils.entries())
      ids.push(await submitDrawing(h, p.openid, callId, 100 + i, { group: 'senior' }));
    const results = await Promise.all(
      ids.map((entryId) =>
        h.call(U.schoolAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'recommend' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.error.code === 'RESOURCE_EXHAUSTED')).toHaveLength(35);
    expect(await h.store.count(C.contestEntries, { status: 'school_recommended' })).toBe(5);
    const q = await h.ok(U.schoolAdmin, 'contest', 'reviewQueue', {
      callId,
      round: 'school',
      unitId: LVYIN.schoolId,
      tab: 'recommended',
    });
    expect(q.quotas.find((x) => x.category === 'drawing' && x.group === 'senior')).toMatchObject({
      limit: 5,
      used: 5,
    });
    // Freeing a place lets one more in; the others stay out.
    const first = results.findIndex((r) => r.ok);
    await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: ids[first],
      round: 'school',
      decision: 'unrecommend',
    });
    const retry = await Promise.all(
      ids
        .filter((_, i) => !results[i].ok)
        .slice(0, 10)
        .map((entryId) =>
          h.call(U.schoolAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'recommend' }),
        ),
    );
    expect(retry.filter((r) => r.ok)).toHaveLength(1);
    expect(await h.store.count(C.contestEntries, { status: 'school_recommended' })).toBe(5);
  });

  it('the review queue costs the same number of store calls for 5 or 60 entries in the school', async () => {
    const pupils = await seedClass(h, {
      classId: 'c-q',
      schoolId: LVYIN.schoolId,
      districtId: HUALONG,
      n: 60,
    });
    for (const [i, p] of pupils.slice(0, 5).entries())
      await submitDrawing(h, p.openid, callId, 200 + i, { group: 'senior' });
    const read = () =>
      h.ok(U.schoolAdmin, 'contest', 'reviewQueue', { callId, round: 'school', unitId: LVYIN.schoolId });
    const small = await storeCallsOf(h, read);
    for (const [i, p] of pupils.slice(5).entries())
      await submitDrawing(h, p.openid, callId, 300 + i, { group: 'senior' });
    const big = await storeCallsOf(h, read);
    const page = await read();
    expect(page.items).toHaveLength(20);
    expect(page.counts.pending).toBe(60);
    expect(big).toBe(small);
    // The cursor pages through all of them once.
    const seen = new Set(page.items.map((i) => i.entryId));
    let next = page.next;
    while (next) {
      const more = await h.ok(U.schoolAdmin, 'contest', 'reviewQueue', {
        callId,
        round: 'school',
        unitId: LVYIN.schoolId,
        cursor: next,
      });
      for (const i of more.items) seen.add(i.entryId);
      next = more.next;
    }
    expect(seen.size).toBe(60);
  });
});

describe('district and city rounds', () => {
  it('the district sees only what its schools recommended, recommends up to its quota, returns to the school', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    const a = await submitDrawing(h, U.student, callId, 1);
    const b = await submitDrawing(h, U.student, callId, 2);
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: a, round: 'school', decision: 'recommend' });
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: b, round: 'school', decision: 'pass' });
    const q = await h.ok(U.districtAdmin, 'contest', 'reviewQueue', {
      callId,
      round: 'district',
      unitId: HUALONG,
    });
    expect(q.items.map((i) => i.entryId)).toEqual([a]);
    expect(q.items[0].actions).toEqual(['pass', 'return', 'reject', 'recommend']);
    // Another district's admin sees nothing of 华龙区.
    const { districtAdmin: other } = await seedAdmins(h, 'school-qinghe', QINGFENG);
    await h.rejects(
      other,
      'contest',
      'reviewQueue',
      { callId, round: 'district', unitId: HUALONG },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      other,
      'contest',
      'review',
      { entryId: a, round: 'district', decision: 'recommend' },
      'PERMISSION_DENIED',
    );
    await h.ok(U.districtAdmin, 'contest', 'review', {
      entryId: a,
      round: 'district',
      decision: 'return',
      comment: '请学校补充指导教师',
    });
    expect(await status(h, a)).toBe('school_passed');
    expect((await h.ok(U.schoolAdmin, 'contest', 'entry', { entryId: a })).review!.note).toMatchObject({
      kind: 'district-returned',
    });
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: a, round: 'school', decision: 'recommend' });
    await h.ok(U.districtAdmin, 'contest', 'review', {
      entryId: a,
      round: 'district',
      decision: 'recommend',
    });
    expect(await status(h, a)).toBe('district_recommended');
    // Once the district decided, the school can no longer pull it back.
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'review',
      { entryId: a, round: 'school', decision: 'unrecommend' },
      'FAILED_PRECONDITION',
    );
    // The city round of a judged call belongs to the judges: no direct selection.
    await h.rejects(
      U.cityAdmin,
      'contest',
      'review',
      { entryId: a, round: 'city', decision: 'recommend' },
      'FAILED_PRECONDITION',
    );
  });

  it('a district call ends with the district selection; a story column is selected by the city and published', async () => {
    const h = await contestHarness();
    const districtCall = await createCall(
      h,
      U.districtAdmin,
      cityCall({ level: 'district', districtId: HUALONG, rubric: undefined, tiers: undefined }),
    );
    const e = await submitDrawing(h, U.student, districtCall, 1);
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: e, round: 'school', decision: 'recommend' });
    await h.ok(U.districtAdmin, 'contest', 'review', {
      entryId: e,
      round: 'district',
      decision: 'recommend',
    });
    expect((await h.ok(U.student, 'contest', 'entry', { entryId: e })).author!.statusLabel).toBe('入选');
    await h.rejects(
      U.cityAdmin,
      'contest',
      'review',
      { entryId: e, round: 'city', decision: 'recommend' },
      'INVALID_ARGUMENT',
    );

    const stories = await createCall(
      h,
      U.cityAdmin,
      cityCall({
        kind: 'stories',
        title: '线上教学新网红',
        categories: [
          {
            key: 'story',
            title: '抗疫复学故事',
            format: 'text',
            minChars: 100,
            maxChars: 2000,
            maxImages: 3,
          },
        ],
        groups: [{ key: 'teacher', title: '教师', who: 'teacher', classes: [] }],
        rubric: undefined,
        tiers: undefined,
      }),
    );
    const { essay } = await import('./kit');
    const t = await h.ok(U.teacher, 'contest', 'save', {
      callId: stories,
      draftKey: 'story-draft-1',
      authorType: 'teacher',
      category: 'story',
      group: 'teacher',
      title: '屏幕那头的笑脸',
      body: essay(3),
    });
    await h.ok(U.teacher, 'contest', 'submit', { entryId: t.entryId, originality: true });
    await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: t.entryId,
      round: 'school',
      decision: 'recommend',
    });
    await h.ok(U.districtAdmin, 'contest', 'review', {
      entryId: t.entryId,
      round: 'district',
      decision: 'recommend',
    });
    await h.rejects(U.cityAdmin, 'contest', 'publishSelection', { callId: stories }, 'FAILED_PRECONDITION');
    await h.ok(U.cityAdmin, 'contest', 'review', {
      entryId: t.entryId,
      round: 'city',
      decision: 'recommend',
    });
    await h.rejects(U.cityAdmin, 'contest', 'publishSelection', { callId: stories }, 'FAILED_PRECONDITION'); // not closed yet
    h.clock.set('2026-07-12T02:00:00.000Z');
    await h.rejects(U.districtAdmin, 'contest', 'publishSelection', { callId: stories }, 'PERMISSION_DENIED');
    expect((await h.ok(U.cityAdmin, 'contest', 'publishSelection', { callId: stories })).selected).toBe(1);
    const column = await h.ok(null, 'contest', 'column', { callId: stories });
    expect(column.items.map((i) => i.title)).toEqual(['屏幕那头的笑脸']);
    expect(column.items[0].authorLabel).toBe('林*梅');
    // Locked after publishing.
    await h.rejects(
      U.cityAdmin,
      'contest',
      'review',
      { entryId: t.entryId, round: 'city', decision: 'unrecommend' },
      'FAILED_PRECONDITION',
    );
    await h.rejects(U.cityAdmin, 'contest', 'publishSelection', { callId: stories }, 'FAILED_PRECONDITION');
  });

  it('a city admin cannot be a school-round reviewer by accident of a typo: unknown units answer NOT_FOUND', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    await seedUser(h, 'nobody-admin', [
      { role: 'school_admin', schoolId: 'school-none', districtId: HUALONG },
    ]);
    await h.rejects(
      'nobody-admin',
      'contest',
      'reviewQueue',
      { callId, round: 'school', unitId: 'school-none' },
      'NOT_FOUND',
    );
  });
});
