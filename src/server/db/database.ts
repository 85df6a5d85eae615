import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { Kysely, PGliteDialect, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';

export type Db = Kysely<Database>;
/** An open transaction; services get one from `useCase` (services/use-case.ts). */
export type Tx = Transaction<Database>;
/** What a repository function runs its SQL on: the pool, or a transaction. */
export type Executor = Db | Tx;

export interface OpenDatabase {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Closes connections and, for PGlite, the data folder and its lock. */
  close(): Promise<void>;
  /** Quick round-trip used by /readyz. */
  ping(): Promise<boolean>;
}

import { DatabaseStartError } from './errors.ts';

// Bytea comes back as Buffer from pg and Uint8Array from PGlite; timestamps as Date from both.
pg.types.setTypeParser(20, (v: string) => v); // int8 stays a string, as in PGlite's default

export async function openDatabase(options: { url?: string; dataDir: string; inMemory?: boolean }): Promise<OpenDatabase> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir, options.inMemory ?? false);
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // A dropped connection must not take the process down; the next query reconnects.
  pool.on('error', () => {});
  // pg-pool listens only while a client is idle; a client checked out when its connection drops emits 'error' with no listener, which would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseStartError(`Cannot connect to PostgreSQL at ${describeUrl(url)}: ${describeError(error)}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrate(pgTransaction(pool));
  return {
    db,
    kind: 'postgres',
    close: () => db.destroy(),
    ping: () => ping(db),
  };
}

/**
 * How the embedded database is started; see README "Memory". PGlite's defaults are a server's:
 * 128 MB of shared buffers, written through at start, and room for 100 connections, while the
 * embedded database has one connection and a data set of a few MB to a few hundred. 16 MB of
 * buffers (2,048 pages) keeps the working set of an installation in memory and takes about
 * 180 MB off the resident memory. PGlite's own start parameters stay (fsync as today): only
 * memory sizes are added.
 */
export function pgliteOptions(PGliteClass: typeof import('@electric-sql/pglite').PGlite): import('@electric-sql/pglite').PGliteOptions {
  // PGlite's own start parameters (its static defaultStartParams, missing from its type declarations).
  const defaults = (PGliteClass as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  if (!Array.isArray(defaults)) throw new DatabaseStartError('This version of PGlite has no defaultStartParams; check pgliteOptions in db/database.ts.');
  return { startParams: [...defaults, '-c', 'shared_buffers=16MB', '-c', 'max_connections=10'] };
}

async function openPglite(dataDir: string, inMemory: boolean): Promise<OpenDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  let lock: DataDirLock | undefined;
  let pglite: InstanceType<typeof PGlite>;
  if (inMemory) {
    pglite = new PGlite(pgliteOptions(PGlite));
  } else {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch {
      throw new DatabaseStartError(`The data folder ${dataDir} cannot be created or written to. Set DATA_DIR to a writable folder.`);
    }
    lock = acquireDataDirLock(dataDir);
    try {
      const isNew = !fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'));
      pglite = new PGlite(path.join(dataDir, 'pglite'), pgliteOptions(PGlite));
      await pglite.waitReady;
      if (isNew) collectInitdbGarbage();
    } catch (error) {
      lock.release();
      throw new DatabaseStartError(`Cannot open the embedded database in ${dataDir}: ${describeError(error)}`);
    }
  }
  // A write-ahead log segment the checkpoint no longer needs is deleted, not renamed for reuse
  // with the old rows still in it: erasure relies on that (repositories/erasure-ledger.ts).
  await pglite.exec('set wal_recycle = off');
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  // PGlite's query() runs one statement at a time; migrations are scripts, so they use exec().
  await migrate(pgliteTransaction(pglite));
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      lock?.release();
    },
    ping: () => ping(db),
  };
}

/**
 * A new data folder is made by a second, temporary PGlite instance (initdb); once closed, its
 * WebAssembly memory (over 300 MB) is garbage, but V8 does not count WebAssembly memory as heap
 * pressure, so an idle app would keep it resident until some later collection. One full
 * collection, once, after a first start returns it (bench: `npm run bench -- start`).
 */
function collectInitdbGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationExecutor {
  exec(script: string): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}
export type InTransaction = <T>(work: (ex: MigrationExecutor) => Promise<T>) => Promise<T>;

/** Applies every migration not yet applied, all in one transaction under an advisory lock,
 * so that several app instances starting at once on one PostgreSQL do not race. */
export async function migrate(inTransaction: InTransaction): Promise<string[]> {
  const files = fs
    .readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return inTransaction(async (ex) => {
    await ex.query('select pg_advisory_xact_lock(748213)');
    await ex.exec('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
    const done = new Set((await ex.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await ex.exec(fs.readFileSync(path.join(migrationsDir, file), 'utf8'));
      await ex.query('insert into schema_migrations (name) values ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}

function pgTransaction(pool: pg.Pool): InTransaction {
  return async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        exec: async (script) => {
          await client.query(script);
        },
        query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
}

function pgliteTransaction(pglite: import('@electric-sql/pglite').PGlite): InTransaction {
  return (work) =>
    pglite.transaction((tx) =>
      work({
        exec: async (script) => {
          await tx.exec(script);
        },
        query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
      }),
    );
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: string; message?: string };
    if (e.code && /^[A-Z]+$/.test(e.code)) return e.code;
    if (e.message) return e.message.split('\n')[0]!.replace(/postgres(ql)?:\/\/[^\s]+/g, '(url)');
  }
  return 'unknown error';
}
