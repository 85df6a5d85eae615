import { z } from 'zod';
import type { LocalizedText, SheetTemplate, TemplateField } from './template-schema.ts';
import { fieldsOf } from './template-schema.ts';
import { cleanText, formatNumber, textLength } from './text.ts';

export { cleanText, countSentences, textLength } from './text.ts';

export type FieldValue = string | string[];

export interface StatementAnswers {
  /** Keyed by field key: a string for text fields, a list of lines for list fields. */
  fields: Record<string, FieldValue>;
  summary: string;
  selfCheck: Record<string, boolean>;
}

export interface AnswerError {
  /** A field key, or "summary". */
  field: string;
  /** For list fields: which line (0-based) is too long. */
  item?: number;
  limit: number;
  length: number;
  message: LocalizedText;
}

/** Answers always come back, so a page with an error can show every word the person wrote. */
export type ParseAnswersResult = { ok: true; answers: StatementAnswers } | { ok: false; answers: StatementAnswers; errors: AnswerError[] };

export type FormDataLike = Record<string, string | string[] | undefined>;

/** Form field name of a self-check item; field keys cannot contain a dot, so names never clash. */
export function selfCheckName(key: string): string {
  return `selfCheck.${key}`;
}

export function emptyAnswers(template: SheetTemplate): StatementAnswers {
  const fields: Record<string, FieldValue> = {};
  for (const { field } of fieldsOf(template)) fields[field.key] = field.type === 'list' ? [] : '';
  const selfCheck: Record<string, boolean> = {};
  for (const item of template.selfCheck) selfCheck[item.key] = false;
  return { fields, summary: '', selfCheck };
}

export function asText(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.join('\n');
}

export function asList(value: FieldValue | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? value.split('\n').filter((l) => l.trim() !== '') : value;
}

export function hasContent(value: FieldValue | undefined): boolean {
  return asList(value).some((l) => l.trim() !== '');
}

const withinLength = (max: number) => (s: string) => textLength(s) <= max;

/**
 * Schema for stored answers (e.g. from the device or an import), built from the template so each
 * field has its own limit. Missing fields become empty; unknown ones are dropped.
 */
const schemaCache = new WeakMap<SheetTemplate, z.ZodType<StatementAnswers, unknown>>();

/** Cached per template object: templates never change, and building a schema is not free. */
export function answersSchema(template: SheetTemplate): z.ZodType<StatementAnswers, unknown> {
  const cached = schemaCache.get(template);
  if (cached) return cached;
  const built = buildAnswersSchema(template);
  schemaCache.set(template, built);
  return built;
}

function buildAnswersSchema(template: SheetTemplate): z.ZodType<StatementAnswers, unknown> {
  const fieldShape: Record<string, z.ZodType<FieldValue, unknown>> = {};
  for (const { field } of fieldsOf(template)) {
    fieldShape[field.key] =
      field.type === 'list'
        ? z
            .array(z.string().refine(withinLength(field.maxLength)))
            .max(field.maxItems)
            .default([])
        : z.string().refine(withinLength(field.maxLength)).default('');
  }
  const checkShape: Record<string, z.ZodType<boolean, unknown>> = {};
  for (const item of template.selfCheck) checkShape[item.key] = z.boolean().default(false);
  return z.object({
    fields: z.object(fieldShape).default(() => emptyAnswers(template).fields),
    summary: z.string().refine(withinLength(template.composition.maxLength)).default(''),
    selfCheck: z.object(checkShape).default(() => emptyAnswers(template).selfCheck),
  });
}

const TRUE_VALUES = new Set(['on', 'true', '1', 'yes', 'ja']);
// A line typed as "- passe min hund" or "• …" is one item; the marker is layout, not words.
const BULLET = /^(?:[-*•–—]|\d+[.)])\s+/;

