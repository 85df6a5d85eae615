import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, PASSWORD, signedIn, type Person, type World } from '../support/fixtures.ts';
import { EXAMPLE_GUIDES } from '../../src/domain/guides/examples.ts';
import { STARTER_GUIDES } from '../../src/domain/guides/starter.ts';
import { ensureStarterGuides } from '../../src/server/services/guides.ts';

let app: TestApp;
let world: World;
let dir: string;
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
  dir = mkdtempSync(path.join(tmpdir(), 'egneord-guides-'));
});
afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pdfText(bytes: Buffer): string {
  const file = path.join(dir, `g${Date.now()}${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
}

async function download(client: Client, p: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(client.base + p, { headers: cookie ? { cookie } : {} });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

/** A coordinator writes a guide through the form; returns its id. */
async function writeGuide(coordinator: Person, orgId: string, guide: { title: string; summary: string; language: string; body: string }): Promise<string> {
  const res = await coordinator.client.post(`/organisation/${orgId}/guides`, guide);
  expect(res.status).toBe(303);
  return res.location!.match(/guides\/([0-9a-f-]{36})\/edit/)![1]!;
}

async function publish(coordinator: Person, orgId: string, id: string, yes = true) {
  const res = await coordinator.client.post(`/organisation/${orgId}/guides/${id}/publish`, { publish: yes ? 'yes' : 'no' });
  expect(res.status).toBe(303);
}

const hostile = {
  title: 'Hjem fra afdelingen — æøå <script>alert(1)</script>',
  summary: 'Kort <img src=x onerror=alert(2)>',
  language: 'da',
  body: '# Før du går hjem æøå\n<script>alert("guide")</script>\n\n- [ ] Ring til <b>kontaktpersonen</b>\n- [ ] Køb ind til weekenden\n- Almindeligt punkt',
};

describe(`guides on ${testDbKind()}`, () => {
  it('a draft is invisible to the public, citizens and other organisations; publishing shows it, and script stays inert text', async () => {
    const id = await writeGuide(world.coordinatorA, world.orgA.id, hostile);
    const anonymous = new Client(app.url);
    for (const client of [anonymous, world.citizenA.client, world.coordinatorB.client, world.peerA.client]) {
      expect((await client.get(`/guides/${id}`)).status).toBe(404);
      expect((await download(client, `/guides/${id}/pdf`)).status).toBe(404);
    }
    expect((await anonymous.get('/guides')).text).not.toContain('Hjem fra afdelingen');
    // Its own coordinator can preview the draft.
    const preview = await world.coordinatorA.client.get(`/guides/${id}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Kladde');

    await publish(world.coordinatorA, world.orgA.id, id);
    const list = await anonymous.get('/guides');
    expect(list.text).toContain('Hjem fra afdelingen — æøå &lt;script&gt;alert(1)&lt;/script&gt;');
    const page = await anonymous.get(`/guides/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2>Før du går hjem æøå</h2>');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;guide&quot;)&lt;/script&gt;');
    expect(page.text).toContain('Ring til &lt;b&gt;kontaktpersonen&lt;/b&gt;');
    expect(page.text).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(page.text).not.toMatch(/<script>alert|<b>kontakt|<img src=x/);
    expect(page.text).toContain('Log ind, hvis du vil gemme tjeklisten');

    const pdf = await download(anonymous, `/guides/${id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    // Named by its title with æøå kept (filename*), and without what a file name cannot hold.
    expect(pdf.disposition).toBe(
      `attachment; filename="Hjem fra afdelingen - aeoeaa script alert(1) script.pdf"; filename*=UTF-8''Hjem%20fra%20afdelingen%20%E2%80%94%20%C3%A6%C3%B8%C3%A5%20script%20alert%281%29%20script.pdf`,
    );
    const text = pdfText(pdf.bytes);
    expect(text).toContain('Før du går hjem æøå');
    expect(text).toContain('<script>alert("guide")</script>');
    expect(text).toContain('Ring til <b>kontaktpersonen</b>');

    // Taking it down hides it again.
    await publish(world.coordinatorA, world.orgA.id, id, false);
    expect((await anonymous.get(`/guides/${id}`)).status).toBe(404);
  });

  it('lists published guides by language, and another organisation cannot edit or publish ours', async () => {
    const da = await writeGuide(world.coordinatorA, world.orgA.id, EXAMPLE_GUIDES[0]!);
    const en = await writeGuide(world.coordinatorA, world.orgA.id, EXAMPLE_GUIDES[1]!);
    await publish(world.coordinatorA, world.orgA.id, da);
    await publish(world.coordinatorA, world.orgA.id, en);
    const anonymous = new Client(app.url);
    const onlyEn = await anonymous.get('/guides?lang=en');
    expect(onlyEn.text).toContain('Example: A good everyday life');
    expect(onlyEn.text).not.toContain('Eksempel: Før du bliver udskrevet');
    const onlyDa = await anonymous.get('/guides?lang=da');
    expect(onlyDa.text).toContain('Eksempel: Før du bliver udskrevet');
    expect(onlyDa.text).not.toContain('Example: A good everyday life');
    // Without a choice, the reader's own language: a Danish page lists the Danish guide only.
    const shelf = await anonymous.get('/guides');
    expect(shelf.text).toContain('Eksempel: Før du bliver udskrevet');
    expect(shelf.text).not.toContain('Example: A good everyday life');
    expect(shelf.text).toMatch(/<option value="da" selected>/);
    const all = await anonymous.get('/guides?lang=all');
    expect(all.text).toContain('Example: A good everyday life');
    expect(all.text).toContain('Eksempel: Før du bliver udskrevet');
    // The English guide is marked as English for screen readers.
    expect((await anonymous.get(`/guides/${en}`)).text).toContain('<article lang="en">');

    expect((await world.coordinatorB.client.post(`/organisation/${world.orgA.id}/guides/${da}/publish`, { publish: 'no' })).status).toBe(403);
    expect((await world.coordinatorB.client.post(`/organisation/${world.orgB.id}/guides/${da}/publish`, { publish: 'no' })).status).toBe(404);
    expect(
      (await world.coordinatorB.client.post(`/organisation/${world.orgB.id}/guides/${da}`, { title: 'Overtaget', language: 'da', body: 'x' })).status,
    ).toBe(404);
    expect((await anonymous.get(`/guides/${da}`)).text).toContain('Eksempel: Før du bliver udskrevet');
  });

  it('bad input gets the error summary and stores nothing', async () => {
    const before = await app.deps.db
      .selectFrom('guides')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/guides`, { title: '   ', summary: '', language: 'fr', body: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('error-summary');
    expect(res.text).toContain('Vælg dansk eller engelsk.');
    expect(res.text).toContain('href="#field-title"');
    const after = await app.deps.db
      .selectFrom('guides')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('cleans what it stores, and refuses too long or missing parts beside the field, on a new guide and an edit', async () => {
    const c = world.coordinatorA.client;
    const base = `/organisation/${world.orgA.id}/guides`;
    const id = await writeGuide(world.coordinatorA, world.orgA.id, { title: ' En  guide ', summary: 'Kort', language: 'da', body: '# A\r\ntekst' });
    const stored = await app.deps.db.selectFrom('guides').select(['title', 'body']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: 'En guide', body: '# A\ntekst' });

    const count = async () =>
      (
        await app.deps.db
          .selectFrom('guides')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const missing = await c.post(base, {});
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Skriv noget her.');
    expect(missing.text).toContain('Vælg dansk eller engelsk.');
    const tooLong = await c.post(base, { title: 'x', summary: 's'.repeat(401), language: 'en', body: 'y'.repeat(20_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('Teksten er for lang. Gør den kortere.');
    expect(tooLong.text).toContain('href="#field-summary"');
    expect(tooLong.text).toContain('href="#field-body"');
    const longLine = await c.post(base, { title: 'Lang linje', language: 'da', body: 'z'.repeat(1001) });
    expect(longLine.status).toBe(400);
    expect(longLine.text).toContain('En af linjerne er meget lang.');
    expect(longLine.text).toContain('value="Lang linje"');
    expect(await count()).toBe(before);

    const edit = await c.post(`${base}/${id}`, { title: '', language: 'da', body: 'ny tekst' });
    expect(edit.status).toBe(400);
    expect(edit.text).toContain('Skriv noget her.');
    expect((await app.deps.db.selectFrom('guides').select('body').where('id', '=', id).executeTakeFirstOrThrow()).body).toBe('# A\ntekst');
  });

  it('a citizen saves checklist items to My notes, ticks and removes them; nobody else sees them; erasure deletes them', async () => {
    const id = await writeGuide(world.coordinatorA, world.orgA.id, { ...hostile, title: 'Tjekliste-guide' });
    await publish(world.coordinatorA, world.orgA.id, id);
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Nanna' });
    const page = await citizen.client.get(`/guides/${id}`);
    expect(page.text).toContain('Gem i Mine noter');

    const saved = await citizen.client.post(`/guides/${id}/notes`, { item: ['0', '1'] });
    expect(saved.status).toBe(303);
    expect((await citizen.client.get(saved.location!)).text).toContain('2 punkter er gemt i Mine noter.');
    // Saving again adds nothing twice; a made-up index is ignored.
    await citizen.client.post(`/guides/${id}/notes`, { item: ['0', '99'] });
    const rows = await app.deps.db.selectFrom('guide_notes').selectAll().where('citizen_id', '=', citizen.id).orderBy('position').execute();
    expect(rows).toHaveLength(2);
    // Sealed at rest.
    expect(Buffer.from(rows[0]!.text).toString('utf8')).not.toContain('kontaktpersonen');

    let notes = await citizen.client.get('/notes');
    expect(notes.status).toBe(200);
    expect(notes.text).toContain('Ring til &lt;b&gt;kontaktpersonen&lt;/b&gt;');
    expect(notes.text).toContain('Køb ind til weekenden');
    expect(notes.text).toContain('Fra guiden Tjekliste-guide');

    expect((await citizen.client.post(`/notes/${rows[0]!.id}/done`, { done: 'yes' })).status).toBe(303);
    notes = await citizen.client.get('/notes');
    expect(notes.text).toMatch(/Klaret:<\/strong> <s>Ring til &lt;b&gt;kontaktpersonen/);
    expect(notes.text).toMatch(/Ikke klaret endnu:<\/strong> Køb ind/);

    // Another citizen sees only their own (empty) notes and cannot touch mine.
    const other = world.citizenB;
    const theirs = await other.client.get('/notes');
    expect(theirs.text).not.toContain('kontaktpersonen');
    expect((await other.client.post(`/notes/${rows[1]!.id}/done`, { done: 'yes' })).status).toBe(403);
    expect((await other.client.post(`/notes/${rows[1]!.id}/remove`, {})).status).toBe(403);
    expect((await app.deps.db.selectFrom('guide_notes').select('done').where('id', '=', rows[1]!.id).executeTakeFirstOrThrow()).done).toBe(false);

    expect((await citizen.client.post(`/notes/${rows[1]!.id}/remove`, {})).status).toBe(303);
    notes = await citizen.client.get('/notes?removed=1');
    expect(notes.text).toContain('Punktet er fjernet.');
    expect(notes.text).not.toContain('Køb ind til weekenden');

    const actions = (await app.deps.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', citizen.id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['note.create', 'note.list', 'note.update', 'note.delete']));

    expect((await citizen.client.post('/account/delete', { password: PASSWORD })).status).toBe(200);
    expect(await app.deps.db.selectFrom('guide_notes').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual([]);
  });

  it('staff and visitors cannot save notes', async () => {
    const id = await writeGuide(world.coordinatorA, world.orgA.id, { ...hostile, title: 'Kun for borgere' });
    await publish(world.coordinatorA, world.orgA.id, id);
    expect((await world.peerA.client.post(`/guides/${id}/notes`, { item: '0' })).status).toBe(403);
    expect((await new Client(app.url).post(`/guides/${id}/notes`, { item: '0' })).status).toBe(401);
  });

  it('a fresh installation lists the starter guides in Danish and English, and starting again adds none', async () => {
    const anonymous = new Client(app.url);
    const da = await anonymous.get('/guides?lang=da');
    for (const title of ['Før et møde', 'Før udskrivelse', 'En god hverdag', 'Sådan bruger du et personligt statement sammen med en peer'])
      expect(da.text).toContain(title);
    expect(da.text).toContain('Fra Egne ord');
    const en = await anonymous.get('/guides?lang=en');
    for (const title of ['Before a meeting', 'Before discharge', 'A good everyday life', 'How to use a personal statement with a peer'])
      expect(en.text).toContain(title);

    const starters = () => app.deps.db.selectFrom('guides').select(['id', 'body']).where('starter_key', 'is not', null).orderBy('id').execute();
    const before = await starters();
    expect(before).toHaveLength(STARTER_GUIDES.length);
    // The next start finds them all: nothing added. A stored text that differs from the shipped
    // one (an older version of it) is brought up to date in place.
    await app.deps.db.updateTable('guides').set({ body: 'En gammel tekst' }).where('id', '=', before[0]!.id).execute();
    await ensureStarterGuides(app.deps);
    await ensureStarterGuides(app.deps);
    expect(await starters()).toEqual(before);

    // Nobody edits a starter guide in place, nor takes it down.
    const id = before[0]!.id;
    for (const orgId of [world.orgA.id, world.orgB.id]) {
      expect((await world.coordinatorA.client.post(`/organisation/${orgId}/guides/${id}`, { title: 'Overtaget', language: 'da', body: 'x' })).status).not.toBe(
        303,
      );
      expect((await world.coordinatorA.client.post(`/organisation/${orgId}/guides/${id}/publish`, { publish: 'no' })).status).not.toBe(303);
    }
    expect((await anonymous.get(`/guides/${id}`)).status).toBe(200);
  });

  it("a coordinator copies a starter guide and adapts it: the copy is the organisation's own draft, the original stays", async () => {
    const starter = await app.deps.db
      .selectFrom('guides')
      .select(['id', 'title', 'body'])
      .where('starter_key', '=', 'before-discharge')
      .where('language', '=', 'da')
      .executeTakeFirstOrThrow();
    const manage = await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/guides`);
    expect(manage.text).toContain('Guider fra Egne ord');
    expect(manage.text).toContain(`action="/organisation/${world.orgA.id}/guides/${starter.id}/copy"`);

    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/guides/${starter.id}/copy`, {});
    expect(res.status).toBe(303);
    const copyId = res.location!.match(/guides\/([0-9a-f-]{36})\/edit\?copied=1$/)![1]!;
    expect(copyId).not.toBe(starter.id);
    const edit = await world.coordinatorA.client.get(res.location!);
    expect(edit.text).toContain('Guiden er kopieret til jer som en kladde.');
    const copy = await app.deps.db.selectFrom('guides').selectAll().where('id', '=', copyId).executeTakeFirstOrThrow();
    expect(copy).toMatchObject({ organisation_id: world.orgA.id, starter_key: null, published_at: null, title: starter.title, body: starter.body });

    // The organisation adapts and publishes it; the starter guide is unchanged.
    const adapted = {
      title: 'Før udskrivelse fra Afsnit 3',
      summary: '',
      language: 'da',
      body: `${starter.body}\n\n## Hos os\n- [ ] Jeg har fået afsnittets telefonnummer.`,
    };
    expect((await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/guides/${copyId}`, adapted)).status).toBe(303);
    await publish(world.coordinatorA, world.orgA.id, copyId);
    const page = await new Client(app.url).get(`/guides/${copyId}`);
    expect(page.text).toContain('Jeg har fået afsnittets telefonnummer.');
    expect(page.text).toContain('Fra Org A');
    expect(await app.deps.db.selectFrom('guides').select(['title', 'body']).where('id', '=', starter.id).executeTakeFirstOrThrow()).toEqual({
      title: starter.title,
      body: starter.body,
    });

    // Another organisation can neither change the copy nor copy it: it is orgA's to give.
    expect(
      (await world.coordinatorB.client.post(`/organisation/${world.orgB.id}/guides/${copyId}`, { title: 'Overtaget', language: 'da', body: 'x' })).status,
    ).toBe(404);
    expect((await world.coordinatorB.client.post(`/organisation/${world.orgB.id}/guides/${copyId}/copy`, {})).status).toBe(404);
    expect((await world.coordinatorB.client.post(`/organisation/${world.orgA.id}/guides/${starter.id}/copy`, {})).status).toBe(403);
    expect((await world.peerA.client.post(`/organisation/${world.orgA.id}/guides/${starter.id}/copy`, {})).status).toBe(403);
  });
});
