import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirSchemaErrors } from '../support/fhir-schema.ts';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { meetingOf, shareOf, signedIn, statementOf, type Person } from '../support/fixtures.ts';
import { insertOrganisation, insertSite } from '../../src/server/repositories/organisations.ts';

// One decision record per meeting: the citizen and the professional each write their own parts.

let app: TestApp;
let otherProfessional: Person;
let citizen: Person;
let meetingId: string;
let shareId: string;
let token: string;
let professional: Person;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  const org = await insertOrganisation(app.deps.db, { name: 'Psykiatrien', kind: 'region' });
  const site = await insertSite(app.deps.db, org.id, 'Afsnit 3');
  citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Nanna' });
  const statementId = await statementOf(app, citizen);
  const steps: [string, Record<string, string | string[]>][] = [
    ['matters', { matters: 'Min hund\nAt tegne om aftenen' }],
    ['help', { helpWith: ['Hjælp til at sove', 'Hjælp med breve fra kommunen'] }],
    ['so-that', { soThat: 'kan beholde mit job', mustNotPrevent: ['At passe min hund'] }],
  ];
  for (const [step, fields] of steps) {
    const page = await citizen.client.get(`/statements/${statementId}/write/${step}`);
    const revision = page.text.match(/name="revision" value="(\d+)"/)![1]!;
    expect((await citizen.client.post(`/statements/${statementId}/write/${step}`, { revision, action: 'next', ...fields })).status).toBe(303);
  }
  meetingId = await meetingOf(app, citizen);
  professional = await signedIn(app, { kind: 'staff', role: 'professional', organisationId: org.id, siteId: site.id, chosenName: 'Frida Læge' });
  otherProfessional = await signedIn(app, { kind: 'staff', role: 'professional', organisationId: org.id, siteId: site.id });
  ({ shareId } = await shareOf(app, citizen, { recipientUsername: professional.username }));
  ({ token } = await shareOf(app, citizen));
});
afterAll(() => app?.close());

const revisionIn = (html: string) => html.match(/name="revision" value="(\d+)"/)![1]!;
const auditRows = (action: string) =>
  app.deps.db.selectFrom('audit_log').select(['actor_user_id', 'actor_kind']).where('action', '=', action).where('subject_user_id', '=', citizen.id).execute();

