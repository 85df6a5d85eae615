import { prepare } from '../db/prepared.ts';
import type { Executor } from '../db/database.ts';

export async function insertSession(
  db: Executor,
  s: { id: string; userId: string; startedAt: Date; expiresAt: Date; secondFactorPending: boolean; authenticatedAt: Date | null; factorFromProvider?: boolean },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: s.startedAt,
      last_seen_at: s.startedAt,
      expires_at: s.expiresAt,
      second_factor_pending: s.secondFactorPending,
      authenticated_at: s.authenticatedAt,
      factor_from_provider: s.factorFromProvider ?? false,
    })
    .execute();
}

/** The session has just proved the person's password (and second factor) again. */
export async function markSessionAuthenticated(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ authenticated_at: at }).where('id', '=', id).execute();
}

/** Ends every sign-in of the person but the one that made a change. */
export async function deleteOtherSessionsOfUser(db: Executor, userId: string, keepId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', keepId).execute();
}

const touch = prepare((db, id: string, at: Date) => db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id));
export async function touchSession(db: Executor, id: string, at: Date): Promise<void> {
  await touch.run(db, id, at);
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export async function setTogetherWith(db: Executor, id: string, peerUserId: string | null): Promise<void> {
  await db.updateTable('sessions').set({ together_with: peerUserId }).where('id', '=', id).execute();
}

/** The session and its person in one round trip: this runs on every signed-in request. */
const sessionWithUser = prepare((db, id: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.user_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.second_factor_pending',
      'sessions.together_with',
      'sessions.authenticated_at',
      'sessions.factor_from_provider',
      'users.id',
      'users.username',
      'users.chosen_name',
      'users.kind',
      'users.is_admin',
      'users.totp_secret',
      'users.locale',
      'users.disabled_at',
      (eb) => eb.exists(eb.selectFrom('passkeys').select('passkeys.id').whereRef('passkeys.user_id', '=', 'users.id')).as('has_passkey'),
    ])
    .where('sessions.id', '=', id),
);

export async function findSessionWithUser(db: Executor, id: string) {
  const row = await sessionWithUser.first(db, id);
  if (!row) return undefined;
  return {
    session: {
      id: row.session_id,
      user_id: row.user_id,
      created_at: row.created_at,
      last_seen_at: row.last_seen_at,
      expires_at: row.expires_at,
      second_factor_pending: row.second_factor_pending,
      together_with: row.together_with,
      authenticated_at: row.authenticated_at,
      factor_from_provider: row.factor_from_provider,
    },
    user: {
      id: row.id,
      username: row.username,
      chosen_name: row.chosen_name,
      kind: row.kind,
      is_admin: row.is_admin,
      totp_secret: row.totp_secret,
      locale: row.locale,
      disabled_at: row.disabled_at,
      has_passkey: Boolean(row.has_passkey),
    },
  };
}

/** Ends the person's sessions, all of them or all but one. */
export async function deleteSessionsOf(tx: Executor, userId: string, exceptSessionId?: string): Promise<void> {
  let query = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

/** The person's sign-ins that have not been ended, oldest first, with whom each writes together. */
export function sessionsOfUser(db: Executor, userId: string) {
  return db
    .selectFrom('sessions')
    .leftJoin('users as partner', 'partner.id', 'sessions.together_with')
    .select(['sessions.id', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at', 'partner.chosen_name as together_with_name'])
    .where('sessions.user_id', '=', userId)
    .orderBy('sessions.created_at')
    .execute();
}
