import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, statementOf, type World } from '../support/fixtures.ts';
import { insertSite } from '../../src/server/repositories/organisations.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';

// The attacks of issue 12, tried the way a coordinator would: through the report pages and the
// exports, with nothing but what those give. k is 5 (the default).

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());

const K = 5;
const HEARD = 'Jeg følte, at de lyttede til mig.';
const REQUIRED = { heard: '4', sharedKnowledge: '4', sharedPreferences: '3', decidedTogether: '4' };

async function newSite(name: string): Promise<string> {
  return (await insertSite(app.deps.db, world.orgA.id, name)).id;
}

async function newRound(title: string, siteIds: string[]): Promise<string> {
  const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
    title,
    method: 'x',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds,
  });
  expect(res.status).toBe(303);
  return res.location!.split('/').pop()!;
}

async function link(roundId: string, siteId: string): Promise<string> {
  const questionnaireId = (await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', 'after-meeting-check-in').executeTakeFirstOrThrow())
    .id;
  const res = await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, { questionnaireId, mode: 'anonymous', siteId });
  expect(res.status).toBe(201);
  return res.text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]!;
}

async function answer(token: string, fields: Record<string, string>): Promise<void> {
  const client = new Client(app.url);
  const form = await client.get(`/q/${token}`);
  const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
  const res = await client.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...REQUIRED, ...fields });
  expect(res.status).toBe(303);
  // The worst case for the report: every answer reaches the tallies at once, instead of waiting
  // in the queue for a whole batch.
  await flushAnswerQueue(app.deps, { all: true });
}

/** What a report page says about one item: how many answered, and each option's count (null when hidden). */
interface ShownItem {
  respondents: number | null;
  options: Map<string, number | null>;
}

function shownItem(page: string, itemText: string): ShownItem {
  const start = page.indexOf(`<h4>${itemText}</h4>`);
  expect(start, `the page shows the item "${itemText}"`).toBeGreaterThan(-1);
  const section = page.slice(start, page.indexOf('</section>', start));
  const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);
  const respondents = section.match(/Har svaret: ([^<·]+)/)?.[1] ?? '';
  const options = new Map<string, number | null>();
  for (const m of section.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>([^<]+)<\/td>/g)) options.set(m[1]!, num(m[2]!));
  return { respondents: num(respondents), options };
}

const isSmall = (n: number) => n >= 1 && n < K;

