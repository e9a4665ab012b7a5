#!/usr/bin/env node
/**
 * npm run check:weapp — build the weapp for production into dist/ and check it offline the way WeChat will:
 *
 * 1. `taro build --type weapp` with NODE_ENV=production (skip with --no-build to check an existing dist/).
 * 2. miniprogram-ci (WeChat's compiler from DevTools, offline with a dummy key): getCompiledResult checks
 *    app.json / page json schema, missing page files; analyseCode reports per-file sizes, unresolved
 *    references and WXSS parse errors.
 * 3. WeChat's own WXML compiler (wcc, from miniprogram-compiler) on every .wxml, which miniprogram-ci skips,
 *    and a V8 parse of every compiled .js (miniprogram-ci only parses JS when it transpiles with es6: true).
 * 4. Sizes of the compiled files summed per package root: fails when the main package exceeds 400 KB (our
 *    budget; WeChat's limit is 2 MB) or any subpackage exceeds 2 MB.
 *
 * Exit code 0 = all good, 1 = a check failed. Options: --no-build, --dist <dir> (default dist), --top <n>.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const KB = 1024;
const MB = 1024 * 1024;
const MAIN_LIMIT = 400 * KB;
const SUB_LIMIT = 2 * MB;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const build = !args.includes('--no-build');
const dist = path.resolve(root, option('--dist', 'dist'));
const top = Number(option('--top', '8'));

/** Problems found; any makes the script exit 1. */
const problems = [];
const fail = (message) => problems.push(message);

// miniprogram-ci logs its internals and a failed (harmless offline) fetch of WeChat's extension allow-list;
// keep everything else it prints.
const NOISE = [
  /^\[miniprogram-builder\]/,
  /^\[summer-compiler\]/,
  /^serialize mini-weixin/,
  /^Initial scan complete/,
  /^shouldCreate return/,
  /servicewechat\.com|get white ext list fail/,
];
async function quietly(fn) {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const filter =
    (orig) =>
    (...parts) => {
      const text = parts
        .map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : String(p)))
        .join(' ');
      if (!NOISE.some((re) => re.test(text.trim()))) orig(...parts);
    };
  for (const k of Object.keys(saved)) console[k] = filter(saved[k]);
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
  }
}

