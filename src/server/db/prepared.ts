import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Executor } from './database.ts';

// Why: building a query with Kysely's builder and compiling it to SQL cost about a fifth of the
// CPU and a third of the memory allocated by a request that opens a statement (profiled under
// `npm run bench -- server`), for SQL that is the same every time. The queries that run on every
// request are therefore built and compiled once, with a placeholder standing for each argument,
// and each run only puts the arguments in the placeholders' places. Kysely has no such cache of
// its own, and none of the libraries around it keeps one.

// On PostgreSQL each of these queries also runs as a named (server-side prepared) statement:
// each connection parses and plans it once instead of on every run, which halved PostgreSQL's
// CPU per request when opening a statement (bench/server.ts). A query that reads `*` is left
// unnamed: a column added by a later migration would change its result, and PostgreSQL refuses
// to run a prepared statement whose result changed until the connection is closed.
const statementNames = new Map<string, string>();

/** The name PostgreSQL knows this SQL by, if it is a prepared query's: see database.ts. */
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

/** Stands for the builder's n-th argument while the query is compiled. */
class Placeholder {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

// On PostgreSQL a prepared query on the pool (not in a transaction) also skips Kysely's executor,
// which is built for what these queries never need (plugins, cancellation, logging): it takes a
// pooled client, runs the query and gives the client back, as Kysely's driver does, for 4–5 µs
// less CPU per query (33 against 37 µs, pg's own work included; 20 queries at a time on one
// PostgreSQL, 5 December 2026). Inside a transaction the same shortcut saved nothing measurable,
// so transactions keep Kysely's executor. PGlite registers nothing: its one connection is shared
// by every transaction, and only Kysely's lock keeps a query outside a transaction from running
// inside someone else's.

/** How a database runs a compiled query on its pool without Kysely's executor. */
export type DirectRunner = (query: CompiledQuery) => Promise<QueryResult<unknown>>;
const directRunners = new WeakMap<Executor, DirectRunner>();

/** Lets prepared queries on `db` (the pool, not its transactions) go straight to `runner`. */
export function runPreparedQueriesDirectly(db: Executor, runner: DirectRunner): void {
  directRunners.set(db, runner);
}

export interface PreparedQuery<A extends unknown[], O> {
  /** Runs the query with these arguments on the database or inside a transaction. */
  run(db: Executor, ...args: A): Promise<QueryResult<O>>;
  rows(db: Executor, ...args: A): Promise<O[]>;
  first(db: Executor, ...args: A): Promise<O | undefined>;
}

/**
 * A query built once by `build` and run many times. `build` must use each argument only as a
 * value in the query (where `x = arg`, values({ x: arg }), set({ x: arg })): never to choose what
 * the query looks like, and never undefined (which would leave a column out); each is checked to
 * have become a parameter when the query is first compiled. Every dialect the app uses compiles
 * to PostgreSQL, so one compiled form serves PGlite and PostgreSQL alike.
 */
export function prepare<A extends unknown[], O>(build: (db: Executor, ...args: A) => Compilable<O>): PreparedQuery<A, O> {
  // The builder's declared arguments after `db`: how many placeholders it takes.
  const arity = build.length - 1;
  let compiled: CompiledQuery<O> | undefined;
  const compile = (db: Executor): CompiledQuery<O> => {
    const placeholders = Array.from({ length: arity }, (_, i) => new Placeholder(i));
    const query = build(db, ...(placeholders as unknown as A)).compile();
    for (const placeholder of placeholders) {
      if (!query.parameters.includes(placeholder)) throw new Error(`prepared query: argument ${placeholder.index + 1} is not used as a value in: ${query.sql}`);
    }
    if (!statementNames.has(query.sql) && !/(^|[\s.,])\*/.test(query.sql)) statementNames.set(query.sql, `egneord_${statementNames.size + 1}`);
    return query;
  };
  const run = async (db: Executor, ...args: A): Promise<QueryResult<O>> => {
    compiled ??= compile(db);
    const parameters = compiled.parameters.map((p) => (p instanceof Placeholder ? args[p.index] : p));
    // The query id only tells Kysely's cancellation which query to cancel; these are never cancelled.
    const query: CompiledQuery<O> = { query: compiled.query, sql: compiled.sql, parameters, queryId: compiled.queryId };
    const direct = directRunners.get(db);
    return direct ? ((await direct(query)) as QueryResult<O>) : db.executeQuery<O>(query);
  };
  return {
    run,
    rows: async (db, ...args) => (await run(db, ...args)).rows,
    first: async (db, ...args) => (await run(db, ...args)).rows[0],
  };
}
