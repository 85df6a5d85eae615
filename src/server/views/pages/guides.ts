import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkbox, errorSummary, notice, selectField, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { Guide, GuideNote, GuideShelf, GuideSummary } from '../../services/guides.ts';
import { checklistItems, GUIDE_LIMITS, parseGuide, type GuideBlock } from '../../../domain/guides/format.ts';

/** The guide's text as HTML. Every string is escaped by the template: nothing in a guide is markup. */
export function guideBody(blocks: GuideBlock[]): SafeHtml {
  return html`${blocks.map((b) => {
    switch (b.type) {
      case 'heading':
        return b.level === 1 ? html`<h2>${b.text}</h2>` : html`<h3>${b.text}</h3>`;
      case 'paragraph':
        return html`<p>${b.text}</p>`;
      case 'list':
        return html`<ul>${b.items.map((i) => html`<li>${i}</li>`)}</ul>`;
      case 'checklist':
        return html`<ul class="plain guide-checklist">${b.items.map((i) => html`<li><span aria-hidden="true">☐ </span>${i}</li>`)}</ul>`;
    }
  })}`;
}

export function guideListPage(ctx: ViewContext, o: GuideShelf & { language: string }): SafeHtml {
  const t = ctx.t.guides;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
<p class="lead">${t.lead}</p>
${o.canKeepNotes ? html`<p><a href="/notes">${t.notesTitle}</a></p>` : ''}
${o.manages.length ? html`<ul class="plain">${o.manages.map((m) => html`<li><a href="/organisation/${m.id}/guides">${t.manageTitle}: ${m.name}</a></li>`)}</ul>` : ''}
<form method="get" action="/guides" class="button-row">
  ${selectField({
    name: 'lang',
    label: t.filterLanguage,
    value: o.language,
    options: [
      { value: 'all', label: t.allLanguages },
      { value: 'da', label: t.languages.da! },
      { value: 'en', label: t.languages.en! },
    ],
  })}
  <button type="submit" class="button button--secondary">${t.show}</button>
</form>
${
  o.guides.length
    ? html`<ul class="plain stack">${o.guides.map(
        (g) => html`<li lang="${g.language}"><h2><a href="/guides/${g.id}">${g.title}</a></h2>
  ${g.summary ? html`<p>${g.summary}</p>` : ''}
  <p class="hint"><span lang="${ctx.locale}">${t.from(g.organisationName)} · ${t.languages[g.language]}</span></p></li>`,
      )}</ul>`
    : html`<p>${t.none}</p>`
}`,
  });
}

export function guidePage(ctx: ViewContext, o: { guide: Guide; canKeepNotes: boolean; saved?: number }): SafeHtml {
  const t = ctx.t.guides;
  const g = o.guide;
  const blocks = parseGuide(g.body);
  const items = checklistItems(blocks);
  const citizen = o.canKeepNotes;
  const save =
    items.length === 0
      ? ''
      : citizen
        ? html`<form method="post" action="/guides/${g.id}/notes" class="no-print">
  ${csrfField(ctx)}
  <fieldset class="sheet-checks">
    <legend>${t.saveTitle}</legend>
    <p class="hint">${t.saveLead}</p>
    <div lang="${g.language}">${items.map((item, i) => checkbox({ name: 'item', value: String(i), id: `item-${i}`, label: item, checked: true }))}</div>
  </fieldset>
  <button type="submit" class="button">${t.saveButton}</button>
</form>`
        : ctx.actor.kind !== 'user'
          ? html`<p class="no-print"><a href="/sign-in?returnTo=${encodeURIComponent(`/guides/${g.id}`)}">${t.signInToSave}</a></p>`
          : '';
  return page(ctx, {
    title: g.title,
    body: html`<p class="no-print"><a href="/guides">${t.allGuides}</a></p>
${o.saved !== undefined ? notice(o.saved > 0 ? t.saved(o.saved) : t.savedNone, 'success') : ''}
${g.published ? '' : notice(t.draft, 'warning')}
<article lang="${g.language}">
  <h1>${g.title}</h1>
  ${g.summary ? html`<p class="lead">${g.summary}</p>` : ''}
  <p class="hint" lang="${ctx.locale}">${t.from(g.organisationName)}</p>
  ${guideBody(blocks)}
</article>
<div class="button-row no-print"><a class="button button--secondary" href="/guides/${g.id}/pdf" download>${t.downloadPdf}</a>${citizen ? html` <a href="/notes">${t.notesTitle}</a>` : ''}</div>
${save}`,
  });
}

export function notesPage(ctx: ViewContext, o: { notes: GuideNote[]; info?: string }): SafeHtml {
  const t = ctx.t.guides;
  return page(ctx, {
    title: t.notesTitle,
    body: html`<h1>${t.notesTitle}</h1>
<p class="lead">${t.notesLead}</p>
${o.info ? notice(o.info, 'success') : ''}
${
  o.notes.length
    ? html`<ul class="plain stack">${o.notes.map(
        (n) => html`<li class="note">
  <p><strong>${n.done ? t.noteDone : t.noteOpen}:</strong> ${n.done ? html`<s>${n.text}</s>` : n.text}</p>
  ${n.guideId && n.guideTitle ? html`<p class="hint"><a href="/guides/${n.guideId}">${t.fromGuide(n.guideTitle)}</a></p>` : ''}
  <div class="button-row">
    <form method="post" action="/notes/${n.id}/done" class="inline-form">${csrfField(ctx)}<input type="hidden" name="done" value="${n.done ? 'no' : 'yes'}"><button type="submit" class="button button--secondary">${n.done ? t.markOpen : t.markDone}<span class="visually-hidden">: ${n.text}</span></button></form>
    <form method="post" action="/notes/${n.id}/remove" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${t.remove}<span class="visually-hidden">: ${n.text}</span></button></form>
  </div>
</li>`,
      )}</ul>`
    : html`<p>${t.notesNone}</p><p><a href="/guides">${t.notesFind}</a></p>`
}`,
  });
}

export interface GuideFormValues {
  title: string;
  summary: string;
  language: string;
  body: string;
}

function guideForm(ctx: ViewContext, action: string, values: GuideFormValues, errors: Errors, submit: string): SafeHtml {
  const t = ctx.t.guides;
  return html`${errorSummary(ctx.t, errors, ['title', 'summary', 'language', 'body'])}
<form method="post" action="${action}" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'title', label: t.fieldTitle, value: values.title, maxLength: GUIDE_LIMITS.title, error: errors.title })}
  ${textArea({ name: 'summary', label: t.fieldSummary, hint: t.fieldSummaryHint, value: values.summary, maxLength: GUIDE_LIMITS.summary, rows: 3, error: errors.summary })}
  ${selectField({
    name: 'language',
    label: t.fieldLanguage,
    value: values.language,
    options: [
      { value: 'da', label: t.languages.da! },
      { value: 'en', label: t.languages.en! },
    ],
    ...(errors.language ? { error: errors.language } : {}),
  })}
  ${textArea({ name: 'body', label: t.fieldBody, hint: t.fieldBodyHint, value: values.body, maxLength: GUIDE_LIMITS.body, rows: 18, error: errors.body })}
  <button type="submit" class="button">${submit}</button>
