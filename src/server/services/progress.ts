import type { AppDeps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { BadInput, NotFound } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { findMeeting, findMeetingForUpdate, findSnapshot, meetingsOf, setProgressReminder, type MeetingRow } from '../repositories/meetings.ts';
import { decisionVersions } from '../repositories/decisions.ts';
import { goalRatingsOfMeeting, insertGoalRating, insertProgress, progressOfMeeting } from '../repositories/progress.ts';
import { nothingChanged, useCase } from './use-case.ts';
import { emptyRecord, type DecisionRecord } from '../../domain/decisions/record.ts';
import { ZONE, addDays, todayIn } from '../../domain/time/copenhagen.ts';
import {
  FIRST_STEP_ID,
  latestMarks,
  newMarks,
  startingPoint,
  type ProgressStatus,
  type StandingItem,
  type Trackable,
  type ReminderDays,
} from '../../domain/decisions/progress.ts';

// Between meetings (domain/decisions/progress.ts): the citizen's marks on each decision of a
// meeting and on the first small step from their sheet, and their own goal rating. Every mark and
// rating is a new row; notes are sealed with the citizen's key.

const NOTE = 'progress.note';
/** The contexts services/meetings.ts seals a meeting's texts under. */
const MEETING_WITH = 'meeting.with';
const DECISIONS = 'meeting.decisions';
const ANSWERS = 'statement.answers';

export interface ProgressEntry {
  id: string;
  status: ProgressStatus;
  note: string;
  at: Date;
}

export interface ProgressItem extends Trackable {
  /** The first small step from the sheet, or a decision of the record. */
  kind: 'firstStep' | 'decision';
  /** Every mark, oldest first; the last one is where it stands. */
  history: ProgressEntry[];
  latest: ProgressEntry | null;
}

export interface MeetingProgress {
  items: ProgressItem[];
  /** Oldest first. */
  goalRatings: { id: string; score: number; at: Date }[];
  /** The Danish date (YYYY-MM-DD) the citizen asked to be reminded on, or null. */
  reminderOn: string | null;
}

/** Where the decisions of the citizen's previous meeting stand, for the next one to start from. */
export interface FromEarlier {
  meetingId: string;
  startsAt: Date;
  /** Not done yet (under way, not yet, or never marked). */
  open: StandingItem[];
  done: StandingItem[];
}

type Owner = { id: string; data_key: Uint8Array };

/** What can be marked for a meeting: the first small step the citizen wrote, then each decision. */
async function trackableOf(deps: AppDeps, db: Executor, meeting: MeetingRow, dataKey: Uint8Array): Promise<(Trackable & { kind: ProgressItem['kind'] })[]> {
  const items: (Trackable & { kind: ProgressItem['kind'] })[] = [];
  const snapshot = meeting.snapshot_id ? await findSnapshot(db, meeting.snapshot_id) : undefined;
  if (snapshot) {
    const answers = deps.keyring.openJson<{ fields?: Record<string, unknown> }>(dataKey, snapshot.answers, ANSWERS);
    const step = answers.fields?.['firstStep'];
    if (typeof step === 'string' && step.trim()) items.push({ id: FIRST_STEP_ID, what: step.trim(), kind: 'firstStep' });
  }
  const versions = await decisionVersions(db, meeting.id);
  const last = versions.at(-1);
  const record: DecisionRecord = last ? deps.keyring.openJson<DecisionRecord>(dataKey, last.content, DECISIONS) : emptyRecord();
  for (const d of record.decisions) items.push({ id: d.id, what: d.what, kind: 'decision' });
  return items;
}

async function entriesOf(deps: AppDeps, db: Executor, meetingId: string, dataKey: Uint8Array) {
  return (await progressOfMeeting(db, meetingId)).map((r) => ({
    id: r.id,
    decisionId: r.decision_id,
    status: r.status,
    note: r.note ? deps.keyring.openText(dataKey, r.note, NOTE) : '',
    at: r.created_at,
  }));
}

/** The progress of one meeting, inside the caller's use case (the meeting page reads it). */
export async function loadProgressIn(deps: AppDeps, db: Executor, meeting: MeetingRow, owner: Owner): Promise<MeetingProgress> {
  const trackable = await trackableOf(deps, db, meeting, owner.data_key);
  const entries = await entriesOf(deps, db, meeting.id, owner.data_key);
  const items = trackable.map((t) => {
    const history = entries.filter((e) => e.decisionId === t.id).map(({ decisionId: _, ...e }) => e);
    return { ...t, history, latest: history.at(-1) ?? null };
  });
  const goalRatings = (await goalRatingsOfMeeting(db, meeting.id)).map((r) => ({ id: r.id, score: r.score, at: r.created_at }));
  return { items, goalRatings, reminderOn: meeting.progress_reminder_on };
}

/** The citizen's latest meeting before this one and where what was decided there stands; null when nothing was. */
export async function fromEarlierIn(deps: AppDeps, db: Executor, meeting: MeetingRow, owner: Owner): Promise<FromEarlier | null> {
  const earlier = (await meetingsOf(db, meeting.owner_id)).filter((m) => m.starts_at < meeting.starts_at).at(-1);
  if (!earlier) return null;
  const trackable = (await trackableOf(deps, db, earlier, owner.data_key)).map(({ id, what }) => ({ id, what }));
  if (trackable.length === 0) return null;
  const { open, done } = startingPoint(trackable, await entriesOf(deps, db, earlier.id, owner.data_key));
  return { meetingId: earlier.id, startsAt: earlier.starts_at, open, done };
}

export interface ProgressInput {
  marks: { decisionId: string; status: ProgressStatus; note: string }[];
  /** 0–10, or null when the citizen skipped the question. */
  goal: number | null;
}

/** The citizen's marks on a meeting's decisions and their goal rating, each kept as a new row. */
export async function markProgress(deps: AppDeps, actor: Actor, meetingId: string, input: ProgressInput): Promise<void> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'decision.progress', { ownerId: meeting.owner_id });
  const owner = await findUserById(deps.db, meeting.owner_id);
  if (!owner) throw new NotFound();
  await useCase(deps, actor, 'decision.progress', async ({ tx, now, audit }) => {
    const locked = await findMeetingForUpdate(tx, meetingId);
    if (!locked) throw new NotFound();
    const known = new Set((await trackableOf(deps, tx, locked, owner.data_key)).map((t) => t.id));
    if (input.marks.some((m) => !known.has(m.decisionId))) throw new BadInput();
    const current = latestMarks(await entriesOf(deps, tx, meetingId, owner.data_key));
    const marks = newMarks(input.marks, current);
    if (marks.length === 0 && input.goal === null) nothingChanged();
    for (const m of marks) {
      const note = m.note ? deps.keyring.sealText(owner.data_key, m.note, NOTE) : null;
      await insertProgress(tx, { ownerId: owner.id, meetingId, decisionId: m.decisionId, status: m.status, note, now });
    }
    if (input.goal !== null) await insertGoalRating(tx, { ownerId: owner.id, meetingId, score: input.goal, now });
    // A reminder that has come has done its work once the citizen has looked and marked.
    if (locked.progress_reminder_on !== null && locked.progress_reminder_on <= todayIn(ZONE, now)) await setProgressReminder(tx, meetingId, null);
    await audit('decision.progress', owner.id, { type: 'meeting', id: meetingId });
  });
}

