/**
 * Files of contest entries on both platforms: pictures (compressed on the phone before upload), a video
 * with its cover and length, lesson documents; opening a document or a video link; handing an export
 * (.xlsx, .zip) to the user. weapp uses WeChat's pickers and file APIs; H5 the browser's.
 */
import Taro from '@tarojs/taro';
import { isLocalMode } from '../../../api/client';
import { errMsgOf } from '../../../utils/album';
import { fileUrl } from '../../../utils/files';

/** A picked picture ready to upload. */
export interface PickedImage {
  path: string;
  ext: 'jpg' | 'png';
}

/** A picked video: the file, its length (chooseMedia's duration) and its cover (thumbTempFilePath). */
export interface PickedVideo {
  path: string;
  seconds: number;
  bytes: number;
  cover: PickedImage | null;
}

/** A picked document. */
export interface PickedDoc {
  path: string;
  name: string;
  ext: string;
  bytes: number;
}

/** Longest side of a picture after compression (px) and its JPEG quality on H5. */
export const IMAGE_MAX_SIDE = 1600;
export const IMAGE_QUALITY = 0.8;

const cancelled = (err: unknown) => /cancel|abort/i.test(errMsgOf(err));

/** H5: re-encode a picture as JPEG at most IMAGE_MAX_SIDE px on its long side. */
export async function compressH5(
  src: string,
  maxSide = IMAGE_MAX_SIDE,
  quality = IMAGE_QUALITY,
): Promise<string> {
  const img = await new Promise<HTMLImageElement>((resolve, reject) => {
    const i = new window.Image();
    i.onload = () => resolve(i);
    i.onerror = () => reject(new Error('图片打不开，请换一张'));
    i.src = src;
  });
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(img.width * scale));
  canvas.height = Math.max(1, Math.round(img.height * scale));
  const ctx = canvas.getContext('2d')!;
  // JPEG has no transparency: paint white under a transparent PNG.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('图片处理失败'))), 'image/jpeg', quality),
  );
  return URL.createObjectURL(blob);
}

/** weapp: compress a picture (WeChat's compressImage); keeps the original when compressing fails. */
async function compressWeapp(path: string): Promise<PickedImage> {
  try {
    const res = await Taro.compressImage({ src: path, quality: 80 });
    return { path: res.tempFilePath, ext: 'jpg' };
  } catch {
    return { path, ext: /\.png($|\?)/i.test(path) ? 'png' : 'jpg' };
  }
}

/** Let the user pick up to `count` pictures, compressed. Answers [] when cancelled. */
export async function pickImages(count: number): Promise<PickedImage[]> {
  if (count <= 0) return [];
  try {
    if (isLocalMode) {
      const res = await Taro.chooseImage({ count, sizeType: ['compressed'] });
      const out: PickedImage[] = [];
      for (const p of res.tempFilePaths.slice(0, count)) out.push({ path: await compressH5(p), ext: 'jpg' });
      return out;
    }
    const res = await Taro.chooseMedia({
      count,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
    });
    const out: PickedImage[] = [];
    for (const f of res.tempFiles.slice(0, count)) out.push(await compressWeapp(f.tempFilePath));
    return out;
  } catch (err) {
    if (cancelled(err)) return [];
    throw err;
  }
}

/** Let the user pick one video (album or camera) with its cover frame. Null when cancelled. */
export async function pickVideo(maxSeconds: number): Promise<PickedVideo | null> {
  try {
    const res = await Taro.chooseMedia({
      count: 1,
      mediaType: ['video'],
      sourceType: ['album', 'camera'],
      maxDuration: Math.min(60, Math.max(3, maxSeconds)),
    });
    const f = res.tempFiles[0];
    if (!f) return null;
    let cover: PickedImage | null = null;
    if (f.thumbTempFilePath) {
      cover = isLocalMode
        ? { path: await compressH5(f.thumbTempFilePath), ext: 'jpg' }
        : await compressWeapp(f.thumbTempFilePath);
    }
    return { path: f.tempFilePath, seconds: Math.round(f.duration ?? 0), bytes: f.size ?? 0, cover };
  } catch (err) {
    if (cancelled(err)) return null;
    throw err;
  }
}

const DOC_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Let the user pick one document with one of `exts` (weapp: from a chat; H5: from disk). Null when cancelled. */
export async function pickDocument(exts: string[]): Promise<PickedDoc | null> {
  if (isLocalMode) {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = exts.map((e) => `.${e},${DOC_TYPES[e] ?? ''}`).join(',');
      input.style.display = 'none';
      const done = (v: PickedDoc | null) => {
        input.remove();
        resolve(v);
      };
      input.addEventListener('cancel', () => done(null));
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        if (!file) return done(null);
        const ext = (file.name.split('.').pop() ?? '').toLowerCase();
        if (!exts.includes(ext)) {
          void Taro.showModal({
            title: '格式不对',
            content: `请选择 ${exts.map((e) => `.${e}`).join('、')} 文件。`,
            showCancel: false,
            confirmText: '知道了',
          });
          return done(null);
        }
        const path = URL.createObjectURL(new Blob([file], { type: DOC_TYPES[ext] ?? file.type }));
        done({ path, name: file.name, ext, bytes: file.size });
      });
      document.body.appendChild(input);
      input.click();
    });
  }
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: exts });
    const f = res.tempFiles[0];
    if (!f) return null;
    const ext = (f.name.split('.').pop() ?? '').toLowerCase();
    if (!exts.includes(ext)) throw new Error(`请选择 ${exts.map((e) => `.${e}`).join('、')} 文件`);
    return { path: f.path, name: f.name, ext, bytes: f.size };
  } catch (err) {
    if (cancelled(err)) return null;
    throw err;
  }
}

/** The file type openDocument needs, from a content type. */
function docType(contentType: string): 'pdf' | 'docx' | 'pptx' | 'xlsx' | undefined {
  if (contentType.includes('pdf')) return 'pdf';
  if (contentType.includes('wordprocessing')) return 'docx';
  if (contentType.includes('presentation')) return 'pptx';
  if (contentType.includes('spreadsheet')) return 'xlsx';
  return undefined;
}

/** Open a document of a work (教案, 课件): H5 a new tab; weapp downloads it and opens WeChat's viewer. */
export async function openDocument(url: string, contentType: string): Promise<void> {
  if (isLocalMode) {
    window.open(fileUrl(url), '_blank');
    return;
  }
  const res = await Taro.downloadFile({ url: fileUrl(url) });
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: docType(contentType), showMenu: true });
}
