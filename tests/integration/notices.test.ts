import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, linkPeer, PASSWORD, shareOf, signedIn, statementOf, type Person, type World } from '../support/fixtures.ts';
import { Client } from '../support/client.ts';
import { eraseUser } from '../../src/server/repositories/users.ts';
import { formatDate } from '../../src/server/i18n/dates.ts';

// "What's new": each of the four things that happen to a person's things makes exactly one
// notice, for that person only; nobody else can follow or mark it; erasure takes it away.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
});
afterAll(() => app?.close());

const noticesOf = (userId: string) => app.deps.db.selectFrom('notices').selectAll().where('recipient_id', '=', userId).orderBy('created_at').execute();
const allNotices = () => app.deps.db.selectFrom('notices').select(['recipient_id', 'kind']).execute();

/** Runs a step and returns the notices it made (of every person). */
async function made(step: () => Promise<void>): Promise<{ recipient_id: string; kind: string }[]> {
  const before = (await app.deps.db.selectFrom('notices').select('id').execute()).map((r) => r.id);
  await step();
  const rows = await app.deps.db.selectFrom('notices').select(['id', 'recipient_id', 'kind']).execute();
  return rows.filter((r) => !before.includes(r.id)).map(({ recipient_id, kind }) => ({ recipient_id, kind }));
}

