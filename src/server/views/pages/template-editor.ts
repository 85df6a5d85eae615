import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkbox, copyableText, errorSummary, notice, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { TemplateEditorStart, TemplateOverview } from '../../services/templates.ts';
import { FIELD_ROLES, FIELD_TYPES, LANGS, type Lang, type SheetTemplate } from '../../../domain/sheets/template-schema.ts';
import { checkRows, fieldRows, stepRows, type PostedTemplateForm } from '../../../domain/sheets/template-form.ts';
import type { StatementAnswers } from '../../../domain/sheets/answers.ts';
import { actionButton, defaultSaveButton, moveButtons } from '../builder.ts';
import { RETIRED_KEYS } from '../../../domain/validation/builder-actions.ts';
import { stepFields, stepIntro } from './sheet.ts';
import { formatDateTime } from '../../i18n/dates.ts';

type T = ViewContext['t']['templates'];

// ---------------------------------------------------------------------------------------------
// The list

export function templateListPage(ctx: ViewContext, o: TemplateOverview, extra: { origin: string; saved?: { version: number } }): SafeHtml {
  const t = ctx.t.templates;
  const orgId = o.organisation.id;
  return page(ctx, {
    title: `${t.title}: ${o.organisation.name}`,
    wide: true,
    body: html`<p><a href="/organisation/${orgId}">${t.backToOrganisation(o.organisation.name)}</a></p>
<h1>${t.title}</h1>
${extra.saved ? notice(t.saved(extra.saved.version), 'success') : ''}
<p>${t.lead}</p>
<p>${t.versionsLead}</p>
<h2>${t.ownTitle}</h2>
${
  o.own.length === 0
    ? html`<p>${t.ownNone}</p>`
    : html`<ul class="card-list">${o.own.map(
        (s) => html`<li class="card">
  <h3 class="card__title">${s.title[ctx.locale]}</h3>
  <p class="hint">${t.versionLine(s.version, s.earlierVersions)} · ${t.savedAt} ${formatDateTime(ctx.locale, s.savedAt)}</p>
  <p><a href="/organisation/${orgId}/templates/${s.id}/edit">${t.edit}<span class="visually-hidden"> ${s.title[ctx.locale]}</span></a></p>
  <p>${t.startLinkLabel}</p>
  <p>${copyableText(ctx.t, `${extra.origin}/statements?template=${s.id}`, s.title[ctx.locale])}</p>
</li>`,
      )}</ul>`
}
<h2>${t.newTitle}</h2>
<p>${t.newLead}</p>
<ul>
  ${o.builtins.map((b) => html`<li><a href="/organisation/${orgId}/templates/new?from=${b.id}">${t.startFrom(b.title[ctx.locale])}</a></li>`)}
  <li><a href="/organisation/${orgId}/templates/new">${t.startBlank}</a></li>
</ul>`,
  });
}

// ---------------------------------------------------------------------------------------------
// The editor

interface EditorView {
  start: Pick<TemplateEditorStart, 'organisation' | 'key' | 'basedOn'>;
  form: PostedTemplateForm;
  /** The newest version when the editing began; a save checks it. */
  baseVersion?: number | null | undefined;
  errors?: Errors;
  /** Someone else saved a new version since `baseVersion`: nothing was saved. */
  conflict?: boolean;
  /** The page sent a button it does not have: nothing was changed. */
  unknownAction?: boolean;
}

function value(form: PostedTemplateForm, name: string): string {
  const v = form[name];
  return v === undefined ? '' : typeof v === 'string' ? v : (v[0] ?? '');
}

function isChecked(form: PostedTemplateForm, name: string): boolean {
  const v = value(form, name);
  return v !== '' && v !== 'false' && v !== 'off';
}

function langLabel(t: T, label: string, lang: Lang): string {
  return lang === 'da' ? t.inDanish(label) : t.inEnglish(label);
}

/** A text input or text area in one language, marked with that language for spelling and
 * screen readers. Ids follow the form names, so the error summary can link to them. */
