import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Locale, Role, UserKind } from '../db/schema.ts';
import { hashPassword, verifyPassword } from '../crypto/passwords.ts';
import { matchTotp, newTotpSecret } from '../crypto/totp.ts';
import { hashToken } from '../crypto/tokens.ts';
import {
  addMembership,
  clearTotp,
  findUserById,
  findUserByUsername,
  insertUser,
  membershipsOf,
  setChosenName,
  setLocale,
  setPendingTotp,
  setTotp,
  useTotpStep,
} from '../repositories/users.ts';
import { claimInvitation, findOpenInvitation } from '../repositories/organisations.ts';
import { hasPasskey } from '../repositories/passkeys.ts';
import { countRecoveryCodes } from '../repositories/account-recovery.ts';
import { deleteOtherSessionsOfUser, deleteSession } from '../repositories/sessions.ts';
import { authorize, can } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { awaitTurn, consume, rateLimitKey, recordFailure } from './rate-limit.ts';
import { useCase, withoutAudit } from './use-case.ts';
import { startSession } from './sessions.ts';
import { confirmationNeeded, requireRecentAuthentication, type IdentityCheck } from './reauthentication.ts';
import { checkNewPassword } from '../crypto/password-strength.ts';
import type { PasswordProblem } from '../../domain/accounts/password-rules.ts';
import { CHOSEN_NAME_MAX } from '../../domain/accounts/names.ts';
import { hasOtherSignInMethods } from './oidc-sign-in.ts';
import { linkInvitedIdentity } from './identity-providers.ts';

export type FieldErrors = Record<string, string>;
/** Why a field of a new account is refused; the route puts it into words. */
export type AccountFieldProblem =
  | 'usernameMissing'
  | 'usernameInvalid'
  | 'usernameUnavailable'
  | 'chosenNameMissing'
  | 'chosenNameTooLong'
  | 'passwordMissing'
  | PasswordProblem;
type Translate = (key: AccountFieldProblem) => string;

const usernamePattern = /^[a-z0-9æøå][a-z0-9æøå.-]{2,39}$/;

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase().normalize('NFC');
}

async function accountFieldErrors(input: { username: string; chosenName: string; password: string }, t: Translate): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const username = normaliseUsername(input.username);
  const chosenName = input.chosenName.trim();
  if (!chosenName) errors.chosenName = t('chosenNameMissing');
  else if (chosenName.length > CHOSEN_NAME_MAX) errors.chosenName = t('chosenNameTooLong');
  // What was left empty is asked for; the rules are for what was written.
  if (!username) errors.username = t('usernameMissing');
  else if (!usernamePattern.test(username)) errors.username = t('usernameInvalid');
  if (!input.password) errors.password = t('passwordMissing');
  else {
    const problem = await checkNewPassword(input.password, { username, chosenName });
    if (problem) errors.password = t(problem);
  }
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
  const errors = await accountFieldErrors(input, t);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await consume(deps, 'signup-address', input.ip, deps.config.SIGNUP_LIMIT_PER_ADDRESS, 60);
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

const SIGN_IN = 'signin';

/** The stored key of a name's failure count, for erasure to remove with the account. */
export function signInFailuresKey(deps: Pick<AppDeps, 'db' | 'keyring'>, username: string): Promise<string> {
  return rateLimitKey(deps, `${SIGN_IN}-failures`, username);
}

export type SignInResult = { ok: true; token: string; next: 'home' | 'code'; accountKind: UserKind } | { ok: false };

const signInSchema = z.object({ username: z.string().max(100), password: z.string().max(200) });

/** Same answer, and about the same time, for an unknown name and a wrong password. */
export async function signIn(deps: AppDeps, input: { username: string; password: string; ip: string }): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  const username = normaliseUsername(parsed.data.username);
  await consume(deps, 'signin-address', input.ip, deps.config.LOGIN_LIMIT_PER_ADDRESS, 10);
  const delay = { after: deps.config.LOGIN_DELAY_AFTER_FAILURES, maxSeconds: deps.config.LOGIN_DELAY_MAX_SECONDS };
  await awaitTurn(deps, SIGN_IN, username, input.ip, delay);
  await consume(deps, 'signin-name-address', `${username}\u0000${input.ip}`, deps.config.LOGIN_LIMIT_PER_NAME, 15);
  const user = username ? await findUserByUsername(deps.db, username) : undefined;
  const valid = await verifyPassword(user?.password_hash, parsed.data.password);
  if (!user || !valid || user.disabled_at) {
    // Unknown names count and wait like known ones, so a wait tells nothing about the name.
    await recordFailure(deps, SIGN_IN, username, input.ip);
    return { ok: false };
  }
  // Staff always give a second factor when they have one: a code, or their passkey.
  const passkeyAsFactor = user.kind === 'staff' || user.is_admin ? await hasPasskey(deps.db, user.id) : false;
  const needsCode = user.totp_secret !== null || passkeyAsFactor;
  const token = await startSession(deps, user.id, needsCode);
  return { ok: true, token, next: needsCode ? 'code' : 'home', accountKind: user.kind };
}

