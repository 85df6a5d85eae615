import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, notice, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { Messages } from '../../i18n/messages.ts';
import type { PasswordProblem } from '../../../domain/accounts/password-rules.ts';
import type { AccountFieldProblem } from '../../services/accounts.ts';
import type { IdentityCheck } from '../../services/reauthentication.ts';
import type { RecoveryCodesOverview, SecondFactorResetPage } from '../../services/account-security.ts';

/** What is wrong with a new password, and what to choose instead. */
export function passwordProblemText(t: Messages, problem: PasswordProblem): string {
  const words = t.passwordRules;
  return problem === 'tooShort' || problem === 'tooLong' ? words[problem] : `${words[problem]} ${words.advice}`;
}

/** The words for a refused field of a new account (sign-up, invitation). */
export function accountFieldText(t: Messages, problem: AccountFieldProblem): string {
  if (
    problem === 'chosenNameMissing' ||
    problem === 'chosenNameTooLong' ||
    problem === 'usernameMissing' ||
    problem === 'usernameInvalid' ||
    problem === 'usernameUnavailable' ||
    problem === 'passwordMissing'
  )
    return t.signUp[problem];
  return passwordProblemText(t, problem);
}

const newPasswordField = (ctx: ViewContext, label: string, error?: string) =>
  textField({ name: 'password', label, hint: ctx.t.signUp.passwordHint, type: 'password', error, autocomplete: 'new-password', maxLength: 200 });

/**
 * "Confirm it is you": the password and, for someone with an authenticator app, a code; or
 * their passkey. Shown in place of a form that changes how one signs in, and on its own page.
 * `error`: what was wrong with the last try (a wrong password or code, or no password).
 */
export function confirmIdentityForm(ctx: ViewContext, check: IdentityCheck, returnTo: string, o: { error?: string; ownPage?: boolean } = {}): SafeHtml {
  const t = ctx.t.confirmIdentity;
  const errors: Errors = o.error ? { password: o.error } : {};
  return html`${o.ownPage ? '' : html`<h2>${t.title}</h2>`}
${errorSummary(ctx.t, errors)}
<p>${check.password ? t.lead : t.withPasskey}</p>
${
  check.password
    ? html`<form method="post" action="/account/confirm" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="returnTo" value="${returnTo}">
  ${textField({ name: 'password', label: t.password, type: 'password', error: errors.password, autocomplete: 'current-password', maxLength: 200 })}
  ${check.code ? textField({ name: 'code', label: t.code, hint: t.codeHint, autocomplete: 'one-time-code', inputMode: 'numeric', maxLength: 8 }) : ''}
  <button type="submit" class="button">${t.submit}</button>
</form>`
    : ''
}
${
  check.passkey
    ? html`<div data-js-only hidden>
  ${check.password ? html`<h3>${t.orPasskey}</h3>` : ''}
  <button type="button" class="button button--secondary" data-passkey-signin data-next="${returnTo}" data-error="${ctx.t.passkeys.failed}">${t.passkey}</button>
  <p class="error-message" role="alert" data-passkey-status></p>
  ${check.password ? '' : csrfField(ctx)}
</div>
${check.password ? '' : html`<noscript><p class="hint">${ctx.t.passkeys.needsJs}</p></noscript>`}`
    : ''
}`;
}

export function confirmIdentityPage(ctx: ViewContext, check: IdentityCheck, returnTo: string, error?: string): SafeHtml {
  return page(ctx, {
    title: ctx.t.confirmIdentity.title,
    body: html`<p><a href="/account">${ctx.t.account.title}</a></p>
<h1>${ctx.t.confirmIdentity.title}</h1>
${confirmIdentityForm(ctx, check, returnTo, { ...(error ? { error } : {}), ownPage: true })}`,
  });
}

export function changePasswordPage(ctx: ViewContext, o: { confirm: IdentityCheck | null; error?: string }): SafeHtml {
  const t = ctx.t.changePassword;
  const errors: Errors = o.error ? { password: o.error } : {};
  return page(ctx, {
    title: t.title,
    body: html`<p><a href="/account">${ctx.t.account.title}</a></p>
<h1>${t.title}</h1>
${
  o.confirm
    ? confirmIdentityForm(ctx, o.confirm, '/account/password')
    : html`${errorSummary(ctx.t, errors)}
<p>${t.lead}</p>
<form method="post" action="/account/password" novalidate>
  ${csrfField(ctx)}
  ${newPasswordField(ctx, t.password, errors.password)}
  <button type="submit" class="button">${t.submit}</button>
</form>`
}`,
  });
}

