import { SUPPORT_SHARE_DAYS, closesBeforeMeeting, shareDaysFor } from '../../domain/time/share-days.ts';
import type { AppDeps } from '../deps.ts';
import { ZONE, todayIn } from '../../domain/time/copenhagen.ts';
import type { Executor, Tx } from '../db/database.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { findStatement } from '../repositories/statements.ts';
import {
  deleteMeeting as deleteMeetingRow,
  findFollowUp,
  findMeeting,
  findMeetingForUpdate,
  findSnapshot,
  insertFollowUp,
  insertMeeting,
  insertSnapshot,
  snapshotsOfMeeting,
  meetingIdsWithFollowUp,
  meetingsOf,
  pointSharesAt,
  setCheckInAnswered,
  setCheckInOffered,
  setMeetingSnapshot,
  sharesOfMeeting,
  siteExists,
  sitesWithOrganisation,
  updateFollowUp,
  type MeetingRow,
  type SnapshotRow,
} from '../repositories/meetings.ts';
import { auditAbout } from '../repositories/audit.ts';
import { supportCommentsOfMeeting } from '../repositories/support-comments.ts';
import { linksOfCitizen } from '../repositories/peers.ts';
import { listStatements } from './statements.ts';
import { loadTemplate } from './template-catalogue.ts';
import { nothingChanged, useCase, type Work } from './use-case.ts';
import { accessLogEntry, type AccessLogEntry } from './access-log.ts';
import { loadDecisionRecord, type DecisionRecordView } from './decisions.ts';
import { fromEarlierIn, loadProgressIn, type FromEarlier, type MeetingProgress } from './progress.ts';
import { answersSchema, emptyAnswers, type StatementAnswers } from '../../domain/sheets/answers.ts';
import type { SheetTemplate } from '../../domain/sheets/template-schema.ts';

const WITH = 'meeting.with';
const PURPOSE = 'meeting.purpose';
const FOLLOW_UP = 'meeting.follow_up';

/** A new meeting, already checked at the edge (routes/meetings.ts). */
export interface MeetingInput {
  startsAt: Date;
  withWhom: string;
  purpose: string;
  siteId: string | null;
  statementId: string | null;
  reminder: boolean;
}

export interface MeetingSummary {
  id: string;
  startsAt: Date;
  withWhom: string;
  purpose: string;
  statementId: string | null;
  hasSnapshot: boolean;
  hasFollowUp: boolean;
  past: boolean;
  /** The after-meeting check-in has been shown (the reminder on the list stops). */
  checkInOffered: boolean;
  /** Answered in the app, still open, or asked before by the old separate questionnaire (not asked again). */
  checkIn: 'open' | 'answered' | 'askedBefore';
  /** The citizen's reminder in the app to mark how the decisions are going has come (today or before). */
  progressReminderDue: boolean;
}

const checkInOf = (r: MeetingRow): MeetingSummary['checkIn'] => (r.check_in === 'asked_before' ? 'askedBefore' : r.check_in);
/** The reminder's Danish date has come: today or before. */
const reminderDue = (r: MeetingRow, today: string): boolean => r.progress_reminder_on !== null && r.progress_reminder_on <= today;

export interface Snapshot {
  id: string;
  createdAt: Date;
  purpose: string;
  template: SheetTemplate;
  answers: StatementAnswers;
  ownerName: string;
}

async function ownerKey(db: Executor, ownerId: string) {
  const owner = await findUserById(db, ownerId);
  if (!owner) throw new NotFound();
  return owner;
}

/** Copies the statement as it is now into a frozen snapshot (the sealed bytes as they are). */
async function freeze(tx: Tx, meeting: MeetingRow, now: Date): Promise<SnapshotRow | undefined> {
  if (!meeting.statement_id) return undefined;
  const statement = await findStatement(tx, meeting.statement_id);
  if (!statement) return undefined;
  const snapshot = await insertSnapshot(tx, {
    ownerId: meeting.owner_id,
    meetingId: meeting.id,
    statementId: statement.id,
    statementRevision: statement.revision,
    templateId: statement.template_id,
    purpose: statement.purpose,
    answers: statement.answers,
  });
  await setMeetingSnapshot(tx, meeting.id, snapshot.id, now);
  await pointSharesAt(tx, meeting.id, snapshot.id);
  return snapshot;
}

