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

describe('passkeys, when the address has signed in too often', () => {
  let limited: TestApp;
  // The limit counts in fixed ten-minute windows: the app's clock starts a minute into one, so
  // that the three tries and the refused press fall in the same window. On the real clock a
  // window could end between them; the press then started a passkey prompt nobody answers.
  const RATE_WINDOW_MS = 10 * 60_000;
  const offset = RATE_WINDOW_MS - (Date.now() % RATE_WINDOW_MS) + 60_000;
  beforeAll(async () => {
    limited = await startTestApp({ env: { LOGIN_LIMIT_PER_ADDRESS: '3' }, now: () => new Date(Date.now() + offset) });
  });
  afterAll(() => limited?.close());

  it('the sign-in page says how long to wait, and the button can be pressed again later', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`http://localhost:${limited.port}/sign-in`);
    // Every passkey sign-in starts by asking for a challenge; three use up this address's limit.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    await page.evaluate(async (csrf) => {
      for (let i = 0; i < 3; i++) {
        const answer = await fetch('/sign-in/passkey/options', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
          body: '{}',
        });
        if (!answer.ok) throw new Error(`challenge ${i + 1} was refused`);
      }
    }, csrf);
    const button = page.getByRole('button', { name: 'Log ind med adgangsnøgle' });
    await button.click();
    const alert = page.locator('[data-passkey-status]');
    await alert.filter({ hasText: /Vent \d+ minutter, og prøv så igen\./ }).waitFor();
    expect(await alert.textContent()).toContain('mange forsøg på at logge ind fra din netværksadresse');
    expect(await button.isEnabled()).toBe(true);
    await expectNoAxeViolations(page, 'sign-in, passkey refused');
    await context.close();
  });
});
