import { describe, expect, it } from 'vitest';
import { DEFAULT_QUESTIONNAIRES } from './defaults.ts';
import { validateQuestionnaire } from './questionnaire.ts';
import {
  applyQuestionnaireAction,
  blankQuestionnaireForm,
  itemRows,
  QUESTIONNAIRE_BASES,
  questionnaireFromForm,
  questionnaireToForm,
  slugKey,
  type PostedQuestionnaireForm,
} from './questionnaire-form.ts';
import { messagesFor } from '../../server/i18n/messages.ts';
import { parseBuilderAction, type RowAction } from '../validation/builder-actions.ts';
import { questionNames, questionnaireProblemText } from '../../server/views/questionnaire-problems.ts';

const about = {
  'title.da': 'Efter gruppen på Åen',
  'title.en': 'After the group at Åen',
  'intro.da': 'Et par korte spørgsmål.',
  'intro.en': 'A few short questions.',
  audience: 'citizen',
  licenceNote: 'Bostedet Åen, CC BY 4.0',
};

function itemRow(row: number, fields: Record<string, string>): PostedQuestionnaireForm {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`i${row}.${k}`, v]));
}

/** Option rows of an item row: [value, Danish, English?, score?] each. */
function options(row: number, list: [string, string, string?, string?][]): PostedQuestionnaireForm {
  const out: PostedQuestionnaireForm = {};
  list.forEach(([value, da, en, score], o) => {
    out[`i${row}.o${o}.value`] = value;
    out[`i${row}.o${o}.label.da`] = da;
    out[`i${row}.o${o}.label.en`] = en ?? '';
    out[`i${row}.o${o}.score`] = score ?? '';
  });
  return out;
}

describe('slugKey', () => {
  it('turns Danish words into a key', () => {
    expect(slugKey('Efter mødet på Åen')).toBe('efter-moedet-paa-aaen');
    expect(slugKey('3 gode ting')).toBe('gode-ting');
    expect(slugKey('!!!')).toBe('');
  });
});

