import { describe, expect, it } from 'vitest';
import { DEFAULT_QUESTIONNAIRES } from './defaults.ts';
import { validateQuestionnaire } from './questionnaire.ts';
import {
  blankQuestionnaireForm,
  questionnaireEditorLayout,
  questionnaireFromForm,
  questionnaireToForm,
  slugKey,
  type PostedQuestionnaireForm,
} from './questionnaire-form.ts';
import { messagesFor } from '../../server/i18n/messages.ts';
import { questionnaireProblemText } from '../../server/views/questionnaire-problems.ts';

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
      ...itemRow(0, { position: '1', type: 'display', 'text.da': 'Tak for i dag.', 'text.en': 'Thank you for today.' }),
      ...itemRow(1, {
        position: '2',
        type: 'singleChoice',
        key: 'mood',
        'text.da': 'Hvordan var det?',
        'text.en': 'How was it?',
        required: 'on',
        options: "good | Godt | Good | 3\nok | Okay | Okay | 2\ndk | Ved ikke | Don't know",
      }),
      ...itemRow(2, {
        position: '3',
        type: 'multipleChoice',
        key: 'what',
        'text.da': 'Hvad talte I om?',
        'text.en': 'What did you talk about?',
        options: 'work | Arbejde | Work\nhome | Bolig | Home',
      }),
      ...itemRow(3, { position: '4', type: 'yesNo', key: 'again', 'text.da': 'Kommer du igen?', 'text.en': 'Will you come again?' }),
      ...itemRow(4, { position: '5', type: 'number', key: 'times', 'text.da': 'Hvor mange gange?', 'text.en': 'How many times?', min: '0', max: '50' }),
      ...itemRow(5, {
        position: '6',
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
        position: '7',
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

  it('orders questions by their number and skips empty and removed rows', () => {
    const form = {
      ...about,
      ...itemRow(0, { position: '2', type: 'yesNo', key: 'b', 'text.da': 'B', 'text.en': 'B' }),
      ...itemRow(1, { position: '1', type: 'yesNo', key: 'a', 'text.da': 'A', 'text.en': 'A' }),
      ...itemRow(2, { position: '3', type: 'yesNo', key: 'c', 'text.da': 'C', 'text.en': 'C', remove: 'on' }),
      ...itemRow(3, { position: '', type: 'singleChoice' }),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.questionnaire.items.map((i) => i.key)).toEqual(['a', 'b']);
    expect(questionnaireEditorLayout(form)).toEqual({ items: [1, 0, 2], blank: 3 });
  });

  it("a show-if cycle comes back beside the rule, as the domain's code", () => {
    const form = {
      ...about,
      ...itemRow(0, { position: '1', type: 'yesNo', key: 'a', 'text.da': 'A', 'text.en': 'A', 'showIf.item': 'b', 'showIf.value': 'ja' }),
      ...itemRow(1, { position: '2', type: 'yesNo', key: 'b', 'text.da': 'B', 'text.en': 'B', 'showIf.item': 'a', 'showIf.value': 'ja' }),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    expect(!result.ok && result.errors['i0.showIf.item']).toEqual([{ code: 'showIfCircle', keys: ['a', 'b', 'a'] }]);
  });

  it('puts each problem beside its input and keeps what was typed', () => {
    const form = {
      ...about,
      'title.en': '',
      ...itemRow(0, { position: '1', type: 'singleChoice', key: 'c', 'text.da': 'C', 'text.en': 'C', options: 'x | X\ny | Y | Y | many' }),
      ...itemRow(1, { position: '2', type: 'number', key: 'd', 'text.da': 'D', 'text.en': 'D', min: 'ti', max: '5' }),
      ...itemRow(2, { position: '3', type: 'yesNo', key: 'e', 'text.da': 'E', 'text.en': 'E', 'showIf.item': 'd' }),
    };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['title.en']).toEqual([{ code: 'textMissing', lang: 'en', prop: 'title', place: { in: 'questionnaire' } }]);
    const c = { no: 1, key: 'c' };
    expect(result.errors['i0.options']).toEqual([
      { code: 'optionLineShape', line: 1, question: c },
      { code: 'scoreNotANumber', line: 2, question: c, score: 'many' },
    ]);
    expect(result.errors['i1.min']).toEqual([{ code: 'notANumber', raw: 'ti' }]);
    expect(result.errors['i2.showIf.value']).toEqual([{ code: 'showIfAnswerMissing', target: 'd', question: { no: 3, key: 'e' } }]);
    // The editor shows them in the catalogue's words.
    const [da, en] = [messagesFor('da'), messagesFor('en')];
    expect(questionnaireProblemText(da, result.errors['i1.min']![0]!)).toBe('"ti" er ikke et tal. Skriv fx 10 eller 2,5.');
    expect(questionnaireProblemText(en, result.errors['i0.options']![0]!)).toMatch(/^Line 1 of the answer options of question no. 1 \('c'\) needs a value/);
    expect(questionnaireProblemText(en, result.errors['i0.options']![1]!)).toBe(
      `The score "many" on line 2 of the answer options of question no. 1 ('c') is not a number.`,
    );
    expect(questionnaireProblemText(en, result.errors['i2.showIf.value']![0]!)).toBe(
      `Write the answer to 'd' that shows question no. 3 ('e'), or choose "Always show".`,
    );
    expect(questionnaireProblemText(en, result.errors['title.en']![0]!)).toBe('The English text is missing: the title in the questionnaire.');
    expect(result.form['i1.min']).toBe('ti');
  });

  it('refuses a typed key that is taken, and makes a generated one unique', () => {
    const items = itemRow(0, { position: '1', type: 'yesNo', 'text.da': 'Ja?', 'text.en': 'Yes?' });
    const taken = questionnaireFromForm({ ...about, key: 'mine', ...items }, { takenKeys: ['mine'] });
    expect(!taken.ok && taken.errors.key).toEqual([{ code: 'keyTaken', key: 'mine' }]);
    const generated = questionnaireFromForm({ ...about, ...items }, { takenKeys: ['efter-gruppen-paa-aaen'] });
    expect(generated.ok && generated.questionnaire.key).toBe('efter-gruppen-paa-aaen-2');
  });

  it('a score on a multiple-choice option is refused with a sentence', () => {
    const form = { ...about, ...itemRow(0, { type: 'multipleChoice', key: 'm', 'text.da': 'M', 'text.en': 'M', options: 'a | A | A | 1\nb | B | B' }) };
    const result = questionnaireFromForm(form, { takenKeys: [] });
    expect(!result.ok && result.errors['i0.options']).toEqual([{ code: 'scoreNotAllowed', line: 1, question: { no: 1, key: 'm' }, score: '1' }]);
    expect(!result.ok && questionnaireProblemText(messagesFor('en'), result.errors['i0.options']![0]!)).toMatch(
      /only single-choice questions can have scores\. Remove "\| 1"\.$/,
    );
  });
});

describe('questionnaireToForm', () => {
  it('every default questionnaire survives the form unchanged', () => {
    for (const q of DEFAULT_QUESTIONNAIRES) {
      const form = questionnaireToForm(q, { lang: 'da', keepKey: true });
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
    const form = questionnaireToForm(withRule as typeof q, { lang: 'en', keepKey: true });
    expect(form['i2.showIf.rule']).toBeTruthy();
    const result = questionnaireFromForm(form, { key: q.key });
    expect(result.ok && result.questionnaire.items[2]!.showIf).toEqual(withRule.items[2]!.showIf);
  });

  it('a blank form has a licence note', () => {
    expect(blankQuestionnaireForm().licenceNote).toMatch(/CC BY 4\.0/);
  });
});
