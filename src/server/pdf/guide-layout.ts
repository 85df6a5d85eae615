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

/** The peer's conversation guide (issue 17, part 6), from the catalogue of the reader's language. */
export function renderConversationGuidePdf(ctx: ViewContext): Buffer {
  const t = ctx.t.conversationGuide;
  const pdf = new PdfDocument({ lang: ctx.locale, title: t.title });
  pdf.header({ title: t.title, ownerLine: t.pdfOwner });
  pdf.summary({ heading: '', text: t.lead });
  for (const s of t.sections) pdf.section({ heading: s.heading, items: [...s.items] });
  return pdf.finish(t.pdfFooter);
}
