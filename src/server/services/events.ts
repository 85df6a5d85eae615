import type { Transaction } from 'kysely';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Database } from '../db/schema.ts';
import { NotFound } from '../errors.ts';
import { managedOrganisations, requireNetworkMember, requireOrganisationManager } from '../policy/legacy.ts';
import { listOrganisations } from '../repositories/organisations.ts';
import { promotions, statusForNewSignup, waitingPosition, type Signup, type SignupStatus } from '../../domain/events/waiting-list.ts';
import type { EventInput } from '../../domain/events/event-input.ts';
import { audit } from './audit.ts';

// Events of the peer network (a national gathering, a webinar, a course). Coordinators publish
// them for their organisation; peers and staff from every organisation sign up. Citizens are not
// part of the network (see requireNetworkMember).
//
// Seats: every sign-up, cancellation and deletion takes a row lock on the event
// (SELECT … FOR UPDATE) first, so they happen one after the other per event. Two people asking
// for the last seat at the same moment: the second waits for the first to commit, then counts
// the seats again and goes on the waiting list.

type Trx = Transaction<Database>;

export interface EventSummary {
  id: string;
  organisationId: string;
  organisationName: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
  seats: number;
  waiting: number;
  myStatus: SignupStatus | null;
  myPosition: number | null;
  canManage: boolean;
}

export interface Attendee {
  name: string;
  status: SignupStatus;
  signedUpAt: Date;
  position: number | null;
}

export interface EventNotice {
  id: string;
  kind: 'seat' | 'cancelled';
  eventId: string | null;
  eventTitle: string;
  startsAt: Date;
}

function canManage(actor: Actor, organisationId: string): boolean {
  try {
    requireOrganisationManager(actor, organisationId);
    return true;
  } catch {
    return false;
  }
}

async function signupsOf(db: AppDeps['db'] | Trx, eventIds: string[]): Promise<Map<string, Signup[]>> {
  const map = new Map<string, Signup[]>();
  if (eventIds.length === 0) return map;
  const rows = await db.selectFrom('event_signups').select(['event_id', 'user_id', 'status', 'signed_up_at']).where('event_id', 'in', eventIds).execute();
  for (const r of rows) {
    const list = map.get(r.event_id) ?? [];
    list.push({ userId: r.user_id, status: r.status, signedUpAt: r.signed_up_at });
    map.set(r.event_id, list);
  }
  return map;
}

function eventQuery(db: AppDeps['db']) {
  return db
    .selectFrom('network_events')
    .innerJoin('organisations', 'organisations.id', 'network_events.organisation_id')
    .selectAll('network_events')
    .select('organisations.name as organisation_name');
}

function summarise(actor: Actor & { kind: 'user' }, row: Awaited<ReturnType<ReturnType<typeof eventQuery>['executeTakeFirstOrThrow']>>, signups: Signup[]): EventSummary {
  const mine = signups.find((s) => s.userId === actor.id);
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    title: row.title,
    description: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.place,
    onlineUrl: row.online_url,
    capacity: row.capacity,
    seats: signups.filter((s) => s.status === 'seat').length,
    waiting: signups.filter((s) => s.status === 'waiting').length,
    myStatus: mine?.status ?? null,
    myPosition: waitingPosition(signups, actor.id),
    canManage: canManage(actor, row.organisation_id),
  };
}

/** Events that have not ended yet, soonest first, with the caller's own place on each. */
export async function upcomingEvents(deps: AppDeps, actor: Actor): Promise<EventSummary[]> {
  requireNetworkMember(actor);
  const rows = await eventQuery(deps.db).where('network_events.ends_at', '>', deps.now()).orderBy('network_events.starts_at').orderBy('network_events.id').execute();
  const signups = await signupsOf(deps.db, rows.map((r) => r.id));
  return rows.map((r) => summarise(actor, r, signups.get(r.id) ?? []));
}

