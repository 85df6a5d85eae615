// 100,000 characters of the texts that make naive patterns backtrack, in Danish and English:
// the unit test checks that the writing helper survives each, the helper benchmark times them.

const base = 'Jeg er skizofren og har en handleplan. Jeg vil have en psykolog, fx hos Dr. Hansen kl. 14.30! 😊 ';

export const HOSTILE_TEXTS: readonly [name: string, text: string][] = [
  ['ordinary text', base.repeat(Math.ceil(100_000 / base.length))],
  ['one endless word', 'a'.repeat(100_000)],
  ['only full stops', '.'.repeat(100_000)],
  ['endless copulas', 'jeg er '.repeat(15_000)],
  ['endless hyphens', 'a-'.repeat(50_000)],
  ['endless numbers', '1.'.repeat(50_000)],
  ['endless section signs', '§ '.repeat(50_000)],
  ['endless emoji', '😊'.repeat(50_000)],
];
