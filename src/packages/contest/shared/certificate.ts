/**
 * The award certificate as an image (600×900 drawing units, rendered at 2×): the holders' full names (only
 * its holders can open it), the work, the tier, the call, the day, the issuer, and the verify code with
 * its QR code (the public verify page shows masked names only). Drawn through the app's canvas helper
 * (src/utils/canvas.ts) like the pledge certificate.
 */
import type Taro from '@tarojs/taro';
import type { OutputOf } from '../../../api/client';
import { qrLink } from '../../../components/TargetQr';
import { type CanvasImage, type DrawingSource, loadImage } from '../../../utils/canvas';
import { fileUrl } from '../../../utils/files';
import { drawQr } from '../../../utils/qr';
import { dayLabel } from '../../../utils/time';

export type Certificate = OutputOf<'contest', 'certificate'>;

/** Size in drawing units and the pixel scale of the saved PNG. */
export const CERT = { width: 600, height: 900, scale: 2 };

type Ctx = CanvasRenderingContext2D;
/** Two ideographic spaces: the first line of a paragraph is indented by two characters. */
const INDENT = '\u3000\u3000';
const FONT = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const font = (size: number, weight = 'normal') => `${weight} ${size}px ${FONT}`;

/** Characters that never start a line (they stay at the end of the line before; a space hangs there too). */
const NO_LINE_START = ' ，。、；：？！）」》’”·…';

/**
 * Split `text` into lines no wider than `width` (character by character: Chinese has no spaces); closing
 * punctuation stays on the line before. At most `maxLines`, the last one ending in … when cut.
 */
export function wrapText(ctx: Pick<Ctx, 'measureText'>, text: string, width: number, maxLines = 3): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of Array.from(text)) {
    if (line && ctx.measureText(line + ch).width > width && !NO_LINE_START.includes(ch)) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${Array.from(kept[maxLines - 1])
    .slice(0, -1)
    .join('')}…`;
  return kept;
}

/** The sentences of a certificate (who, what for, the award), as the screen and the image both show them. */
export function certificateLines(
  c: Pick<
    Certificate,
    | 'kind'
    | 'holder'
    | 'entryTitle'
    | 'categoryTitle'
    | 'groupTitle'
    | 'callTitle'
    | 'works'
    | 'schoolName'
    | 'awardName'
  >,
): { addressee: string; body: string; award: string } {
  if (c.kind === 'advisor') {
    return {
      addressee: `${c.holder} 老师：`,
      body: `您指导的作品${c.works.map((w) => `《${w}》`).join('')}在「${c.callTitle}」中获奖，特授予您`,
      award: c.awardName,
    };
  }
  if (c.kind === 'organisation') {
    return {
      addressee: `${c.schoolName}：`,
      body: `在「${c.callTitle}」中积极组织、成绩突出，特授予`,
      award: c.awardName,
    };
  }
  const cat = [c.categoryTitle, c.groupTitle].filter(Boolean).join(' · ');
  return {
    addressee: `${c.holder}：`,
    body: `作品《${c.entryTitle ?? ''}》${cat ? `（${cat}）` : ''}在「${c.callTitle}」中荣获`,
    award: c.awardName,
  };
}

/** Draw the certificate; `qr` is the mini-program code image or the text to encode (none: no code). */
export function drawAwardCertificate(ctx: Ctx, c: Certificate, qr: CanvasImage | string | null): void {
  const { width: W, height: H } = CERT;
  ctx.fillStyle = '#fffaf0';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#d93a2b';
  ctx.lineWidth = 10;
  ctx.strokeRect(18, 18, W - 36, H - 36);
  ctx.strokeStyle = '#b8860b';
  ctx.lineWidth = 2;
  ctx.strokeRect(34, 34, W - 68, H - 68);

  const center = (text: string, y: number, f: string, color: string) => {
    ctx.font = f;
    ctx.fillStyle = color;
    ctx.textAlign = 'center';
    ctx.fillText(text, W / 2, y);
  };
  center('荣 誉 证 书', 120, font(56, 'bold'), '#d93a2b');
  const lines = certificateLines(c);
  ctx.textAlign = 'left';
  ctx.font = font(32, 'bold');
  ctx.fillStyle = '#2b2521';
  let y = 210;
  for (const l of wrapText(ctx, lines.addressee, W - 140, 2)) {
    ctx.fillText(l, 70, y);
    y += 46;
  }
  ctx.font = font(26);
  y += 8;
  for (const l of wrapText(ctx, `${INDENT}${lines.body}`, W - 140, 4)) {
    ctx.fillText(l, 70, y);
    y += 40;
  }
  center(lines.award, y + 62, font(54, 'bold'), '#b8860b');
  center('特发此证，以资鼓励。', y + 124, font(24), '#2b2521');

  // The issuer and the day, right-aligned; the verify QR bottom left with its code beside it.
  ctx.textAlign = 'right';
  ctx.font = font(24);
  ctx.fillStyle = '#2b2521';
  ctx.fillText(c.issuer, W - 70, 612);
  ctx.fillText(dayLabel(c.day), W - 70, 648);
  const box = { x: 70, y: 676, size: 140 };
  if (typeof qr === 'string') drawQr(ctx, qr, box, { pixelScale: CERT.scale });
  else if (qr) {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(box.x, box.y, box.size, box.size);
    ctx.drawImage(qr, box.x + 6, box.y + 6, box.size - 12, box.size - 12);
  }
  const tx = qr ? box.x + box.size + 24 : box.x;
  ctx.textAlign = 'left';
  ctx.font = font(24);
  ctx.fillStyle = '#2b2521';
  ctx.fillText(`验证码 ${c.verifyCode}`, tx, box.y + 52);
  ctx.fillStyle = '#6b625a';
  ctx.font = font(20);
  ctx.fillText(qr ? '扫码可验证真伪' : '输入验证码可验证真伪', tx, box.y + 88);
  ctx.fillText('验证页上姓名已打码', tx, box.y + 118);
  center('校园好网民，弘扬正能量', H - 50, font(24), '#d93a2b');
}

/** The certificate as a drawing: the mini-program code is loaded for the canvas that draws it. */
export function awardDrawing(c: Certificate): DrawingSource {
  return async (canvas?: Taro.Canvas) => {
    let qr: CanvasImage | string | null = qrLink(c.verifyQr);
    if (c.verifyQr.kind === 'image' && c.verifyQr.url) {
      qr = await loadImage(fileUrl(c.verifyQr.url), canvas).catch(() => null);
    }
    return { width: CERT.width, height: CERT.height, draw: (ctx) => drawAwardCertificate(ctx, c, qr) };
  };
}
