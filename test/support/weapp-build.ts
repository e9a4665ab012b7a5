/**
 * A weapp build for tests: use a given folder as is, or (re)build one with `taro build --type weapp` when it
 * is missing or older than the sources (src/, config/; test files ignored). Shared by the miniprogram-simulate
 * and miniprogram-automator tests.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { stripVTControlCharacters } from 'util';

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '../..');

/** Newest modification time of any non-test file under `dir`. */
function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Make sure `dist` holds a current weapp build and return its absolute path.
 * `given`: a folder named by the user (env), used as is (it must hold app.js). Otherwise `fallback`
 * (relative to the repo) is built when missing, stale, or when `rebuild` is set.
 */
export function ensureWeappBuild(opts: { given?: string; fallback: string; rebuild?: boolean }): string {
  if (opts.given) {
    const dist = path.resolve(repoRoot, opts.given);
    if (!fs.existsSync(path.join(dist, 'app.js'))) throw new Error(`${dist} holds no app.js: build it first`);
    return dist;
  }
  const dist = path.resolve(repoRoot, opts.fallback);
  const appJs = path.join(dist, 'app.js');
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'src')),
    newestMtime(path.join(repoRoot, 'config')),
  );
  const fresh = fs.existsSync(appJs) && fs.statSync(appJs).mtimeMs >= sources;
  if (fresh && !opts.rebuild) return dist;

  // The build picks its own TARO_ENV; drop any inherited one (jest's ui setup sets 'h5').
  const { TARO_ENV: _env, TARO_PLATFORM: _platform, ...inherited } = process.env;
  const env: Record<string, string | undefined> = {
    ...inherited,
    TARO_OUTPUT: path.relative(repoRoot, dist),
    NODE_ENV: 'production',
  };
  let output: string;
  try {
    output = execFileSync(path.join(repoRoot, 'node_modules/.bin/taro'), ['build', '--type', 'weapp'], {
      cwd: repoRoot,
      env: env as NodeJS.ProcessEnv,
      stdio: 'pipe',
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(
      `weapp build failed:\n${(e.stdout ?? '').slice(-3000)}\n${(e.stderr ?? '').slice(-3000)}`,
    );
  }
  // Taro can exit 0 after webpack errors: read its report too.
  if (/Compiled with some errors|✖ Errors/.test(output) || !fs.existsSync(appJs)) {
    throw new Error(`weapp build into ${dist} failed:\n${stripVTControlCharacters(output).slice(-3000)}`);
  }
  return dist;
}
