import { cleanText } from '../sheets/text.ts';
import type { LocalizedText } from '../validation/issues.ts';
import { validateQuestionnaire, type Questionnaire, type QuestionnaireProblem } from './questionnaire.ts';
import type { ShowIf, ShowIfValue } from './questionnaire-conditions.ts';

/**
 * The questionnaire builder works on a flat form, so it needs no JavaScript:
 *
 *   key (new questionnaires only; generated from the Danish title when left empty)
 *   title.da, title.en, intro.da, intro.en, audience, licenceNote
 *   i0.position, i0.type, i0.key, i0.text.da, i0.text.en, i0.required, i0.remove
 *   i0.options            one answer option a line: "value | Danish label | English label | score"
 *   i0.min, i0.max        number and slider; i0.step and i0.minLabel.da … i0.maxLabel.en slider only
 *   i0.decimals           number: decimals allowed (unticked: whole numbers)
 *   i0.maxLength          free text (empty: the default)
 *   i0.showIf.item, i0.showIf.value   "show only when the answer to <item> is <value>"
 *   i0.showIf.rule        hidden: a rule the simple form cannot show (any/all/in with several
 *                         values), kept as JSON until the person picks a simple rule instead
 *
 * Row numbers are only positions on the page; the order of the questions is the order of the
 * position fields (ties keep the page order). A row left completely empty is not a question.
 * Inputs that do not belong to the chosen type are kept on the page but not used.
 */

export type PostedQuestionnaireForm = Record<string, string | string[] | undefined>;
export type QuestionnaireFormValues = Record<string, string>;

/** Texts of the inputs an item row has; a row where all of them are empty is not a question. */
export const ROW_INPUTS = [
  'key',
  'text.da',
  'text.en',
  'options',
  'min',
  'max',
  'step',
  'minLabel.da',
  'minLabel.en',
  'maxLabel.da',
  'maxLabel.en',
  'maxLength',
  'showIf.item',
  'showIf.value',
];

export const DEFAULT_LICENCE_NOTE = 'Lavet med Egne ord / Made with Egne ord. CC BY 4.0.';

function one(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (value[value.length - 1] ?? '');
}

function text(form: PostedQuestionnaireForm, name: string): string {
  return cleanText(one(form[name]));
}

function checked(form: PostedQuestionnaireForm, name: string): boolean {
  const v = one(form[name]);
  return v !== '' && v !== 'false' && v !== 'off';
}

function localized(form: PostedQuestionnaireForm, name: string): LocalizedText {
  return { da: text(form, `${name}.da`), en: text(form, `${name}.en`) };
}

// ---------------------------------------------------------------------------------------------
// Keys

/** A key from ordinary words: "Efter mødet på Åen" → "efter-moedet-paa-aaen". Empty if none. */
export function slugKey(words: string, maxLength = 30): string {
  const ascii = words
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  const parts = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  while (parts.length > 0 && /^\d/.test(parts[0]!)) parts.shift();
  let out = '';
  for (const p of parts) {
    const next = out ? `${out}-${p}` : p;
    if (next.length > maxLength) break;
    out = next;
  }
  if (!out && parts[0]) out = parts[0].slice(0, maxLength);
  return out;
}

