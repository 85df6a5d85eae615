import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, peerQuestionnaireAnswers, signedIn, type Person, type World } from '../support/fixtures.ts';
import { todayIn, ZONE } from '../../src/domain/time/copenhagen.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';

// Rounds across organisations only by consent: an invitation the other organisation's
// coordinator answers, ids checked against the round's organisations, and every answer landing
// in exactly one round that its organisation takes part in.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());

const today = () => todayIn(ZONE, new Date());
const daysFromToday = (n: number) => new Date(Date.parse(`${today()}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function roundOf(coordinator: Person, orgId: string, fields: Record<string, string | string[]> = {}): Promise<string> {
  const res = await coordinator.client.post(`/organisation/${orgId}/rounds`, {
    title: `Runde ${crypto.randomUUID().slice(0, 6)}`,
    method: 'Metode',
    startsOn: daysFromToday(-30),
    endsOn: daysFromToday(365),
    ...fields,
  });
  expect(res.status).toBe(303);
  return res.location!.split('/').pop()!;
}

async function stored(roundId: string) {
  const db = app.deps.db;
  return {
    organisations: (await db.selectFrom('round_organisations').select('organisation_id').where('round_id', '=', roundId).execute()).map(
      (r) => r.organisation_id,
    ),
    sites: (await db.selectFrom('round_sites').select('site_id').where('round_id', '=', roundId).execute()).map((r) => r.site_id).sort(),
    peers: (await db.selectFrom('round_peers').select('peer_user_id').where('round_id', '=', roundId).execute()).map((r) => r.peer_user_id).sort(),
  };
}

const countRounds = async () =>
  Number(
    (
      await app.deps.db
        .selectFrom('rounds')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const invitationsPage = (orgId: string) => `/organisation/${orgId}/evaluation/invitations`;

async function questionnaireId(key: string): Promise<string> {
  return (await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
}

const CHECK_IN = { consent: 'yes', heard: '4', sharedKnowledge: '4', sharedPreferences: '3', decidedTogether: '4' };

/** A citizen's in-app check-in after a meeting an hour ago at the site; the round it landed in. */
async function checkInAt(siteId: string): Promise<{ roundId: string | null; organisationId: string | null }> {
  const citizen = await signedIn(app, { kind: 'citizen' });
  const when = new Date(Date.now() - 3600_000).toISOString().slice(0, 16);
  const created = await citizen.client.post('/meetings', { when, withWhom: 'Lægen', siteId });
  const meetingId = created.location!.split('/').pop()!;
  const form = await citizen.client.get(`/meetings/${meetingId}`);
  const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
  const before = new Set((await app.deps.db.selectFrom('responses').select('id').execute()).map((r) => r.id));
  expect((await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: key, ...CHECK_IN })).status).toBe(303);
  // Anonymous answers wait in a queue; write the lone one as the hourly write would.
  await flushAnswerQueue(app.deps, { all: true });
  const rows = (await app.deps.db.selectFrom('responses').select(['id', 'round_id', 'organisation_id']).where('site_id', '=', siteId).execute()).filter(
    (r) => !before.has(r.id),
  );
  expect(rows).toHaveLength(1);
  return { roundId: rows[0]!.round_id, organisationId: rows[0]!.organisation_id };
}

/** A peer's in-app questionnaire; the round it landed in. */
async function peerAnswers(peer: Person): Promise<string | null> {
  const form = await peer.client.get('/peer/questionnaire');
  expect(form.status).toBe(200);
  const key = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
  const fields: Record<string, string> = { submissionKey: key, ...(await peerQuestionnaireAnswers(app)) };
  const before = new Set((await app.deps.db.selectFrom('responses').select('id').where('audience', '=', 'peer').execute()).map((r) => r.id));
  expect((await peer.client.post('/peer/questionnaire', fields)).status).toBe(303);
  await flushAnswerQueue(app.deps, { all: true });
  const rows = (await app.deps.db.selectFrom('responses').select(['id', 'round_id']).where('audience', '=', 'peer').execute()).filter((r) => !before.has(r.id));
  expect(rows).toHaveLength(1);
  return rows[0]!.round_id;
}

/** A second pair of organisations per test, so that their rounds do not meet other tests' rounds. */
async function twoOrganisations() {
  const { insertOrganisation, insertSite } = await import('../../src/server/repositories/organisations.ts');
  const a = await insertOrganisation(app.deps.db, { name: `Org C ${crypto.randomUUID().slice(0, 6)}`, kind: 'region' });
  const b = await insertOrganisation(app.deps.db, { name: `Org D ${crypto.randomUUID().slice(0, 6)}`, kind: 'municipality' });
  const siteA = (await insertSite(app.deps.db, a.id, 'Sted C')).id;
  const siteB = (await insertSite(app.deps.db, b.id, 'Sted D')).id;
  return {
    a: { id: a.id, siteId: siteA, coordinator: await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: a.id }) },
    b: {
      id: b.id,
      siteId: siteB,
      coordinator: await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: b.id }),
      peer: await signedIn(app, { kind: 'staff', role: 'peer', organisationId: b.id, siteId: siteB, chosenName: 'Dorte' }),
    },
  };
}

describe(`rounds across organisations by consent on ${testDbKind()}`, () => {
  it('an invitation: the other coordinator sees it and accepts; then their sites and peers can be chosen; later they leave', async () => {
    const { a, b } = await twoOrganisations();
    const roundId = await roundOf(a.coordinator, a.id, { siteIds: [a.siteId], joinedOrganisationIds: [b.id] });
    // Invited, not yet taking part: nothing of B is in the round and B's coordinator sees no figures.
    expect(await stored(roundId)).toEqual({ organisations: [], sites: [a.siteId], peers: [] });
    expect((await b.coordinator.client.get(`/rounds/${roundId}/report`)).status).toBe(403);
    const ownerPage = await a.coordinator.client.get(`/rounds/${roundId}`);
    expect(ownerPage.text).not.toContain(b.siteId);
    const page = await b.coordinator.client.get(invitationsPage(b.id));
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/rounds/${roundId}/invitations/${b.id}/accept`);
    // B's site cannot be put in before B accepts.
    const early = await a.coordinator.client.post(`/rounds/${roundId}/participants`, { siteIds: [a.siteId, b.siteId] });
    expect(early.status).toBe(400);
    expect((await stored(roundId)).sites).toEqual([a.siteId]);

    const accepted = await b.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/accept`, {});
    expect(accepted.status).toBe(303);
    expect((await stored(roundId)).organisations).toEqual([b.id]);
    expect((await b.coordinator.client.get(`/rounds/${roundId}/report`)).status).toBe(200);
    const after = await a.coordinator.client.get(`/rounds/${roundId}`);
    expect(after.text).toContain(`value="${b.siteId}"`);
    expect(after.text).toContain(`value="${b.peer.id}"`);
    const chosen = await a.coordinator.client.post(`/rounds/${roundId}/participants`, { siteIds: [a.siteId, b.siteId], peerIds: [b.peer.id] });
    expect(chosen.status).toBe(303);
    expect(await stored(roundId)).toEqual({ organisations: [b.id], sites: [a.siteId, b.siteId].sort(), peers: [b.peer.id] });
    // B's check-ins count in the round while B takes part.
    expect((await checkInAt(b.siteId)).roundId).toBe(roundId);

    // Leaving: B's sites and peers drop out, B's coordinator no longer sees the figures, and
    // B's answers from now on land elsewhere.
    const roundPage = await b.coordinator.client.get(`/rounds/${roundId}`);
    expect(roundPage.text).toContain(`/rounds/${roundId}/organisations/${b.id}/leave`);
    expect((await a.coordinator.client.post(`/rounds/${roundId}/organisations/${b.id}/leave`, {})).status).toBe(403);
    expect((await b.coordinator.client.post(`/rounds/${roundId}/organisations/${b.id}/leave`, {})).status).toBe(303);
    expect(await stored(roundId)).toEqual({ organisations: [], sites: [a.siteId], peers: [] });
    expect((await b.coordinator.client.get(`/rounds/${roundId}/report`)).status).toBe(403);
    expect((await checkInAt(b.siteId)).roundId).toBeNull();
    expect(await peerAnswers(b.peer)).toBeNull();
  });

  it('a declined invitation adds nothing, and cannot be accepted afterwards', async () => {
    const { a, b } = await twoOrganisations();
    const roundId = await roundOf(a.coordinator, a.id, { siteIds: [a.siteId] });
    expect((await a.coordinator.client.post(`/rounds/${roundId}/invitations`, { organisationId: b.id })).status).toBe(303);
    // Only B's coordinator answers B's invitation.
    expect((await a.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/accept`, {})).status).toBe(403);
    expect((await b.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/decline`, {})).status).toBe(303);
    expect((await b.coordinator.client.get(invitationsPage(b.id))).text).not.toContain(`/rounds/${roundId}/invitations/${b.id}/accept`);
    expect([404, 409]).toContain((await b.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/accept`, {})).status);
    expect((await stored(roundId)).organisations).toEqual([]);
    expect((await b.coordinator.client.get(`/rounds/${roundId}/report`)).status).toBe(403);
  });

  it('the owner withdraws an invitation before it is answered', async () => {
    const { a, b } = await twoOrganisations();
    const roundId = await roundOf(a.coordinator, a.id, { joinedOrganisationIds: [b.id] });
    expect((await b.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/withdraw`, {})).status).toBe(403);
    expect((await a.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/withdraw`, {})).status).toBe(303);
    expect((await b.coordinator.client.get(invitationsPage(b.id))).text).not.toContain(`/rounds/${roundId}/invitations/${b.id}/accept`);
    expect([404, 409]).toContain((await b.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/accept`, {})).status);
    expect((await stored(roundId)).organisations).toEqual([]);
  });

  it('forged site, peer and organisation ids are refused with nothing stored', async () => {
    const foreignSite = world.orgB.siteId;
    const foreignPeer = world.peerB.id;
    const random = crypto.randomUUID();
    const rounds = `/organisation/${world.orgA.id}/rounds`;
    const base = { title: 'Forfalsket', method: 'x', startsOn: daysFromToday(-1), endsOn: daysFromToday(30) };
    const before = await countRounds();
    const forgeries: Record<string, string[]>[] = [
      { siteIds: [world.orgA.siteId, foreignSite] },
      { siteIds: [random] },
      { peerIds: [world.peerA.id, foreignPeer] },
      { peerIds: [random] },
      // A citizen is not a peer of the organisation.
      { peerIds: [world.citizenA.id] },
      { joinedOrganisationIds: [random] },
      { joinedOrganisationIds: [world.orgA.id] },
    ];
    for (const forged of forgeries) {
      const res = await world.coordinatorA.client.post(rounds, { ...base, ...forged });
      expect(res.status, JSON.stringify(forged)).toBe(400);
    }
    expect(await countRounds()).toBe(before);

    const roundId = await roundOf(world.coordinatorA, world.orgA.id, { siteIds: [world.orgA.siteId], peerIds: [world.peerA.id] });
    const was = await stored(roundId);
    for (const forged of [{ siteIds: [foreignSite] }, { siteIds: [random] }, { peerIds: [foreignPeer] }, { peerIds: [random] }]) {
      const res = await world.coordinatorA.client.post(`/rounds/${roundId}/participants`, {
        siteIds: [world.orgA.siteId],
        peerIds: [world.peerA.id],
        ...forged,
      });
      expect(res.status, JSON.stringify(forged)).toBe(400);
      expect(await stored(roundId)).toEqual(was);
    }
    // Another organisation's coordinator cannot change or invite into the round at all.
    expect((await world.coordinatorB.client.post(`/rounds/${roundId}/participants`, { siteIds: [foreignSite] })).status).toBe(403);
    expect((await world.coordinatorB.client.post(`/rounds/${roundId}/invitations`, { organisationId: world.orgB.id })).status).toBe(403);
    expect((await world.coordinatorA.client.post(`/rounds/${roundId}/invitations`, { organisationId: random })).status).toBe(400);
    expect(await stored(roundId)).toEqual(was);
    expect(await app.deps.db.selectFrom('round_invitations').select('organisation_id').where('round_id', '=', roundId).execute()).toEqual([]);

    // A link for a site outside the round, or for another organisation's questionnaire.
    const links = async () => (await app.deps.db.selectFrom('distributions').select('id').where('round_id', '=', roundId).execute()).length;
    const linksBefore = await links();
    const checkIn = await questionnaireId('after-meeting-check-in');
    expect(
      (await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, { questionnaireId: checkIn, mode: 'anonymous', siteId: foreignSite })).status,
    ).toBe(400);
    expect((await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, { questionnaireId: random, mode: 'anonymous' })).status).toBe(400);
    expect(await links()).toBe(linksBefore);
  });

  it('an answer lands in one round its organisation takes part in: own rounds first, then the one that started last', async () => {
    const { a, b } = await twoOrganisations();
    // A round of A that, from before consent existed, still lists B's site and peer.
    const foreign = await roundOf(a.coordinator, a.id, { siteIds: [a.siteId], startsOn: daysFromToday(-1) });
    await app.deps.db.insertInto('round_sites').values({ round_id: foreign, site_id: b.siteId }).execute();
    await app.deps.db.insertInto('round_peers').values({ round_id: foreign, peer_user_id: b.peer.id }).execute();
    // B's data never lands in A's round, and with no round of B's own, lands in none.
    const alone = await checkInAt(b.siteId);
    expect(alone).toEqual({ roundId: null, organisationId: b.id });
    expect(await peerAnswers(b.peer)).toBeNull();

    const older = await roundOf(b.coordinator, b.id, { siteIds: [b.siteId], peerIds: [b.peer.id], startsOn: daysFromToday(-60) });
    const newer = await roundOf(b.coordinator, b.id, { siteIds: [b.siteId], peerIds: [b.peer.id], startsOn: daysFromToday(-10) });
    // A round B joined, started even later: B's own rounds come first.
    const joined = await roundOf(a.coordinator, a.id, { siteIds: [a.siteId], joinedOrganisationIds: [b.id], startsOn: daysFromToday(-2) });
    expect((await b.coordinator.client.post(`/rounds/${joined}/invitations/${b.id}/accept`, {})).status).toBe(303);
    expect((await a.coordinator.client.post(`/rounds/${joined}/participants`, { siteIds: [a.siteId, b.siteId], peerIds: [b.peer.id] })).status).toBe(303);
    for (let i = 0; i < 3; i++) {
      expect(await checkInAt(b.siteId)).toEqual({ roundId: newer, organisationId: b.id });
      expect(await peerAnswers(b.peer)).toBe(newer);
    }
    expect(older).not.toBe(newer);
    // Without B's own rounds running, the joined one takes them.
    await app.deps.db
      .updateTable('rounds')
      .set({ ends_on: daysFromToday(-3) })
      .where('id', 'in', [older, newer])
      .execute();
    expect((await checkInAt(b.siteId)).roundId).toBe(joined);
    expect(await peerAnswers(b.peer)).toBe(joined);
  });

  it('a link for a site of an organisation that left the round takes no more answers', async () => {
    const { a, b } = await twoOrganisations();
    const roundId = await roundOf(a.coordinator, a.id, { siteIds: [a.siteId], joinedOrganisationIds: [b.id] });
    await b.coordinator.client.post(`/rounds/${roundId}/invitations/${b.id}/accept`, {});
    await a.coordinator.client.post(`/rounds/${roundId}/participants`, { siteIds: [a.siteId, b.siteId] });
    const made = await a.coordinator.client.post(`/rounds/${roundId}/distributions`, {
      questionnaireId: await questionnaireId('after-meeting-check-in'),
      mode: 'anonymous',
      siteId: b.siteId,
    });
    expect(made.status).toBe(201);
    const token = made.text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]!;
    const visitor = new (await import('../support/client.ts')).Client(app.url);
    expect((await visitor.get(`/q/${token}`)).status).toBe(200);
    await b.coordinator.client.post(`/rounds/${roundId}/organisations/${b.id}/leave`, {});
    expect((await visitor.get(`/q/${token}`)).status).toBe(404);
    expect((await visitor.post(`/q/${token}`, { submissionKey: 'k'.repeat(24), ...CHECK_IN })).status).toBe(404);
    expect(await app.deps.db.selectFrom('responses').select('id').where('round_id', '=', roundId).execute()).toEqual([]);
  });

  it("a round's peer-session figures count only peers of organisations in the round", async () => {
    const { a, b } = await twoOrganisations();
    const roundId = await roundOf(a.coordinator, a.id, { siteIds: [a.siteId] });
    // A stale entry from before consent: B's peer listed in A's round.
    await app.deps.db.insertInto('round_peers').values({ round_id: roundId, peer_user_id: b.peer.id }).execute();
    for (let i = 0; i < 6; i++) {
      await app.deps.db
        .insertInto('peer_sessions')
        .values({
          organisation_id: b.id,
          site_id: b.siteId,
          peer_user_id: b.peer.id,
          occurred_on: today(),
          duration_minutes: 30,
          format: 'individual',
          participants: 1,
          kind: 'conversation',
          themes: [],
        })
        .execute();
    }
    const report = await a.coordinator.client.get(`/rounds/${roundId}/report`);
    expect(report.status).toBe(200);
    expect(report.text).not.toMatch(/Peer-samtaler<\/dt><dd>6</);
  });

  // Last: it takes the database back to before migration 014 and runs it again.
  it('migration 014: organisations put into a round before consent existed are invited instead, and their sites and peers leave', async () => {
    const { a, b } = await twoOrganisations();
    const roundId = await roundOf(a.coordinator, a.id, { siteIds: [a.siteId] });
    const db = app.deps.db;
    await sql`drop table round_invitations`.execute(db);
    await sql`delete from schema_migrations where name = '014_round_invitations.sql'`.execute(db);
    await db.insertInto('round_organisations').values({ round_id: roundId, organisation_id: b.id }).execute();
    await db.insertInto('round_sites').values({ round_id: roundId, site_id: b.siteId }).execute();
    await db.insertInto('round_peers').values({ round_id: roundId, peer_user_id: b.peer.id }).execute();
    const script = fs.readFileSync(new URL('../../src/server/db/migrations/014_round_invitations.sql', import.meta.url), 'utf8');
    const statements = script
      .split('\n')
      .filter((line) => !line.startsWith('--'))
      .join('\n')
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);
    await db.transaction().execute(async (tx) => {
      for (const statement of statements) await sql.raw(statement).execute(tx);
      await sql`insert into schema_migrations (name) values ('014_round_invitations.sql')`.execute(tx);
    });
    expect(await stored(roundId)).toEqual({ organisations: [], sites: [a.siteId], peers: [] });
    expect(await db.selectFrom('round_invitations').select(['organisation_id', 'state']).where('round_id', '=', roundId).execute()).toEqual([
      { organisation_id: b.id, state: 'pending' },
    ]);
    expect((await b.coordinator.client.get(invitationsPage(b.id))).text).toContain(`/rounds/${roundId}/invitations/${b.id}/accept`);
  });
});
