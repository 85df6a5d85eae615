import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { contextWithCookies, expectLanded, expectNoAxeViolations, launchBrowser, releaseBrowser, screenshotsWhenAsked } from '../support/browser.ts';
import { PASSWORD, signedIn } from '../support/fixtures.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';

// A peer writes a practice note, is called away, and presses "share" 40 minutes later, after
// the staff sign-in has ended: she signs in again and saves it as she wrote it, with JavaScript
// on and off. The installation's clock is the test's.

let app: TestApp;
let browser: Browser;
let offsetMs = 0;
const appNow = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  app = await startTestApp({ now: appNow });
  browser = await launchBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

/** A peer of a new organisation, signed in, with a practice note written but not yet shared.
 * The browser gets the sign-in, and the form token from the app itself, as the app sets it. */
async function peerWritingANote(javaScript: boolean, title: string, text: string) {
  offsetMs = 0;
  const org = await insertOrganisation(app.deps.db, { name: 'Peerhuset', kind: 'municipality' });
  const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: org.id, chosenName: 'Pia' });
  const signIn = new Map([...peer.client.cookies].filter(([name]) => !name.endsWith('eo_csrf')));
  const context = await contextWithCookies(browser, signIn, javaScript);
  const page = await context.newPage();
  await page.goto(`${app.url}/practice`);
  await expectLanded(page, '/practice', 'Del praksis');
  await page.getByLabel('Overskrift').fill(title);
  await page.getByLabel('Det virkede').check();
  await page.getByLabel('Tekst', { exact: true }).fill(text);
  return { peer, context, page };
}

for (const javaScript of [false, true]) {
  describe(`a form sent after the sign-in ended, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('is kept: sign in again, see the words, save them', async () => {
      const { peer, context, page } = await peerWritingANote(
        javaScript,
        'Samtale på en gåtur',
        'Vi gik en tur rundt om søen.\nDet var lettere at tale sammen side om side.',
      );
      offsetMs += 40 * 60_000;
      await page.getByRole('button', { name: 'Del opslaget' }).click();

      await page.waitForURL((url) => url.pathname === '/sign-in');
      await expectLanded(page, '/sign-in', 'Log ind');
      await page.getByText('Du var blevet logget ud, før det, du skrev, blev gemt. Det er ikke tabt').waitFor();
      await expectNoAxeViolations(page, 'sign in again, a form kept');
      if (javaScript) await screenshotsWhenAsked(page, 'kept-sign-in');
      await page.getByLabel('Brugernavn').fill(peer.username);
      await page.getByLabel('Adgangskode').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log ind', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in/code');
      await page.getByLabel('Kode').fill(totpAt(peer.totpSecret!, currentStep(appNow().getTime())));
      await page.getByRole('button', { name: 'Bekræft' }).click();

      await page.waitForURL((url) => url.pathname === '/kept');
      await expectLanded(page, '/kept', 'Det, du skrev, er ikke gemt endnu');
      // Gone to the home page first, she is told it waits, and finds her way back.
      await page.goto(`${app.url}/`);
      await page.getByText('Noget, du skrev, før du blev logget ud, er ikke gemt endnu.').waitFor();
      await expectNoAxeViolations(page, 'home, a form kept');
      if (javaScript) await screenshotsWhenAsked(page, 'kept-home');
      await page.getByRole('link', { name: 'Se det, og gem det' }).click();
      await page.waitForURL((url) => url.pathname === '/kept');
      await page.getByText('Det var lettere at tale sammen side om side.').waitFor();
      expect(await page.locator('main').textContent()).not.toContain('worked');
      await expectNoAxeViolations(page, 'what was kept');
      if (javaScript) await screenshotsWhenAsked(page, 'kept');
      await page.getByRole('button', { name: 'Gem det nu' }).click();

      await page.waitForURL(/\/practice\/[0-9a-f-]{36}\?posted=1/);
      await page.getByText('Dit opslag er delt.').waitFor();
      await page.getByText('Det var lettere at tale sammen side om side.').waitFor();
      await page.goto(`${app.url}/kept`);
      await expectLanded(page, '/kept', 'Der er ikke noget, der venter');
      await context.close();
    });

    it('a link from another site, opened while the form is half written, does not make the form too old', async () => {
      const { context, page } = await peerWritingANote(javaScript, 'Efter mailen', 'Skrevet før jeg åbnede linket i mailen.');
      // A link in a mail read on another site (here: another host name) opens the app in a new tab.
      const elsewhere = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>Mail</title><a href="${app.url}/">Se mødet i Egne ord</a>`);
      });
      await new Promise<void>((resolve) => elsewhere.listen(0, 'localhost', resolve));
      // Closed whatever happens: a server left listening would keep the test run from ending.
      try {
        const mail = await context.newPage();
        await mail.goto(`http://localhost:${(elsewhere.address() as AddressInfo).port}/`);
        await mail.getByRole('link', { name: 'Se mødet i Egne ord' }).click();
        await mail.waitForURL((url) => url.host === new URL(app.url).host);
        await mail.close();
      } finally {
        elsewhere.close();
      }

      await page.getByRole('button', { name: 'Del opslaget' }).click();
      await page.waitForURL(/\/practice\/[0-9a-f-]{36}\?posted=1/);
      await page.getByText('Skrevet før jeg åbnede linket i mailen.').waitFor();
      await context.close();
    });

    it('signed out in another tab: the open form says so and shows the words to copy', async () => {
      const { context, page } = await peerWritingANote(javaScript, 'Et opslag', 'Ord, der ikke må forsvinde.');
      const other = await context.newPage();
      await other.goto(`${app.url}/`);
      await other.getByRole('button', { name: 'Log ud', exact: true }).click();
      await other.waitForURL((url) => url.pathname === '/sign-in');

      await page.getByRole('button', { name: 'Del opslaget' }).click();
      await page.getByRole('heading', { name: 'Du er ikke logget ind' }).waitFor();
      await page.getByText('Ord, der ikke må forsvinde.').waitFor();
      await expectNoAxeViolations(page, 'not signed in, the words shown back');
      if (javaScript) await screenshotsWhenAsked(page, 'not-signed-in');
      await context.close();
    });
  });
}
