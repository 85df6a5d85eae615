import type {
  Bundle,
  BundleEntry,
  Element,
  Extension,
  MeasureReport,
  MeasureReportGroup,
  Questionnaire as FhirQuestionnaire,
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
} from 'fhir/r4.js';
import type { AnswerableItem, Item, LocalizedText, Questionnaire, ShowIf, ShowIfValue } from './questionnaire.ts';
import type { ReleasedFigures } from './csv.ts';
import type { SuppressedCount } from './disclosure/suppression.ts';

// FHIR R4 Questionnaire, and released figures as MeasureReports in a collection Bundle (anonymous
// answers never leave one by one), kept small: only what a
// receiving system needs to show the questions and read the answers. Danish is the resource
// language; English rides along in the standard translation extension, so nothing is lost.
//
// Mapping of item types:
//   singleChoice   → choice, answerOption.valueCoding (score as the ordinalValue extension)
//   multipleChoice → choice with repeats: true
//   yesNo          → boolean
//   number         → integer, or decimal when not whole numbers (min/max as extensions)
//   slider         → integer/decimal with itemControl "slider", its end labels as child
//                    display items marked "lower"/"upper"
//   freeText       → string (up to 250 characters) or text, with maxLength
//   display        → display
// Show-if: plain rules become enableWhen with enableBehavior all/any. A rule that enableWhen
// cannot say (an "all" inside an "any", or the other way round) becomes the SDC
// enableWhenExpression extension with the same condition in FHIRPath.

const EXT = {
  translation: 'http://hl7.org/fhir/StructureDefinition/translation',
  ordinalValue: 'http://hl7.org/fhir/StructureDefinition/ordinalValue',
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  sliderStep: 'http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue',
  enableWhenExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
} as const;
const ITEM_CONTROL_SYSTEM = 'http://hl7.org/fhir/questionnaire-item-control';

/** A free text longer than this is a text area (FHIR 'text'), otherwise one line ('string'). */
export const ONE_LINE_MAX = 250;

export interface FhirOptions {
  /** The installation's address, e.g. https://egneord.example.dk; canonical URLs hang under /fhir. */
  baseUrl?: string;
  /** The language of the main text; the other goes into the translation extension. Default 'da'. */
  lang?: 'da' | 'en';
}

function other(lang: 'da' | 'en'): 'da' | 'en' {
  return lang === 'da' ? 'en' : 'da';
}

/** `_text`-style element carrying the other language. */
function translated(t: LocalizedText, lang: 'da' | 'en'): Element {
  const l = other(lang);
  return {
    extension: [
      {
        url: EXT.translation,
        extension: [
          { url: 'lang', valueCode: l },
          { url: 'content', valueString: t[l] },
        ],
      },
    ],
  };
}

/** Where the questionnaire's definition lives; without a base URL a stable URN. */
export function canonicalUrl(q: Pick<Questionnaire, 'key'>, baseUrl?: string): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/fhir/Questionnaire/${q.key}` : `urn:egne-ord:questionnaire:${q.key}`;
}

/** The code system of one choice item's options. */
export function optionSystem(q: Pick<Questionnaire, 'key'>, itemKey: string, baseUrl?: string): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/fhir/CodeSystem/${q.key}-${itemKey}` : `urn:egne-ord:questionnaire:${q.key}:${itemKey}`;
}

export function questionnaireId(q: Pick<Questionnaire, 'key' | 'version'>): string {
  return `${q.key}-v${q.version}`.slice(0, 64);
}

function isWhole(item: AnswerableItem): boolean {
  if (item.type === 'number') return item.integer;
  if (item.type === 'slider') return [item.min, item.max, item.step].every(Number.isInteger);
  return false;
}

// --- enableWhen ------------------------------------------------------------------------------

type Leaf = Extract<ShowIf, { item: string }>;

function leafValues(leaf: Leaf): ShowIfValue[] {
  return 'equals' in leaf ? [leaf.equals] : leaf.in;
}

type Test = { item: string; value: ShowIfValue };

/** The rule's tests if they can all be joined by one behaviour, else null. */
function collect(rule: ShowIf, behavior: 'all' | 'any'): Test[] | null {
  if ('item' in rule) {
    const values = leafValues(rule);
    // "in" is an "or" of tests, which an all-list cannot hold unless there is just one.
    if (values.length > 1 && behavior === 'all') return null;
    return values.map((value) => ({ item: rule.item, value }));
  }
  const [own, list] = 'all' in rule ? (['all', rule.all] as const) : (['any', rule.any] as const);
  if (own !== behavior && list.length > 1) return null;
  const out: Test[] = [];
  for (const r of list) {
    const inner = collect(r, behavior);
    if (inner === null) return null;
    out.push(...inner);
  }
  return out;
}

