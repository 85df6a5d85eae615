// Start time on the embedded database: spawn `node src/server/main.ts` and time until /readyz
// first answers 200. Cold = a new, empty data folder (the embedded database is created and
// migrated); warm = the same folder again after a clean SIGTERM stop. Baseline: a bare
// node:http server started and answering the same way, in the same run.
// Run with `npm run bench -- start`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../tests/support/postgres-server.ts';
import { MAIN, rssMb, EMBEDDED_ENVIRONMENT, EMBEDDED_NODE_FLAGS, spawnNode, waitFor200 } from './lib/app-process.ts';
import { median, printTable, recordResult, round } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';

const RUNS = 3;
const GOAL_COLD_S = 10;
const GOAL_WARM_S = 3;
const GOAL_RSS_MB = 200;

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await done;
  clearTimeout(timer);
  return code;
}

/** How long an idle process is left alone before its memory is read: the app collects the
 * start's garbage two seconds after it is ready. */
const SETTLE_MS = 4000;

/** Seconds from spawn to the first 200 from `probe`, and the resident memory once it has settled
 * with nothing to do; then a clean stop. */
async function timeStart(args: string[], env: Record<string, string>, probe: (port: number) => string): Promise<{ seconds: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnNode(args, { ...env, PORT: String(port) });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let seconds: number;
  try {
    const ready = await waitFor200(probe(port), 120_000, child, 5);
    seconds = (ready - started) / 1000;
  } catch (error) {
    await stop(child);
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rss = rssMb(child.pid!);
  const code = await stop(child);
  if (code !== 0 && code !== null) throw new Error(`the process did not stop cleanly (exit ${code})\n${output}`);
  return { seconds, rssMb: rss };
}

export async function runStartBench(log: (line: string) => void = console.log): Promise<BenchResult> {
  // Started as npm start starts it: its Node flags and its environment (the C library's settings, Node's compile cache).
  const appEnv = { ...EMBEDDED_ENVIRONMENT, HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
  const cold: number[] = [];
  const warm: number[] = [];
  const bare: number[] = [];
  const coldRss: number[] = [];
  const warmRss: number[] = [];
  const bareRss: number[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-start-'));
      dirs.push(dataDir);
      const c = await timeStart([...EMBEDDED_NODE_FLAGS, MAIN], { ...appEnv, DATA_DIR: dataDir }, (p) => `http://127.0.0.1:${p}/readyz`);
      const w = await timeStart([...EMBEDDED_NODE_FLAGS, MAIN], { ...appEnv, DATA_DIR: dataDir }, (p) => `http://127.0.0.1:${p}/readyz`);
      const b = await timeStart(
        ['-e', "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT,'127.0.0.1')"],
        {},
        (p) => `http://127.0.0.1:${p}/`,
      );
      cold.push(c.seconds);
      warm.push(w.seconds);
      bare.push(b.seconds);
      coldRss.push(c.rssMb);
      warmRss.push(w.rssMb);
      bareRss.push(b.rssMb);
      log(
        `run ${i + 1}: cold ${round(c.seconds)} s ${round(c.rssMb)} MB, warm ${round(w.seconds)} s ${round(w.rssMb)} MB, bare node ${round(b.seconds)} s ${round(b.rssMb)} MB`,
      );
    }
  } finally {
    for (const dir of dirs) {
      fs.rmSync(dir, { recursive: true, force: true });
      // The installation key the first start made beside the data folder.
      fs.rmSync(`${dir}.key`, { force: true });
    }
  }
  const coldS = median(cold);
  const warmS = median(warm);
  const bareS = median(bare);
  return {
    figures: {
      cold_s: round(coldS),
      warm_s: round(warmS),
      cold_max_s: round(Math.max(...cold)),
      warm_max_s: round(Math.max(...warm)),
      // Idle resident memory, empty database: after the first start of a new folder, and after a restart.
      rss_idle_mb: round(Math.max(median(coldRss), median(warmRss))),
      rss_idle_first_start_mb: round(median(coldRss)),
      rss_idle_restart_mb: round(median(warmRss)),
    },
    baseline: { node_bare_s: round(bareS), node_bare_rss_mb: round(median(bareRss)) },
    ratio: round(bareS / warmS),
    goal: `cold start (new data folder) ≤ ${GOAL_COLD_S} s and warm start ≤ ${GOAL_WARM_S} s to a ready /readyz, median of ${RUNS}; idle memory ≤ ${GOAL_RSS_MB} MB`,
    met: coldS <= GOAL_COLD_S && warmS <= GOAL_WARM_S && Math.max(median(coldRss), median(warmRss)) <= GOAL_RSS_MB,
    measured_at: new Date().toISOString(),
  };
}

export function printStartResult(result: BenchResult): void {
  printTable([
    {
      start: 'app, new data folder (cold)',
      median_s: result.figures.cold_s ?? NaN,
      max_s: result.figures.cold_max_s ?? NaN,
      idle_rss_mb: result.figures.rss_idle_first_start_mb ?? NaN,
    },
    {
      start: 'app, same folder again (warm)',
      median_s: result.figures.warm_s ?? NaN,
      max_s: result.figures.warm_max_s ?? NaN,
      idle_rss_mb: result.figures.rss_idle_restart_mb ?? NaN,
    },
    { start: 'bare node:http (baseline)', median_s: result.baseline?.node_bare_s ?? NaN, max_s: '', idle_rss_mb: result.baseline?.node_bare_rss_mb ?? NaN },
  ]);
  console.log(`time from spawn to the first 200 (app: GET /readyz, embedded PGlite); goal: ${result.goal}; met: ${result.met}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runStartBench();
  printStartResult(result);
  recordResult('start', result);
}
