import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { signedIn, type Person } from '../support/fixtures.ts';
import { insertOrganisation } from '../../src/server/repositories/organisations.ts';
import crypto from 'node:crypto';

/** What anyone reading the table could compute for a guessed address. */
const plainHash = (bucket: string, key: string) => crypto.createHash('sha256').update(`${bucket}:${key}`).digest('hex').slice(0, 32);

// A live poll promises its audience what an evaluation promises: nobody watching the results can
// tell what one person voted. These tests try it the way a curious presenter or a ballot
// stuffer would (k = 5, the default).

const FLOOD_LIMIT = 12;
let app: TestApp;
let coordinator: Person;
let orgId: string;
beforeAll(async () => {
  app = await startTestApp({ env: { POLL_VOTES_PER_ADDRESS: String(FLOOD_LIMIT) } });
  orgId = (await insertOrganisation(app.deps.db, { name: 'Afstemningsnetværket', kind: 'municipality' })).id;
  coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: orgId });
});
afterAll(() => app?.close());

async function newPoll(options = 'Godt\nMidt imellem\nSvært'): Promise<{ id: string; code: string }> {
  const res = await coordinator.client.post(`/organisation/${orgId}/polls`, { text: 'Hvordan gik dagen?', options });
  expect(res.status).toBe(303);
  const id = res.location!.split('/').pop()!;
  const code = (await coordinator.client.get(`/polls/${id}`)).text.match(/koden ([A-Z0-9]{6})/)![1]!;
  return { id, code };
}

async function voteAsNewcomer(code: string, option: number): Promise<void> {
  expect((await new Client(app.url).post(`/p/${code}`, { option: String(option) })).status).toBe(303);
}

interface Shown {
  counts: (number | null)[] | null;
  total: number | null;
}

async function shown(pollId: string): Promise<Shown> {
  const { counts, total } = JSON.parse((await coordinator.client.get(`/polls/${pollId}/results.json`)).text) as Shown;
  return { counts, total };
}

