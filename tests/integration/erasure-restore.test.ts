// Erasure survives a restore: a backup made before a citizen erased their account, restored
// later, must not bring the person back — not their sign-in, not an old session cookie, not an
// old share link, not their statements. The restore is given the live installation's erasure
// ledger (as `admin export-ledger` / `admin restore --ledger` do); a restore done by hand,
// without it, is caught when the app starts on a database whose ledger names a person still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '../support/client.ts';
import { PASSWORD, createWorld, shareOf, signedIn, statementOf, type Person, type World } from '../support/fixtures.ts';
import { keyedFingerprint } from '../../src/server/services/evaluation/keys.ts';
import { openTestDatabase, startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import type { OpenDatabase } from '../../src/server/db/database.ts';
import { backupTo, exportErasureLedger, restoreFrom } from '../../src/server/services/backups.ts';

let app: TestApp;
let world: World;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-erasure-restore-'));
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await app?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const TEXT = 'Jeg vil gerne have hjælp til at sove om natten';

interface Erased {
  person: Person;
  statementId: string;
  token: string;
  pollId: string;
}

/** A citizen with a statement and a share link, backed up, then erased through the app. */
async function erasedAfterBackup(backupFile: string): Promise<Erased> {
  const person = await signedIn(app, { kind: 'citizen', chosenName: 'Slettet' });
  const statementId = await statementOf(app, person, 'Til lægen');
  const page = await person.client.get(`/statements/${statementId}/write/who`);
  const revision = page.text.match(/name="revision" value="(\d+)"/)![1]!;
  expect((await person.client.post(`/statements/${statementId}/write/who`, { revision, action: 'next', whoIAm: TEXT })).status).toBe(303);
  const { token } = await shareOf(app, person);
  expect((await new Client(app.url).get(`/s/${token}`)).status).toBe(200);
  // A vote in a live poll while signed in: stored under a keyed fingerprint of (poll, account).
  const poll = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/polls`, { text: 'Hvordan var dagen?', options: 'God\nSvær' });
  const pollId = poll.location!.split('/').pop()!;
  const { code } = await app.deps.db.selectFrom('polls').select('code').where('id', '=', pollId).executeTakeFirstOrThrow();
  expect((await person.client.post(`/p/${code}`, { option: '0' })).status).toBe(303);
  await backupTo(app.deps, backupFile);
  const cookies = new Map(person.client.cookies);
  expect((await person.client.post('/account/delete', { password: PASSWORD })).status).toBe(200);
  // The erased person's browser still has the cookie from before.
  for (const [k, v] of cookies) person.client.cookies.set(k, v);
  return { person, statementId, token, pollId };
}

async function serve(database: OpenDatabase): Promise<RunningServer> {
  const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: folder, DATA_KEY: app.env.DATA_KEY! }), {
    database,
  });
  closers.push(() => server.close());
  return server;
}

async function expectGone(server: RunningServer, erased: Erased): Promise<void> {
  const signIn = await new Client(server.url).post('/sign-in', { username: erased.person.username, password: PASSWORD });
  expect(signIn.status, 'the erased person cannot sign in').not.toBe(303);
  const oldCookie = new Client(server.url);
  for (const [k, v] of erased.person.client.cookies) oldCookie.cookies.set(k, v);
  const statements = await oldCookie.get('/statements');
  expect(statements.status, 'the old session cookie is signed out').toBe(303);
  expect(statements.location).toMatch(/\/sign-in/);
  expect((await oldCookie.get(`/statements/${erased.statementId}/write/who`)).text).not.toContain(TEXT);
  expect((await new Client(server.url).get(`/s/${erased.token}`)).status, 'the old share link is gone').toBe(404);
  const db = server.deps.db;
  expect(await db.selectFrom('users').select('id').where('id', '=', erased.person.id).execute()).toEqual([]);
  expect(await db.selectFrom('statements').select('id').where('owner_id', '=', erased.person.id).execute()).toEqual([]);
  expect(await db.selectFrom('sessions').select('id').where('user_id', '=', erased.person.id).execute()).toEqual([]);
  expect(await db.selectFrom('shares').select('id').where('owner_id', '=', erased.person.id).execute()).toEqual([]);
  // The vote still counts, but its fingerprint no longer leads to the person.
  const votes = await db.selectFrom('poll_votes').select('voter_hash').where('poll_id', '=', erased.pollId).execute();
  expect(votes).toHaveLength(1);
  expect(votes[0]!.voter_hash).not.toBe(await keyedFingerprint(server.deps, 'poll-voter', erased.pollId, erased.person.id));
}

describe(`erasure survives restore on ${testDbKind()}`, () => {
  it('restoring an older backup with the live erasure ledger erases the person again before anyone is served', async () => {
    const backupFile = path.join(folder, 'before-erasure.backup');
    const ledgerFile = path.join(folder, 'ledger');
    const erased = await erasedAfterBackup(backupFile);
    await exportErasureLedger(app.deps, ledgerFile);

    const target = await openTestDatabase();
    closers.push(() => target.close());
    const result = await restoreFrom({ db: target.db, dbKind: target.kind, keyring: app.deps.keyring, now: () => new Date() }, backupFile, { ledgerFile });
    expect(result.erased).toBe(1);
    await expectGone(await serve(target), erased);
    // The restored installation keeps the ledger, so its own later backups carry the erasure on.
    expect(await target.db.selectFrom('erasure_ledger').select('user_id').where('user_id', '=', erased.person.id).execute()).toHaveLength(1);
  });

  it('a restore done by hand is caught at start: a ledger entry whose person is back is erased before the first request', async () => {
    const backupFile = path.join(folder, 'by-hand.backup');
    const erased = await erasedAfterBackup(backupFile);
    const erasedAt = (await app.deps.db.selectFrom('erasure_ledger').select('erased_at').where('user_id', '=', erased.person.id).executeTakeFirstOrThrow())
      .erased_at;

    const target = await openTestDatabase();
    closers.push(() => target.close());
    await restoreFrom({ db: target.db, dbKind: target.kind, keyring: app.deps.keyring, now: () => new Date() }, backupFile, { ledgerFile: null });
    // The older backup alone brings the person back …
    expect(await target.db.selectFrom('users').select('id').where('id', '=', erased.person.id).execute()).toHaveLength(1);
    // … until the live ledger's entry is put in by hand and the app starts.
    await target.db.insertInto('erasure_ledger').values({ user_id: erased.person.id, erased_at: erasedAt }).execute();
    await expectGone(await serve(target), erased);
  });
});
