import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, signUpCitizen } from '../support/client.ts';
import { freshDatabaseUrl, startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { freePort } from '../support/postgres-server.ts';
import { loadConfig, ConfigError } from '../../src/server/config.ts';
import { CHILD_NODE_ARGS, COMMAND_WAIT_MS } from '../support/wait.ts';
import { appEnvironment, MAIN, processEnvironment, spawnApp } from '../support/spawned-app.ts';

const node = process.execPath;
const METRICS_TOKEN = 'a-long-random-token-for-the-metrics-scraper';
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

function runMain(env: Record<string, string>, timeoutMs = COMMAND_WAIT_MS) {
  return spawnSync(node, [...CHILD_NODE_ARGS, MAIN], { env: { ...processEnvironment(), ...env }, encoding: 'utf8', timeout: timeoutMs });
}

describe(`operations on ${testDbKind()}`, () => {
  // The three failed starts below never reach a database of the stage's kind, so each runs in the
  // one stage it concerns instead of twice the same: a process start is seconds of CPU.
  it.runIf(testDbKind() === 'pglite')('a bad setting stops the start with one clear line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    const result = runMain({ PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('PORT');
  });

  it.runIf(testDbKind() === 'postgres')('a wrong DATABASE_URL gives one clear line, not a stack trace', async () => {
    const port = await freePort();
    const result = runMain({ DATABASE_URL: `postgres://nobody:secret@127.0.0.1:${port}/none`, DATA_KEY: Buffer.alloc(32, 1).toString('base64'), PORT: '0' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Cannot connect to PostgreSQL');
    expect(lines[0]).not.toContain('secret');
  });

  it.runIf(testDbKind() === 'pglite')('an unwritable data folder gives one clear line', () => {
    // Root may write anywhere, so "unwritable" here is a folder whose parent is a plain file.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-file-')), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const result = runMain({ DATA_DIR: path.join(file, 'data'), PORT: '0' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot be created or written');
  });

  it('health, readiness and metrics answer', async () => {
    const app = await startTestApp({ env: { METRICS_TOKEN: METRICS_TOKEN } });
    apps.push(app);
    const client = new Client(app.url);
    expect((await client.get('/healthz')).status).toBe(200);
    expect((await client.get('/readyz')).text).toBe('ready');
    await client.get('/sign-in');
    const metrics = await client.request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('egneord_http_request_duration_seconds');
    expect(metrics.text).toContain('route="GET /sign-in"');
    // The timing of requests (when was an answer sent?) is for the operator only.
    for (const authorization of [undefined, 'Bearer not-the-token', `Bearer ${METRICS_TOKEN}x`, METRICS_TOKEN, 'Basic Zm9vOmJhcg==']) {
      const refused = await client.request('GET', '/metrics', authorization ? { headers: { authorization } } : {});
      expect(refused.status, String(authorization)).toBe(404);
      expect(refused.text).not.toContain('egneord_http');
    }
  });

  it('without METRICS_TOKEN, /metrics is not on the public port at all', async () => {
    // The app of the test above, with the setting taken away (an app start costs seconds).
    const app = apps.find((a) => a.env.METRICS_TOKEN)!;
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    const saved = app.deps.config.METRICS_TOKEN;
    delete app.deps.config.METRICS_TOKEN;
    onTestFinished(() => {
      app.deps.config.METRICS_TOKEN = saved;
    });
    for (const authorization of [undefined, 'Bearer ', `Bearer ${METRICS_TOKEN}`]) {
      const res = await new Client(app.url).request('GET', '/metrics', authorization ? { headers: { authorization } } : {});
      expect(res.status, String(authorization)).toBe(404);
      expect(res.text).not.toContain('egneord_http');
    }
  });

  it('a METRICS_TOKEN too short to be secret stops the start', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
  });

  it.runIf(testDbKind() === 'pglite')('the embedded database is locked to one process, created on first start and closed cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-lock-'));
    const app = await spawnApp({ env: appEnvironment({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) });
    onTestFinished(app.kill);
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    // The installation key was made beside the data folder, not in it.
    expect(fs.existsSync(`${dataDir}.key`)).toBe(true);
    expect(fs.readdirSync(dataDir).some((name) => name.includes('key'))).toBe(false);
    const second = runMain({ DATA_DIR: dataDir, PORT: '0' });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('already in use');
    expect(await app.stop()).toBe(0);
    expect(app.output()).toContain('closing cleanly');
    expect(fs.existsSync(path.join(dataDir, 'egneord.lock'))).toBe(false);
    fs.rmSync(`${dataDir}.key`, { force: true });
  });

  it.runIf(testDbKind() === 'postgres')('two app instances on one PostgreSQL share sessions: signed in on one, signed in on the other', async () => {
    const url = (await freshDatabaseUrl())!;
    const key = Buffer.alloc(32, 7).toString('base64');
    const one = await startTestApp({ databaseUrl: url, env: { DATA_KEY: key } });
    const two = await startTestApp({ databaseUrl: url, env: { DATA_KEY: key } });
    apps.push(one, two);
    const { client } = await signUpCitizen(one.url);
    const onTwo = new Client(two.url);
    for (const [k, v] of client.cookies) onTwo.cookies.set(k, v);
    const res = await onTwo.get('/account');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sara');
  });
});

describe.runIf(testDbKind() === 'pglite')('connections kept open between requests', () => {
  it('a connection left idle for a few seconds is not closed under the next request that reuses it', async () => {
    // A client (a reverse proxy above all: nginx, Caddy, HAProxy) keeps the connection to the app
    // open between requests and sends the next one on it. Node closes an idle connection after
    // 5 s unless told otherwise; a request sent on it at that moment is reset, which a proxy
    // passes on as a 502. Here the app and the client share one process, so blocking it for a
    // little longer than that makes the moment certain: the request is written before the app's
    // timer runs.
    const app = await startTestApp();
    apps.push(app);
    const client = new Client(app.url);
    expect((await client.get('/sign-in')).status).toBe(200);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6_000);
    expect((await client.post('/sign-in', { username: 'nobody-here', password: 'not the password' })).status).toBe(401);
  });
});
