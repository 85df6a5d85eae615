// The production doctor's judgement: what a region's operator must fix, from facts the service
// gathered (settings, the key file, the mail server, the last backup, the database, the clock).
// Pure, so every unsafe setting is a row in a table test; the texts are for operators, in English
// like the rest of the command line.

export type Verdict = 'ok' | 'warn' | 'unsafe';

export interface Finding {
  check: string;
  verdict: Verdict;
  /** One line: what was found and why it matters, or what to do. */
  why: string;
}

export interface DoctorFacts {
  publicOrigin: string | undefined;
  cookieSecure: boolean;
  /** Where the app listens (HOST). */
  host: string;
  trustProxy: boolean;
  metricsToken: boolean;
  key:
    | { source: 'environment' }
    | { source: 'file'; path: string; exists: boolean; insideDataFolder: boolean; mode: number | null; ownedByServiceUser: boolean | null };
  mail: { configured: false } | { configured: true; reachable: boolean; error?: string };
  /** The newest backup the operator named, and whether it opened and restored into a throwaway database. */
  backup: { given: false } | { given: true; ageHours: number | null /** null: not tried (too old to matter). */; restored: boolean | null; error?: string };
  database:
    | { kind: 'embedded' }
    | {
        kind: 'postgres';
        majorVersion: number;
        statementTimeoutMs: number;
        idleInTransactionTimeoutMs: number;
        autovacuum: boolean;
        clockDriftSeconds: number;
      };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** A backup older than this has missed a daily run. */
export const BACKUP_MAX_AGE_HOURS = 26;
const CLOCK_MAX_DRIFT_SECONDS = 5;
const OLDEST_POSTGRES = 14;

function origin(f: DoctorFacts): Finding {
  const check = 'Public address (PUBLIC_ORIGIN)';
  if (!f.publicOrigin) return { check, verdict: 'unsafe', why: 'not set: links in e-mails, passkeys and the sign-in broker need the https address people use' };
  const url = new URL(f.publicOrigin);
  if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname))
    return { check, verdict: 'unsafe', why: `${url.origin} is not https: passwords and sessions would cross the network in the clear` };
  if (!f.cookieSecure) return { check, verdict: 'unsafe', why: 'COOKIE_SECURE=false: session cookies would also be sent over plain http' };
  return { check, verdict: 'ok', why: `${url.origin}, cookies only over https` };
}

function key(f: DoctorFacts): Finding {
  const check = 'Installation key';
  const k = f.key;
  if (k.source === 'environment')
    return { check, verdict: 'warn', why: 'given in DATA_KEY: anyone who can read the service environment can open every sealed text; prefer DATA_KEY_FILE' };
  if (!k.exists) return { check, verdict: 'unsafe', why: `${k.path} does not exist: without it the sealed data cannot be opened` };
  if (k.insideDataFolder)
    return { check, verdict: 'unsafe', why: `${k.path} is inside the data folder: a copy of the folder would carry the key that opens it` };
  if (k.mode !== null && (k.mode & 0o077) !== 0)
    return { check, verdict: 'unsafe', why: `${k.path} can be read by others (mode ${(k.mode & 0o777).toString(8)}): chmod 600 it` };
  if (k.ownedByServiceUser === false) return { check, verdict: 'unsafe', why: `${k.path} belongs to another user: chown it to the service user` };
  return { check, verdict: 'ok', why: `${k.path}, outside the data folder, readable only by the service user` };
}

function mail(f: DoctorFacts): Finding {
  const check = 'E-mail (SMTP_URL)';
  if (!f.mail.configured) return { check, verdict: 'warn', why: 'not set: no reminders, confirmations or newsletters are sent (the pages say so)' };
  if (!f.mail.reachable) return { check, verdict: 'unsafe', why: `the mail server does not answer: ${f.mail.error ?? 'no connection'}` };
  return { check, verdict: 'ok', why: 'the mail server answers and accepts the connection' };
}

