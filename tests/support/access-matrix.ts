import crypto from 'node:crypto';
import type { TestApp } from './test-app.ts';
import { Client, uniqueName } from './client.ts';
import {
  linkPeer,
  meetingOf,
  newStatementOf,
  PASSWORD,
  peerCode,
  peerQuestionnaireAnswers,
  personalStatementTemplateId,
  shareOf,
  signedIn as signIn,
  statementOf,
  suggestionOf,
  versionOf,
  type Person,
  type World,
} from './fixtures.ts';
import { softPasskey } from './webauthn.ts';
import { insertTemplate } from '../../src/server/repositories/templates.ts';
import { personalStatement } from '../../src/domain/sheets/builtin-templates.ts';
import { ITEMS } from '../../src/domain/assessment/items.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';
import { hashToken } from '../../src/server/crypto/tokens.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';
import { keepUnsentForm } from '../../src/server/services/kept-forms.ts';
import { saveOffer as saveOfferRow } from '../../src/server/repositories/peer-requests.ts';
import { saveIdentityProvider } from '../../src/server/repositories/identity-providers.ts';

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
  /** For a POST: a request that must succeed for each allowed role (2xx or a redirect that is
   * not to sign-in), built on real objects; fresh ones where the POST uses its object up.
   * Without it, the entry's own params ('own') and body must already be valid. */
  valid?: (app: TestApp, world: World, person: Person | null) => Promise<Attempt>;
  /** For a POST that nobody can make valid in an integration test: why. */
  noValidCase?: string;
}

export interface Attempt {
  /** Send as someone else of the same role (a fresh person when the POST uses the person up). */
  as?: Client;
  params?: Record<string, string>;
  body?: Record<string, string | string[]>;
  json?: unknown;
  /** Where a successful POST sends the person when that is sign-in or the second-factor set-up. */
  lands?: string;
}

const none = async () => ({});
const staff: Who[] = ['peer', 'professional', 'coordinator', 'admin'];
const signedIn: Who[] = ['citizen', ...staff];
const fakeToken = async () => ({ token: 'x'.repeat(43) });
/** A form kept for the person after their sign-in ended, sent to an address anyone signed in may use. */
const keptFormOf = async (app: TestApp, userId: string): Promise<string> => {
  const id = await keepUnsentForm(app.deps, { kind: 'anonymous', endedSignInOf: userId }, '/notices/seen', {});
  if (!id) throw new Error('no kept form');
  return id;
};
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
    id = (
      await insertTemplate(app.deps.db, {
        key: 'matrix-sheet',
        version: 1,
        organisationId: orgId,
        definition: { ...personalStatement, key: 'matrix-sheet' },
        createdBy: null,
      })
    ).id;
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
const ownLink = async (app: TestApp, w: World, whose: 'own' | 'other') => ({
  linkId: whose === 'own' ? await linkPeer(app, w.peerA, w.citizenA) : await linkPeer(app, w.peerB, w.citizenB),
});
/** A published offer of peers from orgA and orgB (the public page lists them). */
const offerOrg = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  for (const orgId of [w.orgA.id, w.orgB.id])
    await saveOfferRow(app.deps.db, { organisationId: orgId, place: 'Værestedet', howToMeet: 'Kom forbi', format: 'both', published: true, now: new Date() });
  return { orgId: whose === 'own' ? w.orgA.id : w.orgB.id };
};

/** A request for a peer to the organisation, by a signed-in citizen (its id) or without an account (its token); offered a peer when one is given. */
async function peerRequestOf(app: TestApp, w: World, o: { asker: Person | null; orgId: string; offer?: { coordinator: Person; peer: Person } }) {
  await offerOrg(app, w, 'own');
  const client = o.asker?.client ?? new Client(app.url);
  const res = await client.post(`/peers/ask/${o.orgId}`, { wish: 'Jeg vil gerne tale med en, der har prøvet det', contactName: 'Kim' });
  if (res.status !== 201) throw new Error(`could not ask for a peer: ${res.status}`);
  const token = res.text.match(/\/peers\/answer\/([A-Za-z0-9_-]{43})/)?.[1];
  const row = await app.deps.db
    .selectFrom('peer_requests')
    .select('id')
    .where('organisation_id', '=', o.orgId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  if (o.offer) {
    const offered = await o.offer.coordinator.client.post(`/organisation/${o.orgId}/peer-requests/${row.id}/offer`, { peerId: o.offer.peer.id });
    if (offered.status !== 303) throw new Error(`could not offer a peer: ${offered.status}`);
  }
  return { id: row.id, ref: o.asker ? row.id : token! };
}

const requestCache = new Map<string, string>();
/** A request to orgA ("own") or orgB ("other"), for the coordinators. */
const orgRequest = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = requestCache.get(orgId);
  if (!id) {
    id = (await peerRequestOf(app, w, { asker: null, orgId })).id;
    requestCache.set(orgId, id);
  }
  return { orgId, requestId: id };
};
/** A signed-in citizen's own offered request ("own": citizenA's, "other": citizenB's). */
const citizenRequest = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const key = `${w.orgA.id}:citizen:${whose}`;
  let ref = requestCache.get(key);
  if (!ref) {
    const asker = whose === 'own' ? w.citizenA : w.citizenB;
    ref = (await peerRequestOf(app, w, { asker, orgId: w.orgA.id, offer: { coordinator: w.coordinatorA, peer: w.peerA } })).ref;
    requestCache.set(key, ref);
  }
  return { ref };
};
const fakeRef = async () => ({ ref: 'x'.repeat(43) });

const suggestionParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const citizen = whose === 'own' ? w.citizenA : w.citizenB;
  const peer = whose === 'own' ? w.peerA : w.peerB;
  return { id: await statementOf(app, citizen), suggestionId: await suggestionOf(app, peer, citizen) };
};

