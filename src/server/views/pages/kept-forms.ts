import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { notice, typedTexts } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import { formatMeetingTime } from '../../i18n/dates.ts';

/** Where a person lands after signing in again to a form that was kept for them
 * (services/kept-forms.ts): the list of what they sent after their sign-in had ended. */
export const KEPT_FORM_PATH = '/kept';

export interface KeptFormView {
  id: string;
  /** What the person typed, each text as written. */
  texts: string[];
  keptAt: Date;
  deletedAt: Date;
}

export function keptFormsPage(ctx: ViewContext, o: { forms: KeptFormView[]; discarded: boolean }): SafeHtml {
  const t = ctx.t.keptForm;
  const title = o.forms.length ? t.title : t.noneTitle;
  return page(ctx, {
    title,
    body: html`<h1>${title}</h1>
${o.discarded ? notice(t.discarded, 'success') : ''}
${
  o.forms.length
    ? html`<p>${t.lead}</p>
${o.forms.map((form) => keptFormCard(ctx, form, o.forms.length > 1))}`
    : html`<p>${t.none}</p>
<p><a href="/">${ctx.t.nav.home}</a></p>`
}`,
  });
}

function keptFormCard(ctx: ViewContext, form: KeptFormView, several: boolean): SafeHtml {
  const t = ctx.t.keptForm;
  return html`<section class="card" aria-labelledby="kept-${form.id}">
  <h2 class="card__title" id="kept-${form.id}">${several ? t.sentAt(formatMeetingTime(ctx.locale, form.keptAt)) : t.textsHeading}</h2>
  ${form.texts.length ? typedTexts(form.texts) : html`<p>${t.noTexts}</p>`}
  <p class="hint">${t.until(formatMeetingTime(ctx.locale, form.deletedAt))}</p>
  <div class="button-row">
    <form method="post" action="${KEPT_FORM_PATH}/${form.id}/send">
      ${csrfField(ctx)}
      <button type="submit" class="button">${t.send}</button>
    </form>
    <form method="post" action="${KEPT_FORM_PATH}/${form.id}/discard">
      ${csrfField(ctx)}
      <button type="submit" class="button button--secondary">${t.discard}</button>
    </form>
  </div>
</section>`;
}

/**
 * A form sent by someone not signed in, which could not be kept for anyone (signed out on
 * purpose, the browser's cookies gone): what they typed is shown back to copy before signing in.
 */
export function notSignedInPage(ctx: ViewContext, texts: string[]): SafeHtml {
  const t = ctx.t.keptForm;
  return page(ctx, {
    title: t.notSignedInTitle,
    body: html`<h1>${t.notSignedInTitle}</h1>
<p>${t.notSignedIn}</p>
${texts.length ? html`<p>${t.copyFirst}</p>${typedTexts(texts)}` : ''}
<p><a class="button" href="/sign-in">${ctx.t.nav.signIn}</a></p>`,
  });
}
