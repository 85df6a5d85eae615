import { describe, expect, it } from 'vitest';
import da from './lists/da.json' with { type: 'json' };
import en from './lists/en.json' with { type: 'json' };
import { analyse } from './analyse.ts';
import { wordListSchema } from './lists.ts';
import { normalise } from './tokens.ts';

const lists = { da: wordListSchema.parse(da), en: wordListSchema.parse(en) };

describe('word lists', () => {
  it.each(['da', 'en'] as const)('%s has at least 40 jargon terms, each listed once', (lang) => {
    const terms = lists[lang].jargon.map((j) => normalise(j.term));
    expect(terms.length).toBeGreaterThanOrEqual(40);
    expect(new Set(terms).size).toBe(terms.length);
  });

  // A plain alternative that is itself flagged would send people in a circle.
  it.each(['da', 'en'] as const)('%s plain alternatives are not flagged as jargon', (lang) => {
    for (const { term, plain } of lists[lang].jargon) {
      const flagged = analyse(plain, { lang }).filter((h) => h.kind === 'jargon');
      expect(flagged, `${term} → ${plain}`).toEqual([]);
    }
  });

  it.each(['da', 'en'] as const)('%s jargon terms are each found in a sentence', (lang) => {
    for (const { term, plain } of lists[lang].jargon) {
      const sentence = lang === 'da' ? `Vi taler om ${term} i dag.` : `We talk about ${term} today.`;
      const hints = analyse(sentence, { lang }).filter((h) => h.kind === 'jargon');
      expect(
        hints.map((h) => h.suggestion),
        term,
      ).toContain(plain);
    }
  });
});