/** At the meeting time the attached statement is frozen, so it is always clear what was brought. */
async function freezeDueMeetings(tx: Tx, meetings: MeetingRow[], now: Date): Promise<void> {
  for (const m of meetings) {
    if (m.starts_at <= now && m.statement_id && !m.snapshot_id) {
      const locked = await findMeetingForUpdate(tx, m.id);
      if (locked && !locked.snapshot_id) {
        const snap = await freeze(tx, locked, now);
        if (snap) m.snapshot_id = snap.id;
      }
    }
  }
}

export async function listMeetings(deps: AppDeps, actor: Actor): Promise<MeetingSummary[]> {
  authorize(actor, 'citizen.act');
  const rows = await meetingsOf(deps.db, actor.id);
  if (rows.length === 0) return [];
  return useCase(deps, actor, 'meeting.list', async ({ tx, now, audit }) => {
    await freezeDueMeetings(tx, rows, now);
    const owner = await ownerKey(tx, actor.id);
    await audit('meeting.list', actor.id);
    const followUps = new Set(await meetingIdsWithFollowUp(tx, actor.id));
    const today = todayIn(ZONE, now);
    return rows.map((r) => ({
      id: r.id,
      startsAt: r.starts_at,
      withWhom: deps.keyring.openText(owner.data_key, r.with_whom, WITH),
      purpose: deps.keyring.openText(owner.data_key, r.purpose, PURPOSE),
      statementId: r.statement_id,
      hasSnapshot: r.snapshot_id !== null,
      hasFollowUp: followUps.has(r.id),
      past: r.starts_at <= now,
      checkInOffered: r.check_in_offered,
      checkIn: checkInOf(r),
      progressReminderDue: reminderDue(r, today),
    }));
  });
}

export interface MeetingFormOptions {
  statements: { id: string; purpose: string }[];
  sites: { id: string; name: string }[];
}

/** What the new-meeting form offers: the citizen's statements, the one last written first, and every site. */
export async function meetingFormOptions(deps: AppDeps, actor: Actor): Promise<MeetingFormOptions> {
  const statements = (await listStatements(deps, actor)).map((s) => ({ id: s.id, purpose: s.purpose }));
  const sites = await sitesWithOrganisation(deps.db);
  return { statements, sites: sites.map((s) => ({ id: s.id, name: `${s.name} (${s.org})` })) };
}

