import { z } from 'zod';
import { sql } from 'kysely';
import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import type { ChimeTheme, SessionKind } from '../db/schema.ts';
import { canReadSessionNote, hasRole, requireCitizen, requireOrganisationManager, requirePeerLink, requireSignedIn } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { NotFound } from '../errors.ts';
import { activeLink } from '../repositories/peers.ts';
import { findUserById } from '../repositories/users.ts';
import { audit } from './audit.ts';

export const SESSION_KINDS: SessionKind[] = ['conversation', 'companionship', 'meeting_preparation', 'accompanying', 'other'];
export const CHIME_THEMES: ChimeTheme[] = ['connectedness', 'hope', 'identity', 'meaning', 'empowerment'];
const NOTE = 'session.note';
const REFLECTION = 'reflection.content';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

export const sessionInputSchema = z
  .object({
    organisationId: z.uuid(),
    occurredOn: isoDate,
    durationMinutes: z.number().int().min(1).max(720),
    format: z.enum(['individual', 'group']),
    participants: z.number().int().min(1).max(200),
    kind: z.enum(['conversation', 'companionship', 'meeting_preparation', 'accompanying', 'other']),
    themes: z.array(z.enum(['connectedness', 'hope', 'identity', 'meaning', 'empowerment'])).max(5),
    statementWorked: z.boolean(),
    citizenId: z.uuid().nullable(),
    note: z.string().max(5000),
    noteShared: z.boolean(),
  })
  .refine((s) => (s.format === 'individual' ? s.participants === 1 : s.participants >= 2), { path: ['participants'], message: 'participants' })
  .refine((s) => !s.noteShared || s.citizenId !== null, { path: ['noteShared'], message: 'noteShared' });

export type SessionInput = z.infer<typeof sessionInputSchema>;

function requirePeerIn(actor: Actor, organisationId: string): asserts actor is SignedInActor {
  requireSignedIn(actor);
  if (!hasRole(actor, 'peer', organisationId)) throw new AccessDenied();
}

export async function logSession(deps: AppDeps, actor: Actor, input: SessionInput): Promise<string> {
  requirePeerIn(actor, input.organisationId);
  const today = deps.now().toISOString().slice(0, 10);
  if (input.occurredOn > today) throw new AccessDenied();
  if (input.citizenId) {
    const link = await activeLink(deps.db, actor.id, input.citizenId);
    requirePeerLink(actor, link, input.citizenId);
  }
  const peer = await findUserById(deps.db, actor.id);
  if (!peer) throw new NotFound();
  const membership = actor.memberships.find((m) => m.role === 'peer' && m.organisationId === input.organisationId)!;
  const row = await deps.db
    .insertInto('peer_sessions')
    .values({
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
      note: input.note.trim() ? deps.keyring.sealText(peer.data_key, input.note.trim(), NOTE) : null,
      note_shared: input.noteShared && input.note.trim() !== '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(deps.db, actor, 'session.log', input.citizenId, { type: 'session', id: row.id });
  return row.id;
}

export interface LoggedSession {
  id: string;
  occurredOn: string;
  durationMinutes: number;
  format: 'individual' | 'group';
  participants: number;
  kind: SessionKind;
  themes: ChimeTheme[];
  statementWorked: boolean;
  citizenName: string | null;
  note: string | null;
  noteShared: boolean;
}

export async function mySessions(deps: AppDeps, actor: Actor, period: { from: string; to: string }): Promise<LoggedSession[]> {
  requireSignedIn(actor);
  if (!hasRole(actor, 'peer')) throw new AccessDenied();
  const peer = await findUserById(deps.db, actor.id);
  if (!peer) throw new NotFound();
  const orgIds = actor.memberships.filter((m) => m.role === 'peer').map((m) => m.organisationId);
  const rows = await deps.db
    .selectFrom('peer_sessions')
    .leftJoin('users', 'users.id', 'peer_sessions.citizen_id')
    .selectAll('peer_sessions')
    .select(['users.chosen_name as citizen_name', sql<string>`peer_sessions.occurred_on::text`.as('day')])
    .where('peer_user_id', '=', actor.id)
    .where('organisation_id', 'in', orgIds)
    .where('occurred_on', '>=', period.from)
    .where('occurred_on', '<=', period.to)
    .orderBy('occurred_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
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
    note: r.note && canReadSessionNote(actor, r) ? deps.keyring.openText(peer.data_key, r.note, NOTE) : null,
    noteShared: r.note_shared,
  }));
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
export function figuresOf(sessions: LoggedSession[], linkedCitizens: number): PeerFigures {
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
  return { sessions: sessions.length, minutes, individual, group, groupParticipants, byKind, byTheme, statementsWorkedOn, meetingsPrepared: byKind.meeting_preparation, linkedCitizens };
}

/** Notes a peer chose to share with this citizen. */
export async function notesSharedWithMe(deps: AppDeps, actor: Actor) {
  requireCitizen(actor);
  const rows = await deps.db
    .selectFrom('peer_sessions')
    .innerJoin('users', 'users.id', 'peer_sessions.peer_user_id')
    .select(['peer_sessions.id', 'peer_sessions.note', 'peer_sessions.note_shared', 'peer_sessions.peer_user_id', 'peer_sessions.citizen_id', sql<string>`peer_sessions.occurred_on::text`.as('day'), 'users.chosen_name as peer_name', 'users.data_key as peer_key'])
    .where('citizen_id', '=', actor.id)
    .where('note_shared', '=', true)
    .orderBy('occurred_on', 'desc')
    .execute();
  return rows
    .filter((r) => r.note && canReadSessionNote(actor, r))
    .map((r) => ({ id: r.id, day: r.day, peerName: r.peer_name, note: deps.keyring.openText(r.peer_key, r.note!, NOTE) }));
}

/** A volunteer coordinator sees how many sessions each volunteer logged — never the notes. */
export async function volunteerCounts(deps: AppDeps, actor: Actor, organisationId: string, period: { from: string; to: string }) {
  requireOrganisationManager(actor, organisationId);
  return deps.db
    .selectFrom('peer_sessions')
    .leftJoin('users', 'users.id', 'peer_sessions.peer_user_id')
    .select(['users.chosen_name', 'peer_sessions.volunteer', (eb) => eb.fn.countAll<string>().as('sessions'), (eb) => eb.fn.sum<string>('duration_minutes').as('minutes')])
    .where('organisation_id', '=', organisationId)
    .where('occurred_on', '>=', period.from)
    .where('occurred_on', '<=', period.to)
    .groupBy(['users.chosen_name', 'peer_sessions.volunteer'])
    .orderBy('users.chosen_name')
    .execute();
}

/**
 * Removes a person's roles in an organisation. Their sign-ins end at once; the sessions they
 * logged stay for the organisation's figures, but without their private notes.
 */
export async function removeMember(deps: AppDeps, actor: Actor, organisationId: string, userId: string): Promise<void> {
  requireOrganisationManager(actor, organisationId);
  if (actor.id === userId) throw new AccessDenied();
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('memberships').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new NotFound();
    await trx.updateTable('peer_sessions').set({ note: null, note_shared: false }).where('organisation_id', '=', organisationId).where('peer_user_id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await audit(trx, actor, 'member.remove', null, { type: 'organisation', id: organisationId });
  });
}

