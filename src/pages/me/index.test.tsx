/**
 * 「接收活动提醒」 on the 我的 page: shown only in a weapp build with a reminder template
 * (SUBSCRIBE_TEMPLATE, from TARO_APP_SUBSCRIBE_TEMPLATE), never in H5 local mode; a tap asks WeChat with
 * requestSubscribeMessage({ tmplIds: [template] }) and the answer is shown. The ui project's @tarojs/taro
 * is the H5 API: the weapp calls are mocks on its default export.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { OutputOf } from '../../api/client';
import { call } from '../../api/client';
import { emulatePageShows } from '../../../test/pageShows';
import Me from './index';

let mockLocalMode = false;
jest.mock('../../api/client', () => ({
  ...jest.requireActual('../../api/client'),
  call: jest.fn(),
  get isLocalMode() {
    return mockLocalMode;
  },
  needsLogin: () => false,
}));

const TEMPLATE = 'tmpl-remind-0001';
const me: OutputOf<'identity', 'me'> = { openid: 'o-parent', roles: [], student: null, children: [] };

const taro = Taro as unknown as Record<string, unknown>;
const api = {
  requestSubscribeMessage: jest.fn(),
  showModal: jest.fn(),
  showToast: jest.fn(),
  openSetting: jest.fn(),
};
const saved: Record<string, unknown> = {};
const g = globalThis as unknown as { SUBSCRIBE_TEMPLATE?: string };

beforeAll(() => {
  for (const key of Object.keys(api)) saved[key] = taro[key];
  emulatePageShows();
});
beforeEach(() => {
  mockLocalMode = false;
  g.SUBSCRIBE_TEMPLATE = TEMPLATE;
  for (const [key, fn] of Object.entries(api)) {
    fn.mockReset();
    taro[key] = fn;
  }
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  (call as jest.Mock).mockReset();
  (call as jest.Mock).mockImplementation(async (fn: string, action: string) => {
    if (fn === 'identity' && action === 'me') return me;
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) taro[key] = value;
  delete g.SUBSCRIBE_TEMPLATE;
  emulatePageShows(false);
});

/** Render the page and tap 「接收活动提醒」. */
async function tapRemind() {
  render(<Me />);
  const button = await screen.findByText('接收活动提醒');
  fireEvent.click(button);
  // Within the tap itself, nothing awaited first: WeChat refuses the request outside a tap gesture.
  expect(api.requestSubscribeMessage).toHaveBeenCalledTimes(1);
  expect(api.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: [TEMPLATE] });
}

test('accepted: asks for the configured template and confirms with a toast', async () => {
  api.requestSubscribeMessage.mockResolvedValue({
    [TEMPLATE]: 'accept',
    errMsg: 'requestSubscribeMessage:ok',
  });
  await tapRemind();
  await waitFor(() =>
    expect(api.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '已开启提醒', icon: 'success' }),
    ),
  );
  expect(screen.getByText('活动提醒')).toBeTruthy();
});

test('rejected: says no reminder was turned on and how to ask again', async () => {
  api.requestSubscribeMessage.mockResolvedValue({
    [TEMPLATE]: 'reject',
    errMsg: 'requestSubscribeMessage:ok',
  });
  await tapRemind();
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '没有开启提醒', content: expect.stringContaining('接收活动提醒') }),
    ),
  );
  expect(api.showToast).not.toHaveBeenCalled();
});

test('subscribe messages switched off (20004): explains and opens the settings on 去设置', async () => {
  api.requestSubscribeMessage.mockRejectedValue({
    errCode: 20004,
    errMsg: 'requestSubscribeMessage:fail:The main switch is switched off',
  });
  api.openSetting.mockResolvedValue({ authSetting: {} });
  await tapRemind();
  await waitFor(() => expect(api.openSetting).toHaveBeenCalledWith({ withSubscriptions: true }));
  expect(api.showModal).toHaveBeenCalledWith(
    expect.objectContaining({ title: '订阅消息已关闭', confirmText: '去设置' }),
  );
});

test('a template WeChat holds back (ban / filter) is reported, not silently ignored', async () => {
  api.requestSubscribeMessage.mockResolvedValue({ [TEMPLATE]: 'ban', errMsg: 'requestSubscribeMessage:ok' });
  await tapRemind();
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '暂时无法开启提醒' })),
  );
});

test('no template in the build: no button', async () => {
  g.SUBSCRIBE_TEMPLATE = '';
  render(<Me />);
  expect(await screen.findByText('个人信息')).toBeTruthy();
  expect(screen.queryByText('接收活动提醒')).toBeNull();
});

test('H5 local mode (reminders are recorded there): no button even with a template', async () => {
  mockLocalMode = true;
  render(<Me />);
  expect(await screen.findByText('个人信息')).toBeTruthy();
  expect(screen.queryByText('接收活动提醒')).toBeNull();
  expect(api.requestSubscribeMessage).not.toHaveBeenCalled();
});
