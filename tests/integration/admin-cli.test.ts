import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyOfPgliteTemplate, freshDatabaseUrl, testDbKind } from '../support/test-app.ts';
import { CHILD_NODE_ARGS, COMMAND_WAIT_MS } from '../support/wait.ts';
import { processEnvironment } from '../support/spawned-app.ts';

// The admin command line as an operator runs it: each command is its own Node process, so this
// file mostly waits for processes to start. It is a file of its own so that it runs beside the
// other operations tests instead of after them.

const node = process.execPath;

describe(`the admin command line on ${testDbKind()}`, () => {
  it('the admin command line: the demo once and never twice, backup, restore, the first administrator, the answer queue', async () => {
    const admin = path.resolve('src/cli/admin.ts');
    // Both installations start as a fresh one is after its first start (on PGlite a copy of the
    // suite's migrated folder, sparing each command initdb); creating a new installation and its
    // key file is the lock test's below.
    const installation = async (): Promise<Record<string, string>> => {
      const copy = copyOfPgliteTemplate();
      if (!copy) return { ...processEnvironment(), DATABASE_URL: (await freshDatabaseUrl({ migrated: true }))!, DATA_KEY: inject('pgTemplate').key };
      onTestFinished(() => fs.rmSync(copy.dataDir, { recursive: true, force: true }));
      return { ...processEnvironment(), DATA_DIR: copy.dataDir, DATA_KEY: copy.key };
    };
    const env = await installation();
    // Generous: on a busy 2-core machine the demo (argon2 for every account) has taken over a minute.
    const run = (...args: string[]) => spawnSync(node, [...CHILD_NODE_ARGS, admin, ...args], { env, encoding: 'utf8', timeout: COMMAND_WAIT_MS });
    const first = run('demo');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('demo-borger');
    expect(first.stdout).toContain('fiktiv');
    // Filled in through the app, served for the moment on the database the command has open.
    expect(first.stdout).toContain('"Efteråret 2026" with 13 anonymous answers');
    const second = run('demo');
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('already holds data');
    const code = run('totp', 'demo-peer');
    expect(code.stdout).toMatch(/^\d{6} /);
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-cli-files-'));
    const backupFile = path.join(files, 'demo.backup');
    const ledgerFile = path.join(files, 'demo.ledger');
    expect(run('backup', backupFile).status).toBe(0);
    expect(fs.readFileSync(backupFile).includes('demo-borger')).toBe(false);
    expect(run('export-ledger', ledgerFile).status).toBe(0);
    const unsure = run('restore', backupFile);
    expect(unsure.status).toBe(1);
    expect(unsure.stderr).toContain('--ledger');
    expect(run('restore', backupFile, '--ledger', ledgerFile).stderr).toContain('not empty');

    // Into a new installation with the same key: restored, and the demo accounts are there.
    const elsewhere = await installation();
    const runElsewhere = (...args: string[]) =>
      spawnSync(node, [...CHILD_NODE_ARGS, admin, ...args], { env: elsewhere, encoding: 'utf8', timeout: COMMAND_WAIT_MS });
    const restore = runElsewhere('restore', backupFile, '--ledger', ledgerFile);
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toContain('Restored');
    expect(runElsewhere('totp', 'demo-peer').stdout).toMatch(/^\d{6} /);
    // The first administrator of a new installation, and the answer queue written out by hand.
    const created = runElsewhere('create-admin', '--organisation', 'Region Prøve', '--kind', 'region', '--username', 'drift', '--name', 'Drift');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('Created organisation "Region Prøve" and administrator "drift"');
    expect(created.stdout).toMatch(/Password: \S{12,}/);
    expect(runElsewhere('create-admin', '--organisation', 'X', '--username', 'drift2', '--name', 'D', '--kind', 'nonsense').stderr).toContain('--kind must be');
    expect(runElsewhere('flush-answers').stdout).toContain('Wrote 0 waiting answers.');
    // Something else given as a backup is refused with one line (tests/integration/backup.test.ts
    // covers changed, cut-off and wrong-key files).
    const refused = run('restore', ledgerFile, '--without-ledger');
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('erasure ledger, not a backup');
    fs.rmSync(files, { recursive: true, force: true });
  });
});
