import { cleanText } from '../sheets/text.ts';
import type { LocalizedText } from '../validation/issues.ts';
import { validateQuestionnaire, type Questionnaire, type QuestionnaireProblem } from './questionnaire.ts';
import type { ShowIf, ShowIfValue } from './questionnaire-conditions.ts';
import { applyRowAction, retiredKeys, rowsOf, type RowAction } from '../validation/builder-actions.ts';

/**
 * The questionnaire builder works on a flat form, so it needs no JavaScript (the buttons that
 * add, move and remove questions and options are in builder-actions.ts):
 *
 *   title.da, title.en, intro.da, intro.en, audience, licenceNote
 *   i0.type, i0.key, i0.text.da, i0.text.en, i0.required
 *   i0.o0.value, i0.o0.label.da, i0.o0.label.en, i0.o0.score   one answer option (value left
 *                         empty: its number; score only for "one answer from a list")
 *   i0.min, i0.max        number and slider; i0.step and i0.minLabel.da … i0.maxLabel.en slider only
 *   i0.decimals           number: decimals allowed (unticked: whole numbers)
 *   i0.maxLength          free text (empty: the default)
 *   i0.showIf.item, i0.showIf.value   "show only when the answer to <item> is <value>"
 *   i0.showIf.rule        hidden: a rule the simple form cannot show (any/all/in with several
 *                         values), kept as JSON until the person picks a simple rule instead
 *
 * The order of the rows is the order of the questions. A row left completely empty is not a
 * question, and an option row left empty is not an option. Inputs that do not belong to the
 * chosen type are kept on the page but not used.
 *
 * Danish is required, English is not: an English text left empty is stored as the Danish one,
 * so English pages show the Danish text, and the form shows it empty again.
 */

export type PostedQuestionnaireForm = Record<string, string | string[] | undefined>;
export type QuestionnaireFormValues = Record<string, string>;

