import { describe, expect, it } from 'vitest';
import { redLinesTouched, sharedWords, stem } from './red-lines.ts';

describe('red lines checked against a decision', () => {
  it.each([
    // red line, decision, words of the red line it touches
    ['At passe min hund', 'Hunden skal passes af naboen, mens du er indlagt', ['passe', 'hund']],
    ['Jeg vil ikke indlægges', 'Vi aftaler en indlæggelse på åbent afsnit', ['indlægges']],
    ['Mit arbejde på værkstedet', 'Du holder pause fra arbejdet i tre måneder', ['arbejde']],
    ['Min medicin må ikke gøre mig træt', 'Vi prøver en ny medicin med lavere dosis', ['medicin']],
    ['At passe min hund', 'Vi mødes hver anden uge om din økonomi', []],
    ['Jeg vil ikke have mere medicin', 'Du ringer til kommunen om boligen', []],
    // small and common words never make a match on their own
    ['Jeg vil ikke have det', 'Det vil vi ikke have', []],
    ['Seeing my children', 'You will not see the children for a week', ['children']],
    ['Keeping my job', 'We agree that you stop working for a month', []],
    ['Keeping my job', 'A job coach visits your job twice', ['job']],
  ] as const)('%j against %j', (redLine, decision, words) => {
    expect(sharedWords(redLine, decision)).toEqual(words);
  });

  it('names the red lines a decision touches, by index', () => {
    expect(redLinesTouched(['At passe min hund', 'Mit arbejde'], 'Naboen passer hunden')).toEqual([0]);
    expect(redLinesTouched([], 'Naboen passer hunden')).toEqual([]);
    expect(redLinesTouched(['At passe min hund'], '')).toEqual([]);
  });

  it.each([
    ['indlæggelsen', 'indlægg'],
    ['hunden', 'hund'],
    ['arbejdet', 'arbejd'],
    ['working', 'work'],
    ['job', 'job'],
  ])('stems %s as %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