describe('questionnaireFromForm', () => {
  it('builds every item type from the flat form', () => {
    const form: PostedQuestionnaireForm = {
      ...about,
      ...itemRow(0, { type: 'display', 'text.da': 'Tak for i dag.', 'text.en': 'Thank you for today.' }),
      ...itemRow(1, {
        type: 'singleChoice',
        key: 'mood',
        'text.da': 'Hvordan var det?',
        'text.en': 'How was it?',
        required: 'on',
      }),
      ...options(1, [
        ['good', 'Godt', 'Good', '3'],
        ['ok', 'Okay', 'Okay', '2'],
        ['dk', 'Ved ikke', "Don't know"],
      ]),
      ...itemRow(2, {
        type: 'multipleChoice',
        key: 'what',
        'text.da': 'Hvad talte I om?',
        'text.en': 'What did you talk about?',
      }),
      ...options(2, [
        ['work', 'Arbejde', 'Work'],
        ['home', 'Bolig', 'Home'],
      ]),
      ...itemRow(3, { type: 'yesNo', key: 'again', 'text.da': 'Kommer du igen?', 'text.en': 'Will you come again?' }),
      ...itemRow(4, { type: 'number', key: 'times', 'text.da': 'Hvor mange gange?', 'text.en': 'How many times?', min: '0', max: '50' }),
      ...itemRow(5, {
        type: 'slider',
        key: 'calm',
        'text.da': 'Hvor rolig?',
        'text.en': 'How calm?',
        min: '0',
        max: '10',
        step: '0,5',
        'minLabel.da': 'Urolig',
        'minLabel.en': 'Restless',
        'maxLabel.da': 'Rolig',
        'maxLabel.en': 'Calm',
      }),
      ...itemRow(6, {
        type: 'freeText',
        'text.da': 'Andet?',
        'text.en': 'Anything else?',
        maxLength: '300',
        'showIf.item': 'again',
        'showIf.value': 'nej',
      }),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const q = result.questionnaire;
    expect(q.key).toBe('efter-gruppen-paa-aaen');
    expect(q.items.map((i) => i.type)).toEqual(['display', 'singleChoice', 'multipleChoice', 'yesNo', 'number', 'slider', 'freeText']);
    const mood = q.items[1]!;
    expect(mood.type === 'singleChoice' && mood.options.map((o) => o.score)).toEqual([3, 2, undefined]);
    expect(mood.type === 'singleChoice' && mood.required).toBe(true);
    const calm = q.items[5]!;
    expect(calm.type === 'slider' && calm.step).toBe(0.5);
    const last = q.items[6]!;
    expect(last.key).toBe('andet');
    expect(last.showIf).toEqual({ item: 'again', equals: false });
    expect(last.type === 'freeText' && last.maxLength).toBe(300);
  });

  it('keeps the order of the rows and skips empty rows and empty options', () => {
    const form = {
      ...about,
      ...itemRow(0, { type: 'yesNo', key: 'b', 'text.da': 'B' }),
      ...itemRow(1, { type: 'singleChoice', key: 'a', 'text.da': 'A' }),
      ...options(1, [
        ['', 'Nej'],
        ['', '', '', ''],
        ['', 'Ja'],
      ]),
      ...itemRow(2, { type: 'singleChoice' }),
      ...options(2, [['', '']]),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.questionnaire.items.map((i) => i.key)).toEqual(['b', 'a']);
    const a = result.questionnaire.items[1]!;
    // An option without a value gets its number; English falls back to the Danish text.
    expect(a.type === 'singleChoice' && a.options).toEqual([
      { value: '1', label: { da: 'Nej', en: 'Nej' } },
      { value: '2', label: { da: 'Ja', en: 'Ja' } },
    ]);
    expect(itemRows(form)).toEqual([0, 1, 2]);
  });

  it('needs Danish, not English: English pages fall back to the Danish text', () => {
    const form = { ...about, 'title.en': '', 'intro.en': '', ...itemRow(0, { type: 'yesNo', key: 'a', 'text.da': 'Kommer du igen?' }) };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.questionnaire.title).toEqual({ da: about['title.da'], en: about['title.da'] });
    expect(result.questionnaire.items[0]!.text).toEqual({ da: 'Kommer du igen?', en: 'Kommer du igen?' });
    // The form shows the English text empty again, so it stays "not written" rather than a copy.
    const back = questionnaireToForm(result.questionnaire, { lang: 'da' });
    expect(back['title.en']).toBe('');
    expect(back['i0.text.en']).toBe('');

    const noDanish = questionnaireFromForm({ ...about, 'title.da': '', 'title.en': 'Only English' }, { takenKeys: [] });
    expect(!noDanish.ok && noDanish.errors['title.da']).toEqual([{ code: 'textMissing', lang: 'da', prop: 'title', place: { in: 'questionnaire' } }]);
  });

  it("a show-if cycle comes back beside the rule, as the domain's code", () => {
    const form = {
      ...about,
      ...itemRow(0, { type: 'yesNo', key: 'a', 'text.da': 'A', 'text.en': 'A', 'showIf.item': 'b', 'showIf.value': 'ja' }),
      ...itemRow(1, { type: 'yesNo', key: 'b', 'text.da': 'B', 'text.en': 'B', 'showIf.item': 'a', 'showIf.value': 'ja' }),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    expect(!result.ok && result.errors['i0.showIf.item']).toEqual([{ code: 'showIfCircle', keys: ['a', 'b', 'a'] }]);
  });

  it('puts each problem beside its input and keeps what was typed', () => {
    const form = {
      ...about,
      'title.da': '',
      ...itemRow(0, { type: 'singleChoice', key: 'c', 'text.da': 'C' }),
      ...options(0, [
        ['x', ''],
        ['y', 'Y', 'Y', 'many'],
      ]),
      ...itemRow(1, { type: 'number', key: 'd', 'text.da': 'D', min: 'ti', max: '5' }),
      ...itemRow(2, { type: 'yesNo', key: 'e', 'text.da': 'E', 'showIf.item': 'd' }),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['title.da']).toEqual([{ code: 'textMissing', lang: 'da', prop: 'title', place: { in: 'questionnaire' } }]);
    expect(result.errors['i0.o0.label.da']).toEqual([{ code: 'textMissing', lang: 'da', prop: 'label', place: { in: 'option', item: { key: 'c' }, no: 1 } }]);
    expect(result.errors['i0.o1.score']).toEqual([{ code: 'notANumber', raw: 'many' }]);
    expect(result.errors['i1.min']).toEqual([{ code: 'notANumber', raw: 'ti' }]);
    expect(result.errors['i2.showIf.value']).toEqual([{ code: 'showIfAnswerMissing', target: 'd', question: { no: 3, key: 'e' } }]);
    // The editor shows them in the catalogue's words.
    // Questions are named by their number and text, as the page shows them.
    const [da, en] = [messagesFor('da'), messagesFor('en')];
    const questions = [
      { key: 'c', text: 'C' },
      { key: 'd', text: 'D' },
      { key: 'e', text: 'E' },
    ];
    const [daNames, enNames] = [questionNames(da.questionnaireProblems, questions), questionNames(en.questionnaireProblems, questions)];
    expect(questionnaireProblemText(da, result.errors['i1.min']![0]!, daNames)).toBe('»ti« er ikke et tal. Skriv fx 10 eller 2,5.');
    expect(questionnaireProblemText(en, result.errors['i2.showIf.value']![0]!, enNames)).toBe(
      `Write the answer to question 2 (“D”) that shows question 3 (“E”), or choose "Always show".`,
    );
    expect(questionnaireProblemText(da, result.errors['title.da']![0]!, daNames)).toMatch(/dansk/i);
    expect(result.form['i1.min']).toBe('ti');
  });

  it('a new questionnaire gets its key from the title, unique, whatever key the form carries', () => {
    const items = itemRow(0, { type: 'yesNo', 'text.da': 'Ja?', 'text.en': 'Yes?' });
    const typed = questionnaireFromForm({ ...about, key: 'mine', ...items }, { takenKeys: ['mine'] });
    expect(typed.ok && typed.questionnaire.key).toBe('efter-gruppen-paa-aaen');
    const generated = questionnaireFromForm({ ...about, ...items }, { takenKeys: ['efter-gruppen-paa-aaen'] });
    expect(generated.ok && generated.questionnaire.key).toBe('efter-gruppen-paa-aaen-2');
  });

  it('a score on a multiple-choice option is refused with a sentence', () => {
    const form = {
      ...about,
      ...itemRow(0, { type: 'multipleChoice', key: 'm', 'text.da': 'M', 'text.en': 'M' }),
      ...options(0, [
        ['a', 'A', 'A', '1'],
        ['b', 'B', 'B'],
      ]),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    expect(!result.ok && result.errors['i0.o0.score']).toEqual([{ code: 'scoreNotAllowed', line: 1, question: { no: 1, key: 'm' }, score: '1' }]);
    const en = messagesFor('en');
    expect(
      !result.ok && questionnaireProblemText(en, result.errors['i0.o0.score']![0]!, questionNames(en.questionnaireProblems, [{ key: 'm', text: 'M' }])),
    ).toMatch(/only single-choice questions can have scores\. Delete the score\.$/);
  });
});

describe('questionnaireToForm', () => {
  it('every default questionnaire survives the form unchanged', () => {
    for (const q of DEFAULT_QUESTIONNAIRES) {
      const form = questionnaireToForm(q, { lang: 'da' });
      const result = questionnaireFromForm(form, { key: q.key, version: q.version });
      if (!result.ok) throw new Error(`${q.key}: ${JSON.stringify(result.errors)}`);
      expect(result.questionnaire).toEqual(validateQuestionnaire(q).ok ? q : null);
    }
  });

  it('keeps a rule the simple form cannot show', () => {
    const q = DEFAULT_QUESTIONNAIRES[0]!;
    const withRule = {
      ...q,
      items: [
        ...q.items.slice(0, 2),
        {
          ...q.items[2]!,
          showIf: {
            any: [
              { item: q.items[0]!.key, equals: '1' },
              { item: q.items[1]!.key, equals: '1' },
            ],
          },
        },
        ...q.items.slice(3),
      ],
    };
    const form = questionnaireToForm(withRule as typeof q, { lang: 'en' });
    expect(form['i2.showIf.rule']).toBeTruthy();
    const result = questionnaireFromForm(form, { key: q.key });
    expect(result.ok && result.questionnaire.items[2]!.showIf).toEqual(withRule.items[2]!.showIf);
  });

  it('a blank form has a licence note and one empty question with two empty options', () => {
    const blank = blankQuestionnaireForm();
    expect(blank.licenceNote).toMatch(/CC BY 4\.0/);
    expect(blank).toMatchObject({ 'i0.type': 'singleChoice', 'i0.o0.value': '', 'i0.o1.value': '' });
  });
});

describe('the builder buttons', () => {
  const draft: PostedQuestionnaireForm = {
    ...about,
    ...itemRow(0, { type: 'yesNo', 'text.da': 'A' }),
    ...itemRow(1, { type: 'singleChoice', 'text.da': 'B' }),
    ...options(1, [
      ['1', 'Nej'],
      ['2', 'Ja'],
    ]),
    ...itemRow(2, { type: 'freeText', 'text.da': 'C' }),
  };
  const texts = (f: PostedQuestionnaireForm) => itemRows(f).map((r) => f[`i${r}.text.da`]);
  const act = (raw: string) => {
    const action = parseBuilderAction(raw, QUESTIONNAIRE_BASES);
    if (!action || !('base' in action)) throw new Error(`not a row action: ${raw}`);
    return applyQuestionnaireAction(draft, action as RowAction);
  };

  it.each([
    ['move-up:i1', ['B', 'A', 'C']],
    ['move-down:i1', ['A', 'C', 'B']],
    ['move-up:i0', ['A', 'B', 'C']],
    ['move-down:i2', ['A', 'B', 'C']],
    ['remove:i1', ['A', 'C']],
    ['remove:i7', ['A', 'B', 'C']],
    ['add:i', ['A', 'B', 'C', undefined]],
  ])('%s gives the questions %j, and nothing else changes', (raw, expected) => {
    const after = act(raw);
    expect(texts(after)).toEqual(expected);
    for (const key of Object.keys(about)) expect(after[key]).toBe(draft[key as keyof typeof draft]);
  });

  it('options move with their question, and move, go and come one by one', () => {
    expect(act('move-up:i1')).toMatchObject({ 'i0.text.da': 'B', 'i0.o0.label.da': 'Nej', 'i0.o1.label.da': 'Ja' });
    expect(act('move-down:i1.o0')).toMatchObject({ 'i1.o0.label.da': 'Ja', 'i1.o1.label.da': 'Nej' });
    const removed = act('remove:i1.o0');
    expect(removed['i1.o0.label.da']).toBe('Ja');
    expect(removed['i1.o1.label.da']).toBeUndefined();
    expect(act('add:i1.o')).toMatchObject({ 'i1.o2.value': '' });
    // A new question starts with two empty options and is not a question until something is typed.
    const added = act('add:i');
    expect(added).toMatchObject({ 'i3.type': 'singleChoice', 'i3.o0.value': '', 'i3.o1.value': '' });
    expect(questionnaireFromForm(added, { takenKeys: [] }).ok).toBe(true);
  });

  it('knows only its own buttons', () => {
    expect(parseBuilderAction(undefined, QUESTIONNAIRE_BASES)).toEqual({ kind: 'save' });
    expect(parseBuilderAction('preview', QUESTIONNAIRE_BASES)).toEqual({ kind: 'preview' });
    expect(parseBuilderAction('move-up:i3', QUESTIONNAIRE_BASES)).toEqual({ kind: 'move-up', base: 'i', row: 3 });
    expect(parseBuilderAction('remove:i3.o12', QUESTIONNAIRE_BASES)).toEqual({ kind: 'remove', base: 'i3.o', row: 12 });
    for (const bad of ['delete:i1', 'add:s', 'move-up:i', 'remove:title', 'add:i1.o2', 'move-up:i1.x2', 'add:i;drop']) {
      expect(parseBuilderAction(bad, QUESTIONNAIRE_BASES), bad).toBeNull();
    }
  });
});
