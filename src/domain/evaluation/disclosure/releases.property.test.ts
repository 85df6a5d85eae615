import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NOT_ANSWERED, makeRelease, meanOfShownCounts, publish, releaseDue, type CountTables, type Release } from './releases.ts';

// The attacker as a test. A round has a few sites, one or two items with a few options (two
// items are two partitions of the same people, sharing their totals), and people who answer one
// after another; the coordinator opens the report whenever they like, and each time a
// release is made if it is due. The coordinator then takes every output there is: every release,
// every site's row, every period between two releases (which is also what before/after and the
// CSV show), and the means beside them (a choice item's mean score, a number item's mean value). Each shown number is a linear equation over the unknown
// atoms: how many of the people who arrived between two releases gave one combination of answers
// at site r.
// With exact elimination over the rationals the attacker learns every linear combination the
// equations determine. None of them may be a group of 1 to k−1 people: no atom, no hidden entry,
// and no difference of two entries of which one contains the other; nor the sum of the values a
// small group gave to a number item; nor may a small group be known to have answered all alike
// (unless the whole round did; and a line answered all alike is hidden anyway, see
// releases.test.ts). Free text needs no algebra: it is released for the whole round
// only, in batches of at least k new writers (textBatchDue), so any two releases differ by k or more.

const K = 5;

interface Scenario {
  sites: number;
  options: number;
  /** A second item's options (0: one item only). Two items are two partitions of the same people. */
  options2: number;
  /**
   * The second item is a number (or slider) item whose values are 1..options2: its table shows
   * only how many answered, and its mean. The mean times the count is a sum of values, a linear
   * equation like any count, so the attacker uses it the same way.
   */
  number2: boolean;
  /** [site, answer to item 1, answer to item 2]; an answer equal to its item's options means "did not answer". */
  arrivals: [number, number, number][];
  /** After how many arrivals the report is opened. */
  openings: number[];
}

const answerTo = (options: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: options - 1 }) }, { weight: 1, arbitrary: fc.constant(options) });

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    sites: fc.integer({ min: 1, max: 4 }),
    options: fc.integer({ min: 2, max: 4 }),
    options2: fc.constantFrom(0, 0, 2, 3, 4),
    number2: fc.boolean(),
  })
  .chain(({ sites, options, options2, number2 }) =>
    fc.record({
      sites: fc.constant(sites),
      options: fc.constant(options),
      options2: fc.constant(options2),
      number2: fc.constant(options2 > 0 && number2),
      arrivals: fc.array(
        fc.tuple(
          // Skewed toward the first site and option, so that small groups are common.
          fc.oneof(fc.constant(0), fc.integer({ min: 0, max: sites - 1 })),
          answerTo(options),
          options2 ? answerTo(options2) : fc.constant(0),
        ),
        { minLength: 5, maxLength: 28, size: 'max' },
      ),
      // Gaps between openings: often just over k, so that releases follow each other closely.
      openings: fc.array(fc.oneof(fc.integer({ min: 5, max: 7 }), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 6 }).map((gaps) => {
        let at = 0;
        return gaps.map((g) => (at += g));
      }),
    }),
  );

const columns = (options: number) => [...Array.from({ length: options }, (_, j) => String(j + 1)), NOT_ANSWERED];
const scoresOf = (options: number) => [...Array.from({ length: options }, (_, j) => j + 1), undefined];

function countsAfter(s: Scenario, n: number): CountTables {
  const rows = Array.from({ length: s.sites }, (_, i) => `site${i}`);
  const cells = rows.map(() => new Array<number>(s.options + 1).fill(0));
  const cells2 = rows.map(() => new Array<number>(s.options2 + 1).fill(0));
  for (const [site, a, b] of s.arrivals.slice(0, n)) {
    cells[site]![a]!++;
    cells2[site]![b]!++;
  }
  return {
    rows,
    tables: [
      { key: '', columns: ['respondents'], cells: cells.map((row) => [row.reduce((a, b) => a + b, 0)]) },
      { key: 'item', columns: columns(s.options), cells },
      ...(s.options2 && s.number2
        ? [
            {
              key: 'item2',
              columns: ['answered', NOT_ANSWERED],
              cells: cells2.map((row) => [row.slice(0, -1).reduce((a, b) => a + b, 0), row.at(-1)!]),
              sums: cells2.map((row) => row.slice(0, -1).reduce((a, n, v) => a + n * (v + 1), 0)),
            },
          ]
        : s.options2
          ? [{ key: 'item2', columns: columns(s.options2), cells: cells2 }]
          : []),
    ],
  };
}

/** The releases made, and after how many arrivals each was. */
function play(s: Scenario, tamper: (r: Release) => Release = (r) => r): { releases: Release[]; cuts: number[] } {
  const releases: Release[] = [];
  const cuts: number[] = [];
  for (const opening of s.openings) {
    const n = Math.min(opening, s.arrivals.length);
    if (releaseDue(n, cuts.at(-1) ?? 0, K)) {
      releases.push(tamper(makeRelease(countsAfter(s, n), releases, K)));
      cuts.push(n);
    }
  }
  return { releases, cuts };
}

