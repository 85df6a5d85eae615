// Shared by the no-account flow (/write) and the signed-in sheet pages: which form names a page
// posts, how a page's posted fields go on top of the answers so far, the device state carried in
// a hidden field, the starting draft, and the PDF view.

import type { Lang, SheetTemplate } from '../../domain/sheets/template-schema.ts';
import { fieldsOf } from '../../domain/sheets/template-schema.ts';
import type { AnswerError, FormDataLike, ParseAnswersResult, StatementAnswers } from '../../domain/sheets/answers.ts';
import { answersSchema, parseAnswers, selfCheckName, textLength } from '../../domain/sheets/answers.ts';
import { draftSummary } from '../../domain/writing-helper/draft.ts';
import { pagesOf } from '../../domain/sheets/flow.ts';
import { changesForPage, type PageChanges } from '../../domain/sheets/page-changes.ts';
import { statementView } from '../../domain/sheets/compose.ts';
import { PAGE_ID_SLOT, type ClientField, type ClientStep, type SheetData } from '../../client/sheet-model.ts';

/**
 * What a sheet page's buttons post as `action`. `stay` saves and stays (signed-in only); `draft`
 * asks for a draft, `draftReplace` / `draftAdd` take the draft offered beside a text already written.
 */
export type SheetAction = 'next' | 'back' | 'skip' | 'draft' | 'draftReplace' | 'draftAdd' | 'stay';

const ACTIONS: readonly SheetAction[] = ['back', 'skip', 'draft', 'draftReplace', 'draftAdd', 'stay'];

export function parseSheetAction(value: string | undefined): SheetAction {
  return ACTIONS.find((a) => a === value) ?? 'next';
}

export function isDraftAction(action: SheetAction): action is 'draft' | 'draftReplace' | 'draftAdd' {
  return action === 'draft' || action === 'draftReplace' || action === 'draftAdd';
}

/** The form names a page posts: field keys on a step, `summary` on compose, `selfCheck.<key>` on check. */
export function pageFieldNames(template: SheetTemplate, pageId: string): string[] {
  if (pageId === 'compose') return ['summary'];
  if (pageId === 'check') return template.selfCheck.map((c) => selfCheckName(c.key));
  const step = template.steps.find((s) => s.key === pageId);
  return step ? step.fields.map((f) => f.key) : [];
}

/** Answers as a posted form would carry them, so parseAnswers can read them back. */
export function answersToFormData(template: SheetTemplate, answers: StatementAnswers): FormDataLike {
  const data: FormDataLike = {};
  for (const { field } of fieldsOf(template)) {
    const v = answers.fields[field.key];
    data[field.key] = v === undefined ? '' : v;
  }
  data['summary'] = answers.summary;
  for (const c of template.selfCheck) data[selfCheckName(c.key)] = answers.selfCheck[c.key] ? 'true' : 'false';
  return data;
}

export interface PostedForm {
  has(name: string): boolean;
  all(name: string): string[];
}

/**
 * The answers so far with this page's posted fields on top. Text is cleaned, never cut: over-long
 * text comes back as it is, with errors saying by how much.
 */
function applyPageForm(template: SheetTemplate, base: StatementAnswers, pageId: string, form: PostedForm): ParseAnswersResult {
  const data = answersToFormData(template, base);
  for (const name of pageFieldNames(template, pageId)) if (form.has(name)) data[name] = form.all(name);
  return parseAnswers(template, data);
}

export interface PagePost {
  /** The answers with the page's inputs on top, as typed (shown again when there are errors). */
  answers: StatementAnswers;
  /** Only what this page posts: saving it never overwrites another page's text. */
  changes: PageChanges;
  /** The page's own problems, one per part over a limit; the page is shown again with them (400). */
  errors: AnswerError[];
  /** A problem outside this page: the answers it came with were not the sheet's (tampered or stale). */
  foreign: boolean;
}

/** The one reading of a posted sheet page, for both the no-account and the signed-in flow. */
export function readPagePost(template: SheetTemplate, base: StatementAnswers, pageId: string, form: PostedForm): PagePost {
  const result = applyPageForm(template, base, pageId, form);
  const names = pageFieldNames(template, pageId);
  const errors = result.ok ? [] : result.errors;
  const own = (e: AnswerError) => names.includes(e.field) || names.includes(selfCheckName(e.field));
  return {
    answers: result.answers,
    changes: changesForPage(template, pageId, result.answers),
    errors: errors.filter(own),
    foreign: errors.some((e) => !own(e)),
  };
}

