import { describe, expect, it } from 'vitest';
import {
  NOT_ANSWERED,
  makeRelease,
  meanOfShownCounts,
  publish,
  releaseDateDue,
  releaseDue,
  respondentsOf,
  textBatchDue,
  type CountTables,
} from './releases.ts';
import type { SuppressedCount } from './suppression.ts';
import { countTables } from './questionnaire-tables.ts';
import { PEER_PRACTICE } from '../defaults.ts';

const K = 5;

/** One item with options '1'…'n' and "not answered"; cells given per site. */
function counts(sites: Record<string, number[]>, sums?: number[]): CountTables {
  const rows = Object.keys(sites);
  const cells = rows.map((r) => sites[r]!);
  const columns = [...cells[0]!.slice(0, -1).map((_, j) => String(j + 1)), NOT_ANSWERED];
  return {
    rows,
    tables: [
      { key: '', columns: ['respondents'], cells: cells.map((row) => [row.reduce((a, b) => a + b, 0)]) },
      { key: 'item', columns, cells, ...(sums ? { sums } : {}) },
    ],
  };
}

const v = (e: SuppressedCount) => (e.kind === 'value' ? e.value : null);

describe('releases', () => {
  it('three sites with 10, 10 and 1: the whole round minus two sites does not give the lone answer', () => {
    const release = makeRelease(counts({ a: [5, 5, 0], b: [4, 6, 0], c: [1, 0, 0] }), [], K);
    const item = publish(release, null, K)[1]!;
    const [a, b, c, all] = item.lines;
    for (let j = 0; j < 3; j++) {
      const [w, x, y] = [v(all!.cells[j]!), v(a!.cells[j]!), v(b!.cells[j]!)];
      if (w !== null && x !== null && y !== null) expect(w - x - y === 0 || w - x - y >= K).toBe(true);
    }
    expect(c!.cells.every((e) => e.kind === 'suppressed')).toBe(true);
    expect(c!.total.kind).toBe('suppressed');
  });

  it('a small site shows no zeros beside its hidden count: its whole row is hidden', () => {
    const release = makeRelease(counts({ big: [3, 3, 2, 0], small: [0, 3, 0, 0] }), [], K);
    const small = publish(release, null, K)[1]!.lines[1]!;
    expect(small.cells.map(v)).toEqual([null, null, null, null]);
    expect(small.total.kind).toBe('suppressed');
  });

  it('a site where everyone gave the same answer shows none of its answer counts: the zeros beside them would tell what each person answered', () => {
    // Found by hand in the demo: six at one place, all "partly", read as "6 (100 %)" and 0 for
    // every other answer.
    const release = makeRelease(counts({ house: [0, 6, 0, 0] }), [], K);
    const [house, all] = publish(release, null, K)[1]!.lines;
    for (const line of [house!, all!]) {
      expect(line.cells.slice(0, 3).map(v)).toEqual([null, null, null]);
      expect(v(line.total)).toBe(6);
    }
  });

  it('beside a site with a spread of answers, a site where all answered alike keeps its answers hidden, and the sums do not give them back', () => {
    const release = makeRelease(counts({ alike: [7, 0, 0, 0], spread: [6, 5, 5, 0] }), [], K);
    const [alike, spread, all] = publish(release, null, K)[1]!.lines;
    expect(alike!.cells.slice(0, 3).map(v)).toEqual([null, null, null]);
    // The column totals minus the other site's shown counts would give the hidden ones back.
    for (let j = 0; j < 3; j++) expect(v(all!.cells[j]!) !== null && v(spread!.cells[j]!) !== null).toBe(false);
  });

  it('a multiple-choice option everyone at a site chose, or nobody did, is hidden there', () => {
    const tables: CountTables = {
      rows: ['house'],
      tables: [
        { key: '', columns: ['respondents'], cells: [[8]] },
        { key: 'm\u0000a', columns: ['chosen', 'notChosen', NOT_ANSWERED], cells: [[8, 0, 0]], sameLastColumnAs: 'm' },
        { key: 'm\u0000b', columns: ['chosen', 'notChosen', NOT_ANSWERED], cells: [[0, 8, 0]], sameLastColumnAs: 'm' },
        { key: 'm\u0000c', columns: ['chosen', 'notChosen', NOT_ANSWERED], cells: [[3, 5, 0]], sameLastColumnAs: 'm' },
      ],
    };
    const published = publish(makeRelease(tables, [], K), null, K);
    expect(published[1]!.lines[0]!.cells.slice(0, 2).map(v)).toEqual([null, null]);
    expect(published[2]!.lines[0]!.cells.slice(0, 2).map(v)).toEqual([null, null]);
    // A real spread is still shown where it protects nobody less: 3 is small and hidden, and so
    // is what would give it back.
    expect(published[3]!.lines[0]!.cells.slice(0, 2).map(v)).toEqual([null, null]);
  });

  it('a number item has one answer column: answering it at all is not an answer given alike', () => {
    const tables: CountTables = {
      rows: ['house'],
      tables: [
        { key: '', columns: ['respondents'], cells: [[6]] },
        { key: 'n', columns: ['answered', NOT_ANSWERED], cells: [[6, 0]], sums: [30] },
      ],
    };
    const line = publish(makeRelease(tables, [], K), null, K)[1]!.lines[0]!;
    expect(v(line.cells[0]!)).toBe(6);
    expect(line.mean).toBe(5);
  });

  it("six people who all gave the same number: the mean would be each one's answer, so it is hidden", () => {
    const numberTable = (sum: number, squares: number): CountTables => ({
      rows: ['house'],
      tables: [
        { key: '', columns: ['respondents'], cells: [[6]] },
        { key: 'n', columns: ['answered', NOT_ANSWERED], cells: [[6, 0]], sums: [sum], squares: [squares] },
      ],
    });
    // 5, 5, 5, 5, 5, 5: a mean of 5 on a scale from 1 to 5 tells everyone's answer.
    const alike = publish(makeRelease(numberTable(30, 150), [], K), null, K)[1]!.lines;
    expect(alike.map((l) => l.mean)).toEqual([null, null]);
    expect(v(alike[0]!.cells[0]!)).toBe(6);
    // 4, 4, 5, 5, 6, 6: the same mean tells nobody's answer.
    expect(publish(makeRelease(numberTable(30, 154), [], K), null, K)[1]!.lines[0]!.mean).toBe(5);
    // Decimals that are alike are alike, whatever the rounding: six times 2.3.
    expect(publish(makeRelease(numberTable(6 * 2.3, 6 * 2.3 * 2.3), [], K), null, K)[1]!.lines[0]!.mean).toBeNull();
  });

  it('the five who answered between two releases all gave the same number: the period hides its mean, the whole keeps it', () => {
    const table = (n: number, sum: number, squares: number): CountTables => ({
      rows: ['house'],
      tables: [
        { key: '', columns: ['respondents'], cells: [[n]] },
        { key: 'n', columns: ['answered', NOT_ANSWERED], cells: [[n, 0]], sums: [sum], squares: [squares] },
      ],
    });
    const first = makeRelease(table(6, 30, 154), [], K);
    const second = makeRelease(table(11, 55, 279), [first], K);
    expect(publish(second, null, K)[1]!.lines[0]!.mean).toBe(5);
    const period = publish(second, first, K)[1]!.lines;
    expect(v(period[0]!.cells[0]!)).toBe(5);
    expect(period.map((l) => l.mean)).toEqual([null, null]);
    // From a release made before the squares were kept, nothing tells whether the period's
    // answers were alike: its mean is hidden, while that old release shows what it showed.
    const { squares: _dropped, ...withoutSquares } = first.tables[1]!;
    const oldFirst = { ...first, tables: [first.tables[0]!, withoutSquares] };
    expect(publish(oldFirst, null, K)[1]!.lines[0]!.mean).toBe(5);
    expect(publish(second, oldFirst, K)[1]!.lines[0]!.mean).toBeNull();
  });

  it('each site answered alike, but differently from the other: the sites hide their means, all sites together show theirs', () => {
    const tables: CountTables = {
      rows: ['a', 'b'],
      tables: [
        { key: '', columns: ['respondents'], cells: [[6], [7]] },
        {
          key: 'n',
          columns: ['answered', NOT_ANSWERED],
          cells: [
            [6, 0],
            [7, 0],
          ],
          sums: [6 * 5, 7 * 2],
          squares: [6 * 25, 7 * 4],
        },
      ],
    };
    const [a, b, all] = publish(makeRelease(tables, [], K), null, K)[1]!.lines;
    expect([a!.mean, b!.mean]).toEqual([null, null]);
    expect(all!.mean).toBeCloseTo(44 / 13);
  });

  it('loading, one more answer, loading again: no new release, so nothing moves', () => {
    expect(releaseDue(7, 6, K)).toBe(false);
    expect(releaseDue(11, 6, K)).toBe(true);
    expect(releaseDue(4, 0, K)).toBe(false);
    expect(textBatchDue(4, K)).toBe(false);
    expect(textBatchDue(5, K)).toBe(true);
  });

  it('while the round runs, releases are a week apart; after it has ended, only k new answers count', () => {
    expect(releaseDateDue(null, '2026-03-02', '2026-12-31')).toBe(true);
    expect(releaseDateDue('2026-03-02', '2026-03-08', '2026-12-31')).toBe(false);
    expect(releaseDateDue('2026-03-02', '2026-03-09', '2026-12-31')).toBe(true);
    expect(releaseDateDue('2026-12-30', '2027-01-01', '2026-12-31')).toBe(true);
  });

  it('two releases: the cells that moved by a small number are hidden in the later one', () => {
    const first = makeRelease(counts({ a: [6, 6, 0] }), [], K);
    expect(publish(first, null, K)[1]!.lines[0]!.cells.map(v)).toEqual([6, 6, 0]);
    // Five more, four of them option 1 and one option 2: showing 10 and 7 would tell both.
    const second = makeRelease(counts({ a: [10, 7, 0] }), [first], K);
    const shown = publish(second, null, K)[1]!.lines[0]!;
    expect(v(shown.cells[0]!)).toBeNull();
    expect(v(shown.cells[1]!)).toBeNull();
    expect(v(shown.total)).toBe(17);
    // The period between the two releases shows the five new ones as a whole, nothing finer.
    const period = publish(second, first, K)[1]!.lines[0]!;
    expect(v(period.total)).toBe(5);
    expect(period.cells.slice(0, 2).map(v)).toEqual([null, null]);
    expect(respondentsOf(second) - respondentsOf(first)).toBe(5);
  });

  it('a release never changes an earlier one', () => {
    const first = makeRelease(counts({ a: [6, 6, 0], b: [5, 5, 0] }), [], K);
    const copy = structuredClone(first);
    makeRelease(counts({ a: [8, 9, 0], b: [7, 5, 0] }), [first], K);
    expect(first).toEqual(copy);
  });

  it('a mean of numbers shows from k answers behind it, and only where its count is shown', () => {
    const release = makeRelease(counts({ a: [6, 0], b: [2, 0] }, [24, 10]), [], K);
    const [a, b, all] = publish(release, null, K)[1]!.lines;
    expect(all!.mean).toBeCloseTo(34 / 8);
    expect(b!.mean).toBeNull();
    // Site a's count (6) would give site b's (8 − 6 = 2) away, so it is hidden, and its mean with it.
    expect(v(a!.cells[0]!)).toBeNull();
    expect(a!.mean).toBeNull();
  });

  it('a mean score shows only when every scored count behind it is shown', () => {
    const shown = (n: number): SuppressedCount => ({ kind: 'value', value: n });
    expect(meanOfShownCounts([shown(5), shown(10)], [1, 2], K)).toBeCloseTo(25 / 15);
    expect(meanOfShownCounts([shown(5), { kind: 'suppressed' }], [1, 2], K)).toBeNull();
    // "Don't know" has no score: hidden or not, it takes no part in the mean.
    expect(meanOfShownCounts([shown(5), shown(10), { kind: 'suppressed' }], [1, 2, undefined], K)).toBeCloseTo(25 / 15);
    expect(meanOfShownCounts([shown(0), shown(0)], [1, 2], K)).toBeNull();
  });
});

