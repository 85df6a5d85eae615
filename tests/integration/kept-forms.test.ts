import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { signedIn, signInAgain, type Person } from '../support/fixtures.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';
import type { TestResponse } from '../support/client.ts';
import { keepUnsentForm } from '../../src/server/services/kept-forms.ts';

// A staff sign-in ends after half an hour unused. What a peer or a professional sends after that
// is kept for them, and saved as they wrote it once they have signed in again: nothing typed is
// lost to the clock. Nobody else gets it: not the next person at the same computer, not another
// site, not someone with a copy of the database.

let app: TestApp;
let offsetMs = 0;
const appNow = () => new Date(Date.now() + offsetMs);
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' }, now: appNow });
});
afterAll(() => app?.close());
beforeEach(() => {
  offsetMs = 0;
});

const minutes = (n: number) => n * 60_000;
const KEPT_SIGN_IN = `/sign-in?returnTo=${encodeURIComponent('/kept')}`;

async function peerOfNewOrganisation(): Promise<{ peer: Person; organisationId: string }> {
  const org = await insertOrganisation(app.deps.db, { name: 'Glemsel', kind: 'region' });
  return { peer: await signedIn(app, { kind: 'staff', role: 'peer', organisationId: org.id }), organisationId: org.id };
}

/** The notes this person wrote (their text is sealed in the database, so counted by author). */
const notesBy = async (userId: string) => app.deps.db.selectFrom('practice_notes').select('id').where('author_id', '=', userId).execute();
const keptRows = async (userId: string) => app.deps.db.selectFrom('kept_forms').selectAll().where('user_id', '=', userId).execute();
/** The addresses of the "save it now" buttons on the page, in order. */
const sendButtons = (page: TestResponse) => [...page.text.matchAll(/action="(\/kept\/[0-9a-f-]{36}\/send)"/g)].map((m) => m[1]!);

