import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { card, cardList, emptyState, errorSummary, notice, summaryList, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { ReceivedSupportShare, SupportView } from '../../services/support.ts';
import { formatWhen, snapshotBlock } from './meetings.ts';
import { decisionRecordPlain, professionalNameOf, sheetParts } from './decisions.ts';

/** What a relative or a bisidder sees: the meeting, read only, and their own comments. */
export function supportPage(
  ctx: ViewContext,
  view: SupportView,
  o: { commentAction: string; askName: boolean; errors?: Errors; values?: { name?: string; body?: string }; saved?: boolean },
): SafeHtml {
  const t = ctx.t.support;
  const name = view.ownerName;
  const errors = o.errors ?? {};
  return page(ctx, {
    title: t.pageTitle(name),
    body: html`<h1>${t.pageTitle(name)}</h1>
${o.saved ? notice(t.commentSaved, 'success') : ''}
${errorSummary(ctx.t, errors, ['name', 'body'])}
<p>${t.pageLead(name)}</p>
${summaryList([
  { key: t.when, value: formatWhen(ctx, view.meeting.startsAt) },
  { key: t.withWhom, value: view.meeting.withWhom },
  ...(view.meeting.purpose ? [{ key: t.purpose, value: view.meeting.purpose }] : []),
])}
<h2>${t.sheetTitle(name)}</h2>
${snapshotBlock(ctx, view.snapshot)}
<h2>${t.planTitle}</h2>
${decisionRecordPlain(ctx, view.decisions, sheetParts(view.snapshot), 'supporter', { citizen: name, professional: professionalNameOf(ctx, view.decisions.record) })}
${
  view.share.allowComment
    ? html`<h2 id="comments">${t.yourComments}</h2>
${
  view.comments.length
    ? html`<ul class="card-list">${view.comments.map((c) => html`<li class="card"><p class="hint">${t.commentBy(c.authorName, formatWhen(ctx, c.createdAt))}</p>${paragraphs(c.text)}</li>`)}</ul>`
    : html`<p>${t.commentsNone}</p>`
}
<p>${t.commentLead(name)}</p>
<form method="post" action="${o.commentAction}" novalidate>
  ${csrfField(ctx)}
  ${o.askName ? textField({ name: 'name', label: t.commentName, hint: t.commentNameHint, value: o.values?.name ?? '', maxLength: 100, error: errors.name, autocomplete: 'name' }) : ''}
  ${textArea({ name: 'body', label: t.commentText, value: o.values?.body ?? '', maxLength: 2000, rows: 5, error: errors.body })}
  <button type="submit" class="button">${t.commentSave}</button>
</form>`
    : ''
}`,
  });
}

/** Meetings shared with a signed-in person as a relative or bisidder. */
export function supportInboxPage(ctx: ViewContext, shares: ReceivedSupportShare[]): SafeHtml {
  const t = ctx.t.support;
  return page(ctx, {
    title: t.inbox,
    body: html`<h1>${t.inbox}</h1>
<p>${t.inboxLead}</p>
${
  shares.length
    ? cardList(
        shares.map((s) => card({ title: t.inboxOpen(s.ownerName), href: `/support/${s.id}`, body: t.inboxExpires(formatWhen(ctx, s.expiresAt)), level: 2 })),
      )
    : emptyState({ title: t.inbox, text: t.inboxNone, level: 2 })
}`,
  });
}
