import type { LocalizedText } from '../../validation/issues.ts';
import { isAnswerable, type AnswerableItem, type Questionnaire } from '../questionnaire.ts';
import { NOT_ANSWERED, meanOfShownCounts, type CountTables, type PublishedLine, type PublishedTable } from './releases.ts';
import { DEFAULT_K, type SuppressedCount } from './suppression.ts';

// A questionnaire's tallies as the tables a release is made of, and a published line of those
// tables as the figures a report shows for one item. Every table is a partition of the same
// respondents per site (the "not answered" column closes it), so they share their row totals.
//
//   single choice, yes/no   options … + not answered
//   multiple choice         one table per option: chose it, answered but did not, not answered
//   number, slider          answered, not answered (and the sum of the values, for the mean)
//   free text               no table: texts are released in batches for the whole round

/** A tally row of a round, summed over months. */
export interface TallyRow {
  site: string;
  item: string;
  option: string;
  n: number;
  respondents: number;
  valueCount: number;
  valueSum: number;
  valueSquareSum: number;
}

const YES_NO: { value: string; label: LocalizedText }[] = [
  { value: 'yes', label: { da: 'Ja', en: 'Yes' } },
  { value: 'no', label: { da: 'Nej', en: 'No' } },
];

const MULTIPLE_COLUMNS = ['chosen', 'notChosen', NOT_ANSWERED];

function optionsOf(item: AnswerableItem): { value: string; label: LocalizedText; score?: number }[] {
  if (item.type === 'yesNo') return YES_NO;
  if (item.type === 'singleChoice' || item.type === 'multipleChoice') return item.options;
  return [];
}

/**
 * The table of one option of a multiple-choice item. The colon appears in neither item keys nor
 * option values (questionnaire.ts); a release is stored as jsonb, which refuses the NUL character
 * an earlier version put here, so no report of a questionnaire with such an item could be made.
 */
export function multipleChoiceTableKey(itemKey: string, option: string): string {
  return `${itemKey}:${option}`;
}

/** The counts now, as the tables of a release. `rows` are the sites, in a fixed order. */
export function countTables(q: Questionnaire, rows: readonly string[], tallies: readonly TallyRow[]): CountTables {
  const at = new Map(tallies.map((t) => [`${t.site}\u0000${t.item}\u0000${t.option}`, t]));
  const get = (site: string, item: string, option: string) => at.get(`${site}\u0000${item}\u0000${option}`);
  const respondents = rows.map((r) => get(r, '', '')?.n ?? 0);
  const tables: CountTables['tables'] = [{ key: '', columns: ['respondents'], cells: respondents.map((n) => [n]) }];
  for (const item of q.items) {
    if (!isAnswerable(item)) continue;
    if (item.type === 'singleChoice' || item.type === 'yesNo') {
      const options = optionsOf(item);
      const cells = rows.map((r, i) => {
        const counts = options.map((o) => get(r, item.key, o.value)?.n ?? 0);
        return [...counts, Math.max(0, respondents[i]! - counts.reduce((a, b) => a + b, 0))];
      });
      tables.push({ key: item.key, columns: [...options.map((o) => o.value), NOT_ANSWERED], cells });
    } else if (item.type === 'multipleChoice') {
      const answered = rows.map((r) => item.options.reduce((a, o) => a + (get(r, item.key, o.value)?.respondents ?? 0), 0));
      for (const o of item.options) {
        const cells = rows.map((r, i) => {
          const chosen = get(r, item.key, o.value)?.n ?? 0;
          return [chosen, Math.max(0, answered[i]! - chosen), Math.max(0, respondents[i]! - answered[i]!)];
        });
        tables.push({ key: multipleChoiceTableKey(item.key, o.value), columns: [...MULTIPLE_COLUMNS], cells, sameLastColumnAs: item.key });
      }
    } else if (item.type === 'number' || item.type === 'slider') {
      const cells = rows.map((r, i) => {
        const answered = get(r, item.key, '')?.valueCount ?? 0;
        return [answered, Math.max(0, respondents[i]! - answered)];
      });
      tables.push({
        key: item.key,
        columns: ['answered', NOT_ANSWERED],
        cells,
        sums: rows.map((r) => get(r, item.key, '')?.valueSum ?? 0),
        squares: rows.map((r) => get(r, item.key, '')?.valueSquareSum ?? 0),
      });
    }
  }
  return { rows: [...rows], tables };
}

