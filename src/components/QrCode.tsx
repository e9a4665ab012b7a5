import { Canvas, Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef } from 'react';
import { drawQr, qrDataUrl } from '../utils/qr';

/** Quiet zone around the code, in modules (the QR spec asks for 4; 2 scans fine on screens). */
const MARGIN = 2;

let seq = 0;

/**
 * A QR code for `value`, `size` CSS pixels square. H5: an <Image> of a data URL (long-press saves it);
 * weapp: drawn on a 2d <Canvas>.
 */
export function QrCode({ value, size = 200 }: { value: string; size?: number }) {
  const idRef = useRef(`qr-${++seq}`);
  const box = { width: `${size}px`, height: `${size}px` };

  const dataUrl = useMemo(
    () => (process.env.TARO_ENV === 'h5' ? qrDataUrl(value, size * 2, MARGIN) : ''),
    [value, size],
  );

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
          drawQr(ctx, value, { x: 0, y: 0, size: canvas.width }, { margin: MARGIN });
        });
    });
    return () => {
      cancelled = true;
    };
  }, [value]);

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
