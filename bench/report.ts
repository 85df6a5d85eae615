// Evaluation report: generating a coordinator's report (counts and charts per site and period,
// small cells suppressed) from a realistic volume of questionnaire answers. Nothing is measured
// yet: this was written before the evaluation feature existed, so it records that honestly
// instead of a number. Run with `npm run bench -- report`.
import { fileURLToPath } from 'node:url';
import { recordResult } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';

export type NotMeasured = BenchResult & { note: string };

export async function runReportBench(): Promise<NotMeasured> {
  return {
    figures: {},
    baseline: {},
    ratio: 0,
    goal: "to be set with the evaluation feature: time to build a coordinator's report (counts per site and period, small cells suppressed) against a naive baseline",
    met: false,
    note: 'not implemented yet: needs the evaluation feature (it has since landed; the benchmark is still to be written)',
    measured_at: new Date().toISOString(),
  };
}

export function printReportResult(result: NotMeasured): void {
  console.log(`report: nothing measured — ${result.note}. Goal: ${result.goal}.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runReportBench();
  printReportResult(result);
  recordResult('report', result);
}