/** A round made by orgA's coordinator ("own") or orgB's ("other"). */
const roundCache = new Map<string, string>();
const roundParams = async (_app: TestApp, w: World, whose: 'own' | 'other') => {
  const coordinator = whose === 'own' ? w.coordinatorA : w.coordinatorB;
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = roundCache.get(orgId);
  if (!id) {
    const res = await coordinator.client.post(`/organisation/${orgId}/rounds`, {
      title: 'Runde',
      method: 'Metode',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    id = res.location!.split('/').pop()!;
    roundCache.set(orgId, id);
  }
  return { roundId: id };
};
const pollCache = new Map<string, string>();
const pollParams = async (_app: TestApp, w: World, whose: 'own' | 'other') => {
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
    const definition = {
      key: 'matrix-questionnaire',
      version: 1,
      title: { da: 'Matrix', en: 'Matrix' },
      intro: { da: 'Intro', en: 'Intro' },
      audience: 'citizen',
      licenceNote: 'CC BY 4.0',
      items: [{ type: 'yesNo', key: 'ok', text: { da: 'OK?', en: 'OK?' }, required: false }],
    };
    id = (
      await app.deps.db
        .insertInto('questionnaires')
        .values({ organisation_id: orgId, key: 'matrix-questionnaire', version: 1, audience: 'citizen', definition: JSON.stringify(definition) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
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

/** A learning group made by `host` (a peer or coordinator), through the app; its id. */
async function groupBy(host: Person, admission: 'open' | 'request', name = 'Matrix group'): Promise<string> {
  const res = await host.client.post('/groups', { name, purpose: 'At lære', admission });
  const id = res.location?.match(/\/groups\/([0-9a-f-]{36})/)?.[1];
  if (!id) throw new Error(`could not make a learning group: ${res.status}`);
  return id;
}

/** A reflection by `peer`, shared with `groupId` (or kept), written through the app; its id. */
async function reflectionBy(app: TestApp, peer: Person, organisationId: string, groupId: string): Promise<string> {
  const res = await peer.client.post('/peer/reflections', { organisationId, writtenOn: daysAgo(1), tried: 'At lytte mere', groupId });
  if (res.status !== 303) throw new Error(`could not write a reflection: ${res.status}`);
  const row = await app.deps.db
    .selectFrom('reflections')
    .select('id')
    .where('peer_user_id', '=', peer.id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** "own": a group peerA made and coordinatorA joined, with a reflection of peerA's and a reply
 * of its writer's; "other": peerB's group (by request) with peerB's reflection and reply. */
const learningWorlds = new Map<string, { groupId: string; reflectionId: string; replyId: string }>();
const learningGroup = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const key = `${whose}:${w.orgA.id}`;
  let found = learningWorlds.get(key);
  if (!found) {
    const [peer, orgId] = whose === 'own' ? [w.peerA, w.orgA.id] : [w.peerB, w.orgB.id];
    const groupId = await groupBy(peer, whose === 'own' ? 'open' : 'request');
    if (whose === 'own') await w.coordinatorA.client.post(`/groups/${groupId}/join`, {});
    const reflectionId = await reflectionBy(app, peer, orgId, groupId);
    await peer.client.post(`/groups/${groupId}/reflections/${reflectionId}/replies`, { text: 'Tak for den' });
    const reply = await app.deps.db.selectFrom('reflection_replies').select('id').where('reflection_id', '=', reflectionId).executeTakeFirstOrThrow();
    found = { groupId, reflectionId, replyId: reply.id };
    learningWorlds.set(key, found);
  }
  return found;
};
const groupParams = async (app: TestApp, w: World, whose: 'own' | 'other') => ({ groupId: (await learningGroup(app, w, whose)).groupId });
const groupReflectionParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const g = await learningGroup(app, w, whose);
  return { groupId: g.groupId, reflectionId: g.reflectionId };
};
const groupReplyParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const g = await learningGroup(app, w, whose);
  return { groupId: g.groupId, replyId: g.replyId };
};
/** Someone in the group's list of people: peerB asking to join ("own"), peerA ("other"). */
const groupMemberParams = async (app: TestApp, w: World, whose: 'own' | 'other') => ({
  groupId: (await learningGroup(app, w, whose)).groupId,
  userId: whose === 'own' ? w.peerB.id : w.peerA.id,
});
/** A private reflection of peerA's ("own") or peerB's ("other"). */
const ownReflectionParams = async (app: TestApp, w: World, whose: 'own' | 'other') => ({
  reflectionId: whose === 'own' ? await reflectionBy(app, w.peerA, w.orgA.id, '') : await reflectionBy(app, w.peerB, w.orgB.id, ''),
});

/** An event published by orgA ("own") or orgB ("other"), stored directly. */
const eventCache = new Map<string, string>();
const eventParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = eventCache.get(orgId);
  if (!id) {
    id = await freshEvent(app, orgId);
    eventCache.set(orgId, id);
  }
  return { id };
};
/** An event notice for peerA ("own") or peerB ("other"). */
const noticeParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const row = await app.deps.db
    .insertInto('event_notices')
    .values({ user_id: whose === 'own' ? w.peerA.id : w.peerB.id, kind: 'cancelled', event_id: null, event_title: 'Aflyst', starts_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { noticeId: row.id };
};

/** A published guide with a checklist, made directly for orgA ("own") or orgB ("other"). */
const guideCache = new Map<string, string>();
const guideOf = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const orgId = whose === 'own' ? w.orgA.id : w.orgB.id;
  let id = guideCache.get(orgId);
  if (!id) {
    id = (
      await app.deps.db
        .insertInto('guides')
        .values({ organisation_id: orgId, title: 'Matrix-guide', language: 'da', body: '# Tjek\n- [ ] Et punkt', published_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
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
    id = (
      await app.deps.db
        .insertInto('assessment_rounds')
        .values({ organisation_id: org.id, site_id: org.siteId, title: 'Matrix-runde', held_on: '2026-01-01', items_version: 'egne-ord-recovery-v1' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    assessmentCache.set(org.id, id);
  }
  return { roundId: id };
};
const team: Who[] = ['peer', 'professional', 'coordinator'];

// Fresh objects and valid forms for the "allowed roles can really POST" check.
const daysAgo = (n: number) => new Date(Date.now() - n * 24 * 3600_000).toISOString().slice(0, 10);
const nextYear = new Date().getFullYear() + 1;
const eventForm = (orgId: string) => ({
  organisationId: orgId,
  title: 'Landsmøde',
  description: 'Vi mødes.',
  startsAt: `${nextYear}-12-03T10:00`,
  endsAt: `${nextYear}-12-03T15:30`,
  place: 'Odense',
  onlineUrl: '',
  capacity: '10',
});
const me = (person: Person | null) => {
  if (!person) throw new Error('this POST needs a signed-in person');
  return person;
};
async function freshStatement(app: TestApp, person: Person): Promise<{ id: string; revision: string }> {
  const id = await newStatementOf(app, person);
  return { id, revision: await revisionOf(app, id) };
}
const revisionOf = async (app: TestApp, statementId: string) =>
  String((await app.deps.db.selectFrom('statements').select('revision').where('id', '=', statementId).executeTakeFirstOrThrow()).revision);
async function freshMeeting(person: Person, when: Date = new Date(Date.now() + 24 * 3600_000), statementId = ''): Promise<string> {
  const res = await person.client.post('/meetings', { when: when.toISOString().slice(0, 16), withWhom: 'Lægen', purpose: 'Opfølgning', statementId });
  const id = res.location?.match(/\/meetings\/([0-9a-f-]{36})/)?.[1];
  if (!id) throw new Error(`could not create a meeting: ${res.status}`);
  return id;
}
/** A meeting tomorrow with the person's statement, ready to share. */
const freshMeetingToShare = async (app: TestApp, person: Person) => freshMeeting(person, undefined, await statementOf(app, person));
async function freshShare(person: Person, meetingId: string): Promise<{ shareId: string; token: string }> {
  const res = await person.client.post(`/meetings/${meetingId}/shares`, { days: '7', recipientLabel: 'Lægen', recipientUsername: '', allowPlan: 'on' });
  const token = res.text.match(/\/s\/([A-Za-z0-9_-]{43})/)?.[1];
  const shareId = res.text.match(/\/shares\/([0-9a-f-]{36})\/pdf/)?.[1];
  if (!token || !shareId) throw new Error(`could not share: ${res.status}`);
  return { shareId, token };
}
/** A meeting shared with a relative or bisidder, who may comment; addressed to `recipient`'s account when given. */
async function freshSupportShare(app: TestApp, person: Person, recipient?: Person): Promise<{ meetingId: string; token: string; shareId: string }> {
  const meetingId = await freshMeetingToShare(app, person);
  const res = await person.client.post(`/meetings/${meetingId}/support`, { supportDays: '7', allowComment: 'on', supportUsername: recipient?.username ?? '' });
  const token = res.text.match(/\/b\/([A-Za-z0-9_-]{43})/)?.[1];
  const shareId = res.text.match(/\/shares\/([0-9a-f-]{36})\/revoke/)?.[1];
  if (!token || !shareId) throw new Error(`could not share with a support person: ${res.status}`);
  return { meetingId, token, shareId };
}
/** A support person's comment on `person`'s meeting. */
async function freshSupportComment(app: TestApp, person: Person): Promise<{ id: string; commentId: string }> {
  const { meetingId, token } = await freshSupportShare(app, person);
  await new Client(app.url).post(`/b/${token}/comment`, { name: 'Søster', body: 'Jeg kommer med.' });
  const row = await app.deps.db.selectFrom('support_comments').select('id').where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
  return { id: meetingId, commentId: row.id };
}
/** A session `peer` logged with `citizen` (linked first), as the session log's form sends it. */
async function freshSessionAbout(app: TestApp, peer: Person, citizen: Person, organisationId: string): Promise<string> {
  await linkPeer(app, peer, citizen);
  const res = await peer.client.post('/peer/sessions', {
    organisationId,
    occurredOn: daysAgo(1),
    format: 'individual',
    kind: 'conversation',
    durationMinutes: '30',
    citizenId: citizen.id,
  });
  if (res.status !== 303) throw new Error(`could not log a session: ${res.status}`);
  const row = await app.deps.db
    .selectFrom('peer_sessions')
    .select('id')
    .where('peer_user_id', '=', peer.id)
    .where('citizen_id', '=', citizen.id)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}
/** A session about citizenA by peerA ("own"), or about citizenB by peerB ("other"), with the citizen's comment on it. */
const sessionAboutParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const [peer, citizen, org] = whose === 'own' ? [w.peerA, w.citizenA, w.orgA.id] : [w.peerB, w.citizenB, w.orgB.id];
  const sessionId = await freshSessionAbout(app, peer, citizen, org);
  await citizen.client.post(`/account/peer-sessions/${sessionId}/comment`, { comment: 'Min kommentar' });
  return { sessionId };
};
/** Caches live as long as the worker (test files share it): a key names the world's database, so
 * the next file's matrix does not get ids from the last one's. */
const worldKey = (w: World, whose: 'own' | 'other') => `${w.orgA.id}:${whose}`;
/** A support share addressed to professionalA ("own"), or one addressed to nobody they know ("other"). */
const supportShares = new Map<string, string>();
const supportShareParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  let shareId = supportShares.get(worldKey(w, whose));
  if (!shareId) {
    shareId = (whose === 'own' ? await freshSupportShare(app, w.citizenA, w.professionalA) : await freshSupportShare(app, w.citizenB)).shareId;
    supportShares.set(worldKey(w, whose), shareId);
  }
  return { shareId };
};
async function freshEvent(app: TestApp, orgId: string): Promise<string> {
  const starts = new Date(Date.now() + 7 * 24 * 3600_000);
  return (
    await app.deps.db
      .insertInto('network_events')
      .values({
        organisation_id: orgId,
        title: 'Landsmøde',
        description: '',
        starts_at: starts,
        ends_at: new Date(starts.getTime() + 3600_000),
        place: 'Odense',
        online_url: null,
        capacity: 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
async function freshAssessmentRound(app: TestApp, org: { id: string; siteId: string }): Promise<string> {
  return (
    await app.deps.db
      .insertInto('assessment_rounds')
      .values({ organisation_id: org.id, site_id: org.siteId, title: 'Matrix-runde', held_on: '2026-01-01', items_version: 'egne-ord-recovery-v1' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
const builtinQuestionnaire = async (app: TestApp, key: string) =>
  (await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', key).where('organisation_id', 'is', null).executeTakeFirstOrThrow()).id;
const submissionKey = (page: string) => {
  const key = page.match(/name="submissionKey" value="([^"]+)"/)?.[1];
  if (!key) throw new Error('no submission key on the form');
  return key;
};
const CHECK_IN = { consent: 'yes', heard: '4', sharedKnowledge: '4', sharedPreferences: '3', decidedTogether: '4' };
/** A round of orgA that covers its site, so links for the site can be made. */
async function roundOfSiteA(w: World): Promise<string> {
  const res = await w.coordinatorA.client.post(`/organisation/${w.orgA.id}/rounds`, {
    title: 'Runde',
    method: 'Metode',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds: [w.orgA.siteId],
  });
  const id = res.location?.match(/\/rounds\/([0-9a-f-]{36})$/)?.[1];
  if (!id) throw new Error(`could not make a round: ${res.status}`);
  return id;
}
/** A fresh round of one organisation, inviting the organisations given. */
async function freshRound(coordinator: Person, orgId: string, invite: string[] = []): Promise<string> {
  const res = await coordinator.client.post(`/organisation/${orgId}/rounds`, {
    title: 'Fælles runde',
    method: 'Metode',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    joinedOrganisationIds: invite,
  });
  const id = res.location?.match(/\/rounds\/([0-9a-f-]{36})$/)?.[1];
  if (!id) throw new Error(`could not make a round: ${res.status}`);
  return id;
}
/** orgA's round inviting orgB ("own", for orgA's coordinator to withdraw) or orgB's inviting orgA ("other"). */
const invitationCache = new Map<string, string>();
const invitationByOwner = async (_app: TestApp, w: World, whose: 'own' | 'other') => {
  let roundId = invitationCache.get(worldKey(w, whose));
  if (!roundId) {
    roundId = whose === 'own' ? await freshRound(w.coordinatorA, w.orgA.id, [w.orgB.id]) : await freshRound(w.coordinatorB, w.orgB.id, [w.orgA.id]);
    invitationCache.set(worldKey(w, whose), roundId);
  }
  return { roundId, orgId: whose === 'own' ? w.orgB.id : w.orgA.id };
};
/** An invitation to orgA ("own", for orgA's coordinator to answer) or to orgB ("other"). */
const invitationToOrg = async (app: TestApp, w: World, whose: 'own' | 'other') => invitationByOwner(app, w, whose === 'own' ? 'other' : 'own');
/** orgB's round that orgA took part in ("own", for orgA's coordinator to leave), or orgA's that orgB joined ("other"). */
const joinedCache = new Map<string, string>();
const joinedRound = async (_app: TestApp, w: World, whose: 'own' | 'other') => {
  let roundId = joinedCache.get(worldKey(w, whose));
  if (!roundId) {
    roundId = await joinedFreshRound(w, whose);
    joinedCache.set(worldKey(w, whose), roundId);
  }
  return { roundId, orgId: whose === 'own' ? w.orgA.id : w.orgB.id };
};
async function joinedFreshRound(w: World, whose: 'own' | 'other'): Promise<string> {
  const [owner, ownerOrg, joiner, joinerOrg] =
    whose === 'own' ? [w.coordinatorB, w.orgB.id, w.coordinatorA, w.orgA.id] : [w.coordinatorA, w.orgA.id, w.coordinatorB, w.orgB.id];
  const roundId = await freshRound(owner, ownerOrg, [joinerOrg]);
  const res = await joiner.client.post(`/rounds/${roundId}/invitations/${joinerOrg}/accept`, {});
  if (res.status !== 303) throw new Error(`could not join a round: ${res.status}`);
  return roundId;
}
async function questionnaireToken(app: TestApp, w: World): Promise<string> {
  const roundId = await roundOfSiteA(w);
  const res = await w.coordinatorA.client.post(`/rounds/${roundId}/distributions`, {
    questionnaireId: await builtinQuestionnaire(app, 'after-meeting-check-in'),
    mode: 'anonymous',
    siteId: w.orgA.siteId,
  });
  const token = res.text.match(/\/q\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`could not make a questionnaire link: ${res.status}`);
  return token;
}
async function pollCode(w: World): Promise<string> {
  const res = await w.coordinatorA.client.post(`/organisation/${w.orgA.id}/polls`, { text: 'Kaffe?', options: 'Ja\nNej' });
  const page = await w.coordinatorA.client.get(res.location!);
  const code = page.text.match(/koden ([A-Z0-9]{6})/)?.[1];
  if (!code) throw new Error('no poll code');
  return code;
}
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
/** What a browser sends for the first app form on a page: every input, text area and chosen option. */
function formOf(page: string, action: string): Record<string, string> {
  const form = page.slice(page.indexOf(`<form method="post" action="${action}`));
  const out: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name || name === '_csrf') continue;
    if ((attr(tag, 'type') ?? 'text') === 'checkbox' && !/\schecked\b/.test(tag)) continue;
    out[decode(name)] = decode(attr(tag, 'value') ?? '');
  }
  for (const [, tag, body] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) out[decode(attr(tag!, 'name')!)] = decode(body!);
  for (const [, tag, body] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const chosen = body!.match(/<option value="([^"]*)" selected>/) ?? body!.match(/<option value="([^"]*)"/);
    out[decode(attr(tag!, 'name')!)] = decode(chosen?.[1] ?? '');
  }
  return out;
}
/** A staff member of orgA with the given role, signed in, for POSTs that use a person up. */
const freshStaff = (app: TestApp, w: World, role: 'peer' | 'professional' | 'coordinator') =>
  signIn(app, { kind: 'staff', role, organisationId: w.orgA.id, siteId: role === 'coordinator' ? null : w.orgA.siteId });
/** The same kind of person as `person`, fresh: a POST that changes the person's own account. */
async function sameKind(app: TestApp, w: World, person: Person): Promise<Person> {
  if (person === w.citizenA) return signIn(app, { kind: 'citizen' });
  if (person === w.admin) return signIn(app, { kind: 'staff', isAdmin: true });
  const role = person === w.peerA ? 'peer' : person === w.professionalA ? 'professional' : 'coordinator';
  return freshStaff(app, w, role);
}
function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of input) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
}
/**
 * The same kind of person as `person`, signed in within the last few minutes (reused while that
 * holds): changes to how one signs in need a recent sign-in, and a new one for every POST would
 * run into the sign-in limit per address.
 */
const recent = new Map<Person, { person: Person; at: number }>();
async function recentKind(app: TestApp, w: World, person: Person): Promise<Person> {
  const known = recent.get(person);
  if (known && Date.now() - known.at < 3 * 60_000) return known.person;
  const fresh = { person: await sameKind(app, w, person), at: Date.now() };
  recent.set(person, fresh);
  return fresh.person;
}
/** The same kind of person as `person`, fresh, with their authenticator key when they have one. */
async function withAppCode(app: TestApp, w: World, person: Person): Promise<{ client: Client; secret: Buffer | null }> {
  const role = person === w.peerA ? 'peer' : person === w.professionalA ? 'professional' : person === w.coordinatorA ? 'coordinator' : undefined;
  const username = uniqueName('confirm');
  const staffLike = person !== w.citizenA;
  const user = await provisionUser(app.deps, {
    username,
    chosenName: 'Bekræfter',
    password: PASSWORD,
    kind: staffLike ? 'staff' : 'citizen',
    isAdmin: person === w.admin,
    withTotp: staffLike,
    memberships: role ? [{ organisationId: w.orgA.id, siteId: role === 'coordinator' ? null : w.orgA.siteId, role }] : [],
  });
  const client = new Client(app.url);
  await client.post('/sign-in', { username, password: PASSWORD });
  if (user.totpSecret) await client.post('/sign-in/code', { code: totpAt(user.totpSecret, currentStep()) });
  return { client, secret: user.totpSecret };
}
/** A staff member of orgA who lost their phone ("own", for orgA's coordinator; not a person
 * of the world, whose sessions a reset would end) or peerB in orgB ("other"). */
const lostPhones = new Map<string, string>();
const memberOf = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  if (whose === 'other') return { orgId: w.orgB.id, userId: w.peerB.id };
  let userId = lostPhones.get(w.orgA.id);
  if (!userId) {
    userId = (await lostPhone(app, w)).id;
    lostPhones.set(w.orgA.id, userId);
  }
  return { orgId: w.orgA.id, userId };
};
const lostPhone = (app: TestApp, w: World) =>
  provisionUser(app.deps, {
    username: uniqueName('lostphone'),
    chosenName: 'Medarbejder',
    password: PASSWORD,
    kind: 'staff',
    withTotp: true,
    memberships: [{ organisationId: w.orgA.id, siteId: w.orgA.siteId, role: 'peer' }],
  });
/** A passkey of the person, stored directly (registering one is the POST under test elsewhere). */
async function storedPasskey(app: TestApp, userId: string): Promise<string> {
  const key = softPasskey(app.url);
  await app.deps.db
    .insertInto('passkeys')
    .values({ id: key.id, user_id: userId, public_key: key.publicKey, counter: 0, transports: ['internal'] })
    .execute();
  return key.id;
}
/** The organisation's login, stored directly (setting it up is the POST under test elsewhere). */
async function storedIdentityProvider(app: TestApp, organisationId: string): Promise<void> {
  const dataKey = app.deps.keyring.newWrappedDataKey();
  await saveIdentityProvider(app.deps.db, {
    organisationId,
    issuer: 'https://login.example.dk',
    clientId: 'egne-ord',
    dataKey,
    clientSecret: app.deps.keyring.sealText(dataKey, 'a secret', `oidc-client-secret:${organisationId}`),
    matchClaim: 'email',
    mfaFromAmr: true,
    mfaAcr: null,
    now: new Date(),
  });
}
const noOrganisation = '00000000-0000-4000-8000-000000000000';
/** A pending newsletter subscriber whose links carry known tokens (the real ones only go by mail). */
async function pendingSubscriber(app: TestApp): Promise<{ confirm: string; unsubscribe: string }> {
  const before = new Set((await app.deps.db.selectFrom('newsletter_subscribers').select('id').execute()).map((r) => r.id));
  await new Client(app.url).post('/newsletter', { address: `${uniqueName('reader')}@example.org` });
  const row = (await app.deps.db.selectFrom('newsletter_subscribers').select('id').execute()).find((r) => !before.has(r.id));
  if (!row) throw new Error('the newsletter sign-up stored nothing');
  const tokens = { confirm: crypto.randomBytes(32).toString('base64url'), unsubscribe: crypto.randomBytes(32).toString('base64url') };
  await app.deps.db
    .updateTable('newsletter_subscribers')
    .set({ confirm_token_hash: hashToken(tokens.confirm), unsubscribe_token_hash: hashToken(tokens.unsubscribe) })
    .where('id', '=', row.id)
    .execute();
  return tokens;
}

/** A "what's new" notice for citizenA ("own") or citizenB ("other"), about one of their statements. */
const whatsNewParams = async (app: TestApp, w: World, whose: 'own' | 'other') => {
  const owner = whose === 'own' ? w.citizenA : w.citizenB;
  const row = await app.deps.db
    .insertInto('notices')
    .values({ recipient_id: owner.id, actor_id: null, kind: 'suggestion', subject_id: await statementOf(app, owner) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { noticeId: row.id };
};
/** The role each person of the world works in, for switching to it. */
const roleOfPerson = (w: World, person: Person | null) => {
  const p = me(person);
  return p === w.citizenA ? 'citizen' : p === w.peerA ? 'peer' : p === w.professionalA ? 'professional' : p === w.coordinatorA ? 'coordinator' : 'admin';
};

export const accessMatrix: Record<string, MatrixEntry> = {
  // Peer network: events for peers and staff (not citizens); the directory for peers and coordinators.
  'GET /events': { allow: staff, params: none },
  'GET /events/new': { allow: ['coordinator', 'admin'], params: none },
  'POST /events': {
    allow: ['coordinator', 'admin'],
    params: none,
    body: { title: 'Intruder event' },
    valid: async (_app, w) => ({ body: eventForm(w.orgA.id) }),
  },
  'POST /events/notices/:noticeId/dismiss': {
    allow: staff,
    objectScoped: true,
    params: noticeParams,
    valid: async (app, _w, person) => ({
      params: {
        noticeId: (
          await app.deps.db
            .insertInto('event_notices')
            .values({ user_id: me(person).id, kind: 'cancelled', event_id: null, event_title: 'Aflyst', starts_at: new Date() })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      },
    }),
  },
  'GET /events/:id': { allow: staff, params: eventParams },
  'POST /events/:id/signup': { allow: staff, params: eventParams },
  'POST /events/:id/cancel': { allow: staff, params: eventParams },
  'GET /events/:id/event.ics': { allow: staff, params: eventParams },
  'GET /events/:id/attendees.csv': { allow: ['coordinator', 'admin'], objectScoped: true, params: eventParams },
  'POST /events/:id/delete': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: eventParams,
    valid: async (app, w) => ({ params: { id: await freshEvent(app, w.orgA.id) } }),
  },
  'GET /directory': { allow: ['peer', 'coordinator'], params: none },
  'POST /directory/entry': {
    allow: ['peer'],
    params: none,
    body: { helpText: 'Intruder', contact: 'x' },
    valid: async (_app, w) => ({ body: { organisationId: w.orgA.id, helpText: 'Jeg kan hjælpe med at starte en gruppe.', contact: 'Ring til mig' } }),
  },
  'POST /directory/entry/delete': {
    allow: ['peer'],
    params: none,
    valid: async (_app, w, person) => {
      await me(person).client.post('/directory/entry', { organisationId: w.orgA.id, helpText: 'Jeg kan hjælpe.', contact: 'Ring' });
      return {};
    },
  },
  // Evaluation: coordinators of the round's organisation (and joined ones, for viewing) and admins.
  'GET /organisation/:orgId/evaluation': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/rounds': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { title: 'Intruder round', startsOn: '2026-01-01', endsOn: '2026-02-01' },
    valid: async (_app, w) => ({ params: { orgId: w.orgA.id }, body: { title: 'Runde', method: 'Metode', startsOn: '2026-01-01', endsOn: '2026-12-31' } }),
  },
  'GET /rounds/:roundId': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams },
  'POST /rounds/:roundId/distributions': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: roundParams,
    body: { questionnaireId: '00000000-0000-4000-8000-000000000000', mode: 'anonymous' },
    valid: async (app, w) => ({
      params: { roundId: await roundOfSiteA(w) },
      body: { questionnaireId: await builtinQuestionnaire(app, 'after-meeting-check-in'), mode: 'anonymous', siteId: w.orgA.siteId },
    }),
  },
  // Rounds across organisations by consent: the owner chooses, invites and withdraws; only the
  // invited organisation's own coordinators answer and leave (an administrator cannot consent for them).
  'GET /organisation/:orgId/evaluation/invitations': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /rounds/:roundId/participants': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: roundParams,
    valid: async (_app, w) => ({ params: { roundId: await freshRound(w.coordinatorA, w.orgA.id) }, body: { siteIds: [w.orgA.siteId], peerIds: [w.peerA.id] } }),
  },
  'POST /rounds/:roundId/invitations': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: roundParams,
    body: { organisationId: '00000000-0000-4000-8000-000000000000' },
    valid: async (_app, w) => ({ params: { roundId: await freshRound(w.coordinatorA, w.orgA.id) }, body: { organisationId: w.orgB.id } }),
  },
  'POST /rounds/:roundId/invitations/:orgId/withdraw': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: invitationByOwner,
    valid: async (_app, w) => ({ params: { roundId: await freshRound(w.coordinatorA, w.orgA.id, [w.orgB.id]), orgId: w.orgB.id } }),
  },
  'POST /rounds/:roundId/invitations/:orgId/accept': {
    allow: ['coordinator'],
    objectScoped: true,
    params: invitationToOrg,
    valid: async (_app, w) => ({ params: { roundId: await freshRound(w.coordinatorB, w.orgB.id, [w.orgA.id]), orgId: w.orgA.id } }),
  },
  'POST /rounds/:roundId/invitations/:orgId/decline': {
    allow: ['coordinator'],
    objectScoped: true,
    params: invitationToOrg,
    valid: async (_app, w) => ({ params: { roundId: await freshRound(w.coordinatorB, w.orgB.id, [w.orgA.id]), orgId: w.orgA.id } }),
  },
  'POST /rounds/:roundId/organisations/:orgId/leave': {
    allow: ['coordinator'],
    objectScoped: true,
    params: joinedRound,
    valid: async (_app, w) => ({ params: { roundId: await joinedFreshRound(w, 'own'), orgId: w.orgA.id } }),
  },
  'GET /rounds/:roundId/report': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams },
  'GET /rounds/:roundId/report.pdf': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /rounds/:roundId/export.csv': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /rounds/:roundId/codebook.csv': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /rounds/:roundId/fhir.json': { allow: ['coordinator', 'admin'], objectScoped: true, params: roundParams, skipAllowedCheck: true },
  'GET /q/:token': { allow: 'everyone', params: fakeToken },
  'POST /q/:token': {
    allow: 'everyone',
    params: fakeToken,
    valid: async (app, w) => {
      const token = await questionnaireToken(app, w);
      const as = new Client(app.url);
      return { as, params: { token }, body: { submissionKey: submissionKey((await as.get(`/q/${token}`)).text), ...CHECK_IN } };
    },
  },
  'GET /meetings/:id/check-in': { allow: citizenOnly, objectScoped: true, params: meetingParams, skipAllowedCheck: true },
  'POST /meetings/:id/check-in': {
    allow: citizenOnly,
    objectScoped: true,
    params: meetingParams,
    body: { submissionKey: 'k'.repeat(20), consent: 'yes' },
    valid: async (_app, _w, person) => {
      const id = await freshMeeting(me(person), new Date(Date.now() - 3600_000));
      return { params: { id }, body: { submissionKey: submissionKey((await me(person).client.get(`/meetings/${id}`)).text), ...CHECK_IN } };
    },
  },
  'POST /organisation/:orgId/polls': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { text: 'Intruder?', options: 'a\nb' } },
  'GET /polls/:pollId': { allow: ['coordinator', 'admin'], objectScoped: true, params: pollParams },
  'GET /polls/:pollId/results.json': { allow: ['coordinator', 'admin'], objectScoped: true, params: pollParams, skipAllowedCheck: true },
  'POST /polls/:pollId/close': { allow: ['coordinator', 'admin'], objectScoped: true, params: pollParams },
  'GET /p': { allow: 'everyone', params: none },
  'GET /p/:code': { allow: 'everyone', params: async () => ({ code: 'ZZZZZZ' }) },
  'POST /p/:code': {
    allow: 'everyone',
    params: async () => ({ code: 'ZZZZZZ' }),
    body: { option: '0' },
    valid: async (app, w) => ({ as: new Client(app.url), params: { code: await pollCode(w) }, body: { option: '0' } }),
  },
  // Peer practice: peers see only linked citizens; citizens decide.
  'GET /peer': { allow: ['peer'], params: none },
  'POST /peer/invitations': {
    allow: ['peer'],
    params: none,
    body: { organisationId: '00000000-0000-4000-8000-000000000000' },
    valid: async (_app, w) => ({ body: { organisationId: w.orgA.id } }),
  },
  'GET /peer/citizens/:citizenId': { allow: ['peer'], objectScoped: true, params: linkedCitizen },
  'GET /peer/statements/:id': { allow: ['peer'], objectScoped: true, params: linkedStatement },
  'POST /peer/statements/:id/suggestions': { allow: ['peer'], objectScoped: true, params: linkedStatement, body: { fieldKey: 'whoIAm', text: 'Intruder' } },
  'GET /peer/sessions': { allow: ['peer'], params: none },
  'POST /peer/sessions': {
    allow: ['peer'],
    params: none,
    body: { durationMinutes: '30' },
    valid: async (_app, w) => ({
      body: { organisationId: w.orgA.id, occurredOn: daysAgo(3), format: 'individual', kind: 'conversation', durationMinutes: '30' },
    }),
  },
  'POST /peer/sessions/:sessionId/delete': {
    allow: ['peer'],
    objectScoped: true,
    params: async (app, w, whose) => ({
      sessionId: await freshSessionAbout(
        app,
        whose === 'own' ? w.peerA : w.peerB,
        whose === 'own' ? w.citizenA : w.citizenB,
        whose === 'own' ? w.orgA.id : w.orgB.id,
      ),
    }),
  },
  'GET /peer/reflections': { allow: ['peer'], params: none },
  'POST /peer/reflections': {
    allow: ['peer'],
    params: none,
    body: { tried: 'x' },
    valid: async (_app, w) => ({ body: { organisationId: w.orgA.id, writtenOn: daysAgo(3), tried: 'At lytte mere', happened: '', learned: '' } }),
  },
  'POST /peer/reflections/:reflectionId/share': {
    allow: ['peer'],
    objectScoped: true,
    params: ownReflectionParams,
    body: { groupId: '00000000-0000-4000-8000-000000000000' },
    valid: async (app, w) => {
      const { groupId } = await groupParams(app, w, 'own');
      return { params: await ownReflectionParams(app, w, 'own'), body: { groupId } };
    },
  },
  'GET /peer/summary': { allow: ['peer'], params: none },
  'GET /peer/questionnaire': { allow: ['peer'], params: none },
  'POST /peer/questionnaire': {
    allow: ['peer'],
    params: none,
    body: { submissionKey: 'k'.repeat(20) },
    valid: async (app, _w, person) => {
      const body: Record<string, string> = {
        submissionKey: submissionKey((await me(person).client.get('/peer/questionnaire')).text),
        ...(await peerQuestionnaireAnswers(app)),
      };
      return { body };
    },
  },
  'GET /link': { allow: citizenOnly, params: none },
  'POST /link': {
    allow: citizenOnly,
    params: none,
    body: { code: 'AAAAAAAA', consent: 'yes', wordingVersion: 'peer-link-v1' },
    valid: async (app, w) => ({
      as: (await signIn(app, { kind: 'citizen' })).client,
      body: { code: await peerCode(app, w.peerA), consent: 'yes', wordingVersion: 'peer-link-v1' },
    }),
  },
  'GET /account/peers': { allow: citizenOnly, params: none },
  'GET /account/peer-sessions': { allow: citizenOnly, params: none },
  'POST /account/peer-sessions/:sessionId/comment': {
    allow: citizenOnly,
    objectScoped: true,
    params: sessionAboutParams,
    body: { comment: 'Intruder' },
  },
  'POST /account/peer-sessions/:sessionId/comment/delete': {
    allow: citizenOnly,
    objectScoped: true,
    params: sessionAboutParams,
  },
  'GET /peer/guide': { allow: ['peer'], params: none },
  'GET /peer/guide/pdf': { allow: ['peer'], params: none },
  'POST /account/peers/:linkId/withdraw': {
    allow: citizenOnly,
    objectScoped: true,
    params: ownLink,
    valid: async (app, w) => {
      const citizen = await signIn(app, { kind: 'citizen' });
      return { as: citizen.client, params: { linkId: await linkPeer(app, w.peerA, citizen) } };
    },
  },
  'GET /account/peers/:linkId': { allow: citizenOnly, objectScoped: true, params: ownLink },
  'POST /account/peers/:linkId': { allow: citizenOnly, objectScoped: true, params: ownLink, body: { sheets: 'all', maySuggest: 'on' } },
  'GET /peers': { allow: 'everyone', params: none },
  'GET /peers/ask/:orgId': { allow: 'everyone', params: offerOrg },
  'POST /peers/ask/:orgId': {
    allow: 'everyone',
    params: offerOrg,
    body: { wish: 'x' },
    valid: async (app, w) => ({ as: new Client(app.url), params: await offerOrg(app, w, 'own'), body: { wish: 'Jeg vil gerne have en at tale med' } }),
  },
  'GET /peers/answer/:ref': { allow: 'everyone', params: fakeRef },
  'POST /peers/answer/:ref/accept': {
    allow: citizenOnly,
    objectScoped: true,
    params: citizenRequest,
    body: { consent: 'yes', wordingVersion: 'peer-link-v1', sheets: 'all' },
    valid: async (app, w) => {
      const citizen = await signIn(app, { kind: 'citizen' });
      const { ref } = await peerRequestOf(app, w, { asker: citizen, orgId: w.orgA.id, offer: { coordinator: w.coordinatorA, peer: w.peerA } });
      return { as: citizen.client, params: { ref }, body: { consent: 'yes', wordingVersion: 'peer-link-v1', sheets: 'all' } };
    },
  },
  'POST /peers/answer/:ref/decline': {
    allow: 'everyone',
    params: fakeRef,
    valid: async (app, w) => {
      const { ref } = await peerRequestOf(app, w, { asker: null, orgId: w.orgA.id, offer: { coordinator: w.coordinatorA, peer: w.peerA } });
      return { as: new Client(app.url), params: { ref } };
    },
  },
  'GET /organisation/:orgId/peer-offer': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/peer-offer': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { place: 'Værestedet', howToMeet: 'Kom forbi om tirsdagen', format: 'both', published: 'on' },
  },
  'GET /organisation/:orgId/peer-requests': { allow: ['coordinator'], objectScoped: true, params: orgOf },
  'GET /organisation/:orgId/peer-requests/:requestId': { allow: ['coordinator'], objectScoped: true, params: orgRequest },
  'POST /organisation/:orgId/peer-requests/:requestId/offer': {
    allow: ['coordinator'],
    objectScoped: true,
    params: orgRequest,
    body: { peerId: crypto.randomUUID() },
    valid: async (app, w) => ({ params: await orgRequest(app, w, 'own'), body: { peerId: w.peerA.id } }),
  },
  'POST /organisation/:orgId/peer-requests/:requestId/close': {
    allow: ['coordinator'],
    objectScoped: true,
    params: orgRequest,
    valid: async (app, w) => ({ params: await orgRequest(app, w, 'own') }),
  },
  'GET /statements/:id/suggestions': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'GET /statements/:id/suggestions/:suggestionId/edit': { allow: citizenOnly, objectScoped: true, params: suggestionParams },
  'POST /statements/:id/suggestions/:suggestionId': {
    allow: citizenOnly,
    objectScoped: true,
    params: suggestionParams,
    body: { decision: 'reject' },
    valid: async (app, w, person) => ({
      params: { id: await statementOf(app, me(person)), suggestionId: await suggestionOf(app, w.peerA, me(person)) },
      body: { decision: 'reject' },
    }),
  },
  'GET /statements/:id/authorship': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'POST /statements/together': { allow: citizenOnly, params: none, body: { peerId: '' } },
  'GET /organisation/:orgId/volunteers': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/members/:userId/remove': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: async (_app, w, whose) => ({ orgId: whose === 'own' ? w.orgA.id : w.orgB.id, userId: whose === 'own' ? w.professionalA.id : w.peerB.id }),
    valid: async (app, w) => ({ params: { orgId: w.orgA.id, userId: (await freshStaff(app, w, 'professional')).id } }),
  },
  // Meetings, sharing and follow-ups: only the citizen who owns the meeting.
  'GET /meetings': { allow: citizenOnly, params: none },
  'POST /meetings': { allow: citizenOnly, params: none, body: { when: '2030-01-01T10:00', withWhom: 'x' } },
  'GET /meetings/:id': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'POST /meetings/:id/snapshot': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'GET /meetings/:id/pdf': { allow: citizenOnly, objectScoped: true, params: meetingParams, skipAllowedCheck: true },
  'POST /meetings/:id/shares': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { days: '7' } },
  'POST /meetings/:id/shares/:shareId/pdf': {
    allow: citizenOnly,
    objectScoped: true,
    params: shareParams,
    body: { token: 'x'.repeat(43) },
    valid: async (app, _w, person) => {
      const id = await freshMeetingToShare(app, me(person));
      const { shareId, token } = await freshShare(me(person), id);
      return { params: { id, shareId }, body: { token } };
    },
  },
  'POST /meetings/:id/shares/:shareId/revoke': {
    allow: citizenOnly,
    objectScoped: true,
    params: shareParams,
    valid: async (app, _w, person) => {
      const id = await freshMeetingToShare(app, me(person));
      return { params: { id, shareId: (await freshShare(me(person), id)).shareId } };
    },
  },
  'POST /meetings/:id/follow-up': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { agreed: 'Intruder' } },
  'GET /meetings/:id/fhir': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'GET /meetings/:id/decisions': { allow: citizenOnly, objectScoped: true, params: meetingParams },
  'POST /meetings/:id/decisions': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { preferences: 'Intruder' } },
  // Between meetings: only the citizen marks their decisions and rates their own goal.
  'POST /meetings/:id/progress': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { goal: '5' } },
  'POST /meetings/:id/progress-reminder': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { reminderDays: '7' } },
  'GET /progress': { allow: citizenOnly, params: none },
  'POST /meetings/:id/delete': {
    allow: citizenOnly,
    objectScoped: true,
    params: meetingParams,
    valid: async (_app, _w, person) => ({ params: { id: await freshMeeting(me(person)) } }),
  },
  // Share links are capabilities: anyone holding a live token; a made-up token opens nothing.
  'GET /s/:token': { allow: 'everyone', params: fakeToken },
  'GET /s/:token/pdf': { allow: 'everyone', params: fakeToken },
  'POST /s/:token/plan': {
    allow: 'everyone',
    params: fakeToken,
    valid: async (app, w) => ({
      as: new Client(app.url),
      params: { token: (await freshShare(w.citizenA, await freshMeetingToShare(app, w.citizenA))).token },
      body: { heard: 'Vi aftalte en fast sengetid.', name: 'Lægen' },
    }),
  },
  // A relative or bisidder: by link (a capability, as above), or in their own account, only what
  // was addressed to them (here to professionalA; any account can be addressed). The citizen
  // shares and deletes comments on their own meetings only.
  'POST /meetings/:id/support': { allow: citizenOnly, objectScoped: true, params: meetingParams, body: { supportDays: '7' } },
  'POST /meetings/:id/support-comments/:commentId/delete': {
    allow: citizenOnly,
    objectScoped: true,
    params: async (app, w, whose) => freshSupportComment(app, whose === 'own' ? w.citizenA : w.citizenB),
    valid: async (app, _w, person) => ({ params: await freshSupportComment(app, me(person)) }),
  },
  'GET /b/:token': { allow: 'everyone', params: fakeToken },
  'POST /b/:token/comment': {
    allow: 'everyone',
    params: fakeToken,
    body: { name: 'x', body: 'Intruder' },
    valid: async (app, w) => ({
      as: new Client(app.url),
      params: { token: (await freshSupportShare(app, w.citizenA)).token },
      body: { name: 'Søster', body: 'Jeg kommer med.' },
    }),
  },
  'GET /support': { allow: signedIn, params: none },
  'GET /support/:shareId': { allow: ['professional'], objectScoped: true, params: supportShareParams },
  'POST /support/:shareId/comment': { allow: ['professional'], objectScoped: true, params: supportShareParams, body: { body: 'Jeg kommer med.' } },
  // In-app shares: staff, and only shares addressed to them.
  'GET /shared': { allow: staff, params: none },
  'GET /shared/:shareId': { allow: ['professional'], objectScoped: true, params: inboxShare },
  'GET /shared/:shareId/pdf': { allow: ['professional'], objectScoped: true, params: inboxShare, skipAllowedCheck: true },
  'POST /shared/:shareId/plan': {
    allow: ['professional'],
    objectScoped: true,
    params: inboxShare,
    body: { heard: 'Intruder plan' },
    // A meeting of its own: a save without a revision is only valid on a record nobody wrote in yet.
    valid: async (app, w) => {
      const meetingId = await freshMeetingToShare(app, w.citizenA);
      const res = await w.citizenA.client.post(`/meetings/${meetingId}/shares`, {
        days: '7',
        recipientLabel: '',
        recipientUsername: w.professionalA.username,
        allowPlan: 'on',
      });
      const shareId = res.text.match(/\/shares\/([0-9a-f-]{36})\/pdf/)?.[1];
      if (!shareId) throw new Error(`could not share: ${res.status}`);
      return { params: { shareId }, body: { heard: 'Vi aftalte en fast sengetid.', name: 'Lægen' } };
    },
  },
  // My data.
  'GET /account/data': { allow: citizenOnly, params: none },
  'POST /account/email': { allow: citizenOnly, params: none, body: { email: 'intruder@example.org' } },
  'GET /account/log': { allow: signedIn, params: none },
  'GET /account/export': { allow: citizenOnly, params: none, skipAllowedCheck: true },
  'POST /account/delete': {
    allow: citizenOnly,
    params: none,
    body: { password: 'not the password' },
    valid: async (app) => ({ as: (await signIn(app, { kind: 'citizen' })).client, body: { password: PASSWORD } }),
  },
  // Statements: only the citizen who owns one.
  'GET /statements': { allow: citizenOnly, params: none },
  // The offer to move the sheets kept in this browser (filled in by the page's script).
  'GET /statements/device': { allow: citizenOnly, params: none },
  'POST /statements': {
    allow: citizenOnly,
    params: none,
    body: { purpose: 'x', templateId: '00000000-0000-4000-8000-000000000000' },
    valid: async (app) => ({
      body: {
        purpose: 'Til mødet',
        templateId: await personalStatementTemplateId(app),
      },
    }),
  },
  'GET /statements/:id/write/:page': {
    allow: citizenOnly,
    objectScoped: true,
    params: async (app, w, whose) => ({ ...(await statementParams(app, w, whose)), page: 'who' }),
  },
  'POST /statements/:id/write/:page': {
    allow: citizenOnly,
    objectScoped: true,
    params: async (app, w, whose) => ({ ...(await statementParams(app, w, whose)), page: 'who' }),
    body: { revision: '1', whoIAm: 'Overwritten by an intruder', action: 'next' },
    valid: async (app, _w, person) => {
      const { id, revision } = await freshStatement(app, me(person));
      return { params: { id, page: 'who' }, body: { revision, whoIAm: 'Jeg hedder Alma.', action: 'next' } };
    },
  },
  'POST /statements/:id/resolve': {
    allow: citizenOnly,
    objectScoped: true,
    params: statementParams,
    body: { revision: '1', returnPage: 'who', 'choice.whoIAm': 'mine', 'mine.whoIAm': 'Intruder' },
    valid: async (app, _w, person) => {
      const { id, revision } = await freshStatement(app, me(person));
      return { params: { id }, body: { revision, returnPage: 'who', 'choice.whoIAm': 'mine', 'mine.whoIAm': 'Jeg hedder Alma.' } };
    },
  },
  'POST /statements/:id/autosave': {
    allow: citizenOnly,
    objectScoped: true,
    params: statementParams,
    json: { revision: 1, fields: { whoIAm: 'Intruder' } },
    valid: async (app, _w, person) => {
      const { id, revision } = await freshStatement(app, me(person));
      return { params: { id }, json: { revision: Number(revision), fields: { whoIAm: 'Jeg hedder Alma.' } } };
    },
  },
  'GET /statements/:id/pdf': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'GET /statements/:id/versions': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'GET /statements/:id/versions/:versionId': { allow: citizenOnly, objectScoped: true, params: versionParams },
  'POST /statements/:id/versions/:versionId/restore': { allow: citizenOnly, objectScoped: true, params: versionParams },
  'POST /statements/:id/copy': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'GET /statements/:id/delete': { allow: citizenOnly, objectScoped: true, params: statementParams },
  'POST /statements/:id/delete': {
    allow: citizenOnly,
    objectScoped: true,
    params: statementParams,
    valid: async (app, _w, person) => ({ params: { id: (await freshStatement(app, me(person))).id } }),
  },
  'POST /statements/import': {
    allow: ['anonymous', 'citizen'],
    params: none,
    // A readable sheet, so that a role that is not allowed is refused for who it is, not for what it sent.
    body: { templateKey: 'personal-statement', state: Buffer.from(JSON.stringify({ fields: {}, summary: '', selfCheck: {} })).toString('base64url') },
    valid: async () => ({
      body: {
        templateKey: 'personal-statement',
        state: Buffer.from(JSON.stringify({ fields: { whoIAm: 'Skrevet uden konto' }, summary: '', selfCheck: {} })).toString('base64url'),
      },
    }),
  },

  // Writing without an account: open to everyone, and the server keeps nothing.
  'GET /write': { allow: 'everyone', params: none },
  'GET /write/:template/:page': { allow: 'everyone', params: async () => ({ template: 'personal-statement', page: 'who' }) },
  'GET /write/:template/worksheet': { allow: 'everyone', params: async () => ({ template: 'what-helps-me' }) },
  // "Delete what I wrote in this browser": the server answers with Clear-Site-Data, for anyone.
  'GET /write/clear': { allow: 'everyone', params: none },
  'POST /write/clear': { allow: 'everyone', params: none, valid: async () => ({ body: {} }) },
  'POST /write/:template/:page': {
    allow: 'everyone',
    params: async () => ({ template: 'personal-statement', page: 'who' }),
    body: { whoIAm: 'x', action: 'next' },
    valid: async () => ({ params: { template: 'personal-statement', page: 'who' }, body: { whoIAm: 'Jeg hedder Alma.', action: 'next' } }),
  },
  'POST /write/:template/pdf': {
    allow: 'everyone',
    params: async () => ({ template: 'personal-statement' }),
    valid: async () => ({
      params: { template: 'personal-statement' },
      body: { state: Buffer.from(JSON.stringify({ fields: { whoIAm: 'Jeg hedder Alma.' }, summary: 'Jeg er Alma.', selfCheck: {} })).toString('base64url') },
    }),
  },
  'POST /write/:template/hints': {
    allow: 'everyone',
    params: async () => ({ template: 'personal-statement' }),
    json: { answers: {} },
    valid: async () => ({ params: { template: 'personal-statement' }, json: { answers: { whoIAm: 'Jeg hedder Alma.' } } }),
  },
  'POST /helper/jargon': { allow: 'everyone', params: none, json: { text: '' }, valid: async () => ({ params: {}, json: { text: 'Støtte til ADL.' } }) },
  'GET /healthz': { allow: 'everyone', params: none },
  'GET /robots.txt': { allow: 'everyone', params: none },
  'GET /design': { allow: 'everyone', params: none },
  'GET /readyz': { allow: 'everyone', params: none },
  // Only with the operator's METRICS_TOKEN (not a role): 404 to every session.
  'GET /metrics': { allow: [], params: none },
  'GET /': { allow: 'everyone', params: none },
  'POST /role': { allow: signedIn, params: none, body: { role: 'citizen' }, valid: async (_app, w, person) => ({ body: { role: roleOfPerson(w, person) } }) },
  // Following a notice leads on (a redirect) to its thing; another's notice is not found.
  'GET /notices/:noticeId': { allow: signedIn, objectScoped: true, params: whatsNewParams, skipAllowedCheck: true },
  'POST /notices/seen': { allow: signedIn, params: none },
  'GET /sign-up': { allow: 'everyone', params: none },
  'POST /sign-up': {
    allow: 'everyone',
    params: none,
    valid: async () => ({ body: { chosenName: 'Sara', username: uniqueName('signup'), password: PASSWORD } }),
  },
  'GET /sign-in': { allow: 'everyone', params: none },
  'POST /sign-in': { allow: 'everyone', params: none, valid: async (_app, w) => ({ body: { username: w.citizenB.username, password: PASSWORD } }) },
  // Only a half-signed-in staff member (password given, code not yet) uses these.
  'GET /sign-in/code': { allow: [], params: none },
  'POST /sign-in/code': {
    allow: [],
    params: none,
    valid: async (app) => {
      const username = uniqueName('staff');
      const user = await provisionUser(app.deps, { username, chosenName: 'Medarbejder', password: PASSWORD, kind: 'staff', withTotp: true, memberships: [] });
      const as = new Client(app.url);
      await as.post('/sign-in', { username, password: PASSWORD });
      return { as, body: { code: totpAt(user.totpSecret!, currentStep()) } };
    },
  },
  'POST /sign-out': {
    allow: 'everyone',
    params: none,
    valid: async (app) => ({ as: (await signIn(app, { kind: 'citizen' })).client, lands: '/sign-in?signedOut=1' }),
  },
  'POST /language': { allow: 'everyone', params: none, valid: async () => ({ body: { locale: 'en', returnTo: '/write' } }) },
  'GET /account': { allow: signedIn, params: none },
  'GET /account/name': { allow: citizenOnly, params: none },
  'POST /account/name': { allow: citizenOnly, params: none, body: { chosenName: 'Indtrængeren' } },
  'GET /account/passkeys': { allow: signedIn, params: none },
  // A form kept after the person's sign-in ended: each person's own, found by their browser's token.
  'GET /kept': { allow: signedIn, params: none },
  'POST /kept/:id/send': {
    allow: signedIn,
    objectScoped: true,
    params: async (app, w, whose) => ({ id: await keptFormOf(app, whose === 'own' ? w.citizenA.id : w.citizenB.id) }),
    valid: async (app, _w, person) => ({ params: { id: await keptFormOf(app, person!.id) } }),
  },
  'POST /kept/:id/discard': {
    allow: signedIn,
    objectScoped: true,
    params: async (app, w, whose) => ({ id: await keptFormOf(app, whose === 'own' ? w.citizenA.id : w.citizenB.id) }),
    valid: async (app, _w, person) => ({ params: { id: await keptFormOf(app, person!.id) } }),
  },
  'POST /account/sign-out-everywhere': {
    allow: signedIn,
    params: none,
    valid: async (app, w, person) => ({ as: (await sameKind(app, w, me(person))).client, lands: '/sign-in?signedOut=1' }),
  },
  'POST /account/passkeys/options': { allow: signedIn, params: none, json: {} },
  'POST /account/passkeys': {
    allow: signedIn,
    params: none,
    json: { challengeId: 'x', response: { id: 'x', rawId: 'x', type: 'public-key' } },
    // A person just signed in: adding a passkey needs a recent confirmation of who one is.
    valid: async (app, w, person) => {
      const fresh = await recentKind(app, w, me(person));
      const key = softPasskey(app.url);
      const options = JSON.parse((await fresh.client.postJson('/account/passkeys/options', {})).text) as {
        challengeId: string;
        options: { challenge: string };
      };
      return { as: fresh.client, json: key.register(options.challengeId, options.options.challenge) };
    },
  },
  'POST /account/passkeys/:id/delete': {
    allow: signedIn,
    objectScoped: true,
    params: async (app, w, whose) => ({ id: await storedPasskey(app, whose === 'own' ? w.citizenA.id : w.citizenB.id) }),
    valid: async (app, w, person) => {
      const fresh = await recentKind(app, w, me(person));
      return { as: fresh.client, params: { id: await storedPasskey(app, fresh.id) } };
    },
  },
  'POST /sign-in/passkey/options': { allow: 'everyone', params: none, json: {}, valid: async () => ({ json: {} }) },
  'POST /sign-in/passkey': {
    allow: 'everyone',
    params: none,
    json: { challengeId: 'x', response: { id: 'x', rawId: 'x', type: 'public-key' } },
    valid: async (app, w) => {
      const key = softPasskey(app.url);
      await app.deps.db
        .insertInto('passkeys')
        .values({ id: key.id, user_id: w.citizenB.id, public_key: key.publicKey, counter: 0, transports: ['internal'] })
        .execute();
      const as = new Client(app.url);
      const options = JSON.parse((await as.postJson('/sign-in/passkey/options', {})).text) as { challengeId: string; options: { challenge: string } };
      return { as, json: key.signIn(options.challengeId, options.options.challenge) };
    },
  },
  // Everyone may set up a second factor: staff must, citizens may.
  'GET /account/second-factor': { allow: signedIn, params: none },
  'POST /account/second-factor': {
    allow: signedIn,
    params: none,
    valid: async (app, w, person) => {
      const fresh = await recentKind(app, w, me(person));
      const page = (await fresh.client.get('/account/second-factor')).text;
      const secret = page.match(/<code class="secret">([A-Z2-7]+)<\/code>/)?.[1];
      if (!secret) throw new Error('no second-factor set-up on the page');
      return { as: fresh.client, body: { code: totpAt(base32Decode(secret), currentStep()) } };
    },
  },
  'POST /account/second-factor/cancel': { allow: signedIn, params: none },
  // Turning the app off: citizens, for whom it is optional (one without an app changes nothing).
  'POST /account/second-factor/remove': {
    allow: citizenOnly,
    params: none,
    valid: async (app) => ({ as: (await signIn(app, { kind: 'citizen' })).client, lands: '/account?secondFactorRemoved=1' }),
  },
  // "Confirm it is you" before changing how one signs in.
  'GET /account/confirm': { allow: signedIn, params: none },
  'POST /account/confirm': {
    allow: signedIn,
    params: none,
    body: { password: 'not the password', returnTo: '/account' },
    valid: async (app, w, person) => {
      const fresh = await withAppCode(app, w, me(person));
      // The next step's code: the one given at sign-in cannot be used again.
      return { as: fresh.client, body: { password: PASSWORD, code: fresh.secret ? totpAt(fresh.secret, currentStep() + 1) : '', returnTo: '/account' } };
    },
  },
  'GET /account/password': { allow: signedIn, params: none },
  'POST /account/password': {
    allow: signedIn,
    params: none,
    body: { password: 'kaffe cykel regn vindue' },
    valid: async (app, w, person) => ({ as: (await recentKind(app, w, me(person))).client, body: { password: 'kaffe cykel regn vindue' } }),
  },
  'GET /account/recovery-codes': { allow: signedIn, params: none },
  'POST /account/recovery-codes': {
    allow: signedIn,
    params: none,
    valid: async (app, w, person) => ({ as: (await recentKind(app, w, me(person))).client }),
  },
  // The ways back in: open to everyone, and each needs something only the person has.
  'GET /forgot-password': { allow: 'everyone', params: none },
  'POST /forgot-password': {
    allow: 'everyone',
    params: none,
    valid: async (app) => {
      const fresh = await signIn(app, { kind: 'citizen' });
      const code = (await fresh.client.post('/account/recovery-codes', {})).text.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/)?.[0];
      if (!code) throw new Error('no recovery code on the page');
      return {
        as: new Client(app.url),
        body: { username: fresh.username, recoveryCode: code, password: 'kaffe cykel regn vindue' },
        lands: '/sign-in?passwordReset=1',
      };
    },
  },
  'POST /forgot-password/email': { allow: 'everyone', params: none, valid: async () => ({ body: { emailUsername: uniqueName('ingen') } }) },
  'GET /reset-password/:token': { allow: 'everyone', params: fakeToken },
  'POST /reset-password/:token': {
    allow: 'everyone',
    params: fakeToken,
    // The real token only goes by mail; this one is stored as the mail's would be.
    valid: async (app, w) => {
      const token = crypto.randomBytes(32).toString('base64url');
      await app.deps.db
        .insertInto('password_resets')
        .values({ token_hash: hashToken(token), user_id: w.citizenB.id, expires_at: new Date(Date.now() + 30 * 60_000) })
        .execute();
      return { params: { token }, body: { password: 'kaffe cykel regn vindue' }, lands: '/sign-in?passwordReset=1' };
    },
  },
  'GET /invitation/:token': { allow: 'everyone', params: fakeToken },
  'POST /invitation/:token': {
    allow: 'everyone',
    params: fakeToken,
    valid: async (_app, w) => {
      const page = await w.coordinatorA.client.post(`/organisation/${w.orgA.id}/invitations`, { role: 'peer', siteId: w.orgA.siteId });
      const token = page.text.match(/\/invitation\/([A-Za-z0-9_-]{43})/)?.[1];
      if (!token) throw new Error(`no invitation link: ${page.status}`);
      return { params: { token }, body: { chosenName: 'Mads', username: uniqueName('invited'), password: PASSWORD }, lands: '/account/second-factor' };
    },
  },
  // A coordinator (or admin) resets a staff member's lost second factor: a member of their own organisation.
  'GET /organisation/:orgId/members/:userId/second-factor': { allow: ['coordinator', 'admin'], objectScoped: true, params: memberOf },
  'POST /organisation/:orgId/members/:userId/second-factor': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: memberOf,
    valid: async (app, w, person) => {
      const fresh = await recentKind(app, w, me(person));
      const member = await lostPhone(app, w);
      return { as: fresh.client, params: { orgId: w.orgA.id, userId: member.id } };
    },
  },
  // Signing in with an organisation's own login (OpenID Connect): its coordinators and admins set
  // it up; anyone may start signing in there; staff link their own account to their organisation's.
  'GET /organisation/:orgId/sign-in': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/sign-in': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { issuer: 'https://login.example.dk', clientId: 'egne-ord', clientSecret: 'a secret', matchClaim: 'email', mfaFromAmr: 'on' },
  },
  'POST /organisation/:orgId/sign-in/delete': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    valid: async (app, w) => {
      await storedIdentityProvider(app, w.orgA.id);
      return { params: { orgId: w.orgA.id } };
    },
  },
  'GET /sign-in/organisation/:orgId': { allow: 'everyone', params: orgOf },
  'GET /sign-in/broker': { allow: 'everyone', params: none },
  'GET /sign-in/oidc/callback': { allow: 'everyone', params: none },
  'GET /account/sign-in-methods': { allow: signedIn, params: none },
  'POST /account/sign-in-methods/link': {
    allow: team,
    params: none,
    body: { target: noOrganisation, password: PASSWORD },
    noValidCase: 'it sends the person to a running OpenID provider: tests/integration/oidc.test.ts walks it against one',
  },
  'POST /account/sign-in-methods/unlink': {
    allow: team,
    params: none,
    body: { target: noOrganisation },
    valid: async (app, w, person) => {
      await storedIdentityProvider(app, w.orgA.id);
      await app.deps.db
        .insertInto('staff_identities')
        .values({ organisation_id: w.orgA.id, identity_hash: uniqueName('identity'), user_id: me(person).id })
        .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
        .execute();
      return { body: { target: w.orgA.id } };
    },
  },
  'GET /organisation': { allow: ['coordinator'], params: none, skipAllowedCheck: true },
  'GET /organisation/:orgId': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/sites': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { name: 'Intruder site' } },
  'POST /organisation/:orgId/invitations': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { role: 'coordinator', siteId: '' },
    valid: async (_app, w) => ({ params: { orgId: w.orgA.id }, body: { role: 'peer', siteId: w.orgA.siteId } }),
  },
  // An organisation's own sheet templates: its coordinators and admins.
  'GET /organisation/:orgId/templates': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'GET /organisation/:orgId/templates/new': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'GET /organisation/:orgId/templates/:templateId/edit': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgTemplate },
  'POST /organisation/:orgId/templates': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { 'title.da': 'Intruder sheet' },
    valid: async (app, w, person) => {
      const builtin = await personalStatementTemplateId(app);
      const page = await me(person).client.get(`/organisation/${w.orgA.id}/templates/new?from=${builtin}`);
      return {
        params: { orgId: w.orgA.id },
        body: { ...formOf(page.text, `/organisation/${w.orgA.id}/templates`), 'title.da': `Vores ark ${uniqueName('')}` },
      };
    },
  },
  // An organisation's own questionnaires (builder): its coordinators and admins.
  'GET /organisation/:orgId/questionnaires/new': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'GET /organisation/:orgId/questionnaires/:questionnaireId/edit': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgQuestionnaire },
  'POST /organisation/:orgId/questionnaires': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { 'title.da': 'Intruder questionnaire' },
    valid: async (_app, w) => ({
      params: { orgId: w.orgA.id },
      body: {
        'title.da': 'Efter caféen',
        'title.en': 'After the café',
        'intro.da': 'Et par spørgsmål.',
        'intro.en': 'A few questions.',
        audience: 'citizen',
        licenceNote: 'CC BY 4.0',
        'i0.type': 'yesNo',
        'i0.key': 'again',
        'i0.text.da': 'Vil du komme igen?',
        'i0.text.en': 'Would you come again?',
      },
    }),
  },
  'GET /admin': { allow: ['admin'], params: none },
  'GET /admin/users': { allow: ['admin'], params: none },
  'POST /admin/users/:userId/disable': { allow: ['admin'], params: async (_app, w) => ({ userId: w.citizenB.id }), body: { enable: '1' } },
  'POST /admin/organisations': { allow: ['admin'], params: none, body: { name: 'Intruder org', kind: 'other' } },
  // Peer network newsletter: anyone signs up; links are capabilities; coordinators and admins write issues.
  'GET /newsletter': { allow: 'everyone', params: none },
  'POST /newsletter': {
    allow: 'everyone',
    params: none,
    body: { address: 'not an address' },
    valid: async () => ({ body: { address: `${uniqueName('reader')}@example.org` } }),
  },
  'GET /newsletter/confirm/:token': { allow: 'everyone', params: fakeToken },
  'POST /newsletter/confirm/:token': {
    allow: 'everyone',
    params: fakeToken,
    valid: async (app) => {
      return { params: { token: (await pendingSubscriber(app)).confirm } };
    },
  },
  'GET /newsletter/unsubscribe/:token': { allow: 'everyone', params: fakeToken },
  'POST /newsletter/unsubscribe/:token': {
    allow: 'everyone',
    params: fakeToken,
    valid: async (app) => {
      return { params: { token: (await pendingSubscriber(app)).unsubscribe } };
    },
  },
  'GET /newsletter/issues': { allow: ['coordinator', 'admin'], params: none },
  'POST /newsletter/issues': {
    allow: ['coordinator', 'admin'],
    params: none,
    body: { subject: '', body: '' },
    valid: async () => ({ body: { subject: 'Nyt fra netværket', body: 'Vi mødes i Odense.' } }),
  },
  // Sharing practice: peers and coordinators of every organisation read and reply; peers post;
  // only a coordinator of the note's organisation hides or shows it.
  'GET /practice': { allow: ['peer', 'coordinator'], params: none },
  'POST /practice': {
    allow: ['peer'],
    params: none,
    body: { organisationId: '00000000-0000-4000-8000-000000000000', title: 'Intruder', kind: 'worked', text: 'Intruder' },
    valid: async (_app, w) => ({ body: { organisationId: w.orgA.id, title: 'Kaffe først', kind: 'worked', text: 'Vi starter med kaffe.' } }),
  },
  'GET /practice/:noteId': { allow: ['peer', 'coordinator'], params: practiceNote },
  'POST /practice/:noteId/comments': { allow: ['peer', 'coordinator'], params: practiceNote, body: { text: 'Intruder' } },
  'POST /practice/:noteId/hide': { allow: ['coordinator'], objectScoped: true, params: practiceNote },
  'POST /practice/:noteId/show': { allow: ['coordinator'], objectScoped: true, params: practiceNote },
  // Learning groups: peers and coordinators of every organisation list, make and join groups;
  // only a group's admitted members read and reply there; only its hosts admit and remove.
  'GET /groups': { allow: ['peer', 'coordinator'], params: none },
  'POST /groups': { allow: ['peer', 'coordinator'], params: none, body: { name: 'Matrix-gruppe', purpose: '', admission: 'open' } },
  'GET /groups/:groupId': { allow: ['peer', 'coordinator'], objectScoped: true, params: groupParams },
  'POST /groups/:groupId/join': {
    allow: ['peer', 'coordinator'],
    params: groupParams,
    valid: async (_app, w) => ({ params: { groupId: await groupBy(w.peerB, 'open', 'Åben gruppe') } }),
  },
  'POST /groups/:groupId/leave': {
    allow: ['peer', 'coordinator'],
    params: groupParams,
    valid: async (_app, w, person) => {
      const groupId = await groupBy(w.peerB, 'open', 'Gruppe at forlade');
      await me(person).client.post(`/groups/${groupId}/join`, {});
      return { params: { groupId } };
    },
  },
  'POST /groups/:groupId/members/:userId/admit': {
    allow: ['peer', 'coordinator'],
    objectScoped: true,
    params: groupMemberParams,
    valid: async (_app, w, person) => {
      const groupId = await groupBy(me(person), 'request', 'Gruppe med spørgsmål');
      await w.peerB.client.post(`/groups/${groupId}/join`, {});
      return { params: { groupId, userId: w.peerB.id } };
    },
  },
  'POST /groups/:groupId/members/:userId/remove': {
    allow: ['peer', 'coordinator'],
    objectScoped: true,
    params: groupMemberParams,
    valid: async (_app, w, person) => {
      const groupId = await groupBy(me(person), 'open', 'Gruppe at fjerne fra');
      await w.peerB.client.post(`/groups/${groupId}/join`, {});
      return { params: { groupId, userId: w.peerB.id } };
    },
  },
  'POST /groups/:groupId/reflections/:reflectionId/replies': {
    allow: ['peer', 'coordinator'],
    objectScoped: true,
    params: groupReflectionParams,
    body: { text: 'Tak, det vil jeg prøve.' },
  },
  'POST /groups/:groupId/replies/:replyId/delete': {
    allow: ['peer', 'coordinator'],
    objectScoped: true,
    params: groupReplyParams,
    valid: async (app, w, person) => {
      const { groupId, reflectionId } = await groupReflectionParams(app, w, 'own');
      await me(person).client.post(`/groups/${groupId}/reflections/${reflectionId}/replies`, { text: 'Et svar at slette' });
      const reply = await app.deps.db
        .selectFrom('reflection_replies')
        .select('id')
        .where('author_id', '=', me(person).id)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      return { params: { groupId, replyId: reply.id } };
    },
  },
  // Guides: published guides for everyone; an organisation's own guides for its coordinators.
  'GET /guides': { allow: 'everyone', params: none },
  'GET /guides/:guideId': { allow: 'everyone', params: guideOf },
  'GET /guides/:guideId/pdf': { allow: 'everyone', params: guideOf },
  'POST /guides/:guideId/notes': { allow: citizenOnly, params: guideOf, body: { item: '0' } },
  'GET /notes': { allow: citizenOnly, params: none },
  'POST /notes/:noteId/done': { allow: citizenOnly, objectScoped: true, params: noteOf, body: { done: 'yes' } },
  'POST /notes/:noteId/remove': {
    allow: citizenOnly,
    objectScoped: true,
    params: noteOf,
    valid: async (app, w, person) => {
      const { guideId } = await guideOf(app, w, 'own');
      await me(person).client.post(`/guides/${guideId}/notes`, { item: '0' });
      return {
        params: {
          noteId: (
            await app.deps.db
              .selectFrom('guide_notes')
              .select('id')
              .where('citizen_id', '=', me(person).id)
              .orderBy('created_at', 'desc')
              .executeTakeFirstOrThrow()
          ).id,
        },
      };
    },
  },
  'GET /organisation/:orgId/guides': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/guides': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { title: 'Intruder guide', language: 'da', body: 'x' },
  },
  'GET /organisation/:orgId/guides/:guideId/edit': { allow: ['coordinator', 'admin'], objectScoped: true, params: guideOf },
  'POST /organisation/:orgId/guides/:guideId': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: guideOf,
    body: { title: 'Intruder', language: 'da', body: 'x' },
  },
  'POST /organisation/:orgId/guides/:guideId/publish': { allow: ['coordinator', 'admin'], objectScoped: true, params: guideOf, body: { publish: 'no' } },
  // Only the starter guides Egne ord ships are copied: another organisation's guide is not found.
  'POST /organisation/:orgId/guides/:guideId/copy': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: guideOf,
    valid: async (app, w) => {
      const starter = await app.deps.db.selectFrom('guides').select('id').where('starter_key', 'is not', null).executeTakeFirstOrThrow();
      return { params: { orgId: w.orgA.id, guideId: starter.id } };
    },
  },
  // Team self-assessment: the organisation's staff; admins may look at the combined result.
  'GET /assessment': { allow: staff, params: none },
  'POST /organisation/:orgId/assessments': {
    allow: ['coordinator', 'admin'],
    objectScoped: true,
    params: orgOf,
    body: { title: 'Intruder round', heldOn: '2026-01-01', siteId: '00000000-0000-4000-8000-000000000000' },
    valid: async (_app, w) => ({ params: { orgId: w.orgA.id }, body: { title: 'Forårsrunde', heldOn: '2026-01-01', siteId: w.orgA.siteId } }),
  },
  'GET /assessment/:roundId': { allow: staff, objectScoped: true, params: assessmentOf },
  'GET /assessment/:roundId/answer': { allow: team, objectScoped: true, params: assessmentOf },
  'POST /assessment/:roundId/answer': {
    allow: team,
    objectScoped: true,
    params: assessmentOf,
    body: {},
    valid: async (app, w) => ({ params: { roundId: await freshAssessmentRound(app, w.orgA) }, body: Object.fromEntries(ITEMS.map((i) => [i.key, '3'])) }),
  },
  'POST /assessment/:roundId/actions': {
    allow: team,
    objectScoped: true,
    params: assessmentOf,
    body: { text: 'Intruder action' },
    valid: async (app, w) => ({ params: { roundId: await freshAssessmentRound(app, w.orgA) }, body: { text: 'Vi holder et fælles møde.' } }),
  },
  'POST /assessment/:roundId/close': { allow: ['coordinator', 'admin'], objectScoped: true, params: assessmentOf, body: { confirm: 'yes' } },
};
