/**
 * Bundle every cloud function for CloudBase into `build/cloudfunctions/<name>/{index.js,
 * package.json, config.json}`. The functions are every key of FUNCTIONS (core/functions/index.ts)
 * plus every folder `cloudfunctions/<name>/` holding an index.ts (e.g. a timer-triggered function
 * outside FUNCTIONS). A FUNCTIONS key without a folder gets the standard entry
 * `export const main = makeMain('<name>')` and the default config.json, so adding a function is
 * one line in FUNCTIONS; a folder is needed only for its own entry or config.json (permissions,
 * triggers). Nothing to register here.
 *
 * Everything is bundled, @cloudbase/node-sdk and exceljs included, so a folder deploys as is: no
 * `npm install` in the cloud (slow, needs the registry, may resolve other versions than the ones
 * tested here) and the generated package.json has no dependencies. The esbuild target follows the
 * function's runtime in cloudbaserc.json, so syntax and runtime never disagree.
 *
 * Runs offline. After bundling it loads each bundle in a fresh Node process and checks that `main`
 * is a function, then prints a size table. Usage: `npm run build:functions` (tsx).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { FUNCTIONS } from '../core/functions';

const ROOT = path.resolve(__dirname, '..');
const SRC_DIR = path.join(ROOT, 'cloudfunctions');
const OUT_DIR = path.join(ROOT, 'build', 'cloudfunctions');
const RC_FILE = path.join(ROOT, 'cloudbaserc.json');

/** Runtime used when cloudbaserc.json does not name one (bundles need fetch and structuredClone: Node 18+). */
export const DEFAULT_RUNTIME = 'Nodejs18.15';

/** config.json for a function without its own: the cloud calls any FUNCTIONS handler may make. */
export const DEFAULT_CONFIG = {
  permissions: { openapi: ['subscribeMessage.send', 'security.msgSecCheck', 'security.mediaCheckAsync'] },
};

interface RcFunction {
  name: string;
  runtime?: string;
}

