import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, signedIn, type World } from '../support/fixtures.ts';
import { Client } from '../support/client.ts';

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
});
afterAll(() => app?.close());

async function post(w: World, fields: Partial<Record<'title' | 'kind' | 'text', string>> = {}): Promise<string> {
  const res = await w.peerA.client.post('/practice', {
    organisationId: w.orgA.id,
    title: 'Gåture i stedet for kontor',
    kind: 'worked',
    text: 'Vi gik en tur i stedet for at sidde på kontoret.',
    ...fields,
  });
  expect(res.status).toBe(303);
  const id = res.location?.match(/^\/practice\/([0-9a-f-]{36})\?posted=1$/)?.[1];
  if (!id) throw new Error('no note id');
  return id;
}

const countNotes = async () =>
  Number(
    (
      await app.deps.db
        .selectFrom('practice_notes')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`sharing practice on ${testDbKind()}`, () => {
  it('a peer posts; peers and coordinators of other organisations read and reply; text is sealed and shown inert', async () => {
    const id = await post(world, {
      title: 'Spørgsmål om <b>grupper</b>',
      kind: 'question',
      text: 'Hvordan starter I?\n<script>alert(1)</script><img src=x onerror=alert(2)>',
    });
    const row = await app.deps.db.selectFrom('practice_notes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.content).toString('latin1')).not.toContain('Hvordan');

    const list = await world.peerB.client.get('/practice');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Spørgsmål om &lt;b&gt;grupper&lt;/b&gt;');
    expect(list.text).toContain('Et spørgsmål');

    const note = await world.peerB.client.get(`/practice/${id}`);
    expect(note.status).toBe(200);
    expect(note.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(note.text).not.toContain('<script>alert');
    expect(note.text).not.toContain('<img src=x');
    expect(note.text).not.toMatch(/<b>grupper/);
    const orgA = await app.deps.db.selectFrom('organisations').select('name').where('id', '=', world.orgA.id).executeTakeFirstOrThrow();
    expect(note.text).toContain(orgA.name);
    // Calm: no likes, no counters.
    expect(note.text).not.toMatch(/synes godt om|like/i);

    expect((await world.peerB.client.post(`/practice/${id}/comments`, { text: 'Vi starter med kaffe og en runde.' })).location).toBe(
      `/practice/${id}?commented=1`,
    );
    expect((await world.coordinatorB.client.post(`/practice/${id}/comments`, { text: 'Godt spørgsmål <i>virkelig</i>' })).status).toBe(303);
    const seen = await world.peerA.client.get(`/practice/${id}`);
    expect(seen.text).toContain('Vi starter med kaffe og en runde.');
    expect(seen.text).toContain('Godt spørgsmål &lt;i&gt;virkelig&lt;/i&gt;');
    expect(seen.text.indexOf('Vi starter med kaffe')).toBeLessThan(seen.text.indexOf('Godt spørgsmål'));
  });

  it('newest first', async () => {
    await post(world, { title: 'Ældre opslag' });
    await post(world, { title: 'Nyere opslag' });
    const list = (await world.coordinatorA.client.get('/practice')).text;
    expect(list.indexOf('Nyere opslag')).toBeGreaterThan(-1);
    expect(list.indexOf('Nyere opslag')).toBeLessThan(list.indexOf('Ældre opslag'));
  });

  it("the organisation's own coordinator hides a post; another organisation's coordinator and peers cannot", async () => {
    const id = await post(world, { title: 'Et opslag der skal skjules' });
    expect((await world.coordinatorB.client.post(`/practice/${id}/hide`, {})).status).toBe(403);
    expect((await world.peerB.client.post(`/practice/${id}/hide`, {})).status).toBe(403);
    expect((await world.peerA.client.post(`/practice/${id}/hide`, {})).status).toBe(403);
    expect((await world.peerB.client.get(`/practice/${id}`)).status).toBe(200);

    const hidden = await world.coordinatorA.client.post(`/practice/${id}/hide`, {});
    expect(hidden.status).toBe(303);
    // Gone for others…
    expect((await world.peerB.client.get(`/practice/${id}`)).status).toBe(404);
    expect((await world.coordinatorB.client.get('/practice')).text).not.toContain('Et opslag der skal skjules');
    expect((await world.peerB.client.post(`/practice/${id}/comments`, { text: 'Hej' })).status).toBe(404);
    // …the author sees that it is hidden…
    const author = await world.peerA.client.get(`/practice/${id}`);
    expect(author.status).toBe(200);
    expect(author.text).toContain('har skjult opslaget');
    expect((await world.peerA.client.get('/practice')).text).toMatch(/Et opslag der skal skjules<\/a> <span class="badge">Skjult/);
    // …and the coordinator can show it again.
    expect((await world.coordinatorA.client.get(`/practice/${id}`)).text).toContain('Vis opslaget igen');
    expect((await world.coordinatorA.client.post(`/practice/${id}/show`, {})).status).toBe(303);
    expect((await world.peerB.client.get(`/practice/${id}`)).status).toBe(200);
  });

  it('citizens, professionals and anonymous visitors are refused', async () => {
    const id = await post(world);
    const professional = await signedIn(app, { kind: 'staff', role: 'professional', organisationId: world.orgA.id });
    for (const client of [world.citizenA.client, professional.client]) {
      expect((await client.get('/practice')).status).toBe(403);
      expect((await client.get(`/practice/${id}`)).status).toBe(403);
      expect((await client.post(`/practice/${id}/comments`, { text: 'x' })).status).toBe(403);
      expect((await client.post('/practice', { organisationId: world.orgA.id, title: 'x', kind: 'worked', text: 'x' })).status).toBe(403);
    }
    const anonymous = new Client(app.url);
    expect((await anonymous.get('/practice')).location).toMatch(/^\/sign-in/);
    expect((await anonymous.post('/practice', { organisationId: world.orgA.id, title: 'x', kind: 'worked', text: 'x' })).status).toBe(401);
    // A coordinator reads and replies but does not post as a peer.
    expect((await world.coordinatorA.client.post('/practice', { organisationId: world.orgA.id, title: 'x', kind: 'worked', text: 'x' })).status).toBe(403);
    // A peer writes only in an organisation where they are a peer.
    expect((await world.peerA.client.post('/practice', { organisationId: world.orgB.id, title: 'x', kind: 'worked', text: 'x' })).status).toBe(403);
  });

  it('bad input gets a 400 with the error summary and nothing is stored', async () => {
    const before = await countNotes();
    const empty = await world.peerA.client.post('/practice', { organisationId: world.orgA.id, title: ' ', kind: 'nonsense', text: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('error-summary');
    expect(empty.text).toContain('Skriv en overskrift');
    expect(empty.text).toContain('Vælg hvad slags opslag');
    const tooLong = await world.peerA.client.post('/practice', { organisationId: world.orgA.id, title: 'Langt', kind: 'method', text: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('højst 2000 tegn');
    expect(await countNotes()).toBe(before);

    const id = await post(world);
    const comment = await world.peerB.client.post(`/practice/${id}/comments`, { text: '   ' });
    expect(comment.status).toBe(400);
    expect(comment.text).toContain('error-summary');
    expect(await app.deps.db.selectFrom('practice_comments').select('id').where('note_id', '=', id).execute()).toHaveLength(0);
    expect((await world.peerB.client.get('/practice/not-a-uuid')).status).toBe(404);
    expect((await world.peerB.client.get('/practice/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
