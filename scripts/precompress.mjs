#!/usr/bin/env node
// Write brotli (.br) and gzip (.gz) twins next to every content-hashed asset of an H5 build, so the local
// server (@fastify/static, preCompressed) sends them compressed without compressing per request.
// Only content-hashed files (js/app.8d51a745.js, css/113.37bf62ef….css) get twins: their content never
// changes under their name, so a twin can never go stale; index.html stays as it is (under 1 KB).
// Idempotent: a twin newer than its file is kept. Usage: node scripts/precompress.mjs [dist-h5]
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Extensions worth compressing (text); images and fonts like woff2 are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|map|xml|ttf|otf|eot|ico|wasm)$/i;
/** A content hash in the file name, as Taro/webpack emit it: name.<8–32 hex>.ext. */
const HASHED = /\.[0-9a-f]{8,32}\.[a-z0-9]+$/i;
/** Smaller files fit in one packet anyway. */
const MIN_BYTES = 1024;

/** Every file under `dir` (recursively). */
async function filesUnder(dir) {
  const out = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Whether `twin` exists and is at least as new as `file`. */
async function fresh(twin, mtimeMs) {
  try {
    return (await fs.stat(twin)).mtimeMs >= mtimeMs;
  } catch {
    return false;
  }
}

/** Write `file`.br and `file`.gz when missing or older than the file; returns what it did. */
async function compressOne(file) {
  const st = await fs.stat(file);
  if (st.size < MIN_BYTES) return { written: 0, raw: st.size, br: st.size };
  const twins = [
    [
      `${file}.br`,
      (b) =>
        brotli(b, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length,
          },
        }),
    ],
    [`${file}.gz`, (b) => gzip(b, { level: 9 })],
  ];
  let bytes = null;
  let written = 0;
  let brSize = st.size;
  for (const [twin, compress] of twins) {
    if (await fresh(twin, st.mtimeMs)) {
      if (twin.endsWith('.br')) brSize = (await fs.stat(twin)).size;
      continue;
    }
    bytes ??= await fs.readFile(file);
    const packed = await compress(bytes);
    // Not worth it (already compressed data): leave no twin, the server sends the file itself.
    if (packed.length >= bytes.length * 0.95) {
      await fs.rm(twin, { force: true });
      continue;
    }
    await fs.writeFile(`${twin}.tmp`, packed);
    await fs.rename(`${twin}.tmp`, twin);
    if (twin.endsWith('.br')) brSize = packed.length;
    written++;
  }
  return { written, raw: st.size, br: brSize };
}

/** Precompress the content-hashed assets of `dir`; resolves to counts for a one-line log. */
export async function precompress(dir) {
  const all = await filesUnder(dir);
  const present = new Set(all);
  // Twins of files that are gone (a rebuild without emptying the folder) would only waste space.
  for (const f of all) {
    const m = /^(.*)\.(br|gz)$/.exec(f);
    if (m && !present.has(m[1])) await fs.rm(f, { force: true });
  }
  const targets = all.filter((f) => COMPRESSIBLE.test(f) && HASHED.test(path.basename(f)));
  let written = 0;
  let raw = 0;
  let br = 0;
  // Two at a time: zlib runs on the libuv pool, and this machine may be busy building.
  for (let i = 0; i < targets.length; i += 2) {
    for (const r of await Promise.all(targets.slice(i, i + 2).map(compressOne))) {
      written += r.written;
      raw += r.raw;
      br += r.br;
    }
  }
  return { files: targets.length, written, raw, br };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? 'dist-h5');
  if (!existsSync(dir)) {
    console.error(`precompress: no folder ${dir}`);
    process.exit(1);
  }
  const started = Date.now();
  const r = await precompress(dir);
  console.log(
    `precompress: ${r.files} hashed assets in ${path.relative(process.cwd(), dir) || '.'}, ` +
      `${r.written} twins written in ${Date.now() - started} ms, ` +
      `${(r.raw / 1024).toFixed(0)} KB → ${(r.br / 1024).toFixed(0)} KB brotli`,
  );
}
