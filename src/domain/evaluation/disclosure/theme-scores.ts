import type { Questionnaire } from '../questionnaire.ts';
import type { ItemFigures } from './questionnaire-tables.ts';
import { meanOfShownCounts } from './releases.ts';
import { DEFAULT_K, type SuppressedMean } from './suppression.ts';

// Theme scores from a released questionnaire: the items of a theme pooled into one mean. Made
// only of what a report shows anyway (an item's counts where every scored count is shown and at
// least k gave a scored answer, see meanOfShownCounts), so a theme score can never help to work
// out a hidden count. An item whose mean is hidden adds nothing; a theme with none is hidden.

export function themeScores(
  q: Questionnaire,
  figures: readonly ItemFigures[],
  themeOf: Readonly<Record<string, string>>,
  themes: readonly string[],
  k: number = DEFAULT_K,
): Map<string, SuppressedMean> {
  const sums = new Map<string, { n: number; total: number }>();
  for (const f of figures) {
    const theme = themeOf[f.key];
    const item = q.items.find((i) => i.key === f.key);
    if (theme === undefined || item?.type !== 'singleChoice') continue;
    const scores = item.options.map((o) => o.score);
    const counts = f.options.map((o) => o.count);
    const mean = meanOfShownCounts(counts, scores, k);
    if (mean === null) continue;
    // Every scored count is shown here: how many gave a scored answer is their sum.
    const n = counts.reduce((a, c, j) => a + (scores[j] !== undefined && c.kind === 'value' ? c.value : 0), 0);
    const s = sums.get(theme) ?? { n: 0, total: 0 };
    sums.set(theme, { n: s.n + n, total: s.total + mean * n });
  }
  return new Map(
    themes.map((theme) => {
      const s = sums.get(theme);
      return [theme, s && s.n >= k ? { kind: 'value', value: s.total / s.n } : { kind: 'suppressed', reason: 'tooFew' }];
    }),
  );
}
