import { createMiniCodeMaker, GET_UNLIMITED_API, imageBytes } from './miniCode';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(200, 7)]);

describe('mini-program codes', () => {
  it('decodes image bytes in the shapes the SDK may answer', () => {
    expect(imageBytes({ result: png })).toEqual(png);
    expect(imageBytes({ result: { type: 'Buffer', data: [...png] } })).toEqual(png);
    expect(imageBytes({ result: png.toString('base64') })).toEqual(png);
    expect(imageBytes({ result: png.toString('latin1') })).toEqual(png);
    expect(imageBytes({ result: { errcode: 41030, errmsg: 'invalid page' } })).toBeNull();
  });

  it('asks for the page and scene, stores the image and answers its file id', async () => {
    const callWxOpenApi = jest.fn().mockResolvedValue({ result: png });
    const uploadFile = jest.fn().mockResolvedValue({ fileID: 'cloud://env.b/codes/x.png' });
    const make = createMiniCodeMaker(
      { callWxOpenApi, callCompatibleWxOpenApi: jest.fn(), uploadFile },
      'trial',
    );
    expect(await make('packages/join/class/index', 'ABC234')).toBe('cloud://env.b/codes/x.png');
    expect(callWxOpenApi).toHaveBeenCalledWith({
      apiName: GET_UNLIMITED_API,
      requestData: expect.objectContaining({
        page: 'packages/join/class/index',
        scene: 'ABC234',
        env_version: 'trial',
      }),
    });
    expect(uploadFile.mock.calls[0][0].cloudPath).toMatch(/^codes\/[0-9a-f]{32}\.png$/);
  });
});
