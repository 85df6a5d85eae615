import { z } from 'zod';
import { at, cap, dedupe, pathString, sizeMessage, type Issue } from '../validation/issues.ts';

// Questionnaires for evaluation (citizens, colleagues of peers, peers) kept as data, so a
// coordinator can add or adapt one without a code change. A version is locked once it has
// answers: reports compare answers to the exact wording people saw.

export type LocalizedText = { da: string; en: string };

export const AUDIENCES = ['citizen', 'colleague', 'peer'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const ITEM_TYPES = [
  'singleChoice',
  'multipleChoice',
  'yesNo',
  'number',
  'slider',
  'freeText',
  'display',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Enough for a few paragraphs, short enough that nobody writes a case file into a survey. */
export const DEFAULT_FREE_TEXT_MAX = 1000;

// Same shape as sheet keys, so keys read the same everywhere (and work as FHIR linkIds).
const KEY_PATTERN = /^[a-z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*$/;
// Option values become CSV cells and FHIR codes: no spaces, nothing a spreadsheet would run.
const OPTION_VALUE_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

const keySchema = z.string().max(40).regex(KEY_PATTERN);
const nonEmpty = z.string().trim().min(1);
const localizedSchema = z.strictObject({ da: nonEmpty, en: nonEmpty });
const finite = z.number().refine(Number.isFinite);

// ---------------------------------------------------------------------------------------------
// Show-if rules

export type ShowIfValue = string | number | boolean;
export type ShowIf =
  | { item: string; equals: ShowIfValue }
  | { item: string; in: ShowIfValue[] }
  | { all: ShowIf[] }
  | { any: ShowIf[] };

const MAX_SHOW_IF_DEPTH = 5;

// Parsed by hand rather than with z.union: a union's errors list every alternative, and a
// person writing a rule needs one sentence saying what is wrong where.
const showIfSchema = z.unknown().transform((raw, ctx): ShowIf | undefined => {
  if (raw === undefined) return undefined;
  const problems: { path: (string | number)[]; message: LocalizedText }[] = [];
  const parsed = parseShowIf(raw, [], 1, problems);
  for (const p of problems) {
    ctx.addIssue({ code: 'custom', path: p.path, message: p.message.en, params: { message: p.message } });
  }
  return parsed ?? z.NEVER;
});

function isShowIfValue(v: unknown): v is ShowIfValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

const SHOW_IF_FORMS: LocalizedText = {
  da: 'Brug { item, equals }, { item, in: [...] }, { all: [...] } eller { any: [...] }.',
  en: 'Use { item, equals }, { item, in: [...] }, { all: [...] } or { any: [...] }.',
};

function parseShowIf(
  raw: unknown,
  path: (string | number)[],
  depth: number,
  problems: { path: (string | number)[]; message: LocalizedText }[],
): ShowIf | null {
  const fail = (message: LocalizedText, at: (string | number)[] = path) => {
    problems.push({ path: at, message });
    return null;
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail({ da: `Visningsreglen har ikke den rigtige form. ${SHOW_IF_FORMS.da}`, en: `The show-if rule does not have the right form. ${SHOW_IF_FORMS.en}` });
  }
  const o = raw as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys === 'all' || keys === 'any') {
    const list = o[keys];
    if (depth >= MAX_SHOW_IF_DEPTH) {
      return fail({
        da: `Visningsreglen er lagt for mange lag ind i hinanden (højst ${MAX_SHOW_IF_DEPTH}). Gør den enklere.`,
        en: `The show-if rule is nested too deeply (at most ${MAX_SHOW_IF_DEPTH} levels). Make it simpler.`,
      });
    }
    if (!Array.isArray(list) || list.length === 0) {
      return fail(
        { da: `'${keys}' skal være en liste med mindst én regel.`, en: `'${keys}' must be a list with at least one rule.` },
        [...path, keys],
      );
    }
    const rules = list.map((r, i) => parseShowIf(r, [...path, keys, i], depth + 1, problems));
    if (rules.some((r) => r === null)) return null;
    return keys === 'all' ? { all: rules as ShowIf[] } : { any: rules as ShowIf[] };
  }
  if (keys === 'equals,item' || keys === 'in,item') {
    const item = o['item'];
    if (typeof item !== 'string' || !KEY_PATTERN.test(item)) {
      return fail(
        { da: 'Visningsreglen skal nævne nøglen på et spørgsmål i "item".', en: 'The show-if rule must name the key of a question in "item".' },
        [...path, 'item'],
      );
    }
    if (keys === 'equals,item') {
      const v = o['equals'];
      if (!isShowIfValue(v)) {
        return fail(
          { da: '"equals" skal være en tekst, et tal eller true/false.', en: '"equals" must be a text, a number or true/false.' },
          [...path, 'equals'],
        );
      }
      return { item, equals: v };
    }
    const vs = o['in'];
    if (!Array.isArray(vs) || vs.length === 0 || !vs.every(isShowIfValue)) {
      return fail(
        {
          da: '"in" skal være en liste med mindst én værdi (tekst, tal eller true/false).',
          en: '"in" must be a list of at least one value (text, number or true/false).',
        },
        [...path, 'in'],
      );
    }
    return { item, in: vs };
  }
  return fail({ da: `Visningsreglen har ikke den rigtige form. ${SHOW_IF_FORMS.da}`, en: `The show-if rule does not have the right form. ${SHOW_IF_FORMS.en}` });
}

/** Items a rule reads, in the order they are named, without repeats. */
export function showIfRefs(rule: ShowIf): string[] {
  const out: string[] = [];
  const walk = (r: ShowIf) => {
    if ('all' in r) r.all.forEach(walk);
    else if ('any' in r) r.any.forEach(walk);
    else if (!out.includes(r.item)) out.push(r.item);
  };
  walk(rule);
  return out;
}

/** A one-line, language-neutral form for codebooks and logs: heard = '5' and (x in (1, 2)). */
export function formatShowIf(rule: ShowIf): string {
  const lit = (v: ShowIfValue) => (typeof v === 'string' ? `'${v}'` : String(v));
  if ('all' in rule) return rule.all.map((r) => ('any' in r ? `(${formatShowIf(r)})` : formatShowIf(r))).join(' and ');
  if ('any' in rule) return rule.any.map((r) => ('all' in r ? `(${formatShowIf(r)})` : formatShowIf(r))).join(' or ');
  if ('equals' in rule) return `${rule.item} = ${lit(rule.equals)}`;
  return `${rule.item} in (${rule.in.map(lit).join(', ')})`;
}

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
export type ChoiceOption = { value: string; label: LocalizedText; score?: number };

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
      edges.set(item.key, showIfRefs(item.showIf).filter((k) => indexOf.has(k)));
    }
  });

  const cycles = findCycles(q.items.map((it) => it.key).filter((k, i) => indexOf.get(k) === i), edges);
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

