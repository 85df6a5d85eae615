import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { Client, signUpCitizen } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { personalStatementTemplateId } from '../support/fixtures.ts';
import { ZONE, todayIn } from '../../src/domain/time/copenhagen.ts';

let app: TestApp;
let templateId: string;
beforeAll(async () => {
  app = await startTestApp();
  templateId = await personalStatementTemplateId(app);
});
afterAll(() => app?.close());

async function newStatement(client: Client, purpose = 'Til jobcentret'): Promise<string> {
  const res = await client.post('/statements', { purpose, templateId });
  expect(res.status).toBe(303);
  return res.location!.match(/\/statements\/([0-9a-f-]{36})\//)![1]!;
}

async function revisionOf(client: Client, id: string, page = 'who'): Promise<string> {
  const res = await client.get(`/statements/${id}/write/${page}`);
  return res.text.match(/name="revision" value="(\d+)"/)![1]!;
}

/** The Danish day of an instant as a file name has it: "04.12.2026". */
function danishDay(at: Date): string {
  return todayIn(ZONE, at).split('-').reverse().join('.');
}

function pdfText(pdf: Buffer): string {
  return spawnSync('pdftotext', ['-', '-'], { input: pdf }).stdout.toString('utf8');
}

describe(`statements on ${testDbKind()}`, () => {
  it('writes step by step, keeps every part, and makes a PDF with the words and æ ø å', async () => {
    const { client } = await signUpCitizen(app.url);
    // "Begynd" with nothing chosen starts the personal statement, the sheet the service is for.
    const form = await client.get('/statements');
    const options = [...(form.text.match(/<select[^>]*name="templateId"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? '').matchAll(/<option[^>]*>([^<]*)</g)].map(
      (o) => o[1],
    );
    expect(options[0]).toBe('Personligt statement');
    const id = await newStatement(client);
    let rev = await revisionOf(client, id);
    let res = await client.post(`/statements/${id}/write/who`, {
      revision: rev,
      action: 'next',
      whoIAm: 'Jeg hedder Søren og holder af at gå på fjeldet med min hund Åge.',
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/statements/${id}/write/matters`);
    rev = await revisionOf(client, id, 'matters');
    res = await client.post(`/statements/${id}/write/matters`, { revision: rev, action: 'next', matters: 'At have ro om morgenen og se min datter.' });
    expect(res.status).toBe(303);
    rev = await revisionOf(client, id, 'compose');
    res = await client.post(`/statements/${id}/write/compose`, {
      revision: rev,
      action: 'next',
      summary: 'Jeg er Søren. Jeg vil gerne have hjælp til at sove bedre, så jeg kan passe mit arbejde.',
    });
    expect(res.status).toBe(303);
    const pdf = await client.request('GET', `/statements/${id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const raw = await fetch(`${app.url}/statements/${id}/pdf`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    // Named by the sheet's printed title and the day it was last changed ("egne-ord.pdf" for every
    // sheet before); its purpose "Til jobcentret", which only she sees, stays out of it.
    const { updated_at } = await app.deps.db.selectFrom('statements').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="Personligt statement ${danishDay(updated_at)}.pdf"`);
    const text = pdfText(Buffer.from(await raw.arrayBuffer()));
    expect(text).toContain('Søren');
    expect(text).toContain('Åge');
    expect(text).toContain('min datter');
    expect(text).toContain('sove bedre');
  });

  it('a "what helps me" sheet is there for every citizen: written, drafted, printed and shared like the statement', async () => {
    const { client } = await signUpCitizen(app.url);
    const sheet = await app.deps.db
      .selectFrom('sheet_templates')
      .select('id')
      .where('key', '=', 'what-helps-me')
      .where('organisation_id', 'is', null)
      .executeTakeFirstOrThrow();
    expect((await client.get('/statements')).text).toContain('Det hjælper mig');
    const created = await client.post('/statements', { purpose: 'Til min søster', templateId: sheet.id });
    expect(created.status).toBe(303);
    const id = created.location!.match(/\/statements\/([0-9a-f-]{36})\//)![1]!;
    expect(created.location).toBe(`/statements/${id}/write/first`);

    const answers: [string, Record<string, string | string[]>][] = [
      ['helps', { helps: ['At gå en tur med min hund', 'Jeg vil gerne have ro og en kop te'] }],
      ['signs', { signs: ['Jeg sover kun få timer.'] }],
      ['others', { pleaseDo: ['Sæt dig ved siden af mig, og tal roligt.'], pleaseDont: ['Lad være med at skælde ud.'] }],
      ['call', { whoToCall: ['Min søster Hanne på 12 34 56 78'] }],
    ];
    for (const [page, fields] of answers) {
      const res = await client.post(`/statements/${id}/write/${page}`, { revision: await revisionOf(client, id, page), action: 'next', ...fields });
      expect(res.status, page).toBe(303);
    }
    const drafted = await client.post(`/statements/${id}/write/compose`, { revision: await revisionOf(client, id, 'compose'), action: 'draft', summary: '' });
    const draft = /<textarea id="field-summary"[^>]*>([^<]*)<\/textarea>/.exec(drafted.text)?.[1] ?? '';
    expect(draft).toBe(
      'Det, der hjælper mig, er at gå en tur med min hund og ro og en kop te. Jeg sover kun få timer. Sæt dig ved siden af mig, og tal roligt. Lad være med at skælde ud. Ring til min søster Hanne på 12 34 56 78. Tak, fordi du vil hjælpe mig på den måde, der virker for mig.',
    );
    const saved = await client.post(`/statements/${id}/write/compose`, { revision: await revisionOf(client, id, 'compose'), action: 'next', summary: draft });
    expect(saved.status).toBe(303);

    const raw = await fetch(`${app.url}/statements/${id}/pdf`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(raw.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await raw.arrayBuffer())).replace(/\s+/g, ' ');
    for (const words of [
      'Det hjælper mig',
      'Når det er ved at blive svært',
      'Det må I gerne gøre',
      'Det skal I lade være med',
      'Dem kan I ringe til',
      'Min søster Hanne på 12 34 56 78',
      'Kort fortalt',
    ]) {
      expect(text).toContain(words);
    }

    const when = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
    const meeting = await client.post('/meetings', { when, withWhom: 'Min søster', purpose: '', statementId: id });
    const meetingId = meeting.location!.match(/\/meetings\/([0-9a-f-]{36})/)![1]!;
    const shared = await client.post(`/meetings/${meetingId}/shares`, { days: '7', recipientLabel: 'Hanne', recipientUsername: '' });
    const token = shared.text.match(/\/s\/([A-Za-z0-9_-]{43})/)![1]!;
    const view = await new Client(app.url).get(`/s/${token}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Det hjælper mig');
    expect(view.text).toContain('Sæt dig ved siden af mig, og tal roligt.');
  });

  it('stores the text encrypted: a raw SELECT shows no plaintext', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client, 'Hemmeligt formål');
    const rev = await revisionOf(client, id);
    await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'next', whoIAm: 'Plaintext-canary-4711 skal ikke kunne læses' });
    const rows = await sql<Record<string, unknown>>`select * from statements where id = ${id}`.execute(app.deps.db);
    const versions = await sql<Record<string, unknown>>`select * from statement_versions where statement_id = ${id}`.execute(app.deps.db);
    const dump = JSON.stringify([...rows.rows, ...versions.rows], (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    expect(dump).not.toContain('Plaintext-canary-4711');
    expect(dump).not.toContain('Hemmeligt');
    expect((await client.get(`/statements/${id}/write/who`)).text).toContain('Plaintext-canary-4711');
  });

  it('every read and change is in the audit log', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    await client.get(`/statements/${id}/write/who`);
    await client.get(`/statements/${id}/pdf`);
    const actions = (await app.deps.db.selectFrom('audit_log').select('action').where('object_id', '=', id).execute()).map((r) => r.action);
    expect(actions).toContain('statement.create');
    expect(actions).toContain('statement.read');
    expect(actions).toContain('statement.download');
  });

  it('a stale save from another tab is refused with both texts shown, and nothing is overwritten', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    const stale = await revisionOf(client, id);
    const first = await client.post(`/statements/${id}/write/who`, { revision: stale, action: 'next', whoIAm: 'Tekst fra telefonen' });
    expect(first.status).toBe(303);
    const second = await client.post(`/statements/${id}/write/who`, { revision: stale, action: 'next', whoIAm: 'Tekst fra computeren' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Tekst fra telefonen');
    expect(second.text).toContain('Tekst fra computeren');
    expect((await client.get(`/statements/${id}/write/who`)).text).toContain('Tekst fra telefonen');
    // Keep both: the saved text first, mine below.
    const revision = second.text.match(/name="revision" value="(\d+)"/)![1]!;
    const resolved = await client.post(`/statements/${id}/resolve`, {
      revision,
      returnPage: 'who',
      'choice.whoIAm': 'both',
      'mine.whoIAm': 'Tekst fra computeren',
    });
    expect(resolved.status).toBe(303);
    const after = (await client.get(`/statements/${id}/write/who`)).text;
    expect(after).toMatch(/Tekst fra telefonen\s+Tekst fra computeren/);
  });

  it('keeping both texts of a conflict when together they are over the limit is refused with a message, not an error', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    const stale = await revisionOf(client, id);
    const saved = 'telefon '.repeat(150).trim();
    const mine = 'computer '.repeat(150).trim();
    expect((await client.post(`/statements/${id}/write/who`, { revision: stale, action: 'next', whoIAm: saved })).status).toBe(303);
    const conflict = await client.post(`/statements/${id}/write/who`, { revision: stale, action: 'next', whoIAm: mine });
    expect(conflict.status).toBe(409);
    const revision = conflict.text.match(/name="revision" value="(\d+)"/)![1]!;
    const resolved = await client.post(`/statements/${id}/resolve`, { revision, returnPage: 'who', 'choice.whoIAm': 'both', 'mine.whoIAm': mine });
    expect(resolved.status).toBe(400);
    expect(resolved.text).toContain('Begge tekster sammen er for lange');
    expect(resolved.text).toContain(mine);
    expect((await client.get(`/statements/${id}/write/who`)).text).toContain(saved);
  });

  it('autosave saves a part, and a stale autosave gets 409 with the current text', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    const rev = Number(await revisionOf(client, id));
    const ok = await client.postJson(`/statements/${id}/autosave`, { revision: rev, fields: { whoIAm: 'Skrevet mens jeg tænkte' } });
    expect(ok.status).toBe(200);
    const next = JSON.parse(ok.text) as { revision: number };
    expect(next.revision).toBe(rev + 1);
    const stale = await client.postJson(`/statements/${id}/autosave`, { revision: rev, fields: { whoIAm: 'Gammel fane' } });
    expect(stale.status).toBe(409);
    expect(JSON.parse(stale.text).current.fields.whoIAm).toBe('Skrevet mens jeg tænkte');
    const unknownField = await client.postJson(`/statements/${id}/autosave`, { revision: next.revision, fields: { notAField: 'x' } });
    expect(unknownField.status).toBe(400);
    // Nothing to save is refused too, and leaves the revision where it was: a save that changes
    // nothing would otherwise make the person's other open tab look out of date.
    const json = { 'content-type': 'application/json', 'x-csrf-token': client.csrf(), accept: 'application/json' };
    for (const body of [`{"revision":${next.revision},"fields":{}}`, `{"revision":${next.revision},"fields":{"__proto__":"x"}}`]) {
      expect((await client.request('POST', `/statements/${id}/autosave`, { body, headers: json })).status, body).toBe(400);
    }
    expect(Number(await revisionOf(client, id))).toBe(next.revision);
  });

  it('without JavaScript the counters say how much room there is, never a count the page cannot keep up to date', async () => {
    // A number of characters written into the page goes stale at the first key pressed when no
    // script updates it: the person would read "you have used 0" under their own words. The page
    // says the limit; the browser script adds the live count (its text is in the script itself).
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    const words = 'Jeg hedder Søren og holder af at gå på fjeldet.';
    expect((await client.post(`/statements/${id}/write/who`, { revision: await revisionOf(client, id), action: 'next', whoIAm: words })).status).toBe(303);
    const counterOf = (page: string, key: string) => page.match(new RegExp(`<p class="hint sheet-counter" id="${key}"[^>]*>([^<]*)</p>`))?.[1];
    const who = (await client.get(`/statements/${id}/write/who`)).text;
    expect(who).toContain(words);
    expect(counterOf(who, 'count-whoIAm')).toBe('Plads til 2.000 tegn.');
    const script = who.match(/<script type="module" src="([^"]+)"/)?.[1];
    expect((await client.get(script!)).text).toMatch(/counter"?:"Plads til \{max\} tegn\. Du har brugt \{used\}\."/);
    const help = (await client.get(`/statements/${id}/write/help`)).text;
    expect(counterOf(help, 'count-helpWith')).toBe('Plads til 20 linjer med op til 200 tegn hver.');
    const compose = (await client.get(`/statements/${id}/write/compose`)).text;
    expect(counterOf(compose, 'count-summary')).toBe('Plads til 600 tegn.');
    expect(counterOf(compose, 'sentences-summary')).toBe('Skriv 2–8 sætninger.');
  });

  it('a sheet made without a name is called "Mit ark" in Danish and "My sheet" in English, whichever language it was made in', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client, '');
    const list = await client.get('/statements');
    expect(list.text).toContain('>Mit ark</a>');
    await client.post('/language', { locale: 'en', returnTo: '/statements' });
    const english = await client.get('/statements');
    expect(english.text).toContain('>My sheet</a>');
    expect(english.text).not.toContain('Mit ark');
    const step = await client.get(`/statements/${id}/write/who`);
    expect(step.text).toContain('<span class="sheet-progress__title">My sheet</span>');
    expect(step.text).not.toContain('Mit ark');
    // A name the person gave is theirs, in whatever language: never translated.
    const named = await newStatement(client, 'Til jobcentret');
    expect((await client.get(`/statements/${named}/write/who`)).text).toContain('<span class="sheet-progress__title">Til jobcentret</span>');
  });

  it('too long text is refused with the limit shown and every word kept', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    const rev = await revisionOf(client, id);
    const long = 'ord '.repeat(1500);
    const res = await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'next', whoIAm: long });
    expect(res.status).toBe(400);
    expect(res.text).toContain('error-summary');
    expect(res.text).toContain(long.trim().slice(0, 200));
    expect(await revisionOf(client, id)).toBe(rev);
  });

  it('keeps versions, restores an earlier one without losing the later text, copies and deletes for real', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    let rev = await revisionOf(client, id);
    await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'next', whoIAm: 'Første udgave' });
    // Versions fold within ten minutes; move the latest back in time to make a new one.
    await app.deps.db
      .updateTable('statement_versions')
      .set({ created_at: new Date(Date.now() - 3600_000) } as never)
      .where('statement_id', '=', id)
      .execute();
    rev = await revisionOf(client, id);
    await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'next', whoIAm: 'Anden udgave' });
    const list = await client.get(`/statements/${id}/versions`);
    const versionLinks = [...list.text.matchAll(new RegExp(`/statements/${id}/versions/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!);
    expect(new Set(versionLinks).size).toBe(2);
    const oldest = versionLinks.at(-1)!;
    expect((await client.get(`/statements/${id}/versions/${oldest}`)).text).toContain('Første udgave');
    expect((await client.post(`/statements/${id}/versions/${oldest}/restore`, {})).status).toBe(303);
    expect((await client.get(`/statements/${id}/write/who`)).text).toContain('Første udgave');
    const history = await client.get(`/statements/${id}/versions`);
    const ids = [...new Set([...history.text.matchAll(new RegExp(`/statements/${id}/versions/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!))];
    const texts = await Promise.all(ids.map(async (v) => (await client.get(`/statements/${id}/versions/${v}`)).text));
    expect(texts.some((t) => t.includes('Anden udgave'))).toBe(true);

    const copy = await client.post(`/statements/${id}/copy`, {});
    const copyId = copy.location!.match(/\/statements\/([0-9a-f-]{36})\//)![1]!;
    expect(copyId).not.toBe(id);
    expect((await client.get(`/statements/${copyId}/write/who`)).text).toContain('Første udgave');

    expect((await client.post(`/statements/${id}/delete`, {})).status).toBe(303);
    expect((await client.get(`/statements/${id}/write/who`)).status).toBe(404);
    const left = await app.deps.db.selectFrom('statement_versions').select('id').where('statement_id', '=', id).execute();
    expect(left).toHaveLength(0);
  });

  it('a paragraph deleted by mistake a minute after writing it can be taken back from the versions', async () => {
    const { client } = await signUpCitizen(app.url);
    const id = await newStatement(client);
    const paragraph = 'Om søndagen bager jeg boller til hele opgangen, og det er det bedste ved min uge.';
    let rev = await revisionOf(client, id);
    await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'stay', whoIAm: `Jeg hedder Sif. ${paragraph}` });
    rev = await revisionOf(client, id);
    // Still inside the stretch of writing that folds saves together: typing more stays one version.
    await client.post(`/statements/${id}/write/who`, { revision: rev, action: 'stay', whoIAm: `Jeg hedder Sif. ${paragraph} Jeg har en kat.` });
    rev = await revisionOf(client, id);
    const autosave = await client.postJson(`/statements/${id}/autosave`, { revision: Number(rev), fields: { whoIAm: 'Jeg hedder Sif. Jeg har en kat.' } });
    expect(autosave.status).toBe(200);

    const list = await client.get(`/statements/${id}/versions`);
    const ids = [...new Set([...list.text.matchAll(new RegExp(`/statements/${id}/versions/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!))];
    expect(ids).toHaveLength(2);
    const texts = await Promise.all(ids.map(async (v) => (await client.get(`/statements/${id}/versions/${v}`)).text));
    expect(texts.some((t) => t.includes(paragraph) && t.includes('Jeg har en kat.'))).toBe(true);
  });

  it("another citizen cannot read, change or delete someone's statement", async () => {
    const owner = await signUpCitizen(app.url);
    const other = await signUpCitizen(app.url);
    const id = await newStatement(owner.client);
    expect((await other.client.get(`/statements/${id}/write/who`)).status).toBe(403);
    expect((await other.client.post(`/statements/${id}/write/who`, { revision: '1', action: 'next', whoIAm: 'x' })).status).toBe(403);
    expect((await other.client.post(`/statements/${id}/delete`, {})).status).toBe(403);
    expect((await owner.client.get(`/statements/${id}/write/who`)).status).toBe(200);
  });

  it('moves a sheet written on the device into a new account in one step', async () => {
    const answers = { fields: { whoIAm: 'Skrevet på min telefon uden konto' }, summary: 'Kort tekst.', selfCheck: {} };
    const state = Buffer.from(JSON.stringify(answers)).toString('base64url');
    const client = new Client(app.url);
    const signUp = await client.post('/statements/import', { state, templateKey: 'personal-statement' });
    expect(signUp.status).toBe(200);
    expect(signUp.text).toContain('name="importState"');
    // Two forms on one page, to make an account or to sign in: every field has an id of its own
    // and a label of its own, so tapping "Brugernavn" in one form does not jump to the other.
    const ids = [...signUp.text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const inputs = [...signUp.text.matchAll(/<input id="([^"]+)" name="(username|password)"/g)].map((m) => m[1]!);
    expect(inputs).toHaveLength(4);
    for (const id of inputs) expect(signUp.text.match(new RegExp(`<label for="${id}"`, 'g'))).toHaveLength(1);
    const username = `import${Date.now().toString(36)}`;
    const created = await client.post('/sign-up', {
      chosenName: 'Ny',
      username,
      password: 'a calm long password',
      importState: state,
      importTemplate: 'personal-statement',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/\/statements\/[0-9a-f-]{36}\/write\/done\?imported=1/);
    const page = await client.get(created.location!.replace('?imported=1', '').replace('/done', '/who'));
    expect(page.text).toContain('Skrevet på min telefon uden konto');
    const bad = await client.post('/statements/import', { state: 'bm90LWpzb24', templateKey: 'personal-statement' });
    expect(bad.status).toBe(400);
  });

  it('an unreadable carried sheet is 400 with the same message for everyone, and nothing is stored', async () => {
    const readable = Buffer.from(JSON.stringify({ fields: { whoIAm: 'x' }, summary: '', selfCheck: {} })).toString('base64url');
    const wrongShape = Buffer.from(JSON.stringify({ fields: 'not a list of fields', summary: 5 })).toString('base64url');
    const cases: Record<string, string>[] = [
      { state: 'bm90LWpzb24', templateKey: 'personal-statement' }, // "not-json"
      { state: wrongShape, templateKey: 'personal-statement' },
      { state: readable, templateKey: 'no-such-sheet' },
      { state: '', templateKey: 'personal-statement' },
      { templateKey: 'personal-statement' },
    ];
    const citizen = await signUpCitizen(app.url);
    const count = async () =>
      Number(
        (
          await app.deps.db
            .selectFrom('statements')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const client of [new Client(app.url), citizen.client]) {
      for (const fields of cases) {
        const res = await client.post('/statements/import', fields);
        expect(res.status, JSON.stringify(fields)).toBe(400);
        expect(res.text).toContain('Vi kunne ikke læse din tekst fra siden.');
        expect(res.text).not.toContain('name="importState"');
      }
    }
    expect(await count()).toBe(before);
  });
});
