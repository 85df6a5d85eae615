import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, type Person, type World } from '../support/fixtures.ts';
import { accessMatrix, type MatrixEntry, type Who } from '../support/access-matrix.ts';

// Every route × every role × someone else's object. A route added without an entry in
// tests/support/access-matrix.ts fails here, so nobody can add a route and forget access.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
});
afterAll(() => app?.close());

function refused(status: number, location: string | null): boolean {
  return status === 401 || status === 403 || status === 404 || (status === 303 && !!location && /^\/(sign-in|account\/second-factor)/.test(location));
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
        const res = method === 'GET' ? await client.get(path) : entry.json !== undefined ? await client.postJson(path, entry.json) : await client.post(path, entry.body ?? {});
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
});
