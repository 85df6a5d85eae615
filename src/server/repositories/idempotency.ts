import type { Tx } from '../db/database.ts';

/** Claims a key for this person; returns the earlier result when the key was used before. */
export async function claimIdempotencyKey(trx: Tx, userId: string, key: string, result: string): Promise<string | null> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ user_id: userId, key, result })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('result')
    .executeTakeFirst();
  if (inserted) return null;
  const existing = await trx.selectFrom('idempotency_keys').select('result').where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  return existing?.result ?? null;
}
