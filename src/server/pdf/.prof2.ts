import { renderStatementPdf } from './statement-pdf.ts';
import { sampleStatementView } from './sample-statement.ts';
const v = { ...sampleStatementView(), qr: undefined, footer: undefined, sections: [], summary: undefined };
for (let i = 0; i < 8000; i++) renderStatementPdf(v);
