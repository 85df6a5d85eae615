// Scoring a team's self-assessment. Each person answers every item on a scale of 1–5 or says
// "don't know", which is not scored. The team sees only theme means, and only when at least k
// people answered, so nobody's own answers can be read out of the result.

import { CURRENT, THEMES, type ItemSet, type Theme } from './items.ts';
import { suppressedMean, suppressCount, type SuppressedCount, type SuppressedMean } from '../evaluation/disclosure/suppression.ts';

/** One person's answers: 1–5, or null for "don't know". */
export type AssessmentAnswers = Record<string, number | null>;

export const SCALE = [1, 2, 3, 4, 5] as const;
export const DONT_KNOW = 'dk';

/** Reads a submitted form: every item needs 1–5 or "don't know". */
export function parseAnswers(
  raw: Record<string, string | undefined>,
  set: ItemSet = CURRENT,
): { ok: true; answers: AssessmentAnswers } | { ok: false; missing: string[]; given: Record<string, string> } {
  const answers: AssessmentAnswers = {};
  const given: Record<string, string> = {};
  const missing: string[] = [];
  for (const item of set.items) {
    const v = raw[item.key];
    if (v === DONT_KNOW) {
      answers[item.key] = null;
      given[item.key] = v;
    } else if (v !== undefined && /^[1-5]$/.test(v)) {
      answers[item.key] = Number(v);
      given[item.key] = v;
    } else missing.push(item.key);
  }
  return missing.length ? { ok: false, missing, given } : { ok: true, answers };
}

/** Reads answers as stored, keeping only known items with valid values. */
export function storedAnswers(value: unknown, set: ItemSet = CURRENT): AssessmentAnswers {
  const out: AssessmentAnswers = {};
  if (!value || typeof value !== 'object') return out;
  const record = value as Record<string, unknown>;
  for (const item of set.items) {
    const v = record[item.key];
    if (v === null) out[item.key] = null;
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5) out[item.key] = v;
  }
  return out;
}

/** A person's mean per theme over the items they scored; null when they scored none. */
export function personThemeMeans(answers: AssessmentAnswers, set: ItemSet = CURRENT): Partial<Record<Theme, number | null>> {
  const out: Partial<Record<Theme, number | null>> = {};
  for (const theme of set.themes) {
    const scores = set.items
      .filter((i) => i.theme === theme)
      .map((i) => answers[i.key])
      .filter((v): v is number => typeof v === 'number');
    out[theme] = scores.length ? scores.reduce((s, v) => s + v, 0) / scores.length : null;
  }
  return out;
}

export interface ThemeResult {
  theme: Theme;
  mean: SuppressedMean;
}

export interface CombinedResult {
  k: number;
  /** How many answered; hidden below k. */
  respondents: SuppressedCount;
  /** How many more answers are needed before anything is shown (0 when shown). */
  needed: number;
  /** Theme means of the round's item set; each needs k people who scored at least one item of the theme. */
  themes: ThemeResult[];
  shown: boolean;
}

/** Combines the team's answers into theme means, hiding everything below k respondents. */
export function combine(responses: readonly AssessmentAnswers[], k: number, set: ItemSet = CURRENT): CombinedResult {
  const respondents = suppressCount(responses.length, k);
  const shown = responses.length >= k;
  const perPerson = responses.map((r) => personThemeMeans(r, set));
  const themes = set.themes.map((theme) => ({
    theme,
    mean: shown
      ? suppressedMean(
          perPerson.map((p) => p[theme]).filter((v): v is number => typeof v === 'number'),
          k,
        )
      : ({ kind: 'suppressed', reason: 'tooFew' } as const),
  }));
  return { k, respondents, needed: Math.max(0, k - responses.length), themes, shown };
}

/** The value of a theme mean, or null when hidden (or not asked in that round's version). */
export function meanValue(result: CombinedResult | null, theme: Theme): number | null {
  const m = result?.themes.find((t) => t.theme === theme)?.mean;
  return m && m.kind === 'value' ? m.value : null;
}

/** Change per theme from the previous round; null when either side is hidden. */
export function changeBetween(current: CombinedResult, previous: CombinedResult | null): Record<Theme, number | null> {
  const out = {} as Record<Theme, number | null>;
  for (const theme of THEMES) {
    const now = meanValue(current, theme);
    const before = meanValue(previous, theme);
    out[theme] = now === null || before === null ? null : Math.round((now - before) * 10) / 10;
  }
  return out;
}

/**
 * What the team may see of a round. While a round is open the means are not shown at all, even
 * with k or more answers: a figure that changes each time a colleague answers would tell the
 * others that colleague's own answers by subtraction. The combined result appears when the round
 * is closed (and no answer can change any more), and only with at least k respondents.
 */
export type RoundOutcome =
  | { kind: 'tooFew'; needed: number; closed: boolean }
  | { kind: 'waitingForClose'; respondents: number }
  | { kind: 'shown'; result: CombinedResult };

export function roundOutcome(responses: readonly AssessmentAnswers[], k: number, closed: boolean, set: ItemSet = CURRENT): RoundOutcome {
  const result = combine(responses, k, set);
  if (!result.shown) return { kind: 'tooFew', needed: result.needed, closed };
  if (!closed) return { kind: 'waitingForClose', respondents: responses.length };
  return { kind: 'shown', result };
}
