import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkbox, errorSummary, notice, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import { AUDIENCES, DEFAULT_FREE_TEXT_MAX, ITEM_TYPES, type Questionnaire } from '../../../domain/evaluation/questionnaire.ts';
import { surveyItemInput } from './evaluation.ts';
import { formatShowIf, type ShowIf } from '../../../domain/evaluation/questionnaire-conditions.ts';
import { itemRows, optionRows, type FormErrors, type PostedQuestionnaireForm } from '../../../domain/evaluation/questionnaire-form.ts';
import type { Messages } from '../../i18n/messages.ts';
import { questionNames, questionnaireProblemText, type QuestionName } from '../questionnaire-problems.ts';
import { actionButton, defaultSaveButton, moveButtons } from '../builder.ts';
import { RETIRED_KEYS } from '../../../domain/validation/builder-actions.ts';

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
  /** What the stored questionnaire looked like when the editing began; a save checks it. */
  base?: string;
  /** Someone else saved the questionnaire since `base`: nothing was saved. */
  conflict?: boolean;
  /** The page sent a button it does not have: nothing was changed. */
  unknownAction?: boolean;
  /** Problems by input name, as the domain found them. */
  problems?: FormErrors;
}

/** The view model with its problems worded, each input's in one text. */
interface Shown extends QuestionnaireEditorView {
  errors: Errors;
}

function errorTexts(t: Messages, problems: FormErrors, name: QuestionName): Errors {
  const out: Errors = {};
  for (const [input, list] of Object.entries(problems)) out[input] = list.map((p) => questionnaireProblemText(t, p, name)).join(' ');
  return out;
}

