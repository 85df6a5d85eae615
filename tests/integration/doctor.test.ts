import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyOfPgliteTemplate, startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { startSmtp } from '../support/smtp.ts';
import { freePort } from '../support/postgres-server.ts';
import { loadConfig } from '../../src/server/config.ts';
import { examineInstallation } from '../../src/server/services/doctor.ts';
import { backupTo } from '../../src/server/services/backups.ts';
import { CHILD_NODE_ARGS, COMMAND_WAIT_MS } from '../support/wait.ts';
import { processEnvironment } from '../support/spawned-app.ts';
import type { Finding } from '../../src/domain/operations/doctor.ts';

// `npm run admin -- doctor` against real parts: key files on disk with their modes, a real SMTP
// server and a closed port, a real backup restored into a throwaway database (and a damaged one),
// the test PostgreSQL server's own settings and clock. Each unsafe setting is set and found.

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let dir: string;
let backupFile: string;
beforeAll(async () => {
  app = await startTestApp();
  smtp = await startSmtp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-doctor-'));
  backupFile = path.join(dir, 'nightly.backup');
  await backupTo(app.deps, backupFile);
});
afterAll(async () => {
  await smtp?.close();
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A key file with `mode`, at `where` (beside or inside the data folder). */
function keyFile(name: string, mode: number, inside = false): { DATA_DIR: string; DATA_KEY_FILE: string } {
  const dataDir = path.join(dir, `data-${name}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = inside ? path.join(dataDir, 'data.key') : path.join(dir, `${name}.key`);
  fs.writeFileSync(file, Buffer.alloc(32, 1).toString('base64'));
  fs.chmodSync(file, mode);
  return { DATA_DIR: dataDir, DATA_KEY_FILE: file };
}

const sound = () => ({ PUBLIC_ORIGIN: 'https://egneord.example.dk', HOST: '127.0.0.1', TRUST_PROXY: 'true', SMTP_URL: smtp.url, ...keyFile('sound', 0o600) });

/** The findings for `env`; a backup only where the test names one (each is restored, which takes seconds). */
async function findings(env: Record<string, string>, options: { backupFile?: string; now?: () => Date } = {}): Promise<Finding[]> {
  const deps = { ...app.deps, now: options.now ?? app.deps.now };
  return examineInstallation(deps, loadConfig(env), options.backupFile ? { backupFile: options.backupFile } : {});
}

const verdict = (list: Finding[], check: string) => list.find((f) => f.check.startsWith(check))?.verdict;
const unsafeChecks = (list: Finding[]) => list.filter((f) => f.verdict === 'unsafe').map((f) => f.check);

describe(`the production doctor on ${testDbKind()}`, () => {
  it('a sound configuration: the mail server answers, the backup restores, nothing unsafe', async () => {
    const list = await findings(sound(), { backupFile });
    expect(unsafeChecks(list)).toEqual([]);
    expect(verdict(list, 'E-mail')).toBe('ok');
    expect(verdict(list, 'Backups')).toBe('ok');
    expect(verdict(list, 'Installation key')).toBe('ok');
  });

  it('finds each unsafe setting that is set', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['http origin', { ...sound(), PUBLIC_ORIGIN: 'http://egneord.example.dk' }, 'Public address'],
      ['cookies over http', { ...sound(), COOKIE_SECURE: 'false' }, 'Public address'],
      ['trusted headers on an open port', { ...sound(), HOST: '0.0.0.0' }, 'Reverse proxy'],
      ['a key readable by others', { ...sound(), ...keyFile('open', 0o644) }, 'Installation key'],
      ['a key inside the data folder', { ...sound(), ...keyFile('inside', 0o600, true) }, 'Installation key'],
      ['a missing key', { ...sound(), DATA_KEY_FILE: path.join(dir, 'nowhere.key') }, 'Installation key'],
      ['a mail server that is not there', { ...sound(), SMTP_URL: `smtp://127.0.0.1:${await freePort()}` }, 'E-mail'],
    ];
    for (const [what, env, check] of cases) expect([what, unsafeChecks(await findings(env))]).toEqual([what, [expect.stringContaining(check)]]);
  });

  it('an old backup, and a file that is not a backup, are unsafe; a backup not named is only to check', async () => {
    const old = path.join(dir, 'old.backup');
    fs.copyFileSync(backupFile, old);
    const twoDaysAgo = new Date(Date.now() - 49 * 3_600_000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(verdict(await findings(sound(), { backupFile: old }), 'Backups')).toBe('unsafe');
    const damaged = path.join(dir, 'damaged.backup');
    const bytes = fs.readFileSync(backupFile);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    const list = await findings(sound(), { backupFile: damaged });
    expect(verdict(list, 'Backups')).toBe('unsafe');
    expect(list.find((f) => f.check === 'Backups')!.why).toContain('does not restore');
    expect(verdict(await findings(sound(), {}), 'Backups')).toBe('warn');
  });

  it.runIf(testDbKind() === 'postgres')('reads the PostgreSQL server: its version, autovacuum, timeouts, and a clock a minute off', async () => {
    const list = await findings(sound());
    expect(verdict(list, 'PostgreSQL version')).toBe('ok');
    expect(verdict(list, 'Autovacuum')).toBe('ok');
    expect(['ok', 'warn']).toContain(verdict(list, 'Timeouts'));
    expect(verdict(list, 'Clock')).toBe('ok');
    const aMinuteAhead = await findings(sound(), { now: () => new Date(Date.now() + 60_000) });
    expect(unsafeChecks(aMinuteAhead)).toEqual(['Clock']);
  });

  it('the command exits 1 when something is unsafe and 0 when nothing is', () => {
    const admin = path.resolve('src/cli/admin.ts');
    // PostgreSQL: the app's own test database and key. Embedded: a copy of the suite's migrated
    // folder, since the running app holds its own folder's lock.
    const copy = testDbKind() === 'postgres' ? null : copyOfPgliteTemplate();
    const base = { ...processEnvironment(), ...(copy ? { DATA_DIR: copy.dataDir, DATA_KEY: copy.key } : app.env) };
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [...CHILD_NODE_ARGS, admin, 'doctor'], { env: { ...base, ...env }, encoding: 'utf8', timeout: COMMAND_WAIT_MS });
    const unsafe = run({ PUBLIC_ORIGIN: 'http://egneord.example.dk' });
    expect(unsafe.status).toBe(1);
    expect(unsafe.stdout).toMatch(/^UNSAFE {2}Public address/m);
    const fine = run({ PUBLIC_ORIGIN: 'https://egneord.example.dk', HOST: '127.0.0.1', TRUST_PROXY: 'true' });
    expect(fine.stdout).toContain('0 unsafe');
    expect(fine.status).toBe(0);
    if (copy) fs.rmSync(copy.dataDir, { recursive: true, force: true });
  });
});
