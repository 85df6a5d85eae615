import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { contextWithCookies, expectLanded, expectNoAxeViolations, launchBrowser, newContext, releaseBrowser } from '../support/browser.ts';
import { Client, uniqueName } from '../support/client.ts';
import { PASSWORD, signedIn, type Person } from '../support/fixtures.ts';
import { openTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';

// The whole round trip in Chromium, with and without JavaScript: the app's sign-in page, the
// organisation's login (a real OpenID provider on loopback, with its own plain sign-in form), and
// back. The app's cookies are Secure; Chromium keeps them on 127.0.0.1, a secure context.

const ORG_NAME = 'Region Prøve';
const STAFF_CLIENT = { clientId: 'egne-ord-region', clientSecret: 'region-client-secret-0123456789' };
const CITIZEN_CLIENT = { clientId: 'egne-ord-borgere', clientSecret: 'broker-client-secret-0123456789' };
const PROBLEM = 'Log ind lykkedes ikke';

let idp: TestIdentityProvider;
let app: TestApp;
let browser: Browser;
let orgId: string;
let coordinator: Person;
let admin: Person;

beforeAll(async () => {
  idp = await openTestIdentityProvider();
  app = await startTestApp({
    env: { CITIZEN_OIDC_ISSUER: idp.issuer, CITIZEN_OIDC_CLIENT_ID: CITIZEN_CLIENT.clientId, CITIZEN_OIDC_CLIENT_SECRET: CITIZEN_CLIENT.clientSecret },
  });
  const redirectUri = `${app.url}/sign-in/oidc/callback`;
  idp.start([
    { ...STAFF_CLIENT, redirectUri },
    { ...CITIZEN_CLIENT, redirectUri },
  ]);
  orgId = (await insertOrganisation(app.deps.db, { name: ORG_NAME, kind: 'region' })).id;
  coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: orgId });
  admin = await signedIn(app, { kind: 'staff', isAdmin: true });
  // Set up here too, so that each test can run alone; the first test sets it up again in the browser.
  const saved = await coordinator.client.post(`/organisation/${orgId}/sign-in`, {
    issuer: idp.issuer,
    clientId: STAFF_CLIENT.clientId,
    clientSecret: STAFF_CLIENT.clientSecret,
    matchClaim: 'email',
    mfaFromAmr: 'on',
  });
  if (saved.status !== 303) throw new Error(`could not set up the login: ${saved.status}`);
  browser = await launchBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
  await idp?.close();
});

/** At the provider's own page: say who you are there, and wait to be back at `backTo` on the app. */
async function signInThere(page: Page, login: string, backTo: string): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith('/interaction/'));
  await expectLanded(page, /^\/interaction\//, 'Test identity provider');
  await page.getByLabel('Login').fill(login);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === app.url && url.pathname === backTo);
}

