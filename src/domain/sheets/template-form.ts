import type { LocalizedText, SheetTemplate, TemplateError } from './template-schema.ts';
import { LANGS, validateTemplate } from './template-schema.ts';
import { cleanText } from './text.ts';

/**
 * The template editor works on a flat form, so it needs no JavaScript: one input per text and
 * language, numbered rows for steps, fields and self-check items.
 *
 *   title.da, intro.en
 *   s0.key (hidden), s0.title.da, s0.prompt.en, s0.help.da, s0.examples.da (one per line),
 *   s0.required, s0.remove
 *   s0.f0.key (hidden), s0.f0.label.da, s0.f0.hint.en, s0.f0.heading.da, s0.f0.type,
 *   s0.f0.role, s0.f0.optional, s0.f0.remove
 *   check0.key (hidden), check0.text.da, check0.remove
 *   compose.title.da, compose.prompt.en
 *
 * Keys of existing steps, fields and self-check items travel in hidden inputs, so that answers
 * written with an earlier version still map to the same parts. New rows get generated keys
 * (step-3, part3, check-2). Row numbers in the form are only positions on the page: a row that
 * is removed or left empty leaves a gap, which is fine.
 *
 * What the editor cannot express, and so does not keep when a template goes through it:
 * - the composition frame: it is generated, one clause per field in page order. A label that
 *   ends in "…" ("Så jeg kan …") starts its clause, so the draft reads "Så jeg kan {soThat}.";
 *   other fields give "{key}.". The built-in templates' hand-written frames are replaced.
 * - minSentences, maxSentences and maxLength of the composition (the defaults 2, 4 and 600
 *   are used), a field's own maxLength and maxItems (the defaults of its type are used), and
 *   licenceNote. The built-in templates use the defaults and have no licence note.
 */

export type TemplateFormValues = Record<string, string>;
export type PostedTemplateForm = Record<string, string | string[] | undefined>;

/** Empty rows the editor offers for new self-check items. */
export const BLANK_CHECK_ROWS = 2;

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

