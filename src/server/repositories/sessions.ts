import type { Executor } from '../db/database.ts';

export async function insertSession(
  db: Executor,
  s: { id: string; userId: string; expiresAt: Date; secondFactorPending: boolean; factorFromProvider?: boolean },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      expires_at: s.expiresAt,
      second_factor_pending: s.secondFactorPending,
      factor_from_provider: s.factorFromProvider ?? false,
    })
    .execute();
}

export async function touchSession(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
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
export async function findSessionWithUser(db: Executor, id: string) {
  const row = await db
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
    .where('sessions.id', '=', id)
    .executeTakeFirst();
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

/** Ends every sign-in of the person at once. */
export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
