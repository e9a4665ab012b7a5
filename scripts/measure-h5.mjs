#!/usr/bin/env node
// Report the H5 first-load size and, with --throttle, how fast a student reaches the home page.
// Usage:
//   node scripts/measure-h5.mjs [dir]                        what index.html loads: raw, gzip, brotli
//   node scripts/measure-h5.mjs [dir] --browser <url>        + the JS the login page really fetched
//   node scripts/measure-h5.mjs [dir] --throttle [--url <url>] [--runs 3]
//       Log in as the demo student through the login page (click 进入 next to demo-student) on a
//       mid-range phone profile (4× CPU slowdown, 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency) and
//       without throttling; print the median of `runs` cold visits: time to the demo login list, time
//       to the student's home with its data, bytes on the wire (compressed) for each, and a repeat visit.
//       Without --url it starts the local server (server/main.ts) on a free port with a fresh data
//       folder (the small demo city: DEMO_ACTIVITY=0 unless set), serving [dir] (default dist-h5).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const VALUE_FLAGS = new Set(['--browser', '--url', '--runs']);
/** Value of `--name <value>` on the command line, if given. */
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.has(args[i - 1]));
const dir = path.resolve(positional[0] ?? 'dist-h5');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** A mid-range phone on a slow mobile network (the profile of issue 8.6). */
const PHONE = {
  cpu: 4,
  network: {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1000 * 1000) / 8,
    uploadThroughput: (750 * 1000) / 8,
  },
};
const STUDENT = 'demo-student';
const KB = (n) => (n / 1024).toFixed(1);

