import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, uniqueName } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { startSmtp, type ReceivedMail } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';
import { softPasskey } from '../support/webauthn.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';
import type { Role } from '../../src/server/db/schema.ts';

// Accounts an attacker with a stolen cookie cannot take over, and a person who forgot their
// password can get back into without e-mail. The installation's clock is the test's: "a sign-in
// older than five minutes" is a step of the clock, and every one-time code is taken at a later
// step than the one before (a code works only once).

const PASSWORD = 'a calm long password';
const NEW_PASSWORD = 'kaffe cykel regn vindue';
const CONFIRM = 'Bekræft, at det er dig';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
const later = (minutes: number) => {
  offsetMs += minutes * 60_000;
};

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ now, env: { SMTP_URL: smtp.url, LOGIN_LIMIT_PER_NAME: '8' } });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

interface Someone {
  id: string;
  username: string;
  chosenName: string;
  client: Client;
  secret: Buffer | null;
}

/** A fresh code from the person's app: the clock moves on one step, so it was never used. */
function codeOf(person: { secret: Buffer | null }): string {
  later(0.5);
  return totpAt(person.secret!, currentStep(now().getTime()));
}

async function signIn(person: Omit<Someone, 'client'>, password = PASSWORD): Promise<Client> {
  const client = new Client(app.url);
  const res = await client.post('/sign-in', { username: person.username, password });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  if (res.location?.startsWith('/sign-in/code')) {
    const code = await client.post('/sign-in/code', { code: codeOf(person) });
    if (code.status !== 303) throw new Error(`code failed: ${code.status}`);
  }
  return client;
}

async function person(o: {
  kind: 'citizen' | 'staff';
  withTotp?: boolean;
  role?: Role;
  organisationId?: string;
  isAdmin?: boolean;
  chosenName?: string;
}): Promise<Someone> {
  const username = uniqueName(o.role ?? o.kind);
  const chosenName = o.chosenName ?? (o.kind === 'staff' ? 'Medarbejder' : 'Borger');
  const user = await provisionUser(app.deps, {
    username,
    chosenName,
    password: PASSWORD,
    kind: o.kind,
    isAdmin: o.isAdmin ?? false,
    withTotp: o.withTotp ?? o.kind === 'staff',
    memberships: o.role && o.organisationId ? [{ organisationId: o.organisationId, siteId: null, role: o.role }] : [],
  });
  const someone = { id: user.id, username, chosenName, secret: user.totpSecret };
  return { ...someone, client: await signIn(someone) };
}

const passwordHash = async (id: string) =>
  (await app.deps.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;
const signedOut = async (client: Client) => (await client.get('/account')).location?.startsWith('/sign-in') === true;
const confirmAt = (returnTo: string) => `/account/confirm?returnTo=${encodeURIComponent(returnTo)}`;
const errorSummary = (text: string) => text.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? '';

async function confirm(someone: Someone, returnTo: string) {
  const res = await someone.client.post('/account/confirm', {
    password: PASSWORD,
    returnTo,
    ...(someone.secret ? { code: codeOf(someone) } : {}),
  });
  expect(res.status).toBe(303);
  expect(res.location).toBe(returnTo);
}

async function recoveryCodes(client: Client): Promise<string[]> {
  const res = await client.post('/account/recovery-codes', {});
  expect(res.status).toBe(200);
  return [...res.text.matchAll(/\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b/g)].map((m) => m[1]!);
}

async function secretOnEnrolmentPage(client: Client): Promise<string> {
  const page = await client.get('/account/second-factor');
  expect(page.status).toBe(200);
  const key = page.text.match(/<code class="secret">([A-Z2-7]+)<\/code>/)?.[1];
  if (!key) throw new Error('no key on the set-up page');
  return key;
}

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of input) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
}

