// E2E story of issue #10 (knowledge quizzes), in Chromium against a running local server:
// the city admin publishes a law quiz on the edit page → a pupil starts it, answers part of it and
// closes the page (the app is killed) → reopens it on a fresh page, resumes where she was (her answers
// are still there), finishes and submits → sees her score and every question with the right answer,
// the explanation and its source → the teacher's class view shows the class's participation rate →
// the city ranking lists the district and, one level down, the school → item analysis lists the
// questions. Throws on failure; screenshots go to screenshotDir (phone-sized, 390 × 844).
import path from 'node:path';
import { step } from './helpers.mjs';

const VIEWPORT = { width: 390, height: 844 };
const STUDENT = 'demo-student';
const TEACHER = 'demo-teacher';
const CITY = 'demo-city-admin';
const CLASS_ID = 'class-lvyin-3-2';
const SCHOOL_ID = 'school-lvyin';
const DISTRICT_ID = 'district-1';
const TITLE = '网络法律知识竞赛（测试）';
const COUNT = 8;

function check(cond, message) {
  if (!cond) throw new Error(`quiz e2e: ${message}`);
}

/** A fresh phone-sized page logged in as `openid` through the login page's 进入 button. */
async function loginAs(browser, baseUrl, openid) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[quiz e2e] page error as ${openid}: ${err.message}`));
  await page.goto(`${baseUrl}/#/pages/login/index`);
  await page.locator(`[data-openid="${openid}"]`).click();
  await page.waitForURL(/pages\/index\/index/, { timeout: 15_000 });
  return { context, page };
}

/** Open a route in a fresh document (Taro H5 keeps earlier pages hidden in the DOM during transitions). */
async function open(page, baseUrl, route) {
  await page.goto(`${baseUrl}/#${route}`);
  await page.reload();
}

async function shot(page, dir, name, fullPage = false) {
  await page.waitForTimeout(600); // let the page's slide-in transition finish
  await page.screenshot({ path: path.join(dir, `quiz-${name}.png`), fullPage });
}