function uniqueKey(base: string, used: Set<string>): string {
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
  used.add(key);
  return key;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A number as a person types it: Danish decimal comma allowed. null: not a number. */
function readNumber(raw: string): number | null {
  const s = raw.replace(/\s/g, '').replace('−', '-');
  if (!/^-?\d+(?:[.,]\d+)?$/.test(s)) return null;
  return Number(s.replace(',', '.'));
}

function showNumber(n: number, lang: 'da' | 'en'): string {
  return lang === 'da' ? String(n).replace('.', ',') : String(n);
}

// ---------------------------------------------------------------------------------------------
// Questionnaire → form

function simpleRule(rule: ShowIf): { item: string; value: ShowIfValue } | null {
  if ('equals' in rule) return { item: rule.item, value: rule.equals };
  if ('in' in rule && rule.in.length === 1) return { item: rule.item, value: rule.in[0]! };
  return null;
}

function ruleValueText(v: ShowIfValue, lang: 'da' | 'en'): string {
  if (typeof v === 'boolean') return v ? (lang === 'da' ? 'ja' : 'yes') : lang === 'da' ? 'nej' : 'no';
  if (typeof v === 'number') return showNumber(v, lang);
  return v;
}

/** The form for an existing questionnaire. `keepKey` false: start a new one from it. */
export function questionnaireToForm(q: Questionnaire, o: { lang: 'da' | 'en'; keepKey: boolean }): QuestionnaireFormValues {
  const form: QuestionnaireFormValues = {};
  const put = (name: string, v: LocalizedText) => {
    form[`${name}.da`] = v.da;
    form[`${name}.en`] = v.en;
  };
  if (o.keepKey) form.key = q.key;
  put('title', q.title);
  put('intro', q.intro);
  form.audience = q.audience;
  form.licenceNote = q.licenceNote;
  q.items.forEach((item, i) => {
    const p = `i${i}`;
    form[`${p}.position`] = String(i + 1);
    form[`${p}.type`] = item.type;
    form[`${p}.key`] = item.key;
    put(`${p}.text`, item.text);
    if (item.type !== 'display' && item.required) form[`${p}.required`] = 'on';
    if (item.type === 'singleChoice' || item.type === 'multipleChoice') {
      form[`${p}.options`] = item.options
        .map((opt) => {
          const score = 'score' in opt && typeof opt.score === 'number' ? ` | ${showNumber(opt.score, o.lang)}` : '';
          return `${opt.value} | ${opt.label.da} | ${opt.label.en}${score}`;
        })
        .join('\n');
    }
    if (item.type === 'number' || item.type === 'slider') {
      form[`${p}.min`] = showNumber(item.min, o.lang);
      form[`${p}.max`] = showNumber(item.max, o.lang);
    }
    if (item.type === 'number' && !item.integer) form[`${p}.decimals`] = 'on';
    if (item.type === 'slider') {
      form[`${p}.step`] = showNumber(item.step, o.lang);
      put(`${p}.minLabel`, item.minLabel);
      put(`${p}.maxLabel`, item.maxLabel);
    }
    if (item.type === 'freeText') form[`${p}.maxLength`] = String(item.maxLength);
    if (item.showIf) {
      const simple = simpleRule(item.showIf);
      if (simple) {
        form[`${p}.showIf.item`] = simple.item;
        form[`${p}.showIf.value`] = ruleValueText(simple.value, o.lang);
      } else {
        form[`${p}.showIf.rule`] = JSON.stringify(item.showIf);
      }
    }
  });
  return form;
}

/** A new, empty questionnaire: only the audience and the licence note are filled in. */
export function blankQuestionnaireForm(): QuestionnaireFormValues {
  return { audience: 'citizen', licenceNote: DEFAULT_LICENCE_NOTE };
}

// ---------------------------------------------------------------------------------------------
// Which rows a form has

function itemRowNumbers(form: PostedQuestionnaireForm): number[] {
  const seen = new Set<number>();
  for (const name of Object.keys(form)) {
    const m = /^i(\d{1,3})\./.exec(name);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

function rowIsEmpty(form: PostedQuestionnaireForm, row: number): boolean {
  return ROW_INPUTS.every((n) => text(form, `i${row}.${n}`) === '') && text(form, `i${row}.showIf.rule`) === '';
}

/** Rows in question order: by their position field, then by row number. */
function ordered(form: PostedQuestionnaireForm, rows: number[]): number[] {
  const pos = (row: number) => {
    const n = readNumber(text(form, `i${row}.position`));
    return n === null ? Number.POSITIVE_INFINITY : n;
  };
  return [...rows].sort((a, b) => pos(a) - pos(b) || a - b);
}

export interface QuestionnaireEditorLayout {
  /** Rows with something in them, in question order. */
  items: number[];
  /** The one empty row at the end ("add a question"). */
  blank: number;
}

/** The rows to show: every row with something in it, then one empty row. */
export function questionnaireEditorLayout(form: PostedQuestionnaireForm): QuestionnaireEditorLayout {
  const all = itemRowNumbers(form);
  const items = ordered(
    form,
    all.filter((r) => !rowIsEmpty(form, r)),
  );
  const blank = all.find((r) => rowIsEmpty(form, r)) ?? Math.max(-1, ...all) + 1;
  return { items, blank };
}

/** Item keys named in the form, in question order, for the show-if item select. */
export function itemKeysInForm(form: PostedQuestionnaireForm): string[] {
  const layout = questionnaireEditorLayout(form);
  const keys: string[] = [];
  for (const r of layout.items) {
    const k = text(form, `i${r}.key`);
    if (k && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Form → questionnaire

/** A question as the form names it: its number on the page and its key. */
export type FormQuestion = { no: number; key: string };

/** What the form itself finds wrong before the questionnaire is checked; the catalogue words it. */
export type FormProblem =
  | { code: 'notANumber'; raw: string }
  | { code: 'optionLineShape'; line: number; question: FormQuestion }
  | { code: 'scoreNotAllowed'; line: number; question: FormQuestion; score: string }
  | { code: 'scoreNotANumber'; line: number; question: FormQuestion; score: string }
  | { code: 'showIfAnswerMissing'; target: string; question: FormQuestion }
  | { code: 'keyTaken'; key: string };

export type QuestionnaireFormProblem = FormProblem | QuestionnaireProblem;

/** Problems by the name of the input they are about. */
export type FormErrors = Record<string, QuestionnaireFormProblem[]>;

export interface BuildMeta {
  /** The key of the questionnaire being edited; absent for a new one. */
  key?: string;
  /** Keys already in use (built-in and the organisation's own), for a new questionnaire. */
  takenKeys?: string[];
  version?: number;
}

interface Built {
  input: Record<string, unknown>;
  /** The form row each built item came from. */
  rows: number[];
  formErrors: FormErrors;
  /** Keys the builder made up, to show on the page if it comes back with errors. */
  generated: Record<string, string>;
}

function addError(errors: FormErrors, name: string, problem: QuestionnaireFormProblem): void {
  const list = (errors[name] ??= []);
  const id = JSON.stringify(problem);
  if (!list.some((p) => JSON.stringify(p) === id)) list.push(problem);
}

function numberField(form: PostedQuestionnaireForm, name: string, errors: FormErrors): number | undefined {
  const raw = text(form, name);
  if (raw === '') return undefined;
  const n = readNumber(raw);
  if (n === null) {
    addError(errors, name, { code: 'notANumber', raw });
    return undefined;
  }
  return n;
}

function parseOptions(raw: string, scored: boolean, name: string, errors: FormErrors, question: FormQuestion): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  raw
    .split('\n')
    .map((l) => l.trim())
    .forEach((line, i) => {
      if (line === '') return;
      const parts = line.split('|').map((p) => p.trim());
      const lineNo = i + 1;
      if (parts.length < 3 || parts.length > 4) {
        addError(errors, name, { code: 'optionLineShape', line: lineNo, question });
        return;
      }
      const [value, da, en, scoreText] = parts as [string, string, string, string | undefined];
      const option: Record<string, unknown> = { value, label: { da, en } };
      if (scoreText !== undefined && scoreText !== '') {
        const score = readNumber(scoreText);
        if (!scored) {
          addError(errors, name, { code: 'scoreNotAllowed', line: lineNo, question, score: scoreText });
          return;
        }
        if (score === null) {
          addError(errors, name, { code: 'scoreNotANumber', line: lineNo, question, score: scoreText });
          return;
        }
        option.score = score;
      }
      out.push(option);
    });
  return out;
}

function ruleValue(raw: string, targetType: string | undefined): ShowIfValue {
  const lower = raw.toLowerCase();
  if (targetType === 'yesNo') {
    if (['ja', 'yes', 'true'].includes(lower)) return true;
    if (['nej', 'no', 'false'].includes(lower)) return false;
    return raw;
  }
  if (targetType === 'number' || targetType === 'slider') {
    const n = readNumber(raw);
    return n === null ? raw : n;
  }
  return raw;
}

function build(form: PostedQuestionnaireForm, meta: BuildMeta): Built {
  const formErrors: FormErrors = {};
  const generated: Record<string, string> = {};
  const all = itemRowNumbers(form);
  const rows = ordered(
    form,
    all.filter((r) => !rowIsEmpty(form, r) && !checked(form, `i${r}.remove`)),
  );

  // Keys typed anywhere in the form are taken, also on removed rows, so a new question never
  // gets the key of one that was just removed.
  const usedItemKeys = new Set<string>();
  for (const r of all) {
    const k = text(form, `i${r}.key`);
    if (k) usedItemKeys.add(k);
  }
  const keyOf = new Map<number, string>();
  rows.forEach((r, n) => {
    let k = text(form, `i${r}.key`);
    if (!k) {
      const t = localized(form, `i${r}.text`);
      k = uniqueKey(slugKey(t.da || t.en, 24) || `q${n + 1}`, usedItemKeys);
      generated[`i${r}.key`] = k;
    }
    keyOf.set(r, k);
  });
  const typeOfKey = new Map<string, string>();
  for (const r of rows) if (!typeOfKey.has(keyOf.get(r)!)) typeOfKey.set(keyOf.get(r)!, text(form, `i${r}.type`));

  const items = rows.map((r, n) => {
    const p = `i${r}`;
    const key = keyOf.get(r)!;
    const type = text(form, `${p}.type`) || 'singleChoice';
    const question: FormQuestion = { no: n + 1, key };
    const item: Record<string, unknown> = { type, key, text: localized(form, `${p}.text`) };
    if (type !== 'display') item.required = checked(form, `${p}.required`);
    if (type === 'singleChoice' || type === 'multipleChoice') {
      item.options = parseOptions(text(form, `${p}.options`), type === 'singleChoice', `${p}.options`, formErrors, question);
    }
    if (type === 'number' || type === 'slider') {
      item.min = numberField(form, `${p}.min`, formErrors);
      item.max = numberField(form, `${p}.max`, formErrors);
    }
    if (type === 'number') item.integer = !checked(form, `${p}.decimals`);
    if (type === 'slider') {
      item.step = numberField(form, `${p}.step`, formErrors) ?? 1;
      item.minLabel = localized(form, `${p}.minLabel`);
      item.maxLabel = localized(form, `${p}.maxLabel`);
    }
    if (type === 'freeText') {
      const max = numberField(form, `${p}.maxLength`, formErrors);
      if (max !== undefined) item.maxLength = max;
    }
    const ruleItem = text(form, `${p}.showIf.item`);
    const ruleText = text(form, `${p}.showIf.value`);
    if (ruleItem) {
      if (ruleText === '') {
        addError(formErrors, `${p}.showIf.value`, { code: 'showIfAnswerMissing', target: ruleItem, question });
      } else {
        item.showIf = { item: ruleItem, equals: ruleValue(ruleText, typeOfKey.get(ruleItem)) };
      }
    } else {
      const kept = text(form, `${p}.showIf.rule`);
      if (kept) {
        try {
          item.showIf = JSON.parse(kept) as unknown;
        } catch {
          item.showIf = kept;
        }
      }
    }
    return item;
  });

  let key = meta.key;
  if (key === undefined) {
    const taken = new Set(meta.takenKeys ?? []);
    const typed = text(form, 'key');
    if (typed) {
      key = typed;
      if (taken.has(typed)) {
        addError(formErrors, 'key', { code: 'keyTaken', key: typed });
      }
    } else {
      const title = localized(form, 'title');
      key = uniqueKey(slugKey(title.da || title.en) || 'spoergeskema', taken);
      generated.key = key;
    }
  }

  const input = {
    key,
    version: meta.version ?? 1,
    title: localized(form, 'title'),
    intro: localized(form, 'intro'),
    audience: text(form, 'audience'),
    licenceNote: text(form, 'licenceNote'),
    items,
  };
  return { input, rows, formErrors, generated };
}

/** The form input a validation error is about ("items[1].options[0].value" → "i3.options"). */
function formNameFor(path: string, rows: number[], isNew: boolean): string {
  const item = /^items\[(\d+)\](.*)$/.exec(path);
  if (item) {
    const r = rows[Number(item[1])];
    if (r === undefined) return 'items';
    const p = `i${r}`;
    const rest = item[2] ?? '';
    const lang = /\.(da|en)$/.exec(rest)?.[1] ?? 'da';
    if (rest === '.key' || rest === '.type' || rest === '.required' || rest === '.min' || rest === '.max' || rest === '.step' || rest === '.maxLength')
      return p + rest;
    if (rest === '.integer') return `${p}.min`;
    if (rest.startsWith('.options')) return `${p}.options`;
    if (rest.startsWith('.text')) return `${p}.text.${lang}`;
    if (rest.startsWith('.minLabel')) return `${p}.minLabel.${lang}`;
    if (rest.startsWith('.maxLabel')) return `${p}.maxLabel.${lang}`;
    if (rest.startsWith('.showIf')) return /\.(equals|in)(\[\d+\])?$/.test(rest) ? `${p}.showIf.value` : `${p}.showIf.item`;
    return `${p}.text.da`;
  }
  const top = /^(title|intro)(?:\.(da|en))?$/.exec(path);
  if (top) return `${top[1]}.${top[2] ?? 'da'}`;
  if (path === 'audience' || path === 'licenceNote') return path;
  if (path === 'key') return isNew ? 'key' : 'title.da';
  if (path.startsWith('items')) return 'items';
  return 'title.da';
}

export type QuestionnaireFormResult =
  | { ok: true; questionnaire: Questionnaire }
  | { ok: false; errors: FormErrors /** the posted form with generated keys filled in */; form: PostedQuestionnaireForm };

/**
 * Builds and validates the questionnaire a posted form describes. Errors come back keyed by the
 * name of the input they are about, as codes. Nothing is stored here.
 */
export function questionnaireFromForm(form: PostedQuestionnaireForm, meta: BuildMeta): QuestionnaireFormResult {
  const built = build(form, meta);
  const result = validateQuestionnaire(built.input);
  const errors: FormErrors = { ...built.formErrors };
  if (!result.ok) {
    for (const e of result.errors) {
      const name = formNameFor(e.path, built.rows, meta.key === undefined);
      // An input the form already found a problem with gets that message only.
      if (built.formErrors[name]) continue;
      addError(errors, name, e.problem);
    }
  }
  if (result.ok && Object.keys(errors).length === 0) return { ok: true, questionnaire: result.value };
  return { ok: false, errors, form: { ...form, ...built.generated } };
}
