/**
 * Files the app hands to the user: an Excel export, a personal-data export (JSON). H5 downloads them;
 * weapp writes them to the user data folder and opens them (Excel) or lets the user send them to a chat.
 */
import Taro from '@tarojs/taro';
import { apiBase, isLocalMode } from '../api/client';
import { errMsgOf } from './album';

/** A displayable URL for a server-answered file URL (local mode answers '/api/files/…'). */
export function fileUrl(url: string): string {
  return url.startsWith('/') ? `${apiBase()}${url}` : url;
}

/** H5: hand a blob to the browser as a download named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What became of a JSON export. */
export type JsonSaveOutcome = 'downloaded' | 'shared' | 'written';

/**
 * Hand a data export to the user as `fileName` (.json). H5: a download. weapp: written to the user data
 * folder, then WeChat's 「发送给朋友」 (wx.shareFileMessage) lets the user send it to themself or to the
 * school; if that is unavailable or cancelled the file stays written and the caller can show it.
 */
export async function saveJson(data: unknown, fileName: string): Promise<JsonSaveOutcome> {
  const text = JSON.stringify(data, null, 2);
  if (isLocalMode) {
    downloadBlob(new Blob([text], { type: 'application/json' }), fileName);
    return 'downloaded';
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  Taro.getFileSystemManager().writeFileSync(filePath, text, 'utf8');
  try {
    await Taro.shareFileMessage({ filePath, fileName });
    return 'shared';
  } catch {
    return 'written';
  }
}

/** A file the server wrote to storage: its name and a temporary download URL. */
export interface StoredExport {
  fileName: string;
  url: string;
}

/**
 * Hand a server-written export (.xlsx or .zip) to the user. H5: fetched and downloaded under its name.
 * weapp: downloaded to a temp file; a workbook opens in WeChat's viewer (forward from its menu), any other
 * file is offered to a chat with 「发送给朋友」.
 */
export async function deliverExport(file: StoredExport): Promise<void> {
  if (isLocalMode) {
    const res = await fetch(fileUrl(file.url));
    if (!res.ok) throw new Error(`下载失败（${res.status}），请重新导出`);
    downloadBlob(await res.blob(), file.fileName);
    return;
  }
  const { statusCode, tempFilePath } = await Taro.downloadFile({ url: fileUrl(file.url) });
  if (statusCode !== 200) throw new Error(`下载失败（${statusCode}），请重新导出`);
  if (file.fileName.endsWith('.xlsx')) {
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
    return;
  }
  try {
    await Taro.shareFileMessage({ filePath: tempFilePath, fileName: file.fileName });
  } catch (err) {
    // Closing the chat picker is the user's choice, not a failure.
    if (!/cancel/i.test(errMsgOf(err))) throw err;
  }
}
