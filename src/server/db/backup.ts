import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { Db, Executor, Tx } from './database.ts';
import type { Keyring } from '../crypto/envelope.ts';
import { checkHeader, HEADER_BYTES, opener, sealer, SealedFileError, type Refusal, type SealedKind } from '../crypto/sealed-file.ts';

// A logical backup: every table's rows, in an order that satisfies foreign keys, as lines of
// JSON sealed into an authenticated, encrypted file (crypto/sealed-file.ts) with a key derived
// from the installation key. Written from one consistent snapshot, a page of rows at a time, and
// read back a block at a time into one transaction that commits only after the file's last
// block authenticated: memory stays flat however large the database, and a changed, cut-off or
// wrong-key file leaves the target as it was. The same file restores into PGlite or PostgreSQL.
// The installation key is never in the file; without it the file opens nothing.
//
//   {"format":"egneord-backup","version":2,"createdAt":…,"migrations":[…]}
//   {"table":"users","columns":[["id","uuid"],…]}      then one line per row: [value, …]
//   …
//   {"end":{"tables":…,"rows":…}}

export const BACKUP_TABLES = [
  'organisations',
  'sites',
  'users',
  'memberships',
  'staff_invitations',
  'sessions',
  'kept_forms',
  'rate_limits',
  'idempotency_keys',
  'sheet_templates',
  'statements',
  'statement_versions',
  'meetings',
  'statement_snapshots',
  'shares',
  'follow_ups',
  'meeting_plans',
  'support_comments',
  'decision_record_versions',
  'decision_progress',
  'goal_ratings',
  'anonymous_counts',
  'peer_invitations',
  'peer_links',
  'consent_events',
  'peer_link_sheets',
  'peer_offers',
  'peer_requests',
  'suggestions',
  'authorship_events',
  'peer_sessions',
  'peer_session_comments',
  'rounds',
  'round_organisations',
  'round_sites',
  'round_peers',
  'round_invitations',
  // Reflections may name a round.
  'learning_groups',
  'learning_group_members',
  'reflections',
  'reflection_replies',
  'questionnaires',
  'distributions',
  'responses',
  'answers',
  'answer_tallies',
  'evaluation_releases',
  'evaluation_release_tables',
  'evaluation_release_texts',
  'evaluation_activity_months',
  'answer_queue',
  'system_keys',
  'polls',
  'poll_votes',
  'newsletter_subscribers',
  'newsletter_issues',
  'practice_notes',
  'practice_comments',
  'directory_entries',
  'network_events',
  'event_signups',
  'event_notices',
  'guides',
  'guide_notes',
  'assessment_rounds',
  'assessment_responses',
  'assessment_actions',
  'passkeys',
  'webauthn_challenges',
  'erasure_ledger',
  'notices',
  'recovery_codes',
  'password_resets',
  'identity_providers',
  'staff_identities',
  'citizen_identities',
  'oidc_flows',
  'audit_log',
] as const;

/** What a sealed file of each kind holds. */
const TABLES_OF: Record<SealedKind, readonly string[]> = { backup: BACKUP_TABLES, 'erasure-ledger': ['erasure_ledger'] };

/** A file `restore` will not take, said in one line for the operator. */
export class BackupRefused extends Error {}

const REFUSALS: Record<Refusal, (file: string, kind: SealedKind) => string> = {
  'not-sealed': (file) => `${file} is not an Egne ord backup.`,
  'old-format': (file) =>
    `${file} is a backup in the old, unencrypted format: restore it with the version of Egne ord that made it, then make a new backup with this one.`,
  'newer-format': (file) => `${file} was made by a newer version of Egne ord; restore it with that version.`,
  'other-kind': (file, kind) => (kind === 'backup' ? `${file} is an erasure ledger, not a backup.` : `${file} is a backup, not an erasure ledger.`),
  'wrong-key': (file) =>
    `${file} was made with another installation key: restore with the key of the installation that made it (DATA_KEY or DATA_KEY_FILE). Nothing was restored.`,
  damaged: (file) => `${file} is damaged or changed since it was made (a block does not authenticate). Nothing was restored.`,
  incomplete: (file) => `${file} is incomplete: it ends before its last block. Nothing was restored.`,
};

function refused(error: unknown, file: string, kind: SealedKind): unknown {
  return error instanceof SealedFileError ? new BackupRefused(REFUSALS[error.reason](file, kind)) : error;
}

