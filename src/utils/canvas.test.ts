/**
 * Saving a picture already drawn on the page on weapp (src/utils/canvas.ts saveShownCanvas, as the card
 * poster uses it): the page's 2d canvas is exported at 1080×1920 under a loading mask and saved to the
 * album; a refused permission is explained and leads to the settings page.
 * The ui project's @tarojs/taro is the H5 API: the weapp calls are mocks on its default export.
 */
import Taro from '@tarojs/taro';
import { POSTER_H, POSTER_W } from '../packages/card/poster/draw';
import { saveShownCanvas } from './canvas';

/** The card poster as saveShownCanvas gets it (drawn already: nothing is drawn again). */
const drawing = { width: POSTER_W, height: POSTER_H, draw: () => undefined };
const savePosterToAlbum = (selector: string) => saveShownCanvas(selector, drawing, POSTER_W, '卡片');

const taro = Taro as unknown as Record<string, unknown>;
const api = {
  createSelectorQuery: jest.fn(),
  canvasToTempFilePath: jest.fn(),
  saveImageToPhotosAlbum: jest.fn(),
  showModal: jest.fn(),
  openSetting: jest.fn(),
  showToast: jest.fn(),
  showLoading: jest.fn(),
  hideLoading: jest.fn(),
};
const saved: Record<string, unknown> = {};
const canvas = { id: 'poster-canvas-node' };
const TEMP = 'wxfile://tmp/card-poster.png';

/** A SelectorQuery whose exec answers `node` for the selected element (null: not rendered yet). */
function selectorQuery(node: unknown) {
  type Query = { select: jest.Mock; fields: jest.Mock; exec: jest.Mock };
  const query: Query = {
    select: jest.fn(() => query),
    fields: jest.fn(() => query),
    exec: jest.fn((cb: (res: unknown[]) => void) => cb([node ? { node, width: 300, height: 533 } : null])),
  };
  return query;
}

beforeAll(() => {
  for (const key of Object.keys(api)) saved[key] = taro[key];
});
beforeEach(() => {
  for (const [key, fn] of Object.entries(api)) {
    fn.mockReset();
    taro[key] = fn;
  }
  api.createSelectorQuery.mockImplementation(() => selectorQuery(canvas));
  api.canvasToTempFilePath.mockResolvedValue({ tempFilePath: TEMP, errMsg: 'canvasToTempFilePath:ok' });
  api.showModal.mockResolvedValue({ confirm: true, cancel: false });
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) taro[key] = value;
});

test('exports the poster canvas at full size and saves it, with a success toast', async () => {
  api.saveImageToPhotosAlbum.mockResolvedValue({ errMsg: 'saveImageToPhotosAlbum:ok' });
  await expect(savePosterToAlbum('#poster-canvas')).resolves.toBe('saved');

  const query = api.createSelectorQuery.mock.results[0].value as ReturnType<typeof selectorQuery>;
  expect(query.select).toHaveBeenCalledWith('#poster-canvas');
  expect(query.fields).toHaveBeenCalledWith(expect.objectContaining({ node: true }));
  expect(api.canvasToTempFilePath).toHaveBeenCalledWith(
    expect.objectContaining({ canvas, destWidth: POSTER_W, destHeight: POSTER_H, fileType: 'png' }),
  );
  expect(api.showLoading).toHaveBeenCalledWith(expect.objectContaining({ title: '正在生成图片…' }));
  expect(api.hideLoading).toHaveBeenCalled();
  expect(api.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: TEMP });
  expect(api.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '已保存到相册', icon: 'success' }),
  );
});

test('album permission refused: a modal explains it and 去设置 opens the settings page', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
  api.openSetting.mockResolvedValue({ authSetting: {} });

  await expect(savePosterToAlbum('#poster-canvas')).resolves.toBe('denied');

  expect(api.showModal).toHaveBeenCalledTimes(1);
  const modal = api.showModal.mock.calls[0][0] as { title: string; content: string; confirmText: string };
  expect(modal.title).toBe('需要相册权限');
  expect(modal.content).toContain('保存卡片');
  expect(modal.content).toContain('设置');
  expect(modal.confirmText).toBe('去设置');
  expect(api.openSetting).toHaveBeenCalledTimes(1);
  expect(api.showToast).not.toHaveBeenCalled();
});

test('permission granted in the settings: saved right away', async () => {
  api.saveImageToPhotosAlbum
    .mockRejectedValueOnce({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' })
    .mockResolvedValueOnce({ errMsg: 'saveImageToPhotosAlbum:ok' });
  api.openSetting.mockResolvedValue({ authSetting: { 'scope.writePhotosAlbum': true } });
  await expect(savePosterToAlbum('#poster-canvas')).resolves.toBe('saved');
  expect(api.saveImageToPhotosAlbum).toHaveBeenCalledTimes(2);
  expect(api.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存到相册' }));
});

test('canvas not drawn yet: the error is shown and nothing is saved', async () => {
  api.createSelectorQuery.mockImplementation(() => selectorQuery(null));
  await expect(savePosterToAlbum('#poster-canvas')).resolves.toBeNull();
  expect(api.showModal).toHaveBeenCalledWith(
    expect.objectContaining({ content: '画布还没有准备好，请稍后再试' }),
  );
  expect(api.saveImageToPhotosAlbum).not.toHaveBeenCalled();
});

test('another save failure is shown with WeChat errMsg', async () => {
  api.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail file not exist' });
  await expect(savePosterToAlbum('#poster-canvas')).resolves.toBeNull();
  expect(api.showModal).toHaveBeenCalledWith(
    expect.objectContaining({ title: '没有成功', content: expect.stringContaining('file not exist') }),
  );
  expect(api.openSetting).not.toHaveBeenCalled();
});
