import { describe, expect, it } from 'vitest';
import { personalStatement } from './builtin-templates.ts';
import { emptyAnswers, parseAnswers } from './answers.ts';
import { applyChanges, changesForPage, resolveConflict, type ConflictChoice } from './page-changes.ts';

describe('changesForPage', () => {
  const before = emptyAnswers(personalStatement);
  before.fields.whoIAm = 'Jeg er Sara og elsker at gå ture.';
  before.summary = 'Jeg vil gerne bestemme mere selv.';

  const cases: { page: string; form: Record<string, string | string[]>; expect: (a: typeof before) => void }[] = [
    {
      page: 'matters',
      form: { matters: 'Min hund og min søster.' },
      expect: (a) => {
        expect(a.fields.matters).toBe('Min hund og min søster.');
        expect(a.fields.whoIAm).toBe('Jeg er Sara og elsker at gå ture.');
        expect(a.summary).toBe('Jeg vil gerne bestemme mere selv.');
      },
    },
    {
      page: 'compose',
      form: { summary: 'Ny kort tekst.' },
      expect: (a) => {
        expect(a.summary).toBe('Ny kort tekst.');
        expect(a.fields.whoIAm).toBe('Jeg er Sara og elsker at gå ture.');
      },
    },
    {
      page: 'done',
      form: { whoIAm: 'should be ignored' },
      expect: (a) => expect(a).toEqual(before),
    },
  ];

  for (const c of cases) {
    it(`a post from "${c.page}" changes only that page's parts`, () => {
      const parsed = parseAnswers(personalStatement, c.form);
      c.expect(applyChanges(before, changesForPage(personalStatement, c.page, parsed.answers)));
    });
  }
});

describe('resolveConflict', () => {
  const saved = emptyAnswers(personalStatement);
  saved.fields.whoIAm = 'Fra telefonen.';
  saved.summary = 'Gemt kort tekst.';
  const listKey = personalStatement.steps.flatMap((s) => s.fields).find((f) => f.type === 'list')!.key;
  saved.fields[listKey] = ['en', 'to'];

  it('keeps the saved text, my text, or both with the saved first', () => {
    const choices: Record<string, ConflictChoice> = {
      whoIAm: { keep: 'both', mine: ['Fra computeren.'] },
      summary: { keep: 'mine', mine: ['Min kort tekst.'] },
    };
    expect(resolveConflict(personalStatement, saved, (key) => choices[key])).toEqual({
      fields: { whoIAm: 'Fra telefonen.\n\nFra computeren.' },
      summary: 'Min kort tekst.',
    });
    expect(resolveConflict(personalStatement, saved, (key) => (key === 'whoIAm' ? { keep: 'saved', mine: ['x'] } : undefined))).toEqual({
      fields: { whoIAm: 'Fra telefonen.' },
    });
  });

  it('adds only new lines to a list when keeping both', () => {
    expect(resolveConflict(personalStatement, saved, (key) => (key === listKey ? { keep: 'both', mine: ['to', 'tre'] } : undefined))).toEqual({
      fields: { [listKey]: ['en', 'to', 'tre'] },
    });
  });
});
