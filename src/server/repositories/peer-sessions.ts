import { sql, type Insertable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PeerSessionsTable } from '../db/schema.ts';

export async function insertPeerSession(db: Executor, values: Insertable<PeerSessionsTable>): Promise<string> {
  const row = await db.insertInto('peer_sessions').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes a session; the citizen's comment on it goes with it (ON DELETE CASCADE). */
export async function deletePeerSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('peer_sessions').where('id', '=', id).execute();
}

/** The peer's own sessions in their organisations, newest first, with the citizen's name. */
export function sessionsOfPeer(db: Executor, peerUserId: string, organisationIds: string[], period: { from: string; to: string }) {
  return db
    .selectFrom('peer_sessions')
    .leftJoin('users', 'users.id', 'peer_sessions.citizen_id')
    .selectAll('peer_sessions')
    .select(['users.chosen_name as citizen_name', sql<string>`peer_sessions.occurred_on::text`.as('day')])
    .where('peer_user_id', '=', peerUserId)
    .where('organisation_id', 'in', organisationIds)
    .where('occurred_on', '>=', period.from)
    .where('occurred_on', '<=', period.to)
    .orderBy('occurred_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Session notes peers shared with this citizen, with the peer's name and key. */
export function notesSharedWith(db: Executor, citizenId: string) {
  return db
    .selectFrom('peer_sessions')
    .innerJoin('users', 'users.id', 'peer_sessions.peer_user_id')
    .select([
      'peer_sessions.id',
      'peer_sessions.note',
      'peer_sessions.note_shared',
      'peer_sessions.peer_user_id',
      'peer_sessions.citizen_id',
      sql<string>`peer_sessions.occurred_on::text`.as('day'),
      'users.chosen_name as peer_name',
      'users.data_key as peer_key',
    ])
    .where('citizen_id', '=', citizenId)
    .where('note_shared', '=', true)
    .orderBy('occurred_on', 'desc')
    .execute();
}

/** How many sessions (and minutes) each peer of the organisation logged in the period. */
export function sessionCountsByPeer(db: Executor, organisationId: string, period: { from: string; to: string }) {
  return db
    .selectFrom('peer_sessions')
    .leftJoin('users', 'users.id', 'peer_sessions.peer_user_id')
    .select([
      'users.chosen_name',
      'peer_sessions.volunteer',
      (eb) => eb.fn.countAll<string>().as('sessions'),
      (eb) => eb.fn.sum<string>('duration_minutes').as('minutes'),
    ])
    .where('organisation_id', '=', organisationId)
    .where('occurred_on', '>=', period.from)
    .where('occurred_on', '<=', period.to)
    .groupBy(['users.chosen_name', 'peer_sessions.volunteer'])
    .orderBy('users.chosen_name')
    .execute();
}

export async function clearNotesOfPeer(db: Executor, organisationId: string, peerUserId: string): Promise<void> {
  await db
    .updateTable('peer_sessions')
    .set({ note: null, note_shared: false })
    .where('organisation_id', '=', organisationId)
    .where('peer_user_id', '=', peerUserId)
    .execute();
}

/** Sessions peers logged with this citizen: what was done, by whom and where — never the note. */
export function sessionsWithCitizen(db: Executor, citizenId: string) {
  return db
    .selectFrom('peer_sessions')
    .innerJoin('organisations', 'organisations.id', 'peer_sessions.organisation_id')
    .leftJoin('users', 'users.id', 'peer_sessions.peer_user_id')
    .select([
      'peer_sessions.id',
      sql<string>`peer_sessions.occurred_on::text`.as('day'),
      'peer_sessions.kind',
      'peer_sessions.format',
      'peer_sessions.duration_minutes',
      'peer_sessions.themes',
      'peer_sessions.statement_worked',
      'users.chosen_name as peer_name',
      'organisations.name as organisation_name',
    ])
    .where('peer_sessions.citizen_id', '=', citizenId)
    .orderBy('peer_sessions.occurred_on', 'desc')
    .orderBy('peer_sessions.created_at', 'desc')
    .execute();
}

/** One session: who logged it and whom it names (for deciding who may comment on it). */
export function findPeerSession(db: Executor, id: string) {
  return db.selectFrom('peer_sessions').select(['id', 'peer_user_id', 'citizen_id']).where('id', '=', id).executeTakeFirst();
}
