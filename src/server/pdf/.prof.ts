import { renderStatementPdf } from './statement-pdf.ts';
import { sampleStatementView } from './sample-statement.ts';
const v = sampleStatementView();
for (let i = 0; i < 1500; i++) renderStatementPdf(v);
