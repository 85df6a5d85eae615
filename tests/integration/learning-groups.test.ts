import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, signedIn, type Person, type World } from '../support/fixtures.ts';
import { insertRound, insertRoundOrganisation } from '../../src/server/repositories/evaluation/rounds.ts';
import { eraseUser } from '../../src/server/repositories/users.ts';
import { deleteMemberships } from '../../src/server/repositories/organisations.ts';

// Learning groups across organisations: who may see a group's reflections and replies (its
// admitted members, and nobody else), replies and their authors, and the round and phase a
// reflection is tied to.

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
});
afterAll(() => app?.close());

const yesterday = () => new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);

async function makeGroup(host: Person, admission: 'open' | 'request', name = 'Håb i praksis'): Promise<string> {
  const res = await host.client.post('/groups', { name, purpose: 'Vi øver os i at tale om håb.', admission });
  expect(res.status).toBe(303);
  const id = res.location?.match(/^\/groups\/([0-9a-f-]{36})\?created=1$/)?.[1];
  if (!id) throw new Error(`no group id: ${res.location}`);
  return id;
}

async function reflect(peer: Person, organisationId: string, fields: Record<string, string>): Promise<{ status: number; id: string | undefined }> {
  const res = await peer.client.post('/peer/reflections', { organisationId, writtenOn: yesterday(), ...fields });
  const row = await app.deps.db
    .selectFrom('reflections')
    .select('id')
    .where('peer_user_id', '=', peer.id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { status: res.status, id: res.status === 303 ? row?.id : undefined };
}

const replyIdOf = async (author: Person) =>
  (
    await app.deps.db
      .selectFrom('reflection_replies')
      .select('id')
      .where('author_id', '=', author.id)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
  ).id;

describe(`learning groups on ${testDbKind()}`, () => {
  it('a peer in org A shares a reflection with a group; a member from org B asks, is let in, replies; the writer reads the reply', async () => {
    const { peerA, peerB } = world;
    const groupId = await makeGroup(peerA, 'request');
    // Everyone who works as a peer or coordinator sees the group exists, never what is in it.
    const list = await peerB.client.get('/groups');
    expect(list.text).toContain('Håb i praksis');
    expect(list.text).toContain('Spørg om jeg må være med');

    const asked = await peerB.client.post(`/groups/${groupId}/join`, {});
    expect(asked.location).toBe('/groups?asked=1');
    expect((await peerB.client.get(`/groups/${groupId}`)).status).toBe(404);

    // The host hears of it on the home page, and the notice leads to the group.
    const hostHome = await peerA.client.get('/');
    expect(hostHome.text).toContain('Nogen vil være med i en læringsgruppe, du er vært for.');
    const notice = hostHome.text.match(/href="(\/notices\/[0-9a-f-]{36})"/)![1]!;
    expect((await peerA.client.get(notice)).location).toBe(`/groups/${groupId}`);
    expect((await peerB.client.get('/')).text).not.toContain('vil være med i en læringsgruppe');
    const page = await peerA.client.get(`/groups/${groupId}`);
    expect(page.text).toContain('Vil gerne være med');
    expect((await peerA.client.post(`/groups/${groupId}/members/${peerB.id}/admit`, {})).status).toBe(303);

    const { id } = await reflect(peerA, world.orgA.id, { tried: 'At vente på svaret', learned: 'Stilhed hjælper', groupId, phase: 'act' });
    expect(id).toBeDefined();
    const stored = await app.deps.db.selectFrom('reflections').select(['content', 'group_id', 'phase']).where('id', '=', id!).executeTakeFirstOrThrow();
    expect(stored.group_id).toBe(groupId);
    expect(stored.phase).toBe('act');
    expect(Buffer.from(stored.content).toString('latin1')).not.toContain('Stilhed');

    const seen = await peerB.client.get(`/groups/${groupId}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('Stilhed hjælper');
    expect(seen.text).toContain('Fase i aktionslæringen: Handle');

    const replied = await peerB.client.post(`/groups/${groupId}/reflections/${id}/replies`, { text: 'Det prøver jeg <b>også</b>' });
    expect(replied.location).toBe(`/groups/${groupId}?replied=1`);
    const reply = await app.deps.db.selectFrom('reflection_replies').selectAll().where('author_id', '=', peerB.id).executeTakeFirstOrThrow();
    expect(Buffer.from(reply.content).toString('latin1')).not.toContain('prøver');

    // What's new tells the writer, and leads to the group; the replier gets no notice of their own reply.
    const home = (await peerA.client.get('/')).text;
    expect(home).toContain('Nogen har svaret på din refleksion i en læringsgruppe.');
    const noticeId = home.match(/href="\/notices\/([0-9a-f-]{36})"/)![1]!;
    expect((await peerA.client.get(`/notices/${noticeId}`)).location).toBe(`/groups/${groupId}`);
    expect((await peerB.client.get('/')).text).not.toContain('svaret på din refleksion');
    const back = await peerA.client.get(`/groups/${groupId}`);
    expect(back.text).toContain('Det prøver jeg &lt;b&gt;også&lt;/b&gt;');
    // The writer's own page says where it is shared.
    expect((await peerA.client.get('/peer/reflections')).text).toContain('Delt med Håb i praksis');
  });

  it('only admitted members read a group: not a peer outside it, of another organisation, a citizen, a coordinator outside it, a removed member, nor a peer who lost their role', async () => {
    const { peerA, peerB, coordinatorA, coordinatorB, citizenA } = world;
    const groupId = await makeGroup(peerA, 'open', 'Kun for medlemmer');
    const peerA2 = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId });
    const peerB2 = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgB.id, siteId: world.orgB.siteId });
    const leaving = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgB.id, siteId: world.orgB.siteId });
    for (const p of [peerB, coordinatorA, leaving]) expect((await p.client.post(`/groups/${groupId}/join`, {})).location).toBe(`/groups/${groupId}?joined=1`);
    const { id } = await reflect(peerA, world.orgA.id, { tried: 'Hemmelig praksis', groupId });
    await peerB.client.post(`/groups/${groupId}/reflections/${id}/replies`, { text: 'Hemmeligt svar' });
    const replyId = await replyIdOf(peerB);

    // The host removes peerB; an organisation removes `leaving` as a peer.
    expect((await peerA.client.post(`/groups/${groupId}/members/${peerB.id}/remove`, {})).status).toBe(303);
    await deleteMemberships(app.deps.db, world.orgB.id, leaving.id);

    for (const [who, p] of Object.entries({ peerA2, peerB2, citizenA, coordinatorB, removed: peerB, lostRole: leaving })) {
      const res = await p.client.get(`/groups/${groupId}`);
      expect([403, 404], `${who} opened the group`).toContain(res.status);
      expect(res.text).not.toContain('Hemmelig');
      const post = await p.client.post(`/groups/${groupId}/reflections/${id}/replies`, { text: 'Indtrænger' });
      expect([403, 404], `${who} replied`).toContain(post.status);
      const del = await p.client.post(`/groups/${groupId}/replies/${replyId}/delete`, {});
      expect([403, 404], `${who} deleted a reply`).toContain(del.status);
      // Nor through the writer's reflection list, nor the list of groups.
      expect((await p.client.get('/peer/reflections')).text).not.toContain('Hemmelig');
      expect((await p.client.get('/groups')).text).not.toContain('Hemmelig');
    }
    expect(await app.deps.db.selectFrom('reflection_replies').select('id').where('author_id', '=', peerA2.id).execute()).toEqual([]);
    // A coordinator who is a member reads it.
    expect((await coordinatorA.client.get(`/groups/${groupId}`)).text).toContain('Hemmelig praksis');
    // The removed member's reply stays; only they could delete it, and they are out.
    expect((await coordinatorA.client.get(`/groups/${groupId}`)).text).toContain('Hemmeligt svar');
  });

  it('an author deletes their own reply, and nobody else’s', async () => {
    const { peerA, peerB } = world;
    const groupId = await makeGroup(peerA, 'open', 'Svar og sletning');
    await peerB.client.post(`/groups/${groupId}/join`, {});
    const { id } = await reflect(peerA, world.orgA.id, { tried: 'Et forsøg', groupId });
    await peerB.client.post(`/groups/${groupId}/reflections/${id}/replies`, { text: 'Svar fra B' });
    const replyId = await replyIdOf(peerB);
    // Not even the reflection's writer, who hosts the group.
    expect((await peerA.client.post(`/groups/${groupId}/replies/${replyId}/delete`, {})).status).toBe(403);
    expect((await peerA.client.get(`/groups/${groupId}`)).text).toContain('Svar fra B');
    expect((await peerB.client.post(`/groups/${groupId}/replies/${replyId}/delete`, {})).location).toBe(`/groups/${groupId}?replyDeleted=1`);
    expect((await peerA.client.get(`/groups/${groupId}`)).text).not.toContain('Svar fra B');
    // A reply to a reflection of another group, through this group's address: not found.
    const other = await makeGroup(peerB, 'open', 'En anden gruppe');
    const { id: otherReflection } = await reflect(peerB, world.orgB.id, { tried: 'Andet', groupId: other });
    expect((await peerA.client.post(`/groups/${groupId}/reflections/${otherReflection}/replies`, { text: 'x' })).status).toBe(404);
  });

  it('ties a reflection to a round of the peer’s organisations and a phase; another organisation’s round, a group one is not in and an unknown phase are refused', async () => {
    const { peerA, peerB, coordinatorA, coordinatorB } = world;
    const own = await insertRound(app.deps.db, {
      organisationId: world.orgA.id,
      title: 'Runde om håb',
      method: 'action_learning',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      createdBy: coordinatorA.id,
    });
    const joined = await insertRound(app.deps.db, {
      organisationId: world.orgB.id,
      title: 'Fælles runde',
      method: 'action_learning',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      createdBy: coordinatorB.id,
    });
    await insertRoundOrganisation(app.deps.db, joined, world.orgA.id);
    const foreign = await insertRound(app.deps.db, {
      organisationId: world.orgB.id,
      title: 'B’s egen runde',
      method: 'action_learning',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      createdBy: coordinatorB.id,
    });
    const form = await peerA.client.get('/peer/reflections');
    expect(form.text).toContain('Runde om håb');
    expect(form.text).toContain('Fælles runde');
    expect(form.text).not.toContain('B’s egen runde');
    expect(form.text).toContain('aldrig om en navngiven borger');

    const ok = await reflect(peerA, world.orgA.id, { tried: 'Runde-refleksion', roundId: joined, phase: 'observe' });
    expect(ok.status).toBe(303);
    const row = await app.deps.db.selectFrom('reflections').select(['round_id', 'phase', 'group_id']).where('id', '=', ok.id!).executeTakeFirstOrThrow();
    expect(row).toEqual({ round_id: joined, phase: 'observe', group_id: null });
    expect(own).toBeTruthy();

    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from reflections where peer_user_id = ${peerA.id}`.execute(app.deps.db)).rows[0]!.n);
    const before = await count();
    expect((await peerA.client.post('/peer/reflections', { organisationId: world.orgA.id, writtenOn: yesterday(), tried: 'x', roundId: foreign })).status).toBe(
      400,
    );
    expect((await peerA.client.post('/peer/reflections', { organisationId: world.orgA.id, writtenOn: yesterday(), tried: 'x', phase: 'dream' })).status).toBe(
      400,
    );
    const notMine = await makeGroup(peerB, 'request', 'Ikke min gruppe');
    const refused = await peerA.client.post('/peer/reflections', { organisationId: world.orgA.id, writtenOn: yesterday(), tried: 'x', groupId: notMine });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vælg en gruppe, du er med i.');
    expect(await count()).toBe(before);
  });

  it('reflections once marked "shared with the learning group" stay private, say so, and can be shared with a group now; leaving takes them out again', async () => {
    const { peerA, peerB } = world;
    const { id } = await reflect(peerA, world.orgA.id, { tried: 'Gammel delt refleksion' });
    await app.deps.db.updateTable('reflections').set({ shared_before_groups: true }).where('id', '=', id!).execute();
    // Before: a peer of the same organisation read it; now nobody but its writer does.
    const page = await peerA.client.get('/peer/reflections');
    expect(page.text).toContain('Dengang fandtes der ingen grupper');
    const groupId = await makeGroup(peerB, 'open', 'Gruppe til de gamle');
    expect((await peerB.client.get(`/groups/${groupId}`)).text).not.toContain('Gammel delt refleksion');
    await peerA.client.post(`/groups/${groupId}/join`, {});
    expect((await peerA.client.post(`/peer/reflections/${id}/share`, { groupId })).location).toBe('/peer/reflections?shared=1');
    expect((await peerB.client.get(`/groups/${groupId}`)).text).toContain('Gammel delt refleksion');
    expect((await peerA.client.get('/peer/reflections')).text).not.toContain('Dengang fandtes der ingen grupper');

    expect((await peerA.client.post(`/groups/${groupId}/leave`, {})).location).toBe('/groups?left=1');
    expect((await peerB.client.get(`/groups/${groupId}`)).text).not.toContain('Gammel delt refleksion');
    expect((await peerA.client.get(`/groups/${groupId}`)).status).toBe(404);
  });

  it('erasing a peer removes their reflections, their replies and their place in groups; the group goes on for the others', async () => {
    const host = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Vært' });
    const other = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgB.id, siteId: world.orgB.siteId });
    const groupId = await makeGroup(host, 'open', 'Gruppe der overlever');
    await other.client.post(`/groups/${groupId}/join`, {});
    const { id } = await reflect(host, world.orgA.id, { tried: 'Skal slettes', groupId });
    const { id: otherReflection } = await reflect(other, world.orgB.id, { tried: 'Bliver', groupId });
    await other.client.post(`/groups/${groupId}/reflections/${id}/replies`, { text: 'svar på vært' });
    await host.client.post(`/groups/${groupId}/reflections/${otherReflection}/replies`, { text: 'værtens svar' });

    await app.deps.db.transaction().execute((tx) => eraseUser(tx, host.id, null));
    expect(await app.deps.db.selectFrom('reflections').select('id').where('peer_user_id', '=', host.id).execute()).toEqual([]);
    expect(await app.deps.db.selectFrom('reflection_replies').select('id').where('author_id', '=', host.id).execute()).toEqual([]);
    expect(await app.deps.db.selectFrom('reflection_replies').select('id').where('reflection_id', '=', id!).execute()).toEqual([]);
    expect(await app.deps.db.selectFrom('learning_group_members').select('group_id').where('user_id', '=', host.id).execute()).toEqual([]);
    const page = await other.client.get(`/groups/${groupId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bliver');
    expect(page.text).not.toContain('værtens svar');
  });
});
