import { keepUnsentForm } from '../../src/server/services/kept-forms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, linkPeer, PASSWORD, personalStatementTemplateId, signedIn, type Person, type World } from '../support/fixtures.ts';
import { ZONE, todayIn } from '../../src/domain/time/copenhagen.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';
import { keyedFingerprint } from '../../src/server/services/evaluation/keys.ts';
import { signInFailuresKey } from '../../src/server/services/accounts.ts';
import { insertPasskey } from '../../src/server/repositories/passkeys.ts';
import type { Db } from '../../src/server/db/database.ts';

// "My data" promises everything we hold about the person, and erasure promises that all of it
// goes. Both promises are checked against the schema itself: every column that refers to a
// person (a foreign key to users, or a column named below) belongs to a table that is either in
// the export — the test puts the citizen's data in it and finds that data in the zip — or
// listed here with the reason it is not. A table added later without a decision fails here.

/** Columns that refer to a person without a foreign key to users. */
const NAMED_PERSON_COLUMNS: Record<string, string[]> = {
  users: ['id'],
  // Kept without a foreign key so that the log outlives what it is about; erasure removes the rows.
  audit_log: ['actor_user_id', 'subject_user_id'],
  // The code a person chose for pseudonymous answers.
  responses: ['pseudonym'],
  // A signed-in voter's keyed fingerprint of (poll, account).
  poll_votes: ['voter_hash'],
  // Failed sign-ins are counted under a hash of the username.
  rate_limits: ['key_hash'],
  // A newsletter subscriber, by a hash of the address.
  newsletter_subscribers: ['address_hash'],
  // The erased account's id, kept so that a restore of an older backup erases it again.
  erasure_ledger: ['user_id'],
};

/** Columns whose names sound like a person but that name nobody. */
const NOT_A_PERSON: Record<string, string> = {
  'audit_log.actor_kind': 'the kind of actor (self, link, staff …), not who',
  'decision_record_versions.author_party': 'which side wrote the version (citizen or professional), not who; author_user_id says who',
  'citizen_identities.subject_hash': 'a keyed hash of the id the broker gives; the row is tied to the person by user_id',
  'consent_events.peer_link_id': 'the link the consent was about',
  'peer_link_sheets.peer_link_id': 'the link a chosen sheet belongs to; exported with the link (its sheetIds)',
  'peer_requests.peer_link_id': 'the link an accepted request made',
  'follow_ups.with_peer': 'yes or no',
  'newsletter_issues.recipient_count': 'a number',
  'newsletter_issues.subject': 'the letter’s subject line',
  'notices.subject_id': 'the statement, meeting, share or practice note a notice is about',
  'shares.recipient_label': 'the citizen’s own words for whom she shared with, exported with the share',
  'support_comments.author_name':
    'the name a relative or bisidder wrote under their comment, sealed with the citizen’s key: part of the citizen’s meeting, exported with the comment',
};

interface Who {
  citizenId: string;
  pseudonym: string;
}

type Decision =
  | {
      columns: string[];
      /** Keys of the rows about the citizen (ids, or times where a row has no id of its own). */
      rows: (db: Db, who: Who) => Promise<string[]>;
      /** The same keys, as the export holds them. */
      exported: (data: Export) => string[];
    }
  | { columns: string[]; notExported: string };

const STAFF_ONLY = 'staff only: citizens have no roles, and the policy gives this to staff alone';

const ids = async (db: Db, query: RawBuilder<unknown>) => (await query.execute(db)).rows.map((r) => String((r as { k: unknown }).k));