function runBuild() {
  const started = Date.now();
  process.stdout.write(`Building weapp (production) into ${path.relative(root, dist) || '.'} … `);
  const env = { ...process.env, NODE_ENV: 'production' };
  delete env.TARO_ENV;
  delete env.TARO_PLATFORM;
  if (dist !== path.join(root, 'dist')) env.TARO_OUTPUT = path.relative(root, dist);
  else delete env.TARO_OUTPUT;
  const res = spawnSync(path.join(root, 'node_modules/.bin/taro'), ['build', '--type', 'weapp'], {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  // Taro can exit 0 after webpack errors: read its report too.
  if (
    res.status !== 0 ||
    /Compiled with some errors|✖ Errors/.test(output) ||
    !fs.existsSync(path.join(dist, 'app.js'))
  ) {
    console.log('failed');
    console.log(stripVTControlCharacters(output).slice(-6000));
    console.error('FAIL: the weapp build failed');
    process.exit(1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function appId() {
  for (const file of [path.join(dist, 'project.config.json'), path.join(root, 'project.config.json')]) {
    const id = readJson(file)?.appid;
    if (id) return id;
  }
  return 'touristappid';
}

/** The package a file belongs to: the longest subpackage root that prefixes it, else the main package. */
function packageOf(file, roots) {
  let best = null;
  for (const r of roots) if (file.startsWith(`${r}/`) && (!best || r.length > best.length)) best = r;
  return best ?? 'main';
}

const fmtKB = (bytes) => (bytes / KB).toFixed(1);
function table(rows, headers, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (align[i] === 'r' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  if (build) runBuild();
  if (!fs.existsSync(path.join(dist, 'app.json'))) {
    console.error(`FAIL: ${dist} holds no app.json (build first, or drop --no-build)`);
    process.exit(1);
  }
  const appJson = readJson(path.join(dist, 'app.json'));
  const roots = (appJson?.subPackages ?? appJson?.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));

  // miniprogram-ci leaves an empty cache folder in the working directory: keep it out of the repository.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cgn-weapp-ci-'));
  process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
  process.chdir(scratch);
  const ci = await quietly(() => require('miniprogram-ci'));
  const project = new ci.Project({
    appid: appId(),
    type: 'miniProgram',
    projectPath: dist,
    privateKey: 'unused',
    attr: async () => ci.DefaultProjectAttr,
  });
  const settings = readJson(path.join(dist, 'project.config.json'))?.setting ?? {};

  // 1. WeChat's compiler: app.json / page json schema, missing files; output = what an upload would ship.
  let compiled = {};
  await quietly(async () => {
    try {
      compiled = await ci.getCompiledResult({
        project,
        version: '0.0.0',
        setting: { es6: Boolean(settings.es6), minify: Boolean(settings.minified) },
        onProgressUpdate: (task) => {
          if (typeof task === 'object' && task.status === 'fail') fail(`miniprogram-ci: ${task.message}`);
        },
      });
    } catch (err) {
      fail(`miniprogram-ci compile: ${err?.message ?? err}${err?.code ? ` (code ${err.code})` : ''}`);
    }
  });

  // 2. Code analysis: unresolved references, WXSS parse errors, per-file sizes.
  const analysis = await quietly(() => ci.analyseCode(project, { silent: true }));
  for (const mod of analysis?.modules ?? []) {
    if (mod.buildError) fail(`${mod.path}: ${mod.buildError}`);
    for (const e of mod.errors ?? []) fail(`${mod.path}: ${e}`);
    for (const dep of mod.deps ?? []) if (dep.error) fail(`${mod.path}: ${dep.error}`);
  }

  // 3. WXML through wcc, WXSS through wcsc (WeChat's compilers), JS through V8's parser.
  const wx = require('miniprogram-compiler');
  try {
    wx.wxmlToJs(dist);
  } catch (err) {
    fail(`wcc (WXML): ${String(err?.message ?? err).trim()}`);
  }
  try {
    wx.wxssToJs(dist);
  } catch (err) {
    fail(`wcsc (WXSS): ${String(err?.message ?? err).trim()}`);
  }
  for (const [file, content] of Object.entries(compiled)) {
    if (!file.endsWith('.js')) continue;
    try {
      new vm.Script(String(content), { filename: file });
    } catch (err) {
      fail(`${file}: JS syntax error: ${err.message}`);
    }
  }

  // 4. Sizes per package: compiled output when the compiler produced it, else the files analyseCode saw.
  const fromCompiler = Object.keys(compiled).length > 0;
  const files = fromCompiler
    ? Object.entries(compiled).map(([file, content]) => ({ file, size: Buffer.byteLength(content) }))
    : (analysis?.files ?? []).map((f) => ({ file: f.path, size: f.size }));
  const packages = new Map([
    ['main', { files: 0, bytes: 0, list: [] }],
    ...roots.map((r) => [r, { files: 0, bytes: 0, list: [] }]),
  ]);
  for (const f of files) {
    const pkg = packages.get(packageOf(f.file, roots));
    pkg.files += 1;
    pkg.bytes += f.size;
    pkg.list.push(f);
  }
  const rows = [];
  let total = 0;
  for (const [name, pkg] of packages) {
    const limit = name === 'main' ? MAIN_LIMIT : SUB_LIMIT;
    const over = pkg.bytes > limit;
    if (over) fail(`${name} package is ${fmtKB(pkg.bytes)} KB, over its ${fmtKB(limit)} KB limit`);
    total += pkg.bytes;
    rows.push([name, pkg.files, pkg.bytes, fmtKB(pkg.bytes), fmtKB(limit), over ? 'OVER' : 'ok']);
  }
  rows.push(['total', files.length, total, fmtKB(total), '', '']);

  const source = fromCompiler
    ? `compiled by miniprogram-ci ${require('miniprogram-ci/package.json').version}`
    : 'source files: the compiler failed';
  console.log(`\nweapp packages (${path.relative(root, dist) || dist}, ${source}, appid ${appId()}):\n`);
  console.log(
    table(rows, ['package', 'files', 'bytes', 'KB', 'limit KB', 'status'], ['l', 'r', 'r', 'r', 'r', 'l']),
  );
  if (top > 0) {
    const main = packages.get('main');
    const biggest = [...main.list].sort((a, b) => b.size - a.size).slice(0, top);
    console.log(`\nlargest files of the main package:\n`);
    console.log(
      table(
        biggest.map((f) => [f.file, f.size, fmtKB(f.size)]),
        ['file', 'bytes', 'KB'],
        ['l', 'r', 'r'],
      ),
    );
  }

  if (problems.length) {
    console.error(`\nFAIL: ${problems.length} problem(s):`);
    for (const p of problems) console.error(`  - ${p}`);
    return 1;
  }
  console.log('\nOK: compiled by miniprogram-ci without errors, WXML/WXSS/JS parse, packages within limits.');
  return 0;
}

main().then(
  // miniprogram-ci keeps a compiler child and file watchers alive: leave explicitly.
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
