import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectNoAxeViolations, launchBrowser, contextWithCookies } from '../support/browser.ts';
import { signedIn } from '../support/fixtures.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const contextAs = (cookies: Map<string, string> | null, javaScript: boolean) => contextWithCookies(browser, cookies, javaScript);

describe('the template editor with JavaScript off', () => {
  it('a coordinator makes a sheet from the built-in one, fixes an error, saves, and changes it again', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Bostedet Engen', kind: 'municipality' });
    const coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: org.id });
    const context = await contextAs(coordinator.client.cookies, false);
    const page = await context.newPage();

    await page.goto(`${app.url}/organisation/${org.id}`);
    await page.getByRole('link', { name: 'Ark-skabeloner' }).click();
    await page.waitForURL(/\/templates$/);
    expect(await page.getByText('I har ikke lavet nogen ark endnu.').isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'template list, empty');

    await page.getByRole('link', { name: 'Start fra arket "Personligt statement"' }).click();
    await page.waitForURL(/\/templates\/new\?from=/);
    await expectNoAxeViolations(page, 'template editor');

    // Leave the Danish name empty first: the page comes back with the error and the words.
    const about = page.getByRole('group', { name: 'Om arket' });
    await about.getByLabel('Arkets navn (dansk)').fill('');
    const step1 = page.getByRole('group', { name: 'Trin 1: Hvem er jeg?' });
    await step1.getByLabel('Titel (dansk)', { exact: true }).fill('Det er mig');
    await page.getByRole('button', { name: 'Gem arket' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: /Den danske tekst mangler: titlen i skabelonen/ }).isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Trin 1: Det er mig' }).getByLabel('Titel (dansk)', { exact: true }).inputValue()).toBe('Det er mig');
    await expectNoAxeViolations(page, 'template editor with an error');

    // The summary link takes the person to the input.
    await page.getByRole('link', { name: /Den danske tekst mangler/ }).click();
    await page.getByRole('group', { name: 'Om arket' }).getByLabel('Arkets navn (dansk)').fill('Før mødet på Engen');
    await page.getByRole('button', { name: 'Gem arket' }).click();
    await page.waitForURL(/\/templates\?saved=/);
    expect(await page.getByText('Arket er gemt som version 1.').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Før mødet på Engen' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'template list');

    // Change it: a new version.
    await page.getByRole('link', { name: 'Ret arket Før mødet på Engen' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByRole('group', { name: 'Trin 1: Det er mig' }).getByLabel('Titel (engelsk)', { exact: true }).fill('This is me');
    await page.getByRole('button', { name: 'Gem arket' }).click();
    await page.waitForURL(/\/templates\?saved=/);
    expect(await page.getByText('Arket er gemt som version 2.').isVisible()).toBe(true);
    expect(await page.getByText('Version 2 (1 tidligere version)').isVisible()).toBe(true);

    const rows = await app.deps.db
      .selectFrom('sheet_templates')
      .select(['version', 'definition'])
      .where('organisation_id', '=', org.id)
      .orderBy('version')
      .execute();
    const titles = rows
      .map((r) => (typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition) as { steps: { title: { en: string } }[] })
      .map((d) => d.steps[0]!.title.en);
    expect(titles).toEqual(['Who am I?', 'This is me']);
    await context.close();
  });
});
