import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { startServer } from '../../src/server/server.ts';
import { enqueueAnswer } from '../../src/server/repositories/evaluation/answer-queue.ts';
import { createWorld, signedIn, type Person, type World } from '../support/fixtures.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';

// Issue 12, item 6: whoever runs the database must not be able to tell which citizen gave an
// anonymous answer. These tests read the database the way such a person could: the rows, their
// columns, the transaction that wrote each row (PostgreSQL's xmin) and the rows' physical order.

let app: TestApp;
let world: World;
const BATCH = 5;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());
// Each test starts from an empty queue: what an earlier test left waiting is written first.
beforeEach(() => flushAnswerQueue(app.deps, { all: true }));

const REQUIRED = { heard: '4', sharedKnowledge: '4', sharedPreferences: '3', decidedTogether: '4' };
const submissionKey = (html: string) => html.match(/name="submissionKey" value="([^"]+)"/)![1]!;

async function pastMeeting(citizen: Person): Promise<string> {
  const when = new Date(Date.now() - 3600_000).toISOString().slice(0, 16);
  const created = await citizen.client.post('/meetings', { when, withWhom: 'Lægen', siteId: world.orgA.siteId });
  expect(created.status).toBe(303);
  return created.location!.split('/').pop()!;
}

async function checkIn(citizen: Person, meetingId: string, answers: Record<string, string> = REQUIRED): Promise<void> {
  const form = await citizen.client.get(`/meetings/${meetingId}`);
  expect(form.status).toBe(200);
  const res = await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: submissionKey(form.text), consent: 'yes', ...answers });
  expect(res.status).toBe(303);
}

