import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signUpCitizen, uniqueName } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { PASSWORD, signedIn } from '../support/fixtures.ts';
import { softPasskey } from '../support/webauthn.ts';

// The server's half of "the browser copy goes when it should" (the browser's half, reading
// storage itself, is tests/browser/browser-copy.test.ts): the answers that ask the browser to
// clear everything, the landing on the offer to move sheets kept in the browser, and the marks
// the page's script acts on.

const CLEAR = '"storage", "cache"';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const sessionOf = (client: Client) => [...client.cookies].find(([name]) => name.endsWith('eo_session'))?.[1];

describe(`the browser copy on ${testDbKind()}`, () => {
  it('signing out on a computer others use ends the session and asks the browser to clear everything; a plain sign-out does not', async () => {
    const plain = await signUpCitizen(app.url);
    const out = await plain.client.post('/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.location).toBe('/sign-in?signedOut=1');
    expect(out.headers.get('clear-site-data')).toBeNull();
    const signedOut = await plain.client.get('/sign-in?signedOut=1');
    expect(signedOut.text).toContain('name="shared" value="1"');
    expect(signedOut.text).toContain('Slet det, du har skrevet i denne browser');
    expect(signedOut.text).not.toContain('data-clear-browser');

    const shared = await signUpCitizen(app.url);
    const token = sessionOf(shared.client)!;
    const cleared = await shared.client.post('/sign-out', { shared: '1' });
    expect(cleared.status).toBe(200);
    expect(cleared.headers.get('clear-site-data')).toBe(CLEAR);
    expect(cleared.text).toContain('Du er logget ud, og det, du har skrevet i denne browser, er slettet.');
    expect(cleared.text).toContain('data-clear-browser');
    const again = new Client(app.url);
    again.cookies.set('__Host-eo_session', token);
    expect((await again.get('/account')).location).toMatch(/^\/sign-in/);
    // Also after the session has already ended (the offer on the signed-out page).
    const anonymous = await new Client(app.url).post('/sign-out', { shared: '1' });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('clear-site-data')).toBe(CLEAR);
  });

  it('erasing the account asks the browser to clear everything; a wrong password does not', async () => {
    const citizen = await signUpCitizen(app.url);
    const wrong = await citizen.client.post('/account/delete', { password: 'not the password at all' });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('clear-site-data')).toBeNull();
    const erased = await citizen.client.post('/account/delete', { password: citizen.password });
    expect(erased.status).toBe(200);
    expect(erased.headers.get('clear-site-data')).toBe(CLEAR);
    expect(erased.text).toContain('data-clear-browser');
  });

  it('"delete what I wrote" is one confirmation, and only its POST clears', async () => {
    const client = new Client(app.url);
    const write = await client.get('/write');
    expect(write.text).toContain('href="/write/clear"');
    const confirm = await client.get('/write/clear');
    expect(confirm.status).toBe(200);
    expect(confirm.headers.get('clear-site-data')).toBeNull();
    expect(confirm.text).not.toContain('data-clear-browser');
    const done = await client.post('/write/clear', {});
    expect(done.status).toBe(200);
    expect(done.headers.get('clear-site-data')).toBe(CLEAR);
    expect(done.text).toContain('data-clear-browser');
  });

  it('signing in or up with sheets in the browser lands on the offer to move them; without, where it always did', async () => {
    const citizen = await signUpCitizen(app.url);
    const plain = await new Client(app.url).post('/sign-in', { username: citizen.username, password: citizen.password, deviceSheets: '' });
    expect(plain.location).toBe('/');
    // A safe returnTo still wins; a crafted one falls back to the home.
    const returning = await new Client(app.url).post('/sign-in', { username: citizen.username, password: citizen.password, returnTo: '/meetings' });
    expect(returning.location).toBe('/meetings');
    const crafty = await new Client(app.url).post('/sign-in', { username: citizen.username, password: citizen.password, returnTo: '//evil.example' });
    expect(crafty.location).toBe('/');
    const offered = await new Client(app.url).post('/sign-in', { username: citizen.username, password: citizen.password, deviceSheets: '1' });
    expect(offered.location).toBe('/statements/device');
    const onwards = await new Client(app.url).post('/sign-in', {
      username: citizen.username,
      password: citizen.password,
      deviceSheets: '1',
      returnTo: '/account/peers',
    });
    expect(onwards.location).toBe('/statements/device?returnTo=%2Faccount%2Fpeers');
    const signUp = await new Client(app.url).post('/sign-up', { chosenName: 'Ny', username: uniqueName('dev'), password: PASSWORD, deviceSheets: '1' });
    // Sign-up first offers recovery codes, then goes on to the offer.
    expect(signUp.location).toBe('/account/recovery-codes?welcome=1&next=%2Fstatements%2Fdevice');
    // The offer page: every built-in sheet, hidden until the script finds it, and "leave it" goes on.
    expect((await new Client(app.url).get('/statements/device')).location).toMatch(/^\/sign-in/);
    const signedInClient = new Client(app.url);
    await signedInClient.post('/sign-in', { username: citizen.username, password: citizen.password });
    const offer = await signedInClient.get('/statements/device?returnTo=%2Faccount%2Fpeers');
    expect(offer.status).toBe(200);
    expect(offer.text).toContain('data-device-sheet="personal-statement"');
    expect(offer.text).toContain('data-device-sheet="motivation-goal"');
    expect(offer.text).toContain('<a href="/account/peers">Lad det ligge</a>');
    const crafted = await signedInClient.get('/statements/device?returnTo=%2F%2Fevil.example');
    expect(crafted.text).toContain('<a href="/">Lad det ligge</a>');
  });

  it('signing in with a passkey lands on the offer too when the page says there are sheets in the browser', async () => {
    const citizen = await signUpCitizen(app.url);
    const { id } = await app.deps.db.selectFrom('users').select('id').where('username', '=', citizen.username).executeTakeFirstOrThrow();
    const key = softPasskey(app.url);
    await app.deps.db
      .insertInto('passkeys')
      .values({ id: key.id, user_id: id, public_key: key.publicKey, counter: 0, transports: ['internal'] })
      .execute();
    const signInWith = async (deviceSheets?: boolean) => {
      const client = new Client(app.url);
      const options = JSON.parse((await client.postJson('/sign-in/passkey/options', {})).text) as { challengeId: string; options: { challenge: string } };
      const body = key.signIn(options.challengeId, options.options.challenge) as Record<string, unknown>;
      const res = await client.postJson('/sign-in/passkey', deviceSheets === undefined ? body : { ...body, deviceSheets });
      expect(res.status).toBe(200);
      return (JSON.parse(res.text) as { next: string }).next;
    };
    expect(await signInWith()).toBe('/');
    expect(await signInWith(false)).toBe('/');
    expect(await signInWith(true)).toBe('/statements/device');
  });

  it('staff are not sent to the offer: it is about moving sheets into a citizen account', async () => {
    const peer = await signedIn(app, { kind: 'staff' });
    const client = new Client(app.url);
    const res = await client.post('/sign-in', { username: peer.username, password: PASSWORD, deviceSheets: '1' });
    expect(res.location).toBe('/sign-in/code');
  });

  it('the moved sheet carries the mark that takes it out of the browser', async () => {
    const citizen = await signUpCitizen(app.url);
    const state = Buffer.from(JSON.stringify({ fields: { whoIAm: 'Skrevet uden konto.' }, summary: '', selfCheck: {} })).toString('base64url');
    const moved = await citizen.client.post('/statements/import', { state, templateKey: 'personal-statement' });
    expect(moved.location).toMatch(/\/write\/done\?imported=1$/);
    const done = await citizen.client.get(moved.location!);
    expect(done.text).toContain('data-device-moved="personal-statement"');
    expect(done.text).toContain('Arket er flyttet ind på din konto.');
    const later = await citizen.client.get(moved.location!.replace('?imported=1', ''));
    expect(later.text).not.toContain('data-device-moved');
  });
});