export const reflectionSchema = z.object({
  organisationId: z.uuid(),
  writtenOn: isoDate,
  tried: z.string().trim().max(3000),
  happened: z.string().trim().max(3000),
  learned: z.string().trim().max(3000),
  shared: z.boolean(),
});

export async function addReflection(deps: AppDeps, actor: Actor, input: z.infer<typeof reflectionSchema>): Promise<void> {
  requirePeerIn(actor, input.organisationId);
  const peer = await findUserById(deps.db, actor.id);
  if (!peer) throw new NotFound();
  const content = deps.keyring.sealJson(peer.data_key, { tried: input.tried, happened: input.happened, learned: input.learned }, REFLECTION);
  await deps.db.insertInto('reflections').values({ peer_user_id: actor.id, organisation_id: input.organisationId, written_on: input.writtenOn, content, shared_with_group: input.shared }).execute();
  await audit(deps.db, actor, 'reflection.create', null);
}

export interface Reflection {
  id: string;
  writtenOn: string;
  authorName: string;
  mine: boolean;
  shared: boolean;
  tried: string;
  happened: string;
  learned: string;
}

/** The peer's own reflections, and those other peers in the same organisation shared with the group. */
export async function reflectionsFor(deps: AppDeps, actor: Actor): Promise<Reflection[]> {
  requireSignedIn(actor);
  if (!hasRole(actor, 'peer')) throw new AccessDenied();
  const orgIds = actor.memberships.filter((m) => m.role === 'peer').map((m) => m.organisationId);
  const rows = await deps.db
    .selectFrom('reflections')
    .innerJoin('users', 'users.id', 'reflections.peer_user_id')
    .select(['reflections.id', 'reflections.peer_user_id', 'reflections.content', 'reflections.shared_with_group', sql<string>`reflections.written_on::text`.as('day'), 'users.chosen_name', 'users.data_key'])
    .where('reflections.organisation_id', 'in', orgIds)
    .where((eb) => eb.or([eb('reflections.peer_user_id', '=', actor.id), eb('reflections.shared_with_group', '=', true)]))
    .orderBy('reflections.written_on', 'desc')
    .execute();
  return rows.map((r) => {
    const c = deps.keyring.openJson<{ tried: string; happened: string; learned: string }>(r.data_key, r.content, REFLECTION);
    return { id: r.id, writtenOn: r.day, authorName: r.chosen_name, mine: r.peer_user_id === actor.id, shared: r.shared_with_group, ...c };
  });
}

/** Upcoming meetings of linked citizens: time only, as the consent says. */
export async function upcomingMeetingsOfLinked(deps: AppDeps, actor: Actor, citizenIds: string[]) {
  requireSignedIn(actor);
  if (citizenIds.length === 0) return [];
  const rows = await deps.db
    .selectFrom('meetings')
    .innerJoin('peer_links', (j) => j.onRef('peer_links.citizen_id', '=', 'meetings.owner_id').on('peer_links.peer_user_id', '=', actor.id).on('peer_links.withdrawn_at', 'is', null))
    .innerJoin('users', 'users.id', 'meetings.owner_id')
    .select(['meetings.id', 'meetings.starts_at', 'meetings.owner_id', 'users.chosen_name'])
    .where('meetings.owner_id', 'in', citizenIds)
    .where('meetings.starts_at', '>', deps.now())
    .orderBy('meetings.starts_at')
    .limit(50)
    .execute();
  for (const id of new Set(rows.map((r) => r.owner_id))) await audit(deps.db, actor, 'meeting.list', id);
  return rows;
}
