/**
 * Sharing of the family card page and the pledge certificate, proven on the compiled weapp build
 * (miniprogram-simulate: WeChat's wcc + jsdom, the build's own app.js → Taro runtime → React):
 *
 * - the Page options object Taro's createPageConfig builds carries onShareAppMessage and onShareTimeline
 *   (WeChat offers "share to Moments" only when both exist);
 * - what they answer: a title and a path back to the same card (its id) / to the certificate's public
 *   verification page, and a Moments query with the id / code; opening that path or query shows the
 *   same card / certificate;
 * - Moments single-page mode (scene 1154: no login, no navigation, no saving): the card page and the
 *   certificate's shared view render from public actions only, with no login and no identity call;
 * - the card's save button on the compiled page: album permission refused → modal → openSetting → saved.
 *
 * wx.cloud.callFunction answers envelopes shaped as core/functions/card/view.ts (getPublic, miniCode)
 * and core/functions/pledge/sign.ts (myPledge, verify) answer. The 2d canvas is a recording fake (jsdom
 * has none): what the poster draws is read from its fillText calls.
 *
 * Build used: $WEAPP_DIST if set, else build/weapp-test, (re)built when stale like test/weapp/simulate.test.ts.
 */
import path from 'path';
import type * as Simulate from 'miniprogram-simulate';
import { ensureWeappBuild, repoRoot } from '../support/weapp-build';

const given = process.env.WEAPP_DIST;
let dist = path.resolve(repoRoot, given || 'build/weapp-test');

type AnyFn = (...args: unknown[]) => unknown;
type Options = Record<string, unknown>;
type CallFunctionArgs = { name: string; data: { action: string } & Record<string, unknown> };
type WxOptions = { success?: AnyFn; fail?: AnyFn; complete?: AnyFn } & Record<string, unknown>;
/** What a page instance offers WeChat when the user shares. */
type ShareOptions = { title?: string; path?: string; query?: string; imageUrl?: string };
type PageInstance = {
  onShareAppMessage?: (res: Options) => ShareOptions;
  onShareTimeline?: () => ShareOptions;
};
type Empty = Record<string, never>;
/** A rendered page (simulate's root component) with its page instance. */
type Rendered = Omit<Simulate.RootComponent<Empty, Empty, Empty>, 'instance'> & {
  instance: PageInstance;
};

const CARD_ID = 'card-7f3a9c1d2e';
const CARD_PAGE = 'packages/card/view/index';
const CERT_PAGE = 'packages/pledge/certificate/index';
const VERIFY_PAGE = 'packages/pledge/verify/index';
const CODE = 'AB3CD4EF';
const SLOGAN = '文明上网，从我家做起！我们全家一起做校园好网民。';
/** WeChat's scene for a page opened from Moments in single-page mode. */
const SCENE_MOMENTS_SINGLE_PAGE = 1154;

