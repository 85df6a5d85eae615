import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import type { Tx } from '../db/database.ts';
import { BadInput, NotFound } from '../errors.ts';
import { authorize, can, organisationsWhere } from '../policy/policy.ts';
import { listOrganisations, organisationNames } from '../repositories/organisations.ts';
import {
  attendeeNames,
  calendarFacts,
  deleteEventRow,
  deleteNotice,
  deleteSignup,
  eventsEndingAfter,
  findEventOrganiser,
  findEventWithOrganisation,
  giveSeats,
  insertEvent,
  insertNotices,
  insertSignup,
  lockEvent as lockEventRow,
  noticesOf,
  signupsOfEvent,
  signupsOfEvents,
  type EventWithOrganisationRow,
} from '../repositories/events.ts';
import { promotions, statusForNewSignup, waitingPosition, type Signup, type SignupStatus } from '../../domain/events/waiting-list.ts';
import type { EventInput } from '../../domain/events/event-input.ts';
import { useCase, withoutAudit } from './use-case.ts';

// Events of the peer network (a national gathering, a webinar, a course). Coordinators publish
// them for their organisation; peers and staff from every organisation sign up. Citizens are not
// part of the network (the 'network.join' action).
//
// Seats: every sign-up, cancellation and deletion takes a row lock on the event
// (SELECT … FOR UPDATE) first, so they happen one after the other per event. Two people asking
// for the last seat at the same moment: the second waits for the first to commit, then counts
// the seats again and goes on the waiting list.

export interface EventSummary extends EventInput {
  id: string;
  organisationName: string;
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

async function signupsOf(db: AppDeps['db'] | Tx, eventIds: string[]): Promise<Map<string, Signup[]>> {
  const map = new Map<string, Signup[]>();
  if (eventIds.length === 0) return map;
  const rows = await signupsOfEvents(db, eventIds);
  for (const r of rows) {
    const list = map.get(r.event_id) ?? [];
    list.push({ userId: r.user_id, status: r.status, signedUpAt: r.signed_up_at });
    map.set(r.event_id, list);
  }
  return map;
}

function summarise(actor: SignedInActor, row: EventWithOrganisationRow, signups: Signup[]): EventSummary {
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
    canManage: can(actor, 'organisation.manage', { organisationId: row.organisation_id }),
  };
}

/** Events that have not ended yet, soonest first, with the caller's own place on each. */
async function upcomingEvents(deps: AppDeps, actor: Actor): Promise<EventSummary[]> {
  authorize(actor, 'network.join');
  const rows = await eventsEndingAfter(deps.db, deps.now());
  const signups = await signupsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => summarise(actor, r, signups.get(r.id) ?? []));
}

export interface EventsOverview {
  notices: EventNotice[];
  events: EventSummary[];
  /** Publishes events for an organisation (coordinators, admins). */
  canCreate: boolean;
  /** Reads the peer directory (linked from the events page). */
  canReadDirectory: boolean;
}

/** The events page: the caller's notices, the upcoming events, and what they may do from there. */
export async function eventsOverview(deps: AppDeps, actor: Actor): Promise<EventsOverview> {
  authorize(actor, 'network.join');
  return {
    notices: await myNotices(deps, actor),
    events: await upcomingEvents(deps, actor),
    canCreate: can(actor, 'organisation.manageSome'),
    canReadDirectory: can(actor, 'directory.read'),
  };
}

export async function eventDetails(deps: AppDeps, actor: Actor, eventId: string): Promise<{ event: EventSummary; attendees: Attendee[] | null }> {
  authorize(actor, 'network.join');
  const row = await findEventWithOrganisation(deps.db, eventId);
  if (!row) throw new NotFound();
  const signups = (await signupsOf(deps.db, [row.id])).get(row.id) ?? [];
  const event = summarise(actor, row, signups);
  return { event, attendees: event.canManage ? await attendeesOf(deps.db, eventId, signups) : null };
}

async function attendeesOf(db: AppDeps['db'] | Tx, eventId: string, signups: Signup[]): Promise<Attendee[]> {
  const names = await attendeeNames(db, eventId);
  const nameOf = new Map(names.map((n) => [n.id, n.chosen_name]));
  const ordered = [...signups].sort((a, b) => a.signedUpAt.getTime() - b.signedUpAt.getTime() || (a.userId < b.userId ? -1 : 1));
  const seats = ordered.filter((s) => s.status === 'seat');
  const waiting = ordered.filter((s) => s.status === 'waiting');
  return [...seats, ...waiting].map((s) => ({
    name: nameOf.get(s.userId) ?? '',
    status: s.status,
    signedUpAt: s.signedUpAt,
    position: waitingPosition(signups, s.userId),
  }));
}

/** The attendee list for the organiser's export. */
export async function attendeeList(deps: AppDeps, actor: Actor, eventId: string): Promise<{ title: string; attendees: Attendee[] }> {
  authorize(actor, 'network.join');
  const event = await findEventOrganiser(deps.db, eventId);
  if (!event) throw new NotFound();
  authorize(actor, 'organisation.manage', { organisationId: event.organisation_id });
  return useCase(deps, actor, 'event.export', async ({ tx, audit }) => {
    const signups = (await signupsOf(tx, [eventId])).get(eventId) ?? [];
    await audit('event.export', null, { type: 'event', id: eventId });
    return { title: event.title, attendees: await attendeesOf(tx, eventId, signups) };
  });
}

/** Organisations the caller may publish events for: their own as coordinator; every one for an admin. */
export async function organiserOptions(deps: AppDeps, actor: Actor): Promise<{ id: string; name: string }[]> {
  authorize(actor, 'network.join');
  if (can(actor, 'installation.administer')) return (await listOrganisations(deps.db)).map((o) => ({ id: o.id, name: o.name }));
  return organisationNames(deps.db, organisationsWhere(actor, 'organisation.manage'));
}

