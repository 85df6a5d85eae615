// One page of a sheet (a step, compose, check or done), the same for the no-account flow and the
// signed-in statements. Everything works without JavaScript; src/client adds device storage,
// autosave, live counters and offline use, reading the data-* attributes written here.

import { html, paragraphs, trusted, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { clearBrowserMarker, errorSummary, notice, textWithoutOrWithJs } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { Messages } from '../../i18n/messages.ts';
import type { Lang, SheetTemplate, TemplateField, TemplateStep } from '../../../domain/sheets/template-schema.ts';
import { fieldsOf } from '../../../domain/sheets/template-schema.ts';
import type { AnswerError, FieldValue, StatementAnswers } from '../../../domain/sheets/answers.ts';
import { asList, asText, selfCheckName } from '../../../domain/sheets/answers.ts';
import { formatNumber } from '../../../domain/sheets/text.ts';
import { missingRequired, nextPage, pagesOf, progress, type Page } from '../../../domain/sheets/flow.ts';
import { statementView, type StatementView } from '../../../domain/sheets/compose.ts';
import { analyseAnswers } from '../../../domain/writing-helper/analyse.ts';
import { lix } from '../../../domain/writing-helper/lix.ts';
import { EXAMPLE_STATEMENTS } from '../../../domain/guides/examples.ts';
import { clientSheetJson, fieldHeadings, OWNER_NAME_MAX } from '../sheet-form.ts';

export interface SheetPageModel {
  /** device = no account, kept only in this browser; account = a signed-in statement. */
  mode: 'device' | 'account';
  template: SheetTemplate;
  /** A flow page id: a step key, 'compose', 'check' or 'done'. */
  pageId: string;
  answers: StatementAnswers;
  /** Where the page's form posts. */
  formAction: string;
  /** GET URL of any page (links, JavaScript navigation). */
  pageUrl: (pageId: string) => string;
  /** Extra hidden inputs (device: `state`; account: `revision`). */
  hidden: Record<string, string>;
  errors?: AnswerError[];
  /** device: a POST target (answers in the body); account: a GET URL. */
  pdfUrl: string;
  ownerName?: string;
  /** e.g. the statement's purpose ("Til jobcentret"). */
  title?: string;
  /** e.g. "saved", or a conflict message. */
  notice?: SafeHtml;
  /** Account mode: the JSON autosave endpoint. */
  autosaveUrl?: string;
  /**
   * Device mode: 'device' when the answers are not known to the server (a plain GET) and the
   * browser fills the page from what it keeps; 'server' (default) when they came with the request.
   */
  answersFrom?: 'server' | 'device';
  /** A draft offered beside the text already in the compose box. */
  draftOffer?: string;
  /** Device mode: a JSON endpoint that returns writing-helper hints for answers (see write.ts). */
  hintsUrl?: string;
  /** Device mode: where "Gem i en konto" points. */
  importUrl?: string;
}

type T = Messages['sheet'];

/** The writing helper's suggestions per field key (and 'summary'), as sentences in one language. */
export function hintMessages(template: SheetTemplate, answers: StatementAnswers, lang: Lang, t: T): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, hints] of Object.entries(analyseAnswers(template, answers, lang))) {
    out[key] = hints.map((h) => (h.item !== undefined ? `${t.line(h.item + 1)}: ${h.message[lang]}` : h.message[lang]));
  }
  return out;
}

/** "Hele arket: let at læse (LIX 24)." — only when there is enough text for the figure to mean something. */
export function overallLix(template: SheetTemplate, answers: StatementAnswers, lang: Lang, t: T): string | null {
  const text = [...fieldsOf(template).map(({ field }) => asText(answers.fields[field.key])), answers.summary].filter((s) => s.trim() !== '').join('\n');
  const result = lix(text);
  if (result.words < 10) return null;
  return t.lixOverall(result.bandLabel[lang], String(result.score));
}

function describedBy(ids: (string | false | undefined)[]): SafeHtml {
  const list = ids.filter(Boolean).join(' ');
  return list ? html` aria-describedby="${list}"` : html``;
}

function helperBlock(key: string, messages: string[] | undefined, t: T): SafeHtml {
  const list = messages ?? [];
  return html`<div class="helper" id="helper-${key}" data-helper-for="${key}"${list.length ? '' : html` hidden`}>
  <p class="helper__title">${t.helperTitle}</p>
  <ul class="helper__list">${list.map((m) => html`<li>${m}</li>`)}</ul>
</div>`;
}