/** card.getPublic for a visitor (no family relation) of an approved card: masked names only. */
const cardView = {
  card: {
    cardId: CARD_ID,
    templateId: 'wenming',
    slogan: SLOGAN,
    names: ['王*雨', '王*明'],
    schoolName: '华龙区绿茵小学',
    className: '小学三年级2班',
    photoUrl: null,
    reply: null,
    createdAt: '2026-06-15T02:05:00.000Z',
  },
  status: 'approved',
  reason: null,
  viewer: { isAuthor: false, isFamily: false, replyRole: 'child', canReply: false },
  shareable: true,
};
/** card.miniCode on CloudBase: the mini-program code image of the card page. */
const cardCode = {
  kind: 'image',
  url: `https://7463-env-1a2b3c.tcb.qcloud.la/card-codes/${CARD_ID}.png`,
  path: `${CARD_PAGE}?id=${CARD_ID}`,
};
/** The public part of the pledge (pledge.verify; the certificate adds the signature and paths). */
const pledgePublic = {
  kind: 'online',
  maskedName: '王*雨',
  schoolName: '华龙区绿茵小学',
  day: '2026-06-15',
  seq: 7,
  letterTitle: '中小学生文明上网倡议书',
  campaignTitle: '争做好网民',
  year: 2026,
  verifyCode: CODE,
  inCeremony: false,
};
/** What pledge.verify answers (core/certificates.ts: one shape for every certificate kind). */
const verified = {
  kind: 'pledge',
  title: '文明上网 承诺证书',
  maskedName: pledgePublic.maskedName,
  schoolName: pledgePublic.schoolName,
  day: pledgePublic.day,
  lines: [`承诺内容：《全国青少年网络文明公约》《${pledgePublic.letterTitle}》`],
  detail: pledgePublic,
};
const myPledge = {
  name: '王小雨',
  className: '三年级2班',
  schoolName: '华龙区绿茵小学',
  schoolId: 'school-lvyin',
  claimApproved: true,
  under14: true,
  consent: true,
  canSignOnline: true,
  consentMessage: null,
  certificate: {
    pledgeId: '2026:class-lvyin-3-2-r1',
    signedAt: '2026-06-15T02:05:00.000Z',
    ...pledgePublic,
    signature: { method: 'drawn', url: 'https://7463-env-1a2b3c.tcb.qcloud.la/signatures/1.png' },
    verifyPath: `/${VERIFY_PAGE}?code=${CODE}`,
    verifyUrl: null,
    verifyQr: {
      kind: 'image',
      url: `https://7463-env-1a2b3c.tcb.qcloud.la/mini-codes/verify-${CODE}.png`,
      path: `${VERIFY_PAGE}?code=${CODE}`,
    },
  },
};

const answers: Record<string, (data: Options) => unknown> = {
  'card.getPublic': (d) => {
    if (d.cardId !== CARD_ID) throw Object.assign(new Error('卡片不存在或已被删除'), { code: 'NOT_FOUND' });
    return cardView;
  },
  'card.miniCode': () => cardCode,
  'card.recordShare': () => ({ counted: true, duplicate: false }),
  'pledge.myPledge': () => myPledge,
  'pledge.verify': (d) => {
    if (d.code !== CODE)
      throw Object.assign(new Error('没有找到这份承诺证书，请核对验证码'), { code: 'NOT_FOUND' });
    return verified;
  },
};
const callFunction = jest.fn(async ({ name, data }: CallFunctionArgs) => {
  const key = `${name}.${data.action}`;
  const answer = answers[key];
  try {
    if (!answer) throw Object.assign(new Error(`no stub for ${key}`), { code: 'NOT_FOUND' });
    return { result: { ok: true, data: answer(data) }, errMsg: 'cloud.callFunction:ok' };
  } catch (err) {
    const e = err as { code: string; message: string };
    return {
      result: { ok: false, error: { code: e.code, message: e.message } },
      errMsg: 'cloud.callFunction:ok',
    };
  }
});
/** "function.action" of every cloud call so far. */
const calls = () => callFunction.mock.calls.map(([arg]) => `${arg.name}.${arg.data.action}`);

/** An async wx API stub: answers `result(options)` through success/complete, or a throw through fail. */
function wxAsync(result: (o: WxOptions) => unknown = () => ({})) {
  return jest.fn((o: WxOptions = {}) => {
    let res: unknown;
    try {
      res = result(o);
    } catch (err) {
      o.fail?.(err);
      o.complete?.(err);
      return;
    }
    o.success?.(res);
    o.complete?.(res);
  });
}

