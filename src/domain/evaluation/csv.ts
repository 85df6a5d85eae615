import { stringify } from 'csv-stringify/sync';
import type { Questionnaire } from './questionnaire.ts';
import type { ItemFigures } from './disclosure/questionnaire-tables.ts';
import type { SuppressedCount } from './disclosure/suppression.ts';
import { formatShowIf, isAnswerable } from './questionnaire.ts';

// CSV for coordinators who open exports in Excel or LibreOffice.
//
// Formula neutralisation: free text written by respondents ends up in these files, and a
// spreadsheet runs a cell that starts with = + - @ (and some that start with tab or CR) as a
// formula: "=HYPERLINK(...)" can leak data, "+cmd|' /C calc'!A0" used to start programs. Every
// string cell that could start a formula gets a leading apostrophe, which spreadsheets show as
// plain text.
//
// Negative numbers: only string cells are neutralised. A number passed as a number (-3) is
// written as -3 so it stays a number in the spreadsheet and can be summed. Its text can only be
// digits, a minus, a dot and an exponent, so it cannot carry a formula. The same characters sent
// as a string ("-3", e.g. typed in a free-text answer) are text from a person and get the
// apostrophe like any other string.

export type CsvValue = string | number | null;
// Keys are plain names: csv-stringify would read "a.b" as a path into the row.
export type CsvColumn = string | { key: string; header: string };

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so Excel reads æ, ø and å correctly. */
  bom?: boolean;
  /** ';' for Excel set to Danish, which splits on semicolons. Default ','. */
  delimiter?: ',' | ';';
  /** ',' for Excel set to Danish, which reads "3.25" as a date or as text. Default '.'. */
  decimal?: '.' | ',';
}

/** As a spreadsheet in the reader's language expects it: a Danish one splits on semicolons and
 * reads decimal commas, an English one commas and dots. A byte order mark for æ, ø and å. */
export function spreadsheetCsv(lang: 'da' | 'en'): CsvOptions {
  return lang === 'da' ? { bom: true, delimiter: ';', decimal: ',' } : { bom: true, delimiter: ',', decimal: '.' };
}

// Full-width forms too: some spreadsheet versions read them as the ASCII sign. Leading blanks
// are skipped first, since some programs trim them before deciding what a cell is.
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
const CONTROL_START = /^[\t\r\n]/;

/** A string cell as text a spreadsheet will not run. */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) || CONTROL_START.test(s) ? `'${s}` : s;
}

/** RFC 4180 CSV with a header line and CRLF after every line. */
export function toCsv(rows: readonly Record<string, CsvValue>[], columns: readonly CsvColumn[], options: CsvOptions = {}): string {
  if (options.decimal === ',' && options.delimiter !== ';') throw new RangeError('a decimal comma needs semicolons between cells');
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c, header: neutralise(c) } : { key: c.key, header: neutralise(c.header) }));
  return stringify(rows as Record<string, CsvValue>[], {
    bom: options.bom ?? false,
    delimiter: options.delimiter ?? ',',
    header: true,
    columns: cols,
    record_delimiter: '\r\n',
    // With its own record delimiter csv-stringify would otherwise quote only "\r\n", not a lone
    // line break inside a cell.
    quote_record_delimiter: true,
    cast: {
      string: neutralise,
      number: (value) => {
        if (!Number.isFinite(value)) throw new RangeError(`cannot export ${value} as a number`);
        return options.decimal === ',' ? String(value).replace('.', ',') : String(value);
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Codebook and answers in long form

export const CODEBOOK_COLUMNS = [
  'questionnaire',
  'version',
  'item',
  'type',
  'required',
  'text_da',
  'text_en',
  'option_value',
  'option_da',
  'option_en',
  'option_score',
  'min',
  'max',
  'step',
  'integer',
  'max_length',
  'show_if',
] as const;
export type CodebookRow = Record<(typeof CODEBOOK_COLUMNS)[number], CsvValue>;

/**
 * What each column of an answer export means: one row per item, and one row per answer option
 * for choice items, so the codebook itself is long form and filters well in a spreadsheet.
 */
export function codebook(q: Questionnaire): CodebookRow[] {
  const rows: CodebookRow[] = [];
  for (const item of q.items) {
    const common: CodebookRow = {
      questionnaire: q.key,
      version: q.version,
      item: item.key,
      type: item.type,
      required: isAnswerable(item) ? (item.required ? 'yes' : 'no') : null,
      text_da: item.text.da,
      text_en: item.text.en,
      option_value: null,
      option_da: null,
      option_en: null,
      option_score: null,
      min: item.type === 'number' || item.type === 'slider' ? item.min : null,
      max: item.type === 'number' || item.type === 'slider' ? item.max : null,
      step: item.type === 'slider' ? item.step : null,
      integer: item.type === 'number' ? (item.integer ? 'yes' : 'no') : null,
      max_length: item.type === 'freeText' ? item.maxLength : null,
      show_if: item.showIf ? formatShowIf(item.showIf) : null,
    };
    if (item.type === 'singleChoice' || item.type === 'multipleChoice') {
      for (const o of item.options) {
        rows.push({
          ...common,
          option_value: o.value,
          option_da: o.label.da,
          option_en: o.label.en,
          option_score: 'score' in o && o.score !== undefined ? o.score : null,
        });
      }
    } else if (item.type === 'yesNo') {
      rows.push({ ...common, option_value: 'yes', option_da: 'Ja', option_en: 'Yes' });
      rows.push({ ...common, option_value: 'no', option_da: 'Nej', option_en: 'No' });
    } else if (item.type === 'slider') {
      rows.push({ ...common, option_value: String(item.min), option_da: item.minLabel.da, option_en: item.minLabel.en });
      rows.push({ ...common, option_value: String(item.max), option_da: item.maxLabel.da, option_en: item.maxLabel.en });
    } else {
      rows.push(common);
    }
  }
  return rows;
}

export const RELEASED_COLUMNS = ['release', 'released_on', 'questionnaire', 'version', 'site', 'item', 'option', 'count', 'hidden', 'percent', 'mean'] as const;
export type ReleasedRow = Record<(typeof RELEASED_COLUMNS)[number], CsvValue>;

/** One item's released figures at one release, for one site (siteName) or all sites (null). */
export interface ReleasedFigures {
  release: number;
  releasedOn: string;
  questionnaire: Questionnaire;
  siteName: string | null;
  item: ItemFigures;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * The released figures in long form: per release, site (or "all") and item, one row with how
 * many answered the item and its mean, then one row per answer option. A hidden count is an
 * empty cell with hidden = yes. Nothing here is finer than what the report shows: no single
 * answers, no free text, and no row that ties one person's answers together.
 */
export function releasedRows(figures: readonly ReleasedFigures[]): ReleasedRow[] {
  const rows: ReleasedRow[] = [];
  for (const f of figures) {
    const base = {
      release: f.release,
      released_on: f.releasedOn,
      questionnaire: f.questionnaire.key,
      version: f.questionnaire.version,
      site: f.siteName ?? 'all',
      item: f.item.key,
    };
    const count = (c: SuppressedCount) => (c.kind === 'value' ? { count: c.value, hidden: null } : { count: null, hidden: 'yes' });
    rows.push({
      ...base,
      option: null,
      ...count(f.item.respondents),
      percent: null,
      mean: f.item.mean?.kind === 'value' ? round(f.item.mean.value, 2) : null,
    });
    for (const o of f.item.options) {
      rows.push({ ...base, option: o.value, ...count(o.count), percent: o.percent === null ? null : round(o.percent, 1), mean: null });
    }
  }
  return rows;
}
