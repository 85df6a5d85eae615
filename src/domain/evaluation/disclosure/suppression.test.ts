import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SuppressedTable, TableEntry } from './suppression.ts';
import {
  differenceAttack,
  freeTextAllowed,
  hiddenEntries,
  safeFilteredCount,
  suppressCount,
  suppressedMean,
  suppressedPercent,
  suppressTable,
} from './suppression.ts';

const H = 'H'; // hidden, for readable expected tables
const show = (e: TableEntry) => (e.kind === 'value' ? e.value : H);
/** The table as a coordinator sees it: cells with row totals, then the totals row. */
function picture(t: SuppressedTable): (number | string)[][] {
  return [...t.cells.map((row, i) => [...row.map(show), show(t.rowTotals[i]!)]), [...t.colTotals.map(show), show(t.total)]];
}

describe('suppressCount', () => {
  it.each([
    { n: 0, k: 5, shown: 0 },
    { n: 1, k: 5, shown: null },
    { n: 4, k: 5, shown: null },
    { n: 5, k: 5, shown: 5 },
    { n: 120, k: 5, shown: 120 },
    { n: 2, k: 3, shown: null },
    { n: 3, k: 3, shown: 3 },
    { n: 1, k: 1, shown: 1 },
  ])('$n with k=$k shows $shown', ({ n, k, shown }) => {
    expect(suppressCount(n, k)).toEqual(shown === null ? { kind: 'suppressed' } : { kind: 'value', value: shown });
  });

  it('uses k = 5 when none is given', () => {
    expect(suppressCount(4)).toEqual({ kind: 'suppressed' });
  });

  it.each([() => suppressCount(-1), () => suppressCount(2.5), () => suppressCount(3, 0), () => suppressTable([[1, 2], [3]])])(
    'refuses nonsense input (%#)',
    (f) => {
      expect(f).toThrow(RangeError);
    },
  );
});

describe('suppressTable, examples a coordinator would recognise', () => {
  const cases: { name: string; k?: number; cells: number[][]; picture: (number | string)[][] }[] = [
    {
      name: 'large enough everywhere: nothing hidden',
      cells: [
        [12, 30, 8],
        [5, 9, 21],
      ],
      picture: [
        [12, 30, 8, 50],
        [5, 9, 21, 35],
        [17, 39, 29, 85],
      ],
    },
    {
      name: 'three at one site disagreed: a rectangle of four cells is hidden',
      cells: [
        [3, 8, 9],
        [10, 10, 10],
      ],
      picture: [
        [H, H, 9, 20],
        [H, H, 10, 30],
        [13, 18, 19, 50],
      ],
    },
    {
      name: 'one answer scale, one small cell: the next smallest goes too',
      cells: [[0, 1, 6, 7, 20]],
      picture: [
        [0, H, H, 7, 20, 34],
        [0, H, H, 7, 20, 34],
      ],
    },
    {
      name: 'two small cells that still add up to a small group: a third is hidden',
      cells: [[1, 2, 10, 10]],
      picture: [
        [H, H, H, 10, 23],
        [H, H, H, 10, 23],
      ],
    },
    {
      // Site 1's total alone would follow from the grand total, so a second site total goes.
      name: 'a site with three respondents: its total and another site total are hidden',
      cells: [
        [1, 2, 0],
        [6, 7, 9],
        [8, 5, 7],
      ],
      picture: [
        [H, H, 0, H],
        [H, H, 9, 22],
        [8, H, 7, H],
        [15, 14, 16, 45],
      ],
    },
    {
      name: 'fewer than k respondents in all: only zeros are shown',
      cells: [
        [1, 0],
        [2, 0],
      ],
      picture: [
        [H, 0, H],
        [H, 0, H],
        [H, 0, H],
      ],
    },
    {
      name: 'a larger threshold hides more',
      k: 10,
      cells: [
        [12, 30, 8],
        [5, 9, 21],
      ],
      // 9 is alone in its column with 30, so 30 goes; then each row needs its hidden cells to
      // add up to 10 or more.
      picture: [
        [H, H, H, 50],
        [H, H, H, 35],
        [17, 39, 29, 85],
      ],
    },
  ];
  it.each(cases)('$name', ({ cells, k, picture: expected }) => {
    expect(picture(suppressTable(cells, k ?? 5))).toEqual(expected);
  });

  it('says why each cell is hidden', () => {
    const t = suppressTable([
      [3, 8, 9],
      [10, 10, 10],
    ]);
    expect(hiddenEntries(t)).toEqual([
      { row: 0, col: 0, reason: 'primary' },
      { row: 0, col: 1, reason: 'complementary' },
      { row: 1, col: 0, reason: 'complementary' },
      { row: 1, col: 1, reason: 'complementary' },
    ]);
  });

  it('can hide a whole site on request and protects the rest around it', () => {
    const t = suppressTable(
      [
        [6, 7, 8],
        [9, 10, 11],
        [12, 13, 14],
      ],
      5,
      { alsoHide: [{ row: 0, col: 'total' }] },
    );
    // Site 0's total alone could be worked out from the grand total; a second site total goes too.
    expect(picture(t).map((r) => r[3])).toEqual([H, H, 39, 90]);
  });

  it('never hides a zero the reader can see is zero, in a row whose shown total is 0 (found by the properties below)', () => {
    // Column 2 needs a second hidden cell to protect the hidden 2. The zero in the first row is
    // no use: that row's shown total of 0 says it is 0, and the 2 could then be read off the
    // column. The zero in the last row has a hidden total and protects it.
    const t = suppressTable(
      [
        [0, 0],
        [1, 2],
        [1, 0],
      ],
      2,
    );
    expect(picture(t)).toEqual([
      [0, 0, 0],
      [H, H, H],
      [H, H, H],
      [2, 2, 4],
    ]);
  });

  it('handles empty tables', () => {
    expect(picture(suppressTable([]))).toEqual([[0]]);
    expect(picture(suppressTable([[], []]))).toEqual([[0], [0], [0]]);
  });
});

