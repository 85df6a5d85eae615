import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, notice, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { SharedView } from '../../services/shares.ts';
import { formatWhen, snapshotBlock } from './meetings.ts';
import { analyse } from '../../../domain/writing-helper/analyse.ts';

/** Professional terms found in a plan, each with a plain alternative: a suggestion only. */
export function jargonHints(ctx: ViewContext, text: string): SafeHtml {
  if (!text.trim()) return html``;
  const hints = analyse(text, { lang: ctx.locale }).filter((h) => h.kind === 'jargon' && h.match);
  if (hints.length === 0) return html``;
  return html`<div class="helper-hints" role="note"><p>${ctx.t.shared.jargonFound}</p><ul>${hints.map((h) => html`<li><strong>${h.match!.text}</strong>${h.suggestion ? html` → ${h.suggestion}` : ''}</li>`)}</ul></div>`;
}

export function sharedPage(
  ctx: ViewContext,
  view: SharedView,
  urls: { pdf: string; plan: string },
  extra: { planDraft?: { text: string; author: string }; planErrors?: Errors; planSaved?: boolean; planConflict?: boolean } = {},
): SafeHtml {
  const t = ctx.t.shared;
  const plan = view.plan;
  const draft = extra.planDraft ?? (plan ? { text: plan.text, author: plan.author } : { text: '', author: '' });
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
<p>${t.lead(view.snapshot.ownerName)}</p>
${view.meeting ? html`<p>${t.meetingAt(formatWhen(ctx, view.meeting.startsAt))}</p>` : ''}
<p class="hint">${t.frozen(formatWhen(ctx, view.snapshot.createdAt))}</p>
${snapshotBlock(ctx, view.snapshot)}
<p><a class="button button--secondary" href="${urls.pdf}">${t.download}</a></p>
${
  view.share.allowPlan
    ? html`<h2>${t.planTitle}</h2>
    ${extra.planSaved ? notice(t.planSaved, 'success') : ''}
    ${extra.planConflict ? notice(t.planConflict, 'warning') : ''}
    ${extra.planConflict && plan ? html`<div class="side-by-side"><div><h3>${t.planTheirs}</h3>${paragraphs(plan.text)}</div><div><h3>${t.planYours}</h3>${paragraphs(draft.text)}</div></div>` : ''}
    ${errorSummary(ctx.t, extra.planErrors ?? {})}
    <p>${t.planLead}</p>
    <form method="post" action="${urls.plan}" novalidate>
      ${csrfField(ctx)}
      ${plan ? html`<input type="hidden" name="revision" value="${plan.revision}">` : ''}
      ${textArea({ name: 'text', label: t.planText, value: draft.text, maxLength: 5000, error: extra.planErrors?.text })}
      ${jargonHints(ctx, draft.text)}
      ${textField({ name: 'author', label: t.planAuthor, value: draft.author, maxLength: 100 })}
      <button type="submit" class="button">${t.planSave}</button>
    </form>`
    : ''
}`,
  });
}

export function unavailablePage(ctx: ViewContext): SafeHtml {
  return page(ctx, { title: ctx.t.shared.unavailableTitle, body: html`<h1>${ctx.t.shared.unavailableTitle}</h1><p>${ctx.t.shared.unavailable}</p>` });
}

export function inboxPage(ctx: ViewContext, shares: { id: string; ownerName: string; expiresAt: Date }[]): SafeHtml {
  const t = ctx.t.shared;
  return page(ctx, {
    title: t.inbox,
    body: html`<h1>${t.inbox}</h1>${shares.length ? html`<ul class="card-list">${shares.map((s) => html`<li class="card"><a href="/shared/${s.id}">${s.ownerName}</a> <span class="hint">— ${ctx.t.meetings.shareExpires} ${formatWhen(ctx, s.expiresAt)}</span></li>`)}</ul>` : html`<p>${t.inboxNone}</p>`}`,
  });
}