function errorBlock(key: string, errors: AnswerError[], lang: Lang): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-message" id="error-${key}">${errors.map((e) => html`<p>${e.message[lang]}</p>`)}</div>`;
}

// The page says how much room there is; the browser script adds how much is used, as the person
// types (its texts are in the sheet's data). A count written into the page would be wrong at the
// first key pressed without JavaScript: "you have used 0" under the person's own words.
function counterText(field: TemplateField, lang: Lang, t: T): string {
  if (field.type === 'list') return t.counterListLimit(formatNumber(field.maxItems, lang), formatNumber(field.maxLength, lang));
  return t.counterLimit(formatNumber(field.maxLength, lang));
}

function fieldBlock(
  field: TemplateField,
  value: FieldValue | undefined,
  errors: AnswerError[],
  hints: string[] | undefined,
  lang: Lang,
  ctx: ViewContext,
): SafeHtml {
  const t = ctx.t.sheet;
  const key = field.key;
  const id = `field-${key}`;
  const hintId = field.hint ? `hint-${key}` : undefined;
  const described = describedBy([hintId, `count-${key}`, errors.length > 0 && `error-${key}`]);
  const common = html`id="${id}" name="${key}" data-field="${key}" data-field-type="${field.type}" data-max="${field.maxLength}" data-max-items="${field.maxItems}"${errors.length ? html` aria-invalid="true"` : ''}${described}`;
  const control =
    field.type === 'shortText'
      ? html`<input type="text" ${common} value="${asText(value)}" autocomplete="off">`
      : field.type === 'list'
        ? html`<textarea ${common} rows="5">${asList(value).join('\n')}</textarea>`
        : html`<textarea ${common} rows="7">${asText(value)}</textarea>`;
  return html`<div class="field sheet-field${errors.length ? ' field--error' : ''}">
  <label for="${id}">${field.label[lang]}${field.optional ? html` <span class="optional">${ctx.t.form.optional}</span>` : ''}</label>
  ${field.hint ? html`<p class="hint" id="${hintId}">${field.hint[lang]}</p>` : ''}
  ${errorBlock(key, errors, lang)}
  ${control}
  <p class="hint sheet-counter" id="count-${key}" data-counter-for="${key}">${counterText(field, lang, t)}</p>
  ${helperBlock(key, hints, t)}
</div>`;
}

/** The sheet's parts as the preview and the printed page show them. */
function sectionsHtml(view: StatementView): SafeHtml {
  return html`${view.sections.map(
    (s) =>
      html`<section class="sheet-preview__section"><h3>${s.heading}</h3>${s.items ? html`<ul>${s.items.map((i) => html`<li>${i}</li>`)}</ul>` : s.paragraphs.map((p) => paragraphs(p))}</section>`,
  )}`;
}

function previewHtml(view: StatementView, t: T): SafeHtml {
  const empty = !view.summary && view.sections.length === 0;
  return html`<article class="sheet-preview" aria-labelledby="sheet-preview-title" lang="${view.lang}" data-preview>
  <h2 class="sheet-preview__title" id="sheet-preview-title">${view.title}</h2>
  <p class="sheet-preview__owner" data-preview-owner>${view.ownerLabel}</p>
  <div class="sheet-preview__body" data-preview-body>
    ${view.summary ? html`<section class="sheet-preview__summary"><h3>${view.summary.heading}</h3>${paragraphs(view.summary.text)}</section>` : ''}
    ${sectionsHtml(view)}
    ${empty ? html`<p class="hint">${t.previewEmpty}</p>` : ''}
  </div>
</article>`;
}

function hiddenInputs(ctx: ViewContext, hidden: Record<string, string>): SafeHtml {
  return html`${csrfField(ctx)}${Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}"${name === 'state' ? html` data-state` : ''}>`)}`;
}

function navButtons(m: SheetPageModel, current: Page, t: T): SafeHtml {
  const first = pagesOf(m.template)[0]?.id === current.id;
  return html`<div class="button-row sheet-nav">
  <button type="submit" name="action" value="next" class="button">${t.next}</button>
  ${first ? '' : html`<button type="submit" name="action" value="back" class="button button--secondary">${t.back}</button>`}
  ${m.mode === 'account' ? html`<button type="submit" name="action" value="stay" class="button button--secondary">${t.save}</button>` : ''}
  ${current.kind === 'step' ? html`<button type="submit" name="action" value="skip" class="link-button sheet-skip">${t.skip}</button>` : ''}
