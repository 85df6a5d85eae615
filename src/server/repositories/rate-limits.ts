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

/** The hits counted so far in one window, without counting one more. */
export async function hitsIn(db: Db, bucket: string, keyHash: string, windowStart: Date): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select('hits')
    .where('bucket', '=', bucket)
    .where('key_hash', '=', keyHash)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return row?.hits ?? 0;
}

/** The newest instant recorded for a key, where rows mark moments rather than windows. */
export async function latestMark(db: Db, bucket: string, keyHash: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('rate_limits')
    .select((eb) => eb.fn.max('window_start').as('at'))
    .where('bucket', '=', bucket)
    .where('key_hash', '=', keyHash)
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : undefined;
}

export async function pruneRateLimits(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
}
