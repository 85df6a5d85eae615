import { fhirSchemaErrors } from '../../../tests/support/fhir-schema.ts';
import { describe, expect, it } from 'vitest';
import type { Questionnaire, QuestionnaireInput } from './questionnaire.ts';
import { validateQuestionnaire } from './questionnaire.ts';
import { COLLEAGUE, DEFAULT_QUESTIONNAIRES } from './defaults.ts';
import { canonicalUrl, showIfToFhirPath, toFhirMeasureBundle, toFhirQuestionnaire } from './fhir.ts';

const t = (da: string, en: string) => ({ da, en });
const BASE = 'https://egneord.example.dk/';

function valid(input: QuestionnaireInput): Questionnaire {
  const r = validateQuestionnaire(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

// Every item type once, and show-if rules of each shape.
const sample = valid({
  key: 'sample',
  version: 3,
  title: t('Prøve', 'Sample'),
  intro: t('Til test.', 'For tests.'),
  audience: 'peer',
  licenceNote: 'Written by Egne ord, CC BY 4.0',
  items: [
    { type: 'display', key: 'hello', text: t('Hej', 'Hello') },
    {
      type: 'singleChoice',
      key: 'mood',
      required: true,
      text: t('Humør', 'Mood'),
      options: [
        { value: 'low', score: 1, label: t('Lavt', 'Low') },
        { value: 'high', score: 2, label: t('Højt', 'High') },
        { value: 'skip', label: t('Vil ikke svare', 'Rather not say') },
      ],
    },
    {
      type: 'multipleChoice',
      key: 'places',
      text: t('Steder', 'Places'),
      options: [
        { value: 'home', label: t('Hjemme', 'Home') },
        { value: 'work', label: t('Arbejde', 'Work') },
      ],
    },
    { type: 'yesNo', key: 'again', text: t('Igen?', 'Again?') },
    { type: 'number', key: 'count', min: 0, max: 9, text: t('Antal', 'Count'), showIf: { item: 'again', equals: true } },
    { type: 'number', key: 'hours', integer: false, min: 0, max: 7.5, text: t('Timer', 'Hours'), showIf: { item: 'mood', in: ['low', 'skip'] } },
    {
      type: 'slider',
      key: 'calm',
      min: 0,
      max: 10,
      step: 2,
      minLabel: t('Urolig', 'Uneasy'),
      maxLabel: t('Rolig', 'Calm'),
      text: t('Ro', 'Calm'),
      showIf: {
        all: [
          { item: 'again', equals: true },
          { item: 'places', equals: 'work' },
        ],
      },
    },
    {
      type: 'freeText',
      key: 'short',
      maxLength: 80,
      text: t('Kort', 'Short'),
      showIf: {
        any: [
          { item: 'count', equals: 3 },
          { item: 'places', in: ['home'] },
        ],
      },
    },
    {
      type: 'freeText',
      key: 'long',
      text: t('Langt', 'Long'),
      showIf: {
        any: [
          {
            all: [
              { item: 'again', equals: true },
              { item: 'mood', equals: 'high' },
            ],
          },
          { item: 'count', equals: 0 },
        ],
      },
    },
  ],
});

// biome-ignore lint/suspicious/noExplicitAny: walks FHIR JSON of any shape
type AnyItem = Record<string, any>;
const itemOf = (resource: { item?: unknown }, linkId: string) => (resource['item'] as AnyItem[]).find((i) => i['linkId'] === linkId)!;

describe('toFhirQuestionnaire', () => {
  const fq = toFhirQuestionnaire(sample, { baseUrl: BASE });

  it('has the R4 header fields, with English as a translation of the Danish', () => {
    expect(fq).toMatchObject({
      resourceType: 'Questionnaire',
      id: 'sample-v3',
      url: 'https://egneord.example.dk/fhir/Questionnaire/sample',
      version: '3',
      status: 'active',
      language: 'da',
      title: 'Prøve',
      description: 'Til test.',
      copyright: 'Written by Egne ord, CC BY 4.0',
    });
    expect(fq['_title']).toEqual({
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/translation',
          extension: [
            { url: 'lang', valueCode: 'en' },
            { url: 'content', valueString: 'Sample' },
          ],
        },
      ],
    });
    expect(toFhirQuestionnaire(sample, { lang: 'en' })).toMatchObject({ language: 'en', title: 'Sample', url: 'urn:egne-ord:questionnaire:sample' });
  });

  it.each([
    ['hello', 'display'],
    ['mood', 'choice'],
    ['places', 'choice'],
    ['again', 'boolean'],
    ['count', 'integer'],
    ['hours', 'decimal'],
    ['calm', 'integer'],
    ['short', 'string'],
    ['long', 'text'],
  ])('item %s has FHIR type %s', (linkId, type) => {
    expect(itemOf(fq, linkId)['type']).toBe(type);
  });

  it('gives choice options as codings with their scores', () => {
    const mood = itemOf(fq, 'mood');
    expect(mood['required']).toBe(true);
    expect(mood['answerOption'][0].valueCoding).toMatchObject({
      system: 'https://egneord.example.dk/fhir/CodeSystem/sample-mood',
      code: 'low',
      display: 'Lavt',
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: 1 }],
    });
    expect(mood['answerOption'][2].valueCoding.extension).toBeUndefined();
    expect(itemOf(fq, 'places')['repeats']).toBe(true);
  });

  it('does not mark text-only items as required', () => {
    expect(itemOf(fq, 'hello')).not.toHaveProperty('required');
  });

  it('carries limits, slider control and end labels', () => {
    const calm = itemOf(fq, 'calm');
    expect(calm['extension']).toEqual([
      { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
      { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 10 },
      {
        url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
        valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'slider' }] },
      },
      { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue', valueInteger: 2 },
    ]);
    expect(calm['item'].map((c: AnyItem) => [c['linkId'], c['type'], c['text']])).toEqual([
      ['calm.lower', 'display', 'Urolig'],
      ['calm.upper', 'display', 'Rolig'],
    ]);
    expect(itemOf(fq, 'hours')['extension'][1]).toEqual({ url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueDecimal: 7.5 });
    expect(itemOf(fq, 'short')['maxLength']).toBe(80);
  });

  it.each([
    {
      linkId: 'count',
      enableWhen: [{ question: 'again', operator: '=', answerBoolean: true }],
      behavior: undefined,
    },
    {
      linkId: 'hours',
      enableWhen: [
        { question: 'mood', operator: '=', answerCoding: { system: 'https://egneord.example.dk/fhir/CodeSystem/sample-mood', code: 'low', display: 'Lavt' } },
        {
          question: 'mood',
          operator: '=',
          answerCoding: { system: 'https://egneord.example.dk/fhir/CodeSystem/sample-mood', code: 'skip', display: 'Vil ikke svare' },
        },
      ],
      behavior: 'any',
    },
    {
      linkId: 'calm',
      enableWhen: [
        { question: 'again', operator: '=', answerBoolean: true },
        {
          question: 'places',
          operator: '=',
          answerCoding: { system: 'https://egneord.example.dk/fhir/CodeSystem/sample-places', code: 'work', display: 'Arbejde' },
        },
      ],
      behavior: 'all',
    },
    {
      linkId: 'short',
      enableWhen: [
        { question: 'count', operator: '=', answerInteger: 3 },
        {
          question: 'places',
          operator: '=',
          answerCoding: { system: 'https://egneord.example.dk/fhir/CodeSystem/sample-places', code: 'home', display: 'Hjemme' },
        },
      ],
      behavior: 'any',
    },
  ])('turns the show-if rule of $linkId into enableWhen', ({ linkId, enableWhen, behavior }) => {
    const item = itemOf(fq, linkId);
    expect(item['enableWhen']).toEqual(enableWhen);
    expect(item['enableBehavior']).toBe(behavior);
  });

  it('writes a rule enableWhen cannot hold as a FHIRPath expression', () => {
    const long = itemOf(fq, 'long');
    expect(long['enableWhen']).toBeUndefined();
    expect(long['extension']).toEqual([
      {
        url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
        valueExpression: { language: 'text/fhirpath', expression: showIfToFhirPath(sample, sample.items[8]!.showIf!) },
      },
    ]);
    const mood = "%resource.repeat(item).where(linkId = 'mood').answer.value.code";
    const again = "%resource.repeat(item).where(linkId = 'again').answer.value";
    const count = "%resource.repeat(item).where(linkId = 'count').answer.value";
    expect(long['extension'][0].valueExpression.expression).toBe(`(((${again} contains true)) and ((${mood} contains 'high'))) or ((${count} contains 0))`);
  });
});

