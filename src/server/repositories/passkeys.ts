import type { Executor } from '../db/database.ts';

export type ChallengePurpose = 'register' | 'authenticate';

/** Drops expired challenges and stores a new one; returns its id. */
export async function storeChallenge(
  db: Executor,
  c: { purpose: ChallengePurpose; challenge: string; userId: string | null; now: Date; expiresAt: Date },
): Promise<string> {
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<', c.now).execute();
  const row = await db
    .insertInto('webauthn_challenges')
    .values({ purpose: c.purpose, challenge: c.challenge, user_id: c.userId, expires_at: c.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes the challenge and returns it, so it can be used once only. */
export function takeChallenge(db: Executor, id: string, purpose: ChallengePurpose) {
  return db.deleteFrom('webauthn_challenges').where('id', '=', id).where('purpose', '=', purpose).returningAll().executeTakeFirst();
}

export function credentialsOf(db: Executor, userId: string) {
  return db.selectFrom('passkeys').select(['id', 'transports']).where('user_id', '=', userId).execute();
}

export function passkeysOfUser(db: Executor, userId: string) {
  return db.selectFrom('passkeys').select(['id', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function hasPasskey(db: Executor, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('passkeys').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst());
}

export function findPasskey(db: Executor, id: string) {
  return db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPasskey(
  db: Executor,
  p: { id: string; userId: string; publicKey: Uint8Array; counter: number; transports: string[] },
): Promise<void> {
  await db.insertInto('passkeys').values({ id: p.id, user_id: p.userId, public_key: p.publicKey, counter: p.counter, transports: p.transports }).execute();
}

/** Deletes the passkey only when it is this person's; false when it is not (or not there). */
export async function deleteOwnPasskey(db: Executor, id: string, userId: string): Promise<boolean> {
  const removed = await db.deleteFrom('passkeys').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export async function markPasskeyUsed(db: Executor, id: string, counter: number, at: Date): Promise<void> {
  await db.updateTable('passkeys').set({ counter, last_used_at: at }).where('id', '=', id).execute();
}

/** Removes every passkey of the person (a reset of their second factor). */
export async function deletePasskeysOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('passkeys').where('user_id', '=', userId).execute();
}
