// What the server tells the browser about a sheet, as JSON in
// <script type="application/json" id="sheet-data"> (SheetData; the texts come with the script
// itself: client-texts.ts), and the few pure functions the browser needs
// to show a sheet from the answers kept on the device. The domain modules cannot be bundled (they
// bring zod), so these mirror statementView and missingRequired; sheet-model.test.ts checks that
// they give the same result.

type ClientFieldType = 'longText' | 'shortText' | 'list';

export interface ClientField {
  key: string;
  stepKey: string;
  type: ClientFieldType;
  /** The heading this field gets on the printed sheet. */
  heading: string;
  maxLength: number;
  maxItems: number;
  optional: boolean;
}

export interface ClientStep {
  key: string;
  title: string;
  required: boolean;
}

export interface ClientPage {
  id: string;
  title: string;
  url: string;
}

export interface ClientTexts {
  deviceNote: string;
  counter: string; // {max} {used}
  counterList: string; // {maxItems} {maxLength} {lines}
  sentences: string; // {min} {max} {count}
  helperTitle: string;
  line: string; // {n}
  tooLongOffline: string;
  draftOffline: string;
  partsEmpty: string;
  previewEmpty: string;
  missingLead: string;
  missingNone: string;
  hintsNone: string;
  hintsOffline: string;
  lixOverall: string; // {label} {score}
  pdfOffline: string;
  pdfTooLong: string;
  savedAt: string; // {time}
  notSaved: string;
  saveTooLong: string;
  saveConflict: string;
}

export interface ClientSheet {
  mode: 'device' | 'account';
  key: string;
  lang: 'da' | 'en';
  pageId: string;
  title: string;
  /** "Tilhører: {name}" */
  ownerLabel: string;
  /** The owner line with a blank to write on by hand. */
  ownerLabelBlank: string;
  summary: { heading: string; maxLength: number; minSentences: number; maxSentences: number };
  steps: ClientStep[];
  fields: ClientField[];
  selfCheck: string[];
  pages: ClientPage[];
  texts: ClientTexts;
}

/** Stands for a page's id in SheetData's pageUrl. */
export const PAGE_ID_SLOT = '{page}';

/** The sheet as a page holds it: no texts (the same on every page of a language, so they come
 * with the script, which browsers keep), and one address for all its pages, with PAGE_ID_SLOT
 * where each page's id goes. */
export interface SheetData extends Omit<ClientSheet, 'texts' | 'pages'> {
  pages: Omit<ClientPage, 'url'>[];
  pageUrl: string;
}

/** The whole sheet from what the page holds and the language's texts. */
export function sheetFromData(data: SheetData, texts: ClientTexts): ClientSheet {
  const { pageUrl, ...sheet } = data;
  return { ...sheet, pages: data.pages.map((p) => ({ ...p, url: pageUrl.split(PAGE_ID_SLOT).join(p.id) })), texts };
}

/** Same shape as the domain's StatementAnswers: this is what the device keeps. */
export interface DeviceAnswers {
  fields: Record<string, string | string[]>;
  summary: string;
  selfCheck: Record<string, boolean>;
}

export interface PreviewSection {
  key: string;
  heading: string;
  paragraphs?: string[];
  items?: string[];
}

export function emptyDeviceAnswers(sheet: ClientSheet): DeviceAnswers {
  const fields: Record<string, string | string[]> = {};
  for (const f of sheet.fields) fields[f.key] = f.type === 'list' ? [] : '';
  const selfCheck: Record<string, boolean> = {};
  for (const k of sheet.selfCheck) selfCheck[k] = false;
  return { fields, summary: '', selfCheck };
}

/** Anything read back from storage, made into answers of the right shape; unknown keys dropped. */
export function normaliseAnswers(sheet: ClientSheet, raw: unknown): DeviceAnswers {
  const out = emptyDeviceAnswers(sheet);
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as { fields?: unknown; summary?: unknown; selfCheck?: unknown };
  const fields = r.fields && typeof r.fields === 'object' ? (r.fields as Record<string, unknown>) : {};
  for (const f of sheet.fields) {
    const v = fields[f.key];
    if (f.type === 'list') {
      if (Array.isArray(v)) out.fields[f.key] = v.filter((x): x is string => typeof x === 'string');
      else if (typeof v === 'string') out.fields[f.key] = linesOf(v);
    } else if (typeof v === 'string') out.fields[f.key] = v;
    else if (Array.isArray(v)) out.fields[f.key] = v.filter((x) => typeof x === 'string').join('\n');
  }
  if (typeof r.summary === 'string') out.summary = r.summary;
  const checks = r.selfCheck && typeof r.selfCheck === 'object' ? (r.selfCheck as Record<string, unknown>) : {};
  for (const k of sheet.selfCheck) out.selfCheck[k] = checks[k] === true;
  return out;
}

/** The lines of a list box as the device keeps them: blank lines are not items. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? linesOf(value) : value;
}

function asText(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.join('\n');
}

function hasContent(value: string | string[] | undefined): boolean {
  return asList(value).some((l) => l.trim() !== '');
}

function paragraphsOf(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The parts of the sheet, as statementView makes them. */
export function previewSections(sheet: ClientSheet, answers: DeviceAnswers): PreviewSection[] {
  const sections: PreviewSection[] = [];
  for (const f of sheet.fields) {
    const value = answers.fields[f.key];
    if (f.type === 'list') {
      const items = asList(value)
        .map((i) => i.trim())
        .filter((i) => i !== '');
      if (items.length > 0) sections.push({ key: f.key, heading: f.heading, items });
    } else {
      const paragraphs = paragraphsOf(asText(value));
      if (paragraphs.length > 0) sections.push({ key: f.key, heading: f.heading, paragraphs });
    }
  }
  return sections;
}

export function ownerLine(sheet: ClientSheet, name: string): string {
  const n = name.trim();
  return n ? sheet.ownerLabel.replace('{name}', () => n) : sheet.ownerLabelBlank;
}

/** Page ids to remind about on the check page, as missingRequired finds them. */
export function missingPages(sheet: ClientSheet, answers: DeviceAnswers): string[] {
  const out: string[] = [];
  for (const step of sheet.steps) {
    if (!step.required) continue;
    const empty = sheet.fields.some((f) => f.stepKey === step.key && !f.optional && !hasContent(answers.fields[f.key]));
    if (empty) out.push(step.key);
  }
  if (answers.summary.trim() === '') out.push('compose');
  return out;
}

/** Length as the server counts it: code points, so an emoji is one. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface LengthProblem {
  key: string;
  pageId: string;
}

/** Text over a limit (never cut: the person decides what to take out). */
export function lengthProblems(sheet: ClientSheet, answers: DeviceAnswers): LengthProblem[] {
  const out: LengthProblem[] = [];
  for (const f of sheet.fields) {
    const v = answers.fields[f.key];
    if (f.type === 'list') {
      const items = asList(v);
      if (items.length > f.maxItems || items.some((i) => textLength(i) > f.maxLength)) out.push({ key: f.key, pageId: f.stepKey });
    } else if (textLength(asText(v)) > f.maxLength) out.push({ key: f.key, pageId: f.stepKey });
  }
  if (textLength(answers.summary) > sheet.summary.maxLength) out.push({ key: 'summary', pageId: 'compose' });
  return out;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
