import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { fhirSchemaErrors } from '../support/fhir-schema.ts';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, meetingOf, newStatementOf, shareOf, signedIn, statementOf, type Person, type World } from '../support/fixtures.ts';
import { userTables } from '../../src/server/db/backup.ts';
import { ZONE, toLocalInputValue, todayIn } from '../../src/domain/time/copenhagen.ts';

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());

async function fetchBinary(
  client: Client,
  method: string,
  p: string,
  body?: string,
): Promise<{ status: number; buf: Buffer; type: string | null; disposition: string | null }> {
  const res = await fetch(app.url + p, {
    method,
    redirect: 'manual',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(body ? { body } : {}),
  });
  return {
    status: res.status,
    buf: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
  };
}

async function writeStatement(person: Person): Promise<string> {
  const id = await statementOf(app, person);
  const page = await person.client.get(`/statements/${id}/write/help`);
  const rev = page.text.match(/name="revision" value="(\d+)"/)![1]!;
  const res = await person.client.post(`/statements/${id}/write/help`, {
    revision: rev,
    action: 'next',
    helpWith: ['Hjælp til at sove', 'Hjælp med breve fra kommunen'],
  });
  expect(res.status).toBe(303);
  const page2 = await person.client.get(`/statements/${id}/write/so-that`);
  const rev2 = page2.text.match(/name="revision" value="(\d+)"/)![1]!;
  await person.client.post(`/statements/${id}/write/so-that`, {
    revision: rev2,
    action: 'next',
    soThat: 'kan beholde mit job',
    mustNotPrevent: ['At passe min hund'],
  });
  return id;
}

