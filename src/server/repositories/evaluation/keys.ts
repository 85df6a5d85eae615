import type { Executor } from '../../db/database.ts';

export async function findSystemKey(db: Executor, name: string): Promise<{ wrapped_key: Uint8Array } | undefined> {
  return db.selectFrom('system_keys').select('wrapped_key').where('name', '=', name).executeTakeFirst();
}

/** Stores the key unless another process stored one first; either way, read it back after. */
export async function insertSystemKeyIfMissing(db: Executor, name: string, wrappedKey: Uint8Array): Promise<void> {
  await db
    .insertInto('system_keys')
    .values({ name, wrapped_key: wrappedKey })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}
