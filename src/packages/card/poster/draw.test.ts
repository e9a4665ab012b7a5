import { graphemes } from '../../../../core/poster/layout';
import { drawPoster, POSTER_W, QR_BOX, qrModules, type PosterData } from './draw';

/** A recording 2d context: text is measured as 1 em per CJK character, half an em otherwise. */
function recorder() {
  const texts: { text: string; x: number; y: number; font: string }[] = [];
  const calls: Record<string, number> = {};
  const state: Record<string, unknown> = { font: '10px sans-serif' };
  const size = () => Number(/(\d+)px/.exec(String(state.font))?.[1] ?? 10);
  const ctx = new Proxy(state, {
    get(target, prop: string) {
      if (prop in target) return target[prop];
      if (prop === 'measureText') {
        return (t: string) => ({
          width: graphemes(t).reduce((w, g) => w + (/^[\x20-\x7e]$/.test(g) ? size() / 2 : size()), 0),
        });
      }
      if (prop === 'fillText')
        return (text: string, x: number, y: number) => texts.push({ text, x, y, font: String(state.font) });
      if (prop === 'createLinearGradient') return () => ({ addColorStop: () => undefined });
      return (..._args: unknown[]) => {
        calls[prop] = (calls[prop] ?? 0) + 1;
      };
    },
    set(target, prop: string, value) {
      target[prop] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts, calls };
}

const data: PosterData = {
  templateId: 'wenming',
  slogan: '文明上网，从我家做起！我们全家一起做校园好网民，不信谣、不传谣。',
  reply: { role: 'child', text: '我会按时下线，先完成作业！' },
  names: ['王*雨', '王*明'],
  schoolName: '华龙区绿茵小学',
  className: '小学三年级2班',
  qr: { kind: 'text', text: 'http://127.0.0.1:8787/#/packages/card/view/index?id=abc' },
  photo: null,
};

describe('drawPoster', () => {
  it('draws the headline, the whole slogan, the line, masked names, school and a QR code', () => {
    const { ctx, texts, calls } = recorder();
    drawPoster(ctx, data);
    const all = texts.map((t) => t.text);
    expect(all).toContain('文明上网');
    expect(all).toContain('从我家做起');
    const sloganLines = texts.filter(
      (t) => t.y > 600 && t.font.includes('bold') && data.slogan.includes(t.text),
    );
    expect(sloganLines.map((t) => t.text).join('')).toBe(data.slogan);
    expect(all.some((t) => t.startsWith('孩子说：'))).toBe(true);
    expect(all).toContain('王*雨 王*明 一家');
    expect(all).toContain('华龙区绿茵小学 · 小学三年级2班');
    const modules = qrModules(data.qr!.kind === 'text' ? data.qr!.text : '');
    const dark = modules.flat().filter(Boolean).length;
    expect(calls.fillRect).toBeGreaterThanOrEqual(dark);
    for (const t of texts) expect(t.x).toBeLessThanOrEqual(POSTER_W);
    expect(QR_BOX.x + QR_BOX.size).toBeLessThanOrEqual(POSTER_W);
  });

  it('draws a photo when there is one and no QR when there is none', () => {
    const { ctx, calls } = recorder();
    drawPoster(ctx, { ...data, qr: null, photo: { width: 1200, height: 900 } as never });
    expect(calls.drawImage).toBe(1);
    expect(calls.fillRect ?? 0).toBeLessThan(5);
  });
});
