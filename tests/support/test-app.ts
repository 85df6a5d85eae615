import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { openDatabase, type OpenDatabase } from '../../src/server/db/database.ts';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** A new, empty database of the kind under test: an in-memory PGlite, or a fresh database
 * on the suite's throwaway PostgreSQL server (with `migrated`, a copy of the suite's migrated
 * template, which only opens with the template's data key). */
export async function freshDatabaseUrl(options: { migrated?: boolean } = {}): Promise<string | undefined> {
  if (testDbKind() !== 'postgres') return undefined;
  const adminUrl = inject('pgUrl');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const template = options.migrated ? inject('pgTemplate').name : '';
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await client.end();
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

/** On PGlite, a new data folder copied from the suite's migrated one, with the key it opens
 * with: what a fresh installation holds after its first start, without the seconds of initdb
 * and migrations. Undefined on PostgreSQL. */
export function copyOfPgliteTemplate(): { dataDir: string; key: string } | undefined {
  const template = testDbKind() === 'pglite' ? inject('pgliteTemplate') : undefined;
  if (!template?.dir) return undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-test-'));
  fs.cpSync(template.dir, dataDir, { recursive: true, filter: (source) => path.basename(source) !== 'egneord.lock' });
  return { dataDir, key: template.key };
}

export interface TestApp extends RunningServer {
  env: Record<string, string>;
}

export async function startTestApp(options: { env?: Record<string, string>; now?: () => Date; databaseUrl?: string; dataDir?: string } = {}): Promise<TestApp> {
  // A copy of the suite's migrated database, unless the test brings its own database, folder or key.
  const ownDatabase = !!options.databaseUrl || !!options.dataDir || !!options.env?.DATA_KEY;
  const pgTemplate = testDbKind() === 'postgres' && !ownDatabase ? inject('pgTemplate') : undefined;
  const databaseUrl = options.databaseUrl ?? (await freshDatabaseUrl({ migrated: !!pgTemplate?.name }));
  const template = !databaseUrl && !ownDatabase ? copyOfPgliteTemplate() : undefined;
  const fromTemplate = !!template;
  const dataDir = options.dataDir ?? template?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-test-'));
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATA_KEY: template ? template.key : pgTemplate?.name ? pgTemplate.key : crypto.randomBytes(32).toString('base64'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const inMemory = !databaseUrl && !options.dataDir && !fromTemplate;
  const server = await startServer(config, { inMemory, ...(options.now ? { now: options.now } : {}) });
  if (!fromTemplate) return Object.assign(server, { env });
  const close = server.close;
  return Object.assign(server, {
    env,
    close: async () => {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A database of the kind under test with the schema in place, for restoring into: on PGlite a
 * copy of the suite's migrated folder (an in-memory PGlite runs initdb and every migration, tens
 * of seconds on a busy machine), on PostgreSQL a fresh database that migrates itself. */
export async function openTestDatabase(): Promise<OpenDatabase> {
  const url = await freshDatabaseUrl();
  if (url) return openDatabase({ url, dataDir: '' });
  const template = copyOfPgliteTemplate();
  if (!template) return openDatabase({ dataDir: '', inMemory: true });
  const opened = await openDatabase({ dataDir: template.dataDir });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      fs.rmSync(template.dataDir, { recursive: true, force: true });
    },
  };
}
