import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export async function insertReflection(
  db: Executor,
  r: { peerUserId: string; organisationId: string; writtenOn: string; content: Uint8Array; shared: boolean },
): Promise<void> {
  await db
    .insertInto('reflections')
    .values({ peer_user_id: r.peerUserId, organisation_id: r.organisationId, written_on: r.writtenOn, content: r.content, shared_with_group: r.shared })
    .execute();
}

/** The peer's own reflections and those shared with the group, in the given organisations. */
export function reflectionsVisibleTo(db: Executor, peerUserId: string, organisationIds: string[]) {
  return db
    .selectFrom('reflections')
    .innerJoin('users', 'users.id', 'reflections.peer_user_id')
    .select([
      'reflections.id',
      'reflections.peer_user_id',
      'reflections.content',
      'reflections.shared_with_group',
      sql<string>`reflections.written_on::text`.as('day'),
      'users.chosen_name',
      'users.data_key',
    ])
    .where('reflections.organisation_id', 'in', organisationIds)
    .where((eb) => eb.or([eb('reflections.peer_user_id', '=', peerUserId), eb('reflections.shared_with_group', '=', true)]))
    .orderBy('reflections.written_on', 'desc')
    .execute();
}
