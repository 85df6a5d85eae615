import type { FieldRole, Lang, SheetTemplate, TemplateField, TemplateStep } from './template-schema.ts';
import type { StatementAnswers } from './answers.ts';
import { asList, asText } from './answers.ts';

interface SectionBase {
  /** The field key, so follow-ups can refer to a section. */
  key: string;
  role?: FieldRole;
  heading: string;
}

/** Paragraphs may contain single "\n" line breaks the person typed; blank lines split them. */
export type StatementSection = (SectionBase & { paragraphs: string[]; items?: undefined }) | (SectionBase & { items: string[]; paragraphs?: undefined });

/** Everything the HTML preview and the PDF show, already in one language. */
export interface StatementView {
  lang: Lang;
  templateKey: string;
  templateVersion: number;
  title: string;
  /** "Tilhører: Sara" — with a line to write on by hand when no name is given. */
  ownerLabel: string;
  sections: StatementSection[];
  summary?: { heading: string; text: string };
}

export interface StatementViewOptions {
  ownerName?: string;
}

const BLANK_NAME = '________________';

function headingOf(step: TemplateStep, field: TemplateField, lang: Lang): string {
  if (field.heading) return field.heading[lang];
  return step.fields.length === 1 ? step.title[lang] : field.label[lang];
}

function paragraphsOf(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function statementView(template: SheetTemplate, answers: StatementAnswers, lang: Lang, options: StatementViewOptions = {}): StatementView {
  const sections: StatementSection[] = [];
  for (const step of template.steps) {
    for (const field of step.fields) {
      const value = answers.fields[field.key];
      const base: SectionBase = { key: field.key, heading: headingOf(step, field, lang) };
      if (field.role) base.role = field.role;
      if (field.type === 'list') {
        const items = asList(value)
          .map((i) => i.trim())
          .filter((i) => i !== '');
        if (items.length > 0) sections.push({ ...base, items });
      } else {
        const paragraphs = paragraphsOf(asText(value));
        if (paragraphs.length > 0) sections.push({ ...base, paragraphs });
      }
    }
  }

  const name = options.ownerName?.trim() || BLANK_NAME;
  const view: StatementView = {
    lang,
    templateKey: template.key,
    templateVersion: template.version,
    title: template.title[lang],
    ownerLabel: lang === 'da' ? `Tilhører: ${name}` : `Belongs to: ${name}`,
    sections,
  };
  const summary = answers.summary.trim();
  if (summary !== '') view.summary = { heading: template.composition.title[lang], text: summary };
  return view;
}
