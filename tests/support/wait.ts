// Waits in tests are for things that take their time on a busy machine (a child process
// compiling TypeScript and opening PGlite while three other test stages run). A slow start is not
// a failed start, so the limits are generous; a wait that ends early costs nothing.

/** How long a freshly spawned app may take to answer /readyz. On a 2-core machine shared with
 * the other stages a start has taken over two minutes. */
export const SERVER_START_WAIT_MS = 300_000;

/** How long a spawned command (the admin command line, a start that should fail) may run. */
export const COMMAND_WAIT_MS = 300_000;

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
}

/** Node flags for the app and command-line processes the tests spawn, and for the test processes
 * themselves (vitest.config.ts, scripts/test.ts). Such a child lives for
 * seconds: V8's optimising tier would spend more CPU compiling PGlite's WebAssembly than the
 * child runs for (about 4 s of a core), and the process waits for those compilations at exit.
 * Liftoff, V8's baseline WebAssembly compiler, runs the same code; only the speed differs. */
export const CHILD_NODE_ARGS: readonly string[] = ['--liftoff-only'];
