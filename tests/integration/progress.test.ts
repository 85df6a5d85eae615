import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { PASSWORD, signedIn, statementOf, type Person } from '../support/fixtures.ts';
import { Client } from '../support/client.ts';

// Between meetings: the citizen marks each decision of a meeting done / under way / not yet with a
// note, rates their own goal (or skips it), sees it across meetings, and the next meeting starts
// from what is not done. That my data carries the rows is checked with every other table in my-data.test.ts.

let app: TestApp;
let citizen: Person;
let other: Person;
let professional: Person;
let firstMeeting: string;
let nextMeeting: string;
let decisionIds: string[];
/** Moves the app's clock, for "a week later". */
let offsetMs = 0;

const local = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString().slice(0, 16);
const DAY = 24 * 3600_000;

async function meeting(person: Person, when: string, statementId?: string): Promise<string> {
  const res = await person.client.post('/meetings', { when, withWhom: 'Frida fra jobcentret', purpose: '', ...(statementId ? { statementId } : {}) });
  return res.location!.match(/\/meetings\/([0-9a-f-]{36})/)![1]!;
}

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date(Date.now() + offsetMs) });
  citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Nanna' });
  other = await signedIn(app, { kind: 'citizen', chosenName: 'Bent' });
  professional = await signedIn(app, { kind: 'staff', role: 'professional' });
  const statementId = await statementOf(app, citizen);
  firstMeeting = await meeting(citizen, local(-14 * DAY), statementId);
  const saved = await citizen.client.post(`/meetings/${firstMeeting}/decisions`, {
    revision: '0',
    'decision.0.what': 'Jeg ringer til kommunen om brevene',
    'decision.0.answer': 'agree',
    'decision.1.what': 'Jeg går en tur hver morgen',
    'decision.1.answer': 'agree',
  });
  expect(saved.status).toBe(303);
  const page = (await citizen.client.get(`/meetings/${firstMeeting}`)).text;
  decisionIds = [...page.matchAll(/name="status\.([0-9a-f-]{36})"/g)].map((m) => m[1]!).filter((v, i, a) => a.indexOf(v) === i);
  nextMeeting = await meeting(citizen, local(7 * DAY));
});
afterAll(() => app?.close());

const marks = () => app.deps.db.selectFrom('decision_progress').selectAll().where('meeting_id', '=', firstMeeting).orderBy('created_at').execute();
const ratings = () => app.deps.db.selectFrom('goal_ratings').selectAll().where('meeting_id', '=', firstMeeting).execute();
const auditRows = (action: string) =>
  app.deps.db.selectFrom('audit_log').select('actor_user_id').where('action', '=', action).where('subject_user_id', '=', citizen.id).execute();

