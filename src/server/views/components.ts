import { html, type SafeHtml } from './html.ts';
import type { Messages } from '../i18n/messages.ts';
import { ZONE } from '../../domain/time/copenhagen.ts';

export type Errors = Record<string, string>;

/** The GOV.UK-style error summary: a focusable box at the top listing each problem with a
 * link to its field, announced to screen readers. */
export function errorSummary(t: Messages, errors: Errors, order?: string[], options: { focus?: boolean } = {}): SafeHtml {
  const keys = (order ?? Object.keys(errors)).filter((k) => errors[k]);
  if (keys.length === 0) return html``;
  // The component page shows one without taking the focus (and the screen) to it.
  const focus = options.focus ?? true;
  return html`<div class="error-summary"${focus ? html` role="alert"` : ''} tabindex="-1" aria-labelledby="error-summary-title"${focus ? html` data-autofocus` : ''}>
  <h2 id="error-summary-title">${t.form.errorSummaryTitle}</h2>
  <ul>${keys.map((k) => html`<li><a href="#field-${k}">${errors[k]}</a></li>`)}</ul>
</div>`;
}

interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string | undefined;
  type?: 'text' | 'password' | 'number' | 'date' | 'datetime-local' | 'email' | 'url';
  autocomplete?: string;
  maxLength?: number;
  required?: boolean;
  optionalLabel?: string;
  inputMode?: 'numeric' | 'text';
  /** For a second form on one page with fields of the same names: put before the field's, hint's
   * and error's ids, so each form's labels point at its own fields. */
  idPrefix?: string;
}

function describedBy(name: string, hint?: string, error?: string, prefix = ''): SafeHtml {
  const ids = [hint ? `${prefix}hint-${name}` : '', error ? `${prefix}error-${name}` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
}

export function textField(o: FieldOptions): SafeHtml {
  const p = o.idPrefix ?? '';
  return html`<div class="field${o.error ? ' field--error' : ''}">
  <label for="${p}field-${o.name}">${o.label}${o.optionalLabel ? html` <span class="optional">${o.optionalLabel}</span>` : ''}</label>
  ${o.hint ? html`<p class="hint" id="${p}hint-${o.name}">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="${p}error-${o.name}">${o.error}</p>` : ''}
  <input id="${p}field-${o.name}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.maxLength ? html` maxlength="${o.maxLength}"` : ''}${o.required ? html` required` : ''}${o.inputMode ? html` inputmode="${o.inputMode}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${describedBy(o.name, o.hint, o.error, p)}>
</div>`;
}

export function textArea(o: FieldOptions & { rows?: number; counter?: string }): SafeHtml {
  return html`<div class="field${o.error ? ' field--error' : ''}">
  <label for="field-${o.name}">${o.label}${o.optionalLabel ? html` <span class="optional">${o.optionalLabel}</span>` : ''}</label>
  ${o.hint ? html`<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="error-${o.name}">${o.error}</p>` : ''}
  <textarea id="field-${o.name}" name="${o.name}" rows="${o.rows ?? 6}"${o.maxLength ? html` maxlength="${o.maxLength}" data-max="${o.maxLength}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${describedBy(o.name, o.hint, o.error)}>${o.value ?? ''}</textarea>
</div>`;
}

export function selectField(o: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  error?: string;
  hint?: string;
}): SafeHtml {
  return html`<div class="field${o.error ? ' field--error' : ''}">
  <label for="field-${o.name}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="error-${o.name}">${o.error}</p>` : ''}
  <select id="field-${o.name}" name="${o.name}"${o.error ? html` aria-invalid="true"` : ''}${describedBy(o.name, o.hint, o.error)}>
    ${o.options.map((opt) => html`<option value="${opt.value}"${opt.value === o.value ? html` selected` : ''}>${opt.label}</option>`)}
  </select>
</div>`;
}

export function checkbox(o: { name: string; label: string; checked?: boolean; value?: string; id?: string }): SafeHtml {
  const id = o.id ?? `field-${o.name}`;
  return html`<div class="checkbox"><input type="checkbox" id="${id}" name="${o.name}" value="${o.value ?? 'on'}"${o.checked ? html` checked` : ''}><label for="${id}">${o.label}</label></div>`;
}

/** Marks a page after which nothing of this site may stay in the browser: its script clears
 * what the Clear-Site-Data header did not (see CLEAR_BROWSER). */
export const clearBrowserMarker: SafeHtml = html`<span hidden data-clear-browser></span>`;

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

/**
 * A sentence that is true only without JavaScript, and the one that replaces it when the page's
 * script runs (client/app.ts): where sheets are kept in the browser only with JavaScript, a
 * page must not promise it to someone without.
 */
export function textWithoutOrWithJs(withoutJs: string, withJs: string): SafeHtml {
  return html`<span data-with-js="${withJs}">${withoutJs}</span>`;
}

/** What a person typed, shown back as written (line breaks kept): a form kept for them, or one
 * that failed and must not be lost. */
export function typedTexts(texts: readonly string[]): SafeHtml {
  return html`${texts.map((text) => html`<p class="kept-text">${text}</p>`)}`;
}

/** One notification banner per message. News and confirmations are a polite status; a warning
 * or an error that stops the person is an alert. */
export function notice(text: string | SafeHtml, kind: NoticeKind = 'info', title?: string): SafeHtml {
  const role = kind === 'warning' || kind === 'error' ? 'alert' : 'status';
  return html`<div class="notice notice--${kind}" role="${role}">${title ? html`<h2 class="notice__title">${title}</h2>` : ''}<p>${text}</p></div>`;
}

/**
 * A link or code the person passes on, with a button that copies it. The button comes with
 * JavaScript (data-js-only, client/copy.ts); without it the text can be selected and copied as
 * always. The status line says it worked, for screen readers too. `what` names the thing for
 * screen readers where a page has several.
 */
export function copyableText(t: Messages, value: string, what?: string): SafeHtml {
  return html`<span class="copyable"><code class="secret">${value}</code> <button type="button" class="button button--secondary copyable__button" data-copy="${value}" data-copied="${t.form.copied}" data-copy-failed="${t.form.copyFailed}" data-js-only hidden>${t.form.copy}${what ? html`<span class="visually-hidden"> ${what}</span>` : ''}</button> <span class="copyable__status" role="status"></span></span>`;
}

/** A table that may be wider than a phone: it scrolls sideways on its own, so the page does not.
 * The region is focusable so that a keyboard can scroll it too, and named after the table. */
export function wideTable(label: string, table: SafeHtml): SafeHtml {
  return html`<div class="table-scroll" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

// Dates are written by the one formatter pages, PDFs and e-mails share.
export { formatDay } from '../i18n/dates.ts';

/** The Danish clock time of an instant: "14.30" / "14:30". */
export function formatTime(locale: 'da' | 'en', at: Date): string {
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { timeStyle: 'short', timeZone: ZONE }).format(at);
}

