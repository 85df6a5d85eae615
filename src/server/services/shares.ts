import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import { decideShareAccess, requireMeetingOwner, requireShareRecipient } from '../policy/legacy.ts';
import { NotFound } from '../errors.ts';
import { hashToken, newToken } from '../crypto/tokens.ts';
import { findUserById, findUserByUsername } from '../repositories/users.ts';
import {
  findMeeting,
  findMeetingForUpdate,
  findPlan,
  findShare,
  findShareByTokenHash,
  findSnapshot,
  insertPlan,
  insertShare,
  revokeShare as revokeShareRow,
  sharesForRecipient,
  updatePlan,
  type ShareRow,
} from '../repositories/meetings.ts';
import { auditAbout } from '../repositories/audit.ts';
import { audit } from './audit.ts';
import { consume } from './rate-limit.ts';
import { loadTemplate } from './statements.ts';
import { decodeSnapshot, PLAN, refreshSnapshot, type Snapshot } from './meetings.ts';
import { normaliseUsername } from './accounts.ts';

export const shareInputSchema = z.object({
  days: z.number().int().min(1).max(90),
  allowPlan: z.boolean(),
  recipientUsername: z.string().trim().max(40),
  recipientLabel: z.string().trim().max(100),
});

export type CreateShareResult = { ok: true; token: string; shareId: string } | { ok: false; reason: 'noStatement' | 'unknownRecipient' };

/** The token is returned once, to show as a link and QR code; only its hash is kept. */
export async function createShare(deps: AppDeps, actor: Actor, meetingId: string, input: z.infer<typeof shareInputSchema>): Promise<CreateShareResult> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  requireMeetingOwner(actor, meeting);
  if (!meeting.statement_id && !meeting.snapshot_id) return { ok: false, reason: 'noStatement' };
  let recipientUserId: string | null = null;
  if (input.recipientUsername) {
    const recipient = await findUserByUsername(deps.db, normaliseUsername(input.recipientUsername));
    // Only staff can receive a share in the app; the answer is the same for "no such user".
    if (!recipient || recipient.kind !== 'staff' || recipient.disabled_at) return { ok: false, reason: 'unknownRecipient' };
    recipientUserId = recipient.id;
  }
  if (!meeting.snapshot_id || meeting.starts_at > deps.now()) await refreshSnapshot(deps, actor, meetingId);
  const fresh = await findMeeting(deps.db, meetingId);
  if (!fresh?.snapshot_id) return { ok: false, reason: 'noStatement' };
  const owner = await findUserById(deps.db, meeting.owner_id);
  if (!owner) throw new NotFound();
  const token = newToken();
  const share = await deps.db.transaction().execute(async (trx) => {
    const row = await insertShare(trx, {
      ownerId: meeting.owner_id,
      snapshotId: fresh.snapshot_id!,
      meetingId,
      tokenHash: hashToken(token),
      recipientUserId,
      recipientLabel: input.recipientLabel ? deps.keyring.sealText(owner.data_key, input.recipientLabel, 'share.label') : null,
      allowPlan: input.allowPlan,
      expiresAt: new Date(deps.now().getTime() + input.days * 24 * 3600_000),
    });
    await audit(trx, actor, 'share.create', meeting.owner_id, { type: 'share', id: row.id });
    return row;
  });
  return { ok: true, token, shareId: share.id };
}

export async function revokeShare(deps: AppDeps, actor: Actor, meetingId: string, shareId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const meeting = await findMeetingForUpdate(trx, meetingId);
    if (!meeting) throw new NotFound();
    requireMeetingOwner(actor, meeting);
    const share = await findShare(trx, shareId);
    if (!share || share.meeting_id !== meetingId) throw new NotFound();
    await revokeShareRow(trx, shareId, deps.now());
    await audit(trx, actor, 'share.revoke', meeting.owner_id, { type: 'share', id: shareId });
  });
}

/** Checks a token belongs to the citizen's own share (for the PDF with a QR code). */
export async function shareTokenMatches(deps: AppDeps, actor: Actor, meetingId: string, shareId: string, token: string): Promise<boolean> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  requireMeetingOwner(actor, meeting);
  const share = await findShare(deps.db, shareId);
  return !!share && share.meeting_id === meetingId && share.token_hash === hashToken(token);
}

export interface SharedView {
  share: ShareRow;
  snapshot: Snapshot;
  meeting: { startsAt: Date } | null;
  plan: { text: string; author: string; revision: number } | null;
}

export type LinkResult = { ok: true; view: SharedView } | { ok: false };

async function loadShared(deps: AppDeps, share: ShareRow): Promise<SharedView> {
  const owner = await findUserById(deps.db, share.owner_id);
  const snap = await findSnapshot(deps.db, share.snapshot_id);
  if (!owner || !snap) throw new NotFound();
  const template = (await loadTemplate(deps.db, snap.template_id)).template;
  const meeting = share.meeting_id ? await findMeeting(deps.db, share.meeting_id) : undefined;
  const plan = share.meeting_id ? await findPlan(deps.db, share.meeting_id) : undefined;
  return {
    share,
    snapshot: decodeSnapshot(deps, snap, owner.data_key, template, owner.chosen_name),
    meeting: meeting ? { startsAt: meeting.starts_at } : null,
    plan: plan ? { ...deps.keyring.openJson<{ text: string; author: string }>(owner.data_key, plan.content, PLAN), revision: plan.revision } : null,
  };
}

