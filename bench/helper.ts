// The writing helper on hostile input (tests/support/hostile-texts.ts, shared with the unit
// test that checks it survives them). The goal used to be a unit-test assertion; a timing only
// means something on a quiet machine, so it lives here.
// Run with `npm run bench -- helper`; writes the `helper` entry of bench/results.json.
import { fileURLToPath } from 'node:url';
import { analyse } from '../src/domain/writing-helper/analyse.ts';
import { printTable, recordResult, round, sample } from './lib/results.ts';
import { HOSTILE_TEXTS } from '../tests/support/hostile-texts.ts';
import type { BenchResult } from './lib/results.ts';

const GOAL_MS = 1500;
const RUNS = 3;

export async function runHelperBench(): Promise<BenchResult & { rows: { input: string; da_ms: number; en_ms: number }[] }> {
  const rows = [];
  for (const [name, text] of HOSTILE_TEXTS) {
    const slowest = async (lang: 'da' | 'en') => Math.max(...(await sample(() => analyse(text, { lang, role: 'helpWith' }), RUNS, 1)));
    rows.push({ input: name, da_ms: round(await slowest('da')), en_ms: round(await slowest('en')) });
  }
  const worst = Math.max(...rows.flatMap((r) => [r.da_ms, r.en_ms]));
  return {
    rows,
    figures: { worst_ms: worst },
    goal: `every 100,000-character hostile text analysed in < ${GOAL_MS} ms (slowest of ${RUNS} runs)`,
    met: worst < GOAL_MS,
    measured_at: new Date().toISOString(),
  };
}

export function printHelperResult(result: Awaited<ReturnType<typeof runHelperBench>>): void {
  printTable(result.rows);
  console.log(`worst ${result.figures.worst_ms} ms; goal: ${result.goal}; met: ${result.met}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows: _rows, ...result } = await runHelperBench();
  printHelperResult({ rows: _rows, ...result });
  recordResult('helper', result);
}