describe(`disclosure attacks on ${testDbKind()}`, () => {
  it('differencing: the whole round minus two site reports does not give away the one person at the third site', async () => {
    const [a, b, c] = [await newSite('Stor 1'), await newSite('Stor 2'), await newSite('Lille')];
    const roundId = await newRound('Tre steder', [a, b, c]);
    for (const [site, n] of [
      [a, 10],
      [b, 10],
    ] as const) {
      const token = await link(roundId, site);
      for (let i = 0; i < n; i++) await answer(token, { heard: String(1 + (i % 5)) });
    }
    await answer(await link(roundId, c), { heard: '1', comment: 'Den eneste fra det lille sted' });
    const get = async (site?: string) => (await world.coordinatorA.client.get(`/rounds/${roundId}/report${site ? `?site=${site}` : ''}`)).text;
    const [whole, pageA, pageB, pageC] = [await get(), await get(a), await get(b), await get(c)];
    for (const p of [pageA, pageB, pageC]) expect(p).not.toContain('Den eneste fra det lille sted');
    const [w, ia, ib, ic] = [whole, pageA, pageB, pageC].map((p) => shownItem(p, HEARD));
    const lines: [number | null, number | null, number | null, number | null][] = [[w!.respondents, ia!.respondents, ib!.respondents, ic!.respondents]];
    for (const [label, n] of w!.options) lines.push([n, ia!.options.get(label) ?? null, ib!.options.get(label) ?? null, ic!.options.get(label) ?? null]);
    for (const [whole, x, y, z] of lines) {
      // Any site the reader can compute as the whole minus the other two must not be a small group.
      if (whole !== null && x !== null && y !== null) expect(isSmall(whole - x - y), `${whole} − ${x} − ${y}`).toBe(false);
      if (whole !== null && x !== null && z !== null) expect(isSmall(whole - x - z)).toBe(false);
      if (whole !== null && y !== null && z !== null) expect(isSmall(whole - y - z)).toBe(false);
      for (const shown of [x, y, z]) if (shown !== null) expect(isSmall(shown)).toBe(false);
    }
  });

  it('a filter to a small site shows no zeros beside a hidden count', async () => {
    const [big, small] = [await newSite('Stort sted'), await newSite('Lille sted 2')];
    const roundId = await newRound('Nuller', [big, small]);
    const bigToken = await link(roundId, big);
    for (let i = 0; i < 8; i++) await answer(bigToken, { heard: String(1 + (i % 5)) });
    const smallToken = await link(roundId, small);
    for (let i = 0; i < 3; i++) await answer(smallToken, { heard: '4' });
    const page = (await world.coordinatorA.client.get(`/rounds/${roundId}/report?site=${small}`)).text;
    const item = shownItem(page, HEARD);
    const counts = [...item.options.values()];
    expect(counts.length).toBeGreaterThan(0);
    // A shown 0 beside a hidden count tells the reader where the small group's answers are.
    if (counts.some((n) => n === null)) expect(counts.filter((n) => n === 0)).toEqual([]);
    expect(item.respondents).toBeNull();
  });

  it('load, one person answers, reload: nothing on the report moves', async () => {
    const site = await newSite('Genindlæs');
    const roundId = await newRound('Genindlæs', [site]);
    const token = await link(roundId, site);
    for (let i = 0; i < 6; i++) await answer(token, { heard: String(1 + (i % 5)), comment: `Tidligere kommentar ${i}` });
    const before = (await world.coordinatorA.client.get(`/rounds/${roundId}/report`)).text;
    await answer(token, { heard: '1', comment: 'Jeg svarede lige nu' });
    const after = (await world.coordinatorA.client.get(`/rounds/${roundId}/report`)).text;
    expect(shownItem(after, HEARD)).toEqual(shownItem(before, HEARD));
    expect(after).not.toContain('Jeg svarede lige nu');
    for (const p of ['report.pdf', 'export.csv', 'fhir.json']) {
      expect((await world.coordinatorA.client.get(`/rounds/${roundId}/${p}`)).text).not.toContain('Jeg svarede lige nu');
    }
  });

  it('activity is shown per month that has ended, never for the running month', async () => {
    // Nothing recorded yet: one plain line instead of a table of zeros. (A month's figures are
    // frozen the first time the report is opened after it ended, so this round stays quiet.)
    const quietRound = await newRound('Stille', [world.orgA.siteId]);
    expect((await world.coordinatorA.client.get(`/rounds/${quietRound}/report`)).text).toContain('Der er ikke registreret noget i rundens måneder endnu.');

    const label = (d: Date) => new Intl.DateTimeFormat('da-DK', { month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' }).format(d);
    const now = new Date();
    const monthAgo = new Date(now.getTime() - 31 * 24 * 3600_000);
    const statementId = await statementOf(app, world.citizenA);
    for (const when of [monthAgo, now]) {
      const res = await world.citizenA.client.post('/meetings', {
        when: when.toISOString().slice(0, 16),
        withWhom: 'Sagsbehandleren',
        purpose: 'Opfølgning',
        statementId,
        siteId: world.orgA.siteId,
      });
      expect(res.status).toBe(303);
    }
    const roundId = await newRound('Aktivitet', [world.orgA.siteId]);
    const page = (await world.coordinatorA.client.get(`/rounds/${roundId}/report`)).text;
    expect(page).toContain('én gang for hver måned, der er slut');
    expect(page).not.toContain('Der er ikke registreret noget');
    expect(page).toContain(`<th scope="row">${label(monthAgo)}</th>`);
    expect(page).not.toContain(`<th scope="row">${label(now)}</th>`);
  });

  it('exports carry no comment written by fewer than 5, and no row ties one person’s answers together', async () => {
    const site = await newSite('Eksport');
    const roundId = await newRound('Eksport', [site]);
    const token = await link(roundId, site);
    for (let i = 0; i < 6; i++) await answer(token, i === 0 ? { comment: 'Kun jeg skrev noget' } : {});
    const csv = await world.coordinatorA.client.get(`/rounds/${roundId}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).not.toContain('Kun jeg skrev noget');
    const header = csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(header.split(';')).not.toContain('response');
    const fhir = await world.coordinatorA.client.get(`/rounds/${roundId}/fhir.json`);
    expect(fhir.text).not.toContain('Kun jeg skrev noget');
    expect(fhir.text).not.toContain('"QuestionnaireResponse"');
  });
});
