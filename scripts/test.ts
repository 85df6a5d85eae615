// The whole test suite in one command: system parts, guard-rails (lint, import rules, dead code,
// schema.ts against the migrations), type check, unit tests, integration tests on PGlite and on
// a throwaway PostgreSQL server, and browser journeys in Chromium.
// The test stages are independent (each file has its own app and database), so they run side
// by side to use both cores; each one's output is kept in .tmp/stage-*.log and printed whole
// when it ends, so it stays readable. `node scripts/test.ts STAGE` runs one stage, streaming.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHILD_NODE_ARGS } from '../tests/support/wait.ts';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
const tmp = path.join(root, '.tmp');
fs.mkdirSync(tmp, { recursive: true });
// Node keeps the code it compiled (and TypeScript it stripped) here, for every process the suite
// starts after the first to load the same files: the test workers, the apps and command lines
// the tests start as processes of their own. The integration stage on PGlite alone, 5 December
// 2026: 258 s of CPU without, 241 s with the cache filled in the same run.
process.env.NODE_COMPILE_CACHE ??= path.join(tmp, 'node-compile-cache');

function bin(name: string): string {
  return path.join(root, 'node_modules/.bin', name);
}

// The type check runs TypeScript 7, the compiler ported to native code: the same checks as 5.9
// at about a third of the CPU (10.9 against 27.4 s for tsconfig.json, measured side by side on
// this machine), and the suite is CPU-bound on two cores. TypeScript 5.9 stays installed under its
// own name for dependency-cruiser, which parses with TypeScript's JavaScript API that 7.0 does not
// ship. Both packages name their program `tsc`, so node_modules/.bin/tsc may be either: this path
// is not.
const typescriptCompiler = path.join(root, 'node_modules/typescript-7/bin/tsc');

function have(file: string): boolean {
  return fs.existsSync(file);
}

function postgresInstalled(): boolean {
  if (!have('/usr/lib/postgresql')) return false;
  return fs.readdirSync('/usr/lib/postgresql').some((v) => have(`/usr/lib/postgresql/${v}/bin/initdb`));
}

function ensureSystemPackages(): void {
  const missing: string[] = [];
  if (!have('/usr/bin/chromium')) missing.push('chromium');
  if (!have('/usr/bin/chromium-headless-shell')) missing.push('chromium-headless-shell');
  if (!have('/usr/bin/pdftotext')) missing.push('poppler-utils');
  if (!postgresInstalled()) missing.push('postgresql');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`Missing system packages: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing system packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

interface StageResult {
  name: string;
  /** Failed tests as "file › test: first line of the error", repeated in the summary so that a
   * log cut to its last lines still says what failed. */
  failures?: string[];
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
  seconds: number;
}

/** Stages that may run at the same time as each other (after the ones before them). */
const concurrent = new Set(['guardrails', 'typecheck', 'unit', 'pglite', 'postgres', 'browser']);
const only = process.argv[2];

/** One stage alone streams to the terminal; side by side, each stage writes to its own log. */
async function execute(name: string, command: string, args: string[], env: Record<string, string>, sideBySide: boolean): Promise<number | null> {
  if (!sideBySide) {
    console.log(`\n=== ${name} ===`);
    return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status;
  }
  const log = path.join(tmp, `stage-${name.replace(/\W+/g, '-')}.log`);
  const out = fs.openSync(log, 'w');
  console.log(`--- ${name}: started (output in ${path.relative(root, log)})`);
  const child = spawn(command, args, { stdio: ['ignore', out, out], env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0', ...env } });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  fs.closeSync(out);
  console.log(`\n=== ${name} ===`);
  process.stdout.write(fs.readFileSync(log, 'utf8'));
  return code;
}

type Step = [command: string, args: string[]];

/** Runs the steps one after another; the stage fails if any step fails, but every step runs so all findings show at once. */
function run(name: string, steps: Step[], env: Record<string, string> = {}): StageResult {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  let failed = 0;
  for (const [command, args] of steps) {
    const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    if (r.status !== 0) failed++;
  }
  return { name, passed: steps.length - failed, failed, skipped: 0, ok: failed === 0, seconds: (Date.now() - started) / 1000 };
}

/** Runs independent checks at once; the stage's output is printed whole when the last one ends,
 * so it does not interleave with the stages beside it. */
async function runTogether(name: string, steps: Step[]): Promise<StageResult> {
  const started = Date.now();
  console.log(`--- ${name}: started`);
  const outputs: string[] = [];
  const codes = await Promise.all(
    steps.map(
      ([command, args], index) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(command, args, { env: process.env });
          let output = '';
          child.stdout.on('data', (d: Buffer) => (output += d.toString()));
          child.stderr.on('data', (d: Buffer) => (output += d.toString()));
          child.on('error', (error) => {
            output += String(error);
            resolve(1);
          });
          child.on('close', (code) => {
            outputs[index] = `--- ${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')}\n${output.trimEnd()}`;
            resolve(code);
          });
        }),
    ),
  );
  console.log(`\n=== ${name} ===\n${outputs.join('\n')}`);
  const failed = codes.filter((c) => c !== 0).length;
  return { name, passed: steps.length - failed, failed, skipped: 0, ok: failed === 0, seconds: (Date.now() - started) / 1000 };
}

