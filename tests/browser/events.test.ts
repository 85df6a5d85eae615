import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { createWorld, signedIn, type World } from '../support/fixtures.ts';

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

const contextAs = (cookies: Map<string, string> | null, javaScript: boolean) => contextWithCookies(browser, cookies, javaScript);

const nextYear = new Date().getFullYear() + 1;

for (const javaScript of [false, true]) {
  describe(`network events with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('capacity 1 → two peers sign up → the second waits → the first cancels → the second has the seat; .ics; directory', async () => {
      const title = `Landsmøde ${javaScript ? 'med' : 'uden'} JavaScript`;
      const coordinatorPerson = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: world.orgA.id, chosenName: 'Kirsten' });
      const firstPerson = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Malene' });
      const secondPerson = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgB.id, siteId: world.orgB.siteId, chosenName: 'Rasmus' });
      const contexts = await Promise.all([coordinatorPerson, firstPerson, secondPerson].map((p) => contextAs(p.client.cookies, javaScript)));
      const [coordinator, first, second] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page];

      // The coordinator publishes an event with one seat; a mistake first.
      await coordinator.goto(`${app.url}/events`);
      await expectLanded(coordinator, '/events', 'Netværk og arrangementer');
      await expectNoAxeViolations(coordinator, 'events (coordinator)');
      await coordinator.getByRole('link', { name: 'Opret et arrangement' }).click();
      await coordinator.waitForURL(/\/events\/new$/);
      await expectNoAxeViolations(coordinator, 'new event');
      await coordinator.getByLabel('Titel').fill(title);
      await coordinator.getByLabel('Beskrivelse').fill('Vi mødes, spiser sammen og deler erfaringer.');
      await coordinator.getByLabel('Starter').fill(`${nextYear}-12-03T10:00`);
      await coordinator.getByLabel('Slutter').fill(`${nextYear}-12-03T15:00`);
      await coordinator.getByLabel('Link til onlinemøde').fill('ftp://example.dk');
      await coordinator.getByLabel('Antal pladser').fill('1');
      await coordinator.getByRole('button', { name: 'Offentliggør' }).click();
      expect(await coordinator.getByRole('alert').textContent()).toContain('begynder med https://');
      await expectNoAxeViolations(coordinator, 'new event with errors');
      await coordinator.getByLabel('Link til onlinemøde').fill('');
      await coordinator.getByLabel('Sted').fill('Odense, sal 2');
      await coordinator.getByRole('button', { name: 'Offentliggør' }).click();
      await coordinator.waitForURL(/\/events\/[0-9a-f-]{36}\?info=created/);
      const eventUrl = coordinator.url().split('?')[0]!;
      await coordinator.getByText('Arrangementet er oprettet.').waitFor();
      await expectNoAxeViolations(coordinator, 'event (organiser)');

      // Two peers sign up for the one seat.
      await first.goto(`${app.url}/events`);
      await expectLanded(first, '/events', 'Netværk og arrangementer');
      await expectNoAxeViolations(first, 'events (peer)');
      await first.getByRole('link', { name: title }).click();
      await first.waitForURL(eventUrl);
      await first.getByText('1 af 1 pladser er ledige.').waitFor();
      await first.getByRole('button', { name: 'Tilmeld mig' }).click();
      await first.waitForURL(/info=seat/);
      await first.getByText('Du har en plads.').waitFor();
      await expectNoAxeViolations(first, 'event with a seat');

      await second.goto(eventUrl);
      await second.getByRole('button', { name: 'Tilmeld mig' }).click();
      await second.waitForURL(/info=waiting/);
      await second.getByText('Du står på ventelisten som nummer 1.', { exact: false }).waitFor();
      await expectNoAxeViolations(second, 'event on the waiting list');

      // The organiser sees both.
      await coordinator.goto(eventUrl);
      await coordinator.locator('tr', { hasText: 'Malene' }).getByText('Plads').waitFor();
      await coordinator.locator('tr', { hasText: 'Rasmus' }).getByText('Venteliste nr. 1').waitFor();

      // The first cancels: the second moves up by themselves and is told.
      await first.getByRole('button', { name: 'Meld mig fra' }).click();
      await first.waitForURL(/info=cancelled/);
      await second.goto(`${app.url}/events`);
      await expectLanded(second, '/events', 'Netværk og arrangementer');
      await second.getByText(`Der er blevet en plads fri til »${title}«`, { exact: false }).waitFor();
      await expectNoAxeViolations(second, 'events with a notice');
      await second.goto(eventUrl);
      await second.getByText('Du har en plads.').waitFor();

      // The calendar file downloads and holds the title.
      const [download] = await Promise.all([second.waitForEvent('download'), second.getByRole('link', { name: 'Hent til din kalender (.ics)' }).click()]);
      const ics = fs.readFileSync((await download.path())!, 'utf8');
      expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${title}`);
      expect(ics).toContain('BEGIN:VEVENT\r\n');

      // The directory: the peer opts in and is found by a peer from another organisation.
      await first.goto(`${app.url}/directory`);
      await expectLanded(first, '/directory', 'Peer-oversigt');
      await expectNoAxeViolations(first, 'directory (not in it)');
      await first.getByLabel('Hvad kan du hjælpe andre peers med?').fill('Opstart af selvhjælpsgrupper');
      await first.getByLabel('Hvordan kan andre peers kontakte dig?').fill('malene@example.dk');
      await first.getByRole('button', { name: 'Vis mig i oversigten' }).click();
      await first.waitForURL(/info=joined/);
      await expectNoAxeViolations(first, 'directory (in it)');
      await second.goto(`${app.url}/directory`);
      await second.getByLabel('Søg efter navn, organisation eller hvad de kan hjælpe med').fill('SELVHJÆLP');
      await second.getByRole('button', { name: 'Søg', exact: true }).click();
      await second.waitForURL(/q=SELVHJ/);
      await second.getByRole('heading', { name: 'Malene' }).waitFor();
      await second.getByText('malene@example.dk').waitFor();
      await expectNoAxeViolations(second, 'directory search');
      await first.goto(`${app.url}/directory`);
      await first.getByRole('button', { name: 'Fjern mig fra oversigten' }).click();
      await first.waitForURL(/info=left/);

      // The coordinator cancels the event; the seat holder is told.
      await coordinator.goto(eventUrl);
      await coordinator.getByRole('button', { name: 'Aflys og slet arrangementet' }).click();
      await coordinator.waitForURL(/info=deleted/);
      await coordinator.getByText('1 person har fået besked.', { exact: false }).waitFor();
      await second.goto(`${app.url}/events`);
      await expectLanded(second, '/events', 'Netværk og arrangementer');
      await second.getByText('er aflyst af arrangøren', { exact: false }).waitFor();
      await expectNoAxeViolations(second, 'events with a cancellation');

      await Promise.all(contexts.map((c) => c.close()));
    });
  });
}
