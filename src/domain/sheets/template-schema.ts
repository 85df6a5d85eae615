import { z } from 'zod';
import { at, cap, dedupe, pathString, sizeMessage, type Issue, type LocalizedText } from '../validation/issues.ts';

export const LANGS = ['da', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type { LocalizedText };

export const FIELD_TYPES = ['longText', 'shortText', 'list'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_ROLES = ['whoIAm', 'matters', 'helpWith', 'soThat', 'mustNotPrevent', 'workTowards'] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];

/** Per item for lists. Long enough for a paragraph or two, short enough to fit one A4 page. */
export const DEFAULT_MAX_LENGTH: Record<FieldType, number> = {
  longText: 2000,
  shortText: 200,
  list: 200,
};
export const DEFAULT_MAX_ITEMS = 20;

/** Page ids in the flow share one namespace with step keys. */
export const RESERVED_STEP_KEYS = ['compose', 'check', 'done'] as const;
/** Form posts use flat names: field keys, `summary` and `selfCheck.<key>`. */
export const RESERVED_FIELD_KEYS = ['summary', 'selfCheck'] as const;

// camelCase is allowed so that field keys can read like the roles they carry ({whoIAm}).
const KEY_PATTERN = /^[a-z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

const keySchema = z.string().max(40).regex(KEY_PATTERN);
const nonEmpty = z.string().trim().min(1);
const localizedSchema = z.strictObject({ da: nonEmpty, en: nonEmpty });

const fieldSchema = z
  .strictObject({
    key: keySchema,
    type: z.enum(FIELD_TYPES),
    label: localizedSchema,
    hint: localizedSchema.optional(),
    /** Heading on the printed sheet; falls back to the step title or the label. */
    heading: localizedSchema.optional(),
    maxLength: z.int().min(1).max(20_000).optional(),
    maxItems: z.int().min(1).max(100).optional(),
    role: z.enum(FIELD_ROLES).optional(),
    /** Inside a required step, an optional field may stay empty without a reminder. */
    optional: z.boolean().optional(),
  })
  .transform((f) => ({
    ...f,
    maxLength: f.maxLength ?? DEFAULT_MAX_LENGTH[f.type],
    maxItems: f.maxItems ?? DEFAULT_MAX_ITEMS,
    optional: f.optional ?? false,
  }));

const stepSchema = z.strictObject({
  key: keySchema,
  title: localizedSchema,
  prompt: localizedSchema,
  help: localizedSchema,
  examples: z.strictObject({
    da: z.array(nonEmpty).max(10),
    en: z.array(nonEmpty).max(10),
  }),
  required: z.boolean(),
  fields: z.array(fieldSchema).min(1),
});

const selfCheckSchema = z.strictObject({ key: keySchema, text: localizedSchema });

/**
 * A frame clause is a list of alternatives; the first one whose placeholders all have content is
 * used, and a clause with no such alternative is left out. A plain string is one alternative.
 */
const clauseSchema = z.union([nonEmpty, z.array(nonEmpty).min(1)]).transform((c) => (typeof c === 'string' ? [c] : c));

const compositionSchema = z.strictObject({
  title: localizedSchema,
  prompt: localizedSchema,
  minSentences: z.int().min(1).max(20).default(2),
  maxSentences: z.int().min(1).max(20).default(8),
  maxLength: z.int().min(1).max(20_000).default(600),
  frame: z.strictObject({
    da: z.array(clauseSchema).min(1),
    en: z.array(clauseSchema).min(1),
  }),
  /** The last sentence of a draft, inviting the reader to work it out together. */
  closing: z.strictObject({ da: clauseSchema, en: clauseSchema }).optional(),
});

export const templateSchema = z.strictObject({
  key: keySchema,
  version: z.int().min(1),
  title: localizedSchema,
  intro: localizedSchema,
  steps: z.array(stepSchema).min(1),
  selfCheck: z.array(selfCheckSchema),
  composition: compositionSchema,
  licenceNote: z.string().trim().min(1).optional(),
});

export type SheetTemplateInput = z.input<typeof templateSchema>;
export type SheetTemplate = z.output<typeof templateSchema>;
export type TemplateStep = SheetTemplate['steps'][number];
export type TemplateField = TemplateStep['fields'][number];

export interface TemplateError {
  /** e.g. "steps[0].fields[1].type" */
  path: string;
  message: LocalizedText;
}

export type ValidateResult = { ok: true; template: SheetTemplate } | { ok: false; errors: TemplateError[] };

/** All fields in page order, each with the step it belongs to. */
export function fieldsOf(template: SheetTemplate): { step: TemplateStep; field: TemplateField }[] {
  return template.steps.flatMap((step) => step.fields.map((field) => ({ step, field })));
}

/** Field keys a frame alternative refers to, in order of appearance. */
export function placeholdersOf(alternative: string): string[] {
  return [...alternative.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

export function validateTemplate(input: unknown): ValidateResult {
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => describeIssue(issue, input));
    return { ok: false, errors: dedupe(errors, (e) => e.message.en) };
  }
  const errors = semanticErrors(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, template: parsed.data };
}

// ---------------------------------------------------------------------------------------------
// Checks zod cannot express on its own: uniqueness and references between parts.

function semanticErrors(t: SheetTemplate): TemplateError[] {
  const errors: TemplateError[] = [];
  const stepSeen = new Set<string>();
  const fieldSeen = new Map<string, string>();

  t.steps.forEach((step, i) => {
    if ((RESERVED_STEP_KEYS as readonly string[]).includes(step.key)) {
      errors.push({
        path: `steps[${i}].key`,
        message: {
          da: `Trinnøglen '${step.key}' er reserveret. Vælg en anden nøgle.`,
          en: `The step key '${step.key}' is reserved. Choose another key.`,
        },
      });
    }
    if (stepSeen.has(step.key)) {
      errors.push({
        path: `steps[${i}].key`,
        message: {
          da: `Trinnøglen '${step.key}' bruges mere end én gang.`,
          en: `The step key '${step.key}' is used more than once.`,
        },
      });
    }
    stepSeen.add(step.key);

    step.fields.forEach((field, j) => {
      const path = `steps[${i}].fields[${j}].key`;
      if ((RESERVED_FIELD_KEYS as readonly string[]).includes(field.key)) {
        errors.push({
          path,
          message: {
            da: `Feltnøglen '${field.key}' i trin '${step.key}' er reserveret. Vælg en anden nøgle.`,
            en: `The field key '${field.key}' in step '${step.key}' is reserved. Choose another key.`,
          },
        });
      }
      const firstStep = fieldSeen.get(field.key);
      if (firstStep !== undefined) {
        errors.push({
          path,
          message: {
            da: `Feltnøglen '${field.key}' bruges mere end én gang (i trin '${firstStep}' og '${step.key}').`,
            en: `The field key '${field.key}' is used more than once (in step '${firstStep}' and '${step.key}').`,
          },
        });
      } else {
        fieldSeen.set(field.key, step.key);
      }
    });
  });

  const checkSeen = new Set<string>();
  t.selfCheck.forEach((item, i) => {
    if (checkSeen.has(item.key)) {
      errors.push({
        path: `selfCheck[${i}].key`,
        message: {
          da: `Nøglen '${item.key}' bruges mere end én gang i tjeklisten.`,
          en: `The key '${item.key}' is used more than once in the self-check list.`,
        },
      });
    }
    checkSeen.add(item.key);
  });

  const c = t.composition;
  if (c.minSentences > c.maxSentences) {
    errors.push({
      path: 'composition.minSentences',
      message: {
        da: `Sammenskrivningen skal have mindst ${c.minSentences} og højst ${c.maxSentences} sætninger. Det mindste tal må ikke være størst.`,
        en: `The composition asks for at least ${c.minSentences} and at most ${c.maxSentences} sentences. The smallest number must not be the largest.`,
      },
    });
  }

  for (const lang of LANGS) {
    const langName = lang === 'da' ? { da: 'dansk', en: 'Danish' } : { da: 'engelsk', en: 'English' };
    const clauses = [
      ...c.frame[lang].map((clause, i) => ({ clause, at: `frame.${lang}[${i}]` })),
      ...(c.closing ? [{ clause: c.closing[lang], at: `closing.${lang}` }] : []),
    ];
    clauses.forEach(({ clause, at }) => {
      clause.forEach((alternative, j) => {
        for (const key of placeholdersOf(alternative)) {
          if (fieldSeen.has(key)) continue;
          errors.push({
            path: `composition.${at}[${j}]`,
            message: {
              da: `Udkastet (${langName.da}) henviser til feltet '${key}', som ikke findes.`,
              en: `The draft frame (${langName.en}) refers to the field '${key}', which does not exist.`,
            },
          });
        }
      });
    });
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Turning zod issues into sentences a person writing a sheet can act on.

const PROP_NAMES: Record<string, LocalizedText> = {
  key: { da: 'nøglen', en: 'the key' },
  version: { da: 'versionen', en: 'the version' },
  title: { da: 'titlen', en: 'the title' },
  intro: { da: 'introen', en: 'the intro' },
  steps: { da: 'trinene', en: 'the steps' },
  prompt: { da: 'spørgsmålet', en: 'the question' },
  help: { da: 'hjælpeteksten', en: 'the help text' },
  examples: { da: 'eksemplerne', en: 'the examples' },
  required: { da: 'valget »påkrævet«', en: 'the "required" setting' },
  fields: { da: 'felterne', en: 'the fields' },
  type: { da: 'felttypen', en: 'the field type' },
  label: { da: 'feltnavnet', en: 'the label' },
  hint: { da: 'tippet', en: 'the hint' },
  heading: { da: 'overskriften', en: 'the heading' },
  maxLength: { da: 'den største længde', en: 'the maximum length' },
  maxItems: { da: 'det største antal linjer', en: 'the maximum number of lines' },
  role: { da: 'rollen', en: 'the role' },
  optional: { da: 'valget »frivilligt«', en: 'the "optional" setting' },
  selfCheck: { da: 'tjeklisten', en: 'the self-check list' },
  text: { da: 'teksten', en: 'the text' },
  composition: { da: 'sammenskrivningen', en: 'the composition' },
  minSentences: { da: 'det mindste antal sætninger', en: 'the minimum number of sentences' },
  maxSentences: { da: 'det største antal sætninger', en: 'the maximum number of sentences' },
  frame: { da: 'udkastet', en: 'the draft frame' },
  closing: { da: 'den sidste sætning i udkastet', en: 'the last sentence of the draft' },
  licenceNote: { da: 'licensnoten', en: 'the licence note' },
};

function keyOf(root: unknown, path: readonly PropertyKey[]): string | null {
  const k = at(root, [...path, 'key']);
  // An invalid key makes a poor name for the place the error is in; fall back to a number.
  return typeof k === 'string' && KEY_PATTERN.test(k) ? k : null;
}

/** "i trin 'who'" / "in step 'who'" — where in the template a path points. */
function whereOf(root: unknown, path: readonly PropertyKey[]): LocalizedText {
  const [a, i, b, j] = path;
  if (a === 'steps' && typeof i === 'number') {
    const stepKey = keyOf(root, ['steps', i]);
    const step = stepKey ? { da: `trin '${stepKey}'`, en: `step '${stepKey}'` } : { da: `trin nr. ${i + 1}`, en: `step no. ${i + 1}` };
    if (b === 'fields' && typeof j === 'number') {
      const fieldKey = keyOf(root, ['steps', i, 'fields', j]);
      const field = fieldKey ? { da: `feltet '${fieldKey}'`, en: `field '${fieldKey}'` } : { da: `felt nr. ${j + 1}`, en: `field no. ${j + 1}` };
      return { da: `${field.da} i ${step.da}`, en: `${field.en} in ${step.en}` };
    }
    return step;
  }
  if (a === 'selfCheck' && typeof i === 'number') {
    const k = keyOf(root, ['selfCheck', i]);
    return k ? { da: `tjekpunktet '${k}'`, en: `self-check item '${k}'` } : { da: `tjekpunkt nr. ${i + 1}`, en: `self-check item no. ${i + 1}` };
  }
  if (a === 'composition') return { da: 'sammenskrivningen', en: 'the composition' };
  return { da: 'skabelonen', en: 'the template' };
}

/** The property an issue is about, skipping array indexes and language codes. */
function propOf(path: readonly PropertyKey[]): LocalizedText {
  for (let k = path.length - 1; k >= 0; k--) {
    const p = path[k];
    if (typeof p === 'string' && p !== 'da' && p !== 'en' && PROP_NAMES[p]) return PROP_NAMES[p];
  }
  return { da: 'værdien', en: 'the value' };
}

function langOf(path: readonly PropertyKey[]): Lang | null {
  for (let k = path.length - 1; k >= Math.max(0, path.length - 2); k--) {
    const p = path[k];
    if (p === 'da' || p === 'en') return p;
  }
  return null;
}

function describeIssue(issue: Issue, root: unknown): TemplateError {
  const path = issue.path;
  const p = pathString(path);
  const where = whereOf(root, path);
  const prop = propOf(path);
  const last = path[path.length - 1];
  const value = at(root, path);
  const inWhere = (w: LocalizedText) => ({ da: `i ${w.da}`, en: `in ${w.en}` });
  const wIn = inWhere(where);

  if (issue.code === 'invalid_value' && last === 'type' && path.includes('fields')) {
    const stepIndex = path[1];
    const stepKey = typeof stepIndex === 'number' ? keyOf(root, ['steps', stepIndex]) : null;
    const stepName = stepKey ?? (typeof stepIndex === 'number' ? `nr. ${stepIndex + 1}` : '?');
    const stepNameEn = stepKey ?? (typeof stepIndex === 'number' ? `no. ${stepIndex + 1}` : '?');
    return {
      path: p,
      message: {
        da: `Ukendt felttype '${String(value)}' i trin '${stepName}'. Brug longText, shortText eller list.`,
        en: `Unknown field type '${String(value)}' in step '${stepNameEn}'. Use longText, shortText or list.`,
      },
    };
  }
  if (issue.code === 'invalid_value' && last === 'role') {
    return {
      path: p,
      message: {
        da: `Ukendt rolle '${String(value)}' ${wIn.da}.`,
        en: `Unknown role '${String(value)}' ${wIn.en}.`,
      },
    };
  }

  const lang = langOf(path);
  const missing = value === undefined || (typeof value === 'string' && value.trim() === '');
  if (lang && missing && !path.includes('examples')) {
    const langName = lang === 'da' ? { da: 'danske', en: 'Danish' } : { da: 'engelske', en: 'English' };
    return {
      path: p,
      message: {
        da: `Den ${langName.da} tekst mangler: ${prop.da} ${wIn.da}.`,
        en: `The ${langName.en} text is missing: ${prop.en} ${wIn.en}.`,
      },
    };
  }

  if (issue.code === 'too_small' && issue.origin === 'array') {
    if (last === 'steps') {
      return {
        path: p,
        message: {
          da: 'Skabelonen skal have mindst ét trin.',
          en: 'The template needs at least one step.',
        },
      };
    }
    if (last === 'fields') {
      return {
        path: p,
        message: {
          da: `${cap(where.da)} skal have mindst ét felt.`,
          en: `${cap(where.en)} needs at least one field.`,
        },
      };
    }
  }

  if (issue.code === 'invalid_format' && last === 'key') {
    return {
      path: p,
      message: {
        da: `Nøglen '${String(value)}' ${wIn.da} kan ikke bruges. En nøgle begynder med et lille bogstav og har kun bogstaverne a–z, tal og bindestreg.`,
        en: `The key '${String(value)}' ${wIn.en} cannot be used. A key starts with a small letter and has only the letters a–z, digits and hyphens.`,
      },
    };
  }

  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return {
      path: p,
      message: {
        da: `Ukendt egenskab ${keys} ${wIn.da}. Måske er den stavet forkert?`,
        en: `Unknown property ${keys} ${wIn.en}. Maybe it is misspelt?`,
      },
    };
  }

  if (value === undefined) {
    return {
      path: p,
      message: { da: `${cap(prop.da)} mangler ${wIn.da}.`, en: `${cap(prop.en)} is missing ${wIn.en}.` },
    };
  }

  if (last === 'version' && path.length === 1) {
    return {
      path: p,
      message: {
        da: 'Versionen skal være et helt tal på 1 eller mere.',
        en: 'The version must be a whole number of 1 or more.',
      },
    };
  }

  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return { path: p, message: sizeMessage(issue, prop, wIn, { arrayEn: ' items' }) };
  }

  return {
    path: p,
    message: {
      da: `${cap(prop.da)} ${wIn.da} har ikke den rigtige form.`,
      en: `${cap(prop.en)} ${wIn.en} does not have the right form.`,
    },
  };
}
