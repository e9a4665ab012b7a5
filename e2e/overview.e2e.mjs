// Participation overview story (issue #9, "Participation and export"; issue #8 item 8), in Chromium against
// a running local server:
// the demo teacher opens 参与情况 (it opens her school, 绿茵小学) → 我的班级 → the class overview shows every
// pupil × every registered activity → she filters to 未参加：承诺 (only pupils without a pledge remain) →
// reminds them: the confirmation names the activity and how many it reaches, the answer says who was
// reminded, and the grid marks today's reminders. The city admin opens 参与情况 (the city), ranks the
// districts by another activity, and drills down 华龙区 → 华龙区绿茵小学 → 三年级2班 (the class overview).
// Screenshots at a phone viewport, the city also at 1280 px (admins on a computer).
import path from 'node:path';
import { confirmModal, must, openAs, openRoute, step } from './helpers.mjs';

const TEACHER = 'demo-teacher';
const CITY = 'demo-city-admin';
const CLASS_ID = 'class-lvyin-3-2';
const SCHOOL_ID = 'school-lvyin';
const UNIT_PAGE = '/packages/overview/unit/index';

function check(cond, message) {
  if (!cond) throw new Error(`overview e2e: ${message}`);
}

async function shot(page, screenshotDir, name) {
  await page.waitForTimeout(600); // let the page's slide-in transition finish
  await page.screenshot({ path: path.join(screenshotDir, `overview-${name}.png`) });
}

/** The element with this id on the page shown now (Taro H5 keeps earlier pages hidden in the DOM). */
function shown(page, selector) {
  return page.locator(`${selector}:visible`).last();
}

/** Who a reminder about `key` reaches among `pupils` (as the page counts them). */
function plan(pupils, key) {
  const open = pupils.filter((p) => ['none', 'partial'].includes(p.cells[key]?.state ?? 'none'));
  return {
    open: open.length,
    toRemind: open.filter((p) => p.reachable && !p.remindedToday.includes(key)).length,
  };
}

