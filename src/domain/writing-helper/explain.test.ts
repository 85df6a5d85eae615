import { describe, expect, it } from 'vitest';
import { explainJargon, jargonTerms } from './explain.ts';
import da from './lists/da.json' with { type: 'json' };
import en from './lists/en.json' with { type: 'json' };

describe('professional terms explained in place', () => {
  it('explains each term at its first use, keeping every character of the text', () => {
    const text = 'Vi aftaler støtte til ADL og en udredning. ADL igen.';
    const pieces = explainJargon(text, 'da');
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.plain)).toEqual([
      { text: 'ADL', plain: 'almindelige daglige gøremål som at handle og gøre rent' },
      { text: 'udredning', plain: 'at finde ud af, hvad der er svært' },
    ]);
  });

  it('leaves plain text as one piece, and English works too', () => {
    expect(explainJargon('Vi mødes igen om to uger.', 'da')).toEqual([{ text: 'Vi mødes igen om to uger.' }]);
    expect(explainJargon('', 'da')).toEqual([{ text: '' }]);
    expect(explainJargon('Help with ADL.', 'en').find((p) => p.plain)).toEqual({ text: 'ADL', plain: 'everyday tasks like shopping and cleaning' });
  });

  it('lists each term once for the writer, however often and however it is capitalised', () => {
    expect(jargonTerms('ADL hver dag, adl igen, og en udredning.', 'da')).toEqual([
      { term: 'ADL', plain: 'almindelige daglige gøremål som at handle og gøre rent' },
      { term: 'udredning', plain: 'at finde ud af, hvad der er svært' },
    ]);
    expect(jargonTerms('Vi mødes igen.', 'da')).toEqual([]);
  });

  it('the writer, a professional writing about the person, gets plain words about the person, not in the person’s own voice', () => {
    expect(jargonTerms('Lavt funktionsniveau. PN-medicin ved behov.', 'da')).toEqual([
      { term: 'funktionsniveau', plain: 'hvad personen kan klare i hverdagen' },
      { term: 'PN-medicin', plain: 'medicin, når personen har brug for det' },
    ]);
    // The person reading the professional's text keeps the words in their own voice.
    expect(explainJargon('Lavt funktionsniveau.', 'da').find((p) => p.plain)?.plain).toBe('hvad jeg kan klare i hverdagen');
  });

  it('no term on either list gives the writer words in the first person', () => {
    const firstPerson = { da: /\b(jeg|mig|min|mit|mine)\b/i, en: /\b(I|me|my|mine|myself)\b/ };
    for (const [lang, list] of [
      ['da', da],
      ['en', en],
    ] as const)
      for (const { term } of list.jargon)
        for (const { plain } of jargonTerms(`${term}.`, lang)) expect(plain, `${lang}: ${term}`).not.toMatch(firstPerson[lang]);
  });
});
