import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, newContext, releaseBrowser, screenshotsWhenAsked } from '../support/browser.ts';
import { uniqueName } from '../support/client.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';

// Two journeys a person makes without anyone's help, with JavaScript on and off: changing the
// password on a sign-in from a while ago (so it first asks "is it you?"), and getting back in
// with a recovery code after forgetting the password. The installation's clock is the test's.

const PASSWORD = 'a calm long password';
let app: TestApp;
let browser: Browser;
let offsetMs = 0;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date(Date.now() + offsetMs) });
  browser = await launchBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

for (const javaScript of [true, false]) {
  describe(`accounts people can keep, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('changes the password on an older sign-in: first "confirm it is you", then the new password', async () => {
      const username = uniqueName('skift');
      await provisionUser(app.deps, { username, chosenName: 'Signe', password: PASSWORD, kind: 'citizen' });
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signIn(page, username, PASSWORD);
      offsetMs += 6 * 60_000;

      await page.goto(`${app.url}/account`);
      await page.getByRole('link', { name: 'Skift adgangskode' }).click();
      await expectLanded(page, '/account/password', 'Skift adgangskode');
      await page.getByRole('heading', { name: 'Bekræft, at det er dig' }).waitFor();
      await expectNoAxeViolations(page, 'confirm it is you');
      if (javaScript) await screenshotsWhenAsked(page, 'confirm');
      await page.getByLabel('Din adgangskode').fill('not my password');
      await page.getByRole('button', { name: 'Bekræft' }).click();
      await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
      await expectNoAxeViolations(page, 'confirm it is you, wrong password');
      await page.getByLabel('Din adgangskode').fill(PASSWORD);
      await page.getByRole('button', { name: 'Bekræft' }).click();
      await page.waitForURL(/\/account\/password$/);

      await page.getByLabel('Ny adgangskode').fill('sommer2024!');
      await page.getByRole('button', { name: 'Skift adgangskode' }).click();
      await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
      expect(await page.locator('.error-summary').textContent()).toContain('tre-fire almindelige ord');
      await expectNoAxeViolations(page, 'new password refused');
      if (javaScript) await screenshotsWhenAsked(page, 'password-refused');
      await page.getByLabel('Ny adgangskode').fill('kaffe cykel regn vindue');
      await page.getByRole('button', { name: 'Skift adgangskode' }).click();
      await page.waitForURL(/\/account\?passwordChanged=1/);
      await expectLanded(page, '/account', 'Min konto');
      await page.getByText('Din adgangskode er skiftet').waitFor();
      await expectNoAxeViolations(page, 'password changed');

      await page.getByRole('button', { name: 'Log ud', exact: true }).click();
      await page.waitForURL(/sign-in/);
      await signIn(page, username, 'kaffe cykel regn vindue');
      await context.close();
    });

    it('signs up, keeps the recovery codes, forgets the password and gets back in with a code', async () => {
      const username = uniqueName('glemt');
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await page.goto(`${app.url}/sign-up`);
      await page.getByLabel('Hvad vil du kaldes?').fill('Gitte');
      await page.getByLabel('Brugernavn').fill(username);
      await page.getByLabel('Adgangskode').fill('en lang og rolig sætning');
      await page.getByRole('button', { name: 'Opret konto' }).click();
      await page.waitForURL(/\/account\/recovery-codes/);
      await expectLanded(page, '/account/recovery-codes', 'Reservekoder');
      await expectNoAxeViolations(page, 'recovery codes offered');
      if (javaScript) await screenshotsWhenAsked(page, 'recovery-offer');
      await page.getByRole('button', { name: 'Lav reservekoder' }).click();
      await expect.poll(() => page.locator('ol.recovery-codes li').count()).toBe(10);
      await expectNoAxeViolations(page, 'recovery codes shown');
      if (javaScript) await screenshotsWhenAsked(page, 'recovery-codes');
      const code = ((await page.locator('ol.recovery-codes li').first().textContent()) ?? '').trim();
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      await page.getByRole('link', { name: 'Jeg har gemt dem' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('button', { name: 'Log ud', exact: true }).click();
      await page.waitForURL(/sign-in/);

      await page.getByRole('link', { name: 'Glemt adgangskoden?' }).click();
      await expectLanded(page, '/forgot-password', 'Glemt adgangskode');
      await expectNoAxeViolations(page, 'forgot password');
      if (javaScript) await screenshotsWhenAsked(page, 'forgot-password');
      await page.getByLabel('Brugernavn').fill(username);
      await page.getByLabel('Reservekode').fill('ABCD-EFGH-JKLM');
      await page.getByLabel('Ny adgangskode').fill('Tre grønne heste løber');
      await page.getByRole('button', { name: 'Skift adgangskode' }).click();
      await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
      await expectNoAxeViolations(page, 'forgot password, wrong code');
      await page.getByLabel('Reservekode').fill(code.toLowerCase());
      await page.getByLabel('Ny adgangskode').fill('Tre grønne heste løber');
      await page.getByRole('button', { name: 'Skift adgangskode' }).click();
      await page.waitForURL(/\/sign-in\?passwordReset=1/);
      await page.getByText('Din adgangskode er skiftet').waitFor();
      await expectNoAxeViolations(page, 'signed in page after reset');
      await signIn(page, username, 'Tre grønne heste løber');
      await context.close();
    });
  });
}
