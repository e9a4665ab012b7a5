/**
 * Draw a family card poster (1080×1920 units) on any canvas 2d context: the weapp <Canvas type="2d">,
 * an H5 canvas, or the benchmark page. No Taro import here, so the same code runs everywhere; the
 * caller scales the context to its pixel size (device pixel ratio) and hands in loaded images.
 */
import { fitText, graphemes } from '../../../../core/poster/layout';
import { TEMPLATES, type CardTemplate, type TemplateId } from '../../../../core/poster/templates';
import { qrModules } from '../../../utils/qr';

export { qrModules };

/** Poster size in drawing units (9:16, Moments-friendly). */
export const POSTER_W = 1080;
export const POSTER_H = 1920;

/** Where the QR code sits (tests and the E2E comparison mask it: it encodes the card id). */
export const QR_BOX = { x: 772, y: 1640, size: 248 };

/** Font stack for Chinese text on phones and desktop (PingFang on iOS, Noto CJK on Linux/Android). */
export const FONT =
  '"PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif, "Apple Color Emoji", "Noto Color Emoji"';

/** An image the context can draw (HTMLImageElement, canvas, weapp canvas image). */
export type PosterImage = CanvasImageSource & { width: number; height: number };

/** Everything the poster shows. Names arrive masked from the server. */
export interface PosterData {
  templateId: TemplateId;
  slogan: string;
  reply?: { role: 'parent' | 'child'; text: string } | null;
  names: string[];
  schoolName: string;
  className: string;
  /** QR content (H5 card URL) or a ready image (the mini-program code); null draws no code. */
  qr?: { kind: 'text'; text: string } | { kind: 'image'; image: PosterImage } | null;
  photo?: PosterImage | null;
}

type Ctx = CanvasRenderingContext2D;

const font = (size: number, weight = 'normal') => `${weight} ${size}px ${FONT}`;

function roundRect(ctx: Ctx, x: number, y: number, w: number, h: number, r: number): void {
  const rr = Math.min(r, w / 2, h / 2);
  ctx.beginPath();
  ctx.moveTo(x + rr, y);
  ctx.arcTo(x + w, y, x + w, y + h, rr);
  ctx.arcTo(x + w, y + h, x, y + h, rr);
  ctx.arcTo(x, y + h, x, y, rr);
  ctx.arcTo(x, y, x + w, y, rr);
  ctx.closePath();
}

function heart(ctx: Ctx, cx: number, cy: number, size: number): void {
  const s = size / 2;
  ctx.beginPath();
  ctx.moveTo(cx, cy + s * 0.9);
  ctx.bezierCurveTo(cx - s * 1.6, cy - s * 0.1, cx - s * 0.7, cy - s * 1.3, cx, cy - s * 0.45);
  ctx.bezierCurveTo(cx + s * 0.7, cy - s * 1.3, cx + s * 1.6, cy - s * 0.1, cx, cy + s * 0.9);
  ctx.closePath();
}

function star(ctx: Ctx, cx: number, cy: number, r: number): void {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rad = i % 2 === 0 ? r : r * 0.45;
    const x = cx + Math.cos(a) * rad;
    const y = cy + Math.sin(a) * rad;
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
}

/** A simple open hand: palm, four fingers and a thumb, pointing up; (x, y) is the wrist centre. */
function hand(ctx: Ctx, x: number, y: number, scale: number, angle: number, color: string): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.scale(scale, scale);
  ctx.fillStyle = color;
  roundRect(ctx, -50, -110, 100, 110, 34);
  ctx.fill();
  const fingers = [
    [-44, -190, 70],
    [-19, -205, 85],
    [6, -200, 80],
    [31, -180, 62],
  ];
  for (const [fx, fy, len] of fingers) {
    roundRect(ctx, fx, fy, 22, len + 10, 11);
    ctx.fill();
  }
  ctx.save();
  ctx.translate(46, -60);
  ctx.rotate(-0.7);
  roundRect(ctx, -11, -62, 22, 70, 11);
  ctx.fill();
  ctx.restore();
  ctx.restore();
}

