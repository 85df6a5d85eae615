import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { PasswordProblem } from '../../domain/accounts/password-rules.ts';
import { authorize, can } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { checkNewPassword } from '../crypto/password-strength.ts';
import { hashToken, newShortCode, newToken } from '../crypto/tokens.ts';
import { clearTotp, findUserById, findUserByUsername, membershipsOf, setPasswordHash } from '../repositories/users.ts';
import { deleteOtherSessionsOfUser, deleteSessionsOf } from '../repositories/sessions.ts';
import { deletePasskeysOfUser } from '../repositories/passkeys.ts';
import {
  countRecoveryCodes,
  deletePasswordResetsOfUser,
  findPasswordReset,
  hasRecoveryCode,
  insertPasswordReset,
  replaceRecoveryCodes,
  takePasswordReset,
  takeRecoveryCode,
} from '../repositories/account-recovery.ts';
import { messagesFor } from '../i18n/messages.ts';
import { errorSummaryForLog } from '../observability/logger.ts';
import { confirmationNeeded, requireRecentAuthentication, type IdentityCheck } from './reauthentication.ts';
import { consume } from './rate-limit.ts';
import { normaliseUsername } from './accounts.ts';
import { nothingChanged, useCase } from './use-case.ts';

// Changing one's password, recovery codes, and the ways back in without anyone's help: a
// recovery code (everyone), a link to the reminder e-mail (citizens who gave one), and a
// coordinator resetting a staff member's lost second factor. Nobody can reset a citizen's
// password for them: there is no such function.

const RECOVERY_CODE_COUNT = 10;
const RECOVERY_CODE_LENGTH = 12;
const RESET_LINK_MINUTES = 30;

export type PasswordChange = { ok: true } | { ok: false; problem: PasswordProblem };

/** The password page: the form, or first the confirmation when the session is not fresh. */
export async function passwordChangeForm(deps: AppDeps, actor: Actor): Promise<{ confirm: IdentityCheck | null }> {
  authorize(actor, 'account.use');
  return { confirm: await confirmationNeeded(deps, actor) };
}

export async function changePassword(deps: AppDeps, actor: Actor, password: string): Promise<PasswordChange> {
  authorize(actor, 'account.use');
  requireRecentAuthentication(deps, actor);
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new NotFound();
  const problem = await checkNewPassword(password, { username: user.username, chosenName: user.chosen_name });
  if (problem) return { ok: false, problem };
  const passwordHash = await hashPassword(password);
  await useCase(deps, actor, 'account.password_change', async ({ tx, audit }) => {
    await setPasswordHash(tx, user.id, passwordHash);
    await deleteOtherSessionsOfUser(tx, user.id, actor.sessionId);
    await deletePasswordResetsOfUser(tx, user.id);
    await audit('account.password_change', user.id);
  });
  return { ok: true };
}

export interface RecoveryCodesOverview {
  confirm: IdentityCheck | null;
  remaining: number;
}

export async function recoveryCodesOverview(deps: AppDeps, actor: Actor): Promise<RecoveryCodesOverview> {
  authorize(actor, 'account.use');
  return { confirm: await confirmationNeeded(deps, actor), remaining: await countRecoveryCodes(deps.db, actor.id) };
}

/** Ten new codes in place of any old ones. They are returned this once; only hashes are kept. */
export async function createRecoveryCodes(deps: AppDeps, actor: Actor): Promise<string[]> {
  authorize(actor, 'account.use');
  requireRecentAuthentication(deps, actor);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newShortCode(RECOVERY_CODE_LENGTH).replace(/(.{4})(?=.)/g, '$1-'));
  await useCase(deps, actor, 'account.recovery_codes_create', async ({ tx, audit }) => {
    await replaceRecoveryCodes(
      tx,
      actor.id,
      codes.map((c) => recoveryCodeHash(actor.id, c)),
    );
    await deleteOtherSessionsOfUser(tx, actor.id, actor.sessionId);
    await audit('account.recovery_codes_create', actor.id);
  });
  return codes;
}

