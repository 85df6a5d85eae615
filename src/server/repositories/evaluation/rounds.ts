import type { Executor } from '../../db/database.ts';

export interface RoundRow {
  id: string;
  organisation_id: string;
  title: string;
  method: string;
  starts_on: string;
  ends_on: string;
}

export async function findRound(db: Executor, roundId: string): Promise<RoundRow | undefined> {
  const round = await db
    .selectFrom('rounds')
    .select([
      'id',
      'organisation_id',
      'title',
      'method',
      (eb) => eb.cast<string>('starts_on', 'text').as('starts_on'),
      (eb) => eb.cast<string>('ends_on', 'text').as('ends_on'),
    ])
    .where('id', '=', roundId)
    .executeTakeFirst();
  return round as RoundRow | undefined;
}

export async function joinedOrganisationIds(db: Executor, roundId: string): Promise<string[]> {
  return (await db.selectFrom('round_organisations').select('organisation_id').where('round_id', '=', roundId).execute()).map((r) => r.organisation_id);
}

export function roundSites(db: Executor, roundId: string) {
  return db
    .selectFrom('round_sites')
    .innerJoin('sites', 'sites.id', 'round_sites.site_id')
    .select(['sites.id', 'sites.name'])
    .where('round_id', '=', roundId)
    .orderBy('sites.name')
    .execute();
}

export function roundPeers(db: Executor, roundId: string) {
  return db
    .selectFrom('round_peers')
    .innerJoin('users', 'users.id', 'round_peers.peer_user_id')
    .select(['users.id', 'users.chosen_name'])
    .where('round_id', '=', roundId)
    .orderBy('users.chosen_name')
    .execute();
}

export async function roundOrganisationId(db: Executor, roundId: string): Promise<string | undefined> {
  return (await db.selectFrom('rounds').select('organisation_id').where('id', '=', roundId).executeTakeFirst())?.organisation_id;
}

export async function siteIdsOfOrganisation(db: Executor, organisationId: string): Promise<string[]> {
  return (await db.selectFrom('sites').select('id').where('organisation_id', '=', organisationId).execute()).map((s) => s.id);
}

export async function siteIdsOfOrganisations(db: Executor, organisationIds: string[]): Promise<string[]> {
  return (await db.selectFrom('sites').select('id').where('organisation_id', 'in', organisationIds).execute()).map((s) => s.id);
}

export async function insertRound(
  db: Executor,
  r: { organisationId: string; title: string; method: string; startsOn: string; endsOn: string; createdBy: string },
): Promise<string> {
  const round = await db
    .insertInto('rounds')
    .values({ organisation_id: r.organisationId, title: r.title, method: r.method, starts_on: r.startsOn, ends_on: r.endsOn, created_by: r.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return round.id;
}

export async function insertRoundOrganisation(db: Executor, roundId: string, organisationId: string): Promise<void> {
  await db.insertInto('round_organisations').values({ round_id: roundId, organisation_id: organisationId }).execute();
}

export async function insertRoundSite(db: Executor, roundId: string, siteId: string): Promise<void> {
  await db.insertInto('round_sites').values({ round_id: roundId, site_id: siteId }).execute();
}

export async function insertRoundPeer(db: Executor, roundId: string, peerUserId: string): Promise<void> {
  await db.insertInto('round_peers').values({ round_id: roundId, peer_user_id: peerUserId }).execute();
}

/** Of the given people, those who are peers in one of the organisations. */
export async function peersAmong(db: Executor, organisationIds: string[], userIds: string[]): Promise<string[]> {
  return (
    await db
      .selectFrom('memberships')
      .select('user_id')
      .where('role', '=', 'peer')
      .where('organisation_id', 'in', organisationIds)
      .where('user_id', 'in', userIds)
      .execute()
  ).map((r) => r.user_id);
}

export function allRounds(db: Executor) {
  return db
    .selectFrom('rounds')
    .innerJoin('organisations', 'organisations.id', 'rounds.organisation_id')
    .select(['rounds.id', 'rounds.title', 'organisations.name as organisation_name'])
    .orderBy('rounds.created_at', 'desc')
    .execute();
}

/** Rounds the organisations made or joined. */
export function roundsOfOrganisations(db: Executor, organisationIds: string[]) {
  return db
    .selectFrom('rounds')
    .innerJoin('organisations', 'organisations.id', 'rounds.organisation_id')
    .select(['rounds.id', 'rounds.title', 'organisations.name as organisation_name'])
    .where((eb) =>
      eb.or([
        eb('rounds.organisation_id', 'in', organisationIds),
        eb('rounds.id', 'in', eb.selectFrom('round_organisations').select('round_id').where('organisation_id', 'in', organisationIds)),
      ]),
    )
    .orderBy('rounds.created_at', 'desc')
    .execute();
}

/** The organisation's own sites, with its name, for choosing a round's sites. */
export function sitesOfOrganisation(db: Executor, organisationId: string) {
  return db
    .selectFrom('sites')
    .innerJoin('organisations', 'organisations.id', 'sites.organisation_id')
    .select(['sites.id', 'sites.name', 'organisations.name as org'])
    .where('sites.organisation_id', '=', organisationId)
    .orderBy('sites.name')
    .execute();
}

export function peersOfOrganisation(db: Executor, organisationId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.chosen_name'])
    .where('memberships.role', '=', 'peer')
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.chosen_name')
    .execute();
}

export function organisationsOtherThan(db: Executor, organisationId: string) {
  return db.selectFrom('organisations').select(['id', 'name']).where('id', '<>', organisationId).orderBy('name').execute();
}

/** The round (if any) that one of the site's days falls in. */
export function roundAtSiteOn(db: Executor, siteId: string, day: string) {
  return db
    .selectFrom('round_sites')
    .innerJoin('rounds', 'rounds.id', 'round_sites.round_id')
    .select(['rounds.id', 'rounds.organisation_id'])
    .where('round_sites.site_id', '=', siteId)
    .where('rounds.starts_on', '<=', day)
    .where('rounds.ends_on', '>=', day)
    .executeTakeFirst();
}

export async function organisationOfSite(db: Executor, siteId: string): Promise<string | null> {
  return (await db.selectFrom('sites').select('organisation_id').where('id', '=', siteId).executeTakeFirst())?.organisation_id ?? null;
}

/** A round running on the day that the peer, or the peer's site, takes part in. */
export function roundOfPeerOn(db: Executor, day: string, peerUserId: string, siteId: string | null) {
  return db
    .selectFrom('rounds')
    .select(['rounds.id'])
    .where('rounds.starts_on', '<=', day)
    .where('rounds.ends_on', '>=', day)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('round_peers')
            .select('round_peers.round_id')
            .whereRef('round_peers.round_id', '=', 'rounds.id')
            .where('round_peers.peer_user_id', '=', peerUserId),
        ),
        ...(siteId
          ? [
              eb.exists(
                eb
                  .selectFrom('round_sites')
                  .select('round_sites.round_id')
                  .whereRef('round_sites.round_id', '=', 'rounds.id')
                  .where('round_sites.site_id', '=', siteId),
              ),
            ]
          : []),
      ]),
    )
    .executeTakeFirst();
}
