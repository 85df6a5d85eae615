import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import { newToken, hashToken } from '../crypto/tokens.ts';
import type { Config } from '../config.ts';
import type { UserKind } from '../db/schema.ts';
import { deleteSession, deleteSessionsOf, findSessionWithUser, insertSession, sessionsOfUser, touchSession } from '../repositories/sessions.ts';
import { findUserById, membershipsOf } from '../repositories/users.ts';
import { authorize } from '../policy/policy.ts';
import { useCase } from './use-case.ts';

/** Staff work on ward computers others use next: their sessions are short. Citizens write at
 * their own pace, with autosave, and keep long ones. */
function lifetimes(config: Config, user: { kind: UserKind; is_admin: boolean }): { idleMs: number; absoluteMs: number } {
  const staff = user.kind === 'staff' || user.is_admin;
  return {
    idleMs: (staff ? config.STAFF_SESSION_IDLE_MINUTES : config.SESSION_IDLE_MINUTES) * 60_000,
    absoluteMs: (staff ? config.STAFF_SESSION_ABSOLUTE_HOURS : config.SESSION_ABSOLUTE_HOURS) * 3600_000,
  };
}

/** Whether a sign-in has ended: unused too long, or too old. By the lifetimes as configured now,
 * also for sessions started under older settings. */
function hasEnded(
  config: Config,
  user: { kind: UserKind; is_admin: boolean },
  session: { created_at: Date; last_seen_at: Date; expires_at: Date },
  now: Date,
): boolean {
  const { idleMs, absoluteMs } = lifetimes(config, user);
  const absoluteEnd = Math.min(session.expires_at.getTime(), session.created_at.getTime() + absoluteMs);
  return absoluteEnd <= now.getTime() || session.last_seen_at.getTime() + idleMs <= now.getTime();
}

/** Starts a new session and returns the cookie token. A new token on every sign-in means a
 * cookie planted before sign-in is worthless after it. */
export async function startSession(
  deps: AppDeps,
  userId: string,
  secondFactorPending: boolean,
  options: { factorFromProvider?: boolean } = {},
): Promise<string> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new Error('a session for nobody');
  const token = newToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + lifetimes(deps.config, user).absoluteMs);
  // A full sign-in has just proved the password (and second factor): it counts as a fresh
  // confirmation for the next few minutes (the set-up right after sign-up needs no second one).
  await insertSession(deps.db, {
    id: hashToken(token),
    userId,
    startedAt: now,
    expiresAt,
    secondFactorPending,
    authenticatedAt: secondFactorPending ? null : now,
    ...options,
  });
  return token;
}

/** "Sign out on all devices": every session of the person ends, this one too. */
export async function signOutEverywhere(deps: AppDeps, actor: Actor): Promise<void> {
  authorize(actor, 'account.use');
  await useCase(deps, actor, 'account.sign_out_everywhere', async ({ tx, audit }) => {
    await deleteSessionsOf(tx, actor.id);
    await audit('account.sign_out_everywhere', actor.id);
  });
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
  if (hasEnded(deps.config, user, session, now)) {
    // The ended sign-in stays until its absolute end (housekeeping), refused on every request,
    // so that a form sent later still finds whose it was (services/kept-forms.ts), even after a
    // helper request from the same page came first.
    return session.second_factor_pending ? { kind: 'anonymous' } : { kind: 'anonymous', endedSignInOf: user.id };
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
    authenticatedAt: session.authenticated_at,
    hasTotp: user.totp_secret !== null,
  };
  return actor;
}

export interface HeldSignIn {
  startedAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The sign-in this request came with. */
  current: boolean;
  /** The linked peer the person writes together with on that device, if any. */
  writingTogetherWith: string | null;
  /** Unused past the idle limit or past its lifetime: it opens nothing any more. */
  ended: boolean;
}

/** Every sign-in row held about the person, for "my data": one that has ended (`ended`) waits
 * for housekeeping until `expiresAt`, and until then it is data about them like any other. */
export async function signInsHeldFor(deps: AppDeps, actor: Actor): Promise<HeldSignIn[]> {
  authorize(actor, 'account.use');
  const now = deps.now();
  const person = { kind: actor.userKind, is_admin: actor.isAdmin };
  return (await sessionsOfUser(deps.db, actor.id)).map((s) => ({
    startedAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
    current: s.id === actor.sessionId,
    writingTogetherWith: s.together_with_name,
    ended: hasEnded(deps.config, person, s, now),
  }));
}
