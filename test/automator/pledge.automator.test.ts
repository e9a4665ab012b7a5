/**
 * The civility pledge on weapp, driven by miniprogram-automator in WeChat DevTools; mirrors
 * e2e/pledge.e2e.mjs (H5) and adds what only the mini-program does:
 * the student reads the convention and the letter, promises and signs → the certificate (rank, masked
 * name, code) → it is shared to a chat (the verification page) and to Moments (?code=) → saved to the
 * album, with a refused permission explained and sent to the settings page → anyone verifies it without
 * logging in → the teacher's class view lists the student as signed online → the city view counts the
 * pledge and the district view ranks the school with its rate.
 *
 * The signature is the typed name (「输入名字」): a drawn one is uploaded with wx.cloud.uploadFile (CloudBase
 * storage), which is not routed to the local server. Album, settings page, modals and subscribe
 * messages are scripted with mockWxMethod (test/automator/harness.ts).
 *
 * Runs only where WECHAT_DEVTOOLS_CLI points at the DevTools CLI; elsewhere it is reported as skipped.
 * `npm run test:automator`. Environment: see join.automator.test.ts.
 */
import type { InputElement } from 'miniprogram-automator/out/Element';
import type Page from 'miniprogram-automator/out/Page';
import { DEMO_ROSTER, DEMO_USERS } from '../../core/demo/seed';
import { maskName } from '../../core/privacy';
import { byText, CLI, pageText, Session, SKIPPED, suite, until, waitForText } from './harness';

if (!CLI) process.stdout.write(`\n${SKIPPED}\n\n`);

const STUDENT = DEMO_USERS.student;
/** The demo student 王小雨 of 绿茵小学 三年级2班 (roster entry r1). */
const STUDENT_NAME = DEMO_ROSTER[0];
const CLASS_ID = 'class-lvyin-3-2';
const ROSTER_ID = `${CLASS_ID}-r1`;
const SCHOOL_ID = 'school-lvyin';
const SCHOOL_NAME = '华龙区绿茵小学';
const SIGN_PAGE = '/packages/pledge/sign/index';
const CERT_PAGE = '/packages/pledge/certificate/index';
const VERIFY_PAGE = '/packages/pledge/verify/index';
const SHARE_TITLE = '我签署了文明上网承诺，争做校园好网民！';

type ShareAnswer = { title?: string; path?: string; query?: string };

