/**
 * E2E story of issue #4 (family cards) in Chromium against a running local server with the H5 build:
 * a parent logs in, a blocked slogan is refused with its reason, a card is made and rendered, the
 * poster PNG is downloaded and compared with a reference image (QR code masked: it encodes the new
 * card's id), the school's card count rises on the card wall, and the public card page shows the
 * card without login with names masked.
 *
 *   import { run } from './e2e/card.e2e.mjs'; await run({ baseUrl, browser, screenshotDir });
 *   node e2e/card.e2e.mjs                     # BASE_URL (default http://127.0.0.1:8814)
 *   node e2e/card.e2e.mjs --make-reference    # re-render e2e/reference/card-poster.png
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';
import { bundlePoster } from '../bench/poster.mjs';

const { PNG } = pngjs;
const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE = path.join(here, 'reference', 'card-poster.png');

/** The card the story makes (the reference image is rendered from the same data). */
export const CARD = {
  templateId: 'wenming',
  slogan: '文明上网，从我家做起！我们全家一起做校园好网民，不信谣、不传谣。',
  names: '王小雨 王大明',
  maskedNames: ['王*雨', '王*明'],
  schoolName: '华龙区绿茵小学',
  className: '小学三年级2班',
};
const BLOCKED = '你们都是傻 Ｂ';

/** Poster geometry (src/packages/card/poster/draw.ts) and the comparison scale. */
const POSTER = { w: 1080, h: 1920 };
const QR_BOX = { x: 772, y: 1640, size: 248 };
const SCALE = 4;
/** Tolerance: mean channel difference and share of clearly different pixels (outside the QR box). */
const TOLERANCE = { mean: 6, share: 0.02, pixel: 48 };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Box-filter a decoded PNG down by an integer factor (RGB only, alpha ignored). */
function downscale(png, factor) {
  const w = Math.floor(png.width / factor);
  const h = Math.floor(png.height / factor);
  const out = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const acc = [0, 0, 0];
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++) {
          const i = ((y * factor + dy) * png.width + (x * factor + dx)) * 4;
          acc[0] += png.data[i];
          acc[1] += png.data[i + 1];
          acc[2] += png.data[i + 2];
        }
      }
      const o = (y * w + x) * 4;
      const n = factor * factor;
      out.data[o] = Math.round(acc[0] / n);
      out.data[o + 1] = Math.round(acc[1] / n);
      out.data[o + 2] = Math.round(acc[2] / n);
      out.data[o + 3] = 255;
    }
  }
  return out;
}

/** Compare two same-size images outside the (scaled) QR box. */
export function compareImages(a, b, scale = SCALE) {
  if (a.width !== b.width || a.height !== b.height) {
    return { ok: false, why: `size ${a.width}x${a.height} vs ${b.width}x${b.height}` };
  }
  const m = 6; // margin around the QR frame
  const qx0 = QR_BOX.x / scale - m;
  const qy0 = QR_BOX.y / scale - m;
  const qx1 = (QR_BOX.x + QR_BOX.size) / scale + m;
  const qy1 = (QR_BOX.y + QR_BOX.size) / scale + m;
  let sum = 0;
  let count = 0;
  let different = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (x >= qx0 && x <= qx1 && y >= qy0 && y <= qy1) continue;
      const i = (y * a.width + x) * 4;
      const d = Math.max(
        Math.abs(a.data[i] - b.data[i]),
        Math.abs(a.data[i + 1] - b.data[i + 1]),
        Math.abs(a.data[i + 2] - b.data[i + 2]),
      );
      sum += d;
      count++;
      if (d > TOLERANCE.pixel) different++;
    }
  }
  const mean = sum / count;
  const share = different / count;
  return { ok: mean <= TOLERANCE.mean && share <= TOLERANCE.share, mean, share };
}

/** Render the story's card with the real drawing code (no QR) and save the downscaled reference. */
export async function makeReference(browser) {
  const page = await browser.newPage();
  try {
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: await bundlePoster() });
    const dataUrl = await page.evaluate(async (card) => {
      await document.fonts.ready;
      const canvas = document.createElement('canvas');
      canvas.width = 1080;
      canvas.height = 1920;
      window.Poster.drawPoster(canvas.getContext('2d'), {
        templateId: card.templateId,
        slogan: card.slogan,
        reply: null,
        names: card.maskedNames,
        schoolName: card.schoolName,
        className: card.className,
        qr: null,
        photo: null,
      });
      return canvas.toDataURL('image/png');
    }, CARD);
    const full = PNG.sync.read(Buffer.from(dataUrl.split(',')[1], 'base64'));
    await fs.mkdir(path.dirname(REFERENCE), { recursive: true });
    await fs.writeFile(REFERENCE, PNG.sync.write(downscale(full, SCALE)));
    return REFERENCE;
  } finally {
    await page.close();
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(`card e2e: ${message}`);
}