async function vitest(name: string, project: string, env: Record<string, string> = {}, sideBySide = false): Promise<StageResult> {
  const started = Date.now();
  const report = path.join(tmp, `vitest-${name.replace(/\W+/g, '-')}.json`);
  fs.rmSync(report, { force: true });
  // Through this same Node (24), whoever started the command: the script's own shebang would
  // take the machine's `node`, which may be an older one. With the test workers' flags: the
  // suite's global setup opens PGlite in this process (vitest.config.ts says why).
  const status = await execute(
    name,
    process.execPath,
    [...CHILD_NODE_ARGS, bin('vitest'), 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    env,
    sideBySide,
  );
  let passed = 0;
  const failures: string[] = [];
  let failed = status === 0 ? 0 : 1;
  let skipped = 0;
  if (fs.existsSync(report)) {
    const data = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages?: string[] }[] }[];
    };
    for (const file of data.testResults) {
      const where = path.relative(root, file.name);
      for (const test of file.assertionResults)
        if (test.status === 'failed') failures.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
      if (file.message && !file.assertionResults.some((t) => t.status === 'failed')) failures.push(`${where}: ${firstLine(file.message)}`);
    }
    passed = data.numPassedTests;
    failed = Math.max(data.numFailedTests, status === 0 ? 0 : 1);
    skipped = data.numPendingTests + data.numTodoTests;
  }
  return { name, passed, failed, skipped, ok: status === 0, seconds: (Date.now() - started) / 1000, failures };
}

function firstLine(text: string | undefined): string {
  return (
    (text ?? '')
      .split('\n')
      .find((line) => line.trim())
      ?.trim()
      .slice(0, 300) ?? ''
  );
}

ensureSystemPackages();
// Test apps copy a database folder each, and the PostgreSQL server and Chromium write their own:
// in memory (/dev/shm) where the machine has it, the suite waits on the disk far less. Measured
// on 2 cores: the whole command used the CPU only about half of its 805 s, the rest waiting.
const scratch = scratchFolder();
if (scratch) process.env.TMPDIR = scratch;
process.on('exit', () => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function scratchFolder(): string | undefined {
  try {
    const folder = fs.mkdtempSync('/dev/shm/egneord-test-');
    // Like /tmp: the PostgreSQL server runs as its own user when the suite runs as root.
    fs.chmodSync(folder, 0o1777);
    return folder;
  } catch {
    return undefined;
  }
}
const suiteStarted = Date.now();
const results: StageResult[] = [];
// Side by side, each stage runs two files at a time: the suite waits more than it computes
// (servers, pages, fsync), so that keeps both cores busy without one stage starving the others.
const stages: [string, (sideBySide: boolean) => StageResult | Promise<StageResult>][] = [
  // The browser journeys load the built scripts, so they are built first (a third of a second).
  ['build', () => run('build browser scripts', [[process.execPath, ['scripts/build-client.ts']]])],
  // Then everything side by side: every stage runs even when one fails (the summary lists what
  // failed), and the checks' single-threaded parts (tsc above all) would otherwise leave a core
  // idle for half a minute before the tests start.
  [
    'guardrails',
    () =>
      runTogether('guard-rails (lint, imports, dead code, schema)', [
        [process.execPath, [bin('biome'), 'lint', '--error-on-warnings', 'src', 'tests', 'scripts', 'bench']],
        [process.execPath, [bin('biome'), 'format', 'src', 'tests', 'scripts', 'bench']],
        [process.execPath, [bin('depcruise'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']],
        [process.execPath, [bin('knip'), '--no-progress', '--treat-config-hints-as-errors']],
        [process.execPath, ['scripts/check-schema.ts']],
      ]),
  ],
  [
    'typecheck',
    () =>
      runTogether('type check (tsc --strict)', [
        [process.execPath, [typescriptCompiler, '-p', 'tsconfig.json']],
        [process.execPath, [typescriptCompiler, '-p', 'src/client/tsconfig.json']],
      ]),
  ],
  ['unit', (side) => vitest('unit tests', 'unit', {}, side)],
  // Two workers each: the quiet run of 2 December with one PostgreSQL worker used 56 % of two
  // cores, and that stage was the longest chain (748 s, its files one after another).
  ['pglite', (side) => vitest('integration tests on PGlite', 'integration', { TEST_DB: 'pglite', ...(side ? { TEST_INTEGRATION_WORKERS: '2' } : {}) }, side)],
  [
    'postgres',
    (side) => vitest('integration tests on PostgreSQL', 'integration', { TEST_DB: 'postgres', ...(side ? { TEST_INTEGRATION_WORKERS: '2' } : {}) }, side),
  ],
  [
    'browser',
    (side) => vitest('browser tests in Chromium', 'browser', { TEST_DB: 'pglite', TEST_BROWSER_WORKERS: process.env.TEST_BROWSER_WORKERS ?? '2' }, side),
  ],
];
const chosen = stages.filter(([key]) => !only || only === key);
if (only && chosen.length === 0) {
  console.error(`Unknown stage: ${only}. Choose from: ${stages.map(([key]) => key).join(', ')}.`);
  process.exit(2);
}
for (let i = 0; i < chosen.length; ) {
  const [key, stage] = chosen[i]!;
  if (!concurrent.has(key) || only) {
    results.push(await stage(false));
    i += 1;
    continue;
  }
  const batch: ((sideBySide: boolean) => StageResult | Promise<StageResult>)[] = [];
  while (i < chosen.length && concurrent.has(chosen[i]![0])) batch.push(chosen[i++]![1]);
  results.push(...(await Promise.all(batch.map((s) => s(batch.length > 1)))));
}

console.log('\n=== summary ===');
for (const r of results)
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(48)} ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`,
  );
const failures = results.flatMap((r) => r.failures ?? []);
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