/** Texts drawn on any fake canvas since the last reset. */
let drawnTexts: string[] = [];
/** A 2d context recording fillText (jsdom has no canvas; the poster is drawn on the page's 2d node). */
function fakeContext() {
  const state: Record<string, unknown> = { font: '10px sans-serif' };
  return new Proxy(state, {
    get(target, prop: string) {
      if (prop in target) return target[prop];
      if (prop === 'fillText') return (text: string) => drawnTexts.push(text);
      if (prop === 'measureText') {
        const size = Number(/(\d+)px/.exec(String(target.font))?.[1] ?? 10);
        return (t: string) => ({ width: [...t].length * size });
      }
      if (prop === 'createLinearGradient' || prop === 'createRadialGradient')
        return () => ({ addColorStop: () => undefined });
      return () => undefined;
    },
    set(target, prop: string, value) {
      target[prop] = value;
      return true;
    },
  });
}
/** The node a `<Canvas type="2d">` gives through SelectorQuery.fields({ node: true }). */
function fakeCanvasNode() {
  return {
    width: 300,
    height: 150,
    getContext: () => fakeContext(),
    createImage: () => {
      const img: Options & { onload?: AnyFn } = { width: 430, height: 430 };
      return new Proxy(img, {
        set(target, prop: string, value) {
          target[prop] = value;
          if (prop === 'src') setTimeout(() => target.onload?.(), 0);
          return true;
        },
      });
    },
  };
}
/** wx.createSelectorQuery: every selected node is a 2d canvas of 300×533 CSS px. */
function fakeSelectorQuery() {
  const query = {
    in: () => query,
    select: () => query,
    selectAll: () => query,
    fields: () => query,
    boundingClientRect: () => query,
    exec: (cb?: (res: unknown[]) => void) =>
      setTimeout(() => cb?.([{ node: fakeCanvasNode(), width: 300, height: 533 }]), 0),
  };
  return query;
}

const launch = { path: 'pages/index/index', scene: 1001, query: {} as Options };
const wxStubs = {
  login: wxAsync(() => ({ code: 'login-code', errMsg: 'login:ok' })),
  getLaunchOptionsSync: jest.fn(() => launch),
  getEnterOptionsSync: jest.fn(() => launch),
  createSelectorQuery: jest.fn(fakeSelectorQuery),
  canvasToTempFilePath: wxAsync(() => ({
    tempFilePath: 'wxfile://tmp/poster.png',
    errMsg: 'canvasToTempFilePath:ok',
  })),
  saveImageToPhotosAlbum: wxAsync(() => ({ errMsg: 'saveImageToPhotosAlbum:ok' })),
  showModal: wxAsync(() => ({ confirm: true, cancel: false, errMsg: 'showModal:ok' })),
  openSetting: wxAsync(() => ({ authSetting: { 'scope.writePhotosAlbum': true }, errMsg: 'openSetting:ok' })),
  showToast: wxAsync(),
  showLoading: wxAsync(),
  hideLoading: wxAsync(),
  showShareMenu: wxAsync(),
  hideShareMenu: wxAsync(),
};

let simulate: typeof Simulate;
/** Page options objects handed to Page(), by page path (what WeChat reads share handlers from). */
const pageOptions = new Map<string, Options>();
let loadingPath = '';
let nextQuery: Record<string, string> = {};

/** The WeChat globals a compiled mini-program expects; Page is shimmed onto simulate's Component. */
function installMiniProgramGlobals() {
  const g = global as unknown as Record<string, unknown>;
  const wx = require('miniprogram-simulate/src/api') as Record<string, unknown>;
  // Before app.js: Taro wraps only the wx APIs that exist when it starts (and calls them at call time).
  Object.assign(wx, wxStubs, { cloud: { init: jest.fn(), callFunction } });
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
    pageOptions.set(loadingPath, options);
    const methods: Record<string, AnyFn> = {};
    for (const [key, value] of Object.entries(options))
      if (typeof value === 'function') methods[key] = value as AnyFn;
    const component = g.Component as (definition: Options) => void;
    const route = loadingPath;
    component({
      data: options.data,
      methods,
      attached(this: Options & { onLoad: AnyFn; onShow?: AnyFn }) {
        const query = nextQuery;
        Object.assign(this, { route, options: query });
        pages.push(this);
        this.onLoad({ ...query });
        this.onShow?.();
      },
      detached(this: Options & { onUnload?: AnyFn }) {
        pages.splice(pages.indexOf(this), 1);
        this.onUnload?.();
      },
    });
  };

  require(path.join(dist, 'app.js'));
  (app?.onLaunch as AnyFn | undefined)?.call(app, launch);
}

/** Component ids by page path: a compiled page registers itself once (webpack caches its module). */
const loaded = new Map<string, string>();

