import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { requireSignedIn } from '../policy/legacy.ts';
import { NotFound } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { consume } from './rate-limit.ts';
import { startSession } from './sessions.ts';

// Passkeys: a citizen may add one instead of typing a password; for staff a passkey is a
// second factor, because it proves both the device and, with user verification, the person.

export interface RelyingParty {
  id: string;
  origin: string;
}

/** From PUBLIC_ORIGIN, or else from the Host the browser used (http://localhost:3000). */
export function relyingParty(deps: AppDeps, host: string | undefined): RelyingParty {
  const origin = deps.config.PUBLIC_ORIGIN ?? `http://${host ?? 'localhost'}`;
  return { id: new URL(origin).hostname, origin: origin.replace(/\/$/, '') };
}

const CHALLENGE_MINUTES = 5;

async function storeChallenge(deps: AppDeps, purpose: 'register' | 'authenticate', challenge: string, userId: string | null): Promise<string> {
  await deps.db.deleteFrom('webauthn_challenges').where('expires_at', '<', deps.now()).execute();
  const row = await deps.db
    .insertInto('webauthn_challenges')
    .values({ purpose, challenge, user_id: userId, expires_at: new Date(deps.now().getTime() + CHALLENGE_MINUTES * 60_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Takes the challenge out (one use only); undefined when unknown, used or expired. */
async function takeChallenge(deps: AppDeps, id: string, purpose: 'register' | 'authenticate') {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await deps.db.deleteFrom('webauthn_challenges').where('id', '=', id).where('purpose', '=', purpose).returningAll().executeTakeFirst();
  if (!row || row.expires_at <= deps.now()) return undefined;
  return row;
}

export async function registrationOptions(deps: AppDeps, actor: Actor, rp: RelyingParty) {
  requireSignedIn(actor);
  const existing = await deps.db.selectFrom('passkeys').select(['id', 'transports']).where('user_id', '=', actor.id).execute();
  const options = await generateRegistrationOptions({
    rpName: 'Egne ord',
    rpID: rp.id,
    userName: actor.username,
    userDisplayName: actor.chosenName,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const challengeId = await storeChallenge(deps, 'register', options.challenge, actor.id);
  return { challengeId, options };
}

export async function finishRegistration(deps: AppDeps, actor: Actor, rp: RelyingParty, challengeId: string, response: RegistrationResponseJSON): Promise<boolean> {
  requireSignedIn(actor);
  const challenge = await takeChallenge(deps, challengeId, 'register');
  if (!challenge || challenge.user_id !== actor.id) return false;
  let verified;
  try {
    verified = await verifyRegistrationResponse({ response, expectedChallenge: challenge.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true });
  } catch {
    return false;
  }
  if (!verified.verified) return false;
  const credential = verified.registrationInfo.credential;
  await deps.db
    .insertInto('passkeys')
    .values({ id: credential.id, user_id: actor.id, public_key: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [] })
    .execute();
  await audit(deps.db, actor, 'account.passkey_add', actor.userKind === 'citizen' ? actor.id : null);
  return true;
}

export async function passkeysOf(deps: AppDeps, actor: Actor) {
  requireSignedIn(actor);
  return deps.db.selectFrom('passkeys').select(['id', 'created_at', 'last_used_at']).where('user_id', '=', actor.id).orderBy('created_at').execute();
}

export async function removePasskey(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  requireSignedIn(actor);
  const removed = await deps.db.deleteFrom('passkeys').where('id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new NotFound();
  await audit(deps.db, actor, 'account.passkey_remove', actor.userKind === 'citizen' ? actor.id : null);
}

export async function authenticationOptions(deps: AppDeps, rp: RelyingParty, ip: string) {
  await consume(deps.db, 'passkey-address', ip, deps.config.LOGIN_LIMIT_PER_ADDRESS, 10, deps.now());
  // No list of credentials: the browser offers the passkeys it holds for this site, so the
  // page never reveals which accounts exist.
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required' });
  const challengeId = await storeChallenge(deps, 'authenticate', options.challenge, null);
  return { challengeId, options };
}

export type PasskeySignIn = { ok: true; token: string; userKind: 'citizen' | 'staff' } | { ok: false };

/**
 * Signs in with a passkey. It counts as both factors (the device, and the person through user
 * verification); a half-signed-in staff member finishes their second step with it too.
 */
export async function signInWithPasskey(deps: AppDeps, actor: Actor, rp: RelyingParty, challengeId: string, response: AuthenticationResponseJSON): Promise<PasskeySignIn> {
  const challenge = await takeChallenge(deps, challengeId, 'authenticate');
  if (!challenge || typeof response?.id !== 'string') return { ok: false };
  const passkey = await deps.db.selectFrom('passkeys').selectAll().where('id', '=', response.id).executeTakeFirst();
  if (!passkey) return { ok: false };
  if (actor.kind === 'user' && actor.id !== passkey.user_id) return { ok: false };
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.public_key), counter: Number(passkey.counter), transports: passkey.transports as never },
    });
  } catch {
    return { ok: false };
  }
  if (!verified.verified) return { ok: false };
  const user = await findUserById(deps.db, passkey.user_id);
  if (!user || user.disabled_at) return { ok: false };
  await deps.db.updateTable('passkeys').set({ counter: verified.authenticationInfo.newCounter, last_used_at: deps.now() }).where('id', '=', passkey.id).execute();
  if (actor.kind === 'user') await deps.db.deleteFrom('sessions').where('id', '=', actor.sessionId).execute();
  return { ok: true, token: await startSession(deps, user.id, false), userKind: user.kind };
}