function backup(f: DoctorFacts): Finding {
  const check = 'Backups';
  const b = f.backup;
  if (!b.given) return { check, verdict: 'warn', why: 'no backup named: run the doctor with --backup FILE (the newest one) to check its age and restore it' };
  if (b.restored === false) return { check, verdict: 'unsafe', why: `the backup does not restore: ${b.error ?? 'unknown error'}` };
  if (b.ageHours === null || b.ageHours > BACKUP_MAX_AGE_HOURS)
    return { check, verdict: 'unsafe', why: `the newest backup is ${Math.round(b.ageHours ?? 0)} hours old: a daily backup has not run` };
  return {
    check,
    verdict: b.restored ? 'ok' : 'warn',
    why: `${Math.round(b.ageHours)} hours old${b.restored ? ', restored into a throwaway database' : ', not restored'}`,
  };
}

function database(f: DoctorFacts): Finding[] {
  const d = f.database;
  if (d.kind === 'embedded')
    return [{ check: 'Database', verdict: 'warn', why: 'the embedded database: fine for one organisation; a region runs PostgreSQL (DATABASE_URL)' }];
  const out: Finding[] = [];
  out.push(
    d.majorVersion < OLDEST_POSTGRES
      ? { check: 'PostgreSQL version', verdict: 'unsafe', why: `PostgreSQL ${d.majorVersion} is out of support: upgrade to ${OLDEST_POSTGRES} or newer` }
      : { check: 'PostgreSQL version', verdict: 'ok', why: `PostgreSQL ${d.majorVersion}` },
  );
  out.push(
    d.autovacuum
      ? { check: 'Autovacuum', verdict: 'ok', why: 'on' }
      : { check: 'Autovacuum', verdict: 'unsafe', why: 'off: the audit log and sessions grow dead rows until queries slow and disks fill' },
  );
  const timeouts: string[] = [];
  if (d.statementTimeoutMs === 0) timeouts.push('statement_timeout');
  if (d.idleInTransactionTimeoutMs === 0) timeouts.push('idle_in_transaction_session_timeout');
  out.push(
    timeouts.length
      ? { check: 'Timeouts', verdict: 'warn', why: `${timeouts.join(' and ')} not set: one stuck query or transaction can hold connections and locks for ever` }
      : { check: 'Timeouts', verdict: 'ok', why: 'statements and idle transactions have time limits' },
  );
  out.push(
    Math.abs(d.clockDriftSeconds) > CLOCK_MAX_DRIFT_SECONDS
      ? {
          check: 'Clock',
          verdict: 'unsafe',
          why: `this machine and the database differ by ${Math.round(d.clockDriftSeconds)} s: sign-in codes, session expiry and release dates depend on it; run NTP on both`,
        }
      : { check: 'Clock', verdict: 'ok', why: 'this machine and the database agree' },
  );
  return out;
}

function proxy(f: DoctorFacts): Finding {
  const check = 'Reverse proxy (TRUST_PROXY)';
  const exposed = !LOOPBACK.has(f.host);
  if (f.trustProxy && exposed)
    return {
      check,
      verdict: 'unsafe',
      why: `TRUST_PROXY=true while listening on ${f.host}: anyone reaching the port directly can forge X-Forwarded-For and escape the sign-in limits; listen on 127.0.0.1 behind the proxy`,
    };
  if (!f.trustProxy && !exposed && f.publicOrigin?.startsWith('https:'))
    return {
      check,
      verdict: 'warn',
      why: 'listening on loopback behind an https proxy but TRUST_PROXY=false: every visitor counts as the proxy address in the sign-in limits',
    };
  return { check, verdict: 'ok', why: f.trustProxy ? 'the proxy address is trusted, and only it can reach the app' : 'forwarded headers are ignored' };
}

function metrics(f: DoctorFacts): Finding {
  return {
    check: 'Metrics',
    verdict: 'ok',
    why: f.metricsToken ? '/metrics answers only with METRICS_TOKEN' : '/metrics is not served without METRICS_TOKEN',
  };
}

/** Every check, in the order an operator would fix them. */
export function judge(f: DoctorFacts): Finding[] {
  return [origin(f), proxy(f), key(f), mail(f), backup(f), ...database(f), metrics(f)];
}

export function anyUnsafe(findings: readonly Finding[]): boolean {
  return findings.some((x) => x.verdict === 'unsafe');
}
