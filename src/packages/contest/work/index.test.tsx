/**
 * A work's public page: without a login it shows the work with masked names, read-only (no like to
 * tap); signed in, 点赞 likes it once and a second tap takes the like back.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { call, type OutputOf } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import WorkPage from './index';

const login = { needed: true };
jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: true,
  needsLogin: () => login.needed,
}));

type Work = OutputOf<'contest', 'work'>;

const work = (signedIn: boolean, liked = false): Work =>
  ({
    work: {
      entryId: 'e1',
      callId: 'call-1',
      callTitle: '「防控疫情，携手同进」公益作品征集',
      kind: 'works',
      category: 'comic',
      group: 'primary-low',
      categoryTitle: '漫画',
      groupTitle: '小学低段',
      format: 'images',
      title: '云端课堂',
      body: '',
      images: [{ url: '/api/files/a.png' }],
      video: null,
      lesson: null,
      authorLabel: '王*雨',
      authorType: 'student',
      advisor: '李*师',
      schoolName: '华龙区绿茵小学',
      tier: '一等奖',
      selected: false,
      path: 'packages/contest/work/index?id=e1',
    },
    likes: liked ? 4 : 3,
    liked,
    canLike: signedIn,
    share: {
      title: '云端课堂｜「防控疫情，携手同进」公益作品征集',
      path: 'packages/contest/work/index?id=e1',
    },
  }) as unknown as Work;

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading', 'navigateTo']);
const mockedCall = call as jest.Mock;
const likes = () => mockedCall.mock.calls.filter(([, a]) => a === 'like').map(([, , input]) => input);

beforeAll(() => {
  emulatePageShows();
  setRouter('/packages/contest/work/index', { id: 'e1' });
});
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.showModal.mockResolvedValue({ confirm: true });
  mockedCall.mockReset();
});

test('without a login the work shows read-only, with masked names and its award', async () => {
  login.needed = true;
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (fn === 'contest' && action === 'work') return work(false);
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  const { container } = render(<WorkPage />);
  expect(await screen.findByText('云端课堂')).toBeTruthy();
  expect(screen.getByText('作者：王*雨 · 华龙区绿茵小学')).toBeTruthy();
  expect(screen.getByText('指导教师：李*师')).toBeTruthy();
  expect(screen.getByText('一等奖')).toBeTruthy();
  const like = container.querySelector('#ct-like') as HTMLElement;
  expect(like.textContent).toBe('♡ 3');
  fireEvent.click(like);
  expect(likes()).toHaveLength(0);
  expect(screen.getByText('登录后点赞')).toBeTruthy();
  expect(mockedCall.mock.calls.map(([, a]) => a)).toEqual(['work']);
});

test('signed in: one tap likes it once, a second tap takes the like back', async () => {
  login.needed = false;
  let liked = false;
  mockedCall.mockImplementation(async (fn: string, action: string, input: { like?: boolean }) => {
    if (fn === 'contest' && action === 'work') return work(true);
    if (fn === 'contest' && action === 'like') {
      liked = !!input.like;
      return { liked, likes: liked ? 4 : 3 };
    }
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  const { container } = render(<WorkPage />);
  await screen.findByText('云端课堂');
  const like = () => container.querySelector('#ct-like') as HTMLElement;
  expect(like().textContent).toBe('♡ 点赞 3');
  fireEvent.click(like());
  await waitFor(() => expect(like().textContent).toBe('♥ 已赞 4'));
  expect(like().className).toContain('ct-like-on');
  fireEvent.click(like());
  await waitFor(() => expect(like().textContent).toBe('♡ 点赞 3'));
  expect(likes()).toEqual([
    { entryId: 'e1', like: true },
    { entryId: 'e1', like: false },
  ]);
});
