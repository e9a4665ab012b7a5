/**
 * Shared harness of the pledge and card miniprogram-automator stories (same approach as
 * join.automator.test.ts): WeChat DevTools runs the real weapp build; cloud functions are routed to a
 * local server seeded with the demo city, signed as whichever demo identity the current step plays.
 *
 * WeChat-only calls the stories cannot answer in DevTools (album, settings page, modals, subscribe
 * messages, launch scene) are replaced with `miniProgram.mockWxMethod`. Each mock answers through the
 * caller's own success / fail / complete callbacks (so a scripted failure such as "auth deny" reaches
 * the app exactly as WeChat sends it) and writes what it was called with to local storage under LOG_KEY,
 * which the test reads back with `mockLog()`.
 *
 * Environment: see join.automator.test.ts (WECHAT_DEVTOOLS_CLI, WEAPP_DIST, WECHAT_APPID,
 * AUTOMATOR_API_BASE, AUTOMATOR_WS).
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import automator from 'miniprogram-automator';
import type Element from 'miniprogram-automator/out/Element';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import { ensureWeappBuild, repoRoot } from '../support/weapp-build';

/** The mini-program's global, inside functions run there by miniProgram.evaluate. */
declare const wx: unknown;

export const CLI = process.env.WECHAT_DEVTOOLS_CLI;
export const SKIPPED = 'skipped: WECHAT_DEVTOOLS_CLI not set (miniprogram-automator needs WeChat DevTools)';
/** `describe` where DevTools is available, `describe.skip` elsewhere. */
export const suite = CLI ? describe : describe.skip;

/** Storage key the patched wx.cloud.callFunction reads the acting identity's token from. */
export const TOKEN_KEY = 'automator.token';
/** Storage key the mocked wx methods log their calls under. */
const LOG_KEY = 'automator.mocklog';

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `probe` until it returns something truthy; fail with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(300);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

/** The first element under `scope` matching `selector` whose text contains `text`. */
export async function byText(scope: Page | Element, selector: string, text: string): Promise<Element | null> {
  const elements = ((await scope.$$(selector)) ?? []) as Element[];
  for (const el of elements) if ((await el.text()).includes(text)) return el;
  return null;
}

/** The text of the page's root view (every Taro page here renders `<View className="page">`). */
export async function pageText(page: Page): Promise<string> {
  const root = await page.$('.page');
  return root ? root.text() : '';
}

export async function waitForText(page: Page, text: string, timeoutMs?: number): Promise<void> {
  await until(`"${text}" on ${page.path}`, async () => (await pageText(page)).includes(text), timeoutMs);
}

/** One scripted answer of a mocked async wx method: through success (default) or fail. */
export interface MockOutcome {
  fail?: boolean;
  res: Record<string, unknown>;
}

/** A call a mocked wx method received (the option fields the stories look at). */
export interface MockCall {
  api: string;
  fail: boolean;
  options: Record<string, unknown>;
}

/**
 * Source of a mock for the async wx method `method`: the n-th call (counted in the log since the last
 * `clearMockLog`) answers `outcomes[n]` (the last one repeats). Serialized and run inside the
 * mini-program, so it is self-contained: no closures, values inlined as JSON.
 */
