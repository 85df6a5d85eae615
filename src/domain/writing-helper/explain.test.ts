import { describe, expect, it } from 'vitest';
import { explainJargon, jargonTerms } from './explain.ts';

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
});
