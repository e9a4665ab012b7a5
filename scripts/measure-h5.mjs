#!/usr/bin/env node
// Report the H5 first-load size: every script and stylesheet index.html loads, raw and gzip.
// Usage: node scripts/measure-h5.mjs [dist-h5]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = path.resolve(process.argv[2] ?? 'dist-h5');
const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
const assets = [
  ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map((m) => m[1]),
];
let raw = 0;
let gz = 0;
let jsGz = 0;
console.log('asset'.padEnd(48), 'raw KB'.padStart(8), 'gzip KB'.padStart(8));
for (const a of assets) {
  const bytes = readFileSync(path.join(dir, a.replace(/^\//, '')));
  const g = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += g;
  if (a.endsWith('.js')) jsGz += g;
  console.log(a.padEnd(48), (bytes.length / 1024).toFixed(1).padStart(8), (g / 1024).toFixed(1).padStart(8));
}
console.log('total'.padEnd(48), (raw / 1024).toFixed(1).padStart(8), (gz / 1024).toFixed(1).padStart(8));
console.log(`first-load JS (gzip): ${(jsGz / 1024).toFixed(1)} KB`);

// With --browser <url>: load the home page in Chromium and sum the JS it really fetched (gzip).
const bi = process.argv.indexOf('--browser');
if (bi > 0) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
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
  const page = await browser.newPage();
  const seen = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'script') seen.push(res.body().then((b) => [res.url(), b]));
  });
  await page.goto(`${process.argv[bi + 1]}/#/pages/login/index`);
  await page.waitForLoadState('networkidle');
  let total = 0;
  for (const [url, body] of await Promise.all(seen)) {
    const g = gzipSync(body, { level: 9 }).length;
    total += g;
    console.log(`loaded ${url.replace(/^https?:\/\/[^/]+/, '')}: ${(g / 1024).toFixed(1)} KB gzip`);
  }
  console.log(`first page (login) JS actually loaded, gzip: ${(total / 1024).toFixed(1)} KB`);
  await browser.close();
}
