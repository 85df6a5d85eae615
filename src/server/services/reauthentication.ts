import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import { authorize, can } from '../policy/policy.ts';
import { ReauthenticationRequired } from '../errors.ts';
import { verifyPassword } from '../crypto/passwords.ts';
import { matchTotp } from '../crypto/totp.ts';
import { findUserById, useTotpStep } from '../repositories/users.ts';
import { hasPasskey } from '../repositories/passkeys.ts';
import { markSessionAuthenticated } from '../repositories/sessions.ts';
import { consume } from './rate-limit.ts';

// "Confirm it is you": a session cookie alone must not be enough to change how one signs in
// (password, second factor, passkeys, recovery codes) or to erase the account. The person gives
// their password and a current code from their app (or uses their passkey, which proves both);
// the session records when, and such changes are allowed for a few minutes after
// (REAUTHENTICATION_MINUTES in the policy). A full sign-in counts as such a confirmation.

/** What "confirm it is you" asks of this person. */
export interface IdentityCheck {
  /** The password form confirms them (false: staff whose second factor is only a passkey). */
  password: boolean;
  /** The form also asks for a code from their authenticator app. */
  code: boolean;
  /** They may use a passkey instead (needs JavaScript). */
  passkey: boolean;
}

export async function identityCheckFor(deps: AppDeps, actor: SignedInActor): Promise<IdentityCheck> {
  return {
    password: can(actor, 'identity.confirmWithPassword'),
    code: can(actor, 'identity.confirmWithCode'),
    passkey: await hasPasskey(deps.db, actor.id),
  };
}

/** The check to show instead of a form that changes how one signs in, or null when the session may change it now. */
export async function confirmationNeeded(deps: AppDeps, actor: SignedInActor): Promise<IdentityCheck | null> {
  return can(actor, 'credentials.change', { now: deps.now() }) ? null : identityCheckFor(deps, actor);
}

/** Refuses a change to how one signs in unless the session confirmed who it is a few minutes ago at most. */
export function requireRecentAuthentication(deps: AppDeps, actor: SignedInActor): void {
  if (!can(actor, 'credentials.change', { now: deps.now() })) throw new ReauthenticationRequired();
}

/**
 * Checks the password and, for someone with an authenticator app, a current code (once only),
 * and records the confirmation on the session. False for anything wrong, with no hint which.
 */
export async function confirmIdentity(deps: AppDeps, actor: Actor, input: { password: string; code: string }): Promise<boolean> {
  authorize(actor, 'factor.enrol');
  await consume(deps, 'reauth-user', actor.id, deps.config.LOGIN_LIMIT_PER_NAME, 15);
  const user = await findUserById(deps.db, actor.id);
  const passwordOk = await verifyPassword(user?.password_hash, input.password.slice(0, 200));
  if (!user || !passwordOk || !can(actor, 'identity.confirmWithPassword')) return false;
  if (user.totp_secret) {
    const secret = Buffer.from(deps.keyring.openText(user.data_key, user.totp_secret, 'totp'), 'base64');
    const step = matchTotp(secret, input.code, deps.now().getTime());
    if (step === null || !(await useTotpStep(deps.db, user.id, step))) return false;
  }
  await markSessionAuthenticated(deps.db, actor.sessionId, deps.now());
  return true;
}

/** The check the confirmation page shows. */
export async function confirmationPage(deps: AppDeps, actor: Actor): Promise<IdentityCheck> {
  authorize(actor, 'factor.enrol');
  return identityCheckFor(deps, actor);
}
