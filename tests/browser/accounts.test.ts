import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, newContext, releaseBrowser } from '../support/browser.ts';
import { uniqueName } from '../support/client.ts';
import { createWorld, type World } from '../support/fixtures.ts';

let app: TestApp;
let browser: Browser;
let world: World;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  world = await createWorld(app);
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

for (const javaScript of [true, false]) {
  describe(`sign-up and sign-in with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('signs up, signs out, fixes a mistake, signs in — with no axe violations on any page', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      const username = uniqueName('web');
      await page.goto(`${app.url}/`);
      await expectLanded(page, '/', 'Egne ord');
      await expectNoAxeViolations(page, 'home');
      // What the home says about keeping the text is true with the page's script and without.
      await page
        .getByText(
          javaScript ? 'Det, du skriver, bliver kun gemt på din egen telefon eller computer.' : 'Teksten følger med fra side til side, indtil du lukker siden.',
        )
        .waitFor();
      await page.getByRole('link', { name: 'Opret konto' }).first().click();
      await expectNoAxeViolations(page, 'sign-up');
      await page.getByLabel('Hvad vil du kaldes?').fill('Alma');
      await page.getByLabel('Brugernavn').fill(username);
      await page.getByLabel('Adgangskode').fill('kort');
      await page.getByRole('button', { name: 'Opret konto' }).click();
      await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
      await expectNoAxeViolations(page, 'sign-up with errors');
      await page.getByLabel('Adgangskode').fill('en lang og rolig sætning');
      await page.getByRole('button', { name: 'Opret konto' }).click();
      // Sign-up offers recovery codes first, then goes on to the sheets.
      await page.waitForURL(/\/account\/recovery-codes|\/statements|\/$/);
      await page.goto(`${app.url}/account`);
      await expectLanded(page, '/account', 'Min konto');
      await expect.poll(() => page.getByText(username).isVisible()).toBe(true);
      await expectNoAxeViolations(page, 'account');
      await page.getByRole('link', { name: 'Skift navn' }).click();
      await expectLanded(page, '/account/name', 'Skift, hvad du kaldes');
      await expectNoAxeViolations(page, 'change name');
      await page.getByLabel('Hvad vil du kaldes?').fill('Alma Sofie');
      await page.getByRole('button', { name: 'Gem navnet' }).click();
      await page.waitForURL(/\/account\?nameChanged=1$/);
      await page.getByText('Dit navn er skiftet.').waitFor();
      await expect.poll(() => page.getByText('Alma Sofie').isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Log ud', exact: true }).click();
      await page.waitForURL(/sign-in/);
      await expectNoAxeViolations(page, 'signed out');
      await page.getByLabel('Brugernavn').fill(username);
      await page.getByLabel('Adgangskode').fill('forkert adgangskode');
      await page.getByRole('button', { name: 'Log ind', exact: true }).click();
      await expect.poll(() => page.getByText('passer ikke').first().isVisible()).toBe(true);
      await expectNoAxeViolations(page, 'sign-in failed');
      await page.getByLabel('Adgangskode').fill('en lang og rolig sætning');
      await page.getByRole('button', { name: 'Log ind', exact: true }).click();
      // Sign-up offers recovery codes first, then goes on to the sheets.
      await page.waitForURL(/\/account\/recovery-codes|\/statements|\/$/);
      await page.goto(`${app.url}/account`);
      await page.getByText(username).waitFor();
      await context.close();
    });

    it('switches language, remembers it, and sets lang on the page', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await page.goto(`${app.url}/sign-in`);
      expect(await page.getAttribute('html', 'lang')).toBe('da');
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForURL(/sign-in/);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.goto(`${app.url}/`);
      await expectLanded(page, '/', 'Egne ord');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await expectNoAxeViolations(page, 'home in English');
      await context.close();
    });
  });
}

describe('staff pages', () => {
  it('organisation and admin pages have no axe violations', async () => {
    const context = await newContext(browser, { javaScript: true });
    // Reuse the signed-in admin's cookies from the HTTP fixture.
    await context.addCookies(
      [...world.admin.client.cookies].map(([name, value]) => ({ name, value, domain: '127.0.0.1', path: '/', secure: true, sameSite: 'Lax' as const })),
    );
    const page = await context.newPage();
    const orgName = (await app.deps.db.selectFrom('organisations').select('name').where('id', '=', world.orgA.id).executeTakeFirstOrThrow()).name;
    const pages: [string, string][] = [
      ['/admin', 'Drift'],
      [`/organisation/${world.orgA.id}`, orgName],
      ['/account', 'Min konto'],
      ['/no-such-page', 'Siden findes ikke'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`${app.url}${path}`);
      await expectLanded(page, path, heading);
      await expectNoAxeViolations(page, path, { errorPage: path === '/no-such-page' });
    }
    await context.close();
  });
});
