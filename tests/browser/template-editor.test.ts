import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectNoAxeViolations, launchBrowser, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { signedIn } from '../support/fixtures.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

const contextAs = (cookies: Map<string, string> | null, javaScript: boolean) => contextWithCookies(browser, cookies, javaScript);

/** Presses a builder button and waits for the page it posts to. */
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
}

describe('the template editor with JavaScript off', () => {
  it('a coordinator makes a sheet from the built-in one, fixes an error, saves, and changes it again', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Bostedet Engen', kind: 'municipality' });
    const coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: org.id });
    const context = await contextAs(coordinator.client.cookies, false);
    const page = await context.newPage();

    await page.goto(`${app.url}/organisation/${org.id}`);
    await page.getByRole('link', { name: 'Ark-skabeloner' }).click();
    await page.waitForURL(/\/templates$/);
    await page.getByText('I har ikke lavet nogen ark endnu.').waitFor();
    await expectNoAxeViolations(page, 'template list, empty');

    await page.getByRole('link', { name: 'Start fra arket »Personligt statement«' }).click();
    await page.waitForURL(/\/templates\/new\?from=/);
    await expectNoAxeViolations(page, 'template editor');

    // Leave the Danish name empty first: the page comes back with the error and the words.
    const about = page.getByRole('group', { name: 'Om arket' });
    await about.getByLabel('Arkets navn (dansk)').fill('');
    const step1 = page.getByRole('group', { name: 'Trin 1: Hvem er jeg?' });
    await step1.getByLabel('Titel (dansk)', { exact: true }).fill('Det er mig');
    await page.getByRole('button', { name: 'Gem arket' }).click();
    await page.waitForLoadState();
    await page.locator('.error-summary').waitFor();
    await page.getByRole('link', { name: /Den danske tekst mangler: titlen i skabelonen/ }).waitFor();
    expect(await page.getByRole('group', { name: 'Trin 1: Det er mig' }).getByLabel('Titel (dansk)', { exact: true }).inputValue()).toBe('Det er mig');
    await expectNoAxeViolations(page, 'template editor with an error');

    // The summary link takes the person to the input.
    await page.getByRole('link', { name: /Den danske tekst mangler/ }).click();
    await page.getByRole('group', { name: 'Om arket' }).getByLabel('Arkets navn (dansk)').fill('Før mødet på Engen');
    await page.getByRole('button', { name: 'Gem arket' }).click();
    await page.waitForURL(/\/templates\?saved=/);
    await page.getByText('Arket er gemt som version 1.').waitFor();
    await page.getByRole('heading', { name: 'Før mødet på Engen' }).waitFor();
    await expectNoAxeViolations(page, 'template list');

    // Change it: a new version. A step is added, filled in Danish only and moved up; a field goes.
    await page.getByRole('link', { name: 'Ret arket Før mødet på Engen' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByRole('group', { name: 'Trin 1: Det er mig' }).getByLabel('Titel (engelsk, kan springes over)', { exact: true }).fill('This is me');
    await press(page, 'Tilføj et trin');
    const added = page.getByRole('group', { name: 'Trin 5', exact: true });
    await added.getByLabel('Titel (dansk)', { exact: true }).fill('Min hverdag');
    await added.getByLabel('Spørgsmål (dansk)', { exact: true }).fill('Hvordan ser en god dag ud?');
    await added.getByLabel('Hjælpetekst (dansk)', { exact: true }).fill('Tænk på en almindelig dag.');
    await added.getByLabel('Tekst over skrivefeltet (dansk)').fill('En god dag er …');
    await press(page, 'Flyt op trin 5');
    await page.getByRole('group', { name: 'Trin 4: Min hverdag' }).waitFor();
    // Nothing typed is lost on the way.
    expect(await page.getByRole('group', { name: 'Trin 1: Det er mig' }).getByLabel('Titel (engelsk, kan springes over)', { exact: true }).inputValue()).toBe(
      'This is me',
    );
    await press(page, 'Fjern skrivefelt 2 i trin 5');
    await expectNoAxeViolations(page, 'template editor after add, move and remove');
    await press(page, 'Se arket, som borgeren ser det');
    await page.getByRole('heading', { level: 2, name: 'Min hverdag' }).waitFor();
    await page.getByText('Side 4 af 5').waitFor();
    await expectNoAxeViolations(page, 'template preview');
    await page.getByRole('button', { name: 'Gem arket' }).click();
    await page.waitForURL(/\/templates\?saved=/);
    await page.getByText('Arket er gemt som version 2.').waitFor();
    await page.getByText('Version 2 (1 tidligere version)').waitFor();

    const rows = await app.deps.db
      .selectFrom('sheet_templates')
      .select(['version', 'definition'])
      .where('organisation_id', '=', org.id)
      .orderBy('version')
      .execute();
    const definitions = rows.map(
      (r) => (typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition) as { steps: { title: { en: string }; fields: unknown[] }[] },
    );
    expect(definitions.map((d) => d.steps[0]!.title.en)).toEqual(['Who am I?', 'This is me']);
    // The Danish-only step reads in Danish on English pages too.
    expect(definitions[1]!.steps.map((s) => s.title.en)).toEqual([
      'This is me',
      'What matters to me',
      'What I would like help with',
      'Min hverdag',
      'So that I can …',
    ]);
    expect(definitions[1]!.steps[4]!.fields).toHaveLength(1);
    await context.close();
  });
});

