// The app as a process of its own, for the tests that need what only a real process has: its
// signals, its exit code, its log on standard output, a kill in the middle of a write, the way
// systemd starts it. One place starts it, collects what it prints and waits until it answers.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './postgres-server.ts';
import { CHILD_NODE_ARGS, SERVER_START_WAIT_MS, waitFor } from './wait.ts';

export const MAIN = path.resolve('src/server/main.ts');

export interface SpawnedApp {
  url: string;
  /** What it printed so far: standard error, and standard output once it is read. */
  output(): string;
  /** Starts reading standard output, for an app started with `unread`. */
  read(): void;
  /** Stops it as systemd does (SIGTERM); resolves with the exit code once its output is all read,
   * or, while nobody reads its standard output, once the process has ended. */
  stop(): Promise<number | null>;
  /** Kills it at once (SIGKILL) if it still runs, and waits for its end. */
  kill(): Promise<void>;
}

/**
 * Starts the app with exactly `env` (plus a free PORT) and resolves once /readyz answers 200;
 * fails with what it printed if it exits first. By default it is `node src/server/main.ts` with
 * the tests' child flags; `command` starts it some other way (as the systemd unit does). With
 * `unread`, nobody reads its standard output until `read()`: a log reader that has stalled.
 */
export async function spawnApp(options: {
  env: Record<string, string>;
  command?: { program: string; args: string[]; cwd?: string };
  unread?: boolean;
}): Promise<SpawnedApp> {
  const port = await freePort();
  const { program, args, cwd } = options.command ?? { program: process.execPath, args: [...CHILD_NODE_ARGS, MAIN] };
  const child = spawn(program, args, { cwd, env: { ...options.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let reading = false;
  const read = () => {
    reading = true;
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  };
  if (!options.unread) read();
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  // 'close' comes once the output is all read; a pipe nobody reads never closes, so then only the
  // process's own end ('exit') can be waited for.
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await ended;
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it answered:\n${output}`);
        return (await fetch(`${url}/readyz`).catch(() => null))?.status === 200;
      },
      SERVER_START_WAIT_MS,
      `the app on ${url}`,
    );
  } catch (error) {
    await kill();
    throw error;
  }
  const stop = () => {
    child.kill('SIGTERM');
    return reading ? closed : ended;
  };
  return { url, output: () => output, read, stop, kill };
}

/** What every process a test starts gets from the suite, and nothing else of its environment:
 * this PATH, and Node's compile cache when the test command set one (scripts/test.ts), so that a
 * process loading the same files as the one before it does not compile them again. */
export function processEnvironment(): Record<string, string> {
  const cache = process.env.NODE_COMPILE_CACHE;
  return { PATH: process.env.PATH ?? '', ...(cache ? { NODE_COMPILE_CACHE: cache } : {}) };
}

/** The environment the tests start the app in: the suite's (processEnvironment), loopback only, and `env` on top. */
export function appEnvironment(env: Record<string, string>): Record<string, string> {
  return { ...processEnvironment(), HOST: '127.0.0.1', ...env };
}
