import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { createWorld, signedIn, type Person, type World } from '../support/fixtures.ts';
import { insertSite } from '../../src/server/repositories/organisations.ts';
import { ITEMS } from '../../src/domain/assessment/items.ts';
import { EXAMPLE_GUIDES } from '../../src/domain/guides/examples.ts';

// Journeys 9 and 7: a coordinator publishes a guide, anyone reads and prints it, a citizen keeps
// its checklist in their own notes; a team answers a self-assessment and sees the radar chart.

let app: TestApp;
let browser: Browser;
let world: World;
let downloads: string;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  world = await createWorld(app);
  downloads = mkdtempSync(path.join(tmpdir(), 'egne-ord-guides-'));
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

const contextAs = (cookies: Map<string, string> | null, javaScript: boolean) => contextWithCookies(browser, cookies, javaScript);

async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name, exact: true }).first().click()]);
  await page.waitForLoadState('load');
}

async function press(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), button.click()]);
  await page.waitForLoadState('load');
}

function answers(value: string): Record<string, string> {
  return Object.fromEntries(ITEMS.map((i) => [i.key, value]));
}

for (const javaScript of [false, true]) {
  describe(`guides and self-assessment with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('a coordinator publishes a guide; a visitor reads and downloads it; a citizen keeps its checklist in My notes', async () => {
      const title = `Hjem igen efter indlæggelse ${javaScript ? 'B' : 'A'}`;
      const coordinatorContext = await contextAs(world.coordinatorA.client.cookies, javaScript);
      const coordinator = await coordinatorContext.newPage();
      await coordinator.goto(`${app.url}/organisation/${world.orgA.id}/guides`);
      await expectLanded(coordinator, `/organisation/${world.orgA.id}/guides`, 'Jeres guider');
      await expectNoAxeViolations(coordinator, 'manage guides');
      await coordinator.getByLabel('Titel').fill(title);
      await coordinator.getByLabel('Kort om guiden').fill('Til dig, der snart skal hjem fra en afdeling.');
      await coordinator.getByLabel('Guidens tekst').fill(`# Før du går hjem: æøå ÆØÅ\n<script>alert(1)</script>\n\n${EXAMPLE_GUIDES[0]!.body}`);
      await submit(coordinator, 'Gem guiden');
      await coordinator.getByText('Guiden er gemt.').waitFor();
      await expectNoAxeViolations(coordinator, 'edit guide');
      await submit(coordinator, 'Udgiv');
      await coordinator.getByText('Guiden er udgivet.').waitFor();
      await coordinatorContext.close();

      // A visitor without an account, on a phone.
      const visitorContext = await contextAs(null, javaScript);
      const visitor = await visitorContext.newPage();
      await visitor.goto(`${app.url}/guides`);
      await expectLanded(visitor, '/guides', 'Guider');
      await expectNoAxeViolations(visitor, 'guide list');
      await Promise.all([visitor.waitForEvent('framenavigated'), visitor.getByRole('link', { name: title }).click()]);
      await visitor.waitForLoadState('load');
      await visitor.getByRole('heading', { level: 2, name: 'Før du går hjem: æøå ÆØÅ' }).waitFor();
      await visitor.getByText('<script>alert(1)</script>').waitFor();
      await expectNoAxeViolations(visitor, 'guide');
      const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.getByRole('link', { name: 'Hent som PDF' }).click()]);
      const file = path.join(downloads, `guide-${javaScript}.pdf`);
      await download.saveAs(file);
      expect(download.suggestedFilename()).toBe(`${title}.pdf`);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
      expect(text).toContain(title);
      expect(text).toContain('Før du går hjem: æøå ÆØÅ');
      expect(text).toContain('<script>alert(1)</script>');
      expect(text).toContain('Jeg har et telefonnummer, jeg kan ringe til');
      await visitorContext.close();

      // A citizen saves two of the checklist items, ticks one off and removes the other.
      const citizenPerson = await signedIn(app, { kind: 'citizen', chosenName: 'Åse' });
      const citizenContext = await contextAs(citizenPerson.client.cookies, javaScript);
      const citizen = await citizenContext.newPage();
      await citizen.goto(`${app.url}/guides`);
      await Promise.all([citizen.waitForEvent('framenavigated'), citizen.getByRole('link', { name: title }).click()]);
      await citizen.waitForLoadState('load');
      const boxes = citizen.getByRole('group', { name: 'Gem tjeklisten i Mine noter' }).getByRole('checkbox');
      expect(await boxes.count()).toBe(5);
      for (let i = 2; i < 5; i++) await boxes.nth(i).uncheck();
      await submit(citizen, 'Gem i Mine noter');
      await citizen.getByText('2 punkter er gemt i Mine noter.').waitFor();
      await expectNoAxeViolations(citizen, 'guide saved');
      await citizen.goto(`${app.url}/notes`);
      await expectLanded(citizen, '/notes', 'Mine noter');
      await expectNoAxeViolations(citizen, 'my notes');
      const nextAppointment = citizen.locator('li.note', { hasText: 'min næste aftale' });
      const phoneNumber = citizen.locator('li.note', { hasText: 'jeg kan ringe til' });
      await nextAppointment.getByText('Ikke klaret endnu:').waitFor();
      await press(citizen, nextAppointment.getByRole('button', { name: /^Sæt flueben/ }));
      await nextAppointment.getByText('Klaret:').waitFor();
      await phoneNumber.getByText('Ikke klaret endnu:').waitFor();
      await press(citizen, phoneNumber.getByRole('button', { name: /^Fjern/ }));
      await citizen.getByText('Punktet er fjernet.').waitFor();
      expect(await phoneNumber.count()).toBe(0);
      expect(await nextAppointment.count()).toBe(1);
      await expectNoAxeViolations(citizen, 'notes after removing');
      await citizenContext.close();
    });

    it('a team answers a round; the radar chart shows theme means with the previous round overlaid', async () => {
      const site = await insertSite(app.deps.db, world.orgA.id, `Botilbuddet ${javaScript ? 'Ege' : 'Bøg'}`);
      const members: Person[] = [];
      for (let i = 0; i < 4; i++)
        members.push(await signedIn(app, { kind: 'staff', role: i % 2 ? 'professional' : 'peer', organisationId: world.orgA.id, siteId: site.id }));
      const coordinatorPerson = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: world.orgA.id, chosenName: 'Mette' });

      // An earlier round, answered by five.
      const earlier = await coordinatorPerson.client.post(`/organisation/${world.orgA.id}/assessments`, {
        siteId: site.id,
        title: 'Vinter',
        heldOn: '2026-01-10',
      });
      const earlierId = earlier.location!.match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
      for (const p of [...members, coordinatorPerson]) expect((await p.client.post(`/assessment/${earlierId}/answer`, answers('2'))).status).toBe(303);
      expect((await coordinatorPerson.client.post(`/assessment/${earlierId}/close`, { confirm: 'yes' })).status).toBe(303);

      const context = await contextAs(coordinatorPerson.client.cookies, javaScript);
      const page = await context.newPage();
      await page.goto(`${app.url}/assessment`);
      await expectLanded(page, '/assessment', 'Hvor recovery-orienteret er vores praksis?');
      await expectNoAxeViolations(page, 'assessment home');
      await page.getByLabel('Sted').selectOption({ label: site.name });
      await page.getByLabel('Titel').fill('Sommer');
      await page.getByLabel('Dato').fill('2026-06-10');
      await submit(page, 'Start runden');
      await page.getByRole('heading', { level: 1, name: 'Sommer' }).waitFor();
      await page.getByText('Der mangler 5 svar mere.').waitFor();
      await expectNoAxeViolations(page, 'round below k');
      const roundId = page.url().match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
      for (const p of members) expect((await p.client.post(`/assessment/${roundId}/answer`, answers('4'))).status).toBe(303);

      await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('link', { name: 'Svar på spørgsmålene' }).click()]);
      await page.waitForLoadState('load');
      await expectNoAxeViolations(page, 'answer form');
      for (const item of ITEMS) await page.locator(`[id="field-${item.key}-4"]`).check();
      await submit(page, 'Gem mine svar');
      await page.getByText('Tak. Dine svar er gemt.').waitFor();
      // Enough answers, but nothing is shown until the round is closed.
      await page.getByText('5 har svaret indtil nu.').waitFor();
      expect(await page.locator('svg[data-radar]').count()).toBe(0);
      await expectNoAxeViolations(page, 'round waiting to be closed');
      await submit(page, 'Luk runden');
      await page.getByRole('heading', { name: 'Vil du lukke runden?' }).waitFor();
      await page.getByText('5 har svaret. Når runden er lukket, ser teamet det samlede resultat', { exact: false }).waitFor();
      await expectNoAxeViolations(page, 'closing the round: asked first');
      await submit(page, 'Ja, luk runden');
      await page.getByText('Du har lukket runden.', { exact: true }).waitFor();

      const chart = page.locator('svg[data-radar]');
      expect(await chart.count()).toBe(1);
      expect(await chart.locator('[data-series="current"] polygon').count()).toBe(1);
      expect(await chart.locator('[data-series="previous"] polygon').count()).toBe(1);
      // The theme names stand at the axes, wrapped to the room there, not numbers.
      expect(await chart.locator('text[data-axis="participation"]').textContent()).toBe('Inddragelse');
      expect(await chart.locator('text[data-axis="recoveryPlans"] tspan').allTextContents()).toEqual(['Recovery-', 'planer']);
      const row = page.locator('tr[data-theme="participation"]');
      expect((await row.locator('td').allTextContents()).map((s) => s.trim())).toEqual(['4,0 (+2,0)', '2,0']);
      await page.getByText('Forrige runde: Vinter').waitFor();
      await expectNoAxeViolations(page, 'round with radar chart');

      await page.getByLabel('Ny handling').fill('Vi spørger beboerne, hvad de vil have med i husmødet.');
      await submit(page, 'Gem handlingen');
      await page.getByText('Vi spørger beboerne, hvad de vil have med i husmødet.').waitFor();
      await expectNoAxeViolations(page, 'round with action');
      await context.close();
    });
  });
}
