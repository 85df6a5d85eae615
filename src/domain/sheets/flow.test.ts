import { describe, expect, it } from 'vitest';
import { motivationGoal, personalStatement } from './builtin-templates.ts';
import { emptyAnswers } from './answers.ts';
import type { NavAction } from './flow.ts';
import { missingRequired, nextPage, pagesOf, progress } from './flow.ts';

describe('pagesOf', () => {
  it.each([
    [personalStatement, ['who', 'matters', 'help', 'so-that', 'compose', 'check', 'done']],
    [motivationGoal, ['who', 'matters', 'help', 'goal', 'compose', 'check', 'done']],
  ])('gives one page per step, then compose, check and done for $key', (template, ids) => {
    expect(pagesOf(template).map((p) => p.id)).toEqual(ids);
  });
});

describe('nextPage', () => {
  const cases: [string, NavAction, string][] = [
    ['who', 'next', 'matters'],
    ['who', 'skip', 'matters'],
    ['who', 'back', 'who'],
    ['matters', 'back', 'who'],
    ['so-that', 'next', 'compose'],
    ['compose', 'skip', 'check'],
    ['check', 'next', 'done'],
    ['check', 'back', 'compose'],
    ['done', 'next', 'done'],
    ['done', 'back', 'check'],
    ['no-such-page', 'next', 'matters'],
    ['no-such-page', 'back', 'who'],
  ];
  it.each(cases)('from %s, %s goes to %s', (current, action, expected) => {
    expect(nextPage(personalStatement, current, action).id).toBe(expected);
  });
});

describe('progress', () => {
  it.each([
    ['who', 1, 'Trin 1 af 6', 'Step 1 of 6'],
    ['matters', 2, 'Trin 2 af 6', 'Step 2 of 6'],
    ['compose', 5, 'Trin 5 af 6', 'Step 5 of 6'],
    ['check', 6, 'Trin 6 af 6', 'Step 6 of 6'],
    ['done', 6, 'Færdig', 'Done'],
    ['unknown', 1, 'Trin 1 af 6', 'Step 1 of 6'],
  ])('on %s shows %s', (current, index, da, en) => {
    expect(progress(personalStatement, current)).toEqual({ index, total: 6, label: { da, en } });
  });
});

describe('missingRequired', () => {
  const filled = () => {
    const a = emptyAnswers(personalStatement);
    a.fields = { whoIAm: 'Kim', matters: 'Musik', helpWith: ['at sove'], soThat: 'arbejde', mustNotPrevent: [] };
    a.summary = 'Jeg er Kim.';
    return a;
  };

  it('mentions nothing when every required part has words, even with no red lines', () => {
    expect(missingRequired(personalStatement, filled())).toEqual([]);
  });

  it('lists empty required steps in page order, with the page to go back to', () => {
    const a = filled();
    a.fields['whoIAm'] = '   ';
    a.fields['helpWith'] = [];
    a.summary = '';
    expect(missingRequired(personalStatement, a).map((m) => [m.pageId, m.fields.map((f) => f.key)])).toEqual([
      ['who', ['whoIAm']],
      ['help', ['helpWith']],
      ['compose', []],
    ]);
  });

  it('gives the step title for the reminder', () => {
    const a = filled();
    a.fields['soThat'] = '';
    expect(missingRequired(personalStatement, a)).toEqual([
      {
        pageId: 'so-that',
        title: { da: 'Så jeg kan …', en: 'So that I can …' },
        fields: [{ key: 'soThat', label: { da: 'Så jeg kan …', en: 'So that I can …' } }],
      },
    ]);
  });

  it('does not mention steps that are not required', () => {
    const template = structuredClone(personalStatement);
    for (const s of template.steps) s.required = false;
    const a = emptyAnswers(template);
    expect(missingRequired(template, a).map((m) => m.pageId)).toEqual(['compose']);
  });
});
