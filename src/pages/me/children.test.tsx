/**
 * 「我的」 for a guardian: per confirmed child — 填写出生年份 (identity.setChildBirthYear), 导出孩子的数据
 * (identity.exportChildData, handed over as a JSON file) and 删除孩子的数据 (identity.deleteChildData,
 * only after a confirmation that says what is deleted and that paper records stay with the school); an
 * unconfirmed link offers none of them and says to wait for the class teacher. Also the link to
 * 《儿童个人信息保护规则》.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { call, type OutputOf } from '../../api/client';
import { saveJson } from '../../utils/files';
import { birthYearOptions } from '../../utils/relations';
import { emulatePageShows } from '../../../test/pageShows';
import { mockTaro } from '../../../test/taroMocks';
import Me from './index';

jest.mock('../../api/client', () => ({
  ...jest.requireActual('../../api/client'),
  call: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));
jest.mock('../../utils/files', () => ({
  ...jest.requireActual('../../utils/files'),
  saveJson: jest.fn(async () => 'downloaded'),
}));

type Child = OutputOf<'identity', 'me'>['children'][number];
const child = (over: Partial<Child> = {}): Child => ({
  familyId: 'o-parent:r1',
  rosterId: 'r1',
  name: '王小雨',
  className: '小学三年级2班',
  relation: '母亲',
  status: 'active',
  under14: true,
  consentGiven: true,
  confirmed: true,
  birthYear: null,
  stage: 'primary',
  grade: 3,
  ...over,
});
let children: Child[] = [];
const exported = { exportedAt: '2026-06-15T02:05:00.000Z', account: {}, notExported: [] };

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading', 'navigateTo', 'redirectTo']);
const mockedCall = call as jest.Mock;

beforeAll(() => emulatePageShows());
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.showToast.mockResolvedValue({});
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  (saveJson as jest.Mock).mockClear();
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (fn === 'identity' && action === 'me') {
      return { openid: 'o-parent', roles: [{ role: 'parent' }], student: null, children };
    }
    if (action === 'setChildBirthYear') return { birthYear: 2017 };
    if (action === 'exportChildData') return exported;
    if (action === 'deleteChildData') return { deleted: true, hadAccount: true };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

/** The child's item on the page. */
async function childItem(): Promise<HTMLElement> {
  await screen.findByText('我的孩子');
  return document.querySelector('#me-child-r1') as HTMLElement;
}

test('a confirmed child offers birth year, export and delete', async () => {
  children = [child()];
  render(<Me />);
  const item = await childItem();
  expect(within(item).getByText('孩子的出生年份：未填写')).toBeTruthy();
  expect(within(item).getByText('导出孩子的数据')).toBeTruthy();
  expect(within(item).getByText('删除孩子的数据')).toBeTruthy();
  expect(within(item).getByText('妈妈')).toBeTruthy();
});

test("填写出生年份: years around the class's age, saved with identity.setChildBirthYear", async () => {
  children = [child()];
  render(<Me />);
  const item = await childItem();
  fireEvent.click(within(item).getByText('填写'));
  const years = birthYearOptions({ stage: 'primary', grade: 3 });
  for (const y of years) expect(within(item).getByText(`${y}年`)).toBeTruthy();
  children = [child({ birthYear: years[1] })];
  fireEvent.click(within(item).getByText(`${years[1]}年`));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('identity', 'setChildBirthYear', {
      rosterId: 'r1',
      birthYear: years[1],
    }),
  );
  expect(await screen.findByText(`孩子的出生年份：${years[1]}年`)).toBeTruthy();
});

test('导出孩子的数据: the export is handed over as a JSON file', async () => {
  children = [child()];
  render(<Me />);
  fireEvent.click(within(await childItem()).getByText('导出孩子的数据'));
  await waitFor(() => expect(saveJson).toHaveBeenCalledTimes(1));
  expect(mockedCall).toHaveBeenCalledWith(
    'identity',
    'exportChildData',
    { rosterId: 'r1' },
    expect.anything(),
  );
  const [data, fileName] = (saveJson as jest.Mock).mock.calls[0];
  expect(data).toEqual(exported);
  expect(fileName).toMatch(/^child-data-\d{8}-\d{4}\.json$/);
});

test('删除孩子的数据: a confirmation says what goes and what stays; cancelled → nothing deleted', async () => {
  children = [child()];
  api.showModal.mockResolvedValue({ confirm: false, cancel: true });
  render(<Me />);
  fireEvent.click(within(await childItem()).getByText('删除孩子的数据'));
  await waitFor(() => expect(api.showModal).toHaveBeenCalledTimes(1));
  const modal = api.showModal.mock.calls[0][0] as { title: string; content: string; confirmText: string };
  expect(modal.title).toBe('删除王小雨的数据？');
  expect(modal.content).toContain('签名承诺和签名图片、家庭卡片和照片');
  expect(modal.content).toContain('老师登记的纸质承诺书由学校保存，不会删除');
  expect(modal.content).toContain('删除后不能恢复');
  expect(modal.confirmText).toBe('确认删除');
  expect(mockedCall).not.toHaveBeenCalledWith(
    'identity',
    'deleteChildData',
    expect.anything(),
    expect.anything(),
  );
});

test('删除孩子的数据 confirmed: identity.deleteChildData with confirm: true, then the page reloads', async () => {
  children = [child()];
  render(<Me />);
  fireEvent.click(within(await childItem()).getByText('删除孩子的数据'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith(
      'identity',
      'deleteChildData',
      { rosterId: 'r1', confirm: true },
      expect.anything(),
    ),
  );
  await waitFor(() => expect(mockedCall.mock.calls.filter(([, a]) => a === 'me')).toHaveLength(2));
});

test('a link the class teacher has not confirmed: no consent, birth year or data actions, and why', async () => {
  children = [child({ confirmed: false, consentGiven: false })];
  render(<Me />);
  const item = await childItem();
  expect(within(item).getByText('待老师确认')).toBeTruthy();
  expect(within(item).getByText(/班主任确认您和孩子的关联后，您才能同意孩子参加/)).toBeTruthy();
  expect(within(item).queryByText('去同意')).toBeNull();
  expect(within(item).queryByText('导出孩子的数据')).toBeNull();
  expect(within(item).queryByText('删除孩子的数据')).toBeNull();
  expect(item.querySelector('[id^="me-byear-"]')).toBeNull();
});

test('《儿童个人信息保护规则》 is linked from 我的', async () => {
  children = [];
  render(<Me />);
  fireEvent.click(await screen.findByText('《儿童个人信息保护规则》'));
  expect(api.navigateTo).toHaveBeenCalledWith({ url: '/packages/join/privacy/index' });
});
