/**
 * Family cards on weapp, driven by miniprogram-automator in WeChat DevTools; mirrors e2e/card.e2e.mjs
 * (H5) with what only the mini-program does:
 * a parent's blocked slogan is refused with its reason → the card is made and its poster drawn on the
 * 2d canvas → saved to the album, with a refused permission explained and sent to the settings page →
 * shared to a chat (a path back to the same card) and to Moments (?id=) → the school's card count rises
 * on the card wall → a visitor opens the card without logging in and sees masked names only → opened
 * from Moments in single-page mode (scene 1154) it shows the poster alone, no buttons.
 *
 * The poster pixels are compared with a reference image by the H5 story; here its drawing is proven by
 * the page offering 「保存图片到相册」, which appears only once the canvas was drawn without error. Album,
 * settings page, modals and the launch scene are scripted with mockWxMethod (test/automator/harness.ts).
 *
 * Runs only where WECHAT_DEVTOOLS_CLI points at the DevTools CLI; elsewhere it is reported as skipped.
 * `npm run test:automator`. Environment: see join.automator.test.ts.
 */
import type { InputElement, TextareaElement } from 'miniprogram-automator/out/Element';
import type Page from 'miniprogram-automator/out/Page';
import { DEMO_USERS } from '../../core/demo/seed';
import { byText, CLI, pageText, Session, SKIPPED, suite, until, waitForText } from './harness';

if (!CLI) process.stdout.write(`\n${SKIPPED}\n\n`);

const PARENT = DEMO_USERS.parent;
const CARD = {
  templateId: 'wenming',
  slogan: '文明上网，从我家做起！我们全家一起做校园好网民，不信谣、不传谣。',
  names: '王小雨 王大明',
  maskedNames: ['王*雨', '王*明'],
  fullNames: ['王小雨', '王大明'],
};
const BLOCKED = '你们都是傻 Ｂ';
const VIEW_PAGE = '/packages/card/view/index';
const WALL_PAGE = '/packages/card/wall/index?schoolId=school-lvyin';

type ShareAnswer = { title?: string; path?: string; query?: string };

