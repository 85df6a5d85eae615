import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { clearBrowserMarker, errorSummary, notice, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { AccountOverview } from '../../services/accounts.ts';
import type { IdentityCheck } from '../../services/reauthentication.ts';
import { confirmIdentityForm } from './account-security.ts';
import { DELETE_ACCOUNT_ID, formatWhen } from './meetings.ts';
import type { SignInChoices } from '../../services/identity-providers.ts';
import { signInChoicesBlock } from './identity.ts';
import { CHOSEN_NAME_MAX } from '../../../domain/accounts/names.ts';
import { KEPT_FORM_PATH } from './kept-forms.ts';

export interface CarriedImport {
  state: string;
  templateKey: string;
}

/** The sheet carried from the done page, and a field the page's script sets when there are
 * sheets in this browser, so that signing in or up can offer to move them. */
function importFields(carried?: CarriedImport): SafeHtml {
  const deviceSheets = html`<input type="hidden" name="deviceSheets" value="" data-device-sheets>`;
  if (!carried) return deviceSheets;
  return html`${deviceSheets}<input type="hidden" name="importState" value="${carried.state}"><input type="hidden" name="importTemplate" value="${carried.templateKey}">`;
}

export function signUpPage(
  ctx: ViewContext,
  values: { username?: string; chosenName?: string } = {},
  errors: Errors = {},
  carried?: CarriedImport,
  /** Where to go on after the recovery codes (a request for a peer waiting for a yes). */
  returnTo = '',
): SafeHtml {
  const t = ctx.t.signUp;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${errorSummary(ctx.t, errors, ['chosenName', 'username', 'password'])}
${carried ? notice(ctx.t.signUp.importNote, 'info') : ''}
<p>${t.lead}</p>
<form method="post" action="/sign-up" novalidate>
  ${csrfField(ctx)}
  ${importFields(carried)}
  ${returnTo ? html`<input type="hidden" name="returnTo" value="${returnTo}">` : ''}
  ${textField({ name: 'chosenName', label: t.chosenName, hint: t.chosenNameHint, value: values.chosenName ?? '', error: errors.chosenName, autocomplete: 'nickname', maxLength: CHOSEN_NAME_MAX })}
  ${textField({ name: 'username', label: t.username, hint: t.usernameHint, value: values.username ?? '', error: errors.username, autocomplete: 'username', maxLength: 40 })}
  ${textField({ name: 'password', label: t.password, hint: t.passwordHint, type: 'password', error: errors.password, autocomplete: 'new-password', maxLength: 200 })}
  <button type="submit" class="button">${t.submit}</button>
</form>
${
  carried
    ? html`<h2>${ctx.t.signUp.importHaveAccount}</h2>
<form method="post" action="/sign-in" novalidate>
  ${csrfField(ctx)}
  ${importFields(carried)}
  ${textField({ name: 'username', label: ctx.t.signIn.username, autocomplete: 'username', maxLength: 100, idPrefix: 'sign-in-' })}
  ${textField({ name: 'password', label: ctx.t.signIn.password, type: 'password', autocomplete: 'current-password', maxLength: 200, idPrefix: 'sign-in-' })}
  <button type="submit" class="button button--secondary">${ctx.t.signIn.submit}</button>
</form>`
    : ''
}`,
  });
}

/**
 * What a sign-in limit says: after wrong passwords for a name, to wait a moment (the growing
 * delay); after many sign-ins from one network address, right or wrong, that there were many and
 * how many minutes to wait. Passkeys and an organisation's login say it too.
 */
export function signInWaitText(ctx: ViewContext, limited: { reason: 'attempts' | 'failures'; retryAfterSeconds: number }): string {
  const t = ctx.t.signIn;
  // Many sign-ins from one address may all have been right: only the failures' delay speaks of wrong tries.
  return limited.reason === 'failures' ? t.wait : t.waitAddress(Math.ceil(limited.retryAfterSeconds / 60));
}

export function signInPage(
  ctx: ViewContext,
  options: {
    username?: string;
    failed?: boolean;
    /** What was left empty, by field: said at the field, and nothing was tried. */
    missing?: { username?: string; password?: string };
    returnTo?: string;
    /** The limit that refused this try: failures for the name, or many sign-ins from the address. */
    rateLimited?: { reason: 'attempts' | 'failures'; retryAfterSeconds: number };
    carried?: CarriedImport;
    /** Just signed out: offer to clear the browser, for a computer others use. */
    signedOut?: boolean;
    /** Signed out on a computer others use: the browser is being cleared. */
    cleared?: boolean;
    /** What just happened, e.g. a password set with a recovery code. */
    info?: string;
    choices?: SignInChoices;
  } = {},
): SafeHtml {
  const t = ctx.t.signIn;
  const errors: Errors = options.failed ? { username: t.failed } : { ...options.missing };
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${options.info ? notice(options.info, 'success') : ''}
${options.returnTo === KEPT_FORM_PATH ? notice(t.keptForm) : ''}
${options.cleared ? html`${notice(t.signedOutCleared, 'success')}${clearBrowserMarker}` : ''}
${
  options.signedOut
    ? html`${notice(t.signedOut, 'success')}
<p>${t.sharedComputer}</p>
<form method="post" action="/sign-out" class="button-row">
  ${csrfField(ctx)}
  <input type="hidden" name="shared" value="1">
  <button type="submit" class="button button--secondary">${ctx.t.sheet.clearButton}</button>
</form>`
    : ''
}
${options.rateLimited ? html`<div class="notice notice--warning" role="alert"><p>${signInWaitText(ctx, options.rateLimited)}</p></div>` : ''}
${errorSummary(ctx.t, errors, ['username', 'password'])}
<form method="post" action="/sign-in" novalidate>
  ${csrfField(ctx)}
  ${importFields(options.carried)}
  <input type="hidden" name="returnTo" value="${options.returnTo ?? ''}">
  ${textField({ name: 'username', label: t.username, value: options.username ?? '', error: errors.username, autocomplete: 'username', maxLength: 100 })}
  ${textField({ name: 'password', label: t.password, type: 'password', autocomplete: 'current-password', error: errors.password, maxLength: 200 })}
  <button type="submit" class="button">${t.submit}</button>
</form>
${passkeySignIn(ctx, options.returnTo)}
<p><a href="/forgot-password">${ctx.t.forgotPassword.link}</a></p>
${signInChoicesBlock(ctx, options.choices)}
<p>${t.noAccount} <a href="/sign-up">${ctx.t.nav.signUp}</a></p>`,
  });
}

