// Backup and restore drill: a database filled through the app, backed up, restored into a
// fresh one and compared table by table, row by row, byte by byte; and the restored texts
// open with the same installation key. The backup file is encrypted and authenticated: it shows
// nothing in plain text, and a changed, cut-off or wrong-key file is refused with one line before
// anything is committed, so the target stays as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Client, signUpCitizen } from '../support/client.ts';
import { openTestDatabase, startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, PASSWORD } from '../support/fixtures.ts';
import { BackupRefused, userTables } from '../../src/server/db/backup.ts';
import type { Db, OpenDatabase } from '../../src/server/db/database.ts';
import { loadConfig } from '../../src/server/config.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { StartError } from '../../src/server/installation.ts';
import { Keyring } from '../../src/server/crypto/envelope.ts';
import { backupTo, restoreFrom } from '../../src/server/services/backups.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';

let app: TestApp;
const closers: (() => Promise<void>)[] = [];
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-backup-'));
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await app?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Every row of a table as PostgreSQL itself writes it out (to_jsonb: bytea as hex, jsonb as
 * stored), sorted, so two databases compare exactly and in any row order. */
async function tableRows(db: Db, table: string): Promise<string[]> {
  const result = await sql<{ row: unknown }>`select to_jsonb(t) as row from ${sql.table(table)} t`.execute(db);
  return result.rows.map((r) => JSON.stringify(normalise(typeof r.row === 'string' ? JSON.parse(r.row) : r.row))).sort();
}

const timestamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?([+-]\d\d:\d\d)$/;

/** Sorted keys; timestamps in one spelling with all six fractional digits, so a lost
 * microsecond fails the comparison. Everything else must match exactly. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  if (typeof value === 'string') {
    const m = timestamp.exec(value);
    if (m) return `${m[1]}.${(m[2] ?? '').padEnd(6, '0')}${m[3]}`;
  }
  return value;
}

async function count(db: Db, table: string): Promise<number> {
  const result = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]!.n);
}

/** Row counts of every table, to show a refused restore left nothing behind. */
async function countsOf(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await userTables(db)) counts[table] = await count(db, table);
  return counts;
}

/** Where the last whole block before `limit` ends: the 58-byte header, then blocks of a 4-byte
 * length word (top bit: last block), the ciphertext and a 16-byte tag. */
function blockBoundaryBefore(file: Buffer, limit: number): number {
  let at = 58;
  for (;;) {
    const next = at + 4 + (file.readUInt32BE(at) & 0x7fffffff) + 16;
    if (next > limit) return at;
    at = next;
  }
}

function revisionIn(text: string): string {
  return text.match(/name="revision" value="(\d+)"/)![1]!;
}

