import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, linkPeer, signedIn, statementOf, type Person, type World } from '../support/fixtures.ts';
import { insertSite } from '../../src/server/repositories/organisations.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';
import { toLocalInputValue } from '../../src/domain/time/copenhagen.ts';

// Issue 16, items 4 and 5: the after-meeting check-in is asked once, and a citizen can bring a
// relative or a bisidder into a meeting.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());
beforeEach(() => flushAnswerQueue(app.deps, { all: true }));

const submissionKey = (html: string) => html.match(/name="submissionKey" value="([^"]+)"/)?.[1];
const ANSWERS = { tookPart: '4', sharedKnowledge: '5', sharedPreferences: 'skip', decidedTogether: '3', heard: '4' };

async function meetingAt(citizen: Person, o: { siteId?: string; past: boolean; statement?: boolean }): Promise<string> {
  const when = toLocalInputValue(new Date(Date.now() + (o.past ? -3600_000 : 24 * 3600_000)));
  const res = await citizen.client.post('/meetings', {
    when,
    withWhom: 'Lægen på afsnittet',
    purpose: 'Medicinen',
    siteId: o.siteId ?? '',
    statementId: o.statement ? await statementOf(app, citizen) : '',
  });
  expect(res.status).toBe(303);
  return res.location!.split('/').pop()!;
}

async function roundAt(siteId: string): Promise<string> {
  const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
    title: `Tjek ${Math.random()}`,
    method: 'x',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds: [siteId],
  });
  expect(res.status).toBe(303);
  return res.location!.split('/').pop()!;
}

const tally = async (roundId: string, item: string) =>
  Number(
    (await sql<{ n: string | null }>`select sum(respondents) as n from answer_tallies where round_key = ${roundId} and item_key = ${item}`.execute(app.deps.db))
      .rows[0]!.n ?? 0,
  );

