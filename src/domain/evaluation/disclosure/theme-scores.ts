import type { Questionnaire } from '../questionnaire.ts';
import type { Release } from './releases.ts';
import { DEFAULT_K, isSmall, type SuppressedMean } from './suppression.ts';

// The users' theme scores beside the staff's self-assessment: the items of a theme pooled into
// one mean, from a questionnaire's releases.
//
// The rule is the staff self-assessment's own — a mean is shown when at least k people are
// behind it — and never a count per answer. An earlier rule showed a theme only where every
// answer count was itself shown (0 or at least k), so five users who answered 2, 3, 4, 3, 2
// showed nothing at all: the users' voice the radar promises would in practice never appear.
//
// What keeps a mean from being subtracted down to a small group:
// - it comes only from a frozen release, and a release is made only when at least k more people
//   have answered (releases.ts), so the page does not move with each answer;
// - for an item to count, every site of the round has 0 or at least k scored answers to it, so
//   no site's mean and the round's can be subtracted to a small site;
// - and the same holds for the growth since every earlier release, per site, so two releases
//   cannot be subtracted to the few who answered in between.
// - an item counts only where no line (a site, or the round) has all its scored answers on one
//   option: the mean would then be that option, and tell everyone who knows a person was there
//   what that person answered, which the report hides (releases.ts, linesAnsweredAlike).
// A mean of at least k answers with only two options used still tells how many chose each; that
// is what the staff radar shows of the staff too, and the report keeps hiding the counts.

/** Each scored item's answers at one site (or the round's total): how many, and their scores' sum. */
interface ScoredLine {
  n: number;
  sum: number;
}

function scoredLines(table: Release['tables'][number], scores: ReadonlyMap<string, number>): ScoredLine[] {
  return table.cells.map((cells) => {
    let n = 0;
    let sum = 0;
    table.columns.forEach((column, j) => {
      const score = scores.get(column);
      if (score === undefined) return;
      n += cells[j] ?? 0;
      sum += (cells[j] ?? 0) * score;
    });
    return { n, sum };
  });
}

/** Whether some line of the table, the sites' or the round's, has answers and all its scored
 * answers on one option. */
function someLineAlike(table: Release['tables'][number], scores: ReadonlyMap<string, number>): boolean {
  const scored = table.columns.flatMap((column, j) => (scores.has(column) ? [j] : []));
  const round = scored.map((j) => table.cells.reduce((n, cells) => n + (cells[j] ?? 0), 0));
  const lines = [...table.cells.map((cells) => scored.map((j) => cells[j] ?? 0)), round];
  return lines.some((line) => line.filter((n) => n > 0).length === 1);
}

const emptyOrEnough = (n: number, k: number) => n === 0 || !isSmall(n, k);

/**
 * Per theme, the mean score of the users' answers in the newest of `releases` (oldest first, all
 * of the same questionnaire), at `row` (a site key) or over the whole round (`null`).
 */
export function themeScores(
  q: Questionnaire,
  releases: readonly Release[],
  row: string | null,
  themeOf: Readonly<Record<string, string>>,
  themes: readonly string[],
  k: number = DEFAULT_K,
): Map<string, SuppressedMean> {
  const newest = releases.at(-1);
  const sums = new Map<string, ScoredLine>();
  for (const item of q.items) {
    const theme = themeOf[item.key];
    if (theme === undefined || item.type !== 'singleChoice' || !newest) continue;
    const scores = new Map(item.options.flatMap((o) => (o.score === undefined ? [] : [[o.value, o.score] as const])));
    const linesIn = (release: Release): ScoredLine[] | null => {
      const table = release.tables.find((t) => t.key === item.key);
      return table ? scoredLines(table, scores) : null;
    };
    const now = linesIn(newest);
    if (!now?.every((l) => emptyOrEnough(l.n, k))) continue;
    if (someLineAlike(newest.tables.find((t) => t.key === item.key)!, scores)) continue;
    const grewSafely = releases.slice(0, -1).every((earlier) => {
      const then = linesIn(earlier);
      if (!then) return true;
      return now.every((l, i) => emptyOrEnough(l.n - (then[earlier.rows.indexOf(newest.rows[i]!)]?.n ?? 0), k));
    });
    if (!grewSafely) continue;
    const at = row === null ? null : newest.rows.indexOf(row);
    if (at === -1) continue;
    const line = at === null ? now.reduce((a, l) => ({ n: a.n + l.n, sum: a.sum + l.sum }), { n: 0, sum: 0 }) : now[at]!;
    if (line.n === 0) continue;
    const s = sums.get(theme) ?? { n: 0, sum: 0 };
    sums.set(theme, { n: s.n + line.n, sum: s.sum + line.sum });
  }
  return new Map(
    themes.map((theme) => {
      const s = sums.get(theme);
      return [theme, s && !isSmall(s.n, k) ? { kind: 'value', value: s.sum / s.n } : { kind: 'suppressed', reason: 'tooFew' }];
    }),
  );
}
