import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from './postgres-server.ts';
import { loadConfig } from '../../src/server/config.ts';
import { startServer } from '../../src/server/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** A migrated PGlite data folder and the data key it was made with ('' when none). */
    pgliteTemplate: { dir: string; key: string };
    /** On PostgreSQL, a migrated database to copy and the data key it was made with ('' when none). */
    pgTemplate: { name: string; key: string };
  }
}

let server: PostgresServer | undefined;
let template: string | undefined;

// When the suite runs against PostgreSQL (TEST_DB=postgres), one throwaway server serves
// every test file; each file gets its own database on it. On PGlite, one data folder is
// created and migrated here, and each test app starts from a copy of it: a fresh PGlite runs
// initdb and every migration, which costs several seconds per app. On PostgreSQL likewise one
// migrated database is the template of each test app's (CREATE DATABASE … TEMPLATE).
export async function setup(project: TestProject): Promise<void> {
  if (process.env.TEST_DB === 'postgres') {
    server = await startPostgres();
    project.provide('pgUrl', server.url);
    project.provide('pgliteTemplate', { dir: '', key: '' });
    const name = 'egneord_template';
    const key = crypto.randomBytes(32).toString('base64');
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const app = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: os.tmpdir(),
        LOG_LEVEL: 'silent',
        DATA_KEY: key,
        DATABASE_URL: server.url.replace(/\/postgres$/, `/${name}`),
      }),
    );
    await app.close();
    await admin.end();
    project.provide('pgTemplate', { name, key });
  } else {
    project.provide('pgUrl', '');
    project.provide('pgTemplate', { name: '', key: '' });
    template = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-template-'));
    const key = crypto.randomBytes(32).toString('base64');
    const app = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: template, LOG_LEVEL: 'silent', DATA_KEY: key }));
    await app.close();
    project.provide('pgliteTemplate', { dir: template, key });
  }
}

export async function teardown(): Promise<void> {
  server?.stop();
  if (template) fs.rmSync(template, { recursive: true, force: true });
}
