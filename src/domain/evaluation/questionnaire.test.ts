import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Answers, Questionnaire, QuestionnaireInput, QuestionnaireProblem } from './questionnaire.ts';
import { canEditInPlace, nextVersion, sliderChoices, validateQuestionnaire } from './questionnaire.ts';
import { formatShowIf, visibleItems } from './questionnaire-conditions.ts';
import { validateResponse } from './questionnaire-responses.ts';
import { answerProblemText } from '../../server/views/pages/evaluation.ts';
import { messagesFor } from '../../server/i18n/messages.ts';
import { questionNames, questionnaireProblemText } from '../../server/views/questionnaire-problems.ts';

const t = (da: string, en: string) => ({ da, en });
const scale = [
  { value: '1', score: 1, label: t('Nej', 'No') },
  { value: '2', score: 2, label: t('Lidt', 'A little') },
  { value: '3', score: 3, label: t('Ja', 'Yes') },
];

function minimal(): QuestionnaireInput {
  return {
    key: 'small-survey',
    version: 1,
    title: t('Lille skema', 'Small survey'),
    intro: t('Et par spørgsmål.', 'A few questions.'),
    audience: 'citizen',
    licenceNote: 'Written by Egne ord, CC BY 4.0',
    items: [
      { type: 'display', key: 'welcome', text: t('Velkommen.', 'Welcome.') },
      { type: 'yesNo', key: 'visited', required: true, text: t('Har du været her før?', 'Have you been here before?') },
      {
        type: 'singleChoice',
        key: 'liked',
        required: true,
        showIf: { item: 'visited', equals: true },
        text: t('Kunne du lide det?', 'Did you like it?'),
        options: scale,
      },
      {
        type: 'multipleChoice',
        key: 'how',
        text: t('Hvordan kom du?', 'How did you come?'),
        options: [
          { value: 'bus', label: t('Bus', 'Bus') },
          { value: 'bike', label: t('Cykel', 'Bike') },
          { value: 'walk', label: t('Gik', 'Walked') },
        ],
      },
      { type: 'number', key: 'times', min: 0, max: 50, text: t('Hvor mange gange?', 'How many times?'), showIf: { item: 'visited', equals: true } },
      {
        type: 'slider',
        key: 'calm',
        min: 0,
        max: 1,
        step: 0.1,
        minLabel: t('Urolig', 'Uneasy'),
        maxLabel: t('Rolig', 'Calm'),
        text: t('Hvor rolig var du?', 'How calm were you?'),
      },
      { type: 'freeText', key: 'note', maxLength: 10, text: t('Andet?', 'Anything else?') },
      {
        type: 'freeText',
        key: 'why-bus',
        text: t('Hvorfor bus og ikke gå?', 'Why bus and not walk?'),
        showIf: {
          all: [
            { item: 'how', equals: 'bus' },
            {
              any: [
                { item: 'liked', in: ['1', '2'] },
                { item: 'times', equals: 0 },
              ],
            },
          ],
        },
      },
    ],
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a test edits a deep copy of valid input into any invalid shape
function variant(change: (draft: any) => void): unknown {
  const draft = structuredClone(minimal());
  change(draft);
  return draft;
}

function valid(input: unknown = minimal()): Questionnaire {
  const r = validateQuestionnaire(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.value;
}

/** The editor names questions by their number and text; here, those of the questionnaire checked. */
function problemText(lang: 'da' | 'en', input: unknown, problem: Parameters<typeof questionnaireProblemText>[1]): string {
  const t = messagesFor(lang);
  const items = ((input as { items?: unknown }).items ?? []) as { key?: unknown; text?: Record<string, unknown> }[];
  const questions = Array.isArray(items) ? items.map((i) => ({ key: String(i?.key ?? ''), text: String(i?.text?.[lang] || i?.text?.da || '') })) : [];
  return questionnaireProblemText(t, problem, questionNames(t.questionnaireProblems, questions));
}

const yesNo = (key: string, showIf?: unknown) => ({ type: 'yesNo', key, text: t(`Spørgsmål ${key}`, `Question ${key}`), ...(showIf ? { showIf } : {}) });

describe('validateQuestionnaire', () => {
  it('accepts a valid questionnaire and fills in defaults', () => {
    const q = valid();
    const how = q.items.find((i) => i.key === 'how');
    const times = q.items.find((i) => i.key === 'times');
    expect(how && 'required' in how && how.required).toBe(false);
    expect(times?.type === 'number' && times.integer).toBe(true);
  });

  // Each case names the code the domain returns and part of the sentences the catalogue makes of it.
  const cases: { name: string; input: unknown; path: string; problem: QuestionnaireProblem; da: string; en: string }[] = [
    {
      name: 'two items with the same key',
      input: variant((d) => (d.items[3].key = 'visited')),
      path: 'items[3].key',
      problem: { code: 'duplicateKey', key: 'visited', first: 2, second: 4 },
      da: "Nøglen 'visited' bruges mere end én gang (spørgsmål nr. 2 og nr. 4).",
      en: "The key 'visited' is used more than once (questions no. 2 and no. 4).",
    },
    {
      name: 'a rule naming an item that does not exist',
      input: variant((d) => (d.items[2].showIf = { item: 'visitd', equals: true })),
      path: 'items[2].showIf.item',
      problem: { code: 'showIfUnknownItem', item: 'liked', target: 'visitd' },
      da: "Visningsreglen i spørgsmål 3 (»Kunne du lide det?«) henviser til 'visitd', som ikke findes.",
      en: "The show-if rule in question 3 (“Did you like it?”) refers to 'visitd', which does not exist.",
    },
    {
      name: 'a rule naming a later item',
      input: variant((d) => (d.items[1].showIf = { item: 'how', equals: 'bus' })),
      path: 'items[1].showIf.item',
      problem: { code: 'showIfLaterItem', item: 'visited', target: 'how' },
      da: 'henviser til spørgsmål 4 (»Hvordan kom du?«), som kommer senere. Flyt spørgsmål 4 (»Hvordan kom du?«) op før spørgsmål 2 (»Har du været her før?«).',
      en: 'refers to question 4 (“How did you come?”), which comes later. Move question 4 (“How did you come?”) above question 2 (“Have you been here before?”).',
    },
    {
      name: 'two rules that depend on each other',
      input: variant((d) => (d.items[1].showIf = { item: 'liked', equals: '3' })),
      path: 'items[1].showIf',
      problem: { code: 'showIfCircle', keys: ['visited', 'liked', 'visited'] },
      da: 'Visningsreglerne går i ring: spørgsmål 2 (»Har du været her før?«) → spørgsmål 3 (»Kunne du lide det?«) → spørgsmål 2 (»Har du været her før?«).',
      en: 'The show-if rules go round in a circle: question 2 (“Have you been here before?”) → question 3 (“Did you like it?”) → question 2 (“Have you been here before?”).',
    },
    {
      name: 'a circle through three items, nested in an any-rule',
      input: variant(
        (d) =>
          (d.items[1].showIf = {
            any: [
              { item: 'calm', equals: 1 },
              { item: 'why-bus', equals: 'x' },
            ],
          }),
      ),
      path: 'items[1].showIf',
      problem: { code: 'showIfCircle', keys: ['visited', 'why-bus', 'liked', 'visited'] },
      da: 'Visningsreglerne går i ring: spørgsmål 2 (»Har du været her før?«) → spørgsmål 8 (»Hvorfor bus og ikke gå?«) → spørgsmål 3 (»Kunne du lide det?«) → spørgsmål 2 (»Har du været her før?«).',
      en: 'The show-if rules go round in a circle: question 2 (“Have you been here before?”) → question 8 (“Why bus and not walk?”) → question 3 (“Did you like it?”) → question 2 (“Have you been here before?”).',
    },
    {
      name: 'a rule that depends on its own item',
      input: variant((d) => (d.items[3].showIf = { item: 'how', in: ['bus'] })),
      path: 'items[3].showIf',
      problem: { code: 'showIfOnItself', item: 'how' },
      da: 'Visningsreglen for spørgsmål 4 (»Hvordan kom du?«) afhænger af svaret på det samme spørgsmål.',
      en: 'The show-if rule of question 4 (“How did you come?”) depends on the answer to the same question.',
    },
    {
      name: 'the same option value twice',
      input: variant((d) => (d.items[3].options[2].value = 'bus')),
      path: 'items[3].options[2].value',
      problem: { code: 'duplicateOption', item: 'how', value: 'bus', first: 1, second: 3 },
      da: "Svarmuligheden 'bus' findes to gange i spørgsmål 4 (»Hvordan kom du?«) (nr. 1 og nr. 3).",
      en: "The answer option 'bus' appears twice in question 4 (“How did you come?”) (no. 1 and no. 3).",
    },
    {
      name: 'a number with min above max',
      input: variant((d) => Object.assign(d.items[4], { min: 10, max: 5 })),
      path: 'items[4].min',
      problem: { code: 'minNotBelowMax', item: 'times', min: 10, max: 5 },
      da: 'I spørgsmål 5 (»Hvor mange gange?«) er det mindste tal (10) ikke mindre end det største (5).',
      en: 'In question 5 (“How many times?”) the lowest value (10) is not below the highest (5).',
    },
    {
      name: 'a slider with nowhere to slide',
      input: variant((d) => Object.assign(d.items[5], { min: 1, max: 1 })),
      path: 'items[5].min',
      problem: { code: 'minNotBelowMax', item: 'calm', min: 1, max: 1 },
      da: 'er det mindste tal (1) ikke mindre end det største (1)',
      en: 'the lowest value (1) is not below the highest (1)',
    },
    {
      name: 'a slider whose steps miss the top',
      input: variant((d) => Object.assign(d.items[5], { min: 0, max: 10, step: 3 })),
      path: 'items[5].step',
      problem: { code: 'stepMissesEnd', item: 'calm', min: 0, max: 10, step: 3 },
      da: 'I spørgsmål 6 (»Hvor rolig var du?«) kan man ikke nå fra 0 til 10 i spring på 3.',
      en: 'In question 6 (“How calm were you?”) you cannot get from 0 to 10 in steps of 3.',
    },
    {
      name: 'a slider with a step of zero',
      input: variant((d) => (d.items[5].step = 0)),
      path: 'items[5].step',
      problem: { code: 'badStep', place: { in: 'item', item: { key: 'calm' } } },
      da: 'Springet i spørgsmål 6 (»Hvor rolig var du?«) skal være et tal over 0.',
      en: 'The step in question 6 (“How calm were you?”) must be a number above 0.',
    },
    {
      name: 'whole numbers with a fractional limit',
      input: variant((d) => (d.items[4].max = 2.5)),
      path: 'items[4].min',
      problem: { code: 'limitsNotWhole', item: 'times', min: 0, max: 2.5 },
      da: 'beder om hele tal, men grænserne 0 og 2.5 er ikke begge hele tal',
      en: 'asks for whole numbers, but the limits 0 and 2.5 are not both whole numbers',
    },
    {
      name: 'an unknown item type',
      input: variant((d) => (d.items[1].type = 'date')),
      path: 'items[1].type',
      problem: { code: 'unknownType', value: 'date', place: { in: 'item', item: { key: 'visited' } } },
      da: "Ukendt spørgsmålstype 'date' i spørgsmål 2 (»Har du været her før?«).",
      en: "Unknown question type 'date' in question 2 (“Have you been here before?”).",
    },
    {
      name: 'an unknown audience',
      input: variant((d) => (d.audience = 'manager')),
      path: 'audience',
      problem: { code: 'unknownAudience', value: 'manager' },
      da: "Ukendt målgruppe 'manager'. Brug citizen, colleague eller peer.",
      en: "Unknown audience 'manager'. Use citizen, colleague or peer.",
    },
    {
      name: 'a missing English text',
      input: variant((d) => (d.items[2].text.en = '  ')),
      path: 'items[2].text.en',
      problem: { code: 'textMissing', lang: 'en', prop: 'text', place: { in: 'item', item: { key: 'liked' } } },
      da: 'Den engelske tekst mangler: teksten i spørgsmål 3 (»Kunne du lide det?«).',
      en: 'The English text is missing: the text in question 3.',
    },
    {
      name: 'a missing licence note',
      input: variant((d) => delete d.licenceNote),
      path: 'licenceNote',
      problem: { code: 'missing', prop: 'licenceNote', place: { in: 'questionnaire' } },
      da: 'Licensnoten mangler i spørgeskemaet.',
      en: 'The licence note is missing in the questionnaire.',
    },
    {
      name: 'a score on a multiple-choice option',
      input: variant((d) => (d.items[3].options[0].score = 1)),
      path: 'items[3].options[0]',
      problem: { code: 'unknownProperty', keys: ['score'], place: { in: 'option', item: { key: 'how' }, no: 1 } },
      da: "Ukendt egenskab 'score' i svarmulighed nr. 1 i spørgsmål 4 (»Hvordan kom du?«).",
      en: "Unknown property 'score' in answer option no. 1 in question 4 (“How did you come?”).",
    },
    {
      name: 'only one answer option',
      input: variant((d) => (d.items[2].options = [d.items[2].options[0]])),
      path: 'items[2].options',
      problem: { code: 'tooFewOptions', minimum: 2, place: { in: 'item', item: { key: 'liked' } } },
      da: 'Spørgsmål 3 (»Kunne du lide det?«) skal have mindst 2 svarmuligheder.',
      en: 'Question 3 (“Did you like it?”) needs at least 2 answer options.',
    },
    {
      name: 'an option value with a space',
      input: variant((d) => (d.items[3].options[0].value = 'by bus')),
      path: 'items[3].options[0].value',
      problem: { code: 'badOptionValue', value: 'by bus', place: { in: 'option', item: { key: 'how' }, no: 1 } },
      da: "Værdien 'by bus' i svarmulighed nr. 1 i spørgsmål 4 (»Hvordan kom du?«) kan ikke bruges.",
      en: "The value 'by bus' in answer option no. 1 in question 4 (“How did you come?”) cannot be used.",
    },
    {
      name: 'a rule of the wrong form',
      input: variant((d) => (d.items[2].showIf = { item: 'visited', is: true })),
      path: 'items[2].showIf',
      problem: { code: 'showIfRule', rule: { code: 'shape' }, place: { in: 'item', item: { key: 'liked' } } },
      da: 'Visningsreglen har ikke den rigtige form. Brug { item, equals }',
      en: 'The show-if rule does not have the right form. Use { item, equals }',
    },
    {
      name: 'an empty all-rule',
      input: variant((d) => (d.items[2].showIf = { all: [] })),
      path: 'items[2].showIf.all',
      problem: { code: 'showIfRule', rule: { code: 'emptyList', keyword: 'all' }, place: { in: 'item', item: { key: 'liked' } } },
      da: "'all' skal være en liste med mindst én regel. (spørgsmål 3 (»Kunne du lide det?«))",
      en: "'all' must be a list with at least one rule. (question 3 (“Did you like it?”))",
    },
    {
      name: 'a rule waiting for an option that does not exist',
      input: variant((d) => (d.items[7].showIf = { item: 'how', equals: 'train' })),
      path: 'items[7].showIf.equals',
      problem: { code: 'showIfNotAnOption', item: 'why-bus', target: 'how', value: 'train', options: ['bus', 'bike', 'walk'] },
      da: `venter på svaret "train" fra spørgsmål 4 (»Hvordan kom du?«), men den har kun svarmulighederne 'bus', 'bike', 'walk'.`,
      en: `waits for the answer "train" from question 4 (“How did you come?”), but it only has the answer options 'bus', 'bike', 'walk'.`,
    },
    {
      name: 'a yes/no rule written as text',
      input: variant((d) => (d.items[2].showIf = { item: 'visited', equals: 'yes' })),
      path: 'items[2].showIf.equals',
      problem: { code: 'showIfNotYesNo', item: 'liked', target: 'visited', value: 'yes' },
      da: 'men et ja/nej-svar er true eller false.',
      en: 'but a yes/no answer is true or false.',
    },
    {
      name: 'a number rule outside the range',
      input: variant((d) => (d.items[7].showIf = { item: 'times', in: [3, 99] })),
      path: 'items[7].showIf.in',
      problem: { code: 'showIfOutOfRange', item: 'why-bus', target: 'times', value: 99, min: 0, max: 50 },
      da: 'men svaret er et tal fra 0 til 50.',
      en: 'but the answer is a number from 0 to 50.',
    },
    {
      name: 'a rule on free text',
      input: variant((d) => (d.items[7].showIf = { item: 'note', equals: 'bus' })),
      path: 'items[7].showIf.item',
      problem: { code: 'showIfFreeText', item: 'why-bus', target: 'note' },
      da: 'henviser til spørgsmål 7 (»Andet?«), som har fri tekst. Fri tekst kan ikke bruges i en regel',
      en: 'refers to question 7 (“Anything else?”), which has free text. Free text cannot be used in a rule',
    },
    {
      name: 'a rule on a text-only item',
      input: variant((d) => (d.items[2].showIf = { item: 'welcome', equals: true })),
      path: 'items[2].showIf.item',
      problem: { code: 'showIfTextOnly', item: 'liked', target: 'welcome' },
      da: 'henviser til spørgsmål 1 (»Velkommen.«), som kun er tekst og ikke har et svar.',
      en: 'refers to question 1 (“Welcome.”), which is text only and has no answer.',
    },
    {
      name: 'nothing to answer',
      input: variant((d) => (d.items = [d.items[0]])),
      path: 'items',
      problem: { code: 'noAnswerableItem' },
      da: 'Spørgeskemaet skal have mindst ét spørgsmål, der kan besvares.',
      en: 'The questionnaire needs at least one question that can be answered.',
    },
  ];

  it.each(cases)('finds $name and says so in Danish and English', ({ input, path, problem, da, en }) => {
    const result = validateQuestionnaire(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const hit = result.errors.find((e) => e.path === path && e.problem.code === problem.code);
    expect(hit, JSON.stringify(result.errors, null, 2)).toBeDefined();
    expect(hit?.problem).toEqual(problem);
    expect(problemText('da', input, problem)).toContain(da);
    expect(problemText('en', input, problem)).toContain(en);
  });

  it('reports a circle once, not also as "comes later"', () => {
    const input = variant((d) => (d.items[1].showIf = { item: 'liked', equals: '3' }));
    const r = validateQuestionnaire(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.problem)).toEqual([{ code: 'showIfCircle', keys: ['visited', 'liked', 'visited'] }]);
    expect(problemText('en', input, r.errors[0]!.problem)).toBe(
      'The show-if rules go round in a circle: question 2 (“Have you been here before?”) → question 3 (“Did you like it?”) → question 2 (“Have you been here before?”). A question can only depend on answers to questions that come before it.',
    );
  });

  it('finds exactly the circles there are, in any pattern of rules (property)', () => {
    // n yes/no items; item i shows if any of the items it points to (earlier or later) is yes.
    const graph = fc
      .integer({ min: 1, max: 7 })
      .chain((n) => fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(graph, (refs) => {
        const key = (i: number) => `q${i}`;
        const items = refs.map((to, i) => yesNo(key(i), to.length > 0 ? { any: to.map((j) => ({ item: key(j), equals: true })) } : undefined));
        const r = validateQuestionnaire({ ...minimal(), items });
        // Reference answer: peel off items that depend on nothing left; what remains is in or
        // behind a circle.
        const left = new Set(refs.map((_, i) => i));
        for (let changed = true; changed; ) {
          changed = false;
          for (const i of left) {
            if (refs[i]!.every((j) => !left.has(j))) {
              left.delete(i);
              changed = true;
            }
          }
        }
        const circles = r.ok ? [] : r.errors.map((e) => e.problem).filter((p) => p.code === 'showIfCircle' || p.code === 'showIfOnItself');
        expect(circles.length > 0).toBe(left.size > 0);
        // Every item a circle names is one that cannot be peeled off.
        for (const p of circles) {
          for (const key of p.code === 'showIfCircle' ? p.keys : [p.item]) expect(left.has(Number(key.slice(1)))).toBe(true);
        }
        // Backward-only rules are always fine.
        if (refs.every((to, i) => to.every((j) => j < i))) expect(r.ok).toBe(true);
      }),
    );
  });
});

describe('visibleItems', () => {
  const q = valid();
  const keys = (answers: Answers) => visibleItems(q, answers).map((i) => i.key);
  const all = ['welcome', 'visited', 'liked', 'how', 'times', 'calm', 'note', 'why-bus'];
  const cases: { name: string; answers: Answers; hidden: string[] }[] = [
    { name: 'nothing answered', answers: {}, hidden: ['liked', 'times', 'why-bus'] },
    { name: 'first visit', answers: { visited: false, how: ['bus'] }, hidden: ['liked', 'times', 'why-bus'] },
    { name: 'back again, liked it', answers: { visited: true, liked: '3', how: ['bus'] }, hidden: ['why-bus'] },
    { name: 'back again, did not like it, came by bus', answers: { visited: true, liked: '1', how: ['walk', 'bus'] }, hidden: [] },
    { name: 'came by bus, zero times before', answers: { visited: true, how: ['bus'], times: 0 }, hidden: [] },
    // 'liked' was answered, then 'visited' changed to no: the stale answer must not open 'why-bus'.
    { name: 'a stale answer to a hidden item', answers: { visited: false, liked: '1', how: ['bus'] }, hidden: ['liked', 'times', 'why-bus'] },
  ];
  it.each(cases)('$name', ({ answers, hidden }) => {
    expect(keys(answers)).toEqual(all.filter((k) => !hidden.includes(k)));
  });
});

describe('validateResponse', () => {
  const q = valid();
  type Case = { name: string; raw: Record<string, unknown>; answers?: Answers; errors?: Record<string, string> };
  const cases: Case[] = [
    {
      name: 'a form post with strings',
      raw: { visited: 'yes', liked: '2', how: ['bike', 'bus'], times: '3', calm: '0,3', note: ' Tak! ' },
      answers: { visited: true, liked: '2', how: ['bus', 'bike'], times: 3, calm: 0.3, note: 'Tak!' },
    },
    {
      name: 'JSON values',
      raw: { visited: false, how: 'walk', calm: 1 },
      answers: { visited: false, how: ['walk'], calm: 1 },
    },
    {
      name: 'answers to hidden follow-ups are dropped',
      raw: { visited: 'no', liked: '3', times: '7' },
      answers: { visited: false },
    },
    { name: 'empty fields count as not answered', raw: { visited: 'no', how: [], note: '   ', calm: '' }, answers: { visited: false } },
    { name: 'a required question left out', raw: { how: 'bus' }, errors: { visited: 'Dette spørgsmål skal besvares.' } },
    { name: 'a required follow-up left out', raw: { visited: 'yes' }, errors: { liked: 'Dette spørgsmål skal besvares.' } },
    { name: 'an unknown option', raw: { visited: 'yes', liked: '4' }, errors: { liked: 'Vælg et af svarene på listen.' } },
    { name: 'two answers to a single choice', raw: { visited: 'yes', liked: ['1', '2'] }, errors: { liked: 'Vælg kun ét svar.' } },
    { name: 'an unknown option among several', raw: { visited: 'no', how: ['bus', 'plane'] }, errors: { how: 'Vælg kun blandt svarene på listen.' } },
    { name: 'a number out of range', raw: { visited: 'yes', liked: '1', times: '51' }, errors: { times: 'Skriv et tal fra 0 til 50.' } },
    { name: 'a negative number', raw: { visited: 'yes', liked: '1', times: '-1' }, errors: { times: 'Skriv et tal fra 0 til 50.' } },
    { name: 'not a number', raw: { visited: 'yes', liked: '1', times: 'tre' }, errors: { times: 'Skriv et tal, fx 12.' } },
    {
      name: 'a decimal for a whole number',
      raw: { visited: 'yes', liked: '1', times: '2,5' },
      errors: { times: 'Skriv et helt tal uden komma eller punktum.' },
    },
    // Danish "1.000" is a thousand; reading it as 1 would be silently wrong.
    { name: 'a thousands separator', raw: { visited: 'yes', liked: '1', times: '1.000' }, errors: { times: 'Skriv et helt tal uden komma eller punktum.' } },
    { name: 'a slider value between the points', raw: { visited: 'no', calm: '0.35' }, errors: { calm: 'Vælg et af punkterne på skalaen.' } },
    { name: 'a slider value off the scale', raw: { visited: 'no', calm: 2 }, errors: { calm: 'Skriv et tal fra 0 til 1.' } },
    { name: 'yes/no that is neither', raw: { visited: 'maybe' }, errors: { visited: 'Svar ja eller nej.' } },
    {
      name: 'a text that is too long',
      raw: { visited: 'no', note: 'Æblegrød!!!' },
      errors: { note: 'Teksten er for lang: 11 tegn. Der er plads til 10 tegn.' },
    },
    {
      name: 'a key that is not in the questionnaire',
      raw: { visited: 'no', cpr: '010101-1234' },
      errors: { cpr: "Svaret 'cpr' hører ikke til et spørgsmål i dette spørgeskema." },
    },
    { name: 'an answer to a text-only item', raw: { visited: 'no', welcome: 'hi' }, errors: { welcome: "'welcome' er kun tekst og kan ikke besvares." } },
  ];
  it.each(cases)('$name', ({ raw, answers, errors }) => {
    const r = validateResponse(q, raw);
    if (answers) {
      expect(r).toEqual({ ok: true, answers });
    } else {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      // The domain names each problem; the page words it from the catalogue.
      const got = Object.fromEntries(r.errors.map((e) => [e.item, answerProblemText(messagesFor('da'), e.problem)]));
      expect(got).toEqual(errors);
      for (const e of r.errors) expect(answerProblemText(messagesFor('en'), e.problem).length).toBeGreaterThan(0);
    }
  });

  it('counts letters, not bytes or CRLF pairs, against the limit', () => {
    // Ten characters: æ, ø, å and an emoji are one each, and a browser's CRLF is one line break.
    expect(validateResponse(q, { visited: 'no', note: 'æøå🙂\r\nabcd' })).toEqual({
      ok: true,
      answers: { visited: false, note: 'æøå🙂\nabcd' },
    });
  });

  it('keeps what it could read when something is wrong, so no word is lost', () => {
    const r = validateResponse(q, { visited: 'no', note: 'Hej', calm: 'x' });
    expect(r).toMatchObject({ ok: false, answers: { visited: false, note: 'Hej' } });
  });

  it('accepts its own output again unchanged, and keeps no hidden answers (property)', () => {
    const raw = fc.record(
      {
        visited: fc.constantFrom('yes', 'no', true, false, '', 'maybe'),
        liked: fc.constantFrom('1', '2', '3', '4', ['1'], ''),
        how: fc.subarray(['bus', 'bike', 'walk', 'plane']),
        times: fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom('7', '2,5', '')),
        calm: fc.oneof(
          fc.integer({ min: 0, max: 10 }).map((n) => n / 10),
          fc.double({ min: -1, max: 2, noNaN: true }),
        ),
        note: fc.string({ maxLength: 14 }),
        'why-bus': fc.string({ maxLength: 20 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(raw, (r) => {
        const first = validateResponse(q, r);
        if (!first.ok) return;
        const visible = new Set(visibleItems(q, first.answers).map((i) => i.key));
        for (const key of Object.keys(first.answers)) expect(visible.has(key)).toBe(true);
        expect(validateResponse(q, first.answers)).toEqual(first);
      }),
    );
  });
});

describe('versions', () => {
  it.each([
    { hasAnswers: false, editable: true },
    { hasAnswers: true, editable: false },
  ])('a version with answers=$hasAnswers can be edited in place: $editable', ({ hasAnswers, editable }) => {
    expect(canEditInPlace(hasAnswers)).toBe(editable);
  });

  it('the next version is a deep copy with the number one higher', () => {
    const q = valid();
    const next = nextVersion(q);
    expect(next.version).toBe(2);
    expect({ ...next, version: 1 }).toEqual(q);
    next.items[1]!.text.da = 'Ændret';
    expect(q.items[1]!.text.da).toBe('Har du været her før?');
    expect(validateQuestionnaire(next).ok).toBe(true);
  });
});

describe('formatShowIf', () => {
  it.each([
    [{ item: 'a', equals: true }, 'a = true'],
    [{ item: 'a', in: ['x', 'y'] }, "a in ('x', 'y')"],
    [
      {
        all: [
          { item: 'a', equals: 1 },
          {
            any: [
              { item: 'b', equals: 'x' },
              { item: 'c', equals: false },
            ],
          },
        ],
      },
      "a = 1 and (b = 'x' or c = false)",
    ],
  ] as const)('%j reads as %s', (rule, text) => {
    expect(formatShowIf(rule as never)).toBe(text);
  });
});

describe('sliderChoices', () => {
  it('offers each value of a short scale, and nothing to choose for a long one', () => {
    expect(sliderChoices({ min: 0, max: 10, step: 1 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(sliderChoices({ min: 1, max: 2, step: 0.1 })).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2]);
    expect(sliderChoices({ min: 0, max: 100, step: 10 })).toHaveLength(11);
    expect(sliderChoices({ min: 0, max: 100, step: 1 })).toBeNull();
    expect(sliderChoices({ min: 0, max: 11, step: 1 })).toBeNull();
  });
  it('property: every choice is a value the slider takes, from its lowest to its highest', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(1, 0.5, 0.25, 2, 5), (min, steps, step) => {
        const slider = { min, max: min + steps * step, step };
        const choices = sliderChoices(slider);
        if (steps + 1 > 11) {
          expect(choices).toBeNull();
          return;
        }
        expect(choices![0]).toBe(min);
        expect(choices!.at(-1)).toBe(slider.max);
        expect(choices).toHaveLength(steps + 1);
        for (const [i, v] of choices!.entries()) expect(v).toBeCloseTo(min + i * step, 9);
      }),
    );
  });
});
