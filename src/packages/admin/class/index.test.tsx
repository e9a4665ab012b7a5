/**
 * The teacher's class page: every parent link the teacher has not confirmed — a class-code request or a
 * link made with the child's family code — is listed under 「待你确认」 with 确认 / 拒绝 (only a confirmed
 * link lets the parent consent); the birth-year picker offers years around the class's age and saves
 * with org.setBirthYear; the join QR and the A4 poster come from org.classJoinQr; an Excel roster upload
 * shows its progress.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { call, type OutputOf, uploadFile } from '../../../api/client';
import { birthYearOptions } from '../../../utils/relations';
import { emulatePageShows, showPage } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import ClassPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  uploadFile: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));
jest.mock('../../../utils/media', () => ({ pickXlsx: jest.fn(async () => 'wxfile://tmp/roster.xlsx') }));

type ClassView = OutputOf<'org', 'getClass'>;
type Entry = ClassView['roster'][number];

const CLASS_ID = 'class-lvyin-3-2';
const entry = (over: Partial<Entry>): Entry => ({
  _id: 'r1',
  name: '王小雨',
  studentNo: '030201',
  claimStatus: 'approved',
  claimedAt: '2026-06-01T00:00:00.000Z',
  birthYear: null,
  under14: true,
  parents: [],
  ...over,
});
let roster: Entry[] = [];
const view = (): ClassView =>
  ({
    _id: CLASS_ID,
    districtId: 'd',
    schoolId: 's',
    stage: 'primary',
    grade: 3,
    classNo: 2,
    classCode: 'GREEN3',
    teacherIds: ['o-teacher'],
    createdAt: '2026-05-01T00:00:00.000Z',
    name: '小学三年级2班',
    teacherCount: 1,
    roster,
  }) as unknown as ClassView;

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading', 'setNavigationBarTitle']);
const mockedCall = call as jest.Mock;

beforeAll(() => {
  emulatePageShows();
  setRouter('/packages/admin/class/index', { classId: CLASS_ID });
});
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.showToast.mockResolvedValue({});
  api.showLoading.mockResolvedValue({});
  api.setNavigationBarTitle.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (fn === 'org' && action === 'getClass') return view();
    if (fn === 'org' && action === 'classJoinQr') {
      return {
        classCode: 'GREEN3',
        className: '小学三年级2班',
        schoolName: '华龙区绿茵小学',
        qr: { kind: 'url', url: 'https://example.org/#/packages/join/class/index?code=GREEN3', path: 'x' },
      };
    }
    if (fn === 'org' && action === 'confirmParentLink') return { status: 'active' };
    if (fn === 'org' && action === 'setBirthYear') return { birthYear: 2017 };
    if (fn === 'org' && action === 'importRosterXlsx') return { added: 3, skipped: [] };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

test('unconfirmed links of both kinds wait under 「待你确认」 with 确认 and 拒绝; a confirmed one does not', async () => {
  roster = [
    entry({
      _id: 'r1',
      parents: [
        { familyId: 'p-code:r1', relation: '母亲', status: 'active', confirmed: false, via: 'family_code' },
        { familyId: 'p-req:r1', relation: '祖父或祖母', status: 'pending', confirmed: false, via: 'teacher' },
      ],
    }),
    entry({
      _id: 'r2',
      name: '李晨阳',
      parents: [
        { familyId: 'p-ok:r2', relation: '父亲', status: 'active', confirmed: true, via: 'family_code' },
      ],
    }),
  ];
  const { container } = render(<ClassPage />);
  expect(await screen.findByText('待你确认（1）')).toBeTruthy();
  const pending = container.querySelector('#adm-pending-r1') as HTMLElement;
  expect(within(pending).getByText('家长：妈妈 · 用孩子的家庭码关联，待你确认')).toBeTruthy();
  expect(within(pending).getByText('家长：爷爷或奶奶 · 用班级码申请关联，待你确认')).toBeTruthy();
  expect(within(pending).getAllByText('确认')).toHaveLength(2);
  expect(within(pending).getAllByText('拒绝')).toHaveLength(2);
  // The confirmed father: no buttons, not pending.
  expect(container.querySelector('#adm-pending-r2')).toBeNull();
  const ok = container.querySelector('#adm-roster-r2') as HTMLElement;
  expect(within(ok).getByText('家长：爸爸 · 已确认')).toBeTruthy();
  expect(within(ok).queryByText('确认')).toBeNull();
  expect(within(ok).getByText('未满14周岁')).toBeTruthy();
});

test('确认 asks the teacher to check who it is first, then confirms the family-code link', async () => {
  roster = [
    entry({
      parents: [
        { familyId: 'p-code:r1', relation: '母亲', status: 'active', confirmed: false, via: 'family_code' },
      ],
    }),
  ];
  const { container } = render(<ClassPage />);
  await screen.findByText('待你确认（1）');
  const pending = container.querySelector('#adm-pending-r1') as HTMLElement;
  fireEvent.click(within(pending).getByText('确认'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('org', 'confirmParentLink', {
      familyId: 'p-code:r1',
      accept: true,
    }),
  );
  const modal = api.showModal.mock.calls[0][0] as { title: string; content: string };
  expect(modal.title).toBe('确认家长？');
  expect(modal.content).toContain('代孩子同意');
});

test('拒绝 declined in the dialog: nothing is sent', async () => {
  roster = [
    entry({
      parents: [
        { familyId: 'p-code:r1', relation: '母亲', status: 'active', confirmed: false, via: 'family_code' },
      ],
    }),
  ];
  api.showModal.mockResolvedValue({ confirm: false, cancel: true });
  const { container } = render(<ClassPage />);
  await screen.findByText('待你确认（1）');
  fireEvent.click(within(container.querySelector('#adm-pending-r1') as HTMLElement).getByText('拒绝'));
  await waitFor(() => expect(api.showModal).toHaveBeenCalledTimes(1));
  expect(mockedCall).not.toHaveBeenCalledWith('org', 'confirmParentLink', expect.anything());
});

test("the birth-year picker offers years around a 三年级 pupil's age and saves with org.setBirthYear", async () => {
  roster = [entry({ _id: 'r1', birthYear: null })];
  const { container } = render(<ClassPage />);
  await screen.findByText('班级名单（1）');
  const row = container.querySelector('#adm-roster-r1') as HTMLElement;
  expect(within(row).getByText('出生年份：未填写')).toBeTruthy();
  fireEvent.click(within(row).getByText('填写'));
  const years = birthYearOptions({ stage: 'primary', grade: 3 });
  for (const y of years) expect(within(row).getByText(`${y}年`)).toBeTruthy();
  expect(within(row).getByText('不填写')).toBeTruthy();

  roster = [entry({ _id: 'r1', birthYear: years[2] })];
  fireEvent.click(within(row).getByText(`${years[2]}年`));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('org', 'setBirthYear', { rosterId: 'r1', birthYear: years[2] }),
  );
  expect(
    await within(container.querySelector('#adm-roster-r1') as HTMLElement).findByText(
      `出生年份：${years[2]}年`,
    ),
  ).toBeTruthy();
});

test('the join QR comes from org.classJoinQr (no in-app scanner payload)', async () => {
  roster = [entry({})];
  const { container } = render(<ClassPage />);
  await screen.findByText('班级码');
  await waitFor(() => expect(mockedCall).toHaveBeenCalledWith('org', 'classJoinQr', { classId: CLASS_ID }));
  await waitFor(() =>
    expect(container.querySelector('#adm-join-qr img, #adm-join-qr taro-image-core')).toBeTruthy(),
  );
  expect(container.innerHTML).not.toContain('cgn:class');
  expect(screen.getByText('下载家长会海报（A4，可打印）')).toBeTruthy();
});

test('an Excel roster upload shows its progress while the bytes go up', async () => {
  roster = [];
  let progress: ((p: number) => void) | undefined;
  let finish: (id: string) => void = () => undefined;
  (uploadFile as jest.Mock).mockImplementation(
    (_path: string, opts: { onProgress?: (p: number) => void }) =>
      new Promise<string>((resolve) => {
        progress = opts.onProgress;
        finish = resolve;
      }),
  );
  render(<ClassPage />);
  fireEvent.click(await screen.findByText('上传 Excel 名单（.xlsx）'));
  await waitFor(() => expect(progress).toBeDefined());
  act(() => progress!(42));
  expect(await screen.findByText('正在上传名单表格 42%')).toBeTruthy();
  expect(api.showLoading).toHaveBeenCalledWith(expect.objectContaining({ title: '正在上传 42%' }));
  await act(async () => finish('file-1'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('org', 'importRosterXlsx', {
      classId: CLASS_ID,
      fileId: 'file-1',
    }),
  );
  await waitFor(() => expect(screen.queryByText(/正在上传名单表格/)).toBeNull());
});

test('one load per show: the class loads once when shown, again when the teacher comes back', async () => {
  roster = [entry({})];
  render(<ClassPage />);
  await screen.findByText('班级名单（1）');
  const loads = () => mockedCall.mock.calls.filter(([, a]) => a === 'getClass').length;
  expect(loads()).toBe(1);
  await showPage();
  expect(loads()).toBe(2);
});