describe(`backup and restore on ${testDbKind()}`, () => {
  let restored: OpenDatabase;
  const backupFile = path.join(folder, 'drill.backup');
  const citizen = { username: '', statementId: '', first: 'Første tekst om mig, med æ ø å', second: 'Anden tekst om mig — Åse og hunden' };
  let staff: { username: string; totpSecret: Buffer };

  it('restores every table row for row, bytea included, into a fresh database', async () => {
    // Organisations, sites, staff with memberships and second factors, sessions, audit rows.
    const world = await createWorld(app);
    const invite = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/invitations`, { role: 'peer', siteId: world.orgA.siteId });
    expect(invite.status).toBe(200);
    const provisioned = await provisionUser(app.deps, {
      username: `restorestaff${crypto.randomBytes(3).toString('hex')}`,
      chosenName: 'Gendannet',
      password: PASSWORD,
      kind: 'staff',
      withTotp: true,
      memberships: [{ organisationId: world.orgA.id, siteId: world.orgA.siteId, role: 'professional' }],
    });
    staff = { username: provisioned.username, totpSecret: provisioned.totpSecret! };

    // A citizen with two statements, one of them with two versions.
    const signedUp = await signUpCitizen(app.url);
    citizen.username = signedUp.username;
    const client = signedUp.client;
    const page = await client.get('/statements');
    const templateId = page.text.match(/<option value="([0-9a-f-]{36})"[^>]*>Personligt statement/)![1]!;
    const created = await client.post('/statements', {
      purpose: 'Møde i kommunen',
      templateId,
      idempotencyKey: `backup_${crypto.randomBytes(8).toString('hex')}`,
    });
    citizen.statementId = created.location!.match(/\/statements\/([0-9a-f-]{36})\//)![1]!;
    const id = citizen.statementId;
    let rev = revisionIn((await client.get(`/statements/${id}/write/who`)).text);
    expect((await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'next', whoIAm: citizen.first })).status).toBe(303);
    // Versions fold within ten minutes; move the latest back to get a second one.
    await app.deps.db
      .updateTable('statement_versions')
      .set({ created_at: new Date(Date.now() - 3600_000) } as never)
      .where('statement_id', '=', id)
      .execute();
    rev = revisionIn((await client.get(`/statements/${id}/write/who`)).text);
    expect((await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'next', whoIAm: citizen.second })).status).toBe(303);
    expect((await client.post('/statements', { purpose: 'Til jobcentret', templateId })).status).toBe(303);
    await world.citizenA.client.post('/statements', { purpose: 'Alma skriver', templateId });
    // Enough rows for a file of several blocks (64 KiB each): rate-limit windows of past sign-ins.
    await sql`insert into rate_limits (bucket, key_hash, window_start, hits)
      select 'signin-address', md5(g::text) || md5((g + 1)::text), now() - g * interval '1 minute', 1 + g % 7 from generate_series(1, 3000) g`.execute(
      app.deps.db,
    );

    const source = app.deps.db;
    for (const table of [
      'organisations',
      'sites',
      'users',
      'memberships',
      'staff_invitations',
      'sessions',
      'rate_limits',
      'idempotency_keys',
      'sheet_templates',
      'statements',
      'audit_log',
    ]) {
      expect(await count(source, table), table).toBeGreaterThan(0);
    }
    expect(await count(source, 'statement_versions')).toBeGreaterThanOrEqual(4);

    // As `npm run admin -- backup FILE` writes it: a file, encrypted with a key derived from the installation key.
    await backupTo(app.deps, backupFile);
    restored = await openTestDatabase();
    closers.push(() => restored.close());
    const target = { db: restored.db, dbKind: restored.kind, keyring: app.deps.keyring, now: () => new Date() };
    const bytes = fs.readFileSync(backupFile);
    // Large enough that a late block is read after earlier blocks' rows went into the transaction.
    expect(bytes.length).toBeGreaterThan(3 * 64 * 1024);

    // Nothing readable: not a username, a chosen name, a password hash, a table or column name;
    // and not the installation key, in either spelling.
    for (const plain of [citizen.username, staff.username, 'Gendannet', 'Alma', '$argon2id$', 'statement_versions', 'data_key', 'personal-statement']) {
      expect(bytes.includes(Buffer.from(plain)), plain).toBe(false);
    }
    expect(bytes.includes(Buffer.from(app.env.DATA_KEY!, 'base64'))).toBe(false);
    expect(bytes.includes(Buffer.from(app.env.DATA_KEY!))).toBe(false);

    // Refused with one line, and the target keeps nothing: a changed byte late in the file, a file
    // cut short at a block boundary and in the middle, another installation's key, not a backup.
    const emptyCounts = await countsOf(restored.db);
    const changed = Buffer.from(bytes);
    changed[changed.length - 100]! ^= 0x01;
    const cases: [string, Buffer, Keyring, RegExp][] = [
      ['changed', changed, app.deps.keyring, /damaged or changed/],
      ['cut at a block', bytes.subarray(0, blockBoundaryBefore(bytes, bytes.length - 10)), app.deps.keyring, /incomplete/],
      ['cut mid-block', bytes.subarray(0, bytes.length - 1000), app.deps.keyring, /incomplete/],
      ['other key', bytes, new Keyring(crypto.randomBytes(32)), /another installation key/],
      ['old JSON', Buffer.from(JSON.stringify({ format: 'egneord-backup', version: 1, tables: {} })), app.deps.keyring, /old, unencrypted format/],
      ['not a backup', crypto.randomBytes(5000), app.deps.keyring, /not an Egne ord backup/],
    ];
    for (const [name, content, keyring, message] of cases) {
      const file = path.join(folder, `${name.replace(/ /g, '-')}.backup`);
      fs.writeFileSync(file, content);
      const error = await restoreFrom({ ...target, keyring }, file, { ledgerFile: null }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(BackupRefused);
      expect((error as Error).message, name).toMatch(message);
      expect((error as Error).message, name).not.toContain('\n');
      expect(await countsOf(restored.db), `${name}: the target is untouched`).toEqual(emptyCounts);
    }

    await restoreFrom(target, backupFile, { ledgerFile: null });

    const tables = await userTables(source);
    expect(await userTables(restored.db)).toEqual(tables);
    for (const table of tables) {
      const before = await tableRows(source, table);
      const after = await tableRows(restored.db, table);
      expect(after.length, `${table} row count`).toBe(before.length);
      expect(after, `${table} rows`).toEqual(before);
    }
  });

  it('the restored texts open with the same installation key, and the app carries on there', async () => {
    expect(restored, 'the first test restored a database').toBeDefined();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-restored-'));
    closers.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATA_KEY: app.env.DATA_KEY! });
    const second: RunningServer = await startServer(config, { database: restored });
    closers.push(() => second.close());

    const client = new Client(second.url);
    expect((await client.post('/sign-in', { username: citizen.username, password: PASSWORD })).status).toBe(303);
    const page = await client.get(`/statements/${citizen.statementId}/write/who`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(citizen.second);
    const list = await client.get('/statements');
    expect(list.text).toContain('Møde i kommunen');
    expect(list.text).toContain('Til jobcentret');
    const versions = await client.get(`/statements/${citizen.statementId}/versions`);
    const versionIds = [
      ...new Set([...versions.text.matchAll(new RegExp(`/statements/${citizen.statementId}/versions/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!)),
    ];
    expect(versionIds.length).toBeGreaterThanOrEqual(2);
    const texts = await Promise.all(versionIds.map(async (v) => (await client.get(`/statements/${citizen.statementId}/versions/${v}`)).text));
    expect(texts.some((t) => t.includes(citizen.first))).toBe(true);
    // New rows after the restore do not collide with restored ones (the audit sequence moved on).
    const rev = revisionIn(page.text);
    expect(
      (await client.postJson(`/statements/${citizen.statementId}/autosave`, { revision: Number(rev), fields: { whoIAm: 'Skrevet efter gendannelsen' } }))
        .status,
    ).toBe(200);

    // A staff member's second factor is sealed with their data key too: it must still open.
    const staffClient = new Client(second.url);
    expect((await staffClient.post('/sign-in', { username: staff.username, password: PASSWORD })).status).toBe(303);
    expect((await staffClient.post('/sign-in/code', { code: totpAt(staff.totpSecret, currentStep()) })).status).toBe(303);
    expect((await staffClient.get('/account')).status).toBe(200);

    // With another installation key the app does not start on these rows at all.
    const wrongDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-wrongkey-'));
    closers.push(async () => fs.rmSync(wrongDir, { recursive: true, force: true }));
    const wrong = startServer(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: wrongDir, DATA_KEY: crypto.randomBytes(32).toString('base64') }),
      { database: restored },
    );
    await expect(wrong).rejects.toThrow(StartError);
    await expect(wrong).rejects.toThrow(/installation key does not match/);
  });

  it('refuses to restore into a database that is not empty', async () => {
    expect(fs.existsSync(backupFile), 'the first test made a backup').toBe(true);
    const before = await count(app.deps.db, 'users');
    await expect(restoreFrom(app.deps, backupFile, { ledgerFile: null })).rejects.toThrow(/not empty/);
    expect(await count(app.deps.db, 'users')).toBe(before);
  });
});
