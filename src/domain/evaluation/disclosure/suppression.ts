// Small-cell suppression for evaluation reports.
//
// Peer support runs in small places: a drop-in centre may have six visitors who answer a
// questionnaire. A count of 1 or 2 in a report, read by a colleague who knows who was there,
// can tell them what a named person answered. So every number below the threshold k is hidden,
// and so is every number that would let a reader work a hidden one out by subtraction.
//
// Zeros. A count of 0 is shown. It says that nobody in the group gave that answer, which does
// not single anyone out, and hiding every zero would make most small reports empty grey grids.
// The exception is a line in which every other answer is 0: if 7 of 7 at a site agreed, the 0s
// in "disagree" tell whoever knows one of them was there what that person answered, however
// large the group. Releases (releases.ts, linesAnsweredAlike) hide the answer cells of such a
// line; this one-table function does not know which columns are answers. Zeros are also
// the last choice when another cell has to be hidden to protect a small one, because a hidden
// zero protects nobody once the reader can guess it is zero.
//
// The rules here stop exact recovery from one sum (a row, a column or the totals). Combining
// many tables and many releases is the work of releases.ts, which builds on this.

export const DEFAULT_K = 5;

export type SuppressReason = 'primary' | 'complementary';
export type SuppressedCount = { kind: 'value'; value: number } | { kind: 'suppressed' };
export type TableEntry = { kind: 'value'; value: number } | { kind: 'suppressed'; reason: SuppressReason };

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of 1 or more, got ${k}`);
}

function checkCount(n: number, what = 'count'): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number of 0 or more, got ${n}`);
}

/** 1..k−1: a group small enough that its members could be recognised. */
export function isSmall(n: number, k: number = DEFAULT_K): boolean {
  return n >= 1 && n < k;
}