/** How many wrote an answer to each free-text item, over all sites. */
export function writersPerItem(q: Questionnaire, tallies: readonly TallyRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of q.items) {
    if (item.type !== 'freeText') continue;
    out.set(
      item.key,
      tallies.filter((t) => t.item === item.key).reduce((a, t) => a + t.n, 0),
    );
  }
  return out;
}

export interface ItemFigures {
  key: string;
  type: AnswerableItem['type'];
  text: LocalizedText;
  /** How many answered the item. */
  respondents: SuppressedCount;
  options: { value: string; label: LocalizedText; count: SuppressedCount; percent: number | null }[];
  /** null when the item has no mean. */
  mean: { kind: 'value'; value: number } | { kind: 'suppressed' } | null;
}

const HIDDEN: SuppressedCount = { kind: 'suppressed' };

function lineOf(tables: readonly PublishedTable[], key: string, row: string | null): PublishedLine | null {
  return tables.find((t) => t.key === key)?.lines.find((l) => l.row === row) ?? null;
}

/** Total minus "not answered", where both are shown. */
function answered(line: PublishedLine | null): SuppressedCount {
  if (!line) return HIDDEN;
  const notAnswered = line.cells.at(-1)!;
  if (line.total.kind !== 'value' || notAnswered.kind !== 'value') return HIDDEN;
  return { kind: 'value', value: line.total.value - notAnswered.value };
}

function percent(count: SuppressedCount, of: SuppressedCount): number | null {
  return count.kind === 'value' && of.kind === 'value' && of.value > 0 ? (count.value / of.value) * 100 : null;
}

/**
 * The figures a report shows for one site (row) or for all sites (null): nothing but entries of
 * the published tables and what follows from them.
 */
export function questionnaireFigures(
  q: Questionnaire,
  tables: readonly PublishedTable[],
  row: string | null,
  k: number = DEFAULT_K,
): { respondents: SuppressedCount; items: ItemFigures[] } {
  const respondents = lineOf(tables, '', row)?.total ?? HIDDEN;
  const items: ItemFigures[] = [];
  for (const item of q.items) {
    if (!isAnswerable(item)) continue;
    const base = { key: item.key, type: item.type, text: item.text };
    if (item.type === 'singleChoice' || item.type === 'yesNo') {
      const line = lineOf(tables, item.key, row);
      const options = optionsOf(item);
      const itemRespondents = answered(line);
      const counts = options.map((_, j) => line?.cells[j] ?? HIDDEN);
      const scored = options.some((o) => o.score !== undefined);
      const mean = scored
        ? meanOfShownCounts(
            counts,
            options.map((o) => o.score),
            k,
          )
        : null;
      items.push({
        ...base,
        respondents: itemRespondents,
        options: options.map((o, j) => ({ value: o.value, label: o.label, count: counts[j]!, percent: percent(counts[j]!, itemRespondents) })),
        mean: scored ? (mean === null ? HIDDEN : { kind: 'value', value: mean }) : null,
      } as ItemFigures);
    } else if (item.type === 'multipleChoice') {
      const lines = item.options.map((o) => lineOf(tables, multipleChoiceTableKey(item.key, o.value), row));
      const itemRespondents = answered(lines[0] ?? null);
      items.push({
        ...base,
        respondents: itemRespondents,
        options: item.options.map((o, j) => {
          const count = lines[j]?.cells[0] ?? HIDDEN;
          return { value: o.value, label: o.label, count, percent: percent(count, itemRespondents) };
        }),
        mean: null,
      });
    } else if (item.type === 'number' || item.type === 'slider') {
      const line = lineOf(tables, item.key, row);
      const mean = line?.mean ?? null;
      items.push({ ...base, respondents: line?.cells[0] ?? HIDDEN, options: [], mean: mean === null ? HIDDEN : { kind: 'value', value: mean } });
    } else {
      items.push({ ...base, respondents: HIDDEN, options: [], mean: null });
    }
  }
  return { respondents, items };
}