/** The citizen's own reminder, in the app only, to look at how a meeting's decisions are going. */
export async function setProgressReminderFor(deps: AppDeps, actor: Actor, meetingId: string, days: ReminderDays): Promise<string | null> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'decision.progress', { ownerId: meeting.owner_id });
  return useCase(deps, actor, 'progress.reminder', async ({ tx, now, audit }) => {
    if (!(await findMeetingForUpdate(tx, meetingId))) throw new NotFound();
    const on = days === 0 ? null : addDays(todayIn(ZONE, now), days);
    await setProgressReminder(tx, meetingId, on);
    await audit('progress.reminder', meeting.owner_id, { type: 'meeting', id: meetingId });
    return on;
  });
}

export interface TimelineMeeting {
  id: string;
  startsAt: Date;
  withWhom: string;
  items: { id: string; what: string; kind: ProgressItem['kind']; status: ProgressStatus | null; markedAt: Date | null }[];
  /** The latest goal rating given after this meeting, or null. */
  goal: number | null;
}

/** The citizen's meetings in time order (those that have been, and those with decisions), where each decision stands, and their goal rating. */
export async function progressTimeline(deps: AppDeps, actor: Actor): Promise<TimelineMeeting[]> {
  authorize(actor, 'citizen.act');
  const rows = await meetingsOf(deps.db, actor.id);
  if (rows.length === 0) return [];
  return useCase(deps, actor, 'progress.read', async ({ tx, now, audit }) => {
    const owner = await findUserById(tx, actor.id);
    if (!owner) throw new NotFound();
    await audit('progress.read', actor.id);
    const timeline: TimelineMeeting[] = [];
    for (const row of rows) {
      const p = await loadProgressIn(deps, tx, row, owner);
      // A meeting still to come is on it once something was decided for it.
      if (row.starts_at > now && p.items.length === 0) continue;
      timeline.push({
        id: row.id,
        startsAt: row.starts_at,
        withWhom: deps.keyring.openText(owner.data_key, row.with_whom, MEETING_WITH),
        items: p.items.map((i) => ({ id: i.id, what: i.what, kind: i.kind, status: i.latest?.status ?? null, markedAt: i.latest?.at ?? null })),
        goal: p.goalRatings.at(-1)?.score ?? null,
      });
    }
    return timeline;
  });
}