/** One count on its own. 0 is shown (see the note on zeros at the top of this file). */
export function suppressCount(n: number, k: number = DEFAULT_K): SuppressedCount {
  checkK(k);
  checkCount(n);
  return isSmall(n, k) ? { kind: 'suppressed' } : { kind: 'value', value: n };
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface SuppressedTable {
  k: number;
  cells: TableEntry[][];
  rowTotals: TableEntry[];
  colTotals: TableEntry[];
  total: TableEntry;
}

/** A cell or a total; 'total' as row means the column-totals row, as col the row-totals column. */
export interface CellRef {
  row: number | 'total';
  col: number | 'total';
}

export interface SuppressTableOptions {
  /**
   * Entries to hide in any case, e.g. a site that withdrew, or the hidden entries of an earlier
   * run. The table around them is then protected as usual.
   */
  alsoHide?: readonly CellRef[];
}

type Pos = readonly [number, number];

/**
 * Suppresses a table of counts (rows e.g. sites, columns e.g. answer options) with its row, column
 * and grand totals, which are computed here as sums.
 *
 * The table with its totals is a grid of (R+1)×(C+1) numbers in which every row and every column
 * is a sum: its cells add up to its total. The totals row and the totals column are sums too, of
 * the column totals and the row totals, both adding up to the grand total.
 *
 * 1. Primary: every entry (cell or total) from 1 to k−1 is hidden.
 * 2. Complementary, repeated until nothing changes: a line (row or column, including the two
 *    lines of totals) is unsafe when
 *    - exactly one of its entries is hidden, because it equals the total minus the shown cells
 *      (or, when the hidden one is the total, the sum of the cells); or
 *    - its total is shown and its hidden cells add up to fewer than k, because then the hidden
 *      cells together form a small group, as if merged into one small cell.
 *    A line whose total is a shown 0 is never unsafe: every cell in it is 0, hidden or not.
 *    An unsafe line gets one more entry hidden, preferring, in this order: a cell over the
 *    line's total, a non-zero cell over a zero, the smallest value, and a cell whose crossing
 *    line is itself unsafe (one hide then fixes two lines). A cell whose crossing line has a
 *    shown total of 0 is never taken: the reader knows it is 0, hidden or not.
 *
 * Hiding only ever adds, so it ends; each pass that changes something hides at least one entry.
 */
export function suppressTable(cells: readonly (readonly number[])[], k: number = DEFAULT_K, options: SuppressTableOptions = {}): SuppressedTable {
  checkK(k);
  const R = cells.length;
  const C = R === 0 ? 0 : cells[0]!.length;
  for (const row of cells) {
    if (row.length !== C) throw new RangeError('every row of the table must have the same number of cells');
    for (const n of row) checkCount(n, 'a table cell');
  }

  // v[i][j] for i ≤ R, j ≤ C; row R holds the column totals, column C the row totals.
  const v: number[][] = Array.from({ length: R + 1 }, () => new Array<number>(C + 1).fill(0));
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const n = cells[i]![j]!;
      v[i]![j] = n;
      v[i]![C]! += n;
      v[R]![j]! += n;
      v[R]![C]! += n;
    }
  }
  const hidden: (SuppressReason | null)[][] = v.map((row) => row.map((n) => (isSmall(n, k) ? 'primary' : null)));
  for (const ref of options.alsoHide ?? []) {
    const i = ref.row === 'total' ? R : ref.row;
    const j = ref.col === 'total' ? C : ref.col;
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || i > R || j < 0 || j > C) {
      throw new RangeError(`no such cell: row ${String(ref.row)}, col ${String(ref.col)}`);
    }
    hidden[i]![j] ??= 'complementary';
  }

  // Every line lists its entries with the total last.
  const lines: { entries: Pos[]; crossing: (p: Pos) => number }[] = [];
  for (let i = 0; i <= R; i++) {
    lines.push({ entries: Array.from({ length: C + 1 }, (_, j) => [i, j] as const), crossing: (p) => R + 1 + p[1] });
  }
  for (let j = 0; j <= C; j++) {
    lines.push({ entries: Array.from({ length: R + 1 }, (_, i) => [i, j] as const), crossing: (p) => p[0] });
  }

  const isHidden = (p: Pos) => hidden[p[0]]![p[1]] !== null;
  // A shown total of 0 says every cell in the line is 0, hidden or not.
  const showsZeroTotal = (line: (typeof lines)[number]) => {
    const total = line.entries[line.entries.length - 1]!;
    return !isHidden(total) && v[total[0]]![total[1]] === 0;
  };
  const unsafe = (line: (typeof lines)[number]) => {
    // Hiding more of a line that shows a total of 0 protects nobody.
    if (showsZeroTotal(line)) return false;
    const total = line.entries[line.entries.length - 1]!;
    const hiddenCells = line.entries.slice(0, -1).filter(isHidden);
    const count = hiddenCells.length + (isHidden(total) ? 1 : 0);
    if (count === 1) return true;
    if (isHidden(total) || hiddenCells.length === 0) return false;
    return hiddenCells.reduce((s, p) => s + v[p[0]]![p[1]]!, 0) < k;
  };

  // A cell whose crossing line shows a total of 0 is 0 for anyone who reads that total.
  const knownZero = (line: (typeof lines)[number], p: Pos) => {
    const crossing = lines[line.crossing(p)];
    return crossing !== undefined && showsZeroTotal(crossing);
  };

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      while (unsafe(line)) {
        const last = line.entries.length - 1;
        const candidates = line.entries
          .map((p, index) => ({ p, index }))
          .filter(({ p }) => !isHidden(p) && !knownZero(line, p))
          .map(({ p, index }) => {
            const value = v[p[0]]![p[1]]!;
            const crossing = lines[line.crossing(p)];
            return {
              p,
              key: [index === last ? 1 : 0, value === 0 ? 1 : 0, value, crossing && unsafe(crossing) ? 0 : 1, index],
            };
          })
          .sort((a, b) => compareKeys(a.key, b.key));
        const pick = candidates[0];
        if (pick === undefined) break; // a line of one entry: nothing left to hide
        hidden[pick.p[0]]![pick.p[1]] = 'complementary';
        changed = true;
      }
    }
  }

  const entry = (i: number, j: number): TableEntry => {
    const reason = hidden[i]![j]!;
    return reason === null ? { kind: 'value', value: v[i]![j]! } : { kind: 'suppressed', reason };
  };
  return {
    k,
    cells: Array.from({ length: R }, (_, i) => Array.from({ length: C }, (_, j) => entry(i, j))),
    rowTotals: Array.from({ length: R }, (_, i) => entry(i, C)),
    colTotals: Array.from({ length: C }, (_, j) => entry(R, j)),
    total: entry(R, C),
  };
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** The hidden entries of a suppressed table, e.g. to pass on as `alsoHide`. */
export function hiddenEntries(t: SuppressedTable): (CellRef & { reason: SuppressReason })[] {
  const out: (CellRef & { reason: SuppressReason })[] = [];
  const add = (e: TableEntry, row: number | 'total', col: number | 'total') => {
    if (e.kind === 'suppressed') out.push({ row, col, reason: e.reason });
  };
  t.cells.forEach((r, i) => r.forEach((e, j) => add(e, i, j)));
  t.rowTotals.forEach((e, i) => add(e, i, 'total'));
  t.colTotals.forEach((e, j) => add(e, 'total', j));
  add(t.total, 'total', 'total');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Means, shares and free text

export type SuppressedMean =
  /** n: how many are behind the mean; left out where showing it would reveal a hidden count. */
  { kind: 'value'; value: number; n?: number } | { kind: 'suppressed'; reason: 'tooFew' | 'protectsHiddenCounts' };

/** A mean is shown only when at least k people are behind it. */
export function suppressedMean(values: readonly number[], k: number = DEFAULT_K): SuppressedMean {
  checkK(k);
  if (values.length === 0 || values.length < k) return { kind: 'suppressed', reason: 'tooFew' };
  let sum = 0;
  for (const x of values) {
    if (!Number.isFinite(x)) throw new RangeError(`values must be finite numbers, got ${x}`);
    sum += x;
  }
  return { kind: 'value', value: sum / values.length, n: values.length };
}

/**
 * The share n of total, in per cent. A share always has a complement: "92 % said yes" out of 13
 * says that one person said no. So it is hidden when the group, its part or the rest is small.
 */
export function suppressedPercent(n: number, total: number, k: number = DEFAULT_K): SuppressedCount {
  const c = safeFilteredCount(n, total, k);
  if (c.kind === 'suppressed' || total === 0 || total < k) return { kind: 'suppressed' };
  return { kind: 'value', value: (n / total) * 100 };
}

/**
 * Free-text answers are shown only when at least k people answered in the group: with fewer, the
 * way someone writes can be enough to recognise them. Even then a person should read them before
 * they go into a report, since a text can name someone.
 */
export function freeTextAllowed(respondents: number, k: number = DEFAULT_K): boolean {
  checkK(k);
  checkCount(respondents, 'respondents');
  return respondents >= k;
}

// ---------------------------------------------------------------------------------------------
// Overlapping filters

/**
 * Two nested filters whose counts differ by 1..k−1 let a reader isolate that small group by
 * subtraction: "site A, all year: 23" and "site A, spring: 22" says one person answered outside
 * spring. True when showing both counts would do that.
 */
export function differenceAttack(countA: number, countB: number, k: number = DEFAULT_K): boolean {
  checkK(k);
  checkCount(countA);
  checkCount(countB);
  return isSmall(Math.abs(countA - countB), k);
}

/**
 * A count under a filter (site, period, audience), given the count of the wider group it was cut
 * from (parentN, which a reader can also see or easily get). The rule: hide the filtered count
 * when it, or what it leaves out (parentN − n), is between 1 and k−1. Then a reader who switches
 * a filter on and off never sees two counts that differ by a small group. Apply it to every
 * filtered count against the count without that filter.
 */
export function safeFilteredCount(n: number, parentN: number, k: number = DEFAULT_K): SuppressedCount {
  checkK(k);
  checkCount(n);
  checkCount(parentN, 'parentN');
  if (n > parentN) throw new RangeError(`a filtered count (${n}) cannot be larger than its parent (${parentN})`);
  return isSmall(n, k) || isSmall(parentN - n, k) ? { kind: 'suppressed' } : { kind: 'value', value: n };
}
