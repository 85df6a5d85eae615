import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PGliteDialect, PostgresDialect, sql, type QueryResult, type Transaction } from 'kysely';
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
import { preparedStatementName, runPreparedQueriesDirectly } from './prepared.ts';

// Bytea comes back as Buffer from pg and Uint8Array from PGlite; timestamps as Date from both.
pg.types.setTypeParser(20, (v: string) => v); // int8 stays a string, as in PGlite's default

export async function openDatabase(options: { url?: string; dataDir: string; inMemory?: boolean; migrate?: boolean }): Promise<OpenDatabase> {
  // Only the doctor opens PostgreSQL without migrating: it looks, and never changes the schema.
  if (options.url) return openPostgres(options.url, options.migrate ?? true);
  return openPglite(options.dataDir, options.inMemory ?? false);
}

async function openPostgres(url: string, migrateSchema: boolean): Promise<OpenDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // A dropped connection must not take the process down; the next query reconnects.
  pool.on('error', () => {});
  // pg-pool listens only while a client is idle; a client checked out when its connection drops emits 'error' with no listener, which would end the process.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    runPreparedQueriesByName(client);
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseStartError(`Cannot connect to PostgreSQL at ${describeUrl(url)}: ${describeError(error)}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  runPreparedQueriesDirectly(db, async (query) => {
    const client = await pool.connect();
    try {
      return kyselyResult(await client.query(query.sql, query.parameters as unknown[]));
    } finally {
      client.release();
    }
  });
  if (migrateSchema) await migrate(pgTransaction(pool));
  return {
    db,
    kind: 'postgres',
    close: () => db.destroy(),
    ping: () => ping(db),
  };
}

/** pg's result as Kysely gives it (as its PostgreSQL driver does): the rows, and how many rows a change touched. */
function kyselyResult(result: pg.QueryResult): QueryResult<unknown> {
  const { command, rowCount, rows } = result;
  const changed = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return { rows: rows ?? [], ...(changed ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}) };
}

/**
 * Kysely hands pg the SQL text and values; for the queries prepared.ts compiles once, pg is asked
 * to use a named statement instead, which each connection parses and plans only the first time.
 * Behind a connection pooler (PgBouncer) this needs session pooling, or PgBouncer 1.21 or later
 * with max_prepared_statements set (README, production).
 */
function runPreparedQueriesByName(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof text === 'string' && callback === undefined ? preparedStatementName(text) : undefined;
    if (!name) return query(text, values, callback);
    // Made from the text and given its name afterwards: a query config object with a name would
    // be copied property by property by pg on every run (a twentieth of a save's CPU).
    const named = new pg.Query(text as string, values as unknown[]) as pg.Query & {
      name: string;
      callback: (error: Error | null, result: pg.QueryResult) => void;
    };
    named.name = name;
    return new Promise<pg.QueryResult>((resolve, reject) => {
      named.callback = (error, result) => (error ? reject(error) : resolve(result));
      query(named);
    });
  };
}

// PostgreSQL's default shared buffers (128 MB) live inside PGlite's WebAssembly memory, and each
// page read once stays resident: most of an idle installation's memory. The embedded database
// holds one organisation's data and the operating system caches its files as well, so 16 MB is
// plenty (README, "Memory"). Durability is the same: fsync and the write-ahead log are untouched.
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=16MB'];
const CREATE_EMBEDDED = fileURLToPath(new URL('./create-embedded.ts', import.meta.url));

/** How the embedded database is started: PGlite's own start parameters and ours (bench/memory.ts uses it too). */
export function pgliteOptions(PGlite: { defaultStartParams: readonly string[] }): { startParams: string[] } {
  return { startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] };
}

async function openPgliteFolder(folder: string | null): Promise<import('@electric-sql/pglite').PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = folder === null ? new PGlite() : new PGlite(folder, pgliteOptions(PGlite));
  await pglite.waitReady;
  // A write-ahead log segment the checkpoint no longer needs is deleted, not renamed for reuse
  // with the old rows still in it: erasure relies on that (repositories/erasure-ledger.ts).
  await pglite.exec('set wal_recycle = off');
  return pglite;
}

/** Creates and migrates an embedded database in `folder` and closes it (create-embedded.ts runs it). */
export async function createEmbeddedDatabase(folder: string): Promise<void> {
  const pglite = await openPgliteFolder(folder);
  await migrate(pgliteTransaction(pglite));
  await pglite.close();
}

/**
 * A new data folder is created in a short process of its own. Creating the database (PGlite's
 * initdb, its data bundle, a second compiled program) and running every migration leave the
 * process holding some 200 MB that neither V8 nor the C library gives back: the app would idle
 * at twice the memory after its first start than after a restart.
 */
async function createInChildProcess(folder: string): Promise<void> {
  const child = spawn(process.execPath, ['--liftoff-only', CREATE_EMBEDDED, folder], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(stderr.trim().split('\n').at(-1) || `exit code ${code}`);
}

async function openPglite(dataDir: string, inMemory: boolean): Promise<OpenDatabase> {
  let lock: DataDirLock | undefined;
  let pglite: import('@electric-sql/pglite').PGlite;
  if (inMemory) {
    pglite = await openPgliteFolder(null);
  } else {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch {
      throw new DatabaseStartError(`The data folder ${dataDir} cannot be created or written to. Set DATA_DIR to a writable folder.`);
    }
    lock = acquireDataDirLock(dataDir);
    const folder = path.join(dataDir, 'pglite');
    try {
      if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) await createInChildProcess(folder);
      pglite = await openPgliteFolder(folder);
    } catch (error) {
      lock.release();
      throw new DatabaseStartError(`Cannot open the embedded database in ${dataDir}: ${describeError(error)}`);
    }
  }
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
