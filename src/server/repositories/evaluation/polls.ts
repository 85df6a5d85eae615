import { sql } from 'kysely';
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
  let query = db.selectFrom('polls').select(['id', 'code', 'open', 'question', 'organisation_id', 'round_id', 'released']);
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

/** One vote per voter: voting again replaces it. True when a vote was added or changed. */
export async function castVote(db: Executor, pollId: string, voterHash: string, optionValue: string): Promise<boolean> {
  const row = await db
    .insertInto('poll_votes')
    .values({ poll_id: pollId, voter_hash: voterHash, option_value: optionValue })
    .onConflict((oc) => oc.columns(['poll_id', 'voter_hash']).doUpdateSet({ option_value: optionValue }).where('poll_votes.option_value', '<>', optionValue))
    .returning('poll_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Counts one new or changed vote. The row lock also puts concurrent votes on the poll in order. */
export async function countVoteChange(db: Executor, pollId: string): Promise<{ changes: number; released: unknown }> {
  const row = await db
    .updateTable('polls')
    .set((eb) => ({ vote_changes: eb('vote_changes', '+', 1) }))
    .where('id', '=', pollId)
    .returning(['vote_changes as changes', 'released'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function storeRelease(db: Executor, pollId: string, release: unknown): Promise<void> {
  await db
    .updateTable('polls')
    .set({ released: JSON.stringify(release) })
    .where('id', '=', pollId)
    .execute();
}

/** True when there was a vote to remove. */
export async function removeVote(db: Executor, pollId: string, voterHash: string): Promise<boolean> {
  const rows = await db.deleteFrom('poll_votes').where('poll_id', '=', pollId).where('voter_hash', '=', voterHash).returning('poll_id').execute();
  return rows.length > 0;
}

export async function voteOf(db: Executor, pollId: string, voterHash: string): Promise<string | null> {
  const row = await db.selectFrom('poll_votes').select('option_value').where('poll_id', '=', pollId).where('voter_hash', '=', voterHash).executeTakeFirst();
  return row?.option_value ?? null;
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

export async function allPollIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('polls').select('id').execute()).map((p) => p.id);
}

/** The votes stored under these voter fingerprints, with their polls' questions. */
export function votesByVoters(db: Executor, voterHashes: string[]) {
  if (voterHashes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('poll_votes')
    .innerJoin('polls', 'polls.id', 'poll_votes.poll_id')
    .select(['poll_votes.poll_id', 'poll_votes.option_value', 'polls.question', 'polls.created_at'])
    .where('poll_votes.voter_hash', 'in', voterHashes)
    .orderBy('polls.created_at')
    .execute();
}

/** The votes keep counting, but under a random fingerprint that leads to nobody. */
export async function unlinkVotes(db: Executor, voterHashes: string[]): Promise<void> {
  if (voterHashes.length === 0) return;
  await db.updateTable('poll_votes').set({ voter_hash: sql<string>`gen_random_uuid()::text` }).where('voter_hash', 'in', voterHashes).execute();
}
