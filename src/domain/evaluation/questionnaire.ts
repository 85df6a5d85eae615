import { z } from 'zod';
import { at, dedupe, pathString, type Issue } from '../validation/issues.ts';
import { findCycles, KEY_PATTERN, showIfRefs, showIfSchema, walkLeaves, type ShowIfProblem, type ShowIfValue } from './questionnaire-conditions.ts';

// csv.ts and fhir.ts still import these from here; they go when those import the modules.
export { formatShowIf, type ShowIf, type ShowIfValue } from './questionnaire-conditions.ts';
export type { LocalizedText } from '../validation/issues.ts';

// Questionnaires for evaluation (citizens, colleagues of peers, peers) kept as data, so a
// coordinator can add or adapt one without a code change. A version is locked once it has
// answers: reports compare answers to the exact wording people saw.

export const AUDIENCES = ['citizen', 'colleague', 'peer'] as const;

export const ITEM_TYPES = ['singleChoice', 'multipleChoice', 'yesNo', 'number', 'slider', 'freeText', 'display'] as const;

/** Enough for a few paragraphs, short enough that nobody writes a case file into a survey. */
export const DEFAULT_FREE_TEXT_MAX = 1000;

// Option values become CSV cells and FHIR codes: no spaces, nothing a spreadsheet would run.
const OPTION_VALUE_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

const keySchema = z.string().max(40).regex(KEY_PATTERN);
const nonEmpty = z.string().trim().min(1);
const localizedSchema = z.strictObject({ da: nonEmpty, en: nonEmpty });
const finite = z.number().refine(Number.isFinite);

// ---------------------------------------------------------------------------------------------
// Items

const base = {
  key: keySchema,
  text: localizedSchema,
  showIf: showIfSchema.optional(),
};
const answerable = { ...base, required: z.boolean().default(false) };

const scoredOption = z.strictObject({
  value: z.string().max(40).regex(OPTION_VALUE_PATTERN),
  label: localizedSchema,
  /** Left out for answers such as "don't know", which must not pull a mean up or down. */
  score: finite.optional(),
});
const plainOption = z.strictObject({
  value: z.string().max(40).regex(OPTION_VALUE_PATTERN),
  label: localizedSchema,
});

const itemSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('singleChoice'), ...answerable, options: z.array(scoredOption).min(2).max(20) }),
  z.strictObject({ type: z.literal('multipleChoice'), ...answerable, options: z.array(plainOption).min(2).max(30) }),
  z.strictObject({ type: z.literal('yesNo'), ...answerable }),
  z.strictObject({
    type: z.literal('number'),
    ...answerable,
    min: finite,
    max: finite,
    // Most numbers asked in evaluation are counts (sessions, meetings, hours).
    integer: z.boolean().default(true),
  }),
  z.strictObject({
    type: z.literal('slider'),
    ...answerable,
    min: finite,
    max: finite,
    step: finite.refine((s) => s > 0),
    minLabel: localizedSchema,
    maxLabel: localizedSchema,
  }),
  z.strictObject({
    type: z.literal('freeText'),
    ...answerable,
    maxLength: z.int().min(1).max(10_000).default(DEFAULT_FREE_TEXT_MAX),
  }),
  z.strictObject({ type: z.literal('display'), ...base }),
]);

export const questionnaireSchema = z.strictObject({
  key: keySchema,
  version: z.int().min(1),
  title: localizedSchema,
  intro: localizedSchema,
  audience: z.enum(AUDIENCES),
  licenceNote: nonEmpty,
  items: z.array(itemSchema).min(1).max(200),
});

export type QuestionnaireInput = z.input<typeof questionnaireSchema>;
export type Questionnaire = z.output<typeof questionnaireSchema>;
export type Item = Questionnaire['items'][number];
export type AnswerableItem = Exclude<Item, { type: 'display' }>;

/** string: single choice; string[]: multiple choice; boolean: yes/no; number: number, slider. */
export type AnswerValue = string | string[] | boolean | number;
export type Answers = Record<string, AnswerValue>;

/** A question named by its key, or by its number where the key cannot be read. */
export type ItemRef = { key: string } | { no: number };

/** Where a problem is: the questionnaire as a whole, a question, or an answer option of a question. */
export type Place = { in: 'questionnaire' } | { in: 'item'; item: ItemRef } | { in: 'option'; item: ItemRef; no: number };