describe(`forms sent after a sign-in ended, on ${testDbKind()}`, () => {
  it('a practice note sent 31 minutes after the last click is kept, and saved as written once the peer has signed in again', async () => {
    const { peer, organisationId } = await peerOfNewOrganisation();
    const title = 'Gåture efter frokost';
    const text = 'Vi gik en tur ved søen.\nHan fortalte om sin søster, og det hjalp at gå side om side.';
    offsetMs += minutes(31);
    // The writing helper or another tab asked first: the sign-in has already been found ended.
    expect((await peer.client.get('/')).status).toBe(200);

    const sent = await peer.client.post('/practice', { organisationId, title, kind: 'worked', text });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(KEPT_SIGN_IN);
    expect(await notesBy(peer.id)).toEqual([]);
    // Kept sealed: a copy of the database does not show the words.
    const [row] = await keptRows(peer.id);
    expect(row).toBeDefined();
    for (const word of ['Gåture', 'søster', 'worked']) expect(Buffer.from(row!.fields).includes(Buffer.from(word))).toBe(false);

    const signIn = await peer.client.get(KEPT_SIGN_IN);
    expect(signIn.text).toContain('Du var blevet logget ud, før det, du skrev, blev gemt. Det er ikke tabt: log ind igen, så kan du gemme det.');
    expect(await signInAgain(peer, appNow(), '/kept')).toBe('/kept');

    const kept = await peer.client.get('/kept');
    expect(kept.status).toBe(200);
    expect(kept.text).toContain('<h1>Det, du skrev, er ikke gemt endnu</h1>');
    expect(kept.text).toContain('Vi gik en tur ved søen.\nHan fortalte om sin søster, og det hjalp at gå side om side.');
    expect(kept.text).toContain('Gåture efter frokost');
    expect(kept.text).toMatch(/Gør du ikke noget, sletter vi det \p{L}+dag den \d+\. \p{L}+ \d{4} kl\. \d{2}\.\d{2}\./u);
    // Its ids and option keys are not words the peer wrote.
    expect(kept.text).not.toContain(organisationId);
    expect(kept.text).not.toContain('>worked<');

    const [send] = sendButtons(kept);
    const saved = await peer.client.post(send!, {});
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(/^\/practice\/[0-9a-f-]{36}\?posted=1$/);
    expect(await notesBy(peer.id)).toHaveLength(1);
    expect((await peer.client.get(saved.location!)).text).toContain('Han fortalte om sin søster');

    // Sent once: it is gone, and pressing again saves nothing twice.
    expect(await keptRows(peer.id)).toEqual([]);
    expect((await peer.client.get('/kept')).text).toContain('Der er ikke noget, der venter');
    expect((await peer.client.get('/')).text).not.toContain('før du blev logget ud');
    expect((await peer.client.post(send!, {})).status).toBe(404);
    expect(await notesBy(peer.id)).toHaveLength(1);

    const actions = (await app.deps.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', peer.id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['kept_form.keep', 'kept_form.read', 'kept_form.send']));
  });

  it('two forms from two tabs are both kept, each saved on its own', async () => {
    const { peer, organisationId } = await peerOfNewOrganisation();
    offsetMs += minutes(40);
    await peer.client.post('/practice', { organisationId, title: 'Første fane', kind: 'worked', text: 'Skrevet i den første fane.' });
    await peer.client.post('/practice', { organisationId, title: 'Anden fane', kind: 'worked', text: 'Skrevet i den anden fane.' });
    await signInAgain(peer, appNow(), '/kept');
    expect((await peer.client.get('/')).text).toContain('2 ting, du skrev, før du blev logget ud, er ikke gemt endnu.');
    const kept = await peer.client.get('/kept');
    expect(kept.text).toContain('Skrevet i den første fane.');
    expect(kept.text).toContain('Skrevet i den anden fane.');
    const buttons = sendButtons(kept);
    expect(buttons).toHaveLength(2);
    for (const send of buttons) expect((await peer.client.post(send, {})).status).toBe(303);
    expect(await notesBy(peer.id)).toHaveLength(2);
  });

  it('on a shared computer, the next person to sign in sees nothing of it and cannot send it', async () => {
    const { peer, organisationId } = await peerOfNewOrganisation();
    const colleague = await signedIn(app, { kind: 'staff', role: 'peer', organisationId });
    offsetMs += minutes(31);
    expect((await peer.client.post('/practice', { organisationId, title: 'Til min kollega', kind: 'worked', text: 'Noget kun jeg skal se.' })).location).toBe(
      KEPT_SIGN_IN,
    );
    const [row] = await keptRows(peer.id);

    // A colleague signs in on the same browser, from the same page, and tries the kept form's address.
    colleague.client.cookies.clear();
    for (const [name, value] of peer.client.cookies) colleague.client.cookies.set(name, value);
    expect(await signInAgain(colleague, appNow(), '/kept')).toBe('/kept');
    const page = await colleague.client.get('/kept');
    expect(page.text).toContain('Der er ikke noget, der venter');
    expect(page.text).not.toContain('Noget kun jeg skal se.');
    expect((await colleague.client.post(`/kept/${row!.id}/send`, {})).status).toBe(404);
    expect((await colleague.client.post(`/kept/${row!.id}/discard`, {})).status).toBe(404);
    expect(await notesBy(colleague.id)).toEqual([]);
    expect(await notesBy(peer.id)).toEqual([]);
    // Still there for the one who wrote it, on any computer they sign in on.
    expect(await keptRows(peer.id)).toHaveLength(1);
    expect((await colleague.client.get('/')).text).not.toContain('før du blev logget ud');
    await signInAgain(peer, appNow());
    const home = await peer.client.get('/');
    expect(home.text).toContain('Noget, du skrev, før du blev logget ud, er ikke gemt endnu. <a href="/kept">Se det, og gem det</a>');
    expect((await peer.client.get('/kept')).text).toContain('Noget kun jeg skal se.');
  });

  it("a form without this browser's form token, from another site, or after signing out is not kept", async () => {
    const { peer, organisationId } = await peerOfNewOrganisation();
    const note = { organisationId, title: 'Ikke gemt', kind: 'worked', text: 'Sendt uden for siden.' };
    offsetMs += minutes(31);
    expect((await peer.client.post('/practice', note, { csrf: false })).status).toBe(401);
    const crossSite = await peer.client.request('POST', '/practice', {
      body: new URLSearchParams({ ...note, _csrf: peer.client.csrf() }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(401);
    expect(await keptRows(peer.id)).toEqual([]);

    // Signed out on purpose: the sign-in is nobody's any more.
    offsetMs = 0;
    const other = await peerOfNewOrganisation();
    expect((await other.peer.client.post('/sign-out', {})).status).toBe(303);
    expect((await other.peer.client.post('/practice', { ...note, organisationId: other.organisationId })).status).toBe(401);
    expect(await keptRows(other.peer.id)).toEqual([]);
  });

  it('thrown away, it is gone; left alone, it is deleted after a day', async () => {
    const { peer, organisationId } = await peerOfNewOrganisation();
    offsetMs += minutes(31);
    await peer.client.post('/practice', { organisationId, title: 'Smid mig ud', kind: 'worked', text: 'Det her skal ikke gemmes.' });
    await signInAgain(peer, appNow(), '/kept');
    const [row] = await keptRows(peer.id);
    const discarded = await peer.client.post(`/kept/${row!.id}/discard`, {});
    expect(discarded.location).toBe('/kept?discarded=1');
    expect((await peer.client.get(discarded.location!)).text).toContain('Det er smidt ud og slettet.');
    expect(await keptRows(peer.id)).toEqual([]);
    expect(await notesBy(peer.id)).toEqual([]);

    offsetMs += minutes(31);
    await peer.client.post('/practice', { organisationId, title: 'Glemt', kind: 'worked', text: 'Det her venter et døgn.' });
    offsetMs += 25 * 3600_000;
    await signInAgain(peer, appNow(), '/kept');
    const late = await peer.client.get('/kept');
    expect(late.text).toContain('Der er ikke noget, der venter');
    expect(late.text).not.toContain('Det her venter et døgn.');
  });

  it('sent on, it meets the same checks as when it was written: a missing title asks for it, with the text still in its box', async () => {
    const { peer, organisationId } = await peerOfNewOrganisation();
    offsetMs += minutes(31);
    await peer.client.post('/practice', { organisationId, title: '', kind: 'worked', text: 'En tekst uden overskrift, som ikke må gå tabt.' });
    await signInAgain(peer, appNow(), '/kept');
    const [send] = sendButtons(await peer.client.get('/kept'));
    const sent = await peer.client.post(send!, {});
    expect(sent.status).toBe(400);
    expect(sent.text).toContain('En tekst uden overskrift, som ikke må gå tabt.');
    expect(sent.text).toContain('class="error-summary');
  });
});

describe(`a form from someone signed out on purpose, on ${testDbKind()}`, () => {
  it('is not kept for anyone, but the page says they are not signed in and shows what they typed to copy', async () => {
    const { peer, organisationId } = await peerOfNewOrganisation();
    expect((await peer.client.post('/sign-out', {})).status).toBe(303);
    const note = { organisationId, title: 'Efter jeg loggede ud', kind: 'worked', text: 'Skrevet i en fane, der stadig var åben.' };
    const fromOurPage = await peer.client.request('POST', '/practice', {
      body: new URLSearchParams({ ...note, _csrf: peer.client.csrf() }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    expect(fromOurPage.status).toBe(401);
    expect(fromOurPage.text).toContain('<h1>Du er ikke logget ind</h1>');
    expect(fromOurPage.text).toContain('Det, du sendte, er ikke gemt, fordi du ikke var logget ind.');
    expect(fromOurPage.text).toContain('<p class="kept-text">Skrevet i en fane, der stadig var åben.</p>');
    expect(fromOurPage.text).not.toContain('>worked<');
    expect(await keptRows(peer.id)).toEqual([]);
    // Not shown back where the browser does not say the form came from this site.
    const unknownOrigin = await peer.client.post('/practice', note);
    expect(unknownOrigin.status).toBe(401);
    expect(unknownOrigin.text).not.toContain('Skrevet i en fane');
    const script = await peer.client.request('POST', '/practice', {
      body: new URLSearchParams({ ...note, _csrf: peer.client.csrf() }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', accept: 'application/json' },
    });
    expect(script.status).toBe(401);
    expect(script.text).not.toContain('Skrevet i en fane');
  });
});

describe(`a kept form the address no longer takes, on ${testDbKind()}`, () => {
  it('is kept again, not lost: the peer who lost their place in the organisation still has the words', async () => {
    const { peer } = await peerOfNewOrganisation();
    const elsewhere = await insertOrganisation(app.deps.db, { name: 'Et andet sted', kind: 'municipality' });
    await keepUnsentForm(app.deps, { kind: 'anonymous', endedSignInOf: peer.id }, '/practice', {
      organisationId: elsewhere.id,
      title: 'Skrevet før flytningen',
      kind: 'worked',
      text: 'Ord der ikke må gå tabt.',
    });
    await keepUnsentForm(app.deps, { kind: 'anonymous', endedSignInOf: peer.id }, '/no-such-page', { text: 'Også disse ord.' });
    const buttons = sendButtons(await peer.client.get('/kept'));
    expect(buttons).toHaveLength(2);
    const statuses = [];
    for (const send of buttons) statuses.push((await peer.client.post(send, {})).status);
    expect(statuses.sort()).toEqual([403, 404]);
    const kept = await peer.client.get('/kept');
    expect(kept.text).toContain('Ord der ikke må gå tabt.');
    expect(kept.text).toContain('Også disse ord.');
    expect(await notesBy(peer.id)).toEqual([]);
  });
});

describe(`a citizen's sign-in, on ${testDbKind()}`, () => {
  it('a citizen whose sign-in ended after 13 hours gets the same care', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    offsetMs += 13 * 3600_000;
    const sent = await citizen.client.post('/account/name', { chosenName: 'Sara Lind' });
    expect(sent.location).toBe(KEPT_SIGN_IN);
    expect(await signInAgain(citizen, appNow(), '/kept')).toBe('/kept');
    const [send] = sendButtons(await citizen.client.get('/kept'));
    expect((await citizen.client.post(send!, {})).status).toBe(303);
    expect((await citizen.client.get('/account')).text).toContain('Sara Lind');
  });
});