/** The rule as a flat list of equals-tests joined by one behaviour, or null when it is not flat. */
function flatten(rule: ShowIf): { behavior: 'all' | 'any'; tests: Test[] } | null {
  const all = collect(rule, 'all');
  if (all !== null) return { behavior: 'all', tests: all };
  const any = collect(rule, 'any');
  return any === null ? null : { behavior: 'any', tests: any };
}

type EnableWhenAnswer = Pick<QuestionnaireItemEnableWhen, 'answerCoding' | 'answerBoolean' | 'answerInteger' | 'answerDecimal' | 'answerString'>;

function enableWhenAnswer(q: Questionnaire, target: Item | undefined, value: ShowIfValue, opts: FhirOptions): EnableWhenAnswer {
  if (target && (target.type === 'singleChoice' || target.type === 'multipleChoice')) {
    const option = target.options.find((o) => o.value === value);
    return {
      answerCoding: {
        system: optionSystem(q, target.key, opts.baseUrl),
        code: String(value),
        ...(option ? { display: option.label[opts.lang ?? 'da'] } : {}),
      },
    };
  }
  if (typeof value === 'boolean') return { answerBoolean: value };
  if (typeof value === 'number') {
    return target && target.type !== 'display' && isWhole(target) && Number.isInteger(value) ? { answerInteger: value } : { answerDecimal: value };
  }
  return { answerString: value };
}

function fhirPathLiteral(v: ShowIfValue): string {
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v);
}

/** The rule in FHIRPath, for the SDC enableWhenExpression extension. */
export function showIfToFhirPath(q: Questionnaire, rule: ShowIf): string {
  if ('all' in rule) return rule.all.map((r) => `(${showIfToFhirPath(q, r)})`).join(' and ');
  if ('any' in rule) return rule.any.map((r) => `(${showIfToFhirPath(q, r)})`).join(' or ');
  const target = q.items.find((it) => it.key === rule.item);
  const isChoice = target?.type === 'singleChoice' || target?.type === 'multipleChoice';
  const answers = `%resource.repeat(item).where(linkId = ${fhirPathLiteral(rule.item)}).answer.value${isChoice ? '.code' : ''}`;
  return leafValues(rule)
    .map((v) => `(${answers} contains ${fhirPathLiteral(v)})`)
    .join(' or ');
}

function enableFields(q: Questionnaire, rule: ShowIf, opts: FhirOptions): Pick<QuestionnaireItem, 'enableWhen' | 'enableBehavior' | 'extension'> {
  const flat = flatten(rule);
  if (flat === null) {
    return {
      extension: [
        {
          url: EXT.enableWhenExpression,
          valueExpression: { language: 'text/fhirpath', expression: showIfToFhirPath(q, rule) },
        },
      ],
    };
  }
  const byKey = new Map(q.items.map((it) => [it.key, it]));
  return {
    enableWhen: flat.tests.map((t) => ({
      question: t.item,
      operator: '=',
      ...enableWhenAnswer(q, byKey.get(t.item), t.value, opts),
    })),
    ...(flat.tests.length > 1 ? { enableBehavior: flat.behavior } : {}),
  };
}

// --- Questionnaire ---------------------------------------------------------------------------

function itemControl(code: string): Extension {
  return { url: EXT.itemControl, valueCodeableConcept: { coding: [{ system: ITEM_CONTROL_SYSTEM, code }] } };
}

function fhirItem(q: Questionnaire, item: Item, opts: FhirOptions): QuestionnaireItem {
  const lang = opts.lang ?? 'da';
  // `type` is set below; written here so it keeps its place after the text in the JSON.
  const out: QuestionnaireItem = { linkId: item.key, text: item.text[lang], _text: translated(item.text, lang), type: 'display' };
  const extensions: Extension[] = [];
  let children: QuestionnaireItem[] | null = null;

  switch (item.type) {
    case 'display':
      break;
    case 'singleChoice':
    case 'multipleChoice':
      out.type = 'choice';
      if (item.type === 'multipleChoice') out.repeats = true;
      out.answerOption = item.options.map((o) => ({
        valueCoding: {
          system: optionSystem(q, item.key, opts.baseUrl),
          code: o.value,
          display: o.label[lang],
          _display: translated(o.label, lang),
          ...('score' in o && o.score !== undefined ? { extension: [{ url: EXT.ordinalValue, valueDecimal: o.score }] } : {}),
        },
      }));
      break;
    case 'yesNo':
      out.type = 'boolean';
      break;
    case 'number':
    case 'slider': {
      const whole = isWhole(item);
      out.type = whole ? 'integer' : 'decimal';
      const v = (n: number): Pick<Extension, 'valueInteger' | 'valueDecimal'> => (whole ? { valueInteger: n } : { valueDecimal: n });
      extensions.push({ url: EXT.minValue, ...v(item.min) }, { url: EXT.maxValue, ...v(item.max) });
      if (item.type === 'slider') {
        extensions.push(itemControl('slider'));
        if (Number.isInteger(item.step)) extensions.push({ url: EXT.sliderStep, valueInteger: item.step });
        children = [
          {
            linkId: `${item.key}.lower`,
            type: 'display',
            text: item.minLabel[lang],
            _text: translated(item.minLabel, lang),
            extension: [itemControl('lower')],
          },
          {
            linkId: `${item.key}.upper`,
            type: 'display',
            text: item.maxLabel[lang],
            _text: translated(item.maxLabel, lang),
            extension: [itemControl('upper')],
          },
        ];
      }
      break;
    }
    case 'freeText':
      out.type = item.maxLength > ONE_LINE_MAX ? 'text' : 'string';
      out.maxLength = item.maxLength;
      break;
  }
  if (item.type !== 'display') out.required = item.required;
  if (item.showIf) {
    const enable = enableFields(q, item.showIf, opts);
    if (enable.extension) extensions.push(...enable.extension);
    else Object.assign(out, enable);
  }
  if (extensions.length > 0) out.extension = extensions;
  if (children) out.item = children;
  return out;
}

