import type { Executor } from '../db/database.ts';
import type { MatchClaim, OidcFlowPurpose } from '../db/schema.ts';

// Organisations' identity providers, the staff and citizen identities linked to them, and the
// one-time round trips (flows) of signing in there.

export function findIdentityProvider(db: Executor, organisationId: string) {
  return db.selectFrom('identity_providers').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function saveIdentityProvider(
  db: Executor,
  p: {
    organisationId: string;
    issuer: string;
    clientId: string;
    dataKey: Uint8Array;
    clientSecret: Uint8Array;
    matchClaim: MatchClaim;
    mfaFromAmr: boolean;
    mfaAcr: string | null;
    now: Date;
  },
): Promise<void> {
  const values = {
    issuer: p.issuer,
    client_id: p.clientId,
    data_key: p.dataKey,
    client_secret: p.clientSecret,
    match_claim: p.matchClaim,
    mfa_from_amr: p.mfaFromAmr,
    mfa_acr: p.mfaAcr,
    updated_at: p.now,
  };
  await db
    .insertInto('identity_providers')
    .values({ organisation_id: p.organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute();
}

/** Removes the provider and, with it, every staff identity linked to it. */
export async function deleteIdentityProvider(db: Executor, organisationId: string): Promise<boolean> {
  const r = await db.deleteFrom('identity_providers').where('organisation_id', '=', organisationId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Organisations whose staff can sign in with their own provider, by name. */
export function organisationsWithIdentityProvider(db: Executor): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('identity_providers')
    .innerJoin('organisations', 'organisations.id', 'identity_providers.organisation_id')
    .select(['organisations.id', 'organisations.name'])
    .orderBy('organisations.name')
    .execute();
}

/** The account linked to an identity at the organisation's provider, with what sign-in needs to know of it. */
export function findStaffIdentity(db: Executor, organisationId: string, identityHash: string) {
  return db
    .selectFrom('staff_identities')
    .innerJoin('users', 'users.id', 'staff_identities.user_id')
    .select([
      'users.id',
      'users.kind',
      'users.disabled_at',
      'users.totp_secret',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('memberships')
              .select('memberships.id')
              .whereRef('memberships.user_id', '=', 'users.id')
              .where('memberships.organisation_id', '=', organisationId),
          )
          .as('is_member'),
    ])
    .where('staff_identities.organisation_id', '=', organisationId)
    .where('staff_identities.identity_hash', '=', identityHash)
    .executeTakeFirst();
}

/**
 * Links the person's identity at the organisation's provider, replacing a link they had there;
 * false when that identity is linked to someone else already.
 */
export async function linkStaffIdentity(db: Executor, l: { organisationId: string; identityHash: string; userId: string }): Promise<boolean> {
  await db.deleteFrom('staff_identities').where('organisation_id', '=', l.organisationId).where('user_id', '=', l.userId).execute();
  const row = await db
    .insertInto('staff_identities')
    .values({ organisation_id: l.organisationId, identity_hash: l.identityHash, user_id: l.userId })
    .onConflict((oc) => oc.columns(['organisation_id', 'identity_hash']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function unlinkStaffIdentity(db: Executor, organisationId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('staff_identities').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The organisations (with a provider) the person is a member of, and whether they linked each. */
export function staffProvidersOf(db: Executor, userId: string) {
  return db
    .selectFrom('identity_providers')
    .innerJoin('organisations', 'organisations.id', 'identity_providers.organisation_id')
    .leftJoin('staff_identities', (join) =>
      join.onRef('staff_identities.organisation_id', '=', 'identity_providers.organisation_id').on('staff_identities.user_id', '=', userId),
    )
    .select(['organisations.id', 'organisations.name', 'staff_identities.created_at as linked_at'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select('memberships.id')
          .whereRef('memberships.organisation_id', '=', 'identity_providers.organisation_id')
          .where('memberships.user_id', '=', userId),
      ),
    )
    .orderBy('organisations.name')
    .execute();
}

export function findCitizenIdentity(db: Executor, issuer: string, subjectHash: string) {
  return db
    .selectFrom('citizen_identities')
    .innerJoin('users', 'users.id', 'citizen_identities.user_id')
    .select(['users.id', 'users.kind', 'users.disabled_at', 'users.totp_secret'])
    .where('citizen_identities.issuer', '=', issuer)
    .where('citizen_identities.subject_hash', '=', subjectHash)
    .executeTakeFirst();
}

/** Links the citizen's identity at the broker, replacing an earlier one; false when it is someone else's. */
export async function linkCitizenIdentity(db: Executor, l: { issuer: string; subjectHash: string; userId: string }): Promise<boolean> {
  await db.deleteFrom('citizen_identities').where('issuer', '=', l.issuer).where('user_id', '=', l.userId).execute();
  const row = await db
    .insertInto('citizen_identities')
    .values({ issuer: l.issuer, subject_hash: l.subjectHash, user_id: l.userId })
    .onConflict((oc) => oc.columns(['issuer', 'subject_hash']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function unlinkCitizenIdentity(db: Executor, issuer: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('citizen_identities').where('issuer', '=', issuer).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function citizenIdentityLinkedAt(db: Executor, issuer: string, userId: string): Promise<Date | null> {
  const row = await db.selectFrom('citizen_identities').select('created_at').where('issuer', '=', issuer).where('user_id', '=', userId).executeTakeFirst();
  return row?.created_at ?? null;
}

/** Drops flows nobody came back from, and stores a new one. */
export async function insertOidcFlow(
  db: Executor,
  f: {
    id: string;
    purpose: OidcFlowPurpose;
    organisationId: string | null;
    userId: string | null;
    state: string;
    nonce: string;
    codeVerifier: string;
    expiresAt: Date;
    now: Date;
  },
): Promise<void> {
  await db.deleteFrom('oidc_flows').where('expires_at', '<', f.now).execute();
  await db
    .insertInto('oidc_flows')
    .values({
      id: f.id,
      purpose: f.purpose,
      organisation_id: f.organisationId,
      user_id: f.userId,
      state: f.state,
      nonce: f.nonce,
      code_verifier: f.codeVerifier,
      expires_at: f.expiresAt,
    })
    .execute();
}

/** Deletes the flow and returns it, so that it can be finished once only. */
export function takeOidcFlow(db: Executor, id: string) {
  return db.deleteFrom('oidc_flows').where('id', '=', id).returningAll().executeTakeFirst();
}