/** Texts of the inputs an item row has; a row where all of them are empty is not a question. */
const ROW_INPUTS = [
  'key',
  'text.da',
  'text.en',
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

export const DEFAULT_LICENCE_NOTE = 'Egne ord · CC BY 4.0';

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

/** English falls back to the Danish text; see the top of the file. */
function localized(form: PostedQuestionnaireForm, name: string): LocalizedText {
  const da = text(form, `${name}.da`);
  return { da, en: text(form, `${name}.en`) || da };
}

/** An option row: the inputs of option `o` of item row `r`. */
const OPTION_INPUTS = ['value', 'label.da', 'label.en', 'score'] as const;

export function optionRows(form: PostedQuestionnaireForm, row: number): number[] {
  return rowsOf(form, `i${row}.o`);
}

function optionIsEmpty(form: PostedQuestionnaireForm, row: number, o: number): boolean {
  return OPTION_INPUTS.every((n) => text(form, `i${row}.o${o}.${n}`) === '');
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

/** A number as a person writes it: a decimal comma in Danish. */
export function showNumber(n: number, lang: 'da' | 'en'): string {
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

/** The form for an existing questionnaire, to change it or to start a new one from it. */
export function questionnaireToForm(q: Questionnaire, o: { lang: 'da' | 'en' }): QuestionnaireFormValues {
  const form: QuestionnaireFormValues = {};
  const put = (name: string, v: LocalizedText) => {
    form[`${name}.da`] = v.da;
    form[`${name}.en`] = v.en === v.da ? '' : v.en;
  };
  put('title', q.title);
  put('intro', q.intro);
  form.audience = q.audience;
  form.licenceNote = q.licenceNote;
  q.items.forEach((item, i) => {
    const p = `i${i}`;
    form[`${p}.type`] = item.type;
    form[`${p}.key`] = item.key;
    put(`${p}.text`, item.text);
    if (item.type !== 'display' && item.required) form[`${p}.required`] = 'on';
    if (item.type === 'singleChoice' || item.type === 'multipleChoice') {
      item.options.forEach((opt, k) => {
        form[`${p}.o${k}.value`] = opt.value;
        put(`${p}.o${k}.label`, opt.label);
        form[`${p}.o${k}.score`] = 'score' in opt && typeof opt.score === 'number' ? showNumber(opt.score, o.lang) : '';
      });
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

/** The inputs a new row starts with: a question with two empty options, or an empty option. */
function blankQuestionnaireRow(base: string): Record<string, string> {
  if (base === 'i') return { type: 'singleChoice', 'o0.value': '', 'o1.value': '' };
  return { value: '' };
}

/** A new questionnaire: the audience, the licence note and one empty question. */
export function blankQuestionnaireForm(): QuestionnaireFormValues {
  const form: QuestionnaireFormValues = { audience: 'citizen', licenceNote: DEFAULT_LICENCE_NOTE };
  for (const [rest, value] of Object.entries(blankQuestionnaireRow('i'))) form[`i0.${rest}`] = value;
  return form;
}

/** The rows a questionnaire builder has: questions ("i") and each question's options ("i3.o"). */
export const QUESTIONNAIRE_BASES = [/i/, /i\d{1,3}\.o/] as const;

/** The draft after pressing one of the builder's add, move or remove buttons. */
export function applyQuestionnaireAction(form: PostedQuestionnaireForm, action: RowAction): PostedQuestionnaireForm {
  return applyRowAction(form, action, blankQuestionnaireRow);
}

// ---------------------------------------------------------------------------------------------
// Which rows a form has

export function itemRows(form: PostedQuestionnaireForm): number[] {
  return rowsOf(form, 'i');
}

function rowIsEmpty(form: PostedQuestionnaireForm, row: number): boolean {
  return (
    ROW_INPUTS.every((n) => text(form, `i${row}.${n}`) === '') &&
    text(form, `i${row}.showIf.rule`) === '' &&
    optionRows(form, row).every((o) => optionIsEmpty(form, row, o))
  );
}

// ---------------------------------------------------------------------------------------------
// Form → questionnaire

/** A question as the form names it: its number on the page and its key. */
export type FormQuestion = { no: number; key: string };

/** What the form itself finds wrong before the questionnaire is checked; the catalogue words it. */
export type FormProblem =
  | { code: 'notANumber'; raw: string }
  | { code: 'scoreNotAllowed'; line: number; question: FormQuestion; score: string }
  | { code: 'showIfAnswerMissing'; target: string; question: FormQuestion };

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
  /** For each built item, the form rows its options came from. */
  optionRows: number[][];
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

function readOptions(
  form: PostedQuestionnaireForm,
  row: number,
  scored: boolean,
  errors: FormErrors,
  question: FormQuestion,
): { options: Record<string, unknown>[]; rows: number[] } {
  const options: Record<string, unknown>[] = [];
  const rows: number[] = [];
  for (const o of optionRows(form, row)) {
    if (optionIsEmpty(form, row, o)) continue;
    const p = `i${row}.o${o}`;
    const n = rows.length + 1;
    // An option without a value gets its number, which is what most scales use anyway.
    const option: Record<string, unknown> = { value: text(form, `${p}.value`) || String(n), label: localized(form, `${p}.label`) };
    const scoreText = text(form, `${p}.score`);
    if (scoreText !== '') {
      const score = readNumber(scoreText);
      if (!scored) addError(errors, `${p}.score`, { code: 'scoreNotAllowed', line: n, question, score: scoreText });
      else if (score === null) addError(errors, `${p}.score`, { code: 'notANumber', raw: scoreText });
      else option.score = score;
    }
    options.push(option);
    rows.push(o);
  }
  return { options, rows };
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
  const all = itemRows(form);
  const rows = all.filter((r) => !rowIsEmpty(form, r));
  const optionRowsUsed: number[][] = [];

  // Keys typed anywhere in the form are taken, and so are those of questions removed while
  // editing, so a new question never gets the key of one that was just removed.
  const usedItemKeys = new Set<string>(retiredKeys(form));
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
      const read = readOptions(form, r, type === 'singleChoice', formErrors, question);
      item.options = read.options;
      optionRowsUsed.push(read.rows);
    } else optionRowsUsed.push([]);
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

  // A new questionnaire's key is made from its title and never asked for: it only names the
  // questionnaire in exports, and a person should not have to invent one.
  let key = meta.key;
  if (key === undefined) {
    const title = localized(form, 'title');
    key = uniqueKey(slugKey(title.da || title.en) || 'spoergeskema', new Set(meta.takenKeys ?? []));
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
  return { input, rows, optionRows: optionRowsUsed, formErrors, generated };
}

/** The form input a validation error is about ("items[1].options[0].value" → "i3.options"). */
function formNameFor(path: string, built: Built): string {
  const { rows } = built;
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
    const option = /^\.options\[(\d+)\](?:\.(value|score|label)(?:\.(da|en))?)?/.exec(rest);
    const optionRow = option ? built.optionRows[Number(item[1])]?.[Number(option[1])] : undefined;
    if (option && optionRow !== undefined) {
      const o = `${p}.o${optionRow}`;
      if (option[2] === 'label') return `${o}.label.${option[3] ?? 'da'}`;
      return `${o}.${option[2] ?? 'value'}`;
    }
    // "Too few options": beside the first option row, or the add button's place.
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
      const name = formNameFor(e.path, built);
      // An English input left empty is the Danish text: its problem is the Danish input's.
      if (name.endsWith('.en') && text(form, name) === '') continue;
      // An input the form already found a problem with gets that message only.
      if (built.formErrors[name]) continue;
      addError(errors, name, e.problem);
    }
  }
  if (result.ok && Object.keys(errors).length === 0) return { ok: true, questionnaire: result.value };
  return { ok: false, errors, form: { ...form, ...built.generated } };
}
