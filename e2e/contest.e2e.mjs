// E2E story of issue #9 (作品征集) in Chromium against a running local server with the H5 build, through the
// pages: the city admin publishes a judged call (drawing and essay categories, awards as soon as judging
// ends) and invites three judges, who redeem their codes → a pupil submits a drawing with two pictures
// (compressed on the page, uploaded with progress) and an essay → the school recommends both (the held
// pictures need 「已看过」) → the district recommends both → the city puts the judges on the panel and
// assigns every work to all three → each judge scores both works blind (no author or school on the page)
// → the city publishes the awards → the pupil's certificate verifies on the public page with a masked name
// → the drawing shows in the city gallery → a like counts once. Screenshots (phone 390 × 844, admin pages
// at 1280 px) go to screenshotDir as contest-*.png. Throws on the first failed expectation.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pngjs from 'pngjs';
import { step } from './helpers.mjs';

const { PNG } = pngjs;
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };
const C = '/packages/contest';
const CITY = 'demo-city-admin';
const SCHOOL_ADMIN = 'demo-school-admin';
const DISTRICT_ADMIN = 'demo-district-admin';
const STUDENT = 'demo-student';
const PARENT = 'demo-parent';
const SCHOOL_ID = 'school-lvyin';
const DISTRICT_ID = 'district-1';
const TITLE = '争做好网民 作品征集（测试）';
const DRAWING = '我家的文明上网约定';
const ESSAY = '点击之前想一想';
const JUDGES = ['e2e-judge-1', 'e2e-judge-2', 'e2e-judge-3'];
const JUDGE_NAMES = ['林评一', '周评二', '吴评三'];

function check(cond, message) {
  if (!cond) throw new Error(`contest e2e: ${message}`);
}

/** A fresh page logged in as `openid` (dev login; null: not logged in), phone-sized unless `viewport`. */
async function openAs(browser, baseUrl, openid, viewport = PHONE) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[contest e2e] page error as ${openid}: ${err.message}`));
  await page.goto(`${baseUrl}/#/pages/login/index`);
  if (openid) {
    const res = await page.evaluate(async (id) => {
      const r = await fetch('/api/dev/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: id }),
      });
      return r.json();
    }, openid);
    check(res.ok, `login failed for ${openid}`);
    await page.evaluate(
      ({ token, id }) => {
        localStorage.setItem('cgn.token', JSON.stringify({ data: token }));
        localStorage.setItem('cgn.openid', JSON.stringify({ data: id }));
      },
      { token: res.data.token, id: openid },
    );
  }
  return { context, page };
}

/** Open a route in a fresh document (Taro H5 keeps earlier pages hidden in the DOM). */
async function open(page, baseUrl, route) {
  await page.goto(`${baseUrl}/#${route}`);
  await page.reload();
}

async function shot(page, dir, name) {
  await page.waitForTimeout(700); // the page's slide-in transition
  await page.screenshot({ path: path.join(dir, `contest-${name}.png`) });
}

