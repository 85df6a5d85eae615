// The log, as an operator reads it: the app started as in production (LOG_LEVEL info, lines to
// standard output), used by a person who writes about themselves, then stopped. Every request
// has its line, even those answered just before the stop (lines leave without the request
// waiting for them, so the stop must still write them out), and nothing in the log is the
// person's: no name, no text, no id, no token.
import { afterAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Client, uniqueName } from '../support/client.ts';
import { copyOfPgliteTemplate, freshDatabaseUrl, testDbKind } from '../support/test-app.ts';
import { waitFor } from '../support/wait.ts';
import { appEnvironment, spawnApp } from '../support/spawned-app.ts';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

interface LogLine {
  msg?: string;
  route?: string;
  method?: string;
  status?: number;
}

/** The app as production starts it, logging at info. With `unread`, nobody reads its standard
 * output until `read()` is called: a log reader that has stalled (journald busy, say). */
async function startLoggingApp(options: { unread?: boolean } = {}) {
  const copy = copyOfPgliteTemplate();
  const env: Record<string, string> = copy
    ? { DATA_DIR: copy.dataDir, DATA_KEY: copy.key }
    : { DATABASE_URL: (await freshDatabaseUrl())!, DATA_KEY: crypto.randomBytes(32).toString('base64') };
  if (copy) cleanups.push(() => fs.rmSync(copy.dataDir, { recursive: true, force: true }));
  const app = await spawnApp({ env: appEnvironment({ LOG_LEVEL: 'info', ...env }), unread: options.unread ?? false });
  cleanups.push(() => void app.kill());
  return app;
}

function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe(`the log on ${testDbKind()}`, () => {
  it('has a line for every request up to the stop, and none of what a person wrote or is', async () => {
    const app = await startLoggingApp();
    const url = app.url;

    // What the person is and writes, each something that must never be in the log.
    const secrets = {
      name: 'Birthe Kløvermose',
      username: uniqueName('birthe'),
      password: 'min hemmelige sætning om havnen',
      purpose: 'Samtalen om min lejlighed på Østerbro',
      answer: 'Jeg svømmer i havnen hver morgen, også om vinteren.',
      shareToken: crypto.randomBytes(18).toString('base64url'),
    };
    const client = new Client(url);
    let requests = 0;
    const counted = <T>(response: Promise<T>) => {
      requests += 1;
      return response;
    };
    expect((await counted(client.get('/sign-up'))).status).toBe(200);
    // Lines leave in batches; on a quiet server an operator watching the log still sees each
    // request's line within a moment, not only once enough lines have gathered or at the stop.
    await waitFor(async () => logLines(app.output()).some((line) => line.route === 'GET /sign-up'), 10_000, "the line of a quiet server's request");
    expect((await counted(client.post('/sign-up', { chosenName: secrets.name, username: secrets.username, password: secrets.password }))).status).toBe(303);
    const list = await counted(client.get('/statements'));
    const templateId = list.text.match(/<option value="([0-9a-f-]{36})"[^>]*>Personligt statement/)?.[1];
    expect(templateId).toBeDefined();
    const created = await counted(client.post('/statements', { purpose: secrets.purpose, templateId: templateId! }));
    const statementId = created.location?.match(/\/statements\/([0-9a-f-]{36})\//)?.[1];
    expect(statementId).toBeDefined();
    const saved = await counted(client.postJson(`/statements/${statementId}/autosave`, { revision: 1, fields: { whoIAm: secrets.answer } }));
    expect(saved.status).toBe(200);
    // Refused input quotes nothing back into the log either.
    expect((await counted(client.postJson(`/statements/${statementId}/autosave`, { revision: 'x', fields: { whoIAm: secrets.answer } }))).status).toBe(400);
    expect((await counted(client.get(`/share/${secrets.shareToken}`))).status).toBe(404);
    // A burst answered just before the stop: their lines may still be on their way.
    const burst = await Promise.all(Array.from({ length: 40 }, () => counted(client.get(`/statements/${statementId}/write/who`))));
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect(await app.stop()).toBe(0);

    const output = app.output();
    const requestLines = logLines(output).filter((line) => line.msg === 'request' && line.route !== 'GET /readyz');
    expect(requestLines).toHaveLength(requests);
    expect(requestLines.filter((line) => line.route === 'GET /statements/:id/write/:page' && line.status === 200)).toHaveLength(40);
    expect(requestLines.some((line) => line.route === 'POST /statements/:id/autosave' && line.status === 400)).toBe(true);
    // The app says it stopped after its last log line, not before.
    expect(output.trimEnd().endsWith('Egne ord stopped.')).toBe(true);

    const personal = [...Object.values(secrets), statementId!, ...client.cookies.values()];
    for (const value of personal) expect(output, `the log holds "${value}"`).not.toContain(value);
  });

  it('keeps answering when nobody reads its log, and writes every line once someone does', async () => {
    // With the log written synchronously, the app stopped answering once the pipe to a stalled
    // reader was full (64 KB): every request waited for its line to be taken.
    const app = await startLoggingApp({ unread: true });
    const requests = 3000;
    let sent = 0;
    const answered: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (sent < requests) {
          sent += 1;
          answered.push((await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(30_000) })).status);
        }
      }),
    );
    expect(answered).toHaveLength(requests);
    expect(answered.every((status) => status === 200)).toBe(true);
    app.read();
    expect(await app.stop()).toBe(0);
    const lines = logLines(app.output()).filter((line) => line.msg === 'request' && line.route === 'GET /healthz');
    expect(lines).toHaveLength(requests);
  });

  it('still stops, and soon, when its log reader has stalled for good', async () => {
    // The lines that cannot be written are given up a moment after the stop, rather than the
    // stop waiting for a reader that never comes back (systemd would kill it after 30 s).
    const app = await startLoggingApp({ unread: true });
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let i = 0; i < 150; i++) expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      }),
    );
    const stopped = Date.now();
    const code = await Promise.race([app.stop(), new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
    expect(code).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(20_000);
  });
});
