import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client, signUpCitizen, uniqueName } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';
import { linkPeer, signedIn } from '../support/fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { LOGIN_LIMIT_PER_NAME: '5' } });
});
afterAll(() => app?.close());

describe(`accounts on ${testDbKind()}`, () => {
  it('a citizen signs up with a chosen name and no e-mail, and is signed in', async () => {
    const client = new Client(app.url);
    const username = uniqueName('alma');
    const res = await client.post('/sign-up', { chosenName: 'Alma', username, password: 'min egen lange sætning' });
    expect(res.status).toBe(303);
    const home = await client.get('/');
    expect(home.text).toContain('Alma');
    const row = await app.deps.db.selectFrom('users').select(['password_hash', 'kind']).where('username', '=', username).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.kind).toBe('citizen');
  });

  it('sign-up with a short password or bad username says what to fix and creates nobody', async () => {
    const client = new Client(app.url);
    const username = uniqueName('bo');
    const res = await client.post('/sign-up', { chosenName: 'Bo', username, password: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Der er noget, der skal rettes');
    expect(res.text).toContain('mindst 10 tegn');
    const bad = await client.post('/sign-up', { chosenName: 'Bo', username: '../etc', password: 'long enough password' });
    expect(bad.status).toBe(400);
    const count = await app.deps.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('sign-up asks for what was left empty, and says a name is too long rather than missing', async () => {
    const client = new Client(app.url);
    const empty = await client.post('/sign-up', { chosenName: '', username: '  ', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv, hvad du vil kaldes.');
    expect(empty.text).toContain('Skriv et brugernavn.');
    expect(empty.text).toContain('Skriv en adgangskode.');
    expect(empty.text).not.toContain('må kun have bogstaver');
    expect(empty.text).not.toContain('mindst 10 tegn');
    const long = await client.post('/sign-up', { chosenName: 'A'.repeat(61), username: uniqueName('lang'), password: 'long enough password' });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Navnet må højst være 60 tegn.');
    expect(long.text).not.toContain('Skriv venligst noget her.');
  });

  it('a citizen changes what they are called; their peer sees the new name, and the change is in their log', async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Navneregion ${uniqueName('')}`, kind: 'region' });
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Kim' });
    const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: org.id });
    await linkPeer(app, peer, citizen);
    expect((await peer.client.get('/peer')).text).toContain('Kim');

    const form = await citizen.client.get('/account/name');
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Kim"');
    const empty = await citizen.client.post('/account/name', { chosenName: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv, hvad du vil kaldes.');
    const long = await citizen.client.post('/account/name', { chosenName: `Kim ${'A'.repeat(60)}` });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Navnet må højst være 60 tegn.');
    expect(long.text).toContain(`value="Kim ${'A'.repeat(60)}"`);
    expect((await citizen.client.get('/account')).text).toContain('<dd>Kim <a href="/account/name">');

    const changed = await citizen.client.post('/account/name', { chosenName: '  Kim Andrea ' });
    expect(changed.status).toBe(303);
    const account = await citizen.client.get(changed.location!);
    expect(account.text).toContain('Dit navn er skiftet.');
    expect(account.text).toContain('<dd>Kim Andrea <a href="/account/name">');
    expect((await citizen.client.get('/')).text).toContain('Hej Kim Andrea');
    const peerView = await peer.client.get('/peer');
    expect(peerView.text).toContain('Kim Andrea');
    const log = await citizen.client.get('/account/log?who=everyone');
    expect(log.text).toContain('Skiftede, hvad du kaldes');
    // Only a citizen renames themselves: staff keep the name the citizens' logs know them by.
    expect((await peer.client.get('/account/name')).status).toBe(403);
    expect((await peer.client.post('/account/name', { chosenName: 'Nogen andre' })).status).toBe(403);
    expect((await peer.client.get('/account')).text).not.toContain('/account/name');
  });

  it('a taken username is refused without creating a second account', async () => {
    const { username } = await signUpCitizen(app.url);
    const res = await new Client(app.url).post('/sign-up', { chosenName: 'Other', username, password: 'another long password' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('kan ikke bruges');
  });

  it('sign-in answers the same for an unknown name and a wrong password', async () => {
    const { username } = await signUpCitizen(app.url);
    const wrong = await new Client(app.url).post('/sign-in', { username, password: 'not the password' });
    const unknown = await new Client(app.url).post('/sign-in', { username: uniqueName('nobody'), password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (text: string) => text.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0];
    expect(message(wrong.text)).toBeTruthy();
    expect(message(wrong.text)).toBe(message(unknown.text));
  });

  it('signs in, and a cookie planted before sign-in is worthless afterwards (no session fixation)', async () => {
    const { username, password } = await signUpCitizen(app.url);
    const client = new Client(app.url);
    client.cookies.set('__Host-eo_session', 'planted-by-attacker');
    const res = await client.post('/sign-in', { username, password });
    expect(res.status).toBe(303);
    // Every role lands on its home; a citizen without sheets finds the first step there.
    expect(res.location).toBe('/');
    const session = client.cookies.get('__Host-eo_session');
    expect(session).toBeTruthy();
    expect(session).not.toBe('planted-by-attacker');
    const account = await client.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain(username);
    const home = await client.get('/');
    expect(home.text).toContain('Skriv dit første personlige statement');
    const templateId = home.text.match(/name="templateId" value="([0-9a-f-]{36})"/)?.[1];
    expect(templateId).toBeTruthy();
    const started = await client.post('/statements', { templateId: templateId! });
    expect(started.location).toMatch(/^\/statements\/[0-9a-f-]{36}\/write\/first$/);
  });

  it('limits repeated sign-in attempts for one name', async () => {
    const { username } = await signUpCitizen(app.url);
    const statuses: number[] = [];
    // The limit counts in fixed windows of the real clock: thirteen tries hold more than the
    // limit's five in one window even when a window ends among them.
    for (let i = 0; i < 13; i++) statuses.push((await new Client(app.url).post('/sign-in', { username, password: `wrong ${i} password` })).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('sessions live in the database as hashes, not as the cookie value', async () => {
    const { client } = await signUpCitizen(app.url);
    const token = client.cookies.get('__Host-eo_session')!;
    const rows = await app.deps.db.selectFrom('sessions').select('id').execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('sign-out ends the session on the server', async () => {
    const { client } = await signUpCitizen(app.url);
    const token = client.cookies.get('__Host-eo_session')!;
    await client.post('/sign-out', {});
    const again = new Client(app.url);
    again.cookies.set('__Host-eo_session', token);
    const res = await again.get('/account');
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/sign-in/);
  });

  it('staff must give a one-time code after the password, and a code works only once', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Testregion', kind: 'region' });
    const username = uniqueName('peer');
    const staff = await provisionUser(app.deps, {
      username,
      chosenName: 'Peer',
      password: 'staff long password',
      kind: 'staff',
      withTotp: true,
      memberships: [{ organisationId: org.id, siteId: null, role: 'peer' }],
    });
    const client = new Client(app.url);
    const res = await client.post('/sign-in', { username, password: 'staff long password' });
    expect(res.location).toBe('/sign-in/code');
    expect((await client.get('/account')).location).toBe('/sign-in/code');
    expect((await client.post('/sign-in/code', { code: '000000' })).status).toBe(401);
    const code = totpAt(staff.totpSecret!, currentStep());
    expect((await client.post('/sign-in/code', { code })).status).toBe(303);
    expect((await client.get('/account')).status).toBe(200);
    // The same code again (a replay) is refused.
    const second = new Client(app.url);
    await second.post('/sign-in', { username, password: 'staff long password' });
    expect((await second.post('/sign-in/code', { code })).status).toBe(401);
  });

  it('a staff member without a second factor is sent to set one up before anything else', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Kommune X', kind: 'municipality' });
    const username = uniqueName('coord');
    await provisionUser(app.deps, {
      username,
      chosenName: 'Koordinator',
      password: 'coord long password',
      kind: 'staff',
      memberships: [{ organisationId: org.id, siteId: null, role: 'coordinator' }],
    });
    const client = new Client(app.url);
    await client.post('/sign-in', { username, password: 'coord long password' });
    const res = await client.get(`/organisation/${org.id}`);
    expect(res.location).toBe('/account/second-factor');
    const enrol = await client.get('/account/second-factor');
    expect(enrol.status).toBe(200);
    const key = enrol.text.match(/<code class="secret">([A-Z2-7]+)<\/code>/)![1]!;
    const secret = base32Decode(key);
    const ok = await client.post('/account/second-factor', { code: totpAt(secret, currentStep()) });
    expect(ok.status).toBe(303);
    expect((await client.get(`/organisation/${org.id}`)).status).toBe(200);
  });

  it('a coordinator invites a peer, who signs up through the one-time link', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Frivilligcenter Y', kind: 'volunteer_centre' });
    const coordName = uniqueName('coord');
    const coord = await provisionUser(app.deps, {
      username: coordName,
      chosenName: 'Koordinator',
      password: 'coord long password',
      kind: 'staff',
      withTotp: true,
      memberships: [{ organisationId: org.id, siteId: null, role: 'coordinator' }],
    });
    const client = new Client(app.url);
    await client.post('/sign-in', { username: coordName, password: 'coord long password' });
    await client.post('/sign-in/code', { code: totpAt(coord.totpSecret!, currentStep()) });
    const invite = await client.post(`/organisation/${org.id}/invitations`, { role: 'peer', siteId: '', volunteer: 'on' });
    expect(invite.status).toBe(200);
    const link = invite.text.match(/\/invitation\/([A-Za-z0-9_-]{43})/)![1]!;
    const peer = new Client(app.url);
    const peerName = uniqueName('peer');
    const accepted = await peer.post(`/invitation/${link}`, { chosenName: 'Mads', username: peerName, password: 'peer long password' });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe('/account/second-factor');
    // Used once: a second use is refused with the same kind answer as an unknown link.
    const reuse = await new Client(app.url).post(`/invitation/${link}`, { chosenName: 'X', username: uniqueName('x'), password: 'another long password' });
    expect(reuse.status).toBe(404);
    const member = await app.deps.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.role', 'memberships.volunteer'])
      .where('users.username', '=', peerName)
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ role: 'peer', volunteer: true });
  });

  it('the audit log is append-only', async () => {
    const { client } = await signUpCitizen(app.url);
    void client;
    await expect(sql`update audit_log set action = 'x.y'`.execute(app.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(app.deps.db)).rejects.toThrow(/append-only/);
  });

  it('a staff member whose second factor is a passkey must use it after the password', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Nøgleregion', kind: 'region' });
    const username = uniqueName('keyholder');
    const staff = await provisionUser(app.deps, {
      username,
      chosenName: 'Nøgle',
      password: 'staff long password',
      kind: 'staff',
      memberships: [{ organisationId: org.id, siteId: null, role: 'peer' }],
    });
    await app.deps.db
      .insertInto('passkeys')
      .values({ id: `cred-${username}`, user_id: staff.id, public_key: new Uint8Array([1, 2, 3]) })
      .execute();
    const client = new Client(app.url);
    const res = await client.post('/sign-in', { username, password: 'staff long password' });
    expect(res.location).toBe('/sign-in/code');
    expect((await client.get('/peer')).location).toBe('/sign-in/code');
    const codePage = await client.get('/sign-in/code');
    expect(codePage.text).toContain('data-passkey-signin');
  });

  it("deleting someone else's passkey is refused and leaves it in place", async () => {
    const a = await signUpCitizen(app.url);
    const b = await signUpCitizen(app.url);
    const aId = (await app.deps.db.selectFrom('users').select('id').where('username', '=', a.username).executeTakeFirstOrThrow()).id;
    const credentialId = `cred-${a.username}`;
    await app.deps.db
      .insertInto('passkeys')
      .values({ id: credentialId, user_id: aId, public_key: new Uint8Array([1, 2, 3]) })
      .execute();
    expect((await a.client.get('/account/passkeys')).text).toContain(`/account/passkeys/${credentialId}/delete`);

    const refused = await b.client.post(`/account/passkeys/${credentialId}/delete`, {});
    expect([403, 404]).toContain(refused.status);
    const kept = await app.deps.db.selectFrom('passkeys').select('user_id').where('id', '=', credentialId).executeTakeFirst();
    expect(kept?.user_id).toBe(aId);
    expect((await a.client.get('/account/passkeys')).text).toContain(`/account/passkeys/${credentialId}/delete`);

    expect((await a.client.post(`/account/passkeys/${credentialId}/delete`, {})).location).toBe('/account/passkeys?removed=1');
    expect(await app.deps.db.selectFrom('passkeys').select('id').where('id', '=', credentialId).executeTakeFirst()).toBeUndefined();
  });

  it('disabling a user ends their sessions at once and refuses their next sign-in', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Spærreregion', kind: 'region' });
    const adminName = uniqueName('admin');
    const admin = await provisionUser(app.deps, {
      username: adminName,
      chosenName: 'Drift',
      password: 'admin long password',
      kind: 'staff',
      isAdmin: true,
      withTotp: true,
    });
    const adminClient = new Client(app.url);
    await adminClient.post('/sign-in', { username: adminName, password: 'admin long password' });
    await adminClient.post('/sign-in/code', { code: totpAt(admin.totpSecret!, currentStep()) });
    const { client, username, password } = await signUpCitizen(app.url);
    expect((await client.get('/account')).status).toBe(200);
    const id = (await app.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const list = await adminClient.get(`/admin/users?q=${username}`);
    expect(list.text).toContain(username);
    expect((await adminClient.post(`/admin/users/${id}/disable`, { q: username })).status).toBe(303);
    expect((await client.get('/account')).status).toBe(303);
    expect((await new Client(app.url).post('/sign-in', { username, password })).status).toBe(401);
    void org;
  });
});

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of input) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
