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
import { ensureStarterGuides } from './services/guides.ts';
import { flushAnswerQueue } from './services/evaluation/responses.ts';
import { applyErasureLedger } from './services/erasure.ts';
import { installationKeyMatches, rememberInstallationKey } from './services/installation-key.ts';

export interface RunningServer {
  routes: import('./http/types.ts').Route[];
  url: string;
  port: number;
  deps: AppDeps;
  database: OpenDatabase;
  close(): Promise<void>;
}

export class StartError extends Error {}

/** The installation key, and where to write it when it is new (only once the database is
 * known to hold nothing sealed with another key). */
interface KeySource {
  key: Buffer;
  newFile?: string;
}

function locateInstallationKey(config: Config, options: { inMemory: boolean; mayCreate: boolean }): KeySource {
  if (config.DATA_KEY) return { key: Buffer.from(config.DATA_KEY, 'base64') };
  if (options.inMemory) return { key: crypto.randomBytes(32) };
  const file = config.dataKeyFile;
  if (config.DATABASE_URL) {
    if (!config.DATA_KEY_FILE) throw new StartError('DATA_KEY or DATA_KEY_FILE must be set when DATABASE_URL is used (base64 of 32 random bytes).');
    if (!fs.existsSync(file)) throw new StartError(`The installation key file ${file} (DATA_KEY_FILE) does not exist.`);
    return { key: readKeyFile(file) };
  }
  if (fs.existsSync(file)) return { key: readKeyFile(file) };
  // Earlier versions kept the key inside the data folder; a new key here would open nothing there.
  const inFolder = path.join(config.dataDir, 'data-key');
  if (fs.existsSync(inFolder)) {
    throw new StartError(
      `The installation key is in the data folder (${inFolder}), where every copy of the folder carries it along. Move it to ${file}, or set DATA_KEY_FILE=${inFolder} to keep it where it is.`,
    );
  }
  if (!options.mayCreate) throw new StartError(`There is no installation key at ${file}. Set DATA_KEY or DATA_KEY_FILE to the key the data was sealed with.`);
  return { key: crypto.randomBytes(32), newFile: file };
}

function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new StartError(`The installation key file ${file} cannot be read.`);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new StartError(`The installation key file ${file} does not hold a key (base64 of 32 bytes).`);
  return key;
}

function writeKeyFile(file: string, key: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch {
    throw new StartError(`The installation key file ${file} cannot be written. Set DATA_KEY_FILE to a writable place outside the data folder.`);
  }
}

/**
 * Opens the database with its installation key, refusing a key that does not match the data.
 * A new key (embedded mode, first start) is written to its file only after that check.
 */
export async function openInstallation(
  config: Config,
  options: { inMemory?: boolean; database?: OpenDatabase; mayCreateKey?: boolean; migrate?: boolean } = {},
): Promise<{ database: OpenDatabase; keyring: Keyring }> {
  const source = locateInstallationKey(config, { inMemory: options.inMemory ?? false, mayCreate: options.mayCreateKey ?? true });
  const database =
    options.database ??
    (await openDatabase({
      ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : {}),
      dataDir: config.dataDir,
      inMemory: options.inMemory ?? false,
      migrate: options.migrate ?? true,
    }));
  const keyring = new Keyring(source.key);
  try {
    if (!(await installationKeyMatches({ db: database.db, keyring }))) {
      throw new StartError(
        source.newFile
          ? `The installation key file ${source.newFile} does not exist, but the database holds data sealed with a key. Put the key file back, or set DATA_KEY or DATA_KEY_FILE; a new key would leave the data unreadable.`
          : 'The installation key does not match the data: the database holds data sealed with another key. Start with the key the data was sealed with (DATA_KEY or DATA_KEY_FILE).',
      );
    }
    if (source.newFile) writeKeyFile(source.newFile, source.key);
    await rememberInstallationKey({ db: database.db, keyring });
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
  return { database, keyring };
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
