import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.ts';
import type { AnswerPlace } from '../../db/schema.ts';

// Anonymous answers waiting to be written in a batch (see flushAnswerQueue).

export interface QueuedAnswer extends AnswerPlace {
  /** The first day of the month it was given in, YYYY-MM-01. */
  month: string;
  submission_key: string;
  /** The answer rows, free text sealed, bytes as base64. */
  answers: QueuedAnswerRow[];
}

export interface QueuedAnswerRow {
  item_key: string;
  ordinal: number;
  value_option: string | null;
  value_number: number | null;
  value_text: string | null;
}

/** False when an answer with the same submission key already waits. */
export async function enqueueAnswer(db: Executor, answer: QueuedAnswer): Promise<boolean> {
  const inserted = await db
    .insertInto('answer_queue')
    .values({ ...answer, answers: JSON.stringify(answer.answers) })
    .onConflict((oc) => oc.column('submission_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

export async function countQueuedAnswers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('answer_queue')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Takes up to `limit` waiting answers, picked at random, out of the queue. Rows another
 * transaction is taking are skipped, so two writers never take the same answer.
 */
export async function takeQueuedAnswers(tx: Tx, limit: number): Promise<QueuedAnswer[]> {
  const rows = await sql<Omit<QueuedAnswer, 'answers'> & { answers: unknown }>`
    delete from answer_queue
    where id in (select id from answer_queue order by random() limit ${limit} for update skip locked)
    returning questionnaire_id, distribution_id, round_id, organisation_id, site_id, audience, month::text as month, submission_key, answers`.execute(tx);
  return rows.rows.map((r) => ({ ...r, answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as QueuedAnswerRow[] }));
}
