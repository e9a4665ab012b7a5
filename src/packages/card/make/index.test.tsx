/**
 * Making a family card with a photo: while the photo goes up the page shows how far it is (a bar with
 * the percentage, and the loading mask's title), then the card is created with the uploaded file; the
 * page loads its context once per show.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { call, type OutputOf, uploadFile } from '../../../api/client';
import { pickPhoto } from '../../../utils/media';
import { SLOGAN_SUGGESTIONS } from '../../../../core/poster/templates';
import { emulatePageShows, showPage } from '../../../../test/pageShows';
import { mockTaro } from '../../../../test/taroMocks';
import MakeCard from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  uploadFile: jest.fn(),
  isLocalMode: false,
  needsLogin: () => false,
}));
jest.mock('../../../utils/media', () => ({ pickPhoto: jest.fn() }));

const context = {
  makers: [
    {
      rosterId: 'r1',
      childName: '王小雨',
      className: '小学三年级2班',
      schoolName: '华龙区绿茵小学',
      as: 'parent',
      ready: true,
    },
  ],
  cards: [],
  walls: [],
  statsUnits: [],
  canReview: false,
  limits: { slogan: 60, reply: 40, names: 6 },
} as unknown as OutputOf<'card', 'context'>;

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading', 'navigateTo', 'redirectTo']);
const mockedCall = call as jest.Mock;

beforeAll(() => emulatePageShows());
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.navigateTo.mockResolvedValue({});
  api.showLoading.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (fn === 'card' && action === 'context') return context;
    if (fn === 'card' && action === 'create') return { cardId: 'card-1', status: 'pending' };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  (pickPhoto as jest.Mock).mockResolvedValue({ path: 'wxfile://tmp/family.jpg', ext: 'jpg' });
});

test('the photo upload shows its progress, then the card is created with the uploaded file', async () => {
  let progress: ((p: number) => void) | undefined;
  let finish: (id: string) => void = () => undefined;
  (uploadFile as jest.Mock).mockImplementation(
    (_path: string, opts: { onProgress?: (p: number) => void }) =>
      new Promise<string>((resolve) => {
        progress = opts.onProgress;
        finish = resolve;
      }),
  );
  render(<MakeCard />);
  fireEvent.click(await screen.findByText('选择一张照片'));
  expect(await screen.findByText('换一张')).toBeTruthy();
  fireEvent.click(screen.getByText(SLOGAN_SUGGESTIONS[0]));
  fireEvent.click(screen.getByText('生成卡片'));

  await waitFor(() => expect(progress).toBeDefined());
  expect(uploadFile).toHaveBeenCalledWith(
    'wxfile://tmp/family.jpg',
    expect.objectContaining({ purpose: 'cardPhoto', ext: 'jpg' }),
  );
  act(() => progress!(0));
  expect(await screen.findByText('正在上传照片 0%')).toBeTruthy();
  act(() => progress!(63.4));
  expect(await screen.findByText('正在上传照片 63%')).toBeTruthy();
  expect(api.showLoading).toHaveBeenLastCalledWith({ title: '正在上传 63%', mask: true });
  act(() => progress!(100));
  expect(api.showLoading).toHaveBeenLastCalledWith({ title: '正在检查并生成…', mask: true });

  await act(async () => finish('cloud://photo-1'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith(
      'card',
      'create',
      expect.objectContaining({ photoFileId: 'cloud://photo-1', rosterId: 'r1' }),
    ),
  );
  await waitFor(() => expect(screen.queryByText(/正在上传照片/)).toBeNull());
  expect(api.navigateTo).toHaveBeenCalledWith({ url: '/packages/card/view/index?id=card-1&made=1' });
});

test('one load per show: the context loads once when the page shows, once more when it shows again', async () => {
  render(<MakeCard />);
  await screen.findByText('生成卡片');
  const loads = () => mockedCall.mock.calls.filter(([, a]) => a === 'context').length;
  expect(loads()).toBe(1);
  await showPage();
  expect(loads()).toBe(2);
});
