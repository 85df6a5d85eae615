import pino from 'pino';

// Logs carry route patterns, status codes and timings only: never a path with its ids or
// tokens, never a name, never anything a person typed.
export function createLogger(level: string) {
  return pino({ level, base: undefined, redact: { paths: ['req.headers', 'body', 'password'], remove: true } });
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
