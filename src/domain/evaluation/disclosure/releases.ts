import { addDays } from '../../time/copenhagen.ts';
import { DEFAULT_K, isSmall, suppressTable, type CellRef, type SuppressedCount } from './suppression.ts';

// Releases: how a round's answers are published, the way a statistical office publishes.
//
// A live count that moves with every answer tells whoever reloads the page what the last person
// answered. So answers are published only as numbered releases, frozen once made: a new release
// of a questionnaire is made only when at least k new people have answered since the last one
// (and, while the round runs, a week after the last release), and nothing moves in between. A
// remainder of fewer than k at the end of a round is never shown.
//
// A release is a set of tables that share their rows: sites (rows) × answer options (columns),
// with row, column and grand totals. Each table is a whole partition of the respondents (a
// column "not answered" closes it), so every table's row totals are the same respondents per
// site. A site filter shows that site's row of the same table; a period is "from release i to
// release j" and shows the difference of the two. Nothing else can be asked for.
//
// When release n is made, entries are hidden until, at a fixed point:
// - the table itself passes suppressTable (no small entry, no line that gives a hidden one away);
// - every table hides the same row totals and grand total, since they are the same numbers, and
//   tables that share their last column hide it alike;
// - for every earlier release j, the difference table n − j (an entry hidden in either counted
//   as unknown) passes the same test, so neither two releases nor a period between them can be
//   subtracted down to a small group;
// - a line whose total is hidden shows none of its cells, not even zeros: "0, 0, hidden" beside
//   a small hidden total says where the whole small group answered;
// - a line in which everyone who answered gave the same answer (in a release, or in the period
//   between two) shows none of its answer cells, however many they are: "6, 0, 0" at a place
//   tells whoever knows one of the six was there what that person answered.

/** The column of people who did not answer an item; it closes each table into a partition. */
export const NOT_ANSWERED = '';

/** The counts of one questionnaire at one moment, as tables sharing their rows. */
export interface CountTables {
  /** Row keys (sites), in a fixed order. */
  rows: string[];
  tables: CountTable[];
}

export interface CountTable {
  /** '' for respondents only; an item key; or, for multiple choice, the item's key and an option's (multipleChoiceTableKey). */
  key: string;
  columns: string[];
  /** rows × columns */
  cells: number[][];
  /** Number and slider items: per row, the sum of the values given (column 0 counts them). */
  sums?: number[];
  /**
   * Number and slider items: per row, the sum of the squares of the values. With the count and
   * the sum it tells whether everyone behind a mean gave the same value (releases made before
   * it was kept lack it).
   */
  squares?: number[];
  /**
   * Tables with the same value here have the same last column (multiple choice: "not answered"
   * is the same in every option's table), so they hide it alike.
   */
  sameLastColumnAs?: string;
}

export interface FrozenTable extends CountTable {
  /** (R+1) × (C+1): row R holds the column totals, column C the row totals. */
  hidden: boolean[][];
}

export interface Release {
  rows: string[];
  tables: FrozenTable[];
}

/** A new release is due when at least k people have answered since the last one. */
export function releaseDue(respondentsNow: number, respondentsAtLastRelease: number, k: number = DEFAULT_K): boolean {
  return respondentsNow - respondentsAtLastRelease >= k;
}

/**
 * While a round runs, releases are at least a week apart. Each release hides whatever moved by
 * a small number since every earlier one, so releases made every few answers would leave little
 * but hidden cells; a week lets more answers gather. Once the round has ended, the last release
 * waits for nothing but k new answers.
 */
export const RELEASE_SPACING_DAYS = 7;

/** Whether the calendar allows a new release (Danish dates, "YYYY-MM-DD"). */
export function releaseDateDue(lastMadeOn: string | null, today: string, roundEndsOn: string): boolean {
  return lastMadeOn === null || today > roundEndsOn || addDays(lastMadeOn, RELEASE_SPACING_DAYS) <= today;
}

/** Free text is released in batches of at least k new writers, for the whole round only. */
export function textBatchDue(unreleasedWriters: number, k: number = DEFAULT_K): boolean {
  return unreleasedWriters >= k;
}

