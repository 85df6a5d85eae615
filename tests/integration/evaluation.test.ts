import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirSchemaErrors } from '../support/fhir-schema.ts';
import { sql } from 'kysely';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, peerQuestionnaireAnswers, signedIn, type World } from '../support/fixtures.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';

let app: TestApp;
let world: World;
// Tests that depend on the time of day set this; the others run on the real clock.
let fixedNow: Date | null = null;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' }, now: () => fixedNow ?? new Date() });
  world = await createWorld(app);
});
afterAll(() => app?.close());

async function newRound(title = 'Runde 1'): Promise<string> {
  const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
    title,
    method: 'Personlige fortællinger før møder',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds: [world.orgA.siteId],
    peerIds: [world.peerA.id],
  });
  expect(res.status).toBe(303);
  return res.location!.split('/').pop()!;
}

async function questionnaireId(key: string): Promise<string> {
  return (await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
}

async function link(roundId: string, key: string, mode: string): Promise<string> {
  const res = await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, {
    questionnaireId: await questionnaireId(key),
    mode,
    siteId: world.orgA.siteId,
  });
  expect(res.status).toBe(201);
  return res.text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]!;
}

// Anonymous answers wait in a queue until a whole batch can be written (answers-at-rest.test.ts);
// a test that reads them right away writes what waits first, as the hourly timer would.
const flushAnswers = () => flushAnswerQueue(app.deps, { all: true });

const REQUIRED = { heard: '4', sharedKnowledge: '4', sharedPreferences: '3', decidedTogether: '4' };

async function answer(token: string, fieldsIn: Record<string, string>, extra: Record<string, string> = {}): Promise<{ status: number; client: Client }> {
  const fields = { ...REQUIRED, ...fieldsIn };
  const client = new Client(app.url);
  const form = await client.get(`/q/${token}`);
  const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
  const res = await client.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...fields, ...extra });
  return { status: res.status, client };
}

