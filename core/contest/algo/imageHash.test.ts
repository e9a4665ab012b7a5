import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { deflateSync } from 'zlib';
import {
  decodeGray,
  dHashGray,
  hammingHex,
  hashChunks,
  hashWordProbes,
  hashWords,
  ImageFormatError,
  imageDHash,
  ImageTooLargeError,
  MAX_IMAGE_PIXELS,
  NEAR_IMAGE_DISTANCE,
  orient,
  readImageHeader,
  resizeArea,
} from './imageHash';
import { mulberry32, pick, timeIt } from './testing/rng';
import { AppError, ErrorCode } from '../../errors';

// Jest runs tests in a vm context where every global lookup (Math, Uint8Array…) inside a hot loop is
// slow: the pixel helpers below use these module-level bindings instead.
const { sin, cos, PI, round, min, max, floor } = Math;
const U8 = Uint8Array;

/** An RGBA raster. */
interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A synthetic "picture" defined on the unit square, so the same picture can be drawn at any size:
 * smooth waves plus a dark disc and a bright rectangle (edges like a drawing). Variant 1 is unrelated.
 */
function picture(width: number, height: number, variant: 0 | 1 = 0): Raster {
  const data = new U8(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) / width;
      const v = (y + 0.5) / height;
      let g: number;
      if (variant === 0) {
        g = 128 + 70 * sin(2 * PI * (1.3 * u + 0.4 * v)) + 40 * cos(2 * PI * (2.1 * v - 0.7 * u));
        if ((u - 0.3) ** 2 + (v - 0.6) ** 2 < 0.15 ** 2) g = 30;
        if (u > 0.6 && u < 0.85 && v > 0.15 && v < 0.4) g = 235;
      } else {
        g = 128 + 90 * cos(2 * PI * (0.8 * v - 1.9 * u)) * sin(2 * PI * 1.1 * v);
        if (u > 0.1 && u < 0.45 && v > 0.05 && v < 0.3) g = 240;
        if ((u - 0.75) ** 2 + (v - 0.75) ** 2 < 0.12 ** 2) g = 15;
      }
      const i = (y * width + x) * 4;
      data[i] = clamp(g);
      data[i + 1] = clamp(g * 0.8 + 30);
      data[i + 2] = clamp(255 - g * 0.6);
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

const clamp = (v: number) => max(0, min(255, round(v)));

/** Bilinear resize (a different resampler from the hash's box filter, as a phone or WeChat would use). */
function resizeBilinear(src: Raster, width: number, height: number): Raster {
  const data = new U8(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = min(src.height - 1, max(0, ((y + 0.5) * src.height) / height - 0.5));
    const y0 = floor(sy);
    const y1 = min(src.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = min(src.width - 1, max(0, ((x + 0.5) * src.width) / width - 0.5));
      const x0 = floor(sx);
      const x1 = min(src.width - 1, x0 + 1);
      const fx = sx - x0;
      for (let c = 0; c < 4; c++) {
        const at = (xx: number, yy: number) => src.data[(yy * src.width + xx) * 4 + c];
        const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
        const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
        data[(y * width + x) * 4 + c] = clamp(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width, height, data };
}

function brighten(src: Raster, delta: number): Raster {
  const data = U8.from(src.data, (v, i) => (i % 4 === 3 ? v : clamp(v + delta)));
  return { ...src, data };
}

/** Stored pixels rotated 90° counter-clockwise from upright (what EXIF orientation 6 undoes). */
function rotateCcw(src: Raster): Raster {
  const width = src.height;
  const height = src.width;
  const data = new U8(src.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // display(u,v) = stored(x = v, y = H-1-u) for orientation 6, so stored(x,y) = display(H-1-y, x)
      const sx = src.width - 1 - y;
      const sy = x;
      data.set(
        src.data.subarray((sy * src.width + sx) * 4, (sy * src.width + sx) * 4 + 4),
        (y * width + x) * 4,
      );
    }
  }
  return { width, height, data };
}

function toPng(r: Raster, colorType: 0 | 2 | 6 = 6): Uint8Array {
  const png = new PNG({ width: r.width, height: r.height });
  png.data = Buffer.from(r.data);
  // A fixed filter: pngjs's per-row filter search is slow under jest.
  return PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true, filterType: 1 });
}

function toJpeg(r: Raster, quality: number): Uint8Array {
  return encodeJpeg({ width: r.width, height: r.height, data: r.data }, quality).data;
}

/** Splices an APP1 Exif segment carrying only the orientation tag right after SOI. */
function withExifOrientation(jpegBytes: Uint8Array, orientation: number, little = false): Uint8Array {
  const tiff = little
    ? [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0]
    : [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const len = payload.length + 2;
  const seg = [0xff, 0xe1, len >> 8, len & 0xff, ...payload];
  const out = new Uint8Array(jpegBytes.length + seg.length);
  out.set(jpegBytes.subarray(0, 2), 0);
  out.set(seg, 2);
  out.set(jpegBytes.subarray(2), 2 + seg.length);
  return out;
}

/** CRC-32 as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A zlib stream of "stored" (uncompressed) deflate blocks: valid, and needs no compressor. */
function zlibStored(data: Uint8Array): Uint8Array {
  const parts: number[] = [0x78, 0x01];
  for (let i = 0; i === 0 || i < data.length; i += 65535) {
    const block = data.subarray(i, i + 65535);
    const last = i + 65535 >= data.length ? 1 : 0;
    parts.push(
      last,
      block.length & 0xff,
      block.length >> 8,
      ~block.length & 0xff,
      (~block.length >> 8) & 0xff,
    );
    for (const b of block) parts.push(b);
  }
  let a = 1;
  let b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  const adler = ((b << 16) | a) >>> 0;
  parts.push(adler >>> 24, (adler >>> 16) & 0xff, (adler >>> 8) & 0xff, adler & 0xff);
  return Uint8Array.from(parts);
}

/** An Adam7-interlaced RGBA PNG (pngjs can read but not write these). `extra` appends junk image data. */
function interlacedPng(r: Raster, extra = 0): Uint8Array {
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  const raw: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= r.width || y0 >= r.height) continue;
    for (let y = y0; y < r.height; y += dy) {
      raw.push(0); // filter: none
      for (let x = x0; x < r.width; x += dx)
        raw.push(...r.data.subarray((y * r.width + x) * 4, (y * r.width + x) * 4 + 4));
    }
  }
  for (let i = 0; i < extra; i++) raw.push(0);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(r.width, 0);
  ihdr.writeUInt32BE(r.height, 4);
  ihdr.set([8, 6, 0, 0, 1], 8); // depth 8, RGBA, deflate, filter 0, Adam7
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlibStored(Uint8Array.from(raw))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

describe('imageDHash: copies of one picture stay within NEAR_IMAGE_DISTANCE', () => {
  const original = picture(640, 480);
  const base = imageDHash(toPng(original));

  it('is 16 hex characters and stable for identical bytes', () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(imageDHash(toPng(original))).toBe(base);
  });

  it.each([
    ['downscaled to 300×225 (bilinear)', () => toPng(resizeBilinear(original, 300, 225))],
    ['upscaled to 1001×751 (non-integer factor)', () => toPng(resizeBilinear(original, 1001, 751))],
    ['squashed to 500×480 (aspect changed a little)', () => toPng(resizeBilinear(original, 500, 480))],
    ['re-encoded as JPEG quality 60', () => toJpeg(original, 60)],
    ['re-encoded as JPEG quality 20', () => toJpeg(original, 20)],
    ['brightened by 20 levels', () => toPng(brighten(original, 20))],
    [
      'resized + brightened + JPEG 60 together',
      () => toJpeg(brighten(resizeBilinear(original, 480, 360), 15), 60),
    ],
    ['saved as a grey PNG', () => toPng(original, 0)],
  ])('%s', (_label, make) => {
    const d = hammingHex(base, imageDHash(make()));
    expect(d).toBeLessThanOrEqual(NEAR_IMAGE_DISTANCE);
  });

  it('a different picture is far (> 20 bits)', () => {
    const other = imageDHash(toPng(picture(640, 480, 1)));
    expect(hammingHex(base, other)).toBeGreaterThan(20);
  });

  it('a mirrored copy is not treated as the same (dHash is not flip-invariant; documented limitation)', () => {
    const m = original.data.slice();
    for (let y = 0; y < original.height; y++) {
      for (let x = 0; x < original.width; x++) {
        const s = (y * original.width + (original.width - 1 - x)) * 4;
        m.set(original.data.subarray(s, s + 4), (y * original.width + x) * 4);
      }
    }
    expect(hammingHex(base, imageDHash(toPng({ ...original, data: m })))).toBeGreaterThan(
      NEAR_IMAGE_DISTANCE,
    );
  });
});

