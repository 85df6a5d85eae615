import { html, type SafeHtml } from './html.ts';
import type { Messages } from '../i18n/messages.ts';
import { ZONE } from '../../domain/time/copenhagen.ts';

export type Errors = Record<string, string>;

/** The GOV.UK-style error summary: a focusable box at the top listing each problem with a
 * link to its field, announced to screen readers. */
export function errorSummary(t: Messages, errors: Errors, order?: string[]): SafeHtml {
  const keys = (order ?? Object.keys(errors)).filter((k) => errors[k]);
  if (keys.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-autofocus>
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
}

function describedBy(name: string, hint?: string, error?: string): SafeHtml {
  const ids = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
}

export function textField(o: FieldOptions): SafeHtml {
  return html`<div class="field${o.error ? ' field--error' : ''}">
  <label for="field-${o.name}">${o.label}${o.optionalLabel ? html` <span class="optional">${o.optionalLabel}</span>` : ''}</label>
  ${o.hint ? html`<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="error-${o.name}">${o.error}</p>` : ''}
  <input id="field-${o.name}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.maxLength ? html` maxlength="${o.maxLength}"` : ''}${o.required ? html` required` : ''}${o.inputMode ? html` inputmode="${o.inputMode}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${describedBy(o.name, o.hint, o.error)}>
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

export function notice(text: string | SafeHtml, kind: 'info' | 'success' | 'warning' = 'info'): SafeHtml {
  return html`<div class="notice notice--${kind}" role="status"><p>${text}</p></div>`;
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
