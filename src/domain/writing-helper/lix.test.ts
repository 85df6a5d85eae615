import { describe, expect, it } from 'vitest';
import { lix, lixBand } from './lix.ts';

describe('lix', () => {
  // Each figure worked out by hand: words / sentences + long words × 100 / words,
  // where a long word has more than six letters.
  it.each([
    {
      text: 'Jeg hedder Sara. Jeg bor i Odense med min kat.',
      // 10 words, 2 sentences; "hedder" and "Odense" have exactly six letters, so are not long.
      words: 10,
      sentences: 2,
      longWords: 0,
      value: 5,
    },
    {
      text: 'Kommunikationsmedarbejderen gennemgik sagsbehandlingsproceduren grundigt.',
      words: 4,
      sentences: 1,
      longWords: 4,
      value: 104,
    },
    {
      text: 'Vi mødes kl. 14.30 på recovery-afdelingen.',
      // "kl." does not end the sentence, "14.30" is one word with no letters,
      // and the hyphenated word is one long word: 6 + 100/6.
      words: 6,
      sentences: 1,
      longWords: 1,
      value: 6 + 100 / 6,
    },
    {
      text: 'I like my dog. She is small. We walk together every morning',
      // 12 words, 3 sentences (the last has no full stop); "together" and "morning" are long.
      words: 12,
      sentences: 3,
      longWords: 2,
      value: 4 + 200 / 12,
    },
    {
      text: 'Jeg er glad 😊 og træt 😴',
      // Emoji are not words.
      words: 5,
      sentences: 1,
      longWords: 0,
      value: 5,
    },
    { text: '', words: 0, sentences: 0, longWords: 0, value: 0 },
    { text: '😊 … !', words: 0, sentences: 0, longWords: 0, value: 0 },
  ])('$text → $value', ({ text, words, sentences, longWords, value }) => {
    const result = lix(text);
    expect(result).toMatchObject({ words, sentences, longWords });
    expect(result.value).toBeCloseTo(value, 10);
    expect(result.score).toBe(Math.round(value));
  });

  it.each([
    [0, 'easy'],
    [29, 'easy'],
    [30, 'medium'],
    [40, 'medium'],
    [41, 'hard'],
    [50, 'hard'],
    [51, 'veryHard'],
  ] as const)('a score of %i is %s', (score, band) => {
    expect(lixBand(score)).toBe(band);
  });

  it('gives the band in both languages with the result', () => {
    expect(lix('Kommunikationsmedarbejderen gennemgik sagsbehandlingsproceduren grundigt.').bandLabel).toEqual({
      da: 'meget svær at læse',
      en: 'very hard to read',
    });
  });
});
