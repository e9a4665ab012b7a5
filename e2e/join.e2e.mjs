// Foundation story: a teacher shares the class code; a student joins and claims a roster entry; until the
// teacher confirms the claim the student is told to wait and cannot sign; the teacher sees the claim and
// confirms it; then the student can read and sign.
import { openAs, openRoute, step } from './helpers.mjs';

const CLASS_PAGE = '/#/packages/admin/class/index?classId=class-lvyin-3-2';

/** Run the story against a running server; throws on failure. */
export async function run({ baseUrl, browser, screenshotDir }) {
  const teacher = await openAs(browser, baseUrl, 'demo-teacher');
  const code = await step(teacher.page, screenshotDir, 'teacher-shares-code', async () => {
    await teacher.page.goto(`${baseUrl}${CLASS_PAGE}`);
    const codeEl = teacher.page.locator('.code-big').first();
    await codeEl.waitFor({ timeout: 15_000 });
    const text = (await codeEl.textContent())?.trim();
    if (!/^[A-Z0-9]{6}$/.test(text ?? '')) throw new Error(`class code not shown, got "${text}"`);
    // The join QR is the server's target (here the H5 join page): shown, and the A4 poster can be made.
    await teacher.page.locator('#adm-join-qr img').first().waitFor({ timeout: 15_000 });
    return text;
  });

  const student = await openAs(browser, baseUrl, 'demo-newcomer');
  await step(student.page, screenshotDir, 'student-joins', async () => {
    await student.page.goto(`${baseUrl}/#/packages/join/class/index`);
    await student.page.locator('#join-class-code input').fill(code);
    await student.page.locator('#join-class-lookup').click();
    await student.page.locator('#join-class-title').waitFor({ timeout: 10_000 });
    await student.page.getByText('李*阳', { exact: true }).click();
    await student.page.locator('#join-class-name input').fill('李晨阳');
    await student.page.locator('#join-class-confirm').click();
    await student.page.getByText('已加入，等待老师确认').waitFor({ timeout: 10_000 });
    await student.page.locator('#join-class-wait').waitFor({ timeout: 10_000 });
    await student.page.screenshot({ path: `${screenshotDir}/join-student-done.png` });
  });

  await step(student.page, screenshotDir, 'student-waits-for-teacher', async () => {
    // Before the teacher confirms the name, the pledge page says what to wait for and offers no form.
    await openRoute(student.page, baseUrl, '/packages/pledge/sign/index');
    await student.page.locator('#pl-claim-pending').waitFor({ timeout: 15_000 });
    if (await student.page.locator('#pl-read-done').count()) throw new Error('an unconfirmed pupil can sign');
    await student.page.screenshot({ path: `${screenshotDir}/join-student-waits.png` });
  });

  await step(teacher.page, screenshotDir, 'teacher-sees-claim', async () => {
    // A fresh document, as a teacher reopening the page would see it.
    await teacher.page.goto(`${baseUrl}${CLASS_PAGE}`);
    await teacher.page.reload();
    const row = teacher.page
      .locator('.list-item', { hasText: '李晨阳' })
      .filter({ hasText: '确认是本人' })
      .first();
    await row.waitFor({ timeout: 15_000 });
    await teacher.page.screenshot({ path: `${screenshotDir}/join-teacher-sees-claim.png`, fullPage: true });
    await row.locator('taro-button-core', { hasText: '确认是本人' }).click();
    await teacher.page
      .locator('.list-item:visible', { hasText: '李晨阳' })
      .getByText('已确认', { exact: true })
      .first()
      .waitFor({ timeout: 10_000 });
  });

  await step(student.page, screenshotDir, 'student-can-sign', async () => {
    // Confirmed: the pledge page no longer says to wait. (李晨阳 is under 14 and has no guardian yet, so it
    // asks for a parent's consent instead of showing the form.)
    await openRoute(student.page, baseUrl, '/packages/pledge/sign/index');
    await student.page.locator('#pl-consent-needed').waitFor({ timeout: 15_000 });
    if (await student.page.locator('#pl-claim-pending').count()) throw new Error('still told to wait');
  });
  await teacher.context.close();
  await student.context.close();
}