function tooLong(field: string, limit: number, length: number, item?: number): AnswerError {
  const base = { field, limit, length };
  if (item === undefined) {
    return {
      ...base,
      message: {
        da: `Teksten er for lang. Der er plads til ${formatNumber(limit, 'da')} tegn, og der står ${formatNumber(length, 'da')} nu. Prøv at gøre den lidt kortere. Intet af det, du har skrevet, er slettet.`,
        en: `The text is too long. There is room for ${formatNumber(limit, 'en')} characters, and there are ${formatNumber(length, 'en')} now. Try to make it a little shorter. Nothing you wrote has been deleted.`,
      },
    };
  }
  return {
    ...base,
    item,
    message: {
      da: `Linje ${item + 1} er for lang. Der er plads til ${formatNumber(limit, 'da')} tegn på hver linje, og der står ${formatNumber(length, 'da')} nu. Intet af det, du har skrevet, er slettet.`,
      en: `Line ${item + 1} is too long. There is room for ${formatNumber(limit, 'en')} characters on each line, and there are ${formatNumber(length, 'en')} now. Nothing you wrote has been deleted.`,
    },
  };
}

function tooManyItems(field: string, limit: number, count: number): AnswerError {
  return {
    field,
    limit,
    length: count,
    message: {
      da: `Der er ${formatNumber(count, 'da')} linjer. Der er plads til ${formatNumber(limit, 'da')}. Måske kan nogle af dem slås sammen? Intet af det, du har skrevet, er slettet.`,
      en: `There are ${formatNumber(count, 'en')} lines. There is room for ${formatNumber(limit, 'en')}. Maybe some of them can be put together? Nothing you wrote has been deleted.`,
    },
  };
}

function valuesOf(raw: string | string[] | undefined): string[] {
  return raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
}

function parseText(raw: string | string[] | undefined): string {
  // Several values for one text field (a duplicated input) are kept, not dropped.
  return valuesOf(raw)
    .map(cleanText)
    .filter((p) => p !== '')
    .join('\n');
}

function parseList(raw: string | string[] | undefined): string[] {
  return valuesOf(raw)
    .flatMap((p) => cleanText(p).split('\n'))
    .map((line) => line.trim().replace(BULLET, '').trim())
    .filter((line) => line !== '');
}

function parseField(field: TemplateField, raw: string | string[] | undefined): FieldValue {
  if (field.type === 'list') return parseList(raw);
  const text = parseText(raw);
  return field.type === 'shortText' ? text.replace(/\s*\n\s*/g, ' ') : text;
}

/**
 * Reads a posted form (or the same shape from the browser) into answers. Text is cleaned, never
 * cut: text over a limit is returned as it is, together with an error saying by how much.
 */
export function parseAnswers(template: SheetTemplate, formData: FormDataLike): ParseAnswersResult {
  const answers = emptyAnswers(template);
  const errors: AnswerError[] = [];

  for (const { field } of fieldsOf(template)) {
    const value = parseField(field, formData[field.key]);
    answers.fields[field.key] = value;
    if (typeof value === 'string') {
      const length = textLength(value);
      if (length > field.maxLength) errors.push(tooLong(field.key, field.maxLength, length));
    } else {
      value.forEach((line, i) => {
        const length = textLength(line);
        if (length > field.maxLength) errors.push(tooLong(field.key, field.maxLength, length, i));
      });
      if (value.length > field.maxItems) errors.push(tooManyItems(field.key, field.maxItems, value.length));
    }
  }

  answers.summary = parseText(formData['summary']);
  const summaryLength = textLength(answers.summary);
  if (summaryLength > template.composition.maxLength) {
    errors.push(tooLong('summary', template.composition.maxLength, summaryLength));
  }

  for (const item of template.selfCheck) {
    const values = valuesOf(formData[selfCheckName(item.key)]);
    // A checkbox posts a hidden "false" before the box itself, so the last value wins.
    const last = values[values.length - 1];
    answers.selfCheck[item.key] = last !== undefined && TRUE_VALUES.has(last.trim().toLowerCase());
  }

  return errors.length === 0 ? { ok: true, answers } : { ok: false, answers, errors };
}