describe(`evaluation on ${testDbKind()}`, () => {
  it('anonymous answers keep only the month; a double submission stores one response; no consent stores nothing', async () => {
    const roundId = await newRound('Anonym runde');
    const token = await link(roundId, 'after-meeting-check-in', 'anonymous');
    const client = new Client(app.url);
    const form = await client.get(`/q/${token}`);
    expect(form.status).toBe(200);
    const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    const fields = { submissionKey: key, consent: 'yes', heard: '4', sharedKnowledge: '5', sharedPreferences: '3', decidedTogether: '4' };
    expect((await client.post(`/q/${token}`, fields)).status).toBe(303);
    expect((await client.post(`/q/${token}`, fields)).status).toBe(303);
    await flushAnswers();
    const rows = await app.deps.db.selectFrom('responses').selectAll().where('round_id', '=', roundId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.submitted_at).toBeNull();
    expect(rows[0]!.respondent_user_id).toBeNull();
    const month = (await sql<{ m: string }>`select submitted_month::text as m from responses where id = ${rows[0]!.id}`.execute(app.deps.db)).rows[0]!.m;
    expect(month).toMatch(/^\d{4}-\d{2}-01$/);
    const noConsent = await client.post(`/q/${token}`, { ...fields, submissionKey: 'x'.repeat(24), consent: '' });
    expect(noConsent.status).toBe(400);
    await flushAnswers();
    expect(await app.deps.db.selectFrom('responses').select('id').where('round_id', '=', roundId).execute()).toHaveLength(1);
  });

  it('pseudonymous answers need a code; identified answers need an account', async () => {
    const roundId = await newRound('Koder');
    const pseudo = await link(roundId, 'after-meeting-check-in', 'pseudonymous');
    expect((await answer(pseudo, { heard: '3' })).status).toBe(400);
    expect((await answer(pseudo, { heard: '3' }, { pseudonym: 'blaa-fugl-7' })).status).toBe(303);
    const identified = await link(roundId, 'after-meeting-check-in', 'identified');
    const anonymousTry = await answer(identified, { heard: '3' });
    expect(anonymousTry.status).toBe(303);
    const stored = await app.deps.db.selectFrom('responses').select(['mode', 'pseudonym', 'respondent_user_id']).where('round_id', '=', roundId).execute();
    expect(stored).toEqual([{ mode: 'pseudonymous', pseudonym: 'BLAA-FUGL-7', respondent_user_id: null }]);
    const citizen = await signedIn(app, { kind: 'citizen' });
    const form = await citizen.client.get(`/q/${identified}`);
    const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    expect((await citizen.client.post(`/q/${identified}`, { submissionKey: key, consent: 'yes', ...REQUIRED, heard: '5' })).status).toBe(303);
    const who = await app.deps.db
      .selectFrom('responses')
      .select('respondent_user_id')
      .where('mode', '=', 'identified')
      .where('round_id', '=', roundId)
      .executeTakeFirstOrThrow();
    expect(who.respondent_user_id).toBe(citizen.id);
  });

  it('an organisation or a site left without a name is asked for it, and a name too long is told the limit', async () => {
    const org = await world.admin.client.post('/admin/organisations', { name: '', kind: '' });
    expect(org.status).toBe(400);
    expect(org.text).toContain('Skriv organisationens navn.');
    expect(org.text).toContain('Vælg, hvilken type organisation det er.');
    const site = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/sites`, { name: 'S'.repeat(201) });
    expect(site.status).toBe(400);
    expect(site.text).toContain('Teksten må højst være 200 tegn. Den er nu 201 tegn.');
    expect((await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/sites`, { name: '  ' })).text).toContain('Skriv stedets navn.');
  });

  it('the report shows nothing until 5 have answered, then a release with counts, means and the free text of 5 or more', async () => {
    const untitled = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
      title: ' ',
      method: '',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
    });
    expect(untitled.status).toBe(400);
    expect(untitled.text).toContain('Giv runden en titel.');
    const roundId = await newRound('Rapport');
    const token = await link(roundId, 'after-meeting-check-in', 'anonymous');
    const free = (await app.deps.db.selectFrom('questionnaires').select('definition').where('key', '=', 'after-meeting-check-in').executeTakeFirstOrThrow())
      .definition as { items: { key: string; type: string }[] };
    const textKey = free.items.find((i) => i.type === 'freeText')!.key;
    for (let i = 0; i < 3; i++) await answer(token, { heard: '4', [textKey]: `Svar nummer ${i}` });
    await flushAnswers();
    let report = await world.coordinatorA.client.get(`/rounds/${roundId}/report`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('Der er ingen tal endnu');
    expect(report.text).toContain('Tallene opdateres, når mindst 5 nye har svaret');
    expect(report.text).not.toContain('Svar nummer 0');
    for (let i = 3; i < 7; i++) await answer(token, { heard: i % 2 ? '5' : '4', [textKey]: `Svar nummer ${i}` });
    await flushAnswers();
    report = await world.coordinatorA.client.get(`/rounds/${roundId}/report`);
    expect(report.text).toContain('Svar nummer 0');
    expect(report.text).toMatch(/Har svaret: 7/);
    // A charted question is named once on the page: its heading; the chart's caption is for
    // screen readers.
    expect(report.text).toMatch(/<figcaption id="[^"]+-caption" class="visually-hidden">/);
    // The questionnaire's source and licence belong to its exports, not to the coordinator's report.
    expect(report.text).not.toContain('CC BY');
    expect(report.text).toMatch(/<td>skjult<\/td>/);
    // A release is named by its Danish date, not a number, and by the date alone: a longer
    // name was cut off in the filters on a phone.
    expect(report.text).toMatch(/<option value="\d+"[^>]*>\d{1,2}\. [a-zæøå]+ \d{4}<\/option>/);
    expect(report.text).not.toContain('Udgivelse');
  });

  it('a scale from 0 to 10 is eleven choices with none chosen: sending without choosing is no answer, and is refused', async () => {
    const roundId = await newRound('Tryghed');
    const token = await link(roundId, 'peer-practice', 'anonymous');
    const { secureInRole: _chosen, ...others } = await peerQuestionnaireAnswers(app);
    const client = new Client(app.url);
    const form = await client.get(`/q/${token}`);
    // No range control, whose lowest value a person who never touched it would send as theirs.
    expect(form.text).not.toContain('type="range"');
    const scale = [...form.text.matchAll(/<input type="radio"[^>]*name="secureInRole"[^>]*>/g)].map((m) => m[0]);
    expect(scale.map((input) => input.match(/value="(\d+)"/)![1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(scale.filter((input) => input.includes('checked'))).toEqual([]);
    const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    const unanswered = await client.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...others });
    expect(unanswered.status).toBe(400);
    expect(unanswered.text).toContain('Dette spørgsmål skal besvares.');
    expect(unanswered.text).toContain('<a href="#field-secureInRole">');
    const answered = await client.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...others, secureInRole: '7' });
    expect(answered.status).toBe(303);
  });

  it('everyone gave the same number: the report and the CSV hide the mean that would be each answer; varied numbers show theirs', async () => {
    const roundId = await newRound('Alle svarede 10');
    const token = await link(roundId, 'peer-practice', 'anonymous');
    const required = await peerQuestionnaireAnswers(app);
    const answerPeer = async (fields: Record<string, string>) => {
      const client = new Client(app.url);
      const form = await client.get(`/q/${token}`);
      const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
      expect((await client.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...required, ...fields })).status).toBe(303);
    };
    // Six peers all as secure as can be (10 of 10); their meetings last month vary.
    for (let i = 0; i < 6; i++) await answerPeer({ secureInRole: '10', meetingsLastMonth: String(3 + i) });
    await flushAnswers();
    const report = await world.coordinatorA.client.get(`/rounds/${roundId}/report`);
    expect(report.status).toBe(200);
    expect(report.text).toMatch(/Har svaret: 6/);
    const csv = (await world.coordinatorA.client.get(`/rounds/${roundId}/export.csv`)).text;
    const meanIn = (item: string) =>
      csv
        .split('\r\n')
        .find((line) => line.includes(`;all;${item};`))
        ?.split(';')
        .at(-1);
    expect(meanIn('secureInRole')).toBe('');
    // A decimal comma, as Excel set to Danish reads a number.
    expect(meanIn('meetingsLastMonth')).toBe('5,5');
    expect(report.text).not.toMatch(/10,0/);
    expect(report.text).toMatch(/5,5/);
  });

  it('two overlapping filters cannot isolate one respondent', async () => {
    await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/sites`, { name: 'Lille sted' });
    const small = (await app.deps.db.selectFrom('sites').select('id').where('name', '=', 'Lille sted').executeTakeFirstOrThrow()).id;
    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
      title: 'To steder',
      method: 'x',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      siteIds: [world.orgA.siteId, small],
    });
    const roundId = res.location!.split('/').pop()!;
    const big = await link(roundId, 'after-meeting-check-in', 'anonymous');
    const tokenSmall = (
      await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, {
        questionnaireId: await questionnaireId('after-meeting-check-in'),
        mode: 'anonymous',
        siteId: small,
      })
    ).text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]!;
    for (let i = 0; i < 6; i++) await answer(big, { heard: '4' });
    await answer(tokenSmall, { heard: '1' });
    await flushAnswers();
    const whole = await world.coordinatorA.client.get(`/rounds/${roundId}/report`);
    expect(whole.text).toMatch(/Har svaret: 7/);
    // The big site alone has 6 (≥ 5) — but 7 − 6 would give away the one person at the small site.
    const bigOnly = await world.coordinatorA.client.get(`/rounds/${roundId}/report?site=${world.orgA.siteId}`);
    expect(bigOnly.text).not.toMatch(/Har svaret: 6/);
    expect(bigOnly.text).toContain('skjult');
    const smallOnly = await world.coordinatorA.client.get(`/rounds/${roundId}/report?site=${small}`);
    expect(smallOnly.text).not.toMatch(/Har svaret: 1\b/);
  });

  it('CSV and FHIR carry the released figures only, the FHIR export validates, and peers cannot export', async () => {
    const roundId = await newRound('Eksport');
    const token = await link(roundId, 'after-meeting-check-in', 'anonymous');
    const free = (await app.deps.db.selectFrom('questionnaires').select('definition').where('key', '=', 'after-meeting-check-in').executeTakeFirstOrThrow())
      .definition as { items: { key: string; type: string }[] };
    const textKey = free.items.find((i) => i.type === 'freeText')!.key;
    // Ten people, five and five: answers all alike would be hidden (see the next test).
    for (let i = 0; i < 10; i++) await answer(token, { heard: i % 2 ? '4' : '3', [textKey]: i === 0 ? '=HYPERLINK("http://x","klik")' : `Tekst ${i}` });
    await flushAnswers();
    const csv = await world.coordinatorA.client.get(`/rounds/${roundId}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // A byte order mark and semicolons: Danish Excel opens it as columns.
    const raw = new Uint8Array(
      await (
        await fetch(`${app.url}/rounds/${roundId}/export.csv`, {
          headers: { cookie: [...world.coordinatorA.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        })
      ).arrayBuffer(),
    );
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.replace(/^\uFEFF/, '').startsWith('release;released_on;questionnaire;version;site;item;option;count;hidden;percent;mean\r\n')).toBe(true);
    expect(csv.text).toMatch(/^1;\d{4}-\d{2}-\d{2};after-meeting-check-in;2;all;heard;3;5;;50;$/m);
    // Free text stays on the report page, in batches of 5 or more; it never leaves in an export.
    expect(csv.text).not.toContain('HYPERLINK');
    expect(csv.text).not.toContain('Tekst 1');
    const codebook = await world.coordinatorA.client.get(`/rounds/${roundId}/codebook.csv`);
    expect(codebook.text).toContain('heard');
    const fhir = await world.coordinatorA.client.get(`/rounds/${roundId}/fhir.json`);
    const bundle = JSON.parse(fhir.text) as { entry: { resource: { resourceType: string } }[] };
    expect(bundle.entry.some((e) => e.resource.resourceType === 'Questionnaire')).toBe(true);
    expect(bundle.entry.some((e) => e.resource.resourceType === 'MeasureReport')).toBe(true);
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse')).toHaveLength(0);
    expect(fhir.text).not.toContain('Tekst 1');
    expect((await world.peerA.client.get(`/rounds/${roundId}/export.csv`)).status).toBe(403);
    expect((await world.coordinatorB.client.get(`/rounds/${roundId}/export.csv`)).status).toBe(403);
    const pdf = await world.coordinatorA.client.get(`/rounds/${roundId}/report.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Named by the round, with the day it was made, like the other downloads.
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="Rapport Eksport \d{2}\.\d{2}\.\d{4}\.pdf"$/);
    // The validator blocks this process (and the app in it) for seconds, after which the app
    // closes its idle keep-alive connections just as the next request would reuse one: the
    // closing is given a moment to land before any other request.
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('six people at one place who all gave the same answer: the report and the CSV show none of their answer counts, only that six answered', async () => {
    // Found by hand in the demo: "6 (100 %)" beside a 0 for every other answer told whoever
    // knew one of the six was there what that person answered.
    const roundId = await newRound('Alle ens');
    const token = await link(roundId, 'after-meeting-check-in', 'anonymous');
    for (let i = 0; i < 6; i++) await answer(token, { heard: '5' });
    await flushAnswers();
    const report = await world.coordinatorA.client.get(`/rounds/${roundId}/report`);
    expect(report.text).toMatch(/Har svaret: 6/);
    const heard = report.text.slice(report.text.indexOf('Jeg følte, at de lyttede til mig.'));
    expect(heard.slice(0, heard.indexOf('</table>'))).toContain('<th scope="col">Svar</th><th scope="col">Antal</th>');
    expect(heard.slice(0, heard.indexOf('</table>'))).not.toMatch(/<td>[1-9]\d*<\/td>|\d+ %/);
    expect(report.text).toContain('Har alle på et sted svaret det samme på et spørgsmål, skjules svarene dér');
    const csv = (await world.coordinatorA.client.get(`/rounds/${roundId}/export.csv`)).text;
    // The item's own line (no option) says how many answered it; each option's line is hidden.
    expect(csv).toMatch(/;all;heard;;6;;;/);
    const optionLines = csv.split('\r\n').filter((line) => /;heard;[^;]+;/.test(line));
    expect(optionLines.length).toBeGreaterThan(5);
    for (const line of optionLines) expect(line, line).toMatch(/;heard;[^;]+;;yes;;$/);
  });

  it('a coordinator of an organisation that joined the round sees its report but cannot manage it', async () => {
    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
      title: 'Fælles',
      method: 'x',
      startsOn: '2026-01-01',
      endsOn: '2027-01-01',
      joinedOrganisationIds: [world.orgB.id],
    });
    const roundId = res.location!.split('/').pop()!;
    // Joining takes the other organisation's yes.
    expect((await world.coordinatorB.client.get(`/rounds/${roundId}/report`)).status).toBe(403);
    expect((await world.coordinatorB.client.post(`/rounds/${roundId}/invitations/${world.orgB.id}/accept`, {})).status).toBe(303);
    expect((await world.coordinatorB.client.get(`/rounds/${roundId}/report`)).status).toBe(200);
    expect(
      (
        await world.coordinatorB.client.post(`/rounds/${roundId}/distributions`, {
          questionnaireId: await questionnaireId('after-meeting-check-in'),
          mode: 'anonymous',
        })
      ).status,
    ).toBe(403);
  });

  it('a live poll: the audience votes by code, the presenter sees the counts, closing stops votes', async () => {
    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/polls`, {
      text: 'Hvordan gik dagen?',
      options: 'Godt\nMidt imellem\nSvært',
    });
    const pollId = res.location!.split('/').pop()!;
    const presenter = await world.coordinatorA.client.get(`/polls/${pollId}`);
    const code = presenter.text.match(/koden ([A-Z0-9]{6})/)![1]!;
    // Results show from 5 voters, in steps of 5 (tests/integration/polls.test.ts tries to get around that).
    for (const option of ['0', '2', '0', '2', '0', '2', '0', '2', '0', '2']) {
      const voter = new Client(app.url);
      expect((await voter.get(`/p?code=${code.toLowerCase()}`)).location).toBe(`/p/${code}`);
      expect((await voter.post(`/p/${code}`, { option })).status).toBe(303);
    }
    const results = JSON.parse((await world.coordinatorA.client.get(`/polls/${pollId}/results.json`)).text) as { counts: number[]; total: number };
    expect(results.counts).toEqual([5, 0, 5]);
    await world.coordinatorA.client.post(`/polls/${pollId}/close`, {});
    expect((await new Client(app.url).post(`/p/${code}`, { option: '1' })).status).toBe(409);
  });

  it('a citizen answers the check-in in the app after a meeting, anonymously', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const when = new Date(Date.now() - 3600_000).toISOString().slice(0, 16);
    const created = await citizen.client.post('/meetings', { when, withWhom: 'Lægen', siteId: world.orgA.siteId });
    const meetingId = created.location!.split('/').pop()!;
    expect((await citizen.client.get('/meetings')).text).toContain(`/meetings/${meetingId}#check-in`);
    // Asked once, on the meeting page.
    const form = await citizen.client.get(`/meetings/${meetingId}`);
    expect(form.status).toBe(200);
    const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    expect((await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: key, consent: 'yes', ...REQUIRED, heard: '5' })).status).toBe(303);
    await flushAnswers();
    const stored = await app.deps.db
      .selectFrom('responses')
      .select(['mode', 'respondent_user_id', 'meeting_id', 'submitted_at'])
      .where('submission_key', 'is not', null)
      .where('site_id', '=', world.orgA.siteId)
      .where('mode', '=', 'anonymous')
      .execute();
    expect(stored.every((r) => r.respondent_user_id === null && r.meeting_id === null && r.submitted_at === null)).toBe(true);
    // Offered (the page was shown): the gentle reminder on the meetings list goes away.
    expect((await citizen.client.get('/meetings')).text).not.toContain(`/meetings/${meetingId}#check-in`);
  });

  it('a peer answers the peer questionnaire in the app after logging a session, anonymously', async () => {
    const logged = await world.peerA.client.post('/peer/sessions', {
      organisationId: world.orgA.id,
      occurredOn: new Date().toISOString().slice(0, 10),
      format: 'individual',
      kind: 'conversation',
      durationMinutes: '30',
    });
    expect(logged.status).toBe(303);
    const list = await world.peerA.client.get('/peer/sessions?saved=1');
    expect(list.text).toContain('/peer/questionnaire');
    const form = await world.peerA.client.get('/peer/questionnaire');
    expect(form.status).toBe(200);
    const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    await flushAnswers();
    const before = (await app.deps.db.selectFrom('responses').select('id').where('audience', '=', 'peer').execute()).length;
    const fields: Record<string, string> = { submissionKey: key, ...(await peerQuestionnaireAnswers(app)) };
    expect((await world.peerA.client.post('/peer/questionnaire', fields)).status).toBe(303);
    await flushAnswers();
    const rows = await app.deps.db.selectFrom('responses').select(['mode', 'respondent_user_id', 'submitted_at']).where('audience', '=', 'peer').execute();
    expect(rows.length).toBe(before + 1);
    expect(rows.every((r) => r.mode === 'anonymous' && r.respondent_user_id === null && r.submitted_at === null)).toBe(true);
  });

  it('compares two periods between releases: a change is shown only where both means are shown', async () => {
    const roundId = await newRound('Før og efter');
    const token = await link(roundId, 'after-meeting-check-in', 'anonymous');
    fixedNow = new Date('2026-06-10T10:00:00Z');
    for (let i = 0; i < 10; i++) await answer(token, { heard: i % 2 ? '5' : '4' });
    await flushAnswers();
    expect((await world.coordinatorA.client.get(`/rounds/${roundId}/report`)).text).toContain('>10. juni 2026</option>');
    for (let i = 0; i < 10; i++) await answer(token, { heard: i % 2 ? '4' : '3' });
    await flushAnswers();
    // Releases are a week apart while the round runs: six days on, nothing has moved.
    fixedNow = new Date('2026-06-16T10:00:00Z');
    expect((await world.coordinatorA.client.get(`/rounds/${roundId}/report`)).text).not.toContain('>16. juni 2026</option>');
    fixedNow = new Date('2026-06-17T10:00:00Z');
    const report = await world.coordinatorA.client.get(`/rounds/${roundId}/report?from=0&to=1&compareFrom=1&compareTo=2`).finally(() => {
      fixedNow = null;
    });
    expect(report.status).toBe(200);
    expect(report.text).toContain('Før og efter');
    // The filters are one group with one button, and one line says what is shown.
    expect(report.text).toContain(
      '<p class="filter-summary">Viser: Alle steder i runden · Rundens start – 10. juni 2026 · sammenlignet med 10. juni 2026 – 17. juni 2026</p>',
    );
    expect(report.text.match(/<fieldset class="filter-group/g)).toHaveLength(1);
    expect(report.text).toMatch(/<th scope="row">Jeg følte, at de lyttede til mig.<\/th><td>4,5<\/td><td>3,5<\/td><td>-1,0<\/td>/);
  });

  it('a poll saved to a round shows its result on the round', async () => {
    const roundId = await newRound('Med afstemning');
    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/polls`, { text: 'Var webinaret nyttigt?', options: 'Ja\nNej', roundId });
    const pollId = res.location!.split('/').pop()!;
    const code = (await world.coordinatorA.client.get(`/polls/${pollId}`)).text.match(/koden ([A-Z0-9]{6})/)![1]!;
    for (let i = 0; i < 5; i++) await new Client(app.url).post(`/p/${code}`, { option: '0' });
    const round = await world.coordinatorA.client.get(`/rounds/${roundId}`);
    expect(round.text).toContain('Var webinaret nyttigt?');
    expect(round.text).toMatch(/<th scope="row">Ja<\/th><td>5<\/td>/);
  });

  it('a link works until midnight in Denmark on its last day, not until midnight UTC', async () => {
    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
      title: 'Slutter 14. juni',
      method: 'x',
      startsOn: '2026-06-01',
      endsOn: '2026-06-14',
      siteIds: [world.orgA.siteId],
    });
    const roundId = res.location!.split('/').pop()!;
    const token = await link(roundId, 'after-meeting-check-in', 'anonymous');
    try {
      // 23:30 on 14 June in Denmark: the last evening.
      fixedNow = new Date('2026-06-14T21:30:00Z');
      expect((await new Client(app.url).get(`/q/${token}`)).status).toBe(200);
      // 01:30 on 15 June in Denmark, though still 14 June in UTC: closed.
      fixedNow = new Date('2026-06-14T23:30:00Z');
      expect((await new Client(app.url).get(`/q/${token}`)).status).toBe(404);
    } finally {
      fixedNow = null;
    }
  });

  it('an identified answer is logged as its respondent’s; an anonymous one leaves no trace of who answered', async () => {
    const roundId = await newRound('Logning');
    const identified = await link(roundId, 'after-meeting-check-in', 'identified');
    const anonymous = await link(roundId, 'after-meeting-check-in', 'anonymous');
    const citizen = await signedIn(app, { kind: 'citizen' });
    for (const token of [identified, anonymous]) {
      const form = await citizen.client.get(`/q/${token}`);
      const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
      expect((await citizen.client.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...REQUIRED })).status).toBe(303);
    }
    const logged = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_user_id', '=', citizen.id)
      .where('action', '=', 'response.submit')
      .execute();
    expect(logged).toHaveLength(1);
  });

  it('a round or poll form with a problem comes back with its message and keeps what was typed', async () => {
    const rounds = `/organisation/${world.orgA.id}/rounds`;
    const backwards = await world.coordinatorA.client.post(rounds, { title: 'Baglæns', method: '', startsOn: '2026-05-01', endsOn: '2026-04-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('Slut må ikke ligge før start.');
    expect(backwards.text).toContain('value="Baglæns"');
    const noSuchDay = await world.coordinatorA.client.post(rounds, { title: 'Februar', method: '', startsOn: '2026-02-01', endsOn: '2026-02-31' });
    expect(noSuchDay.status).toBe(400);
    expect(noSuchDay.text).toContain('Slut må ikke ligge før start.');
    const untitled = await world.coordinatorA.client.post(rounds, { title: ' ', method: '', startsOn: '2026-02-01', endsOn: '2026-02-02' });
    expect(untitled.status).toBe(400);
    const oneOption = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/polls`, { text: 'Hvad så?', options: 'Kun én' });
    expect(oneOption.status).toBe(400);
    expect(oneOption.text).toContain('Skriv et spørgsmål og 2–8 svarmuligheder.');
    expect(
      (await world.coordinatorA.client.post(`/rounds/${await newRound('Forkert link')}/distributions`, { questionnaireId: 'x', mode: 'anonymous' })).status,
    ).toBe(400);
  });
});