/** The parts of a questionnaire a message can name. */
export const PROPS = [
  'key',
  'version',
  'title',
  'intro',
  'audience',
  'licenceNote',
  'items',
  'type',
  'text',
  'required',
  'options',
  'value',
  'label',
  'score',
  'min',
  'max',
  'integer',
  'step',
  'minLabel',
  'maxLabel',
  'maxLength',
  'showIf',
] as const;
export type Prop = (typeof PROPS)[number];

/**
 * What is wrong with a questionnaire, as a code with what a sentence about it needs; the
 * catalogue words it. `item` and `target` are question keys; numbers of questions and answer
 * options count from 1.
 */
export type QuestionnaireProblem =
  | { code: 'duplicateKey'; key: string; first: number; second: number }
  | { code: 'noAnswerableItem' }
  | { code: 'duplicateOption'; item: string; value: string; first: number; second: number }
  | { code: 'minNotBelowMax'; item: string; min: number; max: number }
  | { code: 'limitsNotWhole'; item: string; min: number; max: number }
  | { code: 'stepMissesEnd'; item: string; min: number; max: number; step: number }
  | { code: 'tooManySteps'; item: string; steps: number }
  | { code: 'showIfOnItself'; item: string }
  | { code: 'showIfCircle'; keys: string[] }
  | { code: 'showIfUnknownItem'; item: string; target: string }
  | { code: 'showIfLaterItem'; item: string; target: string }
  | { code: 'showIfTextOnly'; item: string; target: string }
  | { code: 'showIfFreeText'; item: string; target: string }
  | { code: 'showIfNotAnOption'; item: string; target: string; value: ShowIfValue; options: string[] }
  | { code: 'showIfNotYesNo'; item: string; target: string; value: ShowIfValue }
  | { code: 'showIfOutOfRange'; item: string; target: string; value: ShowIfValue; min: number; max: number }
  | { code: 'showIfRule'; rule: ShowIfProblem; place: Place }
  | { code: 'unknownType'; value: string; place: Place }
  | { code: 'unknownAudience'; value: string }
  | { code: 'textMissing'; lang: 'da' | 'en'; prop: Prop; place: Place }
  | { code: 'badKey'; value: string; place: Place }
  | { code: 'badOptionValue'; value: string; place: Place }
  | { code: 'unknownProperty'; keys: string[]; place: Place }
  | { code: 'missing'; prop: Prop; place: Place }
  | { code: 'badVersion' }
  | { code: 'badStep'; place: Place }
  | { code: 'tooFewOptions'; minimum: number; place: Place }
  | { code: 'noItems' }
  | { code: 'tooSmall' | 'tooBig'; prop: Prop; place: Place; bound: number; unit: 'entries' | 'characters' | 'none' }
  | { code: 'wrongForm'; prop: Prop; place: Place };

export interface QuestionnaireError {
  /** e.g. "items[2].showIf.all[0].item" */
  path: string;
  problem: QuestionnaireProblem;
}

export type ValidateResult = { ok: true; value: Questionnaire } | { ok: false; errors: QuestionnaireError[] };

export function isAnswerable(item: Item): item is AnswerableItem {
  return item.type !== 'display';
}

