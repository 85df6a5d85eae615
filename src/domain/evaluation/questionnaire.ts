import { z } from 'zod';
import { at, cap, dedupe, pathString, sizeMessage, type Issue, type LocalizedText } from '../validation/issues.ts';
import { findCycles, KEY_PATTERN, showIfRefs, showIfSchema, walkLeaves, type ShowIfValue } from './questionnaire-conditions.ts';

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

export interface QuestionnaireError {
  /** e.g. "items[2].showIf.all[0].item" */
  path: string;
  message: LocalizedText;
}

export type ValidateResult = { ok: true; value: Questionnaire } | { ok: false; errors: QuestionnaireError[] };

export function isAnswerable(item: Item): item is AnswerableItem {
  return item.type !== 'display';
}

export function validateQuestionnaire(input: unknown): ValidateResult {
  const parsed = questionnaireSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: dedupe(parsed.error.issues.map((i) => describeIssue(i, input))) };
  }
  const errors = semanticErrors(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------------------------------------
// Checks between parts: uniqueness, ranges and the show-if graph.

function itemName(item: { key: string }): LocalizedText {
  return { da: `spørgsmålet '${item.key}'`, en: `question '${item.key}'` };
}

function semanticErrors(q: Questionnaire): QuestionnaireError[] {
  const errors: QuestionnaireError[] = [];
  const push = (path: string, da: string, en: string) => errors.push({ path, message: { da, en } });
  const indexOf = new Map<string, number>();

  q.items.forEach((item, i) => {
    const first = indexOf.get(item.key);
    if (first !== undefined) {
      push(
        `items[${i}].key`,
        `Nøglen '${item.key}' bruges mere end én gang (spørgsmål nr. ${first + 1} og nr. ${i + 1}).`,
        `The key '${item.key}' is used more than once (questions no. ${first + 1} and no. ${i + 1}).`,
      );
    } else {
      indexOf.set(item.key, i);
    }
  });

  if (!q.items.some(isAnswerable)) {
    push('items', 'Spørgeskemaet skal have mindst ét spørgsmål, der kan besvares.', 'The questionnaire needs at least one question that can be answered.');
  }

  q.items.forEach((item, i) => {
    const name = itemName(item);
    if (item.type === 'singleChoice' || item.type === 'multipleChoice') {
      const seen = new Map<string, number>();
      item.options.forEach((o, j) => {
        const before = seen.get(o.value);
        if (before !== undefined) {
          push(
            `items[${i}].options[${j}].value`,
            `Svarmuligheden '${o.value}' findes to gange i ${name.da} (nr. ${before + 1} og nr. ${j + 1}).`,
            `The answer option '${o.value}' appears twice in ${name.en} (no. ${before + 1} and no. ${j + 1}).`,
          );
        } else {
          seen.set(o.value, j);
        }
      });
    }
    if (item.type === 'number' || item.type === 'slider') {
      if (item.min > item.max || (item.type === 'slider' && item.min === item.max)) {
        push(
          `items[${i}].min`,
          `I ${name.da} er det mindste tal (${item.min}) ikke mindre end det største (${item.max}).`,
          `In ${name.en} the lowest value (${item.min}) is not below the highest (${item.max}).`,
        );
      }
    }
    if (item.type === 'number' && item.integer && !(Number.isInteger(item.min) && Number.isInteger(item.max))) {
      push(
        `items[${i}].min`,
        `${cap(name.da)} beder om hele tal, men grænserne ${item.min} og ${item.max} er ikke begge hele tal.`,
        `${cap(name.en)} asks for whole numbers, but the limits ${item.min} and ${item.max} are not both whole numbers.`,
      );
    }
    if (item.type === 'slider' && item.max > item.min) {
      const steps = (item.max - item.min) / item.step;
      if (Math.abs(steps - Math.round(steps)) > 1e-9 || steps < 1) {
        push(
          `items[${i}].step`,
          `I ${name.da} kan man ikke nå fra ${item.min} til ${item.max} i spring på ${item.step}.`,
          `In ${name.en} you cannot get from ${item.min} to ${item.max} in steps of ${item.step}.`,
        );
      } else if (steps > 1000) {
        push(
          `items[${i}].step`,
          `${cap(name.da)} har for mange trin på skalaen (${Math.round(steps)}). Brug højst 1000.`,
          `${cap(name.en)} has too many steps on the scale (${Math.round(steps)}). Use at most 1000.`,
        );
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
    const loop = [...cycle, first].map((k) => `'${k}'`).join(' → ');
    errors.push({
      path: `items[${indexOf.get(first)}].showIf`,
      message:
        cycle.length === 1
          ? {
              da: `Visningsreglen for '${first}' afhænger af svaret på '${first}' selv. Et spørgsmål kan kun vises ud fra svar på spørgsmål, der kommer før det.`,
              en: `The show-if rule of '${first}' depends on the answer to '${first}' itself. A question can only depend on answers to questions that come before it.`,
            }
          : {
              da: `Visningsreglerne går i ring: ${loop}. Et spørgsmål kan kun vises ud fra svar på spørgsmål, der kommer før det.`,
              en: `The show-if rules go round in a circle: ${loop}. A question can only depend on answers to questions that come before it.`,
            },
    });
  }

  q.items.forEach((item, i) => {
    if (!item.showIf) return;
    const name = itemName(item);
    walkLeaves(item.showIf, `items[${i}].showIf`, (leaf, path) => {
      const j = indexOf.get(leaf.item);
      const target = j === undefined ? undefined : q.items[j];
      if (target === undefined || j === undefined) {
        errors.push({
          path: `${path}.item`,
          message: {
            da: `Visningsreglen i ${name.da} henviser til '${leaf.item}', som ikke findes.`,
            en: `The show-if rule in ${name.en} refers to '${leaf.item}', which does not exist.`,
          },
        });
        return;
      }
      if (j >= i) {
        // A cycle has its own message naming every item in it.
        const c = inCycle.get(item.key);
        if (c !== undefined && c === inCycle.get(leaf.item)) return;
        errors.push({
          path: `${path}.item`,
          message: {
            da: `Visningsreglen i ${name.da} henviser til '${leaf.item}', som kommer senere. Flyt '${leaf.item}' op før '${item.key}'.`,
            en: `The show-if rule in ${name.en} refers to '${leaf.item}', which comes later. Move '${leaf.item}' above '${item.key}'.`,
          },
        });
        return;
      }
      if (target.type === 'display' || target.type === 'freeText') {
        errors.push({
          path: `${path}.item`,
          message:
            target.type === 'display'
              ? {
                  da: `Visningsreglen i ${name.da} henviser til '${leaf.item}', som kun er tekst og ikke har et svar.`,
                  en: `The show-if rule in ${name.en} refers to '${leaf.item}', which is text only and has no answer.`,
                }
              : {
                  da: `Visningsreglen i ${name.da} henviser til fritekstfeltet '${leaf.item}'. Fri tekst kan ikke bruges i en regel, fordi folk skriver det samme på mange måder.`,
                  en: `The show-if rule in ${name.en} refers to the free-text question '${leaf.item}'. Free text cannot be used in a rule, because people write the same thing in many ways.`,
                },
        });
        return;
      }
      const values = 'equals' in leaf ? [leaf.equals] : leaf.in;
      const valuePath = 'equals' in leaf ? `${path}.equals` : `${path}.in`;
      for (const v of values) {
        const problem = valueProblem(target, v);
        if (problem) {
          errors.push({
            path: valuePath,
            message: {
              da: `Visningsreglen i ${name.da} venter på svaret ${JSON.stringify(v)} fra '${leaf.item}', ${problem.da}`,
              en: `The show-if rule in ${name.en} waits for the answer ${JSON.stringify(v)} from '${leaf.item}', ${problem.en}`,
            },
          });
        }
      }
    });
  });
  return errors;
}

/** Why a rule value can never match an answer to the target, or null when it can. */
function valueProblem(target: AnswerableItem, v: ShowIfValue): LocalizedText | null {
  switch (target.type) {
    case 'singleChoice':
    case 'multipleChoice': {
      if (typeof v === 'string' && target.options.some((o) => o.value === v)) return null;
      const list = target.options.map((o) => `'${o.value}'`).join(', ');
      return { da: `men den har kun svarmulighederne ${list}.`, en: `but it only has the answer options ${list}.` };
    }
    case 'yesNo':
      return typeof v === 'boolean' ? null : { da: 'men et ja/nej-svar er true eller false.', en: 'but a yes/no answer is true or false.' };
    case 'number':
    case 'slider':
      if (typeof v === 'number' && v >= target.min && v <= target.max) return null;
      return {
        da: `men svaret er et tal fra ${target.min} til ${target.max}.`,
        en: `but the answer is a number from ${target.min} to ${target.max}.`,
      };
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
// Turning zod issues into sentences a coordinator can act on.

const PROP_NAMES: Record<string, LocalizedText> = {
  key: { da: 'nøglen', en: 'the key' },
  version: { da: 'versionen', en: 'the version' },
  title: { da: 'titlen', en: 'the title' },
  intro: { da: 'introen', en: 'the intro' },
  audience: { da: 'målgruppen', en: 'the audience' },
  licenceNote: { da: 'licensnoten', en: 'the licence note' },
  items: { da: 'spørgsmålene', en: 'the questions' },
  type: { da: 'spørgsmålstypen', en: 'the question type' },
  text: { da: 'teksten', en: 'the text' },
  required: { da: 'valget "påkrævet"', en: 'the "required" setting' },
  options: { da: 'svarmulighederne', en: 'the answer options' },
  value: { da: 'værdien', en: 'the value' },
  label: { da: 'svarteksten', en: 'the answer text' },
  score: { da: 'pointtallet', en: 'the score' },
  min: { da: 'det mindste tal', en: 'the lowest value' },
  max: { da: 'det største tal', en: 'the highest value' },
  integer: { da: 'valget "hele tal"', en: 'the "whole numbers" setting' },
  step: { da: 'springet', en: 'the step' },
  minLabel: { da: 'teksten ved den lave ende', en: 'the label at the low end' },
  maxLabel: { da: 'teksten ved den høje ende', en: 'the label at the high end' },
  maxLength: { da: 'den største længde', en: 'the maximum length' },
  showIf: { da: 'visningsreglen', en: 'the show-if rule' },
};

function whereOf(root: unknown, path: readonly PropertyKey[]): LocalizedText {
  const [a, i, b, j] = path;
  if (a !== 'items' || typeof i !== 'number') return { da: 'spørgeskemaet', en: 'the questionnaire' };
  const k = at(root, ['items', i, 'key']);
  const item =
    typeof k === 'string' && KEY_PATTERN.test(k)
      ? { da: `spørgsmålet '${k}'`, en: `question '${k}'` }
      : { da: `spørgsmål nr. ${i + 1}`, en: `question no. ${i + 1}` };
  if (b === 'options' && typeof j === 'number') {
    return { da: `svarmulighed nr. ${j + 1} i ${item.da}`, en: `answer option no. ${j + 1} in ${item.en}` };
  }
  return item;
}

function propOf(path: readonly PropertyKey[]): LocalizedText {
  for (let k = path.length - 1; k >= 0; k--) {
    const p = path[k];
    if (typeof p === 'string' && p !== 'da' && p !== 'en' && PROP_NAMES[p]) return PROP_NAMES[p];
  }
  return { da: 'værdien', en: 'the value' };
}

function describeIssue(issue: Issue, root: unknown): QuestionnaireError {
  const path = issue.path;
  const p = pathString(path);
  const where = whereOf(root, path);
  const wIn = { da: `i ${where.da}`, en: `in ${where.en}` };
  const prop = propOf(path);
  const last = path[path.length - 1];
  const value = at(root, path);

  if (issue.code === 'custom') {
    const m = (issue.params as { message?: LocalizedText } | undefined)?.message;
    if (m) return { path: p, message: { da: `${m.da} (${where.da})`, en: `${m.en} (${where.en})` } };
  }
  if (issue.code === 'invalid_union' && last === 'type') {
    const types = ITEM_TYPES.join(', ');
    return {
      path: p,
      message: {
        da: `Ukendt spørgsmålstype '${String(value)}' ${wIn.da}. Brug en af: ${types}.`,
        en: `Unknown question type '${String(value)}' ${wIn.en}. Use one of: ${types}.`,
      },
    };
  }
  if (issue.code === 'invalid_value' && last === 'audience') {
    return {
      path: p,
      message: {
        da: `Ukendt målgruppe '${String(value)}'. Brug citizen, colleague eller peer.`,
        en: `Unknown audience '${String(value)}'. Use citizen, colleague or peer.`,
      },
    };
  }
  const lang = last === 'da' || last === 'en' ? last : null;
  if (lang && (value === undefined || (typeof value === 'string' && value.trim() === ''))) {
    const langName = lang === 'da' ? { da: 'danske', en: 'Danish' } : { da: 'engelske', en: 'English' };
    return {
      path: p,
      message: { da: `Den ${langName.da} tekst mangler: ${prop.da} ${wIn.da}.`, en: `The ${langName.en} text is missing: ${prop.en} ${wIn.en}.` },
    };
  }
  if (issue.code === 'invalid_format' && (last === 'key' || last === 'value')) {
    const rule =
      last === 'key'
        ? {
            da: 'En nøgle begynder med et lille bogstav og har kun bogstaverne a–z, tal og bindestreg.',
            en: 'A key starts with a small letter and has only the letters a–z, digits and hyphens.',
          }
        : {
            da: 'En værdi har kun bogstaverne a–z, tal, punktum, bindestreg og understreg og begynder med et bogstav eller tal.',
            en: 'A value has only the letters a–z, digits, dots, hyphens and underscores and starts with a letter or digit.',
          };
    return {
      path: p,
      message: {
        da: `${cap(prop.da)} '${String(value)}' ${wIn.da} kan ikke bruges. ${rule.da}`,
        en: `${cap(prop.en)} '${String(value)}' ${wIn.en} cannot be used. ${rule.en}`,
      },
    };
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return {
      path: p,
      message: { da: `Ukendt egenskab ${keys} ${wIn.da}. Måske er den stavet forkert?`, en: `Unknown property ${keys} ${wIn.en}. Maybe it is misspelt?` },
    };
  }
  if (value === undefined) {
    return { path: p, message: { da: `${cap(prop.da)} mangler ${wIn.da}.`, en: `${cap(prop.en)} is missing ${wIn.en}.` } };
  }
  if (last === 'version' && path.length === 1) {
    return {
      path: p,
      message: { da: 'Versionen skal være et helt tal på 1 eller mere.', en: 'The version must be a whole number of 1 or more.' },
    };
  }
  if (last === 'step') {
    return { path: p, message: { da: `Springet ${wIn.da} skal være et tal over 0.`, en: `The step ${wIn.en} must be a number above 0.` } };
  }
  if (issue.code === 'too_small' && issue.origin === 'array' && last === 'options') {
    return {
      path: p,
      message: {
        da: `${cap(where.da)} skal have mindst ${String(issue.minimum)} svarmuligheder.`,
        en: `${cap(where.en)} needs at least ${String(issue.minimum)} answer options.`,
      },
    };
  }
  if (issue.code === 'too_small' && issue.origin === 'array' && last === 'items') {
    return { path: p, message: { da: 'Spørgeskemaet skal have mindst ét spørgsmål.', en: 'The questionnaire needs at least one question.' } };
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return { path: p, message: sizeMessage(issue, prop, wIn, { arrayEn: '' }) };
  }
  return {
    path: p,
    message: { da: `${cap(prop.da)} ${wIn.da} har ikke den rigtige form.`, en: `${cap(prop.en)} ${wIn.en} does not have the right form.` },
  };
}