async function invite(identity: string): Promise<string> {
  const page = await coordinator.client.post(`/organisation/${orgId}/invitations`, { role: 'professional', siteId: '', identity });
  const token = page.text.match(/\/invitation\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no invitation link: ${page.status}`);
  return token;
}

/** A person in the organisation whose identity at its login is already linked (through an invitation). */
async function linkedStaff(login: string): Promise<{ id: string; username: string }> {
  idp.addUser({ login, email: `${login}@region.test`, emailVerified: true, amr: ['pwd', 'mfa'] });
  const username = uniqueName(login.replace(/[^a-z]/g, ''));
  const accepted = await new Client(app.url).post(`/invitation/${await invite(`${login}@region.test`)}`, {
    chosenName: 'Kollega',
    username,
    password: PASSWORD,
  });
  if (accepted.status !== 303) throw new Error(`could not accept: ${accepted.status}`);
  const user = await app.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return { id: user.id, username };
}

describe("the organisation's login, set up by its coordinator", () => {
  it('the settings page has no axe violations at 390 and 1280 px, and saves', async () => {
    const context = await contextWithCookies(browser, coordinator.client.cookies, true);
    const page = await context.newPage();
    await page.goto(`${app.url}/organisation/${orgId}`);
    await page.getByRole('link', { name: 'Log ind for medarbejdere' }).click();
    await expectLanded(page, `/organisation/${orgId}/sign-in`, `Log ind med ${ORG_NAME}`);
    await expectNoAxeViolations(page, 'login settings, empty');
    await page.getByLabel('Udsteder (issuer)').fill(idp.issuer);
    await page.getByLabel('Klient-id').fill(STAFF_CLIENT.clientId);
    await page.getByLabel('Klienthemmelighed').fill(STAFF_CLIENT.clientSecret);
    await page.getByRole('button', { name: 'Gem' }).click();
    await page.waitForURL(/saved=1/);
    await page.getByText('Indstillingerne er gemt.').waitFor();
    expect(await page.getByLabel('Klienthemmelighed').inputValue()).toBe('');
    expect(await page.content()).not.toContain(STAFF_CLIENT.clientSecret);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoAxeViolations(page, `login settings at ${width} px`);
    }
    await context.close();
  });
});

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'js' : 'nojs';
  describe(`signing in at the organisation's login with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('an invited staff member signs in there with its second factor: no app code, no second password', async () => {
      const login = `ida-${mode}`;
      idp.addUser({ login, email: `${login}@region.test`, emailVerified: true, amr: ['pwd', 'mfa'] });
      const token = await invite(`${login}@region.test`);
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await page.goto(`${app.url}/invitation/${token}`);
      await page.getByLabel('Hvad vil du kaldes?').fill('Ida');
      await page.getByLabel('Brugernavn').fill(uniqueName('ida'));
      await page.getByLabel('Adgangskode').fill('en lang og rolig sætning');
      await page.getByRole('button', { name: 'Opret konto' }).click();
      const callback = page.waitForRequest((r) => r.url().includes('/sign-in/oidc/callback'));
      await signInThere(page, login, '/');
      await page.waitForURL((url) => url.pathname === '/');
      await expectLanded(page, '/', 'Hej Ida');
      const callbackUrl = (await callback).url();
      await page.goto(`${app.url}/account`);
      await expectLanded(page, '/account', 'Min konto');

      // The same callback again, in this browser and in another one: used up, nobody signed in by it.
      await page.goto(callbackUrl);
      await expectLanded(page, '/sign-in/oidc/callback', PROBLEM);
      const thief = await (await newContext(browser, { javaScript })).newPage();
      await thief.goto(callbackUrl);
      await expectLanded(thief, '/sign-in/oidc/callback', PROBLEM);
      await expectNoAxeViolations(thief, 'replayed callback');
      await thief.goto(`${app.url}/account`);
      await expectLanded(thief, '/sign-in', 'Log ind');
      await thief.context().close();
      await context.close();
    });

    it("without a second factor from the login, the app asks for its own code; linking is the person's own, after their password", async () => {
      const login = `bo-${mode}`;
      idp.addUser({ login, email: `${login}@region.test`, emailVerified: true, amr: ['pwd'] });
      const username = uniqueName('bo');
      const bo = await provisionUser(app.deps, {
        username,
        chosenName: 'Bo',
        password: PASSWORD,
        kind: 'staff',
        withTotp: true,
        memberships: [{ organisationId: orgId, siteId: null, role: 'peer', volunteer: false }],
      });
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel('Brugernavn').fill(username);
      await page.getByLabel('Adgangskode').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log ind', exact: true }).click();
      await expectLanded(page, '/sign-in/code', 'Kode fra din app');
      await page.getByLabel('Kode').fill(totpAt(bo.totpSecret!, currentStep()));
      await page.getByRole('button', { name: 'Bekræft' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto(`${app.url}/account`);
      await page.getByRole('link', { name: 'Andre måder at logge ind' }).click();
      await expectLanded(page, '/account/sign-in-methods', 'Andre måder at logge ind');
      await expectNoAxeViolations(page, 'sign-in methods, staff');
      await page.getByLabel('Din adgangskode').fill('ikke min adgangskode');
      await page.getByRole('button', { name: `Forbind med ${ORG_NAME}` }).click();
      await expectLanded(page, '/account/sign-in-methods/link', 'Andre måder at logge ind');
      await page.getByText('Adgangskoden passer ikke').first().waitFor();
      await expectNoAxeViolations(page, 'sign-in methods, wrong password');
      await page.getByLabel('Din adgangskode').fill(PASSWORD);
      await page.getByRole('button', { name: `Forbind med ${ORG_NAME}` }).click();
      await signInThere(page, login, '/account/sign-in-methods');
      await expectLanded(page, '/account/sign-in-methods', 'Andre måder at logge ind');
      await page.getByText('Forbindelsen er lavet.').waitFor();
      await context.close();

      const later = await (await newContext(browser, { javaScript })).newPage();
      await later.goto(`${app.url}/sign-in`);
      await expectNoAxeViolations(later, 'sign-in page with the organisation');
      await later.getByRole('link', { name: `Log ind med ${ORG_NAME}` }).click();
      await signInThere(later, login, '/sign-in/code');
      await expectLanded(later, '/sign-in/code', 'Kode fra din app');
      await later.getByLabel('Kode').fill(totpAt(bo.totpSecret!, currentStep() + 1));
      await later.getByRole('button', { name: 'Bekræft' }).click();
      await later.waitForURL((url) => url.pathname === '/');
      await later.goto(`${app.url}/peer`);
      expect(new URL(later.url()).pathname).toBe('/peer');
      await later.context().close();
    });

    it('a wrong state, an unknown person and a closed account get a calm page and no session', async () => {
      const { username } = await linkedStaff(`carl-${mode}`);
      idp.addUser({ login: `stranger-${mode}`, email: `stranger-${mode}@region.test`, emailVerified: true, amr: ['pwd', 'mfa'] });

      // Unknown at this organisation: signed in at the login, but no account here.
      const strangers = await newContext(browser, { javaScript });
      const stranger = await strangers.newPage();
      await stranger.goto(`${app.url}/sign-in`);
      await stranger.getByRole('link', { name: `Log ind med ${ORG_NAME}` }).click();
      await signInThere(stranger, `stranger-${mode}`, '/sign-in/oidc/callback');
      await expectLanded(stranger, '/sign-in/oidc/callback', PROBLEM);
      await stranger.getByText('ingen aktiv konto').waitFor();
      await expectNoAxeViolations(stranger, 'unknown person');
      await stranger.getByRole('link', { name: 'Tilbage til Log ind' }).click();
      await expectLanded(stranger, '/sign-in', 'Log ind');
      await strangers.close();

      // Wrong state: the request to the login is changed on its way, so the answer comes back
      // with a state this browser's round trip never sent.
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await page.route(
        (url) => url.href.startsWith(`${idp.issuer}/auth?`),
        async (route) => {
          const tampered = new URL(route.request().url());
          tampered.searchParams.set('state', 'another-state');
          await route.continue({ url: tampered.href });
        },
      );
      await page.goto(`${app.url}/sign-in`);
      await page.getByRole('link', { name: `Log ind med ${ORG_NAME}` }).click();
      await signInThere(page, `carl-${mode}`, '/sign-in/oidc/callback');
      await page.unrouteAll();
      expect(new URL(page.url()).searchParams.get('state')).toBe('another-state');
      await expectLanded(page, '/sign-in/oidc/callback', PROBLEM);
      await page.getByText('Svaret passede ikke').waitFor();
      await expectNoAxeViolations(page, 'wrong state');
      await page.goto(`${app.url}/account`);
      await expectLanded(page, '/sign-in', 'Log ind');

      // Closed by the administrator: the link stays, the way in does not.
      const carl = await app.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      expect((await admin.client.post(`/admin/users/${carl.id}/disable`, { q: username })).status).toBe(303);
      await page.getByRole('link', { name: `Log ind med ${ORG_NAME}` }).click();
      await signInThere(page, `carl-${mode}`, '/sign-in/oidc/callback');
      await expectLanded(page, '/sign-in/oidc/callback', PROBLEM);
      await page.goto(`${app.url}/account`);
      await expectLanded(page, '/sign-in', 'Log ind');
      await context.close();
    });
  });
}

