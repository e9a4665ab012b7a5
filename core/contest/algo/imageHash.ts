/**
 * Perceptual fingerprint of a submitted picture (drawings, photos): a 64-bit difference hash (dHash).
 *
 * The image is decoded on the server (PNG via pngjs, JPEG via jpeg-js — both pure JS), turned upright
 * using the JPEG EXIF orientation, converted to grey (Rec. 601 luma, transparent pixels over white),
 * shrunk to 9×8 by exact area averaging (a box filter: every source pixel contributes in proportion
 * to the area it covers, so a resized or re-compressed copy lands on almost the same 72 values), and
 * each of the 8 rows gives 8 bits: 1 where a cell is brighter than its right-hand neighbour.
 * Bits are read row by row, most significant first, and written as 16 lower-case hex characters.
 *
 * Lookup: `hashChunks` splits a hash into 8 one-byte chunks ("0:a3" … "7:5f"). Two hashes within
 * Hamming distance ≤ 7 differ in at most 7 chunks, so (pigeonhole) they share at least one chunk
 * exactly: index every chunk, fetch candidates sharing any chunk, then confirm with `hammingHex`.
 *
 * Server-only: this file uses Node's zlib (directly, and through pngjs). UI code should not import it.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { inflateSync } from 'zlib';
import { AppError, ErrorCode } from '../../errors';

/** Two pictures whose hashes are at most this far apart (of 64 bits) are treated as the same work. */
export const NEAR_IMAGE_DISTANCE = 6;

/** Largest picture we decode: declared width × height above this is refused (decompression bombs). */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Grid of the hash: 9 columns give 8 left/right comparisons per row, 8 rows → 64 bits. */
const GRID_W = 9;
const GRID_H = 8;

/** The picture declares more pixels than we are willing to decode. */
export class ImageTooLargeError extends AppError {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly maxPixels: number = MAX_IMAGE_PIXELS,
  ) {
    super(
      ErrorCode.INVALID_ARGUMENT,
      `图片尺寸过大（${width}×${height}），请缩小到 ${Math.floor(maxPixels / 10_000)} 万像素以内后再上传`,
      { width, height, maxPixels },
    );
    this.name = 'ImageTooLargeError';
  }
}

/** The bytes are not a PNG or JPEG we can read (unsupported format, truncated or corrupt file). */
export class ImageFormatError extends AppError {
  constructor(reason: string) {
    super(ErrorCode.INVALID_ARGUMENT, '无法识别的图片文件，请上传 JPG 或 PNG 图片', { reason });
    this.name = 'ImageFormatError';
  }
}

export type ImageFormat = 'png' | 'jpeg';

/** What the file header declares, read without decoding pixels. */
export interface ImageHeader {
  format: ImageFormat;
  /** Stored width and height (before EXIF orientation is applied). */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (JPEG only; 1 when absent or unreadable). */
  orientation: number;
}

/** A greyscale picture, one float per pixel in 0..255, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float64Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads format, size and orientation from the header alone, so oversized files are refused before any decoding. */
export function readImageHeader(bytes: Uint8Array, options: DecodeOptions = {}): ImageHeader {
  if (bytes.length >= 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    // The first chunk must be IHDR: length(4) "IHDR"(4) width(4) height(4) …
    const isIhdr = bytes[12] === 0x49 && bytes[13] === 0x48 && bytes[14] === 0x44 && bytes[15] === 0x52;
    if (!isIhdr) throw new ImageFormatError('png: first chunk is not IHDR');
    const width = readU32BE(bytes, 16);
    const height = readU32BE(bytes, 20);
    return checkSize({ format: 'png', width, height, orientation: 1 }, options);
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return checkSize(readJpegHeader(bytes), options);
  }
  throw new ImageFormatError('not a PNG or JPEG file');
}

function checkSize(header: ImageHeader, options: DecodeOptions): ImageHeader {
  if (header.width <= 0 || header.height <= 0) {
    throw new ImageFormatError(`${header.format}: empty image ${header.width}×${header.height}`);
  }
  const limit = options.maxPixels ?? MAX_IMAGE_PIXELS;
  if (header.width * header.height > limit) throw new ImageTooLargeError(header.width, header.height, limit);
  return header;
}

