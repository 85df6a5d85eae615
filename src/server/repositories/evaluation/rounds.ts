import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { RoundInvitationState } from '../../db/schema.ts';

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
  await db
    .insertInto('round_organisations')
    .values({ round_id: roundId, organisation_id: organisationId })
    .onConflict((oc) => oc.doNothing())
    .execute();
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

/**
 * Rounds running on the day in which the organisation takes part (made it, or accepted an
 * invitation and has not left), in the order an answer picks them: the organisation's own rounds
 * before rounds it joined, then the one that started last, then by id. The order is total, so
 * the same facts always choose the same round.
 */
function runningRoundsOf(db: Executor, organisationId: string, day: string) {
  return db
    .selectFrom('rounds')
    .select(['rounds.id'])
    .where('rounds.starts_on', '<=', day)
    .where('rounds.ends_on', '>=', day)
    .where((eb) =>
      eb.or([
        eb('rounds.organisation_id', '=', organisationId),
        eb.exists(
          eb
            .selectFrom('round_organisations')
            .select('round_organisations.round_id')
            .whereRef('round_organisations.round_id', '=', 'rounds.id')
            .where('round_organisations.organisation_id', '=', organisationId),
        ),
      ]),
    )
    .orderBy(sql`case when rounds.organisation_id = ${organisationId} then 0 else 1 end`)
    .orderBy('rounds.starts_on', 'desc')
    .orderBy('rounds.id')
    .limit(1);
}

/** The round a check-in at the site on the day counts in: one the site's organisation takes part in and that includes the site. */
export async function roundAtSiteOn(db: Executor, siteId: string, siteOrganisationId: string, day: string): Promise<string | null> {
  const round = await runningRoundsOf(db, siteOrganisationId, day)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('round_sites')
          .select('round_sites.round_id')
          .whereRef('round_sites.round_id', '=', 'rounds.id')
          .where('round_sites.site_id', '=', siteId),
      ),
    )
    .executeTakeFirst();
  return round?.id ?? null;
}

export async function organisationOfSite(db: Executor, siteId: string): Promise<string | null> {
  return (await db.selectFrom('sites').select('organisation_id').where('id', '=', siteId).executeTakeFirst())?.organisation_id ?? null;
}

/** The round a peer's answer on the day counts in: one the peer's organisation takes part in and that includes the peer or the peer's site. */
export async function roundOfPeerOn(db: Executor, day: string, organisationId: string, peerUserId: string, siteId: string | null): Promise<string | null> {
  const round = await runningRoundsOf(db, organisationId, day)
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
  return round?.id ?? null;
}

/** Whether the site is (still) one of the round's sites. */
export async function roundHasSite(db: Executor, roundId: string, siteId: string): Promise<boolean> {
  return !!(await db.selectFrom('round_sites').select('site_id').where('round_id', '=', roundId).where('site_id', '=', siteId).executeTakeFirst());
}

// Invitations into a round, and who takes part.

export interface InvitationRow {
  organisation_id: string;
  organisation_name: string;
  state: RoundInvitationState;
}

export function invitationsOfRound(db: Executor, roundId: string): Promise<InvitationRow[]> {
  return db
    .selectFrom('round_invitations')
    .innerJoin('organisations', 'organisations.id', 'round_invitations.organisation_id')
    .select(['round_invitations.organisation_id', 'organisations.name as organisation_name', 'round_invitations.state'])
    .where('round_invitations.round_id', '=', roundId)
    .orderBy('organisations.name')
    .execute();
}

export async function invitationState(db: Executor, roundId: string, organisationId: string): Promise<RoundInvitationState | undefined> {
  return (
    await db.selectFrom('round_invitations').select('state').where('round_id', '=', roundId).where('organisation_id', '=', organisationId).executeTakeFirst()
  )?.state;
}

/** Rounds of other organisations that invited the organisation, or that it takes part in. */
export function invitationsToOrganisation(db: Executor, organisationId: string, states: RoundInvitationState[]) {
  return db
    .selectFrom('round_invitations')
    .innerJoin('rounds', 'rounds.id', 'round_invitations.round_id')
    .innerJoin('organisations', 'organisations.id', 'rounds.organisation_id')
    .select([
      'rounds.id',
      'rounds.title',
      'rounds.method',
      (eb) => eb.cast<string>('rounds.starts_on', 'text').as('starts_on'),
      (eb) => eb.cast<string>('rounds.ends_on', 'text').as('ends_on'),
      'organisations.name as organisation_name',
      'round_invitations.state',
    ])
    .where('round_invitations.organisation_id', '=', organisationId)
    .where('round_invitations.state', 'in', states)
    .orderBy('rounds.starts_on', 'desc')
    .orderBy('rounds.id')
    .execute();
}

