import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../db/database.ts';
import type { FollowUpsTable, MeetingPlansTable, MeetingsTable, SharesTable, ShareKind, StatementSnapshotsTable } from '../db/schema.ts';

export type MeetingRow = Selectable<MeetingsTable>;
export type SnapshotRow = Selectable<StatementSnapshotsTable>;
export type ShareRow = Selectable<SharesTable>;
export type FollowUpRow = Selectable<FollowUpsTable>;
export type PlanRow = Selectable<MeetingPlansTable>;

export function meetingsOf(db: Executor, ownerId: string): Promise<MeetingRow[]> {
  return db.selectFrom('meetings').selectAll().where('owner_id', '=', ownerId).orderBy('starts_at').execute();
}

export function findMeeting(db: Executor, id: string): Promise<MeetingRow | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMeetingForUpdate(db: Tx, id: string): Promise<MeetingRow | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertMeeting(
  db: Executor,
  m: {
    ownerId: string;
    startsAt: Date;
    withWhom: Uint8Array;
    purpose: Uint8Array;
    siteId: string | null;
    statementId: string | null;
    reminder: boolean;
    now: Date;
  },
): Promise<MeetingRow> {
  return db
    .insertInto('meetings')
    .values({
      owner_id: m.ownerId,
      starts_at: m.startsAt,
      with_whom: m.withWhom,
      purpose: m.purpose,
      site_id: m.siteId,
      statement_id: m.statementId,
      reminder: m.reminder,
      updated_at: m.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setMeetingSnapshot(db: Executor, meetingId: string, snapshotId: string, now: Date): Promise<void> {
  await db.updateTable('meetings').set({ snapshot_id: snapshotId, updated_at: now }).where('id', '=', meetingId).execute();
}

/** False when the check-in had already been offered. */
export async function setCheckInOffered(db: Executor, meetingId: string): Promise<boolean> {
  const updated = await db
    .updateTable('meetings')
    .set({ check_in_offered: true })
    .where('id', '=', meetingId)
    .where('check_in_offered', '=', false)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** False when the check-in was not open (answered, or asked before): it is answered once. */
export async function setCheckInAnswered(db: Executor, meetingId: string): Promise<boolean> {
  const updated = await db.updateTable('meetings').set({ check_in: 'answered' }).where('id', '=', meetingId).where('check_in', '=', 'open').executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** The day the citizen wants to be reminded to mark progress, or null for no reminder. */
export async function setProgressReminder(db: Executor, meetingId: string, on: string | null): Promise<void> {
  await db.updateTable('meetings').set({ progress_reminder_on: on }).where('id', '=', meetingId).execute();
}

export async function deleteMeeting(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('meetings').where('id', '=', id).execute();
}

/** Meetings due for a reminder: tomorrow, asked for, not yet reminded. */
export function meetingsDueForReminder(db: Executor, from: Date, to: Date): Promise<MeetingRow[]> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('reminder', '=', true)
    .where('reminder_sent_at', 'is', null)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .execute();
}

/** Claims the reminder; false when another instance already did, so it goes out once. */
export async function claimReminder(db: Executor, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('meetings').set({ reminder_sent_at: at }).where('id', '=', id).where('reminder_sent_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSnapshot(
  db: Executor,
  s: {
    ownerId: string;
    meetingId: string | null;
    statementId: string;
    statementRevision: number;
    templateId: string;
    purpose: Uint8Array;
    answers: Uint8Array;
  },
): Promise<SnapshotRow> {
  return db
    .insertInto('statement_snapshots')
    .values({
      owner_id: s.ownerId,
      meeting_id: s.meetingId,
      statement_id: s.statementId,
      statement_revision: s.statementRevision,
      template_id: s.templateId,
      purpose: s.purpose,
      answers: s.answers,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findSnapshot(db: Executor, id: string): Promise<SnapshotRow | undefined> {
  return db.selectFrom('statement_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertShare(
  db: Executor,
  s: {
    ownerId: string;
    snapshotId: string;
    meetingId: string;
    tokenHash: string;
    recipientUserId: string | null;
    recipientLabel: Uint8Array | null;
    allowPlan: boolean;
    expiresAt: Date;
    kind?: ShareKind;
    allowComment?: boolean;
  },
): Promise<ShareRow> {
  return db
    .insertInto('shares')
    .values({
      owner_id: s.ownerId,
      snapshot_id: s.snapshotId,
      meeting_id: s.meetingId,
      token_hash: s.tokenHash,
      recipient_user_id: s.recipientUserId,
      recipient_label: s.recipientLabel,
      allow_plan: s.allowPlan,
      expires_at: s.expiresAt,
      kind: s.kind ?? 'professional',
      allow_comment: s.allowComment ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function sharesOfMeeting(db: Executor, meetingId: string): Promise<ShareRow[]> {
  return db.selectFrom('shares').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at', 'desc').execute();
}

export function findShareByTokenHash(db: Executor, tokenHash: string): Promise<ShareRow | undefined> {
  return db.selectFrom('shares').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function findShare(db: Executor, id: string): Promise<ShareRow | undefined> {
  return db.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
}

export function sharesForRecipient(db: Executor, userId: string, now: Date): Promise<ShareRow[]> {
  return db
    .selectFrom('shares')
    .selectAll()
    .where('recipient_user_id', '=', userId)
    .where('kind', '=', 'professional')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeShare(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('shares').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Closes every open share of the owner's addressed to one account; the ids closed. */
export async function revokeSharesTo(db: Executor, share: { ownerId: string; recipientUserId: string }, at: Date): Promise<string[]> {
  const rows = await db
    .updateTable('shares')
    .set({ revoked_at: at })
    .where('owner_id', '=', share.ownerId)
    .where('recipient_user_id', '=', share.recipientUserId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function pointSharesAt(db: Executor, meetingId: string, snapshotId: string): Promise<void> {
  await db.updateTable('shares').set({ snapshot_id: snapshotId }).where('meeting_id', '=', meetingId).where('revoked_at', 'is', null).execute();
}

export async function meetingIdsWithFollowUp(db: Executor, ownerId: string): Promise<string[]> {
  return (await db.selectFrom('follow_ups').select('meeting_id').where('owner_id', '=', ownerId).execute()).map((r) => r.meeting_id);
}

export function findFollowUp(db: Executor, meetingId: string): Promise<FollowUpRow | undefined> {
  return db.selectFrom('follow_ups').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
}

/** Inserts the follow-up once; a second submission of a first version finds the row there. */
export async function insertFollowUp(
  db: Executor,
  f: { meetingId: string; ownerId: string; content: Uint8Array; withPeer: boolean; now: Date },
): Promise<FollowUpRow | undefined> {
  return db
    .insertInto('follow_ups')
    .values({ meeting_id: f.meetingId, owner_id: f.ownerId, content: f.content, with_peer: f.withPeer, updated_at: f.now })
    .onConflict((oc) => oc.column('meeting_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateFollowUp(
  db: Executor,
  meetingId: string,
  expectedRevision: number,
  content: Uint8Array,
  withPeer: boolean,
  now: Date,
): Promise<number | null> {
  const row = await db
    .updateTable('follow_ups')
    .set((eb) => ({ content, with_peer: withPeer, revision: eb('revision', '+', 1), updated_at: now }))
    .where('meeting_id', '=', meetingId)
    .where('revision', '=', expectedRevision)
    .returning('revision')
    .executeTakeFirst();
  return row?.revision ?? null;
}

export function findPlan(db: Executor, meetingId: string): Promise<PlanRow | undefined> {
  return db.selectFrom('meeting_plans').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
}

// Sites a meeting can be at: the place is the meeting's, so the lookups live with meetings.

export async function siteExists(db: Executor, id: string): Promise<boolean> {
  return !!(await db.selectFrom('sites').select('id').where('id', '=', id).executeTakeFirst());
}

export function sitesWithOrganisation(db: Executor): Promise<{ id: string; name: string; org: string }[]> {
  return db
    .selectFrom('sites')
    .innerJoin('organisations', 'organisations.id', 'sites.organisation_id')
    .select(['sites.id', 'sites.name', 'organisations.name as org'])
    .orderBy('organisations.name')
    .orderBy('sites.name')
    .limit(500)
    .execute();
}

/** Every snapshot made for a meeting, oldest first: the current one and those it replaced. */
export function snapshotsOfMeeting(db: Executor, meetingId: string): Promise<SnapshotRow[]> {
  return db.selectFrom('statement_snapshots').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').execute();
}
