/** Share event ids are random UUIDs from a cryptographic source on both platforms. */
import Taro from '@tarojs/taro';
import { newEventId, randomBytes } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('H5: UUID v4 from crypto.getRandomValues, never Math.random', async () => {
  const random = jest.spyOn(Math, 'random');
  const spy = jest.spyOn(globalThis.crypto, 'getRandomValues');
  const a = await newEventId();
  const b = await newEventId();
  expect(a).toMatch(UUID);
  expect(b).toMatch(UUID);
  expect(a).not.toBe(b);
  expect(spy).toHaveBeenCalled();
  expect(random).not.toHaveBeenCalled();
  spy.mockRestore();
  random.mockRestore();
});

test("weapp (no Web Crypto): WeChat's getRandomValues gives the bytes", async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  const env = process.env.TARO_ENV;
  const taro = Taro as unknown as Record<string, unknown>;
  const savedApi = taro.getRandomValues;
  const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  const api = jest.fn((o: { length: number; success: (r: { randomValues: ArrayBuffer }) => void }) => {
    o.success({ randomValues: bytes.slice(0, o.length).buffer });
  });
  try {
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    process.env.TARO_ENV = 'weapp';
    taro.getRandomValues = api;
    await expect(randomBytes(16)).resolves.toEqual(bytes);
    expect(api).toHaveBeenCalledWith(expect.objectContaining({ length: 16 }));
    await expect(newEventId()).resolves.toMatch(UUID);
  } finally {
    if (saved) Object.defineProperty(globalThis, 'crypto', saved);
    process.env.TARO_ENV = env;
    taro.getRandomValues = savedApi;
  }
});