/** Call an action as the page's user (reading ids the story needs; a few setup checks). */
async function api(page, fn, action, input = {}) {
  const res = await page.evaluate(
    async ({ fn, action, input }) => {
      const raw = localStorage.getItem('cgn.token');
      const token = raw ? JSON.parse(raw).data : null;
      const r = await fetch(`/api/functions/${fn}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ action, ...input }),
      });
      return r.json();
    },
    { fn, action, input },
  );
  if (!res.ok) throw new Error(`${fn}.${action}: ${res.error?.code} ${res.error?.message}`);
  return res.data;
}

/** Tap 确定 in the open modal (Taro H5's showModal). */
async function confirmModal(page) {
  await page.locator('.taro-model__confirm:visible').first().click();
}

/** Two different drawings as PNG files (the pupil's photos of her picture). */
async function drawings() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cgn-contest-'));
  const files = [];
  for (const [k, hue] of [
    [1, 40],
    [2, 200],
  ]) {
    const png = new PNG({ width: 640, height: 480 });
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        const wave = Math.sin((x * k) / 37 + y / 53) * 90;
        png.data[i] = (hue + wave + 255) % 255;
        png.data[i + 1] = (x * 255) / png.width;
        png.data[i + 2] = ((y * 255) / png.height + hue) % 255;
        png.data[i + 3] = 255;
      }
    }
    const file = path.join(dir, `drawing-${k}.png`);
    await fs.writeFile(file, PNG.sync.write(png));
    files.push(file);
  }
  return files;
}

const ESSAY_TEXT =
  '上网课那段时间，我第一次自己管理平板电脑。刚开始，我总想点开弹出来的小游戏，也差点把家里的地址告诉一个陌生的网友。' +
  '后来老师在班会上讲了网络安全，我才知道陌生人发来的链接不能点，个人信息不能随便说。回家以后，我和爸爸妈妈一起定了一份约定：' +
  '每天上网不超过一小时，转发消息之前先核实，在网上留言之前想一想这句话会不会伤害别人。奶奶也学会了用手机，' +
  '我把防诈骗的知识讲给她听，她说要和我一起做文明的网民。现在我明白了，清朗的网络空间需要我们每一个人守护，' +
  '点击之前想一想，就是守护它的第一步。';

/** Run the story; throws on the first failed expectation. */
export async function run({ baseUrl, browser, screenshotDir }) {
  const files = await drawings();

  // 1. The city admin publishes a judged call on the editor page (defaults: 征文 + 绘画, three pupil groups).
  const city = await openAs(browser, baseUrl, CITY, DESK);
  const cp = city.page;
  let callId;
  await step(cp, screenshotDir, 'contest-create', async () => {
    await open(cp, baseUrl, `${C}/edit/index?level=city`);
    await cp.locator('#ct-call-title input').fill(TITLE);
    await cp.locator('#ct-call-intro textarea').fill('围绕“争做校园好网民”，征集学生的绘画和征文作品。');
    await cp.locator('#ct-early').click();
    await shot(cp, screenshotDir, '01-create-call');
    await cp.locator('#ct-call-save').click();
    await cp.locator('#ct-manage:visible').waitFor({ timeout: 15_000 });
    const home = await api(cp, 'contest', 'home');
    const mine = home.organise.find((c) => c.title === TITLE);
    check(mine && mine.judged, `the new call is not listed as judged: ${JSON.stringify(home.organise)}`);
    callId = mine.callId;
    await shot(cp, screenshotDir, '02-manage');
  });

  // 2. Three judges are invited on the judging page and redeem their codes on the invite page.
  await step(cp, screenshotDir, 'contest-judges', async () => {
    for (const [i, openid] of JUDGES.entries()) {
      await open(cp, baseUrl, `${C}/judging/index?callId=${callId}`);
      await cp.locator('#ct-judge-name input').fill(JUDGE_NAMES[i]);
      await cp.locator('#ct-judge-invite').click();
      const code = (await cp.locator('#ct-judge-code .code-big').innerText()).trim();
      check(/^[A-Z0-9]{6,}$/.test(code), `no invite code: ${code}`);
      if (i === 0) await shot(cp, screenshotDir, '03-judge-invite');
      const judge = await openAs(browser, baseUrl, openid);
      await open(judge.page, baseUrl, '/packages/join/invite/index');
      await judge.page.locator('#invite-code input').fill(code);
      await judge.page.locator('#invite-redeem').click();
      await judge.page.locator('#invite-granted:visible').waitFor({ timeout: 15_000 });
      await judge.context.close();
    }
  });

  // 3. The pupil submits a drawing with two pictures and an essay.
  const pupil = await openAs(browser, baseUrl, STUDENT);
  const sp = pupil.page;
  const ids = {};
  await step(sp, screenshotDir, 'contest-submit', async () => {
    await open(sp, baseUrl, `${C}/home/index`);
    await sp.locator(`#ct-submit-${callId}`).click();
    await sp.locator('#ct-form:visible').waitFor({ timeout: 15_000 });
    await sp.locator('#ct-cat-drawing:visible').click();
    check(
      (await sp.locator('#ct-group-primary-low:visible').getAttribute('class')).includes('ct-chip-on'),
      'the group is not pre-filled from the class',
    );
    await sp.locator('#ct-title:visible input').fill(DRAWING);
    const [chooser] = await Promise.all([
      sp.waitForEvent('filechooser'),
      sp.locator('#ct-add-image:visible').click(),
    ]);
    await chooser.setFiles(files);
    await sp.locator('#ct-img-1:visible').waitFor({ timeout: 20_000 });
    await sp.locator('#ct-originality:visible').click();
    await shot(sp, screenshotDir, '04-submit-drawing');
    await sp.locator('#ct-submit:visible').click();
    await sp.waitForURL(/packages\/contest\/entry/, { timeout: 15_000 });
    const status = sp.locator('#ct-entry-status:visible');
    await status.waitFor({ timeout: 15_000 });
    check((await status.innerText()).includes('等待学校审核'), `drawing status: ${await status.innerText()}`);
    const notices = await sp.locator('#ct-entry-notices:visible').innerText();
    check(notices.includes('第 1 张图片') && notices.includes('第 2 张图片'), `pending notes: ${notices}`);
    await shot(sp, screenshotDir, '05-drawing-submitted');

    await open(sp, baseUrl, `${C}/submit/index?callId=${callId}`);
    await sp.locator('#ct-form:visible').waitFor({ timeout: 15_000 });
    await sp.locator('#ct-cat-essay:visible').click();
    await sp.locator('#ct-title:visible input').fill(ESSAY);
    await sp.locator('#ct-body:visible textarea').fill(ESSAY_TEXT);
    await sp.locator('#ct-originality:visible').click();
    await shot(sp, screenshotDir, '06-submit-essay');
    await sp.locator('#ct-submit:visible').click();
    await sp.waitForURL(/packages\/contest\/entry/, { timeout: 15_000 });
    await sp.locator('#ct-entry-status:visible').waitFor({ timeout: 15_000 });

    const mine = await api(sp, 'contest', 'myEntries', { callId });
    for (const e of mine.items) ids[e.title] = e.entryId;
    check(ids[DRAWING] && ids[ESSAY], `entries: ${JSON.stringify(mine.items.map((e) => e.title))}`);
    const drawing = mine.items.find((e) => e.title === DRAWING);
    check(drawing.images.length === 2, `the drawing has ${drawing.images.length} pictures`);
    await open(sp, baseUrl, `${C}/mine/index`);
    await sp.locator(`#ct-entry-${ids[ESSAY]}:visible`).waitFor({ timeout: 15_000 });
    await shot(sp, screenshotDir, '07-mine');
  });

  // 4. The school recommends both (the held pictures first need 「已看过」).
  const school = await openAs(browser, baseUrl, SCHOOL_ADMIN, DESK);
  const hp = school.page;
  await step(hp, screenshotDir, 'contest-school', async () => {
    await open(hp, baseUrl, `${C}/review/index?callId=${callId}&round=school&unitId=${SCHOOL_ID}&admin=1`);
    const drawing = hp.locator(`#ct-item-${ids[DRAWING]}:visible`);
    await drawing.waitFor({ timeout: 15_000 });
    await hp.locator(`#ct-seen-${ids[DRAWING]}:visible`).scrollIntoViewIfNeeded();
    await shot(hp, screenshotDir, '08-school-review');
    await hp.locator(`#ct-seen-${ids[DRAWING]}:visible`).click();
    await hp.locator(`#ct-decide-recommend-${ids[DRAWING]}:visible`).click();
    await drawing.waitFor({ state: 'detached', timeout: 15_000 });
    const essay = hp.locator(`#ct-item-${ids[ESSAY]}:visible`);
    if (await hp.locator(`#ct-seen-${ids[ESSAY]}:visible`).count()) {
      await hp.locator(`#ct-seen-${ids[ESSAY]}:visible`).click();
    }
    await hp.locator(`#ct-decide-recommend-${ids[ESSAY]}:visible`).click();
    await essay.waitFor({ state: 'detached', timeout: 15_000 });
    await hp.locator('#ct-tab-recommended:visible').click();
    await hp.locator(`#ct-item-${ids[ESSAY]}:visible`).waitFor({ timeout: 15_000 });
    const quotas = await hp.locator('#ct-quotas:visible').innerText();
    check(quotas.includes('已推荐 1/3'), `places used: ${quotas}`);
  });

  // 5. The district recommends both to the city.
  const district = await openAs(browser, baseUrl, DISTRICT_ADMIN, DESK);
  const dp = district.page;
  await step(dp, screenshotDir, 'contest-district', async () => {
    await open(
      dp,
      baseUrl,
      `${C}/review/index?callId=${callId}&round=district&unitId=${DISTRICT_ID}&admin=1`,
    );
    for (const title of [DRAWING, ESSAY]) {
      const item = dp.locator(`#ct-item-${ids[title]}:visible`);
      await item.waitFor({ timeout: 15_000 });
      if (title === DRAWING) {
        await item.scrollIntoViewIfNeeded();
        await shot(dp, screenshotDir, '09-district-review');
      }
      await dp.locator(`#ct-decide-recommend-${ids[title]}:visible`).click();
      await item.waitFor({ state: 'detached', timeout: 15_000 });
    }
  });

  // 6. The city puts the three judges on the panel and assigns both works to all of them.
  await step(cp, screenshotDir, 'contest-assign', async () => {
    await open(cp, baseUrl, `${C}/judging/index?callId=${callId}`);
    await cp.locator('#ct-add-all:visible').click();
    await cp.locator(`#ct-judge-${JUDGES[2]}:visible`).waitFor({ timeout: 15_000 });
    await cp.locator('#ct-assign:visible').click();
    const result = cp.locator('#ct-assign-result:visible');
    await result.waitFor({ timeout: 15_000 });
    check((await result.innerText()).includes('新分配 6 份'), `assignment: ${await result.innerText()}`);
    check(
      (await cp.locator('#ct-board-entries').innerText()).trim() === '2',
      'the city round should hold 2 works',
    );
    await shot(cp, screenshotDir, '10-judging');
  });

  // 7. Each judge scores both works, blind.
  for (const [j, openid] of JUDGES.entries()) {
    const judge = await openAs(browser, baseUrl, openid);
    const jp = judge.page;
    await step(jp, screenshotDir, `contest-judge-${j + 1}`, async () => {
      for (let k = 0; k < 2; k++) {
        await open(jp, baseUrl, `${C}/judge/index?callId=${callId}`);
        await jp.locator('#ct-judge-next:visible').click();
        await jp.locator('#ct-rubric:visible').waitFor({ timeout: 15_000 });
        const work = await jp.locator('#ct-blind-work:visible').innerText();
        for (const secret of ['王小雨', '绿茵', '华龙区', '三年级']) {
          check(!work.includes(secret), `the judge's page shows "${secret}"`);
        }
        const marks = { theme: 8 - j, craft: 7 + k, idea: 9 - k };
        for (const [key, v] of Object.entries(marks))
          await jp.locator(`#ct-score-${key}-${v}:visible`).click();
        const total = (await jp.locator('#ct-total:visible').innerText()).trim();
        const want = (marks.theme * 40 + marks.craft * 40 + marks.idea * 20) / 10;
        check(Number(total) === want, `weighted total ${total}, expected ${want}`);
        await jp.locator('#ct-comment:visible textarea').fill('主题鲜明，表达真挚');
        if (j === 0 && k === 0) await shot(jp, screenshotDir, '11-score');
        await jp.locator('#ct-score-save:visible').click();
        await jp.waitForURL(/packages\/contest\/judge\/index/, { timeout: 15_000 });
      }
      const tasks = await api(jp, 'contest', 'judgeTasks', { callId });
      check(tasks.call.scored === 2, `judge ${openid} scored ${tasks.call.scored} of 2`);
      const raw = JSON.stringify(tasks);
      check(!raw.includes('王小雨') && !raw.includes(SCHOOL_ID), 'the judge tasks answer names the author');
    });
    await judge.context.close();
  }

  // 8. The city compares raw and normalised scores and publishes the awards.
  await step(cp, screenshotDir, 'contest-publish', async () => {
    await open(cp, baseUrl, `${C}/results/index?callId=${callId}`);
    const row = cp.locator(`#ct-trow-${ids[DRAWING]}:visible`);
    await row.waitFor({ timeout: 15_000 });
    check((await row.innerText()).includes('拟一等奖'), `results row: ${await row.innerText()}`);
    await row.scrollIntoViewIfNeeded();
    await shot(cp, screenshotDir, '12-results');
    await cp.locator('#ct-publish:visible').click();
    await confirmModal(cp);
    await cp.locator('#ct-published:visible').waitFor({ timeout: 20_000 });
  });

  // 9. The pupil's certificate, then the public verify page shows her name masked.
  let code;
  await step(sp, screenshotDir, 'contest-certificate', async () => {
    await open(sp, baseUrl, `${C}/certificates/index`);
    const certs = await api(sp, 'contest', 'myCertificates');
    const cert = certs.items.find((c) => c.entryTitle === DRAWING);
    check(cert && cert.names.includes('王小雨'), `certificate: ${JSON.stringify(certs.items)}`);
    await sp.locator(`#ct-cert-open-${cert.certificateId}:visible`).click();
    await sp.locator('#ct-certificate:visible').waitFor({ timeout: 15_000 });
    const text = await sp.locator('#ct-certificate:visible').innerText();
    check(
      text.includes('王小雨') && text.includes('一等奖') && text.includes(DRAWING),
      `certificate page: ${text}`,
    );
    code = (await sp.locator('#ct-cert-code:visible').innerText()).trim();
    await shot(sp, screenshotDir, '13-certificate');
    // The certificate image: a PNG drawn on a canvas, downloaded in the browser.
    const [download] = await Promise.all([
      sp.waitForEvent('download'),
      sp.locator('#ct-cert-save:visible').click(),
    ]);
    const file = path.join(screenshotDir, 'contest-13b-certificate-image.png');
    await download.saveAs(file);
    const png = PNG.sync.read(await fs.readFile(file));
    check(png.width === 1200 && png.height === 1800, `certificate image is ${png.width}×${png.height}`);
  });
  const visitor = await openAs(browser, baseUrl, null);
  const vp = visitor.page;
  await step(vp, screenshotDir, 'contest-verify', async () => {
    await open(vp, baseUrl, `/packages/pledge/verify/index?code=${code}`);
    const result = vp.locator('#pl-verify-result:visible');
    await result.waitFor({ timeout: 15_000 });
    const text = await result.innerText();
    check(text.includes('王*雨') && !text.includes('王小雨'), `verify page: ${text}`);
    check(text.includes('一等奖'), `verify page lacks the award: ${text}`);
    await shot(vp, screenshotDir, '14-verify');
  });

  // 10. The drawing is in the city gallery (names masked), open to anyone.
  await step(vp, screenshotDir, 'contest-gallery', async () => {
    await open(vp, baseUrl, `${C}/gallery/index?callId=${callId}&level=city`);
    const tile = vp.locator(`#ct-tile-${ids[DRAWING]}:visible`);
    await tile.waitFor({ timeout: 15_000 });
    const text = await tile.innerText();
    check(text.includes('王*雨') && !text.includes('王小雨'), `gallery tile: ${text}`);
    await shot(vp, screenshotDir, '15-gallery');
    await tile.click();
    await vp.locator('#ct-work:visible').waitFor({ timeout: 15_000 });
    check((await vp.locator('#ct-like:visible').innerText()).includes('0'), 'a new work starts with 0 likes');
    await shot(vp, screenshotDir, '16-work-public');
  });

  // 11. A parent likes it: the count goes to 1, and a second like by the same person changes nothing.
  const parent = await openAs(browser, baseUrl, PARENT);
  const pp = parent.page;
  await step(pp, screenshotDir, 'contest-like', async () => {
    await open(pp, baseUrl, `${C}/work/index?id=${ids[DRAWING]}`);
    const like = pp.locator('#ct-like:visible');
    await like.waitFor({ timeout: 15_000 });
    await like.click();
    await pp.locator('#ct-like.ct-like-on:visible').waitFor({ timeout: 15_000 });
    check((await like.innerText()).includes('1'), `after one like: ${await like.innerText()}`);
    const again = await api(pp, 'contest', 'like', { entryId: ids[DRAWING], like: true });
    check(again.likes === 1 && again.liked, `a second like counted: ${JSON.stringify(again)}`);
    await open(pp, baseUrl, `${C}/work/index?id=${ids[DRAWING]}`);
    await pp.locator('#ct-like.ct-like-on:visible').waitFor({ timeout: 15_000 });
    check((await pp.locator('#ct-like:visible').innerText()).includes('已赞 1'), 'the like is not kept');
    await shot(pp, screenshotDir, '17-liked');
    const work = await api(vp, 'contest', 'work', { entryId: ids[DRAWING] });
    check(
      work.likes === 1 && !work.canLike,
      `public view: ${JSON.stringify({ likes: work.likes, canLike: work.canLike })}`,
    );
  });

  for (const ctx of [city, pupil, school, district, visitor, parent]) await ctx.context.close();
  await fs.rm(path.dirname(files[0]), { recursive: true, force: true });
}
