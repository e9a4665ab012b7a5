/**
 * A school's review round: near-duplicate flags are shown on the entry they concern; returning or
 * rejecting asks for words the author will read (nothing is sent without them); a video cannot be passed
 * or recommended before the reviewer ticks 「已看过」, which is then sent as mediaChecked; the places used
 * per category × group are listed.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { call, type OutputOf } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import ReviewPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));
jest.mock('@tarojs/components', () => jest.requireActual('../shared/testing').plainFields());

type Queue = OutputOf<'contest', 'reviewQueue'>;
type Item = Queue['items'][number];

const item = (over: Partial<Item>): Item =>
  ({
    entryId: 'e1',
    category: 'drawing',
    group: 'primary-low',
    categoryTitle: '绘画',
    groupTitle: '小学低段',
    format: 'images',
    authorType: 'student',
    authorLabel: '王小雨',
    className: '小学三年级2班',
    schoolName: '华龙区绿茵小学',
    districtName: '华龙区',
    advisor: '李老师',
    title: '守护',
    body: '',
    images: [{ url: '/api/files/a.png' }],
    video: null,
    lesson: null,
    status: 'submitted',
    statusLabel: '已提交，等待学校审核',
    decisions: {},
    note: null,
    flags: [],
    pending: [],
    needsHumanLook: false,
    hasVideoOrDocuments: false,
    public: false,
    score: null,
    tier: null,
    submittedAt: '2026-11-25T02:00:00.000Z',
    actions: ['pass', 'return', 'reject', 'recommend'],
    ...over,
  }) as unknown as Item;

const flagged = item({
  entryId: 'e1',
  title: '守护',
  flags: [
    {
      entryId: 'x9',
      kind: 'image',
      score: 3,
      sameSchool: false,
      title: '口罩下的微笑',
      schoolName: '清丰县青禾小学',
      at: '2026-11-25T02:00:00.000Z',
    },
  ],
});
const video = item({
  entryId: 'e2',
  title: '我的网课vlog',
  format: 'video',
  images: [],
  video: { url: '/api/files/v.mp4', seconds: 75, bytes: 4096, cover: { url: '/api/files/c.png' } },
  pending: ['视频需要学校老师观看后才能公开'],
  needsHumanLook: true,
  hasVideoOrDocuments: true,
} as Partial<Item>);

const queue = (): Queue =>
  ({
    call: {
      callId: 'call-1',
      title: '校园网络文化节',
      level: 'city',
      kind: 'works',
      judged: true,
      rounds: ['school', 'district', 'city'],
      categories: [
        { key: 'drawing', title: '绘画', format: 'images' },
        { key: 'video', title: '短视频', format: 'video' },
      ],
      groups: [{ key: 'primary-low', title: '小学低段' }],
      locked: false,
    },
    round: 'school',
    unit: { id: 'school-lvyin', name: '华龙区绿茵小学' },
    tab: 'pending',
    counts: { pending: 2, passed: 0, recommended: 1, returned: 0, rejected: 0 },
    quotas: [
      {
        category: 'drawing',
        categoryTitle: '绘画',
        group: 'primary-low',
        groupTitle: '小学低段',
        limit: 2,
        used: 1,
      },
      {
        category: 'video',
        categoryTitle: '短视频',
        group: 'primary-low',
        groupTitle: '小学低段',
        limit: 2,
        used: 0,
      },
    ],
    items: [flagged, video],
    next: null,
  }) as unknown as Queue;

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading']);
const mockedCall = call as jest.Mock;

/** The element matching `selector` once the page has rendered it. */
const find = (container: HTMLElement, selector: string) =>
  waitFor(() => {
    const el = container.querySelector(selector);
    if (!el) throw new Error(`no ${selector} yet`);
    return el as HTMLElement;
  });
const reviews = () => mockedCall.mock.calls.filter(([, a]) => a === 'review').map(([, , input]) => input);

beforeAll(() => {
  emulatePageShows();
  setRouter('/packages/contest/review/index', { callId: 'call-1', round: 'school', unitId: 'school-lvyin' });
});
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.showModal.mockResolvedValue({ confirm: true });
  api.showLoading.mockResolvedValue({});
  api.showToast.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (fn === 'contest' && action === 'reviewQueue') return queue();
    if (fn === 'contest' && action === 'review') return { entryId: 'e1', status: 'returned', public: false };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

