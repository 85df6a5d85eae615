import { describe, expect, it } from 'vitest';
import { builtinTemplates, personalStatement } from './builtin-templates.ts';
import { emptyAnswers } from './answers.ts';
import { draftSummary } from '../writing-helper/draft.ts';
import type { SheetTemplate } from './template-schema.ts';
import { validateTemplate } from './template-schema.ts';
import {
  applyTemplateAction,
  blankTemplateForm,
  checkRows,
  fieldRows,
  formToTemplateInput,
  stepRows,
  TEMPLATE_BASES,
  generatedFrame,
  templateFromForm,
  templateToForm,
  type PostedTemplateForm,
} from './template-form.ts';
import { parseBuilderAction, type RowAction } from '../validation/builder-actions.ts';

/** The form after pressing the builder's button with this action. */
function press(form: PostedTemplateForm, raw: string): PostedTemplateForm {
  const action = parseBuilderAction(raw, TEMPLATE_BASES);
  if (!action || !('base' in action)) throw new Error(`not a row action: ${raw}`);
  return applyTemplateAction(form, action as RowAction);
}

const meta = { key: 'own-sheet', version: 1 };

function roundTrip(
  t: SheetTemplate,
  // biome-ignore lint/suspicious/noConfusingVoidType: an edit changes the form in place, or returns the form a button press made
  edit: (form: PostedTemplateForm) => PostedTemplateForm | void = () => {},
  m = { key: t.key, version: t.version },
): SheetTemplate {
  let form: PostedTemplateForm = templateToForm(t);
  form = edit(form) ?? form;
  const result = validateTemplate(formToTemplateInput(form, m));
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message.en}`).join('; '));
  return result.template;
}

/** What the editor cannot express: the frame is generated from the fields. */
function withoutFrame(t: SheetTemplate) {
  return { ...t, composition: { ...t.composition, frame: null, closing: undefined } };
}

/** A new step typed into a row added with "Add a step". */
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
      'Støtten må ikke gøre det umuligt for mig at {mustNotPrevent}.',
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
      'Jeg hedder Kim. Jeg bor i Vejle. Jeg vil gerne have hjælp til at sove om natten og at åbne breve. Så jeg kan passe mit arbejde.',
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
    { name: 'a step removed', edit: (f) => press(f, 'remove:s1'), steps: ['who', 'help', 'so-that'], checks: 5 },
    { name: 'a step moved down', edit: (f) => press(f, 'move-down:s1'), steps: ['who', 'help', 'matters', 'so-that'], checks: 5 },
    { name: 'the first step moved up: nothing changes', edit: (f) => press(f, 'move-up:s0'), steps: ['who', 'matters', 'help', 'so-that'], checks: 5 },
    { name: 'a step added', edit: (f) => fillBlankStep(press(f, 'add:s'), 4), steps: ['who', 'matters', 'help', 'so-that', 'step-1'], checks: 5 },
    { name: 'a step added and left empty', edit: (f) => press(f, 'add:s'), steps: ['who', 'matters', 'help', 'so-that'], checks: 5 },
    {
      name: 'an empty step row sent back',
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
      edit: (f) => Object.assign(press(press(f, 'remove:check0'), 'add:check'), { 'check4.text.da': 'Kan jeg stå inde for det?' }),
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

  it('adds a field to a step, and removes a field', () => {
    const back = roundTrip(personalStatement, (f) => {
      const added = Object.assign(press(f, 'add:s0.f'), {
        's0.f1.label.da': 'Mit kaldenavn',
        's0.f1.label.en': 'My nickname',
        's0.f1.type': 'shortText',
        's0.f1.optional': 'on',
      });
      return press(added, 'remove:s3.f1');
    });
    expect(back.steps[0]!.fields.map((x) => [x.key, x.type, x.optional])).toEqual([
      ['whoIAm', 'longText', false],
      ['part1', 'shortText', true],
    ]);
    expect(back.steps[3]!.fields.map((x) => x.key)).toEqual(['soThat']);
    expect(back.composition.frame.da.flat().join(' ')).not.toContain('mustNotPrevent');
  });

  it('never gives a new part the key of one removed while editing', () => {
    const t = roundTrip(personalStatement, (f) => fillBlankStep(f, 4));
    const back = roundTrip(t, (f) => fillBlankStep(press(press(f, 'remove:s4'), 'add:s'), 4));
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
    { name: 'a missing Danish template title', edit: (f) => void (f['title.da'] = ''), at: 'title.da', en: /Danish text is missing: the title/ },
    {
      name: 'a step title in English only',
      edit: (f) => void Object.assign(f, { 's2.title.da': '  ', 's2.title.en': 'Help' }),
      at: 's2.title.da',
      en: /Danish text is missing: the title in step 'help'/,
    },
    {
      name: 'a new step with no field label',
      edit: (f) => void Object.assign(fillBlankStep(f, 4), { 's4.f0.label.da': '', 's4.f0.label.en': '' }),
      at: 's4.f0.label.da',
      en: /Danish text is missing: the label/,
    },
    {
      name: 'a hint in English only',
      edit: (f) => void (f['s0.f0.hint.en'] = 'A small tip'),
      at: 's0.f0.hint.da',
      en: /Danish text is missing: the hint/,
    },
    { name: 'an unknown field type', edit: (f) => void (f['s1.f0.type'] = 'essay'), at: 's1.f0.type', en: /Unknown field type 'essay'/ },
  ];
  it.each(errorCases)('surfaces $name beside the input', ({ edit, at, en }) => {
    const form: PostedTemplateForm = templateToForm(personalStatement);
    edit(form);
    const result = templateFromForm(form, meta);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toContain(at);
    expect(Object.keys(result.errors).filter((k) => k.endsWith('.en'))).toEqual([]);
    expect(result.errors[at]!.map((m) => m.en).join(' ')).toMatch(en);
    expect(result.errors[at]!.every((m) => m.da.length > 0)).toBe(true);
  });

  it('every step removed is one problem, "at least one step"', () => {
    let form: PostedTemplateForm = templateToForm(personalStatement);
    for (let i = 0; i < 4; i++) form = press(form, 'remove:s0');
    expect(stepRows(form)).toEqual([]);
    const result = templateFromForm(form, meta);
    expect(!result.ok && result.errors.steps!.map((m) => m.en)).toEqual(['The template needs at least one step.']);
  });

  it('needs Danish, not English: English falls back to the Danish text, examples too', () => {
    const form: PostedTemplateForm = {
      ...blankTemplateForm(),
      'title.da': 'Min dag',
      'intro.da': 'Om dagen.',
      'compose.title.en': '',
      'compose.prompt.en': '',
    };
    Object.assign(form, {
      's0.title.da': 'Morgen',
      's0.prompt.da': 'Hvordan starter dagen?',
      's0.help.da': 'Skriv frit.',
      's0.examples.da': 'Kaffe\nAvis',
      's0.f0.label.da': 'Min morgen',
    });
    const result = templateFromForm(form, meta);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const t = result.template;
    expect(t.title).toEqual({ da: 'Min dag', en: 'Min dag' });
    expect(t.steps[0]!.examples).toEqual({ da: ['Kaffe', 'Avis'], en: ['Kaffe', 'Avis'] });
    expect(t.steps[0]!.fields[0]!.label).toEqual({ da: 'Min morgen', en: 'Min morgen' });
    expect(t.composition.frame.en).toEqual(t.composition.frame.da);
    // Back in the form, English is empty again rather than a copy.
    const back = templateToForm(t);
    expect([back['title.en'], back['s0.examples.en'], back['s0.f0.label.en']]).toEqual(['', '', '']);
  });

  const tableForm = (): PostedTemplateForm => ({
    ...templateToForm(personalStatement),
  });
  const stepKeys = (f: PostedTemplateForm) => stepRows(f).map((s) => f[`s${s}.key`] ?? null);
  it.each([
    ['move-up:s2', ['who', 'help', 'matters', 'so-that']],
    ['move-up:s0', ['who', 'matters', 'help', 'so-that']],
    ['move-down:s3', ['who', 'matters', 'help', 'so-that']],
    ['remove:s0', ['matters', 'help', 'so-that']],
    ['remove:s9', ['who', 'matters', 'help', 'so-that']],
    ['add:s', ['who', 'matters', 'help', 'so-that', null]],
  ])('the button %s gives the steps %j', (raw, keys) => {
    expect(stepKeys(press(tableForm(), raw))).toEqual(keys);
  });

  it('fields move with their step and inside it, checks one by one, and a new step has one field', () => {
    const form = tableForm();
    const moved = press(form, 'move-down:s3.f0');
    expect([moved['s3.f0.key'], moved['s3.f1.key']]).toEqual(['mustNotPrevent', 'soThat']);
    expect(press(form, 'move-up:s3')['s2.f1.key']).toBe('mustNotPrevent');
    expect(checkRows(press(form, 'remove:check2'))).toEqual([0, 1, 2, 3]);
    expect(press(form, 'add:check')['check5.text.da']).toBe('');
    const added = press(form, 'add:s');
    expect(fieldRows(added, 4)).toEqual([0]);
    expect(added['s4.f0.type']).toBe('longText');
    expect(parseBuilderAction('add:i', TEMPLATE_BASES)).toBeNull();
  });

  it('keeps a step with text but no field, and points at its first field row', () => {
    const form: PostedTemplateForm = templateToForm(personalStatement);
    Object.assign(form, { 's1.f0.label.da': '', 's1.f0.label.en': '' });
    const result = templateFromForm(form, meta);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['s1.f0.label.da']);
    const none = press(form, 'remove:s1.f0');
    const noField = templateFromForm(none, meta);
    if (!noField.ok) expect(Object.keys(noField.errors)).toEqual(['s1.fields']);
  });
});
