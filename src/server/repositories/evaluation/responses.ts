import { sql, type ExpressionBuilder, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database, ResponseMode, ResponsesTable } from '../../db/schema.ts';

// Distributions (a round's links to a questionnaire), the responses that come in through them
// or through the app, their answers, and the running tallies that reports count from.

export async function insertDistribution(
  db: Executor,
  d: { roundId: string; questionnaireId: string; organisationId: string; siteId: string | null; mode: ResponseMode; tokenHash: string; closesOn: string },
): Promise<void> {
  await db
    .insertInto('distributions')
    .values({
      round_id: d.roundId,
      questionnaire_id: d.questionnaireId,
      organisation_id: d.organisationId,
      site_id: d.siteId,
      mode: d.mode,
      token_hash: d.tokenHash,
      closes_on: d.closesOn,
    })
    .execute();
}

export function distributionsOfRound(db: Executor, roundId: string) {
  return db
    .selectFrom('distributions')
    .innerJoin('questionnaires', 'questionnaires.id', 'distributions.questionnaire_id')
    .leftJoin('sites', 'sites.id', 'distributions.site_id')
    .select([
      'distributions.id',
      'distributions.mode',
      'questionnaires.key',
      'questionnaires.version',
      'questionnaires.definition',
      'sites.name as site_name',
      'distributions.created_at',
    ])
    .where('round_id', '=', roundId)
    .orderBy('distributions.created_at')
    .execute();
}

/** The questionnaires a round has links to. */
export async function distributedQuestionnaireIds(db: Executor, roundId: string): Promise<string[]> {
  return (await db.selectFrom('distributions').select('questionnaire_id').distinct().where('round_id', '=', roundId).execute()).map((r) => r.questionnaire_id);
}

export function findDistributionByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('distributions')
    .select(['id', 'questionnaire_id', 'mode', 'round_id', 'organisation_id', 'site_id', (eb) => eb.cast<string | null>('closes_on', 'text').as('closes_on')])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** A response as it is inserted: everything but its generated id. */
export type NewResponse = Omit<Insertable<ResponsesTable>, 'id'>;

/** The new response's id, or undefined when one with the same submission key is already stored. */
export async function insertResponseOnce(db: Executor, response: NewResponse): Promise<string | undefined> {
  const inserted = await db
    .insertInto('responses')
    .values(response)
    .onConflict((oc) => oc.column('submission_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function responseWithKeyExists(db: Executor, submissionKey: string): Promise<boolean> {
  return !!(await db.selectFrom('responses').select('id').where('submission_key', '=', submissionKey).executeTakeFirst());
}

export interface AnswerRow {
  response_id: string;
  item_key: string;
  ordinal: number;
  value_option: string | null;
  value_number: number | null;
  value_text: Uint8Array | null;
}

export async function insertAnswers(db: Executor, rows: AnswerRow[]): Promise<void> {
  await db.insertInto('answers').values(rows).execute();
}

export interface TallyIncrement {
  questionnaire_id: string;
  round_key: string;
  site_key: string;
  month: string;
  item_key: string;
  value_option: string;
  n: number;
  respondents: number;
  value_sum: number;
  value_square_sum: number;
  value_count: number;
}

export async function addToTally(db: Executor, inc: TallyIncrement): Promise<void> {
  await db
    .insertInto('answer_tallies')
    .values(inc)
    .onConflict((oc) =>
      oc.columns(['round_key', 'questionnaire_id', 'site_key', 'month', 'item_key', 'value_option']).doUpdateSet({
        n: sql`answer_tallies.n + excluded.n`,
        respondents: sql`answer_tallies.respondents + excluded.respondents`,
        value_sum: sql`answer_tallies.value_sum + excluded.value_sum`,
        value_square_sum: sql`answer_tallies.value_square_sum + excluded.value_square_sum`,
        value_count: sql`answer_tallies.value_count + excluded.value_count`,
      }),
    )
    .execute();
}

/**
 * The responses that are this person's on record: identified ones by the account, and
 * pseudonymous ones given while signed in, which the person's own log row names. Anonymous
 * answers are tied to nobody and are never found here.
 */
function ofPerson(eb: ExpressionBuilder<Database, 'responses'>, userId: string) {
  return eb.and([
    eb('responses.mode', '<>', 'anonymous'),
    eb.or([
      eb('responses.respondent_user_id', '=', userId),
      eb(
        sql<string>`responses.id::text`,
        'in',
        eb
          .selectFrom('audit_log')
          .select('audit_log.object_id')
          .where('audit_log.actor_user_id', '=', userId)
          .where('audit_log.action', '=', 'response.submit')
          .where('audit_log.object_type', '=', 'response'),
      ),
    ]),
  ]);
}

export function responsesOfPerson(db: Executor, userId: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'questionnaire_id', 'mode', 'pseudonym', 'submitted_at'])
    .where((eb) => ofPerson(eb, userId))
    .orderBy('submitted_at')
    .execute();
}

/** Erasure: the person's answers go with their rows; the tallies keep counting them, without anyone. */
export async function deleteResponsesOfPerson(db: Executor, userId: string): Promise<void> {
  await db
    .deleteFrom('responses')
    .where((eb) => ofPerson(eb, userId))
    .execute();
}

export function answersOfResponses(db: Executor, responseIds: string[]): Promise<AnswerRow[]> {
  if (responseIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('answers').selectAll().where('response_id', 'in', responseIds).orderBy('response_id').orderBy('ordinal').execute();
}