suite(CLI ? 'family cards in WeChat DevTools (miniprogram-automator)' : SKIPPED, () => {
  const session = new Session();
  let before = 0;
  let cardId = '';

  beforeAll(() => session.start(), 300_000);
  afterAll(() => session.stop());
  beforeEach(() => session.clearMockLog());

  /** The school's card count on its card wall, as the current identity sees it. */
  async function wallCount(): Promise<number> {
    const page = await session.open(`${WALL_PAGE}&t=${Date.now()}`);
    const el = await until('the wall count', () => page.$('#wall-count'));
    const m = await until('a card count', async () => /已有 (\d+) 张卡片/.exec(await el.text()));
    return Number(m[1]);
  }

  /** The card page, once its poster is drawn (the save button appears only then). */
  async function drawnCard(page: Page): Promise<void> {
    await until('the poster canvas', () => page.$('#poster-canvas'));
    await until('the drawn poster (save button)', () => byText(page, '.nut-button', '保存图片到相册'));
  }

  test('a blocked slogan is refused with its reason, then the card is made and drawn', async () => {
    await session.actAs(PARENT, WALL_PAGE);
    before = await wallCount();

    const page = await session.open('/packages/card/make/index');
    await (await until(`the ${CARD.templateId} template`, () => page.$(`#tpl-${CARD.templateId}`))).tap();
    const slogan = (await until('the slogan box', () => page.$('#slogan'))) as TextareaElement;

    // The refusal comes back as a modal (showError): scripted, so its text can be read.
    await session.mock('showModal', { res: { confirm: true, cancel: false, errMsg: 'showModal:ok' } });
    try {
      await slogan.input(BLOCKED);
      await (await until('the make button', () => page.$('#make-submit'))).tap();
      const refusal = await until('the refusal', async () => (await session.mockLog('showModal'))[0]);
      const reason = String(refusal.options.content);
      expect(reason).toMatch(/不文明/);
      expect(reason).toContain('傻*');
      const current = await session.currentPage();
      expect(current.path).toContain('card/make');
    } finally {
      await session.restore('showModal');
    }

    await slogan.input(CARD.slogan);
    await ((await page.$('#names')) as InputElement).input(CARD.names);
    await (await page.$('#make-submit'))!.tap();

    const view = await until('the new card page', async () => {
      const p = await session.currentPage();
      return p.path.includes('card/view') && p.query?.id ? p : null;
    });
    cardId = String(view.query.id);
    expect(view.query.made).toBe('1');
    await drawnCard(view);
    await waitForText(view, '卡片做好了');
    expect(await byText(view, '.nut-button', '分享给微信好友或群')).not.toBeNull();

    const stored = await session.api<{ card: { names: string[]; slogan: string }; status: string }>(
      PARENT,
      'card',
      'getPublic',
      { cardId },
    );
    expect(stored.status).toBe('approved');
    expect(stored.card.names).toEqual(CARD.maskedNames);
  });

  test('saving the poster: a refused album permission is explained, the settings open, then it is saved', async () => {
    expect(cardId).not.toBe('');
    const page = await session.open(`${VIEW_PAGE}?id=${cardId}`);
    await drawnCard(page);
    await session.mock(
      'saveImageToPhotosAlbum',
      { fail: true, res: { errMsg: 'saveImageToPhotosAlbum:fail auth deny' } },
      { res: { errMsg: 'saveImageToPhotosAlbum:ok' } },
    );
    await session.mock('showModal', { res: { confirm: true, cancel: false, errMsg: 'showModal:ok' } });
    await session.mock('openSetting', {
      res: { authSetting: { 'scope.writePhotosAlbum': true }, errMsg: 'openSetting:ok' },
    });
    await session.mock('showToast', { res: { errMsg: 'showToast:ok' } });
    try {
      await (await byText(page, '.nut-button', '保存图片到相册'))!.tap();
      await until(
        'the success toast',
        async () => (await session.mockLog('showToast')).some((c) => c.options.title === '已保存到相册'),
        30_000,
      );
      const saves = await session.mockLog('saveImageToPhotosAlbum');
      expect(saves.map((c) => c.fail)).toEqual([true, false]);
      const modals = await session.mockLog('showModal');
      expect(modals).toHaveLength(1);
      expect(modals[0].options).toMatchObject({ title: '需要相册权限', confirmText: '去设置' });
      expect(String(modals[0].options.content)).toContain('保存卡片');
      expect(await session.mockLog('openSetting')).toHaveLength(1);
    } finally {
      await session.restore('saveImageToPhotosAlbum', 'showModal', 'openSetting', 'showToast');
    }
  });

  test('shared to a chat with a path back to the same card, and to Moments with its id', async () => {
    const page = await session.open(`${VIEW_PAGE}?id=${cardId}`);
    await drawnCard(page);

    const chat = (await page.callMethod('onShareAppMessage', { from: 'menu' })) as ShareAnswer;
    expect(chat.title).toContain(CARD.slogan);
    expect(chat.path).toBe(`${VIEW_PAGE}?id=${cardId}`);

    const moments = (await page.callMethod('onShareTimeline')) as ShareAnswer;
    expect(moments.title).toContain(CARD.slogan);
    expect(moments.query).toBe(`id=${cardId}`);

    // The shared path opens the same card.
    const opened = await session.open(chat.path!);
    await drawnCard(opened);
    expect(opened.query.id).toBe(cardId);
  });

  test("the school's card count rises on the card wall", async () => {
    let after = before;
    for (let i = 0; i < 10 && after <= before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      after = await wallCount();
    }
    expect(after).toBe(before + 1);
  });

  test('a visitor opens the card without logging in and sees masked names only', async () => {
    const page = await session.actAs(null, `${VIEW_PAGE}?id=${cardId}`);
    await drawnCard(page);
    await waitForText(page, '姓名已打码');
    const text = await pageText(page);
    for (const name of CARD.fullNames) expect(text).not.toContain(name);
    expect(await byText(page, '.nut-button', '我家也做一张')).not.toBeNull();
    expect(await byText(page, '.nut-button', '删除这张卡片')).toBeNull();
  });

  test('opened from Moments in single-page mode: the poster alone, no login, no buttons', async () => {
    await session.mockSync('getLaunchOptionsSync', {
      scene: 1154,
      path: VIEW_PAGE.slice(1),
      query: { id: cardId },
      referrerInfo: {},
    });
    try {
      const page = await session.actAs(null, `${VIEW_PAGE}?id=${cardId}`);
      await until('the poster canvas', () => page.$('#poster-canvas'));
      await page.waitFor(2000); // time to draw, and for any button that would follow
      expect((await page.$$('.nut-button')) ?? []).toHaveLength(0);
      expect(await pageText(page)).not.toContain('保存图片到相册');
    } finally {
      await session.restore('getLaunchOptionsSync');
    }
  });
});
