import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkbox, errorSummary, notice, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import { AUDIENCES, DEFAULT_FREE_TEXT_MAX, ITEM_TYPES } from '../../../domain/evaluation/questionnaire.ts';
import { formatShowIf, type ShowIf } from '../../../domain/evaluation/questionnaire-conditions.ts';
import {
  itemKeysInForm,
  questionnaireEditorLayout,
  ROW_INPUTS,
  type FormErrors,
  type PostedQuestionnaireForm,
} from '../../../domain/evaluation/questionnaire-form.ts';
import type { Messages } from '../../i18n/messages.ts';
import { questionnaireProblemText } from '../questionnaire-problems.ts';

type Lang = 'da' | 'en';
const LANGS: Lang[] = ['da', 'en'];

export interface QuestionnaireEditorView {
  orgId: string;
  /** The questionnaire being changed; absent for a new one. */
  editing?: { id: string; key: string; version: number; hasAnswers: boolean; title: string };
  /** What a new questionnaire starts from. */
  startedFrom?: { title: string; builtin: boolean };
  /** Just saved as this version. */
  saved?: number;
  /** Sent back without a change: nothing was saved. */
  unchanged?: boolean;
  form: PostedQuestionnaireForm;
  /** Problems by input name, as the domain found them. */
  problems?: FormErrors;
}

/** The view model with its problems worded, each input's in one text. */
interface Shown extends QuestionnaireEditorView {
  errors: Errors;
}

function errorTexts(t: Messages, problems: FormErrors = {}): Errors {
  const out: Errors = {};
  for (const [name, list] of Object.entries(problems)) out[name] = list.map((p) => questionnaireProblemText(t, p)).join(' ');
  return out;
}

function value(form: PostedQuestionnaireForm, name: string): string {
  const v = form[name];
  return v === undefined ? '' : typeof v === 'string' ? v : (v[v.length - 1] ?? '');
}

function isChecked(form: PostedQuestionnaireForm, name: string): boolean {
  const v = value(form, name);
  return v !== '' && v !== 'false' && v !== 'off';
}

function describedBy(name: string, hint: boolean, error: boolean): SafeHtml {
  const ids = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
}

/** One text input or text area. Ids follow the form names, so the error summary links to them. */
function input(v: Shown, o: { name: string; label: string; hint?: string; rows?: number; lang?: Lang; inputMode?: 'decimal' | 'numeric' }): SafeHtml {
  const error = v.errors?.[o.name];
  const attrs = html` id="field-${o.name}" name="${o.name}"${o.lang ? html` lang="${o.lang}"` : ''}${error ? html` aria-invalid="true"` : ''}${describedBy(o.name, !!o.hint, !!error)}`;
  return html`<div class="field${error ? ' field--error' : ''}">
  <label for="field-${o.name}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="error-${o.name}">${error}</p>` : ''}
  ${
    o.rows
      ? html`<textarea${attrs} rows="${o.rows}">${value(v.form, o.name)}</textarea>`
      : html`<input type="text"${attrs}${o.inputMode ? html` inputmode="${o.inputMode}"` : ''} value="${value(v.form, o.name)}">`
  }
</div>`;
}

function pair(ctx: ViewContext, v: Shown, name: string, label: string, options: { hint?: string; rows?: number } = {}): SafeHtml {
  const t = ctx.t.questionnaireEditor;
  return html`${LANGS.map((lang) => input(v, { name: `${name}.${lang}`, label: lang === 'da' ? t.inDanish(label) : t.inEnglish(label), lang, ...options }))}`;
}

function select(v: Shown, name: string, label: string, options: { value: string; label: string }[], hint?: string): SafeHtml {
  const error = v.errors?.[name];
  const current = value(v.form, name);
  // A value typed or sent that is not among the choices stays selected, so nothing is lost.
  const all = current && !options.some((o) => o.value === current) ? [...options, { value: current, label: current }] : options;
  return html`<div class="field${error ? ' field--error' : ''}">
  <label for="field-${name}">${label}</label>
  ${hint ? html`<p class="hint" id="hint-${name}">${hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="error-${name}">${error}</p>` : ''}
  <select id="field-${name}" name="${name}"${error ? html` aria-invalid="true"` : ''}${describedBy(name, !!hint, !!error)}>
    ${all.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}
  </select>
