import type { AppDeps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import { authorize, can, shareLinkState } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { hashToken, newToken } from '../crypto/tokens.ts';
import { findUserById, findUserByUsername } from '../repositories/users.ts';
import { insertFirstViewNotice, insertNotice } from '../repositories/notices.ts';
import {
  findMeeting,
  findMeetingForUpdate,
  findShare,
  findShareByTokenHash,
  findSnapshot,
  insertShare,
  revokeShare as revokeShareRow,
  sharesForRecipient,
  type ShareRow,
} from '../repositories/meetings.ts';
import { nothingChanged, orNothingChanged, useCase } from './use-case.ts';
import { consume } from './rate-limit.ts';
import { loadTemplate } from './template-catalogue.ts';
import { decodeSnapshot, refreshSnapshotIn, type Snapshot } from './meetings.ts';
import { loadDecisionRecord, saveDecisionsIn, type DecisionRecordView, type SaveDecisionsResult } from './decisions.ts';
import type { PartyEdit } from '../../domain/decisions/record.ts';
import { normaliseUsername } from './accounts.ts';
import { activeLink } from '../repositories/peers.ts';

/** A new share, already checked at the edge (routes/meetings.ts). */
export interface ShareInput {
  days: number;
  allowPlan: boolean;
  recipientUsername: string;
  recipientLabel: string;
}

export type CreateShareResult = { ok: true; token: string; shareId: string } | { ok: false; reason: 'noStatement' | 'unknownRecipient' };

/** The token is returned once, to show as a link and QR code; only its hash is kept. */
export async function createShare(deps: AppDeps, actor: Actor, meetingId: string, input: ShareInput, ip: string): Promise<CreateShareResult> {
  return createMeetingShare(deps, actor, meetingId, { ...input, kind: 'professional', allowComment: false }, ip);
}

/** What kind of share is made: for a professional (who may write the decision record) or for a
 * support person (who reads along and may comment). Both freeze the sheet the same way. */
export interface MeetingShareSpec {
  kind: 'professional' | 'support';
  /** A support share may go to one of the citizen's own peers, chosen from their links. */
  recipientPeerId?: string;
  days: number;
  allowPlan: boolean;
  allowComment: boolean;
  recipientUsername: string;
  recipientLabel: string;
}

/** One way to share a meeting, whoever receives it. Only staff receive a professional's share in
 * the app; a support person may be anyone with an account but the citizen themself. */
export async function createMeetingShare(deps: AppDeps, actor: Actor, meetingId: string, spec: MeetingShareSpec, ip: string): Promise<CreateShareResult> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  if (!meeting.statement_id && !meeting.snapshot_id) return { ok: false, reason: 'noStatement' };
  let recipientUserId: string | null = null;
  if (spec.recipientPeerId) {
    // Only a peer the citizen is linked with now; anyone else gets the same answer as a wrong name.
    const link = spec.kind === 'support' ? await activeLink(deps.db, spec.recipientPeerId, meeting.owner_id) : undefined;
    if (!link) return { ok: false, reason: 'unknownRecipient' };
    recipientUserId = spec.recipientPeerId;
  } else if (spec.recipientUsername) {
    // A found name and a refused one differ by nature; limiting the lookups keeps usernames from
    // being listed by trying names.
    await consume(deps, 'share-recipient-address', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
    await consume(deps, 'share-recipient-person', actor.kind === 'user' ? actor.id : '', deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
    const recipient = await findUserByUsername(deps.db, normaliseUsername(spec.recipientUsername));
    // The answer is the same for "no such user" as for someone who may not receive it.
    const eligible = spec.kind === 'professional' ? recipient?.kind === 'staff' : !!recipient && recipient.id !== meeting.owner_id;
    if (!recipient || !eligible || recipient.disabled_at) return { ok: false, reason: 'unknownRecipient' };
    recipientUserId = recipient.id;
  }
  const owner = await findUserById(deps.db, meeting.owner_id);
  if (!owner) throw new NotFound();
  const token = newToken();
  const shareId = await useCase(deps, actor, 'share.create', async (work) => {
    const { tx, now, audit } = work;
    // The first link freezes the copy; a later one shares the same copy. Refreshing it would
    // change what every open link shows, so that stays the citizen's own choice ("update").
    if (!meeting.snapshot_id) await orNothingChanged(refreshSnapshotIn(work, meetingId));
    const fresh = await findMeeting(tx, meetingId);
    if (!fresh?.snapshot_id) nothingChanged(null);
    const row = await insertShare(tx, {
      ownerId: meeting.owner_id,
      snapshotId: fresh.snapshot_id,
      meetingId,
      tokenHash: hashToken(token),
      recipientUserId,
      recipientLabel: spec.recipientLabel ? deps.keyring.sealText(owner.data_key, spec.recipientLabel, 'share.label') : null,
      allowPlan: spec.allowPlan,
      expiresAt: new Date(now.getTime() + spec.days * 24 * 3600_000),
      kind: spec.kind,
      allowComment: spec.allowComment,
    });
    await audit('share.create', meeting.owner_id, { type: 'share', id: row.id });
    if (spec.kind === 'support' && recipientUserId)
      await insertNotice(tx, { recipientId: recipientUserId, actorId: meeting.owner_id, kind: 'support_share', subjectId: row.id, now });
    return row.id as string | null;
  });
  if (!shareId) return { ok: false, reason: 'noStatement' };
  return { ok: true, token, shareId };
}

export async function revokeShare(deps: AppDeps, actor: Actor, meetingId: string, shareId: string): Promise<void> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  await useCase(deps, actor, 'share.revoke', async ({ tx, now, audit }) => {
    if (!(await findMeetingForUpdate(tx, meetingId))) throw new NotFound();
    const share = await findShare(tx, shareId);
    if (!share || share.meeting_id !== meetingId) throw new NotFound();
    await revokeShareRow(tx, shareId, now);
    await audit('share.revoke', meeting.owner_id, { type: 'share', id: shareId });
  });
}

/** Checks a token belongs to the citizen's own share (for the PDF with a QR code). */
export async function shareTokenMatches(deps: AppDeps, actor: Actor, meetingId: string, shareId: string, token: string): Promise<boolean> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  const share = await findShare(deps.db, shareId);
  return !!share && share.meeting_id === meetingId && share.token_hash === hashToken(token);
}

