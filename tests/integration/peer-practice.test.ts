import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, linkPeer, peerCode, signedIn, statementOf, type World } from '../support/fixtures.ts';
import { ZONE, todayIn } from '../../src/domain/time/copenhagen.ts';

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());

const today = () => todayIn(ZONE, new Date());

describe(`peer practice on ${testDbKind()}`, () => {
  it('a citizen sees what the peer will see before consenting; a used code does not work again', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Olga' });
    const code = await peerCode(app, world.peerA);
    const preview = await citizen.client.get(`/link?code=${code}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('læse dine ark');
    const noConsent = await citizen.client.post('/link', { code, wordingVersion: 'peer-link-v1' });
    expect(noConsent.status).toBe(400);
    const yes = await citizen.client.post('/link', { code, consent: 'yes', wordingVersion: 'peer-link-v1' });
    expect(yes.status).toBe(303);
    const events = await app.deps.db.selectFrom('consent_events').select(['kind', 'wording_version', 'scope']).where('citizen_id', '=', citizen.id).execute();
    expect(events).toEqual([{ kind: 'given', wording_version: 'peer-link-v1', scope: expect.stringContaining('statements:read') }]);
    const other = await signedIn(app, { kind: 'citizen' });
    const reused = await other.client.post('/link', { code, consent: 'yes', wordingVersion: 'peer-link-v1' });
    expect(reused.status).toBe(404);
    expect((await world.peerA.client.get('/peer')).text).toContain('Olga');
  });

  it("a linked citizen's page leads to logging a session with her, the form starting with her chosen; another citizen's id chooses nobody", async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Vibeke' });
    await linkPeer(app, world.peerA, citizen);
    const page = await world.peerA.client.get(`/peer/citizens/${citizen.id}`);
    expect(page.text).toContain(`<a class="button" href="/peer/sessions?citizen=${citizen.id}#new-session">Skriv en samtale med Vibeke ind</a>`);
    const form = await world.peerA.client.get(`/peer/sessions?citizen=${citizen.id}`);
    expect(form.text).toContain(`<option value="${citizen.id}" selected>Vibeke</option>`);
    const stranger = await signedIn(app, { kind: 'citizen', chosenName: 'Ukendt' });
    const other = await world.peerA.client.get(`/peer/sessions?citizen=${stranger.id}`);
    expect(other.text).not.toContain(`<option value="${stranger.id}"`);
    expect(other.text).toMatch(/<option value="" selected>/);
  });

  it('a peer deletes a session logged with the wrong citizen: its shared note is gone for her, the deletion is in her log, and nobody else can delete it', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Frida' });
    await linkPeer(app, world.peerA, citizen);
    const logged = await world.peerA.client.post('/peer/sessions', {
      organisationId: world.orgA.id,
      occurredOn: todayIn(ZONE, new Date()),
      format: 'individual',
      kind: 'conversation',
      durationMinutes: '30',
      citizenId: citizen.id,
      note: 'Note til den forkerte borger',
      noteShared: 'on',
    });
    expect(logged.status).toBe(303);
    expect((await citizen.client.get('/account/peer-sessions')).text).toContain('Note til den forkerte borger');
    const sessions = await world.peerA.client.get('/peer/sessions');
    const sessionId = sessions.text.match(/action="\/peer\/sessions\/([0-9a-f-]{36})\/delete"/)![1]!;
    expect(sessions.text).toContain('Ja, slet samtalen');
    // Another peer, and the citizen herself, cannot delete it.
    expect((await world.peerB.client.post(`/peer/sessions/${sessionId}/delete`, {})).status).toBe(404);
    expect((await citizen.client.post(`/peer/sessions/${sessionId}/delete`, {})).status).toBe(403);
    const deleted = await world.peerA.client.post(`/peer/sessions/${sessionId}/delete`, {});
    expect(deleted.location).toBe('/peer/sessions?deleted=1');
    expect((await world.peerA.client.get('/peer/sessions?deleted=1')).text).toContain('Samtalen er slettet.');
    expect((await citizen.client.get('/account/peer-sessions')).text).not.toContain('Note til den forkerte borger');
    const audit = await app.deps.db.selectFrom('audit_log').select(['action', 'subject_user_id']).where('object_id', '=', sessionId).execute();
    expect(audit).toContainEqual({ action: 'session.delete', subject_user_id: citizen.id });
    expect((await world.peerA.client.post(`/peer/sessions/${sessionId}/delete`, {})).status).toBe(404);
  });

  it('an expired code says the same as a wrong one', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const code = await peerCode(app, world.peerA);
    await app.deps.db
      .updateTable('peer_invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('used_at', 'is', null)
      .execute();
    const expired = await citizen.client.get(`/link?code=${code}`);
    const wrong = await citizen.client.get('/link?code=ZZZZZZZZ');
    expect(expired.status).toBe(404);
    expect(wrong.status).toBe(404);
    // Someone without a code, or whose code no longer works, is shown where to find a peer.
    expect(wrong.text).toContain('Har du ikke en kode? Læs, hvad en peer er, og hvor du kan få en: <a href="/peers">Find en peer</a>');
  });

  it('peer suggests, citizen accepts one and rejects one, the trail shows whose words are whose', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Vera' });
    await linkPeer(app, world.peerA, citizen);
    const id = await statementOf(app, citizen);
    const page = await citizen.client.get(`/statements/${id}/write/who`);
    const rev = page.text.match(/name="revision" value="(\d+)"/)![1]!;
    await citizen.client.post(`/statements/${id}/write/who`, { revision: rev, action: 'next', whoIAm: 'Jeg er Vera.' });
    expect((await world.peerA.client.post(`/peer/statements/${id}/suggestions`, { fieldKey: 'whoIAm', text: 'Jeg elsker at synge i kor.' })).status).toBe(303);
    expect((await world.peerA.client.post(`/peer/statements/${id}/suggestions`, { fieldKey: 'whoIAm', text: 'Jeg er min angst.' })).status).toBe(303);
    expect((await world.peerA.client.post(`/peer/statements/${id}/suggestions`, { fieldKey: 'noSuchPart', text: 'x' })).status).toBe(409);
    const list = await citizen.client.get(`/statements/${id}/suggestions`);
    const ids = [...new Set([...list.text.matchAll(/\/suggestions\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
    expect(ids).toHaveLength(2);
    const shown = list.text.match(/name="revision" value="(\d+)"/)![1]!;
    expect((await citizen.client.post(`/statements/${id}/suggestions/${ids[0]}`, { decision: 'add', revision: shown })).status).toBe(303);
    expect((await citizen.client.post(`/statements/${id}/suggestions/${ids[1]}`, { decision: 'reject' })).status).toBe(303);
    // Deciding twice changes nothing more.
    const again = await citizen.client.post(`/statements/${id}/suggestions/${ids[0]}`, { decision: 'add', revision: String(Number(shown) + 1) });
    expect(again.location).toContain('already=1');
    const who = await citizen.client.get(`/statements/${id}/write/who`);
    expect(who.text).toMatch(/Jeg er Vera\.\s+Jeg elsker at synge i kor\./);
    expect(who.text.match(/Jeg elsker at synge i kor/g)).toHaveLength(1);
    expect(who.text).not.toContain('Jeg er min angst');
    const trail = await citizen.client.get(`/statements/${id}/authorship`);
    expect(trail.text).toContain('Vera skrev');
    expect(trail.text).toContain('Medarbejder foreslog');
    expect(trail.text).toContain('Vera brugte forslaget fra Medarbejder');
    expect(trail.text).toContain('sagde nej tak');
    // The peer can read but never write.
    const revNow = who.text.match(/name="revision" value="(\d+)"/)![1]!;
    expect((await world.peerA.client.post(`/statements/${id}/write/who`, { revision: revNow, whoIAm: 'Overskrevet' })).status).toBe(403);
  });

  describe('the citizen decides a suggestion against the text in the sheet now', () => {
    // One citizen, one linked peer; each test suggests for its own part of the sheet.
    let citizen: Awaited<ReturnType<typeof signedIn>>;
    let id: string;
    beforeAll(async () => {
      citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Asta' });
      await linkPeer(app, world.peerA, citizen);
      id = await statementOf(app, citizen);
    });
    const revisionOn = (text: string) => text.match(/name="revision" value="(\d+)"/)![1]!;
    const write = async (page: string, field: string, text: string) => {
      const rev = revisionOn((await citizen.client.get(`/statements/${id}/write/${page}`)).text);
      expect((await citizen.client.post(`/statements/${id}/write/${page}`, { revision: rev, action: 'next', [field]: text })).status).toBe(303);
    };
    const suggestFor = async (fieldKey: string, text: string) => {
      expect((await world.peerA.client.post(`/peer/statements/${id}/suggestions`, { fieldKey, text })).status).toBe(303);
      const row = await app.deps.db
        .selectFrom('suggestions')
        .select('id')
        .where('statement_id', '=', id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const review = async () => {
      const page = await citizen.client.get(`/statements/${id}/suggestions`);
      expect(page.status).toBe(200);
      return page;
    };
    const fieldText = async (page: string, field: string) => {
      const html = (await citizen.client.get(`/statements/${id}/write/${page}`)).text;
      return html.match(new RegExp(`<textarea[^>]*name="${field}"[^>]*>([\\s\\S]*?)</textarea>`))![1]!;
    };
    const auditActions = async () =>
      (await app.deps.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', citizen.id).execute()).map((r) => r.action);
    const suggestionRow = (sid: string) =>
      app.deps.db.selectFrom('suggestions').select(['status', 'applied_as']).where('id', '=', sid).executeTakeFirstOrThrow();

    it('shows the current text beside the suggestion with the words in and out marked, and replaces on request', async () => {
      await write('who', 'whoIAm', 'Jeg er Asta og jeg bor i Aarhus.');
      const sid = await suggestFor('whoIAm', 'Jeg er Asta og jeg synger i kor.');
      const before = (await auditActions()).length;
      const page = await review();
      expect(page.text).toContain('Jeg er Asta og jeg bor i Aarhus.');
      const marked = (tag: 'ins' | 'del') =>
        [...page.text.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) =>
          m[1]!.replace(/<span class="visually-hidden">[^<]*<\/span>/g, ''),
        );
      expect(marked('del')).toEqual(['bor i Aarhus.']);
      expect(marked('ins')).toEqual(['synger i kor.']);
      // The marks carry words for screen readers, not colour alone.
      expect(page.text).toContain(
        '<del class="diff__out"><span class="visually-hidden">taget ud: </span>bor i Aarhus.<span class="visually-hidden"> slut.</span></del>',
      );
      expect(page.text).not.toContain('ændret, siden');
      expect((await auditActions()).slice(before)).toContain('suggestion.read');
      const rev = revisionOn(page.text);
      expect((await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'replace', revision: rev })).status).toBe(303);
      expect(await fieldText('who', 'whoIAm')).toBe('Jeg er Asta og jeg synger i kor.');
      expect(await suggestionRow(sid)).toEqual({ status: 'accepted', applied_as: 'replace' });
      expect(await auditActions()).toContain('suggestion.accept');
      // The peer sees what became of it.
      expect((await world.peerA.client.get(`/peer/statements/${id}`)).text).toContain('Asta brugte det i stedet for sin tekst');
    });

    it('adds below the current text on request', async () => {
      await write('matters', 'matters', 'Min hund.');
      const sid = await suggestFor('matters', 'Min søster.');
      const rev = revisionOn((await review()).text);
      expect((await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'add', revision: rev })).status).toBe(303);
      expect(await fieldText('matters', 'matters')).toBe('Min hund.\n\nMin søster.');
      expect(await suggestionRow(sid)).toEqual({ status: 'accepted', applied_as: 'add' });
      expect((await world.peerA.client.get(`/peer/statements/${id}`)).text).toContain('Asta satte det ind under sin tekst');
    });

    it('"edit" opens a page with the suggestion (or the text and the suggestion) to change before saving', async () => {
      await write('so-that', 'soThat', 'Passe mit arbejde.');
      const sid = await suggestFor('soThat', 'Passe mit arbejde og min have.');
      const rev = revisionOn((await review()).text);
      const opened = await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'edit', revision: rev });
      expect(opened.status).toBe(303);
      expect(opened.location).toBe(`/statements/${id}/suggestions/${sid}/edit`);
      const edit = await citizen.client.get(opened.location!);
      expect(edit.status).toBe(200);
      expect(edit.text).toMatch(/<textarea[^>]*name="text"[^>]*>Passe mit arbejde og min have\.<\/textarea>/);
      const both = await citizen.client.get(`${opened.location!}?start=both`);
      expect(both.text).toMatch(/<textarea[^>]*name="text"[^>]*>Passe mit arbejde\.\n\nPasse mit arbejde og min have\.<\/textarea>/);
      const empty = await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'edit', revision: revisionOn(edit.text), text: '  ' });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('Skriv teksten først');
      // An edit made on a page older than the sheet is not saved: the page comes back with the words kept.
      const older = String(Number(revisionOn(edit.text)) - 1);
      const stale = await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'edit', revision: older, text: 'Passe min have.' });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('Din tekst er ændret, mens du så på forslaget.');
      expect(stale.text).toMatch(/<textarea[^>]*name="text"[^>]*>Passe min have\.<\/textarea>/);
      const saved = await citizen.client.post(`/statements/${id}/suggestions/${sid}`, {
        decision: 'edit',
        revision: revisionOn(stale.text),
        text: 'Passe min have.',
      });
      expect(saved.status).toBe(303);
      expect(await fieldText('so-that', 'soThat')).toBe('Passe min have.');
      expect(await suggestionRow(sid)).toEqual({ status: 'edited', applied_as: 'replace' });
      expect(await auditActions()).toContain('suggestion.edit');
      expect((await world.peerA.client.get(`/peer/statements/${id}`)).text).toContain('Asta rettede det og brugte det');
    });

    it('"no thanks" says so in the same words and leaves the sheet as it is', async () => {
      const sid = await suggestFor('whoIAm', 'Jeg er min angst.');
      const declined = await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'reject' });
      expect(declined.status).toBe(303);
      expect((await citizen.client.get(declined.location!)).text).toContain('Du har sagt nej tak til forslaget.');
      expect(await fieldText('who', 'whoIAm')).not.toContain('angst');
      expect(await suggestionRow(sid)).toEqual({ status: 'rejected', applied_as: null });
      expect((await world.peerA.client.get(`/peer/statements/${id}`)).text).toContain('Asta sagde nej tak');
    });

    it('a text changed after the suggestion is what the suggestion is compared with; a choice made on an older page is refused with 409 and both texts', async () => {
      await write('who', 'whoIAm', 'Jeg hedder Asta.');
      const sid = await suggestFor('whoIAm', 'Jeg hedder Asta og maler.');
      const seen = await review();
      // The citizen changes the part in another tab after the page was shown.
      await write('who', 'whoIAm', 'Jeg hedder Asta og bor på Fyn.');
      const stale = await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'replace', revision: revisionOn(seen.text) });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('Jeg hedder Asta og bor på Fyn.');
      expect(stale.text).toContain('Jeg hedder Asta og maler.');
      expect(stale.text).toContain('Din tekst er ændret, siden forslaget blev skrevet.');
      expect(await fieldText('who', 'whoIAm')).toBe('Jeg hedder Asta og bor på Fyn.');
      expect((await suggestionRow(sid)).status).toBe('open');
      // Chosen again on the page as it is now, it goes through.
      expect((await citizen.client.post(`/statements/${id}/suggestions/${sid}`, { decision: 'add', revision: revisionOn(stale.text) })).status).toBe(303);
      expect(await fieldText('who', 'whoIAm')).toBe('Jeg hedder Asta og bor på Fyn.\n\nJeg hedder Asta og maler.');
      // Every suggestion answered: the "new suggestion" notices are no longer news.
      expect(await app.deps.db.selectFrom('notices').select('id').where('recipient_id', '=', citizen.id).where('seen_at', 'is', null).execute()).toEqual([]);
    });

    it('waiting suggestions are counted on the home page and the sheet list, with a link to them', async () => {
      await suggestFor('whoIAm', 'Et forslag mere.');
      await suggestFor('matters', 'Og et til.');
      const link = `href="/statements/${id}/suggestions"`;
      const home = await citizen.client.get('/');
      expect(home.text).toContain('2 forslag fra din peer venter på dig');
      expect(home.text).toContain(link);
      const list = await citizen.client.get('/statements');
      expect(list.text).toContain('2 forslag venter');
      expect(list.text).toContain(link);
    });
  });

  it('writing together at one device is recorded as such in the trail', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Sif' });
    await linkPeer(app, world.peerA, citizen);
    const id = await statementOf(app, citizen);
    expect((await citizen.client.post('/statements/together', { peerId: world.peerA.id, returnTo: `/statements/${id}/suggestions` })).status).toBe(303);
    const page = await citizen.client.get(`/statements/${id}/write/matters`);
    const rev = page.text.match(/name="revision" value="(\d+)"/)![1]!;
    await citizen.client.post(`/statements/${id}/write/matters`, { revision: rev, action: 'next', matters: 'Min datter.' });
    const trail = await citizen.client.get(`/statements/${id}/authorship`);
    expect(trail.text).toContain('Sif skrev sammen med Medarbejder');
  });

  it('withdrawing consent takes effect on the peer’s next request', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Tove' });
    const linkId = await linkPeer(app, world.peerA, citizen);
    const id = await statementOf(app, citizen);
    expect((await world.peerA.client.get(`/peer/statements/${id}`)).status).toBe(200);
    expect((await citizen.client.post(`/account/peers/${linkId}/withdraw`, {})).status).toBe(303);
    // A second click changes nothing and is not an error.
    expect((await citizen.client.post(`/account/peers/${linkId}/withdraw`, {})).status).toBe(303);
    expect((await world.peerA.client.get(`/peer/statements/${id}`)).status).toBe(403);
    expect((await world.peerA.client.post(`/peer/statements/${id}/suggestions`, { fieldKey: 'whoIAm', text: 'x' })).status).toBe(403);
    expect((await world.peerA.client.get('/peer')).text).not.toContain('Tove');
    const events = await app.deps.db.selectFrom('consent_events').select('kind').where('citizen_id', '=', citizen.id).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(['given', 'withdrawn']);
  });

  it('logs sessions with CHIME themes, refuses absurd durations, and counts them in the overview', async () => {
    const peer = await signedIn(app, {
      kind: 'staff',
      role: 'peer',
      organisationId: world.orgA.id,
      siteId: world.orgA.siteId,
      volunteer: true,
      chosenName: 'Frivillig Finn',
    });
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Ulla' });
    await linkPeer(app, peer, citizen);
    const base = {
      organisationId: world.orgA.id,
      occurredOn: today(),
      format: 'individual',
      kind: 'meeting_preparation',
      citizenId: citizen.id,
      note: 'Ulla var nervøs, men klar.',
    };
    for (const bad of ['-5', '0', '100000', 'ti']) {
      const res = await peer.client.post('/peer/sessions', { ...base, durationMinutes: bad });
      expect(res.status).toBe(400);
      expect(res.text).toContain('mellem 1 og 720');
    }
    const future = await peer.client.post('/peer/sessions', { ...base, durationMinutes: '30', occurredOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(
      (await peer.client.post('/peer/sessions', { ...base, durationMinutes: '45', themes: ['hope', 'empowerment'], statementWorked: 'on', noteShared: 'on' }))
        .status,
    ).toBe(303);
    expect(
      (
        await peer.client.post('/peer/sessions', {
          ...base,
          citizenId: '',
          format: 'group',
          participants: '6',
          kind: 'conversation',
          durationMinutes: '90',
          themes: ['connectedness'],
          note: '',
        })
      ).status,
    ).toBe(303);
    expect((await peer.client.post('/peer/sessions', { ...base, citizenId: '', format: 'group', participants: '1', durationMinutes: '30' })).status).toBe(400);
    const overview = await peer.client.get('/peer');
    expect(overview.text).toMatch(/<dt>Samtaler<\/dt><dd>2<\/dd>/);
    expect(overview.text).toMatch(/<dt>Forberedelse af møder<\/dt><dd>1<\/dd>/);
    expect(overview.text).toMatch(/<th scope="row">Håb og optimisme<\/th><td>1<\/td>/);
    // The note is encrypted at rest, visible to the peer, and to the citizen because it was shared.
    const raw = await sql<{ note: Uint8Array | null }>`select note from peer_sessions where peer_user_id = ${peer.id} and note is not null`.execute(
      app.deps.db,
    );
    expect(Buffer.from(raw.rows[0]!.note!).toString('latin1')).not.toContain('nervøs');
    expect((await peer.client.get('/peer/sessions')).text).toContain('Ulla var nervøs');
    expect((await citizen.client.get('/account/peers')).text).toContain('Ulla var nervøs');
    // The coordinator sees counts, never notes.
    const counts = await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/volunteers`);
    expect(counts.text).toContain('Frivillig Finn');
    expect(counts.text).not.toContain('nervøs');
    const summary = await peer.client.get('/peer/summary');
    expect(summary.text).toContain('Det har jeg lavet som peer');
    expect(summary.text).not.toContain('Ulla');
  });

  it('a peer removed from the organisation is refused at once; their figures stay, without notes', async () => {
    const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Afgående Asger' });
    await peer.client.post('/peer/sessions', {
      organisationId: world.orgA.id,
      occurredOn: today(),
      format: 'individual',
      kind: 'conversation',
      durationMinutes: '20',
      note: 'Privat',
    });
    expect((await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/members/${peer.id}/remove`, {})).status).toBe(303);
    const after = await peer.client.get('/peer');
    expect(after.status).toBe(303);
    const rows = await app.deps.db.selectFrom('peer_sessions').select(['note', 'organisation_id']).where('peer_user_id', '=', peer.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).toBeNull();
  });

  it('reflections are the writer’s own: a colleague reads one only in a learning group both are in', async () => {
    const a = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, chosenName: 'Peer Anna' });
    const b = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, chosenName: 'Peer Bo' });
    const group = await a.client.post('/groups', { name: 'Anna og Bo', purpose: '', admission: 'open' });
    const groupId = group.location!.match(/\/groups\/([0-9a-f-]{36})/)![1]!;
    await b.client.post(`/groups/${groupId}/join`, {});
    await a.client.post('/peer/reflections', { organisationId: world.orgA.id, writtenOn: today(), tried: 'Privat forsøg', happened: '', learned: '' });
    await a.client.post('/peer/reflections', {
      organisationId: world.orgA.id,
      writtenOn: today(),
      tried: 'Delt forsøg',
      happened: 'Det gik',
      learned: 'Noget',
      groupId,
    });
    const empty = await a.client.post('/peer/reflections', { organisationId: world.orgA.id, writtenOn: today(), tried: ' ', happened: '', learned: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv noget i mindst ét af felterne.');
    // Not on a colleague's own reflections page, as before: in the group.
    const pageOfB = await b.client.get('/peer/reflections');
    expect(pageOfB.text).not.toContain('Delt forsøg');
    expect(pageOfB.text).not.toContain('Privat forsøg');
    const inGroup = await b.client.get(`/groups/${groupId}`);
    expect(inGroup.text).toContain('Delt forsøg');
    expect(inGroup.text).not.toContain('Privat forsøg');
    expect((await world.peerB.client.get(`/groups/${groupId}`)).status).toBe(404);
  });
});

describe(`"today" for a peer is the Danish date, on ${testDbKind()}`, () => {
  // 23:30 UTC on 1 December is 00:30 on 2 December in Denmark.
  const lateEvening = new Date('2026-12-01T23:30:00Z');
  let clock: Date | null = null;
  let danish: TestApp;
  let org: World['orgA'];
  beforeAll(async () => {
    danish = await startTestApp({ now: () => clock ?? new Date() });
    org = (await createWorld(danish)).orgA;
  });
  afterAll(() => danish?.close());

  it('a session on the Danish date is accepted between 00:00 and 02:00; the next day is a form error, not a refusal', async () => {
    const peer = await signedIn(danish, { kind: 'staff', role: 'peer', organisationId: org.id, siteId: org.siteId });
    clock = lateEvening;
    const session = { organisationId: org.id, format: 'individual', kind: 'conversation', durationMinutes: '30', note: 'Lige efter midnat' };
    expect((await peer.client.get('/peer/sessions')).text).toContain('value="2026-12-02"');
    const tonight = await peer.client.post('/peer/sessions', { ...session, occurredOn: '2026-12-02' });
    expect(tonight.status).toBe(303);
    // The default period ends today in Denmark, so the session is listed.
    expect((await peer.client.get('/peer/sessions')).text).toContain('Lige efter midnat');
    const tomorrow = await peer.client.post('/peer/sessions', { ...session, occurredOn: '2026-12-03' });
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.text).toContain('Skriv en dato, der ikke ligger i fremtiden.');
    expect(tomorrow.text).toContain('value="2026-12-03"');
  });
});
