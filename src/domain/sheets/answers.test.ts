import { describe, expect, it } from 'vitest';
import { motivationGoal, personalStatement } from './builtin-templates.ts';
import type { StatementAnswers } from './answers.ts';
import { answersSchema, cleanText, countSentences, draftSummary, emptyAnswers, parseAnswers, selfCheckName, textLength } from './answers.ts';

describe('cleanText', () => {
  it.each([
    ['trims the ends', '  Jeg hedder Kim.  \n', 'Jeg hedder Kim.'],
    ['makes Windows and old Mac line endings \\n', 'a\r\nb\rc', 'a\nb\nc'],
    ['drops NUL and other control characters', 'J\u0000eg\u0007 er\u001B her\u007F', 'Jeg er her'],
    ['keeps tabs and line breaks inside', 'a\tb\nc', 'a\tb\nc'],
    ['composes letters typed as letter + accent', 'Ba\u030Ag', 'Båg'],
    ['keeps emoji', 'Jeg elsker min hund 🐕‍🦺 ❤️', 'Jeg elsker min hund 🐕‍🦺 ❤️'],
    ['keeps any script', 'Мене звати Оля. اسمي علي. 我叫小明。', 'Мене звати Оля. اسمي علي. 我叫小明。'],
    ['replaces a lone surrogate the database would reject', 'a\uD800b', 'a\uFFFDb'],
  ])('%s', (_name, raw, expected) => {
    expect(cleanText(raw)).toBe(expected);
  });
});

describe('textLength', () => {
  it.each([
    ['', 0],
    ['æøå', 3],
    ['😀😀', 2],
    ['e\u0301', 2],
  ])('%j has length %i', (text, n) => {
    expect(textLength(text)).toBe(n);
  });
});

describe('countSentences', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['Jeg hedder Sara', 1],
    ['Jeg hedder Sara. Jeg bor i Vejle.', 2],
    ['Hvorfor? Fordi jeg vil! Sådan er det.', 3],
    ['Jeg har en tid hos Dr. Hansen i morgen.', 1],
    ['I saw Dr. Smith and Mrs. Jones today.', 1],
    ['Jeg tager 2.5 mg om dagen. Det hjælper.', 2],
    ['Det kostede 12,50 kr. Det var billigt.', 2],
    ['Jeg har fx en hund, en kat osv. Og en fisk.', 2],
    ['Vi ses den 3. maj hos mig.', 1],
    ['Jeg er glad 😊. Det er godt.', 2],
    ['Jeg er glad 😊 Det er godt', 1],
    ['😊😊😊', 0],
    ['Hej!!! 😊', 1],
    ['"Nej," sagde jeg. "Tak."', 2],
    ['Jeg ved ikke... måske i morgen.', 1],
    ['Første linje\nAnden linje', 2],
    ['Det er svært (meget svært). Men jeg prøver.', 2],
  ])('%j has %i sentence(s)', (text, n) => {
    expect(countSentences(text)).toBe(n);
  });
});

