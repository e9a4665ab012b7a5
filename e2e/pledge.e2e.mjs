// E2E story of issue #3 (civility pledge), in Chromium against a running local server:
// a student reads and signs by hand → sees the certificate (rank, masked name, code) → the public
// verification page shows only masked data → the teacher's class view shows the student signed
// online → the city view (after the rollup) counts the pledge and its district's view shows the
// school's rate (signed ÷ roster). Throws on failure; screenshots go to screenshotDir.
import path from 'node:path';

const VIEWPORT = { width: 390, height: 844 };
const STUDENT = 'demo-student';
const TEACHER = 'demo-teacher';
const CITY = 'demo-city-admin';
const CLASS_ID = 'class-lvyin-3-2';
const ROSTER_ID = 'class-lvyin-3-2-r1';
const SCHOOL_ID = 'school-lvyin';

function check(cond, message) {
  if (!cond) throw new Error(`pledge e2e: ${message}`);
}

/** A fresh phone-sized page logged in as `openid` through the login page's 进入 button. */
async function loginAs(browser, baseUrl, openid) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, hasTouch: false });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[pledge e2e] page error as ${openid}: ${err.message}`));
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

async function shot(page, screenshotDir, name) {
  await page.waitForTimeout(600); // let the page's slide-in transition finish
  await page.screenshot({ path: path.join(screenshotDir, `pledge-${name}.png`) });
}

/** Draw a scribble across the signature pad with the mouse (pointer events). */
async function drawSignature(page, selector) {
  const canvas = page.locator(selector);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  check(box && box.width > 100, 'signature pad is not visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 30, y);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) {
    await page.mouse.move(box.x + 30 + i * ((box.width - 60) / 30), y + Math.sin(i / 2) * 40, { steps: 2 });
  }
  await page.mouse.up();
}

/** Run the story; throws on the first failed expectation. */
export async function run({ baseUrl, browser, screenshotDir }) {
  // 1. The student reads to the end, ticks the promise, signs by hand and submits.
  const student = await loginAs(browser, baseUrl, STUDENT);
  const sp = student.page;
  await open(sp, baseUrl, '/packages/pledge/sign/index');
  const already = sp.locator('#pl-already');
  await sp.locator('#pl-read-done, #pl-already').first().waitFor({ timeout: 15_000 });
  if (!(await already.isVisible())) {
    await sp.getByText('《全国青少年网络文明公约》').first().waitFor();
    const page = await sp.locator('#pl-convention').innerText();
    check(page.includes('要有益身心健康，不沉溺虚拟时空'), 'the convention is not shown in full');
    await shot(sp, screenshotDir, '1-read');
    await sp.locator('#pl-read-done').click();
    await sp.locator('#pl-promise').click();
    await drawSignature(sp, '#pl-sign-pad');
    await shot(sp, screenshotDir, '2-signed-pad');
    await sp.locator('#pl-submit').click();
  } else {
    await sp.locator('taro-button-core', { hasText: '查看我的承诺证书' }).click();
  }

  // 2. The certificate: rank in the school, masked name, school, verification code.
  await sp.waitForURL(/packages\/pledge\/certificate/, { timeout: 15_000 });
  const cert = sp.locator('#pl-certificate');
  await cert.waitFor({ timeout: 15_000 });
  const certText = await cert.innerText();
  check(/本校第 \d+ 位签名/.test(certText), `certificate has no rank: ${certText}`);
  check(certText.includes('王*雨'), `certificate does not show the masked name: ${certText}`);
  check(!certText.includes('王小雨'), 'certificate shows the full name');
  check(certText.includes('华龙区绿茵小学'), 'certificate does not show the school');
  const code = (await sp.locator('#pl-cert-code').innerText()).trim();
  check(/^[2-9A-HJKMNP-Z]{8}$/.test(code), `bad verification code "${code}"`);
  await shot(sp, screenshotDir, '3-certificate');
  // The hand-written signature is served through its signed URL and really loads.
  const sigImg = sp.locator('.pl-sig-img:visible img');
  await sigImg.waitFor({ timeout: 15_000 });
  await sp.waitForFunction(
    () => {
      const img = document.querySelector('.pl-sig-img img');
      return img && img.complete && img.naturalWidth > 0;
    },
    null,
    { timeout: 15_000 },
  );
  check((await sigImg.getAttribute('src')).includes('sig='), 'the signature URL is not signed');
  await student.context.close();

  // 3. Anyone can verify it without logging in; only masked data is shown.
  const anon = await browser.newContext({ viewport: VIEWPORT });
  const ap = await anon.newPage();
  await open(ap, baseUrl, `/packages/pledge/verify/index?code=${code}`);
  const verified = ap.locator('#pl-verify-result');
  await verified.waitFor({ timeout: 15_000 });
  const verifiedText = await verified.innerText();
  check(
    verifiedText.includes('证书真实有效') && verifiedText.includes('王*雨'),
    `verification page: ${verifiedText}`,
  );
  check(!verifiedText.includes('王小雨'), 'verification page shows the full name');
  await shot(ap, screenshotDir, '4-verify');
  await anon.close();

  // 4. The teacher's class view lists the student as signed online.
  const teacher = await loginAs(browser, baseUrl, TEACHER);
  const tp = teacher.page;
  await open(tp, baseUrl, `/packages/pledge/class/index?classId=${CLASS_ID}`);
  const line = tp.locator(`#pl-student-${ROSTER_ID}`);
  await line.waitFor({ timeout: 15_000 });
  const lineText = await line.innerText();
  check(lineText.includes('王小雨') && lineText.includes('手机签名'), `class view line: ${lineText}`);
  const figures = await tp.locator('#pl-figures').innerText();
  check(/签名率/.test(figures) && /已签 \d+ 人/.test(figures), `class figures: ${figures}`);
  await shot(tp, screenshotDir, '5-class');
  await teacher.context.close();

  // 5. The city overview counts the pledge once the rollup has run (≤ 2 s locally); the district's
  //    overview shows the school's 承诺 rate = signed ÷ roster. "重新核对数据" rebuilds every counter
  //    first, so the roster sizes are exact whatever wrote the demo rosters.
  const city = await loginAs(browser, baseUrl, CITY);
  const cp = city.page;
  await open(cp, baseUrl, '/packages/overview/unit/index?level=city&sortBy=pledge');
  const district = cp.locator('#ov-ranking .ov-unit-row', { hasText: '华龙区' });
  let districtText = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    await district.waitFor({ timeout: 15_000 });
    districtText = await district.innerText();
    if (/承诺已参加 [1-9]\d* \//.test(districtText)) break;
    await cp.waitForTimeout(1000);
    await cp.reload();
  }
  check(/承诺已参加 [1-9]\d* \//.test(districtText), `city view does not count the pledge: ${districtText}`);
  await cp.locator('#ov-recount').click();
  await cp.locator('.taro-model__confirm:visible').click();
  await cp
    .getByText(/已核对 \d+ 个班/)
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  await cp.reload();
  await district.waitFor({ timeout: 15_000 });
  await shot(cp, screenshotDir, '6-city');
  await district.click();
  await cp.waitForURL(/level=district/, { timeout: 15_000 });
  const school = cp.locator(`#ov-row-${SCHOOL_ID}`);
  await school.waitFor({ timeout: 15_000 });
  const schoolText = await school.innerText();
  const m = /(\d+(?:\.\d)?)%[\s\S]*承诺已参加 (\d+) \/ (\d+) 人/.exec(schoolText);
  check(m, `school row has no rate and counts: ${schoolText}`);
  const [rateText, signed, roster] = [Number(m[1]), Number(m[2]), Number(m[3])];
  check(signed >= 1 && roster >= signed, `school counts look wrong: ${schoolText}`);
  check(
    rateText === Math.round((signed / roster) * 1000) / 10,
    `school rate ${rateText}% is not ${signed}/${roster}`,
  );
  await shot(cp, screenshotDir, '7-district');
  await city.context.close();
}
