import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../db/database.ts';

export interface ErasureEntry {
  userId: string;
  erasedAt: Date | string;
}

/**
 * Notes, as the last step of an erasure's transaction, that the person was erased (a second note
 * of the same person keeps the first time). Returns the tables the transaction deleted or changed
 * rows in: the ones whose files must be written anew (rewriteTablesAndLog).
 */
export async function recordErasure(tx: Tx, userId: string, at: Date): Promise<string[]> {
  await addErasures(tx, [{ userId, erasedAt: at }]);
  return tablesChangedIn(tx);
}

/** Tables with rows deleted or updated (ON DELETE SET NULL included) in this transaction so far. */
export async function tablesChangedIn(tx: Tx): Promise<string[]> {
  const rows = await sql<{ relname: string }>`
    select relname from pg_stat_xact_user_tables where schemaname = 'public' and (n_tup_del > 0 or n_tup_upd > 0) order by relname`.execute(tx);
  return rows.rows.map((r) => r.relname);
}

export async function addErasures(tx: Tx, entries: readonly ErasureEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await tx
      .insertInto('erasure_ledger')
      .values(entries.slice(i, i + 500).map((e) => ({ user_id: e.userId, erased_at: e.erasedAt })))
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }
}

/** People the ledger says were erased whose account is there again (after a restore). */
export function erasedButPresent(db: Executor): Promise<{ id: string; username: string }[]> {
  return db.selectFrom('erasure_ledger').innerJoin('users', 'users.id', 'erasure_ledger.user_id').select(['users.id', 'users.username']).execute();
}

/**
 * Makes deleted rows leave PGlite's files: VACUUM FULL writes the tables anew (a plain VACUUM
 * leaves a deleted row's bytes in the page's free space), the switch starts a new write-ahead
 * log segment, and the checkpoint removes the old segments, which held the rows as they were
 * written (database.ts turns off the recycling that would keep them under another name).
 */
export async function rewriteTablesAndLog(db: Db, tables: readonly string[]): Promise<void> {
  await sql`vacuum full ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
  await sql`select pg_switch_wal()`.execute(db);
  await sql`checkpoint`.execute(db);
}
