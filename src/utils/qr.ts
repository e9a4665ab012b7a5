/**
 * QR codes drawn by the app itself (H5 links, the certificate and class posters, the family card when no
 * mini-program code is available). No Taro import: the card poster's drawing code (and its benchmark
 * bundle) uses it too.
 */
import qrcode from 'qrcode-generator';

/** The library's QR object for text (error correction M, smallest version that fits, UTF-8 bytes). */
function encode(text: string) {
  const qr = qrcode(0, 'M');
  // The library writes each char code as one byte: hand it the UTF-8 bytes as a binary string.
  qr.addData(
    encodeURIComponent(text).replace(/%([0-9A-F]{2})/g, (_m, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    ),
  );
  qr.make();
  return qr;
}

/** Encode text as QR modules (true = dark). */
export function qrModules(text: string): boolean[][] {
  const qr = encode(text);
  const n = qr.getModuleCount();
  const rows: boolean[][] = [];
  for (let r = 0; r < n; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < n; c++) row.push(qr.isDark(r, c));
    rows.push(row);
  }
  return rows;
}

/**
 * Draw `text` as a QR code in the square (x, y, size) with a white quiet zone of `margin` modules.
 * `pixelScale` is the context's scale (device pixels per unit): modules snap to whole device pixels so
 * neighbours leave no hairline gaps.
 */
export function drawQr(
  ctx: CanvasRenderingContext2D,
  text: string,
  box: { x: number; y: number; size: number },
  opts: { margin?: number; pixelScale?: number; color?: string } = {},
): void {
  const modules = qrModules(text);
  const margin = opts.margin ?? 2;
  const scale = opts.pixelScale ?? 1;
  const n = modules.length;
  const cell = box.size / (n + margin * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(box.x, box.y, box.size, box.size);
  ctx.fillStyle = opts.color ?? '#000000';
  const snapDown = (v: number) => Math.floor(v * scale) / scale;
  const snapUp = (v: number) => Math.ceil(v * scale) / scale;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!modules[r][c]) continue;
      const x = snapDown(box.x + (c + margin) * cell);
      const y = snapDown(box.y + (r + margin) * cell);
      ctx.fillRect(
        x,
        y,
        snapUp(box.x + (c + margin + 1) * cell) - x,
        snapUp(box.y + (r + margin + 1) * cell) - y,
      );
    }
  }
}

/**
 * A QR code as an image data URL about `pixels` wide with a quiet zone of `margin` modules (H5: an
 * <Image> the user can long-press to save; made without a canvas).
 */
export function qrDataUrl(text: string, pixels: number, margin = 2): string {
  const qr = encode(text);
  const count = qr.getModuleCount() + margin * 2;
  const cell = Math.max(2, Math.ceil(pixels / count));
  return qr.createDataURL(cell, cell * margin);
}
