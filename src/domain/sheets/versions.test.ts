import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personalStatement } from './builtin-templates.ts';
import { emptyAnswers, type StatementAnswers } from './answers.ts';
import { REMOVED_CHARACTERS_FOR_NEW_VERSION, removedCharacters, removesText } from './versions.ts';

const paragraph = 'Jeg går en tur med min hund hver morgen, også når det regner.';

function withWhoIAm(text: string, summary = ''): StatementAnswers {
  const a = emptyAnswers(personalStatement);
  a.fields.whoIAm = text;
  a.summary = summary;
  return a;
}

describe('removedCharacters', () => {
  it.each([
    ['typing at the end removes nothing', 'Jeg hedder Kim', 'Jeg hedder Kim og bor i Odder', 0],
    ['typing in the middle removes nothing', 'Jeg hedder Kim', 'Jeg hedder nu Kim', 0],
    ['changing a word removes that word', 'Jeg bor i Odder nu', 'Jeg bor i Skive nu', 5],
    ['deleting the last sentence removes it', `Jeg hedder Kim. ${paragraph}`, 'Jeg hedder Kim. ', paragraph.length],
    ['emptying the field removes all of it', paragraph, '', paragraph.length],
    ['the same text removes nothing', paragraph, paragraph, 0],
  ])('%s', (_name, before, after, removed) => {
    expect(removedCharacters(before, after)).toBe(removed);
  });

  it('counts at least what the text shrank by, and never more than the old text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const removed = removedCharacters(before, after);
        expect(removed).toBeGreaterThanOrEqual(Math.max(0, before.length - after.length));
        expect(removed).toBeLessThanOrEqual(before.length);
      }),
    );
  });

  it('finds a deleted piece wherever it was', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string(), (head, piece, tail) => {
        expect(removedCharacters(head + piece + tail, head + tail)).toBeGreaterThanOrEqual(piece.length);
      }),
    );
  });
});

describe('removesText', () => {
  it('keeps writing in one version: adding text, changing a word', () => {
    expect(removesText(withWhoIAm('Jeg hedder Kim.'), withWhoIAm(`Jeg hedder Kim. ${paragraph}`))).toBe(false);
    expect(removesText(withWhoIAm(paragraph), withWhoIAm(paragraph.replace('hund', 'kat')))).toBe(false);
  });

  it('starts a new version when a paragraph is deleted or written over, in a field or the summary', () => {
    expect(removesText(withWhoIAm(`Jeg hedder Kim. ${paragraph}`), withWhoIAm('Jeg hedder Kim.'))).toBe(true);
    expect(removesText(withWhoIAm(paragraph), withWhoIAm('Noget helt andet, som jeg skrev i stedet for det hele.'))).toBe(true);
    expect(removesText(withWhoIAm('', paragraph), withWhoIAm('', ''))).toBe(true);
  });

  it('counts a list line taken away like text', () => {
    const before = emptyAnswers(personalStatement);
    before.fields.helpWith = ['at sove om natten', 'at åbne breve fra kommunen og svare på dem'];
    const after = emptyAnswers(personalStatement);
    after.fields.helpWith = ['at sove om natten'];
    expect(removesText(before, after)).toBe(true);
  });

  it('draws the line at the stated number of characters', () => {
    const piece = 'x'.repeat(REMOVED_CHARACTERS_FOR_NEW_VERSION);
    expect(removesText(withWhoIAm(`Kim ${piece}`), withWhoIAm('Kim '))).toBe(true);
    expect(removesText(withWhoIAm(`Kim ${piece.slice(1)}`), withWhoIAm('Kim '))).toBe(false);
  });
});
