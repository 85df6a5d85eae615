import { describe, expect, it } from 'vitest';
import { anyUnsafe, judge, type DoctorFacts } from './doctor.ts';

// A configuration a region would run, then each setting that makes it unsafe, one at a time.
const good: DoctorFacts = {
  publicOrigin: 'https://egneord.region.dk',
  cookieSecure: true,
  host: '127.0.0.1',
  trustProxy: true,
  metricsToken: true,
  key: { source: 'file', path: '/etc/egne-ord/data.key', exists: true, insideDataFolder: false, mode: 0o100600, ownedByServiceUser: true },
  mail: { configured: true, reachable: true },
  backup: { given: true, ageHours: 3, restored: true },
  database: { kind: 'postgres', majorVersion: 17, statementTimeoutMs: 30_000, idleInTransactionTimeoutMs: 60_000, autovacuum: true, clockDriftSeconds: 0.2 },
};

const verdictOf = (facts: DoctorFacts, check: string) => judge(facts).find((f) => f.check.startsWith(check))?.verdict;

describe('the production doctor', () => {
  it('finds nothing to fix in a sound configuration', () => {
    expect(judge(good).map((f) => f.verdict)).toEqual(judge(good).map(() => 'ok'));
    expect(anyUnsafe(judge(good))).toBe(false);
  });

  const unsafe: [string, Partial<DoctorFacts>, string][] = [
    ['no public address', { publicOrigin: undefined }, 'Public address'],
    ['a plain http address', { publicOrigin: 'http://egneord.region.dk' }, 'Public address'],
    ['cookies allowed over http', { cookieSecure: false }, 'Public address'],
    ['forwarded headers trusted on an open port', { host: '0.0.0.0' }, 'Reverse proxy'],
    ['the key file missing', { key: { ...(good.key as Extract<DoctorFacts['key'], { source: 'file' }>), exists: false } }, 'Installation key'],
    [
      'the key inside the data folder',
      { key: { ...(good.key as Extract<DoctorFacts['key'], { source: 'file' }>), insideDataFolder: true } },
      'Installation key',
    ],
    ['the key readable by others', { key: { ...(good.key as Extract<DoctorFacts['key'], { source: 'file' }>), mode: 0o100644 } }, 'Installation key'],
    [
      'the key owned by someone else',
      { key: { ...(good.key as Extract<DoctorFacts['key'], { source: 'file' }>), ownedByServiceUser: false } },
      'Installation key',
    ],
    ['a mail server that does not answer', { mail: { configured: true, reachable: false, error: 'connect ECONNREFUSED' } }, 'E-mail'],
    ['a backup two days old', { backup: { given: true, ageHours: 49, restored: true } }, 'Backups'],
    ['a backup that does not restore', { backup: { given: true, ageHours: 2, restored: false, error: 'not a backup' } }, 'Backups'],
    [
      'an old PostgreSQL',
      { database: { ...(good.database as Extract<DoctorFacts['database'], { kind: 'postgres' }>), majorVersion: 12 } },
      'PostgreSQL version',
    ],
    ['autovacuum off', { database: { ...(good.database as Extract<DoctorFacts['database'], { kind: 'postgres' }>), autovacuum: false } }, 'Autovacuum'],
    ['clocks a minute apart', { database: { ...(good.database as Extract<DoctorFacts['database'], { kind: 'postgres' }>), clockDriftSeconds: -61 } }, 'Clock'],
  ];
  for (const [what, change, check] of unsafe)
    it(`calls ${what} unsafe, and only that`, () => {
      const findings = judge({ ...good, ...change });
      expect(verdictOf({ ...good, ...change }, check)).toBe('unsafe');
      expect(findings.filter((f) => f.verdict === 'unsafe').map((f) => f.check.split(' (')[0])).toEqual([check.split(' (')[0]]);
      expect(anyUnsafe(findings)).toBe(true);
    });

  const toCheck: [string, Partial<DoctorFacts>, string][] = [
    ['the key in the environment', { key: { source: 'environment' } }, 'Installation key'],
    ['no e-mail', { mail: { configured: false } }, 'E-mail'],
    ['no backup named', { backup: { given: false } }, 'Backups'],
    ['no statement timeout', { database: { ...(good.database as Extract<DoctorFacts['database'], { kind: 'postgres' }>), statementTimeoutMs: 0 } }, 'Timeouts'],
    ['the embedded database', { database: { kind: 'embedded' } }, 'Database'],
    ['a proxy whose address is not trusted', { trustProxy: false }, 'Reverse proxy'],
  ];
  for (const [what, change, check] of toCheck)
    it(`asks to look at ${what}, without calling it unsafe`, () => {
      expect(verdictOf({ ...good, ...change }, check)).toBe('warn');
      expect(anyUnsafe(judge({ ...good, ...change }))).toBe(false);
    });
});