</div>`;
}

function statusLine(): SafeHtml {
  return html`<p class="sheet-status" role="status" data-status></p>`;
}

function formOpen(m: SheetPageModel, current: Page, extraClass = ''): SafeHtml {
  const next = nextPage(m.template, current.id, 'next');
  const back = nextPage(m.template, current.id, 'back');
  return html`<form method="post" action="${m.formAction}" class="sheet-form${extraClass}" novalidate data-sheet-form data-mode="${m.mode}" data-template="${m.template.key}" data-page="${current.id}"${next.id !== current.id ? html` data-next-url="${m.pageUrl(next.id)}"` : ''}${back.id !== current.id ? html` data-back-url="${m.pageUrl(back.id)}"` : ''}${m.mode === 'device' ? html` data-answers="${m.answersFrom ?? 'server'}"` : ''}${m.autosaveUrl ? html` data-autosave-url="${m.autosaveUrl}"` : ''}${m.hintsUrl ? html` data-hints-url="${m.hintsUrl}"` : ''}>`;
}

/** A step's title, question, help and examples; the sheet builder's preview shows them too. */
export function stepIntro(ctx: ViewContext, step: TemplateStep, heading: 'h1' | 'h2'): SafeHtml {
  const lang = ctx.locale;
  const t = ctx.t.sheet;
  const examples = step.examples[lang];
  return html`${heading === 'h1' ? html`<h1>${step.title[lang]}</h1>` : html`<h2>${step.title[lang]}</h2>`}
<p class="lead">${step.prompt[lang]}</p>
<p>${step.help[lang]}</p>
${
  examples.length
    ? html`<details class="sheet-examples">
  <summary>${t.examplesShow}</summary>
  <ul>${examples.map((e) => html`<li>${e}</li>`)}</ul>
  <p class="hint">${t.examplesNote}</p>
</details>`
    : ''
}`;
}

/** A step's writing fields with the answers so far; the sheet builder's preview shows them empty. */
export function stepFields(
  ctx: ViewContext,
  step: TemplateStep,
  answers: StatementAnswers,
  errors: Map<string, AnswerError[]> = new Map(),
  hints: Record<string, string[]> = {},
): SafeHtml {
  return html`${step.fields.map((f) => fieldBlock(f, answers.fields[f.key], errors.get(f.key) ?? [], hints[f.key], ctx.locale, ctx))}`;
}

function stepBody(
  ctx: ViewContext,
  m: SheetPageModel,
  step: TemplateStep,
  current: Page,
  errors: Map<string, AnswerError[]>,
  hints: Record<string, string[]>,
): SafeHtml {
  const t = ctx.t.sheet;
  return html`${stepIntro(ctx, step, 'h1')}
${formOpen(m, current)}
  ${hiddenInputs(ctx, m.hidden)}
  ${stepFields(ctx, step, m.answers, errors, hints)}
  ${navButtons(m, current, t)}
  ${statusLine()}
</form>`;
}

function composeBody(ctx: ViewContext, m: SheetPageModel, current: Page, errors: Map<string, AnswerError[]>, hints: Record<string, string[]>): SafeHtml {
  const lang = ctx.locale;
  const t = ctx.t.sheet;
  const c = m.template.composition;
  const view = statementView(m.template, m.answers, lang);
  const summaryErrors = errors.get('summary') ?? [];
  const described = describedBy(['count-summary', 'sentences-summary', summaryErrors.length > 0 && 'error-summary']);
  const wholeExamples = EXAMPLE_STATEMENTS[m.template.key]?.[lang] ?? [];
  return html`<h1>${c.title[lang]}</h1>
<p class="lead">${t.composeLead}</p>
<p>${c.prompt[lang]}</p>
${
  wholeExamples.length
    ? html`<details class="sheet-examples">
  <summary>${t.wholeExamplesShow}</summary>
  <ul>${wholeExamples.map((e) => html`<li>${e}</li>`)}</ul>
  <p class="hint">${t.wholeExamplesNote}</p>
</details>`
    : ''
}
<section class="sheet-parts" aria-labelledby="sheet-parts-title">
  <h2 id="sheet-parts-title">${t.partsTitle}</h2>
  <div data-preview-parts>${view.sections.length ? sectionsHtml(view) : html`<p class="hint">${t.partsEmpty}</p>`}</div>