describe(`progress between meetings on ${testDbKind()}`, () => {
  it('offers a question per decision on the meeting page, with the goal rating that can be skipped', async () => {
    expect(decisionIds).toHaveLength(2);
    const page = (await citizen.client.get(`/meetings/${firstMeeting}`)).text;
    expect(page).toContain('Hvordan går det med: Jeg ringer til kommunen om brevene');
    expect(page).toContain('Hvor tæt er du på dit eget mål?');
    expect(page).toMatch(/name="goal" value="skip" checked/);
  });

  it('keeps every mark as a new row, notes sealed, with an audit row; an unchanged form adds nothing', async () => {
    const [call, walk] = decisionIds as [string, string];
    const first = await citizen.client.post(`/meetings/${firstMeeting}/progress`, {
      [`status.${call}`]: 'done',
      [`note.${call}`]: 'Det var lettere end jeg troede',
      [`status.${walk}`]: 'notYet',
      goal: '4',
    });
    expect(first.status).toBe(303);
    expect(await auditRows('decision.progress')).toEqual([{ actor_user_id: citizen.id }]);
    const second = await citizen.client.post(`/meetings/${firstMeeting}/progress`, {
      [`status.${call}`]: 'done',
      [`status.${walk}`]: 'underway',
      goal: 'skip',
    });
    expect(second.status).toBe(303);
    const rows = await marks();
    expect(rows.map((r) => [r.decision_id, r.status])).toEqual([
      [call, 'done'],
      [walk, 'notYet'],
      [walk, 'underway'],
    ]);
    expect(Buffer.from(rows[0]!.note!).toString('latin1')).not.toContain('lettere');
    expect((await ratings()).map((r) => r.score)).toEqual([4]);
    // Sending the same again is no news: no rows, no audit.
    await citizen.client.post(`/meetings/${firstMeeting}/progress`, { [`status.${call}`]: 'done', [`status.${walk}`]: 'underway' });
    expect(await marks()).toHaveLength(3);
    expect(await auditRows('decision.progress')).toHaveLength(2);
    const page = (await citizen.client.get(`/meetings/${firstMeeting}`)).text;
    expect(page).toContain('Det var lettere end jeg troede');
    expect(page).toContain('Sidst svarede du 4 ud af 10.');
    expect(page).toMatch(new RegExp(`name="status\\.${walk}" value="underway" checked`));
  });

  it('answers a bad status, a goal out of range or an unknown decision with 400 and stores nothing', async () => {
    const [call] = decisionIds as [string];
    const bad = await citizen.client.post(`/meetings/${firstMeeting}/progress`, { [`status.${call}`]: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Vælg gjort, i gang eller ikke endnu.');
    expect(bad.text).toContain(`href="#field-status.${call}"`);
    expect((await citizen.client.post(`/meetings/${firstMeeting}/progress`, { goal: '11' })).status).toBe(400);
    expect((await citizen.client.post(`/meetings/${firstMeeting}/progress`, { 'status.not-a-decision': 'done' })).status).toBe(400);
    expect((await citizen.client.post(`/meetings/${firstMeeting}/progress`, { [`note.${call}`]: 'x'.repeat(501), [`status.${call}`]: 'done' })).status).toBe(
      400,
    );
    expect(await marks()).toHaveLength(3);
  });

  it('refuses everyone but the owner', async () => {
    const [call] = decisionIds as [string];
    expect((await other.client.post(`/meetings/${firstMeeting}/progress`, { [`status.${call}`]: 'notYet' })).status).toBe(403);
    expect((await professional.client.post(`/meetings/${firstMeeting}/progress`, { [`status.${call}`]: 'notYet' })).status).toBe(403);
    expect((await citizen.client.post(`/meetings/00000000-0000-4000-8000-000000000000/progress`, { [`status.${call}`]: 'notYet' })).status).toBe(404);
    expect((await professional.client.get('/progress')).status).toBe(403);
    expect(await marks()).toHaveLength(3);
  });

  it('the timeline lists the meetings in time order with where each decision stands and the goal rating', async () => {
    const res = await citizen.client.get('/progress');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Jeg ringer til kommunen om brevene');
    expect(res.text).toMatch(/Jeg går en tur hver morgen\s*<strong class="tag tag--info">I gang<\/strong>/);
    expect(res.text).toContain('4 ud af 10');
    expect(res.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await auditRows('progress.read')).toHaveLength(1);
    // The next meeting has nothing decided yet: it is not on it.
    expect(res.text).not.toContain(`/meetings/${nextMeeting}`);
    const empty = await other.client.get('/progress');
    expect(empty.text).toContain('Når du har haft et møde');
  });

  it('the next meeting starts from what is not done', async () => {
    const page = (await citizen.client.get(`/meetings/${nextMeeting}`)).text;
    const before = page.slice(page.indexOf('id="before"'), page.indexOf('id="on-the-day"'));
    expect(before).toContain('Fra sidste møde');
    expect(before).toContain('Jeg går en tur hver morgen');
    expect(before).toContain('I gang');
    // What is done comes after, under its own heading, so the meeting can start from both.
    expect(before.indexOf('Gjort siden sidst')).toBeGreaterThan(before.indexOf('Jeg går en tur hver morgen'));
    expect(before.slice(before.indexOf('Gjort siden sidst'))).toContain('Jeg ringer til kommunen om brevene');
  });

  it('the first small step from a motivation sheet is marked like a decision and shows on the timeline', async () => {
    const person = await signedIn(app, { kind: 'citizen', chosenName: 'Karl' });
    const template = await app.deps.db
      .selectFrom('sheet_templates')
      .select('id')
      .where('key', '=', 'motivation-goal')
      .where('organisation_id', 'is', null)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const created = await person.client.post('/statements', { purpose: 'Mit mål', templateId: template.id });
    const statementId = created.location!.match(/\/statements\/([0-9a-f-]{36})\//)![1]!;
    const page = await person.client.get(`/statements/${statementId}/write/goal`);
    const revision = page.text.match(/name="revision" value="(\d+)"/)![1]!;
    const saved = await person.client.post(`/statements/${statementId}/write/goal`, {
      revision,
      action: 'next',
      goal: 'at synge i kor igen',
      firstStep: 'at ringe til koret',
    });
    expect(saved.status).toBe(303);
    const past = await meeting(person, local(-DAY), statementId);
    const before = (await person.client.get(`/meetings/${past}`)).text;
    expect(before).toContain('Dit første lille skridt');
    expect(before).toContain('Hvordan går det med: at ringe til koret');
    expect((await person.client.post(`/meetings/${past}/progress`, { 'status.first-step': 'done', 'note.first-step': 'De øver om tirsdagen' })).status).toBe(
      303,
    );
    const timeline = (await person.client.get('/progress')).text;
    expect(timeline).toMatch(/Dit første lille skridt: at ringe til koret\s*<strong class="tag tag--success">Gjort<\/strong>/);
  });

  it('a reminder in the app: set for a week, refused to others and for bad days, on the home page a week later until progress is marked', async () => {
    const reminderOn = () => app.deps.db.selectFrom('meetings').select('progress_reminder_on').where('id', '=', firstMeeting).executeTakeFirstOrThrow();
    expect((await other.client.post(`/meetings/${firstMeeting}/progress-reminder`, { reminderDays: '7' })).status).toBe(403);
    const bad = await citizen.client.post(`/meetings/${firstMeeting}/progress-reminder`, { reminderDays: '3' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Vælg hvornår, eller ingen påmindelse.');
    expect((await reminderOn()).progress_reminder_on).toBeNull();

    const set = await citizen.client.post(`/meetings/${firstMeeting}/progress-reminder`, { reminderDays: '7' });
    expect(set.status).toBe(303);
    const page = (await citizen.client.get(set.location!)).text;
    expect(page).toContain('Din påmindelse er gemt.');
    expect(page).toMatch(/Du bliver mindet om det på din forside \d{1,2}\. \p{L}+ \d{4}\./u);
    expect(await auditRows('progress.reminder')).toHaveLength(1);
    expect((await citizen.client.get('/')).text).not.toContain('Du bad om en påmindelse');

    // A week later: on the home page, with a link to the marks; marking takes it away.
    offsetMs = 7 * DAY;
    try {
      const later = new Client(app.url);
      expect((await later.post('/sign-in', { username: citizen.username, password: PASSWORD })).status).toBe(303);
      const home = (await later.get('/')).text;
      expect(home).toContain('Du bad om en påmindelse: Hvordan går det med det, I besluttede på mødet');
      expect(home).toContain(`href="/meetings/${firstMeeting}#progress"`);
      const [call] = decisionIds as [string];
      expect((await later.post(`/meetings/${firstMeeting}/progress`, { [`status.${call}`]: 'underway' })).status).toBe(303);
      expect((await later.get('/')).text).not.toContain('Du bad om en påmindelse');
      expect((await reminderOn()).progress_reminder_on).toBeNull();
    } finally {
      offsetMs = 0;
    }
    // Taking a reminder away before it comes.
    await citizen.client.post(`/meetings/${firstMeeting}/progress-reminder`, { reminderDays: '14' });
    const removed = await citizen.client.post(`/meetings/${firstMeeting}/progress-reminder`, { reminderDays: '0' });
    expect((await citizen.client.get(removed.location!)).text).toContain('Påmindelsen er fjernet.');
    expect((await reminderOn()).progress_reminder_on).toBeNull();
  });
});
