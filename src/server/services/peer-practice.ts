import { myPeerRequests, type PeerRequestView } from './peer-requests.ts';
import { CHIME_THEMES, SESSION_COMMENT_MAX, SESSION_KINDS } from '../../domain/peer/practice.ts';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { ActionLearningPhase, ChimeTheme, SessionKind } from '../db/schema.ts';
import { authorize, can, organisationsWhere, peerMembershipIn } from '../policy/policy.ts';
import { BadInput, NotFound } from '../errors.ts';
import { activeLink, upcomingMeetingsOfLinked } from '../repositories/peers.ts';
import {
  clearNotesOfPeer,
  deletePeerSession,
  findPeerSession,
  insertPeerSession,
  notesSharedWith,
  sessionCountsByPeer,
  sessionsOfPeer,
  sessionsWithCitizen,
} from '../repositories/peer-sessions.ts';
import { insertReflection, reflectionsOfPeer } from '../repositories/reflections.ts';
import { commentsOfCitizen, commentsOnSessionsOf, deleteSessionComment, upsertSessionComment } from '../repositories/peer-session-comments.ts';
import { checkReflectionTies, groupsToShareWith, roundsToReflectOn } from './learning-groups.ts';
import { deleteMemberships, findOrganisation, membersOf, organisationNames } from '../repositories/organisations.ts';
import { deleteSessionsOf } from '../repositories/sessions.ts';
import { findUserById } from '../repositories/users.ts';
import { ZONE, todayIn } from '../../domain/time/copenhagen.ts';
import { myPeers, peerCitizens, type CitizensPeerLink, type ConsentEvent, type LinkedCitizen } from './peer-links.ts';
import { nothingChanged, useCase } from './use-case.ts';
import { insertNotice } from '../repositories/notices.ts';

const NOTE = 'session.note';
const SESSION_COMMENT = 'session.comment';
const REFLECTION = 'reflection.content';

export interface Period {
  from: string;
  to: string;
}

export interface SessionInput {
  organisationId: string;
  occurredOn: string;
  durationMinutes: number;
  format: 'individual' | 'group';
  participants: number;
  kind: SessionKind;
  themes: ChimeTheme[];
  statementWorked: boolean;
  citizenId: string | null;
  note: string;
  noteShared: boolean;
}

/** The organisations where the actor works as a peer, by name: where they log, reflect and write from. */
export async function peerOrganisations(deps: AppDeps, actor: Actor): Promise<{ id: string; name: string }[]> {
  return organisationNames(deps.db, organisationsWhere(actor, 'peer.practise'));
}

/**
 * A peer deletes a session they logged (a wrong citizen, a note shared by mistake): the note goes
 * for the citizen too, and the citizen's comment on it. Logged for the citizen it was about.
 */
export async function deleteSession(deps: AppDeps, actor: Actor, sessionId: string): Promise<void> {
  authorize(actor, 'peer.practise', {});
  await useCase(deps, actor, 'session.delete', async ({ tx, audit }) => {
    const row = await findPeerSession(tx, sessionId);
    // Someone else's session is not found, the same as one that does not exist.
    if (!row || row.peer_user_id !== actor.id) throw new NotFound();
    await deletePeerSession(tx, row.id);
    await audit('session.delete', row.citizen_id, { type: 'session', id: row.id });
  });
}

/** Logs a session. A session can be logged for today (in Danish time) or earlier, never later. */
export async function logSession(deps: AppDeps, actor: Actor, input: SessionInput): Promise<string> {
  authorize(actor, 'peer.practise', { organisationId: input.organisationId });
  if (input.occurredOn > todayIn(ZONE, deps.now())) throw new BadInput({ occurredOn: 'sessions.dateInvalid' });
  if (input.citizenId) {
    const link = await activeLink(deps.db, actor.id, input.citizenId);
    authorize(actor, 'citizen.followAsPeer', { citizenId: input.citizenId, peerLink: link });
  }
  const peer = await findUserById(deps.db, actor.id);
  if (!peer) throw new NotFound();
  const membership = peerMembershipIn(actor, input.organisationId)!;
  const note = input.note.trim();
  return useCase(deps, actor, 'session.log', async ({ tx, audit }) => {
    const id = await insertPeerSession(tx, {
      organisation_id: input.organisationId,
      site_id: membership.siteId,
      peer_user_id: actor.id,
      citizen_id: input.format === 'individual' ? input.citizenId : null,
      occurred_on: input.occurredOn,
      duration_minutes: input.durationMinutes,
      format: input.format,
      participants: input.participants,
      kind: input.kind,
      themes: [...new Set(input.themes)],
      statement_worked: input.statementWorked,
      volunteer: membership.volunteer,
      note: note ? deps.keyring.sealText(peer.data_key, note, NOTE) : null,
      note_shared: input.noteShared && note !== '',
    });
    await audit('session.log', input.citizenId, { type: 'session', id });
    return id;
  });
}

