import { describe, expect, it } from 'vitest';
import { personalStatement } from './builtin-templates.ts';
import { emptyAnswers } from './answers.ts';
import { statementView } from './compose.ts';

function answers() {
  const a = emptyAnswers(personalStatement);
  a.fields = {
    whoIAm: 'Jeg hedder Kim.\nJeg bor i Odder.\n\nJeg elsker at bage.',
    matters: '',
    helpWith: ['at sove', '  ', 'at åbne breve'],
    soThat: 'arbejde',
    mustNotPrevent: ['passe min hund'],
  };
  a.summary = '  Jeg er Kim, og jeg bager.  ';
  return a;
}

describe('statementView', () => {
  it('builds the Danish sheet with headings, paragraphs and items, leaving out empty parts', () => {
    expect(statementView(personalStatement, answers(), 'da', { ownerName: ' Kim ' })).toEqual({
      lang: 'da',
      templateKey: 'personal-statement',
      templateVersion: 2,
      title: 'Personligt statement',
      ownerLabel: 'Tilhører: Kim',
      summary: { heading: 'Kort fortalt', text: 'Jeg er Kim, og jeg bager.' },
      sections: [
        {
          key: 'whoIAm',
          role: 'whoIAm',
          heading: 'Hvem er jeg?',
          paragraphs: ['Jeg hedder Kim.\nJeg bor i Odder.', 'Jeg elsker at bage.'],
        },
        { key: 'helpWith', role: 'helpWith', heading: 'Det vil jeg gerne have hjælp til', items: ['at sove', 'at åbne breve'] },
        { key: 'soThat', role: 'soThat', heading: 'Så jeg kan …', paragraphs: ['arbejde'] },
        {
          key: 'mustNotPrevent',
          role: 'mustNotPrevent',
          heading: 'Det må støtten ikke gøre umuligt',
          items: ['passe min hund'],
        },
      ],
    });
  });

  it.each([
    ['da', undefined, 'Tilhører: ________________'],
    ['da', '   ', 'Tilhører: ________________'],
    ['en', 'Kim', 'Belongs to: Kim'],
  ] as const)('in %s with name %j shows the owner as %j', (lang, ownerName, expected) => {
    const options = ownerName === undefined ? {} : { ownerName };
    expect(statementView(personalStatement, answers(), lang, options).ownerLabel).toBe(expected);
  });

  it('uses English headings for an English sheet', () => {
    const view = statementView(personalStatement, answers(), 'en');
    expect(view.title).toBe('Personal statement');
    expect(view.sections.map((s) => s.heading)).toEqual([
      'Who am I?',
      'What I would like help with',
      'So that I can …',
      'What the help must not make impossible',
    ]);
    expect(view.summary?.heading).toBe('In short');
  });

  it('has no summary and no sections when nothing is written', () => {
    const view = statementView(personalStatement, emptyAnswers(personalStatement), 'da');
    expect(view.sections).toEqual([]);
    expect(view.summary).toBeUndefined();
  });
});
