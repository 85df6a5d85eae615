import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client, uniqueName } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, linkPeer, newStatementOf, PASSWORD, signedIn, statementOf, type Person, type World } from '../support/fixtures.ts';

// Issue 17, parts 1 and 2: a citizen finds a peer (with or without an account), the coordinator
// offers one, the citizen says yes choosing which sheets the peer may read and whether the peer
// may suggest; the peer sees only those sheets, whatever way they try.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
  const offer = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/peer-offer`, {
    place: 'Værestedet på Havnegade',
    howToMeet: 'Kom forbi tirsdag eftermiddag',
    format: 'both',
    published: 'on',
  });
  expect(offer.status).toBe(303);
});
afterAll(() => app?.close());

const WISH = 'Jeg vil gerne tale med en, der også har været indlagt';
const HOW = 'Ring efter kl. 10 på 12 34 56 78';

async function offerPeerOn(requestId: string, peer: Person = world.peerA) {
  const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/peer-requests/${requestId}/offer`, { peerId: peer.id });
  expect(res.status).toBe(303);
}

const requestRow = (id: string) => app.deps.db.selectFrom('peer_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe(`finding a peer on ${testDbKind()}`, () => {
  it('a coordinator whose organisation has had no requests yet sees an empty list, not an error', async () => {
    // Found by hand in the demo: with nothing to read, nothing was logged, and the use case's
    // audit guard turned the empty list into a 500.
    const none = await world.coordinatorB.client.get(`/organisation/${world.orgB.id}/peer-requests`);
    expect(none.status).toBe(200);
    expect(none.text).toContain('Der er ingen forespørgsler.');
  });

  it('without an account: read, ask, get an offer by the private link, create an account, say yes with one of two sheets; the peer sees only that sheet', async () => {
    const guest = new Client(app.url);
    const list = await guest.get('/peers');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Hvad er en peer?');
    expect(list.text).toContain('Værestedet på Havnegade');
    expect(list.text).toContain(`/peers/ask/${world.orgA.id}`);
    // The form asks for no diagnosis: only the wish and contact on the citizen's terms.
    const form = await guest.get(`/peers/ask/${world.orgA.id}`);
    const askForm = form.text.match(/<form method="post" action="\/peers\/ask\/[^"]+"[\s\S]*?<\/form>/)![0];
    const fields = [...askForm.matchAll(/<(?:input|textarea)[^>]*name="([^"]+)"/g)].map((m) => m[1]).filter((n) => n !== '_csrf');
    expect(fields.sort()).toEqual(['contactHow', 'contactName', 'wish']);
    // An organisation that offers nothing cannot be asked.
    expect((await guest.get(`/peers/ask/${world.orgB.id}`)).status).toBe(404);

    const empty = await guest.post(`/peers/ask/${world.orgA.id}`, { wish: '  ' });
    expect(empty.status).toBe(400);
    const asked = await guest.post(`/peers/ask/${world.orgA.id}`, { wish: WISH, contactName: 'Sol', contactHow: HOW });
    expect(asked.status).toBe(201);
    const token = asked.text.match(/\/peers\/answer\/([A-Za-z0-9_-]{43})/)![1]!;
    const requestId = (
      await app.deps.db
        .selectFrom('peer_requests')
        .select('id')
        .where('organisation_id', '=', world.orgA.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).id;
    // Sealed at rest.
    const raw = await sql<{ wish: Uint8Array; contact_how: Uint8Array }>`select wish, contact_how from peer_requests where id = ${requestId}`.execute(
      app.deps.db,
    );
    expect(Buffer.from(raw.rows[0]!.wish).toString('latin1')).not.toContain('indlagt');
    expect(Buffer.from(raw.rows[0]!.contact_how).toString('latin1')).not.toContain('12 34');

    // Only the coordinators of the organisation see it.
    const mine = await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/peer-requests`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Sol');
    expect((await world.coordinatorB.client.get(`/organisation/${world.orgA.id}/peer-requests`)).status).toBe(403);
    expect((await world.coordinatorB.client.get(`/organisation/${world.orgA.id}/peer-requests/${requestId}`)).status).toBe(403);
    expect((await world.peerA.client.get(`/organisation/${world.orgA.id}/peer-requests/${requestId}`)).status).toBe(403);
    const opened = await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/peer-requests/${requestId}`);
    expect(opened.text).toContain(WISH);
    expect(opened.text).toContain(HOW);
    // A peer of another organisation cannot be offered.
    const foreign = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/peer-requests/${requestId}/offer`, { peerId: world.peerB.id });
    expect(foreign.status).toBe(404);
    await offerPeerOn(requestId);

    // The private link shows the offer; saying yes needs an account, and the link is kept through sign-up.
    const answer = await guest.get(`/peers/answer/${token}`);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('tilbyder dig');
    expect(answer.text).toContain(`/sign-up?returnTo=${encodeURIComponent(`/peers/answer/${token}`)}`);
    expect((await new Client(app.url).get(`/peers/answer/${'y'.repeat(43)}`)).status).toBe(404);
    const signUpPage = await guest.get(`/sign-up?returnTo=${encodeURIComponent(`/peers/answer/${token}`)}`);
    expect(signUpPage.text).toContain(`name="returnTo" value="/peers/answer/${token}"`);
    const username = uniqueName('sol');
    const signedUp = await guest.post('/sign-up', { chosenName: 'Sol', username, password: PASSWORD, returnTo: `/peers/answer/${token}` });
    expect(signedUp.status).toBe(303);
    expect(decodeURIComponent(signedUp.location!)).toContain(`next=/peers/answer/${token}`);
    const sol: Person = {
      id: (await app.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id,
      username,
      client: guest,
    };
    const shared = await newStatementOf(app, sol, 'Til stuegangen');
    const hidden = await newStatementOf(app, sol, 'Mit hemmelige ark');

    const consent = await guest.get(`/peers/answer/${token}`);
    expect(consent.text).toContain('Til stuegangen');
    expect(consent.text).toContain('Mit hemmelige ark');
    const noConsent = await guest.post(`/peers/answer/${token}/accept`, { wordingVersion: 'peer-link-v1', sheets: shared });
    expect(noConsent.status).toBe(400);
    const yes = await guest.post(`/peers/answer/${token}/accept`, { consent: 'yes', wordingVersion: 'peer-link-v1', sheets: shared });
    expect(yes.status).toBe(303);
    expect(yes.location).toBe('/account/peers?linked=1');
    const row = await requestRow(requestId);
    expect(row).toMatchObject({ status: 'accepted', citizen_id: sol.id });
    expect(row.peer_link_id).not.toBeNull();
    const events = await app.deps.db.selectFrom('consent_events').select(['kind', 'scope']).where('citizen_id', '=', sol.id).execute();
    expect(events).toEqual([{ kind: 'given', scope: expect.stringContaining('statements:read:chosen(1)') }]);
    expect(events[0]!.scope).not.toContain('statements:suggest');
    // The request now belongs to Sol's account: someone else with the link cannot take it.
    const other = await signedIn(app, { kind: 'citizen' });
    expect((await other.client.post(`/peers/answer/${token}/accept`, { consent: 'yes', wordingVersion: 'peer-link-v1', sheets: 'all' })).status).toBe(404);
    expect((await other.client.get(`/peers/answer/${requestId}`)).status).toBe(404);

    // The peer sees only the chosen sheet, and may not suggest on it.
    const peer = world.peerA.client;
    const overview = await peer.get(`/peer/citizens/${sol.id}`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Til stuegangen');
    expect(overview.text).not.toContain('Mit hemmelige ark');
    expect(overview.text).not.toContain(hidden);
    const readable = await peer.get(`/peer/statements/${shared}`);
    expect(readable.status).toBe(200);
    expect(readable.text).not.toContain('Send forslag');
    expect([403, 404]).toContain((await peer.get(`/peer/statements/${hidden}`)).status);
    expect([403, 404]).toContain((await peer.post(`/peer/statements/${hidden}/suggestions`, { fieldKey: 'whoIAm', text: 'Ind ad bagdøren' })).status);
    expect([403, 404]).toContain((await peer.post(`/peer/statements/${shared}/suggestions`, { fieldKey: 'whoIAm', text: 'Uden lov' })).status);
    const suggestions = await app.deps.db.selectFrom('suggestions').select('id').where('statement_id', 'in', [shared, hidden]).execute();
    expect(suggestions).toEqual([]);
    // The citizen's own pages are not the peer's either.
    expect([403, 404]).toContain((await peer.get(`/statements/${hidden}/pdf`)).status);
  });

  it('the citizen changes the choice later: the other sheet, with suggestions; then withdraws, and the peer sees nothing', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Ida' });
    const first = await statementOf(app, citizen, 'Første ark');
    const second = await newStatementOf(app, citizen, 'Andet ark');
    const linkId = await linkPeer(app, world.peerA, citizen);
    // Linked with "all sheets" (as links made before this choice existed): a sheet written later is seen too.
    const later = await newStatementOf(app, citizen, 'Skrevet senere');
    expect((await world.peerA.client.get(`/peer/statements/${later}`)).status).toBe(200);

    const page = await citizen.client.get(`/account/peers/${linkId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Første ark');
    // Another citizen cannot see or change this link.
    const other = await signedIn(app, { kind: 'citizen' });
    expect((await other.client.get(`/account/peers/${linkId}`)).status).toBe(404);
    expect((await other.client.post(`/account/peers/${linkId}`, { sheets: 'all', maySuggest: 'on' })).status).toBe(404);

    const changed = await citizen.client.post(`/account/peers/${linkId}`, { sheets: [second], maySuggest: 'on' });
    expect(changed.status).toBe(303);
    expect(changed.location).toBe('/account/peers?changed=1');
    const peer = world.peerA.client;
    expect([403, 404]).toContain((await peer.get(`/peer/statements/${first}`)).status);
    expect([403, 404]).toContain((await peer.get(`/peer/statements/${later}`)).status);
    const seen = await peer.get(`/peer/statements/${second}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('Send forslag');
    expect((await peer.post(`/peer/statements/${second}/suggestions`, { fieldKey: 'whoIAm', text: 'Et forslag med lov' })).status).toBe(303);
    // Another citizen's sheet id in the choice is not taken.
    const foreign = await statementOf(app, other);
    await citizen.client.post(`/account/peers/${linkId}`, { sheets: [second, foreign] });
    const chosen = await app.deps.db.selectFrom('peer_link_sheets').select('statement_id').where('peer_link_id', '=', linkId).execute();
    expect(chosen.map((c) => c.statement_id)).toEqual([second]);
    expect((await peer.post(`/peer/statements/${second}/suggestions`, { fieldKey: 'whoIAm', text: 'Nu uden lov' })).status).toBe(403);

    const kinds = (await app.deps.db.selectFrom('consent_events').select('kind').where('peer_link_id', '=', linkId).orderBy('at').execute()).map((e) => e.kind);
    expect(kinds).toEqual(['given', 'changed', 'changed']);
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_user_id', '=', citizen.id)
      .where('action', '=', 'consent.change')
      .execute();
    expect(audit).toHaveLength(2);
    const mine = await citizen.client.get('/account/peers');
    expect(mine.text).toContain('Må læse 1 af dine ark');
    expect(mine.text).toContain('Må ikke foreslå tekst');

    expect((await citizen.client.post(`/account/peers/${linkId}/withdraw`, {})).status).toBe(303);
    expect([403, 404]).toContain((await peer.get(`/peer/statements/${second}`)).status);
    expect([403, 404]).toContain((await peer.get(`/peer/citizens/${citizen.id}`)).status);
  });

  it('signed in: answered in the app, seen on "my peers"; no thanks links nobody; nobody else opens it', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Bo' });
    const asked = await citizen.client.post(`/peers/ask/${world.orgA.id}`, { wish: 'En at gå tur med', answerInApp: 'on' });
    expect(asked.status).toBe(201);
    expect(asked.text).not.toMatch(/\/peers\/answer\/[A-Za-z0-9_-]{43}/);
    const row = await app.deps.db.selectFrom('peer_requests').selectAll().where('citizen_id', '=', citizen.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answer_in_app: true, token_hash: null, status: 'open' });
    const coordinatorView = await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/peer-requests/${row.id}`);
    expect(coordinatorView.text).toContain('vil have svaret her i Egne ord');
    await offerPeerOn(row.id);
    // What's new says so, and leads to the offer.
    const home = (await citizen.client.get('/')).text;
    expect(home).toContain('Du har fået tilbudt en peer.');
    const noticeId = home.match(/href="\/notices\/([0-9a-f-]{36})"/)![1]!;
    expect((await citizen.client.get(`/notices/${noticeId}`)).location).toBe(`/peers/answer/${row.id}`);
    expect((await world.citizenB.client.get(`/notices/${noticeId}`)).status).toBe(404);
    const peers = await citizen.client.get('/account/peers');
    expect(peers.text).toContain('Dine forespørgsler om en peer');
    expect(peers.text).toContain(`/peers/answer/${row.id}`);
    expect((await world.citizenB.client.get(`/peers/answer/${row.id}`)).status).toBe(404);
    expect((await new Client(app.url).post(`/peers/answer/${row.id}/decline`, {})).status).toBe(404);
    const no = await citizen.client.post(`/peers/answer/${row.id}/decline`, {});
    expect(no.status).toBe(303);
    expect(await requestRow(row.id)).toMatchObject({ status: 'declined', peer_link_id: null });
    const links = await app.deps.db.selectFrom('peer_links').select('id').where('citizen_id', '=', citizen.id).execute();
    expect(links).toEqual([]);
    // The citizen's access log names the coordinator's reading of the request.
    const log = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_user_id', '=', citizen.id)
      .where('action', 'like', 'peer_request.%')
      .execute();
    expect(log.map((l) => l.action)).toEqual(
      expect.arrayContaining(['peer_request.create', 'peer_request.read', 'peer_request.offer', 'peer_request.decline']),
    );
  });
  it('an organisation that cannot offer a peer says so: the citizen sees it and where else to ask; nothing can be offered after', async () => {
    const guest = new Client(app.url);
    const asked = await guest.post(`/peers/ask/${world.orgA.id}`, { wish: 'Jeg vil gerne have én at gå tur med' });
    const token = asked.text.match(/\/peers\/answer\/([A-Za-z0-9_-]{43})/)![1]!;
    const { id } = await app.deps.db
      .selectFrom('peer_requests')
      .select('id')
      .where('organisation_id', '=', world.orgA.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const page = await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/peer-requests/${id}`);
    expect(page.text).toContain('Vi kan ikke tilbyde en peer nu');
    // Another organisation's coordinator cannot close it.
    const other = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: world.orgB.id, siteId: world.orgB.siteId });
    expect((await other.client.post(`/organisation/${world.orgA.id}/peer-requests/${id}/close`, {})).status).toBe(403);
    expect((await requestRow(id)).status).toBe('open');

    const closed = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/peer-requests/${id}/close`, {});
    expect(closed.status).toBe(303);
    expect((await world.coordinatorA.client.get(closed.location!)).text).toContain('Borgeren kan nu se, at I ikke kan tilbyde en peer lige nu.');
    const seen = await guest.get(`/peers/answer/${token}`);
    expect(seen.text).toMatch(/Org A [^<]* kan ikke tilbyde dig en peer lige nu./);
    expect(seen.text).toContain('href="/peers"');
    // Closed stays closed: an offer afterwards changes nothing, and the list says who closed it.
    await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/peer-requests/${id}/offer`, { peerId: world.peerA.id });
    expect((await requestRow(id)).status).toBe('closed');
    expect((await requestRow(id)).offered_peer_id).toBeNull();
    expect((await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/peer-requests`)).text).toContain('Lukket af jer');
  });
});
