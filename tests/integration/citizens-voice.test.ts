import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, signedIn, type Person, type World } from '../support/fixtures.ts';
import { ITEMS, itemSet } from '../../src/domain/assessment/items.ts';
import { RECOVERY_USERS } from '../../src/domain/evaluation/defaults.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';

// The citizens' voice beside the staff's: the users of a site answer the built-in recovery
// questionnaire through an evaluation round's anonymous link; the team's self-assessment shows
// their per-theme scores on the same radar, from the round's release, and nothing of them below k.

let app: TestApp;
let world: World;
let team: Person[];
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
  const more = [];
  for (const name of ['Ida', 'Karl'])
    more.push(await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: name }));
  team = [world.peerA, world.professionalA, world.coordinatorA, ...more];
});
afterAll(() => app?.close());

/** A closed self-assessment of orgA's site where the staff score every item 4. */
async function staffRound(title: string): Promise<string> {
  const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/assessments`, { siteId: world.orgA.siteId, title, heldOn: '2026-03-01' });
  const id = res.location!.match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
  const fields = Object.fromEntries(ITEMS.map((i) => [i.key, '4']));
  for (const person of team) expect((await person.client.post(`/assessment/${id}/answer`, fields)).status).toBe(303);
  expect((await world.coordinatorA.client.post(`/assessment/${id}/close`, { confirm: 'yes' })).status).toBe(303);
  return id;
}

async function usersRound(title: string): Promise<{ roundId: string; token: string }> {
  const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
    title,
    method: 'x',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds: [world.orgA.siteId],
  });
  expect(res.status).toBe(303);
  const roundId = res.location!.split('/').pop()!;
  const q = await app.deps.db
    .selectFrom('questionnaires')
    .select('id')
    .where('key', '=', RECOVERY_USERS.key)
    .where('organisation_id', 'is', null)
    .executeTakeFirstOrThrow();
  const link = await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, {
    questionnaireId: q.id,
    mode: 'anonymous',
    siteId: world.orgA.siteId,
  });
  expect(link.status).toBe(201);
  return { roundId, token: link.text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]! };
}

/** One user answers every statement with `value`, except those in `except`. */
async function userAnswers(token: string, value: string, except: Record<string, string> = {}): Promise<void> {
  const client = new Client(app.url);
  const form = await client.get(`/q/${token}`);
  expect(form.text).toContain('Personalet spørger mig, hvad der er vigtigt for mig.');
  expect(form.text).toContain('Ved ikke / passer ikke på mig');
  const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
  const fields = Object.fromEntries(RECOVERY_USERS.items.map((i) => [i.key, value]));
  const res = await client.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...fields, ...except });
  expect(res.status).toBe(303);
  await flushAnswerQueue(app.deps, { all: true });
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'voice-'));
  writeFileSync(join(dir, 'r.pdf'), bytes);
  return execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
}

async function pdfOf(person: Person, path: string): Promise<string> {
  const res = await fetch(`${app.url}${path}`, { headers: { cookie: [...person.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  expect(res.status).toBe(200);
  return pdfText(new Uint8Array(await res.arrayBuffer()));
}

describe(`the users' voice beside the staff self-assessment on ${testDbKind()}`, () => {
  let assessmentId: string;
  let round: { roundId: string; token: string };

  it('before any round asked the users, the page says how to ask them', async () => {
    assessmentId = await staffRound('Vinter 2026');
    const page = await world.peerA.client.get(`/assessment/${assessmentId}`);
    expect(page.text).toContain('data-radar');
    expect(page.text).toContain('Sådan oplever jeg stedet');
    expect(page.text).not.toContain('data-series="users"');
  });

  it('with 4 users the radar shows only staff, says why, and no user figure leaves in the report, CSV, PDF or FHIR', async () => {
    round = await usersRound('Brugernes stemme');
    // As real users answer: not all alike. Coercion 1 or 2, everything else 1 to 3: far below the staff's 4.
    for (const value of ['1', '3', '2', '3'])
      await userAnswers(round.token, value, { 'no-pressure': value === '1' ? '1' : '2', 'after-force': value === '3' ? '2' : '1' });
    const page = await world.peerA.client.get(`/assessment/${assessmentId}`);
    expect(page.text).toContain('data-radar');
    expect(page.text).not.toContain('data-series="users"');
    expect(page.text).not.toContain('data-users');
    expect(page.text).toContain('Radaren viser kun personalets svar.');
    expect(page.text).toContain('vises først, når mindst 5 brugere har svaret');
    expect(page.text).not.toMatch(/data-users/);

    const report = await world.coordinatorA.client.get(`/rounds/${round.roundId}/report`);
    expect(report.text).not.toContain('Personalet spørger mig, hvad der er vigtigt for mig.');
    const csv = await world.coordinatorA.client.get(`/rounds/${round.roundId}/export.csv`);
    expect(csv.text).not.toContain(RECOVERY_USERS.key);
    const fhir = await world.coordinatorA.client.get(`/rounds/${round.roundId}/fhir.json`);
    expect(fhir.text).not.toContain('MeasureReport');
    const pdf = await pdfOf(world.coordinatorA, `/rounds/${round.roundId}/report.pdf`);
    expect(pdf).not.toContain('vigtigt for mig');
    // The activity's months as people write them, never as "2026-12".
    expect(pdf).not.toMatch(/\b\d{4}-\d{2}\b/);
    expect(pdf).toMatch(/(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) \d{4}:/);
    // What a reader needs to trust the figures is in the text, whole, not cut short in a footer.
    const flat = pdf.replace(/\s+/g, ' ');
    expect(flat).toContain('Om tallene');
    expect(flat).toContain('så ingen kan se, hvad den enkelte svarede.');
    expect(flat).toContain('vises deres svar aldrig.');
  });

  it('with the fifth the users are drawn beside the staff, with a table, and the largest differences are named', async () => {
    await userAnswers(round.token, '1', { 'no-pressure': '1', 'after-force': '1' });
    const page = await world.peerA.client.get(`/assessment/${assessmentId}`);
    expect(page.text).toContain('data-series="current"');
    expect(page.text).toContain('data-series="users"');
    expect(page.text).toContain('data-legend="users"');
    expect(page.text).toContain('Brugernes svar kommer fra runden »Brugernes stemme«');
    // The table beside the chart: staff and users per theme, the new themes included.
    const row = (theme: string) => page.text.match(new RegExp(`<tr data-theme="${theme}">(.*?)</tr>`))![1]!;
    // Five different answers, 1 3 2 3 1: their mean, 2,0. No count per answer is shown.
    expect(row('participation')).toContain('<td>4,0</td><td data-users>2,0</td>');
    // Coercion pools no-pressure (1 2 2 2 1) and after-force (1 2 1 2 1): 15 / 10.
    expect(row('coercion')).toContain('<td data-users>1,5</td>');
    expect(row('basicNeeds')).toContain('<td data-users>2,0</td>');
    expect(row('staffSkills')).toContain('Personalets kompetencer');
    // Coercion first: 2,5 points apart; then two more themes, two points apart.
    const gaps = [...page.text.matchAll(/data-gap="([a-zA-Z]+)"/g)].map((m) => m[1]);
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBe('coercion');
    expect(page.text).toContain('personalet 4,0, brugerne 1,5. Brugerne giver 2,5 lavere.');
    // The same figures reach another member of the team; another organisation sees nothing.
    expect((await world.professionalA.client.get(`/assessment/${assessmentId}`)).text).toContain('data-series="users"');
    expect((await world.peerB.client.get(`/assessment/${assessmentId}`)).status).toBe(403);
  });

  it("another site's self-assessment does not borrow these users", async () => {
    const other = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: world.orgB.id, siteId: world.orgB.siteId });
    const res = await other.client.post(`/organisation/${world.orgB.id}/assessments`, { siteId: world.orgB.siteId, title: 'B', heldOn: '2026-03-01' });
    const id = res.location!.match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
    const fields = Object.fromEntries(ITEMS.map((i) => [i.key, '3']));
    const staffB = [other];
    for (const name of ['P', 'Q', 'R', 'S'])
      staffB.push(await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgB.id, siteId: world.orgB.siteId, chosenName: name }));
    for (const person of staffB) expect((await person.client.post(`/assessment/${id}/answer`, fields)).status).toBe(303);
    expect((await other.client.post(`/assessment/${id}/close`, { confirm: 'yes' })).status).toBe(303);
    const page = await other.client.get(`/assessment/${id}`);
    expect(page.text).toContain('data-radar');
    expect(page.text).not.toContain('data-series="users"');
    expect(page.text).not.toContain('Brugernes stemme');
  });

  it('a later round where five answered but most said "ved ikke" to everything: staff only, and a plain sentence why', async () => {
    const later = await usersRound('Brugernes stemme 2');
    for (const value of ['4', '5', 'not-for-me', 'not-for-me', 'not-for-me']) await userAnswers(later.token, value);
    const page = await world.peerA.client.get(`/assessment/${assessmentId}`);
    expect(page.text).toContain('data-radar');
    expect(page.text).not.toContain('data-series="users"');
    expect(page.text).toContain('der er endnu for få svar bag hvert tema');
    expect(page.text).not.toContain('data-gap=');
  });

  it('a round opened with the first item set keeps its ten themes: old answers stay readable', async () => {
    const v1 = itemSet('egne-ord-recovery-v1');
    const round = await app.deps.db
      .insertInto('assessment_rounds')
      .values({ organisation_id: world.orgA.id, site_id: world.orgA.siteId, title: 'Gammel runde', held_on: '2025-03-01', items_version: v1.version })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Answered before version 2 existed: only the old items.
    const old = JSON.stringify(Object.fromEntries(v1.items.map((i) => [i.key, 3])));
    for (const person of team) await app.deps.db.insertInto('assessment_responses').values({ round_id: round.id, user_id: person.id, answers: old }).execute();
    const form = await world.peerA.client.get(`/assessment/${round.id}/answer`);
    expect(form.text).toMatch(/name="participation\.1" value="3" checked/);
    expect(form.text).not.toContain('basicNeeds');
    await app.deps.db.updateTable('assessment_rounds').set({ closed_at: new Date() }).where('id', '=', round.id).execute();
    const page = await world.peerA.client.get(`/assessment/${round.id}`);
    expect([...page.text.matchAll(/data-axis="/g)]).toHaveLength(10);
    expect(page.text).toContain('<tr data-theme="coercion"><th scope="row">Tvang</th><td>3,0</td>');
    expect(page.text).not.toContain('data-theme="basicNeeds"');
  });
});
