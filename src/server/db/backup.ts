import { sql } from 'kysely';
import type { Db } from './database.ts';

// A logical backup: every table's rows as JSON, in an order that satisfies foreign keys.
// The same file restores into PGlite or PostgreSQL. Encrypted columns stay encrypted: the
// installation key is not in the backup and must be kept separately.

export const BACKUP_TABLES = [
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
  'statement_versions',
  'meetings',
  'statement_snapshots',
  'shares',
  'follow_ups',
  'meeting_plans',
  'anonymous_counts',
  'peer_invitations',
  'peer_links',
  'consent_events',
  'suggestions',
  'authorship_events',
  'peer_sessions',
  'reflections',
  'rounds',
  'round_organisations',
  'round_sites',
  'round_peers',
  'round_invitations',
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
  'identity_providers',
  'staff_identities',
  'citizen_identities',
  'oidc_flows',
  'audit_log',
] as const;

export interface BackupFile {
  format: 'egneord-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: Record<string, { columns: Record<string, string>; rows: Record<string, unknown>[] }>;
}

async function columnTypes(db: Db, table: string): Promise<Record<string, string>> {
  const rows = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.column_name, r.data_type]));
}

export async function userTables(db: Db): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
    order by table_name`.execute(db);
  return rows.rows.map((r) => r.table_name);
}

export async function createBackup(db: Db): Promise<BackupFile> {
  const present = await userTables(db);
  const missing = present.filter((t) => !(BACKUP_TABLES as readonly string[]).includes(t));
  if (missing.length) throw new Error(`backup does not know the tables: ${missing.join(', ')}`);
  const migrations = (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db)).rows.map((r) => r.name);
  const tables: BackupFile['tables'] = {};
  for (const table of BACKUP_TABLES) {
    if (!present.includes(table)) continue;
    const columns = await columnTypes(db, table);
    // Timestamps as text: a JS Date would cut PostgreSQL's microseconds to milliseconds.
    const select = Object.entries(columns).map(([name, type]) =>
      type.startsWith('timestamp') || type === 'date' ? sql`${sql.ref(name)}::text as ${sql.ref(name)}` : sql.ref(name),
    );
    const rows = (await sql<Record<string, unknown>>`select ${sql.join(select)} from ${sql.table(table)}`.execute(db)).rows;
    tables[table] = {
      columns,
      rows: rows.map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) {
          if (v instanceof Uint8Array) out[k] = { $bytes: Buffer.from(v).toString('base64') };
          else if (v instanceof Date) out[k] = v.toISOString();
          else if (columns[k] === 'jsonb' && v !== null) out[k] = { $json: typeof v === 'string' ? v : JSON.stringify(v) };
          else out[k] = v;
        }
        return out;
      }),
    };
  }
  return { format: 'egneord-backup', version: 1, createdAt: new Date().toISOString(), migrations, tables };
}

/** Restores into an empty, migrated database, in one transaction. */
export async function restoreBackup(db: Db, backup: BackupFile): Promise<void> {
  if (backup.format !== 'egneord-backup' || backup.version !== 1) throw new Error('This file is not an Egne ord backup.');
  const existing = await sql<{ n: string }>`select count(*) as n from users`.execute(db);
  if (Number(existing.rows[0]?.n ?? 0) > 0) throw new Error('The database is not empty; restore only into an empty database.');
  await db.transaction().execute(async (trx) => {
    for (const table of BACKUP_TABLES) {
      const data = backup.tables[table];
      if (!data || data.rows.length === 0) continue;
      for (let i = 0; i < data.rows.length; i += 200) {
        const chunk = data.rows.slice(i, i + 200).map((row) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(row)) {
            if (v && typeof v === 'object' && '$bytes' in v) out[k] = Buffer.from(String((v as { $bytes: string }).$bytes), 'base64');
            else if (v && typeof v === 'object' && '$json' in v) out[k] = (v as { $json: string }).$json;
            else out[k] = v;
          }
          return out;
        });
        await trx
          .insertInto(table as never)
          .values(chunk as never)
          .execute();
      }
    }
    const maxAudit = await sql<{ m: string | null }>`select max(id) as m from audit_log`.execute(trx);
    if (maxAudit.rows[0]?.m) await sql`select setval(pg_get_serial_sequence('audit_log', 'id'), ${Number(maxAudit.rows[0].m)})`.execute(trx);
  });
}
