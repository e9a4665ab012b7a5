/**
 * The typed client tells a timeout from a network failure: weapp `callFunction` errors carry an errMsg
 * ("…timed out…", errCode -504003); H5 aborts a fetch that takes longer than the limit.
 */
import { mockTaro } from '../../test/taroMocks';
import { ApiError, call, callFailure, devIdentities, NETWORK_MESSAGE, TIMEOUT_MESSAGE } from './client';

// The ui project's @tarojs/taro has no storage API: no token is stored on this "device".
const api = mockTaro(['getStorageSync']);
beforeEach(() => api.getStorageSync.mockReturnValue(''));

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  jest.useRealTimers();
});

test('weapp: a function that ran out of time is a timeout, not a network failure', () => {
  const timedOut = callFailure({
    errMsg:
      'cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after 3 seconds',
  });
  expect(timedOut).toBeInstanceOf(ApiError);
  expect(timedOut.code).toBe('DEADLINE_EXCEEDED');
  expect(timedOut.message).toBe(TIMEOUT_MESSAGE);
  expect(callFailure({ errMsg: 'cloud.callFunction:fail request:fail timeout' }).message).toBe(
    TIMEOUT_MESSAGE,
  );
  const offline = callFailure({
    errMsg: 'cloud.callFunction:fail request:fail errcode:-2 cronet_error_code:-2',
  });
  expect(offline.code).toBe('UNAVAILABLE');
  expect(offline.message).toBe(NETWORK_MESSAGE);
});

test('H5: a call that takes longer than its limit is aborted and said to be a timeout', async () => {
  globalThis.fetch = jest.fn(
    (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })),
        );
      }),
  ) as unknown as typeof fetch;
  await expect(call('campaign', 'get', {}, { timeoutMs: 20 })).rejects.toMatchObject({
    code: 'DEADLINE_EXCEEDED',
    message: TIMEOUT_MESSAGE,
  });
});

test('H5: a refused connection is a network failure', async () => {
  globalThis.fetch = jest.fn(async () => {
    throw new TypeError('Failed to fetch');
  }) as unknown as typeof fetch;
  await expect(call('campaign', 'get', {})).rejects.toMatchObject({
    code: 'UNAVAILABLE',
    message: NETWORK_MESSAGE,
  });
});

test('the demo identities come through the client, not a page-level fetch', async () => {
  globalThis.fetch = jest.fn(async () => ({
    json: async () => ({ ok: true, data: [{ openid: 'demo-teacher', label: '老师' }] }),
  })) as unknown as typeof fetch;
  await expect(devIdentities()).resolves.toEqual([{ openid: 'demo-teacher', label: '老师' }]);
  expect((globalThis.fetch as jest.Mock).mock.calls[0][0]).toBe('/api/dev/identities');
});
