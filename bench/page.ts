// Page weight and Lighthouse scores of the writing step pages, against a trivial static page
// measured the same way in the same run.
//
// Bytes: Chromium (playwright-core) loads each page once with an empty cache and service
// workers blocked; every response body is taken as received. `transfer_wire_kb` is what went
// over the wire (headers + bodies as sent: pages and assets compressed, as a browser gets
// them), and `transfer_gzip_kb` / `js_gzip_kb` are what the same responses weigh gzipped at
// level 6 (computed here; images and fonts counted as they are), `transfer_plain_kb` with no
// compression at all. `html_plain_kb`, `html_br_kb`
// and `html_gzip_kb` are the writing step's page alone as sent to a client that takes no
// compression, brotli, or gzip.
// Lighthouse: the node API, default (mobile, simulated throttling) settings, categories
// performance and accessibility, median of LIGHTHOUSE_RUNS (default 3) runs per page; then
// again for the writing step and the static page while worker threads burn every core
// (`loaded_*`), the same load for both, since the goal is the ratio in the same conditions.
// Run with `npm run bench -- page`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import lighthouse from 'lighthouse';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../tests/support/postgres-server.ts';
import { signUpCitizen } from '../tests/support/client.ts';
import { ROOT, sleep, startApp } from './lib/app-process.ts';
import { cookieHeader, createStatement, personalStatementTemplateId } from './lib/citizens.ts';
import { median, printTable, recordResult, round } from './lib/results.ts';
import type { BenchResult } from './lib/results.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const GOAL_JS_KB = 50;
const GOAL_PERFORMANCE = 95;
const GOAL_ACCESSIBILITY = 100;
const GOAL_VS_STATIC = 0.95;

export interface PageWeight {
  js_gzip_kb: number;
  js_raw_kb: number;
  transfer_gzip_kb: number;
  transfer_wire_kb: number;
  transfer_plain_kb: number;
  requests: number;
}

export interface PageScores {
  lighthouse_performance: number;
  lighthouse_accessibility: number;
}

const alreadyCompressed = /^(image\/(?!svg)|font\/|application\/(pdf|zip|octet-stream|font-woff))/;

async function measureWeight(browser: Browser, url: string, cookie?: string): Promise<PageWeight> {
  const context = await browser.newContext({ serviceWorkers: 'block', ...(cookie ? { extraHTTPHeaders: { cookie } } : {}) });
  try {
    const page = await context.newPage();
    const pending: Promise<{ type: string; contentType: string; body: Buffer; headers: number; wireBody: number }>[] = [];
    page.on('requestfinished', (request) => {
      pending.push(
        (async () => {
          const response = await request.response();
          const sizes = await request.sizes();
          const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
          return {
            type: request.resourceType(),
            contentType: response?.headers()['content-type'] ?? '',
            body,
            headers: sizes.responseHeadersSize,
            wireBody: sizes.responseBodySize,
          };
        })(),
      );
    });
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
    await sleep(500);
    const responses = await Promise.all(pending);
    const gz = (r: { contentType: string; body: Buffer }) =>
      alreadyCompressed.test(r.contentType) ? r.body.length : zlib.gzipSync(r.body, { level: 6 }).length;
    const scripts = responses.filter((r) => r.type === 'script' || /javascript/.test(r.contentType));
    const kb = (n: number) => round(n / 1024);
    return {
      js_gzip_kb: kb(scripts.reduce((n, r) => n + gz(r), 0)),
      js_raw_kb: kb(scripts.reduce((n, r) => n + r.body.length, 0)),
      transfer_gzip_kb: kb(responses.reduce((n, r) => n + r.headers + gz(r), 0)),
      transfer_wire_kb: kb(responses.reduce((n, r) => n + r.headers + r.wireBody, 0)),
      transfer_plain_kb: kb(responses.reduce((n, r) => n + r.headers + r.body.length, 0)),
      requests: responses.length,
    };
  } finally {
    await context.close();
  }
}

interface DebuggableChromium {
  port: number;
  close(): Promise<void>;
}