function langInput(o: { form: PostedTemplateForm; errors: Errors; name: string; label: string; lang: Lang; hint?: string; rows?: number }): SafeHtml {
  const id = `field-${o.name}`;
  const error = o.errors[o.name];
  const describedBy = [o.hint ? `hint-${o.name}` : '', error ? `error-${o.name}` : ''].filter(Boolean).join(' ');
  const attrs = html` id="${id}" name="${o.name}" lang="${o.lang}"${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}`;
  return html`<div class="field${error ? ' field--error' : ''}">
  <label for="${id}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="error-${o.name}">${error}</p>` : ''}
  ${o.rows ? html`<textarea${attrs} rows="${o.rows}">${value(o.form, o.name)}</textarea>` : html`<input type="text"${attrs} value="${value(o.form, o.name)}">`}
</div>`;
}

/** The same text in Danish (required) and English (may be skipped). */
function pair(v: EditorView, t: T, name: string, label: string, options: { hint?: string; rows?: number } = {}): SafeHtml {
  return html`${LANGS.map((lang) => langInput({ form: v.form, errors: v.errors ?? {}, name: `${name}.${lang}`, label: langLabel(t, label, lang), lang, ...options }))}`;
}

function select(v: EditorView, name: string, label: string, options: { value: string; label: string }[], hint?: string): SafeHtml {
  const error = v.errors?.[name];
  const current = value(v.form, name);
  const describedBy = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' field--error' : ''}">
  <label for="field-${name}">${label}</label>
  ${hint ? html`<p class="hint" id="hint-${name}">${hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="error-${name}">${error}</p>` : ''}
  <select id="field-${name}" name="${name}"${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
    ${options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}
  </select>
</div>`;
}

function box(v: EditorView, name: string, label: string): SafeHtml {
  const error = v.errors?.[name];
  return html`${error ? html`<p class="error-message" id="error-${name}">${error}</p>` : ''}${checkbox({ name, label, checked: isChecked(v.form, name) })}`;
}

function hidden(v: EditorView, name: string): SafeHtml {
  const k = value(v.form, name);
  return k ? html`<input type="hidden" name="${name}" value="${k}">` : html``;
}

const MORE = ['hint', 'heading'] as const;

function fieldRow(ctx: ViewContext, v: EditorView, s: number, stepNo: number, j: number, at: number, count: number): SafeHtml {
  const t = ctx.t.templates;
  const f = `s${s}.f${j}`;
  const moreNames = [...MORE.flatMap((p) => LANGS.map((l) => `${f}.${p}.${l}`)), `${f}.role`];
  const moreOpen = moreNames.some((n) => value(v.form, n) !== '' || v.errors?.[n]) || isChecked(v.form, `${f}.optional`);
  return html`<fieldset class="stack builder-item">
  <legend>${t.fieldLegend(at + 1, stepNo)}</legend>
  ${hidden(v, `${f}.key`)}
  ${pair(v, t, `${f}.label`, t.fieldLabel)}
  ${select(
    v,
    `${f}.type`,
    t.fieldType,
    FIELD_TYPES.map((type) => ({ value: type, label: t.types[type] })),
  )}
  <details${moreOpen ? html` open` : ''}>
    <summary>${t.moreOptions}</summary>
    ${pair(v, t, `${f}.hint`, t.fieldHint)}
    ${pair(v, t, `${f}.heading`, t.fieldHeading)}
    ${select(v, `${f}.role`, t.fieldRole, [{ value: '', label: t.roles.none }, ...FIELD_ROLES.map((r) => ({ value: r, label: t.roles[r] }))], t.fieldRoleHint)}
    ${box(v, `${f}.optional`, t.fieldOptional)}
  </details>
  ${moveButtons(t, f, at, count, t.fieldHidden(at + 1, stepNo))}
</fieldset>`;
}

