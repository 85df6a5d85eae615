// `npm run screens`: screenshots of the key pages of every role, at a phone's and a ward PC's
// width, into docs/screens/. It starts the app on a fresh in-memory PGlite with the demo
// accounts (src/cli/demo.ts), gives them a little life through the app's own forms (a
// personal statement, a meeting shared with the professional, a peer link and conversations,
// an evaluation round with answers, a team self-assessment), then signs in as each demo person
// in Debian's Chromium and saves one PNG per page and width. Re-run it after changing a page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../src/server/config.ts';
import { startServer, type RunningServer } from '../src/server/server.ts';
import { seedDemo } from '../src/cli/demo.ts';
import { findUserByUsername } from '../src/server/repositories/users.ts';
import { currentStep, totpAt } from '../src/server/crypto/totp.ts';
import { provisionUser } from '../src/server/services/provisioning.ts';
import { flushAnswerQueue } from '../src/server/services/evaluation/responses.ts';
import { ITEMS, THEMES } from '../src/domain/assessment/items.ts';
import { USER_ITEM_THEMES } from '../src/domain/assessment/citizens.ts';
import { RECOVERY_USERS } from '../src/domain/evaluation/defaults.ts';
import { todayIn, ZONE } from '../src/domain/time/copenhagen.ts';
import { Client } from '../tests/support/client.ts';
import { launchBrowser } from '../tests/support/browser.ts';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screens');
const WIDTHS = [390, 1280] as const;
/** Long pages are cut here: the top of a page is what these pictures are for. */
const MAX_HEIGHT = 2400;
const PASSWORD = 'demo-adgangskode';
const THEME_LEVEL = [4, 3, 2, 4, 3, 5, 2, 3, 4, 2, 3, 4, 4];
/** What the users say per theme (the same order): lower than the staff on most, higher on one. */
const USER_LEVEL = [2, 3, 3, 3, 2, 3, 2, 4, 2, 3, 2, 2, 3];

type Role = 'citizen' | 'peer' | 'professional' | 'coordinator' | 'admin';
const USERNAMES: Record<Role, string> = {
  citizen: 'demo-borger',
  peer: 'demo-peer',
  professional: 'demo-fagperson',
  coordinator: 'demo-koordinator',
  admin: 'demo-admin',
};

async function totpFor(app: RunningServer, username: string): Promise<string | null> {
  const user = await findUserByUsername(app.deps.db, username);
  if (!user?.totp_secret) return null;
  const secret = Buffer.from(app.deps.keyring.openText(user.data_key, user.totp_secret, 'totp'), 'base64');
  return totpAt(secret, currentStep());
}

