import type { Config } from '../server/config.ts';
import type { OpenDatabase } from '../server/db/database.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { pruneRateLimits } from '../server/repositories/rate-limits.ts';
import { findUserByUsername } from '../server/repositories/users.ts';
import { newestTemplateIdOfKey } from '../server/repositories/templates.ts';
import { latestBuiltinQuestionnaireId } from '../server/repositories/evaluation/questionnaires.ts';
import { flushAnswerQueue } from '../server/services/evaluation/responses.ts';
import { earliestUsableStep, totpAt } from '../server/crypto/totp.ts';
import { ITEMS, THEMES } from '../domain/assessment/items.ts';
import { USER_ITEM_THEMES } from '../domain/assessment/citizens.ts';
import { AFTER_MEETING, RECOVERY_USERS } from '../domain/evaluation/defaults.ts';
import { addDays, todayIn, ZONE } from '../domain/time/copenhagen.ts';
import { Client, type PageResponse } from './http-client.ts';
import { DEMO_TEAM, DEMO_USERNAMES, type DemoRole, type DemoSeed } from './demo.ts';

// The demo filled in the way people would fill it in: through the app's own pages, signed in as
// each demo person, so every row has its audit row and every rule of the app holds for it. Someone
// trying the demo as the coordinator then finds a round with answers and a report, the
// professional a statement shared with them, the peer a linked citizen and conversations.
// `npm run admin -- demo` and `npm run screens` both use it.

/** The team's self-assessment, one level per theme, so the radar has a shape. */
const THEME_LEVEL = [4, 3, 2, 4, 3, 5, 2, 3, 4, 2, 3, 4, 4];
/** What the users say per theme (the same order): lower than the staff on most, higher on one. */
const USER_LEVEL = [2, 3, 3, 3, 2, 3, 2, 4, 2, 3, 2, 2, 3];
const CHECK_IN_ANSWERS = 7;
const RECOVERY_ANSWERS = 6;

export interface DemoLife {
  /** One signed-in session per role (a sign-in code works once, so screenshots borrow these). */
  sessions: Record<DemoRole, Client>;
  /** The citizen's personal statement. */
  statementId: string;
  meetingId: string;
  roundId: string;
  assessmentId: string;
  /** What was made, for the printout. */
  printout: string;
}

function expectStatus(what: string, res: PageResponse, ...ok: number[]): void {
  if (!ok.includes(res.status)) throw new Error(`Filling in the demo stopped at "${what}": the app answered ${res.status}.`);
}

/** A browser session signed in as a demo person, with the earliest sign-in code the app takes. */
async function signInAsDemoPerson(app: RunningServer, username: string, password: string): Promise<Client> {
  const client = new Client(app.url);
  expectStatus(`sign in as ${username}`, await client.post('/sign-in', { username, password }), 303);
  const user = await findUserByUsername(app.deps.db, username);
  if (user?.totp_secret) {
    const secret = Buffer.from(app.deps.keyring.openText(user.data_key, user.totp_secret, 'totp'), 'base64');
    const sendCode = () => client.post('/sign-in/code', { code: totpAt(secret, earliestUsableStep(user.totp_last_step, app.deps.now().getTime())) });
    // The half-minute-old code is two steps old if a step ends while the request is on its way
    // (a busy machine): refused and not used, so the code of the new half-minute is sent instead.
    let signedIn = await sendCode();
    if (signedIn.status !== 303) signedIn = await sendCode();
    expectStatus(`sign-in code for ${username}`, signedIn, 303);
  }
  return client;
}

/** A date counted from today in Danish time, as a form's date field takes it (yyyy-mm-dd). */
function daysFromToday(app: RunningServer, days: number): string {
  return addDays(todayIn(ZONE, app.deps.now()), days);
}

/** The link a new questionnaire distribution shows its coordinator. */
function questionnaireToken(res: PageResponse): string {
  const token = res.text.match(/\/q\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`Filling in the demo stopped at a questionnaire link: the app answered ${res.status}.`);
  return token;
}

/** Answers a questionnaire as a stranger with its link would: a new browser each time. */
async function answer(app: RunningServer, token: string, fields: Record<string, string>): Promise<void> {
  const answerer = new Client(app.url);
  const form = await answerer.get(`/q/${token}`);
  const submissionKey = form.text.match(/name="submissionKey" value="([^"]+)"/)?.[1];
  if (!submissionKey) throw new Error(`Filling in the demo stopped at a questionnaire: the app answered ${form.status}.`);
  expectStatus('an answer', await answerer.post(`/q/${token}`, { submissionKey, consent: 'yes', ...fields }), 303);
}