// --- exact linear algebra over the rationals ----------------------------------------------------

const abs = (a: bigint) => (a < 0n ? -a : a);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The row space of the published equations, kept in reduced echelon form with whole numbers. */
class RowSpace {
  private rows: { pivot: number; v: bigint[] }[] = [];

  /** f minus the part of it in the row space, as a canonical key; '0' when f is determined. */
  residual(f: readonly number[]): string {
    const { v, d } = this.reduce(f);
    return v.every((x) => x === 0n) ? '0' : `${d}|${v.join(',')}`;
  }

  add(f: readonly number[]): void {
    const { v } = this.reduce(f);
    const pivot = v.findIndex((x) => x !== 0n);
    if (pivot < 0) return;
    for (const row of this.rows) {
      const b = row.v[pivot]!;
      if (b === 0n) continue;
      const a = v[pivot]!;
      row.v = normalise(row.v.map((x, i) => x * a - v[i]! * b));
    }
    this.rows.push({ pivot, v: normalise(v) });
  }

  private reduce(f: readonly number[]): { v: bigint[]; d: bigint } {
    let v = f.map((x) => BigInt(x));
    let d = 1n;
    for (const row of this.rows) {
      const b = v[row.pivot]!;
      if (b === 0n) continue;
      const a = row.v[row.pivot]!;
      v = v.map((x, i) => x * a - row.v[i]! * b);
      d *= a;
    }
    let g = d;
    for (const x of v) g = gcd(g, x);
    if (g > 1n) {
      v = v.map((x) => x / g);
      d /= g;
    }
    if (d < 0n) {
      v = v.map((x) => -x);
      d = -d;
    }
    return { v, d };
  }
}

function normalise(v: bigint[]): bigint[] {
  let g = 0n;
  for (const x of v) g = gcd(g, x);
  return g > 1n ? v.map((x) => x / g) : v;
}

// --- the attack ---------------------------------------------------------------------------------

interface Known {
  what: string;
  atoms: number[];
  value: number;
  /** The arrival batches [from, to) and the columns it counts. */
  batches: [number, number];
  cols: number[];
  /** A number item's answered column: what must stay unknown is also the sum of the values. */
  valued?: boolean;
}