// Random tables with many small numbers, the hard case.
const tables = fc.record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 5 }) }).chain(({ rows, cols }) =>
  fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  }),
);
const ks = fc.integer({ min: 2, max: 7 });

/** Every sum a reader can write down: each row, each column, the totals row and column. */
function equations(cells: number[][], t: SuppressedTable): { value: number; entry: TableEntry }[][] {
  const R = cells.length;
  const C = cells[0]!.length;
  const grid = [...t.cells.map((row, i) => [...row, t.rowTotals[i]!]), [...t.colTotals, t.total]];
  const values = [
    ...cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)]),
    [...Array.from({ length: C }, (_, j) => cells.reduce((a, row) => a + row[j]!, 0)), cells.flat().reduce((a, b) => a + b, 0)],
  ];
  const line = (pos: [number, number][]) => pos.map(([i, j]) => ({ value: values[i]![j]!, entry: grid[i]![j]! }));
  const lines: { value: number; entry: TableEntry }[][] = [];
  for (let i = 0; i <= R; i++) lines.push(line(Array.from({ length: C + 1 }, (_, j) => [i, j])));
  for (let j = 0; j <= C; j++) lines.push(line(Array.from({ length: R + 1 }, (_, i) => [i, j])));
  return lines;
}

describe('suppressTable, properties', () => {
  it('no hidden number can be worked out from one row or column sum', () => {
    fc.assert(
      fc.property(tables, ks, (cells, k) => {
        for (const line of equations(cells, suppressTable(cells, k))) {
          // A line is "cells = total": with exactly one unknown, the reader solves it.
          expect(line.filter((x) => x.entry.kind === 'suppressed').length).not.toBe(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('hidden cells in a line with a shown total add up to k or more (no merged small group)', () => {
    fc.assert(
      fc.property(tables, ks, (cells, k) => {
        for (const line of equations(cells, suppressTable(cells, k))) {
          const total = line[line.length - 1]!;
          if (total.entry.kind === 'suppressed') continue;
          const hidden = line.slice(0, -1).filter((x) => x.entry.kind === 'suppressed');
          if (hidden.length > 0) expect(hidden.reduce((s, x) => s + x.value, 0)).toBeGreaterThanOrEqual(k);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('every shown number is the true number, and is 0 or at least k', () => {
    fc.assert(
      fc.property(tables, ks, (cells, k) => {
        for (const line of equations(cells, suppressTable(cells, k))) {
          for (const { value, entry } of line) {
            if (entry.kind === 'value') {
              expect(entry.value).toBe(value);
              expect(value === 0 || value >= k).toBe(true);
            } else if (value >= 1 && value < k) {
              expect(entry.reason).toBe('primary');
            }
          }
        }
      }),
    );
  });

  it('is idempotent: suppressing again from its own result changes nothing', () => {
    fc.assert(
      fc.property(tables, ks, (cells, k) => {
        const once = suppressTable(cells, k);
        expect(suppressTable(cells, k, { alsoHide: hiddenEntries(once) })).toEqual(once);
      }),
    );
  });

  it('leaves a table with every cell at least k unchanged', () => {
    const big = ks.chain((k) =>
      fc.tuple(
        fc.constant(k),
        fc
          .integer({ min: 1, max: 5 })
          .chain((c) => fc.array(fc.array(fc.integer({ min: k, max: 500 }), { minLength: c, maxLength: c }), { minLength: 1, maxLength: 5 })),
      ),
    );
    fc.assert(
      fc.property(big, ([k, cells]) => {
        expect(hiddenEntries(suppressTable(cells, k))).toEqual([]);
      }),
    );
  });
});

describe('means, shares and free text', () => {
  it.each([
    { values: [], k: 5, mean: null },
    { values: [5, 4, 5, 5], k: 5, mean: null },
    { values: [5, 4, 5, 5, 1], k: 5, mean: 4 },
    { values: [2, 3], k: 2, mean: 2.5 },
  ])('mean of $values with k=$k is $mean', ({ values, k, mean }) => {
    expect(suppressedMean(values, k)).toEqual(mean === null ? { kind: 'suppressed', reason: 'tooFew' } : { kind: 'value', value: mean, n: values.length });
  });

  it.each([
    { n: 10, total: 20, shown: 50 },
    { n: 20, total: 20, shown: 100 },
    { n: 0, total: 20, shown: 0 },
    { n: 3, total: 20, shown: null }, // 15 % of 20 is three people
    { n: 18, total: 20, shown: null }, // 90 % of 20 says two did not
    { n: 0, total: 3, shown: null }, // 0 % of three people
    { n: 0, total: 0, shown: null }, // no group, no share
  ])('$n of $total as a percentage: $shown', ({ n, total, shown }) => {
    expect(suppressedPercent(n, total)).toEqual(shown === null ? { kind: 'suppressed' } : { kind: 'value', value: shown });
  });

  it.each([
    { respondents: 0, allowed: false },
    { respondents: 4, allowed: false },
    { respondents: 5, allowed: true },
  ])('free text with $respondents respondents may be shown: $allowed', ({ respondents, allowed }) => {
    expect(freeTextAllowed(respondents, 5)).toBe(allowed);
  });
});

describe('overlapping filters', () => {
  it.each([
    { name: 'spring at a site of 23, where 22 answered in spring', n: 22, parent: 23, shown: null },
    { name: 'spring, 18 of 23', n: 18, parent: 23, shown: 18 },
    { name: 'all of them', n: 23, parent: 23, shown: 23 },
    { name: 'none of them', n: 0, parent: 23, shown: 0 },
    { name: 'a small filtered group', n: 3, parent: 40, shown: null },
    { name: 'none of a small parent', n: 0, parent: 3, shown: null },
  ])('$name', ({ n, parent, shown }) => {
    expect(safeFilteredCount(n, parent)).toEqual(shown === null ? { kind: 'suppressed' } : { kind: 'value', value: shown });
  });

  it('refuses a filtered count above its parent', () => {
    expect(() => safeFilteredCount(5, 4)).toThrow(RangeError);
  });

  it.each([
    { a: 23, b: 22, attack: true },
    { a: 22, b: 23, attack: true },
    { a: 23, b: 18, attack: false },
    { a: 23, b: 23, attack: false },
  ])('counts $a and $b side by side reveal a small group: $attack', ({ a, b, attack }) => {
    expect(differenceAttack(a, b, 5)).toBe(attack);
  });

  it('switching a filter on and off never shows two counts a small group apart (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), ks, (a, b, k) => {
        const parent = Math.max(a, b);
        const n = Math.min(a, b);
        const shownParent = suppressCount(parent, k);
        const shownChild = safeFilteredCount(n, parent, k);
        if (shownParent.kind === 'value' && shownChild.kind === 'value') {
          expect(differenceAttack(shownParent.value, shownChild.value, k)).toBe(false);
        }
      }),
    );
  });
});
