import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Database } from '../db/schema.ts';
import { requireMeetingOwner, requireSignedIn, requireStatementAccess } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { NotFound } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { findStatement } from '../repositories/statements.ts';
import {
  deleteMeeting as deleteMeetingRow,
  findFollowUp,
  findMeeting,
  findMeetingForUpdate,
  findPlan,
  findSnapshot,
  insertFollowUp,
  insertMeeting,
  insertSnapshot,
  meetingsOf,
  pointSharesAt,
  setMeetingSnapshot,
  sharesOfMeeting,
  updateFollowUp,
  type MeetingRow,
  type SnapshotRow,
} from '../repositories/meetings.ts';
import { loadTemplate } from './template-catalogue.ts';
import { audit } from './audit.ts';
import { answersSchema, emptyAnswers, type StatementAnswers } from '../../domain/sheets/answers.ts';
import type { SheetTemplate } from '../../domain/sheets/template-schema.ts';

const WITH = 'meeting.with';
const PURPOSE = 'meeting.purpose';
const FOLLOW_UP = 'meeting.follow_up';
export const PLAN = 'meeting.plan';

export const meetingInputSchema = z.object({
  startsAt: z.date(),
  withWhom: z.string().trim().min(1).max(200),
  purpose: z.string().trim().max(300),
  siteId: z.uuid().nullable(),
  statementId: z.uuid().nullable(),
  reminder: z.boolean(),
});
export type MeetingInput = z.infer<typeof meetingInputSchema>;

export interface MeetingSummary {
  id: string;
  startsAt: Date;
  withWhom: string;
  purpose: string;
  statementId: string | null;
  hasSnapshot: boolean;
  hasFollowUp: boolean;
  past: boolean;
  checkInDone: boolean;
}

export interface Snapshot {
  id: string;
  createdAt: Date;
  purpose: string;
  template: SheetTemplate;
  answers: StatementAnswers;
  ownerName: string;
}

async function ownerKey(deps: AppDeps, db: AppDeps['db'] | Transaction<Database>, ownerId: string) {
  const owner = await findUserById(db, ownerId);
  if (!owner) throw new NotFound();
  return owner;
}

/** Copies the statement as it is now into a frozen snapshot (the sealed bytes as they are). */
async function freeze(trx: Transaction<Database>, meeting: MeetingRow, now: Date): Promise<SnapshotRow | undefined> {
  if (!meeting.statement_id) return undefined;
  const statement = await findStatement(trx, meeting.statement_id);
  if (!statement) return undefined;
  const snapshot = await insertSnapshot(trx, {
    ownerId: meeting.owner_id,
    meetingId: meeting.id,
    statementId: statement.id,
    statementRevision: statement.revision,
    templateId: statement.template_id,
    purpose: statement.purpose,
    answers: statement.answers,
  });
  await setMeetingSnapshot(trx, meeting.id, snapshot.id, now);
  await pointSharesAt(trx, meeting.id, snapshot.id);
  return snapshot;
}

/** At the meeting time the attached statement is frozen, so it is always clear what was brought. */
async function freezeDueMeetings(deps: AppDeps, meetings: MeetingRow[]): Promise<void> {
  const now = deps.now();
  for (const m of meetings) {
    if (m.starts_at <= now && m.statement_id && !m.snapshot_id) {
      await deps.db.transaction().execute(async (trx) => {
        const locked = await findMeetingForUpdate(trx, m.id);
        if (locked && !locked.snapshot_id) {
          const snap = await freeze(trx, locked, now);
          if (snap) m.snapshot_id = snap.id;
        }
      });
    }
  }
}

export async function listMeetings(deps: AppDeps, actor: Actor): Promise<MeetingSummary[]> {
  requireSignedIn(actor);
  if (actor.userKind !== 'citizen') throw new AccessDenied();
  const rows = await meetingsOf(deps.db, actor.id);
  if (rows.length === 0) return [];
  await freezeDueMeetings(deps, rows);
  const owner = await ownerKey(deps, deps.db, actor.id);
  await audit(deps.db, actor, 'meeting.list', actor.id);
  const followUps = new Set((await deps.db.selectFrom('follow_ups').select('meeting_id').where('owner_id', '=', actor.id).execute()).map((r) => r.meeting_id));
  const now = deps.now();
  return rows.map((r) => ({
    id: r.id,
    startsAt: r.starts_at,
    withWhom: deps.keyring.openText(owner.data_key, r.with_whom, WITH),
    purpose: deps.keyring.openText(owner.data_key, r.purpose, PURPOSE),
    statementId: r.statement_id,
    hasSnapshot: r.snapshot_id !== null,
    hasFollowUp: followUps.has(r.id),
    past: r.starts_at <= now,
    checkInDone: r.check_in_done,
  }));
}