describe('the builders with JavaScript on', () => {
  it('a coordinator adds, moves and removes questions and options, previews and saves', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Værestedet Nord', kind: 'municipality' });
    const coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: org.id });
    const context = await contextAs(coordinator.client.cookies, true);
    const page = await context.newPage();
    await page.goto(`${app.url}/organisation/${org.id}/questionnaires/new`);
    await expectNoAxeViolations(page, 'questionnaire builder, JavaScript on');
    await page.getByRole('group', { name: 'Om spørgeskemaet' }).getByLabel('Titel (dansk)').fill('Caféen');
    await page.getByRole('group', { name: 'Om spørgeskemaet' }).getByLabel('Kort introduktion til dem, der svarer (dansk)').fill('To spørgsmål.');
    const q1 = page.getByRole('group', { name: 'Spørgsmål 1', exact: true });
    await q1.getByLabel('Type').selectOption({ label: 'Ja eller nej' });
    await q1.getByLabel('Spørgsmålets tekst (dansk)').fill('Kommer du igen?');
    await press(page, 'Tilføj et spørgsmål');
    const q2 = page.getByRole('group', { name: 'Spørgsmål 2', exact: true });
    await q2.getByLabel('Spørgsmålets tekst (dansk)').fill('Hvordan var det?');
    await q2.getByRole('group', { name: 'Svarmulighed 1', exact: true }).getByLabel('Tekst (dansk)').fill('Godt');
    await q2.getByRole('group', { name: 'Svarmulighed 2', exact: true }).getByLabel('Tekst (dansk)').fill('Skidt');
    await press(page, 'Flyt op spørgsmål 2');
    expect(await page.getByRole('group', { name: 'Spørgsmål 1', exact: true }).getByLabel('Spørgsmålets tekst (dansk)').inputValue()).toBe('Hvordan var det?');
    await press(page, 'Tilføj en svarmulighed spørgsmål 1');
    await press(page, 'Fjern svarmulighed 3 i spørgsmål 1');
    await expectNoAxeViolations(page, 'questionnaire builder after add, move and remove, JavaScript on');
    await press(page, 'Se spørgeskemaet, som de, der svarer, ser det');
    await page.getByRole('radio', { name: 'Skidt' }).waitFor();
    await expectNoAxeViolations(page, 'questionnaire preview, JavaScript on');
    await page.getByRole('button', { name: 'Gem spørgeskemaet' }).click();
    await page.waitForURL(/\/edit\?saved=1$/);
    await page.getByText('Spørgeskemaet er gemt som version 1.').waitFor();
    const stored = await app.deps.db.selectFrom('questionnaires').select('definition').where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
    const q = (typeof stored.definition === 'string' ? JSON.parse(stored.definition) : stored.definition) as { items: { text: { da: string; en: string } }[] };
    expect(q.items.map((i) => i.text)).toEqual([
      { da: 'Hvordan var det?', en: 'Hvordan var det?' },
      { da: 'Kommer du igen?', en: 'Kommer du igen?' },
    ]);

    // The sheet builder with JavaScript on: a checklist question added and the preview.
    await page.goto(`${app.url}/organisation/${org.id}/templates/new`);
    await page.getByRole('group', { name: 'Om arket' }).getByLabel('Arkets navn (dansk)').fill('Min café');
    await press(page, 'Tilføj et spørgsmål til tjeklisten');
    await page.getByRole('group', { name: 'Spørgsmål 1 i tjeklisten' }).getByLabel('Spørgsmål (dansk)').fill('Er det mine ord?');
    expect(await page.getByRole('group', { name: 'Om arket' }).getByLabel('Arkets navn (dansk)').inputValue()).toBe('Min café');
    await expectNoAxeViolations(page, 'template editor, JavaScript on');
    await context.close();
  });
});
