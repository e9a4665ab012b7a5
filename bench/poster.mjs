/**
 * Poster render benchmark (`npm run bench:poster`): bundles the real drawing module
 * (src/packages/card/poster/draw.ts, with core/poster layout and the QR encoder) with esbuild, loads it
 * in headless Chromium and renders a 1080×1920 poster RUNS times (photo, 60-character slogan, reply,
 * masked names, school, QR). Prints the median draw time and the median draw + PNG encode time.
 * Target: median ≤ 500 ms. Env: RUNS (default 30), CHROMIUM (default /usr/bin/chromium).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 30);
const TARGET_MS = 500;

/** Bundle the drawing module into a browser script exposing `window.Poster`. */
export async function bundlePoster() {
  const out = await build({
    entryPoints: [path.join(root, 'src/packages/card/poster/draw.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'Poster',
    platform: 'browser',
    target: 'chrome100',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const script = await bundlePoster();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(async (runs) => {
      await document.fonts.ready;
      // A synthetic 1200×900 "family photo".
      const photo = document.createElement('canvas');
      photo.width = 1200;
      photo.height = 900;
      const p = photo.getContext('2d');
      const g = p.createLinearGradient(0, 0, 1200, 900);
      g.addColorStop(0, '#8ec5fc');
      g.addColorStop(1, '#e0c3fc');
      p.fillStyle = g;
      p.fillRect(0, 0, 1200, 900);
      for (let i = 0; i < 40; i++) {
        p.fillStyle = `hsl(${i * 9}, 70%, 60%)`;
        p.beginPath();
        p.arc((i * 97) % 1200, (i * 53) % 900, 40 + (i % 5) * 10, 0, Math.PI * 2);
        p.fill();
      }
      const data = {
        templateId: 'shouqianshou',
        slogan:
          '文明上网，从我家做起！我们全家约定：不信谣、不传谣，每天上网不超过一小时，遇到问题先问爸爸妈妈和老师。',
        reply: { role: 'child', text: '我会按时下线，先完成作业！' },
        names: ['王*雨', '王*明', '李*梅'],
        schoolName: '华龙区绿茵小学',
        className: '小学三年级2班',
        qr: {
          kind: 'text',
          text: 'http://127.0.0.1:8787/#/packages/card/view/index?id=0123456789abcdef01234567',
        },
        photo,
      };
      const render = () => {
        const canvas = document.createElement('canvas');
        canvas.width = window.Poster.POSTER_W;
        canvas.height = window.Poster.POSTER_H;
        const ctx = canvas.getContext('2d');
        window.Poster.drawPoster(ctx, data);
        ctx.getImageData(0, 0, 1, 1); // make sure the drawing has been executed
        return canvas;
      };
      const png = (canvas) => new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      for (let i = 0; i < 3; i++) await png(render()); // warm-up (fonts, JIT)
      const draw = [];
      const withPng = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const canvas = render();
        const t1 = performance.now();
        const blob = await png(canvas);
        const t2 = performance.now();
        draw.push(t1 - t0);
        withPng.push(t2 - t0);
        bytes = blob.size;
      }
      return { draw, withPng, bytes };
    }, RUNS);
    const drawMed = median(result.draw);
    const pngMed = median(result.withPng);
    console.log(`poster 1080x1920, ${RUNS} runs in headless Chromium`);
    console.log(
      `  draw (canvas 2d):        median ${drawMed.toFixed(1)} ms  (min ${Math.min(...result.draw).toFixed(1)}, max ${Math.max(...result.draw).toFixed(1)})`,
    );
    console.log(
      `  draw + PNG encode:       median ${pngMed.toFixed(1)} ms  (PNG ${(result.bytes / 1024).toFixed(0)} KB)`,
    );
    console.log(`  target ≤ ${TARGET_MS} ms: ${pngMed <= TARGET_MS ? 'met' : 'NOT met'}`);
    if (process.env.BENCH_STRICT === '1' && pngMed > TARGET_MS) process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
