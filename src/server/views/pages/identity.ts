import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkbox, errorSummary, notice, selectField, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { ProviderSettings, SignInChoices } from '../../services/identity-providers.ts';
import type { FlowProblem, SignInMethods } from '../../services/oidc-sign-in.ts';
import { matchClaims, type MatchClaim } from '../../../domain/identity/oidc.ts';
import { formatDate } from '../../i18n/dates.ts';

/** The organisation's login, as its coordinators set it up. */
export function providerSettingsPage(
  ctx: ViewContext,
  s: ProviderSettings,
  o: { values?: Record<string, string | string[]>; errors?: Errors; info?: string } = {},
): SafeHtml {
  const t = ctx.t.identity;
  const errors = o.errors ?? {};
  const c = s.configured;
  const value = (name: string, saved: string | null | undefined) => {
    const v = o.values?.[name];
    return typeof v === 'string' ? v : (saved ?? '');
  };
  const mfaFromAmr = o.values ? o.values.mfaFromAmr !== undefined : (c?.mfaFromAmr ?? true);
  const orgId = s.organisation.id;
  return page(ctx, {
    title: t.title(s.organisation.name),
    body: html`<p><a href="/organisation/${orgId}">${s.organisation.name}</a></p>
<h1>${t.title(s.organisation.name)}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, errors, ['issuer', 'clientId', 'clientSecret', 'matchClaim', 'mfaAcr'])}
<p>${t.lead}</p>
<p>${t.leadAccounts}</p>
${c ? notice(t.on(s.organisation.name), 'info') : html`<p><strong>${t.off}</strong></p>`}
<h2>${t.registerTitle}</h2>
<p>${t.registerLead}</p>
<dl class="summary-list login-settings">
  <div><dt>${t.redirectUri}</dt><dd><code class="secret">${s.redirectUri}</code></dd></div>
</dl>
<h2>${t.settingsTitle}</h2>
<form method="post" action="/organisation/${orgId}/sign-in" novalidate class="login-settings">
  ${csrfField(ctx)}
  ${textField({ name: 'issuer', label: t.issuer, hint: t.issuerHint, value: value('issuer', c?.issuer), error: errors.issuer, type: 'url', maxLength: 500, autocomplete: 'off' })}
  ${textField({ name: 'clientId', label: t.clientId, value: value('clientId', c?.clientId), error: errors.clientId, maxLength: 200, autocomplete: 'off' })}
  ${textField({ name: 'clientSecret', label: t.clientSecret, hint: c ? t.clientSecretKeep : t.clientSecretHint, error: errors.clientSecret, type: 'password', maxLength: 500, autocomplete: 'new-password' })}
  ${selectField({
    name: 'matchClaim',
    label: t.matchClaim,
    hint: t.matchClaimHint,
    value: value('matchClaim', c?.matchClaim ?? 'email'),
    error: errors.matchClaim,
    options: matchClaims.map((claim) => ({ value: claim, label: t.claims[claim] })),
  })}
  <fieldset class="login-settings-group">
    <legend>${t.mfaTitle}</legend>
    <p class="hint">${t.mfaLead}</p>
    ${checkbox({ name: 'mfaFromAmr', label: t.mfaFromAmr, checked: mfaFromAmr })}
    ${textField({ name: 'mfaAcr', label: t.mfaAcr, hint: t.mfaAcrHint, value: value('mfaAcr', c?.mfaAcr), error: errors.mfaAcr, maxLength: 200, optionalLabel: ctx.t.form.optional, autocomplete: 'off' })}
  </fieldset>
  <button type="submit" class="button">${t.save}</button>
</form>
${
  c
    ? html`<h2>${t.removeTitle}</h2>
<p>${t.removeLead}</p>
<form method="post" action="/organisation/${orgId}/sign-in/delete">
  ${csrfField(ctx)}
  <button type="submit" class="button button--secondary">${t.removeButton}</button>
</form>`
    : ''
}`,
  });
}

/** The invitation form's field for the invitee's identity in the organisation's login. */
export function invitationIdentityField(ctx: ViewContext, claim: MatchClaim | null, error?: string): SafeHtml {
  if (!claim) return html``;
  const t = ctx.t.identity;
  return textField({
    name: 'identity',
    label: t.inviteIdentity[claim],
    hint: t.inviteIdentityHint,
    optionalLabel: ctx.t.form.optional,
    error,
    type: claim === 'email' ? 'email' : 'text',
    maxLength: 320,
    autocomplete: 'off',
  });
}

