import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SheetTemplateInput } from './template-schema.ts';
import { validateTemplate } from './template-schema.ts';

const t = (da: string, en: string) => ({ da, en });

function minimal(): SheetTemplateInput {
  return {
    key: 'small-sheet',
    version: 1,
    title: t('Lille ark', 'Small sheet'),
    intro: t('Et lille ark.', 'A small sheet.'),
    steps: [
      {
        key: 'who',
        title: t('Hvem er jeg?', 'Who am I?'),
        prompt: t('Fortæl om dig.', 'Tell about you.'),
        help: t('Skriv om dig.', 'Write about you.'),
        examples: { da: ['Jeg hedder Kim.'], en: ['My name is Kim.'] },
        required: true,
        fields: [
          { key: 'about', type: 'longText', role: 'whoIAm', label: t('Om mig', 'About me') },
          { key: 'lines', type: 'list', label: t('Linjer', 'Lines') },
          { key: 'name', type: 'shortText', label: t('Navn', 'Name'), maxLength: 50 },
        ],
      },
    ],
    selfCheck: [{ key: 'person', text: t('Er det mig?', 'Is it me?') }],
    composition: {
      title: t('Kort fortalt', 'In short'),
      prompt: t('Skriv kort.', 'Write briefly.'),
      frame: { da: ['{about}.'], en: ['{about}.'] },
    },
  };
}

/** A copy of the minimal template with one change applied to a plain-object clone. */
// biome-ignore lint/suspicious/noExplicitAny: a test edits a deep copy of valid input into any invalid shape
function variant(change: (draft: any) => void): unknown {
  const draft = structuredClone(minimal());
  change(draft);
  return draft;
}

