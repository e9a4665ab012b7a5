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

/**
 * Call one action as the logged-in page's user, straight through the local server (setup steps that are
 * not what a story tests). Answers the envelope ({ ok, data } or { ok: false, error }).
 */
export async function act(page, fn, body) {
  return page.evaluate(
    async ({ fn, body }) => {
      const token = JSON.parse(localStorage.getItem('cgn.token')).data;
      const res = await fetch(`/api/functions/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return res.json();
    },
    { fn, body },
  );
}

/** Like act, but throws with the server's message when the action was refused; answers `data`. */
export async function must(page, fn, body) {
  const res = await act(page, fn, body);
  if (!res.ok) throw new Error(`${fn}.${body.action} refused: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** Open a route in a fresh document (Taro H5 keeps earlier pages hidden in the DOM during transitions). */
export async function openRoute(page, baseUrl, route) {
  await page.goto(`${baseUrl}/#${route}`);
  await page.reload();
}

/** Tap 确定 in the modal that is open (Taro H5's showModal). */
export async function confirmModal(page) {
  await page.locator('.taro-model__confirm:visible').first().click();
}
