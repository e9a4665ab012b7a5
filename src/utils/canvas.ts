/**
 * Pictures the app draws itself — the family card, the pledge certificate, the class-join poster — made
 * the same way on both platforms: a `Drawing` (a size in drawing units and a function that draws on a 2d
 * context scaled to those units) is rendered on an H5 canvas, or on the page's weapp <Canvas type="2d">
 * node, then downloaded (H5), exported as a temp PNG, saved to the album or handed to WeChat's share menu
 * (weapp).
 */
import Taro from '@tarojs/taro';
import { errMsgOf, type SaveOutcome, saveImageToAlbum } from './album';
import { showError, withLoading } from './feedback';
import { downloadBlob } from './files';

/** Something to draw: its size in drawing units and the function that draws it. */
export interface Drawing {
  width: number;
  height: number;
  draw: (ctx: CanvasRenderingContext2D) => void;
}

/**
 * A drawing, or a function that makes one for a canvas: images (a photo, a mini-program code) must be
 * loaded for the canvas that draws them (weapp: canvas.createImage), so they are loaded once the canvas
 * is known (H5: no canvas is passed; images load as <img>).
 */
export type DrawingSource = Drawing | ((canvas?: Taro.Canvas) => Promise<Drawing>);

/** The drawing of a source, for `canvas` (weapp) or none (H5). */
export async function resolveDrawing(source: DrawingSource, canvas?: Taro.Canvas): Promise<Drawing> {
  return typeof source === 'function' ? source(canvas) : source;
}

/** An image a canvas can draw (HTMLImageElement, canvas, weapp canvas image). */
export type CanvasImage = CanvasImageSource & { width: number; height: number };

/** The device pixel ratio (≥ 1). */
export function pixelRatio(): number {
  try {
    return Math.max(1, Taro.getWindowInfo?.().pixelRatio ?? Taro.getSystemInfoSync().pixelRatio ?? 2);
  } catch {
    return 2;
  }
}

/** Load an image that `canvas` can draw (weapp: canvas.createImage; H5: an <img>). */
export function loadImage(src: string, canvas?: Taro.Canvas): Promise<CanvasImage> {
  return new Promise((resolve, reject) => {
    const img = (canvas ? canvas.createImage() : new Image()) as unknown as HTMLImageElement;
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('图片加载失败'));
    img.src = src;
  });
}

/** Size a canvas's backing store to `pixelWidth` (height follows the drawing) and draw on it. */
function paint(canvas: HTMLCanvasElement | Taro.Canvas, d: Drawing, pixelWidth: number): void {
  canvas.width = Math.round(pixelWidth);
  canvas.height = Math.round((pixelWidth * d.height) / d.width);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.scale(canvas.width / d.width, canvas.height / d.height);
  d.draw(ctx);
}

/** H5: draw on a new canvas `pixelWidth` pixels wide (default: one pixel per drawing unit). */
export function drawH5(d: Drawing, pixelWidth = d.width): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  paint(canvas, d, pixelWidth);
  return canvas;
}

/** H5: a canvas as a PNG blob. */
export function toPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('生成图片失败'))), 'image/png'),
  );
}

/** H5: draw and download as a PNG `pixelWidth` pixels wide (default: one pixel per drawing unit). */
export async function downloadPng(
  source: DrawingSource,
  fileName: string,
  pixelWidth?: number,
): Promise<void> {
  const d = await resolveDrawing(source);
  downloadBlob(await toPngBlob(drawH5(d, pixelWidth ?? d.width)), fileName);
}

/** weapp: the 2d canvas node matching `selector` (once the page has rendered it). */
export function canvasNode(
  selector: string,
): Promise<{ canvas: Taro.Canvas; width: number; height: number }> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(selector)
      .fields({ node: true, size: true })
      .exec((res: ({ node?: Taro.Canvas; width: number; height: number } | null)[]) => {
        const hit = res?.[0];
        if (hit?.node) resolve({ canvas: hit.node, width: hit.width, height: hit.height });
        else reject(new Error('画布还没有准备好，请稍后再试'));
      });
  });
}

/** weapp: draw on a canvas node `cssWidth` wide at the device pixel ratio (a canvas shown on the page). */
export function drawOnNode(canvas: Taro.Canvas, d: Drawing, cssWidth: number): void {
  paint(canvas, d, cssWidth * pixelRatio());
}

/** weapp: export a drawn canvas node as a PNG temp file (`destWidth` pixels wide when given). */
export async function exportNode(canvas: Taro.Canvas, d: Drawing, destWidth?: number): Promise<string> {
  const size = destWidth ? { destWidth, destHeight: Math.round((destWidth * d.height) / d.width) } : {};
  const res = await Taro.canvasToTempFilePath({
    canvas,
    ...size,
    fileType: 'png',
  } as Taro.canvasToTempFilePath.Option);
  return res.tempFilePath;
}

/** weapp: draw on the page's (hidden) canvas `selector`, `pixelWidth` wide, and export a temp PNG. */
export async function renderToTempFile(
  selector: string,
  source: DrawingSource,
  pixelWidth: number,
): Promise<string> {
  const { canvas } = await canvasNode(selector);
  const d = await resolveDrawing(source, canvas);
  paint(canvas, d, pixelWidth);
  return exportNode(canvas, d);
}

/**
 * weapp: save a temp PNG to the album (src/utils/album.ts: a refused permission is explained and leads
 * to the settings page); other failures are shown. `what` names the picture ("证书", "卡片", "海报").
 */
export async function saveTempToAlbum(path: string, what: string): Promise<SaveOutcome | null> {
  try {
    return await saveImageToAlbum(path, what);
  } catch (err) {
    showError(err);
    return null;
  }
}

/**
 * weapp: save a canvas already drawn on the page (`selector`) to the album, exported `destWidth` pixels
 * wide under a loading mask (the card poster: shown small, saved at 1080×1920). Failures are shown;
 * answers the outcome (null: the image could not be made or saved).
 */
export async function saveShownCanvas(
  selector: string,
  d: Drawing,
  destWidth: number,
  what: string,
): Promise<SaveOutcome | null> {
  const path = await withLoading('正在生成图片…', async () =>
    exportNode((await canvasNode(selector)).canvas, d, destWidth),
  );
  return path ? saveTempToAlbum(path, what) : null;
}

/**
 * Save a drawing: H5 downloads `fileName`; weapp draws it on the hidden canvas `selector` and saves it
 * to the album. Failures are shown; answers the outcome (null: H5, or nothing was saved).
 */
export async function savePng(
  selector: string,
  d: DrawingSource,
  opts: { fileName: string; what: string; pixelWidth: number; localMode: boolean },
): Promise<SaveOutcome | null> {
  if (opts.localMode) {
    await downloadPng(d, opts.fileName, opts.pixelWidth);
    return null;
  }
  let path: string;
  try {
    path = await renderToTempFile(selector, d, opts.pixelWidth);
  } catch (err) {
    showError(err instanceof Error ? err : new Error(`${opts.what}图片没有生成（${errMsgOf(err)}）`));
    return null;
  }
  return saveTempToAlbum(path, opts.what);
}

/** weapp: draw on the hidden canvas and open WeChat's share-image menu (chat, Moments, save). */
export async function sharePng(selector: string, d: DrawingSource, pixelWidth: number): Promise<void> {
  try {
    const path = await renderToTempFile(selector, d, pixelWidth);
    await Taro.showShareImageMenu({ path });
  } catch (err) {
    const msg = errMsgOf(err);
    if (!/cancel/i.test(msg)) showError(err instanceof Error ? err : new Error(`没有打开分享（${msg}）`));
  }
}
