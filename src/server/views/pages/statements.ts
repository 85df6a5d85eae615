import { sheetName } from '../../i18n/messages.ts';
import { randomUUID } from 'node:crypto';
import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { notice, selectField, tag, textField } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { OpenStatement, StatementsOverview, VersionSummary } from '../../services/statements.ts';
import { PURPOSE_MAX } from '../../../domain/sheets/text.ts';
import type { StatementAnswers, FieldValue } from '../../../domain/sheets/answers.ts';
import { asText } from '../../../domain/sheets/answers.ts';
import { statementView } from '../../../domain/sheets/compose.ts';
import type { SheetTemplate } from '../../../domain/sheets/template-schema.ts';
import { pagesOf } from '../../../domain/sheets/flow.ts';
import { builtinTemplates } from '../../../domain/sheets/builtin-templates.ts';
import { worksheetLinks } from './sheet.ts';
import { formatDateTime } from '../../i18n/dates.ts';

function dateTime(ctx: ViewContext, d: Date): string {
  return formatDateTime(ctx.locale, d);
}

export function statementListPage(ctx: ViewContext, overview: StatementsOverview, info?: string): SafeHtml {
  const t = ctx.t.statements;
  const { statements: list, templates, preselectedTemplateId } = overview;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${info ? notice(info, 'success') : ''}
${deviceSheetsNotice(ctx)}
<p>${t.lead}</p>
${
  list.length === 0
    ? html`<p>${t.none}</p>`
    : html`<ul class="card-list">${list.map(
        (s) => html`<li class="card">
  <h2 class="card__title"><a href="/statements/${s.id}/write/done">${sheetName(ctx.t, s.purpose)}</a></h2>
  <p class="hint">${s.templateTitle[ctx.locale]} · ${t.updated} ${dateTime(ctx, s.updatedAt)}</p>
  ${s.waitingSuggestions ? html`<p>${tag(ctx.t.suggestions.waitingTag(s.waitingSuggestions), 'warning')} <a href="/statements/${s.id}/suggestions">${ctx.t.suggestions.seeThem(s.waitingSuggestions)}</a></p>` : ''}
  <ul class="inline-links">
    <li><a href="/statements/${s.id}/write/${'first'}">${t.continue}</a></li>
    <li><a href="/statements/${s.id}/pdf">${t.pdf}</a></li>
    <li><a href="/statements/${s.id}/versions">${t.versions}</a></li>
    <li><a href="/statements/${s.id}/suggestions">${t.suggestionsAndAuthors}</a></li>
    <li><form method="post" action="/statements/${s.id}/copy" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${t.copy}</button></form></li>
    <li><a href="/statements/${s.id}/delete">${t.delete}</a></li>
  </ul>
</li>`,
      )}</ul>`
}
<h2>${t.newTitle}</h2>
<form method="post" action="/statements" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="idempotencyKey" value="${randomUUID().replaceAll('-', '')}">
  ${textField({ name: 'purpose', label: t.purpose, hint: t.purposeHint, maxLength: PURPOSE_MAX })}
  ${selectField({ name: 'templateId', label: t.template, ...(preselectedTemplateId ? { value: preselectedTemplateId } : {}), options: templates.map((tpl) => ({ value: tpl.id, label: tpl.title[ctx.locale] })) })}
  <button type="submit" class="button">${t.start}</button>
</form>
${worksheetLinks(ctx, builtinTemplates)}`,
  });
}

export function previewBlock(ctx: ViewContext, statement: { template: SheetTemplate; ownerName: string }, answers: StatementAnswers): SafeHtml {
  const view = statementView(statement.template, answers, ctx.locale, { ownerName: statement.ownerName });
  return html`<article class="sheet-preview" lang="${ctx.locale}">
  <h2>${view.title}</h2>
  <p class="sheet-preview__owner">${view.ownerLabel}</p>
  ${view.summary ? html`<section class="sheet-preview__summary"><h3>${view.summary.heading}</h3>${paragraphs(view.summary.text)}</section>` : ''}
  ${view.sections.map((s) => html`<section><h3>${s.heading}</h3>${s.items ? html`<ul>${s.items.map((i) => html`<li>${i}</li>`)}</ul>` : s.paragraphs.map((p) => paragraphs(p))}</section>`)}
</article>`;
}

export function versionsPage(ctx: ViewContext, statement: OpenStatement, versions: VersionSummary[], info?: string): SafeHtml {
  const t = ctx.t.statements;
  return page(ctx, {
    title: `${t.versionsTitle}: ${sheetName(ctx.t, statement.purpose)}`,
    body: html`<p><a href="/statements">${t.backToList}</a></p>
<h1>${t.versionsTitle}</h1>
<p class="hint">${sheetName(ctx.t, statement.purpose)}</p>
${info ? notice(info, 'success') : ''}
<p>${t.versionsLead}</p>
<table>
  <thead><tr><th scope="col">${t.versionSaved}</th><th scope="col">${t.versionBy}</th><th scope="col"><span class="visually-hidden">${t.versionOpen}</span></th></tr></thead>
  <tbody>${versions.map(
    (v) => html`<tr><td>${dateTime(ctx, v.savedAt)}</td><td>${v.byOwner ? t.versionYou : t.versionOther}</td>
    <td><a href="/statements/${statement.id}/versions/${v.id}">${t.versionOpen}<span class="visually-hidden"> ${dateTime(ctx, v.savedAt)}</span></a></td></tr>`,
  )}</tbody>
</table>`,
  });
}

export function versionPage(ctx: ViewContext, statement: OpenStatement, versionId: string, answers: StatementAnswers, savedAt: Date): SafeHtml {
  const t = ctx.t.statements;
  return page(ctx, {
    title: `${t.versionViewTitle} ${dateTime(ctx, savedAt)}`,
    body: html`<p><a href="/statements/${statement.id}/versions">${t.versionsTitle}</a></p>
<h1>${t.versionViewTitle} ${dateTime(ctx, savedAt)}</h1>
${previewBlock(ctx, statement, answers)}
<form method="post" action="/statements/${statement.id}/versions/${versionId}/restore">
  ${csrfField(ctx)}
  <button type="submit" class="button">${t.versionRestore}</button>
</form>`,
  });
}

/** Hidden until the page's script finds sheets kept in this browser that are not in the account. */
export function deviceSheetsNotice(ctx: ViewContext): SafeHtml {
  const t = ctx.t.browserCopy;
  return html`<div class="notice" data-device-sheets-notice hidden><p>${deviceLead(ctx)} <a href="/statements/device">${t.noticeLink}</a></p></div>`;
}

/** "You have a sheet / more than one sheet in this browser": the script shows the one that fits. */
function deviceLead(ctx: ViewContext): SafeHtml {
  const t = ctx.t.browserCopy;
  return html`<span data-device-lead="one">${t.leadOne}</span><span data-device-lead="many" hidden>${t.leadMany}</span>`;
}

/** On the sheet just moved into the account: the script takes it out of the browser and says so. */
export function movedNotice(ctx: ViewContext, templateKey: string): SafeHtml {
  return html`<div class="notice notice--success" role="status" data-device-moved="${templateKey}">
  <p>${ctx.t.statements.imported}</p>
  <p data-device-gone hidden>${ctx.t.browserCopy.movedGone}</p>
</div>
${deviceSheetsNotice(ctx)}`;
}

/** After signing in or up with sheets kept in this browser: move each into the account, delete
 * it, or leave it. Only the page's script knows the sheets, so everything about them is hidden
 * until it fills them in; the form that moves one is the same import as on the done page. */
export function deviceSheetsPage(ctx: ViewContext, o: { sheets: { key: string; title: string }[]; leaveTo: string }): SafeHtml {
  const t = ctx.t.browserCopy;
  const onwards = html`<a href="${o.leaveTo}">${o.leaveTo === '/' ? ctx.t.errors.goHome : ctx.t.sheet.next}</a>`;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
<div data-device-sheets-page>
  <div data-device-some hidden>
    <p class="lead">${deviceLead(ctx)}</p>
    <p>${t.explain}</p>
  </div>
  ${o.sheets.map(
    (sheet) => html`<section class="sheet-choice" data-device-sheet="${sheet.key}" aria-labelledby="device-${sheet.key}" hidden>
    <h2 id="device-${sheet.key}">${sheet.title}</h2>
    <p>${t.opening} <q data-opening></q></p>
    <div class="button-row">
      <form method="post" action="/statements/import" novalidate>
        ${csrfField(ctx)}
        <input type="hidden" name="state" value="">
        <input type="hidden" name="templateKey" value="${sheet.key}">
        <button type="submit" class="button">${t.move}</button>
      </form>
      <button type="button" class="button button--secondary" data-forget-sheet data-confirm="${t.removeConfirm}" data-done="${t.removed}">${t.remove}</button>
    </div>
  </section>`,
  )}
  <p role="status" tabindex="-1" data-status></p>
  <div data-device-some hidden>
    <p><a href="${o.leaveTo}">${t.leave}</a></p>
    <p class="hint">${t.leaveHint}</p>
  </div>
  <p data-device-none hidden>${t.none} ${onwards}</p>
  <noscript><p>${t.needsJs}</p><p>${onwards}</p></noscript>
</div>`,
  });
}

