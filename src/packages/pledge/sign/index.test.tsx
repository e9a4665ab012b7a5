/**
 * The pledge sign page after signing (typed signature), as a weapp build runs it (isLocalMode false):
 * with a reminder template in the build the page stays and offers 「接收活动提醒」 next to the certificate
 * link, and a tap asks WeChat for that template; without one it goes straight to the certificate as before.
 * The ui project's @tarojs/taro is the H5 API: the weapp calls are mocks on its default export.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { OutputOf } from '../../../api/client';
import { call } from '../../../api/client';
import {
  CONVENTION,
  DEFAULT_LETTER,
  FAMILY_PROMISE,
  STUDENT_PROMISE,
} from '../../../../core/functions/pledge/texts';
import SignPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: false,
  needsLogin: () => false,
}));

const TEMPLATE = 'tmpl-remind-0001';

const home: OutputOf<'pledge', 'home'> = {
  signingOpen: true,
  isStudent: true,
  isParent: false,
  isCityAdmin: false,
  teacherSchoolId: null as unknown as string, // a student teaches nowhere (the handler answers null)
  classes: [],
  schools: [],
  districts: [],
};
const text: OutputOf<'pledge', 'getText'> = {
  convention: CONVENTION,
  letter: { scope: 'default', version: 1, ...DEFAULT_LETTER, publisher: '活动默认版本', key: 'default@1' },
  promise: STUDENT_PROMISE,
  family: FAMILY_PROMISE,
};
const unsigned: OutputOf<'pledge', 'myPledge'> = {
  name: '王小雨',
  className: '三年级2班',
  schoolName: '华龙区绿茵小学',
  schoolId: 'school-lvyin',
  claimApproved: true,
  under14: true,
  consent: true,
  canSignOnline: true,
  consentMessage: null,
  certificate: null,
};
const signed: OutputOf<'pledge', 'myPledge'> = {
  ...unsigned,
  certificate: {
    pledgeId: '2026:class-lvyin-3-2-r1',
    signedAt: '2026-06-15T02:05:00.000Z',
    kind: 'online',
    maskedName: '王*雨',
    schoolName: '华龙区绿茵小学',
    day: '2026-06-15',
    seq: 7,
    letterTitle: DEFAULT_LETTER.title,
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
  requestSubscribeMessage: jest.fn(),
  redirectTo: jest.fn(),
  showModal: jest.fn(),
  showToast: jest.fn(),
  showLoading: jest.fn(),
  hideLoading: jest.fn(),
};
const saved: Record<string, unknown> = {};
const g = globalThis as unknown as { SUBSCRIBE_TEMPLATE?: string };
let signedYet = false;

beforeAll(() => {
  for (const key of Object.keys(api)) saved[key] = taro[key];
  // jsdom has no 2d canvas; the hand-signature pad only needs one to paint on (this story types the name).
  jest
    .spyOn(HTMLCanvasElement.prototype, 'getContext')
    .mockImplementation(() => new Proxy({}, { get: () => () => undefined }) as unknown as null);
  (Taro.getCurrentInstance() as { router: unknown }).router = {
    params: {},
    path: '/packages/pledge/sign/index',
  };
});
beforeEach(() => {
  signedYet = false;
  g.SUBSCRIBE_TEMPLATE = TEMPLATE;
  for (const [key, fn] of Object.entries(api)) {
    fn.mockReset();
    taro[key] = fn;
  }
  api.redirectTo.mockResolvedValue({ errMsg: 'redirectTo:ok' });
  (call as jest.Mock).mockReset();
  (call as jest.Mock).mockImplementation(async (fn: string, action: string) => {
    const key = `${fn}.${action}`;
    if (key === 'pledge.home') return home;
    if (key === 'pledge.myPledge') return signedYet ? signed : unsigned;
    if (key === 'pledge.getText') return text;
    if (key === 'pledge.sign') {
      signedYet = true;
      return {
        alreadySigned: false,
        pledgeId: signed.certificate!.pledgeId,
        kind: 'online',
        verifyCode: 'AB3CD4EF',
      };
    }
    throw new Error(`unexpected call ${key}`);
  });
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) taro[key] = value;
  delete g.SUBSCRIBE_TEMPLATE;
});

/** Read to the end, promise, type the name and submit. */
async function signByTypedName() {
  render(<SignPage />);
  fireEvent.click(await screen.findByText('我读完了'));
  fireEvent.click(await screen.findByText(STUDENT_PROMISE));
  fireEvent.click(screen.getByText('输入名字'));
  // Taro's <Input> is the <taro-input-core> web component: it reports typing as an `input` event with detail.value.
  const input = document.querySelector('#pl-typed-name');
  expect(input).toBeTruthy();
  act(() => {
    input!.dispatchEvent(new CustomEvent('input', { detail: { value: '王小雨' } }));
  });
  fireEvent.click(screen.getByText('提交承诺'));
  await waitFor(() =>
    expect(call).toHaveBeenCalledWith(
      'pledge',
      'sign',
      expect.objectContaining({ promise: true, signature: { method: 'typed', typedName: '王小雨' } }),
    ),
  );
}