export async function createMeeting(deps: AppDeps, actor: Actor, input: MeetingInput): Promise<string> {
  requireSignedIn(actor);
  if (actor.userKind !== 'citizen') throw new AccessDenied();
  if (input.statementId) {
    const statement = await findStatement(deps.db, input.statementId);
    if (!statement) throw new NotFound();
    requireStatementAccess(actor, statement, 'read');
  }
  if (input.siteId) {
    const site = await deps.db.selectFrom('sites').select('id').where('id', '=', input.siteId).executeTakeFirst();
    if (!site) throw new NotFound();
  }
  const owner = await ownerKey(deps, deps.db, actor.id);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const meeting = await insertMeeting(trx, {
      ownerId: actor.id,
      startsAt: input.startsAt,
      withWhom: deps.keyring.sealText(owner.data_key, input.withWhom, WITH),
      purpose: deps.keyring.sealText(owner.data_key, input.purpose, PURPOSE),
      siteId: input.siteId,
      statementId: input.statementId,
      reminder: input.reminder,
      now,
    });
    if (meeting.starts_at <= now) await freeze(trx, meeting, now);
    await audit(trx, actor, 'meeting.create', actor.id, { type: 'meeting', id: meeting.id });
    return meeting.id;
  });
}

export interface FollowUpContent {
  agreed: string;
  help: Record<string, 'agreed' | 'discussed' | 'notDiscussed'>;
  redLines: Record<string, 'respected' | 'notRespected' | 'unsure'>;
  checkIn: Partial<Record<'heard' | 'saidWhatMattered' | 'sharedPreferences' | 'decidedTogether', number>>;
  disagreement: string;
}

export const followUpSchema = z.object({
  agreed: z.string().max(5000),
  help: z.record(z.string().regex(/^\d{1,3}$/), z.enum(['agreed', 'discussed', 'notDiscussed'])),
  redLines: z.record(z.string().regex(/^\d{1,3}$/), z.enum(['respected', 'notRespected', 'unsure'])),
  checkIn: z.object({
    heard: z.number().int().min(1).max(5).optional(),
    saidWhatMattered: z.number().int().min(1).max(5).optional(),
    sharedPreferences: z.number().int().min(1).max(5).optional(),
    decidedTogether: z.number().int().min(1).max(5).optional(),
  }),
  disagreement: z.string().max(5000),
});

export interface MeetingDetail {
  meeting: MeetingSummary & { siteId: string | null; reminder: boolean };
  snapshot: Snapshot | null;
  statementPurpose: string | null;
  shares: { id: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null; allowPlan: boolean; recipient: string | null; state: 'active' | 'expired' | 'revoked' }[];
  followUp: { content: FollowUpContent; revision: number; withPeer: boolean; updatedAt: Date } | null;
  plan: { text: string; author: string; revision: number; updatedAt: Date } | null;
}

export function decodeSnapshot(deps: AppDeps, snapshot: SnapshotRow, dataKey: Uint8Array, template: SheetTemplate, ownerName: string): Snapshot {
  const raw = deps.keyring.openJson<unknown>(dataKey, snapshot.answers, 'statement.answers');
  const parsed = answersSchema(template).safeParse(raw);
  return {
    id: snapshot.id,
    createdAt: snapshot.created_at,
    purpose: deps.keyring.openText(dataKey, snapshot.purpose, 'statement.purpose'),
    template,
    answers: parsed.success ? parsed.data : emptyAnswers(template),
    ownerName,
  };
}