/** Second step of sign-in. Returns a fresh session token: the half-signed-in one is dropped. */
export async function completeSecondFactor(deps: AppDeps, actor: Actor, code: string): Promise<{ ok: true; token: string } | { ok: false }> {
  authorize(actor, 'signIn.finish');
  await consume(deps, 'totp-user', actor.id, deps.config.LOGIN_LIMIT_PER_NAME, 15);
  const user = await findUserById(deps.db, actor.id);
  if (!user?.totp_secret) return { ok: false };
  const secret = Buffer.from(deps.keyring.openText(user.data_key, user.totp_secret, 'totp'), 'base64');
  const step = matchTotp(secret, code, deps.now().getTime());
  if (step === null || !(await useTotpStep(deps.db, user.id, step))) return { ok: false };
  await deleteSession(deps.db, actor.sessionId);
  return { ok: true, token: await startSession(deps, user.id, false) };
}

export type TotpEnrolment =
  | { confirm: IdentityCheck }
  | {
      confirm: null;
      secret: Buffer;
      /** An app is on already: confirming this key replaces it. */
      replacing: boolean;
      /** Turning the app off is offered (citizens, for whom it is optional). */
      removable: boolean;
      /** A coordinator or administrator reset the person's second factor then. */
      resetAt: Date | null;
    };

const PENDING = 'totp-pending';

/**
 * The key to scan, the same on every reload until it is confirmed or the set-up is cancelled
 * (kept sealed on the person's row). Shown only to a session that confirmed who it is: a key
 * seen by a stolen cookie would later be confirmed by the real person.
 */
export async function beginTotpEnrolment(deps: AppDeps, actor: Actor): Promise<TotpEnrolment> {
  authorize(actor, 'factor.enrol');
  const confirm = await confirmationNeeded(deps, actor);
  if (confirm) return { confirm };
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new NotFound();
  let secret: Buffer;
  if (user.totp_pending_secret) secret = Buffer.from(deps.keyring.openText(user.data_key, user.totp_pending_secret, PENDING), 'base64');
  else {
    secret = newTotpSecret();
    await setPendingTotp(deps.db, user.id, deps.keyring.sealText(user.data_key, secret.toString('base64'), PENDING));
  }
  return {
    confirm: null,
    secret,
    replacing: user.totp_secret !== null,
    removable: user.totp_secret !== null && can(actor, 'factor.remove'),
    resetAt: user.second_factor_reset_at,
  };
}

/** Confirms the key being set up with a code from it; it replaces any earlier app, and every other session ends. */
export async function confirmTotpEnrolment(deps: AppDeps, actor: Actor, code: string): Promise<boolean> {
  authorize(actor, 'factor.enrol');
  requireRecentAuthentication(deps, actor);
  const user = await findUserById(deps.db, actor.id);
  if (!user?.totp_pending_secret) return false;
  const secret = Buffer.from(deps.keyring.openText(user.data_key, user.totp_pending_secret, PENDING), 'base64');
  await consume(deps, 'totp-user', actor.id, deps.config.LOGIN_LIMIT_PER_NAME, 15);
  const step = matchTotp(secret, code, deps.now().getTime());
  if (step === null) return false;
  await useCase(deps, actor, 'account.second_factor_enabled', async ({ tx, audit }) => {
    await setTotp(tx, user.id, deps.keyring.sealText(user.data_key, secret.toString('base64'), 'totp'), step);
    await deleteOtherSessionsOfUser(tx, user.id, actor.sessionId);
    await audit('account.second_factor_enabled', user.id);
  });
  return true;
}

/** Throws the key being set up away: the next visit shows a new one. Nothing was turned on, so nothing is logged. */
export async function cancelTotpEnrolment(deps: AppDeps, actor: Actor): Promise<void> {
  authorize(actor, 'factor.enrol');
  await setPendingTotp(deps.db, actor.id, null);
}

/** A citizen turns their optional app off; every other session ends. */
export async function removeTotp(deps: AppDeps, actor: Actor): Promise<void> {
  authorize(actor, 'factor.remove');
  requireRecentAuthentication(deps, actor);
  await useCase(deps, actor, 'account.second_factor_removed', async ({ tx, audit }) => {
    await clearTotp(tx, actor.id, null);
    await deleteOtherSessionsOfUser(tx, actor.id, actor.sessionId);
    await audit('account.second_factor_removed', actor.id);
  });
}

export type AccountRole = { kind: 'citizen' } | { kind: 'admin' } | { kind: 'member'; role: Role; volunteer: boolean; organisationName: string };

export interface AccountOverview {
  chosenName: string;
  username: string;
  roles: AccountRole[];
  /** Citizens see links to their peers, their data and their log. */
  isCitizen: boolean;
  secondFactorOn: boolean;
  /** Recovery codes not yet used. */
  recoveryCodes: number;
  /** An organisation's login or MitID can be linked to the account. */
  otherSignIn: boolean;
}

/** A citizen changes what they are called. Names are read where they are shown, so their peer
 * and those they share with see the new one from now on, in earlier records too. */
export async function changeChosenName(deps: AppDeps, actor: Actor, chosenName: string): Promise<void> {
  authorize(actor, 'citizen.act');
  await useCase(deps, actor, 'account.name', async ({ tx, audit }) => {
    await setChosenName(tx, actor.id, chosenName);
    await audit('account.name', actor.id);
  });
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
    recoveryCodes: await countRecoveryCodes(deps.db, user.id),
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
  await consume(deps, 'token-address', input.ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  const invitation = await findInvitation(deps, input.token);
  if (!invitation) return { ok: false, invalid: true };
  const errors = await accountFieldErrors(input, t);
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