describe(`meetings and sharing on ${testDbKind()}`, () => {
  it('a new meeting takes the sheet last written along unless another is chosen; one with errors keeps the choice', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    expect((await citizen.client.get('/meetings')).text).toContain('<option value="" selected>Intet ark endnu</option>');
    const older = await newStatementOf(app, citizen, 'Til lægen');
    const newer = await newStatementOf(app, citizen, 'Til jobcentret');
    await app.deps.db
      .updateTable('statements')
      .set({ updated_at: new Date(Date.now() - 3600_000) })
      .where('id', '=', older)
      .execute();
    const form = (await citizen.client.get('/meetings')).text;
    expect(form).toContain(`<option value="${newer}" selected>Til jobcentret</option>`);
    expect(form).toContain(`<option value="${older}">Til lægen</option>`);
    const refused = await citizen.client.post('/meetings', { when: '', withWhom: 'Lægen', statementId: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<option value="" selected>Intet ark endnu</option>');
  });

  it('a meeting page keeps to what works: closed links and older openings are folded away', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Vera' });
    await writeStatement(citizen);
    const meetingId = await meetingOf(app, citizen);
    const makeLink = async (label: string) => {
      const res = await citizen.client.post(`/meetings/${meetingId}/shares`, { days: '7', recipientLabel: label, recipientUsername: '' });
      return { token: res.text.match(/\/s\/([A-Za-z0-9_-]{43})/)![1]!, shareId: res.text.match(/\/shares\/([0-9a-f-]{36})\/pdf/)![1]! };
    };
    const doctor = await makeLink('Lægen');
    const old = await makeLink('Den gamle sagsbehandler');
    // The doctor opens the link seven times.
    for (let i = 0; i < 7; i++) expect((await new Client(app.url).get(`/s/${doctor.token}`)).status).toBe(200);
    expect((await citizen.client.post(`/meetings/${meetingId}/shares/${old.shareId}/revoke`, {})).status).toBe(303);

    const page = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    const [beforeFold, folded] = page.split('<details class="ended-links">');
    // The working link stands in the list with its "close" button; the closed one waits, folded.
    expect(beforeFold).toContain('Lægen');
    expect(beforeFold).not.toContain('Den gamle sagsbehandler');
    expect(folded).toMatch(/^<summary>Et lukket eller udløbet link<\/summary>/);
    expect(folded).toContain('Den gamle sagsbehandler');
    // "Who has seen it": the five newest openings, then the two older ones behind "Se de 2 ældre".
    const seen = page.slice(page.indexOf('Hvem har set det'));
    const [latest, older] = seen.split('<details class="seen-older">');
    expect(latest!.match(/En med linket \(Lægen\)/g)).toHaveLength(5);
    expect(older).toMatch(/^<summary>Se de 2 ældre<\/summary>/);
    expect(older!.split('</details>')[0]!.match(/En med linket \(Lægen\)/g)).toHaveLength(2);
  });

  it('the whole loop: meeting → share → professional opens (logged) → plan → follow-up → revoke → refused', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Maja' });
    await writeStatement(citizen);
    const meetingId = await meetingOf(app, citizen);
    const { token, shareId } = await shareOf(app, citizen);

    const professional = new Client(app.url);
    const view = await professional.get(`/s/${token}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Hjælp til at sove');
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.headers.get('referrer-policy')).toBe('no-referrer');

    const meetingPage = await citizen.client.get(`/meetings/${meetingId}`);
    // Named by the label the citizen gave the link, since she knows whom she gave it.
    expect(meetingPage.text).toContain('En med linket (Lægen)');
    expect(meetingPage.text).toContain('Så det delte ark');

    const plan = await professional.post(`/s/${token}/plan`, {
      heard: 'Vi aftalte at prøve en fast sengetid og at tale igen om to uger. Vi undersøger compliance.',
      name: 'Lægen',
    });
    expect(plan.status).toBe(303);
    const withHints = await professional.get(`/s/${token}`);
    expect(withHints.text).toContain('compliance');
    expect(withHints.text).toMatch(/helper-hints/);

    const fu = {
      agreed: 'Fast sengetid, og vi ses igen.',
      'help.0': 'agreed',
      'help.1': 'notDiscussed',
      'red.0': 'respected',
      'checkIn.heard': '4',
      'checkIn.decidedTogether': '3',
      disagreement: 'Jeg vil ikke have mere medicin.',
    };
    const first = await citizen.client.post(`/meetings/${meetingId}/follow-up`, fu);
    expect(first.status).toBe(303);
    const again = await citizen.client.post(`/meetings/${meetingId}/follow-up`, fu);
    expect(again.status).toBe(303);
    const rows = await app.deps.db.selectFrom('follow_ups').select('id').where('meeting_id', '=', meetingId).execute();
    expect(rows).toHaveLength(1);
    const after = await citizen.client.get(`/meetings/${meetingId}`);
    expect(after.text).toContain('Fast sengetid');
    expect(after.text).toContain('Jeg vil ikke have mere medicin.');
    expect(after.text).toContain('fast sengetid og at tale igen');

    const revoke = await citizen.client.post(`/meetings/${meetingId}/shares/${shareId}/revoke`, {});
    expect(revoke.status).toBe(303);
    const refused = await professional.get(`/s/${token}`);
    expect(refused.status).toBe(404);
    expect(refused.text).toContain('Linket virker ikke');
    const log = await citizen.client.get('/account/log');
    expect(log.text).toContain('Prøvede et lukket link');
  });

  it("making a second link does not change what the first link shows: only the citizen's own 'update the copy' does", async () => {
    // Found by hand: a new link silently refreshed the copy, and the doctor's open link showed a
    // half-finished edit.
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Alba' });
    const statementId = await writeStatement(citizen);
    const meetingId = await meetingOf(app, citizen);
    const share = async (label: string) => {
      const res = await citizen.client.post(`/meetings/${meetingId}/shares`, { days: '7', recipientLabel: label, recipientUsername: '' });
      // The link is shown this once: at the top, where the person lands, not below the fold.
      const linkAt = res.text.indexOf('<code class="secret">');
      expect(linkAt).toBeGreaterThan(0);
      expect(linkAt).toBeLessThan(res.text.indexOf('id="before"'));
      return res.text.match(/\/s\/([A-Za-z0-9_-]{43})/)![1]!;
    };
    const first = await share('Dr. Holm');
    const professional = new Client(app.url);
    expect((await professional.get(`/s/${first}`)).text).toContain('Hjælp til at sove');
    const page = await citizen.client.get(`/statements/${statementId}/write/help`);
    const revision = page.text.match(/name="revision" value="(\d+)"/)![1]!;
    const edited = await citizen.client.post(`/statements/${statementId}/write/help`, {
      revision,
      action: 'stay',
      helpWith: ['Hjælp til at sove', 'halvfærdig tanke'],
    });
    expect(edited.status).toBe(303);
    const second = await share('Sagsbehandleren');
    for (const token of [first, second]) {
      const seen = (await professional.get(`/s/${token}`)).text;
      expect(seen).toContain('Hjælp til at sove');
      expect(seen).not.toContain('halvfærdig tanke');
    }
    // Her meeting page says so, and how to let them see the change.
    const changed = 'Du har rettet i arket, siden kopien blev gemt. Dem, du har delt arket med, ser kopien.';
    expect((await citizen.client.get(`/meetings/${meetingId}`)).text).toContain(changed);
    // Updating the copy is the citizen's choice, and then the links show what she brings.
    await citizen.client.post(`/meetings/${meetingId}/snapshot`, {});
    expect((await professional.get(`/s/${first}`)).text).toContain('halvfærdig tanke');
    expect((await citizen.client.get(`/meetings/${meetingId}`)).text).not.toContain(changed);
  });

  it('an unknown token and an expired one get the same answer', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await writeStatement(citizen);
    const { token, shareId } = await shareOf(app, citizen);
    await app.deps.db
      .updateTable('shares')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', shareId)
      .execute();
    const expired = await new Client(app.url).get(`/s/${token}`);
    const unknown = await new Client(app.url).get(`/s/${'A'.repeat(43)}`);
    expect(expired.status).toBe(unknown.status);
    const main = (t: string) => t.match(/<main[\s\S]*<\/main>/)![0];
    expect(main(expired.text)).toBe(main(unknown.text));
  });

  it('guessing tokens is rate limited', async () => {
    // A minute into one of the limit's fixed ten-minute windows, so that no window ends midway.
    const windowMs = 10 * 60_000;
    const offset = windowMs - (Date.now() % windowMs) + 60_000;
    const limited = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '5' }, now: () => new Date(Date.now() + offset) });
    try {
      const client = new Client(limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await client.get(`/s/${String(i).padStart(43, 'B')}`)).status);
      expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('two people saving the plan at once: the later save is refused and both texts are kept', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await writeStatement(citizen);
    const { token } = await shareOf(app, citizen);
    const a = new Client(app.url);
    const b = new Client(app.url);
    await a.post(`/s/${token}/plan`, { heard: 'Første plan', name: 'A' });
    const pageA = await a.get(`/s/${token}`);
    const pageB = await b.get(`/s/${token}`);
    const revA = pageA.text.match(/name="revision" value="(\d+)"/)![1]!;
    const revB = pageB.text.match(/name="revision" value="(\d+)"/)![1]!;
    expect((await a.post(`/s/${token}/plan`, { heard: 'Plan fra A', name: 'A', revision: revA })).status).toBe(303);
    const late = await b.post(`/s/${token}/plan`, { heard: 'Plan fra B', name: 'B', revision: revB });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Plan fra A');
    expect(late.text).toContain('Plan fra B');
  });

  it('a professional with an account receives the share in the app; others do not', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Ib' });
    await writeStatement(citizen);
    const { shareId } = await shareOf(app, citizen, { recipientUsername: world.professionalA.username });
    const inbox = await world.professionalA.client.get('/shared');
    expect(inbox.text).toContain('Ib');
    // The list and the home page say until when in the same words.
    const until = inbox.text.match(/kan læses til og med (\d{1,2}\. [a-zæøå]+ \d{4})/)?.[1];
    expect(until, 'the list says until when the sheet can be read').toBeDefined();
    expect((await world.professionalA.client.get('/')).text).toContain(`Ib — kan læses til og med ${until}`);
    expect((await world.professionalA.client.get(`/shared/${shareId}`)).status).toBe(200);
    expect((await world.peerB.client.get(`/shared/${shareId}`)).status).toBe(403);
    const meeting = await citizen.client.get(`/meetings/${await meetingOf(app, citizen)}`);
    expect(meeting.text).toContain('Medarbejder');
  });

  it("a plan written through an in-app share is logged for the citizen under the professional's name; through a link as someone with the link", async () => {
    const whoWrotePlan = (logHtml: string) =>
      [...logHtml.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>Skrev den aftalte plan<\/td><\/tr>/g)].map((m) => m[1]);
    const professional = await signedIn(app, {
      kind: 'staff',
      role: 'professional',
      organisationId: world.orgA.id,
      siteId: world.orgA.siteId,
      chosenName: 'Fagperson Frida',
    });

    const inApp = await signedIn(app, { kind: 'citizen' });
    await writeStatement(inApp);
    const { shareId } = await shareOf(app, inApp, { recipientUsername: professional.username });
    expect((await professional.client.post(`/shared/${shareId}/plan`, { heard: 'Vi prøver en fast sengetid.', name: 'Frida, læge' })).status).toBe(303);
    expect(whoWrotePlan((await inApp.client.get('/account/log')).text)).toEqual(['Fagperson Frida']);

    const byLink = await signedIn(app, { kind: 'citizen' });
    await writeStatement(byLink);
    const { token } = await shareOf(app, byLink);
    expect((await new Client(app.url).post(`/s/${token}/plan`, { heard: 'Vi prøver en fast sengetid.', name: 'Lægen' })).status).toBe(303);
    expect(whoWrotePlan((await byLink.client.get('/account/log')).text)).toEqual(['En med linket']);
  });

  it('"who has seen my data" shows other people by default, and everything when asked', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await writeStatement(citizen);
    for (let i = 0; i < 3; i++) await citizen.client.get('/statements');
    const { token } = await shareOf(app, citizen);
    expect((await new Client(app.url).get(`/s/${token}`)).status).toBe(200);

    const others = (await citizen.client.get('/account/log')).text;
    expect(others).toContain('En med linket');
    expect(others).not.toMatch(/<td>Dig<\/td>/);
    const everything = (await citizen.client.get('/account/log?who=everyone')).text;
    expect(everything).toContain('En med linket');
    expect(everything.match(/<td>Dig<\/td>/g)?.length ?? 0).toBeGreaterThanOrEqual(3);

    const fresh = await signedIn(app, { kind: 'citizen' });
    expect((await fresh.client.get('/account/log')).text).toContain('Ingen andre har åbnet eller ændret dine data.');
  });

  it('refused meeting and follow-up forms answer 400 with what to fix, and save nothing', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const noWhen = await citizen.client.post('/meetings', { when: 'i morgen', withWhom: '' });
    expect(noWhen.status).toBe(400);
    expect(noWhen.text).toContain('Der er noget, der skal rettes');
    // Each problem is named in the summary at the top, not 'write something here'.
    expect(noWhen.text).toContain('Vælg en dato og et klokkeslæt');
    expect(noWhen.text).toContain('Skriv, hvem du skal mødes med.');
    expect(noWhen.text).not.toContain('Skriv venligst noget her.');
    // A year typed wrong is a slip to point out, not a meeting two thousand years ago.
    for (const when of ['0202-12-07T10:00', '2206-12-07T10:00']) {
      const slip = await citizen.client.post('/meetings', { when, withWhom: 'Lægen' });
      expect(slip.status).toBe(400);
      expect(slip.text).toContain('Tjek årstallet. Et møde kan ligge op til 10 år tilbage og 5 år frem.');
      expect(slip.text).toContain(`value="${when}"`);
    }
    expect(await app.deps.db.selectFrom('meetings').select('id').where('owner_id', '=', citizen.id).execute()).toEqual([]);
    const meetingId = await meetingOf(app, citizen);
    const tooLong = await citizen.client.post(`/meetings/${meetingId}/follow-up`, { agreed: 'Vi aftalte', disagreement: 'x'.repeat(5001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('Teksten må højst være 5000 tegn. Den er nu 5001 tegn.');
    expect(await app.deps.db.selectFrom('follow_ups').select('id').where('meeting_id', '=', meetingId).execute()).toEqual([]);
  });

  it('the PDF for the meeting carries the meeting line, and the share PDF its QR caption', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await writeStatement(citizen);
    const { meetingId, shareId, token } = await shareOf(app, citizen);
    const pdf = await fetchBinary(citizen.client, 'GET', `/meetings/${meetingId}/pdf`);
    expect(pdf.type).toBe('application/pdf');
    const text = spawnSync('pdftotext', ['-', '-'], { input: pdf.buf }).stdout.toString();
    expect(text).toContain('Sagsbehandleren');
    const withQr = await fetchBinary(citizen.client, 'POST', `/meetings/${meetingId}/shares/${shareId}/pdf`, `_csrf=${citizen.client.csrf()}&token=${token}`);
    expect(withQr.status).toBe(200);
    expect(spawnSync('pdftotext', ['-', '-'], { input: withQr.buf }).stdout.toString()).toContain('QR');

    // Each is named by the sheet and the meeting's day, "mødet" with its ø as RFC 5987's filename*
    // (every PDF was "egne-ord.pdf"), and so is the one opened through the link.
    const { starts_at } = await app.deps.db.selectFrom('meetings').select('starts_at').where('id', '=', meetingId).executeTakeFirstOrThrow();
    const day = todayIn(ZONE, starts_at).split('-').reverse().join('.');
    const named = `attachment; filename="Personligt statement til moedet ${day}.pdf"; filename*=UTF-8''Personligt%20statement%20til%20m%C3%B8det%20${day}.pdf`;
    expect(pdf.disposition).toBe(named);
    expect(withQr.disposition).toBe(named);
    const byLink = await fetch(`${app.url}/s/${token}/pdf`);
    expect(byLink.status).toBe(200);
    expect(byLink.headers.get('content-disposition')).toBe(named);
  });

  it('the meeting page runs in time order, and the after part waits until the meeting has been or the person opens it', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await writeStatement(citizen);
    const upcomingId = await meetingOf(app, citizen);
    const upcoming = (await citizen.client.get(`/meetings/${upcomingId}`)).text;
    const order = ['id="before"', 'id="on-the-day"', 'id="after"'].map((marker) => upcoming.indexOf(marker));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(upcoming).toContain('<details class="meeting-after" data-after>');
    expect(upcoming).toContain(`/meetings/${upcomingId}?after=1#after`);
    const asked = (await citizen.client.get(`/meetings/${upcomingId}?after=1`)).text;
    expect(asked).not.toContain('data-after');
    expect(asked).toContain('Hvad aftalte I?');

    // Only a meeting that has been: the upcoming list says so in its own words, never "no meetings".
    const other = await signedIn(app, { kind: 'citizen' });
    const when = toLocalInputValue(new Date(Date.now() - 2 * 24 * 3600_000));
    const made = await other.client.post('/meetings', { when, withWhom: 'Lægen', purpose: '' });
    const pastId = made.location!.match(/\/meetings\/([0-9a-f-]{36})/)![1]!;
    const list = (await other.client.get('/meetings')).text;
    expect(list).toContain('Du har ingen kommende møder.');
    expect(list).toContain('data-meetings="past"');
    expect(list).not.toContain('Ingen møder endnu');
    expect(list).not.toContain('Når et møde har været, står det her.');
    const past = (await other.client.get(`/meetings/${pastId}`)).text;
    expect(past).not.toContain('data-after');
    expect(past).toContain('Hvad aftalte I?');
  });

  it('a link for a meeting ten days off is offered for two weeks, and one chosen shorter says it closes before the meeting', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const statementId = await statementOf(app, citizen);
    const when = toLocalInputValue(new Date(Date.now() + 10 * 24 * 3600_000));
    const made = await citizen.client.post('/meetings', { when, withWhom: 'Lægen', purpose: '', statementId });
    const meetingId = made.location!.match(/\/meetings\/([0-9a-f-]{36})/)![1]!;
    const page = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    const selected = (name: string) => page.match(new RegExp(`<select[^>]*name="${name}"[^>]*>[\\s\\S]*?<option value="(\\d+)" selected>`))?.[1];
    expect(selected('days')).toBe('14');
    expect(selected('supportDays')).toBe('14');
    expect((await citizen.client.post(`/meetings/${meetingId}/shares`, { days: '3', recipientLabel: 'Lægen', recipientUsername: '' })).status).toBe(201);
    expect((await citizen.client.post(`/meetings/${meetingId}/shares`, { days: '14', recipientLabel: 'Lægen igen', recipientUsername: '' })).status).toBe(201);
    const listed = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(listed.match(/Virker, men lukker før mødet er ovre/g)).toHaveLength(1);
    expect(listed).toContain('<td data-label="Status">Virker</td>');
  });

  it('exports FHIR R4 that validates against the FHIR R4 schema', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await writeStatement(citizen);
    const meetingId = await meetingOf(app, citizen);
    await citizen.client.post(`/meetings/${meetingId}/snapshot`, {});
    await citizen.client.post(`/meetings/${meetingId}/follow-up`, { agreed: 'Vi aftalte noget godt.', 'checkIn.heard': '5' });
    const res = await citizen.client.get(`/meetings/${meetingId}/fhir`);
    expect(res.status).toBe(200);
    const bundle = JSON.parse(res.text) as { entry: { resource: { resourceType: string } }[] };
    expect(bundle.entry.map((e) => e.resource.resourceType).sort()).toEqual(['DocumentReference', 'QuestionnaireResponse']);
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    const broken = { ...bundle, type: 'not-a-bundle-type' };
    expect(fhirSchemaErrors(broken).length).toBeGreaterThan(0);
  });

  it("the citizen's export holds the access-log entries about them", async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await writeStatement(citizen);
    const { token } = await shareOf(app, citizen);
    await new Client(app.url).get(`/s/${token}`);
    const zip = await fetchBinary(citizen.client, 'GET', '/account/export');
    expect(zip.type).toBe('application/zip');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-export-'));
    fs.writeFileSync(path.join(dir, 'x.zip'), zip.buf);
    const unzip = spawnSync('python3', [
      '-c',
      'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print("\\n".join(z.namelist())); open(sys.argv[2],"wb").write(z.read("egne-ord-data.json"))',
      path.join(dir, 'x.zip'),
      path.join(dir, 'data.json'),
    ]);
    const names = unzip.stdout.toString().split('\n');
    expect(names.some((n) => n.startsWith('statements/') && n.endsWith('.pdf'))).toBe(true);
    expect(names.some((n) => n.startsWith('snapshots/') && n.endsWith('.pdf'))).toBe(true);
    const data = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8')) as {
      accessLog: { action: string; actor: string }[];
      statements: { versions: unknown[] }[];
      meetings: unknown[];
    };
    expect(data.accessLog.some((e) => e.action === 'share.view' && e.actor === 'link')).toBe(true);
    expect(data.statements[0]!.versions.length).toBeGreaterThan(0);
    expect(data.meetings).toHaveLength(1);
  });

  it('erasure leaves no row about the person in any table, kills links at once, and keeps anonymous counts', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Slettes' });
    await writeStatement(citizen);
    const meetingId = await meetingOf(app, citizen);
    const { token } = await shareOf(app, citizen);
    await new Client(app.url).get(`/s/${token}`);
    await citizen.client.post(`/meetings/${meetingId}/follow-up`, { agreed: 'Noget', 'checkIn.heard': '3' });
    const wrong = await citizen.client.post('/account/delete', { password: 'not my password' });
    expect(wrong.status).toBe(400);
    const done = await citizen.client.post('/account/delete', { password: 'a calm long password' });
    expect(done.status).toBe(200);
    expect((await new Client(app.url).get(`/s/${token}`)).status).toBe(404);
    expect((await citizen.client.get('/statements')).status).toBe(303);

    // Look for the id in every column of every table, as text. The erasure ledger keeps the id
    // and the time, and nothing else, so that a restore of an older backup erases the person again.
    const ledger = await app.deps.db.selectFrom('erasure_ledger').selectAll().where('user_id', '=', citizen.id).execute();
    expect(ledger.map((row) => Object.keys(row).sort())).toEqual([['erased_at', 'user_id']]);
    const found: string[] = [];
    for (const table of (await userTables(app.deps.db)).filter((t) => t !== 'erasure_ledger')) {
      const hit = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} t where t::text like ${'%' + citizen.id + '%'}`.execute(app.deps.db);
      if (Number(hit.rows[0]!.n) > 0) found.push(table);
    }
    expect(found).toEqual([]);
    const counts = await app.deps.db.selectFrom('anonymous_counts').select(['kind', 'n']).execute();
    expect(counts.some((c) => c.kind === 'statement' && c.n >= 1)).toBe(true);
    expect(counts.some((c) => c.kind === 'check_in' && c.n >= 1)).toBe(true);
  });
});