</form>`;
}

function publishForm(ctx: ViewContext, orgId: string, g: { id: string; published: boolean }): SafeHtml {
  const t = ctx.t.guides;
  return html`<form method="post" action="/organisation/${orgId}/guides/${g.id}/publish" class="inline-form">${csrfField(ctx)}<input type="hidden" name="publish" value="${g.published ? 'no' : 'yes'}"><button type="submit" class="button button--secondary">${g.published ? t.unpublish : t.publish}</button></form>`;
}

export function manageGuidesPage(
  ctx: ViewContext,
  o: { orgId: string; guides: GuideSummary[]; starters: GuideSummary[]; values?: GuideFormValues; errors?: Errors; info?: string },
): SafeHtml {
  const t = ctx.t.guides;
  return page(ctx, {
    title: t.manageTitle,
    body: html`<p><a href="/organisation/${o.orgId}">${ctx.t.organisation.title}</a></p>
<h1>${t.manageTitle}</h1>
<p class="lead">${t.manageLead}</p>
${o.info ? notice(o.info, 'success') : ''}
${
  o.guides.length
    ? html`<table><caption class="visually-hidden">${t.manageTitle}</caption>
  <thead><tr><th scope="col">${t.fieldTitle}</th><th scope="col">${t.fieldLanguage}</th><th scope="col">${t.published}</th><th scope="col"><span class="visually-hidden">${t.edit}</span></th></tr></thead>
  <tbody>${o.guides.map(
    (g) => html`<tr><td><a href="/guides/${g.id}">${g.title}</a></td><td>${t.languages[g.language]}</td><td>${g.published ? t.published : t.unpublished}</td>
    <td><a href="/organisation/${o.orgId}/guides/${g.id}/edit">${t.edit}<span class="visually-hidden">: ${g.title}</span></a> ${publishForm(ctx, o.orgId, g)}</td></tr>`,
  )}</tbody></table>`
    : html`<p>${t.manageNone}</p>`
}
${
  o.starters.length
    ? html`<h2>${t.startersTitle}</h2>
<p>${t.startersLead}</p>
<ul class="plain stack">${o.starters.map(
        (g) => html`<li><h3 lang="${g.language}"><a href="/guides/${g.id}">${g.title}</a></h3>
  <p class="hint">${t.languages[g.language]}</p>
  <form method="post" action="/organisation/${o.orgId}/guides/${g.id}/copy">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.copy}<span class="visually-hidden">: <span lang="${g.language}">${g.title}</span></span></button></form></li>`,
      )}</ul>`
    : ''
}
<h2>${t.newGuide}</h2>
${guideForm(ctx, `/organisation/${o.orgId}/guides`, o.values ?? { title: '', summary: '', language: ctx.locale, body: '' }, o.errors ?? {}, t.create)}`,
  });
}

export function editGuidePage(ctx: ViewContext, o: { orgId: string; guide: Guide; values?: GuideFormValues; errors?: Errors; info?: string }): SafeHtml {
  const t = ctx.t.guides;
  const g = o.guide;
  return page(ctx, {
    title: t.editTitle(g.title),
    body: html`<p><a href="/organisation/${o.orgId}/guides">${t.manageTitle}</a></p>
<h1>${t.editTitle(g.title)}</h1>
${o.info ? notice(o.info, 'success') : ''}
<p>${g.published ? t.published : t.unpublished}. <a href="/guides/${g.id}">${t.view}</a></p>
<div class="button-row">${publishForm(ctx, o.orgId, g)}</div>
${guideForm(ctx, `/organisation/${o.orgId}/guides/${g.id}`, o.values ?? { title: g.title, summary: g.summary, language: g.language, body: g.body }, o.errors ?? {}, t.save)}`,
  });
}
