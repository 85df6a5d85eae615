import type { Executor } from '../../db/database.ts';

export async function insertPoll(
  db: Executor,
  p: { organisationId: string; roundId: string | null; code: string; question: unknown; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('polls')
    .values({ organisation_id: p.organisationId, round_id: p.roundId, code: p.code, question: JSON.stringify(p.question), created_by: p.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findPoll(db: Executor, where: { id?: string; code?: string }) {
  let query = db.selectFrom('polls').select(['id', 'code', 'open', 'question', 'organisation_id', 'round_id']);
  if (where.id) query = query.where('id', '=', where.id);
  if (where.code) query = query.where('code', '=', where.code);
  return query.executeTakeFirst();
}

export function votesPerOption(db: Executor, pollId: string) {
  return db
    .selectFrom('poll_votes')
    .select(['option_value', (eb) => eb.fn.countAll<string>().as('n')])
    .where('poll_id', '=', pollId)
    .groupBy('option_value')
    .execute();
}

/** One vote per voter: voting again changes it. */
export async function upsertVote(db: Executor, pollId: string, voterHash: string, optionValue: string): Promise<void> {
  await db
    .insertInto('poll_votes')
    .values({ poll_id: pollId, voter_hash: voterHash, option_value: optionValue })
    .onConflict((oc) => oc.columns(['poll_id', 'voter_hash']).doUpdateSet({ option_value: optionValue }))
    .execute();
}

export async function closePoll(db: Executor, pollId: string): Promise<void> {
  await db.updateTable('polls').set({ open: false }).where('id', '=', pollId).execute();
}

export function pollsOfOrganisation(db: Executor, organisationId: string) {
  return db
    .selectFrom('polls')
    .select(['id', 'code', 'open', 'question', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function pollIdsOfRound(db: Executor, roundId: string): Promise<string[]> {
  return (await db.selectFrom('polls').select('id').where('round_id', '=', roundId).orderBy('created_at').execute()).map((p) => p.id);
}