</section>
${formOpen(m, current)}
  ${hiddenInputs(ctx, m.hidden)}
  <div class="sheet-compare${m.draftOffer ? ' sheet-compare--two' : ''}">
  <div class="field sheet-field${summaryErrors.length ? ' field--error' : ''}">
    <label for="field-summary">${t.summaryLabel}</label>
    ${errorBlock('summary', summaryErrors, lang)}
    <textarea id="field-summary" name="summary" rows="6" data-field="summary" data-field-type="summary" data-max="${c.maxLength}"${summaryErrors.length ? html` aria-invalid="true"` : ''}${described}>${m.answers.summary}</textarea>
    <p class="hint sheet-counter" id="count-summary" data-counter-for="summary">${t.counterLimit(formatNumber(c.maxLength, lang))}</p>
    <p class="hint sheet-counter" id="sentences-summary" data-sentences-for="summary" data-min="${c.minSentences}" data-max="${c.maxSentences}">${t.sentencesGoal(formatNumber(c.minSentences, lang), formatNumber(c.maxSentences, lang))}</p>
    ${helperBlock('summary', hints['summary'], t)}
  </div>
  ${m.draftOffer ? draftOffer(m.draftOffer, t) : ''}
  </div>
  <div class="sheet-draft">
    <button type="submit" name="action" value="draft" class="button button--secondary" aria-describedby="draft-hint" data-draft-button>${t.draftButton}</button>
    <p class="hint" id="draft-hint">${t.draftHint}</p>
  </div>
  ${navButtons(m, current, t)}
  ${statusLine()}
</form>`;
}

/** A draft beside a text the person already wrote: theirs stays until they choose. */
function draftOffer(draft: string, t: T): SafeHtml {
  return html`<section class="draft-offer" id="draft-offer" aria-labelledby="draft-offer-title">
    <h2 id="draft-offer-title">${t.draftOfferTitle}</h2>
    <p>${t.draftOfferLead}</p>
    <p class="draft-offer__text">${draft}</p>
    <div class="button-row">
      <button type="submit" name="action" value="draftReplace" class="button">${t.draftUseInstead}</button>
      <button type="submit" name="action" value="draftAdd" class="button button--secondary">${t.draftAddAfter}</button>
    </div>
  </section>`;
}

function checkBody(ctx: ViewContext, m: SheetPageModel, current: Page, hints: Record<string, string[]>): SafeHtml {
  const lang = ctx.locale;
  const t = ctx.t.sheet;
  const missing = missingRequired(m.template, m.answers);
  const headings = fieldHeadings(m.template, lang);
  const parts = [
    ...fieldsOf(m.template).map(({ field }) => ({ key: field.key, heading: headings.get(field.key) ?? field.label[lang] })),
    { key: 'summary', heading: m.template.composition.title[lang] },
  ].filter((p) => (hints[p.key] ?? []).length > 0);
  const overall = overallLix(m.template, m.answers, lang, t);
  return html`<h1>${current.title[lang]}</h1>
<p class="lead">${t.checkLead}</p>
${formOpen(m, current)}
  ${hiddenInputs(ctx, m.hidden)}
  <fieldset class="sheet-checks">
    <legend>${t.selfCheckLegend}</legend>
    ${m.template.selfCheck.map(
      (c) =>
        html`<div class="checkbox"><input type="hidden" name="${selfCheckName(c.key)}" value="false"><input type="checkbox" id="check-${c.key}" name="${selfCheckName(c.key)}" value="true" data-self-check="${c.key}"${m.answers.selfCheck[c.key] ? html` checked` : ''}><label for="check-${c.key}">${c.text[lang]}</label></div>`,
    )}
  </fieldset>
  <section aria-labelledby="sheet-missing-title">
    <h2 id="sheet-missing-title">${t.missingTitle}</h2>
    <div data-missing>
      ${
        missing.length
          ? html`<p>${t.missingLead}</p><ul>${missing.map((p) => html`<li><a href="${m.pageUrl(p.pageId)}">${p.title[lang]}</a></li>`)}</ul>`
          : html`<p>${t.missingNone}</p>`
      }
    </div>
  </section>
  <section aria-labelledby="sheet-hints-title">
    <h2 id="sheet-hints-title">${t.hintsTitle}</h2>
    <p>${t.hintsLead}</p>
    <div data-check-hints>
      ${
        parts.length
          ? parts.map((p) => html`<h3>${p.heading}</h3><ul class="helper__list">${(hints[p.key] ?? []).map((msg) => html`<li>${msg}</li>`)}</ul>`)
          : html`<p>${t.hintsNone}</p>`
      }
    </div>
    <p data-lix-overall${overall ? '' : html` hidden`}>${overall ?? ''}</p>
    <p class="hint">${t.lixExplain}</p>
  </section>
  ${navButtons(m, current, t)}
  ${statusLine()}
