import type { Db } from '../db/database.ts';

export interface SessionRecord {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  second_factor_pending: boolean;
  together_with: string | null;
}

export async function insertSession(db: Db, s: { id: string; userId: string; expiresAt: Date; secondFactorPending: boolean }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: s.id, user_id: s.userId, expires_at: s.expiresAt, second_factor_pending: s.secondFactorPending })
    .execute();
}

export function findSession(db: Db, id: string): Promise<SessionRecord | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export async function setTogetherWith(db: Db, id: string, peerUserId: string | null): Promise<void> {
  await db.updateTable('sessions').set({ together_with: peerUserId }).where('id', '=', id).execute();
}
