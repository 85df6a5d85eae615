import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEAM, DEMO_USERNAMES, seedDemo, type DemoSeed } from '../../src/cli/demo.ts';
import { fillInDemo } from '../../src/cli/demo-life.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';
import { Secret } from 'otpauth';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';

// `npm run admin -- demo` promises someone trying Egne ord a demo that is lived in: each role
// finds what that role would find after a few weeks of use, not empty pages. These tests sign in
// as the demo people afterwards, as that someone would, and look.

let app: TestApp;
let seed: DemoSeed;
let printout: string;
const sessions = new Map<string, Client>();
// The app's clock starts at the first minute of a ten-minute rate-limit window, so the sign-ins
// below fall in the same window as the filling's.
const RATE_WINDOW_MS = 10 * 60_000;
const offset = RATE_WINDOW_MS - (Date.now() % RATE_WINDOW_MS) + 60_000;
beforeAll(async () => {
  // Ten sign-ins per address in ten minutes: the filling's own eight would leave two.
  app = await startTestApp({ env: { LOGIN_LIMIT_PER_ADDRESS: '10' }, now: () => new Date(Date.now() + offset) });
  seed = await seedDemo(app.deps);
  printout = await fillInDemo({ config: app.deps.config, database: app.database, now: app.deps.now }, seed);
});
afterAll(async () => {
  await app?.close();
});

/** Signs in as a person trying the demo does: the printed password, and the code their
 * authenticator app shows now for the key the demo printed. */
async function signInAsTheyWould(username: string): Promise<Client> {
  const client = new Client(app.url);
  expect((await client.post('/sign-in', { username, password: seed.password })).status, username).toBe(303);
  const key = seed.printout.match(new RegExp(`username ${username}\\s+authenticator key ([A-Z2-7]+)`))?.[1];
  if (key) {
    const shownByTheApp = totpAt(new Uint8Array(Secret.fromBase32(key).buffer), currentStep(app.deps.now().getTime()));
    expect((await client.post('/sign-in/code', { code: shownByTheApp })).status, `${username}'s code`).toBe(303);
  }
  return client;
}

describe(`the demo, filled in, on ${testDbKind()}`, () => {
  // The filling signed each of them in a moment ago; a code works only once, and sign-ins from
  // one address are counted.
  it('someone trying the demo on this machine can sign in as each of its people at once, with the code their app shows', async () => {
    const usernames = [...Object.values(DEMO_USERNAMES), ...DEMO_TEAM.map((p) => p.username)];
    expect(usernames).toHaveLength(8);
    for (const username of usernames) sessions.set(username, await signInAsTheyWould(username));
  });

  it("the coordinator finds the round on the home page, and its report shows the answers (not 'too few to show')", async () => {
    const coordinator = sessions.get(DEMO_USERNAMES.coordinator)!;
    const home = await coordinator.get('/');
    const roundPath = home.text.match(/href="(\/rounds\/[0-9a-f-]{36})"/)?.[1];
    expect(roundPath, 'a link to the round on the home page').toBeDefined();
    const report = await coordinator.get(`${roundPath}/report`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('Efteråret 2026');
    const text = report.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    // Thirteen citizens answered, seven of them the check-in after a meeting: above the five a
    // figure needs before it is shown.
    expect(text).toContain('Hvem har svaret Borgere 13');
    expect(text).toContain('Efter mødet Har svaret: 7');
    expect(printout).toContain('13 anonymous answers');
  });

  it('the professional finds the statement Alma shared with them; the peer finds Alma; Alma finds her statement', async () => {
    const shared = await sessions.get(DEMO_USERNAMES.professional)!.get('/shared');
    expect(shared.status).toBe(200);
    expect(shared.text).toContain('Alma (demo)');
    const overview = await sessions.get(DEMO_USERNAMES.peer)!.get('/peer');
    expect(overview.text).toContain('Alma (demo)');
    const statements = await sessions.get(DEMO_USERNAMES.citizen)!.get('/statements');
    expect(statements.text).toContain('Mødet med jobcentret');
  });
});
