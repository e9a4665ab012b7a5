import { C } from '../../collections';
import type { ModerationResult } from '../../services';
import type { ClassDoc } from '../../model';
import { recount, rollup, readTotal } from '../../stats';
import { findAll } from '../../store';
import { createHarness, DEMO_USERS, expectError, type Harness } from '../../../testing/harness';
import { CARD_FAMILIES, CARD_METRICS, type CardDoc } from './model';
import { settleMediaPush } from '../../moderation/mediaChecks';

const { parent, student, teacher, schoolAdmin, districtAdmin, cityAdmin, newcomer } = DEMO_USERS;
const ROSTER = 'class-lvyin-3-2-r1';
const CLASS = 'class-lvyin-3-2';
const SCHOOL = 'school-lvyin';

const good = {
  templateId: 'wenming',
  slogan: '文明上网，从我家做起！',
  names: ['王小雨', '王大明'],
  rosterId: ROSTER,
};

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  for (const u of Object.values(DEMO_USERS)) await h.login(u);
});

async function totals(id: string) {
  await rollup(h.store, h.clock.now());
  return readTotal(h.store, id);
}

async function upload(owner: string, type = 'image/png'): Promise<string> {
  return h.upload(owner, 'cardPhoto', new Uint8Array([137, 80, 78, 71, 1, 2, 3]), type);
}

