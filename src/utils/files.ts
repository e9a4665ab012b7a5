/**
 * Files the app hands to the user: an Excel export, a personal-data export (JSON). H5 downloads them;
 * weapp writes them to the user data folder and opens them (Excel) or lets the user send them to a chat.
 */
import Taro from '@tarojs/taro';
import { apiBase, isLocalMode } from '../api/client';

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

/** Save an .xlsx answered as base64: H5 downloads it; weapp writes it and opens it (forward from the menu). */
export async function saveXlsx(base64: string, fileName: string): Promise<void> {
  if (isLocalMode) {
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    downloadBlob(
      new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      fileName,
    );
    return;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  Taro.getFileSystemManager().writeFileSync(filePath, base64, 'base64');
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
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
