import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { contextWithCookies, expectLanded, expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { createWorld, linkPeer, signedIn, type World } from '../support/fixtures.ts';

// Issue 17, parts 3 and 6: the peer logs a session about a linked citizen → the citizen sees the
// entry and comments → the peer sees the comment; the conversation guide reads on a phone.

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

for (const javaScript of [false, true]) {
  describe(`nothing about me without me, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('session logged → the citizen sees it and comments → the peer reads the comment; the guide fits a phone', async () => {
      const peerPerson = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Karin' });
      const citizenPerson = await signedIn(app, { kind: 'citizen', chosenName: 'Mads' });
      await linkPeer(app, peerPerson, citizenPerson);
      const peer = await (await contextWithCookies(browser, peerPerson.client.cookies, javaScript)).newPage();
      const citizen = await (await contextWithCookies(browser, citizenPerson.client.cookies, javaScript)).newPage();

      // The peer logs being together with Mads; the note is shared with him unless she says otherwise.
      await peer.goto(`${app.url}/peer/sessions`);
      await expectLanded(peer, '/peer/sessions', 'Samtaler');
      await expectNoAxeViolations(peer, 'session log');
      await peer.getByLabel('Hvad slags?').selectOption({ label: 'Samvær' });
      await peer.getByLabel('Håb og optimisme').check();
      await peer.getByLabel('Med hvem? (kun forbundne borgere)').selectOption({ label: 'Mads' });
      await peer.getByRole('textbox', { name: /^Note/ }).fill('Vi drak kaffe og talte om cyklen.');
      expect(await peer.getByLabel('Borgeren, du talte med, og dig').isChecked()).toBe(true);
      await peer.getByRole('button', { name: 'Gem samtalen' }).click();
      await peer.waitForURL(/saved=1/);

      // Mads finds it from his home page and writes his own comment.
      await citizen.goto(`${app.url}/`);
      await citizen.getByRole('link', { name: 'Se, hvad din peer har skrevet om jeres samtaler' }).click();
      await citizen.waitForURL(/\/account\/peer-sessions/);
      await expectLanded(citizen, '/account/peer-sessions', 'Samtaler med din peer');
      await citizen.getByText('Vi drak kaffe og talte om cyklen.').waitFor();
      await expectNoAxeViolations(citizen, 'sessions about me');
      await citizen.getByRole('link', { name: /Skriv en kommentar/ }).click();
      await citizen.waitForURL(/comment=/);
      await citizen.getByLabel('Din kommentar til samtalen').fill('Det var rart. Næste gang vil jeg gerne cykle med.');
      await expectNoAxeViolations(citizen, 'comment form');
      await citizen.getByRole('button', { name: 'Gem kommentaren' }).click();
      await citizen.waitForURL(/saved=1/);
      await citizen.getByText('Det var rart. Næste gang vil jeg gerne cykle med.').waitFor();
      await expectNoAxeViolations(citizen, 'comment saved');

      // Karin reads it in her log.
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
      await peer.context().close();
      await citizen.context().close();
    });
  });
}