</form>`;
}

function doneBody(ctx: ViewContext, m: SheetPageModel, current: Page, errors: Map<string, AnswerError[]>): SafeHtml {
  const lang = ctx.locale;
  const t = ctx.t.sheet;
  const view = statementView(m.template, m.answers, lang, m.ownerName ? { ownerName: m.ownerName } : {});
  const nameErrors = errors.get('ownerName') ?? [];
  const printButton = html`<button type="button" class="button button--secondary" data-print data-js-only hidden>${t.print}</button>`;
  const download =
    m.mode === 'device'
      ? html`<form method="post" action="${m.pdfUrl}" class="sheet-pdf-form no-print" novalidate data-pdf-form>
  ${hiddenInputs(ctx, Object.fromEntries(Object.entries(m.hidden).filter(([k]) => k === 'state')))}
  <div class="field${nameErrors.length ? ' field--error' : ''}">
    <label for="field-ownerName">${t.ownerNameLabel} <span class="optional">${ctx.t.form.optional}</span></label>
    <p class="hint" id="hint-ownerName">${t.ownerNameHint}</p>
    ${errorBlock('ownerName', nameErrors, lang)}
    <input type="text" id="field-ownerName" name="ownerName" value="${m.ownerName ?? ''}" autocomplete="name" data-owner-name data-max="${OWNER_NAME_MAX}"${nameErrors.length ? html` aria-invalid="true"` : ''}${describedBy(['hint-ownerName', nameErrors.length > 0 && 'error-ownerName'])}>
  </div>
  <div class="button-row">
    <button type="submit" class="button">${t.downloadPdf}</button>
    ${printButton}
  </div>
</form>`
      : html`<div class="button-row no-print"><a class="button" href="${m.pdfUrl}">${t.downloadPdf}</a>${printButton}</div>`;
  return html`<h1>${current.title[lang]}</h1>
<p class="lead no-print">${t.doneLead}</p>
${previewHtml(view, t)}
${download}
<noscript><p class="hint no-print">${t.printNoJs}</p></noscript>
<p class="sheet-status no-print" role="status" data-status></p>
${formOpen(m, current, ' no-print')}
  ${hiddenInputs(ctx, m.hidden)}
  <div class="button-row"><button type="submit" name="action" value="back" class="button button--secondary">${t.back}</button></div>
</form>
${
  m.mode === 'device'
    ? html`<section class="no-print" aria-labelledby="sheet-account-title">
  <h2 id="sheet-account-title">${t.saveAccountTitle}</h2>
  <p>${t.saveAccountText}</p>
  <form method="post" action="${m.importUrl ?? '/statements/import'}" novalidate>
    ${hiddenInputs(ctx, Object.fromEntries(Object.entries(m.hidden).filter(([k]) => k === 'state')))}
    <input type="hidden" name="templateKey" value="${m.template.key}">
    <button type="submit" class="button button--secondary">${t.saveAccountLink}</button>
  </form>
</section>
<p class="no-print"><a href="/write/clear">${t.clearButton}</a></p>`
    : ''
}`;
}

export function sheetPage(ctx: ViewContext, m: SheetPageModel): SafeHtml {
  const lang = ctx.locale;
  const t = ctx.t.sheet;
  const pages = pagesOf(m.template);
  const current = pages.find((p) => p.id === m.pageId) ?? (pages[0] as Page);
  const prog = progress(m.template, current.id);
  const errors = new Map<string, AnswerError[]>();
  for (const e of m.errors ?? []) errors.set(e.field, [...(errors.get(e.field) ?? []), e]);
  const summaryErrors: Record<string, string> = {};
  for (const [key, list] of errors) summaryErrors[key] = list.map((e) => e.message[lang]).join(' ');
  const hints = current.kind === 'done' ? {} : hintMessages(m.template, m.answers, lang, t);
  const sheetTitle = m.title ?? m.template.title[lang];

  let body: SafeHtml;
  if (current.kind === 'step') {
    const step = m.template.steps.find((s) => s.key === current.stepKey) as TemplateStep;
    body = stepBody(ctx, m, step, current, errors, hints);
  } else if (current.kind === 'compose') body = composeBody(ctx, m, current, errors, hints);
  else if (current.kind === 'check') body = checkBody(ctx, m, current, hints);
  else body = doneBody(ctx, m, current, errors);

  const data = clientSheetJson(m.template, lang, { mode: m.mode, pageId: current.id, pageUrl: m.pageUrl });
  return page(ctx, {
    title: t.pageTitle(current.title[lang], sheetTitle),
    scripts: true,
    body: html`<div class="sheet" data-sheet-page="${current.kind}">
