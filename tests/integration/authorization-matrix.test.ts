import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, type Person, type World } from '../support/fixtures.ts';
import { startSmtp } from '../support/smtp.ts';
import { accessMatrix, type Attempt, type MatrixEntry, type Who } from '../support/access-matrix.ts';

// Every route × every role × someone else's object. A route added without an entry in
// tests/support/access-matrix.ts fails here, so nobody can add a route and forget access.

let app: TestApp;
let world: World;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  // With e-mail on, as most installations run: without it the newsletter routes answer 409.
  smtp = await startSmtp();
  app = await startTestApp({ env: { SMTP_URL: smtp.url } });
  world = await createWorld(app);
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

function refused(status: number, location: string | null): boolean {
  return status === 401 || status === 403 || status === 404 || (status === 303 && !!location && /^\/(sign-in|account\/second-factor)/.test(location));
}

/** Done: a 2xx page without form errors, or a redirect that is not to sign-in. */
function succeeded(status: number, location: string | null, text: string, lands?: string): boolean {
  if (status >= 200 && status < 300) return !text.includes('class="error-summary"');
  if (lands) return status === 303 && location === lands;
  return status === 303 && !!location && !/^\/(sign-in|account\/second-factor)/.test(location);
}

/** The error summary or the page's title, to say why a request failed. */
function gist(text: string): string {
  const summary = text.match(/class="error-summary"[\s\S]*?<\/ul>/)?.[0] ?? text.match(/<title>([^<]*)/)?.[1] ?? text;
  return summary
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

function personFor(who: Exclude<Who, 'anonymous'>): Person {
  const map: Record<Exclude<Who, 'anonymous'>, Person> = {
    citizen: world.citizenA,
    peer: world.peerA,
    professional: world.professionalA,
    coordinator: world.coordinatorA,
    admin: world.admin,
  };
  return map[who];
}

describe(`authorization matrix on ${testDbKind()}`, () => {
  it('every route has an entry, and every entry a route', async () => {
    const routes = app.routes.map((r) => `${r.method} ${r.path}`).sort();
    const entries = Object.keys(accessMatrix).sort();
    expect(routes.filter((r) => !entries.includes(r))).toEqual([]);
    expect(entries.filter((e) => !routes.includes(e))).toEqual([]);
  });

  it('refuses every role the matrix does not allow, on every route', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessMatrix) as [string, MatrixEntry][]) {
      const [method, pattern] = key.split(' ') as ['GET' | 'POST', string];
      const params = await entry.params(app, world, 'own');
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'missing');
      for (const who of ['anonymous', 'citizen', 'peer', 'professional', 'coordinator', 'admin'] as Who[]) {
        if (entry.allow === 'everyone' || entry.allow.includes(who)) continue;
        const client = who === 'anonymous' ? new Client(app.url) : personFor(who).client;
        const res =
          method === 'GET'
            ? await client.get(path)
            : entry.json !== undefined
              ? await client.postJson(path, entry.json)
              : await client.post(path, entry.body ?? {});
        if (!refused(res.status, res.location)) failures.push(`${who} ${key} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses someone else's object to a role that is allowed on its own", async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessMatrix) as [string, MatrixEntry][]) {
      if (!entry.objectScoped) continue;
      const [method, pattern] = key.split(' ') as ['GET' | 'POST', string];
      const params = await entry.params(app, world, 'other');
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'missing');
      for (const who of entry.allow === 'everyone' ? [] : entry.allow) {
        if (who === 'anonymous' || who === 'admin') continue;
        const c = personFor(who).client;
        const res = method === 'GET' ? await c.get(path) : entry.json !== undefined ? await c.postJson(path, entry.json) : await c.post(path, entry.body ?? {});
        if (!refused(res.status, res.location)) failures.push(`${who} ${key} on another's object → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a pair of ids where the second is someone else's (own parent, another's child)", async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessMatrix) as [string, MatrixEntry][]) {
      const names = [...key.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (!entry.objectScoped || names.length < 2) continue;
      const [method, pattern] = key.split(' ') as ['GET' | 'POST', string];
      const own = await entry.params(app, world, 'own');
      const other = await entry.params(app, world, 'other');
      const last = names.at(-1)!;
      if (own[last] === other[last]) continue;
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => (name === last ? other[name] : own[name]) ?? 'missing');
      for (const who of entry.allow === 'everyone' ? [] : entry.allow) {
        if (who === 'anonymous') continue;
        const c = personFor(who).client;
        const res = method === 'GET' ? await c.get(path) : entry.json !== undefined ? await c.postJson(path, entry.json) : await c.post(path, entry.body ?? {});
        if (!refused(res.status, res.location) && res.status !== 400) failures.push(`${who} ${key} with another's :${last} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets each allowed role open the pages meant for it', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessMatrix) as [string, MatrixEntry][]) {
      const [method, pattern] = key.split(' ') as ['GET' | 'POST', string];
      if (method !== 'GET' || entry.allow === 'everyone' || entry.skipAllowedCheck) continue;
      const params = await entry.params(app, world, 'own');
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'missing');
      for (const who of entry.allow) {
        if (who === 'anonymous') continue;
        const res = await personFor(who).client.get(path);
        if (res.status !== 200) failures.push(`${who} ${key} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  // Last: these POSTs change things (on fresh objects where they use one up).
  it('lets each allowed role really do each POST, with a valid body on a real object', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessMatrix) as [string, MatrixEntry][]) {
      const [method, pattern] = key.split(' ') as ['GET' | 'POST', string];
      if (method !== 'POST') continue;
      if (entry.noValidCase) continue;
      const roles: Who[] = entry.allow === 'everyone' || entry.allow.length === 0 ? ['anonymous'] : entry.allow;
      if ((entry.allow === 'everyone' || entry.allow.length === 0) && !entry.valid) {
        failures.push(`${key}: open to everyone but has no valid case (add valid or noValidCase)`);
        continue;
      }
      for (const who of roles) {
        const person = who === 'anonymous' ? null : personFor(who);
        let attempt: Attempt;
        try {
          attempt = entry.valid
            ? await entry.valid(app, world, person)
            : {
                params: await entry.params(app, world, 'own'),
                ...(entry.body ? { body: entry.body } : {}),
                ...(entry.json !== undefined ? { json: entry.json } : {}),
              };
        } catch (error) {
          failures.push(`${who} ${key}: could not build the request: ${(error as Error).message}`);
          continue;
        }
        const params = attempt.params ?? {};
        const path = pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'missing');
        const client = attempt.as ?? person?.client ?? new Client(app.url);
        const res = attempt.json !== undefined ? await client.postJson(path, attempt.json) : await client.post(path, attempt.body ?? {});
        if (!succeeded(res.status, res.location, res.text, attempt.lands))
          failures.push(`${who} ${key} → ${res.status}${res.location ? ` ${res.location}` : ''}${res.status >= 400 ? ` ${gist(res.text)}` : ''}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
