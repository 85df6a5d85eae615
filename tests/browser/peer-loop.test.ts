import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, contextWithCookies } from '../support/browser.ts';
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
  await browser?.close();
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

      // The peer suggests twice.
      await peer.goto(`${app.url}/peer/statements/${statementId}`);
      await expectLanded(peer, `/peer/statements/${statementId}`, 'Ark tilhørende Freja');
      await expectNoAxeViolations(peer, 'peer statement');
      for (const text of ['Jeg holder af at tegne fugle.', 'Jeg er min diagnose.']) {
        await peer.getByLabel('Dit forslag').fill(text);
        await peer.getByRole('button', { name: 'Send forslag' }).click();
        await peer.waitForURL(/suggested=1/);
      }

      // The citizen's home says what is new, and the menu counts it; the notice leads to the suggestions.
      await citizen.goto(`${app.url}/`);
      await expectLanded(citizen, '/', 'Hej Freja');
      await citizen.getByRole('link', { name: 'Nyt (2)' }).waitFor();
      await citizen.getByText('Du er forbundet med Jonas').waitFor();
      await expectNoAxeViolations(citizen, 'citizen home');
      await citizen.getByRole('link', { name: 'Se forslaget' }).first().click();

      // The citizen accepts one and rejects one.
      await citizen.waitForURL(/\/suggestions$/);
      await expectLanded(citizen, `/statements/${statementId}/suggestions`, 'Forslag fra din peer');
      await expectNoAxeViolations(citizen, 'suggestions');
      await citizen.locator('section.suggestion', { hasText: 'tegne fugle' }).getByRole('button', { name: 'Brug forslaget' }).click();
      await citizen.waitForURL(/accepted=1/);
      await citizen.locator('section.suggestion', { hasText: 'min diagnose' }).getByRole('button', { name: 'Nej tak' }).click();
      await citizen.waitForURL(/rejected=1/);
      await citizen.getByText('Du har sagt nej tak til forslaget.').waitFor();

      // The trail shows whose words are whose.
      await citizen.getByRole('link', { name: 'Hvem skrev hvad' }).click();
      await citizen.waitForURL(/authorship/);
      await citizen.getByText('Freja brugte forslaget fra Jonas').waitFor();
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
      expect(await peer.locator('dl.figures').getByText('Møder forberedt').locator('..').locator('dd').textContent()).toBe('1');
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
