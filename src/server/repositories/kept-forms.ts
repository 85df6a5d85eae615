import type { Executor } from '../db/database.ts';

export interface KeptFormRow {
  id: string;
  path: string;
  fields: Uint8Array;
  created_at: Date;
  expires_at: Date;
}

const KEPT_FORM_COLUMNS = ['id', 'path', 'fields', 'created_at', 'expires_at'] as const;

export async function insertKeptForm(db: Executor, k: { userId: string; path: string; fields: Uint8Array; at: Date; expiresAt: Date }): Promise<string> {
  const row = await db
    .insertInto('kept_forms')
    .values({ user_id: k.userId, path: k.path, fields: k.fields, created_at: k.at, expires_at: k.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The person's kept forms whose day is not over, newest first. */
export async function keptFormsOfUser(db: Executor, userId: string, now: Date): Promise<KeptFormRow[]> {
  return db
    .selectFrom('kept_forms')
    .select(KEPT_FORM_COLUMNS)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function countKeptForms(db: Executor, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('kept_forms')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One of the person's kept forms, unless its day is over. */
export async function findKeptForm(db: Executor, id: string, userId: string, now: Date): Promise<KeptFormRow | undefined> {
  return db
    .selectFrom('kept_forms')
    .select(KEPT_FORM_COLUMNS)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Removes one of the person's kept forms; true when there was one. */
export async function deleteKeptForm(db: Executor, id: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('kept_forms').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Keeps only the person's newest `kept` forms. */
export async function deleteKeptFormsBeyond(db: Executor, userId: string, kept: number): Promise<void> {
  const newest = db.selectFrom('kept_forms').select('id').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(kept);
  await db.deleteFrom('kept_forms').where('user_id', '=', userId).where('id', 'not in', newest).execute();
}

export async function deleteExpiredKeptForms(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('kept_forms').where('expires_at', '<=', now).execute();
}
