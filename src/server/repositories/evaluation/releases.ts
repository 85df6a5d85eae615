import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

// A round's releases of its answers and its activity figures: written once, never changed.

export function releasesOfRound(db: Executor, roundId: string) {
  return db.selectFrom('evaluation_releases').select(['number', 'made_at']).where('round_id', '=', roundId).orderBy('number').execute();
}

export function releaseTablesOfRound(db: Executor, roundId: string) {
  return db
    .selectFrom('evaluation_release_tables')
    .select(['number', 'questionnaire_id', 'respondents', 'content'])
    .where('round_id', '=', roundId)
    .orderBy('number')
    .execute();
}

export function releaseTextsOfRound(db: Executor, roundId: string) {
  return db
    .selectFrom('evaluation_release_texts')
    .select(['number', 'questionnaire_id', 'item_key', 'sealed_text'])
    .where('round_id', '=', roundId)
    .orderBy('number')
    .orderBy('ordinal')
    .execute();
}

/** False when another request made this release first. */
export async function insertRelease(db: Executor, roundId: string, number: number, madeAt: Date): Promise<boolean> {
  const row = await db
    .insertInto('evaluation_releases')
    .values({ round_id: roundId, number, made_at: madeAt })
    .onConflict((oc) => oc.columns(['round_id', 'number']).doNothing())
    .returning('number')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReleaseTable(
  db: Executor,
  row: { roundId: string; number: number; questionnaireId: string; respondents: number; content: unknown },
) {
  await db
    .insertInto('evaluation_release_tables')
    .values({
      round_id: row.roundId,
      number: row.number,
      questionnaire_id: row.questionnaireId,
      respondents: row.respondents,
      content: JSON.stringify(row.content),
    })
    .execute();
}

export async function insertReleaseTexts(
  db: Executor,
  rows: { roundId: string; number: number; questionnaireId: string; itemKey: string; sealedText: Uint8Array }[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('evaluation_release_texts')
    .values(
      rows.map((r, ordinal) => ({
        round_id: r.roundId,
        number: r.number,
        questionnaire_id: r.questionnaireId,
        item_key: r.itemKey,
        ordinal,
        sealed_text: r.sealedText,
      })),
    )
    .execute();
}

/** The stored months as "YYYY-MM", oldest first. */
export function activityMonthsOfRound(db: Executor, roundId: string) {
  return db
    .selectFrom('evaluation_activity_months')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'figures'])
    .where('round_id', '=', roundId)
    .orderBy('evaluation_activity_months.month')
    .execute();
}

export async function insertActivityMonth(db: Executor, roundId: string, month: string, figures: unknown): Promise<void> {
  await db
    .insertInto('evaluation_activity_months')
    .values({ round_id: roundId, month, figures: JSON.stringify(figures) })
    .onConflict((oc) => oc.columns(['round_id', 'month']).doNothing())
    .execute();
}