/** "Or use your passkey", for browsers with JavaScript; after it, the person goes on to `returnTo`. */
function passkeySignIn(ctx: ViewContext, returnTo: string | undefined): SafeHtml {
  return html`<div data-js-only hidden>
  <h2>${ctx.t.passkeys.orPasskey}</h2>
  <button type="button" class="button button--secondary" data-passkey-signin data-error="${ctx.t.passkeys.failed}"${returnTo ? html` data-next="${returnTo}"` : ''}>${ctx.t.passkeys.signIn}</button>
  <p class="error-message" role="alert" data-passkey-status></p>
</div>`;
}

/** The second step of a staff sign-in; `returnTo` is where the first step was going, kept
 * through this form's address. */
export function secondFactorPage(ctx: ViewContext, o: { failed?: boolean; returnTo?: string } = {}): SafeHtml {
  const t = ctx.t.signIn;
  const errors: Errors = o.failed ? { code: t.codeFailed } : {};
  return page(ctx, {
    title: t.codeTitle,
    body: html`<h1>${t.codeTitle}</h1>
${errorSummary(ctx.t, errors)}
<p>${t.codeLead}</p>
<form method="post" action="/sign-in/code${o.returnTo ? `?returnTo=${encodeURIComponent(o.returnTo)}` : ''}" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'code', label: t.code, error: errors.code, autocomplete: 'one-time-code', inputMode: 'numeric', maxLength: 8 })}
  <button type="submit" class="button">${t.codeSubmit}</button>
</form>
${passkeySignIn(ctx, o.returnTo)}`,
  });
}