/** Call an action as the page's logged-in user (for reading ids the story needs). */
async function api(page, fn, action, input = {}) {
  const res = await page.evaluate(
    async ({ fn, action, input }) => {
      const token = JSON.parse(localStorage.getItem('cgn.token') ?? '{}').data;
      const r = await fetch(`/api/functions/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ action, ...input }),
      });
      return r.json();
    },
    { fn, action, input },
  );
  if (!res.ok) throw new Error(`${fn}.${action}: ${res.error?.message}`);
  return res.data;
}

/** Answer the question on screen (its first option) and go on. */
async function answerCurrent(page, index) {
  const q = page.locator(`#qz-question-${index}:visible`);
  await q.waitFor({ timeout: 15_000 });
  await q.locator('#qz-option-0').click();
  await page.locator('#qz-saved:visible', { hasText: '答案已保存' }).waitFor({ timeout: 15_000 });
}

/** Run the story; throws on the first failed expectation. */
export async function run({ baseUrl, browser, screenshotDir }) {
  // 1. The city admin publishes the law quiz: title, topics, count, answers right after submitting.
  const city = await loginAs(browser, baseUrl, CITY);
  const cp = city.page;
  let quizId;
  await step(cp, screenshotDir, 'quiz-create', async () => {
    await open(cp, baseUrl, '/packages/quiz/edit/index?level=city');
    await cp.locator('#qz-title input').fill(TITLE);
    for (const topic of ['网络安全法', '生态治理规定', '未成年人网络保护', '个人信息保护']) {
      await cp.locator(`#qz-topic-${topic}`).click();
    }
    await cp.locator('#qz-count input').fill(String(COUNT));
    await cp.getByText('交卷后马上公布', { exact: true }).click();
    await cp.getByText('发证书', { exact: true }).click();
    await cp.locator('#qz-preview', { hasText: '题目够用' }).waitFor({ timeout: 15_000 });
    await shot(cp, screenshotDir, '1-create', true);
    await cp.locator('#qz-save').click();
    await cp.waitForTimeout(1500);
    const home = await api(cp, 'quiz', 'home');
    const mine = home.manage.find((q) => q.title === TITLE);
    check(mine, `the new quiz is not listed: ${JSON.stringify(home.manage.map((q) => q.title))}`);
    check(
      mine.count === COUNT && mine.reveal === 'after_submit',
      `settings not saved: ${JSON.stringify(mine)}`,
    );
    quizId = mine.quizId;
  });

  // 2. The pupil starts it from her quiz list and answers the first half.
  const half = COUNT / 2;
  let pupil = await loginAs(browser, baseUrl, STUDENT);
  let sp = pupil.page;
  await step(sp, screenshotDir, 'quiz-start', async () => {
    await open(sp, baseUrl, '/packages/quiz/home/index');
    const card = sp.locator(`#qz-quiz-${quizId}`);
    await card.waitFor({ timeout: 15_000 });
    await shot(sp, screenshotDir, '2-pupil-home');
    await sp.locator(`#qz-go-${quizId}`).click();
    await sp.locator('#qz-start:visible').click();
    for (let i = 0; i < half; i++) {
      await answerCurrent(sp, i);
      if (i === 1) await shot(sp, screenshotDir, '3-answering');
      await sp.locator('#qz-next:visible').click();
    }
    check(
      (await sp.locator('#qz-progress:visible').innerText()).includes(`第 ${half + 1} / ${COUNT} 题`),
      'not on the next question',
    );
  });
  // WeChat kills the app in the background: the page is gone.
  await pupil.context.close();

  // 3. She opens it again (a fresh page): it resumes at the first unanswered question, answers kept.
  pupil = await loginAs(browser, baseUrl, STUDENT);
  sp = pupil.page;
  await step(sp, screenshotDir, 'quiz-resume', async () => {
    await open(sp, baseUrl, '/packages/quiz/home/index');
    const go = sp.locator(`#qz-go-${quizId}`);
    await go.waitFor({ timeout: 15_000 });
    check((await go.innerText()).includes('继续答题'), `no 继续答题 button: ${await go.innerText()}`);
    await go.click();
    const progress = sp.locator('#qz-progress:visible');
    await progress.waitFor({ timeout: 15_000 });
    check(
      (await progress.innerText()).includes(`第 ${half + 1} / ${COUNT} 题`),
      `did not resume: ${await progress.innerText()}`,
    );
    const sheet = await sp.locator('.qz-sheet-done:visible').count();
    check(sheet === half, `answer sheet shows ${sheet} answered, expected ${half}`);
    await shot(sp, screenshotDir, '4-resumed');
    for (let i = half; i < COUNT; i++) {
      await answerCurrent(sp, i);
      if (i < COUNT - 1) await sp.locator('#qz-next:visible').click();
    }
    await sp.locator('#qz-submit:visible').click();
    await sp.locator('.taro-model__confirm:visible').click();
    await sp.waitForURL(/packages\/quiz\/result/, { timeout: 15_000 });
  });

  // 4. The result: score, and each question with the right answer, the explanation and its source.
  await step(sp, screenshotDir, 'quiz-result', async () => {
    const review = sp.locator('#qz-review:visible');
    await review.waitFor({ timeout: 15_000 });
    const score = await sp.locator('#qz-score:visible').innerText();
    check(/^\d+(\.\d)?$/.test(score.trim()), `no score: ${score}`);
    const text = await review.innerText();
    check(
      (text.match(/解析：/g) ?? []).length === COUNT,
      `not every question has an explanation: ${text.slice(0, 300)}`,
    );
    check((text.match(/出处：/g) ?? []).length === COUNT, 'not every question has a source');
    check(text.includes('（正确答案）'), 'the right answers are not marked');
    await shot(sp, screenshotDir, '5-result');
    await sp.locator('#qz-review-0').scrollIntoViewIfNeeded();
    await shot(sp, screenshotDir, '6-review');
  });
  await pupil.context.close();

  // 5. The teacher's class view: participation rate of the class (1 of 8), her score, per-question rates.
  const teacher = await loginAs(browser, baseUrl, TEACHER);
  const tp = teacher.page;
  await step(tp, screenshotDir, 'quiz-class', async () => {
    await open(tp, baseUrl, `/packages/quiz/class/index?quizId=${quizId}&classId=${CLASS_ID}`);
    const rate = tp.locator('#qz-class-rate:visible');
    await rate.waitFor({ timeout: 15_000 });
    const rateText = await rate.innerText();
    check(rateText.includes('12.5%') && rateText.includes('1/8'), `class rate: ${rateText}`);
    const line = await tp.locator('#qz-pupil-class-lvyin-3-2-r1:visible').innerText();
    check(line.includes('王小雨') && /\d+ 分/.test(line), `pupil line: ${line}`);
    check(
      (await tp.locator('#qz-class-questions .qz-line:visible').count()) === COUNT,
      'per-question rates missing',
    );
    await shot(tp, screenshotDir, '7-class');
  });
  await teacher.context.close();

  // 6. The city ranking lists 华龙区; one level down the school is ranked by its participation rate.
  await step(cp, screenshotDir, 'quiz-ranking', async () => {
    await open(cp, baseUrl, `/packages/quiz/ranking/index?quizId=${quizId}&level=city`);
    const district = cp.locator(`#qz-row-${DISTRICT_ID}:visible`);
    await district.waitFor({ timeout: 15_000 });
    const dText = await district.innerText();
    check(/参加 1\/\d+ 人/.test(dText), `district row: ${dText}`);
    await shot(cp, screenshotDir, '8-city-ranking');
    await district.click();
    await cp.waitForURL(/level=district/, { timeout: 15_000 });
    const school = cp.locator(`#qz-row-${SCHOOL_ID}:visible`);
    await school.waitFor({ timeout: 15_000 });
    const sText = await school.innerText();
    check(
      sText.includes('华龙区绿茵小学') && /参加 1\/8 人/.test(sText) && sText.includes('12.5%'),
      `school row: ${sText}`,
    );
    await shot(cp, screenshotDir, '9-district-ranking');
  });

  // 7. Item analysis lists every question drawn, with its correct rate and option picks.
  await step(cp, screenshotDir, 'quiz-items', async () => {
    await open(cp, baseUrl, `/packages/quiz/items/index?quizId=${quizId}`);
    await cp.locator('#qz-items .qz-line').first().waitFor({ timeout: 15_000 });
    const n = await cp.locator('#qz-items .qz-line:visible').count();
    check(n === COUNT, `item analysis lists ${n} questions, expected ${COUNT}`);
    const first = await cp.locator('#qz-items .qz-line:visible').first().innerText();
    check(first.includes('正确率') && first.includes('人选'), `item card: ${first}`);
    await shot(cp, screenshotDir, '10-items');
  });
  await city.context.close();
}
