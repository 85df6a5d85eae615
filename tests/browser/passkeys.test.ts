import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, newContext, releaseBrowser } from '../support/browser.ts';
import { uniqueName } from '../support/client.ts';

// WebAuthn does not accept an IP address as the site's identity, so this journey uses
// localhost; Chromium's virtual authenticator stands in for a phone's fingerprint reader.
let app: TestApp;
let browser: Browser;
let base: string;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  base = `http://localhost:${app.port}`;
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

describe('passkeys', () => {
  it('a citizen adds a passkey, signs out, and signs in with it — no password typed', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const username = uniqueName('passkey');
    await page.goto(`${base}/sign-up`);
    await page.getByLabel('Hvad vil du kaldes?').fill('Nøgle-Nora');
    await page.getByLabel('Brugernavn').fill(username);
    await page.getByLabel('Adgangskode').fill('en lang og rolig sætning');
    await page.getByRole('button', { name: 'Opret konto' }).click();
    await page.waitForURL(/\/account\/recovery-codes/);
    await page.goto(`${base}/account/passkeys`);
    await expectLanded(page, '/account/passkeys', 'Adgangsnøgler');
    await expectNoAxeViolations(page, 'passkeys');
    await page.getByRole('button', { name: 'Tilføj en adgangsnøgle' }).click();
    await page.waitForURL(/added=1/);
    await page.getByText('Adgangsnøglen er tilføjet.').waitFor();
    expect(await page.locator('li.card', { hasText: 'Adgangsnøgle 1' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Log ud', exact: true }).click();
    await page.waitForURL(/sign-in/);
    await page.getByRole('button', { name: 'Log ind med adgangsnøgle' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expectLanded(page, '/', 'Hej Nøgle-Nora');
    await page.goto(`${base}/account`);
    await page.getByText(username).waitFor();
    const stored = await app.deps.db
      .selectFrom('passkeys')
      .innerJoin('users', 'users.id', 'passkeys.user_id')
      .select(['passkeys.counter', 'passkeys.last_used_at'])
      .where('users.username', '=', username)
      .executeTakeFirstOrThrow();
    expect(stored.last_used_at).not.toBeNull();
    await context.close();
  });
});