export async function bringDemoToLife(app: RunningServer, seed: DemoSeed): Promise<DemoLife> {
  const db = app.deps.db;
  const password = seed.password;
  const citizen = await signInAsDemoPerson(app, DEMO_USERNAMES.citizen, password);
  const peer = await signInAsDemoPerson(app, DEMO_USERNAMES.peer, password);
  const professional = await signInAsDemoPerson(app, DEMO_USERNAMES.professional, password);
  const coordinator = await signInAsDemoPerson(app, DEMO_USERNAMES.coordinator, password);
  const admin = await signInAsDemoPerson(app, DEMO_USERNAMES.admin, password);

  // The citizen's personal statement, written page by page as in the browser.
  const templateId = await newestTemplateIdOfKey(db, 'personal-statement', null);
  if (!templateId) throw new Error('The built-in personal statement is missing.');
  const created = await citizen.post('/statements', { purpose: 'Mødet med jobcentret', templateId });
  const statementId = created.location?.match(/\/statements\/([0-9a-f-]{36})\//)?.[1];
  if (!statementId) throw new Error(`Filling in the demo stopped at a new statement: the app answered ${created.status}.`);
  const pages: [string, Record<string, string>][] = [
    ['who', { whoIAm: 'Jeg hedder Alma og er 34 år. Jeg bor i Fjordby med min kat og arbejder på et bibliotek tre dage om ugen.' }],
    ['matters', { matters: 'At jeg kan blive i mit arbejde og have ro om mine morgener. Min søster og mine venner betyder meget for mig.' }],
    [
      'help',
      {
        helpWith: 'At finde en rytme, hvor jeg kan sove om natten\nAt tale med min chef om nedsat tid i en periode',
        soThat: 'Så jeg kan passe mit arbejde og have overskud til mine venner.',
        mustNotPrevent: 'Gå til kor om torsdagen',
      },
    ],
  ];
  for (const [pageId, fields] of pages) {
    const form = await citizen.get(`/statements/${statementId}/write/${pageId}`);
    const revision = form.text.match(/name="revision" value="(\d+)"/)?.[1];
    if (!revision) throw new Error(`Filling in the demo stopped at the statement's page "${pageId}": the app answered ${form.status}.`);
    expectStatus(
      `the statement's page "${pageId}"`,
      await citizen.post(`/statements/${statementId}/write/${pageId}`, { revision, action: 'next', ...fields }),
      303,
    );
  }

  // A meeting in three days with the statement, shared in the app with the professional.
  const meeting = await citizen.post('/meetings', {
    when: `${daysFromToday(app, 3)}T10:00`,
    withWhom: 'Sagsbehandleren på jobcentret',
    purpose: 'Opfølgning på sygemelding',
    statementId,
  });
  const meetingId = meeting.location?.match(/\/meetings\/([0-9a-f-]{36})/)?.[1];
  if (!meetingId) throw new Error(`Filling in the demo stopped at a new meeting: the app answered ${meeting.status}.`);
  expectStatus(
    'sharing the meeting',
    await citizen.post(`/meetings/${meetingId}/shares`, {
      days: '7',
      recipientLabel: 'Dr. Holm',
      recipientUsername: DEMO_USERNAMES.professional,
      allowPlan: 'on',
    }),
    200,
    201,
    303,
  );
  await professional.get('/shared');
  // A decision in the record, so that "Mellem møderne" shows its marks and the reminder.
  expectStatus(
    'a decision',
    await citizen.post(`/meetings/${meetingId}/decisions`, {
      revision: '0',
      'decision.0.what': 'Jeg prøver at gå i seng kl. 23 hver aften i to uger.',
      'decision.0.answer': 'agree',
    }),
    303,
  );

  // The peer and the citizen linked by a code, and a few conversations logged.
  const invitation = await peer.post('/peer/invitations', { organisationId: seed.organisationId });
  const code = invitation.text.match(/<strong class="code">([A-Z0-9]{4}) ([A-Z0-9]{4})<\/strong>/);
  if (!code) throw new Error(`Filling in the demo stopped at the peer's code: the app answered ${invitation.status}.`);
  expectStatus('linking with the peer', await citizen.post('/link', { code: code[1]! + code[2]!, consent: 'yes', wordingVersion: 'peer-link-v1' }), 303);
  const citizenId = (await findUserByUsername(db, DEMO_USERNAMES.citizen))!.id;
  const conversations = [
    { days: -20, minutes: '60', kind: 'meeting_preparation', themes: ['hope', 'empowerment'], withCitizen: true },
    { days: -12, minutes: '45', kind: 'conversation', themes: ['connectedness'], withCitizen: false },
    { days: -6, minutes: '30', kind: 'conversation', themes: ['identity', 'meaning'], withCitizen: false },
    { days: -2, minutes: '50', kind: 'meeting_preparation', themes: ['hope'], withCitizen: true },
  ];
  for (const c of conversations)
    expectStatus(
      'a conversation in the peer log',
      await peer.post('/peer/sessions', {
        organisationId: seed.organisationId,
        occurredOn: daysFromToday(app, c.days),
        durationMinutes: c.minutes,
        format: 'individual',
        kind: c.kind,
        themes: c.themes,
        citizenId: c.withCitizen ? citizenId : '',
        note: '',
      }),
      303,
    );

  // An evaluation round with anonymous answers to the short check-in after a meeting.
  const round = await coordinator.post(`/organisation/${seed.organisationId}/rounds`, {
    title: 'Efteråret 2026',
    method: 'Personlige statements før møder',
    startsOn: daysFromToday(app, -60),
    endsOn: daysFromToday(app, 60),
    siteIds: [seed.clinicId, seed.houseId],
    peerIds: [(await findUserByUsername(db, DEMO_USERNAMES.peer))!.id],
  });
  expectStatus('a new evaluation round', round, 303);
  const roundId = round.location!.split('/').pop()!;
  const checkIn = questionnaireToken(
    await coordinator.post(`/rounds/${roundId}/distributions`, {
      questionnaireId: await latestBuiltinQuestionnaireId(db, AFTER_MEETING.key),
      mode: 'anonymous',
      siteId: seed.houseId,
    }),
  );
  for (let i = 0; i < CHECK_IN_ANSWERS; i++) {
    const score = (base: number) => String(Math.min(5, base + (i % 3)));
    await answer(app, checkIn, { heard: score(3), tookPart: score(3), sharedKnowledge: score(2), sharedPreferences: score(3), decidedTogether: score(2) });
  }
  // Users of the house answer the recovery questionnaire around one level per theme, a step apart
  // as people do: answers all alike would be hidden in the report and beside the radar alike.
  const recovery = questionnaireToken(
    await coordinator.post(`/rounds/${roundId}/distributions`, {
      questionnaireId: await latestBuiltinQuestionnaireId(db, RECOVERY_USERS.key),
      mode: 'anonymous',
      siteId: seed.houseId,
    }),
  );
  const recoveryAnswers = (i: number) =>
    Object.fromEntries(
      RECOVERY_USERS.items.map((item) => {
        const level = USER_LEVEL[THEMES.indexOf(USER_ITEM_THEMES[item.key]!)]!;
        return [item.key, String(Math.min(5, Math.max(1, level + (i % 3) - 1)))];
      }),
    );
  for (let i = 0; i < RECOVERY_ANSWERS; i++) await answer(app, recovery, recoveryAnswers(i));
  // Anonymous answers wait in a queue until a batch is full; the demo's few are written now.
  await flushAnswerQueue(app.deps, { all: true });

  // A team self-assessment answered by six of the staff: the radar shows from five.
  const assessment = await coordinator.post(`/organisation/${seed.organisationId}/assessments`, {
    siteId: seed.houseId,
    title: 'Forår 2026',
    heldOn: daysFromToday(app, -1),
  });
  expectStatus('a team self-assessment', assessment, 303);
  const assessmentId = assessment.location!.match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
  const team = [peer, professional, coordinator];
  for (const person of DEMO_TEAM) team.push(await signInAsDemoPerson(app, person.username, password));
  for (const [n, member] of team.entries()) {
    // Each theme its own level, so the radar has a shape: strong on some themes, weak on others.
    const answers = Object.fromEntries(ITEMS.map((item) => [item.key, String(Math.min(5, THEME_LEVEL[THEMES.indexOf(item.theme)]! + (n % 2)))]));
    expectStatus('an answer to the self-assessment', await member.post(`/assessment/${assessmentId}/answer`, answers), 303);
  }
  // The radar is drawn once the assessment is closed (before that, single answers could be worked out).
  expectStatus('closing the self-assessment', await coordinator.post(`/assessment/${assessmentId}/close`, { confirm: 'yes' }), 303);
  for (const member of team.slice(3)) await signOut(member);

  const printout = [
    'Done. What the demo people have done:',
    `  demo-borger       a personal statement, a meeting in three days shared with Dr. Holm, a decision`,
    `  demo-peer         linked with Alma, ${conversations.length} conversations in the peer log`,
    `  demo-koordinator  the evaluation round "Efteråret 2026" with ${CHECK_IN_ANSWERS + RECOVERY_ANSWERS} anonymous answers and its report,`,
    `                    a team self-assessment answered by ${team.length} of the staff`,
    '',
  ].join('\n');
  return { sessions: { citizen, peer, professional, coordinator, admin }, statementId, meetingId, roundId, assessmentId, printout };
}

async function signOut(client: Client): Promise<void> {
  expectStatus('signing out', await client.post('/sign-out', {}), 303);
}

/**
 * `npm run admin -- demo`: fills the just-seeded demo in through the app itself, served for the
 * moment on a loopback port on the database the command has open (the embedded database allows
 * one process). Leaves nobody signed in and no rate-limit counts from the filling, which would
 * otherwise hold back the first person trying the demo on this machine. Returns the printout.
 */
export async function fillInDemo(installation: { config: Config; database: OpenDatabase; now?: () => Date }, seed: DemoSeed): Promise<string> {
  const { config, database, now } = installation;
  const app = await startServer({ ...config, PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, { database, ...(now ? { now } : {}) });
  try {
    const life = await bringDemoToLife(app, seed);
    // Filling it in leaves nobody signed in (the team's three further peers are signed out above).
    for (const client of Object.values(life.sessions)) await signOut(client);
    // Eight sign-ins and thirteen questionnaire answers from this address were counted.
    await pruneRateLimits(app.deps.db, new Date(app.deps.now().getTime() + 1000));
    return life.printout;
  } finally {
    await app.close();
  }
}
