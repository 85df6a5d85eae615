import { PdfDocument } from './document.ts';
import type { PdfHeader, PdfSection } from './document.ts';

/** Everything the sheet shows, already localised by the caller (see statement-view.ts). */
export interface StatementPdfView extends PdfHeader {
  lang: 'da' | 'en';
  sections: PdfSection[];
  /** The short first-person statement; printed first, in a tinted box. */
  summary?: { heading: string; text: string };
  footer?: string;
}

/** The personal statement as a tagged A4 PDF: the statement in brief first, then its parts. */
export function renderStatementPdf(view: StatementPdfView): Buffer {
  const pdf = new PdfDocument({ lang: view.lang, title: view.title });
  pdf.header(view);
  if (view.summary) pdf.summary(view.summary);
  for (const section of view.sections) pdf.section(section);
  return pdf.finish(view.footer);
}
