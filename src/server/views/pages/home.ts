import { html, type SafeHtml } from '../html.ts';
import { page } from '../layout.ts';
import type { ViewContext } from '../view-context.ts';
import { can } from '../../policy/policy.ts';

export function homePage(ctx: ViewContext): SafeHtml {
  const t = ctx.t;
  const actor = ctx.actor;
  return page(ctx, {
    title: t.home.title,
    body: html`<h1>${t.home.title}</h1>
<p class="lead">${t.home.lead}</p>
<p>${t.home.noPressure}</p>
${
  actor.kind === 'user'
    ? html`<p>${t.home.signedInAs(actor.chosenName)}</p>
     ${can(actor, 'citizen.act') ? html`<p><a class="button" href="/statements">${t.nav.statements}</a></p>` : ''}`
    : html`<p><a class="button" href="/write">${t.home.startWithout}</a></p>
     <p class="hint">${t.home.startWithoutHint}</p>
     <h2>${t.home.haveAccount}</h2>
     <p><a href="/sign-in">${t.nav.signIn}</a> · <a href="/sign-up">${t.nav.signUp}</a></p>`
}`,
  });
}
