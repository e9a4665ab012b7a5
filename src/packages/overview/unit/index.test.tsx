/**
 * The unit overview: the unit's own figure per activity and its children ranked by the activity chosen in
 * the segmented control (sent as `sortBy`), whatever columns the server answers; rates with bars and
 * numbers, rank numbers, 「未录入名单」 for units without a roster; a tap goes one level down (city →
 * district → school → class overview). Without `level` the page opens the caller's own unit. A teacher
 * sees their school, opens only their own classes, gets no admin tools, and cannot open another school.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError, call, type OutputOf } from '../../../api/client';
import { emulatePageShows, showPage } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import { entryUnit, updatedClock } from '../shared/nav';
import UnitOverviewPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));

type Overview = OutputOf<'overview', 'unitOverview'>;
type Me = OutputOf<'identity', 'me'>;

const COLUMNS = [
  { key: 'pledge', title: '承诺' },
  { key: 'familyPledge', title: '家庭承诺' },
  { key: 'card', title: '卡片' },
  { key: 'contest', title: '作品' },
];
const acts = (pledge: number, family: number, card: number, contest: number, roster: number) => ({
  pledge: { done: Math.round((pledge * roster) / 100), rate: pledge },
  familyPledge: { done: Math.round((family * roster) / 100), rate: family },
  card: { done: Math.round((card * roster) / 100), rate: card },
  contest: { done: Math.round((contest * roster) / 100), rate: contest },
});
const UPDATED = '2026-06-15T01:05:00.000Z';

const city = (sortBy = 'pledge'): Overview => ({
  level: 'city',
  id: null,
  name: '濮阳市',
  childLevel: 'district',
  columns: COLUMNS,
  sortBy,
  figures: { roster: 1000, activities: acts(60, 40, 20, 5, 1000) },
  rows: [
    { id: 'district-1', name: '华龙区', roster: 600, activities: acts(75, 50, 10, 5, 600), rank: 1 },
    { id: 'district-2', name: '清丰县', roster: 400, activities: acts(37.5, 25, 35, 5, 400), rank: 2 },
    { id: 'district-3', name: '南乐县', roster: 0, activities: acts(0, 0, 0, 0, 0), rank: null },
  ],
  updatedAt: UPDATED,
});
const school = (): Overview => ({
  level: 'school',
  id: 'school-lvyin',
  name: '华龙区绿茵小学',
  childLevel: 'class',
  columns: COLUMNS,
  sortBy: 'pledge',
  figures: { roster: 48, activities: acts(50, 25, 25, 0, 48) },
  rows: [
    {
      id: 'class-lvyin-3-1',
      name: '小学三年级1班',
      roster: 40,
      activities: acts(55, 25, 25, 0, 40),
      rank: 1,
    },
    { id: 'class-lvyin-3-2', name: '小学三年级2班', roster: 8, activities: acts(25, 25, 25, 0, 8), rank: 2 },
  ],
  updatedAt: null,
});

const ME: Record<string, Me> = {
  city: { openid: 'o-city', roles: [{ role: 'city_admin' }], student: null, children: [] } as unknown as Me,
  teacher: {
    openid: 'o-teacher',
    roles: [
      { role: 'teacher', districtId: 'district-1', schoolId: 'school-lvyin', schoolName: '华龙区绿茵小学' },
    ],
    student: null,
    children: [],
  } as unknown as Me,
  student: {
    openid: 'o-student',
    roles: [{ role: 'student', classId: 'class-lvyin-3-2', rosterId: 'r1' }],
    student: null,
    children: [],
  } as unknown as Me,
};
let who = 'city';

const api = mockTaro([
  'showModal',
  'showToast',
  'showLoading',
  'hideLoading',
  'setNavigationBarTitle',
  'navigateTo',
  'redirectTo',
  'stopPullDownRefresh',
]);
const mockedCall = call as jest.Mock;
const calls = (action: string) => mockedCall.mock.calls.filter(([, a]) => a === action);

beforeAll(() => emulatePageShows());
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  who = 'city';
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.setNavigationBarTitle.mockResolvedValue({});
  api.navigateTo.mockResolvedValue({});
  api.redirectTo.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(
    async (fn: string, action: string, input: { level?: string; id?: string; sortBy?: string }) => {
      if (fn === 'identity' && action === 'me') return ME[who];
      if (fn === 'org' && action === 'myClasses')
        return [{ _id: 'class-lvyin-3-2', name: '小学三年级2班', schoolId: 'school-lvyin' }];
      if (fn === 'overview' && action === 'unitOverview') {
        if (input.level === 'city') return city(input.sortBy);
        if (input.level === 'school' && input.id === 'school-lvyin') return school();
        throw new ApiError('PERMISSION_DENIED', '你不能查看这个学校，只能查看自己负责的学校');
      }
      throw new Error(`unexpected call ${fn}.${action}`);
    },
  );
});

test('the city: own figure per activity, districts ranked with rates, bars and counts, 未录入名单 last', async () => {
  setRouter('/packages/overview/unit/index', { level: 'city' });
  const { container } = render(<UnitOverviewPage />);
  expect(await screen.findByText('各县区排名')).toBeTruthy();
  expect(calls('unitOverview')[0][2]).toEqual({ level: 'city' });
  const figures = container.querySelector('#ov-unit-figures') as HTMLElement;
  expect(within(figures).getByText('濮阳市')).toBeTruthy();
  expect(within(figures).getByText('名单 1000 人 · 参与率 = 已参加 ÷ 名单人数')).toBeTruthy();
  const contest = container.querySelector('#ov-fig-contest') as HTMLElement;
  expect(within(contest).getByText('作品')).toBeTruthy();
  expect(within(contest).getByText('50 / 1000 人')).toBeTruthy();
  expect(within(contest).getByText('5%')).toBeTruthy();
  expect(screen.getByText(`数据每分钟汇总一次，最近更新 ${updatedClock(UPDATED)}`)).toBeTruthy();

  const first = container.querySelector('#ov-row-district-1') as HTMLElement;
  expect(within(first).getByText('1')).toBeTruthy();
  expect(within(first).getByText('75%')).toBeTruthy();
  expect(within(first).getByText('承诺已参加 450 / 600 人')).toBeTruthy();
  expect(Array.from(first.querySelectorAll('.ov-unit-other')).map((x) => x.textContent)).toEqual([
    '家庭承诺 50%',
    '卡片 10%',
    '作品 5%',
  ]);
  expect((first.querySelector('.ov-bar-fill') as HTMLElement).style.width).toBe('75%');
  const empty = container.querySelector('#ov-row-district-3') as HTMLElement;
  expect(within(empty).getByText('—')).toBeTruthy();
  expect(within(empty).getByText('未录入名单')).toBeTruthy();
  // City admins get the tools of the unit.
  expect(screen.getByText('编辑全市倡议书')).toBeTruthy();
  expect(api.setNavigationBarTitle).toHaveBeenCalledWith({ title: '濮阳市参与情况' });
});

test('the segmented control ranks by another activity (sortBy); a tap goes one level down', async () => {
  setRouter('/packages/overview/unit/index', { level: 'city' });
  const { container } = render(<UnitOverviewPage />);
  await screen.findByText('各县区排名');
  const segments = container.querySelectorAll('#ov-ranking .ov-chip');
  expect(Array.from(segments).map((s) => s.textContent)).toEqual(['承诺', '家庭承诺', '卡片', '作品']);
  fireEvent.click(container.querySelector('#ov-sort-card') as HTMLElement);
  await waitFor(() =>
    expect(mockedCall).toHaveBeenLastCalledWith('overview', 'unitOverview', {
      level: 'city',
      sortBy: 'card',
    }),
  );
  expect(await screen.findByText('按「卡片」参与率排名，没有录入名单的县区排在最后。')).toBeTruthy();
  fireEvent.click(container.querySelector('#ov-row-district-1') as HTMLElement);
  expect(api.navigateTo).toHaveBeenCalledWith({
    url: '/packages/overview/unit/index?level=district&id=district-1&sortBy=card',
  });
});

test('a school ranks its classes; an admin opens any class overview', async () => {
  setRouter('/packages/overview/unit/index', { level: 'school', id: 'school-lvyin' });
  const { container } = render(<UnitOverviewPage />);
  await screen.findByText('各班级排名');
  expect(screen.getByText('数据每分钟汇总一次，还没有汇总数据')).toBeTruthy();
  await waitFor(() => expect(screen.getByText('导出全校 Excel（.xlsx）')).toBeTruthy());
  fireEvent.click(container.querySelector('#ov-row-class-lvyin-3-1') as HTMLElement);
  expect(api.navigateTo).toHaveBeenCalledWith({
    url: '/packages/overview/class/index?classId=class-lvyin-3-1',
  });
  expect(calls('myClasses')).toHaveLength(0);
});

test('a teacher sees their school, opens only their own class, and gets no admin tools', async () => {
  who = 'teacher';
  setRouter('/packages/overview/unit/index', { level: 'school', id: 'school-lvyin' });
  const { container } = render(<UnitOverviewPage />);
  await screen.findByText('各班级排名');
  const mine = await screen.findByText('小学三年级2班参与情况');
  fireEvent.click(mine);
  expect(api.navigateTo).toHaveBeenLastCalledWith({
    url: '/packages/overview/class/index?classId=class-lvyin-3-2',
  });
  api.navigateTo.mockClear();
  fireEvent.click(container.querySelector('#ov-row-class-lvyin-3-1') as HTMLElement);
  expect(api.navigateTo).not.toHaveBeenCalled();
  fireEvent.click(container.querySelector('#ov-row-class-lvyin-3-2') as HTMLElement);
  expect(api.navigateTo).toHaveBeenCalledWith({
    url: '/packages/overview/class/index?classId=class-lvyin-3-2',
  });
  expect(container.querySelector('#ov-tools')).toBeNull();
  expect(screen.queryByText('导出全校 Excel（.xlsx）')).toBeNull();
  expect(screen.getByText('老师可以打开自己的班级；其他班级只看汇总数字。')).toBeTruthy();
});

test("a teacher opening another school's overview is told they may not", async () => {
  who = 'teacher';
  setRouter('/packages/overview/unit/index', { level: 'school', id: 'school-xinghe' });
  render(<UnitOverviewPage />);
  expect(await screen.findByText('你不能查看这个学校，只能查看自己负责的学校')).toBeTruthy();
  expect(screen.queryByText('各班级排名')).toBeNull();
  expect(screen.queryByText('重试')).toBeNull();
});

test("without a level the page opens the caller's own unit", async () => {
  setRouter('/packages/overview/unit/index', {});
  who = 'teacher';
  const teacher = render(<UnitOverviewPage />);
  await waitFor(() =>
    expect(api.redirectTo).toHaveBeenCalledWith({
      url: '/packages/overview/unit/index?level=school&id=school-lvyin',
    }),
  );
  expect(calls('unitOverview')).toHaveLength(0);
  teacher.unmount();

  who = 'city';
  const admin = render(<UnitOverviewPage />);
  await waitFor(() =>
    expect(api.redirectTo).toHaveBeenLastCalledWith({ url: '/packages/overview/unit/index?level=city' }),
  );
  admin.unmount();

  who = 'student';
  api.redirectTo.mockClear();
  render(<UnitOverviewPage />);
  expect(await screen.findByText('参与情况只对老师和管理员开放。')).toBeTruthy();
  expect(api.redirectTo).not.toHaveBeenCalled();
});

test('entryUnit: city admin → city, district admin → district, school admin or teacher → school', () => {
  expect(entryUnit([{ role: 'teacher', schoolId: 's1' }, { role: 'city_admin' }])).toEqual({ level: 'city' });
  expect(
    entryUnit([
      { role: 'teacher', schoolId: 's1' },
      { role: 'district_admin', districtId: 'd1' },
    ]),
  ).toEqual({
    level: 'district',
    id: 'd1',
  });
  expect(
    entryUnit([
      { role: 'teacher', schoolId: 's1' },
      { role: 'school_admin', schoolId: 's2' },
    ]),
  ).toEqual({
    level: 'school',
    id: 's2',
  });
  expect(entryUnit([{ role: 'parent' }])).toBeNull();
});

test('one load per show, and the recount asks first', async () => {
  setRouter('/packages/overview/unit/index', { level: 'city' });
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (action === 'me') return ME.city;
    if (action === 'unitOverview') return city();
    if (action === 'recount') return { recountedClasses: 28 };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  render(<UnitOverviewPage />);
  await screen.findByText('各县区排名');
  expect(calls('unitOverview')).toHaveLength(1);
  await showPage();
  expect(calls('unitOverview')).toHaveLength(2);
  fireEvent.click(screen.getByText('重新核对数据'));
  await waitFor(() => expect(calls('recount')).toHaveLength(1));
  expect((api.showModal.mock.calls[0][0] as { title: string }).title).toBe('重新核对数据？');
  expect(calls('recount')[0][2]).toEqual({ level: 'city' });
  await waitFor(() => expect(calls('unitOverview')).toHaveLength(3));
});
