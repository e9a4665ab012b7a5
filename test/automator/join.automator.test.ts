/**
 * The join flow end to end in WeChat DevTools, driven by miniprogram-automator:
 * the teacher shares class code GREEN3 → a student joins with it and claims a roster entry → the teacher
 * sees the claim and confirms it.
 *
 * Runs only where WECHAT_DEVTOOLS_CLI points at the DevTools CLI (e.g. on macOS
 * `/Applications/wechatwebdevtools.app/Contents/MacOS/cli`, with 设置 → 安全设置 → 服务端口 on); elsewhere
 * it is reported as skipped. `npm run test:automator`.
 *
 * Backend: one DevTools account is one WeChat user, but this flow needs two (teacher, student). So the
 * test starts the local server (`server/main.ts`, demo city seeded into a temp folder) and, inside the
 * mini-program, routes `wx.cloud.callFunction` to it with `wx.request`, signed as whichever demo identity
 * the current step plays. Everything else — pages, taps, inputs, navigation — is the real weapp build.
 *
 * Environment:
 * - WECHAT_DEVTOOLS_CLI (required): path of the DevTools CLI.
 * - WEAPP_DIST: a weapp build to open (default: build/weapp-test, shared with test/weapp, built here
 *   when missing or stale).
 * - WECHAT_APPID: appid to open the project with (default: the build's project.config.json).
 * - AUTOMATOR_API_BASE: use an already running local server (must hold a freshly seeded demo city).
 * - AUTOMATOR_WS: connect to an already open DevTools automation port (ws://127.0.0.1:9420) instead of launching.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import automator from 'miniprogram-automator';
import type { InputElement } from 'miniprogram-automator/out/Element';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import { DEMO_CODES, DEMO_ROSTER, DEMO_USERS } from '../../core/demo/seed';
import { maskName } from '../../core/privacy';
import { ensureWeappBuild, repoRoot } from '../support/weapp-build';
import { byText, pageText, routeCloudFunctions, sleep, TOKEN_KEY, until, waitForText } from './harness';

const CLI = process.env.WECHAT_DEVTOOLS_CLI;
const SKIPPED = 'skipped: WECHAT_DEVTOOLS_CLI not set (miniprogram-automator needs WeChat DevTools)';
if (!CLI) process.stdout.write(`\n${SKIPPED}\n\n`);

/** The seeded demo class (绿茵小学 三年级2班) and the roster entry the student claims. */
const CLASS_ID = 'class-lvyin-3-2';
const STUDENT_NAME = DEMO_ROSTER[1];
const ROSTER_ID = `${CLASS_ID}-r2`;
const CLASS_PAGE = `/packages/admin/class/index?classId=${CLASS_ID}`;
const JOIN_PAGE = '/packages/join/class/index';

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

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

const suite = CLI ? describe : describe.skip;

