import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { newStatementOf, signedIn } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';

// The app answers at most MAX_REQUESTS_IN_PROGRESS requests at once; the rest wait their turn
// (http/app.ts). Here one turn: whatever holds it shows at once whether the others wait, and
// whether anyone is kept out who should not be.
const METRICS_TOKEN = 'a-long-random-token-for-the-metrics-scraper';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { MAX_REQUESTS_IN_PROGRESS: '1', METRICS_TOKEN } });
});
afterAll(async () => {
  await app?.close();
});

/** The operator's requests must never wait for a turn: one that does fails here, instead of
 * hanging the test behind the turn it waits for. The bound is generous for a busy machine. */
async function atOnce<T>(request: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} waited for a turn`)), 20_000)));
  try {
    return await Promise.race([request, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function turns(): Promise<{ inProgress: number; waiting: number }> {
  const metrics = new Client(app.url).request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = (await atOnce(metrics, '/metrics')).text;
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  return { inProgress: gauge('egneord_http_requests_in_progress'), waiting: gauge('egneord_http_requests_waiting') };
}

/** Sends a request by hand on its own connection; `answer` resolves with what came back. */
function rawRequest(head: string): { socket: net.Socket; answer: Promise<string> } {
  const socket = net.connect(app.port, '127.0.0.1');
  socket.write(head);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const answer = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  return { socket, answer };
}

describe(`requests take turns on ${testDbKind()}`, () => {
  it('someone sending a form slowly holds no turn: the next person gets their page meanwhile, and the slow form is answered when it is all there', async () => {
    const body = 'username=someone&password=not+the+password';
    const slow = rawRequest(
      `POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 9)}`,
    );
    let slowAnswered = false;
    void slow.answer.then(() => (slowAnswered = true));
    // The slow form's head reaches the server before the next person's request is sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const page = await new Client(app.url).get('/sign-in');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="password"');
    expect(slowAnswered).toBe(false);
    slow.socket.write(body.slice(9));
    // Answered as any sign-in with the wrong password is (no session cookie; form token refused
    // or the name unknown), not dropped or timed out.
    expect(await slow.answer).toMatch(/^HTTP\/1\.1 (401|403) /);
  });

  it('while a save waits for the database in its turn, the next page waits for its own, the health check and metrics answer at once, and both are answered in the end with nothing lost', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const other = await signedIn(app, { kind: 'citizen' });
    const statementId = await newStatementOf(app, citizen);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Another connection locks the statement's row (on PGlite: holds its one connection) until
    // released, so the save that comes next stays in its turn.
    const holder = app.deps.db.transaction().execute(async (tx) => {
      await sql`select id from statements where id = ${statementId} for update`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    // Released in the end whatever happens, so a failure does not also hang the test's cleanup.
    try {
      const save = citizen.client.postJson(`/statements/${statementId}/autosave`, { revision: 1, fields: { whoIAm: 'Skrevet mens andre ventede' } });
      await waitFor(async () => (await turns()).inProgress === 1, 30_000, 'the save to hold the turn');
      const page = other.client.get('/');
      await waitFor(async () => (await turns()).waiting === 1, 30_000, 'the next page to wait for its turn');
      const health = await atOnce(new Client(app.url).get('/healthz'), '/healthz');
      expect(health.status).toBe(200);
      expect(await turns()).toEqual({ inProgress: 1, waiting: 1 });

      release();
      await holder;
      const saved = await save;
      expect(saved.status).toBe(200);
      expect((await page).status).toBe(200);
      expect(await turns()).toEqual({ inProgress: 0, waiting: 0 });
      const reopened = await citizen.client.get(`/statements/${statementId}/write/who`);
      expect(reopened.text).toContain('Skrevet mens andre ventede');
    } finally {
      release();
    }
  });
});