export async function openMeeting(deps: AppDeps, actor: Actor, id: string): Promise<MeetingDetail> {
  const row = await findMeeting(deps.db, id);
  if (!row) throw new NotFound();
  requireMeetingOwner(actor, row);
  await freezeDueMeetings(deps, [row]);
  const owner = await ownerKey(deps, deps.db, row.owner_id);
  await audit(deps.db, actor, 'meeting.read', row.owner_id, { type: 'meeting', id: row.id });
  const now = deps.now();
  let snapshot: Snapshot | null = null;
  if (row.snapshot_id) {
    const snap = await findSnapshot(deps.db, row.snapshot_id);
    if (snap) snapshot = decodeSnapshot(deps, snap, owner.data_key, (await loadTemplate(deps.db, snap.template_id)).template, owner.chosen_name);
  }
  let statementPurpose: string | null = null;
  if (row.statement_id) {
    const st = await findStatement(deps.db, row.statement_id);
    if (st) statementPurpose = deps.keyring.openText(owner.data_key, st.purpose, 'statement.purpose');
  }
  const shares = await sharesOfMeeting(deps.db, row.id);
  const recipients = new Map<string, string>();
  for (const s of shares) {
    if (s.recipient_user_id && !recipients.has(s.recipient_user_id)) {
      const u = await findUserById(deps.db, s.recipient_user_id);
      if (u) recipients.set(u.id, u.chosen_name);
    }
  }
  const fu = await findFollowUp(deps.db, row.id);
  const plan = await findPlan(deps.db, row.id);
  let planAuthor = '';
  if (plan?.author_user_id) planAuthor = (await findUserById(deps.db, plan.author_user_id))?.chosen_name ?? '';
  return {
    meeting: {
      id: row.id,
      startsAt: row.starts_at,
      withWhom: deps.keyring.openText(owner.data_key, row.with_whom, WITH),
      purpose: deps.keyring.openText(owner.data_key, row.purpose, PURPOSE),
      statementId: row.statement_id,
      hasSnapshot: row.snapshot_id !== null,
      hasFollowUp: !!fu,
      past: row.starts_at <= now,
      checkInDone: row.check_in_done,
      siteId: row.site_id,
      reminder: row.reminder,
    },
    snapshot,
    statementPurpose,
    shares: shares.map((s) => ({
      id: s.id,
      createdAt: s.created_at,
      expiresAt: s.expires_at,
      revokedAt: s.revoked_at,
      allowPlan: s.allow_plan,
      recipient: s.recipient_user_id ? recipients.get(s.recipient_user_id) ?? null : s.recipient_label ? deps.keyring.openText(owner.data_key, s.recipient_label, 'share.label') : null,
      state: s.revoked_at ? 'revoked' : s.expires_at <= now ? 'expired' : 'active',
    })),
    followUp: fu ? { content: deps.keyring.openJson<FollowUpContent>(owner.data_key, fu.content, FOLLOW_UP), revision: fu.revision, withPeer: fu.with_peer, updatedAt: fu.updated_at } : null,
    plan: plan ? { ...deps.keyring.openJson<{ text: string; author: string }>(owner.data_key, plan.content, PLAN), ...(planAuthor ? { author: planAuthor } : {}), revision: plan.revision, updatedAt: plan.updated_at } : null,
  };
}

/** Freezes what will be brought now (before the meeting), replacing an earlier snapshot. */
export async function refreshSnapshot(deps: AppDeps, actor: Actor, meetingId: string): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const meeting = await findMeetingForUpdate(trx, meetingId);
    if (!meeting) throw new NotFound();
    requireMeetingOwner(actor, meeting);
    if (meeting.starts_at <= now && meeting.snapshot_id) return; // after the meeting, what was brought stays.
    await freeze(trx, meeting, now);
    await audit(trx, actor, 'meeting.snapshot', meeting.owner_id, { type: 'meeting', id: meeting.id });
  });
}

export async function deleteMeeting(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const meeting = await findMeetingForUpdate(trx, id);
    if (!meeting) throw new NotFound();
    requireMeetingOwner(actor, meeting);
    await deleteMeetingRow(trx, id);
    await audit(trx, actor, 'meeting.delete', meeting.owner_id, { type: 'meeting', id });
  });
}

export type FollowUpResult = { ok: true } | { ok: false; conflict: FollowUpContent; revision: number };

/**
 * Records what was agreed. The first submission creates the record; submitting the same
 * first form twice (a double tap, a retry) finds it and changes nothing more. Later edits
 * must name the revision they started from.
 */
export async function saveFollowUp(deps: AppDeps, actor: Actor, meetingId: string, content: FollowUpContent, withPeer: boolean, baseRevision: number | null): Promise<FollowUpResult> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const meeting = await findMeetingForUpdate(trx, meetingId);
    if (!meeting) throw new NotFound();
    requireMeetingOwner(actor, meeting);
    const owner = await ownerKey(deps, trx, meeting.owner_id);
    const sealed = deps.keyring.sealJson(owner.data_key, content, FOLLOW_UP);
    const existing = await findFollowUp(trx, meetingId);
    if (!existing) {
      await insertFollowUp(trx, { meetingId, ownerId: meeting.owner_id, content: sealed, withPeer, now });
      await audit(trx, actor, 'follow_up.create', meeting.owner_id, { type: 'meeting', id: meetingId });
      return { ok: true as const };
    }
    const current = deps.keyring.openJson<FollowUpContent>(owner.data_key, existing.content, FOLLOW_UP);
    if (baseRevision === null) {
      // A repeat of the first submission: identical content is simply already there.
      if (JSON.stringify(current) === JSON.stringify(content)) return { ok: true as const };
      return { ok: false as const, conflict: current, revision: existing.revision };
    }
    const revision = await updateFollowUp(trx, meetingId, baseRevision, sealed, withPeer, now);
    if (revision === null) return { ok: false as const, conflict: current, revision: existing.revision };
    await audit(trx, actor, 'follow_up.update', meeting.owner_id, { type: 'meeting', id: meetingId });
    return { ok: true as const };
  });
}

/** Notes that the check-in for this meeting was answered, so the reminder stops. */
export async function markCheckInDone(deps: AppDeps, actor: Actor, meetingId: string): Promise<void> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  requireMeetingOwner(actor, meeting);
  await deps.db.updateTable('meetings').set({ check_in_done: true }).where('id', '=', meetingId).execute();
}
