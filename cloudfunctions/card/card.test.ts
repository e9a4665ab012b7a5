import { setCloudbaseServicesForTest } from '../../adapters/cloudbase';
import { C } from '../../core/collections';
import type { CardDoc } from '../../core/functions/card/model';
import type { Services } from '../../core/services';
import { createHarness, DEMO_USERS } from '../../core/testing/harness';
import { main } from './index';
import { imageBytes } from './miniCode';

function contextFor(openid?: string) {
  const environment: Record<string, string> = { TCB_ENV: 'test-env', TRIGGER_SRC: 'tcb' };
  if (openid) environment.WX_OPENID = openid;
  return { request_id: 'r', environment: JSON.stringify(environment) };
}

afterAll(() => setCloudbaseServicesForTest(null));

describe('cloud function card', () => {
  it('routes calls, and settles a wxa_media_check push (no caller) but not the same event from a user', async () => {
    const h = await createHarness();
    await h.login(DEMO_USERS.parent);
    h.services.moderator = {
      checkText: async () => ({ verdict: 'pass', provider: 'wechat-msgSecCheck' }),
      checkImage: async () => ({ verdict: 'review', provider: 'wechat-mediaCheckAsync', traceId: 'trace-7' }),
    };
    setCloudbaseServicesForTest(h.services as Services);
    const photo = await h.services.files.save(new Uint8Array([1, 2, 3]), 'image/png', DEMO_USERS.parent);
    const made = (await main(
      {
        action: 'create',
        templateId: 'qinglang',
        slogan: '清朗网络靠大家',
        rosterId: 'class-lvyin-3-2-r1',
        photoFileId: photo.fileId,
        userInfo: { appId: 'x' },
      },
      contextFor(DEMO_USERS.parent),
    )) as { ok: true; data: { cardId: string; status: string } };
    expect(made.ok).toBe(true);
    expect(made.data.status).toBe('pending');
    const event = {
      MsgType: 'event',
      Event: 'wxa_media_check',
      trace_id: 'trace-7',
      result: { suggest: 'pass', label: 100 },
    };
    const forged = await main(event, contextFor(DEMO_USERS.parent));
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await h.get<CardDoc>(C.cards, made.data.cardId))!.status).toBe('pending');
    expect(await main(event, contextFor())).toBe('success');
    expect((await h.get<CardDoc>(C.cards, made.data.cardId))!.status).toBe('approved');
  });

  it('decodes mini-program code bytes in the shapes the SDK may answer', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(200, 7)]);
    expect(imageBytes({ result: png })).toEqual(png);
    expect(imageBytes({ result: { type: 'Buffer', data: [...png] } })).toEqual(png);
    expect(imageBytes({ result: png.toString('base64') })).toEqual(png);
    expect(imageBytes({ result: png.toString('latin1') })).toEqual(png);
    expect(imageBytes({ result: { errcode: 41030, errmsg: 'invalid page' } })).toBeNull();
  });
});
