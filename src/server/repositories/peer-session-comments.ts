import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

// The citizen's own comment on a session a peer logged with them: one per session, sealed with
// the citizen's key.

/** Writes the citizen's comment on the session, or replaces the one there. */
export async function upsertSessionComment(db: Executor, c: { sessionId: string; citizenId: string; body: Uint8Array; now: Date }): Promise<string> {
  const row = await db
    .insertInto('peer_session_comments')
    .values({ session_id: c.sessionId, citizen_id: c.citizenId, body: c.body, created_at: c.now, updated_at: c.now })
    .onConflict((oc) => oc.column('session_id').doUpdateSet({ body: c.body, updated_at: c.now }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes the citizen's comment on the session; false when there was none. */
export async function deleteSessionComment(db: Executor, sessionId: string, citizenId: string): Promise<boolean> {
  const result = await db.deleteFrom('peer_session_comments').where('session_id', '=', sessionId).where('citizen_id', '=', citizenId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The citizen's comments, on whichever sessions. */
export function commentsOfCitizen(db: Executor, citizenId: string) {
  return db.selectFrom('peer_session_comments').selectAll().where('citizen_id', '=', citizenId).execute();
}

/**
 * Comments on the given sessions of this peer, with the key to open them: only on sessions the
 * peer logged, and only while the session still names the citizen who wrote the comment.
 */
export function commentsOnSessionsOf(db: Executor, peerUserId: string, sessionIds: string[]) {
  if (sessionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('peer_session_comments')
    .innerJoin('peer_sessions', 'peer_sessions.id', 'peer_session_comments.session_id')
    .innerJoin('users', 'users.id', 'peer_session_comments.citizen_id')
    .select([
      'peer_session_comments.id',
      'peer_session_comments.session_id',
      'peer_session_comments.citizen_id',
      'peer_session_comments.body',
      'peer_session_comments.updated_at',
      'peer_sessions.peer_user_id',
      'users.data_key as citizen_key',
    ])
    .where('peer_sessions.peer_user_id', '=', peerUserId)
    .where('peer_session_comments.session_id', 'in', sessionIds)
    .where(sql<boolean>`peer_sessions.citizen_id = peer_session_comments.citizen_id`)
    .execute();
}
