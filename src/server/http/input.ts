import { z } from 'zod';
import type { Messages } from '../i18n/messages.ts';
import type { FormFields } from './body.ts';

// Validation at one edge. A route entry names its input (`input: formInput(schema)` or
// `jsonInput(schema)`); the pipeline parses and validates it before the handler runs, and the
// handler reads `ctx.input`, already typed. A failure is a 400: the route's `invalid` renders the
// form again with `fieldErrors`, or the pipeline answers with its plain error page. Nothing
// invalid reaches a service.
//
// Messages: a schema names the message for a rule with a catalogue path
// (`z.number().min(1, 'sessions.durationInvalid')`); `fieldErrors` is the one mapper from zod's
// issues to the person's language. A rule without a named message gets a plain one by kind.

export interface InputSpec<T> {
  from: 'form' | 'json' | 'query';
  schema: z.ZodType<T>;
}

export function formInput<T>(schema: z.ZodType<T>): InputSpec<T> {
  return { from: 'form', schema };
}
export function jsonInput<T>(schema: z.ZodType<T>): InputSpec<T> {
  return { from: 'json', schema };
}

/** What failed, for the route's `invalid` renderer: the raw values to show again and one message per field. */
export interface InputFailure {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
}

export type ParsedInput<T> = { ok: true; value: T } | { ok: false; failure: InputFailure };

export function parseInput<T>(spec: InputSpec<T>, raw: Record<string, unknown>, t: Messages): ParsedInput<T> {
  const result = spec.schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const values: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(raw))
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) values[k] = v as string | string[];
  return { ok: false, failure: { values, errors: fieldErrors(result.error.issues, t, raw) } };
}

export function formRecord(form: FormFields): Record<string, string | string[]> {
  return form.toRecord();
}

export function queryRecord(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** The one mapper from schema issues to messages, keyed by the top-level field. First issue per field wins. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], t: Messages, raw: Record<string, unknown> = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.length ? String(issue.path[0]) : '_form';
    if (field in errors) continue;
    errors[field] = messageFor(issue, t, raw[field]);
  }
  return errors;
}

function messageFor(issue: z.core.$ZodIssue, t: Messages, value: unknown): string {
  const named = lookup(t, issue.message);
  if (named !== undefined) return named;
  if (issue.code === 'too_big' && issue.origin === 'string' && typeof value === 'string') return t.form.tooLong(Number(issue.maximum), value.length);
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return t.form.required;
  if (issue.code === 'invalid_type' && (value === undefined || value === '')) return t.form.required;
  return t.errors.badRequest;
}

/** `sessions.durationInvalid` → the text at that path in the catalogue, if it is a string there. */
export function lookup(t: Messages, path: string): string | undefined {
  if (!/^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(path)) return undefined;
  let cur: unknown = t;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' ? cur : undefined;
}

// Form fields arrive as strings (or lists of strings); these turn them into the values schemas want.

/** A form field as text: anything else (missing, repeated) becomes '' for `inner` to judge. */
export function formText<T extends z.ZodType>(inner: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v : ''), inner);
}

/** A checkbox: present (any value) is true, absent is false. */
export const checkbox = z.preprocess((v) => v !== undefined && v !== '' && v !== 'false' && v !== '0', z.boolean());

/** A field that may be sent many times (checkboxes with one name): always a list. */
export function many<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

/** A whole number typed into a text field; empty is "missing". */
export function wholeNumber(message?: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : undefined),
    z.number(message ? { message } : undefined).int(message),
  );
}

/** A calendar date as YYYY-MM-DD that exists (no 31 February). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

/** An id in a path or a hidden field. */
export const uuid = z.uuid();
