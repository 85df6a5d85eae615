import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Every entry of a peer who is still a peer and not disabled, by name. */
export function directoryEntries(db: Executor) {
  return db
    .selectFrom('directory_entries')
    .innerJoin('memberships', 'memberships.id', 'directory_entries.membership_id')
    .innerJoin('users', 'users.id', 'directory_entries.user_id')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .leftJoin('sites', 'sites.id', 'memberships.site_id')
    .select([
      'users.id as user_id',
      'users.chosen_name',
      'organisations.name as organisation_name',
      'sites.name as site_name',
      'directory_entries.help_text',
      'directory_entries.contact',
    ])
    .where('memberships.role', '=', 'peer')
    .where('users.disabled_at', 'is', null)
    .orderBy(sql`lower(users.chosen_name)`)
    .orderBy('users.id')
    .execute();
}

export function directoryEntryOf(db: Executor, userId: string) {
  return db
    .selectFrom('directory_entries')
    .innerJoin('memberships', 'memberships.id', 'directory_entries.membership_id')
    .select(['memberships.organisation_id', 'directory_entries.help_text', 'directory_entries.contact'])
    .where('directory_entries.user_id', '=', userId)
    .executeTakeFirst();
}

export function peerMembershipId(db: Executor, userId: string, organisationId: string) {
  return db
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'peer')
    .executeTakeFirst();
}

export async function upsertDirectoryEntry(
  db: Executor,
  e: { userId: string; membershipId: string; helpText: string; contact: string; now: Date },
): Promise<void> {
  await db
    .insertInto('directory_entries')
    .values({ user_id: e.userId, membership_id: e.membershipId, help_text: e.helpText, contact: e.contact })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ membership_id: e.membershipId, help_text: e.helpText, contact: e.contact, updated_at: e.now }))
    .execute();
}

/** True if there was an entry to delete. */
export async function deleteDirectoryEntry(db: Executor, userId: string): Promise<boolean> {
  const removed = await db.deleteFrom('directory_entries').where('user_id', '=', userId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}