/** Salted with the person's id, so one hash table does not serve every account. */
function recoveryCodeHash(userId: string, code: string): string {
  return hashToken(`recovery:${userId}:${normaliseRecoveryCode(code)}`);
}

/** As typed from paper: any case, with or without dashes and spaces. */
function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

export type Recovery = { ok: true } | { ok: false; wrongCode: true } | { ok: false; problem: PasswordProblem };

/**
 * Forgot password: the username and one of the person's recovery codes set a new password.
 * The code also turns off the second factor (app and passkeys): it is the way back for someone
 * who lost their phone too, and staff then set up a new one at once. Every session ends. An
 * unknown name, a wrong code and a used one get one answer.
 */
export async function recoverWithCode(deps: AppDeps, input: { username: string; recoveryCode: string; password: string; ip: string }): Promise<Recovery> {
  const username = normaliseUsername(input.username.slice(0, 100));
  await consume(deps, 'recovery-address', input.ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  await consume(deps, 'recovery-name', username, deps.config.LOGIN_LIMIT_PER_NAME, 15);
  const code = normaliseRecoveryCode(input.recoveryCode.slice(0, 40));
  const user = username && code.length === RECOVERY_CODE_LENGTH ? await findUserByUsername(deps.db, username) : undefined;
  if (!user || user.disabled_at) return { ok: false, wrongCode: true };
  const codeHash = recoveryCodeHash(user.id, code);
  // The password rule is checked before the code is used up, so a refused password costs no code;
  // it is told only to someone holding a valid code.
  if (!(await hasRecoveryCode(deps.db, user.id, codeHash))) return { ok: false, wrongCode: true };
  const problem = await checkNewPassword(input.password, { username: user.username, chosenName: user.chosen_name });
  if (problem) return { ok: false, problem };
  const passwordHash = await hashPassword(input.password);
  const done = await useCase(deps, { kind: 'system' }, 'account.password_reset_code', async ({ tx, audit }) => {
    if (!(await takeRecoveryCode(tx, user.id, codeHash))) nothingChanged(false);
    await setPasswordHash(tx, user.id, passwordHash);
    await clearTotp(tx, user.id, null);
    await deletePasskeysOfUser(tx, user.id);
    await deleteSessionsOf(tx, user.id);
    await deletePasswordResetsOfUser(tx, user.id);
    await audit('account.password_reset_code', user.id);
    return true;
  });
  return done ? { ok: true } : { ok: false, wrongCode: true };
}

/** Whether the forgot-password page may offer a link by e-mail: only when e-mail is set up. */
export function resetByEmailOffered(deps: AppDeps): boolean {
  return deps.mailer.enabled;
}

/**
 * Sends a one-time link to the reminder e-mail of a citizen who gave one. Everyone gets the same
 * answer at about the same time: the mail leaves after the answer, so its sending takes no time
 * that would tell whether the name has an e-mail.
 */
export async function requestResetByEmail(deps: AppDeps, input: { username: string; ip: string; origin: string }): Promise<void> {
  const now = deps.now();
  const username = normaliseUsername(input.username.slice(0, 100));
  await consume(deps, 'reset-mail-address', input.ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  await consume(deps, 'reset-mail-name', username, 3, 60);
  if (!deps.mailer.enabled || !username) return;
  const user = await findUserByUsername(deps.db, username);
  if (!user?.email || user.kind !== 'citizen' || user.disabled_at) return;
  const to = deps.keyring.openText(user.data_key, user.email, 'user.email');
  const token = newToken();
  await useCase(deps, { kind: 'system' }, 'account.password_reset_request', async ({ tx, audit }) => {
    await insertPasswordReset(tx, { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000) });
    await audit('account.password_reset_request', user.id);
  });
  const m = messagesFor(user.locale).passwordReset;
  const link = `${input.origin}/reset-password/${token}`;
  void deps.mailer
    .send({ to, subject: m.mailSubject, text: m.mailText(link, RESET_LINK_MINUTES) })
    .catch((error: unknown) => deps.logger.warn({ error: errorSummaryForLog(error) }, 'password reset mail failed'));
}

/** Whether a reset link may still be used (the page shows its form, or says it cannot). */
export async function resetLinkUsable(deps: AppDeps, input: { token: string; ip: string }): Promise<boolean> {
  await consume(deps, 'token-address', input.ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  if (input.token.length < 20 || input.token.length > 100) return false;
  const reset = await findPasswordReset(deps.db, hashToken(input.token));
  return !!reset && reset.expires_at > deps.now();
}

export type LinkReset = { ok: true } | { ok: false; invalid: true } | { ok: false; problem: PasswordProblem };

/** Sets the new password from a link: once, within its minutes; every session ends. */
export async function resetWithLink(deps: AppDeps, input: { token: string; password: string; ip: string }): Promise<LinkReset> {
  if (!(await resetLinkUsable(deps, input))) return { ok: false, invalid: true };
  const tokenHash = hashToken(input.token);
  const reset = await findPasswordReset(deps.db, tokenHash);
  const user = reset ? await findUserById(deps.db, reset.user_id) : undefined;
  if (!user) return { ok: false, invalid: true };
  const problem = await checkNewPassword(input.password, { username: user.username, chosenName: user.chosen_name });
  if (problem) return { ok: false, problem };
  const passwordHash = await hashPassword(input.password);
  const done = await useCase(deps, { kind: 'system' }, 'account.password_reset_email', async ({ tx, now, audit }) => {
    const taken = await takePasswordReset(tx, tokenHash);
    if (!taken || taken.expires_at <= now) nothingChanged(false);
    await setPasswordHash(tx, user.id, passwordHash);
    await deleteSessionsOf(tx, user.id);
    await audit('account.password_reset_email', user.id);
    return true;
  });
  return done ? { ok: true } : { ok: false, invalid: true };
}

export interface SecondFactorResetPage {
  confirm: IdentityCheck | null;
  chosenName: string;
}

/** The facts the policy judges a reset on: who the person is in that organisation. */
async function memberFact(deps: AppDeps, organisationId: string, userId: string) {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound();
  const member = (await membershipsOf(deps.db, user.id)).some((m) => m.organisationId === organisationId);
  return { user, fact: { organisationId, userId: user.id, member, kind: user.kind, isAdmin: user.is_admin } };
}

export async function secondFactorResetPage(deps: AppDeps, actor: Actor, organisationId: string, userId: string): Promise<SecondFactorResetPage> {
  authorize(actor, 'organisation.manage', { organisationId });
  const { user, fact } = await memberFact(deps, organisationId, userId);
  if (!can(actor, 'member.resetSecondFactor', fact)) throw new NotFound();
  return { confirm: await confirmationNeeded(deps, actor), chosenName: user.chosen_name };
}

/**
 * A staff member lost their phone: their coordinator (or an admin), having confirmed who they
 * are, turns the app and passkeys off and ends every session. The staff member signs in with
 * their password, is told, and sets up a new second factor before anything else.
 */
export async function resetMemberSecondFactor(deps: AppDeps, actor: Actor, organisationId: string, userId: string): Promise<void> {
  authorize(actor, 'organisation.manage', { organisationId });
  const { user, fact } = await memberFact(deps, organisationId, userId);
  if (!can(actor, 'member.resetSecondFactor', fact)) throw new NotFound();
  requireRecentAuthentication(deps, actor);
  await useCase(deps, actor, 'account.second_factor_reset', async ({ tx, now, audit }) => {
    await clearTotp(tx, user.id, now);
    await deletePasskeysOfUser(tx, user.id);
    await deleteSessionsOf(tx, user.id);
    await audit('account.second_factor_reset', user.id);
  });
}