/** Where "not now" and "I have kept them" lead: back to the account, or on after sign-up. */
export function recoveryCodesPage(ctx: ViewContext, o: RecoveryCodesOverview & { welcome: boolean; next: string }): SafeHtml {
  const t = ctx.t.recoveryCodes;
  return page(ctx, {
    title: t.title,
    body: html`${o.welcome ? '' : html`<p><a href="/account">${ctx.t.account.title}</a></p>`}
<h1>${t.title}</h1>
${o.welcome ? notice(t.welcome, 'success') : ''}
<p>${t.lead}</p>
<p>${t.keepSafe}</p>
${
  o.confirm
    ? confirmIdentityForm(ctx, o.confirm, '/account/recovery-codes')
    : html`<p><strong>${t.remaining(o.remaining)}</strong></p>
<form method="post" action="/account/recovery-codes" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="next" value="${o.next}">
  ${o.remaining > 0 ? html`<p class="hint">${t.replaceNote}</p>` : ''}
  <div class="button-row">
    <button type="submit" class="button">${o.remaining > 0 ? t.createNew : t.create}</button>
    ${o.welcome ? html`<a class="button button--secondary" href="${o.next}">${t.later}</a>` : ''}
  </div>
</form>`
}`,
  });
}

/** The codes, this once: a page to print or copy, then go on. */
export function recoveryCodesShownPage(ctx: ViewContext, codes: string[], next: string): SafeHtml {
  const t = ctx.t.recoveryCodes;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${notice(t.shownOnce, 'warning')}
<p>${t.keepSafe}</p>
<p>${ctx.t.signIn.username}: <strong>${ctx.actor.kind === 'user' ? ctx.actor.username : ''}</strong></p>
<ol class="recovery-codes" aria-label="${t.listLabel}">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
<div class="button-row no-print">
  <button type="button" class="button button--secondary" data-print data-js-only hidden>${t.print}</button>
  <a class="button" href="${next}">${t.saved}</a>
</div>
<p class="hint no-print">${t.printHint}</p>`,
  });
}

export function forgotPasswordPage(
  ctx: ViewContext,
  o: { emailOffered: boolean; values?: { username?: string; recoveryCode?: string }; errors?: Errors; emailSent?: boolean },
): SafeHtml {
  const t = ctx.t.forgotPassword;
  const errors = o.errors ?? {};
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${o.emailSent ? notice(t.emailSent, 'success') : ''}
${errorSummary(ctx.t, errors, ['recoveryCode', 'password'])}
<p>${t.lead}</p>
<form method="post" action="/forgot-password" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'username', label: t.username, value: o.values?.username ?? '', autocomplete: 'username', maxLength: 100 })}
  ${textField({ name: 'recoveryCode', label: t.recoveryCode, hint: t.recoveryCodeHint, value: o.values?.recoveryCode ?? '', error: errors.recoveryCode, autocomplete: 'off', maxLength: 40 })}
  ${newPasswordField(ctx, t.password, errors.password)}
  <p class="hint">${t.note}</p>
  <button type="submit" class="button">${t.submit}</button>
</form>
${
  o.emailOffered
    ? html`<h2>${t.emailTitle}</h2>
<p>${t.emailLead}</p>
<form method="post" action="/forgot-password/email" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'emailUsername', label: t.username, autocomplete: 'username', maxLength: 100 })}
  <button type="submit" class="button button--secondary">${t.emailSubmit}</button>
</form>`
    : ''
}
<h2>${t.noWayTitle}</h2>
<p>${t.noWay}</p>`,
  });
}

export function passwordResetPage(ctx: ViewContext, token: string, error?: string): SafeHtml {
  const t = ctx.t.passwordReset;
  const errors: Errors = error ? { password: error } : {};
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${errorSummary(ctx.t, errors)}
<p>${t.lead}</p>
<form method="post" action="/reset-password/${token}" novalidate>
  ${csrfField(ctx)}
  ${newPasswordField(ctx, ctx.t.changePassword.password, errors.password)}
  <button type="submit" class="button">${ctx.t.changePassword.submit}</button>
</form>`,
  });
}

/** One page for unknown, used and expired links: it tells nothing about which. */
export function passwordResetInvalidPage(ctx: ViewContext): SafeHtml {
  const t = ctx.t.passwordReset;
  return page(ctx, { title: t.title, body: html`<h1>${t.title}</h1><p>${t.invalid}</p><p><a href="/forgot-password">${ctx.t.forgotPassword.title}</a></p>` });
}

export function secondFactorResetPageView(ctx: ViewContext, organisationId: string, userId: string, o: SecondFactorResetPage & { done: boolean }): SafeHtml {
  const t = ctx.t.secondFactorReset;
  const path = `/organisation/${organisationId}/members/${userId}/second-factor`;
  return page(ctx, {
    title: t.title,
    body: html`<p><a href="/organisation/${organisationId}">${ctx.t.organisation.title}</a></p>
<h1>${t.title}: ${o.chosenName}</h1>
${
  o.done
    ? notice(t.done(o.chosenName), 'success')
    : o.confirm
      ? confirmIdentityForm(ctx, o.confirm, path)
      : html`<p>${t.lead(o.chosenName)}</p>
${notice(t.warning(o.chosenName), 'warning')}
<form method="post" action="${path}" novalidate>
  ${csrfField(ctx)}
  <button type="submit" class="button button--danger">${t.submit}</button>
</form>`
}`,
  });
}