describe('parseAnswers', () => {
  it('reads a posted form into answers, cleaning each field', () => {
    const result = parseAnswers(personalStatement, {
      whoIAm: '  Jeg hedder Kim.\r\nJeg bor i Odder.  ',
      matters: ['Min søn.', ''],
      helpWith: '- at sove om natten\n• at åbne mine breve\n\n',
      soThat: 'Så jeg kan arbejde',
      mustNotPrevent: ['passe min hund', '  beholde mit job  \n gå til kor'],
      summary: ' Jeg hedder Kim. ',
      [selfCheckName('person')]: ['false', 'on'],
      [selfCheckName('matters')]: 'false',
      csrf: 'ignored',
    });
    expect(result.ok).toBe(true);
    expect(result.answers).toEqual({
      fields: {
        whoIAm: 'Jeg hedder Kim.\nJeg bor i Odder.',
        matters: 'Min søn.',
        helpWith: ['at sove om natten', 'at åbne mine breve'],
        soThat: 'Så jeg kan arbejde',
        mustNotPrevent: ['passe min hund', 'beholde mit job', 'gå til kor'],
      },
      summary: 'Jeg hedder Kim.',
      selfCheck: { person: true, matters: false, 'what-not-which': false, together: false, 'own-words': false },
    });
  });

  it('gives empty answers for an empty form', () => {
    expect(parseAnswers(personalStatement, {})).toEqual({ ok: true, answers: emptyAnswers(personalStatement) });
  });

  it('keeps a short text on one line', () => {
    const result = parseAnswers(motivationGoal, { firstStep: 'ringe til\nkoret' });
    expect(result.answers.fields['firstStep']).toBe('ringe til koret');
  });

  const over = (n: number) => 'a'.repeat(n);
  it.each([
    {
      name: 'a long text one character over',
      form: { whoIAm: over(2001) },
      error: { field: 'whoIAm', limit: 2000, length: 2001 },
      da: 'Der er plads til 2.000 tegn, og der står 2.001 nu.',
      en: 'There is room for 2,000 characters, and there are 2,001 now.',
    },
    {
      name: 'one line in a list',
      form: { mustNotPrevent: ['kort', over(230)] },
      error: { field: 'mustNotPrevent', item: 1, limit: 200, length: 230 },
      da: 'Linje 2 er for lang. Der er plads til 200 tegn på hver linje, og der står 230 nu.',
      en: 'Line 2 is too long. There is room for 200 characters on each line, and there are 230 now.',
    },
    {
      name: 'the short statement',
      form: { summary: over(700) },
      error: { field: 'summary', limit: 600, length: 700 },
      da: 'Der er plads til 600 tegn, og der står 700 nu.',
      en: 'There is room for 600 characters, and there are 700 now.',
    },
    {
      name: 'too many lines',
      form: { helpWith: Array.from({ length: 21 }, (_, i) => `ting ${i}`) },
      error: { field: 'helpWith', limit: 20, length: 21 },
      da: 'Der er 21 linjer. Der er plads til 20.',
      en: 'There are 21 lines. There is room for 20.',
    },
  ])('explains $name that is too long, and keeps every word', ({ form, error, da, en }) => {
    const result = parseAnswers(personalStatement, form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject(error);
    expect(result.errors[0]?.message.da).toContain(da);
    expect(result.errors[0]?.message.en).toContain(en);
    expect(result.errors[0]?.message.da).toContain('Intet af det, du har skrevet, er slettet.');
    const [key, value] = Object.entries(form)[0]!;
    const kept = key === 'summary' ? result.answers.summary : result.answers.fields[key];
    expect(kept).toEqual(value);
  });

  it('counts an emoji as one character against the limit', () => {
    expect(parseAnswers(personalStatement, { whoIAm: '😀'.repeat(2000) }).ok).toBe(true);
    expect(parseAnswers(personalStatement, { whoIAm: '😀'.repeat(2001) }).ok).toBe(false);
  });
});

describe('answersSchema', () => {
  const schema = answersSchema(personalStatement);

  it('fills in missing parts and drops unknown fields', () => {
    const parsed = schema.parse({ fields: { whoIAm: 'Kim', video: 'x' } });
    expect(parsed.fields).toEqual({ ...emptyAnswers(personalStatement).fields, whoIAm: 'Kim' });
    expect(parsed.summary).toBe('');
  });

  it.each([
    ['a text over the field limit', { fields: { whoIAm: 'a'.repeat(2001) } }],
    ['a list given as text', { fields: { helpWith: 'at sove' } }],
    ['a summary over the limit', { summary: 'a'.repeat(601) }],
    ['a self-check that is not yes or no', { selfCheck: { person: 'ja' } }],
  ])('rejects %s', (_name, input) => {
    expect(schema.safeParse(input).success).toBe(false);
  });
});

describe('draftSummary', () => {
  const answers = (fields: Partial<Record<string, string | string[]>>): StatementAnswers => ({
    ...emptyAnswers(personalStatement),
    fields: { ...emptyAnswers(personalStatement).fields, ...(fields as Record<string, string | string[]>) },
  });

  it.each([
    {
      name: 'all parts, using the first sentence of each',
      fields: {
        whoIAm: 'Jeg hedder Kim og er 40 år. Jeg elsker at bage.',
        matters: 'Min søn betyder alt for mig!',
        helpWith: ['at sove om natten. Jeg ligger vågen.', 'at åbne mine breve'],
        soThat: 'passe mit arbejde',
        mustNotPrevent: ['passe min hund', 'gå til kor', 'se mine venner'],
      },
      da: 'Jeg hedder Kim og er 40 år. Min søn betyder alt for mig. Jeg vil gerne have hjælp til at sove om natten og at åbne mine breve, så jeg kan passe mit arbejde. Støtten må ikke gøre det umuligt for mig at passe min hund, gå til kor og se mine venner.',
    },
    {
      name: 'words that repeat the label are not repeated',
      fields: {
        helpWith: ['Jeg vil gerne have hjælp til at sove.'],
        soThat: 'Så jeg kan arbejde.',
        mustNotPrevent: ['Støtten må ikke gøre det umuligt for mig at passe min hund.'],
      },
      da: 'Jeg vil gerne have hjælp til at sove, så jeg kan arbejde. Støtten må ikke gøre det umuligt for mig at passe min hund.',
    },
    {
      name: 'only "so that" filled in',
      fields: { soThat: 'cykle på arbejde' },
      da: 'Jeg vil gerne kunne cykle på arbejde.',
    },
    {
      name: 'only help filled in',
      fields: { whoIAm: 'Jeg er Kim', helpWith: ['at sove'] },
      da: 'Jeg er Kim. Jeg vil gerne have hjælp til at sove.',
    },
    {
      name: 'nothing filled in',
      fields: {},
      da: '',
    },
    {
      name: 'whitespace-only parts are left out',
      fields: { whoIAm: '   ', matters: 'Musik' },
      da: 'Musik.',
    },
  ])('Danish draft with $name', ({ fields, da }) => {
    expect(draftSummary(personalStatement, answers(fields), 'da')).toBe(da);
  });

  it('builds the English draft from the English frame', () => {
    const a = answers({
      whoIAm: 'I am Kim.',
      helpWith: ['I would like help with sleeping', 'opening letters'],
      soThat: 'So that I can work.',
    });
    expect(draftSummary(personalStatement, a, 'en')).toBe('I am Kim. I would like help with sleeping and opening letters, so that I can work.');
  });

  it.each([personalStatement, motivationGoal])('keeps a full $key draft within the sentence limit', (template) => {
    const full = emptyAnswers(template);
    for (const key of Object.keys(full.fields)) {
      full.fields[key] = Array.isArray(full.fields[key]) ? ['en ting. Og mere', 'en anden ting'] : 'Noget om det. Og mere.';
    }
    const draft = draftSummary(template, full, 'da');
    expect(countSentences(draft)).toBeLessThanOrEqual(template.composition.maxSentences);
    expect(countSentences(draft)).toBeGreaterThanOrEqual(template.composition.minSentences);
  });
});
