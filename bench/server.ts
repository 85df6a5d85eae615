// Server throughput and latency on PostgreSQL at 100 connections: the app (a real child
// process) against a minimal node:http + pg server doing the same SQL per request, on the
// same throwaway database, measured the same way in the same run.
// Run with `npm run bench -- server`; SERVER_SECONDS (default 10) sets each run's length.
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgres } from '../tests/support/postgres-server.ts';
import { freePort } from '../tests/support/postgres-server.ts';
import { sleep, spawnNode, startApp, waitFor200, type AppProcess } from './lib/app-process.ts';
import { makeCitizens, refreshRevisions } from './lib/citizens.ts';
import { runLoad, type LoadFigures, type Scenario } from './lib/load.ts';
import { printTable, recordResult, round } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';

const CONNECTIONS = 100;
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 50;

function flatten(prefix: Scenario, f: LoadFigures): Record<string, number> {
  return {
    [`${prefix}_rps`]: f.rps,
    [`${prefix}_p50_ms`]: f.p50_ms,
    [`${prefix}_p99_ms`]: f.p99_ms,
    [`${prefix}_2xx_share`]: f.share_2xx,
    [`${prefix}_requests`]: f.requests,
  };
}

export async function runServerBench(options: { seconds?: number; log?: (line: string) => void } = {}): Promise<BenchResult> {
  const seconds = options.seconds ?? Number(process.env.SERVER_SECONDS ?? 10);
  const log = options.log ?? ((line: string) => console.log(line));
  const postgres = await startPostgres();
  let app: AppProcess | undefined;
  let baseline: ReturnType<typeof spawnNode> | undefined;
  try {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database bench');
    await admin.end();
    const databaseUrl = postgres.url.replace(/\/postgres$/, '/bench');

    app = await startApp(
      { DATABASE_URL: databaseUrl, DATA_KEY: crypto.randomBytes(32).toString('base64'), SIGNUP_LIMIT_PER_ADDRESS: '100000' },
      { port: await freePort() },
    );
    log(`app (pid ${app.pid}) on ${app.url}; signing up ${CONNECTIONS} citizens with one statement each…`);
    const citizens = await makeCitizens(app.url, CONNECTIONS);

    const baselinePort = await freePort();
    baseline = spawnNode([fileURLToPath(new URL('./lib/baseline-server.ts', import.meta.url))], { DATABASE_URL: databaseUrl, PORT: String(baselinePort) });
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;
    await waitFor200(`${baselineUrl}/readyz`, 30_000, baseline, 50);

    const measured: Record<string, LoadFigures> = {};
    // Interleaved, each after a short untimed warm-up, so neither side gets the warmer database.
    for (const scenario of ['open', 'autosave'] as const) {
      for (const [who, url] of [['baseline', baselineUrl], ['app', app.url]] as const) {
        await runLoad(url, scenario, citizens, { durationS: 2, connections: CONNECTIONS });
        if (scenario === 'autosave') {
          await sleep(1000); // the answers to the warm-up's last requests are still on their way
          await refreshRevisions(citizens);
        }
        log(`${who} ${scenario}: ${seconds} s at ${CONNECTIONS} connections…`);
        measured[`${who}_${scenario}`] = await runLoad(url, scenario, citizens, { durationS: seconds, connections: CONNECTIONS });
      }
    }
    const m = (k: string) => measured[k] as LoadFigures;
    const figures = { ...flatten('open', m('app_open')), ...flatten('autosave', m('app_autosave')) };
    const base = { ...flatten('open', m('baseline_open')), ...flatten('autosave', m('baseline_autosave')) };
    const ratio = Math.min(m('app_open').rps / m('baseline_open').rps, m('app_autosave').rps / m('baseline_autosave').rps);
    const met = ratio >= GOAL_RATIO && m('app_open').p99_ms < GOAL_P99_MS && m('app_autosave').p99_ms < GOAL_P99_MS;
    for (const [k, f] of Object.entries(measured)) if (f.errors || f.non2xx) log(`${k}: ${f.errors} connection errors, statuses ${JSON.stringify(f.statuses)}`);
    return {
      figures,
      baseline: base,
      ratio: round(ratio),
      goal: `≥ ${GOAL_RATIO * 100}% of baseline throughput and p99 < ${GOAL_P99_MS} ms at ${CONNECTIONS} connections`,
      met,
      measured_at: new Date().toISOString(),
    };
  } finally {
    if (baseline && baseline.exitCode === null) {
      const gone = new Promise((resolve) => baseline!.once('exit', resolve));
      baseline.kill('SIGTERM');
      await gone;
    }
    await app?.stop();
    postgres.stop();
  }
}

export function printServerResult(result: BenchResult): void {
  const f = result.figures;
  const b = result.baseline ?? {};
  const row = (name: string, s: Record<string, number>, p: Scenario) => ({
    server: name,
    scenario: p,
    'rps (2xx/s)': s[`${p}_rps`] ?? NaN,
    p50_ms: s[`${p}_p50_ms`] ?? NaN,
    p99_ms: s[`${p}_p99_ms`] ?? NaN,
    '2xx share': s[`${p}_2xx_share`] ?? NaN,
    requests: s[`${p}_requests`] ?? NaN,
  });
  printTable([row('app', f, 'open'), row('baseline node:http+pg', b, 'open'), row('app', f, 'autosave'), row('baseline node:http+pg', b, 'autosave')]);
  console.log('open = GET /statements/:id/write/who (session, statement, owner, audit row); autosave = POST /statements/:id/autosave');
  console.log('(each connection is its own citizen and statement and follows its own revision; rps counts 2xx answers only)');
  console.log(`ratio (app/baseline rps, lower of the two) ${result.ratio}; goal: ${result.goal}; met: ${result.met}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runServerBench();
  printServerResult(result);
  recordResult('server', result);
}
