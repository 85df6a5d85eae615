import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, formatDay, notice, summaryList, textArea, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { SessionAboutMeWithNote } from '../../services/peer-practice.ts';
import { SESSION_COMMENT_MAX } from '../../../domain/peer/practice.ts';

// Issue 17, part 3 — nothing about me without me: every session a peer logged with the citizen,
// the note the peer shared, and the citizen's own comment. One comment form at a time (chosen by
// ?comment=…), so the page works without JavaScript and every field has its own id.

export function sessionsAboutMePage(
  ctx: ViewContext,
  o: { sessions: SessionAboutMeWithNote[]; editing?: string; info?: string; error?: string; value?: string },
): SafeHtml {
  const t = ctx.t.aboutMe;
  const errors: Errors = o.error ? { comment: o.error } : {};
  const entry = (s: SessionAboutMeWithNote) => {
    const day = formatDay(ctx.locale, s.day);
    const kind = s.format === 'group' ? t.groupKind(ctx.t.kinds[s.kind]) : ctx.t.kinds[s.kind];
    const editing = o.editing === s.id;
    return html`<article class="card" id="entry-${s.id}" aria-labelledby="entry-title-${s.id}">
  <h2 class="card__title" id="entry-title-${s.id}">${t.entryTitle(day, ctx.t.kinds[s.kind])}</h2>
  ${summaryList([
    { key: t.by, value: s.peerName ? `${s.peerName}, ${s.organisationName}` : `${t.peerGone}, ${s.organisationName}` },
    // The heading names the kind; a group session says so here.
    ...(s.format === 'group' ? [{ key: t.kind, value: kind }] : []),
    { key: t.duration, value: t.minutes(s.durationMinutes) },
    { key: t.themes, value: s.themes.length ? s.themes.map((th) => ctx.t.themes[th]).join(', ') : t.themesNone },
    ...(s.statementWorked ? [{ key: t.statementWorked, value: t.statementWorkedYes }] : []),
  ])}
  ${s.sharedNote ? html`<h3>${t.sharedNote}</h3><blockquote>${paragraphs(s.sharedNote)}</blockquote>` : ''}
  ${
    editing
      ? html`<form method="post" action="/account/peer-sessions/${s.id}/comment" novalidate>
    ${csrfField(ctx)}
    ${textArea({ name: 'comment', label: t.commentLabel, hint: t.commentHint, value: o.value ?? s.myComment?.text ?? '', maxLength: SESSION_COMMENT_MAX, rows: 5, error: errors.comment })}
    <div class="button-row"><button type="submit" class="button">${s.myComment ? t.change : t.save}</button> <a href="/account/peer-sessions#entry-${s.id}">${t.cancel}</a></div>
  </form>`
      : s.myComment
        ? html`<h3>${t.yourComment}</h3><blockquote>${paragraphs(s.myComment.text)}</blockquote>
  <div class="button-row"><a href="/account/peer-sessions?comment=${s.id}#entry-${s.id}">${t.edit}<span class="visually-hidden"> ${t.about(day)}</span></a>
  <form method="post" action="/account/peer-sessions/${s.id}/comment/delete" class="inline-form">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.remove}<span class="visually-hidden"> ${t.about(day)}</span></button></form></div>`
        : html`<p><a href="/account/peer-sessions?comment=${s.id}#entry-${s.id}">${t.write}<span class="visually-hidden"> ${t.about(day)}</span></a></p>`
  }
</article>`;
  };
  return page(ctx, {
    title: t.title,
    body: html`<p><a href="/account/peers">${t.peersLink}</a></p>
<h1>${t.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, errors)}
<p>${t.lead}</p>
<p class="hint">${t.notShown}</p>
${o.sessions.length ? html`<div class="card-list">${o.sessions.map(entry)}</div>` : html`<p>${t.none}</p>`}`,
  });
}
