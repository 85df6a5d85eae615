import PDFDocument from 'pdfkit';
import { renderStatementPdf } from './statement-pdf.ts';
import { sampleStatementView } from './sample-statement.ts';
import { sample, median } from '../../../bench/lib/results.ts';
const v = sampleStatementView();
const variants: Record<string, () => unknown> = {
  full: () => renderStatementPdf(v),
  noQr: () => renderStatementPdf({ ...v, qr: undefined }),
  noQrNoFooter: () => renderStatementPdf({ ...v, qr: undefined, footer: undefined }),
  headerOnly: () => renderStatementPdf({ ...v, qr: undefined, footer: undefined, sections: [], summary: undefined }),
  emptyPdfkit: () => { const d = new PDFDocument({ size: 'A4', tagged: true, lang: 'da', displayTitle: true, info: { Title: 'x' }, font: null as unknown as string }); d.end(); return d.read(); },
  emptyPdfkitHelveticaText: () => { const d = new PDFDocument({ size: 'A4', tagged: true, lang: 'da', displayTitle: true, info: { Title: 'x' } }); d.text('Hello world'); d.end(); return d.read(); },
};
for (const [k, f] of Object.entries(variants)) console.log(k, median(await sample(f, 400, 50)).toFixed(3));