export function toFhirQuestionnaire(q: Questionnaire, opts: FhirOptions = {}): FhirQuestionnaire {
  const lang = opts.lang ?? 'da';
  return {
    resourceType: 'Questionnaire',
    id: questionnaireId(q),
    language: lang,
    url: canonicalUrl(q, opts.baseUrl),
    version: String(q.version),
    title: q.title[lang],
    _title: translated(q.title, lang),
    status: 'active',
    description: q.intro[lang],
    _description: translated(q.intro, lang),
    copyright: q.licenceNote,
    item: q.items.map((it) => fhirItem(q, it, opts)),
  };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export interface BundleOptions extends FhirOptions {
  /** ISO 8601 instant the bundle was made. */
  timestamp?: string;
}

// ---------------------------------------------------------------------------------------------
// Released figures as MeasureReports

const POPULATION = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'initial-population' }] };

/**
 * Anonymous answers leave as aggregates only: one summary MeasureReport per questionnaire,
 * release and site (or all sites), with a group per item giving how many answered and, per
 * answer option, how many chose it. A hidden count has no count at all; a mean is the group's
 * score. The questionnaires come first, so the bundle can be read on its own.
 */
export function toFhirMeasureBundle(figures: readonly ReleasedFigures[], opts: BundleOptions = {}): Bundle {
  if (opts.timestamp !== undefined && !DATE_TIME.test(opts.timestamp)) {
    throw new RangeError(`'${opts.timestamp}' is not an ISO 8601 instant with a time zone`);
  }
  const entries: BundleEntry[] = [];
  const questionnaires = new Map<string, Questionnaire>();
  const reports = new Map<string, { first: ReleasedFigures; groups: MeasureReportGroup[] }>();
  for (const f of figures) {
    questionnaires.set(`${f.questionnaire.key}|${f.questionnaire.version}`, f.questionnaire);
    const key = `${f.questionnaire.key}|${f.questionnaire.version}|${f.release}|${f.siteName ?? ''}`;
    const report = reports.get(key) ?? { first: f, groups: [] };
    reports.set(key, report);
    const count = (c: SuppressedCount) => (c.kind === 'value' ? { count: c.value } : {});
    report.groups.push({
      code: { coding: [{ system: canonicalUrl(f.questionnaire, opts.baseUrl), code: f.item.key }], text: f.item.text.da },
      population: [{ code: POPULATION, ...count(f.item.respondents) }],
      ...(f.item.mean?.kind === 'value' ? { measureScore: { value: Math.round(f.item.mean.value * 100) / 100 } } : {}),
      ...(f.item.options.length
        ? {
            stratifier: [
              {
                code: [{ text: 'answer' }],
                stratum: f.item.options.map((o) => ({ value: { text: o.value }, population: [{ code: POPULATION, ...count(o.count) }] })),
              },
            ],
          }
        : {}),
    });
  }
  for (const q of questionnaires.values())
    entries.push({ fullUrl: `urn:egne-ord:questionnaire:${q.key}:${q.version}`, resource: toFhirQuestionnaire(q, opts) });
  let n = 0;
  for (const { first, groups } of reports.values()) {
    const report: MeasureReport = {
      resourceType: 'MeasureReport',
      id: `release-${first.release}-${++n}`,
      status: 'complete',
      type: 'summary',
      measure: `${canonicalUrl(first.questionnaire, opts.baseUrl)}|${first.questionnaire.version}`,
      ...(first.siteName !== null ? { subject: { display: first.siteName } } : {}),
      date: first.releasedOn,
      period: { end: first.releasedOn },
      group: groups,
    };
    entries.push({ fullUrl: `urn:egne-ord:measure-report:${report.id}`, resource: report });
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
    ...(entries.length > 0 ? { entry: entries } : {}),
  };
}