const measures = toFhirMeasureBundle(
  [null, 'Værestedet'].map((siteName) => ({
    release: 1,
    releasedOn: '2026-03-02',
    questionnaire: COLLEAGUE,
    siteName,
    item: {
      key: 'metWithStatement',
      type: 'yesNo' as const,
      text: { da: 'Mødte du fortællingen?', en: 'Did you meet the statement?' },
      respondents: { kind: 'value' as const, value: 12 },
      options: [
        { value: 'yes', label: { da: 'Ja', en: 'Yes' }, count: { kind: 'value' as const, value: 9 }, percent: 75 },
        { value: 'no', label: { da: 'Nej', en: 'No' }, count: { kind: 'suppressed' as const }, percent: null },
      ],
      mean: null,
    },
  })),
  { baseUrl: BASE, timestamp: '2026-03-03T10:00:00Z' },
);

describe('toFhirMeasureBundle', () => {
  it('gives the questionnaire once and a summary MeasureReport per release and site; a hidden count has no count', () => {
    const entries = measures['entry'] as AnyItem[];
    expect(entries.map((e) => e['resource'].resourceType)).toEqual(['Questionnaire', 'MeasureReport', 'MeasureReport']);
    const [, all, site] = entries.map((e) => e['resource']);
    expect(all).toMatchObject({ status: 'complete', type: 'summary', measure: `${canonicalUrl(COLLEAGUE, BASE)}|1`, period: { end: '2026-03-02' } });
    expect(all).not.toHaveProperty('subject');
    expect(site.subject).toEqual({ display: 'Værestedet' });
    const strata = all.group[0].stratifier[0].stratum;
    expect(strata[0].population[0].count).toBe(9);
    expect(strata[1].population[0]).not.toHaveProperty('count');
    expect(JSON.stringify(measures)).not.toContain('QuestionnaireResponse');
  });
});

describe('FHIR R4 JSON schema', () => {
  it('passes for every built-in questionnaire, the sample and a bundle of released figures', () => {
    const bundles = [
      toFhirQuestionnaire(sample, { baseUrl: BASE }),
      toFhirQuestionnaire(COLLEAGUE, { lang: 'en' }),
      ...DEFAULT_QUESTIONNAIRES.map((q) => toFhirQuestionnaire(q, { baseUrl: BASE })),
      measures,
    ];
    for (const b of bundles) expect(fhirSchemaErrors(b)).toEqual([]);
    expect(fhirSchemaErrors({ ...measures, type: 'pile' }).length).toBeGreaterThan(0);
    // Compiling the whole R4 schema takes seconds, many more on a busy machine.
  }, 120_000);
});
