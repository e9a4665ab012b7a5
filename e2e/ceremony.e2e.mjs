// Ceremony story (issue #3, 升旗仪式宣誓): a teacher opens a timed ceremony for the class and its big
// screen shows 0; a student who joined the class signs inside the window through the ceremony link;
// the big screen shows the new count within 2 s of the student's submit (it polls the live counter).
import { must, openAs, step } from './helpers.mjs';

const PUPIL = 'e2e-ceremony-pupil';
const GUARDIAN = 'e2e-ceremony-guardian';

/** Run the story against a running server; throws on failure. */
export async function run({ baseUrl, browser, screenshotDir }) {
  // Setup (not what this story tests, so through the API): a pupil of the demo class 三年级2班 claims a
  // name and the teacher confirms it; every primary pupil is under 14, so a parent links with the
  // family code, the teacher confirms the link and the parent consents.
  const student = await openAs(browser, baseUrl, PUPIL);
  await student.page.goto(`${baseUrl}/#/pages/me/index`);
  const lookup = await must(student.page, 'identity', { action: 'lookupClass', classCode: 'GREEN3' });
  const entry = lookup.roster.find((r) => r.maskedName === '张*涵');
  await must(student.page, 'identity', {
    action: 'claimRoster',
    classCode: 'GREEN3',
    rosterId: entry.rosterId,
    confirmName: '张子涵',
  });
  const teacher = await openAs(browser, baseUrl, 'demo-teacher');
  await must(teacher.page, 'org', { action: 'approveClaim', rosterId: entry.rosterId });
  const { familyCode } = await must(student.page, 'identity', { action: 'createFamilyCode' });
  const guardian = await openAs(browser, baseUrl, GUARDIAN);
  const link = await must(guardian.page, 'identity', { action: 'linkChild', familyCode, relation: '母亲' });
  await must(teacher.page, 'org', { action: 'confirmParentLink', familyId: link.familyId, accept: true });
  const { version } = await must(guardian.page, 'identity', { action: 'consentText' });
  await must(guardian.page, 'identity', { action: 'giveConsent', rosterId: entry.rosterId, version });
  await guardian.context.close();

  const ceremonyId = await step(teacher.page, screenshotDir, 'ceremony-open', async () => {
    await teacher.page.goto(`${baseUrl}/#/packages/pledge/ceremony/index`);
    await teacher.page.reload();
    await teacher.page.locator('.pl-chip', { hasText: '三年级2班' }).first().click();
    await teacher.page.locator('#pl-open-ceremony').click();
    await teacher.page.locator('#pl-screen-count').waitFor({ timeout: 15_000 });
    const count = (await teacher.page.locator('#pl-screen-count').textContent()).trim();
    if (count !== '0') throw new Error(`a new ceremony should start at 0, shows ${count}`);
    return (await teacher.page.locator('#pl-screen-code').textContent()).trim();
  });

  const submittedAt = await step(student.page, screenshotDir, 'ceremony-sign', async () => {
    await student.page.goto(`${baseUrl}/#/packages/pledge/sign/index?ceremony=${ceremonyId}`);
    await student.page.reload();
    await student.page.locator('#pl-ceremony-banner').waitFor({ timeout: 15_000 });
    await student.page.locator('#pl-read-done').click();
    await student.page.locator('#pl-promise').click();
    await student.page.locator('#pl-mode-typed').click();
    await student.page.locator('#pl-typed-name input').fill('张子涵');
    const t = Date.now();
    await student.page.locator('#pl-submit').click();
    return t;
  });

  await step(teacher.page, screenshotDir, 'ceremony-screen-updates', async () => {
    await teacher.page.waitForFunction(
      () => document.querySelector('#pl-screen-count')?.textContent?.trim() === '1',
      null,
      { timeout: 10_000, polling: 50 },
    );
    const lag = Date.now() - submittedAt;
    await teacher.page.screenshot({ path: `${screenshotDir}/ceremony-screen.png` });
    console.log(`  ceremony big screen showed the pledge ${lag} ms after submit`);
    if (lag > 2500) throw new Error(`big screen lagged ${lag} ms (limit 2 s + submit round trip)`);
  });
  await teacher.context.close();
  await student.context.close();
}
