/**
 * The class overview: the columns are whatever activities the server answers (here a 答题 column the page
 * knows nothing about), pupils × activities as tags with the server's labels, badges for pupils who have
 * not joined / wait for the teacher / wait for a guardian's consent, the 「未参加：…」 filter (asks the
 * server with `missing`), a reminder per activity that is confirmed first (naming the activity and how
 * many it reaches) and then says who was reminded, the .xlsx export, and one load per show.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { call, type OutputOf } from '../../../api/client';
import { emulatePageShows, showPage } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import { deliverExport } from '../../../utils/files';
import ClassOverviewPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));
jest.mock('../../../utils/files', () => ({
  ...jest.requireActual('../../../utils/files'),
  deliverExport: jest.fn(async () => undefined),
}));

type Overview = OutputOf<'overview', 'classOverview'>;
type Pupil = Overview['pupils'][number];

const CLASS_ID = 'class-lvyin-3-2';
const COLUMNS: Overview['columns'] = [
  { key: 'pledge', title: '承诺', done: 1, rate: 25 },
  { key: 'familyPledge', title: '家庭承诺', done: 1, rate: 25 },
  { key: 'card', title: '卡片', done: 0, rate: 0 },
  { key: 'quiz', title: '答题', done: 1, rate: 25 },
];
const pupil = (over: Partial<Pupil> & { rosterId: string; name: string }): Pupil => ({
  studentNo: null,
  claimStatus: 'approved',
  under14: true,
  consent: true,
  parentsLinked: 1,
  reachable: true,
  cells: {
    pledge: { state: 'none', label: '未参加' },
    familyPledge: { state: 'none', label: '未参加' },
    card: { state: 'none', label: '未参加' },
    quiz: { state: 'none', label: '未答' },
  },
  remindedToday: [],
  ...over,
});
const PUPILS: Pupil[] = [
  pupil({
    rosterId: 'r1',
    name: '王小雨',
    cells: {
      pledge: { state: 'done', label: '手机签名' },
      familyPledge: { state: 'done', label: '家长已签（1）' },
      card: { state: 'none', label: '未参加' },
      quiz: { state: 'done', label: '86 分' },
    },
  }),
  pupil({ rosterId: 'r2', name: '李晨阳', claimStatus: 'claimed', parentsLinked: 0 }),
  pupil({ rosterId: 'r3', name: '张子涵', remindedToday: ['pledge'] }),
  pupil({
    rosterId: 'r4',
    name: '刘思远',
    claimStatus: 'unclaimed',
    consent: false,
    parentsLinked: 0,
    reachable: false,
    cells: {
      pledge: { state: 'none', label: '未参加' },
      familyPledge: { state: 'none', label: '未参加' },
      card: { state: 'none', label: '未参加' },
      quiz: { state: 'partial', label: '答题中' },
    },
  }),
  pupil({ rosterId: 'r5', name: '陈可欣', consent: false }),
];

const overview = (missing?: string): Overview => ({
  classId: CLASS_ID,
  className: '小学三年级2班',
  schoolId: 'school-lvyin',
  schoolName: '华龙区绿茵小学',
  roster: PUPILS.length,
  columns: COLUMNS,
  pupils: missing ? PUPILS.filter((p) => p.cells[missing].state !== 'done') : PUPILS,
});

const api = mockTaro([
  'showModal',
  'showToast',
  'showLoading',
  'hideLoading',
  'setNavigationBarTitle',
  'navigateTo',
  'stopPullDownRefresh',
]);
const mockedCall = call as jest.Mock;
const calls = (action: string) => mockedCall.mock.calls.filter(([, a]) => a === action);

beforeAll(() => emulatePageShows());
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  setRouter('/packages/overview/class/index', { classId: CLASS_ID });
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.setNavigationBarTitle.mockResolvedValue({});
  api.navigateTo.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn: string, action: string, input: { missing?: string }) => {
    if (fn === 'overview' && action === 'classOverview') return overview(input.missing);
    if (fn === 'overview' && action === 'remind') return { reminded: 2, already: 1, unreachable: 1 };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

test('renders the columns the server answers, each pupil × activity as a tag with its label', async () => {
  const { container } = render(<ClassOverviewPage />);
  expect(await screen.findByText('华龙区绿茵小学 小学三年级2班')).toBeTruthy();
  const head = container.querySelector('#ov-grid .ov-th') as HTMLElement;
  expect(Array.from(head.children).map((c) => c.textContent)).toEqual([
    '姓名',
    '承诺',
    '家庭承诺',
    '卡片',
    '答题',
  ]);
  // The class figure per activity: done / roster with the rate.
  const quiz = container.querySelector('#ov-fig-quiz') as HTMLElement;
  expect(within(quiz).getByText('1 / 5 人')).toBeTruthy();
  expect(within(quiz).getByText('25%')).toBeTruthy();
  // Cells: the label and a colour by state.
  const r1 = container.querySelector('#ov-pupil-r1') as HTMLElement;
  expect(within(r1).getByText('手机签名').className).toContain('ov-cell-done');
  expect(within(r1).getByText('家长已签（1）')).toBeTruthy();
  expect(within(r1).getByText('86 分')).toBeTruthy();
  const r4 = container.querySelector('#ov-pupil-r4') as HTMLElement;
  expect(within(r4).getByText('答题中').className).toContain('ov-cell-partial');
  // A reminder sent today shows under the cell.
  expect(within(container.querySelector('#ov-pupil-r3') as HTMLElement).getByText('今天已提醒')).toBeTruthy();
  // One filter chip per column, after 全部.
  const chips = container.querySelectorAll('#ov-filter .ov-chip');
  expect(Array.from(chips).map((c) => c.textContent)).toEqual([
    '全部',
    '未参加：承诺',
    '未参加：家庭承诺',
    '未参加：卡片',
    '未参加：答题',
  ]);
  expect(api.setNavigationBarTitle).toHaveBeenCalledWith({ title: '小学三年级2班参与情况' });
});

test('badges say why a pupil cannot take part online yet', async () => {
  const { container } = render(<ClassOverviewPage />);
  await screen.findByText('华龙区绿茵小学 小学三年级2班');
  const badges = (id: string) =>
    Array.from((container.querySelector(`#ov-pupil-${id} .ov-badges`) as HTMLElement).children).map(
      (b) => b.textContent,
    );
  expect(badges('r1')).toEqual([]);
  expect(badges('r2')).toEqual(['待确认']);
  expect(badges('r4')).toEqual(['未加入', '待家长同意']);
  expect(badges('r5')).toEqual(['待家长同意']);
});

test('「未参加：承诺」 asks the server for the pupils missing the pledge and offers their reminder', async () => {
  const { container } = render(<ClassOverviewPage />);
  await screen.findByText('华龙区绿茵小学 小学三年级2班');
  fireEvent.click(screen.getByText('未参加：承诺'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('overview', 'classOverview', {
      classId: CLASS_ID,
      missing: 'pledge',
    }),
  );
  expect(await screen.findByText('还没参加「承诺」的同学：4 人')).toBeTruthy();
  expect(container.querySelector('#ov-pupil-r1')).toBeNull();
  expect(container.querySelector('#ov-pupil-r2')).toBeTruthy();
  // Reachable and not reminded today: 李晨阳, 陈可欣 (张子涵 was reminded, 刘思远 cannot be reached).
  expect(
    within(container.querySelector('#ov-missing') as HTMLElement).getByText('提醒未参加的同学（2 人）'),
  ).toBeTruthy();
  fireEvent.click(screen.getByText('全部'));
  await waitFor(() => expect(container.querySelector('#ov-pupil-r1')).toBeTruthy());
  expect(mockedCall).toHaveBeenLastCalledWith('overview', 'classOverview', { classId: CLASS_ID });
});

test('a reminder is confirmed first, naming the activity and who it reaches, then says what happened', async () => {
  const { container } = render(<ClassOverviewPage />);
  await screen.findByText('华龙区绿茵小学 小学三年级2班');
  const pledge = container.querySelector('#ov-fig-pledge') as HTMLElement;
  fireEvent.click(within(pledge).getByText('提醒 2 人'));
  await waitFor(() => expect(calls('remind')).toHaveLength(1));
  const ask = api.showModal.mock.calls[0][0] as { title: string; content: string };
  expect(ask.title).toBe('提醒未参加「承诺」的同学？');
  expect(ask.content).toContain('将提醒 2 位还没参加「承诺」的同学');
  expect(ask.content).toContain('1 位今天已经提醒过');
  expect(ask.content).toContain('1 位还没加入小程序、也没有关联家长');
  expect(calls('remind')[0][2]).toEqual({
    classId: CLASS_ID,
    activity: 'pledge',
    rosterIds: ['r2', 'r3', 'r4', 'r5'],
  });
  await waitFor(() => expect(api.showModal).toHaveBeenCalledTimes(2));
  const done = api.showModal.mock.calls[1][0] as { title: string; content: string };
  expect(done.title).toBe('提醒已发出');
  expect(done.content).toBe(
    '已提醒 2 位同学；1 位今天已提醒过；1 位还没加入小程序、也没有关联家长，请当面提醒。',
  );
  expect(await screen.findByText(/「承诺」提醒：已提醒 2 位同学/)).toBeTruthy();
  // The grid is read again (today's reminders).
  await waitFor(() => expect(calls('classOverview')).toHaveLength(2));
});

test('declining the confirmation sends nothing; an activity with nobody to remind offers no button', async () => {
  api.showModal.mockResolvedValue({ confirm: false, cancel: true });
  const { container } = render(<ClassOverviewPage />);
  await screen.findByText('华龙区绿茵小学 小学三年级2班');
  fireEvent.click(within(container.querySelector('#ov-fig-card') as HTMLElement).getByText('提醒 4 人'));
  await waitFor(() => expect(api.showModal).toHaveBeenCalledTimes(1));
  expect((api.showModal.mock.calls[0][0] as { title: string }).title).toBe('提醒未参加「卡片」的同学？');
  expect(calls('remind')).toHaveLength(0);
  // 答题: everyone missing it is either done, unreachable… except r2, r3, r5: three to remind.
  expect(within(container.querySelector('#ov-fig-quiz') as HTMLElement).getByText('提醒 3 人')).toBeTruthy();
});

test('when everyone missing was reminded today or cannot be reached, no reminder is offered', async () => {
  setRouter('/packages/overview/class/index', { classId: CLASS_ID, missing: 'pledge' });
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (action === 'classOverview') {
      const o = overview('pledge');
      return { ...o, pupils: o.pupils.map((p) => ({ ...p, remindedToday: ['pledge'] })) };
    }
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  const { container } = render(<ClassOverviewPage />);
  expect(await screen.findByText('还没参加「承诺」的同学：4 人')).toBeTruthy();
  expect(mockedCall).toHaveBeenCalledWith('overview', 'classOverview', {
    classId: CLASS_ID,
    missing: 'pledge',
  });
  expect(container.querySelector('#ov-remind-none')).toBeTruthy();
  expect(container.querySelector('#ov-remind-pledge')).toBeNull();
});

test('导出 writes the class .xlsx through overview.exportXlsx and hands the answered URL to the user', async () => {
  const file = { fileName: '小学三年级2班-参与情况.xlsx', url: '/api/files/x.xlsx?sig=1', rows: 5 };
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (action === 'classOverview') return overview();
    if (action === 'exportXlsx') return file;
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  render(<ClassOverviewPage />);
  fireEvent.click(await screen.findByText('导出 Excel（.xlsx）'));
  await waitFor(() => expect(deliverExport).toHaveBeenCalledWith(file));
  expect(calls('exportXlsx')[0].slice(0, 3)).toEqual([
    'overview',
    'exportXlsx',
    { level: 'class', id: CLASS_ID },
  ]);
});

test('one load per show: the class loads once when shown, again when the teacher comes back', async () => {
  render(<ClassOverviewPage />);
  await screen.findByText('华龙区绿茵小学 小学三年级2班');
  expect(calls('classOverview')).toHaveLength(1);
  await showPage();
  expect(calls('classOverview')).toHaveLength(2);
});

test('links to the pledge tasks and the class management of the same class', async () => {
  render(<ClassOverviewPage />);
  fireEvent.click(await screen.findByText('承诺：登记纸质签名、升旗仪式'));
  expect(api.navigateTo).toHaveBeenCalledWith({ url: `/packages/pledge/class/index?classId=${CLASS_ID}` });
});