export async function createMeeting(deps: AppDeps, actor: Actor, input: MeetingInput): Promise<string> {
  authorize(actor, 'citizen.act');
  if (input.statementId) {
    const statement = await findStatement(deps.db, input.statementId);
    if (!statement) throw new NotFound();
    authorize(actor, 'statement.read', { ownerId: statement.owner_id, statementId: statement.id });
  }
  if (input.siteId && !(await siteExists(deps.db, input.siteId))) throw new NotFound();
  return useCase(deps, actor, 'meeting.create', async ({ tx, now, audit }) => {
    const owner = await ownerKey(tx, actor.id);
    const meeting = await insertMeeting(tx, {
      ownerId: actor.id,
      startsAt: input.startsAt,
      withWhom: deps.keyring.sealText(owner.data_key, input.withWhom, WITH),
      purpose: deps.keyring.sealText(owner.data_key, input.purpose, PURPOSE),
      siteId: input.siteId,
      statementId: input.statementId,
      reminder: input.reminder,
      now,
    });
    if (meeting.starts_at <= now) await freeze(tx, meeting, now);
    await audit('meeting.create', actor.id, { type: 'meeting', id: meeting.id });
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

export interface MeetingShare {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  allowPlan: boolean;
  recipient: string | null;
  state: 'active' | 'expired' | 'revoked';
  /** For a professional, or for a support person (a relative or a bisidder). */
  kind: 'professional' | 'support';
  allowComment: boolean;
  /** Works now, but closes before the meeting is over (domain/time/share-days.ts). */
  closesBeforeMeeting: boolean;
}

export interface MeetingDetail {
  meeting: MeetingSummary & { siteId: string | null; reminder: boolean };
  snapshot: Snapshot | null;
  statementPurpose: string | null;
  /** The length a new link is offered with first: it lasts past the meeting where one can. */
  shareDays: number;
  /** The same for a relative's or a support person's link, who may choose longer. */
  supportShareDays: number;
  /** The sheet was saved after its copy was kept: whoever has a link still sees the copy. */
  sheetChangedSinceCopy: boolean;
  shares: MeetingShare[];
  followUp: { id: string; content: FollowUpContent; revision: number; withPeer: boolean; updatedAt: Date } | null;
  /** What the citizen and the professional wrote about the decisions of the meeting. */
  decisions: DecisionRecordView;
  /** Who has seen this meeting's links: the log about them, without the citizen's own making and closing. */
  views: AccessLogEntry[];
  /** What support people wrote, oldest first; the citizen can delete each. */
  supportComments: SupportComment[];
  /** Between meetings: the marks on each decision (and the first small step) and the goal ratings. */
  progress: MeetingProgress;
  /** What is not done from the citizen's previous meeting, for this one to start from. */
  fromEarlier: FromEarlier | null;
  /** The citizen's peers now, whom they may bring into the meeting without typing a username. */
  peers: { userId: string; name: string; organisationName: string }[];
}

export const SUPPORT_AUTHOR = 'support.author';
export const SUPPORT_COMMENT = 'support.comment';

/** A support person's comment on a meeting: theirs, in the citizen's record (services/support.ts). */
export interface SupportComment {
  id: string;
  authorName: string;
  text: string;
  createdAt: Date;
}

export function openSupportComment(
  deps: AppDeps,
  dataKey: Uint8Array,
  row: { id: string; author_name: Uint8Array; body: Uint8Array; created_at: Date },
): SupportComment {
  return {
    id: row.id,
    authorName: deps.keyring.openText(dataKey, row.author_name, SUPPORT_AUTHOR),
    text: deps.keyring.openText(dataKey, row.body, SUPPORT_COMMENT),
    createdAt: row.created_at,
  };
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
  authorize(actor, 'meeting.own', { ownerId: row.owner_id });
  return useCase(deps, actor, 'meeting.read', async ({ tx, now, audit }) => {
    await freezeDueMeetings(tx, [row], now);
    const owner = await ownerKey(tx, row.owner_id);
    await audit('meeting.read', row.owner_id, { type: 'meeting', id: row.id });
    let snapshot: Snapshot | null = null;
    if (row.snapshot_id) {
      const snap = await findSnapshot(tx, row.snapshot_id);
      if (snap) snapshot = decodeSnapshot(deps, snap, owner.data_key, (await loadTemplate(tx, snap.template_id)).template, owner.chosen_name);
    }
    let statementPurpose: string | null = null;
    let sheetChangedSinceCopy = false;
    if (row.statement_id) {
      const st = await findStatement(tx, row.statement_id);
      if (st) statementPurpose = deps.keyring.openText(owner.data_key, st.purpose, 'statement.purpose');
      if (st && snapshot) sheetChangedSinceCopy = st.updated_at > snapshot.createdAt;
    }
    const shares = await sharesOfMeeting(tx, row.id);
    const recipients = new Map<string, string>();
    for (const s of shares) {
      if (s.recipient_user_id && !recipients.has(s.recipient_user_id)) {
        const u = await findUserById(tx, s.recipient_user_id);
        if (u) recipients.set(u.id, u.chosen_name);
      }
    }
    const fu = await findFollowUp(tx, row.id);
    const decisions = await loadDecisionRecord(deps, tx, row.id, owner);
    // Only this meeting's links, read from the log by their ids; the citizen's own actions on
    // them (making, closing) are not "who has seen it".
    const log = await auditAbout(tx, row.owner_id, { objectType: 'share', objectIds: shares.map((s) => s.id) });
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
        checkInOffered: row.check_in_offered,
        checkIn: checkInOf(row),
        progressReminderDue: reminderDue(row, todayIn(ZONE, now)),
        siteId: row.site_id,
        reminder: row.reminder,
      },
      snapshot,
      statementPurpose,
      sheetChangedSinceCopy,
      shareDays: shareDaysFor(row.starts_at, now),
      supportShareDays: shareDaysFor(row.starts_at, now, SUPPORT_SHARE_DAYS),
      shares: shares.map((s) => ({
        id: s.id,
        createdAt: s.created_at,
        expiresAt: s.expires_at,
        revokedAt: s.revoked_at,
        allowPlan: s.allow_plan,
        recipient: s.recipient_user_id
          ? (recipients.get(s.recipient_user_id) ?? null)
          : s.recipient_label
            ? deps.keyring.openText(owner.data_key, s.recipient_label, 'share.label')
            : null,
        state: s.revoked_at ? 'revoked' : s.expires_at <= now ? 'expired' : 'active',
        kind: s.kind,
        allowComment: s.allow_comment,
        closesBeforeMeeting: !s.revoked_at && s.expires_at > now && row.starts_at > now && closesBeforeMeeting(s.expires_at, row.starts_at),
      })),
      followUp: fu
        ? {
            id: fu.id,
            content: deps.keyring.openJson<FollowUpContent>(owner.data_key, fu.content, FOLLOW_UP),
            revision: fu.revision,
            withPeer: fu.with_peer,
            updatedAt: fu.updated_at,
          }
        : null,
      decisions,
      views: log.map(accessLogEntry).filter((e) => e.action !== 'share.create' && e.action !== 'share.revoke'),
      supportComments: (await supportCommentsOfMeeting(tx, row.id)).map((c) => openSupportComment(deps, owner.data_key, c)),
      progress: await loadProgressIn(deps, tx, row, owner),
      fromEarlier: await fromEarlierIn(deps, tx, row, owner),
      peers: (await linksOfCitizen(tx, row.owner_id))
        .filter((l, i, all) => l.withdrawn_at === null && all.findIndex((o) => o.withdrawn_at === null && o.peer_user_id === l.peer_user_id) === i)
        .map((l) => ({ userId: l.peer_user_id, name: l.peer_name, organisationName: l.organisation_name })),
    };
  });
}

/** Every snapshot of the meeting, oldest first: the one brought and those it replaced (which revoked links showed). */
export async function meetingSnapshots(deps: AppDeps, actor: Actor, meetingId: string): Promise<Snapshot[]> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  return useCase(deps, actor, 'meeting.read', async ({ tx, audit }) => {
    const owner = await ownerKey(tx, meeting.owner_id);
    const rows = await snapshotsOfMeeting(tx, meeting.id);
    await audit('meeting.read', meeting.owner_id, { type: 'meeting', id: meeting.id });
    const snapshots: Snapshot[] = [];
    for (const row of rows) snapshots.push(decodeSnapshot(deps, row, owner.data_key, (await loadTemplate(tx, row.template_id)).template, owner.chosen_name));
    return snapshots;
  });
}

