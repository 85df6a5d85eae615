import { writeFileSync } from 'node:fs';
import { renderStatementPdf } from './statement-pdf.ts';
const v = (t: string) => ({ lang: 'da' as const, title: 'Ø', ownerLine: 'Å', sections: [{ heading: 'Ø', paragraphs: [t] }] });
writeFileSync('/tmp/pdfexp/b1.pdf', renderStatementPdf(v('å å ø')));
writeFileSync('/tmp/pdfexp/b2.pdf', renderStatementPdf(v('banana Anna ørred')));
