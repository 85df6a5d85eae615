import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, notice, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { ConfirmOutcome, NewsletterDesk } from '../../services/newsletter.ts';
import { formatWhen } from './meetings.ts';

export function signUpPage(ctx: ViewContext, o: { address?: string; errors?: Errors; info?: string } = {}): SafeHtml {
  const t = ctx.t.newsletter;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${errorSummary(ctx.t, o.errors ?? {})}
${o.info ? notice(o.info, 'warning') : ''}
<p>${t.lead}</p>
${
  ctx.mailEnabled
    ? html`<p>${t.privacy}</p>
<form method="post" action="/newsletter" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'address', label: t.address, hint: t.addressHint, type: 'email', autocomplete: 'email', maxLength: 254, value: o.address ?? '', error: o.errors?.address })}
  <button type="submit" class="button">${t.signUp}</button>
</form>`
    : notice(t.noMail, 'info')
}`,
  });
}

export function checkMailPage(ctx: ViewContext): SafeHtml {
  const t = ctx.t.newsletter;
  return page(ctx, { title: t.checkMailTitle, body: html`<h1>${t.checkMailTitle}</h1>${notice(t.checkMail, 'success')}` });
}

/** The confirmation link opens a page with a button: mail scanners that follow links confirm nothing. */
export function confirmPage(ctx: ViewContext, token: string): SafeHtml {
  const t = ctx.t.newsletter;
  return page(ctx, {
    title: t.confirmTitle,
    body: html`<h1>${t.confirmTitle}</h1>
<p>${t.confirmLead}</p>
<form method="post" action="/newsletter/confirm/${token}">
  ${csrfField(ctx)}
  <button type="submit" class="button">${t.confirmButton}</button>
</form>`,
  });
}

export function confirmOutcomePage(ctx: ViewContext, outcome: ConfirmOutcome): SafeHtml {
  const t = ctx.t.newsletter;
  const texts: Record<ConfirmOutcome, [string, string, 'success' | 'info' | 'warning']> = {
    confirmed: [t.confirmedTitle, t.confirmed, 'success'],
    alreadyConfirmed: [t.alreadyConfirmedTitle, t.alreadyConfirmed, 'info'],
    unsubscribed: [t.refusedTitle, t.refused, 'warning'],
    expired: [t.expiredTitle, t.expired, 'warning'],
    unknown: [t.unknownTitle, t.unknown, 'warning'],
  };
  const [title, text, kind] = texts[outcome];
  const again = outcome === 'unsubscribed' || outcome === 'expired' || outcome === 'unknown';
  return page(ctx, {
    title,
    body: html`<h1>${title}</h1>${notice(text, kind)}${again ? html`<p><a href="/newsletter">${t.signUpAgain}</a></p>` : ''}`,
  });
}

export function unsubscribePage(ctx: ViewContext, token: string, state: 'subscribed' | 'unsubscribed'): SafeHtml {
  const t = ctx.t.newsletter;
  if (state === 'unsubscribed') {
    return page(ctx, {
      title: t.unsubscribedTitle,
      body: html`<h1>${t.unsubscribedTitle}</h1>${notice(t.unsubscribed, 'success')}<p><a href="/newsletter">${t.signUpAgain}</a></p>`,
    });
  }
  return page(ctx, {
    title: t.unsubscribeTitle,
    body: html`<h1>${t.unsubscribeTitle}</h1>
<p>${t.unsubscribeLead}</p>
<form method="post" action="/newsletter/unsubscribe/${token}">
  ${csrfField(ctx)}
  <button type="submit" class="button">${t.unsubscribeButton}</button>
</form>`,
  });
}

export function composePage(ctx: ViewContext, o: NewsletterDesk & { errors?: Errors; values?: { subject: string; body: string }; info?: string }): SafeHtml {
  const t = ctx.t.newsletter;
  const v = o.values ?? { subject: '', body: '' };
  return page(ctx, {
    title: t.composeTitle,
    body: html`<h1>${t.composeTitle}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, o.errors ?? {}, ['subject', 'body'])}
<p>${t.composeLead}</p>
<p><strong>${t.subscribers(o.subscribers)}</strong></p>
${
  ctx.mailEnabled
    ? html`<form method="post" action="/newsletter/issues" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'subject', label: t.subject, maxLength: 150, value: v.subject, error: o.errors?.subject })}
  ${textArea({ name: 'body', label: t.body, hint: t.bodyHint, rows: 12, maxLength: 20000, value: v.body, error: o.errors?.body })}
  <button type="submit" class="button">${t.send}</button>
</form>`
    : notice(t.composeNoMail, 'warning')
}
<h2>${t.sentTitle}</h2>
${
  o.issues.length
    ? o.issues.map(
        (i) =>
          html`<article class="card"><h3 class="card__title">${i.subject}</h3><p class="hint">${t.sentOn(formatWhen(ctx, i.sentAt), i.recipientCount)}</p>${paragraphs(i.body)}</article>`,
      )
    : html`<p>${t.sentNone}</p>`
}`,
  });
}
