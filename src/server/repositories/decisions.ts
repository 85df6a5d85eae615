import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DecisionRecordVersionsTable } from '../db/schema.ts';

export type DecisionVersionRow = Selectable<DecisionRecordVersionsTable>;

/** Every version of a meeting's decision record, oldest first; the last one is the record. */
export function decisionVersions(db: Executor, meetingId: string): Promise<DecisionVersionRow[]> {
  return db.selectFrom('decision_record_versions').selectAll().where('meeting_id', '=', meetingId).orderBy('revision', 'asc').execute();
}

/** A new version; undefined when that revision already exists (someone saved first). */
export async function insertDecisionVersion(
  db: Executor,
  v: {
    meetingId: string;
    ownerId: string;
    revision: number;
    authorParty: 'citizen' | 'professional';
    authorUserId: string | null;
    shareId: string | null;
    content: Uint8Array;
    now: Date;
  },
): Promise<DecisionVersionRow | undefined> {
  return db
    .insertInto('decision_record_versions')
    .values({
      meeting_id: v.meetingId,
      owner_id: v.ownerId,
      revision: v.revision,
      author_party: v.authorParty,
      author_user_id: v.authorUserId,
      share_id: v.shareId,
      content: v.content,
      created_at: v.now,
    })
    .onConflict((oc) => oc.columns(['meeting_id', 'revision']).doNothing())
    .returningAll()
    .executeTakeFirst();
}
