import Taro from '@tarojs/taro';
import qrcode from 'qrcode-generator';
import { isLocalMode } from '../../../api/client';
import { errMsgOf, saveImageToAlbum, type SaveOutcome } from '../../../utils/album';
import { showError } from '../../../utils/feedback';
import { dayLabel } from './util';

/** What the certificate image shows: only masked data, so it is safe to share. */
export interface PosterData {
  campaignTitle: string;
  maskedName: string;
  schoolName: string;
  day: string;
  seq: number | null;
  verifyCode: string;
  link: string;
}

/** Poster size in CSS pixels (drawn at 2× for sharpness). */
export const POSTER = { width: 600, height: 900, scale: 2 };

type Ctx = CanvasRenderingContext2D;

function qrModules(value: string) {
  const qr = qrcode(0, 'M');
  qr.addData(
    encodeURIComponent(value).replace(/%([0-9A-F]{2})/g, (_m, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    ),
  );
  qr.make();
  return qr;
}

function centered(ctx: Ctx, text: string, y: number, font: string, color: string) {
  ctx.font = font;
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.fillText(text, POSTER.width / 2, y);
}

/** Draw the certificate onto a 2d context already scaled to CSS pixels. */
export function drawPoster(ctx: Ctx, d: PosterData): void {
  const { width: W, height: H } = POSTER;
  ctx.fillStyle = '#fffaf0';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#d93a2b';
  ctx.lineWidth = 10;
  ctx.strokeRect(18, 18, W - 36, H - 36);
  ctx.lineWidth = 2;
  ctx.strokeRect(34, 34, W - 68, H - 68);
  const font = (size: number, weight = 'normal') =>
    `${weight} ${size}px "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`;
  centered(ctx, d.campaignTitle, 100, font(26), '#d93a2b');
  centered(ctx, '文明上网 承诺证书', 160, font(46, 'bold'), '#d93a2b');
  centered(ctx, `${d.maskedName} 同学`, 250, font(44, 'bold'), '#2b2521');
  centered(ctx, `于 ${dayLabel(d.day)}`, 310, font(26), '#2b2521');
  centered(ctx, '签署承诺，遵守《全国青少年网络文明公约》', 352, font(26), '#2b2521');
  centered(ctx, d.schoolName, 410, font(28), '#2b2521');
  if (d.seq) centered(ctx, `本校第 ${d.seq} 位签名`, 466, font(36, 'bold'), '#b8860b');
  const qr = qrModules(d.link);
  const count = qr.getModuleCount();
  const size = 200;
  const cell = size / (count + 4);
  const left = (W - size) / 2;
  const top = 500;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(left, top, size, size);
  ctx.fillStyle = '#000000';
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count; c++) {
      if (!qr.isDark(r, c)) continue;
      // Snap to whole device pixels so neighbouring modules leave no hairline gaps.
      const x = Math.floor((left + (c + 2) * cell) * POSTER.scale) / POSTER.scale;
      const y = Math.floor((top + (r + 2) * cell) * POSTER.scale) / POSTER.scale;
      const x2 = Math.ceil((left + (c + 3) * cell) * POSTER.scale) / POSTER.scale;
      const y2 = Math.ceil((top + (r + 3) * cell) * POSTER.scale) / POSTER.scale;
      ctx.fillRect(x, y, x2 - x, y2 - y);
    }
  }
  centered(ctx, `验证码 ${d.verifyCode}`, top + size + 44, font(26), '#2b2521');
  centered(ctx, '扫码验证 · 姓名已打码', top + size + 80, font(22), '#6b625a');
  centered(ctx, '校园好网民，弘扬正能量', H - 56, font(24), '#d93a2b');
}

/** H5: draw the certificate and download it as a PNG. */
function downloadPosterH5(d: PosterData): void {
  const canvas = document.createElement('canvas');
  canvas.width = POSTER.width * POSTER.scale;
  canvas.height = POSTER.height * POSTER.scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(POSTER.scale, POSTER.scale);
  drawPoster(ctx, d);
  const a = document.createElement('a');
  a.href = canvas.toDataURL('image/png');
  a.download = `文明上网承诺证书-${d.verifyCode}.png`;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** weapp: draw on the page's hidden 2d canvas `#canvasId` and answer a temp PNG path. */
function renderPosterWeapp(canvasId: string, d: PosterData): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(`#${canvasId}`)
      .fields({ node: true, size: true })
      .exec(async (res: { node?: Taro.Canvas }[]) => {
        const canvas = res?.[0]?.node;
        if (!canvas) return reject(new Error('证书画布还没准备好，请稍后再试'));
        canvas.width = POSTER.width * POSTER.scale;
        canvas.height = POSTER.height * POSTER.scale;
        const ctx = canvas.getContext('2d') as Ctx;
        ctx.scale(POSTER.scale, POSTER.scale);
        drawPoster(ctx, d);
        try {
          const out = await Taro.canvasToTempFilePath({
            canvas,
            fileType: 'png',
          } as Taro.canvasToTempFilePath.Option);
          resolve(out.tempFilePath);
        } catch (err) {
          reject(err);
        }
      });
  });
}

/**
 * Save the certificate: H5 downloads a PNG; weapp draws it and saves it to the album (src/utils/album.ts:
 * a refused permission leads to the settings page). Failures are shown; answers the outcome (null: H5 or failed).
 */
export async function savePoster(canvasId: string, d: PosterData): Promise<SaveOutcome | null> {
  if (isLocalMode) {
    downloadPosterH5(d);
    return null;
  }
  try {
    const filePath = await renderPosterWeapp(canvasId, d);
    return await saveImageToAlbum(filePath, '证书');
  } catch (err) {
    showError(err instanceof Error ? err : new Error(`证书图片没有生成（${errMsgOf(err)}）`));
    return null;
  }
}

/** weapp: open WeChat's share-image menu (send to a chat, share to Moments, save). */
export async function sharePoster(canvasId: string, d: PosterData): Promise<void> {
  try {
    const path = await renderPosterWeapp(canvasId, d);
    await Taro.showShareImageMenu({ path });
  } catch (err) {
    const msg = errMsgOf(err);
    if (!/cancel/i.test(msg)) showError(err instanceof Error ? err : new Error(`没有打开分享（${msg}）`));
  }
}