describe('card.create', () => {
  it('a parent makes a card: checked, stored with masked names, approved and counted once', async () => {
    const res = await h.ok(parent, 'card', 'create', good);
    expect(res.status).toBe('approved');
    const card = (await h.get<CardDoc>(C.cards, res.cardId))!;
    expect(card.names).toEqual(['王*雨', '王*明']);
    expect(JSON.stringify(card)).not.toContain('王小雨');
    expect(card.textCheck.verdict).toBe('pass');
    expect(card.textCheck.provider).toMatch(/^local-words/);
    expect(card).toMatchObject({ classId: CLASS, schoolId: SCHOOL, starterRole: 'parent', counted: true });
    const school = await totals(`s:${SCHOOL}`);
    expect(school[CARD_METRICS.made]).toBe(1);
    expect(school[CARD_METRICS.families]).toBe(1);
    expect((await totals('city'))[CARD_METRICS.made]).toBe(1);
    // A second card of the same family counts as a card, not as a new family.
    await h.ok(parent, 'card', 'create', { ...good, templateId: 'qinglang' });
    const after = await totals(`k:${CLASS}`);
    expect(after[CARD_METRICS.made]).toBe(2);
    expect(after[CARD_METRICS.families]).toBe(1);
  });

  it('refuses a blocked slogan in any disguise with its reason and stores nothing', async () => {
    for (const slogan of ['你是傻逼', '你是 傻 Ｂ', '他媽的网络', '打 138 0013 8000 找我']) {
      const err = await h.rejects(parent, 'card', 'create', { ...good, slogan }, 'INVALID_ARGUMENT');
      expect(err.message).toMatch(/不文明|联系方式/);
    }
    // Names are checked too.
    await h.rejects(parent, 'card', 'create', { ...good, names: ['草泥马'] }, 'INVALID_ARGUMENT');
  });

  it('refuses bad input without touching the store', async () => {
    await h.rejects(parent, 'card', 'create', { ...good, slogan: '好'.repeat(61) }, 'INVALID_ARGUMENT');
    await h.rejects(parent, 'card', 'create', { ...good, slogan: '   ' }, 'INVALID_ARGUMENT');
    await h.rejects(parent, 'card', 'create', { ...good, templateId: 'copied-art' }, 'INVALID_ARGUMENT');
    await h.rejects(parent, 'card', 'create', { ...good, extra: 1 }, 'INVALID_ARGUMENT');
    await h.rejects(parent, 'card', 'create', { ...good, names: ['王小雨123'] }, 'INVALID_ARGUMENT');
    await h.rejects(
      parent,
      'card',
      'create',
      { ...good, names: Array(7).fill('王小雨') },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      parent,
      'card',
      'create',
      { ...good, photoFileId: 'http://evil/x.png' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      parent,
      'card',
      'create',
      { ...good, photoFileId: 'local://00000000-0000-0000-0000-000000000000.png' },
      'PERMISSION_DENIED',
    );
    // 60 characters, emoji counting as one, are fine.
    const sixty = `${'好'.repeat(58)}👨‍👩‍👧！`;
    expect((await h.ok(parent, 'card', 'create', { ...good, slogan: sixty })).status).toBe('approved');
  });

  it('refuses the wrong people without touching the store', async () => {
    await h.rejects(null, 'card', 'create', good, 'UNAUTHENTICATED');
    await h.rejects(teacher, 'card', 'create', { ...good, rosterId: undefined }, 'FAILED_PRECONDITION');
    await h.rejects(newcomer, 'card', 'create', { ...good, rosterId: undefined }, 'FAILED_PRECONDITION');
    await h.rejects(newcomer, 'card', 'create', good, 'PERMISSION_DENIED');
    await h.rejects(
      parent,
      'card',
      'create',
      { ...good, rosterId: 'class-lvyin-3-2-r2' },
      'PERMISSION_DENIED',
    );
    // Someone else's upload cannot be used.
    const theirs = await upload(teacher);
    await h.rejects(parent, 'card', 'create', { ...good, photoFileId: theirs }, 'PERMISSION_DENIED');
    // An upload made for another purpose (a signature) is not a card photo.
    const signature = await h.upload(parent, 'signature');
    await h.rejects(parent, 'card', 'create', { ...good, photoFileId: signature }, 'INVALID_ARGUMENT');
  });

  it('a student under 14 needs guardian consent before their words are stored', async () => {
    expect((await h.ok(student, 'card', 'create', { ...good, rosterId: undefined })).status).toBe('approved');
    await h.ok(parent, 'identity', 'revokeConsent', { rosterId: ROSTER });
    const err = await h.rejects(
      student,
      'card',
      'create',
      { ...good, rosterId: undefined },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('同意');
  });

  it('is closed outside the launch and implementation phases', async () => {
    h.clock.advanceDays(75);
    await h.rejects(parent, 'card', 'create', good, 'FAILED_PRECONDITION');
  });

  it('fails closed when no moderator is configured', async () => {
    h.services.moderator = undefined;
    await h.rejects(parent, 'card', 'create', good, 'FAILED_PRECONDITION');
  });
});

describe('co-creation', () => {
  it('the child adds a line from their own phone; both are counted as contributors and the card as co-created', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    const view = await h.ok(student, 'card', 'getPublic', { cardId });
    expect(view.viewer).toMatchObject({ isFamily: true, canReply: true, replyRole: 'child' });
    const res = await h.ok(student, 'card', 'reply', { cardId, text: '我会按时下线，先完成作业！' });
    expect(res.replyStatus).toBe('pass');
    const card = (await h.get<CardDoc>(C.cards, cardId))!;
    expect(card.contributors).toEqual([parent, student]);
    expect(card.coCreated).toBe(true);
    expect((await totals(`s:${SCHOOL}`))[CARD_METRICS.coCreated]).toBe(1);
    await h.rejects(student, 'card', 'reply', { cardId, text: '再写一句' }, 'ALREADY_EXISTS');
  });

  it('the child may write on the parent phone (sameDevice); strangers and the wrong role may not', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    await h.rejects(teacher, 'card', 'reply', { cardId, text: '老师写的' }, 'PERMISSION_DENIED');
    await h.rejects(parent, 'card', 'reply', { cardId, text: '家长冒充孩子' }, 'PERMISSION_DENIED');
    await h.rejects(
      student,
      'card',
      'reply',
      { cardId, text: '同一台手机', sameDevice: true },
      'PERMISSION_DENIED',
    );
    await h.rejects(parent, 'card', 'reply', { cardId, text: '傻 逼', sameDevice: true }, 'INVALID_ARGUMENT');
    await h.rejects(
      parent,
      'card',
      'reply',
      { cardId, text: '好'.repeat(31), sameDevice: true },
      'INVALID_ARGUMENT',
    );
    const res = await h.ok(parent, 'card', 'reply', {
      cardId,
      text: '我会监督爸爸妈妈少刷手机！',
      sameDevice: true,
    });
    expect(res.replyStatus).toBe('pass');
    const card = (await h.get<CardDoc>(C.cards, cardId))!;
    expect(card.reply).toMatchObject({ role: 'child', sameDevice: true, by: parent });
  });

  it('a parent adds a line to a card the child started', async () => {
    const { cardId } = await h.ok(student, 'card', 'create', { ...good, rosterId: undefined });
    const res = await h.ok(parent, 'card', 'reply', { cardId, text: '我们一起做孩子的好榜样。' });
    expect(res.replyStatus).toBe('pass');
    expect((await h.get<CardDoc>(C.cards, cardId))!.reply?.role).toBe('parent');
  });
});

