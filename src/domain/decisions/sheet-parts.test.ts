import { describe, expect, it } from 'vitest';
import { sheetParts } from './sheet-parts.ts';
import type { FieldValue } from '../sheets/answers.ts';

// A sheet with one field of each role the decision record answers, as a longer text or a list.
const template = {
  steps: [
    {
      fields: [
        { key: 'whoIAm', role: 'whoIAm' as const },
        { key: 'matters', role: 'matters' as const },
        { key: 'helpWith', role: 'helpWith' as const },
        { key: 'mustNotPrevent', role: 'mustNotPrevent' as const },
      ],
    },
  ],
};

const partsOf = (fields: Record<string, FieldValue>) => sheetParts(template, { fields });

describe('what a sheet brings to the decision record', () => {
  it.each([
    // what the person wrote → what matters, one point each
    ['Min kat\nAt gå ture ved vandet', ['Min kat', 'At gå ture ved vandet']],
    ['Min kat\r\n\r\n  At gå ture ved vandet  \n', ['Min kat', 'At gå ture ved vandet']],
    ['Min datter, som bor i Aarhus, og som jeg ser hver anden weekend.', ['Min datter, som bor i Aarhus, og som jeg ser hver anden weekend.']],
    ['', []],
    ['  \n \n', []],
  ])('a text of lines, %j, is one point per line', (written, matters) => {
    expect(partsOf({ matters: written }).matters).toEqual(matters);
  });

  it('takes a list as it is, without its empty lines', () => {
    expect(partsOf({ helpWith: ['At finde et arbejde', ' ', 'At sove om natten '], mustNotPrevent: ['At passe min hund'] })).toEqual({
      help: ['At finde et arbejde', 'At sove om natten'],
      redLines: ['At passe min hund'],
      matters: [],
    });
  });

  it('leaves out the fields no part of the record answers, and fields not written', () => {
    expect(partsOf({ whoIAm: 'Jeg hedder Sara.' })).toEqual({ help: [], redLines: [], matters: [] });
  });
});