/** Every folder under cloudfunctions/ holding an index.ts, sorted. */
export function discoverFunctions(srcDir = SRC_DIR): string[] {
  if (!fs.existsSync(srcDir)) return [];
  return fs
    .readdirSync(srcDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(srcDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** One function to build: its name and whether it has its own folder (entry and maybe config.json). */
export interface PlannedFunction {
  name: string;
  hasFolder: boolean;
}

/** Every function to build: FUNCTIONS keys and cloudfunctions/ folders, sorted by name. */
export function planFunctions(srcDir = SRC_DIR): PlannedFunction[] {
  const folders = discoverFunctions(srcDir);
  const all = new Set([...Object.keys(FUNCTIONS), ...folders]);
  return [...all].sort().map((name) => ({ name, hasFolder: folders.includes(name) }));
}

/** 'Nodejs18.15' → 'node18.15' (the esbuild target for that runtime). */
export function targetForRuntime(runtime: string): string {
  const match = /^nodejs(\d+(?:\.\d+)*)$/i.exec(runtime.trim());
  if (!match) throw new Error(`unsupported runtime ${JSON.stringify(runtime)} (expected e.g. "Nodejs18.15")`);
  return `node${match[1]}`;
}

function readRcFunctions(): RcFunction[] {
  if (!fs.existsSync(RC_FILE)) return [];
  const rc = JSON.parse(fs.readFileSync(RC_FILE, 'utf8')) as { functions?: RcFunction[] };
  return rc.functions ?? [];
}

/**
 * node-sdk reads its version from ../../package.json next to its own file at runtime; inside a
 * bundle that path does not exist and the SDK would report "unknow". Inline the real version.
 */
function inlineSdkVersion(): Plugin {
  return {
    name: 'inline-node-sdk-version',
    setup(b) {
      b.onLoad({ filter: /[\\/]@cloudbase[\\/]node-sdk[\\/]dist[\\/]utils[\\/]version\.js$/ }, (args) => {
        const pkgFile = path.resolve(path.dirname(args.path), '../../package.json');
        const version = (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { version: string }).version;
        return { contents: `exports.version = ${JSON.stringify(version)};`, loader: 'js' };
      });
    },
  };
}

/** Biggest packages in a bundle (by bytes of output they contribute). */
function topPackages(meta: Metafile, count: number): string {
  const sizes = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(input);
      const key = m ? m[1].replace(/\\/g, '/') : '(app)';
      sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kb(bytes)}`)
    .join(', ');
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Load a bundle in a fresh Node process (no network is touched: the SDK initialises lazily). */
function checkLoads(file: string): void {
  const probe = `const m = require(${JSON.stringify(file)}); if (typeof m.main !== 'function') { console.error('main is not a function'); process.exit(1); }`;
  const res = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0)
    throw new Error(`${path.relative(ROOT, file)} does not load:\n${res.stderr || res.error}`);
}

interface Built {
  name: string;
  entry: string;
  target: string;
  bytes: number;
  gzip: number;
  top: string;
}

/** Bundle one function into OUT_DIR/<name>. */
export async function buildFunction({ name, hasFolder }: PlannedFunction, runtime: string): Promise<Built> {
  if (!/^[a-z][a-zA-Z0-9_-]*$/.test(name)) throw new Error(`invalid function name ${JSON.stringify(name)}`);
  const srcDir = path.join(SRC_DIR, name);
  const outDir = path.join(OUT_DIR, name);
  const outfile = path.join(outDir, 'index.js');
  const target = targetForRuntime(runtime);
  fs.mkdirSync(outDir, { recursive: true });
  const entry: BuildOptions = hasFolder
    ? { entryPoints: [path.join(srcDir, 'index.ts')] }
    : {
        stdin: {
          contents: `import { makeMain } from './adapters/cloudbase';\nexport const main = makeMain(${JSON.stringify(name)});\n`,
          resolveDir: ROOT,
          sourcefile: `cloudfunctions/${name}/index.ts (generated)`,
          loader: 'ts',
        },
      };
  const result = await build({
    ...entry,
    outfile,
    bundle: true,
    platform: 'node',
    target,
    format: 'cjs',
    // Identifiers stay readable in cloud logs; whitespace and syntax are minified for size.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [inlineSdkVersion()],
    banner: { js: `/* ${name}: generated by scripts/build-functions.ts, do not edit */` },
  });
  const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const pkg = {
    name,
    version: rootPkg.version,
    private: true,
    description: `CloudBase function ${name} (bundled: no dependencies to install)`,
    main: 'index.js',
    dependencies: {},
  };
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const configSrc = path.join(srcDir, 'config.json');
  if (fs.existsSync(configSrc)) {
    JSON.parse(fs.readFileSync(configSrc, 'utf8')); // fail the build on invalid JSON
    fs.copyFileSync(configSrc, path.join(outDir, 'config.json'));
  } else {
    fs.writeFileSync(path.join(outDir, 'config.json'), `${JSON.stringify(DEFAULT_CONFIG, null, 2)}\n`);
  }
  checkLoads(outfile);
  const code = fs.readFileSync(outfile);
  return {
    name,
    entry: hasFolder ? 'folder' : 'generated',
    target,
    bytes: code.length,
    gzip: gzipSync(code).length,
    top: topPackages(result.metafile, 4),
  };
}

function printTable(rows: Built[]): void {
  const header = ['function', 'entry', 'target', 'index.js', 'gzip', 'largest parts'];
  const lines = rows.map((r) => [r.name, r.entry, r.target, kb(r.bytes), kb(r.gzip), r.top]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  console.log(fmt(header));
  console.log(fmt(widths.map((w) => '-'.repeat(w))));
  for (const l of lines) console.log(fmt(l));
}

async function main(): Promise<void> {
  const planned = planFunctions();
  if (planned.length === 0)
    throw new Error('no functions: FUNCTIONS is empty and cloudfunctions/ has no <name>/index.ts');
  const rc = readRcFunctions();
  const missing = planned.map((f) => f.name).filter((n) => !rc.some((f) => f.name === n));
  if (missing.length > 0) {
    console.warn(
      `note: ${missing.join(', ')} not in cloudbaserc.json: built for ${DEFAULT_RUNTIME}; deploy uses default settings (see docs/deploy.md).`,
    );
  }
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const started = Date.now();
  const rows: Built[] = [];
  for (const fn of planned) {
    const runtime = rc.find((f) => f.name === fn.name)?.runtime ?? DEFAULT_RUNTIME;
    rows.push(await buildFunction(fn, runtime));
  }
  printTable(rows);
  console.log(
    `\n${rows.length} function(s) in ${path.relative(ROOT, OUT_DIR)} (${Date.now() - started} ms), each loads offline.`,
  );
}

// Run when executed (tsx scripts/build-functions.ts), not when imported (tests).
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