function attack(s: Scenario, tamper?: (r: Release) => Release): string[] {
  const { releases, cuts } = play(s, tamper);
  const R = s.sites;
  // An atom is one kind of answer (the answers to both items) at one site from one batch.
  const C1 = s.options + 1;
  const C2 = s.options2 ? s.options2 + 1 : 1;
  const C = C1 * C2;
  const batches = releases.length + 1;
  const N = batches * R * C;
  const atom = (b: number, r: number, c: number) => (b * R + r) * C + c;
  const truth = new Array<number>(N).fill(0);
  s.arrivals.forEach(([site, a, b2], index) => {
    const b = cuts.findIndex((cut) => index < cut);
    truth[atom(b < 0 ? releases.length : b, site, a * C2 + b2)]!++;
  });
  const vector = (atoms: readonly number[], weights?: (a: number) => number) => {
    const v = new Array<number>(N).fill(0);
    for (const a of atoms) v[a] = weights ? weights(a) : 1;
    return v;
  };
  const countOf = (atoms: readonly number[]) => atoms.reduce((t, a) => t + truth[a]!, 0);
  const all = Array.from({ length: C }, (_, c) => c);
  // The kinds of answer a table's column counts.
  const answered2 = (c: number) => c % C2 < s.options2;
  const kinds = (key: string, col: number) =>
    key === 'item'
      ? all.filter((c) => Math.floor(c / C2) === col)
      : key === 'item2' && s.number2
        ? all.filter((c) => (col === 0 ? answered2(c) : !answered2(c)))
        : key === 'item2'
          ? all.filter((c) => c % C2 === col)
          : all;
  // The value a person at atom a gave to the number item (0 when they did not answer it).
  const valueGiven = (a: number) => (answered2(a % C) ? ((a % C) % C2) + 1 : 0);
  const scoreOf = (key: string) => (key === 'item2' ? scoresOf(s.options2) : scoresOf(s.options));

  const space = new RowSpace();
  const entries: Known[] = [];
  for (let j = 1; j <= releases.length; j++) {
    for (let i = 0; i < j; i++) {
      const tables = publish(releases[j - 1]!, i === 0 ? null : releases[i - 1]!, K);
      for (const t of tables) {
        t.lines.forEach((line, li) => {
          const rows = line.row === null ? Array.from({ length: R }, (_, r) => r) : [li];
          const atomsOf = (cols: number[]) => {
            const out: number[] = [];
            for (let b = i; b < j; b++) for (const r of rows) for (const c of cols) out.push(atom(b, r, c));
            return out;
          };
          const shown: { cols: number[]; entry: (typeof line.cells)[number]; what: string }[] = [
            ...line.cells.map((entry, c) => ({ cols: kinds(t.key, c), entry, what: `${t.key} col ${c}` })),
            { cols: all, entry: line.total, what: `${t.key} total` },
          ];
          for (const x of shown) {
            const what = `period ${i}→${j}, ${line.row ?? 'all sites'}, ${x.what}`;
            const atoms = atomsOf(x.cols);
            entries.push({ what, atoms, value: countOf(atoms), batches: [i, j], cols: x.cols });
            if (t.key === 'item2' && s.number2 && x.what.endsWith('col 0'))
              entries.push({ what: `${what} (sum of values)`, atoms, value: countOf(atoms), batches: [i, j], cols: x.cols, valued: true });
            if (x.entry.kind === 'value') {
              expect(x.entry.value, what).toBe(countOf(atoms));
              space.add(vector(atoms));
            }
          }
          if (line.mean !== null) {
            // A number item's mean times its count: the sum of the values behind the line.
            expect(t.key === 'item2' && s.number2).toBe(true);
            space.add(vector(atomsOf(kinds('item2', 0)), valueGiven));
          } else if (t.key !== '' && !(t.key === 'item2' && s.number2)) {
            const score = scoreOf(t.key);
            if (meanOfShownCounts(line.cells, score, K) !== null) {
              // The mean times the number behind it: a weighted sum of the scored columns.
              const weight = (a: number) => {
                const c = a % C;
                return score[t.key === 'item2' ? c % C2 : Math.floor(c / C2)] ?? 0;
              };
              space.add(vector(atomsOf(all), weight));
            }
          }
        });
      }
    }
  }

  const small = (n: number) => n >= 1 && n < K;
  const found: string[] = [];
  for (let a = 0; a < N; a++) {
    if (small(truth[a]!) && space.residual(vector([a])) === '0') found.push(`atom ${a} = ${truth[a]}`);
  }
  const groups = new Map<string, Known[]>();
  const seen = new Set<string>();
  for (const e of entries) {
    const id = `${e.valued ? 'sum' : 'count'}:${e.atoms.join(',')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    // A count and a sum of values are different kinds of knowledge: they are grouped apart.
    const key = `${e.valued ? 'sum' : 'count'}:${space.residual(e.valued ? vector(e.atoms, valueGiven) : vector(e.atoms))}`;
    if (key.endsWith(':0') && small(e.value)) found.push(`${e.what} = ${e.value} people`);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const group of groups.values()) {
    for (const f of group) {
      const inF = new Set(f.atoms);
      for (const g of group) {
        if (g === f || g.atoms.length >= f.atoms.length || !g.atoms.every((a) => inF.has(a))) continue;
        if (small(f.value - g.value)) found.push(`${f.what} − ${g.what} = ${f.value - g.value}`);
        // A small group known to lie wholly inside g: what all of them answered. That is only
        // allowed where the whole round (in the same period) answered that way, since then it
        // says nothing about this group in particular.
        if (!f.valued && small(f.value) && f.value === g.value && g.cols.length < f.cols.length && f.batches.join() === g.batches.join()) {
          const [from, to] = f.batches;
          let elsewhere = 0;
          for (let b = from; b < to; b++) for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) if (!g.cols.includes(c)) elsewhere += truth[atom(b, r, c)]!;
          if (elsewhere > 0) found.push(`${f.what} lies wholly in ${g.what} (${f.value})`);
        }
      }
    }
  }
  return found;
}

describe('no combination of published outputs gives away a group smaller than k', () => {
  it('holds for random rounds, arrivals and report openings', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(attack(s)).toEqual([]);
      }),
      // 5,000 runs also pass (about 15 s); 500 keep the unit tests quick.
      { numRuns: 500 },
    );
  });

  // A release with nothing hidden: what the attacker would see without the layer.
  const unprotected = (r: Release): Release => ({ ...r, tables: r.tables.map((t) => ({ ...t, hidden: t.hidden.map((row) => row.map(() => false)) })) });
  const loneAtThirdSite = (answer2: number, others2 = 0): [number, number, number][] => [
    ...Array.from({ length: 10 }, () => [0, 0, others2] as [number, number, number]),
    ...Array.from({ length: 10 }, () => [1, 1, 0] as [number, number, number]),
    [2, 0, answer2],
  ];

  it('the attacker finds the hole when nothing is suppressed (the test can fail)', () => {
    // Three sites with 10, 10 and 1: published in full, the lone answer is the whole minus two sites.
    const s: Scenario = { sites: 3, options: 2, options2: 0, number2: false, arrivals: loneAtThirdSite(0), openings: [21] };
    expect(play(s).releases).toHaveLength(1);
    expect(attack(s, unprotected).length).toBeGreaterThan(0);
    expect(attack(s)).toEqual([]);
  });

  it('the attacker finds a lone number through the means when nothing is suppressed (the test can fail)', () => {
    // The same round with a number item: every site's mean shown, the third site's value is the
    // whole round's sum minus the two others'.
    const s: Scenario = { sites: 3, options: 2, options2: 4, number2: true, arrivals: loneAtThirdSite(3, 1), openings: [21] };
    const found = attack(s, unprotected);
    expect(found.some((f) => f.includes('sum of values'))).toBe(true);
    expect(attack(s)).toEqual([]);
  });
});
