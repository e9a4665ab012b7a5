// Guardian story (issue #7, item 5): a parent links to a child with the child's family code; the link
// does not let the parent consent until the class teacher confirms it; the teacher sees the
// unconfirmed family-code link on the roster and confirms it; then the parent reads the consent (as
// paragraphs, with the children's privacy rules linked) and agrees.
import { confirmModal, must, openAs, openRoute, step } from './helpers.mjs';

const PUPIL = 'e2e-family-pupil';
const PARENT = 'e2e-family-parent';
const CLASS_PAGE = '/packages/admin/class/index?classId=class-lvyin-3-2';

/** Run the story against a running server; throws on failure. */
export async function run({ baseUrl, browser, screenshotDir }) {
  // Setup: a pupil of 三年级2班 (under 14) claims 刘思远 and the teacher confirms the name.
  const pupil = await openAs(browser, baseUrl, PUPIL);
  const teacher = await openAs(browser, baseUrl, 'demo-teacher');
  const lookup = await must(pupil.page, 'identity', { action: 'lookupClass', classCode: 'GREEN3' });
  const entry = lookup.roster.find((r) => r.maskedName === '刘*远');
  await must(pupil.page, 'identity', {
    action: 'claimRoster',
    classCode: 'GREEN3',
    rosterId: entry.rosterId,
    confirmName: '刘思远',
  });
  await must(teacher.page, 'org', { action: 'approveClaim', rosterId: entry.rosterId });

  const familyCode = await step(pupil.page, screenshotDir, 'family-pupil-code', async () => {
    await openRoute(pupil.page, baseUrl, '/packages/join/family-code/index');
    const el = pupil.page.locator('#family-code');
    await el.waitFor({ timeout: 15_000 });
    const code = (await el.innerText()).trim();
    if (!/^\d{6}$/.test(code)) throw new Error(`no family code shown: "${code}"`);
    return code;
  });

  const parent = await openAs(browser, baseUrl, PARENT);
  await step(parent.page, screenshotDir, 'family-parent-links', async () => {
    await openRoute(parent.page, baseUrl, '/packages/join/link-child/index');
    await parent.page.locator('#relation-母亲').click();
    await parent.page.locator('#family-code-input input').fill(familyCode);
    await parent.page.locator('#family-link').click();
    await parent.page.locator('#family-linked').waitFor({ timeout: 15_000 });
    // Linked, but the teacher has not confirmed it: the parent is told to wait, not sent to consent.
    await parent.page.locator('#family-link-unconfirmed').waitFor({ timeout: 10_000 });
    await parent.page.screenshot({ path: `${screenshotDir}/family-linked-unconfirmed.png` });
  });

  await step(parent.page, screenshotDir, 'family-consent-refused-before-confirmation', async () => {
    await openRoute(parent.page, baseUrl, `/packages/join/consent/index?rosterId=${entry.rosterId}`);
    await parent.page.locator('#consent-wording').waitFor({ timeout: 15_000 });
    // Wherever the app learns it (identity.me or the server's refusal), no consent is recorded.
    if (!(await parent.page.locator('#consent-unconfirmed').count())) {
      await parent.page.locator('#consent-tick').click();
      await parent.page.locator('#consent-agree').click();
      await parent.page.locator('#consent-unconfirmed').waitFor({ timeout: 10_000 });
    }
    const text = await parent.page.locator('#consent-unconfirmed').innerText();
    if (!/班主任确认/.test(text)) throw new Error(`no "wait for the teacher" message: ${text}`);
    await parent.page.screenshot({ path: `${screenshotDir}/family-consent-waits.png` });
  });

  await step(teacher.page, screenshotDir, 'family-teacher-confirms-link', async () => {
    await openRoute(teacher.page, baseUrl, CLASS_PAGE);
    const row = teacher.page.locator(`#adm-roster-${entry.rosterId}:visible`).first();
    await row.waitFor({ timeout: 15_000 });
    const pending = row.locator('.adm-parent', { hasText: '用孩子的家庭码关联，待你确认' }).first();
    await pending.waitFor({ timeout: 10_000 });
    await teacher.page.screenshot({ path: `${screenshotDir}/family-teacher-sees-link.png` });
    await pending.locator('taro-button-core', { hasText: '确认' }).first().click();
    await confirmModal(teacher.page);
    await row.getByText('家长：妈妈 · 已确认').waitFor({ timeout: 10_000 });
  });

  await step(parent.page, screenshotDir, 'family-parent-consents', async () => {
    await openRoute(parent.page, baseUrl, `/packages/join/consent/index?rosterId=${entry.rosterId}`);
    const wording = parent.page.locator('#consent-wording');
    await wording.waitFor({ timeout: 15_000 });
    const paragraphs = await wording.locator('.para').count();
    if (paragraphs < 5) throw new Error(`the consent is not shown as paragraphs (${paragraphs})`);
    await parent.page.locator('#consent-rules').waitFor();
    // A mother needs no legal-guardian statement.
    if (await parent.page.locator('#consent-guardian').count())
      throw new Error('a mother is asked for the statement');
    await parent.page.locator('#consent-tick').click();
    await parent.page.locator('#consent-agree').click();
    await parent.page.locator('#consent-given').waitFor({ timeout: 15_000 });
    await parent.page.screenshot({ path: `${screenshotDir}/family-consent-given.png` });
  });

  await step(pupil.page, screenshotDir, 'family-pupil-can-sign', async () => {
    await openRoute(pupil.page, baseUrl, '/packages/pledge/sign/index');
    await pupil.page.locator('#pl-read-done').waitFor({ timeout: 15_000 });
  });

  await pupil.context.close();
  await parent.context.close();
  await teacher.context.close();
}