export async function eventDetails(deps: AppDeps, actor: Actor, eventId: string): Promise<{ event: EventSummary; attendees: Attendee[] | null }> {
  requireNetworkMember(actor);
  const row = await eventQuery(deps.db).where('network_events.id', '=', eventId).executeTakeFirst();
  if (!row) throw new NotFound();
  const signups = (await signupsOf(deps.db, [row.id])).get(row.id) ?? [];
  const event = summarise(actor, row, signups);
  return { event, attendees: event.canManage ? await attendeesOf(deps, eventId, signups) : null };
}

async function attendeesOf(deps: AppDeps, eventId: string, signups: Signup[]): Promise<Attendee[]> {
  const names = await deps.db
    .selectFrom('event_signups')
    .innerJoin('users', 'users.id', 'event_signups.user_id')
    .select(['users.id', 'users.chosen_name'])
    .where('event_signups.event_id', '=', eventId)
    .execute();
  const nameOf = new Map(names.map((n) => [n.id, n.chosen_name]));
  const ordered = [...signups].sort((a, b) => a.signedUpAt.getTime() - b.signedUpAt.getTime() || (a.userId < b.userId ? -1 : 1));
  const seats = ordered.filter((s) => s.status === 'seat');
  const waiting = ordered.filter((s) => s.status === 'waiting');
  return [...seats, ...waiting].map((s) => ({ name: nameOf.get(s.userId) ?? '', status: s.status, signedUpAt: s.signedUpAt, position: waitingPosition(signups, s.userId) }));
}

/** The attendee list for the organiser's export. */
export async function attendeeList(deps: AppDeps, actor: Actor, eventId: string): Promise<{ title: string; attendees: Attendee[] }> {
  requireNetworkMember(actor);
  const event = await deps.db.selectFrom('network_events').select(['id', 'title', 'organisation_id']).where('id', '=', eventId).executeTakeFirst();
  if (!event) throw new NotFound();
  requireOrganisationManager(actor, event.organisation_id);
  const signups = (await signupsOf(deps.db, [eventId])).get(eventId) ?? [];
  await audit(deps.db, actor, 'event.export', null, { type: 'event', id: eventId });
  return { title: event.title, attendees: await attendeesOf(deps, eventId, signups) };
}

/** Organisations the caller may publish events for: their own as coordinator; every one for an admin. */
export async function organiserOptions(deps: AppDeps, actor: Actor): Promise<{ id: string; name: string }[]> {
  requireNetworkMember(actor);
  if (actor.isAdmin) return (await listOrganisations(deps.db)).map((o) => ({ id: o.id, name: o.name }));
  const ids = managedOrganisations(actor);
  return actor.memberships.filter((m) => m.role === 'coordinator' && ids.includes(m.organisationId)).map((m) => ({ id: m.organisationId, name: m.organisationName }));
}

export async function createEvent(deps: AppDeps, actor: Actor, input: EventInput): Promise<string> {
  requireOrganisationManager(actor, input.organisationId);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('network_events')
      .values({
        organisation_id: input.organisationId,
        created_by: actor.id,
        title: input.title,
        description: input.description,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        place: input.place,
        online_url: input.onlineUrl,
        capacity: input.capacity,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, 'event.create', null, { type: 'event', id: row.id });
    return row.id;
  });
}

async function lockEvent(trx: Trx, eventId: string) {
  const event = await trx.selectFrom('network_events').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst();
  if (!event) throw new NotFound();
  return event;
}

async function lockedSignups(trx: Trx, eventId: string): Promise<Signup[]> {
  const rows = await trx.selectFrom('event_signups').select(['user_id', 'status', 'signed_up_at']).where('event_id', '=', eventId).execute();
  return rows.map((r) => ({ userId: r.user_id, status: r.status, signedUpAt: r.signed_up_at }));
}

/** Moves the first on the waiting list into free seats and tells them so. Call with the event locked. */
async function fillFreeSeats(trx: Trx, event: { id: string; title: string; starts_at: Date; capacity: number }, signups: Signup[]): Promise<string[]> {
  const moved = promotions(event.capacity, signups);
  if (moved.length === 0) return [];
  await trx.updateTable('event_signups').set({ status: 'seat' }).where('event_id', '=', event.id).where('user_id', 'in', moved).execute();
  await trx
    .insertInto('event_notices')
    .values(moved.map((userId) => ({ user_id: userId, kind: 'seat' as const, event_id: event.id, event_title: event.title, starts_at: event.starts_at })))
    .execute();
  for (const s of signups) if (moved.includes(s.userId)) s.status = 'seat';
  return moved;
}

