import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import { newToken, hashToken } from '../crypto/tokens.ts';
import { deleteSession, findSessionWithUser, insertSession, touchSession } from '../repositories/sessions.ts';
import { membershipsOf } from '../repositories/users.ts';

/** Starts a new session and returns the cookie token. A new token on every sign-in means a
 * cookie planted before sign-in is worthless after it. */
export async function startSession(
  deps: AppDeps,
  userId: string,
  secondFactorPending: boolean,
  options: { factorFromProvider?: boolean } = {},
): Promise<string> {
  const token = newToken();
  const expiresAt = new Date(deps.now().getTime() + deps.config.SESSION_ABSOLUTE_HOURS * 3600_000);
  await insertSession(deps.db, { id: hashToken(token), userId, expiresAt, secondFactorPending, ...options });
  return token;
}

export async function endSession(deps: AppDeps, token: string): Promise<void> {
  await deleteSession(deps.db, hashToken(token));
}

export async function resolveSession(deps: AppDeps, token: string | undefined): Promise<Actor> {
  if (!token || token.length > 100) return { kind: 'anonymous' };
  const id = hashToken(token);
  const found = await findSessionWithUser(deps.db, id);
  if (!found) return { kind: 'anonymous' };
  const { session, user } = found;
  const now = deps.now();
  const idleLimit = new Date(session.last_seen_at.getTime() + deps.config.SESSION_IDLE_MINUTES * 60_000);
  if (session.expires_at <= now || idleLimit <= now) {
    await deleteSession(deps.db, id);
    return { kind: 'anonymous' };
  }
  if (user.disabled_at) {
    await deleteSession(deps.db, id);
    return { kind: 'anonymous' };
  }
  // Writing on every request would make each page view a write; a minute's precision is enough.
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) await touchSession(deps.db, id, now);
  const actor: SignedInActor = {
    kind: 'user',
    id: user.id,
    username: user.username,
    chosenName: user.chosen_name,
    userKind: user.kind,
    isAdmin: user.is_admin,
    // A sign-in where the organisation's identity provider checked a second factor has one too.
    hasSecondFactor: user.totp_secret !== null || user.has_passkey || session.factor_from_provider,
    secondFactorPending: session.second_factor_pending,
    memberships: user.kind === 'staff' ? await membershipsOf(deps.db, user.id) : [],
    sessionId: id,
    locale: user.locale,
    togetherWith: session.together_with,
  };
  return actor;
}
