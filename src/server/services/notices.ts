import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { NoticeKind } from '../db/schema.ts';
import { authorize, can } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { countUnseenNotices, findNotice, markNoticesSeen, noticesFor, unseenNotices, type NoticeTarget } from '../repositories/notices.ts';

// "What's new". A notice holds no words of anyone's, only what happened and to which thing, so
// reading and marking one is the person's own bookkeeping: no audit row (the action that made
// the notice was audited when it happened).

/** One line of "what's new": notices of one kind about one thing by one person, newest first. */
export interface NoticeItem {
  /** The newest of them: following it leads to the thing. */
  id: string;
  kind: NoticeKind;
  createdAt: Date;
  seen: boolean;
  /** How many notices the line stands for. */
  count: number;
  actorName: string | null;
}

/** How many lines the home page shows, and how many notices it reads to make them. */
const SHOWN = 8;
const READ = 40;

export async function unseenNoticeCount(deps: AppDeps, actor: Actor): Promise<number> {
  if (!can(actor, 'account.use') || actor.kind !== 'user') return 0;
  return countUnseenNotices(deps.db, actor.id);
}

export async function latestNotices(deps: AppDeps, actor: Actor): Promise<NoticeItem[]> {
  authorize(actor, 'account.use');
  const lines = new Map<string, NoticeItem>();
  for (const r of await noticesFor(deps.db, actor.id, READ)) {
    // Seen and unseen stay apart: "3 new" must not count the ones already seen.
    const group = `${r.kind}:${r.subject_id}:${r.actor_id ?? ''}:${r.seen_at === null}`;
    const line = lines.get(group);
    if (line) line.count++;
    else lines.set(group, { id: r.id, kind: r.kind, createdAt: r.created_at, seen: r.seen_at !== null, count: 1, actorName: r.actor_name });
  }
  return [...lines.values()].slice(0, SHOWN);
}

/** Where a notice leads: to the thing it is about, where the person acts on it. */
function targetOf(row: NoticeTarget): string {
  switch (row.kind) {
    case 'suggestion':
      return `/statements/${row.subject_id}/suggestions`;
    case 'plan':
      return `/meetings/${row.subject_id}`;
    case 'share_viewed':
      return row.meeting_id ? `/meetings/${row.meeting_id}` : '/meetings';
    case 'note_answer':
      return `/practice/${row.subject_id}`;
    case 'support_comment':
      return `/meetings/${row.subject_id}#support`;
    case 'support_share':
      return `/support/${row.subject_id}`;
    case 'peer_offer':
      return `/peers/answer/${row.subject_id}`;
    case 'session_comment':
      return '/peer/sessions';
    case 'group_reply':
    case 'group_join':
      return `/groups/${row.subject_id}`;
    case 'assessment_round':
      return `/assessment/${row.subject_id}`;
  }
}

/** Following a notice marks it seen and leads to its thing; someone else's notice is not found. */
export async function openNotice(deps: AppDeps, actor: Actor, noticeId: string): Promise<string> {
  authorize(actor, 'account.use');
  const row = await findNotice(deps.db, noticeId);
  // Someone else's notice is answered as if it did not exist: its id tells nothing.
  if (!row || !can(actor, 'notice.own', { recipientId: row.recipient_id })) throw new NotFound();
  if (row.seen_at === null) await markNoticesSeen(deps.db, actor.id, deps.now(), [row.id]);
  return targetOf(row);
}

/**
 * Opening the thing a notice is about is seeing it, whether or not the person came by the
 * notice: the notices that lead to this path are marked seen. The unseen count after that.
 */
export async function seeNoticesAt(deps: AppDeps, actor: Actor, path: string): Promise<number> {
  const unseen = await unseenNoticeCount(deps, actor);
  if (unseen === 0 || actor.kind !== 'user') return unseen;
  const here = (await unseenNotices(deps.db, actor.id)).filter((row) => targetOf(row) === path).map((row) => row.id);
  return unseen - (await markNoticesSeen(deps.db, actor.id, deps.now(), here));
}

export async function markAllNoticesSeen(deps: AppDeps, actor: Actor): Promise<void> {
  authorize(actor, 'account.use');
  await markNoticesSeen(deps.db, actor.id, deps.now());
}
