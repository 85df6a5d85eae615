import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signUpCitizen, uniqueName, type TestResponse } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { meetingOf, signedIn } from '../support/fixtures.ts';

/** A client behind the app's trusted proxy, coming from one network address. */
class From extends Client {
  readonly address: string;
  constructor(base: string, address: string) {
    super(base);
    this.address = address;
  }
  override request(method: string, path: string, init: { body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}) {
    return super.request(method, path, { ...init, headers: { ...init.headers, 'x-forwarded-for': this.address } });
  }
}

let app: TestApp;
let offsetMs = 0;
/** When set, the app's clock stands still there: see the known-and-unknown test. */
let frozenAt: number | null = null;
beforeAll(async () => {
  app = await startTestApp({ env: { TRUST_PROXY: 'true', TOKEN_LIMIT_PER_ADDRESS: '8' }, now: () => new Date(frozenAt ?? Date.now() + offsetMs) });
});
afterAll(() => app?.close());

let addressCounter = 0;
const freshAddress = () => `198.51.100.${++addressCounter}`;

/** The page without what differs by design: the typed name and the per-request tokens. */
/**
 * Sends until refused (429), at most 60 times, each answer before that being `okStatus`; the
 * app's clock stands still meanwhile, so a limit's ten-minute window cannot end halfway.
 */
async function untilRefused(send: (i: number) => Promise<TestResponse>, okStatus: number): Promise<{ refused: TestResponse | undefined; passed: number }> {
  frozenAt = Date.now() + offsetMs;
  let refused: TestResponse | undefined;
  let passed = 0;
  try {
    for (let i = 0; i < 60 && !refused; i++) {
      const res = await send(i);
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(okStatus);
        passed++;
      }
    }
  } finally {
    frozenAt = null;
  }
  return { refused, passed };
}

function comparable(res: TestResponse, name: string): string {
  return res.text
    .replaceAll(name, 'NAME')
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/name="_csrf" value="[^"]*"/g, '');
}

