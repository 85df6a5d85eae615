import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import type { OpenDatabase } from './db/database.ts';
import { openInstallation } from './installation.ts';
import { createLogger, errorSummaryForLog, flushLogs } from './observability/logger.ts';
import { sendDueReminders } from './services/reminders.ts';
import { createMetrics } from './observability/metrics.ts';
import { createRequestHandler } from './http/app.ts';
import { allRoutes } from './routes/index.ts';
import type { AppDeps } from './deps.ts';
import { createMailer } from './mail/mailer.ts';
import { deleteExpiredSessions } from './repositories/sessions.ts';
import { deleteExpiredKeptForms } from './repositories/kept-forms.ts';
import { pruneRateLimits } from './repositories/rate-limits.ts';
import { ensureBuiltinTemplates } from './services/template-catalogue.ts';
import { ensureDefaultQuestionnaires } from './services/evaluation/questionnaires.ts';
import { ensureStarterGuides } from './services/guides.ts';
import { flushAnswerQueue } from './services/evaluation/responses.ts';
import { applyErasureLedger } from './services/erasure.ts';

export interface RunningServer {
  routes: import('./http/types.ts').Route[];
  url: string;
  port: number;
  deps: AppDeps;
  database: OpenDatabase;
  close(): Promise<void>;
}

// How long a connection may wait idle for its next request. Node's 5 s is shorter than a reverse
// proxy keeps its connections to the app (nginx 60 s with upstream keepalive, Caddy 2 minutes), so
// the proxy would send a request on a connection the app is closing that moment, and pass the
// reset on as a 502. Longer than the proxy's, the proxy always closes first. A stop still closes
// idle connections at once (close() below).
const IDLE_CONNECTION_MS = 130_000;

export async function startServer(config: Config, options: { inMemory?: boolean; now?: () => Date; database?: OpenDatabase } = {}): Promise<RunningServer> {
  const logger = createLogger(config.LOG_LEVEL);
  const { database, keyring } = await openInstallation(config, {
    inMemory: options.inMemory ?? false,
    ...(options.database ? { database: options.database } : {}),
  });
  await ensureBuiltinTemplates({ db: database.db });
  await ensureDefaultQuestionnaires({ db: database.db });
  const metrics = createMetrics();
  const state = { shuttingDown: false };
  const deps: AppDeps = {
    config,
    db: database.db,
    dbKind: database.kind,
    keyring,
    logger,
    mailer: createMailer(config.SMTP_URL, config.MAIL_FROM),
    ping: database.ping,
    now: options.now ?? (() => new Date()),
  };
  await ensureStarterGuides(deps);
  // A database restored by hand from an older copy: whoever was erased since goes again before
  // the first request is served.
  const erasedAgain = await applyErasureLedger(deps);
  if (erasedAgain > 0) logger.warn({ erased: erasedAgain }, 'erased again accounts the erasure ledger names (the database was restored from an older copy)');
  const routes = allRoutes(metrics, state);
  const handler = createRequestHandler(deps, routes, metrics);
  const server = http.createServer(
    { requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: IDLE_CONNECTION_MS, maxHeaderSize: 16_384 },
    (req, res) => {
      handler(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end();
      });
    },
  );
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const reminders = setInterval(() => {
    void sendDueReminders(deps).catch((error: unknown) => logger.warn({ error: errorSummaryForLog(error) }, 'reminders failed'));
  }, 5 * 60_000);
  reminders.unref();
  const housekeeping = setInterval(() => {
    const now = deps.now();
    void deleteExpiredSessions(deps.db, now).catch(() => {});
    void deleteExpiredKeptForms(deps.db, now).catch(() => {});
    void pruneRateLimits(deps.db, new Date(now.getTime() - 24 * 3600_000)).catch(() => {});
  }, 10 * 60_000);
  housekeeping.unref();
  // Anonymous answers are written in whole batches as they fill; once an hour the rest too, so
  // none waits for ever (see flushAnswerQueue for why not at once).
  const flushAnswers = () =>
    flushAnswerQueue(deps, { all: true }).catch((error: unknown) => logger.warn({ error: errorSummaryForLog(error) }, 'writing queued answers failed'));
  const answers = setInterval(() => void flushAnswers(), 60 * 60_000);
  answers.unref();
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    routes,
    deps,
    database,
    close: () =>
      (closing ??= (async () => {
        state.shuttingDown = true;
        clearInterval(housekeeping);
        clearInterval(reminders);
        clearInterval(answers);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 5000).unref();
        });
        await flushAnswers();
        if (!options.database) await database.close();
        await flushLogs();
      })()),
  };
}
