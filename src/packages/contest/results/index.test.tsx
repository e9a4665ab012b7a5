/**
 * The city's results: every work with its raw mean and its normalised score side by side, ranks by each
 * with ties shown (并列), the tier it would get on the chosen basis; switching the basis asks the server
 * again, and publishing uses the basis on screen.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { call, type OutputOf } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import ResultsPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));
jest.mock('@tarojs/components', () => jest.requireActual('../shared/testing').plainFields());

type Results = OutputOf<'contest', 'results'>;
type Row = Results['rows'][number];

const row = (over: Partial<Row>): Row =>
  ({
    entryId: 'e1',
    title: '守护',
    authorLabel: '王小雨',
    schoolName: '华龙区绿茵小学',
    districtName: '华龙区',
    advisor: null,
    category: 'drawing',
    group: 'primary-low',
    categoryTitle: '绘画',
    groupTitle: '小学低段',
    sheets: [
      { judge: '程思远', scored: true, total: 80, comment: '构图完整' },
      { judge: '苏雅琴', scored: true, total: 70, comment: '' },
      { judge: '韩立新', scored: true, total: 90, comment: '' },
    ],
    raw: 80,
    normalised: 78.5,
    rankRaw: 1,
    tiedRaw: true,
    rankNormalised: 1,
    tiedNormalised: false,
    tier: 'first',
    complete: true,
    ...over,
  }) as Row;

const results = (basis: 'raw' | 'normalised'): Results =>
  ({
    call: { callId: 'call-1', title: '网络安全主题征文征画', tiers: [], judgesPerEntry: 3 },
    basis,
    rows: [
      row({}),
      row({
        entryId: 'e2',
        title: '云端课堂',
        raw: 80,
        normalised: 74.25,
        rankRaw: 1,
        tiedRaw: true,
        rankNormalised: 2,
        tiedNormalised: false,
        tier: 'second',
      }),
      row({
        entryId: 'e3',
        title: '春天会来',
        raw: 61,
        normalised: 66,
        rankRaw: 3,
        tiedRaw: false,
        rankNormalised: 3,
        tiedNormalised: false,
        tier: null,
      }),
    ],
    judges: [{ name: '程思远', sheets: 3, mean: 75, sd: 8.5, normalised: true }],
    overall: { sheets: 9, mean: 74, sd: 9.1 },
    tiers: [{ category: 'drawing', group: 'primary-low', tier: 'first', quota: 1, awarded: 1, tiedOver: 0 }],
    incomplete: 0,
    published: null,
  }) as unknown as Results;

const api = mockTaro(['showModal', 'showToast', 'showLoading', 'hideLoading']);
const mockedCall = call as jest.Mock;

/** The element matching `selector` once the page has rendered it. */
const find = (container: HTMLElement, selector: string) =>
  waitFor(() => {
    const el = container.querySelector(selector);
    if (!el) throw new Error(`no ${selector} yet`);
    return el as HTMLElement;
  });

beforeAll(() => {
  emulatePageShows();
  setRouter('/packages/contest/results/index', { callId: 'call-1' });
});
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  api.showModal.mockResolvedValue({ confirm: true });
  api.showLoading.mockResolvedValue({});
  api.showToast.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(
    async (fn: string, action: string, input: { basis?: 'raw' | 'normalised' }) => {
      if (fn === 'contest' && action === 'results') return results(input.basis ?? 'normalised');
      if (fn === 'contest' && action === 'publishAwards')
        return { awarded: 2, advisors: 0, organisations: 0, report: [] };
      throw new Error(`unexpected call ${fn}.${action}`);
    },
  );
});

test('raw and normalised scores side by side, with their ranks and ties', async () => {
  const { container } = render(<ResultsPage />);
  const first = await find(container, '#ct-row-e1');
  const raw = container.querySelector('#ct-raw-e1') as HTMLElement;
  const norm = container.querySelector('#ct-norm-e1') as HTMLElement;
  expect(within(raw).getByText('原始平均分')).toBeTruthy();
  expect(within(raw).getByText('80')).toBeTruthy();
  expect(within(raw).getByText('第 1 名（并列）').className).toContain('ct-tie');
  expect(within(norm).getByText('78.5')).toBeTruthy();
  expect(within(norm).getByText('第 1 名')).toBeTruthy();
  expect(norm.className).toContain('ct-score-on'); // the basis on screen
  expect(within(first).getByText('拟一等奖')).toBeTruthy();
  const second = container.querySelector('#ct-row-e2') as HTMLElement;
  expect(
    within(container.querySelector('#ct-raw-e2') as HTMLElement).getByText('第 1 名（并列）'),
  ).toBeTruthy();
  expect(within(second).getByText('拟二等奖')).toBeTruthy();
  expect(within(container.querySelector('#ct-row-e3') as HTMLElement).getByText('未获奖')).toBeTruthy();
  // The same rows as a table for computers, ties marked there too.
  expect(within(container.querySelector('#ct-trow-e2') as HTMLElement).getByText('1 并列')).toBeTruthy();
  expect(screen.getByText('一等奖 1 名')).toBeTruthy();
});

test('switching the basis asks again; publishing uses the basis on screen', async () => {
  const { container } = render(<ResultsPage />);
  await find(container, '#ct-row-e1');
  fireEvent.click(screen.getByText('原始平均分', { selector: '.ct-chip' }));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('contest', 'results', { callId: 'call-1', basis: 'raw' }),
  );
  await waitFor(() =>
    expect((container.querySelector('#ct-raw-e1') as HTMLElement).className).toContain('ct-score-on'),
  );
  fireEvent.click(screen.getByText('公布获奖结果'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith(
      'contest',
      'publishAwards',
      { callId: 'call-1', basis: 'raw' },
      expect.anything(),
    ),
  );
  expect(api.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '公布获奖结果？' }));
});

test('after publishing, a correction can change a tier or take the award away, with a reason', async () => {
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (fn === 'contest' && action === 'results')
      return {
        ...results('normalised'),
        published: { at: '2026-11-20T02:00:00.000Z', basis: 'normalised', corrections: 0 },
      };
    if (fn === 'contest' && action === 'correctAward')
      return { entryId: 'e1', tier: null, certificateId: null };
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  const { container } = render(<ResultsPage />);
  fireEvent.click(await find(container, '#ct-correct-e1'));
  await find(container, '#ct-correct-box');
  fireEvent.click(await find(container, '#ct-correct-tier-none'));
  fireEvent.input(container.querySelector('#ct-correct-reason') as HTMLElement, {
    target: { value: '作品涉嫌抄袭' },
  });
  fireEvent.click(screen.getByText('确定更正'));
  await waitFor(() =>
    expect(mockedCall).toHaveBeenCalledWith('contest', 'correctAward', {
      entryId: 'e1',
      tier: null,
      reason: '作品涉嫌抄袭',
    }),
  );
});