describe(`check-in once on ${testDbKind()}`, () => {
  it('answered on the meeting page: counted once in the round, not offered again, and hidden under the threshold', async () => {
    const site = (await insertSite(app.deps.db, world.orgA.id, 'Tjek-stedet')).id;
    const roundId = await roundAt(site);
    const citizen = await signedIn(app, { kind: 'citizen' });
    const meetingId = await meetingAt(citizen, { siteId: site, past: true });

    // Before answering: the meeting list reminds, and the meeting page asks about both sides.
    expect((await citizen.client.get('/meetings')).text).toContain(`/meetings/${meetingId}#check-in`);
    const page = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(page).toContain('id="check-in"');
    expect(page).toContain('Vi sagde begge, hvad vi helst ville.');
    expect(page).toContain('Vil ikke svare');
    // The separate anonymous questionnaire is no longer offered on top of it.
    expect(page).not.toContain(`href="/meetings/${meetingId}/check-in"`);
    const key = submissionKey(page)!;

    // Without consent nothing is stored, and the question stays open.
    const refused = await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: key, ...ANSWERS });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vi bruger kun dine svar, hvis du siger ja.');

    const answered = await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: key, consent: 'yes', ...ANSWERS });
    expect(answered.status).toBe(303);
    // A double tap, and a second form from another tab: neither counts again.
    expect((await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: key, consent: 'yes', ...ANSWERS })).status).toBe(303);
    expect((await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: 'another-form-key-123', consent: 'yes', ...ANSWERS })).status).toBe(
      303,
    );
    await flushAnswerQueue(app.deps, { all: true });
    expect(await tally(roundId, 'tookPart')).toBe(1);
    expect(await tally(roundId, 'decidedTogether')).toBe(1);

    // (a) no second offer: no form, no reminder, no link to a separate questionnaire.
    const after = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(after).toContain('Tak, fordi du svarede');
    expect(submissionKey(after)).toBeUndefined();
    expect(after).not.toContain(`/meetings/${meetingId}/check-in`);
    expect((await citizen.client.get('/meetings')).text).not.toContain(`/meetings/${meetingId}#check-in`);
    // The old address of the questionnaire leads to the meeting page, not to a second copy.
    const old = await citizen.client.get(`/meetings/${meetingId}/check-in`);
    expect(old.status).toBe(303);
    expect(old.location).toBe(`/meetings/${meetingId}#check-in`);

    // (c) one answer is under the threshold: the report releases nothing and shows no count of it.
    const report = (await world.coordinatorA.client.get(`/rounds/${roundId}/report`)).text;
    expect(report).toContain('Der er ingen tal endnu');
    expect(report).not.toContain('Vi tog begge aktivt del i mødet.');
    expect(report).not.toMatch(/Har svaret: 1\b/);
    // Four more people answer in the app: at the threshold the figures are released, each answer once.
    for (let i = 0; i < 4; i++) {
      const other = await signedIn(app, { kind: 'citizen' });
      const id = await meetingAt(other, { siteId: site, past: true });
      const k = submissionKey((await other.client.get(`/meetings/${id}`)).text)!;
      expect((await other.client.post(`/meetings/${id}/check-in`, { submissionKey: k, consent: 'yes', ...ANSWERS })).status).toBe(303);
    }
    await flushAnswerQueue(app.deps, { all: true });
    expect(await tally(roundId, 'tookPart')).toBe(5);
    const released = (await world.coordinatorA.client.get(`/rounds/${roundId}/report`)).text;
    expect(released).not.toContain('Der er ingen tal endnu');
    expect(released).toContain('<h4>Vi tog begge aktivt del i mødet.</h4>');
  });

  it('the answer row names no person and no meeting, and was written apart from what the meeting records', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const meetingId = await meetingAt(citizen, { siteId: world.orgA.siteId, past: true });
    const key = submissionKey((await citizen.client.get(`/meetings/${meetingId}`)).text)!;
    expect((await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: key, consent: 'yes', ...ANSWERS })).status).toBe(303);
    const queued = await sql<{ x: string; answers: unknown }>`select xmin::text as x, answers from answer_queue`.execute(app.deps.db);
    expect(queued.rows).toHaveLength(1);
    expect(JSON.stringify(queued.rows[0]!.answers)).not.toContain(meetingId);
    expect(JSON.stringify(queued.rows[0]!.answers)).not.toContain(citizen.id);
    const meeting = await sql<{ x: string; check_in: string }>`select xmin::text as x, check_in from meetings where id = ${meetingId}`.execute(app.deps.db);
    expect(meeting.rows[0]!.check_in).toBe('answered');
    const log = await sql<{ x: string }>`select xmin::text as x from audit_log where subject_user_id = ${citizen.id}`.execute(app.deps.db);
    const naming = new Set([meeting.rows[0]!.x, ...log.rows.map((r) => r.x)]);
    expect(naming.has(queued.rows[0]!.x)).toBe(false);
  });

  it('a meeting whose separate anonymous check-in was shown before is not asked again', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const meetingId = await meetingAt(citizen, { past: true });
    // As migration 023 leaves a meeting whose old questionnaire had been shown.
    await app.deps.db.updateTable('meetings').set({ check_in_offered: true, check_in: 'asked_before' }).where('id', '=', meetingId).execute();
    const page = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(page).toContain('Du har fået spørgsmålene om dette møde før');
    expect(submissionKey(page)).toBeUndefined();
    const post = await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: 'some-form-key-12345', consent: 'yes', ...ANSWERS });
    expect(post.status).toBe(303);
    expect(Number((await sql<{ n: string }>`select count(*) as n from answer_queue`.execute(app.deps.db)).rows[0]!.n)).toBe(0);
  });

  it('an upcoming meeting has no check-in yet; old answers on the follow-up stay readable', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const upcoming = await meetingAt(citizen, { past: false });
    const page = (await citizen.client.get(`/meetings/${upcoming}?after=1`)).text;
    expect(page).not.toContain('id="check-in"');
    expect((await citizen.client.post(`/meetings/${upcoming}/check-in`, { submissionKey: 'some-form-key-12345', consent: 'yes', ...ANSWERS })).status).toBe(
      400,
    );

    // A follow-up saved before this change kept the four answers with it: they are shown as they were.
    const past = await meetingAt(citizen, { past: true });
    expect((await citizen.client.post(`/meetings/${past}/follow-up`, { agreed: 'Vi ses igen.' })).status).toBe(303);
    const user = await app.deps.db.selectFrom('users').select('data_key').where('id', '=', citizen.id).executeTakeFirstOrThrow();
    const sealed = app.deps.keyring.sealJson(
      user.data_key,
      { agreed: 'Vi ses igen.', help: {}, redLines: {}, checkIn: { heard: 4, saidWhatMattered: 2 }, disagreement: '' },
      'meeting.follow_up',
    );
    await app.deps.db.updateTable('follow_ups').set({ content: sealed }).where('meeting_id', '=', past).execute();
    const old = (await citizen.client.get(`/meetings/${past}`)).text;
    expect(old).toContain('Fik du sagt det, der betyder mest for dig?');
    expect(old).toContain('2 af 5');
    // Saving the follow-up again keeps them.
    const revision = old.match(/name="revision" value="(\d+)"/)![1]!;
    const saved = await citizen.client.post(`/meetings/${past}/follow-up`, { agreed: 'Vi ses om en uge.', revision });
    expect(saved.status).toBe(303);
    // Back where the person was, with "saved" said beside the form rather than at the top of a
    // long page.
    expect(saved.location).toBe(`/meetings/${past}?saved=1#my-side`);
    const after = (await citizen.client.get(saved.location!.split('#')[0]!)).text;
    expect(after).toContain('2 af 5');
    expect(after).toMatch(/<h3 id="my-side"[^>]*>[^<]*<\/h3>\s*<div class="notice notice--success" role="status"><p>Det er gemt\.<\/p><\/div>/);
  });
});

