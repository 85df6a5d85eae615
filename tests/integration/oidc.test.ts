import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signUpCitizen, uniqueName, type TestResponse } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { PASSWORD, signedIn, type Person } from '../support/fixtures.ts';
import { openTestIdentityProvider, signInAtProvider, type TestIdentityProvider } from '../support/oidc-provider.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';

// Staff sign-in with the organisation's own login, and citizens' sign-in through a broker, walked
// by hand against a real OpenID provider on loopback: every redirect is looked at, every cookie
// is the app's own. What must hold: accounts are found, never made; a wrong state, a replayed
// code, an expired round trip, an unknown or disabled person get a calm page and no session.

const STAFF_CLIENT = { clientId: 'egne-ord-region', clientSecret: 'region-client-secret-0123456789' };
const CITIZEN_CLIENT = { clientId: 'egne-ord-borgere', clientSecret: 'broker-client-secret-0123456789' };

let idp: TestIdentityProvider;
let app: TestApp;
let orgId: string;
let coordinator: Person;
let admin: Person;
/** When set, the app's clock stands still there: see the test of the limit per address. */
let frozenAt: number | null = null;

function sessionCookie(client: Client): string | undefined {
  return [...client.cookies].find(([name]) => name.endsWith('eo_session'))?.[1];
}

/** Where a start sends the browser: a page that goes on to the provider by itself (Refresh). */
function providerUrl(start: TestResponse): string {
  expect(start.status).toBe(200);
  const url = start.headers.get('refresh')?.match(/^0;url=(.+)$/)?.[1];
  expect(url).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
  expect(start.text).toContain(`href="${url!.replaceAll('&', '&amp;')}"`);
  const authorization = new URL(url!);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('state')).toBeTruthy();
  expect(authorization.searchParams.get('nonce')).toBeTruthy();
  return url!;
}

/** Starts signing in at `startPath`, walks the provider as `login`, and returns the callback address. */
async function throughProvider(client: Client, startPath: string, login: string): Promise<string> {
  return signInAtProvider(providerUrl(await client.get(startPath)), login);
}

/** The callback address as a path on the app (the client talks to the app only). */
function appPath(callback: string): string {
  const url = new URL(callback);
  expect(url.origin).toBe(app.url);
  return url.pathname + url.search;
}

