import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DecisionProgressTable, GoalRatingsTable } from '../db/schema.ts';

export type ProgressRow = Selectable<DecisionProgressTable>;
export type GoalRatingRow = Selectable<GoalRatingsTable>;

/** Every mark on the decisions of a meeting, oldest first. */
export function progressOfMeeting(db: Executor, meetingId: string): Promise<ProgressRow[]> {
  return db.selectFrom('decision_progress').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute();
}

export async function insertProgress(
  db: Executor,
  p: { ownerId: string; meetingId: string; decisionId: string; status: ProgressRow['status']; note: Uint8Array | null; now: Date },
): Promise<void> {
  await db
    .insertInto('decision_progress')
    .values({ owner_id: p.ownerId, meeting_id: p.meetingId, decision_id: p.decisionId, status: p.status, note: p.note, created_at: p.now })
    .execute();
}

/** Every goal rating given after a meeting, oldest first. */
export function goalRatingsOfMeeting(db: Executor, meetingId: string): Promise<GoalRatingRow[]> {
  return db.selectFrom('goal_ratings').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute();
}

export async function insertGoalRating(db: Executor, r: { ownerId: string; meetingId: string; score: number; now: Date }): Promise<void> {
  await db.insertInto('goal_ratings').values({ owner_id: r.ownerId, meeting_id: r.meetingId, score: r.score, created_at: r.now }).execute();
}