export function validateQuestionnaire(input: unknown): ValidateResult {
  const parsed = questionnaireSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: dedupe(
        parsed.error.issues.map((i) => describeIssue(i, input)),
        (e) => JSON.stringify(e.problem),
      ),
    };
  }
  const errors = semanticErrors(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------------------------------------
// Checks between parts: uniqueness, ranges and the show-if graph.

function semanticErrors(q: Questionnaire): QuestionnaireError[] {
  const errors: QuestionnaireError[] = [];
  const push = (path: string, problem: QuestionnaireProblem) => errors.push({ path, problem });
  const indexOf = new Map<string, number>();

  q.items.forEach((item, i) => {
    const first = indexOf.get(item.key);
    if (first !== undefined) {
      push(`items[${i}].key`, { code: 'duplicateKey', key: item.key, first: first + 1, second: i + 1 });
    } else {
      indexOf.set(item.key, i);
    }
  });

  if (!q.items.some(isAnswerable)) push('items', { code: 'noAnswerableItem' });

  q.items.forEach((item, i) => {
    if (item.type === 'singleChoice' || item.type === 'multipleChoice') {
      const seen = new Map<string, number>();
      item.options.forEach((o, j) => {
        const before = seen.get(o.value);
        if (before !== undefined) {
          push(`items[${i}].options[${j}].value`, { code: 'duplicateOption', item: item.key, value: o.value, first: before + 1, second: j + 1 });
        } else {
          seen.set(o.value, j);
        }
      });
    }
    if (item.type === 'number' || item.type === 'slider') {
      if (item.min > item.max || (item.type === 'slider' && item.min === item.max)) {
        push(`items[${i}].min`, { code: 'minNotBelowMax', item: item.key, min: item.min, max: item.max });
      }
    }
    if (item.type === 'number' && item.integer && !(Number.isInteger(item.min) && Number.isInteger(item.max))) {
      push(`items[${i}].min`, { code: 'limitsNotWhole', item: item.key, min: item.min, max: item.max });
    }
    if (item.type === 'slider' && item.max > item.min) {
      const steps = (item.max - item.min) / item.step;
      if (Math.abs(steps - Math.round(steps)) > 1e-9 || steps < 1) {
        push(`items[${i}].step`, { code: 'stepMissesEnd', item: item.key, min: item.min, max: item.max, step: item.step });
      } else if (steps > 1000) {
        push(`items[${i}].step`, { code: 'tooManySteps', item: item.key, steps: Math.round(steps) });
      }
    }
  });

  errors.push(...showIfErrors(q, indexOf));
  return errors;
}

function showIfErrors(q: Questionnaire, indexOf: Map<string, number>): QuestionnaireError[] {
  const errors: QuestionnaireError[] = [];
  // Edges from an item to the items its rule reads; the first item with a key wins.
  const edges = new Map<string, string[]>();
  q.items.forEach((item, i) => {
    if (item.showIf && indexOf.get(item.key) === i) {
      edges.set(
        item.key,
        showIfRefs(item.showIf).filter((k) => indexOf.has(k)),
      );
    }
  });

  const cycles = findCycles(
    q.items.map((it) => it.key).filter((k, i) => indexOf.get(k) === i),
    edges,
  );
  const inCycle = new Map<string, number>();
  cycles.forEach((cycle, c) => cycle.forEach((k) => inCycle.set(k, c)));
  for (const cycle of cycles) {
    const first = cycle[0]!;
    errors.push({
      path: `items[${indexOf.get(first)}].showIf`,
      problem: cycle.length === 1 ? { code: 'showIfOnItself', item: first } : { code: 'showIfCircle', keys: [...cycle, first] },
    });
  }

  q.items.forEach((item, i) => {
    if (!item.showIf) return;
    walkLeaves(item.showIf, `items[${i}].showIf`, (leaf, path) => {
      const about = { item: item.key, target: leaf.item };
      const j = indexOf.get(leaf.item);
      const target = j === undefined ? undefined : q.items[j];
      if (target === undefined || j === undefined) {
        errors.push({ path: `${path}.item`, problem: { code: 'showIfUnknownItem', ...about } });
        return;
      }
      if (j >= i) {
        // A cycle has its own message naming every item in it.
        const c = inCycle.get(item.key);
        if (c !== undefined && c === inCycle.get(leaf.item)) return;
        errors.push({ path: `${path}.item`, problem: { code: 'showIfLaterItem', ...about } });
        return;
      }
      if (target.type === 'display' || target.type === 'freeText') {
        errors.push({ path: `${path}.item`, problem: { code: target.type === 'display' ? 'showIfTextOnly' : 'showIfFreeText', ...about } });
        return;
      }
      const values = 'equals' in leaf ? [leaf.equals] : leaf.in;
      const valuePath = 'equals' in leaf ? `${path}.equals` : `${path}.in`;
      for (const value of values) {
        const problem = valueProblem(target, value, about);
        if (problem) errors.push({ path: valuePath, problem });
      }
    });
  });
  return errors;
}

/** At most this many values of a slider are offered each as its own choice: 0 to 10. */
export const MOST_SLIDER_CHOICES = 11;

/**
 * The values a slider can take, lowest first, when there are few enough to offer each as its own
 * choice; null when there are more. A browser's range control always holds a value, so a person
 * who never touched it would send its lowest as their answer; a choice left empty is no answer.
 */
export function sliderChoices(slider: { min: number; max: number; step: number }): number[] | null {
  const count = Math.round((slider.max - slider.min) / slider.step) + 1;
  if (!(count >= 2) || count > MOST_SLIDER_CHOICES) return null;
  // Rounded to ten decimals: 0.1 added three times is not 0.3 in floating point.
  return Array.from({ length: count }, (_, i) => Math.round((slider.min + i * slider.step) * 1e10) / 1e10);
}

/** Why a rule value can never match an answer to the target, or null when it can. */
function valueProblem(target: AnswerableItem, value: ShowIfValue, about: { item: string; target: string }): QuestionnaireProblem | null {
  switch (target.type) {
    case 'singleChoice':
    case 'multipleChoice': {
      if (typeof value === 'string' && target.options.some((o) => o.value === value)) return null;
      return { code: 'showIfNotAnOption', ...about, value, options: target.options.map((o) => o.value) };
    }
    case 'yesNo':
      return typeof value === 'boolean' ? null : { code: 'showIfNotYesNo', ...about, value };
    case 'number':
    case 'slider':
      if (typeof value === 'number' && value >= target.min && value <= target.max) return null;
      return { code: 'showIfOutOfRange', ...about, value, min: target.min, max: target.max };
    case 'freeText':
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Versions

/**
 * A version that has answers is locked: changing a question's wording or options under existing
 * answers would make the report compare answers to different questions.
 */
export function canEditInPlace(hasAnswers: boolean): boolean {
  return !hasAnswers;
}

/** A deep copy with the next version number, to edit when the current one is locked. */
export function nextVersion(q: Questionnaire): Questionnaire {
  return { ...structuredClone(q), version: q.version + 1 };
}

// ---------------------------------------------------------------------------------------------
// Turning zod issues into problems a coordinator can act on.

function placeOf(root: unknown, path: readonly PropertyKey[]): Place {
  const [a, i, b, j] = path;
  if (a !== 'items' || typeof i !== 'number') return { in: 'questionnaire' };
  const k = at(root, ['items', i, 'key']);
  const item: ItemRef = typeof k === 'string' && KEY_PATTERN.test(k) ? { key: k } : { no: i + 1 };
  if (b === 'options' && typeof j === 'number') return { in: 'option', item, no: j + 1 };
  return { in: 'item', item };
}

function isProp(p: PropertyKey): p is Prop {
  return (PROPS as readonly PropertyKey[]).includes(p);
}

function propOf(path: readonly PropertyKey[]): Prop {
  for (let k = path.length - 1; k >= 0; k--) {
    const p = path[k]!;
    if (p !== 'da' && p !== 'en' && isProp(p)) return p;
  }
  return 'value';
}

function describeIssue(issue: Issue, root: unknown): QuestionnaireError {
  const path = issue.path;
  const p = pathString(path);
  const place = placeOf(root, path);
  const prop = propOf(path);
  const last = path[path.length - 1];
  const value = at(root, path);
  const error = (problem: QuestionnaireProblem): QuestionnaireError => ({ path: p, problem });

  if (issue.code === 'custom') {
    const rule = (issue.params as { showIf?: ShowIfProblem } | undefined)?.showIf;
    if (rule) return error({ code: 'showIfRule', rule, place });
  }
  if (issue.code === 'invalid_union' && last === 'type') return error({ code: 'unknownType', value: String(value), place });
  if (issue.code === 'invalid_value' && last === 'audience') return error({ code: 'unknownAudience', value: String(value) });
  const lang = last === 'da' || last === 'en' ? last : null;
  if (lang && (value === undefined || (typeof value === 'string' && value.trim() === ''))) {
    return error({ code: 'textMissing', lang, prop, place });
  }
  if (issue.code === 'invalid_format' && (last === 'key' || last === 'value')) {
    return error({ code: last === 'key' ? 'badKey' : 'badOptionValue', value: String(value), place });
  }
  if (issue.code === 'unrecognized_keys') return error({ code: 'unknownProperty', keys: issue.keys, place });
  if (value === undefined) return error({ code: 'missing', prop, place });
  if (last === 'version' && path.length === 1) return error({ code: 'badVersion' });
  if (last === 'step') return error({ code: 'badStep', place });
  if (issue.code === 'too_small' && issue.origin === 'array' && last === 'options') {
    return error({ code: 'tooFewOptions', minimum: Number(issue.minimum), place });
  }
  if (issue.code === 'too_small' && issue.origin === 'array' && last === 'items') return error({ code: 'noItems' });
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const unit = issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : 'none';
    const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    return error({ code: issue.code === 'too_small' ? 'tooSmall' : 'tooBig', prop, place, bound, unit });
  }
  return error({ code: 'wrongForm', prop, place });
}