describe('visibility', () => {
  it('an approved card is public (no login) with masked names only', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    const view = await h.ok(null, 'card', 'getPublic', { cardId });
    expect(view.card.names).toEqual(['王*雨', '王*明']);
    expect(view.card.schoolName).toBe('华龙区绿茵小学');
    expect(view.viewer.isFamily).toBe(false);
    expect(view.reason).toBeNull();
    await h.rejects(null, 'card', 'getPublic', { cardId: 'nope' }, 'NOT_FOUND');
  });

  it('a card with a photo stays private until a teacher approves it', async () => {
    const photoFileId = await upload(parent);
    const { cardId, status } = await h.ok(parent, 'card', 'create', { ...good, photoFileId });
    expect(status).toBe('pending');
    await h.rejects(null, 'card', 'getPublic', { cardId }, 'NOT_FOUND');
    await h.rejects(teacher, 'card', 'getPublic', { cardId }, 'NOT_FOUND');
    const own = await h.ok(parent, 'card', 'getPublic', { cardId });
    expect(own.status).toBe('pending');
    expect(own.card.photoUrl).toContain('/api/files/');
    expect(own.shareable).toBe(false);
    await h.rejects(
      parent,
      'card',
      'recordShare',
      { cardId, channel: 'chat', eventId: 'evt-00000001' },
      'FAILED_PRECONDITION',
    );
    expect((await totals(`s:${SCHOOL}`))[CARD_METRICS.made] ?? 0).toBe(0);
    // Not on the wall either.
    expect((await h.ok(parent, 'card', 'wall', { schoolId: SCHOOL })).items).toHaveLength(0);

    const queue = await h.ok(teacher, 'card', 'reviewQueue', { classId: CLASS });
    expect(queue.items.map((i) => i.cardId)).toEqual([cardId]);
    expect(queue.items[0].photo?.verdict).toBe('review');
    await h.rejects(
      parent,
      'card',
      'review',
      { cardId, part: 'card', decision: 'approve' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      teacher,
      'card',
      'review',
      { cardId, part: 'card', decision: 'reject' },
      'INVALID_ARGUMENT',
    );
    const approved = await h.ok(teacher, 'card', 'review', { cardId, part: 'card', decision: 'approve' });
    expect(approved.status).toBe('approved');
    expect((await h.ok(null, 'card', 'getPublic', { cardId })).card.photoUrl).toBeTruthy();
    expect((await totals(`s:${SCHOOL}`))[CARD_METRICS.made]).toBe(1);
    expect((await h.ok(teacher, 'card', 'reviewQueue', { classId: CLASS })).items).toHaveLength(0);
  });

  it('a taken-down card leaves the counts and shows its reason to the family only', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    await h.ok(teacher, 'card', 'review', {
      cardId,
      part: 'card',
      decision: 'reject',
      reason: '文字与活动无关',
    });
    await h.rejects(null, 'card', 'getPublic', { cardId }, 'NOT_FOUND');
    const own = await h.ok(parent, 'card', 'getPublic', { cardId });
    expect(own).toMatchObject({ status: 'rejected', reason: '文字与活动无关' });
    const t = await totals(`s:${SCHOOL}`);
    expect(t[CARD_METRICS.made]).toBe(0);
    expect(t[CARD_METRICS.families]).toBe(0);
    expect(await h.get(CARD_FAMILIES, ROSTER)).toBeNull();
  });
});

