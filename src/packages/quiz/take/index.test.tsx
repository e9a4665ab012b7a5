/**
 * Taking a quiz on the phone: the page resumes the active attempt at the first unanswered question, every
 * tap is saved at once (kept on the phone while the network is down, then sent), the countdown follows the
 * server's deadline (not the phone's clock), and 交卷 submits once and opens the result.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ApiError, call, type OutputOf } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import TakePage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  needsLogin: () => false,
}));

const QUIZ = 'a'.repeat(24);
const ATTEMPT = `${QUIZ}:class-1-r1:1`;
const mocked = call as unknown as jest.Mock;

const info: OutputOf<'quiz', 'quizInfo'> = {
  quizId: QUIZ,
  title: '网络法律知识竞赛',
  description: '围绕《网络安全法》答题。',
  level: 'city',
  unitName: '濮阳市',
  state: 'open',
  startDay: '2026-06-14',
  endDay: '2026-07-05',
  closesAt: '2026-07-05T16:00:00.000Z',
  count: 3,
  timeLimitSeconds: 600,
  attemptsAllowed: 2,
  passMark: 60,
  reveal: 'after_submit',
  certificate: '网络法治小达人',
  audience: { stages: ['primary'], parents: false },
  role: 'pupil',
  attemptsUsed: 0,
  active: false,
  best: null,
  passed: false,
  certificateCode: null,
};

/** An active attempt whose deadline is 5 minutes after the server's now (the phone's clock is a day off). */
function attempt(answers: Record<string, number[]> = {}) {
  const serverNow = new Date(Date.now() - 86_400_000);
  return {
    attemptId: ATTEMPT,
    quizId: QUIZ,
    title: info.title,
    n: 1,
    attemptsAllowed: 2,
    status: 'active' as const,
    startedAt: serverNow.toISOString(),
    deadline: new Date(serverNow.getTime() + 5 * 60_000).toISOString(),
    serverNow: serverNow.toISOString(),
    timeLimitSeconds: 600,
    questions: [
      {
        index: 0,
        type: 'single' as const,
        stem: '收到陌生链接，应该怎么办？',
        options: ['马上点开', '不点，告诉家长', '转发'],
      },
      { index: 1, type: 'truefalse' as const, stem: '密码可以告诉好朋友。', options: ['正确', '错误'] },
      {
        index: 2,
        type: 'multiple' as const,
        stem: '哪些是个人信息？',
        options: ['家庭住址', '今天的天气', '手机号'],
      },
    ],
    answers,
  };
}

const taro = Taro as unknown as Record<string, unknown>;
const api = {
  showModal: jest.fn(),
  showLoading: jest.fn(),
  hideLoading: jest.fn(),
  showToast: jest.fn(),
  redirectTo: jest.fn(),
  navigateTo: jest.fn(),
};
const saved: Record<string, unknown> = {};
/** The phone's storage (wx.getStorageSync and friends). */
const storage = new Map<string, unknown>();
const storageApi = {
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
};

beforeAll(() => {
  emulatePageShows();
  for (const key of [...Object.keys(api), ...Object.keys(storageApi)]) saved[key] = taro[key];
  Object.assign(taro, storageApi);
  (Taro.getCurrentInstance() as { router: unknown }).router = {
    params: { quizId: QUIZ },
    path: '/packages/quiz/take/index',
  };
});
afterAll(() => {
  emulatePageShows(false);
  Object.assign(taro, saved);
});
beforeEach(() => {
  jest.useRealTimers();
  storage.clear();
  for (const [key, fn] of Object.entries(api)) {
    fn.mockReset();
    taro[key] = fn;
  }
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.redirectTo.mockResolvedValue({ errMsg: 'redirectTo:ok' });
  mocked.mockReset();
});

test('resumes at the first unanswered question and saves each tap at once', async () => {
  mocked.mockImplementation(async (fn: string, action: string) => {
    if (action === 'quizInfo') return { ...info, attemptsUsed: 1, active: true };
    if (action === 'current') return { active: attempt({ '0': [1] }), expired: null };
    if (action === 'saveAnswers') return { saved: 1, savedAt: '', deadline: '', serverNow: '' };
    throw new Error(`unexpected ${fn}.${action}`);
  });
  render(<TakePage />);
  expect(await screen.findByText('第 2 / 3 题')).toBeTruthy();
  expect(screen.getByText('密码可以告诉好朋友。')).toBeTruthy();
  // The countdown follows the server: 5 minutes left although the phone's clock is a day ahead.
  expect(screen.getByText(/^4:5\d|^5:00$/)).toBeTruthy();
  fireEvent.click(screen.getByText('错误'));
  await waitFor(() =>
    expect(mocked).toHaveBeenCalledWith('quiz', 'saveAnswers', {
      attemptId: ATTEMPT,
      answers: [{ index: 1, picked: [1] }],
    }),
  );
  expect(await screen.findByText('答案已保存')).toBeTruthy();
  expect(screen.getByText('已答 2 / 3')).toBeTruthy();
  // Never an answer key in what the page received or sent.
  expect(JSON.stringify(mocked.mock.calls)).not.toMatch(/"answer"|explanation|source/);
});