/** Invites the organisation, again if it declined, was withdrawn or left before. */
export async function upsertInvitation(db: Executor, roundId: string, organisationId: string, now: Date): Promise<void> {
  await db
    .insertInto('round_invitations')
    .values({ round_id: roundId, organisation_id: organisationId, state: 'pending', invited_at: now, answered_at: null })
    .onConflict((oc) => oc.columns(['round_id', 'organisation_id']).doUpdateSet({ state: 'pending', invited_at: now, answered_at: null }))
    .execute();
}

/** Moves an invitation from one state to the next; false when it was not in the state `from` (answered meanwhile). */
export async function moveInvitation(
  db: Executor,
  roundId: string,
  organisationId: string,
  from: RoundInvitationState,
  to: RoundInvitationState,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('round_invitations')
    .set({ state: to, answered_at: now })
    .where('round_id', '=', roundId)
    .where('organisation_id', '=', organisationId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteRoundOrganisation(db: Executor, roundId: string, organisationId: string): Promise<void> {
  await db.deleteFrom('round_organisations').where('round_id', '=', roundId).where('organisation_id', '=', organisationId).execute();
}

/** Takes out the round's sites and peers that belong to none of the organisations taking part. */
export async function pruneRoundParticipants(db: Executor, roundId: string): Promise<void> {
  const takingPart = sql`(select organisation_id from rounds where id = ${roundId} union select organisation_id from round_organisations where round_id = ${roundId})`;
  await db
    .deleteFrom('round_sites')
    .where('round_id', '=', roundId)
    .where(sql<boolean>`site_id not in (select id from sites where organisation_id in ${takingPart})`)
    .execute();
  await db
    .deleteFrom('round_peers')
    .where('round_id', '=', roundId)
    .where(sql<boolean>`peer_user_id not in (select user_id from memberships where role = 'peer' and organisation_id in ${takingPart})`)
    .execute();
}

export async function clearRoundParticipants(db: Executor, roundId: string): Promise<void> {
  await db.deleteFrom('round_sites').where('round_id', '=', roundId).execute();
  await db.deleteFrom('round_peers').where('round_id', '=', roundId).execute();
}

/** Of the given ids, those that are organisations. */
export async function existingOrganisationIds(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

/** The sites of the organisations, with each organisation's name, for choosing a round's sites. */
export function sitesOfOrganisations(db: Executor, organisationIds: string[]) {
  return db
    .selectFrom('sites')
    .innerJoin('organisations', 'organisations.id', 'sites.organisation_id')
    .select(['sites.id', 'sites.name', 'organisations.name as org'])
    .where('sites.organisation_id', 'in', organisationIds)
    .orderBy('organisations.name')
    .orderBy('sites.name')
    .execute();
}

/** The peers of the organisations, with the organisation's name, for choosing a round's peers. */
export function peersOfOrganisations(db: Executor, organisationIds: string[]) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['users.id', 'users.chosen_name', 'organisations.name as org'])
    .where('memberships.role', '=', 'peer')
    .where('memberships.organisation_id', 'in', organisationIds)
    .orderBy('organisations.name')
    .orderBy('users.chosen_name')
    .execute();
}

/**
 * The organisation's rounds that include the site and have a link to a built-in questionnaire
 * (any version of `key`), latest first: where the users of a site were asked.
 */
export async function roundsAskingAt(db: Executor, organisationId: string, siteId: string, key: string, limit = 3): Promise<string[]> {
  const rows = await db
    .selectFrom('rounds')
    .innerJoin('round_sites', 'round_sites.round_id', 'rounds.id')
    .select(['rounds.id'])
    .where('rounds.organisation_id', '=', organisationId)
    .where('round_sites.site_id', '=', siteId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('distributions')
          .innerJoin('questionnaires', 'questionnaires.id', 'distributions.questionnaire_id')
          .select('distributions.id')
          .whereRef('distributions.round_id', '=', 'rounds.id')
          .where('questionnaires.key', '=', key)
          .where('questionnaires.organisation_id', 'is', null),
      ),
    )
    .orderBy('rounds.ends_on', 'desc')
    .orderBy('rounds.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