export type SignUpResult = { ok: true; status: SignupStatus } | { ok: false; reason: 'ended' };

/** A seat while there is one, else the waiting list. Signing up twice changes nothing. */
export async function signUp(deps: AppDeps, actor: Actor, eventId: string): Promise<SignUpResult> {
  requireNetworkMember(actor);
  return deps.db.transaction().execute(async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (event.starts_at.getTime() <= deps.now().getTime()) return { ok: false, reason: 'ended' } as const;
    const signups = await lockedSignups(trx, eventId);
    const existing = signups.find((s) => s.userId === actor.id);
    if (existing) return { ok: true, status: existing.status } as const;
    // A seat may have come free without a cancellation (a person's account was deleted).
    await fillFreeSeats(trx, event, signups);
    const status = statusForNewSignup(event.capacity, signups.filter((s) => s.status === 'seat').length);
    await trx.insertInto('event_signups').values({ event_id: eventId, user_id: actor.id, status }).execute();
    return { ok: true, status } as const;
  });
}

/** Gives up a seat or a place on the waiting list; the first waiting moves up in the same transaction. */
export async function cancelSignup(deps: AppDeps, actor: Actor, eventId: string): Promise<{ movedUp: number }> {
  requireNetworkMember(actor);
  return deps.db.transaction().execute(async (trx) => {
    const event = await lockEvent(trx, eventId);
    const removed = await trx.deleteFrom('event_signups').where('event_id', '=', eventId).where('user_id', '=', actor.id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return { movedUp: 0 };
    if (event.starts_at.getTime() <= deps.now().getTime()) return { movedUp: 0 };
    const moved = await fillFreeSeats(trx, event, await lockedSignups(trx, eventId));
    return { movedUp: moved.length };
  });
}

/** Deletes an event; everyone who had a seat or was waiting gets a notice that it is cancelled. */
export async function deleteEvent(deps: AppDeps, actor: Actor, eventId: string): Promise<{ told: number }> {
  requireNetworkMember(actor);
  return deps.db.transaction().execute(async (trx) => {
    const event = await lockEvent(trx, eventId);
    requireOrganisationManager(actor, event.organisation_id);
    const signups = await lockedSignups(trx, eventId);
    const told = signups.map((s) => s.userId);
    if (told.length > 0) {
      await trx
        .insertInto('event_notices')
        .values(told.map((userId) => ({ user_id: userId, kind: 'cancelled' as const, event_id: null, event_title: event.title, starts_at: event.starts_at })))
        .execute();
    }
    await trx.deleteFrom('network_events').where('id', '=', eventId).execute();
    await audit(trx, actor, 'event.delete', null, { type: 'event', id: eventId });
    return { told: told.length };
  });
}

export async function myNotices(deps: AppDeps, actor: Actor): Promise<EventNotice[]> {
  requireNetworkMember(actor);
  const rows = await deps.db.selectFrom('event_notices').selectAll().where('user_id', '=', actor.id).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, eventId: r.event_id, eventTitle: r.event_title, startsAt: r.starts_at }));
}

export async function dismissNotice(deps: AppDeps, actor: Actor, noticeId: string): Promise<void> {
  requireNetworkMember(actor);
  const removed = await deps.db.deleteFrom('event_notices').where('id', '=', noticeId).where('user_id', '=', actor.id).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new NotFound();
}

/** What the calendar file needs; any network member may download it. */
export async function calendarEvent(deps: AppDeps, actor: Actor, eventId: string) {
  requireNetworkMember(actor);
  const event = await deps.db.selectFrom('network_events').select(['id', 'title', 'description', 'starts_at', 'ends_at', 'place', 'online_url', 'created_at']).where('id', '=', eventId).executeTakeFirst();
  if (!event) throw new NotFound();
  return event;
}
