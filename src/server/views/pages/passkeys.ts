import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { notice } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { PasskeysOverview } from '../../services/passkeys.ts';
import { formatWhen } from './meetings.ts';
import { confirmIdentityForm } from './account-security.ts';

export function passkeysPage(ctx: ViewContext, overview: PasskeysOverview, info?: string): SafeHtml {
  const t = ctx.t.passkeys;
  const keys = overview.passkeys;
  // Adding and removing wait until the person has confirmed who they are.
  const mayChange = overview.confirm === null;
  return page(ctx, {
    title: t.title,
    body: html`<p><a href="/account">${ctx.t.account.title}</a></p>
<h1>${t.title}</h1>
${info ? notice(info, 'success') : ''}
<p>${t.lead}</p>
${
  keys.length
    ? html`<ul class="card-list">${keys.map(
        (
          k,
          i,
        ) => html`<li class="card"><p>${t.passkeyN(i + 1)} · ${t.added} ${formatWhen(ctx, k.createdAt)}${k.lastUsedAt ? html` · ${t.lastUsed} ${formatWhen(ctx, k.lastUsedAt)}` : ''}</p>
  ${mayChange ? html`<form method="post" action="/account/passkeys/${k.id}/delete">${csrfField(ctx)}<button type="submit" class="link-button">${t.remove}<span class="visually-hidden"> ${t.passkeyN(i + 1)}</span></button></form>` : ''}</li>`,
      )}</ul>`
    : html`<p>${t.none}</p>`
}
${
  overview.confirm
    ? confirmIdentityForm(ctx, overview.confirm, '/account/passkeys')
    : html`<div data-js-only hidden>
  <button type="button" class="button" data-passkey-register data-error="${t.failed}" data-done="/account/passkeys?added=1">${t.add}</button>
  <p class="error-message" role="alert" data-passkey-status></p>
</div>
<noscript><p class="hint">${t.needsJs}</p></noscript>
${csrfField(ctx)}`
}`,
  });
}