/** A session as the log shows it: what was entered, with the citizen by name. */
export interface LoggedSession extends Omit<SessionInput, 'organisationId' | 'citizenId' | 'note'> {
  id: string;
  citizenName: string | null;
  note: string | null;
  /** What the citizen wrote about the session; filled in on the session log only. */
  citizenComment: string | null;
}

async function mySessions(deps: AppDeps, actor: Actor, period: Period): Promise<LoggedSession[]> {
  authorize(actor, 'peer.practise', {});
  const peer = await findUserById(deps.db, actor.id);
  if (!peer) throw new NotFound();
  const rows = await sessionsOfPeer(deps.db, actor.id, organisationsWhere(actor, 'peer.practise'), period);
  return rows.map((r) => ({
    id: r.id,
    occurredOn: r.day,
    durationMinutes: r.duration_minutes,
    format: r.format,
    participants: r.participants,
    kind: r.kind,
    themes: r.themes as ChimeTheme[],
    statementWorked: r.statement_worked,
    citizenName: r.citizen_name,
    note:
      r.note && can(actor, 'sessionNote.read', { peerUserId: r.peer_user_id, citizenId: r.citizen_id, noteShared: r.note_shared })
        ? deps.keyring.openText(peer.data_key, r.note, NOTE)
        : null,
    noteShared: r.note_shared,
    citizenComment: null,
  }));
}

/**
 * The citizens' comments on the peer's own sessions, read for the session log. Each citizen
 * whose comment is read sees it in their access log.
 */
async function withCitizenComments(deps: AppDeps, actor: Actor, sessions: LoggedSession[]): Promise<LoggedSession[]> {
  authorize(actor, 'peer.practise', {});
  const found = await commentsOnSessionsOf(
    deps.db,
    actor.id,
    sessions.map((s) => s.id),
  );
  const readable = found.filter((c) => can(actor, 'sessionComment.read', { citizenId: c.citizen_id, peerUserId: c.peer_user_id }));
  if (readable.length === 0) return sessions;
  const comments = await useCase(deps, actor, 'session.commentsRead', async ({ audit }) => {
    for (const c of readable) await audit('session.comment_read', c.citizen_id, { type: 'session_comment', id: c.id });
    return new Map(readable.map((c) => [c.session_id, deps.keyring.openText(c.citizen_key, c.body, SESSION_COMMENT)]));
  });
  return sessions.map((s) => ({ ...s, citizenComment: comments.get(s.id) ?? null }));
}

export interface PeerFigures {
  sessions: number;
  minutes: number;
  individual: number;
  group: number;
  groupParticipants: number;
  byKind: Record<SessionKind, number>;
  byTheme: Record<ChimeTheme, number>;
  statementsWorkedOn: number;
  meetingsPrepared: number;
  linkedCitizens: number;
}

/** The peer's own figures for a period, computed from their logged sessions. */
function figuresOf(sessions: LoggedSession[], linkedCitizens: number): PeerFigures {
  const byKind = Object.fromEntries(SESSION_KINDS.map((k) => [k, 0])) as Record<SessionKind, number>;
  const byTheme = Object.fromEntries(CHIME_THEMES.map((k) => [k, 0])) as Record<ChimeTheme, number>;
  let minutes = 0;
  let individual = 0;
  let group = 0;
  let groupParticipants = 0;
  let statementsWorkedOn = 0;
  for (const s of sessions) {
    byKind[s.kind]++;
    for (const t of s.themes) byTheme[t]++;
    minutes += s.durationMinutes;
    if (s.format === 'group') {
      group++;
      groupParticipants += s.participants;
    } else individual++;
    if (s.statementWorked) statementsWorkedOn++;
  }
  return {
    sessions: sessions.length,
    minutes,
    individual,
    group,
    groupParticipants,
    byKind,
    byTheme,
    statementsWorkedOn,
    meetingsPrepared: byKind.meeting_preparation,
    linkedCitizens,
  };
}

export interface UpcomingMeeting {
  startsAt: Date;
  citizenName: string;
}