describe('async image checks (WeChat mediaCheckAsync)', () => {
  const trace = (verdict: ModerationResult['verdict']) => ({
    async checkText(): Promise<ModerationResult> {
      return { verdict: 'pass', provider: 'wechat-msgSecCheck' };
    },
    async checkImage(): Promise<ModerationResult> {
      return { verdict, provider: 'wechat-mediaCheckAsync', traceId: 'trace-1', reason: '照片正在审核' };
    },
  });

  it('a pass publishes the card; a repeated pass or an unknown trace changes nothing', async () => {
    h.services.moderator = trace('review');
    const photoFileId = await upload(parent);
    const { cardId, status } = await h.ok(parent, 'card', 'create', { ...good, photoFileId });
    expect(status).toBe('pending');
    expect(await h.get('media_checks', 'trace-1')).toMatchObject({ kind: 'card', ref: cardId });
    expect(
      await settleMediaPush(h.services, { traceId: 'trace-1', suggest: 'pass', label: 100 }, h.clock.now()),
    ).toBe(true);
    expect((await h.get<CardDoc>(C.cards, cardId))!.status).toBe('approved');
    const snap = await h.snapshot();
    expect(
      await settleMediaPush(h.services, { traceId: 'trace-1', suggest: 'pass', label: 100 }, h.clock.now()),
    ).toBe(false);
    expect(await settleMediaPush(h.services, { traceId: 'unknown', suggest: 'pass' }, h.clock.now())).toBe(
      false,
    );
    expect(await h.snapshot()).toEqual(snap);
    expect((await totals(`s:${SCHOOL}`))[CARD_METRICS.made]).toBe(1);
  });

  it('a later risky result always wins over a pass (a forged early pass cannot keep a photo public)', async () => {
    h.services.moderator = trace('review');
    const { cardId } = await h.ok(parent, 'card', 'create', { ...good, photoFileId: await upload(parent) });
    await settleMediaPush(h.services, { traceId: 'trace-1', suggest: 'pass' }, h.clock.now());
    expect((await h.get<CardDoc>(C.cards, cardId))!.status).toBe('approved');
    expect(
      await settleMediaPush(
        h.services,
        { traceId: 'trace-1', suggest: 'risky', label: 20002 },
        h.clock.now(),
      ),
    ).toBe(true);
    expect((await h.get<CardDoc>(C.cards, cardId))!.status).toBe('rejected');
    expect((await totals(`s:${SCHOOL}`))[CARD_METRICS.made]).toBe(0);
    // Nothing overturns the risky verdict.
    expect(await settleMediaPush(h.services, { traceId: 'trace-1', suggest: 'pass' }, h.clock.now())).toBe(
      false,
    );
    expect((await h.get<CardDoc>(C.cards, cardId))!.status).toBe('rejected');
  });

  it('a risky photo rejects the card with a reason', async () => {
    h.services.moderator = trace('review');
    const { cardId } = await h.ok(parent, 'card', 'create', { ...good, photoFileId: await upload(parent) });
    await settleMediaPush(h.services, { traceId: 'trace-1', suggest: 'risky', label: 20002 }, h.clock.now());
    const own = await h.ok(parent, 'card', 'getPublic', { cardId });
    expect(own.status).toBe('rejected');
    expect(own.reason).toContain('色情');
  });

  it('a provider failure is a retryable error, not a silent pass', async () => {
    h.services.moderator = {
      checkText: async () => {
        throw new Error('network');
      },
      checkImage: async () => ({ verdict: 'pass', provider: 'x' }),
    };
    const err = expectError(await h.unchanged(() => h.call(parent, 'card', 'create', good)), 'INTERNAL');
    expect(err.message).toContain('稍后');
  });
});

describe('card.recordShare', () => {
  it('counts each share event once, per channel, however often it is sent', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    const first = await h.ok(parent, 'card', 'recordShare', {
      cardId,
      channel: 'moments',
      eventId: 'evt-aaaaaaaa',
    });
    expect(first.counted).toBe(true);
    const again = await h.unchanged(() =>
      h.ok(parent, 'card', 'recordShare', { cardId, channel: 'moments', eventId: 'evt-aaaaaaaa' }),
    );
    expect(again).toEqual({ counted: false, duplicate: true });
    await h.ok(parent, 'card', 'recordShare', { cardId, channel: 'chat', eventId: 'evt-bbbbbbbb' });
    await h.ok(student, 'card', 'recordShare', { cardId, channel: 'saved', eventId: 'evt-cccccccc' });
    const t = await totals(`s:${SCHOOL}`);
    expect([t[CARD_METRICS.moments], t[CARD_METRICS.chat], t[CARD_METRICS.saved]]).toEqual([1, 1, 1]);
    expect(
      (await totals(`d:${(await h.get<CardDoc>(C.cards, cardId))!.districtId}`))[CARD_METRICS.moments],
    ).toBe(1);
  });

  it('refuses bad input and anonymous callers without touching the store; caps counted shares per day', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    await h.rejects(
      parent,
      'card',
      'recordShare',
      { cardId, channel: 'weibo', eventId: 'evt-aaaaaaaa' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      parent,
      'card',
      'recordShare',
      { cardId, channel: 'chat', eventId: 'x' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      parent,
      'card',
      'recordShare',
      { cardId: 'nope', channel: 'chat', eventId: 'evt-aaaaaaaa' },
      'NOT_FOUND',
    );
    await h.rejects(
      null,
      'card',
      'recordShare',
      { cardId, channel: 'chat', eventId: 'evt-aaaaaaaa' },
      'UNAUTHENTICATED',
    );
    for (let i = 0; i < 12; i++) {
      await h.ok(parent, 'card', 'recordShare', {
        cardId,
        channel: 'chat',
        eventId: `evt-${String(i).padStart(8, '0')}`,
      });
    }
    expect((await totals(`s:${SCHOOL}`))[CARD_METRICS.chat]).toBe(10);
  });
});

