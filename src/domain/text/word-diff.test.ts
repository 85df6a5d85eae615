import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { textOf, wordDiff } from './word-diff.ts';

describe('wordDiff', () => {
  it.each([
    ['nothing to nothing', '', '', []],
    ['the same text', 'Jeg er Vera.', 'Jeg er Vera.', [{ kind: 'same', text: 'Jeg er Vera.' }]],
    ['text into an empty field', '', 'Jeg synger i kor.', [{ kind: 'added', text: 'Jeg synger i kor.' }]],
    ['everything taken out', 'Jeg synger.', '', [{ kind: 'removed', text: 'Jeg synger.' }]],
    [
      'one word changed: out before in',
      'Jeg synger i kor.',
      'Jeg danser i kor.',
      [
        { kind: 'same', text: 'Jeg' },
        { kind: 'removed', text: ' synger' },
        { kind: 'added', text: ' danser' },
        { kind: 'same', text: ' i kor.' },
      ],
    ],
    [
      'words added at the end',
      'Jeg er Vera.',
      'Jeg er Vera. Jeg elsker at synge.',
      [
        { kind: 'same', text: 'Jeg er Vera.' },
        { kind: 'added', text: ' Jeg elsker at synge.' },
      ],
    ],
    [
      'a new paragraph keeps its line breaks',
      'Første.',
      'Første.\n\nAnden.',
      [
        { kind: 'same', text: 'Første.' },
        { kind: 'added', text: '\n\nAnden.' },
      ],
    ],
    [
      'only the space between two words changed',
      'a b',
      'a\nb',
      [
        { kind: 'same', text: 'a' },
        { kind: 'removed', text: ' ' },
        { kind: 'added', text: '\n' },
        { kind: 'same', text: 'b' },
      ],
    ],
  ] as const)('%s', (_name, before, after, parts) => {
    expect(wordDiff(before, after)).toEqual(parts);
  });

  it('compares whole words: "kor" and "koret" are different words', () => {
    expect(wordDiff('i kor', 'i koret')).toEqual([
      { kind: 'same', text: 'i' },
      { kind: 'removed', text: ' kor' },
      { kind: 'added', text: ' koret' },
    ]);
  });

  it('gives up on matching, not on correctness, for very long texts', () => {
    const long = (w: string) => Array.from({ length: 1100 }, () => w).join(' ');
    const parts = wordDiff(long('a'), long('b'));
    expect(textOf(parts, 'before')).toBe(long('a'));
    expect(textOf(parts, 'after')).toBe(long('b'));
  });

  const word = fc.constantFrom('jeg', 'er', 'Vera', 'synger', 'i', 'kor', 'æble', 'ø', 'på', 'hjælp.');
  const space = fc.constantFrom(' ', '  ', '\n', '\n\n', ' \n');
  const text = fc.array(fc.tuple(space, word), { maxLength: 25 }).chain((pairs) =>
    fc.tuple(fc.constantFrom('', ' ', '\n'), fc.constantFrom('', ' ', '\n')).map(
      ([head, tail]) =>
        head +
        pairs
          .map(([s, w]) => s + w)
          .join('')
          .trimStart() +
        tail,
    ),
  );

  it('kept and added words give the new text; kept and removed words give the old one', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const parts = wordDiff(before, after);
        expect(textOf(parts, 'after')).toBe(after);
        expect(textOf(parts, 'before')).toBe(before);
        // Merged: never two neighbours of one kind, never an empty part.
        for (let i = 0; i < parts.length; i++) {
          expect(parts[i]!.text).not.toBe('');
          if (i > 0) expect(parts[i]!.kind).not.toBe(parts[i - 1]!.kind);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a single kept word between two changes goes with the change, so whole phrases read out and in', () => {
    expect(wordDiff('Jeg bor i Aarhus.', 'Jeg synger i kor.')).toEqual([
      { kind: 'same', text: 'Jeg' },
      { kind: 'removed', text: ' bor i Aarhus.' },
      { kind: 'added', text: ' synger i kor.' },
    ]);
    // Two kept words in a row stay kept.
    expect(wordDiff('a b c d', 'x b c y').filter((p) => p.kind === 'same')).toEqual([{ kind: 'same', text: ' b c' }]);
  });

  it('keeps no more words than a longest common subsequence, and all of them when nothing changed', () => {
    const lcsLength = (x: string[], y: string[]): number => {
      const row = new Array<number>(y.length + 1).fill(0);
      for (const xi of x) {
        let diag = 0;
        for (let j = 1; j <= y.length; j++) {
          const up = row[j]!;
          row[j] = xi === y[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
          diag = up;
        }
      }
      return row[y.length]!;
    };
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    const kept = (before: string, after: string) =>
      wordDiff(before, after)
        .filter((p) => p.kind === 'same')
        .flatMap((p) => words(p.text));
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(kept(before, after).length).toBeLessThanOrEqual(lcsLength(words(before), words(after)));
        expect(kept(before, before)).toEqual(words(before));
      }),
      { numRuns: 200 },
    );
  });
});
