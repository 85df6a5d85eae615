import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, linkPeer, PASSWORD, signedIn, type Person, type World } from '../support/fixtures.ts';
import { ZONE, todayIn } from '../../src/domain/time/copenhagen.ts';

// Issue 17, parts 3, 6 and 7: nothing about me without me (the citizen sees every session a peer
// logged with them and comments on it), the peer's conversation guide, and the words of the source.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());

const today = () => todayIn(ZONE, new Date());

async function logSession(peer: Person, citizen: Person | null, fields: Record<string, string | string[]> = {}) {
  return peer.client.post('/peer/sessions', {
    organisationId: world.orgA.id,
    occurredOn: today(),
    format: 'individual',
    kind: 'conversation',
    durationMinutes: '45',
    citizenId: citizen?.id ?? '',
    ...fields,
  });
}

async function sessionIdOf(peer: Person, citizen: Person, kind: string): Promise<string> {
  const row = await app.deps.db
    .selectFrom('peer_sessions')
    .select('id')
    .where('peer_user_id', '=', peer.id)
    .where('citizen_id', '=', citizen.id)
    .where('kind', '=', kind as never)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe(`nothing about me without me, on ${testDbKind()}`, () => {
  it('a note is shared with the citizen by default; a private note is the peer’s own practice, and the form says so', async () => {
    const form = (await world.peerA.client.get('/peer/sessions')).text;
    expect(form).toMatch(/name="noteShared" value="on" checked/);
    expect(form).toContain('En privat note skal handle om din egen praksis, ikke om en navngiven borger.');
    expect(form).toContain('href="/peer/reflections"');
    // A shared note needs one citizen: said beside the choice, nothing saved.
    const before = await app.deps.db.selectFrom('peer_sessions').select('id').where('peer_user_id', '=', world.peerA.id).execute();
    const noCitizen = await logSession(world.peerA, null, { note: 'Til hvem?', noteShared: 'on' });
    expect(noCitizen.status).toBe(400);
    expect(noCitizen.text).toContain('En delt note deles med én borger');
    expect(await app.deps.db.selectFrom('peer_sessions').select('id').where('peer_user_id', '=', world.peerA.id).execute()).toHaveLength(before.length);
  });

  it('the citizen sees every entry about them with the shared note, comments, changes and deletes; the peer reads the comment', async () => {
    const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Peer Per' });
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Rikke' });
    await linkPeer(app, peer, citizen);
    expect(
      (await logSession(peer, citizen, { kind: 'being_together', themes: ['hope', 'identity'], note: 'Vi gik en tur ved søen.', noteShared: 'on' })).status,
    ).toBe(303);
    // An older private note (as stored before this change) stays the peer's alone.
    expect((await logSession(peer, citizen, { kind: 'meeting_preparation', durationMinutes: '20', note: 'Min egen tanke om timing' })).status).toBe(303);

    const mine = await citizen.client.get('/account/peer-sessions');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Samvær');
    expect(mine.text).toContain('Forberedelse af møde');
    expect(mine.text).toContain('45 minutter');
    expect(mine.text).toContain('Håb og optimisme, Identitet');
    expect(mine.text).toContain('Peer Per');
    expect(mine.text).toContain('Vi gik en tur ved søen.');
    expect(mine.text).not.toContain('Min egen tanke om timing');
    // Reachable from home and from "Mine peers".
    expect((await citizen.client.get('/')).text).toContain('href="/account/peer-sessions"');
    expect((await citizen.client.get('/account/peers')).text).toContain('href="/account/peer-sessions"');

    const sessionId = await sessionIdOf(peer, citizen, 'being_together');
    const open = await citizen.client.get(`/account/peer-sessions?comment=${sessionId}`);
    expect(open.text).toContain('name="comment"');
    expect((await citizen.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: '   ' })).status).toBe(400);
    const saved = await citizen.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Det var godt at gå, ikke sidde.' });
    expect(saved.status).toBe(303);
    expect((await citizen.client.get('/account/peer-sessions?saved=1')).text).toContain('Det var godt at gå, ikke sidde.');
    // Sealed at rest.
    const raw = await app.deps.db.selectFrom('peer_session_comments').select('body').where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    expect(Buffer.from(raw.body).toString('latin1')).not.toContain('godt at gå');
    // What's new tells the peer (without the words), and the session log shows it; the citizen's access log says so.
    const peerHome = (await peer.client.get('/')).text;
    expect(peerHome).toContain('har skrevet en kommentar til en samtale, du har skrevet ned.');
    expect(peerHome).not.toContain('Det var godt at gå');
    expect((await peer.client.get('/peer/sessions')).text).toContain('Det var godt at gå, ikke sidde.');
    const reads = await app.deps.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('subject_user_id', '=', citizen.id)
      .where('action', '=', 'session.comment_read')
      .execute();
    expect(reads.map((r) => r.actor_user_id)).toContain(peer.id);
    expect((await citizen.client.get('/account/log')).text).toContain('Læste din kommentar til en samtale');

    // Changed: one comment per session, the new words replace the old.
    expect((await citizen.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Næste gang vil jeg gerne gå længere.' })).status).toBe(303);
    expect(await app.deps.db.selectFrom('peer_session_comments').select('id').where('session_id', '=', sessionId).execute()).toHaveLength(1);
    const peerLog = (await peer.client.get('/peer/sessions')).text;
    expect(peerLog).toContain('Næste gang vil jeg gerne gå længere.');
    expect(peerLog).not.toContain('Det var godt at gå');

    // Deleted: gone for both.
    expect((await citizen.client.post(`/account/peer-sessions/${sessionId}/comment/delete`, {})).status).toBe(303);
    expect(await app.deps.db.selectFrom('peer_session_comments').select('id').where('session_id', '=', sessionId).execute()).toEqual([]);
    expect((await peer.client.get('/peer/sessions')).text).not.toContain('Næste gang vil jeg gerne');
  });

  it('another citizen cannot see or comment on the entries; the peer cannot write or delete the citizen’s comment', async () => {
    const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Peer Pernille' });
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Sigrid' });
    const other = await signedIn(app, { kind: 'citizen', chosenName: 'Torben' });
    await linkPeer(app, peer, citizen);
    await linkPeer(app, peer, other);
    expect((await logSession(peer, citizen, { kind: 'treatment_talk', note: 'Sigrids note', noteShared: 'on' })).status).toBe(303);
    const sessionId = await sessionIdOf(peer, citizen, 'treatment_talk');
    expect((await citizen.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Sigrids egne ord' })).status).toBe(303);

    // Another citizen of the same peer: nothing of hers on his page, and her entry does not exist for him.
    const his = (await other.client.get(`/account/peer-sessions?comment=${sessionId}`)).text;
    expect(his).not.toContain('Sigrid');
    expect(his).not.toContain('name="comment"');
    expect((await other.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Indtrængen' })).status).toBe(404);
    expect((await other.client.post(`/account/peer-sessions/${sessionId}/comment/delete`, {})).status).toBe(404);
    // A citizen of another organisation, and a citizen who was never linked, likewise.
    expect((await world.citizenB.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Indtrængen' })).status).toBe(404);
    // The peer (and any staff) is refused before anything is read.
    expect((await peer.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Peerens ord' })).status).toBe(403);
    expect((await peer.client.post(`/account/peer-sessions/${sessionId}/comment/delete`, {})).status).toBe(403);
    expect((await peer.client.get('/account/peer-sessions')).status).toBe(403);
    const stored = await app.deps.db.selectFrom('peer_session_comments').select(['citizen_id']).where('session_id', '=', sessionId).execute();
    expect(stored).toEqual([{ citizen_id: citizen.id }]);
    expect((await citizen.client.get('/account/peer-sessions')).text).toContain('Sigrids egne ord');
    // Another peer in the same organisation never sees the comment.
    expect((await world.peerA.client.get('/peer/sessions')).text).not.toContain('Sigrids egne ord');
  });

  it('figures for managers stay counts without names of citizens', async () => {
    const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Peer Palle' });
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Navnløse Nanna' });
    await linkPeer(app, peer, citizen);
    expect((await logSession(peer, citizen, { note: 'Delt med Nanna', noteShared: 'on' })).status).toBe(303);
    const volunteers = (await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/volunteers`)).text;
    expect(volunteers).toContain('Peer Palle');
    expect(volunteers).not.toContain('Nanna');
    const summary = (await peer.client.get('/peer/summary')).text;
    expect(summary).not.toContain('Nanna');
  });

  it('erasure removes the citizen’s comments; the export holds them', async () => {
    const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId });
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Ulrikke' });
    await linkPeer(app, peer, citizen);
    expect((await logSession(peer, citizen)).status).toBe(303);
    const sessionId = await sessionIdOf(peer, citizen, 'conversation');
    expect((await citizen.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Ulrikkes kommentar til eksporten' })).status).toBe(303);
    const exported = await fetch(`${app.url}/account/export`, { headers: { cookie: [...citizen.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    expect((await citizen.client.post('/account/delete', { password: PASSWORD })).status).toBe(200);
    expect(await app.deps.db.selectFrom('peer_session_comments').select('id').where('session_id', '=', sessionId).execute()).toEqual([]);
    const left = await sql<{ n: string }>`select count(*) as n from peer_session_comments where citizen_id = ${citizen.id}`.execute(app.deps.db);
    expect(Number(left.rows[0]!.n)).toBe(0);
    // The session itself stays for the peer's figures, naming nobody.
    const session = await app.deps.db.selectFrom('peer_sessions').select(['citizen_id']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session.citizen_id).toBeNull();
  });
});

describe(`words from the source, on ${testDbKind()}`, () => {
  it('session kinds include samvær and one talk at the start or end of a treatment; CHIME in the source’s words; "Én til én"', async () => {
    const form = (await world.peerA.client.get('/peer/sessions')).text;
    for (const word of [
      'Samvær',
      'Én samtale ved start eller afslutning af et behandlingsforløb',
      'Forbundethed',
      'Håb og optimisme',
      'Identitet',
      'Mening med tilværelsen',
      'Empowerment (handlekraft)',
      'Én til én',
    ])
      expect(form).toContain(word);
    for (const old of ['Fællesskab', 'Mening i livet', '>Handlekraft<', 'Alene med én']) expect(form).not.toContain(old);
    for (const kind of ['being_together', 'treatment_talk']) expect((await logSession(world.peerA, null, { kind })).status).toBe(303);
    const stored = await app.deps.db.selectFrom('peer_sessions').select('kind').where('peer_user_id', '=', world.peerA.id).execute();
    expect(stored.map((r) => r.kind)).toEqual(expect.arrayContaining(['being_together', 'treatment_talk']));
    const overview = (await world.peerA.client.get('/peer')).text;
    expect(overview).toContain('Én til én');
    expect(overview).toContain('Samvær');
  });
});

describe(`the conversation guide, on ${testDbKind()}`, () => {
  it('a peer reads it from the menu and home, and prints it as a PDF; citizens are not given it', async () => {
    const home = (await world.peerA.client.get('/')).text;
    expect(home).toContain('href="/peer/guide"');
    const guide = await world.peerA.client.get('/peer/guide');
    expect(guide.status).toBe(200);
    for (const heading of ['Sådan tilbyder du det', 'Sådan lytter du', 'Når du ikke skal tilbyde det, eller skal stoppe'])
      expect(guide.text).toContain(heading);
    expect(guide.text).toContain('krise');
    const pdf = await fetch(`${app.url}/peer/guide/pdf`, { headers: { cookie: [...world.peerA.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename=Samtaleguide.pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect((await world.citizenA.client.get('/peer/guide')).status).toBe(403);
  });
});
