import { ConfigError, loadConfig } from './config.ts';
import { DatabaseStartError } from './db/errors.ts';
import { startServer, StartError } from './server.ts';

// Start-up problems are told in one line, never as a stack trace.
async function main(): Promise<void> {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const config = loadConfig();
    server = await startServer(config);
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
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();
