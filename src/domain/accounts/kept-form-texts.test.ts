import { describe, expect, it } from 'vitest';
import { keptFormTexts } from './kept-form-texts.ts';

describe('the texts shown from a kept form', () => {
  it.each([
    ['a note in a peer session form', { occurredOn: '2026-12-04', format: 'individual', note: 'Vi talte om hendes søvn.' }, ['Vi talte om hendes søvn.']],
    ['several lines stay one text', { options: 'Mere tid til møder\nEn fast kontaktperson' }, ['Mere tid til møder\nEn fast kontaktperson']],
    ['repeated fields, in order', { option: ['Første mulighed her', '', 'Anden mulighed her'] }, ['Første mulighed her', 'Anden mulighed her']],
    [
      'ids, numbers, option keys and the form token are left out',
      { _csrf: 'abc def', revision: '3', statementId: '0b9c6a1e-5f43-4d27-9c1a-2a8f3b7c9d10', kind: 'statementWorked' },
      [],
    ],
    ['a single word is a choice, not a text', { answer: 'Ja' }, []],
    ['blank text is left out', { note: '   \n ' }, []],
  ])('%s', (_name, fields, expected) => {
    expect(keptFormTexts(fields)).toEqual(expected);
  });
});
