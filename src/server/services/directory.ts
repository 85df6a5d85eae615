import { sql } from 'kysely';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { hasRole, requireDirectoryReader, requireNetworkMember } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { matchesQuery } from '../../domain/events/directory-search.ts';
import { audit } from './audit.ts';

// The peer directory: peers who chose to be found by peers in other organisations. What they
// write ("what I can help with", "how to reach me") is their own data about themselves: it is
// shown to peers and coordinators who are signed in, never logged, and removed at once when
// they opt out. The entry hangs on their peer membership, so it disappears with it.

export const DIRECTORY_LIMITS = { helpText: 1000, contact: 500 } as const;

export interface DirectoryEntry {
  userId: string;
  name: string;
  organisationName: string;
  siteName: string | null;
  helpText: string;
  contact: string;
}

export interface MyDirectoryEntry {
  organisationId: string;
  helpText: string;
  contact: string;
}

export interface DirectoryValues {
  organisationId: string;
  helpText: string;
  contact: string;
}

export type DirectoryError = 'organisationId' | 'helpText' | 'contact';

function requirePeer(actor: Actor): asserts actor is Actor & { kind: 'user' } {
  requireNetworkMember(actor);
  if (!hasRole(actor, 'peer')) throw new AccessDenied();
}

export async function searchDirectory(deps: AppDeps, actor: Actor, query: string): Promise<DirectoryEntry[]> {
  requireDirectoryReader(actor);
  const rows = await deps.db
    .selectFrom('directory_entries')
    .innerJoin('memberships', 'memberships.id', 'directory_entries.membership_id')
    .innerJoin('users', 'users.id', 'directory_entries.user_id')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .leftJoin('sites', 'sites.id', 'memberships.site_id')
    .select(['users.id as user_id', 'users.chosen_name', 'organisations.name as organisation_name', 'sites.name as site_name', 'directory_entries.help_text', 'directory_entries.contact'])
    .where('memberships.role', '=', 'peer')
    .where('users.disabled_at', 'is', null)
    .orderBy(sql`lower(users.chosen_name)`)
    .orderBy('users.id')
    .execute();
  return rows
    .filter((r) => matchesQuery([r.chosen_name, r.organisation_name, r.site_name ?? '', r.help_text], query))
    .map((r) => ({ userId: r.user_id, name: r.chosen_name, organisationName: r.organisation_name, siteName: r.site_name, helpText: r.help_text, contact: r.contact }));
}

export async function myDirectoryEntry(deps: AppDeps, actor: Actor): Promise<MyDirectoryEntry | null> {
  requirePeer(actor);
  const row = await deps.db
    .selectFrom('directory_entries')
    .innerJoin('memberships', 'memberships.id', 'directory_entries.membership_id')
    .select(['memberships.organisation_id', 'directory_entries.help_text', 'directory_entries.contact'])
    .where('directory_entries.user_id', '=', actor.id)
    .executeTakeFirst();
  return row ? { organisationId: row.organisation_id, helpText: row.help_text, contact: row.contact } : null;
}

/** Opts in, or changes what the entry says. */
export async function saveDirectoryEntry(deps: AppDeps, actor: Actor, values: DirectoryValues): Promise<{ ok: true } | { ok: false; errors: Partial<Record<DirectoryError, DirectoryError>> }> {
  requirePeer(actor);
  const errors: Partial<Record<DirectoryError, DirectoryError>> = {};
  const helpText = values.helpText.trim();
  const contact = values.contact.trim();
  if (!helpText || helpText.length > DIRECTORY_LIMITS.helpText) errors.helpText = 'helpText';
  if (!contact || contact.length > DIRECTORY_LIMITS.contact) errors.contact = 'contact';
  if (!hasRole(actor, 'peer', values.organisationId)) errors.organisationId = 'organisationId';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await deps.db.transaction().execute(async (trx) => {
    const membership = await trx
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', actor.id)
      .where('organisation_id', '=', values.organisationId)
      .where('role', '=', 'peer')
      .executeTakeFirst();
    if (!membership) throw new AccessDenied();
    await trx
      .insertInto('directory_entries')
      .values({ user_id: actor.id, membership_id: membership.id, help_text: helpText, contact })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ membership_id: membership.id, help_text: helpText, contact, updated_at: deps.now() }))
      .execute();
    await audit(trx, actor, 'directory.opt_in', actor.id);
  });
  return { ok: true };
}

/** Opts out: the entry is deleted at once. */
export async function removeDirectoryEntry(deps: AppDeps, actor: Actor): Promise<void> {
  requirePeer(actor);
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('directory_entries').where('user_id', '=', actor.id).executeTakeFirst();
    if (Number(removed.numDeletedRows) > 0) await audit(trx, actor, 'directory.opt_out', actor.id);
  });
}