/** The whole answers as base64url JSON: the device state in a hidden field, and the import format. */
export function encodeState(answers: StatementAnswers): string {
  return Buffer.from(JSON.stringify(answers), 'utf8').toString('base64url');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export type DecodeStateResult = { ok: true; answers: StatementAnswers } | { ok: false };

/**
 * Reads a device state. `posted` are the form names sent with it: those parts are replaced by what
 * was posted, so they are not checked here (text over a limit there gets a kind error instead).
 * A missing state is an empty sheet; anything unreadable or not matching the sheet is refused.
 */
export function decodeState(template: SheetTemplate, raw: string | undefined, posted: string[] = []): DecodeStateResult {
  let value: unknown = {};
  if (raw !== undefined && raw !== '') {
    if (!/^[A-Za-z0-9_-]+$/.test(raw)) return { ok: false };
    try {
      value = JSON.parse(strictUtf8.decode(Buffer.from(raw, 'base64url')));
    } catch {
      return { ok: false };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false };
  const copy = structuredClone(value) as { fields?: unknown; summary?: unknown; selfCheck?: unknown };
  for (const name of posted) {
    if (name === 'summary') delete copy.summary;
    else if (name.startsWith('selfCheck.')) {
      if (copy.selfCheck && typeof copy.selfCheck === 'object') delete (copy.selfCheck as Record<string, unknown>)[name.slice('selfCheck.'.length)];
    } else if (copy.fields && typeof copy.fields === 'object') delete (copy.fields as Record<string, unknown>)[name];
  }
  const parsed = answersSchema(template).safeParse(copy);
  return parsed.success ? { ok: true, answers: parsed.data } : { ok: false };
}

/**
 * The compose page's draft: a starting text made only from the person's own words. It never
 * overwrites: an empty box gets the draft ('filled'); a box with text keeps it, and the draft is
 * shown beside it ('offered') until the person chooses to put it in place of their text
 * ('replaced') or after it ('added'). 'empty' when there is nothing to make a draft from.
 */
export type DraftOutcome =
  | { kind: 'empty'; answers: StatementAnswers }
  | { kind: 'filled' | 'replaced' | 'added'; answers: StatementAnswers }
  | { kind: 'offered'; answers: StatementAnswers; draft: string };

export function withDraft(template: SheetTemplate, answers: StatementAnswers, lang: Lang, action: 'draft' | 'draftReplace' | 'draftAdd'): DraftOutcome {
  const draft = draftSummary(template, answers, lang);
  if (draft === '') return { kind: 'empty', answers };
  const current = answers.summary.trim();
  if (current === '') return { kind: 'filled', answers: { ...answers, summary: draft } };
  if (action === 'draftReplace') return { kind: 'replaced', answers: { ...answers, summary: draft } };
  if (action === 'draftAdd') return { kind: 'added', answers: { ...answers, summary: `${current}\n\n${draft}` } };
  return { kind: 'offered', answers, draft };
}

/** Which notice tells the person what happened to the box; an offered draft explains itself. */
export function draftNoticeKey(outcome: DraftOutcome): 'draftAdded' | 'draftAddedAfter' | 'draftEmpty' | null {
  if (outcome.kind === 'offered') return null;
  if (outcome.kind === 'empty') return 'draftEmpty';
  return outcome.kind === 'added' ? 'draftAddedAfter' : 'draftAdded';
}

/** Over this, a name on the sheet is refused with a kind message (it is one line on paper). */
export const OWNER_NAME_MAX = 100;

export function ownerNameTooLong(name: string): boolean {
  return textLength(name) > OWNER_NAME_MAX;
}

const NAME_TOKEN = '\u0000name\u0000';

/** What the browser is told about a sheet that is the same on every page of every statement
 * written with that template, in one language. */
type SheetBasics = Omit<SheetData, 'mode' | 'pageId' | 'pageUrl'>;

// Templates are kept as one object each by the template catalogue, so their basics are worked out
// once per template and language rather than on every page (two statement views each time).
const basicsByTemplate = new WeakMap<SheetTemplate, Partial<Record<Lang, SheetBasics>>>();

function sheetBasics(template: SheetTemplate, lang: Lang): SheetBasics {
  let byLang = basicsByTemplate.get(template);
  if (!byLang) basicsByTemplate.set(template, (byLang = {}));
  return (byLang[lang] ??= workOutBasics(template, lang));
}

function workOutBasics(template: SheetTemplate, lang: Lang): SheetBasics {
  // Headings and owner lines come from statementView, so the preview cannot drift from the PDF.
  const filled: StatementAnswers = { fields: {}, summary: 'x', selfCheck: {} };
  for (const { field } of fieldsOf(template)) filled.fields[field.key] = field.type === 'list' ? ['x'] : 'x';
  const named = statementView(template, filled, lang, { ownerName: NAME_TOKEN });
  const blank = statementView(template, filled, lang);
  const headings = new Map(named.sections.map((s) => [s.key, s.heading]));
  const steps: ClientStep[] = template.steps.map((s) => ({ key: s.key, title: s.title[lang], required: s.required }));
  const fields: ClientField[] = fieldsOf(template).map(({ step, field }) => ({
    key: field.key,
    stepKey: step.key,
    type: field.type,
    heading: headings.get(field.key) ?? field.label[lang],
    maxLength: field.maxLength,
    maxItems: field.maxItems,
    optional: field.optional,
  }));
  return {
    key: template.key,
    lang,
    title: template.title[lang],
    ownerLabel: named.ownerLabel.replace(NAME_TOKEN, '{name}'),
    ownerLabelBlank: blank.ownerLabel,
    summary: {
      heading: template.composition.title[lang],
      maxLength: template.composition.maxLength,
      minSentences: template.composition.minSentences,
      maxSentences: template.composition.maxSentences,
    },
    steps,
    fields,
    selfCheck: template.selfCheck.map((c) => c.key),
    pages: pagesOf(template).map((p) => ({ id: p.id, title: p.title[lang] })),
  };
}

// What is the same on every page of a template in one language, serialised once.
const basicsJson = new WeakMap<SheetBasics, string>();

/**
 * clientSheet(...) as JSON that is safe in a <script>: the parts that are the same on every page
 * of a template in one language are serialised once, and only the page, the mode and the pages'
 * address each time.
 */
export function clientSheetJson(
  template: SheetTemplate,
  lang: Lang,
  o: { mode: 'device' | 'account'; pageId: string; pageUrl: (id: string) => string },
): string {
  const basics = sheetBasics(template, lang);
  let rest = basicsJson.get(basics);
  if (rest === undefined) basicsJson.set(basics, (rest = jsonForScript(basics).slice(1)));
  return `{"mode":${jsonForScript(o.mode)},"pageId":${jsonForScript(o.pageId)},"pageUrl":${jsonForScript(pageUrlPattern(o.pageUrl))},${rest}`;
}

/** Each field's heading on the printed sheet, by field key, for one template and language. */
export function fieldHeadings(template: SheetTemplate, lang: Lang): Map<string, string> {
  return new Map(sheetBasics(template, lang).fields.map((f) => [f.key, f.heading]));
}

/** The sheet as a page holds it (one language, no zod), built from the domain itself. */
export function clientSheet(
  template: SheetTemplate,
  lang: Lang,
  o: { mode: 'device' | 'account'; pageId: string; pageUrl: (id: string) => string },
): SheetData {
  return { ...sheetBasics(template, lang), mode: o.mode, pageId: o.pageId, pageUrl: pageUrlPattern(o.pageUrl) };
}

/** The pages' address with the slot where the browser puts each page's id; an address that
 * would encode the slot (and so never have it filled in) is a mistake here, not a broken link. */
function pageUrlPattern(pageUrl: (id: string) => string): string {
  const pattern = pageUrl(PAGE_ID_SLOT);
  if (!pattern.includes(PAGE_ID_SLOT)) throw new Error(`a page address without its slot: ${pattern}`);
  return pattern;
}

/** JSON that is safe inside <script type="application/json">: no "</script>", no "<!--". */
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]!);
}
