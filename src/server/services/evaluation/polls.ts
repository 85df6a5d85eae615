import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { requireOrganisationManager } from '../../policy/legacy.ts';
import { NotFound } from '../../errors.ts';
import { newShortCode } from '../../crypto/tokens.ts';
import { audit } from '../audit.ts';
import { consume } from '../rate-limit.ts';
import { fingerprint } from './keys.ts';

export const pollQuestionSchema = z.object({
  text: z.string().trim().min(1).max(300),
  options: z.array(z.string().trim().min(1).max(100)).min(2).max(8),
});
export type PollQuestion = z.infer<typeof pollQuestionSchema>;

/** A live poll for a webinar: the audience answers by a short code, no account needed. */
export async function createPoll(deps: AppDeps, actor: Actor, organisationId: string, question: PollQuestion, roundId: string | null): Promise<{ id: string; code: string }> {
  requireOrganisationManager(actor, organisationId);
  if (roundId) {
    const round = await deps.db.selectFrom('rounds').select('organisation_id').where('id', '=', roundId).executeTakeFirst();
    if (!round || round.organisation_id !== organisationId) throw new NotFound();
  }
  const code = newShortCode(6);
  const row = await deps.db.insertInto('polls').values({ organisation_id: organisationId, round_id: roundId, code, question: JSON.stringify(question), created_by: actor.id }).returning('id').executeTakeFirstOrThrow();
  await audit(deps.db, actor, 'poll.create', null, { type: 'poll', id: row.id });
  return { id: row.id, code };
}

export interface PollResults {
  id: string;
  code: string;
  open: boolean;
  question: PollQuestion;
  counts: number[];
  total: number;
  organisationId: string;
  roundId: string | null;
}

async function results(deps: Pick<AppDeps, 'db'>, where: { id?: string; code?: string }): Promise<PollResults | null> {
  let query = deps.db.selectFrom('polls').select(['id', 'code', 'open', 'question', 'organisation_id', 'round_id']);
  if (where.id) query = query.where('id', '=', where.id);
  if (where.code) query = query.where('code', '=', where.code);
  const poll = await query.executeTakeFirst();
  if (!poll) return null;
  const question = (typeof poll.question === 'string' ? JSON.parse(poll.question) : poll.question) as PollQuestion;
  const votes = await deps.db.selectFrom('poll_votes').select(['option_value', (eb) => eb.fn.countAll<string>().as('n')]).where('poll_id', '=', poll.id).groupBy('option_value').execute();
  const counts = question.options.map((_, i) => Number(votes.find((v) => v.option_value === String(i))?.n ?? 0));
  return { id: poll.id, code: poll.code, open: poll.open, question, counts, total: counts.reduce((a, b) => a + b, 0), organisationId: poll.organisation_id, roundId: poll.round_id };
}

export async function pollForPresenter(deps: AppDeps, actor: Actor, pollId: string): Promise<PollResults> {
  const r = await results(deps, { id: pollId });
  if (!r) throw new NotFound();
  requireOrganisationManager(actor, r.organisationId);
  return r;
}

export async function pollByCode(deps: AppDeps, code: string): Promise<PollResults | null> {
  const clean = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (clean.length !== 6) return null;
  return results(deps, { code: clean });
}

/** One vote per browser (a random cookie, hashed); voting again changes the vote. */
export async function vote(deps: AppDeps, code: string, voterCookie: string, optionIndex: number, ip: string): Promise<'ok' | 'closed' | 'unknown'> {
  await consume(deps.db, 'poll-vote', ip, 600, 10, deps.now());
  const poll = await pollByCode(deps, code);
  if (!poll) return 'unknown';
  if (!poll.open) return 'closed';
  if (!Number.isInteger(optionIndex) || optionIndex < 0 || optionIndex >= poll.question.options.length) return 'unknown';
  await deps.db
    .insertInto('poll_votes')
    .values({ poll_id: poll.id, voter_hash: fingerprint('poll', poll.id, voterCookie), option_value: String(optionIndex) })
    .onConflict((oc) => oc.columns(['poll_id', 'voter_hash']).doUpdateSet({ option_value: String(optionIndex) }))
    .execute();
  return 'ok';
}

export async function closePoll(deps: AppDeps, actor: Actor, pollId: string): Promise<void> {
  const r = await pollForPresenter(deps, actor, pollId);
  await deps.db.updateTable('polls').set({ open: false }).where('id', '=', r.id).execute();
  await audit(deps.db, actor, 'poll.close', null, { type: 'poll', id: r.id });
}

export async function pollsOf(deps: AppDeps, actor: Actor, organisationId: string) {
  requireOrganisationManager(actor, organisationId);
  return deps.db.selectFrom('polls').select(['id', 'code', 'open', 'question', 'created_at']).where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
}