</div>`;
}

function box(v: Shown, name: string, label: string): SafeHtml {
  const error = v.errors?.[name];
  return html`${error ? html`<p class="error-message" id="error-${name}">${error}</p>` : ''}${checkbox({ name, label, checked: isChecked(v.form, name) })}`;
}

function keptRule(raw: string): string {
  try {
    return formatShowIf(JSON.parse(raw) as ShowIf);
  } catch {
    return raw;
  }
}

function itemRow(ctx: ViewContext, v: Shown, row: number, n: number, keys: string[], kind: 'existing' | 'blank'): SafeHtml {
  const t = ctx.t.questionnaireEditor;
  const p = `i${row}`;
  const type = value(v.form, `${p}.type`) || 'singleChoice';
  const key = value(v.form, `${p}.key`);
  const has = (names: string[]) => names.some((x) => value(v.form, `${p}.${x}`) !== '' || v.errors?.[`${p}.${x}`]);
  const choiceOpen = type === 'singleChoice' || type === 'multipleChoice' || has(['options']);
  const numberOpen = type === 'number' || type === 'slider' || has(['min', 'max', 'step', 'minLabel.da', 'minLabel.en', 'maxLabel.da', 'maxLabel.en']);
  const textOpen = type === 'freeText' || has(['maxLength']);
  const ruleOpen = has(['showIf.item', 'showIf.value', 'showIf.rule']);
  const kept = value(v.form, `${p}.showIf.rule`);
  const legend = kind === 'blank' ? t.blankLegend : key ? t.itemLegend(n, key) : t.itemLegendNoKey(n);
  return html`<fieldset class="stack">
  <legend><h3>${legend}</h3></legend>
  ${kind === 'blank' ? html`<p class="hint">${t.blankHint}</p>` : ''}
  ${input(v, { name: `${p}.position`, label: t.position, hint: kind === 'existing' ? t.positionHint : undefined, inputMode: 'numeric' })}
  ${select(
    v,
    `${p}.type`,
    t.type,
    ITEM_TYPES.map((x) => ({ value: x, label: t.types[x] })),
  )}
  ${input(v, { name: `${p}.key`, label: t.itemKey, hint: t.itemKeyHint })}
  ${pair(ctx, v, `${p}.text`, t.itemText, { rows: 2 })}
  ${box(v, `${p}.required`, t.required)}
  <details${choiceOpen ? html` open` : ''}>
    <summary>${t.choiceGroup}</summary>
    ${input(v, { name: `${p}.options`, label: t.options, hint: t.optionsHint, rows: 5 })}
  </details>
  <details${numberOpen ? html` open` : ''}>
    <summary>${t.numberGroup}</summary>
    ${input(v, { name: `${p}.min`, label: t.min, inputMode: 'decimal' })}
    ${input(v, { name: `${p}.max`, label: t.max, inputMode: 'decimal' })}
    ${box(v, `${p}.decimals`, t.decimals)}
    ${input(v, { name: `${p}.step`, label: t.step, hint: t.stepHint, inputMode: 'decimal' })}
    ${pair(ctx, v, `${p}.minLabel`, t.minLabel)}
    ${pair(ctx, v, `${p}.maxLabel`, t.maxLabel)}
  </details>
  <details${textOpen ? html` open` : ''}>
    <summary>${t.freeTextGroup}</summary>
    ${input(v, { name: `${p}.maxLength`, label: t.maxLength, hint: t.maxLengthHint(DEFAULT_FREE_TEXT_MAX), inputMode: 'numeric' })}
  </details>
  <details${ruleOpen ? html` open` : ''}>
    <summary>${t.showIfGroup}</summary>
    <p class="hint">${t.showIfLead}</p>
    ${select(v, `${p}.showIf.item`, t.showIfItem, [{ value: '', label: t.showIfAlways }, ...keys.filter((k) => k !== key).map((k) => ({ value: k, label: k }))])}
    ${input(v, { name: `${p}.showIf.value`, label: t.showIfValue, hint: t.showIfValueHint })}
    ${kept ? html`<p class="hint">${t.showIfKept(keptRule(kept))}</p><input type="hidden" name="${p}.showIf.rule" value="${kept}">` : ''}
  </details>
  ${kind === 'existing' ? box(v, `${p}.remove`, t.remove) : ''}