function localized(form: PostedTemplateForm, name: string): LocalizedText {
  return { da: text(form, `${name}.da`), en: text(form, `${name}.en`) };
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
    for (const lang of LANGS) form[`${name}.${lang}`] = value[lang];
  };
  put('title', t.title);
  put('intro', t.intro);
  t.steps.forEach((step, i) => {
    const s = `s${i}`;
    form[`${s}.key`] = step.key;
    put(`${s}.title`, step.title);
    put(`${s}.prompt`, step.prompt);
    put(`${s}.help`, step.help);
    for (const lang of LANGS) form[`${s}.examples.${lang}`] = step.examples[lang].join('\n');
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

/** A new, empty template: only the short-statement texts are filled in, as a start. */
export function blankTemplateForm(): TemplateFormValues {
  return {
    'compose.title.da': 'Kort fortalt',
    'compose.title.en': 'In short',
    'compose.prompt.da': 'Skriv det vigtigste i 2 til 4 korte sætninger. Skriv med "jeg". Du kan begynde med udkastet og ændre det, som du vil.',
    'compose.prompt.en': 'Write the most important things in 2 to 4 short sentences. Write with "I". You can start with the draft and change it as you like.',
  };
}

// ---------------------------------------------------------------------------------------------
// Which rows a form has

function rowNumbers(form: PostedTemplateForm, pattern: RegExp): number[] {
  const seen = new Set<number>();
  for (const name of Object.keys(form)) {
    const m = pattern.exec(name);
    // Row numbers beyond a few hundred are not something the editor ever makes.
    if (m?.[1] !== undefined && m[1].length <= 3) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

const stepRows = (form: PostedTemplateForm) => rowNumbers(form, /^s(\d+)\./);
const fieldRows = (form: PostedTemplateForm, s: number) => rowNumbers(form, new RegExp(`^s${s}\\.f(\\d+)\\.`));
const checkRows = (form: PostedTemplateForm) => rowNumbers(form, /^check(\d+)\./);

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

export interface EditorLayout {
  steps: { row: number; fields: number[]; blankField: number }[];
  /** The row number of the one empty step at the end ("add a step"). */
  blankStep: number;
  checks: number[];
  blankChecks: number[];
}

/** Row numbers for empty rows: those that were posted empty first, then new ones. */
function freeRows(all: number[], isEmpty: (row: number) => boolean, count: number): number[] {
  const out = all.filter(isEmpty);
  for (let n = Math.max(-1, ...all) + 1; out.length < count; n++) out.push(n);
  return out.slice(0, count);
}

function blankFieldRow(form: PostedTemplateForm, s: number): number {
  return freeRows(fieldRows(form, s), (j) => fieldIsEmpty(form, `s${s}.f${j}`), 1)[0]!;
}

/**
 * The rows to show: every row with something in it (in the order posted), then one empty step,
 * one empty field per step and two empty self-check items. Rows that were left empty are not
 * shown again, so a form sent back with an error does not grow.
 */
export function editorLayout(form: PostedTemplateForm): EditorLayout {
  const allSteps = stepRows(form);
  const steps = allSteps
    .filter((s) => !stepIsEmpty(form, s))
    .map((s) => ({
      row: s,
      fields: fieldRows(form, s).filter((j) => !fieldIsEmpty(form, `s${s}.f${j}`)),
      blankField: blankFieldRow(form, s),
    }));
  const allChecks = checkRows(form);
  return {
    steps,
    blankStep: freeRows(allSteps, (s) => stepIsEmpty(form, s), 1)[0]!,
    checks: allChecks.filter((k) => !checkIsEmpty(form, k)),
    blankChecks: freeRows(allChecks, (k) => checkIsEmpty(form, k), BLANK_CHECK_ROWS),
  };
}

// ---------------------------------------------------------------------------------------------
// Form → template

/** Where each part of the built template came from in the form, to put errors beside inputs. */
interface Origin {
  steps: { row: number; fields: number[]; anchorField: number }[];
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

function build(form: PostedTemplateForm, meta: { key: string; version: number }): { input: Record<string, unknown>; origin: Origin } {
  const origin: Origin = { steps: [], checks: [] };

  // Every key in the form is taken, also on removed rows, so a new part never gets the key of
  // one that was just removed.
  const used = new Set<string>();
  for (const name of Object.keys(form)) if (/\.key$/.test(name)) used.add(text(form, name));

  const steps: Record<string, unknown>[] = [];
  const allFields: BuiltField[] = [];
  for (const s of stepRows(form)) {
    const p = `s${s}`;
    if (checked(form, `${p}.remove`) || stepIsEmpty(form, s)) continue;
    const rows = fieldRows(form, s);
    const kept = rows.filter((j) => !checked(form, `${p}.f${j}.remove`) && !fieldIsEmpty(form, `${p}.f${j}`));
    // A step with text but no field in use keeps its empty field row, so the error says which
    // text is missing instead of "needs at least one field". It is the row the editor shows
    // empty again (see editorLayout).
    const blank = blankFieldRow(form, s);
    const fieldRowsUsed = kept.length === 0 && rows.includes(blank) ? [blank] : kept;
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
        // Hints and headings are optional: both languages or neither.
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
      examples: { da: lines(text(form, `${p}.examples.da`)), en: lines(text(form, `${p}.examples.en`)) },
      required: checked(form, `${p}.required`),
      fields,
    });
    origin.steps.push({ row: s, fields: fieldRowsUsed, anchorField: blank });
  }

  const selfCheck: Record<string, unknown>[] = [];
  for (const k of checkRows(form)) {
    if (checked(form, `check${k}.remove`) || checkIsEmpty(form, k)) continue;
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
      const f = `${s}.f${o.fields[Number(field[1])] ?? o.anchorField}`;
      const fr = field[2] ?? '';
      const text = /^\.(label|hint|heading)\.(da|en)$/.exec(fr);
      if (text) return `${f}.${text[1]}.${text[2]}`;
      if (fr === '.type' || fr === '.role' || fr === '.optional') return f + fr;
      return `${f}.label.da`;
    }
    if (rest === '.fields') return `${s}.f${o.anchorField}.label.da`;
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
  return { ok: false, errors: groupErrors(result.errors, origin) };
}

function groupErrors(errors: TemplateError[], origin: Origin): Record<string, LocalizedText[]> {
  const out: Record<string, LocalizedText[]> = {};
  for (const e of errors) {
    const name = formNameFor(e.path, origin);
    const list = (out[name] ??= []);
    if (!list.some((m) => m.da === e.message.da)) list.push(e.message);
  }
  return out;
}
