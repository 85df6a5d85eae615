import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One benchmark's entry in bench/results.json. */
export interface BenchResult {
  /** What was measured, e.g. { median_ms, p95_ms }. */
  figures: Record<string, number>;
  /** The same work done the way we chose not to, for comparison. */
  baseline?: Record<string, number>;
  /** baseline / ours, so bigger is better. */
  ratio?: number;
  goal: string;
  met: boolean;
  measured_at: string;
}

const RESULTS_PATH = fileURLToPath(new URL('../results.json', import.meta.url));

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Rounds to 0.01, which is finer than the noise of any of our timings. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Times `fn` `runs` times after `warmup` untimed calls, one call per sample, in milliseconds.
 * Awaits each call, so async work is timed to completion.
 */
export async function sample(fn: () => unknown, runs: number, warmup = Math.ceil(runs / 10)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** Stores `result` under `name` in bench/results.json, keeping the other benchmarks' entries. */
export function recordResult(name: string, result: BenchResult, path = RESULTS_PATH): void {
  let all: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) all = parsed as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  all[name] = result;
  // Written beside and renamed, so a benchmark killed mid-write cannot leave half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Prints rows as an aligned plain-text table, columns in the order of the first row's keys. */
export function printTable(rows: readonly Record<string, string | number | boolean>[]): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const cell = (v: string | number | boolean | undefined): string => (v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string => values.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}
