// Where the embedded app's resident memory goes: loads the parts of a start one after another in
// one fresh process, in the order a start meets them, and prints process.memoryUsage() after each
// (after a full garbage collection, so the figures are what stays, not what is waiting to be
// collected). Then the parts a few pages load on first use (PDF, password estimator). The last
// columns are the change each part made. Each step's RSS includes everything loaded before it.
//
// Run with `node bench/memory.ts` (prints only; records nothing). MEMORY_SNAPSHOT=1 also
// writes a V8 heap snapshot of the started app (open it in Chrome DevTools → Memory) next to
// the working directory. Runs itself in a child process with --expose-gc.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { printTable, round } from './lib/results.ts';

export interface MemoryStep {
  step: string;
  rss_mb: number;
  heap_used_mb: number;
  external_mb: number;
  array_buffers_mb: number;
  /** RSS added by this step. */
  rss_added_mb: number;
  /** JS heap added by this step. */
  heap_added_mb: number;
}

const MB = 1024 * 1024;
const CHILD_FLAG = '--memory-child';

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

async function measureSteps(): Promise<MemoryStep[]> {
  const steps: MemoryStep[] = [];
  let previous = process.memoryUsage();
  const mark = async (step: string) => {
    // Let finalizers and freed WebAssembly instances go before reading.
    await new Promise((resolve) => setTimeout(resolve, 50));
    settle();
    const now = process.memoryUsage();
    steps.push({
      step,
      rss_mb: round(now.rss / MB),
      heap_used_mb: round(now.heapUsed / MB),
      external_mb: round(now.external / MB),
      array_buffers_mb: round(now.arrayBuffers / MB),
      rss_added_mb: round((now.rss - previous.rss) / MB),
      heap_added_mb: round((now.heapUsed - previous.heapUsed) / MB),
    });
    previous = now;
  };
  await mark('Node alone (this script)');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-memory-'));
  try {
    // The embedded database: the module, then a new data folder (initdb runs in a WebAssembly
    // instance of its own), then the migrations.
    const { PGlite } = await import('@electric-sql/pglite');
    await mark('PGlite module');
    const { pgliteOptions } = await import('../src/server/db/database.ts');
    fs.mkdirSync(path.join(dataDir, 'data'));
    const pglite = new PGlite(path.join(dataDir, 'data', 'pglite'), pgliteOptions(PGlite));
    await pglite.waitReady;
    await mark('PGlite: new database (initdb, PostgreSQL started)');
    const { migrate } = await import('../src/server/db/database.ts');
    await migrate((work) =>
      pglite.transaction((tx) =>
        work({
          exec: async (script) => {
            await tx.exec(script);
          },
          query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
        }),
      ),
    );
    await mark('migrations applied');
    await pglite.close();
    await mark('PGlite closed (what the database held)');

    // The app's modules: the i18n catalogues first, then everything a start imports.
    await import('../src/server/i18n/da.ts');
    await import('../src/server/i18n/en.ts');
    await mark('i18n catalogues (da, en)');
    await import('../src/server/server.ts');
    await mark('the rest of the module graph (routes, services, views)');

    // A real start on the same folder (reopens the database, seeds templates, listens).
    const { loadConfig } = await import('../src/server/config.ts');
    const { startServer } = await import('../src/server/server.ts');
    const config = loadConfig({ DATA_DIR: path.join(dataDir, 'data'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    const server = await startServer(config);
    await fetch(`${server.url}/readyz`).then((r) => r.arrayBuffer());
    await mark('app started, idle (database reopened, seeds, listening)');
    if (process.env.MEMORY_SNAPSHOT === '1') {
      const file = v8.writeHeapSnapshot();
      console.error(`heap snapshot: ${file}`);
    }

    // Parts a few pages load on first use.
    await import('../src/server/pdf/statement-pdf.ts');
    await mark('PDF modules (pdfkit, fontkit) imported');
    const { renderStatementPdf } = await import('../src/server/pdf/statement-pdf.ts');
    const { sampleStatementView } = await import('../src/server/pdf/sample-statement.ts');
    renderStatementPdf(sampleStatementView());
    await mark('first PDF rendered (fonts opened once)');
    const { checkNewPassword, estimatorRunning, setEstimatorIdleStop } = await import('../src/server/crypto/password-strength.ts');
    await checkNewPassword('en hest der går på tag', { username: 'bench', chosenName: 'Bench' });
    await mark('password estimator thread (zxcvbn, Danish words)');
    // What its idle stop gives back (a minute in the app; at once here).
    setEstimatorIdleStop(0);
    while (estimatorRunning()) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await mark('password estimator thread stopped when idle');
    await server.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${path.join(dataDir, 'data')}.key`, { force: true });
  }
  return steps;
}

/** Runs the steps in a fresh child process (with --expose-gc) and returns its table. */
export function runMemoryBreakdown(): MemoryStep[] {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), CHILD_FLAG], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  if (child.status !== 0) throw new Error(`the memory breakdown failed:\n${child.stderr}`);
  if (child.stderr) process.stderr.write(child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as MemoryStep[];
}

export function printMemoryBreakdown(steps: MemoryStep[]): void {
  printTable(steps.map((s) => ({ ...s })));
  console.log('MB after a full garbage collection; each row includes the rows above it, the *_added columns are that step alone.');
}

if (process.argv.includes(CHILD_FLAG)) {
  const steps = await measureSteps();
  process.stdout.write(`${JSON.stringify(steps)}\n`);
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printMemoryBreakdown(runMemoryBreakdown());
}
