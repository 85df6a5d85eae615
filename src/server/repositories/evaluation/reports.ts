import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.ts';

// What a round's report counts: activity at its sites and with its peers, and the answers in its
// tallies. Suppression of small numbers is the service's and the domain's work, not this file's.

const NO_SITE = '00000000-0000-0000-0000-000000000000';

/** A part of a round: its sites (all of them when `siteIds.length === allSites`) and a period. */
export interface RoundSlice {
  roundId: string;
  siteIds: string[];
  allSites: number;
  from: string;
  to: string;
}

/** Statements, meetings and check-ins at the sites or of citizens linked to the peers, in [start, end). */
export async function activityCounts(
  db: Executor,
  siteSet: string[],
  peerIds: string[],
  start: Date,
  end: Date,
): Promise<{ statements: number; meetings: number; checkIns: number }> {
  const linkedToPeers = (col: string): Expression<SqlBool> =>
    peerIds.length
      ? sql<SqlBool>`exists (select 1 from peer_links l where l.citizen_id = ${sql.ref(col)} and l.peer_user_id in (${sql.join(peerIds)}))`
      : sql<SqlBool>`false`;
  const atSites = (col: string): Expression<SqlBool> => (siteSet.length ? sql<SqlBool>`${sql.ref(col)} in (${sql.join(siteSet)})` : sql<SqlBool>`false`);
  const statements = await db
    .selectFrom('statements')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .where((eb) =>
      eb.or([
        linkedToPeers('statements.owner_id'),
        eb.exists(eb.selectFrom('meetings').select('meetings.id').whereRef('meetings.statement_id', '=', 'statements.id').where(atSites('meetings.site_id'))),
      ]),
    )
    .executeTakeFirstOrThrow();
  const meetings = await db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('starts_at', '>=', start)
    .where('starts_at', '<', end)
    .where((eb) => eb.or([atSites('meetings.site_id'), linkedToPeers('meetings.owner_id')]))
    .executeTakeFirstOrThrow();
  const checkIns = await db
    .selectFrom('follow_ups')
    .innerJoin('meetings', 'meetings.id', 'follow_ups.meeting_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('meetings.starts_at', '>=', start)
    .where('meetings.starts_at', '<', end)
    .where((eb) => eb.or([atSites('meetings.site_id'), linkedToPeers('meetings.owner_id')]))
    .executeTakeFirstOrThrow();
  return { statements: Number(statements.n), meetings: Number(meetings.n), checkIns: Number(checkIns.n) };
}

/** Peer sessions at the sites or by the peers, from `from` to `to` inclusive, of the organisations that take part in the round. */
export function peerSessionsIn(db: Executor, roundId: string, siteSet: string[], peerIds: string[], from: string, to: string) {
  return db
    .selectFrom('peer_sessions')
    .select(['kind', 'themes'])
    .where('occurred_on', '>=', from)
    .where('occurred_on', '<=', to)
    .where((eb) =>
      eb.or([
        eb('organisation_id', 'in', eb.selectFrom('rounds').select('rounds.organisation_id').where('rounds.id', '=', roundId)),
        eb(
          'organisation_id',
          'in',
          eb.selectFrom('round_organisations').select('round_organisations.organisation_id').where('round_organisations.round_id', '=', roundId),
        ),
      ]),
    )
    .where((eb) => eb.or([...(siteSet.length ? [eb('site_id', 'in', siteSet)] : []), ...(peerIds.length ? [eb('peer_user_id', 'in', peerIds)] : [])]))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's where() overloads cannot be named generically
function tallyFilter<Q extends { where: (...args: any[]) => Q }>(query: Q, s: RoundSlice): Q {
  let q = query
    .where('answer_tallies.round_key', '=', s.roundId)
    .where('answer_tallies.month', '>=', `${s.from.slice(0, 7)}-01`)
    .where('answer_tallies.month', '<=', `${s.to.slice(0, 7)}-01`);
  if (s.siteIds.length !== s.allSites) q = q.where('answer_tallies.site_key', 'in', s.siteIds.length ? s.siteIds : [NO_SITE]);
  return q;
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's where() overloads cannot be named generically
function responseFilter<Q extends { where: (...args: any[]) => Q }>(query: Q, s: RoundSlice): Q {
  let q = query
    .where('round_id', '=', s.roundId)
    .where('submitted_month', '>=', `${s.from.slice(0, 7)}-01`)
    .where('submitted_month', '<=', `${s.to.slice(0, 7)}-01`);
  if (s.siteIds.length !== s.allSites) q = q.where('site_id', 'in', s.siteIds.length ? s.siteIds : [NO_SITE]);
  return q;
}

export function respondentsPerAudience(db: Executor, slice: RoundSlice) {
  return tallyFilter(
    db
      .selectFrom('answer_tallies')
      .innerJoin('questionnaires', 'questionnaires.id', 'answer_tallies.questionnaire_id')
      .select(['questionnaires.audience', (eb) => eb.fn.sum<string>('answer_tallies.n').as('n')]),
    slice,
  )
    .where('answer_tallies.item_key', '=', '')
    .groupBy('questionnaires.audience')
    .execute();
}

export async function talliedQuestionnaireIds(db: Executor, slice: RoundSlice): Promise<string[]> {
  return (await tallyFilter(db.selectFrom('answer_tallies').select('answer_tallies.questionnaire_id').distinct(), slice).execute()).map(
    (r) => r.questionnaire_id,
  );
}

/** Per item and option: answers, respondents, and the count and sum of numeric values. */
export function questionnaireTallies(db: Executor, slice: RoundSlice, questionnaireId: string) {
  return tallyFilter(db.selectFrom('answer_tallies'), slice)
    .where('answer_tallies.questionnaire_id', '=', questionnaireId)
    .select([
      'answer_tallies.item_key',
      'answer_tallies.value_option',
      (eb) => eb.fn.sum<string>('answer_tallies.n').as('n'),
      (eb) => eb.fn.sum<string>('answer_tallies.respondents').as('respondents'),
      (eb) => eb.fn.sum<string>('answer_tallies.value_count').as('numbers'),
      (eb) => eb.fn.sum<string>('answer_tallies.value_sum').as('sum'),
    ])
    .groupBy(['answer_tallies.item_key', 'answer_tallies.value_option'])
    .execute();
}

/** The sealed free-text answers to one item. */
export async function sealedFreeTexts(db: Executor, slice: RoundSlice, questionnaireId: string, itemKey: string): Promise<Uint8Array[]> {
  const texts = await responseFilter(db.selectFrom('responses'), slice)
    .where('responses.questionnaire_id', '=', questionnaireId)
    .innerJoin('answers', 'answers.response_id', 'responses.id')
    .select('answers.value_text')
    .where('answers.item_key', '=', itemKey)
    .where('answers.value_text', 'is not', null)
    .execute();
  return texts.map((t) => t.value_text!);
}

export async function respondedQuestionnaireIds(db: Executor, roundId: string): Promise<string[]> {
  return (await db.selectFrom('responses').select('questionnaire_id').distinct().where('round_id', '=', roundId).execute()).map((r) => r.questionnaire_id);
}

/** Every answer to the questionnaire in the round, grouped by response and in item order. */
export function answersForExport(db: Executor, roundId: string, questionnaireId: string) {
  return db
    .selectFrom('responses')
    .innerJoin('answers', 'answers.response_id', 'responses.id')
    .select(['responses.id', 'answers.item_key', 'answers.ordinal', 'answers.value_option', 'answers.value_number', 'answers.value_text'])
    .where('responses.round_id', '=', roundId)
    .where('responses.questionnaire_id', '=', questionnaireId)
    .orderBy('responses.id')
    .orderBy('answers.item_key')
    .orderBy('answers.ordinal')
    .execute();
}