test('a near-duplicate is flagged prominently on its entry, with the other work and its school', async () => {
  const { container } = render(<ReviewPage />);
  const card = await find(container, '#ct-item-e1');
  const flags = within(card).getByText('⚠ 图片与另一件作品非常相似').parentElement!;
  expect(flags.textContent).toContain('《口罩下的微笑》（清丰县青禾小学）');
  expect(container.querySelector('#ct-item-e2 .ct-flag')).toBeNull();
  expect(screen.getByText('待审 2')).toBeTruthy();
  expect(screen.getByText('每个类别、每个组别可推荐 2 件。')).toBeTruthy();
  expect(screen.getByText('绘画·小学低段 已推荐 1/2')).toBeTruthy();
  expect(screen.queryByText(/短视频·小学低段/)).toBeNull();
  expect(within(card).getByText('王小雨 · 小学三年级2班')).toBeTruthy();
});

test('returning and rejecting ask for words for the author; nothing is sent without them', async () => {
  const { container } = render(<ReviewPage />);
  const card = await find(container, '#ct-item-e1');
  fireEvent.click(within(card).getByText('退回修改'));
  const box = container.querySelector('#ct-comment-e1') as HTMLElement;
  expect(within(box).getByText('修改意见（作者会看到）')).toBeTruthy();
  fireEvent.click(within(box).getByText('确定退回'));
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '请写明修改意见（作者会看到）' }),
    ),
  );
  expect(reviews()).toHaveLength(0);

  fireEvent.change(container.querySelector('#ct-words-e1')!, { target: { value: '请补充作品说明' } });
  fireEvent.click(within(box).getByText('确定退回'));
  await waitFor(() =>
    expect(reviews()).toEqual([
      { entryId: 'e1', round: 'school', decision: 'return', comment: '请补充作品说明' },
    ]),
  );

  fireEvent.click(within(card).getByText('不通过'));
  const reject = container.querySelector('#ct-comment-e1') as HTMLElement;
  expect(within(reject).getByText('不通过的原因（作者会看到）')).toBeTruthy();
  fireEvent.change(container.querySelector('#ct-words-e1')!, { target: { value: '与主题不符' } });
  fireEvent.click(within(reject).getByText('确定不通过'));
  await waitFor(() =>
    expect(reviews()[1]).toEqual({
      entryId: 'e1',
      round: 'school',
      decision: 'reject',
      reason: '与主题不符',
    }),
  );
});

test('a video is passed or recommended only after 「已看过」, which is sent as mediaChecked', async () => {
  const { container } = render(<ReviewPage />);
  const card = await find(container, '#ct-item-e2');
  expect(within(card).getByText('视频需要学校老师观看后才能公开')).toBeTruthy();
  fireEvent.click(within(card).getByText('推荐到县区'));
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '请先完整观看视频，再勾选「已看过」' }),
    ),
  );
  expect(reviews()).toHaveLength(0);

  fireEvent.click(container.querySelector('#ct-seen-e2')!);
  fireEvent.click(within(card).getByText('推荐到县区'));
  await waitFor(() =>
    expect(reviews()).toEqual([
      { entryId: 'e2', round: 'school', decision: 'recommend', mediaChecked: true },
    ]),
  );
  // The picture entry needs no look: its recommendation carries no mediaChecked.
  fireEvent.click(within(container.querySelector('#ct-item-e1') as HTMLElement).getByText('推荐到县区'));
  await waitFor(() =>
    expect(reviews()[1]).toEqual({ entryId: 'e1', round: 'school', decision: 'recommend' }),
  );
});

test('a school admin names the reviewing teachers from the school’s named staff; others see no picker', async () => {
  const { container, unmount } = render(<ReviewPage />);
  await find(container, '#ct-item-e1');
  expect(container.querySelector('#ct-reviewers-open')).toBeNull(); // not opened as the school's admin
  unmount();
  setRouter('/packages/contest/review/index', {
    callId: 'call-1',
    round: 'school',
    unitId: 'school-lvyin',
    admin: '1',
  });
  mockedCall.mockImplementation(async (fn: string, action: string, input: { teachers?: string[] }) => {
    if (action === 'reviewQueue') return queue();
    if (action === 'reviewers')
      return {
        teachers: [
          { openid: 't1', name: '周老师', reviewing: true },
          { openid: 't2', name: '吴老师', reviewing: false },
        ],
      };
    if (action === 'setReviewers') return { teachers: [], count: input.teachers!.length };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  const page = render(<ReviewPage />);
  fireEvent.click(await find(page.container, '#ct-reviewers-open'));
  const wu = await find(page.container, '#ct-reviewer-t2');
  expect((page.container.querySelector('#ct-reviewer-t1') as HTMLElement).className).toContain('ct-chip-on');
  fireEvent.click(wu);
  fireEvent.click(page.container.querySelector('#ct-reviewers-save') as HTMLElement);
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('contest', 'setReviewers', {
      callId: 'call-1',
      schoolId: 'school-lvyin',
      teachers: ['t1', 't2'],
    }),
  );
  setRouter('/packages/contest/review/index', { callId: 'call-1', round: 'school', unitId: 'school-lvyin' });
});