describe('citizens and MitID', () => {
  it('a citizen links MitID from their account and signs in with it, keeping their chosen name', async () => {
    idp.addUser({ login: 'mitid-borger', amr: ['pwd', 'mfa'] });
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    const username = uniqueName('borger');
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Hvad vil du kaldes?').fill('Solsikke');
    await page.getByLabel('Brugernavn').fill(username);
    await page.getByLabel('Adgangskode').fill('en lang og rolig sætning');
    await page.getByRole('button', { name: 'Opret konto' }).click();
    await page.waitForURL(/\/account\/recovery-codes/);
    await page.goto(`${app.url}/account/sign-in-methods`);
    await expectLanded(page, '/account/sign-in-methods', 'Andre måder at logge ind');
    await page.getByText('Vi gemmer ikke dit CPR-nummer').waitFor();
    await expectNoAxeViolations(page, 'sign-in methods, citizen');
    await page.getByLabel('Din adgangskode').fill('en lang og rolig sætning');
    await page.getByRole('button', { name: 'Forbind med MitID' }).click();
    await signInThere(page, 'mitid-borger', '/account/sign-in-methods');
    await expectLanded(page, '/account/sign-in-methods', 'Andre måder at logge ind');
    await page.getByRole('button', { name: 'Log ud', exact: true }).click();
    await page.waitForURL(/sign-in/);
    await page.getByRole('link', { name: 'Log ind med MitID' }).click();
    await signInThere(page, 'mitid-borger', '/');
    await expectLanded(page, '/', 'Hej Solsikke');
    await page.goto(`${app.url}/account`);
    await page.getByText('Solsikke').first().waitFor();
    await context.close();
  });
});
