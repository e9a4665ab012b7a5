/**
 * A judge scores blind: the page shows the work, its category and group and the rubric, never an author,
 * a school, a district or an advisor (even if an answer carried them); the weighted total follows the
 * picks (Σ weight × score / full marks) and the sheet is sent with every criterion and the comment.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { call, type OutputOf } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import ScorePage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));
jest.mock('@tarojs/components', () => jest.requireActual('../shared/testing').plainFields());

type Judged = OutputOf<'contest', 'judgeEntry'>;

const judged = (): Judged =>
  ({
    assignmentId: 'as-1',
    callTitle: '网络安全主题征文征画',
    rubric: [
      {
        key: 'theme',
        title: '主题立意',
        weight: 60,
        max: 10,
        bands: [
          { min: 0, max: 5, descriptor: '主题不够明确' },
          { min: 6, max: 10, descriptor: '主题鲜明' },
        ],
      },
      {
        key: 'craft',
        title: '表现技法',
        weight: 40,
        max: 20,
        bands: [
          { min: 0, max: 12, descriptor: '表现一般' },
          { min: 13, max: 20, descriptor: '表现出色' },
        ],
      },
    ],
    step: 1,
    work: {
      category: 'essay',
      group: 'primary-low',
      categoryTitle: '征文',
      groupTitle: '小学低段',
      format: 'text',
      title: '点击之前想一想',
      body: '陌生人发来的链接我不点。',
      images: [],
      video: null,
      lesson: null,
      // What a careless answer might carry: the page must never show any of it.
      authorLabel: '王小雨',
      schoolName: '华龙区绿茵小学',
      districtName: '华龙区',
      advisor: '李老师',
      className: '小学三年级2班',
    },
    sheet: null,
    locked: false,
  }) as unknown as Judged;

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading', 'navigateBack']);
const mockedCall = call as jest.Mock;

beforeAll(() => {
  emulatePageShows();
  setRouter('/packages/contest/score/index', { id: 'as-1' });
});
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.showModal.mockResolvedValue({ confirm: true });
  api.showLoading.mockResolvedValue({});
  api.showToast.mockResolvedValue({});
  api.navigateBack.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(
    async (fn: string, action: string, input: { scores?: Record<string, number> }) => {
      if (fn === 'contest' && action === 'judgeEntry') return judged();
      if (fn === 'contest' && action === 'score') return { assignmentId: 'as-1', total: 78, bands: [] };
      throw new Error(`unexpected call ${fn}.${action} ${JSON.stringify(input)}`);
    },
  );
});

test('the page names no author, school, district, class or advisor', async () => {
  const { container } = render(<ScorePage />);
  await screen.findByText('点击之前想一想');
  expect(screen.getByText('征文 · 小学低段')).toBeTruthy();
  const text = container.textContent ?? '';
  for (const secret of ['王小雨', '绿茵', '华龙区', '李老师', '三年级']) expect(text).not.toContain(secret);
});

test('the weighted total follows the picks, and the sheet is sent with every criterion', async () => {
  const { container } = render(<ScorePage />);
  await screen.findByText('主题立意');
  expect(container.querySelector('#ct-total')!.textContent).toBe('0');
  fireEvent.click(container.querySelector('#ct-score-theme-8')!);
  expect(container.querySelector('#ct-total')!.textContent).toBe('48'); // 60 × 8 / 10
  expect(screen.getByText('6–10 分：主题鲜明').className).toContain('ct-band-on');

  // A sheet with a criterion missing is not sent.
  fireEvent.click(screen.getByText('提交评分'));
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '还有「表现技法」没有打分' }),
    ),
  );
  expect(mockedCall.mock.calls.some(([, a]) => a === 'score')).toBe(false);

  fireEvent.click(container.querySelector('#ct-score-craft-15')!);
  expect(container.querySelector('#ct-total')!.textContent).toBe('78'); // 48 + 40 × 15 / 20
  fireEvent.change(container.querySelector('#ct-comment')!, { target: { value: '立意清楚' } });
  fireEvent.click(screen.getByText('提交评分'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('contest', 'score', {
      assignmentId: 'as-1',
      scores: { theme: 8, craft: 15 },
      comment: '立意清楚',
    }),
  );
});