suite(CLI ? 'civility pledge in WeChat DevTools (miniprogram-automator)' : SKIPPED, () => {
  const session = new Session();
  let code = '';

  beforeAll(() => session.start(), 300_000);
  afterAll(() => session.stop());
  beforeEach(() => session.clearMockLog());

  /** The certificate page of the signed-in student, once its certificate is shown. */
  async function certificatePage(): Promise<Page> {
    const page = await until('the certificate page', async () => {
      const p = await session.currentPage();
      return p.path.includes('pledge/certificate') ? p : null;
    });
    await until('the certificate', () => page.$('#pl-certificate'));
    return page;
  }

  test('the student reads, promises, signs with their name and lands on the certificate', async () => {
    const page = await session.actAs(STUDENT, SIGN_PAGE);
    const first = await until('the reading or the already-signed card', async () =>
      (await page.$('#pl-already')) ? 'already' : (await page.$('#pl-read-done')) ? 'read' : null,
    );

    if (first === 'read') {
      const convention = await page.$('#pl-convention');
      expect(await convention?.text()).toContain('要有益身心健康，不沉溺虚拟时空');
      await (await page.$('#pl-read-done'))!.tap();
      await (await until('the promise box', () => page.$('#pl-promise'))).tap();
      await (await until('the typed-name tab', () => page.$('#pl-mode-typed'))).tap();
      const name = (await until('the name input', () => page.$('#pl-typed-name'))) as InputElement;
      await name.input(STUDENT_NAME);
      await (await page.$('#pl-submit'))!.tap();

      // Built with a reminder template (TARO_APP_SUBSCRIBE_TEMPLATE), the page stays to offer
      // 「接收活动提醒」; without one it goes straight to the certificate.
      const next = await until('the certificate or the signed card', async () => {
        const p = await session.currentPage();
        if (p.path.includes('pledge/certificate')) return 'certificate';
        return (await p.$('#pl-already')) ? 'signed' : null;
      });
      if (next === 'signed') {
        await waitForText(page, '承诺成功');
        const remind = await page.$('#pl-remind-subscribe');
        if (remind) {
          await session.mock('requestSubscribeMessage', { res: { errMsg: 'requestSubscribeMessage:ok' } });
          await remind.tap();
          const asked = await until('the subscribe request', async () => {
            const calls = await session.mockLog('requestSubscribeMessage');
            return calls.length ? calls : null;
          });
          expect((asked[0].options.tmplIds as string[]).length).toBe(1);
          await session.restore('requestSubscribeMessage');
        }
        await (await page.$('#pl-to-certificate'))!.tap();
      }
    } else {
      await (await page.$('#pl-to-certificate'))!.tap();
    }

    // The certificate: rank in the school, masked name, school, verification code.
    const cert = await certificatePage();
    const certText = await (await cert.$('#pl-certificate'))!.text();
    expect(certText).toMatch(/本校第 \d+ 位签名/);
    expect(certText).toContain(maskName(STUDENT_NAME));
    expect(certText).not.toContain(STUDENT_NAME);
    expect(certText).toContain(SCHOOL_NAME);
    code = (await (await cert.$('#pl-cert-code'))!.text()).trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);

    // The backend agrees.
    const mine = await session.api<{ certificate: { verifyCode: string; kind: string } | null }>(
      STUDENT,
      'pledge',
      'myPledge',
    );
    expect(mine.certificate).toMatchObject({ verifyCode: code, kind: 'online' });
  });

  test('the certificate is shared to a chat as its verification page and to Moments with its code', async () => {
    expect(code).not.toBe('');
    const page = await session.actAs(STUDENT, CERT_PAGE);
    await until('the certificate', () => page.$('#pl-certificate'));
    expect(await byText(page, '.nut-button', '把验证页发给好友')).not.toBeNull();

    const chat = (await page.callMethod('onShareAppMessage', { from: 'menu' })) as ShareAnswer;
    expect(chat.title).toBe(SHARE_TITLE);
    expect(chat.path).toBe(`${VERIFY_PAGE}?code=${code}`);

    const moments = (await page.callMethod('onShareTimeline')) as ShareAnswer;
    expect(moments.title).toBe(SHARE_TITLE);
    expect(moments.query).toBe(`code=${code}`);
  });

  test('saving the certificate: a refused album permission is explained, the settings open, then it is saved', async () => {
    const page = await session.actAs(STUDENT, CERT_PAGE);
    const save = await until('the save button', () => page.$('#pl-save-poster'));
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
      await save.tap();
      await until('the success toast', async () =>
        (await session.mockLog('showToast')).some((c) => c.options.title === '已保存到相册'),
      );
      const saves = await session.mockLog('saveImageToPhotosAlbum');
      expect(saves.map((c) => c.fail)).toEqual([true, false]);
      expect(String(saves[1].options.filePath)).not.toBe('');
      const modals = await session.mockLog('showModal');
      expect(modals).toHaveLength(1);
      expect(modals[0].options).toMatchObject({ title: '需要相册权限', confirmText: '去设置' });
      expect(await session.mockLog('openSetting')).toHaveLength(1);
    } finally {
      await session.restore('saveImageToPhotosAlbum', 'showModal', 'openSetting', 'showToast');
    }
  });

  test('anyone verifies it without logging in, from the shared link and from Moments', async () => {
    const verify = await session.actAs(null, `${VERIFY_PAGE}?code=${code}`);
    const result = await until('the verification result', () => verify.$('#pl-verify-result'));
    await until('the verified text', async () => (await result.text()).includes('证书真实有效'));
    const text = await result.text();
    expect(text).toContain(maskName(STUDENT_NAME));
    expect(text).not.toContain(STUDENT_NAME);

    // Moments opens the certificate page with ?code=: the public view, no login, nothing to save.
    await session.mockSync('getLaunchOptionsSync', {
      scene: 1154,
      path: CERT_PAGE.slice(1),
      query: { code },
      referrerInfo: {},
    });
    try {
      const moments = await session.open(`${CERT_PAGE}?code=${code}`);
      await waitForText(moments, '证书真实有效');
      const all = await pageText(moments);
      expect(all).toContain(maskName(STUDENT_NAME));
      expect(all).not.toContain(STUDENT_NAME);
      expect(await moments.$('#pl-save-poster')).toBeNull();
    } finally {
      await session.restore('getLaunchOptionsSync');
    }
  });

  test("the teacher's class view lists the student as signed online", async () => {
    const page = await session.actAs(DEMO_USERS.teacher, `/packages/pledge/class/index?classId=${CLASS_ID}`);
    const line = await until('the student line', () => page.$(`#pl-student-${ROSTER_ID}`));
    const lineText = await line.text();
    expect(lineText).toContain(STUDENT_NAME);
    expect(lineText).toContain('手机签名');
    const figures = await (await until('the figures', () => page.$('#pl-figures'))).text();
    expect(figures).toMatch(/签名率/);
    expect(figures).toMatch(/已签 \d+ 人/);
  });

  test('the city view counts the pledge; the district view ranks the school with its rate', async () => {
    const cityUrl = '/packages/overview/unit/index?level=city&sortBy=pledge';
    let page = await session.actAs(DEMO_USERS.cityAdmin, cityUrl);
    // Counters roll up every few seconds locally: reopen until the district shows the pledge.
    const districtText = await until(
      'the district to count the pledge',
      async () => {
        const ranking = await page.$('#ov-ranking');
        const row = ranking ? await byText(ranking, '.list-item', '华龙区') : null;
        const text = row ? await row.text() : '';
        if (/承诺已参加 [1-9]\d* \//.test(text)) return text;
        page = await session.open(cityUrl);
        return null;
      },
      30_000,
    );
    expect(districtText).toContain('华龙区');

    // 重新核对数据 rebuilds every counter (confirmed in a modal) so the roster sizes are exact.
    await session.mock('showModal', { res: { confirm: true, cancel: false, errMsg: 'showModal:ok' } });
    try {
      await (await until('the recount button', () => page.$('#ov-recount'))).tap();
      await until('the recount to be confirmed', async () => (await session.mockLog('showModal')).length > 0);
      await page.waitFor(2000);
    } finally {
      await session.restore('showModal');
    }
    page = await session.open(cityUrl);
    const district = await until('the district row', async () => {
      const ranking = await page.$('#ov-ranking');
      return ranking ? byText(ranking, '.list-item', '华龙区') : null;
    });
    await district.tap();

    const districtPage = await until('the district view', async () => {
      const p = await session.currentPage();
      return p.path.includes('overview/unit') && p.query?.level === 'district' ? p : null;
    });
    const school = await until('the school row', () => districtPage.$(`#ov-row-${SCHOOL_ID}`));
    const schoolText = await school.text();
    const m = /(\d+(?:\.\d)?)%[\s\S]*承诺已参加 (\d+) \/ (\d+) 人/.exec(schoolText);
    expect(m).not.toBeNull();
    const [rate, signed, roster] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(signed).toBeGreaterThanOrEqual(1);
    expect(roster).toBeGreaterThanOrEqual(signed);
    expect(rate).toBe(Math.round((signed / roster) * 1000) / 10);
  });
});
