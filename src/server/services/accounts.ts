import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Locale, Role, UserKind } from '../db/schema.ts';
import { hashPassword, verifyPassword } from '../crypto/passwords.ts';
import { matchTotp, newTotpSecret } from '../crypto/totp.ts';
import { hashToken } from '../crypto/tokens.ts';
import { findUserById, findUserByUsername, insertUser, membershipsOf, setLocale, setTotp, useTotpStep, addMembership } from '../repositories/users.ts';
import { claimInvitation, findOpenInvitation } from '../repositories/organisations.ts';
import { hasPasskey } from '../repositories/passkeys.ts';
import { deleteSession } from '../repositories/sessions.ts';
import { authorize, can } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { consume } from './rate-limit.ts';
import { useCase, withoutAudit } from './use-case.ts';
import { startSession } from './sessions.ts';
import { hasOtherSignInMethods } from './oidc-sign-in.ts';
import { linkInvitedIdentity } from './identity-providers.ts';

export type FieldErrors = Record<string, string>;
type Translate = (key: 'usernameInvalid' | 'usernameUnavailable' | 'passwordTooShort' | 'passwordTooLong' | 'required') => string;

const usernamePattern = /^[a-z0-9æøå][a-z0-9æøå.-]{2,39}$/;

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase().normalize('NFC');
}

function accountFieldErrors(input: { username: string; chosenName: string; password: string }, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.chosenName.trim()) errors.chosenName = t('required');
  else if (input.chosenName.trim().length > 60) errors.chosenName = t('required');
  if (!usernamePattern.test(normaliseUsername(input.username))) errors.username = t('usernameInvalid');
  if (input.password.length < 10) errors.password = t('passwordTooShort');
  else if (input.password.length > 200) errors.password = t('passwordTooLong');
  return errors;
}

export type SignUpResult = { ok: true; token: string } | { ok: false; errors: FieldErrors };

/** A new account as typed: a fresh data key, and no second factor yet. */
function newAccount(deps: Pick<AppDeps, 'keyring'>, input: { username: string; chosenName: string; locale: Locale }, passwordHash: string) {
  return {
    username: normaliseUsername(input.username),
    chosen_name: input.chosenName.trim(),
    password_hash: passwordHash,
    data_key: deps.keyring.newWrappedDataKey(),
    locale: input.locale,
    totp_secret: null,
    totp_last_step: null,
  };
}

export async function signUpCitizen(
  deps: AppDeps,
  input: { username: string; chosenName: string; password: string; locale: Locale; ip: string },
  t: Translate,
): Promise<SignUpResult> {
  const errors = accountFieldErrors(input, t);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await consume(deps.db, 'signup-address', input.ip, deps.config.SIGNUP_LIMIT_PER_ADDRESS, 60, deps.now());
  const passwordHash = await hashPassword(input.password);
  const userId = await useCase(deps, { kind: 'system' }, 'account.create', async ({ tx, audit }) => {
    const user = await insertUser(tx, {
      ...newAccount(deps, input, passwordHash),
      kind: 'citizen',
    });
    if (!user) throw new UsernameTaken();
    await audit('account.create', user.id);
    return user.id;
  }).catch((e: unknown) => {
    if (e instanceof UsernameTaken) return null;
    throw e;
  });
  if (!userId) return { ok: false, errors: { username: t('usernameUnavailable') } };
  return { ok: true, token: await startSession(deps, userId, false) };
}

export type SignInResult = { ok: true; token: string; next: 'home' | 'code'; accountKind: UserKind } | { ok: false };

const signInSchema = z.object({ username: z.string().max(100), password: z.string().max(200) });

/** Same answer, and about the same time, for an unknown name and a wrong password. */
export async function signIn(deps: AppDeps, input: { username: string; password: string; ip: string }): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  const username = normaliseUsername(parsed.data.username);
  const now = deps.now();
  await consume(deps.db, 'signin-address', input.ip, deps.config.LOGIN_LIMIT_PER_ADDRESS, 10, now);
  await consume(deps.db, 'signin-name', username, deps.config.LOGIN_LIMIT_PER_NAME, 15, now);
  const user = username ? await findUserByUsername(deps.db, username) : undefined;
  const valid = await verifyPassword(user?.password_hash, parsed.data.password);
  if (!user || !valid || user.disabled_at) return { ok: false };
  // Staff always give a second factor when they have one: a code, or their passkey.
  const passkeyAsFactor = user.kind === 'staff' || user.is_admin ? await hasPasskey(deps.db, user.id) : false;
  const needsCode = user.totp_secret !== null || passkeyAsFactor;
  const token = await startSession(deps, user.id, needsCode);
  return { ok: true, token, next: needsCode ? 'code' : 'home', accountKind: user.kind };
}

/** Second step of sign-in. Returns a fresh session token: the half-signed-in one is dropped. */
export async function completeSecondFactor(deps: AppDeps, actor: Actor, code: string): Promise<{ ok: true; token: string } | { ok: false }> {
  authorize(actor, 'signIn.finish');
  await consume(deps.db, 'totp-user', actor.id, deps.config.LOGIN_LIMIT_PER_NAME, 15, deps.now());
  const user = await findUserById(deps.db, actor.id);
  if (!user?.totp_secret) return { ok: false };
  const secret = Buffer.from(deps.keyring.openText(user.data_key, user.totp_secret, 'totp'), 'base64');
  const step = matchTotp(secret, code, deps.now().getTime());
  if (step === null || !(await useTotpStep(deps.db, user.id, step))) return { ok: false };
  await deleteSession(deps.db, actor.sessionId);
  return { ok: true, token: await startSession(deps, user.id, false) };
}

