import type { Executor } from '../db/database.ts';

// The ways back into an account: one-time recovery codes and one-time links sent by e-mail.
// Both are stored as hashes only.

/** A new set of codes replaces the old one: the old codes stop working. */
export async function replaceRecoveryCodes(db: Executor, userId: string, codeHashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length)
    await db
      .insertInto('recovery_codes')
      .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
      .execute();
}

export async function countRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasRecoveryCode(db: Executor, userId: string, codeHash: string): Promise<boolean> {
  const row = await db.selectFrom('recovery_codes').select('id').where('user_id', '=', userId).where('code_hash', '=', codeHash).executeTakeFirst();
  return row !== undefined;
}

/** Uses a code up: true when it was there (and is now gone), so two uses at once cannot both win. */
export async function takeRecoveryCode(db: Executor, userId: string, codeHash: string): Promise<boolean> {
  const row = await db.deleteFrom('recovery_codes').where('user_id', '=', userId).where('code_hash', '=', codeHash).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** One open link per person: a new one replaces any earlier. */
export async function insertPasswordReset(db: Executor, r: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.deleteFrom('password_resets').where('user_id', '=', r.userId).execute();
  await db.insertInto('password_resets').values({ token_hash: r.tokenHash, user_id: r.userId, expires_at: r.expiresAt }).execute();
}

export function findPasswordReset(db: Executor, tokenHash: string) {
  return db.selectFrom('password_resets').select(['user_id', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Uses a link up; undefined when it was unknown or used already. */
export function takePasswordReset(db: Executor, tokenHash: string) {
  return db.deleteFrom('password_resets').where('token_hash', '=', tokenHash).returning(['user_id', 'expires_at']).executeTakeFirst();
}

export async function deletePasswordResetsOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('password_resets').where('user_id', '=', userId).execute();
}