export function accountPage(ctx: ViewContext, account: AccountOverview, info?: string): SafeHtml {
  const t = ctx.t;
  const roles = account.roles.map((r) =>
    r.kind === 'citizen'
      ? t.roles.citizen
      : r.kind === 'admin'
        ? t.roles.admin
        : `${t.roles[r.role]}${r.volunteer ? ` (${t.roles.volunteer})` : ''} — ${r.organisationName}`,
  );
  return page(ctx, {
    title: t.account.title,
    body: html`<h1>${t.account.title}</h1>
${info ? notice(info, 'success') : ''}
<dl class="summary-list">
  <div><dt>${t.account.chosenName}</dt><dd>${account.chosenName}${account.isCitizen ? html` <a href="/account/name">${t.account.changeName}</a>` : ''}</dd></div>
  <div><dt>${t.account.username}</dt><dd>${account.username}</dd></div>
  <div><dt>${t.account.role}</dt><dd>${roles.length ? html`<ul class="plain">${roles.map((r) => html`<li>${r}</li>`)}</ul>` : '—'}</dd></div>
  ${account.isCitizen ? html`<div><dt>${t.link.myPeersTitle}</dt><dd><a href="/account/peers">${t.link.myPeersTitle}</a> · <a href="/link">${t.link.linkAnother}</a></dd></div>` : ''}
  ${account.isCitizen ? html`<div><dt>${t.myData.title}</dt><dd><a href="/account/data">${t.myData.exportTitle}</a> · <a href="/account/log">${t.myData.logLink}</a></dd></div>` : ''}
  <div><dt>${t.account.password}</dt><dd><a href="/account/password">${t.account.changePassword}</a></dd></div>
  <div><dt>${t.account.recoveryCodes}</dt><dd>${t.account.recoveryCodesLeft(account.recoveryCodes)} <a href="/account/recovery-codes">${t.account.makeRecoveryCodes}</a></dd></div>
  <div><dt>${t.passkeys.manage}</dt><dd><a href="/account/passkeys">${t.passkeys.title}</a></dd></div>
  ${account.otherSignIn ? html`<div><dt>${t.identity.methodsTitle}</dt><dd><a href="/account/sign-in-methods">${t.identity.methodsTitle}</a></dd></div>` : ''}
  <div><dt>${t.account.secondFactor}</dt><dd>${account.secondFactorOn ? html`${t.account.secondFactorOn} <a href="/account/second-factor">${t.account.changeTotp}</a>` : html`${t.account.secondFactorOff} <a href="/account/second-factor">${t.account.enableTotp}</a>`}</dd></div>
</dl>
<h2>${t.account.signOutEverywhere}</h2>
<p>${t.account.signOutEverywhereLead}</p>
<form method="post" action="/account/sign-out-everywhere">
  ${csrfField(ctx)}
  <button type="submit" class="button button--secondary">${t.account.signOutEverywhere}</button>
</form>
${
  // Found where a person looks for it, not only under "Mine data"; the form there asks for the password.
  account.isCitizen
    ? html`<h2>${t.myData.deleteTitle}</h2>
<p>${t.account.deleteLead}</p>
<p><a class="button button--secondary" href="/account/data#${DELETE_ACCOUNT_ID}">${t.myData.deleteTitle}</a></p>`
    : ''
}`,
  });
}

/** Changing what one is called; the form keeps what was typed when it is refused. */
export function chosenNamePage(ctx: ViewContext, o: { value: string; error?: string | undefined }): SafeHtml {
  const t = ctx.t.account;
  const errors: Errors = o.error ? { chosenName: o.error } : {};
  return page(ctx, {
    title: t.nameTitle,
    body: html`<p><a href="/account">${t.backToAccount}</a></p>
<h1>${t.nameTitle}</h1>
${errorSummary(ctx.t, errors)}
<p>${t.nameLead}</p>
<form method="post" action="/account/name" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'chosenName', label: ctx.t.signUp.chosenName, hint: ctx.t.signUp.chosenNameHint, value: o.value, error: errors.chosenName, autocomplete: 'nickname', maxLength: CHOSEN_NAME_MAX })}
  <button type="submit" class="button">${t.saveName}</button>
</form>`,
  });
}