function expectStatus(what: string, res: { status: number; location: string | null }, ...ok: number[]): void {
  if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${res.location ?? ''}`);
}

/** An HTTP client signed in as a demo person (second factor included), for making data. */
async function clientFor(app: RunningServer, username: string): Promise<Client> {
  const client = new Client(app.url);
  expectStatus(`sign in ${username}`, await client.post('/sign-in', { username, password: PASSWORD }), 303);
  const code = await totpFor(app, username);
  if (code) expectStatus(`code ${username}`, await client.post('/sign-in/code', { code }), 303);
  return client;
}

function daysFromToday(app: RunningServer, days: number): string {
  const d = new Date(`${todayIn(ZONE, app.deps.now())}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface Made {
  /** One signed-in session per role: a sign-in code works once, so the browser borrows these. */
  sessions: Record<Role, Client>;
  meetingId: string;
  roundId: string;
  assessmentId: string;
}

async function makeData(app: RunningServer): Promise<Made> {
  const db = app.deps.db;
  const org = await db.selectFrom('organisations').select('id').where('is_demo', '=', true).executeTakeFirstOrThrow();
  const sites = await db.selectFrom('sites').select(['id', 'name']).where('organisation_id', '=', org.id).execute();
  const house = sites.find((s) => s.name.includes('Lyngen'))!;
  const citizen = await clientFor(app, USERNAMES.citizen);
  const peer = await clientFor(app, USERNAMES.peer);
  const professional = await clientFor(app, USERNAMES.professional);
  const coordinator = await clientFor(app, USERNAMES.coordinator);

  // The citizen's personal statement, written page by page as in the browser.
  const template = await db
    .selectFrom('sheet_templates')
    .select('id')
    .where('key', '=', 'personal-statement')
    .where('organisation_id', 'is', null)
    .executeTakeFirstOrThrow();
  const created = await citizen.post('/statements', { purpose: 'Mødet med jobcentret', templateId: template.id });
  const statementId = created.location?.match(/\/statements\/([0-9a-f-]{36})\//)?.[1];
  if (!statementId) throw new Error(`could not create a statement: ${created.status}`);
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
    if (!revision) throw new Error(`no revision on ${pageId}: ${form.status}`);
    expectStatus(`write ${pageId}`, await citizen.post(`/statements/${statementId}/write/${pageId}`, { revision, action: 'next', ...fields }), 303);
  }

  // A meeting in three days with the statement, shared in the app with the professional.
  const when = `${daysFromToday(app, 3)}T10:00`;
  const meeting = await citizen.post('/meetings', { when, withWhom: 'Sagsbehandleren på jobcentret', purpose: 'Opfølgning på sygemelding', statementId });
  const meetingId = meeting.location?.match(/\/meetings\/([0-9a-f-]{36})/)?.[1];
  if (!meetingId) throw new Error(`could not create a meeting: ${meeting.status}`);
  const share = await citizen.post(`/meetings/${meetingId}/shares`, {
    days: '7',
    recipientLabel: 'Dr. Holm',
    recipientUsername: USERNAMES.professional,
    allowPlan: 'on',
  });
  expectStatus('share', share, 200, 201, 303);
  await professional.get('/shared');
  // A decision in the record, so that "Mellem møderne" shows its marks and the reminder.
  const decided = await citizen.post(`/meetings/${meetingId}/decisions`, {
    revision: '0',
    'decision.0.what': 'Jeg prøver at gå i seng kl. 23 hver aften i to uger.',
    'decision.0.answer': 'agree',
  });
  expectStatus('decision', decided, 303);

  // The peer and the citizen linked by a code, and a few conversations logged.
  const invitation = await peer.post('/peer/invitations', { organisationId: org.id });
  const code = invitation.text.match(/<strong class="code">([A-Z0-9]{4}) ([A-Z0-9]{4})<\/strong>/);
  if (!code) throw new Error(`no peer code: ${invitation.status}`);
  expectStatus('link', await citizen.post('/link', { code: code[1]! + code[2]!, consent: 'yes', wordingVersion: 'peer-link-v1' }), 303);
  const citizenId = (await findUserByUsername(db, USERNAMES.citizen))!.id;
  const sessions: { days: number; minutes: string; kind: string; themes: string[]; withCitizen: boolean }[] = [
    { days: -20, minutes: '60', kind: 'meeting_preparation', themes: ['hope', 'empowerment'], withCitizen: true },
    { days: -12, minutes: '45', kind: 'conversation', themes: ['connectedness'], withCitizen: false },
    { days: -6, minutes: '30', kind: 'conversation', themes: ['identity', 'meaning'], withCitizen: false },
    { days: -2, minutes: '50', kind: 'meeting_preparation', themes: ['hope'], withCitizen: true },
  ];
  for (const s of sessions)
    expectStatus(
      'session',
      await peer.post('/peer/sessions', {
        organisationId: org.id,
        occurredOn: daysFromToday(app, s.days),
        durationMinutes: s.minutes,
        format: 'individual',
        kind: s.kind,
        themes: s.themes,
        citizenId: s.withCitizen ? citizenId : '',
        note: '',
      }),
      303,
    );

  // An evaluation round with seven anonymous answers to the short check-in after a meeting.
  const round = await coordinator.post(`/organisation/${org.id}/rounds`, {
    title: 'Efteråret 2026',
    method: 'Personlige statements før møder',
    startsOn: daysFromToday(app, -60),
    endsOn: daysFromToday(app, 60),
    siteIds: sites.map((s) => s.id),
    peerIds: [(await findUserByUsername(db, USERNAMES.peer))!.id],
  });
  expectStatus('round', round, 303);
  const roundId = round.location!.split('/').pop()!;
  const questionnaire = await db.selectFrom('questionnaires').select('id').where('key', '=', 'after-meeting-check-in').executeTakeFirstOrThrow();
  const distribution = await coordinator.post(`/rounds/${roundId}/distributions`, { questionnaireId: questionnaire.id, mode: 'anonymous', siteId: house.id });
  const token = distribution.text.match(/\/q\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no questionnaire link: ${distribution.status}`);
  for (let i = 0; i < 7; i++) {
    const answerer = new Client(app.url);
    const form = await answerer.get(`/q/${token}`);
    const submissionKey = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    const score = (base: number) => String(Math.min(5, base + (i % 3)));
    expectStatus(
      'answer',
      await answerer.post(`/q/${token}`, {
        submissionKey,
        consent: 'yes',
        heard: score(3),
        tookPart: score(3),
        sharedKnowledge: score(2),
        sharedPreferences: score(3),
        decidedTogether: score(2),
      }),
      303,
    );
  }
  // Six users of the house answer the recovery questionnaire alike, so the release shows every theme.
  const usersQ = await db.selectFrom('questionnaires').select('id').where('key', '=', RECOVERY_USERS.key).executeTakeFirstOrThrow();
  const usersLink = await coordinator.post(`/rounds/${roundId}/distributions`, { questionnaireId: usersQ.id, mode: 'anonymous', siteId: house.id });
  const usersToken = usersLink.text.match(/\/q\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!usersToken) throw new Error(`no questionnaire link: ${usersLink.status}`);
  for (let i = 0; i < 6; i++) {
    const answerer = new Client(app.url);
    const form = await answerer.get(`/q/${usersToken}`);
    const submissionKey = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    const fields = Object.fromEntries(RECOVERY_USERS.items.map((item) => [item.key, String(USER_LEVEL[THEMES.indexOf(USER_ITEM_THEMES[item.key]!)]!)]));
    expectStatus('users answer', await answerer.post(`/q/${usersToken}`, { submissionKey, consent: 'yes', ...fields }), 303);
  }
  await flushAnswerQueue(app.deps, { all: true });

  // A team self-assessment answered by six of the staff: the radar shows from five.
  const assessment = await coordinator.post(`/organisation/${org.id}/assessments`, { siteId: house.id, title: 'Forår 2026', heldOn: daysFromToday(app, -1) });
  expectStatus('assessment', assessment, 303);
  const assessmentId = assessment.location!.match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
  const team = [peer, professional, coordinator];
  for (const name of ['Karl (demo)', 'Lone (demo)', 'Mads (demo)']) {
    const username = `demo-${name.split(' ')[0]!.toLowerCase()}`;
    await provisionUser(app.deps, {
      username,
      chosenName: name,
      password: PASSWORD,
      kind: 'staff',
      withTotp: true,
      memberships: [{ organisationId: org.id, siteId: house.id, role: 'peer' }],
    });
    team.push(await clientFor(app, username));
  }
  for (const [n, member] of team.entries()) {
    // Each theme its own level, so the radar has a shape: strong on some themes, weak on others.
    const answers = Object.fromEntries(ITEMS.map((item) => [item.key, String(Math.min(5, THEME_LEVEL[THEMES.indexOf(item.theme)]! + (n % 2)))]));
    expectStatus('assessment answer', await member.post(`/assessment/${assessmentId}/answer`, answers), 303);
  }
  const admin = await clientFor(app, USERNAMES.admin);
  // The radar is drawn once the round is closed (before that, single answers could be worked out).
  expectStatus('close assessment', await coordinator.post(`/assessment/${assessmentId}/close`, {}), 303);
  return { sessions: { citizen, peer, professional, coordinator, admin }, meetingId, roundId, assessmentId };
}

async function browserPage(browser: Browser, app: RunningServer, session: Client | null, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'da-DK', serviceWorkers: 'block' });
  const { hostname } = new URL(app.url);
  if (session)
    await context.addCookies(
      [...session.cookies].map(([name, value]) => ({
        name,
        value,
        domain: hostname,
        path: '/',
        secure: name.startsWith('__Host-'),
        httpOnly: true,
        sameSite: 'Lax' as const,
      })),
    );
  return context.newPage();
}

/** A whole page, or — with `part` — one section of a long page (the cap would cut it off). */
async function shoot(page: Page, url: string, file: string, width: number, part?: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || response.status() >= 400) throw new Error(`${url} answered ${response?.status()}`);
  const height = await page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight,
  );
  await page.setViewportSize({ width, height: Math.min(height, MAX_HEIGHT) });
  // A page that moves the focus to an error summary scrolls: the picture starts at the top.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  if (part) await page.locator(part).screenshot({ path: path.join(OUT, `${file}-${width}.png`), animations: 'disabled', caret: 'hide' });
  else await page.screenshot({ path: path.join(OUT, `${file}-${width}.png`), animations: 'disabled', caret: 'hide' });
  await page.setViewportSize({ width, height: 900 });
  console.log(`  ${file}-${width}.png  ${url.replace(/^https?:\/\/[^/]+/, '')}`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-screens-'));
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  DATA_KEY: crypto.randomBytes(32).toString('base64'),
  TOKEN_LIMIT_PER_ADDRESS: '1000',
});
const app = await startServer(config, { inMemory: true });
// The same Debian Chromium, with the same offline flags, as the browser tests.
const browser = await launchBrowser();
try {
  await seedDemo({ db: app.deps.db, keyring: app.deps.keyring });
  const made = await makeData(app);
  fs.mkdirSync(OUT, { recursive: true });
  // `SCREENS_ONLY=assessment-radar,peer-home` shoots those pages only and leaves the others.
  const only = process.env['SCREENS_ONLY']?.split(',').filter(Boolean) ?? [];
  if (only.length === 0) for (const file of fs.readdirSync(OUT)) if (file.endsWith('.png')) fs.rmSync(path.join(OUT, file));
  const allShots: { role: Role | null; file: string; path: string; part?: string }[] = [
    { role: null, file: 'design', path: '/design' },
    { role: 'citizen', file: 'citizen-home', path: '/' },
    { role: 'citizen', file: 'citizen-meeting', path: `/meetings/${made.meetingId}` },
    { role: 'citizen', file: 'citizen-meeting-after', path: `/meetings/${made.meetingId}?after=1`, part: '#after' },
    { role: 'citizen', file: 'citizen-peers', path: '/account/peers' },
    { role: 'citizen', file: 'citizen-peer-sessions', path: '/account/peer-sessions' },
    { role: null, file: 'find-peer', path: '/peers' },
    { role: 'peer', file: 'peer-home', path: '/' },
    { role: 'peer', file: 'peer-overview', path: '/peer' },
    { role: 'peer', file: 'peer-summary', path: '/peer/summary' },
    { role: 'peer', file: 'assessment-radar', path: `/assessment/${made.assessmentId}` },
    { role: 'peer', file: 'learning-groups', path: '/groups' },
    { role: 'peer', file: 'conversation-guide', path: '/peer/guide' },
    { role: 'professional', file: 'professional-home', path: '/' },
    { role: 'coordinator', file: 'coordinator-home', path: '/' },
    { role: 'coordinator', file: 'evaluation-report', path: `/rounds/${made.roundId}/report` },
    { role: 'admin', file: 'admin-home', path: '/' },
  ];
  const shots = only.length ? allShots.filter((s) => only.includes(s.file)) : allShots;
  for (const width of WIDTHS) {
    const pages = new Map<Role | null, Page>();
    for (const shot of shots) {
      let page = pages.get(shot.role);
      if (!page) {
        page = await browserPage(browser, app, shot.role ? made.sessions[shot.role] : null, width);
        pages.set(shot.role, page);
      }
      await shoot(page, `${app.url}${shot.path}`, shot.file, width, shot.part);
    }
    // The component page in English too: the language switch is a form on every page.
    const anonymous = pages.get(null);
    if (!anonymous) {
      for (const page of pages.values()) await page.context().close();
      continue;
    }
    await anonymous.goto(`${app.url}/design`);
    await anonymous.locator('form[action="/language"] button').click();
    await anonymous.waitForLoadState('load');
    await shoot(anonymous, `${app.url}/design`, 'design-en', width);
    for (const page of pages.values()) await page.context().close();
  }
  console.log(`Screenshots in ${path.relative(process.cwd(), OUT)}/`);
} finally {
  await browser.close();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
