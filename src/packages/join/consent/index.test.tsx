/**
 * The guardian consent page: the wording shown as paragraphs with the children's privacy rules linked;
 * a grandparent must state that they are the child's legal guardian (sent as legalGuardian: true); a
 * link the class teacher has not confirmed cannot consent (known from identity.me, or from the server's
 * refusal when identity.me does not say).
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApiError, call, type OutputOf } from '../../../api/client';
import { CONSENT_VERSION, CONSENT_WORDING } from '../../../../core/privacy';
import { emulatePageShows } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import Consent from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  needsLogin: () => false,
}));

type Child = OutputOf<'identity', 'me'>['children'][number];

const ROSTER = 'class-lvyin-3-2-r2';
const child = (over: Partial<Child> = {}): Child => ({
  familyId: `o-parent:${ROSTER}`,
  rosterId: ROSTER,
  name: '李晨阳',
  className: '小学三年级2班',
  relation: '母亲',
  status: 'active',
  confirmed: true,
  birthYear: null,
  stage: 'primary',
  grade: 3,
  under14: true,
  consentGiven: false,
  ...over,
});

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading', 'navigateTo', 'switchTab']);
const mockedCall = call as jest.Mock;
let children: Child[] = [];

beforeAll(() => {
  emulatePageShows();
  setRouter('/packages/join/consent/index', { rosterId: ROSTER });
});
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.showToast.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn: string, action: string, input: Record<string, unknown>) => {
    if (fn === 'identity' && action === 'consentText')
      return { wording: CONSENT_WORDING, version: CONSENT_VERSION };
    if (fn === 'identity' && action === 'me')
      return { openid: 'o-parent', roles: [], student: null, children };
    if (fn === 'identity' && action === 'giveConsent') {
      children = children.map((c) => (c.rosterId === input.rosterId ? { ...c, consentGiven: true } : c));
      return { _id: 'consent-1' };
    }
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

test("the wording is shown as its numbered paragraphs, with the children's privacy rules linked", async () => {
  children = [child()];
  const { container } = render(<Consent />);
  expect(await screen.findByText(/^一、收集的信息/)).toBeTruthy();
  const paras = container.querySelectorAll('#consent-wording .para');
  expect(paras).toHaveLength(CONSENT_WORDING.split('\n').length);
  expect(paras[0].textContent).toBe(CONSENT_WORDING.split('\n')[0]);
  expect(screen.getByText(/^五、我的权利/)).toBeTruthy();
  fireEvent.click(screen.getByText('阅读《儿童个人信息保护规则》'));
  expect(api.navigateTo).toHaveBeenCalledWith({ url: '/packages/join/privacy/index' });
  expect(screen.getByText(`版本 ${CONSENT_VERSION}`)).toBeTruthy();
});

test('a parent ticks and agrees: giveConsent with the version shown, no legal-guardian statement', async () => {
  children = [child()];
  render(<Consent />);
  await screen.findByText('我已阅读并同意');
  expect(screen.queryByText('我是孩子的法定监护人')).toBeNull();
  fireEvent.click(screen.getByText('我已阅读并同意'));
  fireEvent.click(screen.getByText('同意'));
  expect(await screen.findByText('已同意，谢谢您')).toBeTruthy();
  expect(mockedCall).toHaveBeenCalledWith('identity', 'giveConsent', {
    rosterId: ROSTER,
    version: CONSENT_VERSION,
  });
});

test('a grandparent must state they are the legal guardian before agreeing; the statement is sent', async () => {
  children = [child({ relation: '祖父或祖母' })];
  render(<Consent />);
  expect(await screen.findByText('我是孩子的法定监护人')).toBeTruthy();
  expect(screen.getByText(/您是孩子的爷爷或奶奶。按照《民法典》，孩子的监护人是父母/)).toBeTruthy();

  // Only "read and agree" ticked: refused with an explanation, nothing sent.
  fireEvent.click(screen.getByText('我已阅读并同意'));
  fireEvent.click(screen.getByText('同意'));
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({
        title: '请确认监护人身份',
        content: expect.stringContaining('请孩子的爸爸或妈妈来同意'),
      }),
    ),
  );
  expect(mockedCall).not.toHaveBeenCalledWith('identity', 'giveConsent', expect.anything());

  fireEvent.click(screen.getByText('我是孩子的法定监护人'));
  fireEvent.click(screen.getByText('同意'));
  expect(await screen.findByText('已同意，谢谢您')).toBeTruthy();
  expect(mockedCall).toHaveBeenCalledWith('identity', 'giveConsent', {
    rosterId: ROSTER,
    version: CONSENT_VERSION,
    legalGuardian: true,
  });
});

test('a link the class teacher has not confirmed: told to wait for the teacher, no form to agree', async () => {
  children = [child({ confirmed: false })];
  render(<Consent />);
  expect(await screen.findByText('等班主任确认关联')).toBeTruthy();
  expect(screen.getByText(/班主任确认您和李晨阳的关联后，您才能在这里同意/)).toBeTruthy();
  expect(screen.queryByText('我已阅读并同意')).toBeNull();
  // The wording can still be read.
  expect(screen.getByText(/^一、收集的信息/)).toBeTruthy();
});

test('the server refuses an unconfirmed link (identity.me did not say): its message replaces the form', async () => {
  children = [child()];
  const refusal = '班主任确认您与孩子的关联后，才能代孩子同意。请联系班主任确认。';
  const base = mockedCall.getMockImplementation()!;
  mockedCall.mockImplementation(async (fn: string, action: string, input: unknown) => {
    if (action === 'giveConsent') throw new ApiError('FAILED_PRECONDITION', refusal);
    return base(fn, action, input);
  });
  render(<Consent />);
  fireEvent.click(await screen.findByText('我已阅读并同意'));
  fireEvent.click(screen.getByText('同意'));
  expect(await screen.findByText('等班主任确认关联')).toBeTruthy();
  expect(screen.getByText(refusal)).toBeTruthy();
  expect(screen.queryByText('我已阅读并同意')).toBeNull();
});

test('a class-code request still waiting for the teacher shows the masked name only', async () => {
  children = [child({ status: 'pending', name: '李晨阳' })];
  render(<Consent />);
  expect(await screen.findByText('等班主任确认关联')).toBeTruthy();
  expect(screen.getAllByText(/李\*阳/).length).toBeGreaterThan(0);
  expect(screen.queryByText(/李晨阳/)).toBeNull();
});
