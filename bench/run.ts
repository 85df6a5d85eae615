// `npm run bench` runs every benchmark in order and prints one table at the end;
// `npm run bench -- NAME` runs one (pdf, helper, server, instances, page, start, report, backup, soak).
// Each writes its entry of bench/results.json. Settings: SERVER_SECONDS (server 20, instances 10),
// SERVER_ROUNDS (default 10),
// LIGHTHOUSE_RUNS (default 3), SOAK_SECONDS (default 600).
import { runPdfBench } from './pdf.ts';
import { printHelperResult, runHelperBench } from './helper.ts';
import { printServerResult, runServerBench } from './server.ts';
import { printInstancesResult, runInstancesBench } from './instances.ts';
import { printPageResult, runPageBench } from './page.ts';
import { printStartResult, runStartBench } from './start.ts';
import { printReportResult, runReportBench } from './report.ts';
import { printSoakResult, runSoakBench } from './soak.ts';
import { printBackupResult, runBackupBench } from './backup.ts';
import { printTable, recordResult } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';

interface Bench {
  name: string;
  run(): Promise<BenchResult>;
  print(result: BenchResult): void;
  /** The figures worth a column in the summary, as "key value" pairs. */
  headline: string[];
  baseline: string[];
}

const benches: Bench[] = [
  {
    name: 'pdf',
    run: () => runPdfBench(),
    print: (r) =>
      printTable([
        { renderer: 'pdfkit (ours)', median_ms: r.figures.median_ms ?? NaN, p95_ms: r.figures.p95_ms ?? NaN },
        { renderer: 'pdfkit, no word seen before', median_ms: r.figures.unseen_words_median_ms ?? NaN, p95_ms: '' },
        { renderer: 'Chromium page.pdf()', median_ms: r.baseline?.chromium_median_ms ?? NaN, p95_ms: '' },
      ]),
    headline: ['median_ms', 'p95_ms'],
    baseline: ['chromium_median_ms'],
  },
  {
    name: 'helper',
    run: () => runHelperBench(),
    print: (r) => printHelperResult(r as Awaited<ReturnType<typeof runHelperBench>>),
    headline: ['worst_ms'],
    baseline: [],
  },
  {
    name: 'server',
    run: () => runServerBench(),
    print: printServerResult,
    headline: ['open_rps', 'open_p99_ms', 'autosave_rps', 'autosave_p99_ms'],
    baseline: ['open_rps', 'open_p99_ms', 'autosave_rps', 'autosave_p99_ms'],
  },
  {
    name: 'instances',
    run: () => runInstancesBench(),
    print: printInstancesResult,
    headline: ['open_rps', 'open_p99_ms', 'autosave_rps', 'autosave_p99_ms'],
    baseline: ['open_rps', 'open_p99_ms', 'autosave_rps', 'autosave_p99_ms'],
  },
  {
    name: 'page',
    run: () => runPageBench(),
    print: printPageResult,
    headline: [
      'js_gzip_kb',
      'transfer_wire_kb',
      'transfer_plain_kb',
      'lighthouse_performance',
      'lighthouse_accessibility',
      'no_account_lighthouse_performance',
      'loaded_lighthouse_performance',
      'loaded_static_lighthouse_performance',
    ],
    baseline: ['transfer_gzip_kb', 'lighthouse_performance', 'lighthouse_accessibility'],
  },
  {
    name: 'start',
    run: () => runStartBench(),
    print: printStartResult,
    headline: ['cold_s', 'warm_s', 'rss_idle_mb'],
    baseline: ['node_bare_s', 'node_bare_rss_mb'],
  },
  {
    name: 'report',
    run: () => runReportBench(),
    print: printReportResult,
    headline: ['ms_at_10k', 'ms_at_100k', 'ms_at_1m'],
    baseline: ['group_by_ms_at_1m'],
  },
  {
    name: 'backup',
    run: () => runBackupBench(),
    print: printBackupResult,
    headline: ['backup_s_large', 'backup_rss_mb_small', 'backup_rss_mb_large', 'restore_s_large', 'restore_rss_mb_small', 'restore_rss_mb_large'],
    baseline: ['select_to_json_s_large', 'select_to_json_rss_mb_large', 'json_insert_s_large', 'json_insert_rss_mb_large'],
  },
  {
    name: 'soak',
    run: () => runSoakBench(),
    print: printSoakResult,
    headline: ['rss_after_first_minute_mb', 'rss_last_minute_mb', 'rss_after_soak_mb', 'rss_max_mb', 'requests'],
    baseline: ['rss_idle_mb'],
  },
];

function pick(values: Record<string, number> | undefined, keys: string[]): string {
  if (!values) return '';
  return keys
    .filter((k) => values[k] !== undefined)
    .map((k) => `${k} ${values[k]}`)
    .join(', ');
}

/** Left-aligned columns, the long text columns last so the short ones stay readable. */
function printSummary(rows: Record<string, string>[]): void {
  const columns = ['bench', 'met', 'ratio', 'seconds', 'figures', 'baseline'];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => row[c] ?? '')));
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !benches.some((b) => b.name === w));
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${benches.map((b) => b.name).join(', ')}.`);
  process.exit(2);
}
const chosen = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches;
const summary: Record<string, string>[] = [];
let failed = false;
for (const bench of chosen) {
  console.log(`\n=== ${bench.name} ===`);
  const started = performance.now();
  try {
    const result = await bench.run();
    bench.print(result);
    recordResult(bench.name, result);
    const note = (result as { note?: string }).note;
    summary.push({
      bench: bench.name,
      met: note ? 'n/a' : String(result.met),
      ratio: note ? '' : String(result.ratio ?? ''),
      seconds: String(Math.round((performance.now() - started) / 1000)),
      figures: note ?? pick(result.figures, bench.headline),
      baseline: pick(result.baseline, bench.baseline),
    });
  } catch (error) {
    failed = true;
    console.error(`${bench.name} failed: ${(error as Error).stack ?? String(error)}`);
    summary.push({
      bench: bench.name,
      met: 'FAILED',
      ratio: '',
      seconds: String(Math.round((performance.now() - started) / 1000)),
      figures: (error as Error).message.split('\n')[0] ?? '',
      baseline: '',
    });
  }
}
console.log('\n=== summary (bench/results.json has every figure, baseline and goal) ===');
printSummary(summary);
process.exit(failed ? 1 : 0);
