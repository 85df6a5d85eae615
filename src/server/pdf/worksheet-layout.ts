import { emptyAnswers } from '../../domain/sheets/answers.ts';
import { statementView } from '../../domain/sheets/compose.ts';
import type { Lang, SheetTemplate, TemplateField } from '../../domain/sheets/template-schema.ts';
import { PdfDocument, type PdfSection } from './document.ts';

/** The few texts of the worksheet that are not in the template. */
export interface WorksheetTexts {
  intro: string;
  summaryPrompt: string;
  selfCheckHeading: string;
  footer: string;
}

// Room to write by hand, by kind of field: enough for a few sentences, few enough that the
// whole sheet stays on one or two A4 pages.
const LINES: Record<TemplateField['type'], number> = { longText: 4, list: 4, shortText: 2 };
const SUMMARY_LINES = 5;

/**
 * A blank sheet to fill in with a pen, e.g. on a ward without a computer: each step's question
 * with lines to write on, the short text at the end, and the self-check list with boxes.
 */
export function renderWorksheetPdf(template: SheetTemplate, lang: Lang, texts: WorksheetTexts): Buffer {
  const title = template.title[lang];
  const pdf = new PdfDocument({ lang, title });
  pdf.header({ title, ownerLine: statementView(template, emptyAnswers(template), lang).ownerLabel });
  pdf.section({ heading: '', paragraphs: [texts.intro] });
  for (const step of template.steps) {
    const heading = step.title[lang];
    const [first, ...more] = step.fields;
    // A step's only question, or a first one asked in the step's own words ("Så jeg kan …" under
    // "Så jeg kan …"), is written on the lines under the step's heading: its label printed below
    // the heading would say the same thing twice.
    if (first && (more.length === 0 || sameWords(first.label[lang], heading))) {
      pdf.section({ heading, paragraphs: [step.prompt[lang]], lines: LINES[first.type] });
      for (const field of more) pdf.section(fieldSection(field, lang));
      continue;
    }
    pdf.section({ heading, paragraphs: [step.prompt[lang]] });
    for (const field of step.fields) pdf.section(fieldSection(field, lang));
  }
  pdf.section({ heading: template.composition.title[lang], paragraphs: [texts.summaryPrompt], lines: SUMMARY_LINES });
  if (template.selfCheck.length > 0) {
    pdf.section({ heading: texts.selfCheckHeading, items: template.selfCheck.map((c) => c.text[lang]), boxes: true });
  }
  return pdf.finish(texts.footer);
}

function sameWords(a: string, b: string): boolean {
  const words = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return words(a) === words(b);
}

function fieldSection(field: TemplateField, lang: Lang): PdfSection {
  return { heading: '', paragraphs: [field.label[lang]], lines: LINES[field.type] };
}
