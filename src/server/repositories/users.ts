import { sql } from 'kysely';
import type { Executor, Tx } from '../db/database.ts';
import { prepare } from '../db/prepared.ts';
import type { Membership } from '../policy/actor.ts';
import type { NewUser, Role, UserRow } from '../db/schema.ts';
import { deleteResponsesOfPerson } from './evaluation/responses.ts';

export function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

const userById = prepare((db, id: string) => db.selectFrom('users').selectAll().where('id', '=', id));
export function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return userById.first(db, id);
}

// What a save needs of the statement's owner (their key to seal with, their name for a conflict
// page), read on every save: not the whole row with its sign-in secrets.
const ownerKeyById = prepare((db, id: string) => db.selectFrom('users').select(['data_key', 'chosen_name']).where('id', '=', id));
export function findOwnerKey(db: Executor, id: string): Promise<Pick<UserRow, 'data_key' | 'chosen_name'> | undefined> {
  return ownerKeyById.first(db, id);
}

/** Inserts unless the username is taken; returns undefined when it was. */
export async function insertUser(db: Executor, user: NewUser): Promise<UserRow | undefined> {
  return db
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('username').doNothing())
    .returningAll()
    .executeTakeFirst();
}

// Read on every request of a member of staff, for the policy.
const membershipRows = prepare((db, userId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['memberships.organisation_id', 'organisations.name', 'memberships.site_id', 'memberships.role', 'memberships.volunteer'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organisations.name'),
);

export async function membershipsOf(db: Executor, userId: string): Promise<Membership[]> {
  const rows = await membershipRows.rows(db, userId);
  return rows.map((r) => ({
    organisationId: r.organisation_id,
    organisationName: r.name,
    siteId: r.site_id,
    role: r.role,
    volunteer: r.volunteer,
  }));
}

export async function addMembership(
  db: Executor,
  m: { userId: string; organisationId: string; siteId: string | null; role: Role; volunteer: boolean },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ user_id: m.userId, organisation_id: m.organisationId, site_id: m.siteId, role: m.role, volunteer: m.volunteer })
    .onConflict((oc) => oc.columns(['user_id', 'organisation_id', 'role']).doNothing())
    .execute();
}

/** The confirmed authenticator key replaces any earlier one; the set-up and any reset notice end. */
export async function setTotp(db: Executor, userId: string, secret: Uint8Array, step: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_last_step: step, totp_pending_secret: null, second_factor_reset_at: null })
    .where('id', '=', userId)
    .execute();
}

export async function setPendingTotp(db: Executor, userId: string, sealed: Uint8Array | null): Promise<void> {
  await db.updateTable('users').set({ totp_pending_secret: sealed }).where('id', '=', userId).execute();
}

/** Turns the authenticator app off (and any set-up in progress); `resetAt` tells the person at next sign-in. */
export async function clearTotp(db: Executor, userId: string, resetAt: Date | null): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: null, totp_last_step: null, totp_pending_secret: null, second_factor_reset_at: resetAt })
    .where('id', '=', userId)
    .execute();
}

/** A new second factor (a passkey) answers a reset: the notice about it ends. */
export async function clearSecondFactorReset(db: Executor, userId: string): Promise<void> {
  await db.updateTable('users').set({ second_factor_reset_at: null }).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Records a used one-time-code step; false when that step (or a later one) was used already. */
export async function useTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setLocale(db: Executor, userId: string, locale: 'da' | 'en'): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}

export async function disableUser(db: Executor, userId: string, at: Date): Promise<void> {
  await db.updateTable('users').set({ disabled_at: at }).where('id', '=', userId).execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function countRows(db: Executor, table: 'users' | 'organisations'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Accounts whose username contains `pattern` (a LIKE pattern, already escaped), for the operator. */
export function usersWithUsernameLike(db: Executor, pattern: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'chosen_name', 'kind', 'is_admin', 'disabled_at'])
    .where('username', 'like', pattern)
    .orderBy('username')
    .limit(50)
    .execute();
}

export async function enableUser(db: Executor, userId: string): Promise<void> {
  await db.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute();
}

export async function setChosenName(db: Executor, userId: string, chosenName: string): Promise<void> {
  await db.updateTable('users').set({ chosen_name: chosenName }).where('id', '=', userId).execute();
}

export async function setEmail(db: Executor, userId: string, email: Uint8Array | null): Promise<void> {
  await db.updateTable('users').set({ email }).where('id', '=', userId).execute();
}

/**
 * Erases a person: their monthly counts go into the anonymous tallies; the peer sessions they
 * took part in stay in the peers' figures without them and without the peers' notes about them;
 * their own survey answers go; then the audit rows about them or by them, their sign-in
 * rate-limit row (`nameKeyHash`) and the user row (the rest cascades). The session setting lets
 * the append-only trigger allow these audit deletes.
 */
export async function eraseUser(tx: Tx, userId: string, nameKeyHash: string | null): Promise<void> {
  await sql`set local egneord.erasure = 'on'`.execute(tx);
  const count = async (kind: 'statement' | 'meeting' | 'check_in' | 'share', table: 'statements' | 'meetings' | 'follow_ups' | 'shares') => {
    const rows = await sql<{ month: string; n: string }>`
      select to_char(date_trunc('month', created_at), 'YYYY-MM-DD') as month, count(*) as n
      from ${sql.table(table)} where owner_id = ${userId} group by 1`.execute(tx);
    for (const r of rows.rows) {
      await tx
        .insertInto('anonymous_counts')
        .values({ month: r.month, kind, n: Number(r.n) })
        .onConflict((oc) => oc.columns(['month', 'kind']).doUpdateSet({ n: sql`anonymous_counts.n + ${Number(r.n)}` }))
        .execute();
    }
  };
  await count('statement', 'statements');
  await count('meeting', 'meetings');
  await count('check_in', 'follow_ups');
  await count('share', 'shares');
  // What a peer wrote about the person goes, shared with them or not: once the session no longer
  // names them, nothing could find that note again for them.
  await tx.updateTable('peer_sessions').set({ citizen_id: null, note: null, note_shared: false }).where('citizen_id', '=', userId).execute();
  // Before the audit rows: they are what ties a pseudonymous answer to the person.
  await deleteResponsesOfPerson(tx, userId);
  await tx
    .deleteFrom('audit_log')
    .where((eb) => eb.or([eb('subject_user_id', '=', userId), eb('actor_user_id', '=', userId)]))
    .execute();
  // Notices to the person, and those saying what they did for someone else.
  await tx
    .deleteFrom('notices')
    .where((eb) => eb.or([eb('recipient_id', '=', userId), eb('actor_id', '=', userId)]))
    .execute();
  if (nameKeyHash !== null) await tx.deleteFrom('rate_limits').where('key_hash', '=', nameKeyHash).execute();
  await tx.deleteFrom('users').where('id', '=', userId).execute();
}
