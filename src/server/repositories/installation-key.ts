import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Any key the database holds wrapped with the installation key (a person's, or the installation's own). */
export async function anyWrappedKey(db: Executor): Promise<Uint8Array | undefined> {
  const row = await sql<{ wrapped: Uint8Array }>`
    (select data_key as wrapped from users limit 1) union all (select wrapped_key from system_keys limit 1) limit 1`.execute(db);
  return row.rows[0]?.wrapped;
}