/** Run the story. Throws on the first failure; answers what it saw. */
export async function run({ baseUrl, browser, screenshotDir }) {
  await fs.mkdir(screenshotDir, { recursive: true });
  const shot = (page, name) =>
    page.screenshot({ path: path.join(screenshotDir, `card-e2e-${name}.png`), fullPage: true });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const button = (text) => page.locator('taro-button-core:visible', { hasText: text }).first();
  const wallCount = async () => {
    await page.goto(`${baseUrl}/#/packages/card/wall/index?schoolId=school-lvyin&t=${Date.now()}`);
    await page.reload();
    const el = page.locator('#wall-count:visible');
    await el.waitFor({ timeout: 15000 });
    const m = /已有 (\d+) 张卡片/.exec(await el.innerText());
    assert(m, 'the wall shows no card count');
    return Number(m[1]);
  };
  try {
    // 1. Log in as the demo parent.
    await page.goto(`${baseUrl}/#/pages/login/index`);
    await page.locator('taro-button-core[data-openid="demo-parent"]').click();
    await page.waitForTimeout(1000);
    const before = await wallCount();

    // 2. A blocked slogan is refused with its reason.
    await page.goto(`${baseUrl}/#/packages/card/make/index`);
    await page.reload();
    await page.locator('#tpl-wenming:visible').click();
    await page.locator('#slogan:visible textarea').fill(BLOCKED);
    await button('生成卡片').click();
    const modal = page.locator('.taro-modal__content');
    await modal.waitFor({ state: 'visible', timeout: 15000 });
    const reason = await modal.innerText();
    assert(
      /不文明/.test(reason) && reason.includes('傻*'),
      `blocked slogan refused without its reason: ${reason}`,
    );
    await shot(page, 'blocked');
    await modal.locator('text=知道了').click();

    // 3. Make the card and see it render.
    await page.locator('#slogan:visible textarea').fill(CARD.slogan);
    await page.locator('#names:visible input').fill(CARD.names);
    await button('生成卡片').click();
    await page.waitForURL(/packages\/card\/view\/index\?id=/, { timeout: 15000 });
    const cardId = new URL(page.url().replace('/#/', '/')).searchParams.get('id');
    assert(cardId, 'no card id in the view URL');
    const img = page.locator('#poster-img:visible img');
    await img.waitFor({ timeout: 15000 });
    assert((await img.getAttribute('src'))?.startsWith('blob:'), 'the poster image did not render');
    await page.waitForTimeout(300);
    await shot(page, 'view');

    // 4. Download the PNG and compare it with the reference image.
    const download = page.waitForEvent('download');
    await button('下载图片').click();
    const file = path.join(screenshotDir, 'card-e2e-poster.png');
    await (await download).saveAs(file);
    const poster = PNG.sync.read(await fs.readFile(file));
    assert(
      poster.width === POSTER.w && poster.height === POSTER.h,
      `poster is ${poster.width}x${poster.height}`,
    );
    const reference = PNG.sync.read(await fs.readFile(REFERENCE));
    const diff = compareImages(downscale(poster, SCALE), reference);
    assert(diff.ok, `poster differs from the reference: ${JSON.stringify(diff)}`);

    // 5. The school's card count rises (counters roll up every few seconds).
    let after = before;
    for (let i = 0; i < 10 && after <= before; i++) {
      await page.waitForTimeout(1500);
      after = await wallCount();
    }
    assert(after === before + 1, `school card count went from ${before} to ${after}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(screenshotDir, 'card-e2e-wall.png') });

    // 6. The public page works without login and shows masked names only.
    const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const pub = await visitor.newPage();
    await pub.goto(`${baseUrl}/#/packages/card/view/index?id=${cardId}`);
    await pub.reload();
    await pub.locator('#poster-img:visible img').waitFor({ timeout: 15000 });
    const text = await pub.locator('body').innerText();
    assert(
      text.includes('姓名已打码') && !text.includes('王小雨'),
      'public page is not read-only with masked names',
    );
    await pub.screenshot({ path: path.join(screenshotDir, 'card-e2e-public.png'), fullPage: true });
    await visitor.close();

    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
    return { cardId, before, after, diff };
  } catch (err) {
    await shot(page, 'failure').catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    if (process.argv.includes('--make-reference')) {
      console.log(`reference written: ${await makeReference(browser)}`);
    } else {
      const res = await run({
        baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8814',
        browser,
        screenshotDir: process.env.SCREENSHOT_DIR ?? '/tmp',
      });
      console.log('card e2e passed', JSON.stringify(res));
    }
  } finally {
    await browser.close();
  }
}