describe('counting and dashboards', () => {
  it('recount from the source collections agrees with the incremental counters', async () => {
    const a = await h.ok(parent, 'card', 'create', good);
    await h.ok(student, 'card', 'reply', { cardId: a.cardId, text: '我会按时下线！' });
    const b = await h.ok(parent, 'card', 'create', { ...good, photoFileId: await upload(parent) });
    await h.ok(teacher, 'card', 'review', { cardId: b.cardId, part: 'card', decision: 'approve' });
    await h.ok(parent, 'card', 'recordShare', {
      cardId: a.cardId,
      channel: 'moments',
      eventId: 'evt-11111111',
    });
    await h.ok(parent, 'card', 'recordShare', {
      cardId: b.cardId,
      channel: 'saved',
      eventId: 'evt-22222222',
    });
    await h.ok(parent, 'card', 'remove', { cardId: b.cardId });
    const { roster: _seededWithoutCounter, ...incremental } = await totals(`s:${SCHOOL}`);
    expect(incremental).toMatchObject({
      cardsMade: 1,
      cardFamilies: 1,
      cardsCoCreated: 1,
      sharesMoments: 1,
      sharesSaved: 1,
    });
    const classes = await findAll<ClassDoc>(h.store, C.classes, {});
    await recount(
      h.store,
      classes.map((c) => ({ classId: c._id, schoolId: c.schoolId, districtId: c.districtId })),
      h.clock.now(),
    );
    const { roster, ...recounted } = await readTotal(h.store, `s:${SCHOOL}`);
    expect(recounted).toEqual(incremental);
    expect(roster).toBe(8);
  });

  it('shows each level to the people who manage it, ranked, with every unit listed', async () => {
    await h.ok(parent, 'card', 'create', good);
    // The seed writes roster entries directly: recount gives every class its roster size.
    const classes = await findAll<ClassDoc>(h.store, C.classes, {});
    await recount(
      h.store,
      classes.map((c) => ({ classId: c._id, schoolId: c.schoolId, districtId: c.districtId })),
      h.clock.now(),
    );
    const school = await h.ok(schoolAdmin, 'card', 'stats', { level: 'school', id: SCHOOL });
    expect(school.total.cardsMade).toBe(1);
    expect(school.children[0]).toMatchObject({ id: CLASS, cardsMade: 1, families: 1, roster: 8, rate: 12.5 });
    expect((await h.ok(teacher, 'card', 'stats', { level: 'class', id: CLASS })).total.cardsMade).toBe(1);
    expect(
      (await h.ok(teacher, 'card', 'stats', { level: 'school', id: SCHOOL })).children.length,
    ).toBeGreaterThan(0);
    const district = await h.ok(districtAdmin, 'card', 'stats', { level: 'district', id: 'district-1' });
    expect(district.children.map((c) => c.id)).toContain(SCHOOL);
    const city = await h.ok(cityAdmin, 'card', 'stats', { level: 'city' });
    expect(city.children).toHaveLength(7);
    expect(city.children[0].cardsMade).toBe(1);
    await h.rejects(parent, 'card', 'stats', { level: 'school', id: SCHOOL }, 'PERMISSION_DENIED');
    await h.rejects(schoolAdmin, 'card', 'stats', { level: 'city' }, 'PERMISSION_DENIED');
    await h.rejects(
      districtAdmin,
      'card',
      'stats',
      { level: 'district', id: 'district-2' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      teacher,
      'card',
      'stats',
      { level: 'class', id: 'class-xinghe-7-1' },
      'PERMISSION_DENIED',
    );
    await h.rejects(cityAdmin, 'card', 'stats', { level: 'galaxy' }, 'INVALID_ARGUMENT');
  });

  it('the wall lists approved cards of the caller’s own class or school, names masked', async () => {
    await h.ok(parent, 'card', 'create', good);
    await rollup(h.store, h.clock.now());
    const wall = await h.ok(parent, 'card', 'wall', { classId: CLASS });
    expect(wall.items).toHaveLength(1);
    expect(wall.items[0].names).toEqual(['王*雨', '王*明']);
    expect(wall.cardsMade).toBe(1);
    expect((await h.ok(student, 'card', 'wall', { schoolId: SCHOOL })).items).toHaveLength(1);
    await h.rejects(newcomer, 'card', 'wall', { schoolId: SCHOOL }, 'PERMISSION_DENIED');
    await h.rejects(parent, 'card', 'wall', { schoolId: 'school-xinghe' }, 'PERMISSION_DENIED');
    await h.rejects(parent, 'card', 'wall', { classId: CLASS, schoolId: SCHOOL }, 'INVALID_ARGUMENT');
  });

  it('context tells a parent whom they can make cards for and lists the family cards', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    const ctx = await h.ok(parent, 'card', 'context', {});
    expect(ctx.makers).toEqual([expect.objectContaining({ rosterId: ROSTER, as: 'parent', ready: true })]);
    expect(ctx.cards.map((c) => c.cardId)).toEqual([cardId]);
    expect(ctx.walls.map((w) => w.kind).sort()).toEqual(['class', 'school']);
    // The child sees the family card too.
    expect((await h.ok(student, 'card', 'context', {})).cards.map((c) => c.cardId)).toEqual([cardId]);
    const tctx = await h.ok(teacher, 'card', 'context', {});
    expect(tctx.canReview).toBe(true);
    expect(tctx.statsUnits.map((u) => u.level)).toEqual(['school', 'class']);
  });

  it('only the author (or a manager) removes a card', async () => {
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    await h.rejects(student, 'card', 'remove', { cardId }, 'PERMISSION_DENIED');
    await h.ok(parent, 'card', 'remove', { cardId });
    expect(await h.get(C.cards, cardId)).toBeNull();
    expect((await totals(`s:${SCHOOL}`))[CARD_METRICS.made]).toBe(0);
  });

  it('miniCode answers the H5 card URL locally', async () => {
    h.services.config.publicBaseUrl = 'http://127.0.0.1:8787/';
    const { cardId } = await h.ok(parent, 'card', 'create', good);
    const code = await h.ok(null, 'card', 'miniCode', { cardId });
    expect(code).toEqual({
      kind: 'url',
      url: `http://127.0.0.1:8787/#/packages/card/view/index?id=${cardId}`,
      path: `packages/card/view/index?id=${cardId}`,
    });
  });
});