/** The questions on the page in their order, by key and the text a person knows them by. */
function questionsInForm(form: PostedQuestionnaireForm, lang: Lang): { key: string; text: string }[] {
  return itemRows(form).map((row) => ({ key: value(form, `i${row}.key`), text: value(form, `i${row}.text.${lang}`) || value(form, `i${row}.text.da`) }));
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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

function optionRowHtml(ctx: ViewContext, v: Shown, row: number, n: number, o: number, k: number, count: number, scored: boolean): SafeHtml {
  const t = ctx.t.questionnaireEditor;
  const p = `i${row}.o${o}`;
  return html`<fieldset class="builder-option">
  <legend>${t.optionLegend(k + 1)}</legend>
  <div class="builder-option__fields">
    ${input(v, { name: `${p}.label.da`, label: t.inDanish(t.optionLabel), lang: 'da' })}
    ${input(v, { name: `${p}.label.en`, label: t.inEnglish(t.optionLabel), lang: 'en' })}
    ${input(v, { name: `${p}.value`, label: t.optionValue, hint: t.optionValueHint })}
    ${scored || value(v.form, `${p}.score`) !== '' ? input(v, { name: `${p}.score`, label: t.optionScore, hint: t.optionScoreHint, inputMode: 'decimal' }) : ''}
  </div>
  ${moveButtons(t, p, k, count, t.optionHidden(k + 1, n))}
</fieldset>`;
}

function itemRow(ctx: ViewContext, v: Shown, row: number, at: number, count: number, name: QuestionName): SafeHtml {
  const t = ctx.t.questionnaireEditor;
  const p = `i${row}`;
  const n = at + 1;
  const type = value(v.form, `${p}.type`) || 'singleChoice';
  const key = value(v.form, `${p}.key`);
  const has = (names: string[]) => names.some((x) => value(v.form, `${p}.${x}`) !== '' || v.errors?.[`${p}.${x}`]);
  const options = optionRows(v.form, row);
  const choiceOpen = type === 'singleChoice' || type === 'multipleChoice' || !!v.errors?.[`${p}.options`];
  const numberOpen = type === 'number' || type === 'slider' || has(['min', 'max', 'step', 'minLabel.da', 'minLabel.en', 'maxLabel.da', 'maxLabel.en']);
  const textOpen = type === 'freeText' || has(['maxLength']);
  const ruleOpen = has(['showIf.item', 'showIf.value', 'showIf.rule']);
  const kept = value(v.form, `${p}.showIf.rule`);
  const optionsError = v.errors?.[`${p}.options`];
  return html`<fieldset class="stack builder-item" id="item-${row}">
  <legend><h3>${t.itemLegend(n)}</h3></legend>
  ${select(
    v,
    `${p}.type`,
    t.type,
    ITEM_TYPES.map((x) => ({ value: x, label: t.types[x] })),
  )}
  ${pair(ctx, v, `${p}.text`, t.itemText, { rows: 2 })}
  ${box(v, `${p}.required`, t.required)}
  ${
    choiceOpen
      ? html`<fieldset class="builder-options" id="field-${p}.options"${optionsError ? html` aria-describedby="error-${p}.options"` : ''}>
    <legend>${t.optionsLegend}</legend>
    <p class="hint">${t.optionsLead}</p>
    ${optionsError ? html`<p class="error-message" id="error-${p}.options">${optionsError}</p>` : ''}
    ${options.length === 0 ? html`<p>${t.noOptions}</p>` : ''}
    ${options.map((o, k) => optionRowHtml(ctx, v, row, n, o, k, options.length, type === 'singleChoice'))}
    ${actionButton(`add:${p}.o`, t.addOption, t.itemHidden(n))}
  </fieldset>`
      : options.map((o) => html`${hiddenRow(v.form, `${p}.o${o}.`)}`)
  }
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
    ${select(v, `${p}.showIf.item`, t.showIfItem, [
      { value: '', label: t.showIfAlways },
      ...questionsInForm(v.form, ctx.locale)
        .filter((q) => q.key && q.key !== key)
        .map((q) => ({ value: q.key, label: cap(name(q.key)) })),
    ])}
    ${input(v, { name: `${p}.showIf.value`, label: t.showIfValue, hint: t.showIfValueHint })}
    ${kept ? html`<p class="hint">${t.showIfKept(keptRule(kept))}</p><input type="hidden" name="${p}.showIf.rule" value="${kept}">` : ''}
  </details>
  <details${v.errors?.[`${p}.key`] ? html` open` : ''}>
    <summary>${t.itemKey}</summary>
    ${input(v, { name: `${p}.key`, label: t.itemKey, hint: t.itemKeyHint })}
  </details>
  ${moveButtons(t, p, at, count, t.itemHidden(n))}
</fieldset>`;
}

/** Inputs of a part the page does not show (options of a question of another type), kept as they were. */
function hiddenRow(form: PostedQuestionnaireForm, prefix: string): SafeHtml {
  return html`${Object.keys(form)
    .filter((name) => name.startsWith(prefix))
    .map((name) => html`<input type="hidden" name="${name}" value="${value(form, name)}">`)}`;
}

// The order of the page, for the error summary.
const ITEM_INPUTS = ['type', 'text.da', 'text.en', 'required', 'options'];
const ITEM_INPUTS_AFTER = ['min', 'max', 'step', 'minLabel.da', 'minLabel.en', 'maxLabel.da', 'maxLabel.en', 'maxLength', 'showIf.item', 'showIf.value', 'key'];

/** The draft's inputs as hidden fields, so the preview can go back to the builder or save. */
function draftFields(form: PostedQuestionnaireForm): SafeHtml {
  return html`${Object.keys(form)
    .filter((name) => name !== 'action' && name !== '_csrf' && name !== 'editing' && name !== 'base')
    .map((name) => html`<input type="hidden" name="${name}" value="${value(form, name)}">`)}`;
}

function formOpen(ctx: ViewContext, v: QuestionnaireEditorView): SafeHtml {
  return html`<form method="post" action="/organisation/${v.orgId}/questionnaires" novalidate>
  ${csrfField(ctx)}
  ${v.editing ? html`<input type="hidden" name="editing" value="${v.editing.id}">` : ''}
  ${v.base ? html`<input type="hidden" name="base" value="${v.base}">` : ''}`;
}

function retired(form: PostedQuestionnaireForm): SafeHtml {
  const keys = value(form, RETIRED_KEYS);
  return keys ? html`<input type="hidden" name="${RETIRED_KEYS}" value="${keys}">` : html``;
}

export function questionnaireEditorPage(ctx: ViewContext, view: QuestionnaireEditorView): SafeHtml {
  const t = ctx.t.questionnaireEditor;
  const name = questionNames(ctx.t.questionnaireProblems, questionsInForm(view.form, ctx.locale));
  const errors = errorTexts(ctx.t, view.problems ?? {}, name);
  const v: Shown = { ...view, errors };
  const rows = itemRows(v.form);
  const heading = v.editing ? t.editTitle : t.newTitle;
  const e = v.editing;

  // The error summary lists problems in the order of the page.
  const order: string[] = [];
  const note = (names: string[]) => order.push(...names.filter((n) => errors[n] && !order.includes(n)));
  note(['title.da', 'title.en', 'intro.da', 'intro.en', 'audience', 'licenceNote', 'items']);
  for (const row of rows) {
    note(ITEM_INPUTS.map((x) => `i${row}.${x}`));
    for (const o of optionRows(v.form, row)) note(['label.da', 'label.en', 'value', 'score'].map((x) => `i${row}.o${o}.${x}`));
    note(ITEM_INPUTS_AFTER.map((x) => `i${row}.${x}`));
  }
  note(Object.keys(errors));

  return page(ctx, {
    title: e ? `${heading}: ${e.title}` : heading,
    body: html`<p><a href="/organisation/${v.orgId}/evaluation">${t.backToEvaluation}</a></p>
<h1>${heading}</h1>
${errorSummary(ctx.t, errors, order)}
${v.conflict ? notice(t.conflict, 'warning') : ''}
${v.unknownAction ? notice(t.unknownAction, 'warning') : ''}
${v.saved ? notice(t.saved(v.saved), 'success') : ''}
${v.unchanged ? notice(t.unchanged) : ''}
${e ? notice(e.hasAnswers ? t.versionLocked(e.version) : t.versionOpen(e.version), e.hasAnswers ? 'warning' : 'info') : ''}
${v.startedFrom ? notice(v.startedFrom.builtin ? t.startingFromBuiltin(v.startedFrom.title) : t.startingFromOwn(v.startedFrom.title)) : ''}
<p>${t.lead}</p>
${formOpen(ctx, v)}
  ${defaultSaveButton(t.save)}
  ${retired(v.form)}
  <fieldset class="stack">
    <legend><h2>${t.aboutTitle}</h2></legend>
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
  ${rows.map((row, i) => itemRow(ctx, v, row, i, rows.length, name))}
  <p>${actionButton('add:i', t.addItem)}</p>
  <p>${e ? (e.hasAnswers ? t.saveNoteLocked(e.version) : t.saveNoteOpen(e.version)) : t.saveNoteNew}</p>
  <div class="button-row">
    <button type="submit" class="button" name="action" value="save">${t.save}</button>
    <button type="submit" class="button button--secondary" name="action" value="preview">${t.preview}</button>
    <a href="/organisation/${v.orgId}/evaluation">${ctx.t.form.cancel}</a>
  </div>
</form>`,
  });
}

/**
 * The questionnaire as those who answer will see it, drawn by the survey page's own item view,
 * with the draft carried in hidden fields to go back to the builder or save.
 */
export function questionnairePreviewPage(ctx: ViewContext, view: QuestionnaireEditorView, questionnaire: Questionnaire): SafeHtml {
  const t = ctx.t.questionnaireEditor;
  const title = questionnaire.title[ctx.locale];
  return page(ctx, {
    title: t.previewTitle(title),
    body: html`${formOpen(ctx, view)}
  ${draftFields(view.form)}
  <button type="submit" class="link-button" name="action" value="edit">${t.backToEditing}</button>
</form>
<h1>${t.previewTitle(title)}</h1>
${notice(t.previewLead)}
<section class="builder-preview" aria-label="${t.previewTitle(title)}">
  <h2>${title}</h2>
  <p>${questionnaire.intro[ctx.locale]}</p>
  <fieldset disabled class="builder-preview__form">
    <legend class="visually-hidden">${title}</legend>
    ${questionnaire.items.map((item) => surveyItemInput(ctx, item, {}, new Map()))}
  </fieldset>
</section>
${formOpen(ctx, view)}
  ${draftFields(view.form)}
  <div class="button-row">
    <button type="submit" class="button" name="action" value="save">${t.save}</button>
    <button type="submit" class="button button--secondary" name="action" value="edit">${t.backToEditing}</button>
  </div>
</form>`,
  });
}