export async function createEvent(deps: AppDeps, actor: Actor, input: EventInput): Promise<string> {
  authorize(actor, 'organisation.manage', { organisationId: input.organisationId });
  if (input.startsAt.getTime() < deps.now().getTime()) throw new BadInput({ startsAt: 'events.errors.startInPast' });
  return useCase(deps, actor, 'event.create', async ({ tx, audit }) => {
    const id = await insertEvent(tx, { ...input, createdBy: actor.id });
    await audit('event.create', null, { type: 'event', id });
    return id;
  });
}

async function lockEvent(tx: Tx, eventId: string) {
  const event = await lockEventRow(tx, eventId);
  if (!event) throw new NotFound();
  return event;
}

async function lockedSignups(tx: Tx, eventId: string): Promise<Signup[]> {
  const rows = await signupsOfEvent(tx, eventId);
  return rows.map((r) => ({ userId: r.user_id, status: r.status, signedUpAt: r.signed_up_at }));
}

/** Moves the first on the waiting list into free seats and tells them so. Call with the event locked. */
async function fillFreeSeats(tx: Tx, event: { id: string; title: string; starts_at: Date; capacity: number }, signups: Signup[]): Promise<string[]> {
  const moved = promotions(event.capacity, signups);
  if (moved.length === 0) return [];
  await giveSeats(tx, event.id, moved);
  await insertNotices(
    tx,
    moved.map((userId) => ({ userId, kind: 'seat' as const, eventId: event.id, eventTitle: event.title, startsAt: event.starts_at })),
  );
  for (const s of signups) if (moved.includes(s.userId)) s.status = 'seat';
  return moved;
}

export type SignUpResult = { ok: true; status: SignupStatus } | { ok: false; reason: 'ended' };

/** A seat while there is one, else the waiting list. Signing up twice changes nothing. */
export async function signUp(deps: AppDeps, actor: Actor, eventId: string): Promise<SignUpResult> {
  authorize(actor, 'network.join');
  return withoutAudit(deps, 'a place at a network event', async ({ tx, now }) => {
    const event = await lockEvent(tx, eventId);
    if (event.starts_at.getTime() <= now.getTime()) return { ok: false, reason: 'ended' } as const;
    const signups = await lockedSignups(tx, eventId);
    const existing = signups.find((s) => s.userId === actor.id);
    if (existing) return { ok: true, status: existing.status } as const;
    // A seat may have come free without a cancellation (a person's account was deleted).
    await fillFreeSeats(tx, event, signups);
    const status = statusForNewSignup(event.capacity, signups.filter((s) => s.status === 'seat').length);
    await insertSignup(tx, eventId, actor.id, status);
    return { ok: true, status } as const;
  });
}

/** Gives up a seat or a place on the waiting list; the first waiting moves up in the same transaction. */
export async function cancelSignup(deps: AppDeps, actor: Actor, eventId: string): Promise<{ movedUp: number }> {
  authorize(actor, 'network.join');
  return withoutAudit(deps, 'a place at a network event', async ({ tx, now }) => {
    const event = await lockEvent(tx, eventId);
    if (!(await deleteSignup(tx, eventId, actor.id))) return { movedUp: 0 };
    if (event.starts_at.getTime() <= now.getTime()) return { movedUp: 0 };
    const moved = await fillFreeSeats(tx, event, await lockedSignups(tx, eventId));
    return { movedUp: moved.length };
  });
}

/** Deletes an event; everyone who had a seat or was waiting gets a notice that it is cancelled. */
export async function deleteEvent(deps: AppDeps, actor: Actor, eventId: string): Promise<{ told: number }> {
  authorize(actor, 'network.join');
  return useCase(deps, actor, 'event.delete', async ({ tx, audit }) => {
    // The organiser is read from the locked row: the event cannot change hands meanwhile.
    const event = await lockEvent(tx, eventId);
    authorize(actor, 'organisation.manage', { organisationId: event.organisation_id });
    const signups = await lockedSignups(tx, eventId);
    const told = signups.map((s) => s.userId);
    if (told.length > 0) {
      await insertNotices(
        tx,
        told.map((userId) => ({ userId, kind: 'cancelled' as const, eventId: null, eventTitle: event.title, startsAt: event.starts_at })),
      );
    }
    await deleteEventRow(tx, eventId);
    await audit('event.delete', null, { type: 'event', id: eventId });
    return { told: told.length };
  });
}

async function myNotices(deps: AppDeps, actor: Actor): Promise<EventNotice[]> {
  authorize(actor, 'network.join');
  const rows = await noticesOf(deps.db, actor.id);
  return rows.map((r) => ({ id: r.id, kind: r.kind, eventId: r.event_id, eventTitle: r.event_title, startsAt: r.starts_at }));
}

export async function dismissNotice(deps: AppDeps, actor: Actor, noticeId: string): Promise<void> {
  authorize(actor, 'network.join');
  if (!(await deleteNotice(deps.db, noticeId, actor.id))) throw new NotFound();
}

export interface CalendarEvent extends Omit<EventInput, 'organisationId' | 'capacity'> {
  id: string;
}

/** What the calendar file needs; any network member may download it. */
export async function calendarEvent(deps: AppDeps, actor: Actor, eventId: string): Promise<CalendarEvent> {
  authorize(actor, 'network.join');
  const event = await calendarFacts(deps.db, eventId);
  if (!event) throw new NotFound();
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    place: event.place,
    onlineUrl: event.online_url,
  };
}