/** SOFn markers carry the frame size: C0–C3, C5–C7, C9–CB, CD–CF (C4 DHT, C8 JPG, CC DAC are not frames). */
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpegHeader(bytes: Uint8Array): ImageHeader {
  let orientation = 1;
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) throw new ImageFormatError('jpeg: bad marker');
    while (pos < bytes.length && bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= bytes.length) break;
    const marker = bytes[pos++];
    // Stand-alone markers carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9 || marker === 0xda) break; // end of image / start of scan before any frame
    if (pos + 2 > bytes.length) break;
    const length = (bytes[pos] << 8) | bytes[pos + 1];
    if (length < 2 || pos + length > bytes.length) break;
    if (isSof(marker)) {
      if (length < 7) break;
      const height = (bytes[pos + 3] << 8) | bytes[pos + 4];
      const width = (bytes[pos + 5] << 8) | bytes[pos + 6];
      return { format: 'jpeg', width, height, orientation };
    }
    if (marker === 0xe1) orientation = exifOrientation(bytes.subarray(pos + 2, pos + length)) ?? orientation;
    pos += length;
  }
  throw new ImageFormatError('jpeg: no frame header');
}

/** The orientation tag (0x0112) of IFD0 in an APP1 "Exif" payload; null when absent or malformed. */
function exifOrientation(app1: Uint8Array): number | null {
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
  if (app1.length < 14 || !exif.every((b, i) => app1[i] === b)) return null;
  const tiff = app1.subarray(6);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49; // "II"
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d; // "MM"
  if (!little && !big) return null;
  const u16 = (o: number) => (little ? tiff[o] | (tiff[o + 1] << 8) : (tiff[o] << 8) | tiff[o + 1]);
  const u32 = (o: number) =>
    little
      ? (tiff[o] | (tiff[o + 1] << 8) | (tiff[o + 2] << 16) | (tiff[o + 3] << 24)) >>> 0
      : readU32BE(tiff, o);
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return null;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

function readU32BE(bytes: Uint8Array, o: number): number {
  return ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
}

/** Decoded pixels as the file stores them: RGB (JPEG) or RGBA (PNG), 8 bits per channel. */
interface Pixels {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
  orientation: number;
}

/** Options shared by the decoding functions. */
export interface DecodeOptions {
  /** Refuse images with more pixels than this (default MAX_IMAGE_PIXELS; lower it for small functions). */
  maxPixels?: number;
}

function decodePixels(bytes: Uint8Array, options: DecodeOptions): Pixels {
  const header = readImageHeader(bytes, options);
  try {
    if (header.format === 'png') {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      checkInterlacedPngSize(buffer, header);
      const png = PNG.sync.read(buffer);
      return check({ width: png.width, height: png.height, channels: 4, data: png.data, orientation: 1 });
    }
    const img = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // Backstops behind readImageHeader: jpeg-js refuses on its own too.
      maxResolutionInMP: (options.maxPixels ?? MAX_IMAGE_PIXELS) / 1e6,
      maxMemoryUsageInMB: 2048,
    });
    return check({
      width: img.width,
      height: img.height,
      channels: 3,
      data: img.data,
      orientation: header.orientation,
    });
  } catch (err) {
    if (err instanceof ImageFormatError) throw err;
    throw new ImageFormatError(`${header.format}: ${err instanceof Error ? err.message : String(err)}`);
  }

  function check(p: Pixels): Pixels {
    if (p.width !== header.width || p.height !== header.height) {
      throw new ImageFormatError(`${header.format}: decoded size differs from header`);
    }
    return p;
  }
}

/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/**
 * Decompression-bomb guard for interlaced PNGs. pngjs caps inflation at the declared size for ordinary
 * PNGs but inflates interlaced ones without a limit, so first inflate their image data with Node's
 * zlib capped at what the header allows (each Adam7 pass: rows × (filter byte + packed row)); more
 * is refused before pngjs sees the file.
 */
function checkInterlacedPngSize(png: Buffer, header: ImageHeader): void {
  if (png.length < 29 || png[28] !== 1) return; // IHDR interlace method 1 = Adam7
  const depth = png[24];
  const samples = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[png[25]];
  if (!samples || ![1, 2, 4, 8, 16].includes(depth)) {
    throw new ImageFormatError('png: bad colour type or depth');
  }
  let expected = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const cols = Math.ceil((header.width - x0) / dx);
    const rows = Math.ceil((header.height - y0) / dy);
    if (cols > 0 && rows > 0) expected += rows * (1 + Math.ceil((cols * samples * depth) / 8));
  }
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= png.length;) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + length > png.length) break;
    if (type === 'IDAT') idat.push(png.subarray(pos + 8, pos + 8 + length));
    if (type === 'IEND') break;
    pos += 12 + length;
  }
  try {
    inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (err) {
    const tooLarge = err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ImageFormatError(
      tooLarge ? 'png: image data larger than declared (bomb?)' : 'png: bad image data',
    );
  }
}

