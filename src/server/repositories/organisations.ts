import type { Executor } from '../db/database.ts';
import type { Role } from '../db/schema.ts';

export type OrganisationKind = 'region' | 'municipality' | 'volunteer_centre' | 'network' | 'other';

export async function insertOrganisation(db: Executor, o: { name: string; kind: OrganisationKind; isDemo?: boolean }) {
  return db
    .insertInto('organisations')
    .values({ name: o.name, kind: o.kind, is_demo: o.isDemo ?? false })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listOrganisations(db: Executor) {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

/** Names of the given organisations, by name. */
export function organisationNames(db: Executor, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

export function findOrganisation(db: Executor, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSite(db: Executor, organisationId: string, name: string) {
  return db.insertInto('sites').values({ organisation_id: organisationId, name }).returningAll().executeTakeFirstOrThrow();
}

export function sitesOf(db: Executor, organisationId: string) {
  return db.selectFrom('sites').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
}

export function membersOf(db: Executor, organisationId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('sites', 'sites.id', 'memberships.site_id')
    .select([
      'users.id as user_id',
      'users.chosen_name',
      'users.username',
      'memberships.role',
      'memberships.volunteer',
      'sites.name as site_name',
      'users.disabled_at',
    ])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.chosen_name')
    .execute();
}

export async function insertInvitation(
  db: Executor,
  i: {
    tokenHash: string;
    organisationId: string;
    siteId: string | null;
    role: Role;
    volunteer: boolean;
    invitedBy: string | null;
    expiresAt: Date;
    identityHash?: string | null;
  },
) {
  return db
    .insertInto('staff_invitations')
    .values({
      token_hash: i.tokenHash,
      organisation_id: i.organisationId,
      site_id: i.siteId,
      role: i.role,
      volunteer: i.volunteer,
      invited_by: i.invitedBy,
      expires_at: i.expiresAt,
      identity_hash: i.identityHash ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findOpenInvitation(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom('staff_invitations')
    .innerJoin('organisations', 'organisations.id', 'staff_invitations.organisation_id')
    .selectAll('staff_invitations')
    .select('organisations.name as organisation_name')
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Marks the invitation used; false if someone else used it first. */
export async function claimInvitation(db: Executor, id: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('staff_invitations').set({ accepted_at: now }).where('id', '=', id).where('accepted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function openInvitationsOf(db: Executor, organisationId: string, now: Date) {
  return db
    .selectFrom('staff_invitations')
    .select(['id', 'role', 'volunteer', 'expires_at', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Removes every role the person has in the organisation; false if they had none. */
export async function deleteMemberships(db: Executor, organisationId: string, userId: string): Promise<boolean> {
  const removed = await db.deleteFrom('memberships').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}
