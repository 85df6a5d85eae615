import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDbKind } from '../support/test-app.ts';
import { spawnApp } from '../support/spawned-app.ts';
import { loadConfig } from '../../src/server/config.ts';

// deploy/egne-ord.service as systemd would run it: the working directory, the environment file
// and the command line read from the unit (with /opt/egne-ord standing for this checkout), then
// SIGTERM as `systemctl stop` sends it, which must end the app cleanly within TimeoutStopSec.

const root = path.resolve('.');
const INSTALLED = '/opt/egne-ord';

/** The unit's [Service] settings; a key given twice keeps every value. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = line.match(/^([A-Za-z]+)=(.*)$/);
    if (m) settings.set(m[1]!, [...(settings.get(m[1]!) ?? []), m[2]!.trim()]);
  }
  return settings;
}

/** An EnvironmentFile: KEY=VALUE lines, comments and blank lines left out, empty values unset. */
function environmentFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.match(/^([A-Z_][A-Z0-9_]*)=(.*)$/))
      .filter((m): m is RegExpMatchArray => !!m && m[2] !== '')
      .map((m) => [m[1]!, m[2]!]),
  );
}

// Not about the database: run once, in the embedded database's stage.
describe.runIf(testDbKind() === 'pglite')('the systemd unit', () => {
  it('is hardened, and its example settings are valid', () => {
    const unit = unitSettings(fs.readFileSync('deploy/egne-ord.service', 'utf8'));
    for (const [key, value] of [
      ['User', 'egne-ord'],
      ['NoNewPrivileges', 'true'],
      ['ProtectSystem', 'strict'],
      ['PrivateTmp', 'true'],
      ['KillSignal', 'SIGTERM'],
      ['Restart', 'on-failure'],
    ] as const)
      expect([key, unit.get(key)]).toEqual([key, [value]]);
    expect(unit.get('ReadWritePaths')).toEqual(['/var/lib/egne-ord']);
    // Node's compile cache in the folder systemd makes for the service, the one other place it may write.
    const compileCache = unit
      .get('Environment')!
      .find((e) => e.startsWith('NODE_COMPILE_CACHE='))
      ?.slice('NODE_COMPILE_CACHE='.length);
    expect(compileCache?.startsWith(`/var/cache/${unit.get('CacheDirectory')![0]}/`)).toBe(true);
    const example = environmentFile(fs.readFileSync('deploy/egne-ord.env.example', 'utf8'));
    const config = loadConfig(example);
    expect(config.PUBLIC_ORIGIN).toMatch(/^https:/);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.TRUST_PROXY).toBe(true);
    // The data folder is where the unit lets the app write, and the key is outside it.
    expect(config.dataDir.startsWith(unit.get('ReadWritePaths')![0]!)).toBe(true);
    expect(config.dataKeyFile.startsWith(config.dataDir)).toBe(false);
  });

  it('starts the app as the unit would, and SIGTERM stops it cleanly within TimeoutStopSec', async () => {
    const unit = unitSettings(fs.readFileSync('deploy/egne-ord.service', 'utf8'));
    const here = (p: string) => p.replaceAll(INSTALLED, root);
    const [program, ...args] = here(unit.get('ExecStart')![0]!).split(/\s+/);
    const cwd = here(unit.get('WorkingDirectory')![0]!);
    const stopWithinMs = Number(unit.get('TimeoutStopSec')![0]) * 1000;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-unit-'));
    // The example's settings, with this machine's places: embedded database, no mail.
    const example = environmentFile(fs.readFileSync('deploy/egne-ord.env.example', 'utf8'));
    delete example.DATABASE_URL;
    delete example.SMTP_URL;
    const fromUnit = Object.fromEntries(unit.get('Environment')!.map((e) => e.split('=', 2) as [string, string]));
    const env = {
      // systemd gives a service no more than a plain PATH and what the unit sets.
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      ...fromUnit,
      ...example,
      DATA_DIR: path.join(scratch, 'data'),
      DATA_KEY_FILE: path.join(scratch, 'data.key'),
      // systemd's CacheDirectory, here: a folder of this test's.
      NODE_COMPILE_CACHE: path.join(scratch, 'cache'),
    };
    let stop: (() => Promise<void>) | undefined;
    try {
      const app = await spawnApp({ env, command: { program: program!, args, cwd } });
      stop = app.kill;
      const sent = Date.now();
      expect(await app.stop()).toBe(0);
      expect(Date.now() - sent).toBeLessThan(stopWithinMs);
      expect(app.output()).toContain('Received SIGTERM, closing cleanly');
      expect(app.output()).toContain('Egne ord stopped.');
      // Closed cleanly: the data folder's lock is given back and the key file stays private.
      expect(fs.readdirSync(path.join(scratch, 'data')).filter((f) => f.includes('lock'))).toEqual([]);
      expect(fs.statSync(path.join(scratch, 'data.key')).mode & 0o077).toBe(0);
      // What Node compiled is kept for the next start.
      expect(fs.readdirSync(path.join(scratch, 'cache'), { recursive: true }).length).toBeGreaterThan(0);
    } finally {
      await stop?.();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