export interface PeerOverview {
  citizens: LinkedCitizen[];
  upcoming: UpcomingMeeting[];
  /** The latest sessions, whatever the period. */
  recent: LoggedSession[];
  figures: PeerFigures;
  organisations: { id: string; name: string }[];
}

/** The peer's start page: linked citizens, their upcoming meetings, recent sessions and the period's figures. */
export async function peerOverview(deps: AppDeps, actor: Actor, period: Period): Promise<PeerOverview> {
  const citizens = await peerCitizens(deps, actor);
  const sessions = await mySessions(deps, actor, period);
  const recent = await mySessions(deps, actor, { from: '2000-01-01', to: todayIn(ZONE, deps.now()) });
  const upcoming = await upcomingMeetingsOfLinkedCitizens(
    deps,
    actor,
    citizens.map((c) => c.citizenId),
  );
  return { citizens, upcoming, recent, figures: figuresOf(sessions, citizens.length), organisations: await peerOrganisations(deps, actor) };
}

/** The session log: the form's choices and the period's sessions. */
export async function sessionLog(
  deps: AppDeps,
  actor: Actor,
  period: Period,
): Promise<{ sessions: LoggedSession[]; citizens: LinkedCitizen[]; organisations: { id: string; name: string }[] }> {
  const sessions = await withCitizenComments(deps, actor, await mySessions(deps, actor, period));
  return { sessions, citizens: await peerCitizens(deps, actor), organisations: await peerOrganisations(deps, actor) };
}

/** The one-page summary a peer prints: who, where, and the period's figures (no names of citizens). */
export async function peerSummary(deps: AppDeps, actor: Actor, period: Period): Promise<{ peerName: string; organisations: string[]; figures: PeerFigures }> {
  authorize(actor, 'peer.practise', {});
  const citizens = await peerCitizens(deps, actor);
  const figures = figuresOf(await mySessions(deps, actor, period), citizens.length);
  return { peerName: actor.chosenName, organisations: (await peerOrganisations(deps, actor)).map((o) => o.name), figures };
}

export interface NoteFromPeer {
  id: string;
  day: string;
  peerName: string;
  note: string;
}

/** Notes a peer chose to share with this citizen. */
export async function notesSharedWithMe(deps: AppDeps, actor: Actor): Promise<NoteFromPeer[]> {
  authorize(actor, 'citizen.act');
  const rows = await notesSharedWith(deps.db, actor.id);
  return rows
    .filter((r) => r.note && can(actor, 'sessionNote.read', { peerUserId: r.peer_user_id, citizenId: r.citizen_id, noteShared: r.note_shared }))
    .map((r) => ({ id: r.id, day: r.day, peerName: r.peer_name, note: deps.keyring.openText(r.peer_key, r.note!, NOTE) }));
}

/** The citizen's own comment on a session: theirs to write, change and delete; the peer reads it. */
export interface MyComment {
  id: string;
  text: string;
  updatedAt: Date;
}

/** A session a peer logged with the citizen, as the citizen may see it: never the peer's private note. */
export interface SessionAboutMe {
  id: string;
  day: string;
  /** Null when the peer's account is gone. */
  peerName: string | null;
  organisationName: string;
  kind: SessionKind;
  format: 'individual' | 'group';
  durationMinutes: number;
  themes: ChimeTheme[];
  statementWorked: boolean;
  myComment: MyComment | null;
}

/** What peers wrote in their logs about sessions with this citizen (the date, kind and themes), with the citizen's own comments. */
export async function sessionsAboutMe(deps: AppDeps, actor: Actor): Promise<SessionAboutMe[]> {
  authorize(actor, 'citizen.act');
  const me = await findUserById(deps.db, actor.id);
  if (!me) throw new NotFound();
  return useCase(deps, actor, 'session.list', async ({ tx, audit }) => {
    const rows = await sessionsWithCitizen(tx, actor.id);
    const comments = new Map((await commentsOfCitizen(tx, actor.id)).map((c) => [c.session_id, c]));
    await audit('session.list', actor.id);
    return rows.map((r) => {
      const c = comments.get(r.id);
      return {
        id: r.id,
        day: r.day,
        peerName: r.peer_name,
        organisationName: r.organisation_name,
        kind: r.kind,
        format: r.format,
        durationMinutes: r.duration_minutes,
        themes: r.themes as ChimeTheme[],
        statementWorked: r.statement_worked,
        myComment: c ? { id: c.id, text: deps.keyring.openText(me.data_key, c.body, SESSION_COMMENT), updatedAt: c.updated_at } : null,
      };
    });
  });
}

