import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, type Person, type World } from '../support/fixtures.ts';
import { accessMatrix, type MatrixEntry, type Who } from '../support/access-matrix.ts';
import { userTables } from '../../src/server/db/backup.ts';

// Every route, signed in as someone allowed to use it, fed hostile input. Nothing may answer
// 500, refused input must change nothing, and the process must stay up.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({
    env: {
      MAX_BODY_BYTES: '65536',
      TOKEN_LIMIT_PER_ADDRESS: '100000',
      LOGIN_LIMIT_PER_ADDRESS: '100000',
      LOGIN_LIMIT_PER_NAME: '100000',
      SIGNUP_LIMIT_PER_ADDRESS: '100000',
    },
  });
  world = await createWorld(app);
});
afterAll(() => app?.close());

function clientFor(who: Who | undefined): Client {
  const map: Record<Exclude<Who, 'anonymous'>, Person> = {
    citizen: world.citizenA,
    peer: world.peerA,
    professional: world.professionalA,
    coordinator: world.coordinatorA,
    admin: world.admin,
  };
  return !who || who === 'anonymous' ? new Client(app.url) : map[who].client;
}

function firstAllowed(entry: MatrixEntry): Who | undefined {
  if (entry.allow === 'everyone') return 'anonymous';
  return entry.allow[0];
}

async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await userTables(app.deps.db)) {
    if (table === 'rate_limits' || table === 'sessions' || table === 'audit_log') continue;
    out[table] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(app.deps.db)).rows[0]!.n);
  }
  return out;
}

const hostileValues = [
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil","x")',
  "'; DROP TABLE users; --",
  'line one\r\nX-Injected: yes',
  'nul\u0000byte',
  '../../../etc/passwd',
  '😀 ﷽ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'x'.repeat(20_000),
];

async function expandedPath(key: string, entry: MatrixEntry): Promise<{ method: string; path: string }> {
  const [method, pattern] = key.split(' ') as [string, string];
  const params = await entry.params(app, world, 'own');
  return { method, path: pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'missing') };
}

describe(`hostile input on every route on ${testDbKind()}`, () => {
  it('no form or API route answers 500 to hostile field values, missing or extra fields', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessMatrix)) {
      if (
        !key.startsWith('POST ') ||
        key === 'POST /sign-out' ||
        // Takes no fields, and would end the sessions of the people every other route is tried as.
        key === 'POST /account/sign-out-everywhere' ||
        key.includes('/delete') ||
        key.includes('/remove') ||
        key.includes('/withdraw') ||
        key.includes('/revoke') ||
        key.includes('/close')
      )
        continue;
      const { path } = await expandedPath(key, entry);
      const client = clientFor(firstAllowed(entry));
      const fieldNames = Object.keys(entry.body ?? { text: '' });
      const variants: Record<string, string>[] = [
        {},
        { unexpected: 'extra field', ...(entry.body ?? {}) },
        ...hostileValues.map((v) => Object.fromEntries([...fieldNames, 'purpose', 'name', 'text', 'title'].map((f) => [f, v]))),
      ];
      for (const fields of variants) {
        const res = entry.json !== undefined ? await client.postJson(path, { ...(entry.json as object), ...fields }) : await client.post(path, fields);
        if (res.status >= 500) failures.push(`${key} → ${res.status} with ${JSON.stringify(fields).slice(0, 80)}`);
        if (process.env.DEBUG_MATRIX) {
          const probe = await world.citizenA.client.get('/account');
          if (probe.status !== 200) throw new Error(`after ${key} ${JSON.stringify(fields).slice(0, 60)}: citizenA gets ${probe.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('path traversal and odd characters in path parameters are refused, never a 500', async () => {
    const failures: string[] = [];
    const nasty = ['..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(300), '%E0%A4%A', "1'or'1'='1"];
    for (const [key, entry] of Object.entries(accessMatrix)) {
      const [method, pattern] = key.split(' ') as [string, string];
      if (!pattern.includes(':')) continue;
      const client = clientFor(firstAllowed(entry));
      for (const bad of nasty) {
        const path = pattern.replace(/:(\w+)/g, bad);
        const res = method === 'GET' ? await client.get(path) : await client.post(path, {});
        if (res.status >= 500 || res.status === 200) failures.push(`${key} with ${bad} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('oversized bodies, invalid UTF-8 and deeply nested JSON are refused with 4xx and change nothing', async () => {
    // Fixtures first (they create rows), then the counts, then the hostile requests.
    const targets: { key: string; path: string; client: Client }[] = [];
    for (const [key, entry] of Object.entries(accessMatrix)) {
      if (!key.startsWith('POST ')) continue;
      targets.push({ key, path: (await expandedPath(key, entry)).path, client: clientFor(firstAllowed(entry)) });
    }
    const before = await rowCounts();
    const failures: string[] = [];
    for (const { key, path, client } of targets) {
      await client.get('/healthz');
      const csrf = client.csrf();
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const cases: [string, string | Uint8Array<ArrayBuffer>, Record<string, string>][] = [
        ['oversized', `_csrf=${csrf}&text=${'a'.repeat(70_000)}`, form],
        ['invalid utf-8', new Uint8Array(Buffer.concat([Buffer.from(`_csrf=${csrf}&text=`), Buffer.from([0xff, 0xfe, 0xfd])])), form],
        ['deep json', `${'['.repeat(5000)}${']'.repeat(5000)}`, { 'content-type': 'application/json', 'x-csrf-token': csrf }],
      ];
      for (const [name, body, headers] of cases) {
        const res = await client.request('POST', path, { body, headers });
        if (res.status < 400 || res.status >= 500) failures.push(`${key} ${name} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect((await new Client(app.url).get('/healthz')).status).toBe(200);
  });
});
