import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { SupportCommentsTable } from '../db/schema.ts';
import type { ShareRow } from './meetings.ts';

export type SupportCommentRow = Selectable<SupportCommentsTable>;

export async function insertSupportComment(
  db: Executor,
  c: { ownerId: string; meetingId: string; shareId: string; authorUserId: string | null; authorName: Uint8Array; body: Uint8Array; now: Date },
): Promise<SupportCommentRow> {
  return db
    .insertInto('support_comments')
    .values({
      owner_id: c.ownerId,
      meeting_id: c.meetingId,
      share_id: c.shareId,
      author_user_id: c.authorUserId,
      author_name: c.authorName,
      body: c.body,
      created_at: c.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function supportCommentsOfMeeting(db: Executor, meetingId: string): Promise<SupportCommentRow[]> {
  return db.selectFrom('support_comments').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').execute();
}

export function supportCommentsOfShare(db: Executor, shareId: string): Promise<SupportCommentRow[]> {
  return db.selectFrom('support_comments').selectAll().where('share_id', '=', shareId).orderBy('created_at').execute();
}

export function findSupportComment(db: Executor, id: string): Promise<SupportCommentRow | undefined> {
  return db.selectFrom('support_comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteSupportComment(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('support_comments').where('id', '=', id).execute();
}

/** Support shares addressed to a person's account that still work. */
function activeSupportSharesFor(db: Executor, userId: string, now: Date) {
  return db
    .selectFrom('shares')
    .where('recipient_user_id', '=', userId)
    .where('kind', '=', 'support')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now);
}

export function supportSharesForRecipient(db: Executor, userId: string, now: Date): Promise<ShareRow[]> {
  return activeSupportSharesFor(db, userId, now).selectAll().orderBy('created_at', 'desc').execute();
}

export async function countSupportSharesFor(db: Executor, userId: string, now: Date): Promise<number> {
  const row = await activeSupportSharesFor(db, userId, now)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
