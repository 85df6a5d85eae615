import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, notice, radioGroup, selectField, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { PracticeComment, PracticeNote } from '../../services/practice-notes.ts';
import { PRACTICE_KINDS } from '../../../domain/peer/practice.ts';
import { formatWhen } from './meetings.ts';

export interface NoteFormValues {
  organisationId: string;
  title: string;
  kind: string;
  text: string;
}

function byline(ctx: ViewContext, n: PracticeNote): SafeHtml {
  const t = ctx.t.practice;
  return html`<p class="hint">${t.kinds[n.kind] ?? n.kind} · ${t.by(n.authorName, n.organisationName)} · ${formatWhen(ctx, n.createdAt)}</p>`;
}

function hiddenNote(ctx: ViewContext, n: PracticeNote): SafeHtml {
  const t = ctx.t.practice;
  if (!n.hidden) return html``;
  return notice(n.mine ? t.hiddenForOthers : t.hiddenForCoordinator, 'warning');
}

export function practiceListPage(
  ctx: ViewContext,
  o: {
    notes: PracticeNote[];
    organisations: { id: string; name: string }[];
    canComposeNewsletter: boolean;
    errors?: Errors;
    values?: NoteFormValues;
    info?: string;
  },
): SafeHtml {
  const t = ctx.t.practice;
  const v = o.values ?? { organisationId: '', title: '', kind: '', text: '' };
  const form = o.organisations.length
    ? html`<h2>${t.newTitle}</h2>
<form method="post" action="/practice" novalidate>
  ${csrfField(ctx)}
  ${
    o.organisations.length > 1
      ? selectField({
          name: 'organisationId',
          label: t.organisation,
          options: o.organisations.map((x) => ({ value: x.id, label: x.name })),
          value: v.organisationId,
        })
      : html`<input type="hidden" name="organisationId" value="${o.organisations[0]!.id}">`
  }
  ${textField({ name: 'title', label: t.noteTitle, maxLength: 120, value: v.title, error: o.errors?.title })}
  ${radioGroup({ name: 'kind', legend: t.kind, idPrefix: 'kind', value: v.kind, error: o.errors?.kind, options: PRACTICE_KINDS.map((k) => ({ value: k, label: t.kinds[k]! })) })}
  ${textArea({ name: 'text', label: t.text, hint: t.textHint, rows: 8, maxLength: 2000, value: v.text, error: o.errors?.text })}
  <button type="submit" class="button">${t.post}</button>
</form>`
    : html``;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, o.errors ?? {}, ['title', 'kind', 'text'])}
<p>${t.lead}</p>
<p><a href="/newsletter">${t.newsletterLink}</a>${o.canComposeNewsletter ? html` · <a href="/newsletter/issues">${ctx.t.newsletter.composeLink}</a>` : ''}</p>
${form}
<h2>${t.postsTitle}</h2>
${
  o.notes.length
    ? html`<ul class="card-list">${o.notes.map((n) => html`<li class="card"><h3 class="card__title"><a href="/practice/${n.id}">${n.title}</a>${n.hidden ? html` <span class="badge">${t.hiddenBadge}</span>` : ''}</h3>${byline(ctx, n)}</li>`)}</ul>`
    : html`<p>${t.none}</p>`
}`,
  });
}

export function practiceNotePage(
  ctx: ViewContext,
  o: { note: PracticeNote; comments: PracticeComment[]; errors?: Errors; comment?: string; info?: string },
): SafeHtml {
  const t = ctx.t.practice;
  const n = o.note;
  return page(ctx, {
    title: n.title,
    body: html`<p><a href="/practice">${t.back}</a></p>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, o.errors ?? {})}
<article>
  <h1>${n.title}${n.hidden ? html` <span class="badge">${t.hiddenBadge}</span>` : ''}</h1>
  ${byline(ctx, n)}
  ${hiddenNote(ctx, n)}
  ${paragraphs(n.text)}
</article>
${
  n.canModerate
    ? html`<form method="post" action="/practice/${n.id}/${n.hidden ? 'show' : 'hide'}">${csrfField(ctx)}<button type="submit" class="button button--secondary">${n.hidden ? t.unhide : t.hide}</button></form>`
    : ''
}
<h2>${t.comments}</h2>
${
  o.comments.length
    ? html`<ul class="card-list">${o.comments.map((c) => html`<li class="card"><p class="hint">${c.organisationNames ? t.by(c.authorName, c.organisationNames) : c.authorName} · ${formatWhen(ctx, c.createdAt)}</p>${paragraphs(c.text)}</li>`)}</ul>`
    : html`<p>${t.noComments}</p>`
}
<form method="post" action="/practice/${n.id}/comments" novalidate>
  ${csrfField(ctx)}
  ${textArea({ name: 'text', label: t.comment, rows: 4, maxLength: 2000, value: o.comment ?? '', error: o.errors?.text })}
  <button type="submit" class="button">${t.commentButton}</button>
</form>`,
  });
}
