import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, shareOf } from '../support/fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { MAX_BODY_BYTES: '65536' } });
});
afterAll(() => app?.close());

async function userCount(): Promise<number> {
  const row = await app.deps.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe(`bad input on ${testDbKind()}`, () => {
  it('an oversized body gets 413 and creates nothing', async () => {
    const before = await userCount();
    const client = new Client(app.url);
    const res = await client.post('/sign-up', { chosenName: 'x'.repeat(70_000), username: 'bigbody', password: 'long enough password' });
    expect(res.status).toBe(413);
    expect(await userCount()).toBe(before);
  });

  it('invalid UTF-8 gets 400', async () => {
    const client = new Client(app.url);
    await client.get('/');
    const body = Buffer.concat([
      Buffer.from(`_csrf=${client.csrf()}&chosenName=`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('&username=bad8&password=long+enough+password'),
    ]);
    const res = await client.request('POST', '/sign-up', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(400);
    const encoded = await client.request('POST', '/sign-up', {
      body: `_csrf=${client.csrf()}&chosenName=%FF%FE&username=bad9&password=long+enough+password`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(encoded.status).toBe(400);
  });

  it('malformed form data and the wrong content type get a clear 4xx', async () => {
    const client = new Client(app.url);
    await client.get('/');
    const malformed = await client.request('POST', '/sign-up', {
      body: `_csrf=${client.csrf()}&chosenName=%E0%A4%A`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(malformed.status).toBe(400);
    const wrongType = await client.request('POST', '/sign-up', {
      body: '{"chosenName":"x"}',
      headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf() },
    });
    expect(wrongType.status).toBeGreaterThanOrEqual(400);
    expect(wrongType.status).toBeLessThan(500);
  });

  it('unknown routes get 404 and wrong methods 405, as pages in the person’s language', async () => {
    const client = new Client(app.url);
    const missing = await client.get('/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Siden findes ikke');
    const wrong = await client.request('DELETE', '/sign-in');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('POST');
    const traversal = await client.get('/static/../package.json');
    expect(traversal.status).toBe(404);
    const encoded = await client.get('/static/%2e%2e/package.json');
    expect(encoded.status).toBe(404);
  });

  it('a POST without the CSRF token is refused and changes nothing', async () => {
    const before = await userCount();
    const res = await new Client(app.url).post('/sign-up', { chosenName: 'Csrf', username: 'nocsrf', password: 'long enough password' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it('a cross-site POST is refused even with a token', async () => {
    const client = new Client(app.url);
    await client.get('/');
    const res = await client.request('POST', '/sign-up', {
      body: `_csrf=${client.csrf()}&chosenName=X&username=crosssite&password=long+enough+password`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
  });

  it('NUL bytes, CR/LF and markup in a name are stored harmlessly and shown as text', async () => {
    const client = new Client(app.url);
    const res = await client.post('/sign-up', {
      chosenName: '<script>alert(1)</script>\r\nEvil\u0000',
      username: 'markupname',
      password: 'long enough password',
    });
    expect(res.status).toBe(303);
    const row = await app.deps.db.selectFrom('users').select('chosen_name').where('username', '=', 'markupname').executeTakeFirstOrThrow();
    expect(row.chosen_name).not.toContain('\u0000');
    expect(row.chosen_name).not.toContain('\r');
    const home = await client.get('/');
    expect(home.text).not.toContain('<script>alert(1)</script>');
    expect(home.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('SQL meta-characters are just text', async () => {
    const client = new Client(app.url);
    const created = await client.post('/sign-up', { chosenName: "Robert'); DROP TABLE users;--", username: 'robert-tables', password: 'long enough password' });
    expect(created.status).toBe(303);
    expect((await client.get('/account')).text).toContain('Robert&#39;); DROP TABLE users;--');
    const res = await new Client(app.url).post('/sign-in', { username: "' OR 1=1 --", password: "' OR '1'='1" });
    expect(res.status).toBe(401);
  });

  it('the process stays up after all of that', async () => {
    const res = await new Client(app.url).get('/healthz');
    expect(res.status).toBe(200);
  });

  it('every page carries a strict content security policy and no stack traces', async () => {
    const res = await new Client(app.url).get('/no-such');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a date that does not exist in a filter is a 400 that says so, never a quietly different period or a 500', async () => {
    const world = await createWorld(app);
    const peer = world.peerA.client;
    const coordinator = world.coordinatorA.client;
    const cases: [typeof peer, string][] = [
      [peer, '/peer?from=2026-13-45'],
      [peer, '/peer?to=2026-02-31'],
      [peer, '/peer/sessions?from=yesterday'],
      [peer, '/peer/summary?from=2026-02-30&to=2026-03-01'],
      [coordinator, `/organisation/${world.orgA.id}/volunteers?from=2026-02-31`],
    ];
    for (const [client, path] of cases) {
      const res = await client.get(path);
      expect(res.status, path).toBe(400);
      expect(res.text, path).toContain('Den dato findes ikke.');
    }
    // Real dates still work, and an empty field means the default period.
    expect((await peer.get('/peer?from=2026-02-28&to=2026-03-01')).status).toBe(200);
    expect((await peer.get('/peer?from=&to=')).status).toBe(200);

    const round = await coordinator.post(`/organisation/${world.orgA.id}/rounds`, {
      title: 'Filtre',
      method: 'x',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      siteIds: [world.orgA.siteId],
    });
    const report = `/rounds/${round.location!.split('/').pop()}/report`;
    for (const query of ['?from=2026-02-31', '?to=abc', '?site=not-a-site', '?compareFrom=-1']) {
      const res = await coordinator.get(report + query);
      expect(res.status, query).toBe(400);
      expect(res.text, query).toContain('Vælg sted og periode i listerne');
    }
    expect((await coordinator.get(`${report}?site=&from=0`)).status).toBe(200);
  });

  it('crawlers are kept off share, questionnaire and poll links', async () => {
    const robots = await new Client(app.url).get('/robots.txt');
    expect(robots.status).toBe(200);
    for (const path of ['/s/', '/q/', '/p/', '/link']) expect(robots.text).toContain(`Disallow: ${path}`);

    const world = await createWorld(app);
    const { token } = await shareOf(app, world.citizenA);
    const share = await new Client(app.url).get(`/s/${token}`);
    expect(share.status).toBe(200);
    expect(share.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    // A page meant to be found is not marked.
    expect((await new Client(app.url).get('/')).headers.get('x-robots-tag')).toBeNull();
  });
});
