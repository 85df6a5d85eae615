import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

let server: PostgresServer | undefined;

// When the suite runs against PostgreSQL (TEST_DB=postgres), one throwaway server serves
// every test file; each file gets its own database on it.
export async function setup(project: TestProject): Promise<void> {
  if (process.env.TEST_DB === 'postgres') {
    server = await startPostgres();
    project.provide('pgUrl', server.url);
  } else {
    project.provide('pgUrl', '');
  }
}

export async function teardown(): Promise<void> {
  server?.stop();
}