function stepRow(ctx: ViewContext, v: EditorView, s: number, at: number, count: number): SafeHtml {
  const t = ctx.t.templates;
  const p = `s${s}`;
  const n = at + 1;
  const title = value(v.form, `${p}.title.${ctx.locale}`) || value(v.form, `${p}.title.da`);
  const fields = fieldRows(v.form, s);
  const noFields = v.errors?.[`${p}.fields`];
  return html`<fieldset class="stack builder-step" id="step-${s}">
  <legend><h3>${title ? t.stepLegend(n, title) : t.stepLegendNoTitle(n)}</h3></legend>
  ${hidden(v, `${p}.key`)}
  ${pair(v, t, `${p}.title`, t.stepTitle)}
  ${pair(v, t, `${p}.prompt`, t.stepPrompt)}
  ${pair(v, t, `${p}.help`, t.stepHelp, { rows: 3 })}
  ${pair(v, t, `${p}.examples`, t.stepExamples, { rows: 4, hint: t.stepExamplesHint })}
  ${box(v, `${p}.required`, t.stepRequired)}
  ${fields.length === 0 ? html`<p id="field-${p}.fields"${noFields ? html` class="error-message"` : ''}>${noFields ?? t.noFields}</p>` : ''}
  ${fields.map((j, k) => fieldRow(ctx, v, s, n, j, k, fields.length))}
  <p>${actionButton(`add:${p}.f`, t.addField, t.stepHidden(n))}</p>
  ${moveButtons(t, p, at, count, t.stepHidden(n))}
</fieldset>`;
}

function formOpen(ctx: ViewContext, v: EditorView): SafeHtml {
  const { organisation, key } = v.start;
  return html`<form method="post" action="/organisation/${organisation.id}/templates" novalidate>
  ${csrfField(ctx)}
  ${key ? html`<input type="hidden" name="key" value="${key}">` : ''}
  ${v.baseVersion ? html`<input type="hidden" name="baseVersion" value="${v.baseVersion}">` : ''}`;
}

export function templateEditorPage(ctx: ViewContext, v: EditorView): SafeHtml {
  const t = ctx.t.templates;
  const errors = v.errors ?? {};
  const { organisation, key, basedOn } = v.start;
  const steps = stepRows(v.form);
  const checks = checkRows(v.form);
  const heading = key ? t.editTitle : t.newTemplateTitle;

  // The error summary lists problems in the order of the page.
  const order: string[] = [];
  const note = (names: string[]) => order.push(...names.filter((n) => errors[n] && !order.includes(n)));
  const both = (name: string) => LANGS.map((l) => `${name}.${l}`);
  note([...both('title'), ...both('intro')]);
  for (const s of steps) {
    const p = `s${s}`;
    note([...['title', 'prompt', 'help', 'examples'].flatMap((x) => both(`${p}.${x}`)), `${p}.required`, `${p}.fields`]);
    for (const j of fieldRows(v.form, s)) note([...['label', 'hint', 'heading'].flatMap((x) => both(`${p}.f${j}.${x}`)), `${p}.f${j}.type`, `${p}.f${j}.role`]);
  }
  note(['steps']);
  for (const k of checks) note(both(`check${k}.text`));
  note([...both('compose.title'), ...both('compose.prompt')]);
  note(Object.keys(errors));

  return page(ctx, {
    title: `${heading}: ${organisation.name}`,
    body: html`<p><a href="/organisation/${organisation.id}/templates">${t.backToList}</a></p>
<h1>${heading}</h1>
${errorSummary(ctx.t, errors, order)}
${v.conflict ? notice(t.conflict, 'warning') : ''}
${v.unknownAction ? notice(t.unknownAction, 'warning') : ''}
${
  basedOn
    ? notice(
        key
          ? t.editingVersion(basedOn.title[ctx.locale], basedOn.version)
          : basedOn.builtin
            ? t.startingFromBuiltin(basedOn.title[ctx.locale])
            : t.startingFromOwn(basedOn.title[ctx.locale]),
      )
    : ''
}
<p>${t.editorLead}</p>
<p>${t.editorLanguages}</p>
${formOpen(ctx, v)}
  ${defaultSaveButton(t.save)}
  ${hidden(v, RETIRED_KEYS)}
  <fieldset class="stack">
    <legend><h2>${t.aboutTitle}</h2></legend>
    ${pair(v, t, 'title', t.templateTitle, { hint: key ? '' : t.templateTitleHint })}
    ${pair(v, t, 'intro', t.templateIntro, { rows: 3 })}
  </fieldset>

  <h2>${t.stepsTitle}</h2>
  <p>${t.stepsLead}</p>
  ${errors.steps ? html`<p class="error-message" id="field-steps">${errors.steps}</p>` : ''}
  ${steps.map((s, i) => stepRow(ctx, v, s, i, steps.length))}
  <p>${actionButton('add:s', t.addStep)}</p>

  <h2>${t.checksTitle}</h2>
  <p>${t.checksLead}</p>
  ${checks.length === 0 ? html`<p>${t.noChecks}</p>` : ''}
  ${checks.map(
    (k, n) => html`<fieldset class="stack builder-item">
  <legend>${t.checkLegend(n + 1)}</legend>
  ${hidden(v, `check${k}.key`)}
  ${pair(v, t, `check${k}.text`, t.checkText)}
  ${moveButtons(t, `check${k}`, n, checks.length, t.checkHidden(n + 1))}
</fieldset>`,
  )}
  <p>${actionButton('add:check', t.addCheck)}</p>

  <fieldset class="stack">
    <legend><h2>${t.composeTitle}</h2></legend>
    <p class="hint">${t.composeLead}</p>
    ${pair(v, t, 'compose.title', t.composeHeading)}
    ${pair(v, t, 'compose.prompt', t.composePrompt, { rows: 3 })}
  </fieldset>
  <p>${key ? t.saveNoteEdit : t.saveNoteNew}</p>
  <div class="button-row">
    <button type="submit" class="button" name="action" value="save">${t.save}</button>
    <button type="submit" class="button button--secondary" name="action" value="preview">${t.preview}</button>
    <a href="/organisation/${organisation.id}/templates">${ctx.t.form.cancel}</a>
  </div>
</form>`,
  });
}