suite(CLI ? 'join flow in WeChat DevTools (miniprogram-automator)' : SKIPPED, () => {
  let miniProgram: MiniProgram;
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let apiBase: string;
  const tokens = new Map<string, string>();

  async function tokenOf(openid: string): Promise<string> {
    const known = tokens.get(openid);
    if (known) return known;
    const res = await fetch(`${apiBase}/api/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid }),
    });
    const body = (await res.json()) as Envelope<{ token: string }>;
    if (!body.ok) throw new Error(`dev login failed: ${body.error.message}`);
    tokens.set(openid, body.data.token);
    return body.data.token;
  }

  /** Call a function on the local server as `openid`, from the test (to read back what the UI did). */
  async function api<T>(openid: string, fn: string, action: string, input: object = {}): Promise<T> {
    const res = await fetch(`${apiBase}/api/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(openid)}` },
      body: JSON.stringify({ action, ...input }),
    });
    const body = (await res.json()) as Envelope<T>;
    if (!body.ok) throw new Error(`${fn}.${action}: ${body.error.code} ${body.error.message}`);
    return body.data;
  }

  /** Make the mini-program act as `openid` from now on, and open `url` fresh. */
  async function actAs(openid: string, url: string): Promise<Page> {
    await miniProgram.callWxMethod('setStorageSync', TOKEN_KEY, await tokenOf(openid));
    const page = await miniProgram.reLaunch(url);
    if (!page) throw new Error(`reLaunch(${url}) opened no page`);
    await page.waitFor(500);
    return page;
  }

  async function startLocalServer(): Promise<string> {
    const port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgn-automator-'));
    server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        STATIC_DIR: path.join(dataDir, 'no-h5'),
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    server.stdout?.on('data', (d) => (log += String(d)));
    server.stderr?.on('data', (d) => (log += String(d)));
    const base = `http://127.0.0.1:${port}`;
    await until(
      `the local server at ${base}`,
      async () => {
        if (server?.exitCode !== null) throw new Error(`server exited: ${log}`);
        return (await fetch(`${base}/healthz`)).ok;
      },
      60_000,
    );
    return base;
  }

  beforeAll(async () => {
    const dist = ensureWeappBuild({ given: process.env.WEAPP_DIST, fallback: 'build/weapp-test' });
    apiBase = process.env.AUTOMATOR_API_BASE ?? (await startLocalServer());

    miniProgram = process.env.AUTOMATOR_WS
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

    // Route cloud functions to the local server (if DevTools gives no wx.cloud, set WECHAT_APPID).
    await routeCloudFunctions(miniProgram, apiBase);
  }, 300_000);

  afterAll(async () => {
    if (miniProgram) {
      if (process.env.AUTOMATOR_WS) miniProgram.disconnect();
      else await miniProgram.close();
    }
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let sharedCode = '';

  test('the teacher opens the class page and shares class code GREEN3', async () => {
    const page = await actAs(DEMO_USERS.teacher, CLASS_PAGE);
    const codeEl = await until('the class code', () => page.$('.code-big'));
    expect((await codeEl.text()).trim()).toBe(DEMO_CODES.classCode);
    await waitForText(page, STUDENT_NAME);

    // "复制班级码" puts the code on the clipboard for the class group chat.
    const copy = await until('the copy button', () => byText(page, '.nut-button', '复制班级码'));
    await copy.tap();
    const clip = await until('the clipboard', async () => {
      const res = (await miniProgram.callWxMethod('getClipboardData')) as { data?: string };
      return res.data === DEMO_CODES.classCode ? res.data : null;
    });
    sharedCode = clip;
  });

  test('a student enters the shared code, finds their masked name and claims it', async () => {
    expect(sharedCode).toBe(DEMO_CODES.classCode);
    const page = await actAs(DEMO_USERS.newcomer, JOIN_PAGE);

    const codeInput = (await until('the class code input', () => page.$('#join-class-code'))) as InputElement;
    await codeInput.input(sharedCode.toLowerCase()); // typed in lower case: the page upper-cases it
    await (await until('the lookup button', () => page.$('#join-class-lookup'))).tap();

    const title = await until('the class title', () => page.$('#join-class-title'));
    expect(await title.text()).toContain('三年级2班');

    // The roster shows masked names only; pick ours.
    const entry = await until('our roster entry', () => page.$(`#roster-${ROSTER_ID}`));
    const entryText = await entry.text();
    expect(entryText).toContain(maskName(STUDENT_NAME));
    expect(entryText).not.toContain(STUDENT_NAME);
    await entry.tap();

    const nameInput = (await until('the full-name input', () => page.$('#join-class-name'))) as InputElement;
    await nameInput.input(STUDENT_NAME);
    await (await until('the confirm button', () => page.$('#join-class-confirm'))).tap();

    await waitForText(page, '已加入，等待老师确认');
    expect(await pageText(page)).toContain('三年级2班');

    // The backend agrees: the student holds the entry, waiting for the teacher.
    const me = await api<{ student: { rosterId: string; name: string; claimStatus: string } | null }>(
      DEMO_USERS.newcomer,
      'identity',
      'me',
    );
    expect(me.student).toMatchObject({ rosterId: ROSTER_ID, name: STUDENT_NAME, claimStatus: 'claimed' });
  });

  test('until the teacher confirms the name, the pledge page tells the student to wait and offers no form', async () => {
    const page = await actAs(DEMO_USERS.newcomer, '/packages/pledge/sign/index');
    await until('the waiting notice', () => page.$('#pl-claim-pending'));
    expect(await pageText(page)).toContain('等老师确认你的名字');
    expect(await page.$('#pl-read-done')).toBeNull();
  });

  test('the teacher sees the claim on the class page and confirms it', async () => {
    const page = await actAs(DEMO_USERS.teacher, CLASS_PAGE);
    await waitForText(page, '待你确认（1）');

    const row = await until('the claimed row', () => byText(page, '.list-item', STUDENT_NAME));
    expect(await row.text()).toContain('待确认');

    const approve = await until('the approve button', () => byText(row, '.nut-button', '确认是本人'));
    await approve.tap();

    await until('the row to show 已确认', async () => {
      const fresh = await byText(page, '.list-item', STUDENT_NAME);
      return fresh && (await fresh.text()).includes('已确认');
    });
    expect(await pageText(page)).not.toContain('待你确认');

    const cls = await api<{ roster: { _id: string; claimStatus: string; claimedBy?: string }[] }>(
      DEMO_USERS.teacher,
      'org',
      'getClass',
      { classId: CLASS_ID },
    );
    expect(cls.roster.find((r) => r._id === ROSTER_ID)).toMatchObject({ claimStatus: 'approved' });
  });
});