/** Reads one row of luma (Rec. 601; transparent pixels composited over white paper). */
function lumaRows(p: Pixels): (y: number, out: Float64Array) => void {
  const { width, channels, data } = p;
  return (y, out) => {
    for (let x = 0, i = y * width * channels; x < width; x++, i += channels) {
      const luma = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
      if (channels === 4) {
        const a = data[i + 3] / 255;
        out[x] = luma * a + 255 * (1 - a);
      } else {
        out[x] = luma;
      }
    }
  };
}

/** Decodes PNG or JPEG bytes to a full-size, upright greyscale image; throws ImageTooLargeError / ImageFormatError. */
export function decodeGray(bytes: Uint8Array, options: DecodeOptions = {}): GrayImage {
  const p = decodePixels(bytes, options);
  const gray = new Float64Array(p.width * p.height);
  const read = lumaRows(p);
  const row = new Float64Array(p.width);
  for (let y = 0; y < p.height; y++) {
    read(y, row);
    gray.set(row, y * p.width);
  }
  return orient({ width: p.width, height: p.height, data: gray }, p.orientation);
}

/** Applies an EXIF orientation (1–8) so the image is the way a viewer shows it. */
export function orient(img: GrayImage, orientation: number): GrayImage {
  if (orientation <= 1 || orientation > 8) return img;
  const { width: w, height: h, data } = img;
  const swap = orientation >= 5;
  const dw = swap ? h : w;
  const dh = swap ? w : h;
  const out = new Float64Array(w * h);
  for (let v = 0; v < dh; v++) {
    for (let u = 0; u < dw; u++) {
      let x: number;
      let y: number;
      switch (orientation) {
        case 2: // mirrored
          x = w - 1 - u;
          y = v;
          break;
        case 3: // rotated 180°
          x = w - 1 - u;
          y = h - 1 - v;
          break;
        case 4: // flipped
          x = u;
          y = h - 1 - v;
          break;
        case 5: // transposed
          x = v;
          y = u;
          break;
        case 6: // shown rotated 90° clockwise
          x = v;
          y = h - 1 - u;
          break;
        case 7: // transverse
          x = w - 1 - v;
          y = h - 1 - u;
          break;
        default: // 8: shown rotated 90° counter-clockwise
          x = w - 1 - v;
          y = u;
      }
      out[v * dw + u] = data[y * w + x];
    }
  }
  return { width: dw, height: dh, data: out };
}

/**
 * For each source index along one axis, the output cells it overlaps and by how much. Coordinates are
 * scaled by `src` so overlaps are exact integers: source pixel i spans [i·dst, (i+1)·dst), output cell
 * o spans [o·src, (o+1)·src), and each output cell's overlaps add up to `src`.
 */
function boxWeights(src: number, dst: number): { cell: number; weight: number }[][] {
  const out: { cell: number; weight: number }[][] = [];
  for (let i = 0; i < src; i++) {
    const from = i * dst;
    const to = from + dst;
    const list: { cell: number; weight: number }[] = [];
    for (let o = Math.floor(from / src); o < dst && o * src < to; o++) {
      const overlap = Math.min(to, (o + 1) * src) - Math.max(from, o * src);
      if (overlap > 0) list.push({ cell: o, weight: overlap });
    }
    out.push(list);
  }
  return out;
}

/** Area-averages a width×height source, read row by row, into a w×h grid (memory: one source row). */
function boxResize(
  width: number,
  height: number,
  w: number,
  h: number,
  readRow: (y: number, out: Float64Array) => void,
): Float64Array {
  const xw = boxWeights(width, w);
  const yw = boxWeights(height, h);
  const acc = new Float64Array(w * h);
  const src = new Float64Array(width);
  const row = new Float64Array(w);
  for (let y = 0; y < height; y++) {
    readRow(y, src);
    row.fill(0);
    for (let x = 0; x < width; x++) {
      const g = src[x];
      for (const { cell, weight } of xw[x]) row[cell] += g * weight;
    }
    for (const { cell, weight } of yw[y]) {
      for (let o = 0; o < w; o++) acc[cell * w + o] += row[o] * weight;
    }
  }
  const norm = width * height;
  for (let i = 0; i < acc.length; i++) acc[i] /= norm;
  return acc;
}