/** The draft's inputs as hidden fields, so the preview can go back to the builder or save. */
function draftFields(form: PostedTemplateForm): SafeHtml {
  return html`${Object.keys(form)
    .filter((name) => name !== 'action' && name !== '_csrf' && name !== 'key' && name !== 'baseVersion')
    .map((name) => html`<input type="hidden" name="${name}" value="${value(form, name)}">`)}`;
}

const NO_ANSWERS: StatementAnswers = { fields: {}, summary: '', selfCheck: {} };

/**
 * The sheet as the citizen will see it, page by page, drawn by the sheet pages' own views, with
 * the draft carried in hidden fields to go back to the builder or save.
 */
export function templatePreviewPage(ctx: ViewContext, v: EditorView, template: SheetTemplate): SafeHtml {
  const t = ctx.t.templates;
  const lang = ctx.locale;
  const title = t.previewTitle(template.title[lang]);
  return page(ctx, {
    title,
    body: html`${formOpen(ctx, v)}
  ${draftFields(v.form)}
  <button type="submit" class="link-button" name="action" value="edit">${t.backToEditing}</button>
</form>
<h1>${title}</h1>
${notice(t.previewLead)}
<p>${template.intro[lang]}</p>
<fieldset disabled class="builder-preview__form">
  <legend class="visually-hidden">${template.title[lang]}</legend>
  ${template.steps.map(
    (step, i) => html`<section class="builder-preview" aria-labelledby="preview-step-${i}">
  <p class="hint" id="preview-step-${i}">${t.previewStep(i + 1, template.steps.length)}</p>
  ${stepIntro(ctx, step, 'h2')}
  ${stepFields(ctx, step, NO_ANSWERS)}
</section>`,
  )}
  ${
    template.selfCheck.length
      ? html`<section class="builder-preview">
  <h2>${t.checksTitle}</h2>
  ${template.selfCheck.map((c) => checkbox({ name: `preview-check-${c.key}`, label: c.text[lang] }))}
</section>`
      : ''
  }
  <section class="builder-preview">
    <h2>${template.composition.title[lang]}</h2>
    <p class="lead">${template.composition.prompt[lang]}</p>
  </section>
</fieldset>
${formOpen(ctx, v)}
  ${draftFields(v.form)}
  <div class="button-row">
    <button type="submit" class="button" name="action" value="save">${t.save}</button>
    <button type="submit" class="button button--secondary" name="action" value="edit">${t.backToEditing}</button>
  </div>
</form>`,
  });
}