export interface SharedView {
  share: { id: string; allowPlan: boolean };
  snapshot: Snapshot;
  meeting: { startsAt: Date } | null;
  /** The meeting's decision record; null for a share without a meeting. */
  decisions: DecisionRecordView | null;
}

export type LinkResult = { ok: true; view: SharedView } | { ok: false };

async function loadShared(deps: AppDeps, db: Executor, share: ShareRow): Promise<SharedView> {
  const owner = await findUserById(db, share.owner_id);
  const snap = await findSnapshot(db, share.snapshot_id);
  if (!owner || !snap) throw new NotFound();
  const template = (await loadTemplate(db, snap.template_id)).template;
  const meeting = share.meeting_id ? await findMeeting(db, share.meeting_id) : undefined;
  return {
    share: { id: share.id, allowPlan: share.allow_plan },
    snapshot: decodeSnapshot(deps, snap, owner.data_key, template, owner.chosen_name),
    meeting: meeting ? { startsAt: meeting.starts_at } : null,
    decisions: share.meeting_id ? await loadDecisionRecord(deps, db, share.meeting_id, owner) : null,
  };
}

const viewAction = (what: 'view' | 'download' | 'plan') => (what === 'download' ? 'share.download' : what === 'plan' ? 'share.plan_view' : 'share.view');

/**
 * Opens a share by its link. Unknown, expired and revoked tokens get one and the same answer,
 * so nobody can tell them apart; expired and revoked ones are logged for the citizen as
 * attempts. Guessing is rate limited per address.
 */
