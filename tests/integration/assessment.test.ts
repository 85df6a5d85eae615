import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, signedIn, type Person, type World } from '../support/fixtures.ts';
import { ITEMS } from '../../src/domain/assessment/items.ts';

let app: TestApp;
let world: World;
let team: Person[];
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
  const more = [];
  for (const name of ['Ida', 'Karl', 'Lone', 'Mads'])
    more.push(await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: name }));
  team = [world.peerA, world.professionalA, world.coordinatorA, ...more];
});
afterAll(() => app?.close());

/** Every item answered with `value`, except participation items which get `participation`. */
function answers(value: string, participation = value): Record<string, string> {
  return Object.fromEntries(ITEMS.map((i) => [i.key, i.theme === 'participation' ? participation : value]));
}

async function openRound(title: string, heldOn: string): Promise<string> {
  const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/assessments`, { siteId: world.orgA.siteId, title, heldOn });
  expect(res.status).toBe(303);
  return res.location!.match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
}

async function answer(person: Person, roundId: string, fields: Record<string, string>) {
  return person.client.post(`/assessment/${roundId}/answer`, fields);
}

const responseCount = async (roundId: string) =>
  (await app.deps.db.selectFrom('assessment_responses').select('id').where('round_id', '=', roundId).execute()).length;

describe(`team self-assessment on ${testDbKind()}`, () => {
  let first: string;

  it('hides the result below k and says kindly how many more answers are needed; shows theme means at k', async () => {
    first = await openRound('Forår 2026', '2026-03-01');
    const page = await world.peerA.client.get(`/assessment/${first}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Der mangler 5 svar mere.');

    // Four answer: participation 1, 2, 3, 4; everything else 3.
    for (const [i, person] of team.slice(0, 4).entries()) expect((await answer(person, first, answers('3', String(i + 1)))).status).toBe(303);
    let view = await world.peerA.client.get(`/assessment/${first}`);
    expect(view.text).toContain('Vi viser resultatet, når mindst 5 har svaret');
    expect(view.text).toContain('Der mangler et svar mere.');
    expect(view.text).not.toContain('data-radar');
    expect(view.text).not.toContain('2,5');

    // Changing one's own answer is still one response.
    expect((await answer(team[0]!, first, answers('3', '1'))).status).toBe(303);
    expect(await responseCount(first)).toBe(4);
    expect((await world.peerA.client.get(`/assessment/${first}`)).text).toContain('Der mangler et svar mere.');

    // The fifth answer (participation 5, coercion "don't know") makes enough — but nothing is shown while the round is open.
    const fifth = answers('3', '5');
    for (const item of ITEMS.filter((i) => i.theme === 'coercion')) fifth[item.key] = 'dk';
    expect((await answer(team[4]!, first, fifth)).status).toBe(303);
    view = await world.professionalA.client.get(`/assessment/${first}`);
    expect(view.text).toContain('5 har svaret indtil nu.');
    expect(view.text).toContain('Resultatet vises, når runden er lukket.');
    expect(view.text).not.toContain('data-radar');
    expect(view.text).not.toContain('3,0');
  });

  it("the team hears that a round is open: a notice on each member's home page leads to it, and opening the round sees it", async () => {
    const announcement = 'Teamet har fået en ny runde af selvevalueringen. Du kan svare, så længe den er åben.';
    const id = await openRound('Meddelt runde', '2026-11-01');
    const home = (await world.peerA.client.get('/')).text;
    expect(home).toContain(announcement);
    const noticeId = home.match(/href="\/notices\/([0-9a-f-]{36})"/)?.[1];
    expect(noticeId).toBeDefined();
    const followed = await world.peerA.client.get(`/notices/${noticeId}`);
    expect(followed.location).toBe(`/assessment/${id}`);
    // Whoever opened it is not told, and nor is another organisation's team.
    expect((await world.coordinatorA.client.get('/')).text).not.toContain(announcement);
    expect((await world.peerB.client.get('/')).text).not.toContain(announcement);
    // A colleague who goes straight to the round has seen it too.
    const colleague = team.find((p) => p !== world.peerA)!;
    expect((await colleague.client.get('/')).text).toContain(announcement);
    const seenAt = () =>
      app.deps.db.selectFrom('notices').select('seen_at').where('recipient_id', '=', colleague.id).where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect((await seenAt()).seen_at).toBeNull();
    await colleague.client.get(`/assessment/${id}`);
    expect((await seenAt()).seen_at).not.toBeNull();
  });

  it('individual answers are shown only to their author', async () => {
    const mine = await team[0]!.client.get(`/assessment/${first}/answer`);
    expect(mine.text).toMatch(/id="field-participation\.1" name="participation\.1" value="1" checked/);
    const sixth = await signedIn(app, { kind: 'staff', role: 'professional', organisationId: world.orgA.id, siteId: world.orgA.siteId });
    const theirs = await sixth.client.get(`/assessment/${first}/answer`);
    expect(theirs.status).toBe(200);
    expect(theirs.text).not.toContain('checked');
    // The round page shows no individual values and no names of who answered.
    const round = await sixth.client.get(`/assessment/${first}`);
    for (const name of ['Ida', 'Karl', 'Lone', 'Mads']) expect(round.text).not.toContain(name);
    // Another organisation sees nothing at all.
    expect((await world.coordinatorB.client.get(`/assessment/${first}`)).status).toBe(403);
    expect((await world.peerB.client.post(`/assessment/${first}/answer`, answers('1'))).status).toBe(403);
  });

  it('a missing answer gets the error summary and changes nothing', async () => {
    const partial = answers('2');
    delete partial['choice.2'];
    const res = await answer(team[1]!, first, partial);
    expect(res.status).toBe(400);
    expect(res.text).toContain('error-summary');
    expect(res.text).toContain('href="#field-choice.2"');
    // What was chosen is kept in the form.
    expect(res.text).toMatch(/id="field-choice\.1-2" name="choice\.1" value="2" checked/);
    const stored = await app.deps.db
      .selectFrom('assessment_responses')
      .select('answers')
      .where('round_id', '=', first)
      .where('user_id', '=', team[1]!.id)
      .executeTakeFirstOrThrow();
    const value = (typeof stored.answers === 'string' ? JSON.parse(stored.answers) : stored.answers) as Record<string, number>;
    expect(value['choice.1']).toBe(3);
  });

  it('the team notes actions; an empty one is refused', async () => {
    const empty = await world.peerA.client.post(`/assessment/${first}/actions`, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv, hvad I vil gøre.');
    const long = await world.peerA.client.post(`/assessment/${first}/actions`, { text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Teksten må højst være 2000 tegn. Den er nu 2001 tegn.');
    expect(
      (await world.peerA.client.post(`/assessment/${first}/actions`, { text: 'Vi inviterer brugerrådet til næste personalemøde <b>hver måned</b>.' })).status,
    ).toBe(303);
    const seen = await world.professionalA.client.get(`/assessment/${first}`);
    expect(seen.text).toContain('Vi inviterer brugerrådet til næste personalemøde &lt;b&gt;hver måned&lt;/b&gt;.');
  });

  it('closing shows the theme means at k; a closed round refuses answers; a later round shows the change', async () => {
    expect((await world.peerA.client.post(`/assessment/${first}/close`, { confirm: 'yes' })).status).toBe(403);
    expect((await world.coordinatorA.client.post(`/assessment/${first}/close`, { confirm: 'yes' })).status).toBe(303);
    const shown = await world.professionalA.client.get(`/assessment/${first}`);
    expect(shown.text).toContain('data-radar');
    expect(shown.text).toContain('Svar i alt: 5');
    expect(shown.text).toMatch(/data-theme="participation"><th scope="row">Brugerinddragelse og samarbejde<\/th><td>3,0<\/td>/);
    // Only four scored coercion: below k, so that theme stays hidden.
    expect(shown.text).toMatch(/data-theme="coercion"><th scope="row">Tvang<\/th><td>Skjult \(for få svar\)<\/td>/);
    expect(shown.text).toContain('Der er ingen tidligere runde for dette sted.');
    // The sixth person, who never answered, cannot add an answer now.
    const refused = await answer(team[5]!, first, answers('5'));
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Runden er lukket');
    expect((await answer(team[0]!, first, answers('5'))).status).toBe(409);
    expect(await responseCount(first)).toBe(5);
    const stored = await app.deps.db
      .selectFrom('assessment_responses')
      .select('answers')
      .where('round_id', '=', first)
      .where('user_id', '=', team[0]!.id)
      .executeTakeFirstOrThrow();
    const value = (typeof stored.answers === 'string' ? JSON.parse(stored.answers) : stored.answers) as Record<string, number>;
    expect(value['participation.1']).toBe(1);
    expect((await world.peerA.client.get(`/assessment/${first}`)).text).not.toContain('Svar på spørgsmålene');

    const second = await openRound('Efterår 2026', '2026-09-01');
    for (const person of team.slice(0, 5)) expect((await answer(person, second, answers('4'))).status).toBe(303);
    expect((await world.coordinatorA.client.post(`/assessment/${second}/close`, { confirm: 'yes' })).status).toBe(303);
    const view = await world.peerA.client.get(`/assessment/${second}`);
    expect(view.text).toContain('Forrige runde: Forår 2026');
    expect(view.text).toContain('data-series="previous"');
    // Participation 3.0 → 4.0; coercion was hidden before, so no change is shown.
    expect(view.text).toMatch(/data-theme="participation"><th scope="row">[^<]+<\/th><td>4,0 \(\+1,0\)<\/td><td>3,0<\/td>/);
    expect(view.text).toMatch(/data-theme="coercion"><th scope="row">Tvang<\/th><td>4,0<\/td><td>Skjult \(for få svar\)<\/td>/);
    // The earlier round does not compare itself with the later one.
    expect((await world.peerA.client.get(`/assessment/${first}`)).text).toContain('Der er ingen tidligere runde for dette sted.');
  });

  it('a round closed with fewer than k answers never shows a result', async () => {
    const few = await openRound('Lille runde', '2026-10-01');
    for (const person of team.slice(0, 4)) await answer(person, few, answers('5'));
    // Closing cannot be undone: the first press only asks, saying that no result will ever show.
    const asked = await world.coordinatorA.client.post(`/assessment/${few}/close`, {});
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Vil du lukke runden?');
    expect(asked.text).toContain(
      'Der mangler 1 svar, før der kan vises et resultat. Lukker du runden nu, vises der aldrig et resultat for den. Runden kan ikke åbnes igen.',
    );
    expect(asked.text).toContain('<input type="hidden" name="confirm" value="yes">');
    expect((await world.peerA.client.get(`/assessment/${few}`)).text).not.toContain('Runden blev lukket');
    // A peer cannot have the question put to them either.
    expect((await world.peerA.client.post(`/assessment/${few}/close`, {})).status).toBe(403);
    expect((await world.coordinatorA.client.post(`/assessment/${few}/close`, { confirm: 'yes' })).status).toBe(303);
    const view = await world.peerA.client.get(`/assessment/${few}`);
    expect(view.text).toContain('Runden blev lukket med færre end 5 svar.');
    expect(view.text).not.toContain('data-radar');
    expect(view.text).not.toContain('5,0');
    // Nor does it count as the previous round for the next one.
    const next = await openRound('Vinter 2026', '2026-12-01');
    for (const person of team.slice(0, 5)) await answer(person, next, answers('3'));
    await world.coordinatorA.client.post(`/assessment/${next}/close`, { confirm: 'yes' });
    expect((await world.peerA.client.get(`/assessment/${next}`)).text).toContain('Forrige runde: Efterår 2026');
  });

  it('opening a round with bad input gets the error summary and creates nothing', async () => {
    const before = (await app.deps.db.selectFrom('assessment_rounds').select('id').execute()).length;
    const res = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/assessments`, {
      siteId: world.orgA.siteId,
      title: '',
      heldOn: '2026-02-31',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Skriv en titel.');
    expect(res.text).toContain('Vælg en dato');
    // Another organisation's site cannot be used.
    expect(
      (await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/assessments`, { siteId: world.orgB.siteId, title: 'X', heldOn: '2026-02-01' }))
        .status,
    ).toBe(403);
    expect((await app.deps.db.selectFrom('assessment_rounds').select('id').execute()).length).toBe(before);
  });
});