function drawMotif(ctx: Ctx, t: CardTemplate): void {
  ctx.save();
  if (t.motif === 'bubbles') {
    const bubbles: [number, number, number, string][] = [
      [120, 150, 110, '#ffd84d'],
      [960, 120, 150, '#ff8fab'],
      [900, 560, 90, '#7ee081'],
      [80, 560, 70, '#ffffff'],
      [560, 60, 50, '#b39ddb'],
      [1010, 1000, 120, '#ffd84d'],
      [40, 1180, 90, '#ff8fab'],
    ];
    for (const [x, y, r, c] of bubbles) {
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = c;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.globalAlpha = 0.9;
    ctx.fillStyle = '#ffffff';
    for (const [x, y, r] of [
      [250, 90, 18],
      [820, 300, 14],
      [180, 470, 12],
      [700, 560, 16],
    ]) {
      star(ctx, x, y, r);
      ctx.fill();
    }
  } else if (t.motif === 'house') {
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = t.motifColor;
    ctx.beginPath();
    ctx.moveTo(540, 40);
    ctx.lineTo(980, 330);
    ctx.lineTo(100, 330);
    ctx.closePath();
    ctx.fill();
    ctx.fillRect(180, 330, 720, 300);
    ctx.globalAlpha = 0.5;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 10;
    ctx.lineCap = 'round';
    for (const r of [40, 80, 120]) {
      ctx.beginPath();
      ctx.arc(930, 210, r, Math.PI * 1.25, Math.PI * 1.75);
      ctx.stroke();
    }
    ctx.globalAlpha = 0.35;
    ctx.fillStyle = '#ffffff';
    heart(ctx, 150, 150, 90);
    ctx.fill();
  } else if (t.motif === 'sunrise') {
    ctx.globalAlpha = 0.28;
    ctx.fillStyle = t.motifColor;
    for (let i = 0; i < 18; i++) {
      const a = Math.PI + (i * Math.PI) / 17;
      ctx.beginPath();
      ctx.moveTo(540, 620);
      ctx.arc(540, 620, 900, a - 0.045, a + 0.045);
      ctx.closePath();
      ctx.fill();
    }
    ctx.globalAlpha = 0.45;
    ctx.beginPath();
    ctx.arc(540, 620, 220, Math.PI, 0);
    ctx.fill();
  } else {
    ctx.globalAlpha = 0.3;
    ctx.fillStyle = '#ffffff';
    heart(ctx, 540, 330, 560);
    ctx.fill();
    // A big hand and a small hand reaching for each other at the top corners.
    ctx.globalAlpha = 0.8;
    hand(ctx, 150, 200, 0.62, 0.45, t.motifColor);
    hand(ctx, 935, 190, 0.42, -0.45, '#ffe08a');
  }
  ctx.restore();
}

/**
 * A memoised `measure(text, size)` for fitText: line breaking measures the same substrings many times
 * at each size, and setting ctx.font is costly, so widths are cached and the font is set only on change.
 */
function measurer(ctx: Ctx, weight: string): (text: string, size: number) => number {
  const widths = new Map<string, number>();
  let set = '';
  let canonical = '';
  return (text, size) => {
    const key = `${size}|${text}`;
    const known = widths.get(key);
    if (known !== undefined) return known;
    const f = font(size, weight);
    if (f !== set || ctx.font !== canonical) {
      ctx.font = f;
      set = f;
      canonical = ctx.font;
    }
    const w = ctx.measureText(text).width;
    widths.set(key, w);
    return w;
  };
}

/** Draw a headline line at the largest size (≤ max) that fits the width. */
function headline(ctx: Ctx, text: string, y: number, max: number, color: string): void {
  let size = max;
  ctx.font = font(size, 'bold');
  while (size > 60 && ctx.measureText(text).width > 940) {
    size -= 4;
    ctx.font = font(size, 'bold');
  }
  ctx.save();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 14;
  ctx.strokeStyle = 'rgba(0,0,0,0.18)';
  ctx.strokeText(text, POSTER_W / 2, y + 4);
  ctx.fillStyle = color;
  ctx.fillText(text, POSTER_W / 2, y);
  ctx.restore();
}

function drawQr(ctx: Ctx, qr: NonNullable<PosterData['qr']>, accent: string): void {
  const { x, y, size } = QR_BOX;
  ctx.save();
  ctx.fillStyle = '#ffffff';
  roundRect(ctx, x, y, size, size, 28);
  ctx.fill();
  ctx.lineWidth = 6;
  ctx.strokeStyle = accent;
  ctx.stroke();
  const pad = 20;
  const inner = size - pad * 2;
  if (qr.kind === 'image') {
    ctx.drawImage(qr.image, x + pad, y + pad, inner, inner);
  } else {
    const modules = qrModules(qr.text);
    const n = modules.length;
    const cell = inner / n;
    ctx.fillStyle = '#111111';
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (!modules[r][c]) continue;
        const px = Math.floor(x + pad + c * cell);
        const py = Math.floor(y + pad + r * cell);
        ctx.fillRect(
          px,
          py,
          Math.ceil(x + pad + (c + 1) * cell) - px,
          Math.ceil(y + pad + (r + 1) * cell) - py,
        );
      }
    }
  }
  ctx.restore();
}