export async function openByLink(deps: AppDeps, token: string, ip: string, what: 'view' | 'download' | 'plan'): Promise<LinkResult> {
  await consume(deps, 'share-token', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false };
  const share = await findShareByTokenHash(deps.db, hashToken(token));
  // A support person's link opens their own page (services/support.ts), never this one.
  if (share?.kind !== 'professional') return { ok: false };
  return useCase(deps, { kind: 'link' }, 'share.open', async ({ tx, now, audit }): Promise<LinkResult> => {
    const decision = shareLinkState({ expiresAt: share.expires_at, revokedAt: share.revoked_at, now });
    if (decision !== 'allow') {
      await audit(`share.refused_${decision}`, share.owner_id, { type: 'share', id: share.id });
      return { ok: false };
    }
    await audit(viewAction(what), share.owner_id, { type: 'share', id: share.id });
    await insertFirstViewNotice(tx, { recipientId: share.owner_id, actorId: null, subjectId: share.id, now });
    return { ok: true, view: await loadShared(deps, tx, share) };
  });
}

export type PlanResult = SaveDecisionsResult | { ok: false; reason: 'notAllowed' };

/** Who writes a plan: the professional the share was addressed to, signed in (named in the
 * citizen's log), or someone with the link (the log can only say that). */
export type PlanWriter = { kind: 'recipient'; actor: SignedInActor } | { kind: 'link'; signedInUserId: string | null };

/** The professional writes their parts of the meeting's decision record, when the citizen allowed it. */
export async function saveProfessionalDecisions(
  deps: AppDeps,
  shareId: string,
  writer: PlanWriter,
  edit: PartyEdit,
  baseRevision: number,
): Promise<PlanResult> {
  const share = await findShare(deps.db, shareId);
  if (!share) throw new NotFound();
  if (writer.kind === 'recipient')
    authorize(writer.actor, 'share.receive', {
      recipientUserId: share.recipient_user_id,
      expiresAt: share.expires_at,
      revokedAt: share.revoked_at,
      now: deps.now(),
    });
  if (!share.allow_plan || !share.meeting_id) return { ok: false, reason: 'notAllowed' };
  const meetingId = share.meeting_id;
  const owner = await findUserById(deps.db, share.owner_id);
  if (!owner) throw new NotFound();
  return useCase(deps, writer.kind === 'recipient' ? writer.actor : { kind: 'link' }, 'plan.save', (work) =>
    saveDecisionsIn(deps, work, {
      meetingId,
      owner,
      party: 'professional',
      authorUserId: writer.kind === 'recipient' ? writer.actor.id : writer.signedInUserId,
      shareId: share.id,
      edit,
      baseRevision,
    }),
  );
}

export interface ReceivedShare {
  id: string;
  ownerName: string;
  expiresAt: Date;
}

/** For a professional with an account: shares addressed to them. */
export async function sharesForMe(deps: AppDeps, actor: Actor): Promise<ReceivedShare[]> {
  if (!can(actor, 'shares.receiveAny') || actor.kind !== 'user') return [];
  const rows = await sharesForRecipient(deps.db, actor.id, deps.now());
  const out: ReceivedShare[] = [];
  for (const r of rows) {
    const owner = await findUserById(deps.db, r.owner_id);
    if (owner) out.push({ id: r.id, ownerName: owner.chosen_name, expiresAt: r.expires_at });
  }
  return out;
}

export async function openForRecipient(deps: AppDeps, actor: Actor, shareId: string, what: 'view' | 'download' | 'plan'): Promise<SharedView> {
  const share = await findShare(deps.db, shareId);
  if (share?.kind !== 'professional') throw new NotFound();
  authorize(actor, 'share.receive', { recipientUserId: share.recipient_user_id, expiresAt: share.expires_at, revokedAt: share.revoked_at, now: deps.now() });
  return useCase(deps, actor, 'share.open', async ({ tx, now, audit }) => {
    await audit(viewAction(what), share.owner_id, { type: 'share', id: share.id });
    await insertFirstViewNotice(tx, { recipientId: share.owner_id, actorId: actor.id, subjectId: share.id, now });
    return loadShared(deps, tx, share);
  });
}