/** Debian's Chromium with a DevTools port, for Lighthouse to drive. */
async function launchForLighthouse(): Promise<DebuggableChromium> {
  const port = await freePort();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-lh-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, '--headless', `--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const ok = await fetch(`http://127.0.0.1:${port}/json/version`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(100);
  }
  return {
    port,
    close: async () => {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function lighthouseScores(chrome: DebuggableChromium, url: string, runs: number, cookie?: string): Promise<PageScores> {
  const performance: number[] = [];
  const accessibility: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await lighthouse(url, {
      port: chrome.port,
      hostname: '127.0.0.1',
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    performance.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
    accessibility.push(Math.round((lhr.categories.accessibility?.score ?? 0) * 100));
    if (i === 0) {
      const failing = Object.values(lhr.audits).filter(
        (a) => a.scoreDisplayMode === 'binary' && a.score === 0 && lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id),
      );
      if (failing.length) console.log(`  accessibility audits failing on ${url}: ${failing.map((a) => a.id).join(', ')}`);
    }
  }
  return { lighthouse_performance: median(performance), lighthouse_accessibility: median(accessibility) };
}

/** One busy-looping thread per core until stopped: a machine as loaded as a busy server's. */
function burnEveryCore(): { stop(): Promise<void> } {
  const workers = Array.from({ length: os.availableParallelism() }, () => new Worker('for (;;) {}', { eval: true }));
  return { stop: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

/** The page's own bytes as sent for each Accept-Encoding (none, brotli, gzip). */
async function htmlBytes(url: string, cookie?: string): Promise<{ html_plain_kb: number; html_br_kb: number; html_gzip_kb: number }> {
  const size = (encoding?: string) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(encoding ? { 'accept-encoding': encoding } : {}) };
      http
        .get(url, { headers }, (res) => {
          let n = 0;
          res.on('data', (chunk: Buffer) => {
            n += chunk.length;
          });
          res.on('end', () => resolve(n));
        })
        .on('error', reject);
    });
  const kb = (n: number) => round(n / 1024);
  return { html_plain_kb: kb(await size()), html_br_kb: kb(await size('br')), html_gzip_kb: kb(await size('gzip')) };
}

const BASELINE_HTML = `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hvem er jeg?</title><meta name="description" content="En enkel side til sammenligning.">
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}label{display:block;font-weight:bold}textarea{width:100%;min-height:8rem;font:inherit}</style>
</head><body><main><h1>Hvem er jeg?</h1><p>Skriv om dig selv som person.</p>
<form method="post"><label for="who">Om mig</label><textarea id="who" name="who"></textarea><button type="submit">Næste</button></form></main></body></html>`;

/** A trivial static page served by node:http: the least a page can weigh. */
async function startBaselinePage(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(BASELINE_HTML) });
      res.end(BASELINE_HTML);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function runPageBench(log: (line: string) => void = console.log): Promise<BenchResult> {
  const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
  // The same browser scripts `npm start` would serve.
  const build = spawnSync(process.execPath, ['scripts/build-client.ts'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) log(`warning: building the browser scripts failed, measuring the files already in static/build:\n${build.stderr}`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-page-'));
  const app = await startApp({ DATA_DIR: dataDir }, { port: await freePort() });
  const baselinePage = await startBaselinePage();
  let browser: Browser | undefined;
  let chrome: DebuggableChromium | undefined;
  try {
    const { client } = await signUpCitizen(app.url);
    const statementId = await createStatement(client, await personalStatementTemplateId(client));
    const cookie = cookieHeader(client);
    const signedInUrl = `${app.url}/statements/${statementId}/write/who`;
    const anonymousUrl = `${app.url}/write/personal-statement/who`;
    const anonymousStatus = await fetch(anonymousUrl).then(
      (r) => r.status,
      () => 0,
    );
    const haveAnonymous = anonymousStatus === 200;
    if (!haveAnonymous) log(`the no-account step page ${anonymousUrl} answered ${anonymousStatus}: skipped`);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const signedInWeight = await measureWeight(browser, signedInUrl, cookie);
    const anonymousWeight = haveAnonymous ? await measureWeight(browser, anonymousUrl) : undefined;
    const baselineWeight = await measureWeight(browser, baselinePage.url);
    await browser.close();
    browser = undefined;

    chrome = await launchForLighthouse();
    log(`Lighthouse, ${runs} run(s) per page…`);
    const signedInScores = await lighthouseScores(chrome, signedInUrl, runs, cookie);
    const anonymousScores = haveAnonymous ? await lighthouseScores(chrome, anonymousUrl, runs) : undefined;
    const baselineScores = await lighthouseScores(chrome, baselinePage.url, runs);
    log(`Lighthouse with every core busy, ${runs} run(s) per page…`);
    const load = burnEveryCore();
    let loadedSignedIn: PageScores;
    let loadedBaseline: PageScores;
    try {
      loadedSignedIn = await lighthouseScores(chrome, signedInUrl, runs, cookie);
      loadedBaseline = await lighthouseScores(chrome, baselinePage.url, runs);
    } finally {
      await load.stop();
    }

    const figures: Record<string, number> = {
      ...signedInWeight,
      ...(await htmlBytes(signedInUrl, cookie)),
      ...signedInScores,
      static_lighthouse_performance: baselineScores.lighthouse_performance,
      loaded_lighthouse_performance: loadedSignedIn.lighthouse_performance,
      loaded_static_lighthouse_performance: loadedBaseline.lighthouse_performance,
      performance_vs_static: round(signedInScores.lighthouse_performance / baselineScores.lighthouse_performance),
      loaded_performance_vs_static: round(loadedSignedIn.lighthouse_performance / loadedBaseline.lighthouse_performance),
    };
    if (anonymousWeight && anonymousScores) {
      for (const [k, v] of Object.entries({ ...anonymousWeight, ...anonymousScores })) figures[`no_account_${k}`] = v;
    }
    const pages = [{ ...signedInWeight, ...signedInScores }, ...(anonymousWeight && anonymousScores ? [{ ...anonymousWeight, ...anonymousScores }] : [])];
    const worstJs = Math.max(...pages.map((p) => p.js_gzip_kb));
    const worstPerformance = Math.min(...pages.map((p) => p.lighthouse_performance));
    const worstAccessibility = Math.min(...pages.map((p) => p.lighthouse_accessibility));
    const nearStatic = Math.min(figures.performance_vs_static ?? 0, figures.loaded_performance_vs_static ?? 0) >= GOAL_VS_STATIC;
    return {
      figures,
      baseline: { ...baselineWeight, ...baselineScores },
      // Baseline page weight / ours: how many times heavier than the least a page can be.
      ratio: round(baselineWeight.transfer_gzip_kb / Math.max(...pages.map((p) => p.transfer_gzip_kb))),
      goal: `≤ ${GOAL_JS_KB} KB JS (gzip) on a writing step, Lighthouse performance ≥ ${GOAL_PERFORMANCE}, accessibility ${GOAL_ACCESSIBILITY} (mobile), and ≥ ${GOAL_VS_STATIC} × the static page's performance quiet and with every core busy${haveAnonymous ? '' : '; the no-account page was not there to measure'}`,
      met: worstJs <= GOAL_JS_KB && worstPerformance >= GOAL_PERFORMANCE && worstAccessibility >= GOAL_ACCESSIBILITY && nearStatic,
      measured_at: new Date().toISOString(),
    };
  } finally {
    await browser?.close();
    await chrome?.close();
    await baselinePage.close();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.key`, { force: true });
  }
}

export function printPageResult(result: BenchResult): void {
  const f = result.figures;
  const b = result.baseline ?? {};
  const row = (name: string, s: Record<string, number>, prefix = '') => ({
    page: name,
    js_gzip_kb: s[`${prefix}js_gzip_kb`] ?? NaN,
    js_raw_kb: s[`${prefix}js_raw_kb`] ?? NaN,
    transfer_gzip_kb: s[`${prefix}transfer_gzip_kb`] ?? NaN,
    transfer_wire_kb: s[`${prefix}transfer_wire_kb`] ?? NaN,
    transfer_plain_kb: s[`${prefix}transfer_plain_kb`] ?? NaN,
    requests: s[`${prefix}requests`] ?? NaN,
    performance: s[`${prefix}lighthouse_performance`] ?? NaN,
    accessibility: s[`${prefix}lighthouse_accessibility`] ?? NaN,
  });
  const rows = [row('signed-in step /statements/:id/write/who', f)];
  if (f.no_account_js_gzip_kb !== undefined) rows.push(row('no account /write/personal-statement/who', f, 'no_account_'));
  rows.push(row('baseline: static HTML via node:http', b));
  printTable(rows);
  console.log('wire = as served (compressed where the browser takes it), headers included; gzip = the same responses gzipped (level 6)');
  console.log(`writing step's page alone: ${f.html_plain_kb} KB plain, ${f.html_br_kb} KB brotli, ${f.html_gzip_kb} KB gzip`);
  console.log(
    `Lighthouse performance, writing step vs static page: quiet ${f.lighthouse_performance} vs ${f.static_lighthouse_performance} (${f.performance_vs_static}), every core busy ${f.loaded_lighthouse_performance} vs ${f.loaded_static_lighthouse_performance} (${f.loaded_performance_vs_static})`,
  );
  console.log(`goal: ${result.goal}; met: ${result.met}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runPageBench();
  printPageResult(result);
  recordResult('page', result);
}