describe('card.reviewQueue pages', () => {
  it('answers one page of 20 at a time with a cursor, oldest first, and reads only that page', async () => {
    h.services.moderator = {
      checkText: async () => ({ verdict: 'review', provider: 'test', reason: '待老师看看' }),
      checkImage: async () => ({ verdict: 'pass', provider: 'test' }),
    };
    for (let i = 0; i < 20; i++) {
      h.clock.advanceMs(1000);
      await h.ok(parent, 'card', 'create', { ...good, slogan: `清朗网络靠大家${i}` });
    }
    // Another family of the class held five more (copies of the stored shape, as one child may make only 20).
    const [model] = await h.store.find<CardDoc>(C.cards, {}, { limit: 1 });
    for (let i = 20; i < 25; i++) {
      h.clock.advanceMs(1000);
      const at = h.clock.now().toISOString();
      await h.store.insert(C.cards, {
        ...model,
        _id: `held-${i}`,
        slogan: `清朗网络靠大家${i}`,
        createdAt: at,
      });
    }
    const first = await h.ok(teacher, 'card', 'reviewQueue', { classId: 'class-lvyin-3-2' });
    expect(first.items).toHaveLength(20);
    expect(first.items[0].slogan).toBe('清朗网络靠大家0');
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await h.ok(teacher, 'card', 'reviewQueue', {
      classId: 'class-lvyin-3-2',
      cursor: first.nextCursor!,
    });
    expect(second.items.map((c) => c.slogan)).toEqual([20, 21, 22, 23, 24].map((i) => `清朗网络靠大家${i}`));
    expect(second.nextCursor).toBeNull();
    const school = await h.ok(teacher, 'card', 'reviewQueue', { schoolId: 'school-lvyin' });
    expect(school.items).toHaveLength(20);
  });
});
