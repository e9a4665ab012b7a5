// Shared steps for e2e stories: a phone-sized page logged in as a demo identity, with a screenshot on failure.
import path from 'node:path';

/** Open a fresh phone-sized context logged in as `openid` (through the real login page). */
export async function openAs(browser, baseUrl, openid) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/#/pages/login/index`);
  const res = await page.evaluate(
    async ({ openid }) => {
      const r = await fetch('/api/dev/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid }),
      });
      return r.json();
    },
    { openid },
  );
  if (!res.ok) throw new Error(`login failed for ${openid}`);
  await page.evaluate(
    ({ token, openid }) => {
      // Taro H5 storage keeps JSON-wrapped values.
      localStorage.setItem('cgn.token', JSON.stringify({ data: token }));
      localStorage.setItem('cgn.openid', JSON.stringify({ data: openid }));
    },
    { token: res.data.token, openid },
  );
  return { context, page };
}

/** Run `fn(page)`; on failure save a screenshot named after the step and rethrow. */
export async function step(page, screenshotDir, name, fn) {
  try {
    return await fn();
  } catch (err) {
    await page
      .screenshot({ path: path.join(screenshotDir, `${name}-failure.png`), fullPage: true })
      .catch(() => {});
    throw new Error(`${name}: ${err.message}`);
  }
}
