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
    const [only, ...more] = step.fields;
    if (only && more.length === 0) {
      pdf.section({ heading: step.title[lang], paragraphs: [step.prompt[lang]], lines: LINES[only.type] });
      continue;
    }
    pdf.section({ heading: step.title[lang], paragraphs: [step.prompt[lang]] });
    for (const field of step.fields) pdf.section(fieldSection(field, lang));
  }
  pdf.section({ heading: template.composition.title[lang], paragraphs: [texts.summaryPrompt], lines: SUMMARY_LINES });
  if (template.selfCheck.length > 0) {
    pdf.section({ heading: texts.selfCheckHeading, items: template.selfCheck.map((c) => c.text[lang]), boxes: true });
  }
  return pdf.finish(texts.footer);
}

function fieldSection(field: TemplateField, lang: Lang): PdfSection {
  return { heading: '', paragraphs: [field.label[lang]], lines: LINES[field.type] };
}
