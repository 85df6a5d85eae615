import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { PASSWORD, signedIn } from '../support/fixtures.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';

let app: TestApp;
let offsetMs = 0;
beforeAll(async () => {
  app = await startTestApp({ now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => app?.close());
// Signing staff in takes a code for the real time; each test then moves the app's clock on.
beforeEach(() => {
  offsetMs = 0;
});

const minutes = (n: number) => n * 60_000;
const stillSignedIn = async (client: Client) => (await client.get('/account')).status === 200;

describe(`sessions on ${testDbKind()}`, () => {
  it('a staff session ends after 31 idle minutes; a citizen keeps theirs', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Sessionsregion', kind: 'region' });
    const staff = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: org.id });
    const citizen = await signedIn(app, { kind: 'citizen' });
    expect(await stillSignedIn(staff.client)).toBe(true);
    offsetMs += minutes(29);
    expect(await stillSignedIn(staff.client)).toBe(true);
    expect(await stillSignedIn(citizen.client)).toBe(true);
    offsetMs += minutes(31);
    expect(await stillSignedIn(staff.client)).toBe(false);
    expect(await stillSignedIn(citizen.client)).toBe(true);
  });

  it('a busy staff session still ends 12 hours after sign-in; a citizen keeps theirs longer', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Vagtregion', kind: 'region' });
    const staff = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: org.id });
    const citizen = await signedIn(app, { kind: 'citizen' });
    for (let i = 0; i < 28; i++) {
      offsetMs += minutes(25);
      expect(await stillSignedIn(staff.client)).toBe(true);
      expect(await stillSignedIn(citizen.client)).toBe(true);
    }
    offsetMs += minutes(25);
    expect(await stillSignedIn(staff.client)).toBe(false);
    expect(await stillSignedIn(citizen.client)).toBe(true);
  });

  it('"sign out on all devices" ends every session of the person, this one too, and is in their log', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const phone = new Client(app.url);
    expect((await phone.post('/sign-in', { username: citizen.username, password: PASSWORD })).status).toBe(303);
    const page = await citizen.client.get('/account');
    // A plain form: it works without JavaScript.
    expect(page.text).toMatch(/<form method="post" action="\/account\/sign-out-everywhere"/);
    const res = await citizen.client.post('/account/sign-out-everywhere', {});
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/sign-in/);
    expect(await stillSignedIn(phone)).toBe(false);
    expect(await stillSignedIn(citizen.client)).toBe(false);
    const sessions = await app.deps.db.selectFrom('sessions').select('id').where('user_id', '=', citizen.id).execute();
    expect(sessions).toEqual([]);
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_user_id', '=', citizen.id)
      .where('action', '=', 'account.sign_out_everywhere')
      .execute();
    expect(audit.length).toBe(1);
  });
});