describe(`the decision record on ${testDbKind()}`, () => {
  it('both write their own parts; a disagreement is kept; every save is a version; the citizen reads it in plain words', async () => {
    // Before the professional has written, the citizen's page does not speak of their options.
    const before = await citizen.client.get(`/meetings/${meetingId}/decisions`);
    expect(before.text).toContain('Fagpersonen har ikke skrevet nogen muligheder endnu. Du kan selv skrive dine.');
    expect(before.text).not.toContain('Her står de muligheder, fagpersonen har skrevet.');
    // The professional's view: the four principles, then the sheet, then their parts of the record.
    const view = await professional.client.get(`/shared/${shareId}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('I tager begge aktivt del i beslutningen.');
    expect(view.text).toContain('I bliver enige om, hvad der skal ske.');
    expect(view.text).toContain('Hjælp til at sove');
    // What matters to her, written on two lines, is two points beside the professional's own.
    expect(view.text).toMatch(/<ul><li>Min hund<\/li><li>At tegne om aftenen<\/li><\/ul>/);
    const first = await professional.client.post(`/shared/${shareId}/plan`, {
      revision: revisionIn(view.text),
      heard: 'Du vil gerne sove bedre og klare ADL selv.',
      name: 'Frida, læge',
      knowledge: 'Søvnmedicin kan gøre dig træt om dagen.',
      'option.0.help': '0',
      'option.0.title': 'Søvnskole',
      'option.0.involves': 'Fire aftener i en gruppe',
      'decision.0.what': 'Du bliver indlagt en uge, og naboen passer din hund',
      'decision.0.who': 'Frida bestiller',
      'decision.0.byWhen': '2026-09-02',
      'decision.0.answer': 'agree',
    });
    expect(first.status).toBe(303);
    // The jargon helper flags the professional's terms on their page.
    const again = await professional.client.get(`/shared/${shareId}`);
    expect(again.text).toMatch(/helper-hints[\s\S]*ADL/);

    // The citizen's page: the professional's words with the terms explained, and her red line named.
    const mine = await citizen.client.get(`/meetings/${meetingId}/decisions`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('almindelige daglige gøremål som at handle og gøre rent');
    expect(mine.text).toContain('At passe min hund');
    expect(mine.text).toContain('Søvnskole');
    expect((await citizen.client.get(`/meetings/${meetingId}/decisions`)).text).toContain('Her står de muligheder, fagpersonen har skrevet.');
    const decisionId = mine.text.match(/name="decision\.0\.id" value="([0-9a-f-]{36})"/)![1]!;
    const saved = await citizen.client.post(`/meetings/${meetingId}/decisions`, {
      revision: revisionIn(mine.text),
      preferences: 'Jeg vil helst ikke tage medicin om aftenen.',
      'option.0.help': '0',
      'option.0.title': 'Gåture om morgenen',
      'decision.0.id': decisionId,
      'decision.0.answer': 'disagree',
      'decision.0.words': 'Jeg vil ikke indlægges, jeg skal passe min hund.',
      // She tries to change the professional's wording and what they heard: not hers to change.
      'decision.0.what': 'Ingen indlæggelse',
      heard: 'Overskrevet',
      'decision.1.what': 'Jeg ringer til kommunen om brevene',
      'decision.1.answer': 'agree',
    });
    expect(saved.status).toBe(303);

    // The professional answers again: the citizen's disagreement stays, in her words.
    const proPage = await professional.client.get(`/shared/${shareId}`);
    expect(proPage.text).toContain('Jeg vil ikke indlægges, jeg skal passe min hund.');
    expect(proPage.text).toContain('Gåture om morgenen');
    const ownDecision = proPage.text.match(/name="decision\.1\.id" value="([0-9a-f-]{36})"/)![1]!;
    expect(
      (
        await professional.client.post(`/shared/${shareId}/plan`, {
          revision: revisionIn(proPage.text),
          heard: 'Du vil gerne sove bedre og klare ADL selv.',
          name: 'Frida, læge',
          'decision.0.id': decisionId,
          'decision.0.what': '',
          'decision.0.answer': 'agree',
          'decision.0.words': 'Jeg synes stadig, det er det bedste.',
          'decision.1.id': ownDecision,
          'decision.1.answer': 'agree',
        })
      ).status,
    ).toBe(303);

    const read = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(read).toContain('Du bliver indlagt en uge, og naboen passer din hund');
    expect(read).toContain('Jeg vil ikke indlægges, jeg skal passe min hund.');
    expect(read).toContain('Jeg synes stadig, det er det bedste.');
    expect(read).not.toContain('Overskrevet');
    expect(read).toContain('Se på det en gang til');
    expect(read).toContain('2. september 2026');
    expect(read).toContain('(almindelige daglige gøremål som at handle og gøre rent)');

    // Three versions, each attributed; nothing sealed is readable in the table.
    const versions = await app.deps.db
      .selectFrom('decision_record_versions')
      .select(['revision', 'author_party', 'author_user_id', 'content'])
      .where('meeting_id', '=', meetingId)
      .orderBy('revision')
      .execute();
    expect(versions.map((v) => [v.revision, v.author_party, v.author_user_id])).toEqual([
      [1, 'professional', professional.id],
      [2, 'citizen', citizen.id],
      [3, 'professional', professional.id],
    ]);
    expect(Buffer.from(versions[0]!.content).toString('latin1')).not.toContain('ADL');

    // Audit: the professional's writes under their name, the citizen's own, the reads; a notice to her.
    expect(await auditRows('plan.create')).toEqual([{ actor_user_id: professional.id, actor_kind: 'staff' }]);
    expect(await auditRows('plan.update')).toEqual([{ actor_user_id: professional.id, actor_kind: 'staff' }]);
    expect(await auditRows('decisions.save')).toEqual([{ actor_user_id: citizen.id, actor_kind: 'self' }]);
    expect((await auditRows('share.view')).length).toBeGreaterThanOrEqual(3);
    const notices = await app.deps.db.selectFrom('notices').select('kind').where('recipient_id', '=', citizen.id).where('kind', '=', 'plan').execute();
    expect(notices).toHaveLength(2);
  });

  it('a save based on an old revision is refused with 409, showing what is saved and what was written', async () => {
    const page = await citizen.client.get(`/meetings/${meetingId}/decisions`);
    const stale = revisionIn(page.text);
    const byLink = new Client(app.url);
    const linkPage = await byLink.get(`/s/${token}`);
    expect((await byLink.post(`/s/${token}/plan`, { revision: revisionIn(linkPage.text), heard: 'Skrevet via linket', name: 'Lægen' })).status).toBe(303);
    const late = await citizen.client.post(`/meetings/${meetingId}/decisions`, { revision: stale, preferences: 'Mit sene forslag' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Skrevet via linket');
    expect(late.text).toContain('Mit sene forslag');
    // The same from the professional's side.
    const proLate = await professional.client.post(`/shared/${shareId}/plan`, { revision: stale, heard: 'For sent' });
    expect(proLate.status).toBe(409);
    expect(proLate.text).toContain('For sent');
  });

  it('a revision that is not a count is a 400 and saves nothing, also on a meeting with no record yet', async () => {
    const fresh = await signedIn(app, { kind: 'citizen' });
    await statementOf(app, fresh);
    const freshMeeting = await meetingOf(app, fresh);
    const versions = () => app.deps.db.selectFrom('decision_record_versions').select('id').where('meeting_id', '=', freshMeeting).execute();
    for (const revision of ['-1', 'abc', '', '1e3', '99999999999']) {
      const res = await fresh.client.post(`/meetings/${freshMeeting}/decisions`, { revision, preferences: 'Mit forslag' });
      expect(res.status, `revision ${JSON.stringify(revision)}`).toBe(400);
    }
    expect(await versions()).toEqual([]);
    // The form's own value on a meeting with no record is 0, and saves.
    const page = await fresh.client.get(`/meetings/${freshMeeting}/decisions`);
    expect(revisionIn(page.text)).toBe('0');
    expect((await fresh.client.post(`/meetings/${freshMeeting}/decisions`, { revision: '0', preferences: 'Mit forslag' })).status).toBe(303);
    expect(await versions()).toHaveLength(1);
  });

  it('a wrong date is a 400 with the form kept; others get 403 or 404', async () => {
    const page = await citizen.client.get(`/meetings/${meetingId}/decisions`);
    const bad = await citizen.client.post(`/meetings/${meetingId}/decisions`, {
      revision: revisionIn(page.text),
      'decision.9.what': 'Noget nyt',
      'decision.9.byWhen': '2026-02-31',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Skriv en dato, der findes.');
    expect(bad.text).toContain('Noget nyt');

    const other = await signedIn(app, { kind: 'citizen' });
    expect((await other.client.get(`/meetings/${meetingId}/decisions`)).status).toBe(403);
    expect((await other.client.post(`/meetings/${meetingId}/decisions`, { preferences: 'Fremmed' })).status).toBe(403);
    expect((await new Client(app.url).get(`/meetings/${meetingId}/decisions`)).status).toBeGreaterThanOrEqual(300);
    expect((await otherProfessional.client.post(`/shared/${shareId}/plan`, { heard: 'Fremmed' })).status).toBe(403);
    expect((await new Client(app.url).post(`/s/${'x'.repeat(43)}/plan`, { heard: 'Fremmed' })).status).toBe(404);
    // A share without leave to write: refused.
    const quiet = await signedIn(app, { kind: 'citizen' });
    await statementOf(app, quiet);
    const { token: noPlan } = await shareOf(app, quiet, { allowPlan: false });
    expect((await new Client(app.url).post(`/s/${noPlan}/plan`, { heard: 'Uden lov' })).status).toBe(403);
    const rows = await app.deps.db
      .selectFrom('decision_record_versions')
      .select('id')
      .where('meeting_id', '=', await meetingOf(app, quiet))
      .execute();
    expect(rows).toEqual([]);
  });

  // Last: making the PDF inside the export keeps the app busy long enough to drop idle connections.
  it('the FHIR export carries the record: a CarePlan by the citizen and a Goal per decision, valid FHIR R4', async () => {
    const bundle = JSON.parse((await citizen.client.get(`/meetings/${meetingId}/fhir`)).text) as {
      entry: {
        resource: {
          resourceType: string;
          author?: { display: string };
          lifecycleStatus?: string;
          expressedBy?: { display: string };
          note?: { text: string }[];
        };
      }[];
    };
    const carePlan = bundle.entry.find((e) => e.resource.resourceType === 'CarePlan')!.resource;
    expect(carePlan.author).toEqual({ display: 'Nanna' });
    const goals = bundle.entry.filter((e) => e.resource.resourceType === 'Goal').map((e) => e.resource);
    expect(goals.map((g) => [g.lifecycleStatus, g.expressedBy?.display])).toEqual([
      ['proposed', 'Lægen'],
      ['accepted', 'Nanna'],
    ]);
    expect(goals[0]!.note!.map((n) => n.text)).toContain('Ikke enig / Does not agree: Jeg vil ikke indlægges, jeg skal passe min hund.');
    expect(fhirSchemaErrors(bundle)).toEqual([]);
  });
});
