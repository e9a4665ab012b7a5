import {
  createWechatModerator,
  MEDIA_CHECK_ASYNC_API,
  MSG_SEC_CHECK_API,
  parseMediaCheckEvent,
  verdictOf,
} from './wechat';

function fakeApp(answers: Record<string, unknown>) {
  const calls: { apiName: string; requestData: Record<string, unknown> }[] = [];
  const app = {
    async callWxOpenApi({ apiName, requestData }: { apiName: string; requestData: Record<string, unknown> }) {
      calls.push({ apiName, requestData });
      return answers[apiName];
    },
    async getTempFileURL() {
      return {
        fileList: [
          { code: 'SUCCESS', fileID: 'cloud://env/x.png', tempFileURL: 'https://tmp.example/x.png' },
        ],
      };
    },
  };
  return { app: app as never, calls };
}

describe('WeChat moderator', () => {
  it('sends msgSecCheck v2 with the writer openid and maps suggest/label to a verdict', async () => {
    const { app, calls } = fakeApp({
      [MSG_SEC_CHECK_API]: {
        result: { errcode: 0, trace_id: 't1', result: { suggest: 'risky', label: 20003 } },
      },
    });
    const r = await createWechatModerator(app).checkText('某段文字', 'openid-1');
    expect(calls[0]).toEqual({
      apiName: MSG_SEC_CHECK_API,
      requestData: { content: '某段文字', version: 2, scene: 4, openid: 'openid-1' },
    });
    expect(r).toMatchObject({ verdict: 'reject', provider: 'wechat-msgSecCheck', traceId: 't1' });
    expect(r.reason).toContain('辱骂');
  });

  it('treats pass and review suggestions and fails loudly on platform errors', async () => {
    expect(verdictOf('pass', 100, '文字').verdict).toBe('pass');
    expect(verdictOf('review', 21000, '文字').verdict).toBe('review');
    const { app } = fakeApp({
      [MSG_SEC_CHECK_API]: { result: { errcode: 61010, errmsg: 'user not visited' } },
    });
    await expect(createWechatModerator(app).checkText('x', 'o')).rejects.toThrow('61010');
    const { app: down } = fakeApp({ [MSG_SEC_CHECK_API]: { code: 'SYS_ERR', message: 'boom' } });
    await expect(createWechatModerator(down).checkText('x', 'o')).rejects.toThrow('SYS_ERR');
  });

  it('starts mediaCheckAsync on a temp URL and holds the photo until the callback', async () => {
    const { app, calls } = fakeApp({
      [MEDIA_CHECK_ASYNC_API]: { result: { errcode: 0, trace_id: 'trace-9' } },
    });
    const r = await createWechatModerator(app).checkImage('cloud://env/x.png', 'openid-1');
    expect(calls[0].requestData).toEqual({
      media_url: 'https://tmp.example/x.png',
      media_type: 2,
      version: 2,
      scene: 4,
      openid: 'openid-1',
    });
    expect(r).toMatchObject({ verdict: 'review', traceId: 'trace-9', provider: 'wechat-mediaCheckAsync' });
  });

  it('reads the wxa_media_check event', () => {
    const event = {
      ToUserName: 'gh_x',
      FromUserName: 'o_x',
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'wx1',
      trace_id: 'trace-9',
      version: 2,
      result: { suggest: 'risky', label: 20002 },
    };
    expect(parseMediaCheckEvent(event)).toEqual({ traceId: 'trace-9', suggest: 'risky', label: 20002 });
    expect(parseMediaCheckEvent({ action: 'create' })).toBeNull();
    expect(parseMediaCheckEvent(null)).toBeNull();
  });
});