async function storedVotes(pollId: string): Promise<number> {
  const row = await app.deps.db
    .selectFrom('poll_votes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('poll_id', '=', pollId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe(`live polls on ${testDbKind()}`, () => {
  it('shows no result until 5 have voted, on the presenter page and in its JSON', async () => {
    const poll = await newPoll();
    for (const option of [0, 0, 1, 0]) await voteAsNewcomer(poll.code, option);
    expect(await shown(poll.id)).toEqual({ counts: null, total: null });
    const presenter = await coordinator.client.get(`/polls/${poll.id}`);
    expect(presenter.text).toContain('Resultatet vises, når mindst 5 har stemt.');
    expect(presenter.text).not.toMatch(/<th scope="row">Godt<\/th>/);
    // The projector view follows the same rule, and shows the whole address to type.
    const projector = await coordinator.client.get(`/polls/${poll.id}?projector=1`);
    expect(projector.text).toContain('Resultatet vises, når mindst 5 har stemt.');
    expect(projector.text).not.toMatch(/<th scope="row">Godt<\/th>/);
    expect(projector.text).toMatch(new RegExp(`<strong>[^<]+/p/${poll.code}</strong>`));

    await voteAsNewcomer(poll.code, 0);
    // 4 × Godt and 1 × Midt imellem: both small, so only the total and the empty option show.
    expect(await shown(poll.id)).toEqual({ counts: [null, null, 0], total: 5 });
    expect((await coordinator.client.get(`/polls/${poll.id}`)).text).toMatch(/<th scope="row">Godt<\/th><td>skjult<\/td>/);
    expect((await coordinator.client.get(`/polls/${poll.id}?projector=1`)).text).toMatch(/<th scope="row">Godt<\/th><td>skjult<\/td>/);
  });

  it('does not move with the next vote: a new result only after 5 more votes', async () => {
    const poll = await newPoll();
    for (let i = 0; i < 5; i++) await voteAsNewcomer(poll.code, 0);
    expect(await shown(poll.id)).toEqual({ counts: [5, 0, 0], total: 5 });
    // A watcher who reloads after each vote learns nothing about that vote.
    for (let i = 0; i < 4; i++) {
      await voteAsNewcomer(poll.code, 2);
      expect(await shown(poll.id)).toEqual({ counts: [5, 0, 0], total: 5 });
    }
    await voteAsNewcomer(poll.code, 2);
    expect(await shown(poll.id)).toEqual({ counts: [5, 0, 5], total: 10 });
    // Changing a vote is news about one person too: it waits like a new vote.
    const changer = new Client(app.url);
    await changer.post(`/p/${poll.code}`, { option: '1' });
    await changer.post(`/p/${poll.code}`, { option: '0' });
    expect(await shown(poll.id)).toEqual({ counts: [5, 0, 5], total: 10 });
  });

  it('a second vote from the same device replaces the first, and the voter sees their choice', async () => {
    const poll = await newPoll();
    const voter = new Client(app.url);
    const nothingChosen = await voter.post(`/p/${poll.code}`, {});
    expect(nothingChosen.status).toBe(400);
    expect(nothingChosen.text).toContain('Vælg en af svarmulighederne.');
    await voter.post(`/p/${poll.code}`, { option: '0' });
    const thanks = await voter.get(`/p/${poll.code}?voted=1`);
    expect(thanks.text).toContain('Du stemte: Godt');
    expect((await voter.post(`/p/${poll.code}`, { option: '2' })).status).toBe(303);
    expect(await storedVotes(poll.id)).toBe(1);
    // Coming back later, without the thank-you link: the choice is shown and ticked.
    const back = await voter.get(`/p/${poll.code}`);
    expect(back.text).toContain('Du stemte: Svært');
    expect(back.text).toMatch(/value="2" checked/);
    expect((await new Client(app.url).get(`/p/${poll.code}`)).text).not.toContain('Du stemte');
  });

  it('one vote per signed-in person, even after clearing the cookie', async () => {
    const poll = await newPoll();
    const citizen = await signedIn(app, { kind: 'citizen' });
    // A vote from this browser before signing in counts as the person's too.
    const before = new Client(app.url);
    await before.post(`/p/${poll.code}`, { option: '2' });
    citizen.client.cookies.set('eo_voter', before.cookies.get('eo_voter')!);
    await citizen.client.post(`/p/${poll.code}`, { option: '1' });
    expect(await storedVotes(poll.id)).toBe(1);
    citizen.client.cookies.delete('eo_voter');
    await citizen.client.post(`/p/${poll.code}`, { option: '0' });
    citizen.client.cookies.delete('eo_voter');
    expect(await storedVotes(poll.id)).toBe(1);
    expect((await citizen.client.get(`/p/${poll.code}`)).text).toContain('Du stemte: Godt');
  });

  it('limits a flood of votes from one address with cleared cookies, and keeps the address unreadable', async () => {
    const poll = await newPoll();
    for (let i = 0; i < FLOOD_LIMIT; i++) await voteAsNewcomer(poll.code, 1);
    const refused = await new Client(app.url).post(`/p/${poll.code}`, { option: '1' });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Der er kommet mange stemmer fra din netværksadresse');
    expect(await storedVotes(poll.id)).toBe(FLOOD_LIMIT);
    // The counter is keyed by a secret: a hash of the address alone finds nothing.
    const plain = await app.deps.db
      .selectFrom('rate_limits')
      .select('key_hash')
      .where('key_hash', 'in', [plainHash('poll-vote', '127.0.0.1'), plainHash('poll-vote', '::ffff:127.0.0.1')])
      .execute();
    expect(plain).toEqual([]);
    // A signed-in person has one vote anyway and is not held up by others on the same network.
    const citizen = await signedIn(app, { kind: 'citizen' });
    expect((await citizen.client.post(`/p/${poll.code}`, { option: '0' })).status).toBe(303);
  });
});