/**
 * Freezes what will be brought now, inside the caller's use case. After the meeting, what was
 * brought stays: then nothing changes and the use case ends with nothingChanged.
 */
export async function refreshSnapshotIn({ tx, now, audit }: Work, meetingId: string): Promise<void> {
  const meeting = await findMeetingForUpdate(tx, meetingId);
  if (!meeting) throw new NotFound();
  if (meeting.starts_at <= now && meeting.snapshot_id) nothingChanged();
  await freeze(tx, meeting, now);
  await audit('meeting.snapshot', meeting.owner_id, { type: 'meeting', id: meeting.id });
}

/** Freezes what will be brought now (before the meeting), replacing an earlier snapshot. */
export async function refreshSnapshot(deps: AppDeps, actor: Actor, meetingId: string): Promise<void> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  await useCase(deps, actor, 'meeting.snapshot', (work) => refreshSnapshotIn(work, meetingId));
}

export async function deleteMeeting(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  const meeting = await findMeeting(deps.db, id);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  await useCase(deps, actor, 'meeting.delete', async ({ tx, audit }) => {
    if (!(await findMeetingForUpdate(tx, id))) throw new NotFound();
    await deleteMeetingRow(tx, id);
    await audit('meeting.delete', meeting.owner_id, { type: 'meeting', id });
  });
}

