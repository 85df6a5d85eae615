import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** The PostgreSQL server's version, the settings the doctor judges, and its clock. */
export async function postgresFacts(db: Executor): Promise<{
  versionNum: number;
  statementTimeout: string;
  idleInTransactionTimeout: string;
  autovacuum: string;
  now: Date;
}> {
  const r = await sql<{ version_num: string; statement_timeout: string; idle_timeout: string; autovacuum: string; now: Date }>`
    select current_setting('server_version_num') as version_num,
           current_setting('statement_timeout') as statement_timeout,
           current_setting('idle_in_transaction_session_timeout') as idle_timeout,
           current_setting('autovacuum') as autovacuum,
           clock_timestamp() as now`.execute(db);
  const row = r.rows[0]!;
  return {
    versionNum: Number(row.version_num),
    statementTimeout: row.statement_timeout,
    idleInTransactionTimeout: row.idle_timeout,
    autovacuum: row.autovacuum,
    now: new Date(row.now),
  };
}