/** Sizes of the scripts and stylesheets index.html loads or preloads (raw, gzip -9, brotli). */
function staticReport() {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  // Scripts, stylesheets and the chunks preloaded for the first screen (config/prod.ts).
  const assets = [
    ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]+href="([^"]+\.(?:css|js))"/g)].map((m) => m[1]),
  ];
  let raw = 0;
  let gz = 0;
  let br = 0;
  let jsGz = 0;
  console.log('asset'.padEnd(48), 'raw KB'.padStart(8), 'gzip KB'.padStart(8), 'br KB'.padStart(8));
  for (const a of assets) {
    const bytes = readFileSync(path.join(dir, a.replace(/^\//, '')));
    const g = gzipSync(bytes, { level: 9 }).length;
    const b = brotliCompressSync(bytes).length;
    raw += bytes.length;
    gz += g;
    br += b;
    if (a.endsWith('.js')) jsGz += g;
    console.log(a.padEnd(48), KB(bytes.length).padStart(8), KB(g).padStart(8), KB(b).padStart(8));
  }
  console.log('total'.padEnd(48), KB(raw).padStart(8), KB(gz).padStart(8), KB(br).padStart(8));
  console.log(`first-load JS (gzip): ${KB(jsGz)} KB`);
}

/** Launch Debian's Chromium through playwright-core. */
async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** With --browser <url>: load the login page and sum the JS it really fetched (gzip). */
async function browserReport(url) {
  const browser = await launch();
  const page = await browser.newPage();
  const seen = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'script') seen.push(res.body().then((b) => [res.url(), b]));
  });
  await page.goto(`${url}/#/pages/login/index`);
  await page.waitForLoadState('networkidle');
  let total = 0;
  for (const [u, body] of await Promise.all(seen)) {
    const g = gzipSync(body, { level: 9 }).length;
    total += g;
    console.log(`loaded ${u.replace(/^https?:\/\/[^/]+/, '')}: ${KB(g)} KB gzip`);
  }
  console.log(`first page (login) JS actually loaded, gzip: ${KB(total)} KB`);
  await browser.close();
}

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Start server/main.ts serving `dir` with a fresh demo city; resolves to its URL and a stop function. */
async function startServer() {
  if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`no H5 build in ${dir}`);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cgn-measure-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: dir,
      // The student's home reads the same two documents either way; the small city starts in a second.
      DEMO_ACTIVITY: process.env.DEMO_ACTIVITY ?? '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited before answering');
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error('the server did not answer /healthz within 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

// Runs in the page before any of its scripts: note (performance.now(), ms since navigation start) the
// first frame in which the demo login list shows the student's 进入 button, the user's tap, and the first
// frame in which the home page shows the student's own line (identity.me answered) and the activity list
// (campaign.get answered). Checked once per frame: an element in the DOM is not yet one on screen. The
// harness taps as soon as the list shows: "tap → home" is what the app makes the user wait after a tap.
const MARKS_SCRIPT = `(() => {
  const marks = (window.__cgnMarks = {});
  const shown = (el) =>
    !!el && el.getBoundingClientRect().height > 0 &&
    (!el.checkVisibility || el.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
  const frame = () => {
    const entry = document.querySelector('[data-openid="${STUDENT}"]');
    if (marks.list === undefined && shown(entry)) {
      marks.list = performance.now();
      const r = entry.getBoundingClientRect();
      // Tell the harness at once where to tap (a binding call instead of polling round trips).
      window.__cgnListShown?.({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
    }
    const home = document.querySelector('.home');
    if (marks.home === undefined && shown(home) && shown(home.querySelector('.activity')) && /· 王小雨/.test(home.textContent || '')) {
      marks.home = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener('click', () => { if (marks.click === undefined) marks.click = performance.now(); }, true);
})();`;

/** One cold visit in a fresh context: login page → click the student → home; then a repeat visit. */
async function visit(browser, url, throttled) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
  });
  if (throttled) {
    await cdp.send('Network.emulateNetworkConditions', PHONE.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpu });
  }
  let listShown;
  const where = new Promise((resolve) => (listShown = resolve));
  await page.exposeBinding('__cgnListShown', (_source, point) => listShown(point));
  await page.addInitScript(MARKS_SCRIPT);
  const marks = () => page.evaluate(() => window.__cgnMarks);
  await page.goto(`${url}/#/pages/login/index`, { waitUntil: 'commit' });
  const point = await Promise.race([
    where,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('the login list did not show in 60 s')), 60_000).unref(),
    ),
  ]);
  const listBytes = bytes;
  const listRequests = requests;
  // Tap 进入 next to the student, where a user's finger would.
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => window.__cgnMarks.home !== undefined, null, { timeout: 60_000 });
  const m = await marks();
  const homeBytes = bytes;
  const homeRequests = requests;
  // Repeat visit: the same phone opens the app again (logged in, warm HTTP cache).
  bytes = 0;
  requests = 0;
  await page.goto(`${url}/#/pages/index/index`, { waitUntil: 'commit' });
  await page.reload({ waitUntil: 'commit' });
  await page.waitForFunction(() => window.__cgnMarks?.home !== undefined, null, { timeout: 60_000 });
  const again = await marks();
  await context.close();
  return {
    list: m.list,
    home: m.home,
    clickToHome: m.home - m.click,
    listKB: listBytes / 1024,
    homeKB: homeBytes / 1024,
    listRequests,
    homeRequests,
    repeatHome: again.home,
    repeatKB: bytes / 1024,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** With --throttle: median of `runs` visits under the phone profile and without throttling. */
async function throttleReport() {
  const runs = Number(flag('--runs') ?? 3);
  const given = flag('--url');
  const server = given ? { url: given.replace(/\/$/, ''), stop: async () => {} } : await startServer();
  const browser = await launch();
  try {
    // One warm-up visit so the server's first-request costs do not land on the first measured run.
    await visit(browser, server.url, false);
    for (const [label, throttled] of [
      ['mid-range phone (4× CPU, 1.6 Mbit/s, 150 ms)', true],
      ['no throttling', false],
    ]) {
      const all = [];
      for (let i = 0; i < runs; i++) {
        const r = await visit(browser, server.url, throttled);
        all.push(r);
        console.log(
          `  run ${i + 1}: login list ${(r.list / 1000).toFixed(2)} s, student home ${(r.home / 1000).toFixed(2)} s` +
            ` (tap→home ${(r.clickToHome / 1000).toFixed(2)} s), ${KB(r.homeKB * 1024)} KB in ${r.homeRequests} requests;` +
            ` repeat visit ${(r.repeatHome / 1000).toFixed(2)} s, ${KB(r.repeatKB * 1024)} KB`,
        );
      }
      const med = (k) => median(all.map((r) => r[k]));
      console.log(`${label}, median of ${runs}:`);
      console.log(`  time to the demo login list:      ${(med('list') / 1000).toFixed(2)} s`);
      console.log(
        `  time to the student's home:       ${(med('home') / 1000).toFixed(2)} s (from opening the app, tap included)`,
      );
      console.log(`    of which tap → home:            ${(med('clickToHome') / 1000).toFixed(2)} s`);
      console.log(
        `  bytes for the login screen:       ${med('listKB').toFixed(1)} KB (${med('listRequests')} requests)`,
      );
      console.log(
        `  bytes up to the student's home:   ${med('homeKB').toFixed(1)} KB (${med('homeRequests')} requests)`,
      );
      console.log(
        `  repeat visit to the home:         ${(med('repeatHome') / 1000).toFixed(2)} s, ${med('repeatKB').toFixed(1)} KB`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (args.includes('--throttle')) {
  await throttleReport();
} else {
  staticReport();
  const url = flag('--browser');
  if (url) await browserReport(url);
}