export function deletePage(ctx: ViewContext, statement: OpenStatement): SafeHtml {
  const t = ctx.t.statements;
  return page(ctx, {
    title: t.deleteTitle,
    body: html`<h1>${t.deleteTitle}</h1>
<p><strong>${sheetName(ctx.t, statement.purpose)}</strong></p>
<p>${t.deleteLead}</p>
<form method="post" action="/statements/${statement.id}/delete" class="button-row">
  ${csrfField(ctx)}
  <button type="submit" class="button button--danger">${t.deleteConfirm}</button>
  <a href="/statements">${ctx.t.form.cancel}</a>
</form>`,
  });
}

/** Both texts side by side for every part that differs; nothing is thrown away unless the
 * person chooses so. */
export function conflictPage(ctx: ViewContext, statement: OpenStatement, mine: StatementAnswers, returnPage: string, problem?: string): SafeHtml {
  const t = ctx.t.statements;
  const parts: { key: string; label: string; mine: FieldValue; saved: FieldValue }[] = [];
  for (const step of statement.template.steps) {
    for (const field of step.fields) {
      const a = mine.fields[field.key] ?? '';
      const b = statement.answers.fields[field.key] ?? '';
      if (asText(a) !== asText(b)) parts.push({ key: field.key, label: field.label[ctx.locale], mine: a, saved: b });
    }
  }
  if (mine.summary !== statement.answers.summary)
    parts.push({ key: 'summary', label: statement.template.composition.title[ctx.locale], mine: mine.summary, saved: statement.answers.summary });
  const show = (v: FieldValue) => (asText(v).trim() ? paragraphs(asText(v)) : html`<p class="hint">${t.conflictNone}</p>`);
  return page(ctx, {
    title: t.conflictTitle,
    wide: true,
    body: html`<h1>${t.conflictTitle}</h1>
${problem ? notice(problem, 'warning') : ''}
<p>${t.conflictLead}</p>
<form method="post" action="/statements/${statement.id}/resolve" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="revision" value="${statement.revision}">
  <input type="hidden" name="returnPage" value="${returnPage}">
  ${parts.map(
    (p) => html`<fieldset class="choices conflict">
    <legend class="choices__legend">${p.label}</legend>
    <div class="conflict__columns">
      <div><h2 class="conflict__heading">${t.conflictMine}</h2>${show(p.mine)}</div>
      <div><h2 class="conflict__heading">${t.conflictSaved}</h2>${show(p.saved)}</div>
    </div>
    ${(Array.isArray(p.mine) ? p.mine : [p.mine]).map((v) => html`<input type="hidden" name="mine.${p.key}" value="${v}">`)}
    <div class="choices__options">
      ${(['mine', 'saved', 'both'] as const).map(
        (choice) =>
          html`<div class="choice"><input type="radio" id="choice-${p.key}-${choice}" name="choice.${p.key}" value="${choice}"${choice === 'both' ? html` checked` : ''}><label for="choice-${p.key}-${choice}">${choice === 'mine' ? t.conflictKeepMine : choice === 'saved' ? t.conflictKeepSaved : t.conflictKeepBoth}</label></div>`,
      )}
    </div>
  </fieldset>`,
  )}
  <button type="submit" class="button">${t.conflictSubmit}</button>
</form>`,
  });
}

export function firstPageId(statement: OpenStatement): string {
  return pagesOf(statement.template)[0]!.id;
}