<p class="sheet-progress no-print"><span class="sheet-progress__title">${sheetTitle}</span> <span class="sheet-progress__step">${prog.label[lang]}</span></p>
${m.notice ?? ''}
${errors.size ? errorSummary(ctx.t, summaryErrors) : ''}
${body}
${m.mode === 'device' ? html`<p class="hint sheet-device-note no-print" data-device-note>${t.deviceNoteNoJs}</p>` : ''}
</div>
<script type="application/json" id="sheet-data">${trusted(data)}</script>`,
  });
}

/** GET /write: choose a sheet. */
export function writeChooserPage(ctx: ViewContext, templates: readonly SheetTemplate[], firstPageUrl: (template: SheetTemplate) => string): SafeHtml {
  const lang = ctx.locale;
  const t = ctx.t.sheet;
  const signedIn = ctx.actor.kind === 'user';
  return page(ctx, {
    title: t.chooseTitle,
    scripts: true,
    body: html`<h1>${t.chooseTitle}</h1>
<p class="lead">${t.chooseLead}</p>
${notice(textWithoutOrWithJs(t.chooseNoAccountNoJs, t.chooseNoAccount))}
<ul class="sheet-choices">
  ${templates.map(
    (tpl) => html`<li class="sheet-choice" data-draft-key="${tpl.key}">
    <h2 id="choice-${tpl.key}">${tpl.title[lang]}</h2>
    <p>${tpl.intro[lang]}</p>
    <p class="hint" data-has-draft hidden>${t.chooseHasDraft}</p>
    <p><a class="button" href="${firstPageUrl(tpl)}" aria-describedby="choice-${tpl.key}">${t.chooseStart}</a></p>
  </li>`,
  )}
</ul>
${worksheetLinks(ctx, templates)}
${signedIn ? '' : html`<p>${t.chooseHaveAccount} <a href="/sign-in">${ctx.t.nav.signIn}</a></p>`}
<p>${t.chooseSharedDevice}</p>
<p><a class="button button--secondary" href="/write/clear">${t.clearButton}</a></p>`,
  });
}

/** Blank sheets to print for pen and paper: the built-in ones, which need no account. */
export function worksheetLinks(ctx: ViewContext, templates: readonly Pick<SheetTemplate, 'key' | 'title'>[]): SafeHtml {
  const t = ctx.t.sheet;
  if (templates.length === 0) return html``;
  return html`<section aria-labelledby="worksheets-title">
  <h2 id="worksheets-title">${t.worksheetTitle}</h2>
  <p>${t.worksheetLead}</p>
  <ul>${templates.map((tpl) => html`<li><a href="/write/${tpl.key}/worksheet">${t.worksheetLink(tpl.title[ctx.locale])}</a></li>`)}</ul>
</section>`;
}

/** GET /write/clear: the one confirmation before everything written in this browser goes. The
 * words are only ever kept by the page's script, but the answer to "yes" clears the browser with
 * JavaScript off too (Clear-Site-Data), so the same two steps work for everyone. */
export function writeClearPage(ctx: ViewContext): SafeHtml {
  const t = ctx.t.browserCopy;
  return page(ctx, {
    title: t.clearTitle,
    body: html`<h1>${t.clearTitle}</h1>
<p>${t.clearLead}</p>
<p>${t.clearKept}</p>
<form method="post" action="/write/clear" class="button-row">
  ${csrfField(ctx)}
  <button type="submit" class="button button--danger">${t.clearYes}</button>
  <a href="/write">${t.clearNo}</a>
</form>`,
  });
}

/** POST /write/clear: said once it is done. */
export function writeClearedPage(ctx: ViewContext): SafeHtml {
  const t = ctx.t.browserCopy;
  return page(ctx, {
    title: t.clearedTitle,
    body: html`<h1>${t.clearedTitle}</h1>
${clearBrowserMarker}
<p>${t.clearedLead}</p>
<p><a href="/write">${t.clearedWrite}</a></p>`,
  });
}
