import type { LocalizedText, SheetTemplate, TemplateError } from './template-schema.ts';
import { LANGS, validateTemplate } from './template-schema.ts';
import { cleanText } from './text.ts';
import { applyRowAction, retiredKeys, rowsOf, type RowAction } from '../validation/builder-actions.ts';

/**
 * The template editor works on a flat form, so it needs no JavaScript: one input per text and
 * language, numbered rows for steps, fields and self-check items, in page order. Adding, moving
 * and removing them are buttons on the form (see validation/builder-actions.ts).
 *
 *   title.da, intro.en
 *   s0.key (hidden), s0.title.da, s0.prompt.en, s0.help.da, s0.examples.da (one per line),
 *   s0.required
 *   s0.f0.key (hidden), s0.f0.label.da, s0.f0.hint.en, s0.f0.heading.da, s0.f0.type,
 *   s0.f0.role, s0.f0.optional
 *   check0.key (hidden), check0.text.da
 *   compose.title.da, compose.prompt.en
 *
 * Keys of existing steps, fields and self-check items travel in hidden inputs, so that answers
 * written with an earlier version still map to the same parts. New rows get generated keys
 * (step-3, part3, check-2). A row left empty is not used.
 *
 * Danish is required, English is not: an English text (or list of examples) left empty is
 * stored as the Danish one, so English pages show the Danish text, and the form shows it empty
 * again.
 *
 * What the editor cannot express, and so does not keep when a template goes through it:
 * - the composition frame: it is generated, one clause per field in page order. A label that
 *   ends in "…" ("Så jeg kan …") starts its clause, so the draft reads "Så jeg kan {soThat}.";
 *   other fields give "{key}.". The built-in templates' hand-written frames are replaced.
 * - the closing sentence of the draft (the built-in templates' invitation to work together);
 * - minSentences, maxSentences and maxLength of the composition (the defaults 2, 8 and 600
 *   are used), a field's own maxLength and maxItems (the defaults of its type are used), and
 *   licenceNote. The built-in templates use the defaults and have no licence note.
 */

export type TemplateFormValues = Record<string, string>;
export type PostedTemplateForm = Record<string, string | string[] | undefined>;

const STEP_TEXTS = ['title', 'prompt', 'help', 'examples'] as const;
const FIELD_TEXTS = ['label', 'hint', 'heading'] as const;

function one(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (value[0] ?? '');
}

function text(form: PostedTemplateForm, name: string): string {
  return cleanText(one(form[name]));
}

function checked(form: PostedTemplateForm, name: string): boolean {
  const v = form[name];
  if (v === undefined) return false;
  const values = typeof v === 'string' ? [v] : v;
  // A hidden "false" before a checkbox is a common pattern; the last value wins.
  const last = values[values.length - 1];
  return last !== undefined && last !== '' && last !== 'false' && last !== 'off';
}

/** English falls back to the Danish text; see the top of the file. */
function localized(form: PostedTemplateForm, name: string): LocalizedText {
  const da = text(form, `${name}.da`);
  return { da, en: text(form, `${name}.en`) || da };
}

