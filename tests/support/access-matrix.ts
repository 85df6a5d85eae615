import type { TestApp } from './test-app.ts';
import { linkPeer, meetingOf, shareOf, statementOf, suggestionOf, versionOf, type World } from './fixtures.ts';
import { insertTemplate } from '../../src/server/repositories/templates.ts';
import { personalStatement } from '../../src/domain/sheets/builtin-templates.ts';

export type Who = 'anonymous' | 'citizen' | 'peer' | 'professional' | 'coordinator' | 'admin';

export interface MatrixEntry {
  /** Who may use the route on their own objects. */
  allow: 'everyone' | Who[];
  /** The route acts on an object that belongs to someone: check others are refused. */
  objectScoped?: boolean;
  /** Path parameters for the caller's own object ('own') or someone else's ('other'). */
  params: (app: TestApp, world: World, whose: 'own' | 'other') => Promise<Record<string, string>>;
  body?: Record<string, string>;
  /** Send this as a JSON body instead of a form. */
  json?: unknown;
  /** A GET that answers allowed people with something other than 200 by design (a redirect). */
  skipAllowedCheck?: boolean;
}

const none = async () => ({});
const staff: Who[] = ['peer', 'professional', 'coordinator', 'admin'];
const signedIn: Who[] = ['citizen', ...staff];
const fakeToken = async () => ({ token: 'x'.repeat(43) });
const orgOf = async (_app: TestApp, w: World, whose: 'own' | 'other') => ({ orgId: whose === 'own' ? w.orgA.id : w.orgB.id });

const statementParams = async (app: TestApp, w: World, whose: 'own' | 'other') => ({ id: await statementOf(app, whose === 'own' ? w.citizenA : w.citizenB) });
const versionParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const id = await statementOf(app, whose === 'own' ? w.citizenA : w.citizenB);
  return { id, versionId: await versionOf(app, id) };
};
const citizenOnly: Who[] = ['citizen'];
const meetingParams = async (app: TestApp, w: World, whose: 'own' | 'other') => ({ id: await meetingOf(app, whose === 'own' ? w.citizenA : w.citizenB) });
const shareParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const s = await shareOf(app, whose === 'own' ? w.citizenA : w.citizenB);
  return { id: s.meetingId, shareId: s.shareId };
};
/** A share addressed in the app to peerA/professionalA ("own") or to nobody they know ("other"). */
const inboxShare = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  if (whose === 'other') return { shareId: (await shareOf(app, w.citizenB)).shareId };
  return { shareId: (await shareOf(app, w.citizenA, { recipientUsername: w.professionalA.username })).shareId };
};

/** An organisation's own sheet template, stored directly: orgA's ("own") or orgB's ("other"). */
const templateIds = new Map<string, string>();
const orgTemplate = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = templateIds.get(orgId);
  if (!id) {
    id = (await insertTemplate(app.deps.db, { key: 'matrix-sheet', version: 1, organisationId: orgId, definition: { ...personalStatement, key: 'matrix-sheet' }, createdBy: null })).id;
    templateIds.set(orgId, id);
  }
  return { orgId, templateId: id };
};

/** peerA is linked with citizenA ("own"); citizenB is linked only with peerB ("other"). */
const linkedCitizen = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  await linkPeer(app, w.peerA, w.citizenA);
  await linkPeer(app, w.peerB, w.citizenB);
  return { citizenId: whose === 'own' ? w.citizenA.id : w.citizenB.id };
};
const linkedStatement = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  await linkedCitizen(app, w, whose);
  return { id: await statementOf(app, whose === 'own' ? w.citizenA : w.citizenB) };
};
const ownLink = async (app: TestApp, w: World, whose: 'own' | 'other') => ({ linkId: whose === 'own' ? await linkPeer(app, w.peerA, w.citizenA) : await linkPeer(app, w.peerB, w.citizenB) });
const suggestionParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const citizen = whose === 'own' ? w.citizenA : w.citizenB;
  const peer = whose === 'own' ? w.peerA : w.peerB;
  return { id: await statementOf(app, citizen), suggestionId: await suggestionOf(app, peer, citizen) };
};

