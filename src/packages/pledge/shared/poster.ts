/**
 * The pledge certificate as an image (600×900, drawn at 2×): only masked data, so it is safe to share.
 * Rendering, saving and sharing go through the app's one canvas helper (src/utils/canvas.ts).
 */
import type Taro from '@tarojs/taro';
import { qrLink, type QrTarget } from '../../../components/TargetQr';
import { type CanvasImage, type DrawingSource, loadImage } from '../../../utils/canvas';
import { fileUrl } from '../../../utils/files';
import { drawQr } from '../../../utils/qr';
import { dayLabel } from '../../../utils/time';

/** What the certificate image shows. */
export interface PosterData {
  campaignTitle: string;
  maskedName: string;
  schoolName: string;
  day: string;
  seq: number | null;
  verifyCode: string;
  /** The verification QR (mini-program code on WeChat, the verify page's URL elsewhere). */
  qr: QrTarget | null;
}

/** Poster size in drawing units and the pixel scale it is rendered at. */
export const POSTER = { width: 600, height: 900, scale: 2 };

type Ctx = CanvasRenderingContext2D;

function centered(ctx: Ctx, text: string, y: number, font: string, color: string) {
  ctx.font = font;
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.fillText(text, POSTER.width / 2, y);
}

/** Draw the certificate; `qr` is the mini-program code image or the text to encode (none: no code). */
export function drawCertificate(ctx: Ctx, d: PosterData, qr: CanvasImage | string | null): void {
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
  const box = { x: (W - 200) / 2, y: 500, size: 200 };
  if (typeof qr === 'string') drawQr(ctx, qr, box, { pixelScale: POSTER.scale });
  else if (qr) {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(box.x, box.y, box.size, box.size);
    ctx.drawImage(qr, box.x + 8, box.y + 8, box.size - 16, box.size - 16);
  }
  centered(ctx, `验证码 ${d.verifyCode}`, box.y + box.size + 44, font(26), '#2b2521');
  centered(
    ctx,
    qr ? '扫码验证 · 姓名已打码' : '输入验证码验证 · 姓名已打码',
    box.y + box.size + 80,
    font(22),
    '#6b625a',
  );
  centered(ctx, '校园好网民，弘扬正能量', H - 56, font(24), '#d93a2b');
}

/** The certificate as a drawing: the mini-program code is loaded for the canvas that draws it. */
export function certificateDrawing(d: PosterData): DrawingSource {
  return async (canvas?: Taro.Canvas) => {
    let qr: CanvasImage | string | null = d.qr ? qrLink(d.qr) : null;
    if (d.qr?.kind === 'image' && d.qr.url) {
      qr = await loadImage(fileUrl(d.qr.url), canvas).catch(() => null);
    }
    return { width: POSTER.width, height: POSTER.height, draw: (ctx) => drawCertificate(ctx, d, qr) };
  };
}