export interface TotpEnrolment {
  secret: Buffer;
  /** The secret sealed for this person, carried in the form so the server keeps no state. */
  sealed: string;
}

export async function beginTotpEnrolment(deps: AppDeps, actor: Actor): Promise<TotpEnrolment> {
  authorize(actor, 'factor.enrol');
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new Error('user vanished');
  const secret = newTotpSecret();
  const sealed = deps.keyring.sealText(user.data_key, secret.toString('base64'), `totp-enrolment:${user.id}`).toString('base64url');
  return { secret, sealed };
}

export function reopenTotpEnrolment(deps: AppDeps, dataKey: Uint8Array, userId: string, sealed: string): Buffer | null {
  try {
    return Buffer.from(deps.keyring.openText(dataKey, Buffer.from(sealed, 'base64url'), `totp-enrolment:${userId}`), 'base64');
  } catch {
    return null;
  }
}

export async function confirmTotpEnrolment(
  deps: AppDeps,
  actor: Actor,
  sealed: string,
  code: string,
): Promise<{ ok: true } | { ok: false; secret: Buffer | null }> {
  authorize(actor, 'factor.enrol');
  const user = await findUserById(deps.db, actor.id);
  if (!user) return { ok: false, secret: null };
  const secret = reopenTotpEnrolment(deps, user.data_key, user.id, sealed);
  if (!secret) return { ok: false, secret: null };
  await consume(deps.db, 'totp-user', actor.id, deps.config.LOGIN_LIMIT_PER_NAME, 15, deps.now());
  const step = matchTotp(secret, code, deps.now().getTime());
  if (step === null) return { ok: false, secret };
  await useCase(deps, actor, 'account.second_factor_enabled', async ({ tx, audit }) => {
    await setTotp(tx, user.id, deps.keyring.sealText(user.data_key, secret.toString('base64'), 'totp'), step);
    await audit('account.second_factor_enabled', user.id);
  });
  return { ok: true };
}

export type AccountRole = { kind: 'citizen' } | { kind: 'admin' } | { kind: 'member'; role: Role; volunteer: boolean; organisationName: string };

export interface AccountOverview {
  chosenName: string;
  username: string;
  roles: AccountRole[];
  /** Citizens see links to their peers, their data and their log. */
  isCitizen: boolean;
  secondFactorOn: boolean;
  /** An organisation's login or MitID can be linked to the account. */
  otherSignIn: boolean;
}

/** The account page: who the person is here, read from their account. */
export async function accountOverview(deps: AppDeps, actor: Actor): Promise<AccountOverview> {
  authorize(actor, 'account.use');
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new NotFound();
  const teams = user.kind === 'staff' ? await membershipsOf(deps.db, user.id) : [];
  const roles: AccountRole[] = [
    ...(user.kind === 'citizen' ? [{ kind: 'citizen' as const }] : []),
    ...teams.map((m) => ({ kind: 'member' as const, role: m.role, volunteer: m.volunteer, organisationName: m.organisationName })),
    ...(user.is_admin ? [{ kind: 'admin' as const }] : []),
  ];
  return {
    chosenName: user.chosen_name,
    username: user.username,
    roles,
    isCitizen: can(actor, 'citizen.act'),
    secondFactorOn: user.totp_secret !== null || (await hasPasskey(deps.db, user.id)),
    otherSignIn: await hasOtherSignInMethods(deps, actor),
  };
}

export async function rememberLocale(deps: AppDeps, actor: Actor, locale: Locale): Promise<void> {
  if (actor.kind === 'user') await setLocale(deps.db, actor.id, locale);
}

export async function findInvitation(deps: AppDeps, token: string) {
  if (token.length < 20 || token.length > 100) return undefined;
  return findOpenInvitation(deps.db, hashToken(token), deps.now());
}

export type AcceptInvitationResult =
  | {
      ok: true;
      token: string;
      /** The invitation named the person's identity at this organisation's login. */
      linkedOrganisationId: string | null;
    }
  | { ok: false; errors: FieldErrors }
  | { ok: false; invalid: true };

export async function acceptInvitation(
  deps: AppDeps,
  input: { token: string; username: string; chosenName: string; password: string; locale: Locale; ip: string },
  t: Translate,
): Promise<AcceptInvitationResult> {
  await consume(deps.db, 'token-address', input.ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10, deps.now());
  const invitation = await findInvitation(deps, input.token);
  if (!invitation) return { ok: false, invalid: true };
  const errors = accountFieldErrors(input, t);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const passwordHash = await hashPassword(input.password);
  const result = await withoutAudit(deps, 'a staff account made from an invitation', async ({ tx: trx }) => {
    if (!(await claimInvitation(trx, invitation.id, deps.now()))) return 'invalid' as const;
    const user = await insertUser(trx, {
      ...newAccount(deps, input, passwordHash),
      kind: 'staff',
    });
    if (!user) throw new UsernameTaken();
    await addMembership(trx, {
      userId: user.id,
      organisationId: invitation.organisation_id,
      siteId: invitation.site_id,
      role: invitation.role,
      volunteer: invitation.volunteer,
    });
    const linked = await linkInvitedIdentity(trx, invitation, user.id);
    return { userId: user.id, linkedOrganisationId: linked ? invitation.organisation_id : null };
  }).catch((e: unknown) => {
    if (e instanceof UsernameTaken) return 'taken' as const;
    throw e;
  });
  if (result === 'invalid') return { ok: false, invalid: true };
  if (result === 'taken') return { ok: false, errors: { username: t('usernameUnavailable') } };
  return { ok: true, token: await startSession(deps, result.userId, false), linkedOrganisationId: result.linkedOrganisationId };
}

class UsernameTaken extends Error {}
