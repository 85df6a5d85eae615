import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Keyring } from './crypto/envelope.ts';
import type { Mailer } from './mail/mailer.ts';

/** What every service needs from the running installation; built once at start. */
export interface AppDeps {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  keyring: Keyring;
  logger: Logger;
  mailer: Mailer;
  ping(): Promise<boolean>;
  now(): Date;
}
