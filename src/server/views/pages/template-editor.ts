import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkbox, errorSummary, notice, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { TemplateEditorStart, TemplateOverview } from '../../services/templates.ts';
import { FIELD_ROLES, FIELD_TYPES, LANGS, type Lang } from '../../../domain/sheets/template-schema.ts';
import { editorLayout, type PostedTemplateForm } from '../../../domain/sheets/template-form.ts';
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
  <p><code class="secret">${extra.origin}/statements?template=${s.id}</code></p>
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
  errors?: Errors;
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

/** The same text in Danish and English. */
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

function fieldRow(ctx: ViewContext, v: EditorView, s: number, j: number, legend: string, kind: 'existing' | 'blank'): SafeHtml {
  const t = ctx.t.templates;
  const f = `s${s}.f${j}`;
  const moreNames = [...MORE.flatMap((p) => LANGS.map((l) => `${f}.${p}.${l}`)), `${f}.role`];
  const moreOpen = moreNames.some((n) => value(v.form, n) !== '' || v.errors?.[n]) || isChecked(v.form, `${f}.optional`);
  return html`<fieldset class="stack">
  <legend>${legend}</legend>
  ${kind === 'blank' ? html`<p class="hint">${t.blankFieldHint}</p>` : ''}
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
  ${kind === 'existing' ? box(v, `${f}.remove`, t.removeField) : ''}
</fieldset>`;
}

function stepTexts(ctx: ViewContext, v: EditorView, s: number): SafeHtml {
  const t = ctx.t.templates;
  const p = `s${s}`;
  return html`${hidden(v, `${p}.key`)}
  ${pair(v, t, `${p}.title`, t.stepTitle)}
  ${pair(v, t, `${p}.prompt`, t.stepPrompt)}
  ${pair(v, t, `${p}.help`, t.stepHelp, { rows: 3 })}
  ${pair(v, t, `${p}.examples`, t.stepExamples, { rows: 4, hint: t.stepExamplesHint })}
  ${box(v, `${p}.required`, t.stepRequired)}`;
}

export function templateEditorPage(ctx: ViewContext, v: EditorView): SafeHtml {
  const t = ctx.t.templates;
  const errors = v.errors ?? {};
  const { organisation, key, basedOn } = v.start;
  const layout = editorLayout(v.form);
  const heading = key ? t.editTitle : t.newTemplateTitle;

  // The error summary lists problems in the order of the page.
  const order: string[] = [];
  const note = (names: string[]) => order.push(...names.filter((n) => errors[n] && !order.includes(n)));
  const both = (name: string) => LANGS.map((l) => `${name}.${l}`);
  note([...both('title'), ...both('intro')]);
  for (const step of [...layout.steps, { row: layout.blankStep, fields: [], blankField: 0 }]) {
    const p = `s${step.row}`;
    note([...['title', 'prompt', 'help', 'examples'].flatMap((x) => both(`${p}.${x}`)), `${p}.required`]);
    for (const j of [...step.fields, step.blankField])
      note([...['label', 'hint', 'heading'].flatMap((x) => both(`${p}.f${j}.${x}`)), `${p}.f${j}.type`, `${p}.f${j}.role`]);
  }
  note(['steps']);
  for (const k of [...layout.checks, ...layout.blankChecks]) note(both(`check${k}.text`));
  note([...both('compose.title'), ...both('compose.prompt')]);
  note(Object.keys(errors));

  const stepLegend = (n: number, s: number) => {
    const title = value(v.form, `s${s}.title.${ctx.locale}`) || value(v.form, `s${s}.title.da`);
    return title ? t.stepLegend(n, title) : t.stepLegendNoTitle(n);
  };

  return page(ctx, {
    title: `${heading}: ${organisation.name}`,
    body: html`<p><a href="/organisation/${organisation.id}/templates">${t.backToList}</a></p>
<h1>${heading}</h1>
${errorSummary(ctx.t, errors, order)}
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
<form method="post" action="/organisation/${organisation.id}/templates" novalidate>
  ${csrfField(ctx)}
  ${key ? html`<input type="hidden" name="key" value="${key}">` : ''}
  <fieldset class="stack">
    <legend><h2>${t.aboutTitle}</h2></legend>
    ${pair(v, t, 'title', t.templateTitle, { hint: key ? '' : t.templateTitleHint })}
    ${pair(v, t, 'intro', t.templateIntro, { rows: 3 })}
  </fieldset>

  <h2>${t.stepsTitle}</h2>
  <p>${t.stepsLead}</p>
  ${layout.steps.map(
    (step, i) => html`<fieldset class="stack">
  <legend><h3>${stepLegend(i + 1, step.row)}</h3></legend>
  ${stepTexts(ctx, v, step.row)}
  ${step.fields.map((j, n) => fieldRow(ctx, v, step.row, j, t.fieldLegend(n + 1, i + 1), 'existing'))}
  ${fieldRow(ctx, v, step.row, step.blankField, t.blankFieldLegend(i + 1), 'blank')}
  ${box(v, `s${step.row}.remove`, t.removeStep(i + 1))}
</fieldset>`,
  )}
  <fieldset class="stack" id="field-steps">
    <legend><h3>${t.blankStepLegend}</h3></legend>
    ${errors.steps ? html`<p class="error-message">${errors.steps}</p>` : ''}
    <p class="hint">${t.blankStepHint}</p>
    ${stepTexts(ctx, v, layout.blankStep)}
    ${fieldRow(ctx, v, layout.blankStep, 0, t.fieldLegend(1, layout.steps.length + 1), 'blank')}
  </fieldset>

  <h2>${t.checksTitle}</h2>
  <p>${t.checksLead}</p>
  ${layout.checks.map(
    (k, n) => html`<fieldset class="stack">
  <legend>${t.checkLegend(n + 1)}</legend>
  ${hidden(v, `check${k}.key`)}
  ${pair(v, t, `check${k}.text`, t.checkText)}
  ${box(v, `check${k}.remove`, t.removeCheck)}
</fieldset>`,
  )}
  ${layout.blankChecks.map(
    (k, n) => html`<fieldset class="stack">
  <legend>${t.blankCheckLegend(n + 1)}</legend>
  ${pair(v, t, `check${k}.text`, t.checkText)}
</fieldset>`,
  )}

  <fieldset class="stack">
    <legend><h2>${t.composeTitle}</h2></legend>
    <p class="hint">${t.composeLead}</p>
    ${pair(v, t, 'compose.title', t.composeHeading)}
    ${pair(v, t, 'compose.prompt', t.composePrompt, { rows: 3 })}
  </fieldset>
  <p>${key ? t.saveNoteEdit : t.saveNoteNew}</p>
  <div class="button-row">
    <button type="submit" class="button">${t.save}</button>
    <a href="/organisation/${organisation.id}/templates">${ctx.t.form.cancel}</a>
  </div>
</form>`,
  });
}
