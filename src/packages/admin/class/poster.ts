/**
 * The printable A4 class-join poster for the parents' meeting: class name, school, the class code in
 * large type, the QR code (the join page's mini-program code on WeChat, its URL elsewhere) and three
 * simple steps for parents. Drawn in A4 proportions (1240×1754 units: 150 dpi) through the app's canvas
 * helper (src/utils/canvas.ts): H5 downloads a PNG, weapp saves it to the album.
 */
import type Taro from '@tarojs/taro';
import { qrLink, type QrTarget } from '../../../components/TargetQr';
import { type CanvasImage, type DrawingSource, loadImage } from '../../../utils/canvas';
import { fileUrl } from '../../../utils/files';
import { drawQr } from '../../../utils/qr';

/** What the poster shows (classJoinQr's answer). */
export interface JoinPosterData {
  className: string;
  schoolName: string;
  classCode: string;
  qr: QrTarget;
}

/** A4 at 150 dpi, in drawing units; rendered one pixel per unit. */
export const JOIN_POSTER = { width: 1240, height: 1754 };

const RED = '#d93a2b';
const INK = '#2b2521';
const MUTED = '#6b625a';
const FONT = '"PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
const font = (size: number, weight = 'normal') => `${weight} ${size}px ${FONT}`;

type Ctx = CanvasRenderingContext2D;

/** The three steps for parents (also shown under the QR on the teacher's page). */
export function joinSteps(classCode: string): string[] {
  return [
    `用微信扫一扫上面的二维码，打开「校园好网民」小程序（也可以在小程序首页输入班级码 ${classCode}）。`,
    '孩子用自己的微信点「我是学生」，认领自己的名字；家长用自己的微信点「我是家长」，选择与孩子的关系，再点孩子的名字。',
    '班主任确认后就完成了。孩子未满14周岁的，请家长在「我的」页面点「去同意」。',
  ];
}

/** Break text into lines no wider than `width` (character by character: Chinese has no spaces). */
function wrap(ctx: Ctx, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of Array.from(text)) {
    if (line && ctx.measureText(line + ch).width > width) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

function centered(ctx: Ctx, text: string, y: number, size: number, color: string, weight = 'normal') {
  ctx.font = font(size, weight);
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.fillText(text, JOIN_POSTER.width / 2, y);
}

/** Draw the poster; `qr` is the mini-program code image or the link to encode (none: no code). */
export function drawJoinPoster(ctx: Ctx, d: JoinPosterData, qr: CanvasImage | string | null): void {
  const { width: W, height: H } = JOIN_POSTER;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.textBaseline = 'alphabetic';

  // Head band: the campaign and what this sheet is for.
  ctx.fillStyle = RED;
  ctx.fillRect(0, 0, W, 220);
  centered(ctx, '校园好网民 · 家长会', 78, 40, '#ffe9e5');
  centered(ctx, '扫码加入班级', 172, 84, '#ffffff', 'bold');

  centered(ctx, d.schoolName, 300, 46, INK);
  centered(ctx, d.className, 404, 92, INK, 'bold');

  // The class code, huge, for those who type it.
  centered(ctx, '班级码', 476, 36, MUTED);
  ctx.font = font(136, 'bold');
  ctx.fillStyle = RED;
  ctx.textAlign = 'center';
  ctx.fillText(Array.from(d.classCode).join(' '), W / 2, 604);

  // The QR code.
  const box = { x: (W - 440) / 2, y: 650, size: 440 };
  ctx.strokeStyle = '#e6dfd8';
  ctx.lineWidth = 4;
  ctx.strokeRect(box.x - 12, box.y - 12, box.size + 24, box.size + 24);
  if (typeof qr === 'string') drawQr(ctx, qr, box, { margin: 2 });
  else if (qr) ctx.drawImage(qr, box.x, box.y, box.size, box.size);
  else centered(ctx, `请在小程序里输入班级码 ${d.classCode}`, box.y + box.size / 2, 40, MUTED);
  centered(ctx, '微信扫一扫，加入班级', box.y + box.size + 66, 38, INK);

  // Three steps for parents, in a box sized to the wrapped lines.
  const top = 1270;
  ctx.font = font(32);
  const steps = joinSteps(d.classCode).map((step) => wrap(ctx, step, W - 320));
  const lineH = 46;
  const boxH = 100 + steps.reduce((n, lines) => n + lines.length * lineH + 12, 0);
  ctx.fillStyle = '#fff4dc';
  ctx.fillRect(80, top - 70, W - 160, boxH);
  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  ctx.font = font(44, 'bold');
  ctx.fillText('家长请这样做', 120, top);
  let y = top + 66;
  steps.forEach((lines, i) => {
    ctx.font = font(34, 'bold');
    ctx.fillStyle = RED;
    ctx.fillText(`${i + 1}`, 124, y);
    ctx.font = font(32);
    ctx.fillStyle = INK;
    for (const line of lines) {
      ctx.fillText(line, 170, y);
      y += lineH;
    }
    y += 12;
  });

  centered(
    ctx,
    '孩子的姓名在公开页面上一律打码；未满14周岁的孩子须经家长同意才能在手机上提交内容。',
    H - 36,
    24,
    MUTED,
  );
}

/** The poster as a drawing: the mini-program code is loaded for the canvas that draws it. */
export function joinPosterDrawing(d: JoinPosterData): DrawingSource {
  return async (canvas?: Taro.Canvas) => {
    let qr: CanvasImage | string | null = qrLink(d.qr);
    if (d.qr.kind === 'image' && d.qr.url) {
      qr = await loadImage(fileUrl(d.qr.url), canvas).catch(() => null);
    }
    return {
      width: JOIN_POSTER.width,
      height: JOIN_POSTER.height,
      draw: (ctx) => drawJoinPoster(ctx, d, qr),
    };
  };
}
