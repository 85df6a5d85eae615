import type { LocalizedText } from '../validation/issues.ts';
import { isAnswerable, type AnswerableItem, type AnswerValue, type Answers, type Questionnaire } from './questionnaire.ts';
import { holds } from './questionnaire-conditions.ts';

// Reading one person's answers to a questionnaire: form strings or JSON values in, checked
// answers (or one problem per item) out.

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
