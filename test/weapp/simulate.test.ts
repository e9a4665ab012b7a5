/**
 * Renders pages of a real weapp build with miniprogram-simulate, which runs WeChat's own WXML compiler
 * (wcc) and a single-threaded component model in jsdom: proves the compiled bundle boots (app.js →
 * Taro runtime → React) and draws text through Taro's base templates, with no DevTools.
 *
 * Build used: $WEAPP_DIST if set (used as is; it must hold app.js), else build/weapp-test, which this
 * test (re)builds with `taro build --type weapp` (TARO_OUTPUT=build/weapp-test) when it has no app.js,
 * when a file under src/ or config/ is newer than its app.js, or when WEAPP_REBUILD=1.
 */
import fs from 'fs';
import path from 'path';
import type * as Simulate from 'miniprogram-simulate';
import { ensureWeappBuild, repoRoot } from '../support/weapp-build';

const given = process.env.WEAPP_DIST;
let dist = path.resolve(repoRoot, given || 'build/weapp-test');

type AnyFn = (...args: unknown[]) => unknown;
type Options = Record<string, unknown>;
type CallFunctionArgs = { name: string; data: { action: string } & Record<string, unknown> };

/** Answers of the stubbed cloud functions, keyed "function.action" (the client expects envelopes). */
const cloudAnswers: Record<string, unknown> = {
  'campaign.get': {
    title: '争做好网民',
    theme: '清朗网络 多彩校园',
    year: 2026,
    cityName: '示例市',
    phase: 'launch',
    phaseLabel: '活动启动阶段',
    phases: [
      {
        key: 'launch',
        label: '活动启动阶段',
        start: '2026-05-01',
        end: '2026-05-31',
        rangeLabel: '5月1日—5月31日',
        current: true,
      },
      {
        key: 'implementation',
        label: '活动实施阶段',
        start: '2026-06-01',
        end: '2026-10-31',
        rangeLabel: '6月1日—10月31日',
        current: false,
      },
      {
        key: 'evaluation',
        label: '评估总结及成果展示阶段',
        start: '2026-11-01',
        end: '2026-11-30',
        rangeLabel: '11月1日—11月30日',
        current: false,
      },
    ],
    activities: [
      {
        key: 'quiz',
        title: '网络法律与安全知识竞赛',
        planRef: '五(二)1',
        summary: '答题。',
        phases: ['implementation'],
        route: null,
        openNow: false,
      },
    ],
  },
  'identity.me': { openid: 'o-weapp-test', roles: [], student: null, children: [] },
};
const callFunction = jest.fn(async ({ name, data }: CallFunctionArgs) => {
  const key = `${name}.${data.action}`;
  if (key in cloudAnswers)
    return { result: { ok: true, data: cloudAnswers[key] }, errMsg: 'cloud.callFunction:ok' };
  return {
    result: { ok: false, error: { code: 'NOT_FOUND', message: `no stub for ${key}` } },
    errMsg: 'cloud.callFunction:ok',
  };
});

/** wx.navigateTo stub: records the call and answers success, as WeChat would. */
const navigateTo = jest.fn((options: { url: string; success?: AnyFn; complete?: AnyFn }) => {
  options.success?.({ errMsg: 'navigateTo:ok' });
  options.complete?.({ errMsg: 'navigateTo:ok' });
});

let simulate: typeof Simulate;

/** The WeChat globals a compiled mini-program expects, with Page shimmed onto simulate's Component. */
function installMiniProgramGlobals() {
  const g = global as unknown as Record<string, unknown>;
  const wx = require('miniprogram-simulate/src/api') as Record<string, unknown>;
  wx.cloud = { init: jest.fn(), callFunction };
  wx.navigateTo = navigateTo;
  g.wx = wx;
  simulate = require('miniprogram-simulate');

  let app: Options | undefined;
  const pages: Options[] = [];
  g.App = (options: Options) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pages;
  g.Page = (options: Options) => {
    const methods: Record<string, AnyFn> = {};
    for (const [key, value] of Object.entries(options))
      if (typeof value === 'function') methods[key] = value as AnyFn;
    const component = g.Component as (definition: Options) => void;
    component({
      data: options.data,
      methods,
      attached(this: Options & { onLoad: AnyFn; onShow?: AnyFn }) {
        pages.push(this);
        this.onLoad({});
        this.onShow?.();
      },
    });
  };

  require(path.join(dist, 'app.js'));
  (app?.onLaunch as AnyFn | undefined)?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 });
}

