import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { contextWithCookies, expectLanded, expectNoAxeViolations, launchBrowser, newContext, releaseBrowser } from '../support/browser.ts';
import { Client, uniqueName } from '../support/client.ts';
import { createWorld, newStatementOf, signedIn, statementOf, type World } from '../support/fixtures.ts';

// Issue 17 as one journey, with JavaScript off and on: a citizen without an account reads what a
// peer is and asks an organisation for one → the coordinator offers a peer → the citizen makes an
// account and says yes, choosing one of two sheets → the peer sees only that sheet → logs a
// session → the citizen sees the entry and comments → the peer reads the comment and the
// conversation guide → shares a reflection with a learning group started by a peer of another
// organisation → that peer replies → the first peer reads the reply. axe on every page.

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
  await releaseBrowser(browser);
  await app?.close();
});

for (const javaScript of [false, true]) {
  describe(`a peer found, chosen and working, with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('reads → asks → is offered → says yes to one sheet → the peer sees only it → logs a session → the citizen comments → a reflection shared across organisations gets a reply', async () => {
      const [citizenName, peerName] = javaScript ? ['Sol', 'Mira'] : ['Sif', 'Nanna'];
      const mode = javaScript ? 'med' : 'uden';
      const groupName = `Håb på tværs ${mode} script`;
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
      const hiddenId = await newStatementOf(app, citizen, 'Mit andet ark');
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

      // The peer logs being together with the citizen; the note is shared with them unless the peer says otherwise.
      await peer.goto(`${app.url}/peer/sessions`);
      await expectLanded(peer, '/peer/sessions', 'Samtaler');
      await expectNoAxeViolations(peer, 'session log');
      await peer.getByLabel('Hvad slags?').selectOption({ label: 'Samvær' });
      await peer.getByLabel('Håb og optimisme').check();
      await peer.getByLabel('Med hvem? (kun forbundne borgere)').selectOption({ label: citizenName });
      await peer.getByRole('textbox', { name: /^Note/ }).fill('Vi drak kaffe og talte om cyklen.');
      expect(await peer.getByLabel('Borgeren, du talte med, og dig').isChecked()).toBe(true);
      await peer.getByRole('button', { name: 'Gem samtalen' }).click();
      await peer.waitForURL(/saved=1/);

      // The citizen finds it from their home page and writes their own comment.
      await guest.goto(`${app.url}/`);
      await guest.getByRole('link', { name: 'Se, hvad din peer har skrevet om jeres samtaler' }).click();
      await guest.waitForURL(/\/account\/peer-sessions/);
      await expectLanded(guest, '/account/peer-sessions', 'Samtaler med din peer');
      await guest.getByText('Vi drak kaffe og talte om cyklen.').waitFor();
      await expectNoAxeViolations(guest, 'sessions about me');
      await guest.getByRole('link', { name: /Skriv en kommentar/ }).click();
      await guest.waitForURL(/comment=/);
      await guest.getByLabel('Din kommentar til samtalen').fill('Det var rart. Næste gang vil jeg gerne cykle med.');
      await expectNoAxeViolations(guest, 'comment form');
      await guest.getByRole('button', { name: 'Gem kommentaren' }).click();
      await guest.waitForURL(/saved=1/);
      await guest.getByText('Det var rart. Næste gang vil jeg gerne cykle med.').waitFor();
      await expectNoAxeViolations(guest, 'comment saved');

      // The peer reads it in the log.
      await peer.goto(`${app.url}/peer/sessions`);
      await peer.getByText('Det var rart. Næste gang vil jeg gerne cykle med.').waitFor();
      await expectNoAxeViolations(peer, 'session log with the comment');

      // The conversation guide, at 390 px, without scrolling sideways.
      await peer.goto(`${app.url}/peer/guide`);
      await expectLanded(peer, '/peer/guide', 'At tilbyde et personligt statement');
      await peer.getByRole('heading', { name: 'Når du ikke skal tilbyde det, eller skal stoppe' }).waitFor();
      await expectNoAxeViolations(peer, 'conversation guide');
      if (javaScript) {
        // Runs in the page (a string: the Node type check has no DOM library).
        const widths = (await peer.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as {
          scroll: number;
          client: number;
        };
        expect(widths.client).toBe(390);
        expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      }
      // Kasper works alone with peer support in organisation B.
      const kasper = await signedIn(app, {
        kind: 'staff',
        role: 'peer',
        organisationId: world.orgB.id,
        siteId: world.orgB.siteId,
        chosenName: `Kasper ${mode}`,
      });
      const kasperContext = await contextWithCookies(browser, kasper.client.cookies, javaScript);
      const k = await kasperContext.newPage();

      // Kasper, a peer in another organisation, finds learning groups on his home page (and in his menu) and starts one.
      await k.goto(`${app.url}/`);
      await k.locator('nav a[href="/groups"]').first().waitFor({ state: 'attached' });
      await k.getByRole('link', { name: /^Læringsgrupper: del refleksioner/ }).click();
      await k.waitForURL(/\/groups$/);
      await expectLanded(k, '/groups', 'Læringsgrupper');
      await expectNoAxeViolations(k, 'learning groups');
      await k.getByLabel('Gruppens navn').fill(groupName);
      await k.getByLabel('Hvad vil gruppen? (kort)').fill('Vi øver os i at tale om håb.');
      await k.getByLabel('Alle kan være med').check();
      await k.getByRole('button', { name: 'Start gruppen' }).click();
      await k.waitForURL(/\/groups\/[0-9a-f-]{36}\?created=1$/);
      await k.getByText('Gruppen er startet. Du er vært.').waitFor();
      await expectNoAxeViolations(k, 'new group');
      const groupPath = new URL(k.url()).pathname;

      // The peer of this journey, in organisation A, finds it and joins.
      await peer.goto(`${app.url}/groups`);
      await expectNoAxeViolations(peer, 'groups to join');
      const card = peer.locator('li.card', { hasText: groupName });
      await card.getByRole('button', { name: 'Vær med' }).click();
      await peer.waitForURL(/\?joined=1$/);
      await expectLanded(peer, groupPath, groupName);
      await expectNoAxeViolations(peer, 'joined group');

      // The peer writes a reflection about her own practice and shares it with the group.
      await peer.goto(`${app.url}/peer/reflections`);
      await expectLanded(peer, '/peer/reflections', 'Refleksioner');
      await peer.getByText('aldrig om en navngiven borger').waitFor();
      await expectNoAxeViolations(peer, 'reflections');
      await peer.getByLabel('Hvad prøvede jeg?').fill('Jeg ventede længere på svaret.');
      await peer.getByLabel('Hvad lærte jeg?').fill('Stilheden gav plads.');
      await peer.getByLabel('Del med').first().selectOption({ label: groupName });
      await peer.getByLabel('Handle').check();
      await peer.getByRole('button', { name: 'Gem refleksionen' }).click();
      await peer.waitForURL(/saved=1/);
      await peer.getByText(`Delt med ${groupName}`).waitFor();
      await expectNoAxeViolations(peer, 'reflection shared');

      // Kasper reads it in the group and replies.
      await k.goto(`${app.url}${groupPath}`);
      await k.getByText('Stilheden gav plads.').waitFor();
      await k.getByText('Fase i aktionslæringen: Handle').waitFor();
      await k.getByLabel('Dit svar').fill('Det vil jeg prøve i morgen.');
      await k.getByRole('button', { name: 'Send svar' }).click();
      await k.waitForURL(/replied=1/);
      await k.getByText('Dit svar er sendt.').waitFor();
      await expectNoAxeViolations(k, 'group with a reply');

      // The peer reads the reply, under Kasper's name.
      await peer.goto(`${app.url}${groupPath}`);
      await peer.getByText('Det vil jeg prøve i morgen.').waitFor();
      await peer.locator('li.card li.card', { hasText: 'Det vil jeg prøve i morgen.' }).getByText(`Kasper ${mode}`).waitFor();
      await expectNoAxeViolations(peer, 'group read by the writer');

      await kasperContext.close();
      await guestContext.close();
      await coordinatorContext.close();
      await peerContext.close();
    });
  });
}
