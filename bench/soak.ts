// Soak: the app as a child process on the embedded database under a bounded, mixed load
// (statement pages, autosaves, sign-in page views) for SOAK_SECONDS (default 600), in 10 s
// rounds, sampling the process's resident memory (VmRSS) every 10 s. The question is whether
// memory levels off or keeps growing: the RSS at the end of the first minute of load (after
// warm-up) against the RSS over the last minute. A run shorter than JUDGE_MIN_S has no last
// minute apart from the first, so it reports "too short to judge" instead of a verdict.
// Run with `npm run bench -- soak`; `SOAK_SECONDS=60 npm run bench -- soak` for a quick try.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../tests/support/postgres-server.ts';
import { rssMb, sleep, startApp } from './lib/app-process.ts';
import { makeCitizens, refreshRevisions, type BenchCitizen } from './lib/citizens.ts';
import { runMixed, type Scenario } from './lib/load.ts';
import { printTable, recordResult, round } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';

const ROUND_S = 10;
const GROWTH_LIMIT = 1.5;
/** Issue 18: at most 300 MB resident after a 10-minute soak on the embedded database. */
const AFTER_SOAK_LIMIT_MB = 300;
const MINUTE_S = 60;
/** First minute, at least one minute of load between, last minute. */
const JUDGE_MIN_S = 3 * MINUTE_S;
/** Per kind of work: 4 connections each, 12 in all, each at most 20 requests a second. */
const CONNECTIONS_PER_KIND = 4;
const CITIZENS = 8;

export type SoakResult = BenchResult & { note?: string };

export async function runSoakBench(options: { seconds?: number; log?: (line: string) => void } = {}): Promise<SoakResult> {
  const seconds = options.seconds ?? Number(process.env.SOAK_SECONDS ?? 600);
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-soak-'));
  const app = await startApp({ DATA_DIR: dataDir, SIGNUP_LIMIT_PER_ADDRESS: '1000' }, { port: await freePort(), readyTimeoutMs: 180_000 });
  try {
    await sleep(2000);
    const idle = rssMb(app.pid);
    const citizens = await makeCitizens(app.url, CITIZENS);
    const mix: { scenario: Scenario; citizen: BenchCitizen }[] = [];
    for (let i = 0; i < CONNECTIONS_PER_KIND; i++) {
      mix.push({ scenario: 'open', citizen: citizens[i % CITIZENS]! });
      // Autosaving connections each have their own statement, so they do not conflict.
      mix.push({ scenario: 'autosave', citizen: citizens[(CONNECTIONS_PER_KIND + i) % CITIZENS]! });
      mix.push({ scenario: 'signin', citizen: citizens[0]! });
    }
    const samples: { at_s: number; rss_mb: number }[] = [{ at_s: 0, rss_mb: round(rssMb(app.pid)) }];
    const started = performance.now();
    const sampler = setInterval(() => {
      samples.push({ at_s: round((performance.now() - started) / 1000), rss_mb: round(rssMb(app.pid)) });
    }, 10_000);
    let requests = 0;
    let ok = 0;
    let rounds = 0;
    const statuses: Record<string, number> = {};
    try {
      while ((performance.now() - started) / 1000 < seconds - 0.5) {
        const left = seconds - (performance.now() - started) / 1000;
        const figures = await runMixed(app.url, mix, Math.max(1, Math.min(ROUND_S, Math.round(left))), 20);
        rounds += 1;
        requests += figures.requests;
        ok += figures.ok;
        for (const [code, n] of Object.entries(figures.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
        if (rounds % 6 === 0) log(`${round((performance.now() - started) / 1000)} s: ${requests} requests, RSS ${round(rssMb(app.pid))} MB`);
        await refreshRevisions(citizens.slice(0, CITIZENS));
      }
    } finally {
      clearInterval(sampler);
    }
    samples.push({ at_s: round((performance.now() - started) / 1000), rss_mb: round(rssMb(app.pid)) });
    const ran = samples.at(-1)!.at_s;
    // The reference: the last sample within the first minute of load (warm-up done).
    const firstMinute = samples.filter((s) => s.at_s <= MINUTE_S).at(-1)!;
    const lastMinute = samples.filter((s) => s.at_s >= ran - MINUTE_S && s.at_s > MINUTE_S);
    const lastMinuteMb = lastMinute.length ? Math.max(...lastMinute.map((s) => s.rss_mb)) : NaN;
    const max = Math.max(...samples.map((s) => s.rss_mb));
    const judged = ran >= JUDGE_MIN_S - ROUND_S && lastMinute.length > 0;
    log(`RSS samples (s: MB): ${samples.map((s) => `${Math.round(s.at_s)}: ${s.rss_mb}`).join(', ')}`);
    log(`statuses: ${JSON.stringify(statuses)}`);
    const goal = `highest RSS in the last minute ≤ ${GROWTH_LIMIT} × the RSS at the end of the first minute of load (no unbounded growth), and ≤ ${AFTER_SOAK_LIMIT_MB} MB at the end; needs a run of at least ${JUDGE_MIN_S} s`;
    const end = samples.at(-1)!.rss_mb;
    return {
      figures: {
        rss_start_mb: round(samples[0]!.rss_mb),
        rss_after_first_minute_mb: round(firstMinute.rss_mb),
        ...(judged ? { rss_last_minute_mb: round(lastMinuteMb) } : {}),
        rss_end_mb: round(end),
        // The issue's name for the same figure (goal ≤ 300 MB after a 10-minute soak).
        rss_after_soak_mb: round(end),
        rss_max_mb: round(max),
        requests,
        share_2xx: requests ? round(ok / requests) : 0,
        seconds: round(ran),
      },
      baseline: { rss_idle_mb: round(idle) },
      ...(judged
        ? { ratio: round(lastMinuteMb / firstMinute.rss_mb) }
        : {
            note: `too short to judge: ${Math.round(ran)} s of load has no last minute apart from the first (needs ${JUDGE_MIN_S} s; SOAK_SECONDS=${JUDGE_MIN_S} or more)`,
          }),
      goal,
      met: judged && lastMinuteMb <= GROWTH_LIMIT * firstMinute.rss_mb && end <= AFTER_SOAK_LIMIT_MB,
      measured_at: new Date().toISOString(),
    };
  } finally {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.key`, { force: true });
  }
}

export function printSoakResult(result: SoakResult): void {
  const f = result.figures;
  printTable([
    { moment: 'idle, right after start (baseline)', rss_mb: result.baseline?.rss_idle_mb ?? NaN },
    { moment: 'load starts', rss_mb: f.rss_start_mb ?? NaN },
    { moment: 'after the first minute of load', rss_mb: f.rss_after_first_minute_mb ?? NaN },
    ...(f.rss_last_minute_mb === undefined ? [] : [{ moment: 'highest in the last minute', rss_mb: f.rss_last_minute_mb }]),
    { moment: 'end', rss_mb: f.rss_end_mb ?? NaN },
    { moment: 'highest sample', rss_mb: f.rss_max_mb ?? NaN },
  ]);
  const verdict = result.note ? result.note : `last minute / first minute = ${result.ratio}; met: ${result.met}`;
  console.log(`${f.requests} requests in ${f.seconds} s (share answered 2xx: ${f.share_2xx}); goal: ${result.goal}; ${verdict}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runSoakBench();
  printSoakResult(result);
  recordResult('soak', result);
}