describe('EXIF orientation', () => {
  const upright = picture(320, 240);
  const uprightHash = imageDHash(toJpeg(upright, 90));
  const stored = toJpeg(rotateCcw(upright), 90);

  it('a phone photo stored sideways with orientation 6 hashes like the upright picture', () => {
    expect(readImageHeader(withExifOrientation(stored, 6)).orientation).toBe(6);
    expect(readImageHeader(withExifOrientation(stored, 6, true)).orientation).toBe(6);
    expect(hammingHex(uprightHash, imageDHash(withExifOrientation(stored, 6)))).toBeLessThanOrEqual(2);
    expect(hammingHex(uprightHash, imageDHash(withExifOrientation(stored, 6, true)))).toBeLessThanOrEqual(2);
  });

  it('without the tag the sideways bytes are a different picture', () => {
    expect(hammingHex(uprightHash, imageDHash(stored))).toBeGreaterThan(NEAR_IMAGE_DISTANCE);
  });

  it('hashing turns the small grid, which equals hashing the turned full image (all 8 orientations)', () => {
    const bytes = toJpeg(picture(320, 240), 90);
    const hashes = new Set<string>();
    for (let o = 1; o <= 8; o++) {
      const tagged = withExifOrientation(bytes, o);
      const h = imageDHash(tagged);
      expect(h).toBe(dHashGray(decodeGray(tagged)));
      hashes.add(h);
    }
    expect(hashes.size).toBe(8); // each orientation really changes what is hashed
  });

  it('all eight orientations map pixels the EXIF way (checked on a 3×2 image)', () => {
    // stored:  a b c      values 1 2 3
    //          d e f             4 5 6
    const img = { width: 3, height: 2, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    for (let o = 1; o <= 8; o++) {
      const decoded = decodeGray(withExifOrientation(toJpeg(picture(3, 2), 95), o));
      expect([decoded.width, decoded.height]).toEqual(o >= 5 ? [2, 3] : [3, 2]); // 5–8 swap width and height
    }
    // Expected upright views (row-major):
    expect(Array.from(orient(img, 1).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(orient(img, 2).data)).toEqual([3, 2, 1, 6, 5, 4]); // mirrored
    expect(Array.from(orient(img, 3).data)).toEqual([6, 5, 4, 3, 2, 1]); // 180°
    expect(Array.from(orient(img, 4).data)).toEqual([4, 5, 6, 1, 2, 3]); // flipped
    expect(Array.from(orient(img, 5).data)).toEqual([1, 4, 2, 5, 3, 6]); // transpose
    expect(Array.from(orient(img, 6).data)).toEqual([4, 1, 5, 2, 6, 3]); // rotate 90° CW
    expect(Array.from(orient(img, 7).data)).toEqual([6, 3, 5, 2, 4, 1]); // transverse
    expect(Array.from(orient(img, 8).data)).toEqual([3, 6, 2, 5, 1, 4]); // rotate 90° CCW
  });
});

describe('decoding details', () => {
  it('transparent pixels count as white paper', () => {
    const drawing = picture(200, 150);
    const onWhite = { ...drawing, data: drawing.data.slice() };
    const transparent = { ...drawing, data: drawing.data.slice() };
    for (let y = 0; y < 150; y++) {
      for (let x = 0; x < 100; x++) {
        const i = (y * 200 + x) * 4;
        onWhite.data.set([255, 255, 255, 255], i);
        transparent.data.set([0, 0, 0, 0], i); // black but fully transparent
      }
    }
    expect(imageDHash(toPng(transparent))).toBe(imageDHash(toPng(onWhite)));
  });

  it('area averaging: a 2×1 image shrunk to 1×1 is the mean; an 18×8 image halves exactly', () => {
    expect(Array.from(resizeArea({ width: 2, height: 1, data: Float64Array.from([10, 30]) }, 1, 1))).toEqual([
      20,
    ]);
    // 3 source pixels into 2 cells: cell 0 = (a + b/2)/1.5, cell 1 = (b/2 + c)/1.5
    const r = resizeArea({ width: 3, height: 1, data: Float64Array.from([0, 30, 60]) }, 2, 1);
    expect(r[0]).toBeCloseTo(10, 10);
    expect(r[1]).toBeCloseTo(50, 10);
    // A 1-pixel image stretched to 9×8 is flat: every comparison is "not brighter" → all zero bits.
    expect(dHashGray({ width: 1, height: 1, data: Float64Array.from([99]) })).toBe('0000000000000000');
  });

  it('a left-to-right darkening ramp sets every bit', () => {
    const data = new Float64Array(90 * 40);
    for (let i = 0; i < data.length; i++) data[i] = 255 - (i % 90) * 2;
    expect(dHashGray({ width: 90, height: 40, data })).toBe('ffffffffffffffff');
  });

  it('refuses non-images and broken files with ImageFormatError (an INVALID_ARGUMENT AppError)', () => {
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
    expect(() => imageDHash(gif)).toThrow(ImageFormatError);
    const png = toPng(picture(40, 30));
    expect(() => imageDHash(png.subarray(0, 60))).toThrow(ImageFormatError);
    const jpg = toJpeg(picture(40, 30), 80);
    expect(() => imageDHash(jpg.subarray(0, 20))).toThrow(ImageFormatError);
    try {
      imageDHash(gif);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(ErrorCode.INVALID_ARGUMENT);
    }
  });
});

describe('decompression bombs are refused from the header', () => {
  it('PNG whose IHDR declares 10000×5000 (50 MP) → ImageTooLargeError, without inflating anything', () => {
    const png = Buffer.from(toPng(picture(16, 16)));
    png.writeUInt32BE(10000, 16);
    png.writeUInt32BE(5000, 20);
    expect(() => imageDHash(png)).toThrow(ImageTooLargeError);
    try {
      imageDHash(png);
    } catch (err) {
      expect(err).toMatchObject({ width: 10000, height: 5000, code: ErrorCode.INVALID_ARGUMENT });
    }
  });

  it('JPEG whose SOF declares 8000×6000 (48 MP) → ImageTooLargeError', () => {
    const jpg = Buffer.from(toJpeg(picture(16, 16), 80));
    // Find SOF0 (FF C0): length(2) precision(1) height(2) width(2)
    const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    jpg.writeUInt16BE(6000, sof + 5);
    jpg.writeUInt16BE(8000, sof + 7);
    expect(() => readImageHeader(jpg)).toThrow(ImageTooLargeError);
    expect(() => imageDHash(jpg)).toThrow(ImageTooLargeError);
  });

  it('interlaced PNGs decode, but image data beyond the declared size is refused before pngjs inflates it', () => {
    const small = picture(40, 30);
    expect(imageDHash(interlacedPng(small))).toBe(imageDHash(toPng(small)));
    // Declared 40×30 but carrying 200 kB more image data: a decompression bomb in miniature.
    try {
      imageDHash(interlacedPng(small, 200_000));
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toBeInstanceOf(ImageFormatError);
      expect((err as ImageFormatError).details).toEqual({
        reason: 'png: image data larger than declared (bomb?)',
      });
    }
  });

  it('a real interlaced bomb (20 MB of image data deflated to ~20 kB, declared 40×30) is refused', () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(40, 0);
    ihdr.writeUInt32BE(30, 4);
    ihdr.set([8, 6, 0, 0, 1], 8);
    const payload = deflateSync(Buffer.alloc(20_000_000));
    expect(payload.length).toBeLessThan(50_000);
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', payload),
      pngChunk('IEND', new Uint8Array(0)),
    ]);
    expect(() => imageDHash(bomb)).toThrow(
      expect.objectContaining({ details: { reason: 'png: image data larger than declared (bomb?)' } }),
    );
  });

  it('the limit can be lowered for functions with little memory', () => {
    const photo = toJpeg(picture(400, 300), 80); // 120,000 pixels
    expect(imageDHash(photo, { maxPixels: 120_000 })).toMatch(/^[0-9a-f]{16}$/);
    expect(() => imageDHash(photo, { maxPixels: 119_999 })).toThrow(ImageTooLargeError);
    expect(() => decodeGray(photo, { maxPixels: 100_000 })).toThrow('10 万像素');
  });

  it('the limit is inclusive at 40 MP', () => {
    const png = Buffer.from(toPng(picture(16, 16)));
    png.writeUInt32BE(8000, 16);
    png.writeUInt32BE(5000, 20); // exactly 40,000,000
    expect(readImageHeader(png)).toMatchObject({ format: 'png', width: 8000, height: 5000 });
    png.writeUInt32BE(5001, 20);
    expect(() => readImageHeader(png)).toThrow(ImageTooLargeError);
    expect(MAX_IMAGE_PIXELS).toBe(40_000_000);
  });
});