describe(`re-authentication on ${testDbKind()}`, () => {
  it('a sign-in older than five minutes (a stolen cookie) changes nothing until the person gives their password and a current code', async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const staff = await person({ kind: 'staff', role: 'peer', organisationId: org.id });
    const before = await passwordHash(staff.id);
    later(6);

    const form = await staff.client.get('/account/password');
    expect(form.status).toBe(200);
    expect(form.text).toContain(CONFIRM);
    expect(form.text).toContain('action="/account/confirm"');
    expect(form.text).not.toContain('autocomplete="new-password"');

    const attempts = [
      await staff.client.post('/account/password', { password: NEW_PASSWORD }),
      await staff.client.post('/account/second-factor', { code: '123456' }),
      await staff.client.post('/account/recovery-codes', {}),
    ];
    expect(attempts.map((r) => [r.status, r.location])).toEqual([
      [303, confirmAt('/account/password')],
      [303, confirmAt('/account/second-factor')],
      [303, confirmAt('/account/recovery-codes')],
    ]);
    expect((await staff.client.postJson('/account/passkeys/options', {})).status).toBe(401);
    expect(await passwordHash(staff.id)).toBe(before);
    expect(await app.deps.db.selectFrom('recovery_codes').select('id').where('user_id', '=', staff.id).execute()).toEqual([]);

    // The password alone is not enough for someone with a second factor, nor is a wrong code.
    const passwordOnly = await staff.client.post('/account/confirm', { password: PASSWORD, returnTo: '/account/password' });
    expect(passwordOnly.status).toBe(401);
    expect(passwordOnly.text).toContain(CONFIRM);
    expect((await staff.client.post('/account/confirm', { password: PASSWORD, code: '000000', returnTo: '/account/password' })).status).toBe(401);
    expect((await staff.client.post('/account/confirm', { password: 'not the password', code: codeOf(staff), returnTo: '/account/password' })).status).toBe(
      401,
    );
    expect((await staff.client.post('/account/password', { password: NEW_PASSWORD })).location).toBe(confirmAt('/account/password'));

    await confirm(staff, '/account/password');
    const page = await staff.client.get('/account/password');
    expect(page.text).toContain('autocomplete="new-password"');
    const changed = await staff.client.post('/account/password', { password: NEW_PASSWORD });
    expect(changed.status).toBe(303);
    expect(await passwordHash(staff.id)).not.toBe(before);

    // Valid for a few minutes, then asked again.
    later(6);
    expect((await staff.client.post('/account/recovery-codes', {})).location).toBe(confirmAt('/account/recovery-codes'));
  });

  it('a crafted returnTo cannot send the person to another site', async () => {
    const citizen = await person({ kind: 'citizen' });
    const res = await citizen.client.post('/account/confirm', { password: PASSWORD, returnTo: '//evil.example/steal' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account');
  });

  it('each change ends every other session of the person, keeps this one, and is in their own log', async () => {
    const changes: [string, (someone: Someone) => Promise<void>, string][] = [
      [
        'password',
        async (s) => {
          expect((await s.client.post('/account/password', { password: NEW_PASSWORD })).status).toBe(303);
        },
        'Skiftede adgangskode',
      ],
      [
        'recovery codes',
        async (s) => {
          expect(await recoveryCodes(s.client)).toHaveLength(10);
        },
        'Lavede nye reservekoder',
      ],
      [
        'second factor',
        async (s) => {
          const secret = base32Decode(await secretOnEnrolmentPage(s.client));
          later(0.5);
          expect((await s.client.post('/account/second-factor', { code: totpAt(secret, currentStep(now().getTime())) })).status).toBe(303);
        },
        'Slog totrinsbekræftelse til',
      ],
      [
        'passkey added',
        async (s) => {
          const key = softPasskey(app.url);
          const options = JSON.parse((await s.client.postJson('/account/passkeys/options', {})).text) as {
            challengeId: string;
            options: { challenge: string };
          };
          expect((await s.client.postJson('/account/passkeys', key.register(options.challengeId, options.options.challenge))).status).toBe(200);
        },
        'Tilføjede en adgangsnøgle',
      ],
      [
        'passkey removed',
        async (s) => {
          const key = softPasskey(app.url);
          await app.deps.db
            .insertInto('passkeys')
            .values({ id: key.id, user_id: s.id, public_key: key.publicKey, counter: 0, transports: ['internal'] })
            .execute();
          expect((await s.client.post(`/account/passkeys/${key.id}/delete`, {})).status).toBe(303);
        },
        'Fjernede en adgangsnøgle',
      ],
    ];
    for (const [what, change, logged] of changes) {
      const citizen = await person({ kind: 'citizen' });
      const elsewhere = await signIn(citizen);
      await change(citizen);
      expect(await signedOut(elsewhere), `${what}: the other session ends`).toBe(true);
      expect((await citizen.client.get('/account')).status, `${what}: this session stays`).toBe(200);
      const log = await citizen.client.get('/account/log');
      expect(log.text, `${what}: logged for the person`).toContain(logged);
    }
  });

  it('a staff member sees changes to their own account in their log too', async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Kommune ${uniqueName('')}`, kind: 'municipality' });
    const staff = await person({ kind: 'staff', role: 'professional', organisationId: org.id });
    const key = softPasskey(app.url);
    await app.deps.db
      .insertInto('passkeys')
      .values({ id: key.id, user_id: staff.id, public_key: key.publicKey, counter: 0, transports: ['internal'] })
      .execute();
    expect((await staff.client.post(`/account/passkeys/${key.id}/delete`, {})).status).toBe(303);
    expect((await staff.client.post('/account/password', { password: NEW_PASSWORD })).status).toBe(303);
    const log = await staff.client.get('/account/log');
    expect(log.text).toContain('Fjernede en adgangsnøgle');
    expect(log.text).toContain('Skiftede adgangskode');
  });
});

describe(`password rules on ${testDbKind()}`, () => {
  it('sign-up refuses common, patterned and personal passwords with a plain suggestion, and accepts a phrase of ordinary words', async () => {
    const username = uniqueName('regel');
    for (const password of ['aaaaaaaaaa', 'password12', '1234567890', 'sommer2024!', `${username}123`]) {
      const res = await new Client(app.url).post('/sign-up', { chosenName: 'Regel', username, password });
      expect(res.status, password).toBe(400);
      expect(errorSummary(res.text), password).toContain('tre-fire almindelige ord');
    }
    const personal = await new Client(app.url).post('/sign-up', { chosenName: 'Regel', username, password: `${username}123` });
    expect(errorSummary(personal.text)).toContain('brugernavn');
    expect(await app.deps.db.selectFrom('users').select('id').where('username', '=', username).execute()).toEqual([]);
    const accepted = await new Client(app.url).post('/sign-up', { chosenName: 'Regel', username, password: 'hest bord gul skov' });
    expect(accepted.status).toBe(303);
  });

  it('a password change and a staff invitation keep the same rules', async () => {
    const citizen = await person({ kind: 'citizen', chosenName: 'Henrietta' });
    const weak = await citizen.client.post('/account/password', { password: 'henrietta2024' });
    expect(weak.status).toBe(400);
    expect(errorSummary(weak.text)).toContain('tre-fire almindelige ord');
    expect((await citizen.client.post('/account/password', { password: 'kodeord123' })).status).toBe(400);
    expect((await citizen.client.post('/account/password', { password: 'Tre grønne heste løber' })).status).toBe(303);

    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const coordinator = await person({ kind: 'staff', role: 'coordinator', organisationId: org.id });
    const invite = await coordinator.client.post(`/organisation/${org.id}/invitations`, { role: 'peer', siteId: '' });
    const token = invite.text.match(/\/invitation\/([A-Za-z0-9_-]{43})/)![1]!;
    const username = uniqueName('inviteret');
    const weakStaff = await new Client(app.url).post(`/invitation/${token}`, { chosenName: 'Ida', username, password: `${username}2024` });
    expect(weakStaff.status).toBe(400);
    expect(errorSummary(weakStaff.text)).toContain('brugernavn');
    expect((await new Client(app.url).post(`/invitation/${token}`, { chosenName: 'Ida', username, password: 'hest bord gul skov' })).status).toBe(303);
  });
});

describe(`recovery codes on ${testDbKind()}`, () => {
  it('are offered after sign-up: ten codes, shown once, stored hashed, with words about keeping them like a key', async () => {
    const client = new Client(app.url);
    const username = uniqueName('ny');
    const signUp = await client.post('/sign-up', { chosenName: 'Ny', username, password: NEW_PASSWORD });
    expect(signUp.status).toBe(303);
    expect(signUp.location).toMatch(/^\/account\/recovery-codes\?/);
    const offer = await client.get(signUp.location!);
    expect(offer.status).toBe(200);
    expect(offer.text).toContain('Lav reservekoder');
    const codes = await recoveryCodes(client);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const page = await client.post('/account/recovery-codes', {});
    expect(page.text).toContain('reservenøgle');
    expect(page.text).toContain('data-print');
    const id = (await app.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const stored = await app.deps.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', id).execute();
    expect(stored).toHaveLength(10);
    const storedText = JSON.stringify(stored);
    for (const code of [...codes, ...(await recoveryCodes(client))]) expect(storedText).not.toContain(code.replace(/-/g, ''));
    const again = await client.get('/account/recovery-codes');
    expect(again.text).not.toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    expect(again.text).toContain('10');
  });

  it('forgot password: a username and a code set a new password, end every session, work once, and are logged', async () => {
    const citizen = await person({ kind: 'citizen' });
    const elsewhere = await signIn(citizen);
    const [first, second] = await recoveryCodes(citizen.client);
    expect((await new Client(app.url).get('/sign-in')).text).toContain('href="/forgot-password"');
    expect((await new Client(app.url).get('/forgot-password')).status).toBe(200);

    // A weak new password is refused and the code is not used up.
    const weak = await new Client(app.url).post('/forgot-password', { username: citizen.username, recoveryCode: first!, password: 'password12' });
    expect(weak.status).toBe(400);
    expect(errorSummary(weak.text)).toContain('tre-fire almindelige ord');

    const anonymous = new Client(app.url);
    const done = await anonymous.post('/forgot-password', {
      username: citizen.username,
      recoveryCode: first!.toLowerCase().replace(/-/g, ' '),
      password: NEW_PASSWORD,
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/sign-in?passwordReset=1');
    expect((await anonymous.get(done.location!)).text).toContain('Din adgangskode er skiftet');
    expect(await signedOut(citizen.client)).toBe(true);
    expect(await signedOut(elsewhere)).toBe(true);
    expect((await new Client(app.url).post('/sign-in', { username: citizen.username, password: PASSWORD })).status).toBe(401);
    const back = await signIn(citizen, NEW_PASSWORD);

    // Once only; a used code, a wrong code and an unknown name get the same answer.
    const reused = await new Client(app.url).post('/forgot-password', { username: citizen.username, recoveryCode: first!, password: 'Tre grønne heste løber' });
    const wrong = await new Client(app.url).post('/forgot-password', {
      username: citizen.username,
      recoveryCode: 'ABCD-EFGH-JKLM',
      password: 'Tre grønne heste løber',
    });
    const unknown = await new Client(app.url).post('/forgot-password', {
      username: uniqueName('ingen'),
      recoveryCode: second!,
      password: 'Tre grønne heste løber',
    });
    expect([reused.status, wrong.status, unknown.status]).toEqual([400, 400, 400]);
    expect(errorSummary(reused.text)).toBeTruthy();
    expect(errorSummary(wrong.text)).toBe(errorSummary(reused.text));
    expect(errorSummary(unknown.text)).toBe(errorSummary(reused.text));

    const log = await back.get('/account/log');
    expect(log.text).toContain('Adgangskoden blev skiftet med en reservekode');
    expect((await back.get('/account/recovery-codes')).text).toContain('9');
  });

  it("a staff member's recovery code also resets their second factor, and the next sign-in asks them to set up a new one", async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const staff = await person({ kind: 'staff', role: 'peer', organisationId: org.id });
    const [code] = await recoveryCodes(staff.client);
    const done = await new Client(app.url).post('/forgot-password', { username: staff.username, recoveryCode: code!, password: NEW_PASSWORD });
    expect(done.location).toBe('/sign-in?passwordReset=1');
    const client = new Client(app.url);
    const res = await client.post('/sign-in', { username: staff.username, password: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.location).not.toMatch(/^\/sign-in\/code/);
    expect((await client.get('/peer')).location).toBe('/account/second-factor');
  });

  it('guessing recovery codes for one name is limited', async () => {
    const citizen = await person({ kind: 'citizen' });
    const statuses: number[] = [];
    // Fixed windows of the real clock: nineteen tries hold more than the limit's eight in one
    // window even when a window ends among them.
    for (let i = 0; i < 19; i++) {
      statuses.push(
        (
          await new Client(app.url).post('/forgot-password', {
            username: citizen.username,
            recoveryCode: `AAAA-BBBB-C${String(i).padStart(3, '0')}`,
            password: NEW_PASSWORD,
          })
        ).status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
  });
});

describe(`a coordinator resets a staff member's second factor on ${testDbKind()}`, () => {
  it('in their own organisation, after confirming who they are; the staff member is told at next sign-in and sees it in their log', async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const coordinator = await person({ kind: 'staff', role: 'coordinator', organisationId: org.id, chosenName: 'Karin Koordinator' });
    const peer = await person({ kind: 'staff', role: 'peer', organisationId: org.id, chosenName: 'Peer Petersen' });
    const overview = await coordinator.client.get(`/organisation/${org.id}`);
    const path = `/organisation/${org.id}/members/${peer.id}/second-factor`;
    expect(overview.text).toContain(`href="${path}"`);
    // The staff table lists other people: its column is their name, not "Du kaldes" (the
    // label a person's own account page uses for what they are called).
    expect(overview.text).toContain('<th scope="col">Navn</th><th scope="col">Rolle</th>');
    expect(overview.text).not.toContain('Du kaldes');
    later(6);
    const page = await coordinator.client.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(CONFIRM);
    expect((await coordinator.client.post(path, {})).location).toBe(confirmAt(path));
    await confirm(coordinator, path);
    expect((await coordinator.client.get(path)).text).toContain('Peer Petersen');
    const done = await coordinator.client.post(path, {});
    expect(done.status).toBe(303);
    expect(await signedOut(peer.client)).toBe(true);
    expect((await app.deps.db.selectFrom('users').select('totp_secret').where('id', '=', peer.id).executeTakeFirstOrThrow()).totp_secret).toBeNull();

    const client = new Client(app.url);
    const res = await client.post('/sign-in', { username: peer.username, password: PASSWORD });
    expect(res.location).not.toMatch(/^\/sign-in\/code/);
    const enrol = await client.get('/account/second-factor');
    expect(enrol.text).toContain('nulstillet');
    const key = enrol.text.match(/<code class="secret">([A-Z2-7]+)<\/code>/)![1]!;
    later(0.5);
    expect((await client.post('/account/second-factor', { code: totpAt(base32Decode(key), currentStep(now().getTime())) })).status).toBe(303);
    expect((await client.get('/account/second-factor')).text).not.toContain('nulstillet');
    const log = await client.get('/account/log');
    expect(log.text).toContain('Totrinsbekræftelsen blev nulstillet');
    expect(log.text).toContain('Karin Koordinator');
  });

  it('not in another organisation, not for themselves, and never for an administrator', async () => {
    const orgA = await insertOrganisation(app.deps.db, { name: `A ${uniqueName('')}`, kind: 'region' });
    const orgB = await insertOrganisation(app.deps.db, { name: `B ${uniqueName('')}`, kind: 'region' });
    const coordinator = await person({ kind: 'staff', role: 'coordinator', organisationId: orgA.id });
    const peerB = await person({ kind: 'staff', role: 'peer', organisationId: orgB.id });
    const adminInA = await person({ kind: 'staff', role: 'peer', organisationId: orgA.id, isAdmin: true });
    const tries = [
      `/organisation/${orgB.id}/members/${peerB.id}/second-factor`,
      `/organisation/${orgA.id}/members/${peerB.id}/second-factor`,
      `/organisation/${orgA.id}/members/${coordinator.id}/second-factor`,
      `/organisation/${orgA.id}/members/${adminInA.id}/second-factor`,
    ];
    for (const path of tries) {
      expect([403, 404], path).toContain((await coordinator.client.post(path, {})).status);
      expect([403, 404], path).toContain((await coordinator.client.get(path)).status);
    }
    for (const who of [peerB, adminInA]) {
      expect((await app.deps.db.selectFrom('users').select('totp_secret').where('id', '=', who.id).executeTakeFirstOrThrow()).totp_secret).not.toBeNull();
    }
    // While a peer of their own organisation is theirs to help.
    const peerA = await person({ kind: 'staff', role: 'peer', organisationId: orgA.id });
    expect((await coordinator.client.get(`/organisation/${orgA.id}/members/${peerA.id}/second-factor`)).status).toBe(200);
  });

  it("nobody can reset a citizen's password or second factor on their behalf: not a coordinator, not an administrator", async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const coordinator = await person({ kind: 'staff', role: 'coordinator', organisationId: org.id });
    const admin = await person({ kind: 'staff', isAdmin: true });
    const citizen = await person({ kind: 'citizen', withTotp: true });
    const before = await app.deps.db.selectFrom('users').select(['password_hash', 'totp_secret']).where('id', '=', citizen.id).executeTakeFirstOrThrow();
    for (const staff of [coordinator, admin]) {
      for (const path of [
        `/organisation/${org.id}/members/${citizen.id}/second-factor`,
        `/admin/users/${citizen.id}/password`,
        `/admin/users/${citizen.id}/second-factor`,
        `/admin/users/${citizen.id}/reset`,
      ]) {
        const res = await staff.client.post(path, { password: NEW_PASSWORD });
        expect([403, 404], path).toContain(res.status);
      }
      // The public form needs the citizen's own recovery code.
      expect((await staff.client.post('/forgot-password', { username: citizen.username, recoveryCode: '', password: NEW_PASSWORD })).status).toBe(400);
    }
    const after = await app.deps.db.selectFrom('users').select(['password_hash', 'totp_secret']).where('id', '=', citizen.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    expect(Buffer.from(after.totp_secret!).equals(Buffer.from(before.totp_secret!))).toBe(true);
    await signIn(citizen);
  });
});

describe(`reset by e-mail on ${testDbKind()}`, () => {
  const mailsTo = (address: string): ReceivedMail[] => smtp.mails.filter((m) => m.to.includes(address));
  const linkIn = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, '').match(/\/reset-password\/([A-Za-z0-9_-]{43})/)?.[1];

  it('a citizen with a reminder e-mail gets a one-time link that sets a new password and ends every session', async () => {
    const citizen = await person({ kind: 'citizen' });
    const address = `${citizen.username}@example.org`;
    expect((await citizen.client.post('/account/email', { email: address })).status).toBe(303);
    const page = await new Client(app.url).get('/forgot-password');
    expect(page.text).toContain('action="/forgot-password/email"');

    const asked = await new Client(app.url).post('/forgot-password/email', { emailUsername: citizen.username });
    expect(asked.status).toBe(200);
    await waitFor(async () => mailsTo(address).length === 1, 30_000, 'the reset mail');
    const token = linkIn(mailsTo(address)[0]!);
    expect(token).toBeTruthy();
    const form = await new Client(app.url).get(`/reset-password/${token}`);
    expect(form.status).toBe(200);
    expect((await new Client(app.url).post(`/reset-password/${token}`, { password: 'sommer2024!' })).status).toBe(400);
    const done = await new Client(app.url).post(`/reset-password/${token}`, { password: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/sign-in?passwordReset=1');
    expect(await signedOut(citizen.client)).toBe(true);
    const back = await signIn(citizen, NEW_PASSWORD);
    expect((await new Client(app.url).post(`/reset-password/${token}`, { password: 'Tre grønne heste løber' })).status).toBe(404);
    expect((await back.get('/account/log')).text).toContain('Adgangskoden blev skiftet via et link i en e-mail');
  });

  it('answers the same for an unknown name, a name without e-mail and a staff member, and sends nothing to them', async () => {
    const known = await person({ kind: 'citizen' });
    await known.client.post('/account/email', { email: `${known.username}@example.org` });
    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const staff = await person({ kind: 'staff', role: 'peer', organisationId: org.id });
    const without = await person({ kind: 'citizen' });
    const before = smtp.mails.length;
    const answers = [];
    for (const username of [known.username, uniqueName('ingen'), without.username, staff.username]) {
      const res = await new Client(app.url).post('/forgot-password/email', { emailUsername: username });
      answers.push([res.status, res.text.match(/<main[\s\S]*<\/main>/)?.[0]?.replace(/name="_csrf" value="[^"]*"/g, '')]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    await waitFor(async () => smtp.mails.length === before + 1, 30_000, 'one mail');
    expect(smtp.mails.at(-1)!.to).toEqual([`${known.username}@example.org`]);
  });

  it('a link works for thirty minutes only', async () => {
    const citizen = await person({ kind: 'citizen' });
    const address = `${citizen.username}@example.org`;
    await citizen.client.post('/account/email', { email: address });
    await new Client(app.url).post('/forgot-password/email', { emailUsername: citizen.username });
    await waitFor(async () => mailsTo(address).length === 1, 30_000, 'the reset mail');
    const token = linkIn(mailsTo(address)[0]!);
    later(31);
    expect((await new Client(app.url).get(`/reset-password/${token}`)).status).toBe(404);
    expect((await new Client(app.url).post(`/reset-password/${token}`, { password: NEW_PASSWORD })).status).toBe(404);
  });
});

describe(`second-factor set-up on ${testDbKind()}`, () => {
  it('keeps the same key across reloads until it is confirmed, and a code from the first key confirms it', async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const staff = await person({ kind: 'staff', role: 'peer', organisationId: org.id, withTotp: false });
    const first = await secretOnEnrolmentPage(staff.client);
    const reloaded = await secretOnEnrolmentPage(staff.client);
    expect(reloaded).toBe(first);
    later(0.5);
    const confirmed = await staff.client.post('/account/second-factor', { code: totpAt(base32Decode(first), currentStep(now().getTime())) });
    expect(confirmed.status).toBe(303);
    expect((await staff.client.get('/peer')).status).toBe(200);
  });

  it('a cancelled set-up starts again with a new key', async () => {
    const citizen = await person({ kind: 'citizen' });
    const first = await secretOnEnrolmentPage(citizen.client);
    expect((await citizen.client.post('/account/second-factor/cancel', {})).status).toBe(303);
    expect(await secretOnEnrolmentPage(citizen.client)).not.toBe(first);
  });

  it('a citizen may turn on a second factor (it is optional), is then asked for a code at sign-in, and may turn it off', async () => {
    const citizen = await person({ kind: 'citizen' });
    const account = await citizen.client.get('/account');
    expect(account.text).toContain('href="/account/second-factor"');
    const secret = base32Decode(await secretOnEnrolmentPage(citizen.client));
    later(0.5);
    expect((await citizen.client.post('/account/second-factor', { code: totpAt(secret, currentStep(now().getTime())) })).status).toBe(303);
    const withCode = new Client(app.url);
    expect((await withCode.post('/sign-in', { username: citizen.username, password: PASSWORD })).location).toBe('/sign-in/code');

    expect((await citizen.client.post('/account/second-factor/remove', {})).status).toBe(303);
    const without = new Client(app.url);
    expect((await without.post('/sign-in', { username: citizen.username, password: PASSWORD })).location).not.toMatch(/^\/sign-in\/code/);
  });

  it('erasing an account with a second factor takes the password and a current code', async () => {
    const citizen = await person({ kind: 'citizen', withTotp: true });
    const passwordOnly = await citizen.client.post('/account/delete', { password: PASSWORD });
    expect(passwordOnly.status).toBe(400);
    expect(await app.deps.db.selectFrom('users').select('id').where('id', '=', citizen.id).executeTakeFirst()).toBeTruthy();
    const done = await citizen.client.post('/account/delete', { password: PASSWORD, code: codeOf(citizen) });
    expect(done.status).toBe(200);
    expect(await app.deps.db.selectFrom('users').select('id').where('id', '=', citizen.id).executeTakeFirst()).toBeUndefined();
  });
});

describe(`deleting one's account on ${testDbKind()}`, () => {
  it('the account page has its own section for it, which leads to the form that asks for the password', async () => {
    const citizen = await person({ kind: 'citizen' });
    const account = (await citizen.client.get('/account')).text;
    // Its own heading on the account page, not hidden behind "Hent alle dine data".
    const section = account.match(/<h2[^>]*>Slet din konto<\/h2>[\s\S]*?(?=<h2|<\/main>)/)?.[0] ?? '';
    expect(section).toContain('Det kan ikke fortrydes.');
    const href = section.match(/<a [^>]*href="([^"]+)"[^>]*>Slet din konto<\/a>/)?.[1];
    expect(href).toBeDefined();
    const [path, fragment] = href!.split('#');
    const data = await citizen.client.get(path!);
    expect(data.status).toBe(200);
    // The link lands on the deletion's heading, and the password form follows it.
    const from = data.text.indexOf(`<h2 id="${fragment}">Slet din konto</h2>`);
    expect(from).toBeGreaterThan(-1);
    expect(data.text.slice(from)).toMatch(/<form method="post" action="\/account\/delete"[\s\S]*name="password"/);
  });

  it("a staff member's account page offers no deletion (staff accounts are closed by their organisation)", async () => {
    const org = await insertOrganisation(app.deps.db, { name: `Region ${uniqueName('')}`, kind: 'region' });
    const staff = await person({ kind: 'staff', role: 'peer', organisationId: org.id });
    const account = await staff.client.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).not.toContain('Slet din konto');
  });

  it('an empty password asks for the password instead of calling it wrong, and changes nothing', async () => {
    const citizen = await person({ kind: 'citizen' });
    const empty = await citizen.client.post('/account/delete', { password: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text)).toContain('Skriv din adgangskode.');
    expect(empty.text).not.toContain('passer ikke');
    expect(await app.deps.db.selectFrom('users').select('id').where('id', '=', citizen.id).executeTakeFirst()).toBeTruthy();
    // A wrong one is still called wrong.
    const wrong = await citizen.client.post('/account/delete', { password: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(errorSummary(wrong.text)).toContain('Adgangskoden passer ikke.');

    // The same on "confirm it is you": asked to write it, and not confirmed.
    later(6);
    const confirmEmpty = await citizen.client.post('/account/confirm', { password: '', returnTo: '/account/password' });
    expect(confirmEmpty.status).toBe(400);
    expect(errorSummary(confirmEmpty.text)).toContain('Skriv din adgangskode.');
    expect(confirmEmpty.text).not.toContain('passer ikke');
    expect(confirmEmpty.text).toContain('name="returnTo" value="/account/password"');
    expect((await citizen.client.post('/account/password', { password: NEW_PASSWORD })).location).toBe(confirmAt('/account/password'));
    const confirmWrong = await citizen.client.post('/account/confirm', { password: 'not the password', returnTo: '/account/password' });
    expect(confirmWrong.status).toBe(401);
    expect(errorSummary(confirmWrong.text)).toContain('passer ikke');
  });

  it('after a wrong or empty password the page still shows the saved e-mail address, as on a normal visit', async () => {
    const citizen = await person({ kind: 'citizen' });
    const address = `${citizen.username}@example.org`;
    expect((await citizen.client.post('/account/email', { email: address })).status).toBe(303);
    const emailField = (text: string) => text.match(/<input id="field-email"[^>]*>/)?.[0] ?? '';
    expect(emailField((await citizen.client.get('/account/data')).text)).toContain(`value="${address}"`);
    for (const password of ['not the password', '']) {
      const refused = await citizen.client.post('/account/delete', { password });
      expect(refused.status).toBe(400);
      expect(emailField(refused.text)).toContain(`value="${address}"`);
    }
  });
});