export type FollowUpResult = { ok: true } | { ok: false; conflict: FollowUpContent; revision: number };

/**
 * Records what was agreed. The first submission creates the record; submitting the same
 * first form twice (a double tap, a retry) finds it and changes nothing more. Later edits
 * must name the revision they started from.
 */
export async function saveFollowUp(
  deps: AppDeps,
  actor: Actor,
  meetingId: string,
  content: FollowUpContent,
  withPeer: boolean,
  baseRevision: number | null,
): Promise<FollowUpResult> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  return useCase(deps, actor, 'follow_up.save', async ({ tx, now, audit }): Promise<FollowUpResult> => {
    if (!(await findMeetingForUpdate(tx, meetingId))) throw new NotFound();
    const owner = await ownerKey(tx, meeting.owner_id);
    const sealed = deps.keyring.sealJson(owner.data_key, content, FOLLOW_UP);
    const existing = await findFollowUp(tx, meetingId);
    if (!existing) {
      await insertFollowUp(tx, { meetingId, ownerId: meeting.owner_id, content: sealed, withPeer, now });
      await audit('follow_up.create', meeting.owner_id, { type: 'meeting', id: meetingId });
      return { ok: true };
    }
    const current = deps.keyring.openJson<FollowUpContent>(owner.data_key, existing.content, FOLLOW_UP);
    // Refused as a conflict: nothing changes, and the person is shown both versions.
    const conflict: FollowUpResult = { ok: false, conflict: current, revision: existing.revision };
    if (baseRevision === null) {
      // A repeat of the first submission: identical content is simply already there.
      if (JSON.stringify(current) === JSON.stringify(content)) nothingChanged({ ok: true });
      nothingChanged(conflict);
    }
    const revision = await updateFollowUp(tx, meetingId, baseRevision, sealed, withPeer, now);
    if (revision === null) nothingChanged(conflict);
    await audit('follow_up.update', meeting.owner_id, { type: 'meeting', id: meetingId });
    return { ok: true };
  });
}

/** Notes that the check-in for a meeting that has taken place was shown, so the reminder stops. */
export async function markCheckInOffered(deps: AppDeps, actor: Actor, meetingId: string): Promise<void> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  if (meeting.check_in_offered || meeting.starts_at > deps.now()) return;
  await useCase(deps, actor, 'meeting.check_in_offered', async ({ tx, audit }) => {
    if (!(await setCheckInOffered(tx, meetingId))) nothingChanged();
    await audit('meeting.check_in_offered', meeting.owner_id, { type: 'meeting', id: meetingId });
  });
}

/**
 * Notes that the check-in was answered in the app, so it is never asked, or counted, again. In a
 * transaction of its own: the answer goes to the anonymous queue in another one (answerCheckIn),
 * so no transaction writes the answer together with anything naming the person or the meeting.
 * False when it was not open (answered already, or asked before): then nothing is counted.
 */
export async function markCheckInAnswered(deps: AppDeps, actor: Actor, meetingId: string): Promise<boolean> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  return useCase(deps, actor, 'meeting.check_in_answered', async ({ tx, audit }) => {
    if (!(await findMeetingForUpdate(tx, meetingId))) throw new NotFound();
    if (!(await setCheckInAnswered(tx, meetingId))) nothingChanged(false);
    await audit('meeting.check_in_answered', meeting.owner_id, { type: 'meeting', id: meetingId });
    return true;
  });
}