function drawPhoto(ctx: Ctx, img: PosterImage, x: number, y: number, w: number, h: number): void {
  const scale = Math.max(w / img.width, h / img.height);
  const sw = w / scale;
  const sh = h / scale;
  ctx.save();
  roundRect(ctx, x, y, w, h, 32);
  ctx.clip();
  ctx.drawImage(img, (img.width - sw) / 2, (img.height - sh) / 2, sw, sh, x, y, w, h);
  ctx.restore();
}

/** Draw the whole poster. `ctx` must already be scaled so that 1 unit = POSTER_W / pixel width. */
export function drawPoster(ctx: Ctx, data: PosterData): void {
  const t = TEMPLATES[data.templateId] ?? TEMPLATES.qinglang;
  // Background.
  const bg = ctx.createLinearGradient(0, 0, 0, POSTER_H);
  bg.addColorStop(0, t.background[0]);
  bg.addColorStop(0.42, t.background[1]);
  bg.addColorStop(1, t.background[2]);
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, POSTER_W, POSTER_H);
  drawMotif(ctx, t);

  // Brand and headline (large enough to read on a Moments thumbnail).
  ctx.save();
  ctx.fillStyle = t.headlineColor;
  ctx.globalAlpha = 0.92;
  ctx.font = font(40, 'bold');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('校园好网民 · 家庭卡片', POSTER_W / 2, 100);
  ctx.restore();
  headline(ctx, t.headline[0], 290, 150, t.headlineColor);
  headline(ctx, t.headline[1], 460, 130, t.headlineColor);

  // White panel.
  const panel = { x: 64, y: 600, w: POSTER_W - 128, h: 1000 };
  ctx.save();
  ctx.shadowColor = 'rgba(0,0,0,0.16)';
  ctx.shadowBlur = 30;
  ctx.shadowOffsetY = 10;
  ctx.fillStyle = '#ffffff';
  roundRect(ctx, panel.x, panel.y, panel.w, panel.h, 48);
  ctx.fill();
  ctx.restore();

  const footerY = panel.y + panel.h - 150;
  const replyBlock = data.reply?.text ? 150 : 0;
  const textBottom = footerY - 30 - replyBlock;
  const measure = measurer(ctx, 'bold');
  const fitFrom = (top: number, maxSize: number) =>
    fitText(data.slogan, measure, {
      maxWidth: panel.w - 140,
      maxHeight: textBottom - top,
      maxSize,
      minSize: 40,
      lineHeight: 1.42,
      maxLines: 8,
    });
  let top = panel.y + 50;
  let fit: ReturnType<typeof fitText>;
  if (data.photo) {
    // The photo gives way to a long slogan: the tallest photo that leaves the text at ≥ 48 px.
    const heights = [430, 360, 300, 240];
    let photoH = heights[heights.length - 1];
    fit = fitFrom(top + photoH + 40, 68);
    for (const h of heights) {
      const trial = fitFrom(top + h + 40, 68);
      if (!trial.truncated && trial.fontSize >= 48) {
        photoH = h;
        fit = trial;
        break;
      }
    }
    drawPhoto(ctx, data.photo, panel.x + 44, top, panel.w - 88, photoH);
    top += photoH + 40;
  } else {
    // A small pair of hearts (a big one and a little one: 小手牵大手) tops the text.
    ctx.save();
    ctx.fillStyle = t.accent;
    ctx.globalAlpha = 0.85;
    heart(ctx, POSTER_W / 2 - 22, panel.y + 78, 56);
    ctx.fill();
    ctx.globalAlpha = 0.55;
    heart(ctx, POSTER_W / 2 + 26, panel.y + 88, 36);
    ctx.fill();
    ctx.restore();
    top += 60;
    fit = fitFrom(top, 88);
  }
  const blockH = fit.lines.length * fit.lineHeight;
  let y = top + Math.max(0, (textBottom - top - blockH) / 2) + fit.lineHeight / 2;
  ctx.save();
  ctx.fillStyle = t.ink;
  ctx.font = font(fit.fontSize, 'bold');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const line of fit.lines) {
    ctx.fillText(line, POSTER_W / 2, y);
    y += fit.lineHeight;
  }
  ctx.restore();

  if (data.reply?.text) {
    const label = data.reply.role === 'child' ? '孩子说：' : '家长说：';
    const rfit = fitText(`${label}${data.reply.text}`, measurer(ctx, 'normal'), {
      maxWidth: panel.w - 160,
      maxHeight: replyBlock - 20,
      maxSize: 46,
      minSize: 34,
      lineHeight: 1.4,
      maxLines: 2,
    });
    ctx.save();
    ctx.fillStyle = t.accent;
    ctx.globalAlpha = 0.1;
    roundRect(ctx, panel.x + 50, textBottom + 10, panel.w - 100, replyBlock - 10, 28);
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.font = font(rfit.fontSize);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    let ry = textBottom + 10 + (replyBlock - 10) / 2 - ((rfit.lines.length - 1) * rfit.lineHeight) / 2;
    for (const line of rfit.lines) {
      ctx.fillText(line, POSTER_W / 2, ry);
      ry += rfit.lineHeight;
    }
    ctx.restore();
  }

  // Names and school.
  ctx.save();
  ctx.strokeStyle = t.accent;
  ctx.globalAlpha = 0.25;
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(panel.x + 80, footerY);
  ctx.lineTo(panel.x + panel.w - 80, footerY);
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = t.ink;
  const family = data.names.length ? `${data.names.join(' ')} 一家` : '我们一家';
  ctx.font = font(42, 'bold');
  let familyText = family;
  while (graphemes(familyText).length > 4 && ctx.measureText(familyText).width > panel.w - 120) {
    familyText = `${graphemes(familyText).slice(0, -3).join('')}…`;
  }
  ctx.fillText(familyText, POSTER_W / 2, footerY + 55);
  ctx.font = font(34);
  ctx.globalAlpha = 0.75;
  ctx.fillText(`${data.schoolName} · ${data.className}`, POSTER_W / 2, footerY + 110);
  ctx.restore();

  // Footer: call to action and the QR code back to the card.
  ctx.save();
  ctx.fillStyle = t.id === 'qinglang' || t.id === 'shouqianshou' ? t.ink : t.accent;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = font(50, 'bold');
  ctx.fillText('扫码看我家的卡片', 70, QR_BOX.y + 80);
  ctx.font = font(38);
  ctx.fillText('一起争做校园好网民', 70, QR_BOX.y + 160);
  ctx.restore();
  if (data.qr) drawQr(ctx, data.qr, t.accent);
}