/** A session about the citizen with the note the peer shared with them, if any. */
export interface SessionAboutMeWithNote extends SessionAboutMe {
  sharedNote: string | null;
}

/** The citizen's page "sessions with my peer": every entry about them, the shared notes and their own comments. */
export async function sessionsAboutMePage(deps: AppDeps, actor: Actor): Promise<SessionAboutMeWithNote[]> {
  const sessions = await sessionsAboutMe(deps, actor);
  const notes = new Map((await notesSharedWithMe(deps, actor)).map((n) => [n.id, n.note]));
  return sessions.map((s) => ({ ...s, sharedNote: notes.get(s.id) ?? null }));
}

export type SessionCommentResult = { ok: true } | { ok: false; reason: 'empty' | 'tooLong' };

/** The session, if this citizen may comment on it; otherwise it does not exist for them. */
async function sessionToCommentOn(deps: AppDeps, actor: Actor, sessionId: string): Promise<{ citizenId: string; peerUserId: string | null }> {
  authorize(actor, 'citizen.act');
  const session = await findPeerSession(deps.db, sessionId);
  if (!session || !can(actor, 'sessionComment.write', { citizenId: session.citizen_id })) throw new NotFound();
  return { citizenId: actor.id, peerUserId: session.peer_user_id };
}

/** Writes (or replaces) the citizen's comment on a session a peer logged with them. */
export async function saveMyComment(deps: AppDeps, actor: Actor, sessionId: string, text: string): Promise<SessionCommentResult> {
  const { citizenId, peerUserId } = await sessionToCommentOn(deps, actor, sessionId);
  const body = text.trim();
  if (!body) return { ok: false, reason: 'empty' };
  if (body.length > SESSION_COMMENT_MAX) return { ok: false, reason: 'tooLong' };
  const me = await findUserById(deps.db, citizenId);
  if (!me) throw new NotFound();
  return useCase(deps, actor, 'session.comment', async ({ tx, now, audit }) => {
    const id = await upsertSessionComment(tx, { sessionId, citizenId: me.id, body: deps.keyring.sealText(me.data_key, body, SESSION_COMMENT), now });
    await audit('session.comment', me.id, { type: 'session_comment', id });
    if (peerUserId) await insertNotice(tx, { recipientId: peerUserId, actorId: me.id, kind: 'session_comment', subjectId: sessionId, now });
    return { ok: true };
  });
}

/** Deletes the citizen's comment on a session. */
export async function deleteMyComment(deps: AppDeps, actor: Actor, sessionId: string): Promise<void> {
  const { citizenId } = await sessionToCommentOn(deps, actor, sessionId);
  await useCase(deps, actor, 'session.commentDelete', async ({ tx, audit }) => {
    if (!(await deleteSessionComment(tx, sessionId, citizenId))) nothingChanged();
    await audit('session.comment_delete', citizenId, { type: 'session', id: sessionId });
  });
}

/** The citizen's page about their peers: links, consent history and the notes peers shared. */
export async function myPeersOverview(
  deps: AppDeps,
  actor: Actor,
): Promise<{ links: CitizensPeerLink[]; events: ConsentEvent[]; notes: NoteFromPeer[]; requests: PeerRequestView[] }> {
  const { links, events } = await myPeers(deps, actor);
  return { links, events, notes: await notesSharedWithMe(deps, actor), requests: await myPeerRequests(deps, actor) };
}

export interface VolunteerCount {
  /** Null when the person's account is gone. */
  name: string | null;
  volunteer: boolean;
  sessions: number;
  minutes: number;
}

/** A volunteer coordinator sees how many sessions each volunteer logged — never the notes — and who may be removed. */
export async function volunteersOverview(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  period: Period,
): Promise<{ counts: VolunteerCount[]; peers: { userId: string; name: string }[] }> {
  authorize(actor, 'organisation.manage', { organisationId });
  const counts = await sessionCountsByPeer(deps.db, organisationId, period);
  if (!(await findOrganisation(deps.db, organisationId))) throw new NotFound();
  const members = await membersOf(deps.db, organisationId);
  return {
    counts: counts.map((r) => ({ name: r.chosen_name, volunteer: r.volunteer, sessions: Number(r.sessions), minutes: Number(r.minutes ?? 0) })),
    peers: members.filter((m) => m.role === 'peer').map((m) => ({ userId: m.user_id, name: m.chosen_name })),
  };
}

/**
 * Removes a person's roles in an organisation. Their sign-ins end at once; the sessions they
 * logged stay for the organisation's figures, but without their private notes.
 */