/** Shrinks (or stretches) a grey image to w×h by exact area averaging, so scaled copies give the same cells. */
export function resizeArea(img: GrayImage, w: number, h: number): Float64Array {
  return boxResize(img.width, img.height, w, h, (y, out) =>
    out.set(img.data.subarray(y * img.width, (y + 1) * img.width)),
  );
}

/** The 64 bits of a 9×8 grid (row-major), as 16 hex chars. */
function gridBits(cells: Float64Array): string {
  let hex = '';
  for (let y = 0; y < GRID_H; y++) {
    let byte = 0;
    for (let x = 0; x < GRID_W - 1; x++) {
      byte = (byte << 1) | (cells[y * GRID_W + x] > cells[y * GRID_W + x + 1] ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** dHash of an already decoded grey image: 16 hex chars, bit = cell brighter than its right neighbour. */
export function dHashGray(img: GrayImage): string {
  return gridBits(resizeArea(img, GRID_W, GRID_H));
}

/**
 * dHash of PNG/JPEG bytes (upright, grey, 9×8 area average): near-identical pictures get near-identical
 * hashes. Streams rows into the grid without a full-size grey copy; for rotated photos the grid is
 * built in stored orientation (8×9) and then turned, which equals averaging the turned image because
 * the cell boundaries turn with it.
 */
export function imageDHash(bytes: Uint8Array, options: DecodeOptions = {}): string {
  const p = decodePixels(bytes, options);
  const swap = p.orientation >= 5;
  const gw = swap ? GRID_H : GRID_W;
  const gh = swap ? GRID_W : GRID_H;
  const grid = boxResize(p.width, p.height, gw, gh, lumaRows(p));
  return gridBits(orient({ width: gw, height: gh, data: grid }, p.orientation).data);
}

const HASH_RE = /^[0-9a-f]{16}$/i;

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of differing bits between two 16-hex-char hashes (0–64); throws on malformed input rather than guessing. */
export function hammingHex(a: string, b: string): number {
  if (!HASH_RE.test(a) || !HASH_RE.test(b)) throw new RangeError('hammingHex expects two 16-hex-char hashes');
  const hi = (parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) >>> 0;
  const lo = (parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16)) >>> 0;
  return popcount32(hi) + popcount32(lo);
}

/** Eight lookup keys "i:xx" (one per byte): hashes within distance ≤ 7 always share at least one key. */
export function hashChunks(hex: string): string[] {
  if (!HASH_RE.test(hex)) throw new RangeError('hashChunks expects a 16-hex-char hash');
  const lower = hex.toLowerCase();
  const keys: string[] = [];
  for (let i = 0; i < 8; i++) keys.push(`${i}:${lower.slice(2 * i, 2 * i + 2)}`);
  return keys;
}

/**
 * Multi-index keys for large calls: the hash as four 16-bit words "w<i>:xxxx". One-byte chunks
 * (`hashChunks`) have only 256 values each, so with N stored pictures every probe key fetches about
 * N/256 unrelated candidates and the cost of a check grows with the call. A 16-bit word fetches about
 * N/65,536. Store these four keys per picture and look up `hashWordProbes`.
 */
export function hashWords(hex: string): string[] {
  if (!HASH_RE.test(hex)) throw new RangeError('hashWords expects a 16-hex-char hash');
  const lower = hex.toLowerCase();
  return [0, 1, 2, 3].map((i) => `w${i}:${lower.slice(4 * i, 4 * i + 4)}`);
}

/**
 * The 68 keys to look up for a picture: each of its four words and the 16 words one bit away from it.
 * Pigeonhole: two hashes within distance ≤ 7 differ by ≤ 1 bit in at least one word (4 words × 2 bits
 * would be 8), so any stored picture within NEAR_IMAGE_DISTANCE shares a key with these probes;
 * confirm each candidate with `hammingHex`.
 */
export function hashWordProbes(hex: string): string[] {
  const keys: string[] = [];
  for (const key of hashWords(hex)) {
    const [prefix, word] = key.split(':');
    const value = parseInt(word, 16);
    keys.push(key);
    for (let bit = 0; bit < 16; bit++) {
      keys.push(`${prefix}:${((value ^ (1 << bit)) >>> 0).toString(16).padStart(4, '0')}`);
    }
  }
  return keys;
}
