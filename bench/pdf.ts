// Personal statement PDF: our pdfkit renderer against headless Chromium printing the same
// content. Run with `node bench/pdf.ts`; writes the `pdf` entry of bench/results.json.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { renderStatementPdf } from '../src/server/pdf/statement-pdf.ts';
import type { StatementPdfView } from '../src/server/pdf/statement-pdf.ts';
import { sampleStatementView } from '../src/server/pdf/sample-statement.ts';
import { median, percentile, printTable, recordResult, round, sample } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';

const RUNS = 300;
const CHROMIUM_RUNS = 40;
const GOAL_MEDIAN_MS = 20;
const GOAL_RATIO = 20;
const LONG_WORD_RUNS = 20;
// pdfkit measures every prefix of a word wider than the line; breakLongRuns keeps this bounded.
const GOAL_LONG_WORD_MS = 200;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The same sheet as plain HTML and CSS: what we would print if we used the browser instead. */
export async function statementHtml(view: StatementPdfView): Promise<string> {
  const e = escapeHtml;
  const sections = view.sections
    .map(
      (s) =>
        `<section><h2>${e(s.heading)}</h2>${(s.paragraphs ?? []).map((p) => `<p>${e(p)}</p>`).join('')}` +
        (s.items?.length ? `<ul>${s.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : '') +
        '</section>',
    )
    .join('');
  const qr = view.qr
    ? `<figure class="qr">${await QRCode.toString(view.qr.url, { type: 'svg', margin: 0 })}<figcaption>${e(view.qr.caption)}</figcaption></figure>`
    : '';
  return `<!doctype html><html lang="${view.lang}"><head><meta charset="utf-8"><title>${e(view.title)}</title>
<style>
@page { size: A4; margin: 20mm 22mm 25mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 11.5pt; line-height: 1.45; color: #1f2933; }
h1 { font-size: 21pt; margin: 0 0 6pt; }
p { margin: 0 0 7pt; } ul { margin: 0; padding-left: 16pt; }
h2 { font-size: 14pt; color: #2f6f62; margin: 16pt 0 5pt; }
.owner { font-size: 12.5pt; margin: 0; } .meeting { color: #4b5563; margin: 2pt 0 0; }
.summary { background: #ebf4f1; border-left: 4pt solid #2f6f62; padding: 14pt; font-size: 13pt; margin-top: 20pt; }
.summary h2 { font-size: 12pt; margin: 0 0 4pt; }
.qr { float: right; width: 124pt; margin: 0; text-align: center; font-size: 9pt; color: #4b5563; } .qr svg { width: 79pt; height: 79pt; }
footer { font-size: 9pt; color: #4b5563; margin-top: 24pt; }
</style></head><body>
<header>${qr}<h1>${e(view.title)}</h1><p class="owner">${e(view.ownerLine)}</p>${view.meetingLine ? `<p class="meeting">${e(view.meetingLine)}</p>` : ''}</header>
${view.summary ? `<section class="summary"><h2>${e(view.summary.heading)}</h2><p>${e(view.summary.text)}</p></section>` : ''}
${sections}
${view.footer ? `<footer>${e(view.footer)}</footer>` : ''}
</body></html>`;
}

async function chromiumTimes(html: string): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    // Only page.pdf() is timed, with the page already laid out: the most favourable case for Chromium.
    return await sample(() => page.pdf({ format: 'A4', printBackground: true, tagged: true }), CHROMIUM_RUNS, 5);
  } finally {
    await browser.close();
  }
}

/** The same statement with every word changed, so no shaped word can be remembered from before. */
function withUnseenWords(view: StatementPdfView, tag: string): StatementPdfView {
  const change = (text: string): string => text.replace(/\p{L}+/gu, (word) => `${word}${tag}`);
  return {
    ...view,
    sections: view.sections.map((s) => ({
      heading: change(s.heading),
      paragraphs: s.paragraphs?.map(change),
      items: s.items?.map(change),
    })),
    summary: view.summary && { heading: change(view.summary.heading), text: change(view.summary.text) },
  };
}

export async function runPdfBench(): Promise<BenchResult> {
  const view = sampleStatementView();
  const ours = await sample(() => renderStatementPdf(view), RUNS, 30);
  // Words are shaped once per process and remembered; this is the price when none are known.
  const fresh = Array.from({ length: RUNS }, (_, i) => withUnseenWords(view, `q${i.toString(36)}`));
  let next = 0;
  const unseen = await sample(() => renderStatementPdf(fresh[next++ % RUNS] as StatementPdfView), RUNS, 0);
  const longWord = { ...view, sections: [{ heading: 'Langt ord', paragraphs: [`${'q'.repeat(3000)} SLUT`] }] };
  const long = await sample(() => renderStatementPdf(longWord), LONG_WORD_RUNS, 2);
  const theirs = await chromiumTimes(await statementHtml(view));

  const oursMedian = median(ours);
  const chromiumMedian = median(theirs);
  const ratio = chromiumMedian / oursMedian;
  return {
    figures: {
      median_ms: round(oursMedian),
      p95_ms: round(percentile(ours, 95)),
      unseen_words_median_ms: round(median(unseen)),
      long_word_ms: round(median(long)),
    },
    baseline: { chromium_median_ms: round(chromiumMedian) },
    ratio: round(ratio),
    goal: `median < ${GOAL_MEDIAN_MS} ms and ≥ ${GOAL_RATIO}× faster than Chromium; a 3000-character word < ${GOAL_LONG_WORD_MS} ms`,
    met: oursMedian < GOAL_MEDIAN_MS && ratio >= GOAL_RATIO && median(long) < GOAL_LONG_WORD_MS,
    measured_at: new Date().toISOString(),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runPdfBench();
  printTable([
    { renderer: 'pdfkit (ours)', median_ms: result.figures.median_ms ?? NaN, p95_ms: result.figures.p95_ms ?? NaN },
    { renderer: 'pdfkit, no word seen before', median_ms: result.figures.unseen_words_median_ms ?? NaN, p95_ms: '' },
    { renderer: 'pdfkit, one 3000-character word', median_ms: result.figures.long_word_ms ?? NaN, p95_ms: '' },
    { renderer: 'Chromium page.pdf()', median_ms: result.baseline?.chromium_median_ms ?? NaN, p95_ms: '' },
  ]);
  console.log(`ratio ${result.ratio}×; goal: ${result.goal}; met: ${result.met}`);
  recordResult('pdf', result);
}