function lines(value: string): string[] {
  return value
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

// ---------------------------------------------------------------------------------------------
// Template → form

export function templateToForm(t: SheetTemplate): TemplateFormValues {
  const form: TemplateFormValues = {};
  const put = (name: string, value: LocalizedText | undefined) => {
    if (!value) return;
    form[`${name}.da`] = value.da;
    form[`${name}.en`] = value.en === value.da ? '' : value.en;
  };
  put('title', t.title);
  put('intro', t.intro);
  t.steps.forEach((step, i) => {
    const s = `s${i}`;
    form[`${s}.key`] = step.key;
    put(`${s}.title`, step.title);
    put(`${s}.prompt`, step.prompt);
    put(`${s}.help`, step.help);
    const examples = { da: step.examples.da.join('\n'), en: step.examples.en.join('\n') };
    form[`${s}.examples.da`] = examples.da;
    form[`${s}.examples.en`] = examples.en === examples.da ? '' : examples.en;
    if (step.required) form[`${s}.required`] = 'on';
    step.fields.forEach((field, j) => {
      const f = `${s}.f${j}`;
      form[`${f}.key`] = field.key;
      put(`${f}.label`, field.label);
      put(`${f}.hint`, field.hint);
      put(`${f}.heading`, field.heading);
      form[`${f}.type`] = field.type;
      form[`${f}.role`] = field.role ?? '';
      if (field.optional) form[`${f}.optional`] = 'on';
    });
  });
  t.selfCheck.forEach((item, k) => {
    form[`check${k}.key`] = item.key;
    put(`check${k}.text`, item.text);
  });
  put('compose.title', t.composition.title);
  put('compose.prompt', t.composition.prompt);
  return form;
}

/** The inputs a new row starts with: a step with one field, a field, or a self-check item. */
function blankTemplateRow(base: string): Record<string, string> {
  if (base === 's') return { 'title.da': '', 'f0.type': 'longText' };
  if (base === 'check') return { 'text.da': '' };
  return { type: 'longText' };
}

/** The rows a sheet builder has: steps ("s"), each step's fields ("s2.f") and self-check items. */
export const TEMPLATE_BASES = [/s/, /s\d{1,3}\.f/, /check/] as const;

/** The draft after pressing one of the builder's add, move or remove buttons. */
export function applyTemplateAction(form: PostedTemplateForm, action: RowAction): PostedTemplateForm {
  return applyRowAction(form, action, blankTemplateRow);
}

/** A new template: one empty step with one field; the short-statement texts are filled in, as a start. */
export function blankTemplateForm(): TemplateFormValues {
  return {
    's0.title.da': '',
    's0.f0.type': 'longText',
    'compose.title.da': 'Kort fortalt',
    'compose.title.en': 'In short',
    'compose.prompt.da': 'Skriv det vigtigste i 2 til 8 korte sætninger. Skriv med "jeg". Du kan begynde med udkastet og ændre det, som du vil.',
    'compose.prompt.en': 'Write the most important things in 2 to 8 short sentences. Write with "I". You can start with the draft and change it as you like.',
  };
}

// ---------------------------------------------------------------------------------------------
// Which rows a form has

export const stepRows = (form: PostedTemplateForm) => rowsOf(form, 's');
export const fieldRows = (form: PostedTemplateForm, s: number) => rowsOf(form, `s${s}.f`);
export const checkRows = (form: PostedTemplateForm) => rowsOf(form, 'check');

function fieldIsEmpty(form: PostedTemplateForm, f: string): boolean {
  return FIELD_TEXTS.every((p) => LANGS.every((l) => text(form, `${f}.${p}.${l}`) === ''));
}

function stepIsEmpty(form: PostedTemplateForm, s: number): boolean {
  const ownEmpty = STEP_TEXTS.every((p) => LANGS.every((l) => text(form, `s${s}.${p}.${l}`) === ''));
  return ownEmpty && fieldRows(form, s).every((j) => fieldIsEmpty(form, `s${s}.f${j}`));
}

function checkIsEmpty(form: PostedTemplateForm, k: number): boolean {
  return LANGS.every((l) => text(form, `check${k}.text.${l}`) === '');
}

// ---------------------------------------------------------------------------------------------
// Form → template

/** Where each part of the built template came from in the form, to put errors beside inputs. */
interface Origin {
  /** anchorField: the field row a "needs a field" problem is shown beside; null: the step has none. */
  steps: { row: number; fields: number[]; anchorField: number | null }[];
  checks: number[];
}

function freshKey(prefix: string, used: Set<string>): string {
  for (let n = 1; ; n++) {
    const key = `${prefix}${n}`;
    if (!used.has(key)) {
      used.add(key);
      return key;
    }
  }
}

/** The words a label ends on before "…" start a sentence: they begin the field's clause. */
function leadIn(label: string): string {
  const m = /^(.*?)\s*(?:…|\.\.\.)$/u.exec(label.trim());
  return (m?.[1] ?? '').replace(/[{}]/g, '').trim();
}

interface BuiltField {
  key: string;
  label: LocalizedText;
}

/** One clause per field, in page order, so the draft is made from the parts. */
export function generatedFrame(fields: BuiltField[]): { da: string[]; en: string[] } {
  const frame = { da: [] as string[], en: [] as string[] };
  for (const f of fields) {
    for (const lang of LANGS) {
      const lead = leadIn(f.label[lang]);
      frame[lang].push(lead ? `${lead} {${f.key}}.` : `{${f.key}}.`);
    }
  }
  return frame;
}

/** Examples one a line; English ones left empty are the Danish ones. */
function examplesOf(form: PostedTemplateForm, p: string): { da: string[]; en: string[] } {
  const da = lines(text(form, `${p}.examples.da`));
  const en = lines(text(form, `${p}.examples.en`));
  return { da, en: en.length ? en : da };
}

function build(form: PostedTemplateForm, meta: { key: string; version: number }): { input: Record<string, unknown>; origin: Origin } {
  const origin: Origin = { steps: [], checks: [] };

  // Every key in the form is taken, and so are those of parts removed while editing, so a new
  // part never gets the key of one that was just removed (answers to it would seem to be its).
  const used = new Set<string>(retiredKeys(form));
  for (const name of Object.keys(form)) if (/\.key$/.test(name)) used.add(text(form, name));

  const steps: Record<string, unknown>[] = [];
  const allFields: BuiltField[] = [];
  for (const s of stepRows(form)) {
    const p = `s${s}`;
    if (stepIsEmpty(form, s)) continue;
    const rows = fieldRows(form, s);
    const kept = rows.filter((j) => !fieldIsEmpty(form, `${p}.f${j}`));
    // A step with text but no field in use keeps its first, empty field row, so the error says
    // which text is missing instead of "needs at least one field".
    const anchor = rows[0] ?? null;
    const fieldRowsUsed = kept.length === 0 && anchor !== null ? [anchor] : kept;
    const fields = fieldRowsUsed.map((j) => {
      const f = `${p}.f${j}`;
      const label = localized(form, `${f}.label`);
      const hint = localized(form, `${f}.hint`);
      const heading = localized(form, `${f}.heading`);
      const role = text(form, `${f}.role`);
      const key = text(form, `${f}.key`) || freshKey('part', used);
      allFields.push({ key, label });
      return {
        key,
        type: text(form, `${f}.type`) || 'longText',
        label,
        // Hints and headings are optional; one written only in English asks for the Danish.
        ...(hint.da || hint.en ? { hint } : {}),
        ...(heading.da || heading.en ? { heading } : {}),
        ...(role ? { role } : {}),
        ...(checked(form, `${f}.optional`) ? { optional: true } : {}),
      };
    });
    steps.push({
      key: text(form, `${p}.key`) || freshKey('step-', used),
      title: localized(form, `${p}.title`),
      prompt: localized(form, `${p}.prompt`),
      help: localized(form, `${p}.help`),
      examples: examplesOf(form, p),
      required: checked(form, `${p}.required`),
      fields,
    });
    origin.steps.push({ row: s, fields: fieldRowsUsed, anchorField: anchor });
  }

  const selfCheck: Record<string, unknown>[] = [];
  for (const k of checkRows(form)) {
    if (checkIsEmpty(form, k)) continue;
    selfCheck.push({ key: text(form, `check${k}.key`) || freshKey('check-', used), text: localized(form, `check${k}.text`) });
    origin.checks.push(k);
  }

  const input = {
    key: meta.key,
    version: meta.version,
    title: localized(form, 'title'),
    intro: localized(form, 'intro'),
    steps,
    selfCheck,
    composition: {
      title: localized(form, 'compose.title'),
      prompt: localized(form, 'compose.prompt'),
      frame: allFields.length ? generatedFrame(allFields) : { da: ['.'], en: ['.'] },
    },
  };
  return { input, origin };
}

/** The template the form describes, not yet validated: give it to `validateTemplate`. */
export function formToTemplateInput(form: PostedTemplateForm, meta: { key: string; version: number }): unknown {
  return build(form, meta).input;
}

/** The form input a validation error is about ("steps[1].title.da" → "s2.title.da"). */
function formNameFor(path: string, origin: Origin): string {
  const step = /^steps\[(\d+)\](.*)$/.exec(path);
  if (step) {
    const o = origin.steps[Number(step[1])];
    if (!o) return 'steps';
    const s = `s${o.row}`;
    const rest = step[2] ?? '';
    const field = /^\.fields\[(\d+)\](.*)$/.exec(rest);
    if (field) {
      const j = o.fields[Number(field[1])] ?? o.anchorField;
      if (j === null) return `${s}.fields`;
      const f = `${s}.f${j}`;
      const fr = field[2] ?? '';
      const text = /^\.(label|hint|heading)\.(da|en)$/.exec(fr);
      if (text) return `${f}.${text[1]}.${text[2]}`;
      if (fr === '.type' || fr === '.role' || fr === '.optional') return f + fr;
      return `${f}.label.da`;
    }
    if (rest === '.fields') return o.anchorField === null ? `${s}.fields` : `${s}.f${o.anchorField}.label.da`;
    const own = /^\.(title|prompt|help|examples)\.(da|en)/.exec(rest);
    if (own) return `${s}.${own[1]}.${own[2]}`;
    if (rest === '.required') return `${s}.required`;
    return `${s}.title.da`;
  }
  if (path === 'steps') return 'steps';
  const check = /^selfCheck\[(\d+)\](?:\.text\.(da|en))?/.exec(path);
  if (check) {
    const k = origin.checks[Number(check[1])];
    return k === undefined ? 'title.da' : `check${k}.text.${check[2] ?? 'da'}`;
  }
  const top = /^(title|intro)\.(da|en)$/.exec(path);
  if (top) return path;
  const comp = /^composition\.(title|prompt)\.(da|en)$/.exec(path);
  if (comp) return `compose.${comp[1]}.${comp[2]}`;
  if (path.startsWith('composition')) return 'compose.title.da';
  return 'title.da';
}

export type TemplateFormResult = { ok: true; template: SheetTemplate } | { ok: false; errors: Record<string, LocalizedText[]> };

/**
 * Builds and validates the template a posted form describes. Errors come back keyed by the
 * name of the input they are about, in the order of the form, with the domain's own texts.
 */
export function templateFromForm(form: PostedTemplateForm, meta: { key: string; version: number }): TemplateFormResult {
  const { input, origin } = build(form, meta);
  const result = validateTemplate(input);
  if (result.ok) return { ok: true, template: result.template };
  return { ok: false, errors: groupErrors(form, result.errors, origin) };
}

function groupErrors(form: PostedTemplateForm, errors: TemplateError[], origin: Origin): Record<string, LocalizedText[]> {
  const out: Record<string, LocalizedText[]> = {};
  for (const e of errors) {
    const name = formNameFor(e.path, origin);
    // An English input left empty is the Danish text: its problem is the Danish input's.
    if (name.endsWith('.en') && text(form, name) === '') continue;
    const list = (out[name] ??= []);
    if (!list.some((m) => m.da === e.message.da)) list.push(e.message);
  }
  return out;
}
