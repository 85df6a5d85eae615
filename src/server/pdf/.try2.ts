import { renderStatementPdf } from './statement-pdf.ts';
import { sampleStatementView } from './sample-statement.ts';
import { sample, median, percentile } from '../../../bench/lib/results.ts';
const v = sampleStatementView();
const t0 = performance.now(); renderStatementPdf(v); console.log('cold', performance.now() - t0);
const s = await sample(() => renderStatementPdf(v), 300, 30);
console.log('median', median(s), 'p95', percentile(s, 95));
