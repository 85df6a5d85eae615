import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { openDatabase } from '../db/database.ts';
import { postgresFacts } from '../repositories/database-facts.ts';
import { BACKUP_MAX_AGE_HOURS, judge, type DoctorFacts, type Finding } from '../../domain/operations/doctor.ts';
import { restoreFrom } from './backups.ts';

// `npm run admin -- doctor`: gathers what the running configuration really is (the key file on
// disk, the mail server's answer, the newest backup restored into a throwaway database, the
// PostgreSQL server's settings and clock) and lets domain/operations/doctor.ts judge it.

const MAIL_WAIT_MS = 10_000;

/** PostgreSQL durations as `current_setting` gives them ("0", "30s", "5min", "250ms"), in ms. */
function durationMs(setting: string): number {
  const m = setting.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?$/);
  if (!m) return 0;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
  return Number(m[1]) * unit;
}

function keyFacts(config: Config): DoctorFacts['key'] {
  if (config.DATA_KEY) return { source: 'environment' };
  const file = config.dataKeyFile;
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(file);
  } catch {
    stat = null;
  }
  const relative = path.relative(config.dataDir, file);
  return {
    source: 'file',
    path: file,
    exists: stat !== null,
    insideDataFolder: !config.DATABASE_URL && !relative.startsWith('..') && !path.isAbsolute(relative),
    mode: stat ? stat.mode : null,
    ownedByServiceUser: stat && process.getuid ? stat.uid === process.getuid() : null,
  };
}

async function mailFacts(config: Config): Promise<DoctorFacts['mail']> {
  if (!config.SMTP_URL) return { configured: false };
  const url = new URL(config.SMTP_URL);
  for (const name of ['connectionTimeout', 'greetingTimeout', 'socketTimeout'])
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(MAIL_WAIT_MS));
  const transport = nodemailer.createTransport(url.toString());
  try {
    await transport.verify();
    return { configured: true, reachable: true };
  } catch (error) {
    return { configured: true, reachable: false, error: (error as Error).message.split('\n')[0] ?? 'no answer' };
  } finally {
    transport.close();
  }
}

/** The backup's age, and a restore of it into a new in-memory database with this installation's key. */
async function backupFacts(deps: Pick<AppDeps, 'keyring' | 'now'>, file: string | undefined): Promise<DoctorFacts['backup']> {
  if (!file) return { given: false };
  let ageHours: number | null = null;
  try {
    ageHours = (deps.now().getTime() - fs.statSync(file).mtime.getTime()) / 3_600_000;
  } catch {
    return { given: true, ageHours: null, restored: false, error: `${file} cannot be read` };
  }
  // A backup a daily run has passed by is unsafe whatever it holds: say so without the restore's wait.
  if (ageHours > BACKUP_MAX_AGE_HOURS) return { given: true, ageHours, restored: null };
  const scratch = await openDatabase({ dataDir: '', inMemory: true });
  try {
    await restoreFrom({ db: scratch.db, dbKind: scratch.kind, keyring: deps.keyring, now: deps.now }, file, { ledgerFile: null });
    return { given: true, ageHours, restored: true };
  } catch (error) {
    return { given: true, ageHours, restored: false, error: (error as Error).message.split('\n')[0] ?? 'unknown error' };
  } finally {
    await scratch.close();
  }
}

async function databaseFacts(deps: Pick<AppDeps, 'db' | 'dbKind' | 'now'>): Promise<DoctorFacts['database']> {
  if (deps.dbKind === 'pglite') return { kind: 'embedded' };
  const facts = await postgresFacts(deps.db);
  return {
    kind: 'postgres',
    majorVersion: Math.floor(facts.versionNum / 10_000),
    statementTimeoutMs: durationMs(facts.statementTimeout),
    idleInTransactionTimeoutMs: durationMs(facts.idleInTransactionTimeout),
    autovacuum: facts.autovacuum === 'on',
    clockDriftSeconds: (deps.now().getTime() - facts.now.getTime()) / 1000,
  };
}

/** Every finding for this configuration, worst first within the fixed order of the checks. */
export async function examineInstallation(
  deps: Pick<AppDeps, 'db' | 'dbKind' | 'keyring' | 'now'>,
  config: Config,
  options: { backupFile?: string },
): Promise<Finding[]> {
  return judge({
    publicOrigin: config.PUBLIC_ORIGIN,
    cookieSecure: config.COOKIE_SECURE,
    host: config.HOST,
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN !== undefined,
    key: keyFacts(config),
    mail: await mailFacts(config),
    backup: await backupFacts(deps, options.backupFile),
    database: await databaseFacts(deps),
  });
}
