import v8 from 'node:v8';
import vm from 'node:vm';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseStartError } from './db/errors.ts';
import { startServer } from './server.ts';
import { StartError } from './installation.ts';

/** Opening the database, checking its migrations and loading the modules leave some 200 MB of
 * garbage (measured on a restart: 488 MB before a full collection, 287 MB after) that V8 frees
 * only at its next full collection, which an idle app may not reach for hours; one collection
 * after the start gives it back. (A new folder is created in a process of its own: database.ts.)
 * The "last resort" kind also shrinks the young generation, which the start grew to its largest
 * (64 MB reserved, ≈ 30 MB resident) and an ordinary collection leaves that size: ≈ 40 MB less. */
function collectStartGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as (options: { type: 'major'; flavor: 'last-resort' }) => void)({ type: 'major', flavor: 'last-resort' });
}

/** The embedded database (PGlite) is PostgreSQL compiled to WebAssembly. V8 compiles it once
 * with its baseline compiler (Liftoff) and by default then recompiles the functions that run often
 * with its optimizing compiler, in background threads whose working memory the C library keeps
 * (one arena per thread, never given back): ≈ 50 MB of an idle app, ≈ 60–75 MB after load.
 * Measured with the soak's mixed load on the embedded database, requests cost ≈ 5 % more CPU
 * without it (most of a request's time is in JavaScript, not in PostgreSQL), so the app keeps the
 * baseline code. Set before the database module is loaded: the flags are read when the
 * WebAssembly is compiled, so a start without Node flags gets it too (unlike the young
 * generation's size, which needs a flag on the command line: package.json's start). Without
 * --no-wasm-dynamic-tiering V8 ignores the other flag once running. No effect on PostgreSQL. */
function keepWebAssemblyBaselineCompiled(): void {
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
  v8.setFlagsFromString('--no-wasm-tier-up');
}

// Start-up problems are told in one line, never as a stack trace.
async function main(): Promise<void> {
  keepWebAssemblyBaselineCompiled();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const config = loadConfig();
    server = await startServer(config);
    // A moment later, once the start's last promises have settled and let go of what they held.
    setTimeout(collectStartGarbage, 2000).unref();
    const mode = server.database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
    process.stdout.write(`Egne ord is running on http://localhost:${server.port} (${mode}). Stop with Ctrl+C.\n`);
    if (!config.SMTP_URL) process.stdout.write('E-mail is off (no SMTP_URL): no reminders, newsletters or confirmations are sent, and no page promises one.\n');
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseStartError || error instanceof StartError) {
      process.stderr.write(`Egne ord cannot start: ${error.message}\n`);
    } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write('Egne ord cannot start: the port is already in use. Set PORT to another port.\n');
    } else {
      process.stderr.write(`Egne ord cannot start: ${(error as Error).message?.split('\n')[0] ?? 'unknown error'}\n`);
    }
    process.exit(1);
  }
  const stop = (signal: string) => {
    process.stdout.write(`Received ${signal}, closing cleanly…\n`);
    server!.close().then(
      () => {
        process.stdout.write('Egne ord stopped.\n');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();
