/**
 * 《儿童个人信息保护规则》: a public page (no login needed) showing the server's rules — title, version,
 * each section's heading and paragraphs.
 */
import { render, screen } from '@testing-library/react';
import { call } from '../../../api/client';
import { childPrivacyRules } from '../../../../core/privacyRules';
import { emulatePageShows } from '../../../../test/pageShows';
import { mockTaro } from '../../../../test/taroMocks';
import PrivacyRulesPage from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  // Anyone can read the rules: the page must work for a visitor who never logged in.
  needsLogin: () => true,
}));

const api = mockTaro(['redirectTo', 'navigateBack']);
beforeAll(() => emulatePageShows());
afterAll(() => emulatePageShows(false));
const rules = childPrivacyRules({
  name: '濮阳市教育局',
  contact: '0393-0000000',
  storage: '腾讯云（中国境内）',
  retention: '活动结束后一年内删除',
});

beforeEach(() => {
  (call as jest.Mock).mockReset();
  (call as jest.Mock).mockImplementation(async (fn: string, action: string) => {
    if (fn === 'identity' && action === 'childPrivacyRules') return rules;
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

test('shows every section with its heading and paragraphs, the title and the version', async () => {
  const { container } = render(<PrivacyRulesPage />);
  expect(await screen.findByText('《儿童个人信息保护规则》')).toBeTruthy();
  expect(screen.getByText(`版本 ${rules.version}`)).toBeTruthy();
  for (const section of rules.sections) {
    expect(screen.getByText(section.heading)).toBeTruthy();
  }
  const paragraphs = rules.sections.flatMap((s) => s.paragraphs);
  expect(container.querySelectorAll('#privacy-rules .para')).toHaveLength(paragraphs.length);
  expect(screen.getByText(/负责处理这些信息的是濮阳市教育局/)).toBeTruthy();
  expect(call).toHaveBeenCalledWith('identity', 'childPrivacyRules', {});
});

test('a visitor without a login is not sent to the login page', async () => {
  render(<PrivacyRulesPage />);
  await screen.findByText('《儿童个人信息保护规则》');
  expect(api.redirectTo).not.toHaveBeenCalled();
});