const supportLink = (html: string) => html.match(/\/b\/([A-Za-z0-9_-]{43})/)?.[1];
const supportShareId = (html: string) => html.match(/\/shares\/([0-9a-f-]{36})\/revoke/g);

describe(`a support person on ${testDbKind()}`, () => {
  it('by link: reads the meeting, comments in their own name, is logged, and is refused once the citizen revokes', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Mette' });
    const meetingId = await meetingAt(citizen, { past: false, statement: true });
    const made = await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportLabel: 'Min søster', allowComment: 'on' });
    expect(made.status).toBe(201);
    const token = supportLink(made.text)!;
    expect(token).toBeDefined();

    const relative = new Client(app.url);
    const view = await relative.get(`/b/${token}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Mette har delt et møde med dig');
    expect(view.text).toContain('Lægen på afsnittet');
    expect(view.text).toContain('Medicinen');
    // Read-only: no form that writes the citizen's text or the plan.
    expect(view.text).not.toContain('name="text"');
    expect(view.text).not.toContain('/plan"');
    // The professional's address does not open it, and the support address opens no professional link.
    expect((await relative.get(`/s/${token}`)).status).toBe(404);

    const comment = await relative.post(`/b/${token}/comment`, { name: 'Lise', body: 'Husk at spørge til bivirkningerne.' });
    expect(comment.status).toBe(303);
    const stored = await app.deps.db.selectFrom('support_comments').selectAll().where('meeting_id', '=', meetingId).execute();
    expect(stored).toHaveLength(1);
    // Sealed: the text is not in the row in the clear.
    expect(Buffer.from(stored[0]!.body).toString('utf8')).not.toContain('bivirkningerne');

    expect((await citizen.client.get('/')).text).toContain('En pårørende eller bisidder har skrevet en kommentar til et af dine møder.');
    const meetingPage = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(meetingPage).toContain('Husk at spørge til bivirkningerne.');
    expect(meetingPage).toContain('Lise');
    expect(meetingPage).toContain('Pårørende, bisidder eller peer');
    // "Who has seen it" names the support person's reading and writing.
    expect(meetingPage).toContain('Så et delt møde');
    expect(meetingPage).toContain('Skrev en kommentar');
    const actions = (await app.deps.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', citizen.id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['share.create', 'support.view', 'support.comment']));

    // The citizen deletes the comment.
    const commentId = stored[0]!.id;
    expect((await citizen.client.post(`/meetings/${meetingId}/support-comments/${commentId}/delete`, {})).status).toBe(303);
    expect(await app.deps.db.selectFrom('support_comments').select('id').where('id', '=', commentId).execute()).toEqual([]);
    expect((await citizen.client.get(`/meetings/${meetingId}`)).text).not.toContain('Husk at spørge til bivirkningerne.');
    // Nobody else can delete the citizen's comments.
    await relative.post(`/b/${token}/comment`, { name: 'Lise', body: 'En til.' });
    const second = (await app.deps.db.selectFrom('support_comments').select('id').where('meeting_id', '=', meetingId).executeTakeFirstOrThrow()).id;
    const stranger = await signedIn(app, { kind: 'citizen' });
    expect((await stranger.client.post(`/meetings/${meetingId}/support-comments/${second}/delete`, {})).status).toBe(403);

    // Revoke: the next request is refused, and the attempt is logged.
    const shareId = supportShareId(meetingPage)![0]!.split('/')[2]!;
    expect((await citizen.client.post(`/meetings/${meetingId}/shares/${shareId}/revoke`, {})).status).toBe(303);
    expect((await relative.get(`/b/${token}`)).status).toBe(404);
    expect((await relative.post(`/b/${token}/comment`, { name: 'Lise', body: 'Efter lukning' })).status).toBe(404);
    expect(await app.deps.db.selectFrom('support_comments').select('id').where('meeting_id', '=', meetingId).execute()).toHaveLength(1);
    const refusedLog = (await app.deps.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', citizen.id).execute()).map((r) => r.action);
    expect(refusedLog).toContain('share.refused_revoked');
  });

  it('without a comment field the support person only reads', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const meetingId = await meetingAt(citizen, { past: false, statement: true });
    const token = supportLink((await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '3', supportLabel: 'Far' })).text)!;
    const relative = new Client(app.url);
    const view = await relative.get(`/b/${token}`);
    expect(view.status).toBe(200);
    expect(view.text).not.toContain('name="body"');
    expect((await relative.post(`/b/${token}/comment`, { name: 'Far', body: 'Hej' })).status).toBe(403);
    expect(await app.deps.db.selectFrom('support_comments').select('id').where('meeting_id', '=', meetingId).execute()).toEqual([]);
  });

  it('by account: the support person finds it in the app, comments under their own name; a stranger cannot read it', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Ole' });
    const bisidder = await signedIn(app, { kind: 'citizen', chosenName: 'Birgit' });
    const meetingId = await meetingAt(citizen, { past: false, statement: true });
    const made = await citizen.client.post(`/meetings/${meetingId}/support`, {
      supportDays: '14',
      supportLabel: 'Bisidder',
      supportUsername: bisidder.username,
      allowComment: 'on',
    });
    expect(made.status).toBe(201);
    // What's new tells the support person, and leads to the meeting.
    expect((await bisidder.client.get('/')).text).toContain('Nogen har delt et møde med dig som pårørende, bisidder eller peer.');
    const list = (await bisidder.client.get('/support')).text;
    const shareId = list.match(/\/support\/([0-9a-f-]{36})/)![1]!;
    expect(list).toContain('Ole');
    const view = await bisidder.client.get(`/support/${shareId}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Lægen på afsnittet');
    expect((await bisidder.client.post(`/support/${shareId}/comment`, { body: 'Jeg tager med.' })).status).toBe(303);
    const page = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(page).toContain('Jeg tager med.');
    expect(page).toContain('Birgit');

    const stranger = await signedIn(app, { kind: 'citizen' });
    expect((await stranger.client.get(`/support/${shareId}`)).status).toBe(404);
    expect((await stranger.client.post(`/support/${shareId}/comment`, { body: 'Ind' })).status).toBe(404);
    expect((await stranger.client.get('/support')).text).not.toContain(shareId);
    // A professional's in-app inbox is not where a support share goes.
    const unknown = await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportUsername: 'nobody-at-all' });
    expect(unknown.status).toBe(400);

    const shareRow = list.match(/\/support\/([0-9a-f-]{36})/)![1]!;
    expect((await citizen.client.post(`/meetings/${meetingId}/shares/${shareRow}/revoke`, {})).status).toBe(303);
    expect((await bisidder.client.get(`/support/${shareId}`)).status).toBe(404);
    expect((await bisidder.client.get('/support')).text).not.toContain(shareId);
  });

  it('the citizen brings their own peer in by choosing them; a peer they are not linked with cannot be chosen', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Lone' });
    await linkPeer(app, world.peerA, citizen);
    const meetingId = await meetingAt(citizen, { past: false, statement: true });
    const form = (await citizen.client.get(`/meetings/${meetingId}`)).text;
    expect(form).toContain('Vil du dele med din peer?');
    expect(form).toContain(`<option value="${world.peerA.id}">Ja, med `);

    // Someone else's peer, a made-up id, or both a peer and a username: refused, nothing shared.
    const shares = () => app.deps.db.selectFrom('shares').select('id').where('meeting_id', '=', meetingId).execute();
    const stranger = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgB.id });
    expect((await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportPeer: stranger.id })).status).toBe(400);
    expect((await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportPeer: 'not-an-id' })).status).toBe(400);
    const both = await citizen.client.post(`/meetings/${meetingId}/support`, {
      supportDays: '7',
      supportPeer: world.peerA.id,
      supportUsername: stranger.username,
    });
    expect(both.status).toBe(400);
    expect(both.text).toContain('Vælg enten din peer eller et brugernavn');
    expect(await shares()).toEqual([]);
    expect((await stranger.client.get('/support')).text).not.toContain('Lone');

    const made = await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportPeer: world.peerA.id, allowComment: 'on' });
    expect(made.status).toBe(201);
    expect((await world.peerA.client.get('/')).text).toContain('href="/support"');
    const list = (await world.peerA.client.get('/support')).text;
    const shareId = list.match(/\/support\/([0-9a-f-]{36})/)![1]!;
    const view = await world.peerA.client.get(`/support/${shareId}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Lægen på afsnittet');
    expect((await world.peerA.client.post(`/support/${shareId}/comment`, { body: 'Jeg kan godt tage med.' })).status).toBe(303);
    expect((await citizen.client.get(`/meetings/${meetingId}`)).text).toContain('Jeg kan godt tage med.');
  });

  it('withdrawing consent from a peer closes what the citizen shared with that peer, as the confirmation says', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Karla' });
    const linkId = await linkPeer(app, world.peerA, citizen);
    const meetingId = await meetingAt(citizen, { past: false, statement: true });
    expect((await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportPeer: world.peerA.id })).status).toBe(201);
    // Also shared by the peer's username, as a professional's link: the confirmation promises the
    // peer can no longer see her sheets, however they were shared.
    expect((await citizen.client.post(`/meetings/${meetingId}/shares`, { days: '7', recipientUsername: world.peerA.username })).status).toBe(201);
    const open = () =>
      app.deps.db
        .selectFrom('shares')
        .select('id')
        .where('meeting_id', '=', meetingId)
        .where('recipient_user_id', '=', world.peerA.id)
        .where('revoked_at', 'is', null)
        .execute();
    const shared = await open();
    expect(shared).toHaveLength(2);
    const supportId = (await world.peerA.client.get('/support')).text.match(/\/support\/([0-9a-f-]{36})/)![1]!;
    expect((await world.peerA.client.get(`/support/${supportId}`)).status).toBe(200);
    expect((await world.peerA.client.get('/shared')).text).toContain('Karla');
    // A share with someone else stays open.
    const bisidder = await signedIn(app, { kind: 'citizen', chosenName: 'Bisidder Bo' });
    expect((await citizen.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportUsername: bisidder.username })).status).toBe(201);

    const withdrawn = await citizen.client.post(`/account/peers/${linkId}/withdraw`, {});
    expect(withdrawn.status).toBe(303);
    expect((await citizen.client.get(withdrawn.location!)).text).toContain('Din peer kan ikke længere se dine ark');
    expect((await world.peerA.client.get(`/support/${supportId}`)).status).toBe(404);
    expect((await world.peerA.client.get('/support')).text).not.toContain(supportId);
    expect((await world.peerA.client.get('/shared')).text).not.toContain('Karla');
    expect(await open()).toEqual([]);
    // Each closing is in the citizen's log, as if she had closed the link herself.
    const revoked = await app.deps.db
      .selectFrom('audit_log')
      .select('object_id')
      .where('action', '=', 'share.revoke')
      .where('subject_user_id', '=', citizen.id)
      .execute();
    expect(revoked.map((r) => r.object_id).sort()).toEqual(shared.map((r) => r.id).sort());
    expect(
      await app.deps.db
        .selectFrom('shares')
        .select('id')
        .where('meeting_id', '=', meetingId)
        .where('recipient_user_id', '=', bisidder.id)
        .where('revoked_at', 'is', null)
        .execute(),
    ).toHaveLength(1);
  });
});