/**
 * Opens a share by its link. Unknown, expired and revoked tokens get one and the same answer,
 * so nobody can tell them apart; expired and revoked ones are logged for the citizen as
 * attempts. Guessing is rate limited per address.
 */
export async function openByLink(deps: AppDeps, token: string, ip: string, what: 'view' | 'download' | 'plan'): Promise<LinkResult> {
  await consume(deps.db, 'share-token', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10, deps.now());
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false };
  const share = await findShareByTokenHash(deps.db, hashToken(token));
  if (!share) return { ok: false };
  const decision = decideShareAccess(share, deps.now());
  if (decision !== 'allow') {
    await audit(deps.db, { kind: 'link' }, `share.refused_${decision}`, share.owner_id, { type: 'share', id: share.id });
    return { ok: false };
  }
  await audit(deps.db, { kind: 'link' }, what === 'download' ? 'share.download' : what === 'plan' ? 'share.plan_view' : 'share.view', share.owner_id, { type: 'share', id: share.id });
  return { ok: true, view: await loadShared(deps, share) };
}

export type PlanResult = { ok: true } | { ok: false; reason: 'notAllowed' } | { ok: false; reason: 'conflict'; current: { text: string; author: string; revision: number } };

export const planSchema = z.object({ text: z.string().trim().min(1).max(5000), author: z.string().trim().max(100) });

/** Who writes a plan: the professional the share was addressed to, signed in (named in the
 * citizen's log), or someone with the link (the log can only say that). */
export type PlanWriter = { kind: 'recipient'; actor: SignedInActor } | { kind: 'link'; signedInUserId: string | null };

/** The professional writes the agreed plan; a save based on an old revision is refused and
 * both texts are kept for the person to see. */
export async function savePlan(deps: AppDeps, share: ShareRow, writer: PlanWriter, input: z.infer<typeof planSchema>, baseRevision: number | null): Promise<PlanResult> {
  if (!share.allow_plan || !share.meeting_id) return { ok: false, reason: 'notAllowed' };
  const meetingId = share.meeting_id;
  const authorUserId = writer.kind === 'recipient' ? writer.actor.id : writer.signedInUserId;
  const owner = await findUserById(deps.db, share.owner_id);
  if (!owner) throw new NotFound();
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await findMeetingForUpdate(trx, meetingId);
    const sealed = deps.keyring.sealJson(owner.data_key, input, PLAN);
    const existing = await findPlan(trx, meetingId);
    const actorLike = writer.kind === 'recipient' ? writer.actor : { kind: 'link' as const };
    if (!existing) {
      await insertPlan(trx, { meetingId, ownerId: share.owner_id, shareId: share.id, authorUserId, content: sealed, now });
      await audit(trx, actorLike, 'plan.create', share.owner_id, { type: 'share', id: share.id });
      return { ok: true as const };
    }
    const current = { ...deps.keyring.openJson<{ text: string; author: string }>(owner.data_key, existing.content, PLAN), revision: existing.revision };
    if (baseRevision === null || (await updatePlan(trx, meetingId, baseRevision, sealed, authorUserId, share.id, now)) === null) {
      if (baseRevision === null && current.text === input.text) return { ok: true as const };
      return { ok: false as const, reason: 'conflict' as const, current };
    }
    await audit(trx, actorLike, 'plan.update', share.owner_id, { type: 'share', id: share.id });
    return { ok: true as const };
  });
}

/** For a professional with an account: shares addressed to them. */
export async function sharesForMe(deps: AppDeps, actor: Actor) {
  if (actor.kind !== 'user') return [];
  const rows = await sharesForRecipient(deps.db, actor.id, deps.now());
  const out: { id: string; ownerName: string; expiresAt: Date }[] = [];
  for (const r of rows) {
    const owner = await findUserById(deps.db, r.owner_id);
    if (owner) out.push({ id: r.id, ownerName: owner.chosen_name, expiresAt: r.expires_at });
  }
  return out;
}

export async function openForRecipient(deps: AppDeps, actor: Actor, shareId: string, what: 'view' | 'download' | 'plan'): Promise<SharedView> {
  const share = await findShare(deps.db, shareId);
  if (!share) throw new NotFound();
  requireShareRecipient(actor, share, deps.now());
  await audit(deps.db, actor, what === 'download' ? 'share.download' : what === 'plan' ? 'share.plan_view' : 'share.view', share.owner_id, { type: 'share', id: share.id });
  return loadShared(deps, share);
}

export interface AccessLogEntry {
  at: Date;
  who: { kind: 'self' | 'link' | 'named' | 'system'; name?: string };
  action: string;
  objectType: string | null;
  objectId: string | null;
}

/** Everything the log says about this person, newest first: who looked at what, and when. */
export async function accessLog(deps: AppDeps, actor: Actor, about?: { objectType: string; objectIds: string[] }): Promise<AccessLogEntry[]> {
  if (actor.kind !== 'user') throw new NotFound();
  const rows = await auditAbout(deps.db, actor.id, about);
  return rows.map((r) => ({
    at: r.at,
    who: r.actor_kind === 'self' ? { kind: 'self' } : r.actor_kind === 'link' || r.actor_kind === 'anonymous' ? { kind: 'link' } : r.actor_kind === 'system' ? { kind: 'system' } : { kind: 'named', name: r.actor_name ?? '' },
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
  }));
}
