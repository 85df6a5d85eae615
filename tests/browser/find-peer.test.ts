import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { contextWithCookies, expectLanded, expectNoAxeViolations, launchBrowser, newContext } from '../support/browser.ts';
import { Client, uniqueName } from '../support/client.ts';
import { createWorld, signedIn, statementOf, type World } from '../support/fixtures.ts';

// Issue 17: a citizen without an account reads what a peer is, asks an organisation for one, a
// coordinator offers a peer, the citizen makes an account and says yes choosing one of two sheets,
// and the peer sees only that sheet.

let app: TestApp;
let browser: Browser;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  browser = await launchBrowser();
  world = await createWorld(app);
  const offer = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/peer-offer`, {
    place: 'Værestedet på Havnegade',
    howToMeet: 'Kom forbi tirsdag eftermiddag',
    format: 'both',
    published: 'on',
  });
  expect(offer.status).toBe(303);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

for (const javaScript of [false, true]) {
  describe(`finding a peer with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('reads → asks → is offered a peer → makes an account and says yes to one of two sheets → the peer sees only that sheet', async () => {
      const [citizenName, peerName] = javaScript ? ['Sol', 'Mira'] : ['Sif', 'Nanna'];
      const peerPerson = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: peerName });
      const guestContext = await newContext(browser, { javaScript });
      const coordinatorContext = await contextWithCookies(browser, world.coordinatorA.client.cookies, javaScript);
      const peerContext = await contextWithCookies(browser, peerPerson.client.cookies, javaScript);
      const guest = await guestContext.newPage();
      const coordinator = await coordinatorContext.newPage();
      const peer = await peerContext.newPage();

      // What a peer is, and where to ask.
      await guest.goto(`${app.url}/peers`);
      await expectLanded(guest, '/peers', 'Find en peer');
      await guest.getByText('Du behøver ingen diagnose').waitFor();
      await expectNoAxeViolations(guest, 'find a peer');
      await guest.getByRole('link', { name: /^Bed Org A .* om en peer$/ }).click();
      await expectLanded(guest, /\/peers\/ask\//, /^Bed Org A/);
      await expectNoAxeViolations(guest, 'ask form');
      await guest.getByLabel('Hvad vil du gerne?').fill('Jeg vil gerne forberede et møde med én, der har prøvet det');
      await guest.getByLabel('Det navn, du vil kaldes (valgfrit)').fill(citizenName);
      await guest.getByRole('button', { name: 'Send' }).click();
      await expectLanded(guest, /\/peers\/ask\//, 'Tak. Din forespørgsel er sendt');
      await expectNoAxeViolations(guest, 'request sent');
      const privateLink = (await guest.locator('a[href*="/peers/answer/"]').getAttribute('href'))!;

      // The coordinator offers a peer.
      await coordinator.goto(`${app.url}/organisation/${world.orgA.id}/peer-requests`);
      await expectLanded(coordinator, `/organisation/${world.orgA.id}/peer-requests`, 'Forespørgsler om en peer');
      await expectNoAxeViolations(coordinator, 'requests');
      await coordinator.getByRole('link', { name: citizenName, exact: true }).click();
      await expectLanded(coordinator, /\/peer-requests\/[0-9a-f-]{36}$/, citizenName);
      await expectNoAxeViolations(coordinator, 'one request');
      await coordinator.getByLabel(peerName, { exact: true }).check();
      await coordinator.getByRole('button', { name: 'Tilbyd peeren' }).click();
      await coordinator.waitForURL(/offered=1/);
      await coordinator.getByText('Borgeren kan nu se jeres tilbud').waitFor();
      await expectNoAxeViolations(coordinator, 'peer offered');

      // The citizen comes back by the private link and makes an account to say yes.
      await guest.goto(privateLink);
      await expectLanded(guest, /\/peers\/answer\//, 'Din forespørgsel om en peer');
      await guest.getByText(`tilbyder dig ${peerName} som din peer`).waitFor();
      await expectNoAxeViolations(guest, 'offer by private link');
      await guest.getByRole('link', { name: 'Opret en konto og sig ja' }).click();
      await expectLanded(guest, '/sign-up', 'Opret konto');
      await expectNoAxeViolations(guest, 'sign up to accept');
      const username = uniqueName('peerfinder');
      await guest.getByLabel('Hvad vil du kaldes?').fill(citizenName);
      await guest.getByLabel('Brugernavn').fill(username);
      await guest.getByLabel('Adgangskode').fill('en lang og rolig sætning');
      await guest.getByRole('button', { name: 'Opret konto' }).click();
      await expectLanded(guest, '/account/recovery-codes', 'Reservekoder');
      await expectNoAxeViolations(guest, 'recovery codes');
      // Two sheets, written since (through the app, as the citizen).
      const citizenClient = new Client(app.url);
      for (const c of await guestContext.cookies()) citizenClient.cookies.set(c.name, c.value);
      const citizenId = (await app.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
      const citizen = { id: citizenId, username, client: citizenClient };
      const shared = await statementOf(app, citizen, 'Til stuegangen');
      const hidden = await citizen.client.post('/statements', {
        purpose: 'Mit andet ark',
        templateId: (await app.deps.db.selectFrom('sheet_templates').select('id').where('key', '=', 'personal-statement').executeTakeFirstOrThrow()).id,
      });
      const hiddenId = hidden.location!.match(/\/statements\/([0-9a-f-]{36})\//)![1]!;
      await guest.getByRole('link', { name: 'Ikke nu' }).click();
      await expectLanded(guest, /\/peers\/answer\//, 'Din forespørgsel om en peer');
      await guest.getByRole('heading', { name: `Vil du sige ja til ${peerName}?` }).waitFor();
      await expectNoAxeViolations(guest, 'consent with sheets');
      await guest.getByLabel('Til stuegangen').check();
      await guest.getByLabel('Ja, det vil jeg gerne').check();
      await guest.getByRole('button', { name: 'Sig ja' }).click();
      await expectLanded(guest, '/account/peers', 'Mine peers');
      await guest.getByText(`Du er nu forbundet med ${peerName}.`).waitFor();
      await guest.getByText('Må læse 1 af dine ark').waitFor();
      await expectNoAxeViolations(guest, 'my peers');

      // The peer sees that sheet, and nothing of the other.
      await peer.goto(`${app.url}/peer/citizens/${citizenId}`);
      await expectLanded(peer, `/peer/citizens/${citizenId}`, /./);
      await peer.getByText('Til stuegangen').waitFor();
      expect(await peer.getByText('Mit andet ark').count()).toBe(0);
      await expectNoAxeViolations(peer, 'linked citizen');
      await peer.goto(`${app.url}/peer/statements/${shared}`);
      await expectLanded(peer, `/peer/statements/${shared}`, `Ark tilhørende ${citizenName}`);
      await expectNoAxeViolations(peer, 'the chosen sheet');
      const refused = await peer.goto(`${app.url}/peer/statements/${hiddenId}`);
      expect([403, 404]).toContain(refused!.status());

      await guestContext.close();
      await coordinatorContext.close();
      await peerContext.close();
    });
  });
}