export async function removeMember(deps: AppDeps, actor: Actor, organisationId: string, userId: string): Promise<void> {
  authorize(actor, 'organisation.removeMember', { organisationId, userId });
  await useCase(deps, actor, 'member.remove', async ({ tx, audit }) => {
    if (!(await deleteMemberships(tx, organisationId, userId))) throw new NotFound();
    await clearNotesOfPeer(tx, organisationId, userId);
    await deleteSessionsOf(tx, userId);
    await audit('member.remove', null, { type: 'organisation', id: organisationId });
  });
}

export interface ReflectionInput {
  organisationId: string;
  writtenOn: string;
  tried: string;
  happened: string;
  learned: string;
  /** The learning group it is shared with; null: the peer's own. */
  groupId: string | null;
  /** An action-learning round of the peer's organisations, and the phase of the cycle. */
  roundId: string | null;
  phase: ActionLearningPhase | null;
}

/** A reflection about the peer's own practice (never about a named citizen), shared with a group of theirs or kept. */
export async function addReflection(deps: AppDeps, actor: Actor, input: ReflectionInput): Promise<void> {
  authorize(actor, 'peer.practise', { organisationId: input.organisationId });
  await checkReflectionTies(deps, actor, input);
  const peer = await findUserById(deps.db, actor.id);
  if (!peer) throw new NotFound();
  const content = deps.keyring.sealJson(peer.data_key, { tried: input.tried, happened: input.happened, learned: input.learned }, REFLECTION);
  await useCase(deps, actor, 'reflection.create', async ({ tx, audit }) => {
    const id = await insertReflection(tx, {
      peerUserId: actor.id,
      organisationId: input.organisationId,
      writtenOn: input.writtenOn,
      content,
      groupId: input.groupId,
      roundId: input.roundId,
      phase: input.phase,
    });
    await audit('reflection.create', null, input.groupId ? { type: 'learning_group', id: input.groupId } : { type: 'reflection', id });
  });
}

export interface Reflection {
  id: string;
  writtenOn: string;
  /** The group it is shared with, by name; null: the peer's own. */
  groupName: string | null;
  groupId: string | null;
  /** Marked "shared with the learning group" before there were groups: now the peer's own until they choose one. */
  sharedBeforeGroups: boolean;
  roundTitle: string | null;
  phase: ActionLearningPhase | null;
  tried: string;
  happened: string;
  learned: string;
}

/** The peer's own reflections; those shared with a group are read there, by its members. */
async function reflectionsFor(deps: AppDeps, actor: Actor): Promise<Reflection[]> {
  authorize(actor, 'peer.practise', {});
  const rows = await reflectionsOfPeer(deps.db, actor.id);
  return rows.map((r) => {
    const c = deps.keyring.openJson<{ tried: string; happened: string; learned: string }>(r.data_key, r.content, REFLECTION);
    return {
      id: r.id,
      writtenOn: r.day,
      groupName: r.group_name,
      groupId: r.group_id,
      sharedBeforeGroups: r.shared_before_groups,
      roundTitle: r.round_title,
      phase: r.phase,
      ...c,
    };
  });
}

export interface ReflectionsPage {
  reflections: Reflection[];
  organisations: { id: string; name: string }[];
  groups: { id: string; name: string }[];
  rounds: { id: string; title: string; organisationName: string }[];
}

/** The reflections page: the peer's reflections, where they may write one from, and the groups and rounds to tie it to. */
export async function reflectionsPageData(deps: AppDeps, actor: Actor): Promise<ReflectionsPage> {
  return {
    reflections: await reflectionsFor(deps, actor),
    organisations: await peerOrganisations(deps, actor),
    groups: await groupsToShareWith(deps, actor),
    rounds: await roundsToReflectOn(deps, actor),
  };
}

/** Upcoming meetings of linked citizens: time only, as the consent says. Each citizen's list is audited. */
async function upcomingMeetingsOfLinkedCitizens(deps: AppDeps, actor: Actor, citizenIds: string[]): Promise<UpcomingMeeting[]> {
  authorize(actor, 'peer.practise', {});
  if (citizenIds.length === 0) return [];
  return useCase(deps, actor, 'meeting.list', async ({ tx, now, audit }) => {
    const rows = await upcomingMeetingsOfLinked(tx, actor.id, citizenIds, now);
    if (rows.length === 0) return nothingChanged([]);
    for (const id of new Set(rows.map((r) => r.owner_id))) await audit('meeting.list', id);
    return rows.map((r) => ({ startsAt: r.starts_at, citizenName: r.chosen_name }));
  });
}
