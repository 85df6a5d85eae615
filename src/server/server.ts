import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { Keyring } from './crypto/envelope.ts';
import { createLogger, errorSummaryForLog } from './observability/logger.ts';
import { sendDueReminders } from './services/reminders.ts';
import { createMetrics } from './observability/metrics.ts';
import { createRequestHandler } from './http/app.ts';
import { allRoutes } from './routes/index.ts';
import type { AppDeps } from './deps.ts';
import { createMailer } from './mail/mailer.ts';
import { deleteExpiredSessions } from './repositories/sessions.ts';
import { pruneRateLimits } from './repositories/rate-limits.ts';
import { ensureBuiltinTemplates } from './services/template-catalogue.ts';
import { ensureDefaultQuestionnaires } from './services/evaluation/questionnaires.ts';
import { flushAnswerQueue } from './services/evaluation/responses.ts';
import { warmPasswordRules } from './crypto/password-strength.ts';

export interface RunningServer {
  routes: import('./http/types.ts').Route[];
  url: string;
  port: number;
  deps: AppDeps;
  database: OpenDatabase;
  close(): Promise<void>;
}

export class StartError extends Error {}

/** The installation key: from DATA_KEY, or in embedded mode a file created once in the data folder. */
export function installationKey(config: Config): Buffer {
  if (config.DATA_KEY) return Buffer.from(config.DATA_KEY, 'base64');
  if (config.DATABASE_URL) throw new StartError('DATA_KEY must be set when DATABASE_URL is used (base64 of 32 random bytes).');
  const file = path.join(config.dataDir, 'data-key');
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    throw new StartError(`The data folder ${config.dataDir} cannot be created or written to. Set DATA_DIR to a writable folder.`);
  }
}

export async function startServer(config: Config, options: { inMemory?: boolean; now?: () => Date; database?: OpenDatabase } = {}): Promise<RunningServer> {
  const logger = createLogger(config.LOG_LEVEL);
  const key = options.inMemory && !config.DATA_KEY ? crypto.randomBytes(32) : installationKey(config);
  const database =
    options.database ??
    (await openDatabase({ ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : {}), dataDir: config.dataDir, inMemory: options.inMemory ?? false }));
  await ensureBuiltinTemplates({ db: database.db });
  await ensureDefaultQuestionnaires({ db: database.db });
  const metrics = createMetrics();
  const state = { shuttingDown: false };
  const deps: AppDeps = {
    config,
    db: database.db,
    dbKind: database.kind,
    keyring: new Keyring(key),
    logger,
    mailer: createMailer(config.SMTP_URL, config.MAIL_FROM),
    ping: database.ping,
    now: options.now ?? (() => new Date()),
  };
  const routes = allRoutes(metrics, state);
  const handler = createRequestHandler(deps, routes, metrics);
  const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 15_000, maxHeaderSize: 16_384 }, (req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  // The password rules' dictionaries load in the background, not in the first sign-up's request.
  warmPasswordRules();
  const reminders = setInterval(() => {
    void sendDueReminders(deps).catch((error: unknown) => logger.warn({ error: errorSummaryForLog(error) }, 'reminders failed'));
  }, 5 * 60_000);
  reminders.unref();
  const housekeeping = setInterval(() => {
    const now = deps.now();
    void deleteExpiredSessions(deps.db, now).catch(() => {});
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
      })()),
  };
}
