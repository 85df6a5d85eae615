import type { AppDeps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize, shareLinkState } from '../policy/policy.ts';
import { AccessDenied, NotFound } from '../errors.ts';
import { hashToken } from '../crypto/tokens.ts';
import { findUserById } from '../repositories/users.ts';
import { insertFirstViewNotice, insertNotice } from '../repositories/notices.ts';
import { findMeeting, findShare, findShareByTokenHash, findSnapshot, type ShareRow } from '../repositories/meetings.ts';
import {
  deleteSupportComment as deleteSupportCommentRow,
  findSupportComment,
  insertSupportComment,
  supportCommentsOfShare,
  supportSharesForRecipient,
  countSupportSharesFor,
} from '../repositories/support-comments.ts';
import { nothingChanged, useCase } from './use-case.ts';
import { consume } from './rate-limit.ts';
import { loadTemplate } from './template-catalogue.ts';
import { decodeSnapshot, openSupportComment, SUPPORT_AUTHOR, SUPPORT_COMMENT, type Snapshot, type SupportComment } from './meetings.ts';
import { loadDecisionRecord, type DecisionRecordView } from './decisions.ts';
import { createMeetingShare, type CreateShareResult } from './shares.ts';

// A support person — a relative or a bisidder — whom the citizen brings into a meeting. They read
// the meeting (when, with whom, what about, the sheet brought, the plan) and, when the citizen
// allows it, write comments of their own. They never change the citizen's text. The comments are
// part of the citizen's data: sealed with the citizen's key, and the citizen can delete them.

/** A new support share, already checked at the edge (routes/support.ts). */
export interface SupportShareInput {
  days: number;
  allowComment: boolean;
  recipientUsername: string;
  /** One of the citizen's peers instead of a username ('' for none). */
  recipientPeerId: string;
  recipientLabel: string;
}

/** By link, or addressed to an account: any person with an account (a relative may be a citizen too), never the citizen themself. */
export async function createSupportShare(deps: AppDeps, actor: Actor, meetingId: string, input: SupportShareInput, ip: string): Promise<CreateShareResult> {
  return createMeetingShare(deps, actor, meetingId, { ...input, kind: 'support', allowPlan: false }, ip);
}

export interface SupportView {
  share: { id: string; allowComment: boolean };
  ownerName: string;
  meeting: { startsAt: Date; withWhom: string; purpose: string };
  snapshot: Snapshot;
  /** What the citizen and the professional decided, as the citizen reads it (with an older free-text plan). */
  decisions: DecisionRecordView;
  /** The comments written through this share: the support person's own. */
  comments: SupportComment[];
}

async function loadSupport(deps: AppDeps, db: Executor, share: ShareRow): Promise<SupportView> {
  const owner = await findUserById(db, share.owner_id);
  const meeting = share.meeting_id ? await findMeeting(db, share.meeting_id) : undefined;
  const snap = await findSnapshot(db, share.snapshot_id);
  if (!owner || !meeting || !snap) throw new NotFound();
  const template = (await loadTemplate(db, snap.template_id)).template;
  return {
    share: { id: share.id, allowComment: share.allow_comment },
    ownerName: owner.chosen_name,
    meeting: {
      startsAt: meeting.starts_at,
      withWhom: deps.keyring.openText(owner.data_key, meeting.with_whom, 'meeting.with'),
      purpose: deps.keyring.openText(owner.data_key, meeting.purpose, 'meeting.purpose'),
    },
    snapshot: decodeSnapshot(deps, snap, owner.data_key, template, owner.chosen_name),
    decisions: await loadDecisionRecord(deps, db, meeting.id, owner),
    comments: (await supportCommentsOfShare(db, share.id)).map((c) => openSupportComment(deps, owner.data_key, c)),
  };
}

