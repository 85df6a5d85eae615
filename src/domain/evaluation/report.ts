import type { LocalizedText } from '../validation/issues.ts';
import type { AnswerableItem, Answers } from './questionnaire.ts';
import type { SuppressedCount, SuppressedMean, TableEntry } from './disclosure/suppression.ts';
import { DEFAULT_K, freeTextAllowed, safeFilteredCount, suppressCount, suppressTable, suppressedMean } from './disclosure/suppression.ts';

// Aggregation of already-fetched answers for one group (a site, a period), with suppression
// applied. The database does the heavy counting for large installations; this is the rule book
// for what may be shown.

export interface OptionCount {
  value: string;
  label: LocalizedText;
  count: SuppressedCount | TableEntry;
  /** Share of those who answered the item, when both numbers are shown. */
  percent: number | null;
}

export interface Distribution {
  item: string;
  /** How many answered this item. */
  respondents: SuppressedCount;
  /** Empty for number, slider and free text. */
  options: OptionCount[];
  /** Mean score (single choice with scores) or mean value (number, slider); null when none applies. */
  mean: SuppressedMean | null;
  /** Free text only: whether the texts may be shown in the report. */
  textsAllowed: boolean | null;
}

export interface DistributionOptions {
  /**
   * What to keep when a single-choice item has small answer counts. A shown mean together with
   * shown counts and the total is one more sum a reader can use to work out the hidden counts,
   * so both cannot be shown at once. 'counts' (default) keeps the counts and hides the mean;
   * 'mean' hides every count and keeps the mean and the number of respondents.
   */
  prefer?: 'counts' | 'mean';
}

const YES_NO: { value: string; answer: boolean; label: LocalizedText }[] = [
  { value: 'yes', answer: true, label: { da: 'Ja', en: 'Yes' } },
  { value: 'no', answer: false, label: { da: 'Nej', en: 'No' } },
];

function percentOf(count: SuppressedCount | TableEntry, total: SuppressedCount | TableEntry): number | null {
  if (count.kind !== 'value' || total.kind !== 'value' || total.value === 0) return null;
  return (count.value / total.value) * 100;
}

/**
 * Counts per answer option for one item in one group, with small counts hidden. Answers that do
 * not fit the item (wrong type, unknown option) are not counted; a locked questionnaire version
 * should never produce them.
 */
export function distribution(item: AnswerableItem, responses: readonly Answers[], k: number = DEFAULT_K, options: DistributionOptions = {}): Distribution {
  const answers = responses.map((r) => r[item.key]).filter((a) => a !== undefined);

  if (item.type === 'singleChoice' || item.type === 'yesNo') {
    const opts =
      item.type === 'yesNo'
        ? YES_NO.map((o) => ({ value: o.value, label: o.label, matches: (a: unknown) => a === o.answer, score: undefined }))
        : item.options.map((o) => ({ value: o.value, label: o.label, matches: (a: unknown) => a === o.value, score: o.score }));
    const counts = opts.map((o) => answers.filter(o.matches).length);
    // One row: the options must protect each other, or one hidden count is the total minus the rest.
    const table = suppressTable([counts], k);
    let cells: (TableEntry | SuppressedCount)[] = table.cells[0] ?? [];
    const respondents = table.total;

    let mean: SuppressedMean | null = null;
    if (opts.some((o) => o.score !== undefined)) {
      const scores: number[] = [];
      opts.forEach((o, i) => {
        if (o.score !== undefined) for (let n = 0; n < counts[i]!; n++) scores.push(o.score);
      });
      mean = suppressedMean(scores, k);
      const anyHidden = cells.some((c) => c.kind === 'suppressed');
      if (mean.kind === 'value' && anyHidden) {
        if ((options.prefer ?? 'counts') === 'mean') {
          cells = cells.map(() => ({ kind: 'suppressed', reason: 'complementary' }) as const);
          // With "don't know" answers n is the total minus them, which must not give them away.
          const total = counts.reduce((a, b) => a + b, 0);
          if (mean.n !== undefined && safeFilteredCount(mean.n, total, k).kind === 'suppressed') mean = { kind: 'value', value: mean.value };
        } else {
          mean = { kind: 'suppressed', reason: 'protectsHiddenCounts' };
        }
      }
    }
    return {
      item: item.key,
      respondents,
      options: opts.map((o, i) => ({ value: o.value, label: o.label, count: cells[i]!, percent: percentOf(cells[i]!, respondents) })),
      mean,
      textsAllowed: null,
    };
  }

  if (item.type === 'multipleChoice') {
    // Each option is its own yes/no split of the respondents: chosen or not. Hiding an option
    // when either side is small keeps "everyone but one chose it" from showing.
    const given = answers.filter((a): a is string[] => Array.isArray(a));
    const respondents = suppressCount(given.length, k);
    return {
      item: item.key,
      respondents,
      options: item.options.map((o) => {
        const count: SuppressedCount =
          respondents.kind === 'suppressed' ? { kind: 'suppressed' } : safeFilteredCount(given.filter((a) => a.includes(o.value)).length, given.length, k);
        return { value: o.value, label: o.label, count, percent: percentOf(count, respondents) };
      }),
      mean: null,
      textsAllowed: null,
    };
  }

  if (item.type === 'number' || item.type === 'slider') {
    const values = answers.filter((a): a is number => typeof a === 'number');
    // No minimum or maximum: each is one person's answer.
    return { item: item.key, respondents: suppressCount(values.length, k), options: [], mean: suppressedMean(values, k), textsAllowed: null };
  }

  const texts = answers.filter((a): a is string => typeof a === 'string' && a !== '');
  return {
    item: item.key,
    respondents: suppressCount(texts.length, k),
    options: [],
    mean: null,
    textsAllowed: freeTextAllowed(texts.length, k),
  };
}

export interface BeforeAfter {
  before: Distribution;
  after: Distribution;
  /** after − before, only when both means are shown. */
  meanChange: number | null;
  /** Change in percentage points per option, only when both shares are shown. */
  optionChanges: { value: string; percentPoints: number | null }[];
}

/**
 * The same item in two periods (e.g. before and after peer workers started). Each side is
 * suppressed on its own; a difference is given only when both sides are shown, since a
 * difference with one hidden side would give the hidden side away.
 */
export function beforeAfter(
  item: AnswerableItem,
  periodA: readonly Answers[],
  periodB: readonly Answers[],
  k: number = DEFAULT_K,
  options: DistributionOptions = {},
): BeforeAfter {
  const before = distribution(item, periodA, k, options);
  const after = distribution(item, periodB, k, options);
  const meanChange = before.mean?.kind === 'value' && after.mean?.kind === 'value' ? after.mean.value - before.mean.value : null;
  return {
    before,
    after,
    meanChange,
    optionChanges: before.options.map((b, i) => {
      const a = after.options[i];
      return { value: b.value, percentPoints: a && a.percent !== null && b.percent !== null ? a.percent - b.percent : null };
    }),
  };
}
