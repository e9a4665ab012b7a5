/**
 * Platform glue for the poster: render on the weapp <Canvas type="2d"> at the device pixel ratio or on
 * an H5 canvas, load images the canvas can draw, export a PNG (weapp temp file; saving it to the album is
 * save.ts) or download one (H5).
 */
import Taro from '@tarojs/taro';
import { drawPoster, POSTER_H, POSTER_W, type PosterData, type PosterImage } from './draw';

/** The device pixel ratio (≥ 1). */
export function pixelRatio(): number {
  try {
    return Math.max(1, Taro.getWindowInfo?.().pixelRatio ?? Taro.getSystemInfoSync().pixelRatio ?? 2);
  } catch {
    return 2;
  }
}

/** Load an image that `canvas` can draw (weapp: canvas.createImage; H5: an <img>). */
export function loadImage(src: string, canvas?: Taro.Canvas): Promise<PosterImage> {
  return new Promise((resolve, reject) => {
    const img = (canvas ? canvas.createImage() : new Image()) as unknown as HTMLImageElement;
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('图片加载失败'));
    img.src = src;
  });
}

/** H5: draw the poster on a new canvas `width` pixels wide (height follows 9:16). */
export function renderH5(data: PosterData, width = POSTER_W): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width);
  canvas.height = Math.round((width * POSTER_H) / POSTER_W);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(canvas.width / POSTER_W, canvas.height / POSTER_H);
  drawPoster(ctx, data);
  return canvas;
}

/** H5: a canvas as a PNG blob. */
export function toPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('生成图片失败'))), 'image/png'),
  );
}

/** H5: hand a blob to the browser as a download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** weapp: find the 2d canvas node by selector (after the page rendered it). */
export function canvasNode(
  selector: string,
): Promise<{ canvas: Taro.Canvas; width: number; height: number }> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(selector)
      .fields({ node: true, size: true })
      .exec((res: { node?: Taro.Canvas; width: number; height: number }[]) => {
        const hit = res?.[0];
        if (hit?.node) resolve({ canvas: hit.node, width: hit.width, height: hit.height });
        else reject(new Error('画布还没有准备好'));
      });
  });
}

/** weapp: size the canvas backing store to CSS size × pixel ratio and draw the poster on it. */
export function renderOnCanvas(canvas: Taro.Canvas, cssWidth: number, data: PosterData): void {
  const dpr = pixelRatio();
  canvas.width = Math.round(cssWidth * dpr);
  canvas.height = Math.round((cssWidth * dpr * POSTER_H) / POSTER_W);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.scale(canvas.width / POSTER_W, canvas.height / POSTER_H);
  drawPoster(ctx, data);
}

/** weapp: export the canvas as a 1080×1920 PNG temp file. */
export async function exportCanvas(canvas: Taro.Canvas): Promise<string> {
  const res = await Taro.canvasToTempFilePath({
    canvas,
    destWidth: POSTER_W,
    destHeight: POSTER_H,
    fileType: 'png',
  });
  return res.tempFilePath;
}

/** A random share event id (UUID v4 where available). */
export function newEventId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  let out = '';
  for (let i = 0; i < 32; i++) out += Math.floor(Math.random() * 16).toString(16);
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}