describe('hammingHex and hashChunks', () => {
  it('counts differing bits', () => {
    expect(hammingHex('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingHex('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingHex('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingHex('00000000F0000000', '00000000f0000000')).toBe(0); // case-insensitive
    expect(hammingHex('0123456789abcdef', 'fedcba9876543210')).toBe(64); // each nibble x ^ (15 - x) = f
    expect(hammingHex('0123456789abcdef', '0000000000000000')).toBe(32); // 0+1+1+2+1+2+2+3+1+2+2+3+2+3+3+4
  });

  it('rejects malformed hashes', () => {
    expect(() => hammingHex('abc', '0000000000000000')).toThrow(RangeError);
    expect(() => hashChunks('zz00000000000000')).toThrow(RangeError);
  });

  it('gives 8 keys "i:xx"', () => {
    expect(hashChunks('A35F000000000001')).toEqual([
      '0:a3',
      '1:5f',
      '2:00',
      '3:00',
      '4:00',
      '5:00',
      '6:00',
      '7:01',
    ]);
  });

  it('pigeonhole: any two hashes within distance 7 share a chunk (checked on 2,000 random pairs)', () => {
    const rand = mulberry32(7);
    for (let t = 0; t < 2000; t++) {
      const bits = Array.from({ length: 64 }, () => pick(rand, 2));
      const flipped = bits.slice();
      const k = 1 + pick(rand, 7);
      const positions = new Set<number>();
      while (positions.size < k) positions.add(pick(rand, 64));
      for (const p of positions) flipped[p] ^= 1;
      const a = toHex(bits);
      const b = toHex(flipped);
      expect(hammingHex(a, b)).toBe(k);
      const shared = hashChunks(a).filter((c) => hashChunks(b).includes(c));
      expect(shared.length).toBeGreaterThanOrEqual(8 - k);
    }
  });

  it('the bound is tight: 8 flips, one per byte, share no chunk', () => {
    const a = '0000000000000000';
    const b = '0101010101010101';
    expect(hammingHex(a, b)).toBe(8);
    expect(hashChunks(a).filter((c) => hashChunks(b).includes(c))).toEqual([]);
  });
});

describe('hashWords and hashWordProbes (multi-index lookup for large calls)', () => {
  it('gives 4 stored keys and 68 probe keys, the stored ones among the probes', () => {
    expect(hashWords('A35F000000000001')).toEqual(['w0:a35f', 'w1:0000', 'w2:0000', 'w3:0001']);
    const probes = hashWordProbes('a35f000000000001');
    expect(probes).toHaveLength(68);
    expect(new Set(probes).size).toBe(68);
    for (const k of hashWords('a35f000000000001')) expect(probes).toContain(k);
    expect(probes).toContain('w3:0000'); // last bit flipped back
    expect(() => hashWords('xyz')).toThrow(RangeError);
  });

  it('pigeonhole: a hash within distance 7 always has a stored word among the probes (2,000 random pairs)', () => {
    const rand = mulberry32(11);
    for (let t = 0; t < 2000; t++) {
      const bits = Array.from({ length: 64 }, () => pick(rand, 2));
      const flipped = bits.slice();
      const k = 1 + pick(rand, 7);
      const positions = new Set<number>();
      while (positions.size < k) positions.add(pick(rand, 64));
      for (const p of positions) flipped[p] ^= 1;
      const probes = new Set(hashWordProbes(toHex(bits)));
      expect(hashWords(toHex(flipped)).some((w) => probes.has(w))).toBe(true);
    }
  });

  it('the bound is tight: 8 flips, two per word, meet no probe', () => {
    const probes = new Set(hashWordProbes('0000000000000000'));
    expect(hammingHex('0000000000000000', '0003000300030003')).toBe(8);
    expect(hashWords('0003000300030003').some((w) => probes.has(w))).toBe(false);
  });
});

function toHex(bits: number[]): string {
  let hex = '';
  for (let i = 0; i < 64; i += 4)
    hex += ((bits[i] << 3) | (bits[i + 1] << 2) | (bits[i + 2] << 1) | bits[i + 3]).toString(16);
  return hex;
}

describe('timing', () => {
  it('dHash of a 1080×1440 JPEG (printed)', () => {
    const photo = toJpeg(picture(1080, 1440), 85);
    imageDHash(photo); // warm-up (JIT)
    const { value, ms } = timeIt(() => imageDHash(photo));
    expect(value).toMatch(/^[0-9a-f]{16}$/);
    console.log(`dHash of a 1080×1440 JPEG (${photo.length} bytes): ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(5000);
  });
});