function mockSource(method: string, outcomes: MockOutcome[]): string {
  return `function (obj) {
    obj = obj || {};
    var method = ${JSON.stringify(method)};
    var outcomes = ${JSON.stringify(outcomes)};
    var key = ${JSON.stringify(LOG_KEY)};
    var log = wx.getStorageSync(key) || [];
    var seen = 0;
    for (var i = 0; i < log.length; i++) if (log[i].api === method) seen++;
    var out = outcomes[Math.min(seen, outcomes.length - 1)];
    var fields = ['title', 'content', 'confirmText', 'icon', 'filePath', 'tmplIds', 'withSubscriptions'];
    var picked = {};
    for (var j = 0; j < fields.length; j++) if (obj[fields[j]] !== undefined) picked[fields[j]] = obj[fields[j]];
    log.push({ api: method, fail: !!out.fail, options: picked });
    wx.setStorageSync(key, log);
    setTimeout(function () {
      if (out.fail) { if (typeof obj.fail === 'function') obj.fail(out.res); }
      else if (typeof obj.success === 'function') obj.success(out.res);
      if (typeof obj.complete === 'function') obj.complete(out.res);
    }, 0);
    // Answered through the callbacks above; never through the mock's return value.
    return new Promise(function () {});
  }`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** DevTools with the weapp build, the local server behind its cloud functions, and helpers. */
export class Session {
  miniProgram!: MiniProgram;
  apiBase = '';
  private server: ChildProcess | undefined;
  private dataDir: string | undefined;
  private readonly tokens = new Map<string, string>();
  private readonly mocked = new Set<string>();

  async start(): Promise<void> {
    const dist = ensureWeappBuild({ given: process.env.WEAPP_DIST, fallback: 'build/weapp-test' });
    this.apiBase = process.env.AUTOMATOR_API_BASE ?? (await this.startLocalServer());
    this.miniProgram = process.env.AUTOMATOR_WS
      ? await automator.connect({ wsEndpoint: process.env.AUTOMATOR_WS })
      : await automator.launch({
          cliPath: CLI,
          projectPath: dist,
          trustProject: true,
          timeout: 120_000,
          // wx.request to http://127.0.0.1 needs the domain check off.
          projectConfig: {
            setting: { urlCheck: false },
            ...(process.env.WECHAT_APPID ? { appid: process.env.WECHAT_APPID } : {}),
          },
        });
    await this.routeCloudFunctions();
    await this.clearMockLog();
  }

  async stop(): Promise<void> {
    if (this.miniProgram) {
      await this.restore(...this.mocked).catch(() => undefined);
      if (process.env.AUTOMATOR_WS) this.miniProgram.disconnect();
      else await this.miniProgram.close();
    }
    const server = this.server;
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  async tokenOf(openid: string): Promise<string> {
    const known = this.tokens.get(openid);
    if (known) return known;
    const res = await fetch(`${this.apiBase}/api/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid }),
    });
    const body = (await res.json()) as Envelope<{ token: string }>;
    if (!body.ok) throw new Error(`dev login failed: ${body.error.message}`);
    this.tokens.set(openid, body.data.token);
    return body.data.token;
  }

  /** Call a function on the local server as `openid`, from the test (to read back what the UI did). */
  async api<T>(openid: string, fn: string, action: string, input: object = {}): Promise<T> {
    const res = await fetch(`${this.apiBase}/api/functions/${fn}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await this.tokenOf(openid)}`,
      },
      body: JSON.stringify({ action, ...input }),
    });
    const body = (await res.json()) as Envelope<T>;
    if (!body.ok) throw new Error(`${fn}.${action}: ${body.error.code} ${body.error.message}`);
    return body.data;
  }

  /** Act as `openid` from now on (null: a visitor with no identity, as in Moments) and open `url` fresh. */
  async actAs(openid: string | null, url: string): Promise<Page> {
    await this.miniProgram.callWxMethod(
      'setStorageSync',
      TOKEN_KEY,
      openid ? await this.tokenOf(openid) : '',
    );
    return this.open(url);
  }

  /** reLaunch `url` as the current identity. */
  async open(url: string): Promise<Page> {
    const page = await this.miniProgram.reLaunch(url);
    if (!page) throw new Error(`reLaunch(${url}) opened no page`);
    await page.waitFor(500);
    return page;
  }

  /** The page now on top (after the app navigated by itself). */
  async currentPage(): Promise<Page> {
    const page = await this.miniProgram.currentPage();
    if (!page) throw new Error('no current page');
    return page;
  }

  /** Replace the async wx method `method` with scripted outcomes (see mockSource). */
  async mock(method: string, ...outcomes: MockOutcome[]): Promise<void> {
    await this.miniProgram.mockWxMethod(method, mockSource(method, outcomes));
    this.mocked.add(method);
  }

  /** Replace the sync wx method `method` with a fixed result. */
  async mockSync(method: string, result: unknown): Promise<void> {
    await this.miniProgram.mockWxMethod(method, result);
    this.mocked.add(method);
  }

  async restore(...methods: string[]): Promise<void> {
    for (const method of methods) {
      await this.miniProgram.restoreWxMethod(method);
      this.mocked.delete(method);
    }
  }

  async mockLog(method?: string): Promise<MockCall[]> {
    const log = ((await this.miniProgram.callWxMethod('getStorageSync', LOG_KEY)) || []) as MockCall[];
    return method ? log.filter((c) => c.api === method) : log;
  }

  async clearMockLog(): Promise<void> {
    await this.miniProgram.callWxMethod('setStorageSync', LOG_KEY, []);
  }

  private async startLocalServer(): Promise<string> {
    const port = await freePort();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgn-automator-'));
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        STATIC_DIR: path.join(this.dataDir, 'no-h5'),
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.server = server;
    let log = '';
    server.stdout?.on('data', (d) => (log += String(d)));
    server.stderr?.on('data', (d) => (log += String(d)));
    const base = `http://127.0.0.1:${port}`;
    await until(
      `the local server at ${base}`,
      async () => {
        if (server.exitCode !== null) throw new Error(`server exited: ${log}`);
        return (await fetch(`${base}/healthz`)).ok;
      },
      60_000,
    );
    return base;
  }

  /** Route the mini-program's cloud calls to this session's local server. */
  private async routeCloudFunctions(): Promise<void> {
    await routeCloudFunctions(this.miniProgram, this.apiBase);
  }
}

/**
 * Route wx.cloud.callFunction to the local server at `apiBase`, signed as the identity stored under
 * TOKEN_KEY (none: a visitor). Taro.cloud is this same wx.cloud object, so the app's API client goes
 * through it. The inner function is serialized and run inside the mini-program: it stays self-contained.
 */
export async function routeCloudFunctions(miniProgram: MiniProgram, apiBase: string): Promise<void> {
  await miniProgram.evaluate(
    function (base: string, tokenKey: string) {
      type CallOptions = {
        name: string;
        data: object;
        success?: (r: unknown) => void;
        fail?: (e: unknown) => void;
      };
      const w = wx as unknown as {
        cloud?: Record<string, unknown>;
        getStorageSync(key: string): string;
        request(o: object): void;
      };
      const cloud = w.cloud || (w.cloud = {});
      cloud.init = function () {};
      cloud.callFunction = function (opts: CallOptions) {
        return new Promise(function (resolve, reject) {
          const token = w.getStorageSync(tokenKey);
          w.request({
            url: `${base}/api/functions/${opts.name}`,
            method: 'POST',
            data: opts.data,
            header: token
              ? { 'content-type': 'application/json', authorization: `Bearer ${token}` }
              : { 'content-type': 'application/json' },
            success(res: { data: unknown }) {
              const out = { result: res.data, errMsg: 'cloud.callFunction:ok' };
              if (opts.success) opts.success(out);
              resolve(out);
            },
            fail(err: unknown) {
              if (opts.fail) opts.fail(err);
              reject(err);
            },
          });
        });
      };
    },
    apiBase,
    TOKEN_KEY,
  );
}
