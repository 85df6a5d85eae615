import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.ts';

// What a round's releases are made from: activity at its sites and with its peers, and the
// answers in its tallies. Only the release service reads this file (an architecture rule), and
// everything it reads goes out through src/domain/evaluation/disclosure/ and nowhere else.

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

/**
 * Per questionnaire and item of a round, the answers that have no option: whole responses
 * (item ''), free text and numbers. Enough to tell whether a release is due, and cheap.
 */
export function roundTotals(db: Executor, roundId: string) {
  return db
    .selectFrom('answer_tallies')
    .where('round_key', '=', roundId)
    .where('value_option', '=', '')
    .select(['questionnaire_id', 'item_key', (eb) => eb.fn.sum<string>('n').as('n')])
    .groupBy(['questionnaire_id', 'item_key'])
    .execute();
}

/**
 * One questionnaire's tallies in a round, summed over months: per site, item and option, the
 * answers, the respondents, and the count and sum of numeric values. What a release is made from.
 */
export function roundTallies(db: Executor, roundId: string, questionnaireId: string) {
  return db
    .selectFrom('answer_tallies')
    .where('round_key', '=', roundId)
    .where('questionnaire_id', '=', questionnaireId)
    .select([
      'site_key',
      'item_key',
      'value_option',
      (eb) => eb.fn.sum<string>('n').as('n'),
      (eb) => eb.fn.sum<string>('respondents').as('respondents'),
      (eb) => eb.fn.sum<string>('value_count').as('value_count'),
      (eb) => eb.fn.sum<string>('value_sum').as('value_sum'),
      (eb) => eb.fn.sum<string>('value_square_sum').as('value_square_sum'),
    ])
    .groupBy(['site_key', 'item_key', 'value_option'])
    .execute();
}

/** The sealed free-text answers to one item in a round, in no particular order. */
export async function sealedFreeTextsOfRound(db: Executor, roundId: string, questionnaireId: string, itemKey: string): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('responses')
    .innerJoin('answers', 'answers.response_id', 'responses.id')
    .select('answers.value_text')
    .where('responses.round_id', '=', roundId)
    .where('responses.questionnaire_id', '=', questionnaireId)
    .where('answers.item_key', '=', itemKey)
    .where('answers.value_text', 'is not', null)
    .execute();
  return rows.map((r) => r.value_text!);
}
