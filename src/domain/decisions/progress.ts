// Between meetings: the citizen marks each decision of a meeting (and the first small step they
// wrote in their sheet) as done, under way or not yet. Every mark is kept; the newest one is where
// the decision stands. The next meeting starts from where each one stands.

export const PROGRESS_STATUSES = ['done', 'underway', 'notYet'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** How far ahead the citizen may ask to be reminded in the app, in days; 0 takes the reminder away. */
export const REMINDER_DAYS = [0, 7, 14, 30] as const;
export type ReminderDays = (typeof REMINDER_DAYS)[number];

/** The id the first small step from the sheet is marked under: it is not a decision of the record. */
export const FIRST_STEP_ID = 'first-step';

export function isProgressStatus(v: unknown): v is ProgressStatus {
  return typeof v === 'string' && (PROGRESS_STATUSES as readonly string[]).includes(v);
}

export interface ProgressMark {
  decisionId: string;
  status: ProgressStatus;
  note: string;
  at: Date;
}

/** The newest mark of each decision (marks in any order; on equal times the later one in the list wins). */
export function latestMarks<M extends ProgressMark>(marks: readonly M[]): Map<string, M> {
  const latest = new Map<string, M>();
  for (const m of marks) {
    const seen = latest.get(m.decisionId);
    if (!seen || m.at.getTime() >= seen.at.getTime()) latest.set(m.decisionId, m);
  }
  return latest;
}

export interface Trackable {
  id: string;
  what: string;
}

export type StandingItem = Trackable & { status: ProgressStatus | null };

/** Where the items stand for the next meeting: those not done first (with their status; null: never
 * marked), then those done — each group in its own order. */
export function startingPoint<M extends ProgressMark>(items: readonly Trackable[], marks: readonly M[]): { open: StandingItem[]; done: StandingItem[] } {
  const latest = latestMarks(marks);
  const standing = items.map((i) => ({ ...i, status: latest.get(i.id)?.status ?? null }));
  return { open: standing.filter((i) => i.status !== 'done'), done: standing.filter((i) => i.status === 'done') };
}

/**
 * What a submitted form adds: a mark for each item whose status changed or that got a note. An
 * unchanged status without a note is no news, so saving the form again keeps the history readable.
 */
export function newMarks(
  submitted: readonly { decisionId: string; status: ProgressStatus; note: string }[],
  current: ReadonlyMap<string, { status: ProgressStatus }>,
): { decisionId: string; status: ProgressStatus; note: string }[] {
  return submitted.filter((s) => s.note.trim() !== '' || current.get(s.decisionId)?.status !== s.status).map((s) => ({ ...s, note: s.note.trim() }));
}
