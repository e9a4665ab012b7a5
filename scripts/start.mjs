#!/usr/bin/env node
// `npm start`: build the H5 app when its sources changed since the last build, precompress it (brotli +
// gzip twins, served by the server as they are), then run the local server (same cloud-function code on
// the embedded store) and print the address.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist-h5');

/** Newest modification time of any file under the given folders. */
function newest(dirs) {
  let max = 0;
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(path.join(p, f));
    else max = Math.max(max, st.mtimeMs);
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return max;
}

const built = existsSync(path.join(out, 'index.html')) ? statSync(path.join(out, 'index.html')).mtimeMs : 0;
const sources = newest(['src', 'config', 'core'].map((d) => path.join(root, d)));
if (process.env.SKIP_BUILD !== '1' && built < sources) {
  console.log('Building the H5 app (about 30 s)…');
  const res = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT: 'dist-h5' },
  });
  if (res.status !== 0) {
    console.error('H5 build failed');
    process.exit(res.status ?? 1);
  }
}
// Idempotent: only assets without fresh twins are compressed (also a build made by hand).
if (existsSync(path.join(out, 'index.html'))) await precompress(out);
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
const stop = (sig) => server.kill(sig);
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
