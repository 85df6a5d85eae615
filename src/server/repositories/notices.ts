import { prepare } from '../db/prepared.ts';
import type { Executor } from '../db/database.ts';
import type { NoticeKind } from '../db/schema.ts';

// In-app notices ("what's new"): a kind and the thing it is about, for one recipient.

export interface NewNotice {
  recipientId: string;
  actorId: string | null;
  kind: NoticeKind;
  subjectId: string;
  now: Date;
}

export async function insertNotice(db: Executor, n: NewNotice): Promise<void> {
  await db
    .insertInto('notices')
    .values({ recipient_id: n.recipientId, actor_id: n.actorId, kind: n.kind, subject_id: n.subjectId, created_at: n.now })
    .execute();
}

/** The same notice to several people, in one statement (a whole team told of a new round). */
export async function insertNoticeForEach(db: Executor, recipientIds: readonly string[], n: Omit<NewNotice, 'recipientId'>): Promise<void> {
  if (recipientIds.length === 0) return;
  await db
    .insertInto('notices')
    .values(recipientIds.map((recipientId) => ({ recipient_id: recipientId, actor_id: n.actorId, kind: n.kind, subject_id: n.subjectId, created_at: n.now })))
    .execute();
}

/** The first view of a share makes a notice; later views (and a simultaneous first one) make none. */
export async function insertFirstViewNotice(db: Executor, n: Omit<NewNotice, 'kind'>): Promise<void> {
  await db
    .insertInto('notices')
    .values({ recipient_id: n.recipientId, actor_id: n.actorId, kind: 'share_viewed', subject_id: n.subjectId, created_at: n.now })
    .onConflict((oc) => oc.column('subject_id').where('kind', '=', 'share_viewed').doNothing())
    .execute();
}

export interface NoticeRow {
  id: string;
  kind: NoticeKind;
  subject_id: string;
  actor_id: string | null;
  /** Who made it happen, as they chose to be called (null once they are erased). */
  actor_name: string | null;
  created_at: Date;
  seen_at: Date | null;
  /** The meeting a viewed share was made from (where the citizen sees the share). */
  meeting_id: string | null;
}

/**
 * The recipient's notices, newest first, leaving out those whose thing is gone (a deleted
 * statement or meeting, a revoked share's meeting deleted, a removed note).
 */
export async function noticesFor(db: Executor, recipientId: string, limit: number): Promise<NoticeRow[]> {
  return db
    .selectFrom('notices')
    .leftJoin('statements', (j) => j.onRef('statements.id', '=', 'notices.subject_id').on('notices.kind', '=', 'suggestion'))
    .leftJoin('meetings', (j) => j.onRef('meetings.id', '=', 'notices.subject_id').on('notices.kind', 'in', ['plan', 'support_comment']))
    .leftJoin('shares', (j) => j.onRef('shares.id', '=', 'notices.subject_id').on('notices.kind', 'in', ['share_viewed', 'support_share']))
    .leftJoin('practice_notes', (j) => j.onRef('practice_notes.id', '=', 'notices.subject_id').on('notices.kind', '=', 'note_answer'))
    .leftJoin('peer_requests', (j) => j.onRef('peer_requests.id', '=', 'notices.subject_id').on('notices.kind', '=', 'peer_offer'))
    .leftJoin('peer_sessions', (j) => j.onRef('peer_sessions.id', '=', 'notices.subject_id').on('notices.kind', '=', 'session_comment'))
    .leftJoin('learning_groups', (j) => j.onRef('learning_groups.id', '=', 'notices.subject_id').on('notices.kind', 'in', ['group_reply', 'group_join']))
    .leftJoin('assessment_rounds', (j) => j.onRef('assessment_rounds.id', '=', 'notices.subject_id').on('notices.kind', '=', 'assessment_round'))
    .leftJoin('users as actor', 'actor.id', 'notices.actor_id')
    .select([
      'notices.id',
      'notices.kind',
      'notices.subject_id',
      'notices.actor_id',
      'actor.chosen_name as actor_name',
      'notices.created_at',
      'notices.seen_at',
      'shares.meeting_id',
    ])
    .where('notices.recipient_id', '=', recipientId)
    .where((eb) =>
      eb.or([
        eb('statements.id', 'is not', null),
        eb('meetings.id', 'is not', null),
        eb('shares.meeting_id', 'is not', null),
        eb('practice_notes.id', 'is not', null),
        eb('peer_requests.id', 'is not', null),
        eb('peer_sessions.id', 'is not', null),
        eb('learning_groups.id', 'is not', null),
        eb('assessment_rounds.id', 'is not', null),
      ]),
    )
    .orderBy('notices.created_at', 'desc')
    .orderBy('notices.id', 'desc')
    .limit(limit)
    .execute();
}

// Runs on every page a signed-in person opens (the menu's count).
const unseenCount = prepare((db, recipientId: string) =>
  db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('recipient_id', '=', recipientId)
    .where('seen_at', 'is', null),
);

export async function countUnseenNotices(db: Executor, recipientId: string): Promise<number> {
  return Number((await unseenCount.first(db, recipientId))?.n ?? 0);
}

/** Where a notice leads: what it needs to know to make the path. */
export type NoticeTarget = Pick<NoticeRow, 'id' | 'kind' | 'subject_id' | 'meeting_id'>;

export async function findNotice(db: Executor, noticeId: string): Promise<(NoticeTarget & { recipient_id: string; seen_at: Date | null }) | undefined> {
  return db
    .selectFrom('notices')
    .leftJoin('shares', (j) => j.onRef('shares.id', '=', 'notices.subject_id').on('notices.kind', 'in', ['share_viewed', 'support_share']))
    .select(['notices.id', 'notices.recipient_id', 'notices.kind', 'notices.subject_id', 'notices.created_at', 'notices.seen_at', 'shares.meeting_id'])
    .where('notices.id', '=', noticeId)
    .executeTakeFirst();
}

/** The recipient's notices not seen yet, with what their paths need. */
export async function unseenNotices(db: Executor, recipientId: string): Promise<NoticeTarget[]> {
  return db
    .selectFrom('notices')
    .leftJoin('shares', (j) => j.onRef('shares.id', '=', 'notices.subject_id').on('notices.kind', '=', 'share_viewed'))
    .select(['notices.id', 'notices.kind', 'notices.subject_id', 'shares.meeting_id'])
    .where('notices.recipient_id', '=', recipientId)
    .where('notices.seen_at', 'is', null)
    .execute();
}

/** Marks some notices, or all of the recipient's, as seen; the number marked. */
export async function markNoticesSeen(db: Executor, recipientId: string, now: Date, noticeIds?: readonly string[]): Promise<number> {
  if (noticeIds?.length === 0) return 0;
  let q = db.updateTable('notices').set({ seen_at: now }).where('recipient_id', '=', recipientId).where('seen_at', 'is', null);
  if (noticeIds !== undefined) q = q.where('id', 'in', noticeIds);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks the recipient's notices of one kind about one thing as seen (all suggestions on a sheet answered). */
export async function markSubjectNoticesSeen(db: Executor, recipientId: string, kind: NoticeKind, subjectId: string, now: Date): Promise<void> {
  await db
    .updateTable('notices')
    .set({ seen_at: now })
    .where('recipient_id', '=', recipientId)
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('seen_at', 'is', null)
    .execute();
}