export interface ChoiceOption {
  value: string;
  label: string | SafeHtml;
  /** A line under the option's label, read with it. */
  hint?: string;
}

interface ChoiceGroupOptions {
  name: string;
  /** The question: the fieldset's legend. */
  legend: string | SafeHtml;
  options: ChoiceOption[];
  hint?: string | undefined;
  error?: string | undefined;
  /** Each input's id is `${idPrefix}-${value}` (an empty value is 'none'); default `field-${name}`. */
  idPrefix?: string;
  /** The first option's id, the target of the error summary's link; default `field-${name}`. */
  id?: string;
  /** Two or three short options (Ja / Nej) side by side. */
  inline?: boolean;
  /** The question is the page's own heading: the legend holds the h1. */
  pageHeading?: boolean;
}

/** As GOV.UK: the first option's input takes the group's id, so the error summary's link moves
 * the focus onto an input (a fieldset cannot take the focus). */
function choiceGroup(type: 'radio' | 'checkbox', o: ChoiceGroupOptions, isChecked: (value: string) => boolean): SafeHtml {
  const groupId = o.id ?? `field-${o.name}`;
  const prefix = o.idPrefix ?? `field-${o.name}`;
  const legend = o.pageHeading ? html`<h1>${o.legend}</h1>` : o.legend;
  return html`<div class="field${o.error ? ' field--error' : ''}">
<fieldset class="choices"${describedBy(o.name, o.hint, o.error)}>
  <legend class="choices__legend${o.pageHeading ? ' choices__legend--page' : ''}">${legend}</legend>
  ${o.hint ? html`<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="error-${o.name}">${o.error}</p>` : ''}
  <div class="choices__options${o.inline ? ' choices__options--inline' : ''}">
    ${o.options.map((opt, i) => {
      const id = i === 0 ? groupId : `${prefix}-${opt.value || 'none'}`;
      return html`<div class="choice"><input type="${type}" id="${id}" name="${o.name}" value="${opt.value}"${isChecked(opt.value) ? html` checked` : ''}${opt.hint ? html` aria-describedby="${id}-hint"` : ''}><label for="${id}">${opt.label}</label>${opt.hint ? html`<span class="choice__hint" id="${id}-hint">${opt.hint}</span>` : ''}</div>`;
    })}
  </div>
</fieldset>
</div>`;
}

/** One answer of several: the question is the legend, hint and error under it, large radios. */
export function radioGroup(o: ChoiceGroupOptions & { value?: string | undefined }): SafeHtml {
  return choiceGroup('radio', o, (v) => v === o.value);
}

/** Any number of answers: the question is the legend, hint and error under it, large boxes. */
export function checkboxGroup(o: ChoiceGroupOptions & { values?: readonly string[] }): SafeHtml {
  return choiceGroup('checkbox', o, (v) => o.values?.includes(v) ?? false);
}