/** What the sign-in page offers besides the password: the citizens' broker and each organisation's login. */
export function signInChoicesBlock(ctx: ViewContext, choices: SignInChoices | undefined): SafeHtml {
  if (!choices) return html``;
  const t = ctx.t.identity;
  return html`${
    choices.citizenBroker
      ? html`<div class="login-choice">
  <a class="button button--secondary" href="/sign-in/broker">${t.signInWith(choices.citizenBroker)}</a>
  <p class="hint">${t.brokerHint(choices.citizenBroker)}</p>
</div>`
      : ''
  }${
    choices.organisations.length
      ? html`<h2>${t.staffTitle}</h2>
<ul class="plain stack">${choices.organisations.map((o) => html`<li><a class="button button--secondary" href="/sign-in/organisation/${o.id}">${t.signInWith(o.name)}</a></li>`)}</ul>`
      : ''
  }`;
}

function linkedText(ctx: ViewContext, linkedAt: Date | null): string {
  return linkedAt ? ctx.t.identity.linked(formatDate(ctx.locale, linkedAt)) : ctx.t.identity.notLinked;
}

/** One way to sign in: linked (with a way to unlink), or a password form to link it. */
function methodBlock(ctx: ViewContext, o: { name: string; target: string; linkedAt: Date | null; error?: string; privacy?: string }): SafeHtml {
  const t = ctx.t.identity;
  const passwordId = `password-${o.target}`;
  return html`<section class="login-method" aria-labelledby="method-${o.target}">
  <h2 id="method-${o.target}">${o.name}</h2>
  <p>${linkedText(ctx, o.linkedAt)}</p>
  ${o.privacy ? html`<p>${o.privacy}</p>` : ''}
  ${
    o.linkedAt
      ? html`<form method="post" action="/account/sign-in-methods/unlink">
    ${csrfField(ctx)}<input type="hidden" name="target" value="${o.target}">
    <button type="submit" class="button button--secondary">${t.unlink(o.name)}</button>
  </form>`
      : html`<form method="post" action="/account/sign-in-methods/link" novalidate>
    ${csrfField(ctx)}<input type="hidden" name="target" value="${o.target}">
    <div class="field${o.error ? ' field--error' : ''}">
      <label for="${passwordId}">${t.password}</label>
      ${o.error ? html`<p class="error-message" id="error-${passwordId}">${o.error}</p>` : ''}
      <input id="${passwordId}" name="password" type="password" autocomplete="current-password" maxlength="200"${o.error ? html` aria-invalid="true" aria-describedby="error-${passwordId}"` : ''}>
    </div>
    <button type="submit" class="button">${t.link(o.name)}</button>
  </form>`
  }
</section>`;
}

/** `failedTarget`: the method whose password was wrong, or empty (`passwordMissing`). */
export function signInMethodsPage(ctx: ViewContext, m: SignInMethods, o: { info?: string; failedTarget?: string; passwordMissing?: boolean } = {}): SafeHtml {
  const t = ctx.t.identity;
  const error = o.passwordMissing ? t.passwordMissing : t.passwordFailed;
  const errorFor = (target: string) => (o.failedTarget === target ? { error } : {});
  const blocks = [
    ...(m.broker
      ? [
          methodBlock(ctx, {
            name: m.broker.name,
            target: 'citizen',
            linkedAt: m.broker.linkedAt,
            ...errorFor('citizen'),
            privacy: t.brokerPrivacy(m.broker.name),
          }),
        ]
      : []),
    ...m.organisations.map((org) => methodBlock(ctx, { name: org.name, target: org.id, linkedAt: org.linkedAt, ...errorFor(org.id) })),
  ];
  return page(ctx, {
    title: t.methodsTitle,
    body: html`<p><a href="/account">${ctx.t.account.title}</a></p>
<h1>${t.methodsTitle}</h1>
${o.info ? notice(o.info, 'success') : ''}
${
  o.failedTarget
    ? html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-autofocus>
  <h2 id="error-summary-title">${ctx.t.form.errorSummaryTitle}</h2>
  <ul><li><a href="#password-${o.failedTarget}">${error}</a></li></ul>
</div>`
    : ''
}
${blocks.length ? html`<p>${t.methodsLead}</p>${blocks}` : html`<p>${t.none}</p>`}`,
  });
}

/** On the way to the login: the browser goes on by itself (Refresh), or with the button. */
export function handoffPage(ctx: ViewContext, location: string): SafeHtml {
  const t = ctx.t.identity;
  return page(ctx, {
    title: t.handoffTitle,
    body: html`<h1>${t.handoffTitle}</h1>
<p>${t.handoffLead}</p>
<p><a class="button" href="${location}">${t.handoffButton}</a></p>`,
  });
}

/** A calm page when signing in at a provider did not work: what happened, and the way back. */
export function flowProblemPage(ctx: ViewContext, problem: FlowProblem): SafeHtml {
  const t = ctx.t.identity;
  const back = problem === 'taken' ? html`<a href="/account/sign-in-methods">${t.methodsTitle}</a>` : html`<a href="/sign-in">${t.backToSignIn}</a>`;
  return page(ctx, {
    title: t.problemTitle,
    body: html`<h1>${t.problemTitle}</h1>
<p>${t.problems[problem]}</p>
<p>${back}</p>`,
  });
}
