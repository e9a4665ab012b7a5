/**
 * The family card poster of a card page: drawn once the card has loaded — H5 as an image (a PNG blob
 * URL at the device pixel ratio), weapp on the page's visible <Canvas type="2d"> — and saved at full
 * size (1080×1920): H5 downloads a PNG, weapp saves to the album (src/utils/canvas.ts, src/utils/album.ts).
 */
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { call, isLocalMode, type OutputOf } from '../../../api/client';
import type { SaveOutcome } from '../../../utils/album';
import {
  canvasNode,
  type Drawing,
  drawH5,
  drawOnNode,
  downloadPng,
  loadImage,
  pixelRatio,
  saveShownCanvas,
  toPngBlob,
} from '../../../utils/canvas';
import { showError } from '../../../utils/feedback';
import type { TemplateId } from '../../../../core/poster/templates';
import { localCardUrl } from '../shared';
import { drawPoster, POSTER_H, POSTER_W, type PosterData } from './draw';

/** What the card page loads: the public view of the card and its QR target (mini-program code or URL). */
export type CardView = Awaited<ReturnType<typeof loadCard>>;

/** Load a card and its QR target (the code is optional: a failure leaves the poster without it). */
export async function loadCard(cardId: string) {
  const view: OutputOf<'card', 'getPublic'> = await call('card', 'getPublic', { cardId });
  const code = await call('card', 'miniCode', { cardId }).catch(() => null);
  return { ...view, code };
}

/** Build what the poster shows; images are loaded for the given canvas (weapp) or as <img> (H5). */
async function posterData(v: CardView, cardId: string, canvas?: Taro.Canvas): Promise<PosterData> {
  const c = v.card;
  let qr: PosterData['qr'] = null;
  if (v.code?.kind === 'image' && v.code.url) {
    qr = await loadImage(v.code.url, canvas)
      .then((image) => ({ kind: 'image' as const, image }))
      .catch(() => null);
  }
  if (!qr) {
    const url = v.code?.url ?? (isLocalMode ? localCardUrl(cardId) : null);
    if (url) qr = { kind: 'text', text: url };
  }
  const photo = c.photoUrl ? await loadImage(c.photoUrl, canvas).catch(() => null) : null;
  return {
    templateId: c.templateId as TemplateId,
    slogan: c.slogan,
    reply: c.reply ? { role: c.reply.role, text: c.reply.text } : null,
    names: c.names,
    schoolName: c.schoolName,
    className: c.className,
    qr,
    photo,
  };
}

/** The poster as a drawing in its own 1080×1920 units. */
function drawingOf(data: PosterData): Drawing {
  return { width: POSTER_W, height: POSTER_H, draw: (ctx) => drawPoster(ctx, data) };
}

/**
 * Draw the poster of `card` (null while loading) `width` CSS pixels wide. weapp draws on the canvas
 * `#canvasId` of the page. Answers the H5 image URL, whether it is drawn, and `save`.
 */
export function usePoster(card: CardView | null, cardId: string, width: number, canvasId: string) {
  const [posterUrl, setPosterUrl] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);
  const drawing = useRef<Drawing | null>(null);

  useEffect(() => {
    if (!card) return;
    let cancelled = false;
    const draw = async () => {
      if (isLocalMode) {
        const d = drawingOf(await posterData(card, cardId));
        drawing.current = d;
        const blob = await toPngBlob(drawH5(d, width * pixelRatio()));
        if (cancelled) return;
        setPosterUrl((old) => {
          if (old) URL.revokeObjectURL(old);
          return URL.createObjectURL(blob);
        });
      } else {
        await Taro.nextTick(() => undefined);
        const { canvas } = await canvasNode(`#${canvasId}`);
        const d = drawingOf(await posterData(card, cardId, canvas));
        if (cancelled) return;
        drawing.current = d;
        drawOnNode(canvas, d, width);
      }
      setDrawn(true);
    };
    draw().catch((err) => !cancelled && showError(err));
    return () => {
      cancelled = true;
    };
  }, [card, cardId, width, canvasId]);

  /** Save at full size: H5 downloads (answers 'downloaded'); weapp saves the drawn canvas to the album. */
  const save = async (): Promise<SaveOutcome | 'downloaded' | null> => {
    const d = drawing.current;
    if (!d) return null;
    if (isLocalMode) {
      await downloadPng(d, `家庭卡片-${cardId.slice(0, 6)}.png`, POSTER_W);
      return 'downloaded';
    }
    return saveShownCanvas(`#${canvasId}`, d, POSTER_W, '卡片');
  };

  return { posterUrl, drawn, save };
}
