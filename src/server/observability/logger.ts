import { once } from 'node:events';
import pino from 'pino';

// Log lines go to standard output without the request waiting for them. Written synchronously,
// as pino does by default, a log reader that stalls (the journal busy, a full disk behind it)
// stopped the app: once the pipe held 64 KB, every request waited for its line to be taken. Now
// the lines wait in memory instead, up to LOG_BUFFER_BYTES; past that, new lines are dropped
// until the reader catches up: people keep being answered. A line given while the last write is
// under way joins the next one, so under load many lines leave in one system call, and a quiet
// server still writes each line at once. (The CPU a line costs hardly changed: 15 against 18 µs
// per opened statement under the server bench's load; most of it is pino's own work.)
// At a clean stop what is still on its way is written out before the app says it has stopped
// (flushLogs). At any other end, an uncaught error too (Node emits 'exit' then), the lines that
// wait are written; only a write already under way at that moment may be lost.
const LOG_BUFFER_BYTES = 16 * 1024 * 1024;
const STOP_WAIT_MS = 5000;
type SonicBoomStream = ReturnType<typeof pino.destination>;
let destination: SonicBoomStream | undefined;
function standardOutput(): SonicBoomStream {
  if (!destination) {
    const stream = pino.destination({ dest: 1, sync: false, maxLength: LOG_BUFFER_BYTES });
    process.once('exit', () => {
      try {
        stream.flushSync();
      } catch {
        // Output already closed (a pipe whose reader has gone): nothing left to write to.
      }
    });
    destination = stream;
  }
  return destination;
}

// Logs carry route patterns, status codes and timings only: never a path with its ids or
// tokens, never a name, never anything a person typed.
export function createLogger(level: string) {
  return pino({ level, base: undefined, redact: { paths: ['req.headers', 'body', 'password'], remove: true } }, standardOutput());
}

/** Writes the lines still on their way; resolves when they are out, or after STOP_WAIT_MS if the
 * reader has stalled (a stop must not wait for ever). */
export async function flushLogs(): Promise<void> {
  const stream = destination;
  if (!stream) return;
  // pino's flush() returns at once for this stream (it has no minLength), and sonic-boom's
  // flushSync() leaves out the write under way, which may be a part waiting to retry a full
  // pipe: that write is over at the stream's 'drain'. sonic-boom says it is writing only in a
  // field of its own; without it this simply writes out what waits.
  const until = Date.now() + STOP_WAIT_MS;
  while ((stream as unknown as { _writing?: boolean })._writing && Date.now() < until) {
    await Promise.race([once(stream, 'drain'), new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  stream.flushSync();
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
