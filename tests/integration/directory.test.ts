import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { Client } from '../support/client.ts';
import { createWorld, signedIn, type Person, type World } from '../support/fixtures.ts';
import { insertOrganisation, insertSite } from '../../src/server/repositories/organisations.ts';

let app: TestApp;
let world: World;
let aabenraa: { id: string; siteId: string };
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
  const org = await insertOrganisation(app.deps.db, { name: 'Åbenrå Kommune', kind: 'municipality' });
  aabenraa = { id: org.id, siteId: (await insertSite(app.deps.db, org.id, 'Værested Æblehaven')).id };
});
afterAll(() => app?.close());

async function peerIn(org: { id: string; siteId: string }, name: string): Promise<Person> {
  return signedIn(app, { kind: 'staff', role: 'peer', organisationId: org.id, siteId: org.siteId, chosenName: name });
}

async function optIn(p: Person, orgId: string, helpText: string, contact: string) {
  return p.client.post('/directory/entry', { organisationId: orgId, helpText, contact });
}

/** Names of the peers a search finds, in the order shown. */
async function search(client: Client, q: string): Promise<string[]> {
  const res = await client.get(`/directory?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return [...res.text.matchAll(/<h2 class="card__title">([^<]*)<\/h2>/g)].map((m) => m[1]!);
}

describe(`peer directory on ${testDbKind()}`, () => {
  it('a peer opts in, is found by name, organisation and help text in any case, and opts out at once', async () => {
    const astrid = await peerIn(aabenraa, 'Astrid Østergård');
    const before = await astrid.client.get('/directory');
    expect(before.text).toContain('Du er ikke med i oversigten.');
    const res = await optIn(
      astrid,
      aabenraa.id,
      'Jeg har startet en hørestemmegruppe og hjælper gerne med ÆBLER og opstart.',
      'astrid@example.dk, tlf. 12 34 56 78',
    );
    expect(res.location).toBe('/directory?info=joined');
    const mine = await astrid.client.get('/directory?info=joined');
    expect(mine.text).toContain('Du er nu med i oversigten.');
    expect(mine.text).toContain('Du er med i oversigten.');

    const other = world.peerB.client;
    expect(await search(other, 'astrid')).toEqual(['Astrid Østergård']);
    expect(await search(other, 'ØSTERGÅRD')).toEqual(['Astrid Østergård']);
    expect(await search(other, 'østergaard')).toEqual(['Astrid Østergård']);
    expect(await search(other, 'aabenraa')).toEqual(['Astrid Østergård']);
    expect(await search(other, 'æbler hørestemme')).toEqual(['Astrid Østergård']);
    expect(await search(other, 'æblehaven')).toEqual(['Astrid Østergård']);
    expect(await search(other, 'ingen-sådan-peer')).toEqual([]);
    expect(await search(other, '%')).toEqual([]);
    // Coordinators read the directory too, with organisation, site and how to reach them.
    const coordinatorView = await world.coordinatorB.client.get('/directory?q=astrid');
    expect(coordinatorView.text).toContain('Åbenrå Kommune');
    expect(coordinatorView.text).toContain('Værested Æblehaven');
    expect(coordinatorView.text).toContain('astrid@example.dk, tlf. 12 34 56 78');

    // Changing the entry keeps one entry.
    expect((await optIn(astrid, aabenraa.id, 'Recovery-kurser', 'astrid@example.dk')).location).toBe('/directory?info=updated');
    expect(await search(other, 'recovery')).toEqual(['Astrid Østergård']);
    expect(await search(other, 'hørestemme')).toEqual([]);

    expect((await astrid.client.post('/directory/entry/delete', {})).location).toBe('/directory?info=left');
    // Opting out again (a second click) is not an error.
    expect((await astrid.client.post('/directory/entry/delete', {})).location).toBe('/directory?info=left');
    expect(await search(other, 'astrid')).toEqual([]);
    const rows = await app.deps.db.selectFrom('directory_entries').select('user_id').where('user_id', '=', astrid.id).execute();
    expect(rows).toEqual([]);
  });

  it('bad input is refused with the error summary and nothing stored', async () => {
    const p = await peerIn(world.orgA, 'Bodil');
    const res = await optIn(p, world.orgA.id, '   ', 'x'.repeat(501));
    expect(res.status).toBe(400);
    expect(res.text).toContain('error-summary');
    expect(res.text).toContain('Skriv hvad du kan hjælpe med');
    expect(res.text).toContain('Skriv hvordan andre kan kontakte dig');
    // Only through an organisation where one is a peer.
    const elsewhere = await optIn(p, world.orgB.id, 'Hjælp', 'mail');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('Vælg en organisation, hvor du er peer.');
    expect(await app.deps.db.selectFrom('directory_entries').select('user_id').where('user_id', '=', p.id).execute()).toEqual([]);
  });

  it('citizens, professionals and anonymous visitors cannot see the directory; only peers can be in it', async () => {
    const carl = await peerIn(world.orgA, 'Carl Hemmelig');
    await optIn(carl, world.orgA.id, 'Netværk', 'carl@example.dk');
    const anonymous = await new Client(app.url).get('/directory?q=carl');
    expect(anonymous.status).not.toBe(200);
    expect(anonymous.text).not.toContain('carl@example.dk');
    for (const p of [world.citizenA, world.professionalA, world.admin]) {
      const res = await p.client.get('/directory?q=carl');
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('carl@example.dk');
    }
    expect((await world.coordinatorA.client.post('/directory/entry', { organisationId: world.orgA.id, helpText: 'x', contact: 'y' })).status).toBe(403);
    expect((await world.citizenA.client.post('/directory/entry', { organisationId: world.orgA.id, helpText: 'x', contact: 'y' })).status).toBe(403);
  });

  it('a peer removed from their organisation disappears from the directory', async () => {
    const dorte = await peerIn(world.orgA, 'Dorte Fjernet');
    await optIn(dorte, world.orgA.id, 'Peer-grupper', 'dorte@example.dk');
    expect(await search(world.peerB.client, 'dorte')).toEqual(['Dorte Fjernet']);
    expect((await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/members/${dorte.id}/remove`, {})).status).toBe(303);
    expect(await search(world.peerB.client, 'dorte')).toEqual([]);
    expect(await app.deps.db.selectFrom('directory_entries').select('user_id').where('user_id', '=', dorte.id).execute()).toEqual([]);
  });

  it('what a peer writes is not put in the audit log', async () => {
    const erik = await peerIn(world.orgA, 'Erik');
    await optIn(erik, world.orgA.id, 'Hemmelig hjælpetekst', 'hemmelig-kontakt@example.dk');
    const rows = await app.deps.db.selectFrom('audit_log').selectAll().where('actor_user_id', '=', erik.id).execute();
    expect(rows.map((r) => r.action)).toContain('directory.opt_in');
    expect(JSON.stringify(rows)).not.toContain('hemmelig');
  });
});