test('keeps an answer on the phone while the network is down and sends it later', async () => {
  let online = false;
  mocked.mockImplementation(async (_fn: string, action: string) => {
    if (action === 'quizInfo') return info;
    if (action === 'current') return { active: attempt(), expired: null };
    if (action === 'saveAnswers') {
      if (!online) throw new ApiError('UNAVAILABLE', '网络连接失败');
      return { saved: 1, savedAt: '', deadline: '', serverNow: '' };
    }
    throw new Error(action);
  });
  render(<TakePage />);
  fireEvent.click(await screen.findByText('不点，告诉家长'));
  expect(await screen.findByText('网络不好，正在重试保存')).toBeTruthy();
  expect(Taro.getStorageSync(`cgn.quiz.pending.${ATTEMPT}`)).toEqual({ '0': [1] });
  online = true;
  fireEvent.click(screen.getByText('下一题'));
  fireEvent.click(screen.getByText('正确'));
  await waitFor(() =>
    expect(mocked).toHaveBeenLastCalledWith('quiz', 'saveAnswers', {
      attemptId: ATTEMPT,
      answers: expect.arrayContaining([
        { index: 0, picked: [1] },
        { index: 1, picked: [0] },
      ]),
    }),
  );
  await waitFor(() => expect(Taro.getStorageSync(`cgn.quiz.pending.${ATTEMPT}`)).toBeFalsy());
});

test('starts from the rules, answers a multiple choice, submits once and opens the result', async () => {
  let started = false;
  mocked.mockImplementation(async (_fn: string, action: string) => {
    if (action === 'quizInfo') return info;
    if (action === 'current') return { active: null, expired: null };
    if (action === 'start') {
      started = true;
      return { resumed: false, ...attempt() };
    }
    if (action === 'saveAnswers') return { saved: 1, savedAt: '', deadline: '', serverNow: '' };
    if (action === 'submit') return { score: 100 };
    throw new Error(action);
  });
  render(<TakePage />);
  expect(await screen.findByText('3 题 · 限时 10 分钟 · 可答 2 次（取最高分） · 60 分合格')).toBeTruthy();
  fireEvent.click(screen.getByText('开始答题'));
  await waitFor(() => expect(started).toBe(true));
  fireEvent.click(await screen.findByText('第 1 / 3 题').then(() => screen.getByText('不点，告诉家长')));
  fireEvent.click(screen.getByText('下一题'));
  fireEvent.click(screen.getByText('错误'));
  fireEvent.click(screen.getByText('下一题'));
  expect(screen.getByText('可以选多个答案，全部选对才得分')).toBeTruthy();
  fireEvent.click(screen.getByText('家庭住址'));
  fireEvent.click(screen.getByText('手机号'));
  await waitFor(() =>
    // Taps made while a save is on its way go together in the next one.
    expect(mocked).toHaveBeenLastCalledWith('quiz', 'saveAnswers', {
      attemptId: ATTEMPT,
      answers: expect.arrayContaining([{ index: 2, picked: [0, 2] }]),
    }),
  );
  fireEvent.click(screen.getAllByText('交卷')[0]);
  await waitFor(() => expect(api.redirectTo).toHaveBeenCalled());
  expect(api.showModal.mock.calls[0][0].content).toBe('交卷后不能再改答案。');
  expect(mocked.mock.calls.filter((c) => c[1] === 'submit')).toHaveLength(1);
  expect(api.redirectTo.mock.calls[0][0].url).toBe(
    `/packages/quiz/result/index?quizId=${QUIZ}&attemptId=${encodeURIComponent(ATTEMPT)}`,
  );
});

test('submits by itself when the server’s time is up', async () => {
  const a = attempt();
  a.deadline = new Date(Date.parse(a.serverNow) + 2000).toISOString();
  mocked.mockImplementation(async (_fn: string, action: string) => {
    if (action === 'quizInfo') return info;
    if (action === 'current') return { active: a, expired: null };
    if (action === 'submit') return { score: 0 };
    throw new Error(action);
  });
  render(<TakePage />);
  expect(await screen.findByText('第 1 / 3 题')).toBeTruthy();
  await act(async () => {
    await new Promise((r) => setTimeout(r, 2600));
  });
  await waitFor(() => expect(mocked).toHaveBeenCalledWith('quiz', 'submit', { attemptId: ATTEMPT }));
  expect(api.redirectTo).toHaveBeenCalled();
});