/** The share behind a support link, or nothing: unknown, malformed and professional links alike. */
async function supportShareByToken(deps: AppDeps, token: string, ip: string): Promise<ShareRow | null> {
  await consume(deps, 'share-token', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const share = await findShareByTokenHash(deps.db, hashToken(token));
  return share?.kind === 'support' ? share : null;
}

/** A support share addressed to this person's account, or nothing they may know of. */
async function supportShareFor(deps: AppDeps, actor: Actor, shareId: string): Promise<ShareRow> {
  authorize(actor, 'account.use');
  const share = await findShare(deps.db, shareId);
  if (share?.kind !== 'support' || actor.kind !== 'user' || share.recipient_user_id !== actor.id) throw new NotFound();
  return share;
}

export type SupportResult = { ok: true; view: SupportView } | { ok: false };

/**
 * Opens a meeting shared with a support person. Expired and revoked shares answer as unknown
 * ones do, and the attempt is logged for the citizen.
 */
async function openSupport(deps: AppDeps, actor: Actor | { kind: 'link' }, share: ShareRow): Promise<SupportResult> {
  return useCase(deps, actor, 'support.open', async ({ tx, now, audit }): Promise<SupportResult> => {
    const decision = shareLinkState({ expiresAt: share.expires_at, revokedAt: share.revoked_at, now });
    if (decision !== 'allow') {
      await audit(`share.refused_${decision}`, share.owner_id, { type: 'share', id: share.id });
      return { ok: false };
    }
    await audit('support.view', share.owner_id, { type: 'share', id: share.id });
    await insertFirstViewNotice(tx, { recipientId: share.owner_id, actorId: actor.kind === 'user' ? actor.id : null, subjectId: share.id, now });
    return { ok: true, view: await loadSupport(deps, tx, share) };
  });
}

export async function openSupportByLink(deps: AppDeps, token: string, ip: string): Promise<SupportResult> {
  const share = await supportShareByToken(deps, token, ip);
  if (!share) return { ok: false };
  return openSupport(deps, { kind: 'link' }, share);
}

export async function openSupportForRecipient(deps: AppDeps, actor: Actor, shareId: string): Promise<SupportView> {
  const result = await openSupport(deps, actor, await supportShareFor(deps, actor, shareId));
  if (!result.ok) throw new NotFound();
  return result.view;
}

export type CommentResult = { ok: true } | { ok: false };

/** Writes the support person's own comment, sealed with the citizen's key; refused when the share does not allow comments. */
async function comment(
  deps: AppDeps,
  actor: Actor | { kind: 'link' },
  share: ShareRow,
  author: { userId: string | null; name: string },
  text: string,
): Promise<CommentResult> {
  if (!share.meeting_id) throw new NotFound();
  const meetingId = share.meeting_id;
  const owner = await findUserById(deps.db, share.owner_id);
  if (!owner) throw new NotFound();
  const result = await useCase(deps, actor, 'support.comment', async ({ tx, now, audit }): Promise<CommentResult | 'notAllowed'> => {
    const decision = shareLinkState({ expiresAt: share.expires_at, revokedAt: share.revoked_at, now });
    if (decision !== 'allow') {
      await audit(`share.refused_${decision}`, share.owner_id, { type: 'share', id: share.id });
      return { ok: false };
    }
    if (!share.allow_comment) nothingChanged('notAllowed');
    await insertSupportComment(tx, {
      ownerId: share.owner_id,
      meetingId,
      shareId: share.id,
      authorUserId: author.userId,
      authorName: deps.keyring.sealText(owner.data_key, author.name, SUPPORT_AUTHOR),
      body: deps.keyring.sealText(owner.data_key, text, SUPPORT_COMMENT),
      now,
    });
    await audit('support.comment', share.owner_id, { type: 'share', id: share.id });
    await insertNotice(tx, { recipientId: share.owner_id, actorId: author.userId, kind: 'support_comment', subjectId: meetingId, now });
    return { ok: true };
  });
  if (result === 'notAllowed') throw new AccessDenied();
  return result;
}

export async function commentByLink(deps: AppDeps, token: string, ip: string, input: { name: string; text: string }): Promise<CommentResult> {
  const share = await supportShareByToken(deps, token, ip);
  if (!share) return { ok: false };
  return comment(deps, { kind: 'link' }, share, { userId: null, name: input.name }, input.text);
}

export async function commentAsRecipient(deps: AppDeps, actor: Actor, shareId: string, text: string): Promise<CommentResult> {
  const share = await supportShareFor(deps, actor, shareId);
  const me = actor.kind === 'user' ? await findUserById(deps.db, actor.id) : undefined;
  if (!me) throw new NotFound();
  return comment(deps, actor, share, { userId: me.id, name: me.chosen_name }, text);
}

export interface ReceivedSupportShare {
  id: string;
  ownerName: string;
  expiresAt: Date;
}

/** Meetings shared with this person's account as a support person, still open. */
/** How many meetings are shared with this person now, for their home page: one count, no names read. */
export async function supportShareCount(deps: AppDeps, actor: Actor): Promise<number> {
  authorize(actor, 'account.use');
  return actor.kind === 'user' ? countSupportSharesFor(deps.db, actor.id, deps.now()) : 0;
}

export async function supportSharesForMe(deps: AppDeps, actor: Actor): Promise<ReceivedSupportShare[]> {
  authorize(actor, 'account.use');
  if (actor.kind !== 'user') return [];
  const rows = await supportSharesForRecipient(deps.db, actor.id, deps.now());
  const out: ReceivedSupportShare[] = [];
  for (const r of rows) {
    const owner = await findUserById(deps.db, r.owner_id);
    if (owner) out.push({ id: r.id, ownerName: owner.chosen_name, expiresAt: r.expires_at });
  }
  return out;
}

/** The citizen removes a support person's comment from their meeting. */
export async function deleteSupportComment(deps: AppDeps, actor: Actor, meetingId: string, commentId: string): Promise<void> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  await useCase(deps, actor, 'support.comment_delete', async ({ tx, audit }) => {
    const found = await findSupportComment(tx, commentId);
    if (!found || found.meeting_id !== meetingId) throw new NotFound();
    await deleteSupportCommentRow(tx, commentId);
    await audit('support.comment_delete', meeting.owner_id, { type: 'meeting', id: meetingId });
  });
}