/** A round made by orgA's coordinator ("own") or orgB's ("other"). */
const roundCache = new Map<string, string>();
const roundParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const coordinator = whose === 'own' ? w.coordinatorA : w.coordinatorB;
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = roundCache.get(orgId);
  if (!id) {
    const res = await coordinator.client.post(`/organisation/${orgId}/rounds`, { title: 'Runde', method: 'Metode', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    id = res.location!.split('/').pop()!;
    roundCache.set(orgId, id);
  }
  return { roundId: id };
};
const pollCache = new Map<string, string>();
const pollParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const coordinator = whose === 'own' ? w.coordinatorA : w.coordinatorB;
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = pollCache.get(orgId);
  if (!id) {
    const res = await coordinator.client.post(`/organisation/${orgId}/polls`, { text: 'Spørgsmål?', options: 'Ja\nNej' });
    id = res.location!.split('/').pop()!;
    pollCache.set(orgId, id);
  }
  return { pollId: id };
};

/** An organisation's own questionnaire, stored directly: orgA's ("own") or orgB's ("other"). */
const questionnaireIds = new Map<string, string>();
const orgQuestionnaire = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = questionnaireIds.get(orgId);
  if (!id) {
    const definition = { key: 'matrix-questionnaire', version: 1, title: { da: 'Matrix', en: 'Matrix' }, intro: { da: 'Intro', en: 'Intro' }, audience: 'citizen', licenceNote: 'CC BY 4.0', items: [{ type: 'yesNo', key: 'ok', text: { da: 'OK?', en: 'OK?' }, required: false }] };
    id = (await app.deps.db.insertInto('questionnaires').values({ organisation_id: orgId, key: 'matrix-questionnaire', version: 1, audience: 'citizen', definition: JSON.stringify(definition) }).returning('id').executeTakeFirstOrThrow()).id;
    questionnaireIds.set(orgId, id);
  }
  return { orgId, questionnaireId: id };
};

/** A practice note written by peerA in orgA ("own") or by peerB in orgB ("other"). */
const practiceNotes = new Map<string, string>();
const practiceNote = async (_app: TestApp, w: World, whose: 'own' | 'other') => {
  const peer = whose === 'own' ? w.peerA : w.peerB;
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = practiceNotes.get(orgId);
  if (!id) {
    const res = await peer.client.post('/practice', { organisationId: orgId, title: 'Matrix note', kind: 'worked', text: 'Something that worked.' });
    id = res.location?.match(/\/practice\/([0-9a-f-]{36})/)?.[1];
    if (!id) throw new Error(`could not post a practice note: ${res.status}`);
    practiceNotes.set(orgId, id);
  }
  return { noteId: id };
};

