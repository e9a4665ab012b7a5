/**
 * Replace Taro API calls with jest mocks for one test file (the ui project's @tarojs/taro is the H5 API,
 * which lacks the weapp calls). `mockTaro(['showModal', …])` installs fresh mocks before each test and
 * puts the originals back after the file; `setRouter(path, params)` sets what useRouter answers.
 */
import Taro from '@tarojs/taro';

const taro = Taro as unknown as Record<string, unknown>;

export function mockTaro<K extends string>(names: K[]): Record<K, jest.Mock> {
  const mocks = Object.fromEntries(names.map((n) => [n, jest.fn()])) as Record<K, jest.Mock>;
  const saved: Record<string, unknown> = {};
  beforeAll(() => {
    for (const n of names) saved[n] = taro[n];
  });
  beforeEach(() => {
    for (const n of names) {
      mocks[n].mockReset();
      taro[n] = mocks[n];
    }
  });
  afterAll(() => {
    for (const n of names) taro[n] = saved[n];
  });
  return mocks;
}

/** The page's router (useRouter reads the current instance's router). */
export function setRouter(path: string, params: Record<string, string> = {}): void {
  (Taro.getCurrentInstance() as { router: unknown }).router = { params, path };
}
