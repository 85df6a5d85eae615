import pino from 'pino';

// Log lines go to standard output without the request waiting for them. Written synchronously,
// as pino does by default, a log reader that stalls (the journal busy, a full disk behind it)
// stopped the app: once the pipe held 64 KB, every request waited for its line to be taken. Now
// the lines wait in memory instead, up to LOG_BUFFER_BYTES; past that, new lines are dropped
// until the reader catches up: people keep being answered.
// Lines leave in batches of at least BATCH_BYTES, and whatever is shorter leaves within
// BATCH_WAIT_MS: each write is a trip through libuv's thread pool, and under the server bench's
// load a write per line or two cost that pool's thread 22–24 µs of CPU per opened statement.
// At a clean stop what is still on its way is written out before the app says it has stopped
// (flushLogs). At any other end, an uncaught error too (Node emits 'exit' then), the lines that
// wait are written; only a write already under way at that moment may be lost, and on a kill
// that gives no chance (SIGKILL, the machine's power) the last BATCH_WAIT_MS of lines. Either
// way a full pipe is tried for GIVE_UP_MS at most: a reader that has stalled for good must not
// keep a stop from ending (systemd would kill the app after 30 s).
const LOG_BUFFER_BYTES = 16 * 1024 * 1024;
const BATCH_BYTES = 4096;
const BATCH_WAIT_MS = 250;
const STOP_WAIT_MS = 5000;
const GIVE_UP_MS = 1000;
type SonicBoomStream = ReturnType<typeof pino.destination>;
let destination: SonicBoomStream | undefined;
/** Until when a full pipe is tried again; for ever while the app runs. */
let retryFullPipeUntil = Number.POSITIVE_INFINITY;

function standardOutput(): SonicBoomStream {
  if (!destination) {
    // pino writes out what waits when the process ends (an 'exit' handler of its own, calling
    // flushSync); this one runs before it and bounds how long a full pipe is tried there.
    process.prependOnceListener('exit', () => {
      retryFullPipeUntil = Math.min(retryFullPipeUntil, Date.now() + GIVE_UP_MS);
    });
    destination = pino.destination({
      dest: 1,
      sync: false,
      minLength: BATCH_BYTES,
      periodicFlush: BATCH_WAIT_MS,
      maxLength: LOG_BUFFER_BYTES,
      retryEAGAIN: () => Date.now() < retryFullPipeUntil,
    });
    // A log that cannot be written never ends the app.
    destination.on('error', () => undefined);
  }
  return destination;
}

// Logs carry route patterns, status codes and timings only: never a path with its ids or
// tokens, never a name, never anything a person typed.
export function createLogger(level: string) {
  return pino({ level, base: undefined, redact: { paths: ['req.headers', 'body', 'password'], remove: true } }, standardOutput());
}

/** Writes the lines still on their way; resolves when they are out, or after about STOP_WAIT_MS
 * and GIVE_UP_MS if the reader has stalled (a stop must not wait for ever). */
export async function flushLogs(): Promise<void> {
  const stream = destination;
  if (!stream) return;
  // sonic-boom's flush(callback) would call back only once the pipe took everything, never if
  // the reader has stalled, and its flushSync() leaves out the write under way, which may be a
  // part waiting to retry a full pipe. So the write under way is waited for, for a bounded time,
  // then the rest written at once. sonic-boom says it is writing only in a field of its own;
  // without it this simply writes out what waits.
  const until = Date.now() + STOP_WAIT_MS;
  while ((stream as unknown as { _writing?: boolean })._writing && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  retryFullPipeUntil = Date.now() + GIVE_UP_MS;
  try {
    stream.flushSync();
  } catch {
    // The output is closed, or still full after GIVE_UP_MS: what is left cannot be written.
  }
  // Tests start and stop many servers in one process, all writing to this one stream.
  retryFullPipeUntil = Number.POSITIVE_INFINITY;
}

export function errorSummaryForLog(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The message may quote data (a constraint's values, say); the stack frames do not.
    const frames = (error.stack ?? '')
      .split('\n')
      .slice(1, 8)
      .map((l) => l.trim());
    return { type: error.constructor.name, ...(typeof code === 'string' ? { code } : {}), frames };
  }
  return { type: typeof error };
}