type Leaf = Extract<ShowIf, { item: string }>;

function walkLeaves(rule: ShowIf, path: string, visit: (leaf: Leaf, path: string) => void): void {
  if ('all' in rule) rule.all.forEach((r, i) => walkLeaves(r, `${path}.all[${i}]`, visit));
  else if ('any' in rule) rule.any.forEach((r, i) => walkLeaves(r, `${path}.any[${i}]`, visit));
  else visit(rule, path);
}

/**
 * Every strongly connected group of items that depend on each other (Tarjan), each returned as
 * one concrete loop through the group starting at its first item, so the message can name the
 * path a person has to break.
 */
function findCycles(order: string[], edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];

  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      groups.push(group);
    }
  };
  for (const v of order) if (!index.has(v)) connect(v);

  const position = new Map(order.map((k, i) => [k, i]));
  const cycles: string[][] = [];
  for (const group of groups) {
    const members = new Set(group);
    const start = [...group].sort((a, b) => position.get(a)! - position.get(b)!)[0]!;
    if (group.length === 1 && !(edges.get(start) ?? []).includes(start)) continue;
    // Shortest way from the start back to itself inside the group.
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length > 0 && !found) {
      const v = queue.shift()!;
      for (const w of edges.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          previous.set(start, v);
          found = true;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const loop: string[] = [];
    let v = previous.get(start)!;
    while (v !== start) {
      loop.unshift(v);
      v = previous.get(v)!;
    }
    cycles.push([start, ...loop]);
  }
  return cycles.sort((a, b) => position.get(a[0]!)! - position.get(b[0]!)!);
}

