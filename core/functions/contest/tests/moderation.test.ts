import { C } from '../../../collections';
import { settleMediaPush } from '../../../moderation/mediaChecks';
import { expectError, type Harness } from '../../../../testing/harness';
import type { EntryDoc } from '../model';
import { CARE_MESSAGE } from '../../../moderation/gate';
import {
  asyncModerator,
  contestHarness,
  createCall,
  createUnjudgedCall,
  draftKey,
  essay,
  submitDrawing,
  totals,
  U,
  uploadPicture,
} from './kit';

const entryOf = async (h: Harness, id: string) => (await h.get<EntryDoc>(C.contestEntries, id))!;

describe('moderation gates', () => {
  let h: Harness;
  let callId: string;
  beforeEach(async () => {
    h = await contestHarness();
    callId = await createCall(h);
  });

  it('a rejected text is refused with its reason and changes nothing', async () => {
    const saved = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'essay',
      group: 'primary',
      title: '我的作文',
      body: `${essay(1)}你这个傻逼。`,
    });
    const err = await h.rejects(
      U.student,
      'contest',
      'submit',
      { entryId: saved.entryId, originality: true },
      'INVALID_ARGUMENT',
    );
    expect(err.message).toContain('不文明');
  });

  it('words of self-harm get care (talk to a parent or teacher, 12355), not "please edit"', async () => {
    const saved = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'essay',
      group: 'primary',
      title: '我的作文',
      body: `${essay(2)}我有时候不想活了。`,
    });
    // The entry is not submitted; the only writes are the teacher's notice (below).
    const err = expectError(
      await h.call(U.student, 'contest', 'submit', { entryId: saved.entryId, originality: true }),
      'INVALID_ARGUMENT',
    );
    expect((await h.get<EntryDoc>(C.contestEntries, saved.entryId))!.status).toBe('draft');
    expect(err.message).toBe(CARE_MESSAGE);
    expect(err.message).toContain('12355');
    expect(err.message).not.toMatch(/修改|改一改/);
    // The class teacher is told, quietly (the words are not quoted).
    const notice = await h.store.find<{
      _id: string;
      openid: string;
      template: string;
      data: Record<string, string>;
    }>(C.reminders, { openid: U.teacher }, { limit: 5 });
    expect(notice.map((n) => n.template)).toEqual(['care_notice']);
    expect(JSON.stringify(notice)).not.toContain('不想活');
  });

  it('without a moderator nothing is submitted', async () => {
    const img = await uploadPicture(h, U.student, 3);
    const saved = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'drawing',
      group: 'primary',
      title: 't',
      images: [img],
    });
    const moderator = h.services.moderator;
    h.services.moderator = undefined;
    try {
      await h.rejects(
        U.student,
        'contest',
        'submit',
        { entryId: saved.entryId, originality: true },
        'FAILED_PRECONDITION',
      );
    } finally {
      h.services.moderator = moderator;
    }
  });

  it('WeChat async checks: a picture is private while checking, public after the pass push and the school pass', async () => {
    const mod = asyncModerator();
    h.services.moderator = mod;
    const id = await submitDrawing(h, U.student, await createUnjudgedCall(h), 4);
    expect((await h.ok(U.student, 'contest', 'entry', { entryId: id })).author!.pending).toEqual([
      '第 1 张图片正在进行内容安全检查',
    ]);
    const passed = await h.ok(U.schoolAdmin, 'contest', 'review', {
      entryId: id,
      round: 'school',
      decision: 'pass',
    });
    // The school passed it, but WeChat has not answered: still private.
    expect(passed.public).toBe(false);
    await h.rejects(null, 'contest', 'work', { entryId: id }, 'NOT_FOUND');
    expect(
      await settleMediaPush(h.services, { traceId: mod.traces[0], suggest: 'pass' }, h.clock.now()),
    ).toBe(true);
    expect((await entryOf(h, id)).cleared).toBe(true);
    expect((await h.ok(null, 'contest', 'work', { entryId: id })).work.title).toBe('我的画 4');
  });

  it('a later risky verdict always wins: the passed and recommended work is taken down, its place freed', async () => {
    const mod = asyncModerator();
    h.services.moderator = mod;
    const id = await submitDrawing(h, U.student, callId, 5);
    await settleMediaPush(h.services, { traceId: mod.traces[0], suggest: 'pass' }, h.clock.now());
    await h.ok(U.schoolAdmin, 'contest', 'review', { entryId: id, round: 'school', decision: 'recommend' });
    expect((await totals(h, 'k:class-lvyin-3-2')).contestRecommended).toBe(1);
    expect(
      await settleMediaPush(
        h.services,
        { traceId: mod.traces[0], suggest: 'risky', label: 20002 },
        h.clock.now(),
      ),
    ).toBe(true);
    const e = await entryOf(h, id);
    expect(e.status).toBe('rejected');
    expect(e.note?.kind).toBe('taken-down');
    expect(e.shown).toEqual([]);
    await h.rejects(null, 'contest', 'work', { entryId: id }, 'NOT_FOUND');
    const quota = await h.store.find<{ _id: string; n: number }>(
      C.contestCounts,
      { kind: 'quota' },
      { limit: 10 },
    );
    expect(quota.map((q) => q.n)).toEqual([0]);
    expect((await totals(h, 'k:class-lvyin-3-2')).contestRecommended).toBe(0);
    // The picture is scheduled for deletion; nothing overturns a risky verdict.
    expect(
      await settleMediaPush(h.services, { traceId: mod.traces[0], suggest: 'pass' }, h.clock.now()),
    ).toBe(false);
    const upload = await h.store.find<{ _id: string; expiresAt?: string }>(
      C.uploads,
      { owner: U.student },
      { limit: 5 },
    );
    expect(upload[0].expiresAt).toBeDefined();
  });

  it('a synchronously rejected picture is refused at submission', async () => {
    h.services.moderator = {
      checkText: async () => ({ verdict: 'pass', provider: 't' }),
      checkImage: async () => ({ verdict: 'reject', reason: '图片含有不适合发布的内容', provider: 't' }),
    };
    const img = await uploadPicture(h, U.student, 6);
    const saved = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'drawing',
      group: 'primary',
      title: 't',
      images: [img],
    });
    const err = await h.rejects(
      U.student,
      'contest',
      'submit',
      { entryId: saved.entryId, originality: true },
      'INVALID_ARGUMENT',
    );
    expect(err.message).toContain('不适合发布');
  });
});