/** The top of a page: a way back, what the page belongs to, the heading and one lead line. */
export function pageHeader(o: {
  title: string | SafeHtml;
  back?: { href: string; label: string };
  caption?: string;
  lead?: string | SafeHtml;
  /** 2 only where a page shows a header as an example (GET /design): a page has one h1. */
  level?: 1 | 2;
}): SafeHtml {
  return html`<div class="page-header">
  ${o.back ? html`<a class="back-link" href="${o.back.href}">${o.back.label}</a>` : ''}
  ${o.caption ? html`<p class="page-header__caption">${o.caption}</p>` : ''}
  ${o.level === 2 ? html`<h2 class="page-header__title">${o.title}</h2>` : html`<h1>${o.title}</h1>`}
  ${o.lead ? html`<p class="lead">${o.lead}</p>` : ''}
</div>`;
}

/** Where the person is in a task of several steps; the current step is marked for screen readers. */
export function stepIndicator(t: Messages, steps: readonly string[], current: number): SafeHtml {
  return html`<div class="steps">
  <p class="steps__count">${t.components.stepOf(current + 1, steps.length)}</p>
  <ol class="steps__list" aria-label="${t.components.steps}">
    ${steps.map((label, i) => {
      const state = i < current ? 'done' : i === current ? 'current' : 'todo';
      return html`<li class="steps__item steps__item--${state}"${state === 'current' ? html` aria-current="step"` : ''}><span class="steps__number" aria-hidden="true">${i + 1}</span><span>${label}${state === 'done' ? html`<span class="visually-hidden"> (${t.components.stepDone})</span>` : ''}</span></li>`;
    })}
  </ol>
</div>`;
}

/** A box for one thing in a list of things; with `href` the whole card is the link. */
export function card(o: { title: string; href?: string; body?: SafeHtml | string; level?: 2 | 3 }): SafeHtml {
  const title = o.href ? html`<a href="${o.href}">${o.title}</a>` : o.title;
  const heading = o.level === 3 ? html`<h3 class="card__title">${title}</h3>` : html`<h2 class="card__title">${title}</h2>`;
  return html`<div class="card${o.href ? ' card--link' : ''}">${heading}${typeof o.body === 'string' ? html`<p>${o.body}</p>` : (o.body ?? '')}</div>`;
}

/** Cards side by side where there is room, one under the other on a phone. */
export function cardList(cards: SafeHtml[]): SafeHtml {
  return html`<ul class="cards">${cards.map((c) => html`<li>${c}</li>`)}</ul>`;
}

/** Facts about one thing as pairs of a term and its value, with an optional change link. */
export function summaryList(rows: { key: string; value: string | SafeHtml; action?: { href: string; label: string; hiddenContext?: string } }[]): SafeHtml {
  const withActions = rows.some((r) => r.action);
  return html`<dl class="summary-list">${rows.map(
    (r) =>
      html`<div${withActions ? html` class="summary-list__row--actions"` : ''}><dt>${r.key}</dt><dd>${r.value}</dd>${
        withActions
          ? html`<dd class="summary-list__actions">${r.action ? html`<a href="${r.action.href}">${r.action.label}<span class="visually-hidden"> ${r.action.hiddenContext ?? r.key}</span></a>` : ''}</dd>`
          : ''
      }</div>`,
  )}</dl>`;
}

/** A table with a caption and column headings; `numeric` columns line up on the right. The
 * first cell of each row names the row. It scrolls on its own when wider than the screen. */
export function dataTable(o: {
  caption: string;
  head: string[];
  rows: (string | number | SafeHtml)[][];
  numeric?: number[];
  captionHidden?: boolean;
}): SafeHtml {
  const cls = (i: number) => (o.numeric?.includes(i) ? html` class="numeric"` : '');
  return wideTable(
    o.caption,
    html`<table class="table"><caption${o.captionHidden ? html` class="visually-hidden"` : ''}>${o.caption}</caption>
<thead><tr>${o.head.map((h, i) => html`<th scope="col"${cls(i)}>${h}</th>`)}</tr></thead>
<tbody>${o.rows.map((row) => html`<tr>${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td${cls(i)}>${cell}</td>`))}</tr>`)}</tbody>
</table>`,
  );
}

export type TagTone = 'info' | 'neutral' | 'success' | 'warning' | 'error';

/** A short status word (Åben, Lukket, Delt). The colour repeats the word, never replaces it. */
export function tag(text: string, tone: TagTone = 'info'): SafeHtml {
  return html`<strong class="tag tag--${tone}">${text}</strong>`;
}

/** Nothing here yet: say so plainly, say what to do next, and offer the button that does it. */
export function emptyState(o: { title: string; text: string | SafeHtml; action?: { href: string; label: string }; level?: 2 | 3 }): SafeHtml {
  const heading = o.level === 3 ? html`<h3 class="empty-state__title">${o.title}</h3>` : html`<h2 class="empty-state__title">${o.title}</h2>`;
  return html`<div class="empty-state">${heading}<p>${o.text}</p>${o.action ? html`<a class="button" href="${o.action.href}">${o.action.label}</a>` : ''}</div>`;
}