// ---------------------------------------------------------------------------------------------
// Show-if at answer time

function holds(rule: ShowIf, answers: Answers): boolean {
  if ('all' in rule) return rule.all.every((r) => holds(r, answers));
  if ('any' in rule) return rule.any.some((r) => holds(r, answers));
  const a = answers[rule.item];
  if (a === undefined) return false;
  const wanted = 'equals' in rule ? [rule.equals] : rule.in;
  // For multiple choice a rule holds when any wanted option is among those chosen.
  return Array.isArray(a) ? a.some((x) => wanted.includes(x)) : wanted.includes(a);
}

/**
 * The items a respondent sees, in order. An item hidden by its rule counts as unanswered for the
 * rules after it, even if an answer to it was sent: otherwise a follow-up could stay visible
 * after the question it follows has been hidden.
 */
export function visibleItems(q: Questionnaire, answers: Answers): Item[] {
  const seen: Answers = {};
  const out: Item[] = [];
  for (const item of q.items) {
    if (item.showIf && !holds(item.showIf, seen)) continue;
    out.push(item);
    const a = answers[item.key];
    if (item.type !== 'display' && a !== undefined) seen[item.key] = a;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checking a response

export interface ResponseError {
  /** The item key the error belongs to (or the unknown key that was sent). */
  item: string;
  message: LocalizedText;
}

export type ResponseResult =
  | { ok: true; answers: Answers }
  | { ok: false; errors: ResponseError[]; /** what could be read, to show the form again */ answers: Answers };

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

function fmt(n: number): { da: string; en: string } {
  return { da: String(n).replace('.', ','), en: String(n) };
}

type Parsed = { ok: true; value: AnswerValue } | { ok: false; message: LocalizedText };

/**
 * A number typed in a form: Danish decimal comma accepted, nothing that only looks like one.
 * `separator` tells whether a comma or dot was typed: in Danish "1.000" means a thousand, so a
 * whole-number question must not quietly read it as 1.
 */
function readNumber(v: unknown): { n: number; separator: boolean } | null {
  if (typeof v === 'number') return Number.isFinite(v) ? { n: v, separator: false } : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/\s/g, '');
  if (!/^[-−]?\d+(?:[.,]\d+)?$/.test(s)) return null;
  return { n: Number(s.replace('−', '-').replace(',', '.')), separator: /[.,]/.test(s) };
}

function single(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

function parseAnswer(item: AnswerableItem, raw: unknown): Parsed {
  const err = (da: string, en: string): Parsed => ({ ok: false, message: { da, en } });
  switch (item.type) {
    case 'singleChoice': {
      const v = single(raw);
      if (Array.isArray(v)) return err('Vælg kun ét svar.', 'Choose only one answer.');
      const s = typeof v === 'number' ? String(v) : v;
      if (typeof s === 'string' && item.options.some((o) => o.value === s)) return { ok: true, value: s };
      return err('Vælg et af svarene på listen.', 'Choose one of the answers in the list.');
    }
    case 'multipleChoice': {
      const list = Array.isArray(raw) ? raw : [raw];
      const chosen = new Set<string>();
      for (const v of list) {
        if (typeof v !== 'string' || !item.options.some((o) => o.value === v)) {
          return err('Vælg kun blandt svarene på listen.', 'Choose only from the answers in the list.');
        }
        chosen.add(v);
      }
      // Option order, so the same choices always give the same stored answer.
      return { ok: true, value: item.options.map((o) => o.value).filter((v) => chosen.has(v)) };
    }
    case 'yesNo': {
      const v = single(raw);
      if (v === true || v === 'yes' || v === 'true') return { ok: true, value: true };
      if (v === false || v === 'no' || v === 'false') return { ok: true, value: false };
      return err('Svar ja eller nej.', 'Answer yes or no.');
    }
    case 'number':
    case 'slider': {
      const read = readNumber(single(raw));
      const lo = fmt(item.min);
      const hi = fmt(item.max);
      if (read === null) return err('Skriv et tal, fx 12.', 'Enter a number, for example 12.');
      const n = read.n;
      if (item.type === 'number' && item.integer && (!Number.isInteger(n) || read.separator)) {
        return err('Skriv et helt tal uden komma eller punktum.', 'Enter a whole number without a comma or full stop.');
      }
      if (n < item.min || n > item.max) {
        return err(`Skriv et tal fra ${lo.da} til ${hi.da}.`, `Enter a number from ${lo.en} to ${hi.en}.`);
      }
      if (item.type === 'number') return { ok: true, value: n };
      const steps = (n - item.min) / item.step;
      if (Math.abs(steps - Math.round(steps)) > 1e-6) {
        return err('Vælg et af punkterne på skalaen.', 'Choose one of the points on the scale.');
      }
      // Snap to the grid so 0.1 + 0.2 style noise cannot make a show-if rule miss.
      return { ok: true, value: Number((item.min + Math.round(steps) * item.step).toFixed(10)) };
    }
    case 'freeText': {
      const v = single(raw);
      if (typeof v !== 'string') return err('Svaret skal være tekst.', 'The answer must be text.');
      // Browsers send line breaks as CRLF; count them as one character, as the text box does.
      const text = v.replace(/\r\n?/g, '\n').trim();
      const length = [...text].length;
      if (length > item.maxLength) {
        return err(
          `Teksten er for lang: ${length} tegn. Der er plads til ${item.maxLength} tegn.`,
          `The text is too long: ${length} characters. There is room for ${item.maxLength} characters.`,
        );
      }
      return { ok: true, value: text };
    }
  }
}

function shortKey(k: string): string {
  return k.length > 40 ? `${k.slice(0, 40)}…` : k;
}

/**
 * Reads one response. Accepts both JSON values and form-post strings ("3", "yes", "2,5"). Answers
 * to items hidden by their rules are dropped, not rejected: a respondent who changed an earlier
 * answer should not be stopped by a follow-up they can no longer see.
 */
export function validateResponse(q: Questionnaire, raw: Record<string, unknown>): ResponseResult {
  const errors: ResponseError[] = [];
  const byKey = new Map(q.items.map((it) => [it.key, it]));
  for (const key of Object.keys(raw)) {
    const item = byKey.get(key);
    if (item === undefined) {
      errors.push({
        item: key,
        message: {
          da: `Svaret '${shortKey(key)}' hører ikke til et spørgsmål i dette spørgeskema.`,
          en: `The answer '${shortKey(key)}' does not belong to a question in this questionnaire.`,
        },
      });
    } else if (item.type === 'display' && !isEmpty(raw[key])) {
      errors.push({
        item: key,
        message: { da: `'${shortKey(key)}' er kun tekst og kan ikke besvares.`, en: `'${shortKey(key)}' is text only and cannot be answered.` },
      });
    }
  }

  const answers: Answers = {};
  for (const item of q.items) {
    if (item.showIf && !holds(item.showIf, answers)) continue;
    if (item.type === 'display') continue;
    const v = Object.hasOwn(raw, item.key) ? raw[item.key] : undefined;
    if (isEmpty(v)) {
      if (item.required) errors.push({ item: item.key, message: { da: 'Dette spørgsmål skal besvares.', en: 'This question needs an answer.' } });
      continue;
    }
    const parsed = parseAnswer(item, v);
    if (!parsed.ok) {
      errors.push({ item: item.key, message: parsed.message });
      continue;
    }
    if (item.type === 'freeText' && parsed.value === '') {
      if (item.required) errors.push({ item: item.key, message: { da: 'Dette spørgsmål skal besvares.', en: 'This question needs an answer.' } });
      continue;
    }
    answers[item.key] = parsed.value;
  }
  return errors.length > 0 ? { ok: false, errors, answers } : { ok: true, answers };
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

