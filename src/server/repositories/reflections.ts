import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ActionLearningPhase } from '../db/schema.ts';

export async function insertReflection(
  db: Executor,
  r: {
    peerUserId: string;
    organisationId: string;
    writtenOn: string;
    content: Uint8Array;
    groupId: string | null;
    roundId: string | null;
    phase: ActionLearningPhase | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('reflections')
    .values({
      peer_user_id: r.peerUserId,
      organisation_id: r.organisationId,
      written_on: r.writtenOn,
      content: r.content,
      group_id: r.groupId,
      round_id: r.roundId,
      phase: r.phase,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The peer's own reflections, newest first, with the group and round each is tied to. */
export function reflectionsOfPeer(db: Executor, peerUserId: string) {
  return db
    .selectFrom('reflections')
    .innerJoin('users', 'users.id', 'reflections.peer_user_id')
    .leftJoin('learning_groups', 'learning_groups.id', 'reflections.group_id')
    .leftJoin('rounds', 'rounds.id', 'reflections.round_id')
    .select([
      'reflections.id',
      'reflections.content',
      'reflections.group_id',
      'reflections.phase',
      'reflections.shared_before_groups',
      sql<string>`reflections.written_on::text`.as('day'),
      'learning_groups.name as group_name',
      'rounds.title as round_title',
      'users.data_key',
    ])
    .where('reflections.peer_user_id', '=', peerUserId)
    .orderBy('reflections.written_on', 'desc')
    .orderBy('reflections.created_at', 'desc')
    .execute();
}

/** Shares one of the peer's own reflections with a group; it is no longer one shared "before groups". */
export async function setReflectionGroup(db: Executor, reflectionId: string, peerUserId: string, groupId: string): Promise<boolean> {
  const r = await db
    .updateTable('reflections')
    .set({ group_id: groupId, shared_before_groups: false })
    .where('id', '=', reflectionId)
    .where('peer_user_id', '=', peerUserId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
