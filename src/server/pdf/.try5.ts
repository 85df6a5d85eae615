import { writeFileSync } from 'node:fs';
import { renderStatementPdf } from './statement-pdf.ts';
const t0 = performance.now();
const b = renderStatementPdf({ lang: 'en', title: 'T', ownerLine: 'Belongs to: X', sections: [{ heading: 'Long', paragraphs: ['x'.repeat(3000) + ' END'] }, { heading: 'Tabs\tand\r\nCRLF', items: ['a\tb', '', '   '] }] });
console.log(performance.now() - t0);
writeFileSync('/tmp/pdfexp/long.pdf', b);