const anonymousAtSite = async () =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from responses where mode = 'anonymous' and site_id = ${world.orgA.siteId} and round_id is null`.execute(
        app.deps.db,
      )
    ).rows[0]!.n,
  );

const xmins = async (query: ReturnType<typeof sql<{ x: string }>>) => new Set((await query.execute(app.deps.db)).rows.map((r) => r.x));

async function anonymousLink(): Promise<{ token: string; roundId: string }> {
  const round = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
    title: `Orden ${Math.random()}`,
    method: 'x',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds: [world.orgA.siteId],
  });
  const roundId = round.location!.split('/').pop()!;
  const questionnaireId = (await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', 'after-meeting-check-in').executeTakeFirstOrThrow())
    .id;
  const link = await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, { questionnaireId, mode: 'anonymous', siteId: world.orgA.siteId });
  return { token: link.text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]!, roundId };
}

async function answerByLink(token: string, fields: Record<string, string>): Promise<void> {
  const client = new Client(app.url);
  const form = await client.get(`/q/${token}`);
  expect((await client.post(`/q/${token}`, { submissionKey: submissionKey(form.text), consent: 'yes', ...REQUIRED, ...fields })).status).toBe(303);
}

/** The responses of one round in the order they lie in the table, each as the number it was given. */
async function storedOrder(roundId: string): Promise<number[]> {
  const rows = await sql<{ pos: string; heard: string; said: string }>`
    select r.ctid::text as pos, h.value_option as heard, s.value_option as said
    from responses r
    join answers h on h.response_id = r.id and h.item_key = 'heard'
    join answers s on s.response_id = r.id and s.item_key = 'sharedKnowledge'
    where r.round_id = ${roundId}`.execute(app.deps.db);
  const place = (pos: string) => pos.slice(1, -1).split(',').map(Number) as [number, number];
  return rows.rows
    .sort((a, b) => place(a.pos)[0] - place(b.pos)[0] || place(a.pos)[1] - place(b.pos)[1])
    .map((r) => (Number(r.said) - 1) * 5 + (Number(r.heard) - 1));
}

describe(`anonymous answers at rest on ${testDbKind()}`, () => {
  it('showing the check-in marks the meeting as offered; answering notes only that it was answered, apart from the answer', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    const meetingId = await pastMeeting(citizen);
    expect((await citizen.client.get('/meetings')).text).toContain(`/meetings/${meetingId}#check-in`);
    const form = await citizen.client.get(`/meetings/${meetingId}`);
    const meeting = async () =>
      (
        await sql<{
          x: string;
          offered: boolean;
          check_in: string;
        }>`select xmin::text as x, check_in_offered as offered, check_in from meetings where id = ${meetingId}`.execute(app.deps.db)
      ).rows[0]!;
    const shown = await meeting();
    expect(shown.offered).toBe(true);
    // Offered, not answered: the reminder on the list goes, whether or not the person answers.
    expect((await citizen.client.get('/meetings')).text).not.toContain(`/meetings/${meetingId}#check-in`);
    const before = await anonymousAtSite();
    const res = await citizen.client.post(`/meetings/${meetingId}/check-in`, { submissionKey: submissionKey(form.text), consent: 'yes', ...REQUIRED });
    expect(res.status).toBe(303);
    // The meeting notes that its check-in was answered (so it is asked once), in a transaction that
    // wrote no answer: the queued answer came from another, which wrote nothing about the person.
    const answered = await meeting();
    expect(answered.check_in).toBe('answered');
    const queued = await xmins(sql`select xmin::text as x from answer_queue`);
    const naming = await xmins(sql`select xmin::text as x from audit_log where subject_user_id = ${citizen.id} or actor_user_id = ${citizen.id}`);
    naming.add(answered.x);
    expect([...queued].filter((x) => naming.has(x))).toEqual([]);
    // A lone answer waits: it is not written where reports count until a batch is full.
    expect(await anonymousAtSite()).toBe(before);
    await flushAnswerQueue(app.deps, { all: false });
    expect(await anonymousAtSite()).toBe(before);
    await flushAnswerQueue(app.deps, { all: true });
    expect(await anonymousAtSite()).toBe(before + 1);
  });

  it('the queue keeps no time finer than the month and nothing that points to a person or a meeting', async () => {
    const columns = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = 'answer_queue'`.execute(app.deps.db);
    expect(columns.rows.length).toBeGreaterThan(0);
    for (const c of columns.rows) {
      expect(c.data_type, c.column_name).not.toMatch(/timestamp|time|interval|serial|integer|bigint/);
      expect(c.column_name).not.toMatch(/user|meeting|pseudonym|_at$|created|updated|seq|position|ip/);
    }
    const month = columns.rows.find((c) => c.data_type === 'date');
    expect(month?.column_name).toBe('month');
    const citizen = await signedIn(app, { kind: 'citizen' });
    await checkIn(citizen, await pastMeeting(citizen));
    const queued = await sql<{ month: string }>`select month::text as month from answer_queue`.execute(app.deps.db);
    expect(queued.rows).toHaveLength(1);
    expect(queued.rows[0]!.month).toMatch(/^\d{4}-\d{2}-01$/);
    const id = await sql<{ id: string }>`select id::text as id from answer_queue`.execute(app.deps.db);
    expect(id.rows[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('no transaction that wrote an anonymous answer wrote anything naming a person, and each wrote at least a batch', async () => {
    // Two whole batches, written as they fill (a remainder is written at a set time instead).
    const citizens = await Promise.all(Array.from({ length: 2 * BATCH }, () => signedIn(app, { kind: 'citizen' })));
    const before = await anonymousAtSite();
    const earlier = (await app.deps.db.selectFrom('responses').select('id').execute()).map((r) => r.id);
    for (const citizen of citizens) await checkIn(citizen, await pastMeeting(citizen));
    expect(await anonymousAtSite()).toBe(before + citizens.length);
    const ids = citizens.map((c) => c.id);
    const answerTransactions = await sql<{ x: string; n: string }>`
      select r.xmin::text as x, count(*) as n from responses r
      where r.mode = 'anonymous' and r.site_id = ${world.orgA.siteId} and r.round_id is null and r.id <> all(${earlier}::uuid[]) group by 1`.execute(
      app.deps.db,
    );
    const written = new Set(answerTransactions.rows.map((r) => r.x));
    for (const x of await xmins(sql`select a.xmin::text as x from answers a join responses r on r.id = a.response_id where r.mode = 'anonymous'`))
      written.add(x);
    for (const x of await xmins(sql`select xmin::text as x from answer_tallies`)) written.add(x);
    const naming = new Set<string>();
    for (const query of [
      sql<{ x: string }>`select xmin::text as x from audit_log where subject_user_id = any(${ids}::uuid[]) or actor_user_id = any(${ids}::uuid[])`,
      sql<{ x: string }>`select xmin::text as x from meetings where owner_id = any(${ids}::uuid[])`,
      sql<{ x: string }>`select xmin::text as x from users where id = any(${ids}::uuid[])`,
      sql<{ x: string }>`select xmin::text as x from sessions where user_id = any(${ids}::uuid[])`,
    ])
      for (const x of await xmins(query)) naming.add(x);
    expect([...written].filter((x) => naming.has(x))).toEqual([]);
    // Each of these answers was written together with at least a batch's worth of others.
    expect(answerTransactions.rows.reduce((n, t) => n + Number(t.n), 0)).toBe(citizens.length);
    for (const t of answerTransactions.rows) expect(Number(t.n)).toBeGreaterThanOrEqual(BATCH);
  });

  it('full batches are written as they fill, in an order that is not the order the answers came in', async () => {
    for (let run = 0; run < 3; run++) {
      const { token, roundId } = await anonymousLink();
      // Whole batches are written as they fill.
      for (let i = 0; i < 20; i++) await answerByLink(token, { heard: String((i % 5) + 1), sharedKnowledge: String(Math.floor(i / 5) + 1) });
      const order = await storedOrder(roundId);
      expect(order).toHaveLength(20);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(order).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
  });

  it('a repeated submission is stored once, also after its first copy was written', async () => {
    const { token, roundId } = await anonymousLink();
    const client = new Client(app.url);
    const key = submissionKey((await client.get(`/q/${token}`)).text);
    const fields = { submissionKey: key, consent: 'yes', ...REQUIRED };
    expect((await client.post(`/q/${token}`, fields)).status).toBe(303);
    expect((await client.post(`/q/${token}`, fields)).status).toBe(303);
    expect(Number((await sql<{ n: string }>`select count(*) as n from answer_queue`.execute(app.deps.db)).rows[0]!.n)).toBe(1);
    await flushAnswerQueue(app.deps, { all: true });
    expect((await client.post(`/q/${token}`, fields)).status).toBe(303);
    expect(Number((await sql<{ n: string }>`select count(*) as n from answer_queue`.execute(app.deps.db)).rows[0]!.n)).toBe(0);
    expect(await storedOrder(roundId)).toHaveLength(1);
  });

  it('the person’s own log says the questions were shown and answered, never what the answers were', async () => {
    const citizen = await signedIn(app, { kind: 'citizen' });
    await checkIn(citizen, await pastMeeting(citizen), { ...REQUIRED, comment: 'Mit eget svar om mødet' });
    const rows = await app.deps.db.selectFrom('audit_log').selectAll().where('subject_user_id', '=', citizen.id).execute();
    expect(rows.map((a) => a.action)).toEqual(expect.arrayContaining(['meeting.check_in_offered', 'meeting.check_in_answered']));
    expect(JSON.stringify(rows)).not.toContain('Mit eget svar');
    const log = await citizen.client.get('/account/log?who=everyone');
    expect(log.text).toContain('Fik vist spørgsmålene efter et møde');
    expect(log.text).toContain('Svarede på det korte tjek efter et møde');
  });

  it('a clean shutdown writes the answers still waiting', async () => {
    // A second server on the same database, stopped the way the process stops it.
    const other = await startServer(loadConfig(app.env), { database: app.database });
    const questionnaireId = (await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', 'after-meeting-check-in').executeTakeFirstOrThrow())
      .id;
    const lone = { distribution_id: null, round_id: null, organisation_id: null, site_id: null, audience: 'citizen' as const, month: '2026-03-01' };
    await enqueueAnswer(app.deps.db, { ...lone, questionnaire_id: questionnaireId, submission_key: 'lone', answers: [] });
    await other.close();
    const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(app.deps.db)).rows[0]!.n);
    expect(await count('answer_queue')).toBe(0);
    expect(await app.deps.db.selectFrom('responses').select('submitted_month').where('submission_key', '=', 'lone').execute()).toHaveLength(1);
  });
});
