/**
 * Picking files to upload: a photo (camera or album) and an Excel file. One place for both platforms:
 * weapp uses WeChat's pickers; H5 the browser's, with the photo shrunk before upload.
 */
import Taro from '@tarojs/taro';
import { isLocalMode } from '../api/client';
import { showError } from './feedback';

/** H5: shrink a picked photo to at most `maxSide` px on its long side (JPEG) before uploading. */
async function shrinkH5(path: string, maxSide = 1280): Promise<string> {
  const img = await new Promise<HTMLImageElement>((resolve, reject) => {
    const i = new window.Image();
    i.onload = () => resolve(i);
    i.onerror = () => reject(new Error('照片打不开，请换一张'));
    i.src = path;
  });
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(img.width * scale);
  canvas.height = Math.round(img.height * scale);
  canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('照片处理失败'))), 'image/jpeg', 0.86),
  );
  return URL.createObjectURL(blob);
}

/** A picked photo: a path uploadFile accepts and the extension to upload it with. */
export interface PickedPhoto {
  path: string;
  ext: 'jpg' | 'png';
}

/**
 * Let the user take or choose one photo (compressed). weapp: chooseMedia; H5: the browser's picker, then
 * shrunk to 1280 px. Answers null when cancelled; other failures are thrown for the caller to show.
 */
export async function pickPhoto(): Promise<PickedPhoto | null> {
  try {
    if (isLocalMode) {
      const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] });
      return res.tempFilePaths[0] ? { path: await shrinkH5(res.tempFilePaths[0]), ext: 'jpg' } : null;
    }
    const res = await Taro.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['camera', 'album'],
    });
    const path = res.tempFiles[0]?.tempFilePath;
    if (!path) return null;
    return { path, ext: /\.png($|\?)/i.test(path) ? 'png' : 'jpg' };
  } catch (err) {
    const msg = (err as { errMsg?: string })?.errMsg ?? '';
    if (/cancel/i.test(msg)) return null;
    throw err;
  }
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Let the user pick an .xlsx file: weapp from a WeChat chat, H5 from disk. Resolves a path uploadFile
 * accepts (H5: a blob URL typed as xlsx, which the caller revokes), or null when cancelled.
 */
export async function pickXlsx(): Promise<string | null> {
  if (isLocalMode) {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = `.xlsx,${XLSX_MIME}`;
      input.style.display = 'none';
      const done = (value: string | null) => {
        input.remove();
        resolve(value);
      };
      input.addEventListener('cancel', () => done(null));
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        if (!file) return done(null);
        if (!/\.xlsx$/i.test(file.name)) {
          void Taro.showModal({
            title: '提示',
            content: '请选择 .xlsx 格式的 Excel 文件。旧的 .xls 文件请先在 Excel 或 WPS 中「另存为 .xlsx」。',
            showCancel: false,
            confirmText: '知道了',
          });
          return done(null);
        }
        // Some systems give no MIME type for .xlsx; the server decides by it, so set it explicitly.
        done(URL.createObjectURL(new Blob([file], { type: XLSX_MIME })));
      });
      document.body.appendChild(input);
      input.click();
    });
  }
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    return res.tempFiles[0]?.path ?? null;
  } catch (err) {
    if (!/cancel/i.test((err as { errMsg?: string })?.errMsg ?? ''))
      showError(new Error('没能打开文件，请重试'));
    return null;
  }
}