/** Run the story; throws on the first failed expectation. */
export async function run({ baseUrl, browser, screenshotDir }) {
  // 1. The teacher's 参与情况 opens her school; her class is one tap away.
  const teacher = await openAs(browser, baseUrl, TEACHER);
  const tp = teacher.page;
  await step(tp, screenshotDir, 'overview-teacher-school', async () => {
    await openRoute(tp, baseUrl, UNIT_PAGE);
    await tp.waitForURL(new RegExp(`level=school&id=${SCHOOL_ID}`), { timeout: 15_000 });
    await shown(tp, '#ov-ranking').waitFor({ timeout: 15_000 });
    const figures = await shown(tp, '#ov-unit-figures').innerText();
    check(figures.includes('华龙区绿茵小学'), `the teacher's school is not shown: ${figures}`);
    check(/数据每分钟汇总一次/.test(figures), `no update note: ${figures}`);
    check((await tp.locator('#ov-tools').count()) === 0, 'a teacher is offered the admin tools');
    await shot(tp, screenshotDir, '1-teacher-school');
    await shown(tp, `#ov-my-${CLASS_ID}`).click();
    await tp.waitForURL(/packages\/overview\/class/, { timeout: 15_000 });
  });

  // 2. The class overview: one row per pupil, one column per registered activity.
  const before = await must(tp, 'overview', { action: 'classOverview', classId: CLASS_ID });
  await step(tp, screenshotDir, 'overview-class', async () => {
    const grid = shown(tp, '#ov-grid');
    await grid.waitFor({ timeout: 15_000 });
    const head = await shown(tp, '#ov-grid .ov-th').innerText();
    for (const c of before.columns) check(head.includes(c.title), `column ${c.title} missing: ${head}`);
    check(
      before.columns.some((c) => c.key === 'pledge'),
      'no 承诺 column',
    );
    const rows = await tp.locator('#ov-grid:visible [id^="ov-pupil-"]').count();
    check(rows === before.roster && rows === 8, `expected the 8 pupils, got ${rows}`);
    const figure = await shown(tp, '#ov-fig-pledge').innerText();
    const pledge = before.columns.find((c) => c.key === 'pledge');
    check(figure.includes(`${pledge.done} / ${before.roster} 人`), `class figure: ${figure}`);
    await shot(tp, screenshotDir, '2-class');
  });

  // 3. 未参加：承诺 keeps only the pupils without a pledge.
  const missing = before.pupils.filter((p) => p.cells.pledge.state !== 'done');
  await step(tp, screenshotDir, 'overview-filter', async () => {
    await shown(tp, '#ov-filter-pledge').click();
    const notice = shown(tp, '#ov-missing');
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.innerText();
    check(text.includes(`还没参加「承诺」的同学：${missing.length} 人`), `filter notice: ${text}`);
    await tp.waitForFunction(
      (n) => document.querySelectorAll('#ov-grid [id^="ov-pupil-"]').length === n,
      missing.length,
      { timeout: 15_000 },
    );
    const cells = await tp.locator('#ov-grid:visible [id^="ov-pupil-"]').allInnerTexts();
    check(
      cells.every((t) => !/手机签名|纸质签名|仪式签名/.test(t)),
      `a pupil who signed is listed: ${cells.join(' | ')}`,
    );
    await shot(tp, screenshotDir, '3-class-missing-pledge');
  });

  // 4. Remind them: confirmed first (the activity and how many), then who was reminded.
  const expected = plan(missing, 'pledge');
  await step(tp, screenshotDir, 'overview-remind', async () => {
    if (!expected.toRemind) {
      // Everyone missing was reminded today already or cannot be reached: the page says so, no button.
      await shown(tp, '#ov-remind-none').waitFor({ timeout: 15_000 });
      return;
    }
    await shown(tp, '#ov-remind-pledge').click();
    await tp.getByText('提醒未参加「承诺」的同学？').first().waitFor({ timeout: 10_000 });
    const ask = await tp.locator('.taro-modal__text:visible').first().innerText();
    check(ask.includes(`将提醒 ${expected.toRemind} 位`), `confirmation does not say how many: ${ask}`);
    await shot(tp, screenshotDir, '4-remind-confirm');
    await confirmModal(tp);
    await tp.getByText('提醒已发出').first().waitFor({ timeout: 15_000 });
    await confirmModal(tp);
    const result = await shown(tp, '#ov-remind-result').innerText();
    check(result.includes(`已提醒 ${expected.toRemind} 位同学`), `remind result: ${result}`);
    // The grid is read again: today's reminders are marked.
    await tp.waitForFunction(
      (n) => document.querySelectorAll('#ov-grid .ov-reminded').length >= n,
      expected.toRemind,
      { timeout: 15_000 },
    );
    await shown(tp, '#ov-remind-none').waitFor({ timeout: 15_000 });
    await shot(tp, screenshotDir, '5-reminded');
    // A second reminder the same day reaches nobody new.
    const again = await must(tp, 'overview', { action: 'remind', classId: CLASS_ID, activity: 'pledge' });
    check(
      again.reminded === 0 && again.already === expected.toRemind,
      `second reminder: ${JSON.stringify(again)}`,
    );
  });
  await teacher.context.close();

  // 5. The city admin: the city overview, ranked by another activity, then down to the class.
  for (const width of [390, 1280]) {
    const city = await openAs(browser, baseUrl, CITY);
    const cp = city.page;
    if (width !== 390) await cp.setViewportSize({ width, height: 900 });
    await step(cp, screenshotDir, `overview-city-${width}`, async () => {
      await openRoute(cp, baseUrl, UNIT_PAGE);
      await cp.waitForURL(/level=city/, { timeout: 15_000 });
      const district = cp.locator('#ov-ranking .ov-unit-row:visible', { hasText: '华龙区' }).last();
      await district.waitFor({ timeout: 15_000 });
      const figures = await shown(cp, '#ov-unit-figures').innerText();
      check(/数据每分钟汇总一次/.test(figures), `no update note: ${figures}`);
      await shot(cp, screenshotDir, width === 390 ? '6-city' : '6-city-1280');
      if (width !== 390) return;

      const ranking = await must(cp, 'overview', { action: 'unitOverview', level: 'city' });
      const other = ranking.columns.find((c) => c.key !== ranking.sortBy);
      if (other) {
        await shown(cp, `#ov-sort-${other.key}`).click();
        await shown(cp, '#ov-ranking')
          .getByText(`按「${other.title}」参与率排名`, { exact: false })
          .waitFor({ timeout: 15_000 });
      }
      await district.click();
      await cp.waitForURL(/level=district/, { timeout: 15_000 });
      const school = shown(cp, `#ov-row-${SCHOOL_ID}`);
      await school.waitFor({ timeout: 15_000 });
      check((await school.innerText()).includes('华龙区绿茵小学'), 'the district does not list 绿茵小学');
      await shot(cp, screenshotDir, '7-district');

      await school.click();
      await cp.waitForURL(new RegExp(`level=school&id=${SCHOOL_ID}`), { timeout: 15_000 });
      const cls = shown(cp, `#ov-row-${CLASS_ID}`);
      await cls.waitFor({ timeout: 15_000 });
      check((await cls.innerText()).includes('三年级2班'), 'the school does not list 三年级2班');
      await shown(cp, '#ov-tools').waitFor({ timeout: 15_000 });
      await shot(cp, screenshotDir, '8-school');

      await cls.click();
      await cp.waitForURL(new RegExp(`packages/overview/class/index\\?classId=${CLASS_ID}`), {
        timeout: 15_000,
      });
      const head = shown(cp, '#ov-class-figures');
      await head.waitFor({ timeout: 15_000 });
      check((await head.innerText()).includes('三年级2班'), 'the class overview is not 三年级2班');
      await shown(cp, '#ov-grid').waitFor({ timeout: 15_000 });
      await shot(cp, screenshotDir, '9-city-class');
    });
    await city.context.close();
  }
}
