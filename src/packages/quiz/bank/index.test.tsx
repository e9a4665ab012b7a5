/**
 * The question bank page: an .xlsx import whose rows are refused shows every row's problem (row, column,
 * message) and imports nothing; a good import says how many questions came in.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ApiError, call, uploadFile } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import { pickXlsx } from '../../../utils/media';
import BankPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  uploadFile: jest.fn(),
  needsLogin: () => false,
}));
jest.mock('../../../utils/media', () => ({ pickXlsx: jest.fn() }));

const mocked = call as unknown as jest.Mock;
const taro = Taro as unknown as Record<string, unknown>;
const api = { showLoading: jest.fn(), hideLoading: jest.fn(), showToast: jest.fn(), showModal: jest.fn() };
const saved: Record<string, unknown> = {};

beforeAll(() => {
  emulatePageShows();
  for (const key of Object.keys(api)) saved[key] = taro[key];
  Object.assign(taro, api);
  (Taro.getCurrentInstance() as { router: unknown }).router = {
    params: { level: 'school', id: 'school-lvyin' },
    path: '/packages/quiz/bank/index',
  };
});
afterAll(() => {
  emulatePageShows(false);
  Object.assign(taro, saved);
});
beforeEach(() => {
  mocked.mockReset();
  (pickXlsx as jest.Mock).mockResolvedValue('wxfile://tmp/questions.xlsx');
  (uploadFile as jest.Mock).mockResolvedValue('cloud://env.bucket/u/abcdefghijklmnopqrstuv.xlsx');
});

test('lists the per-row errors of a refused import', async () => {
  mocked.mockImplementation(async (_fn: string, action: string) => {
    if (action === 'bankList') return { total: 0, items: [] };
    if (action === 'importQuestions') {
      throw new ApiError(
        'INVALID_ARGUMENT',
        '有 2 行需要修改，没有导入任何题目。请按错误说明改好后重新上传',
        {
          errors: [
            { row: 3, column: '答案', message: '答案「G」无法识别：请填选项字母，如 A 或 ACD' },
            { row: 5, column: '标签', message: '标签中至少要有一个学段：小学、初中、高中或家长' },
          ],
        },
      );
    }
    throw new Error(action);
  });
  render(<BankPage />);
  expect(await screen.findByText('还没有本单位的题目。可以逐题添加，或用模板从 Excel 导入。')).toBeTruthy();
  fireEvent.click(screen.getByText('从 Excel 导入'));
  expect(await screen.findByText('没有导入')).toBeTruthy();
  expect(screen.getByText('第 3 行 · 答案：答案「G」无法识别：请填选项字母，如 A 或 ACD')).toBeTruthy();
  expect(screen.getByText('第 5 行 · 标签：标签中至少要有一个学段：小学、初中、高中或家长')).toBeTruthy();
  expect(uploadFile).toHaveBeenCalledWith('wxfile://tmp/questions.xlsx', {
    purpose: 'questionXlsx',
    ext: 'xlsx',
  });
  expect(mocked).toHaveBeenCalledWith(
    'quiz',
    'importQuestions',
    { level: 'school', id: 'school-lvyin', fileId: 'cloud://env.bucket/u/abcdefghijklmnopqrstuv.xlsx' },
    { timeoutMs: 60_000 },
  );
});

test('reloads the list after a good import', async () => {
  let imported = false;
  mocked.mockImplementation(async (_fn: string, action: string) => {
    if (action === 'bankList') {
      return imported
        ? {
            total: 1,
            items: [
              {
                questionId: 'q1',
                type: 'single',
                stem: '收到陌生人发来的链接，应该怎么办？',
                options: ['不点，告诉家长', '马上点开看看', '转发给同学'],
                answer: [0],
                explanation: '陌生链接可能是钓鱼网站，不要点开。',
                source: '病毒与钓鱼网站 · 国家反诈中心提示',
                topics: ['病毒与钓鱼网站'],
                stages: ['primary'],
                difficulty: 1,
                custom: true,
                canEdit: true,
                version: 1,
              },
            ],
          }
        : { total: 0, items: [] };
    }
    if (action === 'importQuestions') {
      imported = true;
      return { imported: 1 };
    }
    throw new Error(action);
  });
  render(<BankPage />);
  fireEvent.click(await screen.findByText('从 Excel 导入'));
  expect(await screen.findByText('收到陌生人发来的链接，应该怎么办？')).toBeTruthy();
  await waitFor(() =>
    expect(api.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '导入了 1 题' })),
  );
  expect(screen.getByText('A. 不点，告诉家长 ✓')).toBeTruthy();
});