</fieldset>`;
}

// The order of the page, for the error summary (position and type come first in a row; the
// two checkboxes never carry a problem of their own).
const ITEM_INPUTS = ['position', 'type', ...ROW_INPUTS, 'required', 'decimals'];

export function questionnaireEditorPage(ctx: ViewContext, view: QuestionnaireEditorView): SafeHtml {
  const t = ctx.t.questionnaireEditor;
  const errors = errorTexts(ctx.t, view.problems);
  const v: Shown = { ...view, errors };
  const layout = questionnaireEditorLayout(v.form);
  const keys = itemKeysInForm(v.form);
  const heading = v.editing ? t.editTitle : t.newTitle;
  const e = v.editing;

  // The error summary lists problems in the order of the page.
  const order: string[] = [];
  const note = (names: string[]) => order.push(...names.filter((n) => errors[n] && !order.includes(n)));
  note(['key', 'title.da', 'title.en', 'intro.da', 'intro.en', 'audience', 'licenceNote', 'items']);
  for (const row of [...layout.items, layout.blank]) note(ITEM_INPUTS.map((x) => `i${row}.${x}`));
  note(Object.keys(errors));

  return page(ctx, {
    title: e ? `${heading}: ${e.title}` : heading,
    body: html`<p><a href="/organisation/${v.orgId}/evaluation">${t.backToEvaluation}</a></p>
<h1>${heading}</h1>
${errorSummary(ctx.t, errors, order)}
${v.saved ? notice(t.saved(v.saved), 'success') : ''}
${v.unchanged ? notice(t.unchanged) : ''}
${e ? notice(e.hasAnswers ? t.versionLocked(e.version) : t.versionOpen(e.version), e.hasAnswers ? 'warning' : 'info') : ''}
${v.startedFrom ? notice(v.startedFrom.builtin ? t.startingFromBuiltin(v.startedFrom.title) : t.startingFromOwn(v.startedFrom.title)) : ''}
<p>${t.lead}</p>
<form method="post" action="/organisation/${v.orgId}/questionnaires" novalidate>
  ${csrfField(ctx)}
  ${e ? html`<input type="hidden" name="editing" value="${e.id}">` : ''}
  <fieldset class="stack">
    <legend><h2>${t.aboutTitle}</h2></legend>
    ${e ? '' : input(v, { name: 'key', label: t.key, hint: t.keyHint })}
    ${pair(ctx, v, 'title', t.title)}
    ${pair(ctx, v, 'intro', t.intro, { rows: 3 })}
    ${select(
      v,
      'audience',
      t.audience,
      AUDIENCES.map((a) => ({ value: a, label: ctx.t.evaluation.audiences[a] ?? a })),
    )}
    ${input(v, { name: 'licenceNote', label: t.licenceNote, hint: t.licenceNoteHint })}
  </fieldset>
  <h2>${t.itemsTitle}</h2>
  <p>${t.itemsLead}</p>
  ${errors.items ? html`<p class="error-message" id="field-items">${errors.items}</p>` : ''}
  ${layout.items.map((row, i) => itemRow(ctx, v, row, i + 1, keys, 'existing'))}
  ${itemRow(ctx, v, layout.blank, layout.items.length + 1, keys, 'blank')}
  <p>${e ? (e.hasAnswers ? t.saveNoteLocked(e.version) : t.saveNoteOpen(e.version)) : t.saveNoteNew}</p>
  <div class="button-row">
    <button type="submit" class="button">${t.save}</button>
    <a href="/organisation/${v.orgId}/evaluation">${ctx.t.form.cancel}</a>
  </div>
</form>`,
  });
}