describe('validateTemplate', () => {
  it('accepts a valid template and fills in the default limits', () => {
    const result = validateTemplate(minimal());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [about, lines, name] = result.template.steps[0]!.fields;
    expect([about?.maxLength, lines?.maxLength, name?.maxLength]).toEqual([2000, 200, 50]);
    expect(result.template.composition).toMatchObject({ minSentences: 2, maxSentences: 8 });
    expect(result.template.composition.frame.da).toEqual([['{about}.']]);
  });

  const cases: { name: string; input: unknown; path: string; da: string; en: string }[] = [
    {
      name: 'no steps',
      input: variant((d) => (d.steps = [])),
      path: 'steps',
      da: 'Skabelonen skal have mindst ét trin.',
      en: 'The template needs at least one step.',
    },
    {
      name: 'an unknown field type',
      input: variant((d) => (d.steps[0].fields[0].type = 'video')),
      path: 'steps[0].fields[0].type',
      da: "Ukendt felttype 'video' i trin 'who'",
      en: "Unknown field type 'video' in step 'who'",
    },
    {
      name: 'a duplicate step key',
      input: variant((d) => d.steps.push(structuredClone({ ...d.steps[0], fields: [{ key: 'other', type: 'list', label: t('A', 'B') }] }))),
      path: 'steps[1].key',
      da: "Trinnøglen 'who' bruges mere end én gang.",
      en: "The step key 'who' is used more than once.",
    },
    {
      name: 'a duplicate field key across steps',
      input: variant((d) => d.steps.push({ ...structuredClone(d.steps[0]), key: 'second', fields: [{ key: 'about', type: 'list', label: t('A', 'B') }] })),
      path: 'steps[1].fields[0].key',
      da: "Feltnøglen 'about' bruges mere end én gang (i trin 'who' og 'second').",
      en: "The field key 'about' is used more than once (in step 'who' and 'second').",
    },
    {
      name: 'a frame referring to a missing field',
      input: variant((d) => (d.composition.frame.en = ['{about}.', ['I want {wishes}.']])),
      path: 'composition.frame.en[1][0]',
      da: "Udkastet (engelsk) henviser til feltet 'wishes', som ikke findes.",
      en: "The draft frame (English) refers to the field 'wishes', which does not exist.",
    },
    {
      name: 'a closing sentence referring to a missing field',
      input: variant((d) => (d.composition.closing = { da: 'Lad os tale om {wishes}.', en: 'Let us talk about it.' })),
      path: 'composition.closing.da[0]',
      da: "Udkastet (dansk) henviser til feltet 'wishes', som ikke findes.",
      en: "The draft frame (Danish) refers to the field 'wishes', which does not exist.",
    },
    {
      name: 'missing English text',
      input: variant((d) => delete d.steps[0].title.en),
      path: 'steps[0].title.en',
      da: "Den engelske tekst mangler: titlen i trin 'who'.",
      en: "The English text is missing: the title in step 'who'.",
    },
    {
      name: 'blank Danish text',
      input: variant((d) => (d.steps[0].fields[1].label.da = '   ')),
      path: 'steps[0].fields[1].label.da',
      da: "Den danske tekst mangler: feltnavnet i feltet 'lines' i trin 'who'.",
      en: "The Danish text is missing: the label in field 'lines' in step 'who'.",
    },
    {
      name: 'a step with no fields',
      input: variant((d) => (d.steps[0].fields = [])),
      path: 'steps[0].fields',
      da: "Trin 'who' skal have mindst ét felt.",
      en: "Step 'who' needs at least one field.",
    },
    {
      name: 'a step key that is also a page of the flow',
      input: variant((d) => (d.steps[0].key = 'check')),
      path: 'steps[0].key',
      da: "Trinnøglen 'check' er reserveret. Vælg en anden nøgle.",
      en: "The step key 'check' is reserved. Choose another key.",
    },
    {
      name: 'a field key that clashes with the summary',
      input: variant((d) => (d.steps[0].fields[0].key = 'summary')),
      path: 'steps[0].fields[0].key',
      da: "Feltnøglen 'summary' i trin 'who' er reserveret. Vælg en anden nøgle.",
      en: "The field key 'summary' in step 'who' is reserved. Choose another key.",
    },
    {
      name: 'a key with spaces',
      input: variant((d) => (d.steps[0].key = 'Who am I')),
      path: 'steps[0].key',
      da: "Nøglen 'Who am I' i trin nr. 1 kan ikke bruges.",
      en: "The key 'Who am I' in step no. 1 cannot be used.",
    },
    {
      name: 'a misspelt property',
      input: variant((d) => (d.steps[0].requried = true)),
      path: 'steps[0]',
      da: "Ukendt egenskab 'requried' i trin 'who'.",
      en: "Unknown property 'requried' in step 'who'.",
    },
    {
      name: 'version 0',
      input: variant((d) => (d.version = 0)),
      path: 'version',
      da: 'Versionen skal være et helt tal på 1 eller mere.',
      en: 'The version must be a whole number of 1 or more.',
    },
    {
      name: 'more sentences at least than at most',
      input: variant((d) => Object.assign(d.composition, { minSentences: 5, maxSentences: 3 })),
      path: 'composition.minSentences',
      da: 'mindst 5 og højst 3 sætninger',
      en: 'at least 5 and at most 3 sentences',
    },
    {
      name: 'a duplicate self-check key',
      input: variant((d) => d.selfCheck.push({ key: 'person', text: t('Igen?', 'Again?') })),
      path: 'selfCheck[1].key',
      da: "Nøglen 'person' bruges mere end én gang i tjeklisten.",
      en: "The key 'person' is used more than once in the self-check list.",
    },
  ];

  it.each(cases)('explains $name in Danish and English', ({ input, path, da, en }) => {
    const result = validateTemplate(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find((e) => e.path === path);
    expect(error, JSON.stringify(result.errors)).toBeDefined();
    expect(error?.message.da).toContain(da);
    expect(error?.message.en).toContain(en);
  });

  it.each([null, 'a sheet', 42, []])('rejects %j without throwing', (input) => {
    const result = validateTemplate(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.every((e) => e.message.da !== '' && e.message.en !== '')).toBe(true);
  });

  it('never throws on arbitrary input, and every error has a message in both languages', () => {
    const anyTemplate = fc.oneof(
      fc.anything(),
      // Mostly valid templates with one part replaced by something arbitrary.
      fc
        .tuple(fc.constantFrom('key', 'version', 'title', 'steps', 'selfCheck', 'composition'), fc.anything())
        .map(([key, value]) => ({ ...minimal(), [key]: value })),
    );
    fc.assert(
      fc.property(anyTemplate, (input) => {
        const result = validateTemplate(input);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(e.message.da.length).toBeGreaterThan(0);
            expect(e.message.en.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
