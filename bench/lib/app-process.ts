// The app as a real child process (`node src/server/main.ts`), the way it runs in production,
// so a benchmark measures the server and not the harness sharing its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = fileURLToPath(new URL('../../src/server/main.ts', import.meta.url));
/**
 * Node's flags for the server on the embedded database, as package.json's start gives them
 * (tests/architecture/server-flags.test.ts keeps the two alike). Semi-spaces of at most 16 MB:
 * V8's default lets the young generation grow to 64 MB under load and keeps it, ≈ 120 MB more
 * resident memory after the soak's load, where PGlite already holds its own memory in the same
 * process. 8 MB cost CPU instead: with a hundred requests under way their live objects are copied
 * by every young collection, and twice the room halves how often that happens (same-run A/B, each
 * order: 7–13 % less CPU per opened statement). It cannot be set once running.
 */
export const EMBEDDED_NODE_FLAGS = ['--max-semi-space-size=16'];
/**
 * The C library's memory settings for the server on the embedded database, as package.json's
 * start gives them (the same test keeps them alike); like Node's flags they are read once, when
 * the process starts. At most two malloc arenas, and every block of 1 MB or more mapped on its
 * own and given back when freed. By default glibc gives each thread that allocates an arena of
 * its own (the four threads hashing passwords with argon2's 19 MB each kept 5–7 MB apiece), and
 * once a large block is freed it raises the size from which blocks are mapped on their own to that
 * block's, so later blocks up to 19 MB came from the arenas and stayed there. The soak's last
 * minute (200 s runs, 5 December 2026): 299.6 MB before; 270.9 with two arenas alone; 244.5 with
 * both.
 * And Node's compile cache: the code Node compiled (and the TypeScript it stripped) kept in
 * node_modules/.cache for the next start, which then compiles nothing it has seen. A restart on
 * an existing data folder (three each, 5 December 2026): ready in 1.86–2.04 s with 2.1–2.3 s of
 * CPU and 203–208 MB resident without it; 1.47–1.53 s, 1.6–1.7 s and 194–196 MB with it. The
 * systemd unit keeps it in its own cache directory.
 */
export const EMBEDDED_ENVIRONMENT: Readonly<Record<string, string>> = {
  GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=1048576',
  NODE_COMPILE_CACHE: 'node_modules/.cache/node-compile-cache',
};
/**
 * Node's flags for the server on PostgreSQL, as deploy/egne-ord.service gives them. V8's own
 * young generation, as the bare baseline of bench/server.ts runs: against it and against 64 MB,
 * 16 MB semi-spaces cost 1.19–1.24× the CPU per opened statement. And a heap that may grow to
 * three times what a full collection leaves (`--heap-growing-percent=200`): V8 judges its
 * collections by the time they take from the main thread, not by the CPU its helper threads spend
 * marking, so under load it kept the old generation's limit so low that one full collection came
 * every 700 requests (14 in 10 s; 4 with the flag, and the helper threads' CPU per request from
 * 180 to 63 µs); 0.80–0.83 of the CPU. Same-run A/B comparisons of 20 paired rounds each, two app
 * processes on one PostgreSQL at 100 connections, 5 December 2026; an A/A run of two identical
 * processes gave 0.97–1.00. The highest resident memory stayed within the runs' spread
 * (344–442 MB); with the database in its own process the server has that memory to spare.
 */
export const POSTGRES_NODE_FLAGS = ['--heap-growing-percent=200'];

/** The flags the server runs with for these settings: PostgreSQL when DATABASE_URL is set. */
export function serverNodeFlags(env: Record<string, string>): string[] {
  return env.DATABASE_URL ? POSTGRES_NODE_FLAGS : EMBEDDED_NODE_FLAGS;
}

/** The environment the server's start adds for these settings: the C library's, on the embedded database. */
export function serverEnvironment(env: Record<string, string>): Readonly<Record<string, string>> {
  return env.DATABASE_URL ? {} : EMBEDDED_ENVIRONMENT;
}

export interface AppProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** The end of what the process printed, for error messages. */
  output(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Kills at once (SIGKILL) and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts a node script as a child process with exactly `env` (plus PATH) and the app's cwd. */
export function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `url` until it answers 200; resolves with the moment (performance.now()) it did. */
export async function waitFor200(url: string, timeoutMs: number, child?: ChildProcess, intervalMs = 10): Promise<number> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode} before ${url} answered`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status;
      },
      () => 0,
    );
    if (status === 200) return performance.now();
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const OUTPUT_KEPT_CHARACTERS = 200_000;

export async function startApp(env: Record<string, string>, options: { port: number; readyTimeoutMs?: number; nodeArgs?: string[] }): Promise<AppProcess> {
  // Logging as in production (LOG_LEVEL's default, info: a line per request) into a pipe, as
  // systemd's journal takes it: writing the log is part of what a request costs.
  const child = spawnNode([...serverNodeFlags(env), ...(options.nodeArgs ?? []), MAIN], {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...serverEnvironment(env),
    ...env,
    PORT: String(options.port),
  });
  // Only the end is kept: it is for error messages, and a soak writes a line per request.
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > OUTPUT_KEPT_CHARACTERS) output = output.slice(-OUTPUT_KEPT_CHARACTERS / 2);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitFor200(`${url}/readyz`, options.readyTimeoutMs ?? 60_000, child, 50);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    port: options.port,
    pid: child.pid as number,
    child,
    output: () => output,
    stop: async () => {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await done;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
  };
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS is in kB). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for pid ${pid}`);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on every Linux build that matters here (getconf CLK_TCK). */
const CLOCK_TICKS = 100;