/** The home page's lines of what's new, as a person reads them. */
function noticeLines(home: string): string[] {
  return [...home.matchAll(/<li class="notice-item[^"]*">([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

async function freshCitizen(name: string): Promise<Person> {
  return signedIn(app, { kind: 'citizen', chosenName: name });
}

describe(`what's new on ${testDbKind()}`, () => {
  it('a suggestion from a peer: one notice, to the citizen', async () => {
    const citizen = await freshCitizen('Signe');
    await linkPeer(app, world.peerA, citizen);
    const statementId = await statementOf(app, citizen);
    const notices = await made(async () => {
      const res = await world.peerA.client.post(`/peer/statements/${statementId}/suggestions`, { fieldKey: 'whoIAm', text: 'Et forslag' });
      expect(res.status).toBe(303);
    });
    expect(notices).toEqual([{ recipient_id: citizen.id, kind: 'suggestion' }]);

    const home = await citizen.client.get('/');
    expect(home.text).toContain('Nyt (1)');
    expect(home.text).toContain('Din peer har foreslået tekst til et af dine ark.');
    // The notice carries no words of the suggestion.
    expect(home.text).not.toContain('Et forslag');
  });

  it('a plan written by the professional: one notice, to the citizen; the first view of the share made one too, later views none', async () => {
    const citizen = await freshCitizen('Ditte');
    const share = await shareOf(app, citizen, { recipientUsername: world.professionalA.username });
    const views = await made(async () => {
      expect((await world.professionalA.client.get(`/shared/${share.shareId}`)).status).toBe(200);
      expect((await world.professionalA.client.get(`/shared/${share.shareId}`)).status).toBe(200);
      expect((await new Client(app.url).get(`/s/${share.token}`)).status).toBe(200);
    });
    expect(views).toEqual([{ recipient_id: citizen.id, kind: 'share_viewed' }]);

    const plans = await made(async () => {
      expect((await world.professionalA.client.post(`/shared/${share.shareId}/plan`, { heard: 'Vi mødes igen om en måned.', name: 'Lægen' })).status).toBe(303);
    });
    expect(plans).toEqual([{ recipient_id: citizen.id, kind: 'plan' }]);

    const home = (await citizen.client.get('/')).text;
    expect(home).toContain('Nyt (2)');
    expect(home).toContain('Fagpersonen har skrevet i jeres beslutninger fra et af dine møder.');
    expect(home).toContain('Et ark, du har delt, er blevet åbnet.');
    expect(home).not.toContain('Vi mødes igen');
    // The day is when it happened, said before the line: "Se mødet 4. december" read as the meeting's day.
    const day = formatDate('da', (await noticesOf(citizen.id))[0]!.created_at);
    expect(noticeLines(home)).toContain(`Ny Den ${day}: Et ark, du har delt, er blevet åbnet. Se mødet`);
    await citizen.client.post('/language', { locale: 'en', returnTo: '/' });
    expect(noticeLines((await citizen.client.get('/')).text)).toContain(
      `New On ${formatDate('en', (await noticesOf(citizen.id))[0]!.created_at)}: A sheet you shared has been opened. See the meeting`,
    );
  });

  it('a first view through the link alone: one notice, whoever opens it again', async () => {
    const citizen = await freshCitizen('Lone');
    const share = await shareOf(app, citizen);
    const notices = await made(async () => {
      for (let i = 0; i < 2; i++) expect((await new Client(app.url).get(`/s/${share.token}`)).status).toBe(200);
    });
    expect(notices).toEqual([{ recipient_id: citizen.id, kind: 'share_viewed' }]);
  });

  it("an answer to a practice note: one notice, to the note's author, and none for answering oneself", async () => {
    const res = await world.peerA.client.post('/practice', { organisationId: world.orgA.id, title: 'Gåture', kind: 'worked', text: 'Vi gik en tur.' });
    const noteId = res.location?.match(/^\/practice\/([0-9a-f-]{36})/)?.[1];
    if (!noteId) throw new Error(`no note: ${res.status}`);
    const own = await made(async () => {
      expect((await world.peerA.client.post(`/practice/${noteId}/comments`, { text: 'Og det virkede.' })).status).toBe(303);
    });
    expect(own).toEqual([]);
    const answered = await made(async () => {
      expect((await world.peerB.client.post(`/practice/${noteId}/comments`, { text: 'Det prøver vi også.' })).status).toBe(303);
    });
    expect(answered).toEqual([{ recipient_id: world.peerA.id, kind: 'note_answer' }]);
    expect((await world.peerA.client.get('/')).text).toContain('Nogen har svaret på dit opslag i Del praksis.');
  });

  it('only the recipient follows or marks a notice; following marks it seen and leads to the thing', async () => {
    const citizen = await freshCitizen('Maja');
    await linkPeer(app, world.peerA, citizen);
    const statementId = await statementOf(app, citizen);
    await world.peerA.client.post(`/peer/statements/${statementId}/suggestions`, { fieldKey: 'whoIAm', text: 'Forslag' });
    const [notice] = await noticesOf(citizen.id);
    if (!notice) throw new Error('no notice');

    for (const other of [world.citizenB, world.peerA, world.coordinatorA]) {
      expect((await other.client.get(`/notices/${notice.id}`)).status).toBe(404);
      expect(await other.client.post('/notices/seen', {})).toMatchObject({ status: 303 });
    }
    expect((await new Client(app.url).get(`/notices/${notice.id}`)).location).toMatch(/^\/sign-in/);
    expect((await noticesOf(citizen.id))[0]!.seen_at).toBeNull();
    expect((await world.citizenB.client.get('/')).text).not.toContain('Din peer har foreslået');

    const followed = await citizen.client.get(`/notices/${notice.id}`);
    expect(followed.status).toBe(303);
    expect(followed.location).toBe(`/statements/${statementId}/suggestions`);
    expect((await noticesOf(citizen.id))[0]!.seen_at).not.toBeNull();
    expect((await citizen.client.get('/')).text).not.toContain('Nyt (');
  });

  it('viewing the thing marks its notices seen; several of one kind about one thing are one line; a form sent back shows the count too', async () => {
    const citizen = await freshCitizen('Sofie');
    await linkPeer(app, world.peerA, citizen);
    const statementId = await statementOf(app, citizen);
    for (const text of ['Et', 'To', 'Tre']) await world.peerA.client.post(`/peer/statements/${statementId}/suggestions`, { fieldKey: 'whoIAm', text });
    const home = (await citizen.client.get('/')).text;
    expect(home).toContain('Nyt (3)');
    expect(home).toContain(`3 nye forslag fra Medarbejder til et af dine ark.`);
    const newest = (await noticesOf(citizen.id)).at(-1)!.created_at;
    expect(noticeLines(home)).toEqual([`Ny Senest den ${formatDate('da', newest)}: 3 nye forslag fra Medarbejder til et af dine ark. Se forslaget`]);
    expect(home.match(/notice-item--unseen/g)).toHaveLength(1);
    // A form sent back with an error has the menu's count like any other page.
    const sentBack = await citizen.client.post('/meetings', { startsAt: '', withWhom: '' });
    expect(sentBack.status).toBe(400);
    expect(sentBack.text).toContain('Nyt (3)');
    // Opening the suggestions themselves is seeing them, without following the notice.
    expect((await citizen.client.get(`/statements/${statementId}/suggestions`)).status).toBe(200);
    expect((await noticesOf(citizen.id)).map((n) => n.seen_at !== null)).toEqual([true, true, true]);
    expect((await citizen.client.get('/')).text).not.toContain('Nyt (');
  });

  it('"mark all as seen" marks only the person\'s own', async () => {
    const [citizen, neighbour] = [await freshCitizen('Nanna'), await freshCitizen('Naja')];
    for (const c of [citizen, neighbour]) {
      await linkPeer(app, world.peerA, c);
      const statementId = await statementOf(app, c);
      await world.peerA.client.post(`/peer/statements/${statementId}/suggestions`, { fieldKey: 'whoIAm', text: 'Forslag' });
    }
    expect((await citizen.client.post('/notices/seen', {})).status).toBe(303);
    expect((await noticesOf(citizen.id)).map((n) => n.seen_at !== null)).toEqual([true]);
    expect((await noticesOf(neighbour.id)).map((n) => n.seen_at)).toEqual([null]);
  });

  it('erasure removes the notices to the person and those about what they did', async () => {
    const citizen = await freshCitizen('Vera');
    const peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId });
    await linkPeer(app, peer, citizen);
    const statementId = await statementOf(app, citizen);
    await peer.client.post(`/peer/statements/${statementId}/suggestions`, { fieldKey: 'whoIAm', text: 'Forslag' });
    await shareOf(app, citizen).then((s) => new Client(app.url).get(`/s/${s.token}`));
    expect((await noticesOf(citizen.id)).map((n) => n.kind).sort()).toEqual(['share_viewed', 'suggestion']);

    await app.deps.db.transaction().execute((tx) => eraseUser(tx, peer.id, null));
    expect((await noticesOf(citizen.id)).map((n) => n.kind)).toEqual(['share_viewed']);

    const others = (await allNotices()).filter((n) => n.recipient_id !== citizen.id).length;
    expect((await citizen.client.post('/account/delete', { password: PASSWORD })).status).toBe(200);
    expect(await noticesOf(citizen.id)).toEqual([]);
    expect((await allNotices()).length).toBe(others);
  });
});
