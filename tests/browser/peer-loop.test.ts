import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { createWorld, signedIn, statementOf, type World } from '../support/fixtures.ts';

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

for (const javaScript of [false, true]) {
  describe(`peer and citizen with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('invite → consent → suggest → accept one, reject one → trail → session → overview → withdraw → refused', async () => {
      const peerPerson = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Jonas' });
      const citizenPerson = await signedIn(app, { kind: 'citizen', chosenName: 'Freja' });
      const statementId = await statementOf(app, citizenPerson, 'Stuegang');
      const peerContext = await contextAs(peerPerson.client.cookies, javaScript);
      const citizenContext = await contextAs(citizenPerson.client.cookies, javaScript);
      const peer = await peerContext.newPage();
      const citizen = await citizenContext.newPage();

      // Invite.
      await peer.goto(`${app.url}/peer`);
      await expectLanded(peer, '/peer', 'Mit peer-arbejde');
      await expectNoAxeViolations(peer, 'peer overview');
      await peer.getByRole('button', { name: 'Lav en kode' }).click();
      const code = (await peer.locator('strong.code').textContent())!.replace(/\s/g, '');
      await expectNoAxeViolations(peer, 'code made');

      // Accept with consent.
      await citizen.goto(`${app.url}/link`);
      await expectLanded(citizen, '/link', 'Forbind dig med din peer');
      await expectNoAxeViolations(citizen, 'link code');
      await citizen.getByLabel('Kode').fill(code);
      await citizen.getByRole('button', { name: 'Fortsæt' }).click();
      await citizen.waitForURL(/\/link\?code=/);
      await citizen.getByText('læse dine ark').waitFor();
      await expectNoAxeViolations(citizen, 'consent');
      await citizen.getByLabel('Ja, det vil jeg gerne').check();
      await citizen.getByRole('button', { name: 'Forbind' }).click();
      await citizen.waitForURL(/\/account\/peers/);
      await citizen.getByText('Du er nu forbundet med Jonas.').waitFor();
      await expectNoAxeViolations(citizen, 'my peers');

      // The peer suggests four times for "Om mig".
      await peer.goto(`${app.url}/peer/statements/${statementId}`);
      await expectLanded(peer, `/peer/statements/${statementId}`, 'Ark tilhørende Freja');
      await expectNoAxeViolations(peer, 'peer statement');
      for (const text of ['Jeg holder af at tegne fugle.', 'Jeg er min diagnose.', 'Jeg holder af at tegne og male fugle.', 'Jeg går lange ture.']) {
        await peer.getByLabel('Dit forslag').fill(text);
        await peer.getByRole('button', { name: 'Send forslag' }).click();
        await peer.waitForURL(/suggested=1/);
      }

      // The citizen's home says what is new, and the menu counts it; the notice leads to the suggestions.
      await citizen.goto(`${app.url}/`);
      await expectLanded(citizen, '/', 'Hej Freja');
      await citizen.getByRole('link', { name: 'Nyt (4)' }).waitFor();
      await citizen.getByText('Du er forbundet med Jonas').waitFor();
      // The home page counts the suggestions that wait, and links to them.
      await citizen.getByText('4 forslag fra din peer venter på dig.').waitFor();
      await citizen.getByRole('link', { name: 'Stuegang: se de 4 forslag' }).waitFor();
      await expectNoAxeViolations(citizen, 'citizen home');
      await citizen.getByRole('link', { name: 'Se forslaget' }).first().click();

      // The citizen takes the first into the empty part, says no thanks to one, then replaces
      // the text with a better wording and adds the last one below it, each beside the text now.
      await citizen.waitForURL(/\/suggestions$/);
      await expectLanded(citizen, `/statements/${statementId}/suggestions`, 'Forslag fra din peer');
      await expectNoAxeViolations(citizen, 'suggestions');
      const suggestion = (text: string) => citizen.locator('section.suggestion', { has: citizen.locator('.compare__side--new', { hasText: text }) });
      await suggestion('tegne fugle.').first().getByRole('button', { name: 'Brug forslaget' }).click();
      await citizen.waitForURL(/replaced=1/);
      await suggestion('min diagnose').getByRole('button', { name: 'Nej tak' }).click();
      await citizen.waitForURL(/rejected=1/);
      await citizen.getByText('Du har sagt nej tak til forslaget.').waitFor();
      const better = suggestion('tegne og male fugle');
      expect(await better.locator('.compare__side').first().textContent()).toContain('Jeg holder af at tegne fugle.');
      expect(await better.locator('ins').textContent()).toBe('sat ind: og male slut.');
      await expectNoAxeViolations(citizen, 'suggestion with a difference');
      await better.getByRole('button', { name: 'Brug forslaget i stedet for min tekst' }).click();
      await citizen.waitForURL(/replaced=1/);
      await citizen.getByText('Forslaget står nu i stedet for din tekst.').waitFor();
      await suggestion('lange ture').getByRole('button', { name: 'Sæt forslaget ind under min tekst' }).click();
      await citizen.waitForURL(/added=1/);
      await citizen.getByText('Forslaget er sat ind under din tekst.').waitFor();
      await citizen.getByRole('heading', { name: 'Ingen forslag venter på dig' }).waitFor();
      await expectNoAxeViolations(citizen, 'no suggestions waiting');
      await citizen.goto(`${app.url}/statements/${statementId}/write/who`);
      expect(await citizen.getByLabel('Om mig').inputValue()).toBe('Jeg holder af at tegne og male fugle.\n\nJeg går lange ture.');
      // The peer sees what became of each suggestion.
      await peer.goto(`${app.url}/peer/statements/${statementId}`);
      await peer.getByText('Freja satte det ind under sin tekst').waitFor();
      await peer.getByText('Freja sagde nej tak').waitFor();
      await expectNoAxeViolations(peer, 'peer statement with outcomes');
      await citizen.goto(`${app.url}/statements/${statementId}/suggestions`);

      // The trail shows whose words are whose.
      await citizen.getByRole('link', { name: 'Hvem skrev hvad' }).click();
      await citizen.waitForURL(/authorship/);
      await citizen.getByText('Freja brugte forslaget fra Jonas').first().waitFor();
      await citizen.getByText('Freja sagde nej tak til et forslag fra Jonas').waitFor();
      await expectNoAxeViolations(citizen, 'authorship trail');

      // The peer logs a session, and the overview counts it.
      await peer.goto(`${app.url}/peer/sessions`);
      await expectLanded(peer, '/peer/sessions', 'Samtaler');
      await expectNoAxeViolations(peer, 'sessions');
      await peer.getByLabel('Varighed i minutter').fill('50');
      await peer.getByLabel('Hvad slags?').selectOption({ label: 'Forberedelse af møde' });
      await peer.getByLabel('Håb og optimisme').check();
      await peer.getByLabel('Vi arbejdede med et ark').check();
      await peer.getByLabel('Med hvem? (kun forbundne borgere)').selectOption({ label: 'Freja' });
      await peer.getByRole('button', { name: 'Gem samtalen' }).click();
      await peer.waitForURL(/saved=1/);
      // The peer's home is today: the conversation just logged, and the linked citizen.
      await peer.goto(`${app.url}/`);
      await expectLanded(peer, '/', 'Hej Jonas');
      await peer.getByText('Du har skrevet 1 samtale ind i dag.').waitFor();
      await peer.getByRole('link', { name: 'Freja' }).waitFor();
      await expectNoAxeViolations(peer, 'peer home');
      await peer.goto(`${app.url}/peer`);
      expect(await peer.locator('dl.figures').getByText('Forberedelse af møder').locator('..').locator('dd').textContent()).toBe('1');
      expect(await peer.locator('.chart__table tr', { hasText: 'Håb og optimisme' }).locator('td').textContent()).toBe('1');
      // The charts carry their axis in themselves; the one-page summary prints on one A4 page.
      expect(await peer.locator('figure.bar-chart .bar-chart__axis-label').first().textContent()).toBe('Antal samtaler');
      if (!javaScript) {
        await peer.goto(`${app.url}/peer/summary`);
        await expectNoAxeViolations(peer, 'one-page summary');
        const pdf = (await peer.pdf({ format: 'A4' })).toString('latin1');
        expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length).toBe(1);
      }

      // The citizen withdraws consent: the peer is refused on the next request.
      await citizen.goto(`${app.url}/account/peers`);
      await citizen.getByRole('button', { name: 'Træk mit ja tilbage' }).click();
      await citizen.waitForURL(/withdrawn=1/);
      const refused = await peer.goto(`${app.url}/peer/statements/${statementId}`);
      expect(refused?.status()).toBe(403);
      await expectLanded(peer, `/peer/statements/${statementId}`, 'Ikke adgang');
      await expectNoAxeViolations(peer, 'refused', { errorPage: true });

      await peerContext.close();
      await citizenContext.close();
    });
  });
}