const DECISIONS: Record<string, Decision> = {
  users: { columns: ['id'], rows: (db, w) => ids(db, sql`select id as k from users where id = ${w.citizenId}`), exported: (d) => [d.account.id] },
  sessions: {
    columns: ['together_with', 'user_id'],
    rows: async (db, w) =>
      (await sql<{ k: Date }>`select created_at as k from sessions where user_id = ${w.citizenId}`.execute(db)).rows.map((r) => new Date(r.k).toISOString()),
    exported: (d) => d.account.signIns.map((s) => s.startedAt),
  },
  kept_forms: {
    columns: ['user_id'],
    rows: (db, w) => ids(db, sql`select id as k from kept_forms where user_id = ${w.citizenId}`),
    exported: (d) => d.account.keptForms.map((k) => k.id),
  },
  erasure_ledger: {
    columns: ['user_id'],
    notExported: 'written only when the account is erased (nothing to export then): the id and the time, no name, so that a restore erases the person again',
  },
  citizen_identities: {
    columns: ['user_id'],
    notExported: 'a keyed hash of the id a MitID broker gives (no name, no CPR number), shown on the account page as a linked login; it goes on erasure',
  },
  staff_identities: { columns: ['user_id'], notExported: STAFF_ONLY },
  notices: {
    columns: ['actor_id', 'recipient_id'],
    notExported:
      'a "what\'s new" pointer without text (a kind, the id of a suggestion\'s statement, a meeting, a share or a practice note, and when it was seen); the things themselves are in the export; notices to and about the person go on erasure',
  },
  oidc_flows: {
    columns: ['user_id'],
    notExported: 'technical: one sign-in round trip to an identity provider, deleted when it returns or after minutes',
  },
  recovery_codes: {
    columns: ['user_id'],
    notExported: 'one-way hashes of one-time codes only the person ever saw; how many are left is on the account page; they go on erasure',
  },
  password_resets: {
    columns: ['user_id'],
    notExported: 'a hash of a one-time link that works for 30 minutes; it goes on erasure',
  },
  idempotency_keys: {
    columns: ['user_id'],
    notExported: 'technical: marks a form as already sent so that a double tap makes one sheet; it holds only the new sheet’s id, and goes on erasure',
  },
  statements: {
    columns: ['owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from statements where owner_id = ${w.citizenId}`),
    exported: (d) => d.statements.map((s) => s.id),
  },
  statement_versions: {
    columns: ['author_id'],
    rows: (db, w) =>
      ids(
        db,
        sql`select v.id as k from statement_versions v join statements s on s.id = v.statement_id where s.owner_id = ${w.citizenId} or v.author_id = ${w.citizenId}`,
      ),
    exported: (d) => d.statements.flatMap((s) => s.versions.map((v) => v.id)),
  },
  meetings: {
    columns: ['owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from meetings where owner_id = ${w.citizenId}`),
    exported: (d) => d.meetings.map((m) => m.id),
  },
  statement_snapshots: {
    columns: ['owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from statement_snapshots where owner_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => m.snapshots.map((s) => s.id)),
  },
  shares: {
    columns: ['owner_id', 'recipient_user_id'],
    rows: (db, w) => ids(db, sql`select id as k from shares where owner_id = ${w.citizenId} or recipient_user_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => m.shares.map((s) => s.id)),
  },
  follow_ups: {
    columns: ['owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from follow_ups where owner_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => (m.followUp ? [m.followUp.id] : [])),
  },
  support_comments: {
    columns: ['author_user_id', 'owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from support_comments where owner_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => m.supportComments.map((c) => c.id)),
  },
  meeting_plans: {
    columns: ['author_user_id', 'owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from meeting_plans where owner_id = ${w.citizenId} or author_user_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => (m.plan ? [m.plan.id] : [])),
  },
  decision_record_versions: {
    columns: ['author_user_id', 'owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from decision_record_versions where owner_id = ${w.citizenId} or author_user_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => m.decisions.map((v) => v.id)),
  },
  decision_progress: {
    columns: ['owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from decision_progress where owner_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => m.progress.flatMap((p) => p.marks.map((x) => x.id))),
  },
  goal_ratings: {
    columns: ['owner_id'],
    rows: (db, w) => ids(db, sql`select id as k from goal_ratings where owner_id = ${w.citizenId}`),
    exported: (d) => d.meetings.flatMap((m) => m.goalRatings.map((r) => r.id)),
  },
  peer_links: {
    columns: ['citizen_id', 'peer_user_id'],
    rows: (db, w) => ids(db, sql`select id as k from peer_links where citizen_id = ${w.citizenId}`),
    exported: (d) => d.consents.links.map((l) => l.id),
  },
  peer_requests: {
    columns: ['citizen_id', 'offered_peer_id'],
    rows: (db, w) => ids(db, sql`select id as k from peer_requests where citizen_id = ${w.citizenId}`),
    exported: (d) => d.consents.requests.map((r) => r.id),
  },
  consent_events: {
    columns: ['citizen_id'],
    rows: (db, w) => ids(db, sql`select id as k from consent_events where citizen_id = ${w.citizenId}`),
    exported: (d) => d.consents.events.map((e) => e.id),
  },
  suggestions: {
    columns: ['author_user_id'],
    rows: (db, w) =>
      ids(
        db,
        sql`select g.id as k from suggestions g join statements s on s.id = g.statement_id where s.owner_id = ${w.citizenId} or g.author_user_id = ${w.citizenId}`,
      ),
    exported: (d) => d.statements.flatMap((s) => s.suggestions.map((g) => g.id)),
  },
  authorship_events: {
    columns: ['author_user_id', 'with_user_id'],
    rows: (db, w) =>
      ids(
        db,
        sql`select a.id as k from authorship_events a join statements s on s.id = a.statement_id
            where s.owner_id = ${w.citizenId} or a.author_user_id = ${w.citizenId} or a.with_user_id = ${w.citizenId}`,
      ),
    exported: (d) => d.statements.flatMap((s) => s.authorship.map((a) => a.id)),
  },
  peer_sessions: {
    columns: ['citizen_id', 'peer_user_id'],
    rows: (db, w) => ids(db, sql`select id as k from peer_sessions where citizen_id = ${w.citizenId}`),
    exported: (d) => d.peerSessions.map((s) => s.id),
  },
  peer_session_comments: {
    columns: ['citizen_id'],
    rows: (db, w) => ids(db, sql`select id as k from peer_session_comments where citizen_id = ${w.citizenId}`),
    exported: (d) => d.peerSessions.flatMap((s) => (s.myComment ? [s.myComment.id] : [])),
  },
  responses: {
    columns: ['pseudonym', 'respondent_user_id'],
    rows: (db, w) => ids(db, sql`select id as k from responses where respondent_user_id = ${w.citizenId} or pseudonym = ${w.pseudonym}`),
    exported: (d) => d.surveyAnswers.map((a) => a.id),
  },
  guide_notes: {
    columns: ['citizen_id'],
    rows: (db, w) => ids(db, sql`select id as k from guide_notes where citizen_id = ${w.citizenId}`),
    exported: (d) => d.notes.map((n) => n.id),
  },
  passkeys: {
    columns: ['user_id'],
    rows: (db, w) => ids(db, sql`select id as k from passkeys where user_id = ${w.citizenId}`),
    exported: (d) => d.account.passkeys.map((p) => p.id),
  },
  audit_log: {
    columns: ['actor_user_id', 'subject_user_id'],
    rows: (db, w) => ids(db, sql`select id as k from audit_log where actor_user_id = ${w.citizenId} or subject_user_id = ${w.citizenId}`),
    exported: (d) => d.accessLog.map((e) => String(e.id)),
  },
  poll_votes: {
    columns: ['voter_hash'],
    rows: (db, w) => ids(db, sql`select poll_id as k from poll_votes where voter_hash = ${voterHashOf(w)}`),
    exported: (d) => d.pollVotes.map((v) => v.pollId),
  },
  webauthn_challenges: { columns: ['user_id'], notExported: 'technical: a one-time challenge while a passkey is added, gone within minutes and on erasure' },
  rate_limits: { columns: ['key_hash'], notExported: 'technical: failed sign-ins counted under a hash of the username for a short window; goes on erasure' },
  newsletter_subscribers: {
    columns: ['address_hash'],
    notExported: 'not tied to an account: anyone subscribes without one, and the link in every letter unsubscribes',
  },
  memberships: { columns: ['user_id'], notExported: STAFF_ONLY },
  staff_invitations: { columns: ['invited_by'], notExported: STAFF_ONLY },
  sheet_templates: { columns: ['created_by'], notExported: STAFF_ONLY },
  peer_invitations: { columns: ['peer_user_id'], notExported: STAFF_ONLY },
  reflections: { columns: ['peer_user_id'], notExported: `${STAFF_ONLY} (a peer's own reflections name no citizen)` },
  learning_groups: { columns: ['created_by'], notExported: `${STAFF_ONLY} (learning groups are for peers and coordinators)` },
  learning_group_members: { columns: ['user_id'], notExported: `${STAFF_ONLY} (learning groups are for peers and coordinators)` },
  reflection_replies: {
    columns: ['author_id'],
    notExported: `${STAFF_ONLY} (replies to a peer's reflection in a learning group; they go with their writer's account)`,
  },
  rounds: { columns: ['created_by'], notExported: STAFF_ONLY },
  round_peers: { columns: ['peer_user_id'], notExported: STAFF_ONLY },
  questionnaires: { columns: ['created_by'], notExported: STAFF_ONLY },
  polls: { columns: ['created_by'], notExported: STAFF_ONLY },
  guides: { columns: ['created_by'], notExported: STAFF_ONLY },
  assessment_rounds: { columns: ['created_by'], notExported: STAFF_ONLY },
  assessment_responses: { columns: ['user_id'], notExported: STAFF_ONLY },
  assessment_actions: { columns: ['author_user_id'], notExported: STAFF_ONLY },
  directory_entries: { columns: ['user_id'], notExported: STAFF_ONLY },
  network_events: { columns: ['created_by'], notExported: STAFF_ONLY },
  event_signups: { columns: ['user_id'], notExported: STAFF_ONLY },
  event_notices: { columns: ['user_id'], notExported: STAFF_ONLY },
  newsletter_issues: { columns: ['sent_by'], notExported: STAFF_ONLY },
  practice_notes: { columns: ['author_id', 'hidden_by'], notExported: STAFF_ONLY },
  practice_comments: { columns: ['author_id'], notExported: STAFF_ONLY },
};

/** Every column of the schema that refers to a person: foreign keys to users, and the named ones. */
async function personColumns(db: Db): Promise<Record<string, string[]>> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = 'public'`.execute(db);
  const present = new Set(columns.rows.map((c) => `${c.table_name}.${c.column_name}`));
  const foreign = await sql<{ table_name: string; column_name: string }>`
    select kcu.table_name, kcu.column_name
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name
    join information_schema.constraint_column_usage ccu on ccu.constraint_schema = tc.constraint_schema and ccu.constraint_name = tc.constraint_name
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public' and ccu.table_name = 'users'`.execute(db);
  const found: Record<string, Set<string>> = {};
  const add = (table: string, column: string) => (found[table] ??= new Set()).add(column);
  for (const f of foreign.rows) add(f.table_name, f.column_name);
  for (const [table, names] of Object.entries(NAMED_PERSON_COLUMNS))
    for (const column of names) {
      // A named column that was renamed or dropped must be named again, not silently forgotten.
      expect(present.has(`${table}.${column}`), `${table}.${column} is named as a person column but does not exist`).toBe(true);
      add(table, column);
    }
  // A column that sounds like a person but has no foreign key is a decision too.
  const soundsLikeAPerson = /(^|_)(user|owner|author|citizen|peer|respondent|actor|subject|recipient|voter|pseudonym)(_|$)|_by$/;
  const unnamed = columns.rows
    .map((c) => `${c.table_name}.${c.column_name}`)
    .filter((name) => soundsLikeAPerson.test(name.split('.')[1]!) && !NOT_A_PERSON[name])
    .filter((name) => !found[name.split('.')[0]!]?.has(name.split('.')[1]!));
  expect(unnamed, 'columns that sound like a person: name them above, or say why they are not').toEqual([]);
  return Object.fromEntries(Object.entries(found).map(([t, s]) => [t, [...s].sort()]));
}

interface Export {
  format: string;
  version: number;
  account: {
    id: string;
    username: string;
    reminderEmail: string | null;
    signIns: { startedAt: string; current: boolean; ended: boolean }[];
    passkeys: { id: string }[];
    keptForms: { id: string }[];
  };
  statements: {
    id: string;
    versions: { id: string }[];
    suggestions: { id: string; text: string; from: string; status: string; finalText: string | null }[];
    authorship: { id: string; kind: string; by: string; with: string }[];
  }[];
  meetings: {
    id: string;
    snapshots: { id: string }[];
    shares: { id: string; views: { action: string }[] }[];
    followUp: { id: string } | null;
    plan: { id: string; text: string; author: string } | null;
    supportComments: { id: string; author: string; text: string }[];
    decisions: { id: string; by: string }[];
    progress: { decisionId: string; marks: { id: string; note: string }[] }[];
    goalRatings: { id: string; score: number }[];
  }[];
  consents: { links: { id: string }[]; events: { id: string }[]; requests: { id: string; wish: string }[] };
  peerSessions: { id: string; day: string; kind: string; themes: string[]; peer: string; myComment: { id: string; text: string } | null }[];
  notesSharedWithMe: { id: string; note: string }[];
  notes: { id: string }[];
  surveyAnswers: { id: string; mode: string; pseudonym: string | null; answers: { item: string; answer: string }[] }[];
  pollVotes: { pollId: string; choice: string }[];
  accessLog: { id: string | number; action: string }[];
}

let app: TestApp;
let world: World;
let citizen: Person;
let peer: Person;
let pollId: string;
let voterHash: string;
const PSEUDONYM = `EKSPORT-${Math.floor(Math.random() * 1e6)}`;
const TEXT = {
  email: 'eja.eksport@example.org',
  written: 'Jeg sover bedst med lys tændt',
  suggestion: 'Forslag fra peer: tal om søvn først',
  peerWish: 'Jeg vil gerne tale med en, der kender nattevagter',
  sharedNote: 'Delt note: Eja vil gerne have ro før mødet',
  privateNote: 'Privat note: Eja virkede træt i dag',
  plan: 'Planen: fast sengetid og en samtale om to uger',
  legacyPlan: 'En gammel plan: ro om aftenen',
  decision: 'Vi besluttede: Eja ringer til kommunen',
  progressNote: 'Mellem møderne: jeg har fundet nummeret',
  sessionComment: 'Min kommentar: forberedelsen hjalp mig',
  identified: 'Svar med navn: mødet var godt',
  pseudonymous: 'Svar med kode: jeg blev hørt',
  anonymous: 'Anonymt svar: det må ingen kunne føre tilbage',
  kept: 'Eja fra Nørrebro, sendt efter hun var logget ud',
};
const voterHashOf = (_w: Who) => voterHash;
const today = () => todayIn(ZONE, new Date());
let dir: string;

beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-my-data-'));
  peer = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Peer Pia' });
  citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Eja' });
  await giveTheCitizenDataEverywhere();
});
afterAll(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ok = (res: { status: number }, ...expected: number[]) => expect(expected.length ? expected : [303]).toContain(res.status);

/** Puts the citizen into every table the export covers, the way people do, through the app. */
async function giveTheCitizenDataEverywhere(): Promise<void> {
  const c = citizen.client;
  ok(await c.post('/account/email', { email: TEXT.email }));
  // A sheet, made with a form key (a double tap makes one sheet), then written in.
  const made = await c.post('/statements', { purpose: 'Til mødet', templateId: await personalStatementTemplateId(app), idempotencyKey: 'my-data-test-key' });
  const statementId = made.location!.match(/\/statements\/([0-9a-f-]{36})\//)![1]!;
  const write = async (fields: Record<string, string | string[]>) => {
    const page = await c.get(`/statements/${statementId}/write/help`);
    const revision = page.text.match(/name="revision" value="(\d+)"/)![1]!;
    ok(await c.post(`/statements/${statementId}/write/help`, { revision, action: 'next', ...fields }));
  };
  await write({ helpWith: [TEXT.written] });
  // A peer link, a suggestion accepted, and writing together at one device.
  await linkPeer(app, peer, citizen);
  // A request for a peer, answered in the app.
  ok(
    await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/peer-offer`, {
      place: 'Huset',
      howToMeet: 'Kom forbi',
      format: 'both',
      published: 'on',
    }),
  );
  ok(await c.post(`/peers/ask/${world.orgA.id}`, { wish: TEXT.peerWish, answerInApp: 'on' }), 201);
  ok(await peer.client.post(`/peer/statements/${statementId}/suggestions`, { fieldKey: 'whoIAm', text: TEXT.suggestion }));
  const suggestion = await app.deps.db.selectFrom('suggestions').select('id').where('statement_id', '=', statementId).executeTakeFirstOrThrow();
  const review = await c.get(`/statements/${statementId}/suggestions`);
  const shown = review.text.match(/name="revision" value="(\d+)"/)![1]!;
  ok(await c.post(`/statements/${statementId}/suggestions/${suggestion.id}`, { decision: 'add', revision: shown }));
  ok(await c.post('/statements/together', { peerId: peer.id, returnTo: '/statements' }));
  await write({ helpWith: [TEXT.written, 'Hjælp med breve'] });
  // A meeting, a link and an in-app share, seen by someone; a plan by a signed-in professional;
  // a follow-up; the sheet frozen again before the meeting (two snapshots).
  const when = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
  const meeting = await c.post('/meetings', { when, withWhom: 'Sagsbehandleren', purpose: 'Opfølgning', statementId });
  const meetingId = meeting.location!.match(/\/meetings\/([0-9a-f-]{36})/)![1]!;
  const shared = await c.post(`/meetings/${meetingId}/shares`, { days: '7', recipientLabel: 'Lægen', recipientUsername: '', allowPlan: 'on' });
  const token = shared.text.match(/\/s\/([A-Za-z0-9_-]{43})/)![1]!;
  ok(
    await c.post(`/meetings/${meetingId}/shares`, { days: '7', recipientLabel: '', recipientUsername: world.professionalA.username, allowPlan: 'on' }),
    200,
    201,
    303,
  );
  ok(await new Client(app.url).get(`/s/${token}`), 200);
  ok(await world.professionalA.client.post(`/s/${token}/plan`, { heard: TEXT.plan, name: 'Lægen' }));
  ok(await c.post(`/meetings/${meetingId}/decisions`, { revision: '1', 'decision.0.what': TEXT.decision, 'decision.0.answer': 'agree' }));
  // Between meetings: the decision marked under way with a note, and the goal rated.
  const decisionId = (await c.get(`/meetings/${meetingId}`)).text.match(/name="status\.([0-9a-f-]{36})"/)![1]!;
  ok(await c.post(`/meetings/${meetingId}/progress`, { [`status.${decisionId}`]: 'underway', [`note.${decisionId}`]: TEXT.progressNote, goal: '6' }));
  // A free-text plan from before decision records: written straight into the table, as the old page did.
  const owner = await app.deps.db.selectFrom('users').select('data_key').where('id', '=', citizen.id).executeTakeFirstOrThrow();
  await app.deps.db
    .insertInto('meeting_plans')
    .values({
      meeting_id: meetingId,
      owner_id: citizen.id,
      share_id: null,
      author_user_id: world.professionalA.id,
      content: app.deps.keyring.sealJson(owner.data_key, { text: TEXT.legacyPlan, author: 'Lægen' }, 'meeting.plan'),
      updated_at: new Date(),
    })
    .execute();
  ok(await c.post(`/meetings/${meetingId}/snapshot`, {}));
  // A support person with the link leaves a comment.
  const support = await c.post(`/meetings/${meetingId}/support`, { supportDays: '7', supportLabel: 'Min bror', allowComment: 'on' });
  const supportToken = support.text.match(/\/b\/([A-Za-z0-9_-]{43})/)![1]!;
  ok(await new Client(app.url).post(`/b/${supportToken}/comment`, { name: 'Bror', body: 'Jeg kommer med.' }));
  ok(await c.post(`/meetings/${meetingId}/follow-up`, { agreed: 'Vi aftalte ro', 'checkIn.heard': '4' }));
  // The peer logs two sessions with the citizen: one note shared with her, one private.
  const session = { organisationId: world.orgA.id, occurredOn: today(), format: 'individual', citizenId: citizen.id, durationMinutes: '40' };
  ok(await peer.client.post('/peer/sessions', { ...session, kind: 'meeting_preparation', themes: ['hope'], note: TEXT.sharedNote, noteShared: 'on' }));
  ok(await peer.client.post('/peer/sessions', { ...session, kind: 'conversation', themes: ['connectedness'], note: TEXT.privateNote }));
  // Her own comment on the first of them.
  const logged = await app.deps.db
    .selectFrom('peer_sessions')
    .select('id')
    .where('citizen_id', '=', citizen.id)
    .where('kind', '=', 'meeting_preparation')
    .executeTakeFirstOrThrow();
  ok(await c.post(`/account/peer-sessions/${logged.id}/comment`, { comment: TEXT.sessionComment }));
  // A form she sent after her sign-in had ended, waiting for her to sign in again.
  await keepUnsentForm(app.deps, { kind: 'anonymous', endedSignInOf: citizen.id }, '/account/name', { chosenName: TEXT.kept });
  // Notes from a guide's checklist.
  const guide = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/guides`, {
    title: 'Tjekliste',
    summary: 'Kort',
    language: 'da',
    body: '# Før mødet\n\n- [ ] Skriv spørgsmål ned\n- [ ] Tag en ven med',
  });
  const guideId = guide.location!.match(/guides\/([0-9a-f-]{36})\/edit/)![1]!;
  ok(await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/guides/${guideId}/publish`, { publish: 'yes' }));
  ok(await c.post(`/guides/${guideId}/notes`, { item: ['0', '1'] }));
  // Survey answers: one with her name, one with a code she chose, one anonymous check-in.
  const round = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/rounds`, {
    title: 'Eksportrunde',
    method: 'Fortællinger',
    startsOn: '2026-01-01',
    endsOn: '2030-12-31',
    siteIds: [world.orgA.siteId],
    peerIds: [peer.id],
  });
  const roundId = round.location!.split('/').pop()!;
  const questionnaireId = (await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', 'after-meeting-check-in').executeTakeFirstOrThrow())
    .id;
  const linkFor = async (mode: string) => {
    const res = await world.coordinatorA.client.post(`/rounds/${roundId}/distributions`, { questionnaireId, mode, siteId: world.orgA.siteId });
    return res.text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]!;
  };
  const required = { heard: '4', sharedKnowledge: '4', sharedPreferences: '3', decidedTogether: '4' };
  const answer = async (action: string, fields: Record<string, string>) => {
    const form = await c.get(action);
    const submissionKey = form.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    ok(await c.post(action, { submissionKey, consent: 'yes', ...required, ...fields }));
  };
  await answer(`/q/${await linkFor('identified')}`, { comment: TEXT.identified });
  await answer(`/q/${await linkFor('pseudonymous')}`, { comment: TEXT.pseudonymous, pseudonym: PSEUDONYM });
  // The check-in is answered on the page of a meeting that has been.
  const past = await c.post('/meetings', { when: new Date(Date.now() - 3600_000).toISOString().slice(0, 16), withWhom: 'Lægen', purpose: '' });
  const pastId = past.location!.match(/\/meetings\/([0-9a-f-]{36})/)![1]!;
  const checkInForm = await c.get(`/meetings/${pastId}`);
  const checkInKey = checkInForm.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
  ok(await c.post(`/meetings/${pastId}/check-in`, { submissionKey: checkInKey, consent: 'yes', ...required, comment: TEXT.anonymous }));
  await flushAnswerQueue(app.deps, { all: true });
  // A vote in a live poll, signed in.
  const poll = await world.coordinatorA.client.post(`/organisation/${world.orgA.id}/polls`, {
    text: 'Hvordan gik dagen?',
    options: 'Godt\nMidt imellem\nSvært',
  });
  pollId = poll.location!.split('/').pop()!;
  const code = (await world.coordinatorA.client.get(`/polls/${pollId}`)).text.match(/koden ([A-Z0-9]{6})/)![1]!;
  ok(await c.post(`/p/${code}`, { option: '2' }));
  voterHash = await keyedFingerprint(app.deps, 'poll-voter', pollId, citizen.id);
  // A passkey (the browser ceremony is tested elsewhere), a passkey challenge, a failed sign-in.
  await insertPasskey(app.deps.db, { id: `pk-${citizen.id}`, userId: citizen.id, publicKey: new Uint8Array([1, 2, 3]), counter: 0, transports: ['internal'] });
  ok(await c.postJson('/account/passkeys/options', {}), 200);
  ok(await new Client(app.url).post('/sign-in', { username: citizen.username, password: 'not the password' }), 200, 400, 401);
  // A sign-in on another device that has ended (unused for longer than the idle limit): its row
  // waits for housekeeping, and until then it is data held about her like any other.
  const elsewhere = new Client(app.url);
  ok(await elsewhere.post('/sign-in', { username: citizen.username, password: PASSWORD }));
  await sql`update sessions set last_seen_at = last_seen_at - interval '3 days'
    where user_id = ${citizen.id} and created_at = (select max(created_at) from sessions where user_id = ${citizen.id})`.execute(app.deps.db);
  expect((await elsewhere.get('/account')).status, 'the other sign-in has ended').not.toBe(200);
}

async function download(client: Client, p: string): Promise<{ status: number; buf: Buffer; type: string | null }> {
  const res = await fetch(app.url + p, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const buf = Buffer.from(await res.arrayBuffer());
  // Making the PDFs keeps this process (and the app in it) busy for seconds, after which the app
  // closes its idle keep-alive connections just as the next request would reuse one: the
  // closing is given a moment to land first (as in evaluation.test.ts).
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { status: res.status, buf, type: res.headers.get('content-type') };
}

/** Unpacks a zip (with Python's zipfile, which knows nothing of ours) into name → text. */
async function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  const at = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(at);
  fs.writeFileSync(path.join(at, 'x.zip'), buf);
  await promisify(execFile)('python3', [
    '-c',
    'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
    path.join(at, 'x.zip'),
    path.join(at, 'files'),
  ]);
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(path.join(at, 'files'), p), fs.readFileSync(p));
    }
  };
  walk(path.join(at, 'files'));
  return files;
}

const who = (): Who => ({ citizenId: citizen.id, pseudonym: PSEUDONYM });

/** The peer's own figures, as their summary page shows them (without how many are linked now). */
async function peerFigures(): Promise<Record<string, string>> {
  const page = (await peer.client.get('/peer/summary')).text;
  const pairs = [...page.matchAll(/<dt>([^<]+)<\/dt><dd>(\d+)<\/dd>/g)].map((m) => [m[1]!, m[2]!]);
  return Object.fromEntries(pairs.filter(([label]) => !/forbund|linked/i.test(label!)));
}

describe(`my data on ${testDbKind()}`, () => {
  it('every table with a column that refers to a person is in the export or listed with the reason it is not', async () => {
    const found = await personColumns(app.deps.db);
    const decided = Object.fromEntries(Object.entries(DECISIONS).map(([t, d]) => [t, [...d.columns].sort()]));
    expect(found).toEqual(decided);
  });

  it('the export holds the citizen’s rows from every covered table, in readable form, with a summary page', async () => {
    const zip = await download(citizen.client, '/account/export');
    expect(zip.status).toBe(200);
    expect(zip.type).toBe('application/zip');
    const files = await unzip(zip.buf);
    const data = JSON.parse(files.get('egne-ord-data.json')!.toString('utf8')) as Export;
    for (const [table, decision] of Object.entries(DECISIONS)) {
      if ('notExported' in decision) continue;
      const rows = await decision.rows(app.deps.db, who());
      expect(rows.length, `the test puts the citizen's data in ${table}`).toBeGreaterThan(0);
      expect(decision.exported(data), `${table} in the export`).toEqual(expect.arrayContaining(rows));
    }
    // Readable, not sealed bytes or ids alone.
    const json = files.get('egne-ord-data.json')!.toString('utf8');
    for (const text of [
      TEXT.email,
      TEXT.written,
      TEXT.suggestion,
      TEXT.sharedNote,
      TEXT.plan,
      TEXT.legacyPlan,
      TEXT.decision,
      TEXT.progressNote,
      TEXT.sessionComment,
      TEXT.identified,
      TEXT.pseudonymous,
      TEXT.peerWish,
      TEXT.kept,
    ])
      expect(json).toContain(text);
    expect(data.account.reminderEmail).toBe(TEXT.email);
    // The sign-in she downloaded from, and the one that ended elsewhere, said so.
    expect(data.account.signIns.map((s) => ({ current: s.current, ended: s.ended }))).toEqual(
      expect.arrayContaining([
        { current: true, ended: false },
        { current: false, ended: true },
      ]),
    );
    expect(data.statements[0]!.suggestions[0]).toMatchObject({ text: TEXT.suggestion, from: 'Peer Pia', status: 'accepted' });
    expect(data.statements[0]!.authorship.map((a) => a.kind)).toEqual(expect.arrayContaining(['wrote', 'suggested', 'accepted', 'wrote_together']));
    expect(data.peerSessions.map((s) => s.kind).sort()).toEqual(['conversation', 'meeting_preparation']);
    expect(data.peerSessions.every((s) => s.peer === 'Peer Pia' && s.day === today())).toBe(true);
    expect(data.surveyAnswers.find((a) => a.mode === 'pseudonymous')?.pseudonym).toBe(PSEUDONYM);
    expect(data.meetings.flatMap((m) => m.shares.flatMap((s) => s.views.map((v) => v.action)))).toContain('share.view');
    // What is not hers to have, or not hers at all: the peer's private note, the anonymous answer.
    expect(json).not.toContain(TEXT.privateNote);
    expect(json).not.toContain(TEXT.anonymous);
    // A summary to read and print, in her language, with the same content.
    const summary = files.get('egne-ord-oversigt.html')?.toString('utf8') ?? '';
    expect(summary).toContain('<html lang="da">');
    for (const text of [
      TEXT.email,
      TEXT.written,
      TEXT.suggestion,
      TEXT.sharedNote,
      TEXT.plan,
      TEXT.legacyPlan,
      TEXT.decision,
      TEXT.progressNote,
      TEXT.sessionComment,
      TEXT.peerWish,
      TEXT.identified,
      TEXT.pseudonymous,
      TEXT.kept,
      'Peer Pia',
    ])
      expect(summary).toContain(text);
    expect(summary).not.toContain(TEXT.privateNote);
    expect(summary).not.toContain(TEXT.anonymous);
    expect(summary).toMatch(/afsluttet; slettes \d+\. \p{L}+ \d{4}/u);
    expect(summary).not.toMatch(/<script/i);
    expect([...files.keys()].some((n) => n.startsWith('statements/') && n.endsWith('.pdf'))).toBe(true);
  });

  it('erasure leaves no row that refers to the citizen; the peer’s figures and the anonymous answer keep counting', async () => {
    const db = app.deps.db;
    const before: Record<string, string[]> = {};
    for (const [table, decision] of Object.entries(DECISIONS)) if (!('notExported' in decision)) before[table] = await decision.rows(db, who());
    const figures = await peerFigures();
    expect(Number(figures['Samtaler'] ?? 0)).toBeGreaterThanOrEqual(2);
    const anonymousAnswers = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from responses where mode = 'anonymous'`.execute(db)).rows[0]!.n);
    const anonymousBefore = await anonymousAnswers();
    const votes = async () => Number((await sql<{ n: string }>`select count(*) as n from poll_votes where poll_id = ${pollId}`.execute(db)).rows[0]!.n);
    const votesBefore = await votes();

    ok(await citizen.client.post('/account/delete', { password: PASSWORD }), 200);

    // No person column holds her id or her hashes any more.
    const personValues: Record<string, string> = {
      'responses.pseudonym': PSEUDONYM,
      'poll_votes.voter_hash': voterHash,
      'rate_limits.key_hash': await signInFailuresKey(app.deps, citizen.username),
    };
    // The one exception, by design: the erasure ledger keeps her id and the time (nothing else),
    // so that a restore of an older backup erases her again.
    const ledger = await db.selectFrom('erasure_ledger').selectAll().where('user_id', '=', citizen.id).execute();
    expect(ledger).toHaveLength(1);
    expect(Object.keys(ledger[0]!).sort()).toEqual(['erased_at', 'user_id']);
    const kept = new Set(['erasure_ledger']);
    for (const [table, columns] of Object.entries(await personColumns(db)))
      for (const column of kept.has(table) ? [] : columns) {
        const value = personValues[`${table}.${column}`] ?? citizen.id;
        const hit = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)}::text = ${value}`.execute(db);
        expect(Number(hit.rows[0]!.n), `${table}.${column}`).toBe(0);
      }
    // Nor does any other column, as text.
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
    for (const { table_name } of tables.rows.filter((t) => !kept.has(t.table_name))) {
      const hit = await sql<{ n: string }>`select count(*) as n from ${sql.table(table_name)} t where t::text like ${`%${citizen.id}%`}`.execute(db);
      expect(Number(hit.rows[0]!.n), table_name).toBe(0);
    }
    // Rows about her that had no column naming her (versions, suggestions, authorship, answers) are gone too.
    for (const table of ['statements', 'statement_versions', 'suggestions', 'authorship_events', 'statement_snapshots', 'responses', 'guide_notes']) {
      const left = await sql<{
        n: string;
      }>`select count(*) as n from ${sql.table(table)} where id::text in (${sql.join(before[table]!.length ? before[table]! : [''])})`.execute(db);
      expect(Number(left.rows[0]!.n), table).toBe(0);
    }
    // The peer's sessions stay, without her and without anything written about her.
    const sessions = await db.selectFrom('peer_sessions').select(['citizen_id', 'note', 'note_shared']).where('id', 'in', before.peer_sessions!).execute();
    expect(sessions).toEqual([
      { citizen_id: null, note: null, note_shared: false },
      { citizen_id: null, note: null, note_shared: false },
    ]);
    const log = (await peer.client.get('/peer/sessions')).text;
    expect(log).not.toContain(TEXT.sharedNote);
    expect(log).not.toContain(TEXT.privateNote);
    expect(await peerFigures()).toEqual(figures);
    // Anonymous answers were never hers on record, and keep counting; her vote counts, unlinked.
    expect(await anonymousAnswers()).toBe(anonymousBefore);
    expect(await votes()).toBe(votesBefore);
    // The anonymous monthly counts took over her sheets and meetings.
    const counts = await db.selectFrom('anonymous_counts').select(['kind', 'n']).execute();
    expect(counts.some((c) => c.kind === 'statement' && c.n >= 1)).toBe(true);
  });
});
