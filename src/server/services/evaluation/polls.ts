import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, can } from '../../policy/policy.ts';
import { NotFound } from '../../errors.ts';
import { newShortCode } from '../../crypto/tokens.ts';
import { useCase } from '../use-case.ts';
import { consume } from '../rate-limit.ts';
import { fingerprint } from './keys.ts';
import {
  closePoll as markPollClosed,
  findPoll,
  insertPoll,
  pollIdsOfRound,
  pollsOfOrganisation,
  upsertVote,
  votesPerOption,
} from '../../repositories/evaluation/polls.ts';
import { roundOrganisationId } from '../../repositories/evaluation/rounds.ts';

/** A question with two to eight answers to choose from. */
export interface PollQuestion {
  text: string;
  options: string[];
}

/** A live poll for a webinar: the audience answers by a short code, no account needed. */
export async function createPoll(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  question: PollQuestion,
  roundId: string | null,
): Promise<{ id: string; code: string }> {
  authorize(actor, 'organisation.manage', { organisationId });
  if (roundId) {
    if ((await roundOrganisationId(deps.db, roundId)) !== organisationId) throw new NotFound();
  }
  const code = newShortCode(6);
  return useCase(deps, actor, 'poll.create', async ({ tx, audit }) => {
    const id = await insertPoll(tx, { organisationId, roundId, code, question, createdBy: actor.id });
    await audit('poll.create', null, { type: 'poll', id });
    return { id, code };
  });
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
  const poll = await findPoll(deps.db, where);
  if (!poll) return null;
  const question = (typeof poll.question === 'string' ? JSON.parse(poll.question) : poll.question) as PollQuestion;
  const votes = await votesPerOption(deps.db, poll.id);
  const counts = question.options.map((_, i) => Number(votes.find((v) => v.option_value === String(i))?.n ?? 0));
  return {
    id: poll.id,
    code: poll.code,
    open: poll.open,
    question,
    counts,
    total: counts.reduce((a, b) => a + b, 0),
    organisationId: poll.organisation_id,
    roundId: poll.round_id,
  };
}

export async function pollForPresenter(deps: AppDeps, actor: Actor, pollId: string): Promise<PollResults> {
  const r = await results(deps, { id: pollId });
  if (!r) throw new NotFound();
  authorize(actor, 'organisation.manage', { organisationId: r.organisationId });
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
  await upsertVote(deps.db, poll.id, fingerprint('poll', poll.id, voterCookie), String(optionIndex));
  return 'ok';
}

export async function closePoll(deps: AppDeps, actor: Actor, pollId: string): Promise<void> {
  const r = await pollForPresenter(deps, actor, pollId);
  await useCase(deps, actor, 'poll.close', async ({ tx, audit }) => {
    await markPollClosed(tx, r.id);
    await audit('poll.close', null, { type: 'poll', id: r.id });
  });
}

export interface PollListItem {
  id: string;
  code: string;
  open: boolean;
  /** The question, or null for a poll stored without one. */
  text: string | null;
}

export async function pollsOf(deps: AppDeps, actor: Actor, organisationId: string): Promise<PollListItem[]> {
  authorize(actor, 'organisation.manage', { organisationId });
  return (await pollsOfOrganisation(deps.db, organisationId)).map((p) => ({
    id: p.id,
    code: p.code,
    open: p.open,
    text: (p.question as { text?: string }).text ?? null,
  }));
}

/** Live polls saved to a round, with their results, for those who may present them. */
export async function pollsOfRound(deps: AppDeps, actor: Actor, roundId: string): Promise<PollResults[]> {
  const polls: PollResults[] = [];
  for (const id of await pollIdsOfRound(deps.db, roundId)) {
    const poll = await results(deps, { id });
    if (poll && can(actor, 'organisation.manage', { organisationId: poll.organisationId })) polls.push(poll);
  }
  return polls;
}
