/**
 * The weapp save-to-album helper shared by the pledge certificate and the card poster: success toast,
 * a refused album permission explained and sent to the settings page, quiet cancel, privacy refusal.
 * The ui project's @tarojs/taro is the H5 API, which has none of these calls: each test installs mocks
 * on its default export (what `import Taro from '@tarojs/taro'` gives the code under test).
 */
import Taro from '@tarojs/taro';
import { errMsgOf, isAuthDenied, saveImageToAlbum } from './album';

const taro = Taro as unknown as Record<string, unknown>;
const api = {
  saveImageToPhotosAlbum: jest.fn(),
  showModal: jest.fn(),
  openSetting: jest.fn(),
  showToast: jest.fn(),
};
const saved: Record<string, unknown> = {};

beforeAll(() => {
  for (const key of Object.keys(api)) saved[key] = taro[key];
});
beforeEach(() => {
  for (const [key, fn] of Object.entries(api)) {
    fn.mockReset();
    taro[key] = fn;
  }
  api.showToast.mockResolvedValue({ errMsg: 'showToast:ok' });
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) taro[key] = value;
});

/** WeChat's answer when the album permission was refused (now or on an earlier save). */
const AUTH_DENY = { errMsg: 'saveImageToPhotosAlbum:fail auth deny' };

test('saved: one call with the file, then a success toast', async () => {
  api.saveImageToPhotosAlbum.mockResolvedValue({ errMsg: 'saveImageToPhotosAlbum:ok' });
  await expect(saveImageToAlbum('wxfile://tmp/poster.png', '卡片')).resolves.toBe('saved');
  expect(api.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/poster.png' });
  expect(api.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '已保存到相册', icon: 'success' }),
  );
  expect(api.showModal).not.toHaveBeenCalled();
});

test('permission refused, user agrees: explains, opens the settings and saves once the scope is on', async () => {
  api.saveImageToPhotosAlbum
    .mockRejectedValueOnce(AUTH_DENY)
    .mockResolvedValueOnce({ errMsg: 'saveImageToPhotosAlbum:ok' });
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.openSetting.mockResolvedValue({ authSetting: { 'scope.writePhotosAlbum': true } });

  await expect(saveImageToAlbum('wxfile://tmp/cert.png', '证书')).resolves.toBe('saved');

  expect(api.showModal).toHaveBeenCalledTimes(1);
  const modal = api.showModal.mock.calls[0][0] as { title: string; content: string; confirmText: string };
  expect(modal.title).toBe('需要相册权限');
  expect(modal.content).toContain('保存证书');
  expect(modal.content).toContain('添加到相册');
  expect(modal.confirmText).toBe('去设置');
  expect(api.openSetting).toHaveBeenCalledTimes(1);
  expect(api.saveImageToPhotosAlbum).toHaveBeenCalledTimes(2);
  expect(api.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存到相册' }));
});

test('permission refused, the settings left it off: denied, no second save, no toast', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({
    errMsg: 'saveImageToPhotosAlbum:fail authorize no response',
  });
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
  api.openSetting.mockResolvedValue({ authSetting: { 'scope.writePhotosAlbum': false } });
  await expect(saveImageToAlbum('p.png')).resolves.toBe('denied');
  expect(api.openSetting).toHaveBeenCalledTimes(1);
  expect(api.saveImageToPhotosAlbum).toHaveBeenCalledTimes(1);
  expect(api.showToast).not.toHaveBeenCalled();
});

test('permission refused, user declines the explanation: no settings page', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail:auth denied' });
  api.showModal.mockResolvedValue({ confirm: false, cancel: true });
  await expect(saveImageToAlbum('p.png')).resolves.toBe('denied');
  expect(api.showModal).toHaveBeenCalledTimes(1);
  expect(api.openSetting).not.toHaveBeenCalled();
});

test('the user cancels: quiet', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail cancel' });
  await expect(saveImageToAlbum('p.png')).resolves.toBe('cancelled');
  expect(api.showModal).not.toHaveBeenCalled();
  expect(api.showToast).not.toHaveBeenCalled();
});

test('privacy guide not accepted: a readable error, not the settings page (it cannot help there)', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({
    errMsg: 'saveImageToPhotosAlbum:fail privacy permission is not authorized',
    errno: 104,
  });
  await expect(saveImageToAlbum('p.png')).rejects.toThrow('隐私保护指引');
  expect(api.showModal).not.toHaveBeenCalled();
  expect(api.openSetting).not.toHaveBeenCalled();
});

test('any other failure is thrown as an Error carrying WeChat errMsg', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail file not found' });
  await expect(saveImageToAlbum('p.png')).rejects.toThrow('file not found');
  expect(api.showModal).not.toHaveBeenCalled();
});

test('errMsgOf / isAuthDenied read WeChat failures', () => {
  expect(errMsgOf({ errMsg: 'x:fail auth deny' })).toBe('x:fail auth deny');
  expect(errMsgOf(new Error('boom'))).toBe('boom');
  expect(isAuthDenied('saveImageToPhotosAlbum:fail auth deny')).toBe(true);
  expect(isAuthDenied('saveImageToPhotosAlbum:fail authorize no response')).toBe(true);
  expect(isAuthDenied('saveImageToPhotosAlbum:fail privacy permission is not authorized')).toBe(false);
  expect(isAuthDenied('saveImageToPhotosAlbum:fail cancel')).toBe(false);
});
