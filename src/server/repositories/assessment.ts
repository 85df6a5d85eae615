import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

// A team's self-assessment rounds, the members' responses and the actions they note.

function roundQuery(db: Executor) {
  return db
    .selectFrom('assessment_rounds')
    .innerJoin('sites', 'sites.id', 'assessment_rounds.site_id')
    .innerJoin('organisations', 'organisations.id', 'assessment_rounds.organisation_id')
    .select([
      'assessment_rounds.id',
      'assessment_rounds.organisation_id',
      'assessment_rounds.site_id',
      'assessment_rounds.title',
      'assessment_rounds.items_version',
      'assessment_rounds.closed_at',
      'assessment_rounds.created_at',
      sql<string>`assessment_rounds.held_on::text`.as('held_on'),
      'sites.name as site_name',
      'organisations.name as organisation_name',
    ]);
}

export type RoundRow = {
  id: string;
  organisation_id: string;
  site_id: string;
  title: string;
  items_version: string;
  closed_at: Date | null;
  created_at: Date;
  held_on: string;
  site_name: string;
  organisation_name: string;
};

export function findRound(db: Executor, id: string): Promise<RoundRow | undefined> {
  return roundQuery(db).where('assessment_rounds.id', '=', id).executeTakeFirst();
}

/** The rounds of the given organisations, latest first. */
export function roundsOfOrganisations(db: Executor, organisationIds: string[]): Promise<RoundRow[]> {
  return roundQuery(db)
    .where('assessment_rounds.organisation_id', 'in', organisationIds)
    .orderBy('held_on', 'desc')
    .orderBy('assessment_rounds.created_at', 'desc')
    .execute();
}

/** Up to 12 closed rounds of the same site held before the given round (or the same day, created earlier), latest first. */
export function earlierClosedRounds(db: Executor, round: { id: string; siteId: string; heldOn: string }): Promise<RoundRow[]> {
  return roundQuery(db)
    .where('assessment_rounds.site_id', '=', round.siteId)
    .where('assessment_rounds.id', '<>', round.id)
    .where('assessment_rounds.closed_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('assessment_rounds.held_on', '<', round.heldOn),
        eb.and([
          eb('assessment_rounds.held_on', '=', round.heldOn),
          eb('assessment_rounds.created_at', '<', eb.selectFrom('assessment_rounds as r2').select('r2.created_at').where('r2.id', '=', round.id)),
        ]),
      ]),
    )
    .orderBy('held_on', 'desc')
    .orderBy('assessment_rounds.created_at', 'desc')
    .limit(12)
    .execute();
}

/** Which of the given rounds the person has answered. */
export async function answeredRoundIds(db: Executor, userId: string, roundIds: string[]): Promise<string[]> {
  const rows = await db.selectFrom('assessment_responses').select('round_id').where('user_id', '=', userId).where('round_id', 'in', roundIds).execute();
  return rows.map((r) => r.round_id);
}

export async function hasAnswered(db: Executor, roundId: string, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('assessment_responses').select('id').where('round_id', '=', roundId).where('user_id', '=', userId).executeTakeFirst());
}

/** Every response's answers, as stored (JSON text or an object, by driver). */
export async function storedAnswersOf(db: Executor, roundId: string): Promise<unknown[]> {
  const rows = await db.selectFrom('assessment_responses').select('answers').where('round_id', '=', roundId).execute();
  return rows.map((r) => r.answers);
}

export async function storedAnswersBy(db: Executor, roundId: string, userId: string): Promise<unknown | undefined> {
  const row = await db.selectFrom('assessment_responses').select('answers').where('round_id', '=', roundId).where('user_id', '=', userId).executeTakeFirst();
  return row?.answers;
}

export function actionsOf(db: Executor, roundId: string) {
  return db
    .selectFrom('assessment_actions')
    .leftJoin('users', 'users.id', 'assessment_actions.author_user_id')
    .select(['assessment_actions.id', 'assessment_actions.text', 'assessment_actions.created_at', 'users.chosen_name'])
    .where('round_id', '=', roundId)
    .orderBy('assessment_actions.created_at')
    .execute();
}

export function findSiteOf(db: Executor, organisationId: string, siteId: string) {
  return db.selectFrom('sites').select('id').where('id', '=', siteId).where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function insertRound(
  db: Executor,
  r: { organisationId: string; siteId: string; title: string; heldOn: string; itemsVersion: string; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('assessment_rounds')
    .values({ organisation_id: r.organisationId, site_id: r.siteId, title: r.title, held_on: r.heldOn, items_version: r.itemsVersion, created_by: r.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The team a round is for: the organisation's active staff at its site or at no one site. */
export async function teamOfSite(db: Executor, organisationId: string, siteId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('memberships.site_id', '=', siteId), eb('memberships.site_id', 'is', null)]))
    .where('users.disabled_at', 'is', null)
    .distinct()
    .execute();
  return rows.map((r) => r.id);
}

/** The person's one response for the round: inserted, or replaced. */
export async function upsertResponse(db: Executor, roundId: string, userId: string, json: string, now: Date): Promise<void> {
  await db
    .insertInto('assessment_responses')
    .values({ round_id: roundId, user_id: userId, answers: json })
    .onConflict((oc) => oc.columns(['round_id', 'user_id']).doUpdateSet({ answers: json, updated_at: now }))
    .execute();
}

export async function insertAction(db: Executor, roundId: string, authorUserId: string, text: string): Promise<void> {
  await db.insertInto('assessment_actions').values({ round_id: roundId, author_user_id: authorUserId, text }).execute();
}

/** Closes the round unless it is closed already. */
export async function closeRound(db: Executor, roundId: string, now: Date): Promise<void> {
  await db.updateTable('assessment_rounds').set({ closed_at: now }).where('id', '=', roundId).where('closed_at', 'is', null).execute();
}
