import type { Lang, SheetTemplate } from '../../domain/sheets/template-schema.ts';
import type { StatementAnswers } from '../../domain/sheets/answers.ts';
import { statementView } from '../../domain/sheets/compose.ts';
import type { StatementPdfView } from './statement-pdf.ts';

/** The PDF shows exactly what the preview shows. */
export function statementPdfView(
  template: SheetTemplate,
  answers: StatementAnswers,
  lang: Lang,
  options: { ownerName?: string; footer?: string; meetingLine?: string } = {},
): StatementPdfView {
  const view = statementView(template, answers, lang, options.ownerName ? { ownerName: options.ownerName } : {});
  return {
    lang,
    title: view.title,
    ownerLine: view.ownerLabel,
    sections: view.sections.map((s) => (s.items ? { heading: s.heading, items: s.items } : { heading: s.heading, paragraphs: s.paragraphs })),
    ...(view.summary ? { summary: view.summary } : {}),
    ...(options.footer ? { footer: options.footer } : {}),
    ...(options.meetingLine ? { meetingLine: options.meetingLine } : {}),
  };
}