/** Open `pagePath` with `query` as WeChat would (onLoad(query), onShow). */
function openPage(pagePath: string, query: Record<string, string> = {}): Rendered {
  let id = loaded.get(pagePath);
  if (!id) {
    loadingPath = pagePath;
    id = simulate.load(path.join(dist, pagePath), { rootPath: dist });
    loaded.set(pagePath, id);
  }
  nextQuery = query;
  const page = simulate.render(id) as unknown as Rendered;
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

/** Poll `probe` (every 20 ms, ~3 s at most) until it is truthy. */
async function until(probe: () => unknown): Promise<void> {
  for (let i = 0; i < 150 && !probe(); i++) await simulate.sleep(20);
}

/** The page's text once it holds every one of `texts` (or after ~3 s, for the assertion to report). */
async function waitForText(page: Rendered, ...texts: string[]): Promise<string> {
  await until(() => texts.every((t) => page.dom?.textContent?.includes(t)));
  return page.dom?.textContent ?? '';
}

/** A NutUI button of the page by its exact text. */
function button(page: Rendered, text: string) {
  return page.querySelectorAll('.nut-button').find((b) => b.dom?.textContent === text);
}

/** "a=1&b=2" or "/x/y?a=1" → { a: '1', b: '2' }. */
function queryOf(pathOrQuery: string): Record<string, string> {
  const q = pathOrQuery.includes('?') ? pathOrQuery.slice(pathOrQuery.indexOf('?') + 1) : pathOrQuery;
  return Object.fromEntries(new URLSearchParams(q));
}

const open: Rendered[] = [];
function track(page: Rendered): Rendered {
  open.push(page);
  return page;
}

describe(`sharing on the compiled weapp (${path.relative(repoRoot, dist) || dist})`, () => {
  beforeAll(() => {
    dist = ensureWeappBuild({
      given,
      fallback: 'build/weapp-test',
      rebuild: process.env.WEAPP_REBUILD === '1',
    });
    installMiniProgramGlobals();
  }, 180_000);

  beforeEach(() => {
    launch.scene = 1001;
    drawnTexts = [];
    callFunction.mockClear();
    for (const stub of Object.values(wxStubs)) stub.mockClear();
  });

  afterEach(() => {
    for (const page of open.splice(0)) page.detach();
  });

  describe('family card page', () => {
    test('Taro registers both share handlers on the Page object (a page without share hooks gets none)', () => {
      track(openPage('pages/login/index'));
      track(openPage(CARD_PAGE, { id: CARD_ID }));
      const card = pageOptions.get(CARD_PAGE);
      expect(typeof card?.onShareAppMessage).toBe('function');
      expect(typeof card?.onShareTimeline).toBe('function');
      const login = pageOptions.get('pages/login/index');
      expect(login).toBeDefined();
      expect(login?.onShareAppMessage).toBeUndefined();
      expect(login?.onShareTimeline).toBeUndefined();
    });

    test('renders the card from the public action: poster with the slogan and masked names, share actions', async () => {
      const page = track(openPage(CARD_PAGE, { id: CARD_ID }));
      const text = await waitForText(page, '保存图片到相册', '分享给微信好友或群', '姓名已打码');
      expect(text).toContain('这是一张「校园好网民」家庭主题卡片，姓名已打码。');
      expect(text).toContain('我家也做一张');
      expect(text).not.toContain('王小雨');

      expect(calls()).toEqual(expect.arrayContaining(['card.getPublic', 'card.miniCode']));
      expect(callFunction.mock.calls[0][0].data).toEqual({ action: 'getPublic', cardId: CARD_ID });

      // The poster (2d canvas): headline, the slogan, the masked family, school and class, never a full name.
      const drawn = drawnTexts.join('');
      expect(drawn).toContain('校园好网民 · 家庭卡片');
      expect(drawn.replace(/\s/g, '')).toContain(SLOGAN.replace(/\s/g, ''));
      expect(drawn).toContain('王*雨 王*明 一家');
      expect(drawn).toContain('华龙区绿茵小学 · 小学三年级2班');
      expect(drawn).not.toContain('王小雨');

      // An approved card turns on both share menu items.
      expect(wxStubs.showShareMenu).toHaveBeenCalledWith(
        expect.objectContaining({ menus: ['shareAppMessage', 'shareTimeline'] }),
      );
    });

    test('onShareAppMessage: a title and a path back to the same card, which opens it again', async () => {
      const page = track(openPage(CARD_PAGE, { id: CARD_ID }));
      await waitForText(page, '保存图片到相册');

      const share = page.instance.onShareAppMessage!({ from: 'menu' });
      expect(share.title).toContain(SLOGAN);
      expect(share.path).toBe(`/${CARD_PAGE}?id=${CARD_ID}`);
      // A share from the invite button asks a family member to add their line instead.
      const invite = page.instance.onShareAppMessage!({
        from: 'button',
        target: { dataset: { kind: 'invite' } },
      });
      expect(invite.path).toBe(`/packages/card/reply/index?id=${CARD_ID}`);
      await until(() => calls().includes('card.recordShare'));
      const shares = callFunction.mock.calls.filter(([a]) => a.data.action === 'recordShare');
      expect(shares.map(([a]) => [a.data.cardId, a.data.channel])).toEqual([[CARD_ID, 'chat']]);

      // The friend opens the shared path: the same card.
      callFunction.mockClear();
      const [pagePath, query] = share.path!.slice(1).split('?');
      const opened = track(openPage(pagePath, queryOf(query)));
      await waitForText(opened, '保存图片到相册');
      expect(callFunction.mock.calls[0][0].data).toEqual({ action: 'getPublic', cardId: CARD_ID });
    });

    test('onShareTimeline: a title and a query with the card id', async () => {
      const page = track(openPage(CARD_PAGE, { id: CARD_ID }));
      await waitForText(page, '保存图片到相册');
      const share = page.instance.onShareTimeline!();
      expect(share.title).toContain(SLOGAN);
      expect(queryOf(share.query!)).toEqual({ id: CARD_ID });
      await until(() => calls().includes('card.recordShare'));
      const shares = callFunction.mock.calls.filter(([a]) => a.data.action === 'recordShare');
      expect(shares.map(([a]) => a.data.channel)).toEqual(['moments']);
    });

    test('Moments single-page mode: renders from the public actions only, no login, no actions', async () => {
      launch.scene = SCENE_MOMENTS_SINGLE_PAGE;
      const share = { query: `id=${CARD_ID}` }; // what onShareTimeline answers (test above)
      const page = track(openPage(CARD_PAGE, queryOf(share.query)));
      await until(() => drawnTexts.join('').includes('王*雨 王*明 一家'));
      await simulate.sleep(100);

      expect(drawnTexts.join('').replace(/\s/g, '')).toContain(SLOGAN.replace(/\s/g, ''));
      expect(calls().sort()).toEqual(['card.getPublic', 'card.miniCode']);
      expect(wxStubs.login).not.toHaveBeenCalled();
      // No saving, no navigation in single-page mode: the page shows the poster only.
      const text = page.dom?.textContent ?? '';
      expect(text).not.toContain('保存图片到相册');
      expect(text).not.toContain('我家也做一张');
      expect(page.querySelectorAll('.nut-button')).toHaveLength(0);
    });

    test('save: album permission refused → explained → settings → saved and counted', async () => {
      wxStubs.saveImageToPhotosAlbum.mockImplementationOnce((o: WxOptions = {}) => {
        const err = { errMsg: 'saveImageToPhotosAlbum:fail auth deny' };
        o.fail?.(err);
        o.complete?.(err);
      });
      const page = track(openPage(CARD_PAGE, { id: CARD_ID }));
      await waitForText(page, '保存图片到相册');
      button(page, '保存图片到相册')?.dispatchEvent('tap');

      await until(() => wxStubs.showToast.mock.calls.length > 0);
      expect(wxStubs.canvasToTempFilePath).toHaveBeenCalledWith(
        expect.objectContaining({ destWidth: 1080, destHeight: 1920, fileType: 'png' }),
      );
      expect(wxStubs.showModal).toHaveBeenCalledWith(
        expect.objectContaining({ title: '需要相册权限', confirmText: '去设置' }),
      );
      expect(wxStubs.openSetting).toHaveBeenCalledTimes(1);
      expect(wxStubs.saveImageToPhotosAlbum).toHaveBeenCalledTimes(2);
      expect(wxStubs.saveImageToPhotosAlbum).toHaveBeenLastCalledWith(
        expect.objectContaining({ filePath: 'wxfile://tmp/poster.png' }),
      );
      expect(wxStubs.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存到相册' }));
      await until(() => calls().includes('card.recordShare'));
      const shares = callFunction.mock.calls.filter(([a]) => a.data.action === 'recordShare');
      expect(shares.map(([a]) => a.data.channel)).toEqual(['saved']);
    });
  });

  describe('pledge certificate page', () => {
    test('renders the own certificate (masked name, rank, code) with the weapp save and share actions', async () => {
      const page = track(openPage(CERT_PAGE));
      const text = await waitForText(page, '王*雨 同学', '保存证书到相册');
      expect(text).toContain('文明上网 承诺证书');
      expect(text).toContain('本校第 7 位签名');
      expect(text).toContain('华龙区绿茵小学');
      expect(text).toContain(CODE);
      expect(text).toContain('分享证书图片（好友、朋友圈）');
      expect(text).toContain('把验证页发给好友');
      expect(text).not.toContain('王小雨');
      expect(calls()).toEqual(['pledge.myPledge']);
      const options = pageOptions.get(CERT_PAGE);
      expect(typeof options?.onShareAppMessage).toBe('function');
      expect(typeof options?.onShareTimeline).toBe('function');
    });

    test('onShareAppMessage: a title and the public verification page of this certificate', async () => {
      const page = track(openPage(CERT_PAGE));
      await waitForText(page, '王*雨 同学');
      const share = page.instance.onShareAppMessage!({ from: 'button', target: { dataset: {} } });
      expect(share.title).toBe('我签署了文明上网承诺，争做校园好网民！');
      expect(share.path).toBe(`/${VERIFY_PAGE}?code=${CODE}`);

      // The friend opens it: the verification page shows the masked certificate from pledge.verify alone.
      callFunction.mockClear();
      const [pagePath, query] = share.path!.slice(1).split('?');
      const verify = track(openPage(pagePath, queryOf(query)));
      const text = await waitForText(verify, '证书真实有效 ✓', '王*雨 同学');
      expect(text).toContain('本校第 7 位签名');
      expect(text).toContain('为保护未成年人，姓名已打码。');
      expect(calls()).toEqual(['pledge.verify']);
      expect(callFunction.mock.calls[0][0].data).toEqual({ action: 'verify', code: CODE });
      // The verification page can be passed on in turn.
      expect(verify.instance.onShareAppMessage!({ from: 'menu' }).path).toBe(`/${VERIFY_PAGE}?code=${CODE}`);
      expect(verify.instance.onShareTimeline!().query).toBe(`code=${CODE}`);
    });

    test('onShareTimeline: a query with the code; in Moments single-page mode the page shows the public view, no login', async () => {
      const page = track(openPage(CERT_PAGE));
      await waitForText(page, '王*雨 同学');
      const share = page.instance.onShareTimeline!();
      expect(share.title).toBe('我签署了文明上网承诺，争做校园好网民！');
      expect(queryOf(share.query!)).toEqual({ code: CODE });
      page.detach();
      open.splice(open.indexOf(page), 1);

      launch.scene = SCENE_MOMENTS_SINGLE_PAGE;
      callFunction.mockClear();
      const moments = track(openPage(CERT_PAGE, queryOf(share.query!)));
      const text = await waitForText(moments, '证书真实有效 ✓', '王*雨 同学');
      expect(text).toContain('华龙区绿茵小学');
      expect(text).not.toContain('保存证书到相册');
      expect(calls()).toEqual(['pledge.verify']);
      expect(wxStubs.login).not.toHaveBeenCalled();
    });
  });
});
