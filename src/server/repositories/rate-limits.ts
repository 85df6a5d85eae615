import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** Counts one hit in the current fixed window and returns the window's total. Stored in the
 * database, so every app instance shares the same counts. */
export async function hit(db: Db, bucket: string, keyHash: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, key_hash: keyHash, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'key_hash', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

export async function pruneRateLimits(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
}