/** An event published by orgA ("own") or orgB ("other"), stored directly. */
const eventCache = new Map<string, string>();
const eventParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = eventCache.get(orgId);
  if (!id) {
    const starts = new Date(Date.now() + 7 * 24 * 3600_000);
    id = (await app.deps.db.insertInto('network_events').values({ organisation_id: orgId, title: 'Landsmøde', description: '', starts_at: starts, ends_at: new Date(starts.getTime() + 3600_000), place: 'Odense', online_url: null, capacity: 10 }).returning('id').executeTakeFirstOrThrow()).id;
    eventCache.set(orgId, id);
  }
  return { id };
};
/** An event notice for peerA ("own") or peerB ("other"). */
const noticeParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const row = await app.deps.db.insertInto('event_notices').values({ user_id: whose === 'own' ? w.peerA.id : w.peerB.id, kind: 'cancelled', event_id: null, event_title: 'Aflyst', starts_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  return { noticeId: row.id };
};

/** A published guide with a checklist, made directly for orgA ("own") or orgB ("other"). */
const guideCache = new Map<string, string>();
const guideOf = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = guideCache.get(orgId);
  if (!id) {
    id = (await app.deps.db.insertInto('guides').values({ organisation_id: orgId, title: 'Matrix-guide', language: 'da', body: '# Tjek\n- [ ] Et punkt', published_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
    guideCache.set(orgId, id);
  }
  return { orgId, guideId: id };
};
/** A saved note of citizenA ("own") or citizenB ("other"), saved through the app. */
const noteCache = new Map<string, string>();
const noteOf = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const citizen = whose === 'own' ? w.citizenA : w.citizenB;
  let id = noteCache.get(citizen.id);
  if (!id) {
    const { guideId } = await guideOf(app, w, 'own');
    await citizen.client.post(`/guides/${guideId}/notes`, { item: '0' });
    id = (await app.deps.db.selectFrom('guide_notes').select('id').where('citizen_id', '=', citizen.id).executeTakeFirstOrThrow()).id;
    noteCache.set(citizen.id, id);
  }
  return { noteId: id };
};
/** A team self-assessment round of orgA's site ("own") or orgB's ("other"). */
const assessmentCache = new Map<string, string>();
const assessmentOf = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const org = whose === 'own' ? w.orgA : w.orgB;
  let id = assessmentCache.get(org.id);
  if (!id) {
    id = (await app.deps.db.insertInto('assessment_rounds').values({ organisation_id: org.id, site_id: org.siteId, title: 'Matrix-runde', held_on: '2026-01-01', items_version: 'egne-ord-recovery-v1' }).returning('id').executeTakeFirstOrThrow()).id;
    assessmentCache.set(org.id, id);
  }
  return { roundId: id };
};
const team: Who[] = ['peer', 'professional', 'coordinator'];

export const accessMatrix: Record<string, MatrixEntry> = {
  // Peer network: events for peers and staff (not citizens); the directory for peers and coordinators.
  'GET /events': { allow: staff, params: none },
  'GET /events/new': { allow: ['coordinator', 'admin'], params: none },
  'POST /events': { allow: ['coordinator', 'admin'], params: none, body: { title: 'Intruder event' } },
  'POST /events/notices/:noticeId/dismiss': { allow: staff, objectScoped: true, params: noticeParams },
  'GET /events/:id': { allow: staff, params: eventParams },
  'POST /events/:id/signup': { allow: staff, params: eventParams },
  'POST /events/:id/cancel': { allow: staff, params: eventParams },
  'GET /events/:id/event.ics': { allow: staff, params: eventParams },
  'GET /events/:id/attendees.csv': { allow: ['coordinator', 'admin'], objectScoped: true, params: eventParams },
  'POST /events/:id/delete': { allow: ['coordinator', 'admin'], objectScoped: true, params: eventParams },
  'GET /directory': { allow: ['peer', 'coordinator'], params: none },
  'POST /directory/entry': { allow: ['peer'], params: none, body: { helpText: 'Intruder', contact: 'x' } },
  'POST /directory/entry/delete': { allow: ['peer'], params: none },
  // Evaluation: coordinators of the round's organisation (and joined ones, for viewing) and admins.
  'GET /organisation/:orgId/evaluation': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/rounds': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { title: 'Intruder round', startsOn: '2026-01-01', endsOn: '2026-02-01' } },
  'GET /rounds/:roundId': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams },
  'POST /rounds/:roundId/distributions': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, body: { questionnaireId: '00000000-0000-4000-8000-000000000000', mode: 'anonymous' } },
  'GET /rounds/:roundId/report': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams },
  'GET /rounds/:roundId/report.pdf': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /rounds/:roundId/export.csv': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /rounds/:roundId/codebook.csv': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /rounds/:roundId/fhir.json': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /q/:token': { allow: 'everyone', params: fakeToken },
  'POST /q/:token': { allow: 'everyone', params: fakeToken },
  'GET /meetings/:id/check-in': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'POST /meetings/:id/check-in': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { submissionKey: 'k'.repeat(20), consent: 'yes' } },
  'POST /organisation/:orgId/polls': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { text: 'Intruder?', options: 'a\nb' } },
  'GET /polls/:pollId': { allow: ['coordinator', 'admin'], objectScoped: true, params: pollParams },
  'GET /polls/:pollId/results.json': { allow: ['coordinator', 'admin'], objectScoped: true, params: pollParams, skipAllowedCheck: true },
  'POST /polls/:pollId/close': { allow: ['coordinator', 'admin'], objectScoped: true, params: pollParams },
  'GET /p': { allow: 'everyone', params: none },
  'GET /p/:code': { allow: 'everyone', params: async () => ({ code: 'ZZZZZZ' }) },
  'POST /p/:code': { allow: 'everyone', params: async () => ({ code: 'ZZZZZZ' }), body: { option: '0' } },
  // Peer practice: peers see only linked citizens; citizens decide.
  'GET /peer': { allow: ['peer'], params: none },
  'POST /peer/invitations': { allow: ['peer'], params: none, body: { organisationId: '00000000-0000-4000-8000-000000000000' } },
  'GET /peer/citizens/:citizenId': { allow: ['peer'], objectScoped: true, params: linkedCitizen },
  'GET /peer/statements/:id': { allow: ['peer'], objectScoped: true, params: linkedStatement },
  'POST /peer/statements/:id/suggestions': { allow: ['peer'], objectScoped: true, params: linkedStatement, body: { fieldKey: 'whoIAm', text: 'Intruder' } },
  'GET /peer/sessions': { allow: ['peer'], params: none },
  'POST /peer/sessions': { allow: ['peer'], params: none, body: { durationMinutes: '30' } },
  'GET /peer/reflections': { allow: ['peer'], params: none },
  'POST /peer/reflections': { allow: ['peer'], params: none, body: { tried: 'x' } },
  'GET /peer/summary': { allow: ['peer'], params: none },
  'GET /peer/questionnaire': { allow: ['peer'], params: none },
  'POST /peer/questionnaire': { allow: ['peer'], params: none, body: { submissionKey: 'k'.repeat(20) } },
  'GET /link': { allow: citizenOnly, params: none },
  'POST /link': { allow: citizenOnly, params: none, body: { code: 'AAAAAAAA', consent: 'yes', wordingVersion: 'peer-link-v1' } },
  'GET /account/peers': { allow: citizenOnly, params: none },
  'POST /account/peers/:linkId/withdraw': { allow: citizenOnly, objectScoped: true, params: ownLink },
  'GET /statements/:id/suggestions': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'POST /statements/:id/suggestions/:suggestionId': { allow: citizenOnly, objectScoped: true, params: suggestionParams, body: { decision: 'reject' } },
  'GET /statements/:id/authorship': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'POST /statements/together': { allow: citizenOnly, params: none, body: { peerId: '' } },
  'GET /organisation/:orgId/volunteers': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/members/:userId/remove': { allow: ['coordinator', 'admin'], objectScoped: true, params: async (app, w, whose) => ({ orgId: whose === 'own' ? w.orgA.id : w.orgB.id, userId: whose === 'own' ? w.professionalA.id : w.peerB.id }) },
  // Meetings, sharing and follow-ups: only the citizen who owns the meeting.
  'GET /meetings': { allow: citizenOnly, params: none },
  'POST /meetings': { allow: citizenOnly, params: none, body: { when: '2030-01-01T10:00', withWhom: 'x' } },
  'GET /meetings/:id': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'POST /meetings/:id/snapshot': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'GET /meetings/:id/pdf': { allow: citizenOnly, objectScoped: true, params: meetingParams, skipAllowedCheck: true },
  'POST /meetings/:id/shares': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { days: '7' } },
  'POST /meetings/:id/shares/:shareId/pdf': { allow: citizenOnly, objectScoped: true, params: shareParams, body: { token: 'x'.repeat(43) } },
  'POST /meetings/:id/shares/:shareId/revoke': { allow: citizenOnly, objectScoped: true, params: shareParams },
  'POST /meetings/:id/follow-up': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { agreed: 'Intruder' } },
  'GET /meetings/:id/fhir': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'POST /meetings/:id/delete': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  // Share links are capabilities: anyone holding a live token; a made-up token opens nothing.
  'GET /s/:token': { allow: 'everyone', params: fakeToken },
  'GET /s/:token/pdf': { allow: 'everyone', params: fakeToken },
  'POST /s/:token/plan': { allow: 'everyone', params: fakeToken },
  // In-app shares: staff, and only shares addressed to them.
  'GET /shared': { allow: staff, params: none },
  'GET /shared/:shareId': { allow: ['professional'], objectScoped: true, params: inboxShare },
  'GET /shared/:shareId/pdf': { allow: ['professional'], objectScoped: true, params: inboxShare, skipAllowedCheck: true },
  'POST /shared/:shareId/plan': { allow: ['professional'], objectScoped: true, params: inboxShare, body: { text: 'Intruder plan' } },
  // My data.
  'GET /account/data': { allow: citizenOnly, params: none },
  'POST /account/email': { allow: citizenOnly, params: none, body: { email: 'intruder@example.org' } },
  'GET /account/log': { allow: signedIn, params: none },
  'GET /account/export': { allow: citizenOnly, params: none, skipAllowedCheck: true },
  'POST /account/delete': { allow: citizenOnly, params: none, body: { password: 'not the password' } },
  // Statements: only the citizen who owns one.
  'GET /statements': { allow: citizenOnly, params: none },
  'POST /statements': { allow: citizenOnly, params: none, body: { purpose: 'x', templateId: '00000000-0000-4000-8000-000000000000' } },
  'GET /statements/:id/write/:page': { allow: citizenOnly, objectScoped: true, params: async (app, w, whose) => ({ ...(await statementParams(app, w, whose)), page: 'who' }) },
  'POST /statements/:id/write/:page': { allow: citizenOnly, objectScoped: true, params: async (app, w, whose) => ({ ...(await statementParams(app, w, whose)), page: 'who' }), body: { revision: '1', whoIAm: 'Overwritten by an intruder', action: 'next' } },
  'POST /statements/:id/resolve': { allow: citizenOnly, objectScoped: true, params: statementParams, body: { revision: '1', returnPage: 'who', 'choice.whoIAm': 'mine', 'mine.whoIAm': 'Intruder' } },
  'POST /statements/:id/autosave': { allow: citizenOnly, objectScoped: true, params: statementParams, json: { revision: 1, fields: { whoIAm: 'Intruder' } } },
  'GET /statements/:id/pdf': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'GET /statements/:id/versions': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'GET /statements/:id/versions/:versionId': { allow: citizenOnly, objectScoped: true, params: versionParams },
  'POST /statements/:id/versions/:versionId/restore': { allow: citizenOnly, objectScoped: true, params: versionParams },
  'POST /statements/:id/copy': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'GET /statements/:id/delete': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'POST /statements/:id/delete': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'POST /statements/import': { allow: ['anonymous', 'citizen'], params: none, body: { templateKey: 'personal-statement', state: 'bm90LWpzb24' } },

  // Writing without an account: open to everyone, and the server keeps nothing.
  'GET /write': { allow: 'everyone', params: none },
  'GET /write/:template/:page': { allow: 'everyone', params: async () => ({ template: 'personal-statement', page: 'who' }) },
  'POST /write/:template/:page': { allow: 'everyone', params: async () => ({ template: 'personal-statement', page: 'who' }), body: { whoIAm: 'x', action: 'next' } },
  'POST /write/:template/pdf': { allow: 'everyone', params: async () => ({ template: 'personal-statement' }) },
  'POST /write/:template/hints': { allow: 'everyone', params: async () => ({ template: 'personal-statement' }), json: { answers: {} } },
  'GET /healthz': { allow: 'everyone', params: none },
  'GET /readyz': { allow: 'everyone', params: none },
  'GET /metrics': { allow: 'everyone', params: none },
  'GET /': { allow: 'everyone', params: none },
  'GET /sign-up': { allow: 'everyone', params: none },
  'POST /sign-up': { allow: 'everyone', params: none },
  'GET /sign-in': { allow: 'everyone', params: none },
  'POST /sign-in': { allow: 'everyone', params: none },
  // Only a half-signed-in staff member (password given, code not yet) uses these.
  'GET /sign-in/code': { allow: [], params: none },
  'POST /sign-in/code': { allow: [], params: none },
  'POST /sign-out': { allow: 'everyone', params: none },
  'POST /language': { allow: 'everyone', params: none },
  'GET /account': { allow: signedIn, params: none },
  'GET /account/passkeys': { allow: signedIn, params: none },
  'POST /account/passkeys/options': { allow: signedIn, params: none, json: {} },
  'POST /account/passkeys': { allow: signedIn, params: none, json: { challengeId: 'x', response: { id: 'x', rawId: 'x', type: 'public-key' } } },
  'POST /account/passkeys/:id/delete': { allow: signedIn, params: async () => ({ id: 'no-such-passkey' }) },
  'POST /sign-in/passkey/options': { allow: 'everyone', params: none, json: {} },
  'POST /sign-in/passkey': { allow: 'everyone', params: none, json: { challengeId: 'x', response: { id: 'x', rawId: 'x', type: 'public-key' } } },
  'GET /account/second-factor': { allow: staff, params: none },
  'POST /account/second-factor': { allow: staff, params: none },
  'GET /invitation/:token': { allow: 'everyone', params: fakeToken },
  'POST /invitation/:token': { allow: 'everyone', params: fakeToken },
  'GET /organisation': { allow: ['coordinator'], params: none, skipAllowedCheck: true },
  'GET /organisation/:orgId': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/sites': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { name: 'Intruder site' } },
  'POST /organisation/:orgId/invitations': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { role: 'coordinator', siteId: '' } },
  // An organisation's own sheet templates: its coordinators and admins.
  'GET /organisation/:orgId/templates': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'GET /organisation/:orgId/templates/new': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'GET /organisation/:orgId/templates/:templateId/edit': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgTemplate },
  'POST /organisation/:orgId/templates': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { 'title.da': 'Intruder sheet' } },
  // An organisation's own questionnaires (builder): its coordinators and admins.
  'GET /organisation/:orgId/questionnaires/new': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'GET /organisation/:orgId/questionnaires/:questionnaireId/edit': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgQuestionnaire },
  'POST /organisation/:orgId/questionnaires': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { 'title.da': 'Intruder questionnaire' } },
  'GET /admin': { allow: ['admin'], params: none },
  'GET /admin/users': { allow: ['admin'], params: none },
  'POST /admin/users/:userId/disable': { allow: ['admin'], params: async (_app, w) => ({ userId: w.citizenB.id }), body: { enable: '1' } },
  'POST /admin/organisations': { allow: ['admin'], params: none, body: { name: 'Intruder org', kind: 'other' } },
  // Peer network newsletter: anyone signs up; links are capabilities; coordinators and admins write issues.
  'GET /newsletter': { allow: 'everyone', params: none },
  'POST /newsletter': { allow: 'everyone', params: none, body: { address: 'not an address' } },
  'GET /newsletter/confirm/:token': { allow: 'everyone', params: fakeToken },
  'POST /newsletter/confirm/:token': { allow: 'everyone', params: fakeToken },
  'GET /newsletter/unsubscribe/:token': { allow: 'everyone', params: fakeToken },
  'POST /newsletter/unsubscribe/:token': { allow: 'everyone', params: fakeToken },
  'GET /newsletter/issues': { allow: ['coordinator', 'admin'], params: none },
  'POST /newsletter/issues': { allow: ['coordinator', 'admin'], params: none, body: { subject: '', body: '' } },
  // Sharing practice: peers and coordinators of every organisation read and reply; peers post;
  // only a coordinator of the note's organisation hides or shows it.
  'GET /practice': { allow: ['peer', 'coordinator'], params: none },
  'POST /practice': { allow: ['peer'], params: none, body: { organisationId: '00000000-0000-4000-8000-000000000000', title: 'Intruder', kind: 'worked', text: 'Intruder' } },
  'GET /practice/:noteId': { allow: ['peer', 'coordinator'], params: practiceNote },
  'POST /practice/:noteId/comments': { allow: ['peer', 'coordinator'], params: practiceNote, body: { text: 'Intruder' } },
  'POST /practice/:noteId/hide': { allow: ['coordinator'], objectScoped: true, params: practiceNote },
  'POST /practice/:noteId/show': { allow: ['coordinator'], objectScoped: true, params: practiceNote },
  // Guides: published guides for everyone; an organisation's own guides for its coordinators.
  'GET /guides': { allow: 'everyone', params: none },
  'GET /guides/:guideId': { allow: 'everyone', params: guideOf },
  'GET /guides/:guideId/pdf': { allow: 'everyone', params: guideOf },
  'POST /guides/:guideId/notes': { allow: citizenOnly, params: guideOf, body: { item: '0' } },
  'GET /notes': { allow: citizenOnly, params: none },
  'POST /notes/:noteId/done': { allow: citizenOnly, objectScoped: true, params: noteOf, body: { done: 'yes' } },
  'POST /notes/:noteId/remove': { allow: citizenOnly, objectScoped: true, params: noteOf },
  'GET /organisation/:orgId/guides': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/guides': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { title: 'Intruder guide', language: 'da', body: 'x' } },
  'GET /organisation/:orgId/guides/:guideId/edit': { allow: ['coordinator', 'admin'], objectScoped: true, params: guideOf },
  'POST /organisation/:orgId/guides/:guideId': { allow: ['coordinator', 'admin'], objectScoped: true, params: guideOf, body: { title: 'Intruder', language: 'da', body: 'x' } },
  'POST /organisation/:orgId/guides/:guideId/publish': { allow: ['coordinator', 'admin'], objectScoped: true, params: guideOf, body: { publish: 'no' } },
  // Team self-assessment: the organisation's staff; admins may look at the combined result.
  'GET /assessment': { allow: staff, params: none },
  'POST /organisation/:orgId/assessments': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { title: 'Intruder round', heldOn: '2026-01-01', siteId: '00000000-0000-4000-8000-000000000000' } },
  'GET /assessment/:roundId': { allow: staff, objectScoped: true, params: assessmentOf },
  'GET /assessment/:roundId/answer': { allow: team, objectScoped: true, params: assessmentOf },
  'POST /assessment/:roundId/answer': { allow: team, objectScoped: true, params: assessmentOf, body: {} },
  'POST /assessment/:roundId/actions': { allow: team, objectScoped: true, params: assessmentOf, body: { text: 'Intruder action' } },
  'POST /assessment/:roundId/close': { allow: ['coordinator', 'admin'], objectScoped: true, params: assessmentOf, body: { closed: 'yes' } },
};
