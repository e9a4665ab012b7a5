/**
 * After submitting: the score, and (when the quiz shows answers) each question with the pupil's pick, the
 * right answer, the explanation and its source; when answers wait for the window to close, the page says when.
 */
import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { call, type OutputOf } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import ResultPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  needsLogin: () => false,
}));

const QUIZ = 'b'.repeat(24);
const mocked = call as unknown as jest.Mock;

const base: OutputOf<'quiz', 'myResult'> = {
  quiz: {
    quizId: QUIZ,
    title: '网络安全知识竞赛',
    description: '',
    level: 'city',
    unitName: '濮阳市',
    state: 'open',
    startDay: '2026-06-14',
    endDay: '2026-07-05',
    closesAt: '2026-07-05T16:00:00.000Z',
    count: 2,
    timeLimitSeconds: 600,
    attemptsAllowed: 1,
    passMark: 60,
    reveal: 'after_submit',
    certificate: '网络安全小卫士',
    audience: { stages: ['primary'], parents: false },
  },
  attempts: [
    {
      attemptId: `${QUIZ}:r1:1`,
      n: 1,
      score: 50,
      correct: 1,
      total: 2,
      passed: false,
      submittedAt: '2026-06-15T02:10:00.000Z',
      submittedBy: 'taker',
    },
  ],
  active: false,
  attemptsLeft: 0,
  best: 50,
  passed: false,
  certificateCode: null,
  answersShown: true,
  answersAt: null,
  review: {
    attemptId: `${QUIZ}:r1:1`,
    n: 1,
    items: [
      {
        index: 0,
        type: 'single',
        stem: '接到自称“客服”要你转账的电话，应该怎么办？',
        options: ['马上转账', '挂断，告诉家长', '把验证码告诉他'],
        picked: [0],
        answer: [1],
        correct: false,
        explanation: '“客服”要求转账是常见的诈骗手法，挂断后告诉家长。',
        source: '防诈骗 · 96110 反诈预警劝阻专线（公安部门）',
      },
      {
        index: 1,
        type: 'truefalse',
        stem: '陌生链接不要随便点。',
        options: ['正确', '错误'],
        picked: [0],
        answer: [0],
        correct: true,
        explanation: '陌生链接可能是钓鱼网站。',
        source: '病毒与钓鱼网站 · 国家反诈中心提示',
      },
    ],
  },
};

beforeAll(() => {
  emulatePageShows();
  (Taro.getCurrentInstance() as { router: unknown }).router = {
    params: { quizId: QUIZ },
    path: '/packages/quiz/result/index',
  };
});
afterAll(() => emulatePageShows(false));
beforeEach(() => mocked.mockReset());

test('shows the score and every question with the right answer, the explanation and its source', async () => {
  mocked.mockResolvedValue(base);
  render(<ResultPage />);
  expect(await screen.findByText('50')).toBeTruthy();
  expect(screen.getByText('第 1 次 · 答对 1 / 2 题 · 60 分合格')).toBeTruthy();
  expect(screen.getByText('挂断，告诉家长（正确答案）')).toBeTruthy();
  expect(screen.getByText('马上转账（你的选择）')).toBeTruthy();
  expect(screen.getByText('解析：“客服”要求转账是常见的诈骗手法，挂断后告诉家长。')).toBeTruthy();
  expect(screen.getByText('出处：防诈骗 · 96110 反诈预警劝阻专线（公安部门）')).toBeTruthy();
  expect(screen.getByText('答错了')).toBeTruthy();
  expect(screen.getByText('答对了')).toBeTruthy();
  expect(mocked).toHaveBeenCalledWith('quiz', 'myResult', { quizId: QUIZ });
});

test('says when the answers will be shown when the quiz keeps them until it closes', async () => {
  mocked.mockResolvedValue({
    ...base,
    quiz: { ...base.quiz, reveal: 'after_close' },
    answersShown: false,
    answersAt: '2026-07-05T16:00:00.000Z',
    review: null,
  });
  render(<ResultPage />);
  expect(await screen.findByText(/答案和解析在竞赛结束后（7月6日 00:00）公布/)).toBeTruthy();
  expect(screen.queryByText(/解析：/)).toBeNull();
});

test('offers the certificate to a pupil who passed', async () => {
  mocked.mockResolvedValue({
    ...base,
    attempts: [{ ...base.attempts[0], score: 100, correct: 2, passed: true }],
    best: 100,
    passed: true,
    certificateCode: 'AB3CD4EF',
  });
  render(<ResultPage />);
  expect(await screen.findByText('恭喜！你获得了「网络安全小卫士」证书。')).toBeTruthy();
  expect(screen.getByText('查看证书')).toBeTruthy();
});
