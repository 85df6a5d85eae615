import type { AnswerableItem, AnswerValue, Answers, Questionnaire } from './questionnaire.ts';
import { holds } from './questionnaire-conditions.ts';

// Reading one person's answers to a questionnaire: form strings or JSON values in, checked
// answers (or one problem per item) out.

/** What is wrong with one answer; the page says it in the reader's language. */
export type AnswerProblem =
  | { code: 'onlyOne' | 'notAnOption' | 'onlyFromList' | 'yesOrNo' | 'notANumber' | 'notWhole' | 'notOnScale' | 'notText' | 'required' }
  | { code: 'outOfRange'; min: number; max: number }
  | { code: 'tooLong'; length: number; max: number }
  | { code: 'unknownItem' | 'displayOnly'; key: string };

export interface ResponseError {
  /** The item key the error belongs to (or the unknown key that was sent). */
  item: string;
  problem: AnswerProblem;
}

export type ResponseResult =
  | { ok: true; answers: Answers }
  | { ok: false; errors: ResponseError[] /** what could be read, to show the form again */; answers: Answers };

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

type Parsed = { ok: true; value: AnswerValue } | { ok: false; problem: AnswerProblem };

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
  const err = (problem: AnswerProblem): Parsed => ({ ok: false, problem });
  switch (item.type) {
    case 'singleChoice': {
      const v = single(raw);
      if (Array.isArray(v)) return err({ code: 'onlyOne' });
      const s = typeof v === 'number' ? String(v) : v;
      if (typeof s === 'string' && item.options.some((o) => o.value === s)) return { ok: true, value: s };
      return err({ code: 'notAnOption' });
    }
    case 'multipleChoice': {
      const list = Array.isArray(raw) ? raw : [raw];
      const chosen = new Set<string>();
      for (const v of list) {
        if (typeof v !== 'string' || !item.options.some((o) => o.value === v)) {
          return err({ code: 'onlyFromList' });
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
      return err({ code: 'yesOrNo' });
    }
    case 'number':
    case 'slider': {
      const read = readNumber(single(raw));
      if (read === null) return err({ code: 'notANumber' });
      const n = read.n;
      if (item.type === 'number' && item.integer && (!Number.isInteger(n) || read.separator)) {
        return err({ code: 'notWhole' });
      }
      if (n < item.min || n > item.max) {
        return err({ code: 'outOfRange', min: item.min, max: item.max });
      }
      if (item.type === 'number') return { ok: true, value: n };
      const steps = (n - item.min) / item.step;
      if (Math.abs(steps - Math.round(steps)) > 1e-6) {
        return err({ code: 'notOnScale' });
      }
      // Snap to the grid so 0.1 + 0.2 style noise cannot make a show-if rule miss.
      return { ok: true, value: Number((item.min + Math.round(steps) * item.step).toFixed(10)) };
    }
    case 'freeText': {
      const v = single(raw);
      if (typeof v !== 'string') return err({ code: 'notText' });
      // Browsers send line breaks as CRLF; count them as one character, as the text box does.
      const text = v.replace(/\r\n?/g, '\n').trim();
      const length = [...text].length;
      if (length > item.maxLength) {
        return err({ code: 'tooLong', length, max: item.maxLength });
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
      errors.push({ item: key, problem: { code: 'unknownItem', key: shortKey(key) } });
    } else if (item.type === 'display' && !isEmpty(raw[key])) {
      errors.push({ item: key, problem: { code: 'displayOnly', key: shortKey(key) } });
    }
  }

  const answers: Answers = {};
  for (const item of q.items) {
    if (item.showIf && !holds(item.showIf, answers)) continue;
    if (item.type === 'display') continue;
    const v = Object.hasOwn(raw, item.key) ? raw[item.key] : undefined;
    if (isEmpty(v)) {
      if (item.required) errors.push({ item: item.key, problem: { code: 'required' } });
      continue;
    }
    const parsed = parseAnswer(item, v);
    if (!parsed.ok) {
      errors.push({ item: item.key, problem: parsed.problem });
      continue;
    }
    if (item.type === 'freeText' && parsed.value === '') {
      if (item.required) errors.push({ item: item.key, problem: { code: 'required' } });
      continue;
    }
    answers[item.key] = parsed.value;
  }
  return errors.length > 0 ? { ok: false, errors, answers } : { ok: true, answers };
}
