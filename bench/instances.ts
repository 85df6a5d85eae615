// Two app instances on one PostgreSQL behind a small loopback round-robin proxy, against one
// instance behind the same proxy: the same load as `npm run bench -- server` (100 connections,
// each its own citizen; open a statement, then autosave), in alternating rounds in the same run.
// Sessions, rate limits and revisions live in PostgreSQL, so any instance can answer any request.
// On a 2-core machine the honest expectation is little gain: two instances, the proxy, PostgreSQL
// and the load generator share the same two cores. The figure that carries to a bigger machine
// is the CPU per request, which docs/capacity.md uses.
// Run with `npm run bench -- instances`; SERVER_SECONDS (default 10) sets each run's length.
import crypto from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, startPostgres } from '../tests/support/postgres-server.ts';
import { cpuMs, spawnNode, startApp, waitFor200, type AppProcess } from './lib/app-process.ts';
import { makeCitizens, type BenchCitizen } from './lib/citizens.ts';
import { BROWSER_ACCEPT_ENCODING, runLoad, type LoadFigures } from './lib/load.ts';
import { printTable, recordResult, round } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';
import { combine, loadRow, settle } from './server.ts';

const CONNECTIONS = 100;
const ROUNDS = 3;
/** Two instances should at least not lose throughput against one on the same machine. */
const GOAL_RATIO = 0.9;

async function startProxy(upstreams: string[]): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawnNode([fileURLToPath(new URL('./lib/round-robin-proxy.ts', import.meta.url))], { UPSTREAMS: upstreams.join(','), PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitFor200(`${url}/readyz`, 30_000, child, 50);
  return { url, child };
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
}

type Side = 'one' | 'two';

export async function runInstancesBench(options: { seconds?: number; log?: (line: string) => void } = {}): Promise<BenchResult> {
  const seconds = options.seconds ?? Number(process.env.SERVER_SECONDS ?? 10);
  const log = options.log ?? ((line: string) => console.log(line));
  const postgres = await startPostgres();
  const apps: AppProcess[] = [];
  const proxies: ChildProcess[] = [];
  try {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database bench');
    await admin.end();
    const databaseUrl = postgres.url.replace(/\/postgres$/, '/bench');
    // Both instances share the installation key, as instances of one installation must.
    const env = { DATABASE_URL: databaseUrl, DATA_KEY: crypto.randomBytes(32).toString('base64'), SIGNUP_LIMIT_PER_ADDRESS: '100000' };
    // One after the other: the second finds the migrations already run.
    apps.push(await startApp(env, { port: await freePort() }));
    apps.push(await startApp(env, { port: await freePort() }));
    const [a, b] = apps as [AppProcess, AppProcess];
    const one = await startProxy([a.url]);
    proxies.push(one.child);
    const two = await startProxy([a.url, b.url]);
    proxies.push(two.child);
    log(`instances (pids ${a.pid}, ${b.pid}) behind proxies ${one.url} (one) and ${two.url} (two); signing up ${CONNECTIONS} citizens…`);
    // Signed up through the two-instance proxy: a session made on one instance is used on the other.
    const citizens: BenchCitizen[] = await makeCitizens(two.url, CONNECTIONS);

    const sides = [
      ['one', one.url],
      ['two', two.url],
    ] as const;
    const figures: Record<string, number> = {};
    const baseline: Record<string, number> = {};
    const ratios: number[] = [];
    for (const scenario of ['open', 'autosave'] as const) {
      for (const [, url] of sides) {
        await runLoad(url, scenario, citizens, { durationS: 2, connections: CONNECTIONS });
        if (scenario === 'autosave') await settle(citizens);
      }
      log(`${scenario}: ${ROUNDS} rounds of ${round(seconds / ROUNDS)} s per side at ${CONNECTIONS} connections…`);
      const rounds: Record<Side, LoadFigures[]> = { one: [], two: [] };
      const cpu: Record<Side, number> = { one: 0, two: 0 };
      for (let r = 0; r < ROUNDS; r++) {
        for (const [who, url] of r % 2 === 0 ? sides : [...sides].reverse()) {
          const before = apps.reduce((n, app) => n + cpuMs(app.pid), 0);
          rounds[who].push(await runLoad(url, scenario, citizens, { durationS: seconds / ROUNDS, connections: CONNECTIONS }));
          cpu[who] += apps.reduce((n, app) => n + cpuMs(app.pid), 0) - before;
          if (scenario === 'autosave') await settle(citizens);
        }
      }
      for (const who of ['one', 'two'] as const) {
        const c = combine(rounds[who]);
        const into = who === 'two' ? figures : baseline;
        into[`${scenario}_rps`] = c.rps;
        into[`${scenario}_p50_ms`] = c.p50_ms;
        into[`${scenario}_p99_ms`] = c.p99_ms;
        into[`${scenario}_2xx_share`] = c.share_2xx;
        into[`${scenario}_requests`] = c.requests;
        into[`${scenario}_cpu_ms_per_req`] = round(cpu[who] / Math.max(1, c.requests));
        if (c.errors || c.non2xx) log(`${who} ${scenario}: ${c.errors} connection errors, statuses ${JSON.stringify(c.statuses)}`);
      }
      ratios.push((figures[`${scenario}_rps`] ?? 0) / Math.max(1, baseline[`${scenario}_rps`] ?? 0));
    }
    const ratio = Math.min(...ratios);
    return {
      figures,
      baseline,
      ratio: round(ratio),
      goal: `two instances behind the proxy ≥ ${GOAL_RATIO}× one instance behind the same proxy (req/s, lower of open and autosave), on this machine`,
      met: ratio >= GOAL_RATIO,
      measured_at: new Date().toISOString(),
    };
  } finally {
    for (const child of proxies) await stopChild(child);
    for (const app of apps) await app.stop();
    postgres.stop();
  }
}

export function printInstancesResult(result: BenchResult): void {
  const f = result.figures;
  const b = result.baseline ?? {};
  const row = (name: string, s: Record<string, number>, p: 'open' | 'autosave') => loadRow('behind_proxy', name, s, p, 'app CPU ms/req');
  printTable([row('two instances', f, 'open'), row('one instance', b, 'open'), row('two instances', f, 'autosave'), row('one instance', b, 'autosave')]);
  console.log(`requests as a browser sends them (cookie, accept-encoding: ${BROWSER_ACCEPT_ENCODING}); one PostgreSQL; round-robin proxy on loopback`);
  console.log('app CPU ms/req = CPU of both app processes (not the proxy, not PostgreSQL) per request');
  console.log('on a 2-core machine both instances, the proxy, PostgreSQL and the load generator share two cores: expect little gain here;');
  console.log('the gain shows on a machine with cores to spare, and docs/capacity.md sizes from the CPU per request');
  console.log(`ratio (two/one rps, lower of the two scenarios) ${result.ratio}; goal: ${result.goal}; met: ${result.met}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runInstancesBench();
  printInstancesResult(result);
  recordResult('instances', result);
}