export function totpEnrolPage(
  ctx: ViewContext,
  o:
    | { confirm: IdentityCheck }
    | {
        confirm: null;
        secretBase32: string;
        qrSvg: SafeHtml;
        failed?: boolean;
        required: boolean;
        replacing: boolean;
        removable: boolean;
        resetAt: Date | null;
      },
): SafeHtml {
  const t = ctx.t.totp;
  if (o.confirm)
    return page(ctx, {
      title: t.title,
      body: html`<p><a href="/account">${ctx.t.account.title}</a></p><h1>${t.title}</h1>${confirmIdentityForm(ctx, o.confirm, '/account/second-factor')}`,
    });
  const errors: Errors = o.failed ? { code: t.failed } : {};
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${o.resetAt ? notice(t.wasReset(formatWhen(ctx, o.resetAt)), 'warning') : ''}
${o.required ? notice(t.required, 'warning') : html`<p>${t.optional}</p>`}
${o.replacing ? notice(t.replacing, 'info') : ''}
<p><a href="/account/passkeys">${ctx.t.passkeys.add}</a></p>
${errorSummary(ctx.t, errors)}
<p>${t.lead}</p>
<div class="qr">${o.qrSvg}</div>
<p>${t.secret}: <code class="secret">${o.secretBase32}</code></p>
<form method="post" action="/account/second-factor" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'code', label: t.code, error: errors.code, autocomplete: 'one-time-code', inputMode: 'numeric', maxLength: 8 })}
  <button type="submit" class="button">${t.submit}</button>
</form>
<form method="post" action="/account/second-factor/cancel">
  ${csrfField(ctx)}
  <button type="submit" class="link-button">${t.cancel}</button>
</form>
${
  o.removable
    ? html`<h2>${t.removeTitle}</h2>
<p>${t.removeLead}</p>
<form method="post" action="/account/second-factor/remove">
  ${csrfField(ctx)}
  <button type="submit" class="button button--secondary">${t.remove}</button>
</form>`
    : ''
}`,
  });
}

export function invitationPage(
  ctx: ViewContext,
  o: { token: string; organisationName: string; role: string; values?: { username?: string; chosenName?: string }; errors?: Errors },
): SafeHtml {
  const t = ctx.t;
  const errors = o.errors ?? {};
  return page(ctx, {
    title: t.invitation.title,
    body: html`<h1>${t.invitation.title}</h1>
${errorSummary(t, errors, ['chosenName', 'username', 'password'])}
<p>${t.invitation.lead(o.organisationName, o.role)}</p>
<form method="post" action="/invitation/${o.token}" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'chosenName', label: t.signUp.chosenName, value: o.values?.chosenName ?? '', error: errors.chosenName, autocomplete: 'name', maxLength: CHOSEN_NAME_MAX })}
  ${textField({ name: 'username', label: t.signUp.username, hint: t.signUp.usernameHint, value: o.values?.username ?? '', error: errors.username, autocomplete: 'username', maxLength: 40 })}
  ${textField({ name: 'password', label: t.signUp.password, hint: t.signUp.passwordHint, type: 'password', error: errors.password, autocomplete: 'new-password', maxLength: 200 })}
  <button type="submit" class="button">${t.invitation.submit}</button>
</form>`,
  });
}

/** One page for unknown, used and expired invitation links: it tells nothing about which. */
export function invitationInvalidPage(ctx: ViewContext): SafeHtml {
  return page(ctx, { title: ctx.t.invitation.title, body: html`<h1>${ctx.t.invitation.title}</h1><p>${ctx.t.invitation.invalid}</p>` });
}
