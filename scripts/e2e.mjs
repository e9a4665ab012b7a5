#!/usr/bin/env node
// `npm run test:e2e`: build the H5 app, start the real local server on a free port with a fresh data
// folder, and run every e2e/*.e2e.mjs story in Debian's Chromium (playwright-core). Each story exports
// `run({ baseUrl, browser, screenshotDir })` and throws on failure; failures leave a screenshot.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { precompress } from './precompress.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.E2E_H5_DIR ?? path.join(root, 'build', 'e2e-h5');
const screenshotDir = path.join(root, 'test-results', 'e2e');
mkdirSync(screenshotDir, { recursive: true });

/** Chromium flags for this sandbox (no GPU, no background network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer ${url} within ${ms} ms`);
}

if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(path.join(outDir, 'index.html'))) {
  console.log('e2e: building H5…');
  const res = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT: path.relative(root, outDir) },
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
// Serve what `npm start` serves: brotli/gzip twins next to the hashed assets.
await precompress(outDir);

const port = await freePort();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cgn-e2e-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STATIC_DIR: outDir,
    ROLLUP_INTERVAL_MS: '500',
    // Stories assert on counts they cause themselves: start from the small demo city only.
    DEMO_ACTIVITY: '0',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const baseUrl = `http://127.0.0.1:${port}`;
let passed = 0;
let failed = 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
  // Downloads (the .xlsx exports) land here, not in the repository.
  downloadsPath: path.join(dataDir, 'downloads'),
});
try {
  await waitFor(`${baseUrl}/healthz`, 30_000);
  const only = process.argv[2];
  const stories = readdirSync(path.join(root, 'e2e'))
    .filter((f) => f.endsWith('.e2e.mjs') && (!only || f.includes(only)))
    .sort();
  for (const file of stories) {
    const started = Date.now();
    try {
      const mod = await import(pathToFileURL(path.join(root, 'e2e', file)).href);
      await mod.run({ baseUrl, browser, screenshotDir });
      passed++;
      console.log(`✓ ${file} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.error(`✗ ${file}: ${err?.stack ?? err}`);
    }
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
