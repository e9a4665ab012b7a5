/**
 * The certificate page as a weapp build runs it (isLocalMode false), rendered in jsdom: the masked
 * certificate, and 「保存证书到相册」 drawing the poster on the hidden 2d canvas and saving it, with a refused
 * album permission explained and sent to the settings page. The ui project's @tarojs/taro is the H5 API:
 * the weapp calls are mocks on its default export.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { OutputOf } from '../../../api/client';
import { call } from '../../../api/client';
import CertificatePage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: false,
  needsLogin: () => false,
}));

/** What pledge.myPledge answers for a student who signed online (core/functions/pledge/sign.ts). */
const mine: OutputOf<'pledge', 'myPledge'> = {
  name: '王小雨',
  className: '三年级2班',
  schoolName: '华龙区绿茵小学',
  schoolId: 'school-lvyin',
  claimApproved: true,
  under14: true,
  consent: true,
  canSignOnline: true,
  consentMessage: null,
  certificate: {
    pledgeId: '2026:class-lvyin-3-2-r1',
    signedAt: '2026-06-15T02:05:00.000Z',
    kind: 'online',
    maskedName: '王*雨',
    schoolName: '华龙区绿茵小学',
    day: '2026-06-15',
    seq: 7,
    letterTitle: '致全市中小学生的一封信',
    campaignTitle: '争做好网民',
    year: 2026,
    verifyCode: 'AB3CD4EF',
    inCeremony: false,
    signature: { method: 'typed', typedName: '王小雨' },
    verifyPath: '/packages/pledge/verify/index?code=AB3CD4EF',
    verifyUrl: null,
    verifyQr: null,
  },
};

const taro = Taro as unknown as Record<string, unknown>;
const api = {
  createSelectorQuery: jest.fn(),
  canvasToTempFilePath: jest.fn(),
  saveImageToPhotosAlbum: jest.fn(),
  showModal: jest.fn(),
  openSetting: jest.fn(),
  showToast: jest.fn(),
};
const saved: Record<string, unknown> = {};
const TEMP = 'wxfile://tmp/certificate.png';

/** A 2d context that records the text drawn on it. */
function recordingContext(texts: string[]) {
  const state: Record<string, unknown> = {};
  return new Proxy(state, {
    get(target, prop: string) {
      if (prop in target) return target[prop];
      if (prop === 'fillText') return (text: string) => texts.push(text);
      return () => undefined;
    },
    set(target, prop: string, value) {
      target[prop] = value;
      return true;
    },
  });
}

let drawn: string[] = [];
let canvas: { width: number; height: number; getContext: () => unknown };

beforeAll(() => {
  for (const key of Object.keys(api)) saved[key] = taro[key];
  // useRouter reads the router of the current page; a page opened without query parameters.
  (Taro.getCurrentInstance() as { router: unknown }).router = {
    params: {},
    path: '/packages/pledge/certificate/index',
  };
});
beforeEach(() => {
  drawn = [];
  canvas = { width: 0, height: 0, getContext: () => recordingContext(drawn) };
  for (const [key, fn] of Object.entries(api)) {
    fn.mockReset();
    taro[key] = fn;
  }
  type Query = { select: jest.Mock; fields: jest.Mock; exec: jest.Mock };
  const query: Query = {
    select: jest.fn(() => query),
    fields: jest.fn(() => query),
    exec: jest.fn((cb: (res: unknown[]) => void) => cb([{ node: canvas, width: 600, height: 900 }])),
  };
  api.createSelectorQuery.mockReturnValue(query);
  api.canvasToTempFilePath.mockResolvedValue({ tempFilePath: TEMP, errMsg: 'canvasToTempFilePath:ok' });
  (call as jest.Mock).mockReset();
  (call as jest.Mock).mockImplementation(async (fn: string, action: string) => {
    if (fn === 'pledge' && action === 'myPledge') return mine;
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) taro[key] = value;
});

test('shows the masked certificate with the weapp save and share actions', async () => {
  render(<CertificatePage />);
  expect(await screen.findByText('王*雨 同学')).toBeTruthy();
  expect(screen.getByText('本校第 7 位签名')).toBeTruthy();
  expect(screen.getByText('AB3CD4EF')).toBeTruthy();
  expect(screen.queryByText(/王小雨 同学/)).toBeNull();
  expect(screen.getByText('保存证书到相册')).toBeTruthy();
  expect(screen.getByText('分享证书图片（好友、朋友圈）')).toBeTruthy();
  expect(screen.getByText('把验证页发给好友')).toBeTruthy();
  expect(call).toHaveBeenCalledWith('pledge', 'myPledge', {});
});

test('保存证书到相册: draws the masked poster, saves it and says so', async () => {
  api.saveImageToPhotosAlbum.mockResolvedValue({ errMsg: 'saveImageToPhotosAlbum:ok' });
  render(<CertificatePage />);
  fireEvent.click(await screen.findByText('保存证书到相册'));

  await waitFor(() =>
    expect(api.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '已保存到相册', icon: 'success' }),
    ),
  );
  expect(api.canvasToTempFilePath).toHaveBeenCalledWith(expect.objectContaining({ canvas, fileType: 'png' }));
  expect(api.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: TEMP });
  // The poster carries the masked name, the school, the rank and the code; never the full name.
  expect(drawn).toEqual(
    expect.arrayContaining(['王*雨 同学', '华龙区绿茵小学', '本校第 7 位签名', '验证码 AB3CD4EF']),
  );
  expect(drawn.join('\n')).not.toContain('王小雨');
  expect(canvas.width).toBe(1200);
});

test('album permission refused: explains it and opens the settings when the user agrees', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.openSetting.mockResolvedValue({ authSetting: { 'scope.writePhotosAlbum': false } });
  render(<CertificatePage />);
  fireEvent.click(await screen.findByText('保存证书到相册'));

  await waitFor(() => expect(api.openSetting).toHaveBeenCalledTimes(1));
  expect(api.showModal).toHaveBeenCalledTimes(1);
  expect(api.showModal).toHaveBeenCalledWith(
    expect.objectContaining({
      title: '需要相册权限',
      content: expect.stringContaining('保存证书需要允许「添加到相册」'),
      confirmText: '去设置',
    }),
  );
  expect(api.showToast).not.toHaveBeenCalled();
});

test('album permission refused and the user declines: no settings page', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
  api.showModal.mockResolvedValue({ confirm: false, cancel: true });
  render(<CertificatePage />);
  fireEvent.click(await screen.findByText('保存证书到相册'));
  await waitFor(() => expect(api.showModal).toHaveBeenCalledTimes(1));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(api.openSetting).not.toHaveBeenCalled();
});
