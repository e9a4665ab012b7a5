import { fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { FunctionName, OutputOf } from '../../api/client';
import { call } from '../../api/client';
import { emulatePageShows, showPage } from '../../../test/pageShows';
import Home from './index';

jest.mock('../../api/client', () => ({
  ...jest.requireActual('../../api/client'),
  call: jest.fn(),
  needsLogin: () => false,
}));

const campaign: OutputOf<'campaign', 'get'> = {
  title: '争做濮阳好网民',
  theme: '清朗网络 多彩校园',
  year: 2026,
  cityName: '示例市',
  dataController: { name: '示例市教育局', contact: '班主任', storage: '境内', retention: '一年' },
  phase: 'implementation',
  phaseLabel: '活动实施阶段',
  phases: [
    {
      key: 'launch',
      label: '活动启动阶段',
      start: '2026-05-01',
      end: '2026-05-31',
      rangeLabel: '5月1日—5月31日',
      current: false,
    },
    {
      key: 'implementation',
      label: '活动实施阶段',
      start: '2026-06-01',
      end: '2026-10-31',
      rangeLabel: '6月1日—10月31日',
      current: true,
    },
    {
      key: 'evaluation',
      label: '评估总结及成果展示阶段',
      start: '2026-11-01',
      end: '2026-11-30',
      rangeLabel: '11月1日—11月30日',
      current: false,
    },
  ],
  activities: [
    {
      key: 'pledge',
      title: '文明上网 宣誓承诺',
      planRef: '五(二)2',
      summary: '手写签名承诺。',
      phases: ['launch', 'implementation'],
      route: '/packages/pledge/sign/index',
      openNow: true,
    },
    {
      key: 'contest',
      title: '作品征集与网络文化节',
      planRef: '五(一)2',
      summary: '征文、绘画、摄影。',
      phases: ['evaluation'],
      route: '/packages/contest/index',
      openNow: false,
    },
    {
      key: 'quiz',
      title: '网络法律与安全知识竞赛',
      planRef: '五(二)1、3',
      summary: '围绕《网络安全法》答题。',
      phases: ['implementation'],
      route: null,
      openNow: true,
    },
  ],
};

const me: OutputOf<'identity', 'me'> = { openid: 'o-new-user', roles: [], student: null, children: [] };

/** `identity.me` of a pupil of 小学三年级2班 with the given name, claim state and consent. */
function pupilMe(name: string, claimStatus: string, consent: boolean) {
  return {
    ...me,
    roles: [
      {
        role: 'student',
        districtId: 'd',
        schoolId: 's',
        classId: 'c',
        rosterId: 'r',
        className: '小学三年级2班',
      },
    ],
    student: {
      rosterId: 'r',
      name,
      claimStatus,
      className: '小学三年级2班',
      classId: 'c',
      under14: true,
      guardianCount: consent ? 1 : 0,
      consent,
    },
  };
}

const mockedCall = call as unknown as jest.Mock<Promise<unknown>, [FunctionName, string, unknown]>;

beforeAll(() => emulatePageShows());
afterAll(() => emulatePageShows(false));

beforeEach(() => {
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn, action) => {
    if (fn === 'campaign' && action === 'get') return campaign;
    if (fn === 'identity' && action === 'me') return me;
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

test('home shows the theme, the current phase, every activity and the next step of a user without roles', async () => {
  render(<Home />);

  expect(await screen.findByText('清朗网络 多彩校园')).toBeTruthy();
  expect(screen.getByText('示例市 · 2026 年度')).toBeTruthy();

  // Exactly one phase carries the "current" tag, and it is the implementation phase.
  const tags = screen.getAllByText('当前阶段');
  expect(tags).toHaveLength(1);
  const currentPhase = tags[0].closest('.phase');
  expect(currentPhase?.className).toContain('phase-current');
  expect(within(currentPhase as HTMLElement).getByText('活动实施阶段')).toBeTruthy();
  expect(within(currentPhase as HTMLElement).getByText('6月1日—10月31日')).toBeTruthy();

  // Activities: open now → 去参加; built but closed → 本阶段未开放; not built → 即将上线.
  const activity = (title: string) => screen.getByText(title).closest('.activity') as HTMLElement;
  expect(within(activity('文明上网 宣誓承诺')).getByText('去参加')).toBeTruthy();
  expect(within(activity('作品征集与网络文化节')).getByText('本阶段未开放')).toBeTruthy();
  expect(within(activity('网络法律与安全知识竞赛')).getByText('即将上线')).toBeTruthy();

  // A user with no roles is offered the ways to join.
  expect(await screen.findByText('我是学生，加入班级')).toBeTruthy();
  expect(screen.getByText('我是家长，关联孩子')).toBeTruthy();
  expect(screen.getByText('我有邀请码')).toBeTruthy();
  expect(screen.queryByText('我的班级')).toBeNull();
  expect(screen.queryByText('组织管理')).toBeNull();

  expect(mockedCall).toHaveBeenCalledWith('campaign', 'get', {});
  expect(mockedCall).toHaveBeenCalledWith('identity', 'me', {});
});

test('the student button opens the join-class page', async () => {
  const navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  render(<Home />);
  fireEvent.click(await screen.findByText('我是学生，加入班级'));
  expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/join/class/index' });
  navigateTo.mockRestore();
});

test('home shows the error and a retry when the campaign cannot load', async () => {
  const { ApiError } = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  mockedCall.mockImplementation(async (fn) => {
    if (fn === 'campaign') throw new ApiError('UNAVAILABLE', '网络连接失败，请稍后重试');
    return me;
  });
  render(<Home />);
  expect(await screen.findByText('网络连接失败，请稍后重试')).toBeTruthy();
  expect(screen.getByText('重试')).toBeTruthy();
  // The banner falls back to the default theme.
  expect(screen.getByText('校园好网民，弘扬正能量')).toBeTruthy();
});

test('one load per show: the first show loads the campaign and identity.me once each, a later show once more', async () => {
  render(<Home />);
  expect(await screen.findByText('清朗网络 多彩校园')).toBeTruthy();
  await screen.findByText('我是学生，加入班级');
  const count = (fn: string, action: string) =>
    mockedCall.mock.calls.filter(([f, a]) => f === fn && a === action).length;
  expect(count('identity', 'me')).toBe(1);
  expect(count('campaign', 'get')).toBe(1);

  await showPage();
  expect(count('identity', 'me')).toBe(2);
  expect(count('campaign', 'get')).toBe(2);
});

test("the fallback title is the plan's own 「争做濮阳好网民」 while the campaign loads", () => {
  mockedCall.mockImplementation(() => new Promise(() => undefined));
  render(<Home />);
  expect(screen.getByText('争做濮阳好网民')).toBeTruthy();
});

test('a pupil whose claim is not confirmed yet is told to wait for the teacher and what to do', async () => {
  mockedCall.mockImplementation(async (fn, action) => {
    if (fn === 'campaign' && action === 'get') return campaign;
    if (fn === 'identity' && action === 'me') return pupilMe('李晨阳', 'claimed', false);
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  render(<Home />);
  expect(await screen.findByText('等老师确认你的名字')).toBeTruthy();
  expect(screen.getByText(/请老师在班级页面点「确认是本人」/)).toBeTruthy();
  // No family code before the teacher confirmed: the server would refuse it.
  expect(screen.queryByText('生成家庭码，让家长关联我')).toBeNull();
});

test('a confirmed pupil is told all is ready, and 参与情况 (for teachers and admins) is not offered', async () => {
  const participation = {
    key: 'participation',
    title: '参与情况',
    planRef: '六、七(三)',
    summary: '老师查看本班参与情况。',
    phases: ['implementation' as const],
    route: '/packages/overview/unit/index',
    openNow: true,
  };
  mockedCall.mockImplementation(async (fn, action) => {
    if (fn === 'campaign' && action === 'get')
      return { ...campaign, activities: [...campaign.activities, participation] };
    if (fn === 'identity' && action === 'me') return pupilMe('王小雨', 'confirmed', true);
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  render(<Home />);
  expect(await screen.findByText('一切就绪，可以参加下面的活动了。')).toBeTruthy();
  expect(screen.getByText('文明上网 宣誓承诺')).toBeTruthy();
  expect(screen.queryByText('参与情况')).toBeNull();
});
