// The whole test suite in one command: system parts, guard-rails (lint, import rules, dead code,
// schema.ts against the migrations), type check, unit tests, integration tests on PGlite and on
// a throwaway PostgreSQL server, and browser journeys in Chromium.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
const tmp = path.join(root, '.tmp');
fs.mkdirSync(tmp, { recursive: true });

function bin(name: string): string {
  return path.join(root, 'node_modules/.bin', name);
}

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
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
  seconds: number;
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

/** Runs independent checks at once; each one's output is printed whole when it ends, so it does not interleave. */
async function runTogether(name: string, steps: Step[]): Promise<StageResult> {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const codes = await Promise.all(
    steps.map(
      ([command, args]) =>
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
            console.log(`--- ${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')}\n${output.trimEnd()}`);
            resolve(code);
          });
        }),
    ),
  );
  const failed = codes.filter((c) => c !== 0).length;
  return { name, passed: steps.length - failed, failed, skipped: 0, ok: failed === 0, seconds: (Date.now() - started) / 1000 };
}

function vitest(name: string, project: string, env: Record<string, string> = {}): StageResult {
  const started = Date.now();
  const report = path.join(tmp, `vitest-${name.replace(/\W+/g, '-')}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n=== ${name} ===`);
  const bin = path.join(root, 'node_modules/.bin/vitest');
  const r = spawnSync(bin, ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let passed = 0;
  let failed = r.status === 0 ? 0 : 1;
  let skipped = 0;
  if (fs.existsSync(report)) {
    const data = JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    passed = data.numPassedTests;
    failed = Math.max(data.numFailedTests, r.status === 0 ? 0 : 1);
    skipped = data.numPendingTests + data.numTodoTests;
  }
  return { name, passed, failed, skipped, ok: r.status === 0, seconds: (Date.now() - started) / 1000 };
}

const only = process.argv[2];
ensureSystemPackages();
const results: StageResult[] = [];
const stages: [string, () => StageResult | Promise<StageResult>][] = [
  // Cheap checks first: a broken house rule fails the command before any test runs.
  [
    'guardrails',
    () =>
      runTogether('guard-rails (lint, imports, dead code, schema)', [
        [process.execPath, [bin('biome'), 'lint', '--error-on-warnings', 'src', 'tests', 'scripts', 'bench']],
        [process.execPath, [bin('depcruise'), 'src', '--config', '.dependency-cruiser.cjs', '--ignore-known', '--output-type', 'err']],
        [process.execPath, [bin('knip'), '--no-progress', '--treat-config-hints-as-errors']],
        [process.execPath, ['scripts/check-schema.ts']],
      ]),
  ],
  [
    'typecheck',
    () =>
      run('type check (tsc --strict)', [
        [bin('tsc'), ['-p', 'tsconfig.json']],
        [bin('tsc'), ['-p', 'src/client/tsconfig.json']],
      ]),
  ],
  ['build', () => run('build browser scripts', [[process.execPath, ['scripts/build-client.ts']]])],
  ['unit', () => vitest('unit tests', 'unit')],
  ['pglite', () => vitest('integration tests on PGlite', 'integration', { TEST_DB: 'pglite' })],
  ['postgres', () => vitest('integration tests on PostgreSQL', 'integration', { TEST_DB: 'postgres' })],
  ['browser', () => vitest('browser tests in Chromium', 'browser', { TEST_DB: 'pglite' })],
];
for (const [key, stage] of stages) {
  if (only && only !== key) continue;
  results.push(await stage());
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(48)} ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