type Columns = [name: string, type: string][];

async function columnTypes(db: Executor, table: string): Promise<Columns> {
  const rows = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.rows.map((r) => [r.column_name, r.data_type]);
}

export async function userTables(db: Executor): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
    order by table_name`.execute(db);
  return rows.rows.map((r) => r.table_name);
}

async function appliedMigrations(db: Executor): Promise<string[]> {
  return (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db)).rows.map((r) => r.name);
}

const ROWS_PER_FETCH = 500;

/** Writes a sealed file of `kind` (a whole backup, or the erasure ledger alone) to `file`. */
export async function writeSealedFile(db: Db, keyring: Keyring, file: string, kind: SealedKind): Promise<{ tables: number; rows: number }> {
  const partial = `${file}.partial`;
  const counts = { tables: 0, rows: 0 };
  try {
    // One snapshot for every table, so the rows agree with each other as they did at one moment.
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const present = await userTables(trx);
        const unknown = present.filter((t) => !(BACKUP_TABLES as readonly string[]).includes(t));
        if (unknown.length) throw new Error(`backup does not know the tables: ${unknown.join(', ')}`);
        const head = { format: 'egneord-backup', version: 2, createdAt: new Date().toISOString(), migrations: await appliedMigrations(trx) };
        async function* lines(): AsyncGenerator<string> {
          yield `${JSON.stringify(head)}\n`;
          for (const table of TABLES_OF[kind]) {
            if (!present.includes(table)) continue;
            const columns = await columnTypes(trx, table);
            yield `${JSON.stringify({ table, columns })}\n`;
            // Timestamps and JSON as PostgreSQL writes them: a JS Date would cut microseconds.
            const select = columns.map(([name, type]) =>
              type.startsWith('timestamp') || type === 'date' || type === 'jsonb' ? sql`${sql.ref(name)}::text as ${sql.ref(name)}` : sql.ref(name),
            );
            await sql`declare backup_rows no scroll cursor for select ${sql.join(select)} from ${sql.table(table)}`.execute(trx);
            for (;;) {
              const page = (await sql<Record<string, unknown>>`fetch ${sql.lit(ROWS_PER_FETCH)} from backup_rows`.execute(trx)).rows;
              if (page.length === 0) break;
              let text = '';
              for (const row of page) text += `${JSON.stringify(columns.map(([name]) => encode(row[name])))}\n`;
              counts.rows += page.length;
              yield text;
            }
            await sql`close backup_rows`.execute(trx);
            counts.tables++;
          }
          yield `${JSON.stringify({ end: counts })}\n`;
        }
        await pipeline(Readable.from(lines()), sealer(keyring, kind), fs.createWriteStream(partial, { mode: 0o600 }));
      });
    fs.renameSync(partial, file);
    return counts;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

function encode(value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}

/** Throws BackupRefused unless `file` starts as a sealed file of `kind` made with this key. */
function checkFileHeader(keyring: Keyring, file: string, kind: SealedKind): void {
  const header = Buffer.alloc(HEADER_BYTES);
  let read: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      read = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    throw new BackupRefused(`${file} cannot be read.`);
  }
  try {
    checkHeader(keyring, header.subarray(0, read), kind);
  } catch (error) {
    throw refused(error, file, kind);
  }
}

/** The lines of an opened sealed file, each parsed. */
async function* linesOf(keyring: Keyring, file: string, kind: SealedKind): AsyncGenerator<unknown> {
  let rest = Buffer.alloc(0);
  for await (const block of opener(keyring, kind)(fs.createReadStream(file))) {
    let text = rest.length ? Buffer.concat([rest, block]) : block;
    for (let newline = text.indexOf(0x0a); newline >= 0; newline = text.indexOf(0x0a)) {
      yield JSON.parse(text.subarray(0, newline).toString('utf8'));
      text = text.subarray(newline + 1);
    }
    rest = Buffer.from(text);
  }
  if (rest.length) throw new SealedFileError('damaged');
}

function isTableLine(line: unknown): line is { table: string; columns: Columns } {
  return typeof line === 'object' && line !== null && 'table' in line && 'columns' in line;
}

function isEndLine(line: unknown): line is { end: { tables: number; rows: number } } {
  return typeof line === 'object' && line !== null && 'end' in line;
}

/** Reads every row of one table from a sealed file, into memory (for the small erasure ledger). */
export async function readSealedTable(keyring: Keyring, file: string, kind: SealedKind, table: string): Promise<Record<string, unknown>[]> {
  checkFileHeader(keyring, file, kind);
  const rows: Record<string, unknown>[] = [];
  let columns: Columns | undefined;
  let ended = false;
  try {
    for await (const line of linesOf(keyring, file, kind)) {
      if (isTableLine(line)) columns = line.table === table ? line.columns : undefined;
      else if (isEndLine(line)) ended = true;
      else if (Array.isArray(line) && columns) rows.push(decode(line, columns));
    }
  } catch (error) {
    throw refused(error, file, kind);
  }
  if (!ended) throw new BackupRefused(REFUSALS.incomplete(file, kind));
  return rows;
}

function decode(values: unknown[], columns: Columns): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach(([name, type], i) => {
    const value = values[i];
    row[name] = type === 'bytea' && typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  });
  return row;
}

const ROWS_PER_INSERT = 200;

/**
 * Restores a backup file into an empty, migrated database, in one transaction. `beforeCommit`
 * runs in that transaction after the last row (the erasure ledger is applied there, so no
 * erased person is ever committed back).
 */
export async function restoreBackup(
  db: Db,
  keyring: Keyring,
  file: string,
  options: { beforeCommit?: (tx: Tx) => Promise<void> } = {},
): Promise<{ tables: number; rows: number }> {
  checkFileHeader(keyring, file, 'backup');
  const existing = await sql<{ n: string }>`select (select count(*) from users) + (select count(*) from organisations) as n`.execute(db);
  if (Number(existing.rows[0]?.n ?? 0) > 0) throw new BackupRefused('The database is not empty; restore only into a new, empty database.');
  const known = new Set(await appliedMigrations(db));
  try {
    return await db.transaction().execute(async (tx) => {
      // A new installation that has been started once already holds what every start makes
      // (its own keys from the key check, the built-in templates and questionnaires): the
      // backup's rows replace them, the keys included, since its rows were sealed with those.
      await sql`delete from system_keys`.execute(tx);
      for (const name of [...BACKUP_TABLES].reverse()) await tx.deleteFrom(name as never).execute();
      let table: { name: string; columns: Columns; rows: Record<string, unknown>[] } | undefined;
      const counts = { tables: 0, rows: 0 };
      let ended = false;
      const flush = async () => {
        if (!table || table.rows.length === 0) return;
        await tx
          .insertInto(table.name as never)
          .values(table.rows as never)
          .execute();
        table.rows = [];
      };
      let first = true;
      for await (const line of linesOf(keyring, file, 'backup')) {
        if (first) {
          first = false;
          const head = line as { format?: string; version?: number; migrations?: string[] };
          if (head.format !== 'egneord-backup' || head.version !== 2) throw new SealedFileError('not-sealed');
          const newer = (head.migrations ?? []).filter((m) => !known.has(m));
          if (newer.length)
            throw new BackupRefused(`${file} was made by a newer version of Egne ord (it knows ${newer.join(', ')}); restore it with that version.`);
        } else if (isTableLine(line)) {
          await flush();
          if (!(BACKUP_TABLES as readonly string[]).includes(line.table))
            throw new BackupRefused(`${file} holds a table this version does not know: ${line.table}.`);
          table = { name: line.table, columns: line.columns, rows: [] };
          counts.tables++;
        } else if (isEndLine(line)) {
          await flush();
          if (line.end.tables !== counts.tables || line.end.rows !== counts.rows) throw new SealedFileError('damaged');
          ended = true;
        } else if (Array.isArray(line) && table && !ended) {
          table.rows.push(decode(line, table.columns));
          counts.rows++;
          if (table.rows.length >= ROWS_PER_INSERT) await flush();
        } else throw new SealedFileError('damaged');
      }
      if (!ended) throw new SealedFileError('incomplete');
      await moveSequencesPastRestoredRows(tx);
      await options.beforeCommit?.(tx);
      return counts;
    });
  } catch (error) {
    throw refused(error, file, 'backup');
  }
}

/** Serial columns (audit_log.id) go on after the restored rows instead of colliding with them. */
async function moveSequencesPastRestoredRows(tx: Tx): Promise<void> {
  const serials = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and column_default like 'nextval(%'`.execute(tx);
  for (const { table_name: table, column_name: column } of serials.rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), (select max(${sql.ref(column)}) from ${sql.table(table)}))`.execute(tx);
  }
}
