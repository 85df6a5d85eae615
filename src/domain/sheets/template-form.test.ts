import { describe, expect, it } from 'vitest';
import { builtinTemplates, personalStatement } from './builtin-templates.ts';
import { draftSummary, emptyAnswers } from './answers.ts';
import type { SheetTemplate } from './template-schema.ts';
import { validateTemplate } from './template-schema.ts';
import {
  BLANK_CHECK_ROWS,
  blankTemplateForm,
  editorLayout,
  formToTemplateInput,
  generatedFrame,
  templateFromForm,
  templateToForm,
  type PostedTemplateForm,
} from './template-form.ts';

const meta = { key: 'own-sheet', version: 1 };

function roundTrip(t: SheetTemplate, edit: (form: PostedTemplateForm) => void = () => {}, m = { key: t.key, version: t.version }): SheetTemplate {
  const form: PostedTemplateForm = templateToForm(t);
  edit(form);
  const result = validateTemplate(formToTemplateInput(form, m));
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message.en}`).join('; '));
  return result.template;
}

/** What the editor cannot express: the frame is generated from the fields. */
function withoutFrame(t: SheetTemplate) {
  return { ...t, composition: { ...t.composition, frame: null } };
}

/** A new step typed into the blank row the editor shows after the last step. */
function fillBlankStep(form: PostedTemplateForm, row: number): PostedTemplateForm {
  return Object.assign(form, {
    [`s${row}.title.da`]: 'Mine folk',
    [`s${row}.title.en`]: 'My people',
    [`s${row}.prompt.da`]: 'Hvem er vigtige for dig?',
    [`s${row}.prompt.en`]: 'Who is important to you?',
    [`s${row}.help.da`]: 'Det kan være familie, venner eller naboer.',
    [`s${row}.help.en`]: 'It can be family, friends or neighbours.',
    [`s${row}.examples.da`]: 'Min bror\n\n  Min nabo Lis  ',
    [`s${row}.examples.en`]: 'My brother\nMy neighbour Lis',
    [`s${row}.required`]: 'on',
    [`s${row}.f0.label.da`]: 'Mine folk er …',
    [`s${row}.f0.label.en`]: 'My people are …',
    [`s${row}.f0.type`]: 'list',
    [`s${row}.f0.role`]: '',
  });
}

describe('template form', () => {
  it.each(builtinTemplates)('$key goes through the form and back unchanged, except the generated frame', (t) => {
    const back = roundTrip(t);
    expect(withoutFrame(back)).toEqual(withoutFrame(t));
    const fields = t.steps.flatMap((s) => s.fields);
    expect(back.composition.frame).toEqual({
      da: generatedFrame(fields).da.map((c) => [c]),
      en: generatedFrame(fields).en.map((c) => [c]),
    });
  });

  it('generates one clause per field, starting with the words of a label that ends in …', () => {
    const frame = personalStatement.steps.flatMap((s) => s.fields);
    expect(generatedFrame(frame).da).toEqual([
      '{whoIAm}.',
      '{matters}.',
      'Jeg vil gerne have hjælp til {helpWith}.',
      'Så jeg kan {soThat}.',
      'Hjælpen må ikke gøre det umuligt for mig at {mustNotPrevent}.',
    ]);
    expect(generatedFrame([{ key: 'x', label: { da: 'Mit {mål} …', en: 'My goal' } }])).toEqual({ da: ['Mit mål {x}.'], en: ['{x}.'] });
  });

  it('makes a draft from the parts with the generated frame', () => {
    const t = roundTrip(personalStatement);
    const answers = emptyAnswers(t);
    answers.fields.whoIAm = 'Jeg hedder Kim. Jeg bor i Vejle.';
    answers.fields.helpWith = ['at sove om natten', 'Jeg vil gerne have hjælp til at åbne breve'];
    answers.fields.soThat = 'Så jeg kan passe mit arbejde.';
    expect(draftSummary(t, answers, 'da')).toBe(
      'Jeg hedder Kim. Jeg vil gerne have hjælp til at sove om natten og at åbne breve. Så jeg kan passe mit arbejde.',
    );
  });

  it('keeps the keys of existing steps, fields and self-check items when texts change', () => {
    const back = roundTrip(personalStatement, (f) => {
      f['s0.title.da'] = 'Det er mig';
      f['s0.f0.label.en'] = 'This is me';
      f['check1.text.da'] = 'Står det vigtigste der?';
    });
    expect(back.steps.map((s) => s.key)).toEqual(personalStatement.steps.map((s) => s.key));
    expect(back.steps[0]!.title.da).toBe('Det er mig');
    expect(back.steps[0]!.fields[0]).toMatchObject({ key: 'whoIAm', label: { en: 'This is me' } });
    expect(back.selfCheck[1]).toEqual({ key: 'matters', text: { da: 'Står det vigtigste der?', en: 'Have I written what matters to me?' } });
  });

  const layoutCases: { name: string; edit: (f: PostedTemplateForm) => void; steps: string[]; checks: number }[] = [
    { name: 'nothing changed', edit: () => {}, steps: ['who', 'matters', 'help', 'so-that'], checks: 5 },
    { name: 'a step removed', edit: (f) => void (f['s1.remove'] = 'on'), steps: ['who', 'help', 'so-that'], checks: 5 },
    { name: 'a step added from the blank row', edit: (f) => fillBlankStep(f, 4), steps: ['who', 'matters', 'help', 'so-that', 'step-1'], checks: 5 },
    {
      name: 'the blank step row sent empty',
      edit: (f) =>
        Object.assign(f, {
          's4.title.da': '',
          's4.title.en': ' ',
          's4.examples.da': '\n',
          's4.required': 'on',
          's4.f0.type': 'longText',
          's4.f0.label.da': '',
        }),
      steps: ['who', 'matters', 'help', 'so-that'],
      checks: 5,
    },
    {
      name: 'empty self-check rows',
      edit: (f) => Object.assign(f, { 'check5.text.da': '', 'check5.text.en': '', 'check6.text.da': '' }),
      steps: ['who', 'matters', 'help', 'so-that'],
      checks: 5,
    },
    {
      name: 'a self-check item added and one removed',
      edit: (f) => Object.assign(f, { 'check0.remove': 'on', 'check5.text.da': 'Kan jeg stå inde for det?', 'check5.text.en': 'Can I stand by it?' }),
      steps: ['who', 'matters', 'help', 'so-that'],
      checks: 5,
    },
  ];
  it.each(layoutCases)('$name', ({ edit, steps, checks }) => {
    const back = roundTrip(personalStatement, edit);
    expect(back.steps.map((s) => s.key)).toEqual(steps);
    expect(back.selfCheck).toHaveLength(checks);
  });

  it('gives a new step and its field fresh keys, and cleans the example lines', () => {
    const back = roundTrip(personalStatement, (f) => fillBlankStep(f, 4));
    const added = back.steps[4]!;
    expect(added).toMatchObject({ key: 'step-1', required: true, examples: { da: ['Min bror', 'Min nabo Lis'], en: ['My brother', 'My neighbour Lis'] } });
    expect(added.fields).toEqual([
      { key: 'part1', type: 'list', label: { da: 'Mine folk er …', en: 'My people are …' }, maxLength: 200, maxItems: 20, optional: false },
    ]);
    expect(back.composition.frame.da.at(-1)).toEqual(['Mine folk er {part1}.']);
  });

  it('adds a field to a step from its blank field row, and removes a field', () => {
    const back = roundTrip(personalStatement, (f) => {
      Object.assign(f, { 's0.f1.label.da': 'Mit kaldenavn', 's0.f1.label.en': 'My nickname', 's0.f1.type': 'shortText', 's0.f1.optional': 'on' });
      f['s3.f1.remove'] = 'on';
    });
    expect(back.steps[0]!.fields.map((x) => [x.key, x.type, x.optional])).toEqual([
      ['whoIAm', 'longText', false],
      ['part1', 'shortText', true],
    ]);
    expect(back.steps[3]!.fields.map((x) => x.key)).toEqual(['soThat']);
    expect(back.composition.frame.da.flat().join(' ')).not.toContain('mustNotPrevent');
  });

  it('never gives a new part the key of one removed in the same save', () => {
    const t = roundTrip(personalStatement, (f) => fillBlankStep(f, 4));
    const back = roundTrip(t, (f) => {
      f['s4.remove'] = 'on';
      fillBlankStep(f, 5);
    });
    expect(back.steps.map((s) => s.key)).toEqual(['who', 'matters', 'help', 'so-that', 'step-2']);
    expect(back.steps[4]!.fields[0]!.key).toBe('part2');
  });

  it('builds a whole new template from the blank form', () => {
    const form: PostedTemplateForm = {
      ...blankTemplateForm(),
      'title.da': 'Mit hverdagsliv',
      'title.en': 'My everyday life',
      'intro.da': 'Om din hverdag.',
      'intro.en': 'About your everyday life.',
    };
    fillBlankStep(form, 0);
    const result = templateFromForm(form, meta);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.template).toMatchObject({ key: 'own-sheet', version: 1, steps: [{ key: 'step-1' }], selfCheck: [] });
  });

  const errorCases: { name: string; edit: (f: PostedTemplateForm) => void; at: string; en: RegExp }[] = [
    {
      name: 'a missing English step title',
      edit: (f) => void (f['s2.title.en'] = '  '),
      at: 's2.title.en',
      en: /English text is missing: the title in step 'help'/,
    },
    { name: 'a missing Danish template title', edit: (f) => void (f['title.da'] = ''), at: 'title.da', en: /Danish text is missing: the title/ },
    {
      name: 'a new step with no English',
      edit: (f) => void Object.assign(fillBlankStep(f, 4), { 's4.help.en': '' }),
      at: 's4.help.en',
      en: /English text is missing: the help text in step 'step-1'/,
    },
    {
      name: 'a new step with no field label',
      edit: (f) => void Object.assign(fillBlankStep(f, 4), { 's4.f0.label.da': '', 's4.f0.label.en': '' }),
      at: 's4.f0.label.da',
      en: /Danish text is missing: the label/,
    },
    {
      name: 'a hint in one language only',
      edit: (f) => void (f['s0.f0.hint.da'] = 'Et lille tip'),
      at: 's0.f0.hint.en',
      en: /English text is missing: the hint/,
    },
    {
      name: 'a self-check item in Danish only',
      edit: (f) => void (f['check6.text.da'] = 'Er jeg klar?'),
      at: 'check6.text.en',
      en: /English text is missing: the text/,
    },
    { name: 'an unknown field type', edit: (f) => void (f['s1.f0.type'] = 'essay'), at: 's1.f0.type', en: /Unknown field type 'essay'/ },
    { name: 'every step removed', edit: (f) => [0, 1, 2, 3].forEach((i) => (f[`s${i}.remove`] = 'on')), at: 'steps', en: /at least one step/ },
  ];
  it.each(errorCases)('surfaces $name beside the input', ({ edit, at, en }) => {
    const form: PostedTemplateForm = templateToForm(personalStatement);
    edit(form);
    const result = templateFromForm(form, meta);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toContain(at);
    expect(result.errors[at]!.map((m) => m.en).join(' ')).toMatch(en);
    expect(result.errors[at]!.every((m) => m.da.length > 0)).toBe(true);
  });

  it('shows every row in use, one blank step, a blank field per step and two blank self-check rows', () => {
    const form: PostedTemplateForm = templateToForm(personalStatement);
    expect(editorLayout(form)).toEqual({
      steps: [
        { row: 0, fields: [0], blankField: 1 },
        { row: 1, fields: [0], blankField: 1 },
        { row: 2, fields: [0], blankField: 1 },
        { row: 3, fields: [0, 1], blankField: 2 },
      ],
      blankStep: 4,
      checks: [0, 1, 2, 3, 4],
      blankChecks: [5, 6],
    });
    expect(BLANK_CHECK_ROWS).toBe(2);
  });

  it('does not grow when a form with empty rows comes back', () => {
    const form: PostedTemplateForm = {
      ...templateToForm(personalStatement),
      's4.title.da': '',
      's4.f0.label.da': '',
      's0.f1.label.da': '',
      'check5.text.da': '',
      'check6.text.en': '',
    };
    expect(editorLayout(form)).toMatchObject({ blankStep: 4, blankChecks: [5, 6], steps: [{ row: 0, blankField: 1 }, {}, {}, {}] });
    expect(editorLayout(blankTemplateForm())).toEqual({ steps: [], blankStep: 0, checks: [], blankChecks: [0, 1] });
  });

  it('keeps a step with text but no field, and points at its blank field row', () => {
    const form: PostedTemplateForm = templateToForm(personalStatement);
    Object.assign(form, { 's1.f0.remove': 'on', 's1.f1.label.da': '' });
    const result = templateFromForm(form, meta);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['s1.f1.label.da', 's1.f1.label.en']);
    expect(editorLayout(form).steps[1]).toEqual({ row: 1, fields: [0], blankField: 1 });
  });
});
