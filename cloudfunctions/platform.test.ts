/**
 * The functions the app must never call: platformPush (WeChat's message pushes) and rollup (the timer).
 * Both run the deployed entry with the real router, node-sdk and CloudBase store driver on the fake.
 */
import { setCloudbaseServicesForTest } from '../adapters/cloudbase';
import { C } from '../core/collections';
import type { CardDoc } from '../core/functions/card/model';
import type { Services } from '../core/services';
import { createHarness, DEMO_USERS, type Harness } from '../testing/harness';
import { main as push } from './platformPush/index';
import { isTimerEvent, main as rollup } from './rollup/index';

function contextFor(openid?: string) {
  const environment: Record<string, string> = { TCB_ENV: 'test-env', TRIGGER_SRC: 'tcb' };
  if (openid) environment.WX_OPENID = openid;
  return { request_id: 'r', environment: JSON.stringify(environment) };
}

const APPID = 'wx1234567890abcdef';
const pushEvent = (suggest: string, extra: Record<string, unknown> = {}) => ({
  ToUserName: 'gh_0123456789ab',
  FromUserName: 'o-system',
  CreateTime: 1_700_000_000,
  MsgType: 'event',
  Event: 'wxa_media_check',
  appid: APPID,
  trace_id: 'trace-7',
  version: 2,
  result: { suggest, label: suggest === 'risky' ? 20002 : 100 },
  ...extra,
});

let h: Harness;
let cardId: string;
beforeEach(async () => {
  process.env.WX_APPID = APPID;
  process.env.WX_ORIGINAL_ID = 'gh_0123456789ab';
  h = await createHarness();
  await h.login(DEMO_USERS.parent);
  h.services.moderator = {
    checkText: async () => ({ verdict: 'pass', provider: 'wechat-msgSecCheck' }),
    checkImage: async () => ({ verdict: 'review', provider: 'wechat-mediaCheckAsync', traceId: 'trace-7' }),
  };
  setCloudbaseServicesForTest(h.services as Services);
  const photoFileId = await h.upload(DEMO_USERS.parent, 'cardPhoto');
  cardId = (
    await h.ok(DEMO_USERS.parent, 'card', 'create', {
      templateId: 'qinglang',
      slogan: '清朗网络靠大家',
      rosterId: 'class-lvyin-3-2-r1',
      photoFileId,
    })
  ).cardId;
});

afterAll(() => {
  setCloudbaseServicesForTest(null);
  delete process.env.WX_APPID;
  delete process.env.WX_ORIGINAL_ID;
});

const status = async () => (await h.get<CardDoc>(C.cards, cardId))!.status;

describe('platformPush: WeChat message pushes', () => {
  it('settles a genuine wxa_media_check push addressed to this mini-program', async () => {
    expect(await status()).toBe('pending');
    expect(await push(pushEvent('pass'), contextFor())).toBe('success');
    expect(await status()).toBe('approved');
  });

  it('refuses the same event sent by a user (any caller openid): nothing changes', async () => {
    const before = await h.snapshot();
    expect(await push(pushEvent('pass'), contextFor(DEMO_USERS.parent))).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await h.snapshot()).toEqual(before);
  });

  it('drops a push for another mini-program (appid or ToUserName), changing nothing', async () => {
    const before = await h.snapshot();
    expect(await push(pushEvent('pass', { appid: 'wx-other' }), contextFor())).toBe('success');
    expect(await push(pushEvent('pass', { ToUserName: 'gh_other' }), contextFor())).toBe('success');
    expect(await push(pushEvent('pass', { appid: undefined }), contextFor())).toBe('success');
    expect(await h.snapshot()).toEqual(before);
  });

  it('a later risky verdict wins over a forged pass', async () => {
    await push(pushEvent('pass'), contextFor());
    expect(await status()).toBe('approved');
    await push(pushEvent('risky'), contextFor());
    expect(await status()).toBe('rejected');
    await push(pushEvent('pass'), contextFor());
    expect(await status()).toBe('rejected');
  });

  it('with no WX_APPID configured, accepts nothing', async () => {
    delete process.env.WX_APPID;
    await push(pushEvent('pass'), contextFor());
    expect(await status()).toBe('pending');
  });
});

describe('rollup: only the timer may run it', () => {
  const timer = { Type: 'Timer', TriggerName: 'everyMinute', Time: '2026-06-15T02:00:00Z', Message: '' };

  it('recognises the timer event', () => {
    expect(isTimerEvent(timer)).toBe(true);
    expect(isTimerEvent({ action: 'rollup' })).toBe(false);
    expect(isTimerEvent(null)).toBe(false);
  });

  it('refuses a client call (caller openid, or not a timer event) without touching anything', async () => {
    const before = await h.snapshot();
    expect(await rollup(timer, contextFor(DEMO_USERS.cityAdmin))).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await rollup({ action: 'recount' }, contextFor())).toMatchObject({ ok: false });
    expect(await h.snapshot()).toEqual(before);
  });

  it('runs for the timer', async () => {
    expect(await rollup(timer, contextFor())).toMatchObject({ ok: true });
  });
});
