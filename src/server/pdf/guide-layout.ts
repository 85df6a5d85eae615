import { PdfDocument } from './document.ts';
import { guidePdfSections, parseGuide } from '../../domain/guides/format.ts';
import type { Guide } from '../services/guides.ts';
import type { ViewContext } from '../views/view-context.ts';

/** A published guide to print and take along: its summary in the box, its blocks as sections. */
export function renderGuidePdf(ctx: ViewContext, guide: Pick<Guide, 'language' | 'title' | 'organisationName' | 'summary' | 'body'>): Buffer {
  const pdf = new PdfDocument({ lang: guide.language, title: guide.title });
  pdf.header({ title: guide.title, ownerLine: ctx.t.guides.from(guide.organisationName) });
  if (guide.summary) pdf.summary({ heading: ctx.t.guides.fieldSummary, text: guide.summary });
  for (const section of guidePdfSections(parseGuide(guide.body))) pdf.section(section);
  return pdf.finish(ctx.t.guides.pdfFooter);
}