/** The respondents behind a release: the grand total every table shares. */
export function respondentsOf(r: Pick<Release, 'tables'>): number {
  const t = r.tables[0];
  return t ? sum(t.cells.map(sum)) : 0;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

type Grid = boolean[][];

function grid(rows: number, cols: number, fill = false): Grid {
  return Array.from({ length: rows + 1 }, () => new Array<boolean>(cols + 1).fill(fill));
}

function refsOf(h: Grid): CellRef[] {
  const R = h.length - 1;
  const C = h[0]!.length - 1;
  const out: CellRef[] = [];
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (h[i]![j]) out.push({ row: i === R ? 'total' : i, col: j === C ? 'total' : j });
  return out;
}

/**
 * How many of a table's columns are answers: all but "not answered" at the end. The respondents
 * table and a number item's table have one ("respondents", "answered"), which says nothing
 * about what anyone answered.
 */
function answerColumnsOf(t: Pick<CountTable, 'columns'>): number {
  return t.columns.length - (t.columns[t.columns.length - 1] === NOT_ANSWERED ? 1 : 0);
}

/**
 * The lines (sites, and the totals line as R) in which everyone who answered gave the same
 * answer: one answer cell holds them all and the others are 0. Shown, the zeros would tell a
 * reader who knows one of them was there what that person answered, however many they are.
 */
function linesAnsweredAlike(cells: readonly (readonly number[])[], answerColumns: number): number[] {
  if (answerColumns < 2) return [];
  const C = cells[0]?.length ?? 0;
  const totals = Array.from({ length: C }, (_, j) => sum(cells.map((row) => row[j]!)));
  return [...cells, totals].flatMap((row, i) => (row.slice(0, answerColumns).filter((n) => n > 0).length === 1 ? [i] : []));
}

/**
 * suppressTable, plus: a line whose total is hidden shows none of its cells, and a line whose
 * answers were all alike shows none of its answer cells (its total and "not answered" follow the
 * usual rules). Returns the hidden entries as a grid.
 */
export function protect(cells: readonly (readonly number[])[], k: number, alsoHide: Grid, answerColumns = 0): Grid {
  const R = cells.length;
  const C = R === 0 ? 0 : cells[0]!.length;
  const hidden = alsoHide.map((row) => [...row]);
  for (const i of linesAnsweredAlike(cells, answerColumns)) for (let j = 0; j < answerColumns; j++) hidden[i]![j] = true;
  for (;;) {
    const t = suppressTable(cells, k, { alsoHide: refsOf(hidden) });
    t.cells.forEach((row, i) => row.forEach((e, j) => (hidden[i]![j] ||= e.kind === 'suppressed')));
    t.rowTotals.forEach((e, i) => (hidden[i]![C] ||= e.kind === 'suppressed'));
    t.colTotals.forEach((e, j) => (hidden[R]![j] ||= e.kind === 'suppressed'));
    hidden[R]![C] ||= t.total.kind === 'suppressed';
    let more = false;
    for (let i = 0; i <= R; i++) {
      for (let j = 0; j <= C; j++) {
        if (hidden[i]![j]) continue;
        // Inside a line (row i or column j) whose total is hidden: hide it as well.
        const rowTotalHidden = i < R && hidden[i]![C]!;
        const colTotalHidden = j < C && hidden[R]![j]!;
        const grandHidden = hidden[R]![C]!;
        if ((j < C && rowTotalHidden) || (i < R && colTotalHidden) || grandHidden) {
          hidden[i]![j] = true;
          more = true;
        }
      }
    }
    if (!more) return hidden;
  }
}

/** A table's cells as they line up with another row and column order; absent ones are 0. */
function aligned(t: CountTable, rows: readonly string[], to: { rows: readonly string[]; columns: readonly string[] }): number[][] {
  return to.rows.map((rowKey) => {
    const i = rows.indexOf(rowKey);
    return to.columns.map((col) => {
      const j = t.columns.indexOf(col);
      return i < 0 || j < 0 ? 0 : t.cells[i]![j]!;
    });
  });
}

function alignedHidden(t: FrozenTable, rows: readonly string[], to: { rows: readonly string[]; columns: readonly string[] }): Grid {
  const R = to.rows.length;
  const C = to.columns.length;
  const h = grid(R, C);
  const srcR = rows.length;
  const srcC = t.columns.length;
  for (let i = 0; i <= R; i++) {
    const si = i === R ? srcR : rows.indexOf(to.rows[i]!);
    if (si < 0) continue;
    for (let j = 0; j <= C; j++) {
      const sj = j === C ? srcC : t.columns.indexOf(to.columns[j]!);
      if (sj < 0) continue;
      h[i]![j] = t.hidden[si]![sj]!;
    }
  }
  return h;
}

/**
 * Makes release n from the counts now and the releases made before (oldest first). Earlier
 * releases are never changed; only release n hides more.
 */
export function makeRelease(now: CountTables, earlier: readonly Release[], k: number = DEFAULT_K): Release {
  const R = now.rows.length;
  const hidden = now.tables.map((t) => grid(R, t.columns.length));
  const before = now.tables.map((t) =>
    earlier.flatMap((e) => {
      const old = e.tables.find((x) => x.key === t.key);
      const shape = { rows: now.rows, columns: t.columns };
      if (!old) return [{ cells: t.cells.map((row) => row.map(() => 0)), hidden: grid(R, t.columns.length) }];
      return [{ cells: aligned(old, e.rows, shape), hidden: alignedHidden(old, e.rows, shape) }];
    }),
  );
  let changed = true;
  const merge = (into: Grid, from: Grid, except?: Grid) => {
    from.forEach((row, i) =>
      row.forEach((h, j) => {
        if (h && !into[i]![j] && !except?.[i]?.[j]) {
          into[i]![j] = true;
          changed = true;
        }
      }),
    );
  };
  while (changed) {
    changed = false;
    // The row totals and the grand total are the same numbers in every table.
    for (let i = 0; i <= R; i++) {
      const any = hidden.some((h, t) => h[i]![now.tables[t]!.columns.length]!);
      if (!any) continue;
      hidden.forEach((h, t) => {
        const C = now.tables[t]!.columns.length;
        if (!h[i]![C]) {
          h[i]![C] = true;
          changed = true;
        }
      });
    }
    // A last column shared by several tables: hidden in one, hidden in all.
    now.tables.forEach((t, ti) => {
      if (t.sameLastColumnAs === undefined) return;
      const C = t.columns.length;
      now.tables.forEach((u, ui) => {
        if (ui === ti || u.sameLastColumnAs !== t.sameLastColumnAs) return;
        for (let i = 0; i <= R; i++) {
          if (hidden[ti]![i]![C - 1] && !hidden[ui]![i]![u.columns.length - 1]) {
            hidden[ui]![i]![u.columns.length - 1] = true;
            changed = true;
          }
        }
      });
    });
    now.tables.forEach((t, ti) => {
      const answers = answerColumnsOf(t);
      merge(hidden[ti]!, protect(t.cells, k, hidden[ti]!, answers));
      for (const old of before[ti]!) {
        const diff = t.cells.map((row, i) => row.map((n, j) => Math.abs(n - old.cells[i]![j]!)));
        const unknown = hidden[ti]!.map((row, i) => row.map((h, j) => h || old.hidden[i]![j]!));
        // What the difference needs hidden and the old release does not hide, this one must.
        merge(hidden[ti]!, protect(diff, k, unknown, answers), old.hidden);
      }
    });
  }
  return { rows: [...now.rows], tables: now.tables.map((t, ti) => ({ ...t, cells: t.cells.map((r) => [...r]), hidden: hidden[ti]! })) };
}

// ---------------------------------------------------------------------------------------------
// What a reader gets

export interface PublishedLine {
  /** A row key, or null for the totals over all rows. */
  row: string | null;
  cells: SuppressedCount[];
  total: SuppressedCount;
  /** Number and slider items: the mean of the values, where it may be shown. */
  mean: number | null;
}

export interface PublishedTable {
  key: string;
  columns: string[];
  lines: PublishedLine[];
}

/**
 * A release as published (from = null), or the period from release `from` to release `to`: the
 * difference of the two, an entry hidden in either hidden. The last line is the totals line.
 */
export function publish(to: Release, from: Release | null, k: number = DEFAULT_K): PublishedTable[] {
  return to.tables.map((t) => {
    const R = to.rows.length;
    const C = t.columns.length;
    const shape = { rows: to.rows, columns: t.columns };
    const old = from?.tables.find((x) => x.key === t.key);
    const oldCells = old ? aligned(old, from!.rows, shape) : t.cells.map((row) => row.map(() => 0));
    const oldHidden = old ? alignedHidden(old, from!.rows, shape) : grid(R, C);
    // A per-row figure of the table (sums, squares) for line i of the period: this release's less
    // the earlier one's (aligned by row), or the whole table's for the totals line. null when the
    // earlier release, which has the table, did not keep that figure.
    const periodFigure = (now: readonly number[], before: readonly number[] | undefined, i: number): number | null => {
      if (old && !before) return null;
      const earlier = before ? to.rows.map((r) => before[from!.rows.indexOf(r)] ?? 0) : [];
      return i < R ? now[i]! - (earlier[i] ?? 0) : sum(now) - sum(earlier);
    };
    const cells = t.cells.map((row, i) => row.map((n, j) => n - oldCells[i]![j]!));
    const value = (i: number, j: number): number => {
      if (i < R && j < C) return cells[i]![j]!;
      if (i < R) return sum(cells[i]!);
      if (j < C) return sum(cells.map((row) => row[j]!));
      return sum(cells.map(sum));
    };
    const entry = (i: number, j: number): SuppressedCount =>
      t.hidden[i]![j] || oldHidden[i]![j] ? { kind: 'suppressed' } : { kind: 'value', value: value(i, j) };
    const meanOf = (i: number): number | null => {
      if (!t.sums) return null;
      const n = entry(i, 0);
      if (n.kind !== 'value' || n.value < k) return null;
      const s = periodFigure(t.sums, old?.sums, i);
      if (s === null) return null;
      // A release made before the squares were kept shows its mean as it did; a period starting
      // at one cannot tell whether its answers were alike, so it hides its mean.
      if (t.squares) {
        const q = periodFigure(t.squares, old?.squares, i);
        if (q === null || allAlike(n.value, s, q)) return null;
      }
      return s / n.value;
    };
    const line = (i: number): PublishedLine => ({
      row: i < R ? to.rows[i]! : null,
      cells: t.columns.map((_, j) => entry(i, j)),
      total: entry(i, C),
      mean: meanOf(i),
    });
    return { key: t.key, columns: [...t.columns], lines: Array.from({ length: R + 1 }, (_, i) => line(i)) };
  });
}

/**
 * Whether n values with this sum and sum of squares are all the same: then their mean is each
 * one's answer (a mean of 5,0 on a scale from 1 to 5 tells that everyone answered 5), so it is
 * hidden like a line whose answers all fell in one column. n·Σx² − (Σx)² is n² times the
 * variance, zero exactly when the values are alike; the tolerance absorbs rounding of decimals.
 */
export function allAlike(n: number, sum: number, squares: number): boolean {
  return n * squares - sum * sum <= 1e-9 * Math.max(1, n * squares);
}

/**
 * The mean score of a line of choice counts. Shown only when every scored count in the line is
 * shown and at least k gave a scored answer: then it adds nothing a reader could not already
 * work out, so it can never help to solve for a hidden count.
 */
export function meanOfShownCounts(cells: readonly SuppressedCount[], scores: readonly (number | undefined)[], k: number = DEFAULT_K): number | null {
  let n = 0;
  let total = 0;
  for (let j = 0; j < scores.length; j++) {
    const score = scores[j];
    if (score === undefined) continue;
    const c = cells[j];
    if (c?.kind !== 'value') return null;
    n += c.value;
    total += c.value * score;
  }
  return n >= k && !isSmall(n, k) ? total / n : null;
}