describe('tables that share a column', () => {
  it('hide the shared "not answered" column alike (multiple choice)', () => {
    // Option a: site x's small "chose it" (2) takes x's "not answered" (5) with it; option b has
    // nothing small and would show that same 5, and with it narrow a's hidden cells down.
    const now: CountTables = {
      rows: ['x', 'y'],
      tables: [
        { key: '', columns: ['respondents'], cells: [[13], [12]] },
        {
          key: 'm\u0000a',
          columns: ['chosen', 'notChosen', NOT_ANSWERED],
          cells: [
            [2, 6, 5],
            [6, 6, 0],
          ],
          sameLastColumnAs: 'm',
        },
        {
          key: 'm\u0000b',
          columns: ['chosen', 'notChosen', NOT_ANSWERED],
          cells: [
            [8, 0, 5],
            [6, 6, 0],
          ],
          sameLastColumnAs: 'm',
        },
      ],
    };
    const release = makeRelease(now, [], K);
    const [, a, b] = release.tables;
    expect(a!.hidden[0]![2]).toBe(true);
    for (let i = 0; i <= 2; i++) expect(b!.hidden[i]![2], `row ${i}`).toBe(a!.hidden[i]![2]);
  });
});

describe('a release of a questionnaire with a multiple-choice item', () => {
  it('names its tables without the NUL character, which a release stored as jsonb cannot hold', () => {
    const tables = countTables(PEER_PRACTICE, ['house'], []);
    expect(tables.tables.some((t) => t.sameLastColumnAs !== undefined)).toBe(true);
    expect(JSON.stringify(makeRelease(tables, [], K))).not.toContain('\\u0000');
  });
});