async function renderPage(pagePath: string) {
  const id = simulate.load(path.join(dist, pagePath), { rootPath: dist });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  // React commits asynchronously and Taro hands the tree to setData on the next tick.
  for (let i = 0; i < 20 && !page.dom?.textContent?.trim(); i++) await simulate.sleep(20);
  return page;
}

/** The page's text once it holds every one of `texts` (or after ~2 s, for the assertion to report). */
async function waitForText(page: { dom?: { textContent: string | null } }, ...texts: string[]) {
  const has = () => texts.every((t) => page.dom?.textContent?.includes(t));
  for (let i = 0; i < 100 && !has(); i++) await simulate.sleep(20);
  return page.dom?.textContent ?? '';
}

describe(`weapp build rendered with miniprogram-simulate (${path.relative(repoRoot, dist) || dist})`, () => {
  beforeAll(() => {
    dist = ensureWeappBuild({
      given,
      fallback: 'build/weapp-test',
      rebuild: process.env.WEAPP_REBUILD === '1',
    });
    installMiniProgramGlobals();
  }, 180_000);

  test('the build declares the pages and subpackages of app.config.ts', () => {
    type Pages = { pages: string[]; subPackages?: { root: string; pages: string[] }[] };
    const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as Pages;
    (global as unknown as { defineAppConfig: (c: Pages) => Pages }).defineAppConfig = (c) => c;
    const source = (require(path.join(repoRoot, 'src/app.config.ts')) as { default: Pages }).default;
    expect(appJson.pages).toEqual(source.pages);
    expect(appJson.pages).toContain('pages/login/index');
    expect(appJson.subPackages?.map((p) => ({ root: p.root, pages: p.pages }))).toEqual(
      source.subPackages?.map((p) => ({ root: p.root, pages: p.pages })),
    );
    // Every declared page was emitted.
    const all = [
      ...appJson.pages,
      ...(appJson.subPackages ?? []).flatMap((p) => p.pages.map((pg) => `${p.root}/${pg}`)),
    ];
    for (const page of all) expect(fs.existsSync(path.join(dist, `${page}.js`))).toBe(true);
  });

  test('login page renders its WeChat-mode text and calls no cloud function', async () => {
    callFunction.mockClear();
    const page = await renderPage('pages/login/index');
    expect(await waitForText(page, '在微信中打开时会自动登录')).toContain(
      '在微信中打开时会自动登录，无需选择身份。',
    );
    expect(callFunction).not.toHaveBeenCalled();
    page.detach();
  });

  test('home page loads the campaign through wx.cloud.callFunction, renders it and navigates on tap', async () => {
    callFunction.mockClear();
    const page = await renderPage('pages/index/index');
    const text = await waitForText(page, '清朗网络 多彩校园', '当前阶段', '即将上线', '我是学生，加入班级');
    expect(text).toContain('清朗网络 多彩校园');
    expect(text).toContain('示例市 · 2026 年度');
    expect(text).toContain('当前阶段');
    expect(text).toContain('即将上线');
    expect(text).toContain('我是学生，加入班级');
    const calls = callFunction.mock.calls.map(([arg]) => `${arg.name}.${arg.data.action}`);
    expect(calls).toEqual(expect.arrayContaining(['campaign.get', 'identity.me']));
    // One load per show: the first show (onLoad + onShow) asks each once, not once on mount and again on show.
    await simulate.sleep(100);
    const after = callFunction.mock.calls.map(([arg]) => `${arg.name}.${arg.data.action}`);
    expect(after.filter((c) => c === 'identity.me')).toHaveLength(1);
    expect(after.filter((c) => c === 'campaign.get')).toHaveLength(1);

    // A tap goes through WeChat's event binding into Taro's handler and React's onClick.
    const join = page
      .querySelectorAll('.nut-button')
      .find((b) => b.dom?.textContent === '我是学生，加入班级');
    expect(join).toBeDefined();
    navigateTo.mockClear();
    join?.dispatchEvent('tap');
    for (let i = 0; i < 25 && navigateTo.mock.calls.length === 0; i++) await simulate.sleep(20);
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/packages/join/class/index' }));
    page.detach();
  });
});
