/**
 * deliverExport hands a server-written export to the user: H5 fetches the signed URL and downloads it under
 * its name; weapp downloads it and opens a workbook in WeChat's viewer, or offers any other file to a chat.
 */
import Taro from '@tarojs/taro';
import { deliverExport } from './files';

const mode = { local: true };
jest.mock('../api/client', () => ({
  apiBase: () => 'http://127.0.0.1:3000',
  get isLocalMode() {
    return mode.local;
  },
}));

const taro = Taro as unknown as Record<string, unknown>;
const api = { downloadFile: jest.fn(), openDocument: jest.fn(), shareFileMessage: jest.fn() };
const saved: Record<string, unknown> = {};

beforeAll(() => {
  for (const key of Object.keys(api)) saved[key] = taro[key];
  Object.assign(taro, api);
});
afterAll(() => Object.assign(taro, saved));
beforeEach(() => {
  jest.clearAllMocks();
  mode.local = true;
});

test('H5: fetches the signed URL from the local server and downloads it under its name', async () => {
  const fetchMock = jest.fn(async () => ({ ok: true, status: 200, blob: async () => new Blob(['xlsx']) }));
  (globalThis as unknown as { fetch: unknown }).fetch = fetchMock;
  (URL as unknown as { createObjectURL: unknown }).createObjectURL = jest.fn(() => 'blob:1');
  (URL as unknown as { revokeObjectURL: unknown }).revokeObjectURL = jest.fn();
  const clicked: string[] = [];
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicked.push(this.download);
  });
  await deliverExport({ fileName: '三年级2班.xlsx', url: '/api/files/a.xlsx?sig=s' });
  expect(fetchMock).toHaveBeenCalledWith('http://127.0.0.1:3000/api/files/a.xlsx?sig=s');
  expect(clicked).toEqual(['三年级2班.xlsx']);
  click.mockRestore();
});

test('H5: an expired or refused link is an error the page can show', async () => {
  (globalThis as unknown as { fetch: unknown }).fetch = jest.fn(async () => ({ ok: false, status: 403 }));
  await expect(deliverExport({ fileName: 'a.xlsx', url: '/api/files/a.xlsx?sig=bad' })).rejects.toThrow(
    '下载失败（403），请重新导出',
  );
});

test('weapp: a workbook opens in the document viewer with its forward menu', async () => {
  mode.local = false;
  api.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/a' });
  await deliverExport({ fileName: 'a.xlsx', url: 'https://cdn.example/a.xlsx' });
  expect(api.downloadFile).toHaveBeenCalledWith({ url: 'https://cdn.example/a.xlsx' });
  expect(api.openDocument).toHaveBeenCalledWith({
    filePath: 'wxfile://tmp/a',
    fileType: 'xlsx',
    showMenu: true,
  });
  expect(api.shareFileMessage).not.toHaveBeenCalled();
});

test('weapp: a zip of works is offered to a chat; a failed download is an error', async () => {
  mode.local = false;
  api.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/b' });
  await deliverExport({ fileName: '作品.zip', url: 'https://cdn.example/b.zip' });
  expect(api.shareFileMessage).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/b', fileName: '作品.zip' });
  api.downloadFile.mockResolvedValue({ statusCode: 404, tempFilePath: '' });
  await expect(deliverExport({ fileName: 'c.zip', url: 'https://cdn.example/c.zip' })).rejects.toThrow(
    '下载失败（404）',
  );
});
