import type { EventInput } from '../../domain/events/event-input.ts';
import type { Executor, Tx } from '../db/database.ts';
import type { EventSignupsTable } from '../db/schema.ts';

type SignupStatus = EventSignupsTable['status'];

// Events of the peer network, their sign-ups and the notices sent about them.

interface SignupRow {
  event_id: string;
  user_id: string;
  status: SignupStatus;
  signed_up_at: Date;
}

export function signupsOfEvents(db: Executor, eventIds: string[]): Promise<SignupRow[]> {
  return db.selectFrom('event_signups').select(['event_id', 'user_id', 'status', 'signed_up_at']).where('event_id', 'in', eventIds).execute();
}

function eventQuery(db: Executor) {
  return db
    .selectFrom('network_events')
    .innerJoin('organisations', 'organisations.id', 'network_events.organisation_id')
    .selectAll('network_events')
    .select('organisations.name as organisation_name');
}

export type EventWithOrganisationRow = Awaited<ReturnType<ReturnType<typeof eventQuery>['executeTakeFirstOrThrow']>>;

/** Events that end after `now`, soonest first. */
export function eventsEndingAfter(db: Executor, now: Date): Promise<EventWithOrganisationRow[]> {
  return eventQuery(db).where('network_events.ends_at', '>', now).orderBy('network_events.starts_at').orderBy('network_events.id').execute();
}

export function findEventWithOrganisation(db: Executor, eventId: string): Promise<EventWithOrganisationRow | undefined> {
  return eventQuery(db).where('network_events.id', '=', eventId).executeTakeFirst();
}

export function attendeeNames(db: Executor, eventId: string): Promise<{ id: string; chosen_name: string }[]> {
  return db
    .selectFrom('event_signups')
    .innerJoin('users', 'users.id', 'event_signups.user_id')
    .select(['users.id', 'users.chosen_name'])
    .where('event_signups.event_id', '=', eventId)
    .execute();
}

export function findEventOrganiser(db: Executor, eventId: string): Promise<{ id: string; title: string; organisation_id: string } | undefined> {
  return db.selectFrom('network_events').select(['id', 'title', 'organisation_id']).where('id', '=', eventId).executeTakeFirst();
}

export async function insertEvent(db: Executor, e: EventInput & { createdBy: string }): Promise<string> {
  const row = await db
    .insertInto('network_events')
    .values({
      organisation_id: e.organisationId,
      created_by: e.createdBy,
      title: e.title,
      description: e.description,
      starts_at: e.startsAt,
      ends_at: e.endsAt,
      place: e.place,
      online_url: e.onlineUrl,
      capacity: e.capacity,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The event with a row lock (SELECT … FOR UPDATE): sign-ups, cancellations and deletion of one
 * event happen one after the other, so two people never both get the last seat.
 */
export function lockEvent(tx: Tx, eventId: string) {
  return tx.selectFrom('network_events').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst();
}

export function signupsOfEvent(db: Executor, eventId: string): Promise<{ user_id: string; status: SignupStatus; signed_up_at: Date }[]> {
  return db.selectFrom('event_signups').select(['user_id', 'status', 'signed_up_at']).where('event_id', '=', eventId).execute();
}

export async function giveSeats(db: Executor, eventId: string, userIds: string[]): Promise<void> {
  await db.updateTable('event_signups').set({ status: 'seat' }).where('event_id', '=', eventId).where('user_id', 'in', userIds).execute();
}

export async function insertSignup(db: Executor, eventId: string, userId: string, status: SignupStatus): Promise<void> {
  await db.insertInto('event_signups').values({ event_id: eventId, user_id: userId, status }).execute();
}

/** Removes the person's sign-up; false if they had none. */
export async function deleteSignup(db: Executor, eventId: string, userId: string): Promise<boolean> {
  const removed = await db.deleteFrom('event_signups').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export async function deleteEventRow(db: Executor, eventId: string): Promise<void> {
  await db.deleteFrom('network_events').where('id', '=', eventId).execute();
}

export async function insertNotices(
  db: Executor,
  notices: { userId: string; kind: 'seat' | 'cancelled'; eventId: string | null; eventTitle: string; startsAt: Date }[],
): Promise<void> {
  await db
    .insertInto('event_notices')
    .values(notices.map((n) => ({ user_id: n.userId, kind: n.kind, event_id: n.eventId, event_title: n.eventTitle, starts_at: n.startsAt })))
    .execute();
}

export function noticesOf(db: Executor, userId: string) {
  return db.selectFrom('event_notices').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Deletes the person's own notice; false if there was none. */
export async function deleteNotice(db: Executor, noticeId: string, userId: string): Promise<boolean> {
  const removed = await db.deleteFrom('event_notices').where('id', '=', noticeId).where('user_id', '=', userId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export function calendarFacts(db: Executor, eventId: string) {
  return db
    .selectFrom('network_events')
    .select(['id', 'title', 'description', 'starts_at', 'ends_at', 'place', 'online_url', 'created_at'])
    .where('id', '=', eventId)
    .executeTakeFirst();
}
