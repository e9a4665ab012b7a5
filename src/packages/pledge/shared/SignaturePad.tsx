import { Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { createElement, forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

/** What a page can do with the pad: know whether anything was drawn, clear it, export the strokes as PNG. */
export interface SignaturePadHandle {
  isEmpty(): boolean;
  clear(): void;
  /** A PNG the upload helper accepts: a data URL on H5, a temp file path on weapp. */
  exportPng(): Promise<string>;
}

/** Strokes shorter than this many segments count as an accidental tap, not a signature. */
const MIN_SEGMENTS = 8;

type Ctx = CanvasRenderingContext2D;

/** Paint the blank pad: white, so the exported image reads well anywhere. */
function paintBlank(ctx: Ctx, width: number, height: number) {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.restore();
  ctx.lineWidth = 5;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = '#1d1a17';
}

/**
 * A hand-signature pad: draw with a finger (weapp 2d canvas, touch) or a finger/mouse (H5 canvas,
 * pointer events). `onChange(empty)` reports whether a real signature is on it.
 */
export const SignaturePad = forwardRef<
  SignaturePadHandle,
  { id: string; onChange?: (empty: boolean) => void; placeholder?: string }
>(function SignaturePad({ id, onChange, placeholder }, ref) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const nodeRef = useRef<Taro.Canvas | null>(null);
  const ctxRef = useRef<Ctx | null>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const segments = useRef(0);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const setup = (
    canvas: HTMLCanvasElement | Taro.Canvas,
    cssWidth: number,
    cssHeight: number,
    dpr: number,
  ) => {
    canvas.width = Math.round(cssWidth * dpr);
    canvas.height = Math.round(cssHeight * dpr);
    const ctx = canvas.getContext('2d') as Ctx;
    ctx.scale(dpr, dpr);
    paintBlank(ctx, canvas.width, canvas.height);
    ctxRef.current = ctx;
  };

  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') {
      const canvas = canvasRef.current;
      if (!canvas) return;
      const rect = canvas.getBoundingClientRect();
      setup(canvas, rect.width || 320, rect.height || 180, window.devicePixelRatio || 1);
      return;
    }
    void Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: Taro.Canvas; width: number; height: number }[]) => {
          const hit = res?.[0];
          if (!hit?.node) return;
          nodeRef.current = hit.node;
          setup(hit.node, hit.width, hit.height, Taro.getWindowInfo?.().pixelRatio ?? 2);
        });
    });
  }, [id]);

  const start = (x: number, y: number) => {
    last.current = { x, y };
  };
  const move = (x: number, y: number) => {
    const ctx = ctxRef.current;
    const from = last.current;
    if (!ctx || !from) return;
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(x, y);
    ctx.stroke();
    last.current = { x, y };
    segments.current++;
    if (segments.current === MIN_SEGMENTS) onChangeRef.current?.(false);
  };
  const end = () => {
    last.current = null;
  };

  useImperativeHandle(ref, () => ({
    isEmpty: () => segments.current < MIN_SEGMENTS,
    clear() {
      const canvas = canvasRef.current ?? nodeRef.current;
      if (ctxRef.current && canvas) paintBlank(ctxRef.current, canvas.width, canvas.height);
      segments.current = 0;
      onChangeRef.current?.(true);
    },
    async exportPng() {
      if (process.env.TARO_ENV === 'h5') return canvasRef.current!.toDataURL('image/png');
      const res = await Taro.canvasToTempFilePath({
        canvas: nodeRef.current!,
        fileType: 'png',
      } as Taro.canvasToTempFilePath.Option);
      return res.tempFilePath;
    },
  }));

  const hint = <Text className="pl-pad-hint">{placeholder ?? '在这里用手指写下你的名字'}</Text>;
  if (process.env.TARO_ENV === 'h5') {
    const point = (e: PointerEvent) => {
      const rect = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    return (
      <View className="pl-pad">
        {createElement('canvas', {
          id,
          ref: canvasRef,
          className: 'pl-pad-canvas',
          onPointerDown: (e: PointerEvent) => {
            e.preventDefault();
            (e.currentTarget as HTMLCanvasElement).setPointerCapture?.(e.pointerId);
            const p = point(e);
            start(p.x, p.y);
          },
          onPointerMove: (e: PointerEvent) => {
            if (!last.current) return;
            e.preventDefault();
            const p = point(e);
            move(p.x, p.y);
          },
          onPointerUp: end,
          onPointerCancel: end,
          onPointerLeave: end,
        })}
        {hint}
      </View>
    );
  }
  type Touch = { x: number; y: number };
  const touch = (e: { touches: unknown[] }) => e.touches[0] as Touch;
  return (
    <View className="pl-pad">
      <Canvas
        type="2d"
        id={id}
        className="pl-pad-canvas"
        disableScroll
        onTouchStart={(e) => start(touch(e).x, touch(e).y)}
        onTouchMove={(e) => move(touch(e).x, touch(e).y)}
        onTouchEnd={end}
        onTouchCancel={end}
      />
      {hint}
    </View>
  );
});