async function invite(identity: string): Promise<string> {
  const page = await coordinator.client.post(`/organisation/${orgId}/invitations`, { role: 'professional', siteId: '', identity });
  const token = page.text.match(/\/invitation\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no invitation link: ${page.status}`);
  return token;
}

beforeAll(async () => {
  idp = await openTestIdentityProvider();
  app = await startTestApp({
    now: () => new Date(frozenAt ?? Date.now()),
    env: {
      // Behind a proxy: a test can come from a network address of its own.
      TRUST_PROXY: 'true',
      CITIZEN_OIDC_ISSUER: idp.issuer,
      CITIZEN_OIDC_CLIENT_ID: CITIZEN_CLIENT.clientId,
      CITIZEN_OIDC_CLIENT_SECRET: CITIZEN_CLIENT.clientSecret,
    },
  });
  const redirectUri = `${app.url}/sign-in/oidc/callback`;
  idp.start([
    { ...STAFF_CLIENT, redirectUri },
    { ...CITIZEN_CLIENT, redirectUri },
  ]);
  idp.addUser({ login: 'ida', email: 'ida@region.test', emailVerified: true, amr: ['pwd', 'mfa'] });
  idp.addUser({ login: 'bo', email: 'bo@region.test', emailVerified: true, amr: ['pwd'] });
  idp.addUser({ login: 'eva', email: 'eva@region.test', emailVerified: true, amr: ['pwd'] });
  idp.addUser({ login: 'carl', email: 'carl@region.test', emailVerified: true, amr: ['pwd', 'mfa'] });
  idp.addUser({ login: 'una', email: 'una@region.test', emailVerified: false, amr: ['pwd', 'mfa'] });
  idp.addUser({ login: 'stranger', email: 'stranger@region.test', emailVerified: true, amr: ['pwd', 'mfa'] });
  idp.addUser({ login: 'mitid-0101', amr: ['pwd', 'mfa'] });
  idp.addUser({ login: 'mitid-0202', amr: ['pwd', 'mfa'] });
  orgId = (await insertOrganisation(app.deps.db, { name: 'Region Test', kind: 'region' })).id;
  coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: orgId });
  admin = await signedIn(app, { kind: 'staff', isAdmin: true });
});
afterAll(async () => {
  await app?.close();
  await idp?.close();
});

describe(`signing in with an OpenID provider on ${testDbKind()}`, () => {
  it("the citizens' broker is set up with all its settings or none, over HTTPS", () => {
    const broker = { CITIZEN_OIDC_ISSUER: 'https://broker.example.dk', CITIZEN_OIDC_CLIENT_ID: 'egne-ord', CITIZEN_OIDC_CLIENT_SECRET: 's' };
    expect(loadConfig(broker).CITIZEN_OIDC_NAME).toBe('MitID');
    expect(() => loadConfig({ ...broker, CITIZEN_OIDC_CLIENT_SECRET: '' })).toThrow(/CITIZEN_OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ CITIZEN_OIDC_ISSUER: broker.CITIZEN_OIDC_ISSUER })).toThrow(ConfigError);
    expect(() => loadConfig({ ...broker, CITIZEN_OIDC_ISSUER: 'http://broker.example.dk' })).toThrow(/CITIZEN_OIDC_ISSUER/);
  });

  it("a coordinator sets up the organisation's login; the secret is sealed, never shown again", async () => {
    const path = `/organisation/${orgId}/sign-in`;
    const page = await coordinator.client.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${app.url}/sign-in/oidc/callback`);

    const badIssuer = await coordinator.client.post(path, { issuer: 'http://login.example.dk', clientId: 'x', clientSecret: 'y', matchClaim: 'email' });
    expect(badIssuer.status).toBe(400);
    expect(badIssuer.text).toContain('https://');
    const noSecret = await coordinator.client.post(path, { issuer: idp.issuer, clientId: STAFF_CLIENT.clientId, clientSecret: '', matchClaim: 'email' });
    expect(noSecret.status).toBe(400);
    expect(noSecret.text).toContain('Skriv klienthemmeligheden');
    // Each field left empty is asked for by name, and a field over its limit is told the limit:
    // the error summary at the top of the page is read away from the field.
    const empty = await coordinator.client.post(path, { issuer: '', clientId: '', clientSecret: 'y' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv adressen på jeres login.');
    expect(empty.text).toContain('Skriv klient-id’et.');
    expect(empty.text).toContain('Vælg, hvordan vi genkender medarbejderen.');
    const long = await coordinator.client.post(path, { issuer: idp.issuer, clientId: 'x'.repeat(201), clientSecret: 'y', matchClaim: 'email' });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Teksten må højst være 200 tegn. Den er nu 201 tegn.');
    expect(await coordinator.client.get(path).then((p) => p.text)).toContain('Ikke slået til.');

    const saved = await coordinator.client.post(path, {
      issuer: idp.issuer,
      clientId: STAFF_CLIENT.clientId,
      clientSecret: STAFF_CLIENT.clientSecret,
      matchClaim: 'email',
      mfaFromAmr: 'on',
      mfaAcr: '',
    });
    expect(saved.status).toBe(303);
    const after = await coordinator.client.get(`${path}?saved=1`);
    expect(after.text).toContain(STAFF_CLIENT.clientId);
    expect(after.text).not.toContain(STAFF_CLIENT.clientSecret);

    // Saving again without a secret keeps the one saved.
    expect(
      (await coordinator.client.post(path, { issuer: idp.issuer, clientId: STAFF_CLIENT.clientId, clientSecret: '', matchClaim: 'email', mfaFromAmr: 'on' }))
        .status,
    ).toBe(303);
    const row = await app.deps.db.selectFrom('identity_providers').selectAll().where('organisation_id', '=', orgId).executeTakeFirstOrThrow();
    expect(Buffer.from(row.client_secret).includes(STAFF_CLIENT.clientSecret)).toBe(false);
    expect(app.deps.keyring.openText(row.data_key, row.client_secret, `oidc-client-secret:${orgId}`)).toBe(STAFF_CLIENT.clientSecret);
    const audited = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_id', '=', orgId)
      .where('action', '=', 'organisation.identity_provider_save')
      .execute();
    expect(audited.length).toBe(2);

    // Another organisation's coordinator cannot see or change it.
    const otherOrg = (await insertOrganisation(app.deps.db, { name: 'Kommune Anden', kind: 'municipality' })).id;
    const other = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: otherOrg });
    expect((await other.client.get(path)).status).toBe(403);
    expect((await other.client.post(path, { issuer: 'https://evil.example', clientId: 'x', clientSecret: 'y', matchClaim: 'email' })).status).toBe(403);
  });

  it('the sign-in page offers the organisation and MitID', async () => {
    const page = await new Client(app.url).get('/sign-in');
    expect(page.text).toContain(`href="/sign-in/organisation/${orgId}"`);
    expect(page.text).toContain('Log ind med Region Test');
    expect(page.text).toContain('Log ind med MitID');
  });

  it('an invited staff member signs in at their login with its second factor, and has a full session', async () => {
    const token = await invite('Ida@Region.test');
    const ida = new Client(app.url);
    const accepted = await ida.post(`/invitation/${token}`, { chosenName: 'Ida', username: uniqueName('ida'), password: PASSWORD });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`/sign-in/organisation/${orgId}`);
    const before = sessionCookie(ida);

    const callback = await throughProvider(ida, accepted.location!, 'ida');
    const done = await ida.get(appPath(callback));
    expect(done.status).toBe(303);
    expect(done.location).toBe('/');
    expect(sessionCookie(ida)).not.toBe(before);
    // No second-factor set-up and no code: the provider checked two factors.
    const account = await ida.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('Ida');
    expect((await ida.get(`/organisation/${orgId}/sign-in`)).status).toBe(403);
    // The identity is stored only as a keyed hash.
    const stored = await app.deps.db.selectFrom('staff_identities').select('identity_hash').where('organisation_id', '=', orgId).execute();
    expect(stored.some((s) => /ida/i.test(s.identity_hash))).toBe(false);
  });

  it('without a second factor from the provider, the app asks for its own code', async () => {
    // Bo has an account with an app code; he links his login himself, after his password.
    const username = uniqueName('bo');
    const bo = await provisionUser(app.deps, {
      username,
      chosenName: 'Bo',
      password: PASSWORD,
      kind: 'staff',
      withTotp: true,
      memberships: [{ organisationId: orgId, siteId: null, role: 'peer', volunteer: false }],
    });
    const client = new Client(app.url);
    await client.post('/sign-in', { username, password: PASSWORD });
    await client.post('/sign-in/code', { code: totpAt(bo.totpSecret!, currentStep()) });
    const methods = await client.get('/account/sign-in-methods');
    expect(methods.status).toBe(200);
    expect(methods.text).toContain('Region Test');
    const wrong = await client.post('/account/sign-in-methods/link', { target: orgId, password: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Adgangskoden passer ikke');
    // An empty field is asked for, not called wrong.
    const empty = await client.post('/account/sign-in-methods/link', { target: orgId, password: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv din adgangskode.');
    expect(empty.text).not.toContain('passer ikke');
    const link = await client.post('/account/sign-in-methods/link', { target: orgId, password: PASSWORD });
    const linked = await client.get(appPath(await signInAtProvider(providerUrl(link), 'bo')));
    expect(linked.location).toBe('/account/sign-in-methods?linked=1');

    const fresh = new Client(app.url);
    const done = await fresh.get(appPath(await throughProvider(fresh, `/sign-in/organisation/${orgId}`, 'bo')));
    expect(done.status).toBe(303);
    expect(done.location).toBe('/sign-in/code');
    expect((await fresh.get('/peer')).location).toBe('/sign-in/code');
    const code = await fresh.post('/sign-in/code', { code: totpAt(bo.totpSecret!, currentStep() + 1) });
    expect(code.status).toBe(303);
    expect((await fresh.get('/peer')).status).toBe(200);

    // Eva has no app code yet: she is signed in, but must set one up before anything else.
    const eva = new Client(app.url);
    const accepted = await eva.post(`/invitation/${await invite('eva@region.test')}`, { chosenName: 'Eva', username: uniqueName('eva'), password: PASSWORD });
    const evaDone = await eva.get(appPath(await throughProvider(eva, accepted.location!, 'eva')));
    expect(evaDone.location).toBe('/');
    expect((await eva.get('/account')).location).toBe('/account/second-factor');
  });

  it('a wrong state is refused with a calm page and no session', async () => {
    const client = new Client(app.url);
    const callback = new URL(await throughProvider(client, `/sign-in/organisation/${orgId}`, 'stranger'));
    callback.searchParams.set('state', 'not-the-state-that-was-sent');
    const res = await client.get(appPath(callback.href));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Log ind lykkedes ikke');
    expect(res.text).toContain('Svaret passede ikke');
    expect(sessionCookie(client)).toBeUndefined();
  });

  it('a replayed callback or code gets nobody a session', async () => {
    const token = await invite('carl@region.test');
    const carl = new Client(app.url);
    await carl.post(`/invitation/${token}`, { chosenName: 'Carl', username: uniqueName('carl'), password: PASSWORD });
    const callback = await throughProvider(carl, `/sign-in/organisation/${orgId}`, 'carl');
    expect((await carl.get(appPath(callback))).location).toBe('/');

    // The same callback again, in the same browser: the round trip is used up.
    const again = await carl.get(appPath(callback));
    expect(again.status).toBe(400);
    // Someone who copied the address, in another browser: no round trip of theirs at all.
    const thief = new Client(app.url);
    const stolen = await thief.get(appPath(callback));
    expect(stolen.status).toBe(400);
    expect(sessionCookie(thief)).toBeUndefined();
    // The thief starts a round trip of their own and puts the used code into it: the provider refuses it.
    const start = providerUrl(await thief.get(`/sign-in/organisation/${orgId}`));
    const replay = new URL(callback);
    replay.searchParams.set('state', new URL(start).searchParams.get('state')!);
    const refused = await thief.get(appPath(replay.href));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vi kunne ikke godkende svaret');
    expect(sessionCookie(thief)).toBeUndefined();
  });

  it('an expired round trip is refused', async () => {
    const client = new Client(app.url);
    const callback = await throughProvider(client, `/sign-in/organisation/${orgId}`, 'ida');
    await app.deps.db
      .updateTable('oidc_flows')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const res = await client.get(appPath(callback));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Det tog for lang tid');
    expect(sessionCookie(client)).toBeUndefined();
  });

  it('an unknown person, an unverified e-mail and a disabled account get no session', async () => {
    const stranger = new Client(app.url);
    const unknown = await stranger.get(appPath(await throughProvider(stranger, `/sign-in/organisation/${orgId}`, 'stranger')));
    expect(unknown.status).toBe(403);
    expect(unknown.text).toContain('ingen aktiv konto');
    expect(sessionCookie(stranger)).toBeUndefined();
    expect(await app.deps.db.selectFrom('users').select('id').where('chosen_name', '=', 'stranger').execute()).toEqual([]);

    // Una was invited with her e-mail, but her login has not verified it.
    const una = new Client(app.url);
    await una.post(`/invitation/${await invite('una@region.test')}`, { chosenName: 'Una', username: uniqueName('una'), password: PASSWORD });
    const unverified = await una.get(appPath(await throughProvider(una, `/sign-in/organisation/${orgId}`, 'una')));
    expect(unverified.status).toBe(403);
    expect(unverified.text).toContain('ikke bekræftet din e-mail');

    // Dan is linked, then his account is closed.
    idp.addUser({ login: 'dan', email: 'dan@region.test', emailVerified: true, amr: ['pwd', 'mfa'] });
    const danUsername = uniqueName('dan');
    await new Client(app.url).post(`/invitation/${await invite('dan@region.test')}`, { chosenName: 'Dan', username: danUsername, password: PASSWORD });
    const dan = await app.deps.db.selectFrom('users').select('id').where('username', '=', danUsername).executeTakeFirstOrThrow();
    expect((await admin.client.post(`/admin/users/${dan.id}/disable`, { q: danUsername })).status).toBe(303);
    const client = new Client(app.url);
    const disabled = await client.get(appPath(await throughProvider(client, `/sign-in/organisation/${orgId}`, 'dan')));
    expect(disabled.status).toBe(403);
    expect(sessionCookie(client)).toBeUndefined();
  });

  it('a citizen links MitID after their password, keeps their chosen name, and signs in with it; no subject is stored', async () => {
    const { client, username } = await signUpCitizen(app.url);
    const methods = await client.get('/account/sign-in-methods');
    expect(methods.text).toContain('Vi gemmer ikke dit CPR-nummer');
    const link = await client.post('/account/sign-in-methods/link', { target: 'citizen', password: 'a calm long password' });
    const linked = await client.get(appPath(await signInAtProvider(providerUrl(link), 'mitid-0101')));
    expect(linked.location).toBe('/account/sign-in-methods?linked=1');
    const user = await app.deps.db.selectFrom('users').select(['id', 'chosen_name']).where('username', '=', username).executeTakeFirstOrThrow();
    const identities = await app.deps.db.selectFrom('citizen_identities').selectAll().where('user_id', '=', user.id).execute();
    expect(identities).toHaveLength(1);
    expect(identities[0]!.subject_hash).not.toContain('mitid-0101');
    expect(identities[0]!.subject_hash).toMatch(/^[0-9a-f]{64}$/);
    const log = await client.get('/account/log');
    expect(log.text).toContain('Forbandt kontoen med et andet login');

    const fresh = new Client(app.url);
    const done = await fresh.get(appPath(await throughProvider(fresh, '/sign-in/broker', 'mitid-0101')));
    expect(done.location).toBe('/');
    expect((await fresh.get('/account')).text).toContain(user.chosen_name);

    // A MitID nobody linked finds nobody; nothing is made.
    const nobody = new Client(app.url);
    const unlinked = await nobody.get(appPath(await throughProvider(nobody, '/sign-in/broker', 'mitid-0202')));
    expect(unlinked.status).toBe(403);
    expect(sessionCookie(nobody)).toBeUndefined();

    // Unlinking takes the way in away again.
    expect((await client.post('/account/sign-in-methods/unlink', { target: 'citizen' })).location).toBe('/account/sign-in-methods?unlinked=1');
    const after = new Client(app.url);
    expect((await after.get(appPath(await throughProvider(after, '/sign-in/broker', 'mitid-0101')))).status).toBe(403);

    // Erasing the account takes its link with it.
    const relink = await client.post('/account/sign-in-methods/link', { target: 'citizen', password: 'a calm long password' });
    await client.get(appPath(await signInAtProvider(providerUrl(relink), 'mitid-0101')));
    expect(await app.deps.db.selectFrom('citizen_identities').select('user_id').where('user_id', '=', user.id).execute()).toHaveLength(1);
    expect((await client.post('/account/delete', { password: 'a calm long password' })).status).toBe(200);
    expect(await app.deps.db.selectFrom('citizen_identities').select('user_id').where('user_id', '=', user.id).execute()).toEqual([]);
  });

  it("staff cannot link another organisation's login, nor citizens an organisation's", async () => {
    const otherOrg = (await insertOrganisation(app.deps.db, { name: 'Kommune Tredje', kind: 'municipality' })).id;
    const outsider = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: otherOrg });
    expect((await outsider.client.post('/account/sign-in-methods/link', { target: orgId, password: PASSWORD })).status).toBe(403);
    const { client } = await signUpCitizen(app.url);
    expect((await client.post('/account/sign-in-methods/link', { target: orgId, password: 'a calm long password' })).status).toBe(403);
    expect((await outsider.client.post('/account/sign-in-methods/link', { target: 'citizen', password: PASSWORD })).status).toBe(403);
  });

  it('turning the login off takes it off the sign-in page, and signing in there with it', async () => {
    const path = `/organisation/${orgId}/sign-in`;
    const otherOrg = (await insertOrganisation(app.deps.db, { name: 'Kommune Fjerde', kind: 'municipality' })).id;
    const otherCoordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: otherOrg });
    await otherCoordinator.client.post(`/organisation/${otherOrg}/sign-in`, {
      issuer: idp.issuer,
      clientId: STAFF_CLIENT.clientId,
      clientSecret: STAFF_CLIENT.clientSecret,
      matchClaim: 'email',
      mfaFromAmr: 'on',
    });
    expect((await otherCoordinator.client.post(`/organisation/${otherOrg}/sign-in/delete`, {})).location).toBe(`/organisation/${otherOrg}/sign-in?removed=1`);
    expect((await new Client(app.url).get('/sign-in')).text).not.toContain(otherOrg);
    expect((await new Client(app.url).get(`/sign-in/organisation/${otherOrg}`)).status).toBe(404);
    expect((await coordinator.client.get(path)).status).toBe(200);
  });

  it('many sign-ins started from one network address are told how many minutes to wait, at the organisation and at MitID', async () => {
    const org = (await insertOrganisation(app.deps.db, { name: 'Kommune Femte', kind: 'municipality' })).id;
    const orgCoordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: org });
    const saved = await orgCoordinator.client.post(`/organisation/${org}/sign-in`, {
      issuer: idp.issuer,
      clientId: STAFF_CLIENT.clientId,
      clientSecret: STAFF_CLIENT.clientSecret,
      matchClaim: 'email',
      mfaFromAmr: 'on',
    });
    expect(saved.status).toBe(303);
    // A ward's shared network: everyone's starts come from one address.
    const fromWard = new Client(app.url);
    const start = (path: string) => fromWard.request('GET', path, { headers: { 'x-forwarded-for': '203.0.113.77' } });
    // The address's ten-minute window must not end halfway: the app's clock stands still.
    frozenAt = Date.now();
    let refused: TestResponse | undefined;
    let started = 0;
    try {
      for (let i = 0; i < 60 && !refused; i++) {
        const res = await start(`/sign-in/organisation/${org}`);
        if (res.status === 429) refused = res;
        else {
          expect(res.status).toBe(200);
          started++;
        }
      }
      expect(started).toBe(50);
      const broker = await start('/sign-in/broker');
      for (const res of [refused!, broker]) {
        expect(res.status).toBe(429);
        const minutes = Math.ceil(Number(res.headers.get('retry-after')) / 60);
        expect(minutes).toBeGreaterThan(0);
        expect(res.text).toContain('For mange forsøg');
        expect(res.text).toContain('mange forsøg på at logge ind fra din netværksadresse');
        expect(res.text).toContain(minutes === 1 ? 'Vent 1 minut,' : `Vent ${minutes} minutter,`);
      }
    } finally {
      frozenAt = null;
    }
  });
});
