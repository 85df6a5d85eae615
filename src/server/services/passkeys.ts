import { linkOrigin } from '../config.ts';
import type { AuthenticationResponseJSON, RegistrationResponseJSON, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { UserKind } from '../db/schema.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { clearSecondFactorReset, findUserById } from '../repositories/users.ts';
import { deleteOtherSessionsOfUser, deleteSession } from '../repositories/sessions.ts';
import {
  credentialsOf,
  deleteOwnPasskey,
  findPasskey,
  insertPasskey,
  markPasskeyUsed,
  passkeysOfUser,
  storeChallenge as insertChallenge,
  takeChallenge as deleteChallenge,
  type ChallengePurpose,
} from '../repositories/passkeys.ts';
import { useCase } from './use-case.ts';
import { consume } from './rate-limit.ts';
import { startSession } from './sessions.ts';
import { confirmationNeeded, requireRecentAuthentication, type IdentityCheck } from './reauthentication.ts';

// Passkeys: a citizen may add one instead of typing a password; for staff a passkey is a
// second factor, because it proves both the device and, with user verification, the person.

export interface RelyingParty {
  id: string;
  origin: string;
}

/** From PUBLIC_ORIGIN, or else from the Host the browser used (http://localhost:3000). */
export function relyingParty(deps: AppDeps, host: string | undefined): RelyingParty {
  const origin = linkOrigin(deps.config, host);
  return { id: new URL(origin).hostname, origin: origin.replace(/\/$/, '') };
}

const CHALLENGE_MINUTES = 5;

function storeChallenge(deps: AppDeps, purpose: ChallengePurpose, challenge: string, userId: string | null): Promise<string> {
  const now = deps.now();
  return insertChallenge(deps.db, { purpose, challenge, userId, now, expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000) });
}

/** Takes the challenge out (one use only); undefined when unknown, used or expired. */
async function takeChallenge(deps: AppDeps, id: string, purpose: ChallengePurpose) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await deleteChallenge(deps.db, id, purpose);
  if (!row || row.expires_at <= deps.now()) return undefined;
  return row;
}

// @simplewebauthn/server (≈ 7 MB resident) is loaded with the first passkey ceremony, not at start:
// most processes never see one. import() loads it once and then answers from its cache.
const webauthn = () => import('@simplewebauthn/server');

export async function registrationOptions(deps: AppDeps, actor: Actor, rp: RelyingParty) {
  authorize(actor, 'factor.enrol');
  requireRecentAuthentication(deps, actor);
  const existing = await credentialsOf(deps.db, actor.id);
  const options = await (await webauthn()).generateRegistrationOptions({
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

export async function finishRegistration(
  deps: AppDeps,
  actor: Actor,
  rp: RelyingParty,
  challengeId: string,
  response: RegistrationResponseJSON,
): Promise<boolean> {
  authorize(actor, 'factor.enrol');
  requireRecentAuthentication(deps, actor);
  const challenge = await takeChallenge(deps, challengeId, 'register');
  if (!challenge || challenge.user_id !== actor.id) return false;
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await (await webauthn()).verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return false;
  }
  if (!verified.verified) return false;
  const credential = verified.registrationInfo.credential;
  await useCase(deps, actor, 'account.passkey_add', async ({ tx, audit }) => {
    await insertPasskey(tx, {
      id: credential.id,
      userId: actor.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? [],
    });
    await clearSecondFactorReset(tx, actor.id);
    await deleteOtherSessionsOfUser(tx, actor.id, actor.sessionId);
    // Logged for the person, staff too: each sees changes to their own sign-in in their log.
    await audit('account.passkey_add', actor.id);
  });
  return true;
}

export interface PasskeyListItem {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface PasskeysOverview {
  passkeys: PasskeyListItem[];
  /** Adding or removing one first needs "confirm it is you" (null: the session may now). */
  confirm: IdentityCheck | null;
}

export async function passkeysOf(deps: AppDeps, actor: Actor): Promise<PasskeysOverview> {
  authorize(actor, 'factor.enrol');
  return {
    passkeys: (await passkeysOfUser(deps.db, actor.id)).map((p) => ({ id: p.id, createdAt: p.created_at, lastUsedAt: p.last_used_at })),
    confirm: await confirmationNeeded(deps, actor),
  };
}

/** Removes one of the actor's own passkeys; someone else's id is NotFound and stays where it is. */
export async function removePasskey(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'factor.enrol');
  // Someone else's passkey is not found, whether or not this session confirmed who it is.
  if ((await findPasskey(deps.db, id))?.user_id !== actor.id) throw new NotFound();
  requireRecentAuthentication(deps, actor);
  await useCase(deps, actor, 'account.passkey_remove', async ({ tx, audit }) => {
    if (!(await deleteOwnPasskey(tx, id, actor.id))) throw new NotFound();
    await deleteOtherSessionsOfUser(tx, actor.id, actor.sessionId);
    await audit('account.passkey_remove', actor.id);
  });
}

export async function authenticationOptions(deps: AppDeps, rp: RelyingParty, ip: string) {
  await consume(deps, 'passkey-address', ip, deps.config.LOGIN_LIMIT_PER_ADDRESS, 10);
  // No list of credentials: the browser offers the passkeys it holds for this site, so the
  // page never reveals which accounts exist.
  const options = await (await webauthn()).generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required' });
  const challengeId = await storeChallenge(deps, 'authenticate', options.challenge, null);
  return { challengeId, options };
}

export type PasskeySignIn = { ok: true; token: string; accountKind: UserKind } | { ok: false };

/**
 * Signs in with a passkey. It counts as both factors (the device, and the person through user
 * verification); a half-signed-in staff member finishes their second step with it too.
 */
export async function signInWithPasskey(
  deps: AppDeps,
  actor: Actor,
  rp: RelyingParty,
  challengeId: string,
  response: AuthenticationResponseJSON,
): Promise<PasskeySignIn> {
  const challenge = await takeChallenge(deps, challengeId, 'authenticate');
  if (!challenge || typeof response?.id !== 'string') return { ok: false };
  const passkey = await findPasskey(deps.db, response.id);
  if (!passkey) return { ok: false };
  if (actor.kind === 'user' && actor.id !== passkey.user_id) return { ok: false };
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await (await webauthn()).verifyAuthenticationResponse({
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
  await markPasskeyUsed(deps.db, passkey.id, verified.authenticationInfo.newCounter, deps.now());
  if (actor.kind === 'user') await deleteSession(deps.db, actor.sessionId);
  return { ok: true, token: await startSession(deps, user.id, false), accountKind: user.kind };
}