/** The error summary's messages, and the message at a field. */
const summaryOf = (text: string) =>
  [...(text.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? '').matchAll(/<li><a href="#field-(\w+)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
const fieldError = (text: string, name: string) => text.match(new RegExp(`<p class="error-message" id="error-${name}">([^<]*)</p>`))?.[1];

describe(`fair sign-in limits on ${testDbKind()}`, () => {
  it('an empty name or password is asked for at its field, not called wrong, keeps the name and brings no one closer to a wait', async () => {
    const { username, password } = await signUpCitizen(app.url, uniqueName('ebba'));
    const client = new From(app.url, freshAddress());

    const noPassword = await client.post('/sign-in', { username, password: '' });
    expect(noPassword.status).toBe(400);
    expect(summaryOf(noPassword.text)).toEqual([['password', 'Skriv din adgangskode.']]);
    expect(fieldError(noPassword.text, 'password')).toBe('Skriv din adgangskode.');
    expect(noPassword.text).toContain(`name="username" type="text" value="${username}"`);
    expect(noPassword.text).not.toContain('passer ikke');

    const noName = await client.post('/sign-in', { username: '  ', password: 'a calm long password' });
    expect(noName.status).toBe(400);
    expect(summaryOf(noName.text)).toEqual([['username', 'Skriv dit brugernavn.']]);
    expect(fieldError(noName.text, 'username')).toBe('Skriv dit brugernavn.');
    expect(noName.text).not.toContain('passer ikke');

    const neither = await client.post('/sign-in', { username: '', password: '' });
    expect(neither.status).toBe(400);
    expect(summaryOf(neither.text)).toEqual([
      ['username', 'Skriv dit brugernavn.'],
      ['password', 'Skriv din adgangskode.'],
    ]);

    // In English too.
    const english = new From(app.url, freshAddress());
    await english.post('/language', { locale: 'en', returnTo: '/sign-in' });
    const inEnglish = await english.post('/sign-in', { username: '', password: '' });
    expect(inEnglish.status).toBe(400);
    expect(summaryOf(inEnglish.text)).toEqual([
      ['username', 'Write your username.'],
      ['password', 'Write your password.'],
    ]);

    // More empty tries than the address's 50, the name's 10 and the failures before a delay:
    // none of them counts, so a wrong password is still only wrong, and the right one gets in.
    for (let i = 0; i < 60; i++) expect((await client.post('/sign-in', { username, password: '' })).status).toBe(400);
    const wrong = await client.post('/sign-in', { username, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Brugernavn eller adgangskode passer ikke.');
    expect((await client.post('/sign-in', { username, password })).status).toBe(303);
  });

  it('sign-up does not call an empty field wrong either', async () => {
    const res = await new From(app.url, freshAddress()).post('/sign-up', { chosenName: '', username: '', password: '' });
    expect(res.status).toBe(400);
    expect(summaryOf(res.text).map(([field]) => field)).toEqual(['chosenName', 'username', 'password']);
    expect(res.text).not.toMatch(/passer ikke|forkert/i);
  });

  it('an attacker failing 50 times from one address does not keep the person out from another', async () => {
    const { username, password } = await signUpCitizen(app.url, uniqueName('alma'));
    const attacker = new From(app.url, freshAddress());
    let failures = 0;
    const waits: number[] = [];
    // The app's clock moves only when the attacker waits as told: on a busy machine one refused
    // try can take over a second of real time, which would shorten the next wait it is told.
    frozenAt = Date.now() + offsetMs;
    try {
      for (let i = 0; i < 2000 && failures < 50; i++) {
        const res = await attacker.post('/sign-in', { username, password: `guess number ${i}` });
        if (res.status === 401) failures++;
        else {
          expect(res.status).toBe(429);
          const wait = Number(res.headers.get('retry-after'));
          expect(wait).toBeGreaterThan(0);
          waits.push(wait);
          // The calm page: it says to wait a moment (the growing delay) or, when the name's tries
          // from this address for a quarter of an hour are used up, how many minutes.
          const minutes = Math.ceil(wait / 60);
          expect(res.text).toMatch(new RegExp(`Vent et øjeblik|Vent ${minutes === 1 ? '1 minut,' : `${minutes} minutter,`}`));
          offsetMs += wait * 1000;
          frozenAt += wait * 1000;
        }
      }
    } finally {
      frozenAt = null;
    }
    expect(failures).toBe(50);
    // The delay grows for the name (1, 2, 4 … seconds), and is never a 15-minute lock per try.
    expect(waits.slice(0, 3)).toEqual([1, 2, 4]);
    const alma = await new From(app.url, freshAddress()).post('/sign-in', { username, password });
    expect(alma.status).toBe(303);
  });

  it('many sign-ins from one address, with right passwords, are told so and when to try again, not that a password was wrong', async () => {
    // Six people on one network (a library, a ward), each signing in with the right password.
    const signUpAddress = freshAddress();
    const names: string[] = [];
    for (let i = 0; i < 6; i++) {
      const username = uniqueName('ward');
      expect((await new From(app.url, signUpAddress).post('/sign-up', { chosenName: 'Sara', username, password: 'a calm long password' })).status).toBe(303);
      names.push(username);
    }
    const address = freshAddress();
    const { refused, passed: signedIn } = await untilRefused(
      (i) => new From(app.url, address).post('/sign-in', { username: names[i % names.length]!, password: 'a calm long password' }),
      303,
    );
    expect(signedIn).toBe(50);
    expect(refused).toBeDefined();
    const minutes = Math.ceil(Number(refused!.headers.get('retry-after')) / 60);
    expect(minutes).toBeGreaterThan(0);
    const text = refused!.text;
    expect(text).toContain('mange forsøg på at logge ind fra din netværksadresse');
    expect(text).toContain(minutes === 1 ? 'Vent 1 minut,' : `Vent ${minutes} minutter,`);
    // Nobody typed anything wrong, and the page does not say so.
    expect(text).not.toMatch(/forkert/i);
    expect(text).not.toContain('passer ikke');
  });

  it('passkey sign-in started many times from one address says so, and how many minutes to wait', async () => {
    const client = new From(app.url, freshAddress());
    const { refused, passed: started } = await untilRefused(() => client.postJson('/sign-in/passkey/options', {}), 200);
    expect(started).toBe(50);
    expect(refused).toBeDefined();
    const minutes = Math.ceil(Number(refused!.headers.get('retry-after')) / 60);
    expect(minutes).toBeGreaterThan(0);
    // The page's script shows the message under the passkey button.
    const answer = JSON.parse(refused!.text) as { error?: string; message?: string };
    expect(answer.error).toBe('tooMany');
    expect(answer.message).toContain('mange forsøg på at logge ind fra din netværksadresse');
    expect(answer.message).toContain(minutes === 1 ? 'Vent 1 minut,' : `Vent ${minutes} minutter,`);
  });

  it('a known and an unknown name get the same answer, and are slowed alike', async () => {
    const { username } = await signUpCitizen(app.url, uniqueName('bodil'));
    const unknown = uniqueName('nobody');
    const client = new From(app.url, freshAddress());
    // The two names' waits start a request apart. On a busy machine the real clock could let the
    // second name's wait run out between the two requests of a round and not the first's, and
    // the names would be answered differently for that reason alone; the app's clock stands
    // still here, so only what the app knows about the names can make a difference.
    frozenAt = Date.now() + offsetMs;
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const known = await client.post('/sign-in', { username, password: `wrong password ${i}` });
        const other = await client.post('/sign-in', { username: unknown, password: `wrong password ${i}` });
        expect(other.status).toBe(known.status);
        expect(other.headers.get('retry-after')).toBe(known.headers.get('retry-after'));
        expect(comparable(other, unknown)).toBe(comparable(known, username));
        statuses.push(known.status);
      }
    } finally {
      frozenAt = null;
    }
    // Both were refused, and then both were made to wait.
    expect(statuses).toContain(401);
    expect(statuses).toContain(429);
  });

  it('the limit keys in the database are keyed hashes, not names, addresses or plain hashes of them', async () => {
    const { username } = await signUpCitizen(app.url, uniqueName('carl'));
    const address = freshAddress();
    await new From(app.url, address).post('/sign-in', { username, password: 'not the password' });
    const rows = await app.deps.db.selectFrom('rate_limits').select(['bucket', 'key_hash']).execute();
    const plain = (bucket: string, key: string) => crypto.createHash('sha256').update(`${bucket}:${key}`).digest('hex').slice(0, 32);
    const guesses = [username, address, plain('signin-name', username), plain('signin-address', address)];
    for (const row of rows) for (const guess of guesses) expect(row.key_hash).not.toContain(guess);
    expect(rows.some((r) => r.bucket.startsWith('signin'))).toBe(true);
  });

  it('the share form answers the same for a citizen and an unknown name, and looking names up is limited per address', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const other = await signedIn(app, { kind: 'citizen' });
    const meetingId = await meetingOf(app, citizen);
    const share = (recipientUsername: string) => citizen.client.post(`/meetings/${meetingId}/shares`, { days: '7', recipientLabel: '', recipientUsername });
    const unknown = uniqueName('nobody');
    const a = await share(other.username);
    const b = await share(unknown);
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    expect(comparable(b, unknown)).toBe(comparable(a, other.username));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await share(uniqueName('guess'))).status);
    expect(statuses.at(-1)).toBe(429);
  });

  it('sign-up and invitations are limited per address, so "taken" cannot be asked without end', async () => {
    const { username } = await signUpCitizen(app.url, uniqueName('dora'));
    const client = new From(app.url, freshAddress());
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await client.post('/sign-up', { chosenName: 'X', username, password: 'a long enough password' })).status);
    expect(statuses[0]).toBe(400);
    expect(statuses.at(-1)).toBe(429);
    const invite = new From(app.url, freshAddress());
    const tries: number[] = [];
    let refused: Awaited<ReturnType<typeof invite.post>> | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await invite.post(`/invitation/${'x'.repeat(43)}`, { chosenName: 'X', username, password: 'a long enough password' });
      tries.push(res.status);
      refused = res;
    }
    expect(tries.at(-1)).toBe(429);
    // The page says how long to wait, as its Retry-After does.
    const seconds = Number(refused!.headers.get('retry-after'));
    const minutes = Math.ceil(seconds / 60);
    expect(refused!.text).toContain(
      seconds < 60 ? 'Vent et øjeblik, og prøv så igen.' : minutes === 1 ? 'Vent 1 minut, og prøv så igen.' : `Vent ${minutes} minutter, og prøv så igen.`,
    );
    expect(refused!.text).not.toContain('Vent lidt');
  });
});
