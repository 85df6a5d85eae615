// Faults: a killed process, a database that goes away, a request sent twice. Whatever
// happens, a save the app said yes to is kept, and statement, version and audit row are
// written together or not at all.
import { afterAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { sql } from 'kysely';
import { Client, signUpCitizen } from '../support/client.ts';
import { copyOfPgliteTemplate, freshDatabaseUrl, startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts';
import { openDatabase } from '../../src/server/db/database.ts';
import { SERVER_START_WAIT_MS, waitFor } from '../support/wait.ts';
import { appEnvironment, spawnApp, type SpawnedApp } from '../support/spawned-app.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The app as its own process on `env`, logging nothing; killed at the end if still running. */
async function startChild(env: Record<string, string>): Promise<SpawnedApp> {
  const app = await spawnApp({ env: appEnvironment({ LOG_LEVEL: 'silent', ...env }) });
  cleanups.push(app.kill);
  return app;
}

async function templateIdOf(client: Client): Promise<string> {
  const page = await client.get('/statements');
  const id = page.text.match(/<option value="([0-9a-f-]{36})"[^>]*>(Personligt statement|Personal statement)/)?.[1];
  if (!id) throw new Error('no personal statement template on /statements');
  return id;
}

async function newStatement(client: Client, templateId: string, fields: Record<string, string> = {}): Promise<{ status: number; id: string }> {
  const res = await client.post('/statements', { purpose: 'Til mødet', templateId, ...fields });
  return { status: res.status, id: res.location?.match(/\/statements\/([0-9a-f-]{36})\//)?.[1] ?? '' };
}

async function revisionOf(client: Client, id: string): Promise<number> {
  const page = await client.get(`/statements/${id}/write/who`);
  expect(page.status).toBe(200);
  return Number(page.text.match(/name="revision" value="(\d+)"/)![1]);
}

interface Writer {
  id: string;
  /** The last save answered 2xx: its text and the revision the answer gave. */
  acked?: { text: string; revision: number };
  ackedCount: number;
  /** The save sent after the last acknowledged one, whose answer may never have come. */
  inFlight?: string;
}

describe(`faults on ${testDbKind()}`, () => {
  it('SIGKILL in the middle of a burst of autosaves loses no acknowledged save, and statement, version and audit stay together', async () => {
    const kind = testDbKind();
    // On PGlite a copy of the suite's migrated folder: the child is spared initdb and migrations.
    const copy = copyOfPgliteTemplate();
    const env: Record<string, string> = copy
      ? { DATA_DIR: copy.dataDir, DATA_KEY: copy.key }
      : { DATABASE_URL: (await freshDatabaseUrl())!, DATA_KEY: crypto.randomBytes(32).toString('base64') };
    if (copy) cleanups.push(() => fs.rmSync(copy.dataDir, { recursive: true, force: true }));
    const first = await startChild(env);
    const { client } = await signUpCitizen(first.url);
    const templateId = await templateIdOf(client);
    const writers: Writer[] = [];
    for (let i = 0; i < 3; i++) writers.push({ id: (await newStatement(client, templateId)).id, ackedCount: 0 });

    // Three writers save one after the other on their own statement, each text unique.
    let killed = false;
    let totalAcked = 0;
    const write = async (w: Writer, index: number) => {
      let revision = await revisionOf(client, w.id);
      for (let n = 1; !killed; n++) {
        const text = `Tekst ${index} nummer ${n} om hvem jeg er`;
        w.inFlight = text;
        const res = await client.postJson(`/statements/${w.id}/autosave`, { revision, fields: { whoIAm: text } }).catch(() => undefined);
        if (!res) return; // the connection died with the process
        if (res.status === 200) {
          revision = (JSON.parse(res.text) as { revision: number }).revision;
          w.acked = { text, revision };
          w.ackedCount += 1;
          w.inFlight = undefined;
          totalAcked += 1;
        } else if (res.status >= 500) return;
        else throw new Error(`unexpected ${res.status}: ${res.text.slice(0, 200)}`);
      }
    };
    const burst = Promise.all(writers.map((w, i) => write(w, i)));
    await waitFor(async () => totalAcked >= 30, SERVER_START_WAIT_MS, '30 acknowledged saves');
    killed = true;
    await first.kill();
    await burst;
    expect(totalAcked).toBeGreaterThanOrEqual(30);

    // The same data again; the lock file the dead process left is taken over.
    const second = await startChild(env);
    const again = new Client(second.url);
    for (const [k, v] of client.cookies) again.cookies.set(k, v);
    const seen: { id: string; revision: number }[] = [];
    for (const w of writers) {
      const page = await again.get(`/statements/${w.id}/write/who`);
      expect(page.status).toBe(200);
      const revision = Number(page.text.match(/name="revision" value="(\d+)"/)![1]);
      expect(w.acked).toBeDefined();
      const acked = w.acked!;
      expect(revision).toBeGreaterThanOrEqual(acked.revision);
      // At most the one unanswered save can have landed after the last acknowledged one.
      expect(revision).toBeLessThanOrEqual(acked.revision + 1);
      expect(page.text).toContain(revision === acked.revision ? acked.text : w.inFlight!);
      seen.push({ id: w.id, revision });
    }
    expect(await second.stop()).toBe(0);

    const database = await openDatabase(kind === 'postgres' ? { url: env.DATABASE_URL!, dataDir: '' } : { dataDir: env.DATA_DIR! });
    try {
      for (const [i, w] of writers.entries()) {
        const statement = await database.db.selectFrom('statements').select(['revision', 'answers']).where('id', '=', w.id).executeTakeFirstOrThrow();
        expect(statement.revision).toBe(seen[i]!.revision);
        const latest = await database.db
          .selectFrom('statement_versions')
          .select(['revision', 'answers'])
          .where('statement_id', '=', w.id)
          .orderBy('revision', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();
        // The version row covers the statement's revision and holds the very same sealed text.
        expect(latest.revision).toBe(statement.revision);
        expect(Buffer.from(latest.answers).equals(Buffer.from(statement.answers))).toBe(true);
        const updates = await sql<{ n: string }>`select count(*) as n from audit_log where object_id = ${w.id} and action = 'statement.update'`.execute(
          database.db,
        );
        const count = Number(updates.rows[0]!.n);
        // One audit row per save that happened (revision 1 is the creation), none for a save that did not.
        expect(count).toBe(statement.revision - 1);
        expect(count).toBeGreaterThanOrEqual(w.ackedCount);
      }
    } finally {
      await database.close();
    }
  });

  it.runIf(testDbKind() === 'postgres')('when PostgreSQL goes away the app answers 5xx and stays up, and recovers when it is back', async () => {
    // A server of its own: the suite's server is shared by every test file.
    const server: PostgresServer = await startPostgres();
    cleanups.push(() => server.stop());
    const admin = new pg.Client({ connectionString: server.url });
    admin.on('error', () => {});
    await admin.connect();
    let adminOpen = true;
    cleanups.push(async () => {
      if (adminOpen) await admin.end().catch(() => {});
    });
    await admin.query('create database faults');
    const app: TestApp = await startTestApp({ databaseUrl: server.url.replace(/\/postgres$/, '/faults') });
    cleanups.push(() => app.close());
    const { client } = await signUpCitizen(app.url);
    const { id } = await newStatement(client, await templateIdOf(client));
    const pagePath = `/statements/${id}/write/who`;
    expect((await client.get(pagePath)).status).toBe(200);

    // Every connection of the app is cut while requests are running: those get an answer
    // (done or an error page), and the pool replaces the dead connections for the next ones.
    const running = Array.from({ length: 20 }, () => client.get(pagePath));
    await new Promise((r) => setTimeout(r, 5));
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = 'faults' and pid <> pg_backend_pid()`);
    for (const res of await Promise.all(running)) expect([200, 500, 503]).toContain(res.status);
    for (let i = 0; i < 12; i++) expect((await client.get(pagePath)).status).toBe(200);
    adminOpen = false;
    await admin.end();

    // Requests in flight while the server shuts down: each gets an answer, none hangs.
    const inFlight = Array.from({ length: 10 }, () => client.get(pagePath));
    server.stopOnly();
    for (const res of await Promise.all(inFlight)) expect([200, 500, 503]).toContain(res.status);

    const page = await client.get(pagePath);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBeTruthy();
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<h1>');
    const save = await client.postJson(`/statements/${id}/autosave`, { revision: 1, fields: { whoIAm: 'Mens databasen var væk' } });
    expect(save.status).toBe(503);
    expect(save.headers.get('content-type')).toContain('application/json');
    // The same step sent as a plain form (no JavaScript): the page says nothing typed is lost, and
    // shows it back, so that it is true even where the browser's back button forgets it.
    const form = await client.request('POST', `/statements/${id}/write/who`, {
      body: new URLSearchParams({ revision: '1', action: 'next', whoIAm: 'Skrevet mens databasen var væk', _csrf: client.csrf() }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    expect(form.status).toBe(503);
    expect(form.text).toContain('Det, du har skrevet, er ikke gået tabt.');
    expect(form.text).toContain('<p class="kept-text">Skrevet mens databasen var væk</p>');
    // Probes come without cookies, as from a load balancer or an orchestrator.
    const probe = new Client(app.url);
    expect((await probe.get('/healthz')).status).toBe(200);
    // A signed-in visitor on a public page is served as anonymous rather than failed.
    expect((await client.get('/healthz')).status).toBe(200);
    expect((await client.get('/write')).status).toBe(200);
    expect((await probe.get('/readyz')).status).toBe(503);

    server.startOnly();
    await waitFor(async () => (await probe.get('/readyz')).status === 200, SERVER_START_WAIT_MS, 'readiness after PostgreSQL is back');
    const back = await client.get(pagePath);
    expect(back.status).toBe(200);
    const revision = Number(back.text.match(/name="revision" value="(\d+)"/)![1]);
    const saved = await client.postJson(`/statements/${id}/autosave`, { revision, fields: { whoIAm: 'Efter databasen kom tilbage' } });
    expect(saved.status).toBe(200);
    expect((await client.get(pagePath)).text).toContain('Efter databasen kom tilbage');
  });

  it('the same new-statement form sent twice (same idempotency key) makes one statement', async () => {
    const app = await startTestApp();
    cleanups.push(() => app.close());
    const { client, username } = await signUpCitizen(app.url);
    const templateId = await templateIdOf(client);
    const key = `retry_${crypto.randomBytes(12).toString('base64url')}`;
    const one = await newStatement(client, templateId, { idempotencyKey: key });
    const two = await newStatement(client, templateId, { idempotencyKey: key });
    expect(one.status).toBe(303);
    expect(two.status).toBe(303);
    expect(two.id).toBe(one.id);
    const user = await app.deps.db.selectFrom('users').select('id').where('username', '=', username.toLowerCase()).executeTakeFirstOrThrow();
    const rows = await app.deps.db.selectFrom('statements').select('id').where('owner_id', '=', user.id).execute();
    expect(rows.map((r) => r.id)).toEqual([one.id]);
    // A different key is a different statement.
    const three = await newStatement(client, templateId, { idempotencyKey: `other_${crypto.randomBytes(12).toString('base64url')}` });
    expect(three.id).not.toBe(one.id);
  });
});
