import { Canvas, Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import qrcode from 'qrcode-generator';
import { useEffect, useMemo, useRef } from 'react';

/** Quiet zone around the code, in modules (the QR spec asks for 4; 2 scans fine on screens). */
const MARGIN = 2;

/** Encode text as a QR matrix (error correction M, smallest version that fits; UTF-8 bytes). */
function makeQr(value: string) {
  const qr = qrcode(0, 'M');
  // The library writes each char code as one byte: hand it the UTF-8 bytes as a binary string.
  qr.addData(
    encodeURIComponent(value).replace(/%([0-9A-F]{2})/g, (_m, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    ),
  );
  qr.make();
  return qr;
}

let seq = 0;

/**
 * A QR code for `value`, `size` CSS pixels square. H5: an <Image> of a data URL (long-press saves it);
 * weapp: drawn on a 2d <Canvas>.
 */
export function QrCode({ value, size = 200 }: { value: string; size?: number }) {
  const qr = useMemo(() => makeQr(value), [value]);
  const idRef = useRef(`qr-${++seq}`);
  const box = { width: `${size}px`, height: `${size}px` };

  const dataUrl = useMemo(() => {
    if (process.env.TARO_ENV !== 'h5') return '';
    const count = qr.getModuleCount() + MARGIN * 2;
    const cell = Math.max(2, Math.ceil((size * 2) / count));
    return qr.createDataURL(cell, cell * MARGIN);
  }, [qr, size]);

  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') return;
    let cancelled = false;
    void Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${idRef.current}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: Taro.Canvas; width: number; height: number }[]) => {
          const hit = res?.[0];
          if (cancelled || !hit?.node) return;
          const canvas = hit.node;
          const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
          const dpr = Taro.getWindowInfo?.().pixelRatio ?? 2;
          canvas.width = hit.width * dpr;
          canvas.height = hit.height * dpr;
          const count = qr.getModuleCount();
          const cell = canvas.width / (count + MARGIN * 2);
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.fillStyle = '#000000';
          for (let r = 0; r < count; r++) {
            for (let c = 0; c < count; c++) {
              if (!qr.isDark(r, c)) continue;
              // Round outward so neighbouring modules leave no hairline gaps.
              const x = Math.floor((c + MARGIN) * cell);
              const y = Math.floor((r + MARGIN) * cell);
              ctx.fillRect(
                x,
                y,
                Math.ceil((c + MARGIN + 1) * cell) - x,
                Math.ceil((r + MARGIN + 1) * cell) - y,
              );
            }
          }
        });
    });
    return () => {
      cancelled = true;
    };
  }, [qr]);

  if (process.env.TARO_ENV === 'h5') {
    return (
      <View style={{ ...box, margin: '0 auto' }}>
        <Image src={dataUrl} style={box} mode="aspectFit" showMenuByLongpress />
      </View>
    );
  }
  return (
    <View style={{ ...box, margin: '0 auto' }}>
      <Canvas type="2d" id={idRef.current} style={box} />
    </View>
  );
}