test('with a reminder template: stays after signing and offers 接收活动提醒, which asks for that template', async () => {
  api.requestSubscribeMessage.mockResolvedValue({
    [TEMPLATE]: 'accept',
    errMsg: 'requestSubscribeMessage:ok',
  });
  await signByTypedName();

  expect(await screen.findByText('承诺成功 ✓')).toBeTruthy();
  expect(screen.getByText('查看我的承诺证书')).toBeTruthy();
  expect(screen.queryByText('提交承诺')).toBeNull();
  expect(api.redirectTo).not.toHaveBeenCalled();

  fireEvent.click(screen.getByText('接收活动提醒'));
  expect(api.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: [TEMPLATE] });
  await waitFor(() =>
    expect(api.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已开启提醒' })),
  );

  fireEvent.click(screen.getByText('查看我的承诺证书'));
  expect(api.redirectTo).toHaveBeenCalledWith({ url: '/packages/pledge/certificate/index' });
});

test('without a template: straight to the certificate, no reminder offered', async () => {
  g.SUBSCRIBE_TEMPLATE = '';
  await signByTypedName();
  await waitFor(() =>
    expect(api.redirectTo).toHaveBeenCalledWith({ url: '/packages/pledge/certificate/index' }),
  );
  expect(screen.queryByText('接收活动提醒')).toBeNull();
  expect(api.requestSubscribeMessage).not.toHaveBeenCalled();
});

test('the built-in letter is shown as a model text (发布：示范文本), not an internal label', async () => {
  render(<SignPage />);
  expect(await screen.findByText('发布：示范文本')).toBeTruthy();
  expect(screen.queryByText(/活动默认版本/)).toBeNull();
});

test('a pupil whose name the teacher has not confirmed is told to wait, with no form to sign', async () => {
  const pending: OutputOf<'pledge', 'myPledge'> = {
    ...unsigned,
    claimApproved: false,
    canSignOnline: false,
    consentMessage: '老师确认你认领的名字后，才能签名、制作卡片和提交作品。请提醒老师在班级页面点「确认」。',
  };
  (call as jest.Mock).mockImplementation(async (fn: string, action: string) => {
    if (action === 'home') return home;
    if (action === 'myPledge') return pending;
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  render(<SignPage />);
  expect(await screen.findByText('等老师确认你的名字')).toBeTruthy();
  expect(screen.getByText(pending.consentMessage!)).toBeTruthy();
  expect(screen.queryByText('我读完了')).toBeNull();
  expect(screen.queryByText('需要家长先同意')).toBeNull();
  expect(call).not.toHaveBeenCalledWith('pledge', 'getText', expect.anything());
});
