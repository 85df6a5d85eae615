import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, can } from '../../policy/policy.ts';
import { NotFound, RateLimited } from '../../errors.ts';
import { newShortCode } from '../../crypto/tokens.ts';
import { useCase, withoutAudit } from '../use-case.ts';
import { consume } from '../rate-limit.ts';
import { fingerprint, keyedFingerprint } from './keys.ts';
import { disclosePoll, nextPollRelease, type PollDisclosure, type PollRelease } from '../../../domain/evaluation/disclosure/polls.ts';
import {
  allPollIds,
  closePoll as markPollClosed,
  findPoll,
  insertPoll,
  pollIdsOfRound,
  pollsOfOrganisation,
  castVote,
  countVoteChange,
  removeVote,
  storeRelease,
  voteOf,
  votesByVoters,
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
  /** Never the running tally: nothing until k have voted, then releases in steps of k votes. */
  result: PollDisclosure;
  k: number;
  organisationId: string;
  roundId: string | null;
}

async function results(deps: Pick<AppDeps, 'db' | 'config'>, where: { id?: string; code?: string }): Promise<PollResults | null> {
  const poll = await findPoll(deps.db, where);
  if (!poll) return null;
  const k = deps.config.SUPPRESSION_THRESHOLD;
  return {
    id: poll.id,
    code: poll.code,
    open: poll.open,
    question: parseQuestion(poll.question),
    result: disclosePoll(poll.released as PollRelease | null, k),
    k,
    organisationId: poll.organisation_id,
    roundId: poll.round_id,
  };
}

function parseQuestion(stored: unknown): PollQuestion {
  return (typeof stored === 'string' ? JSON.parse(stored) : stored) as PollQuestion;
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

/**
 * Whose vote this is. A signed-in person has one vote, whichever device they use (keyed, so the
 * stored hash cannot be matched to an account without the installation key); anyone else has one
 * per browser, by a random cookie.
 */
async function voterHash(deps: AppDeps, actor: Actor, pollId: string, cookie: string | undefined): Promise<string | null> {
  if (actor.kind !== 'anonymous') return keyedFingerprint(deps, 'poll-voter', pollId, actor.id);
  return cookie ? fingerprint('poll', pollId, cookie) : null;
}

/** The poll for its audience, with what this voter chose before (an option index), if anything. */
export async function pollForVoter(
  deps: AppDeps,
  actor: Actor,
  code: string,
  cookie: string | undefined,
): Promise<{ poll: PollResults; chosen: number | null } | null> {
  const poll = await pollByCode(deps, code);
  if (!poll?.open) return null;
  const voter = await voterHash(deps, actor, poll.id, cookie);
  const chosen = voter ? await voteOf(deps.db, poll.id, voter) : null;
  return { poll, chosen: chosen === null ? null : Number(chosen) };
}

/**
 * Casts or replaces a vote, and releases a new result when one is due. Anonymous votes from one
 * network address are limited per poll (the address is kept only as a keyed fingerprint), so
 * clearing the cookie does not give a script as many votes as it likes.
 */
export async function vote(
  deps: AppDeps,
  actor: Actor,
  code: string,
  voterCookie: string,
  optionIndex: number,
  address: string,
): Promise<'ok' | 'closed' | 'unknown' | 'tooMany'> {
  const poll = await pollByCode(deps, code);
  if (!poll) return 'unknown';
  if (!poll.open) return 'closed';
  if (!Number.isInteger(optionIndex) || optionIndex < 0 || optionIndex >= poll.question.options.length) return 'unknown';
  if (actor.kind === 'anonymous') {
    const from = await keyedFingerprint(deps, 'poll-address', address);
    try {
      await consume(deps, 'poll-vote', `${poll.id}:${from}`, deps.config.POLL_VOTES_PER_ADDRESS, 10);
    } catch (error) {
      if (error instanceof RateLimited) return 'tooMany';
      throw error;
    }
  }
  const voter = (await voterHash(deps, actor, poll.id, voterCookie))!;
  // No audit row: it would tie a named person to the moment of an anonymous vote.
  await withoutAudit(deps, 'an anonymous poll vote', async ({ tx }) => {
    const changed = await castVote(tx, poll.id, voter, String(optionIndex));
    // Voted on this browser before signing in: that vote is replaced by the account's.
    const replaced = actor.kind !== 'anonymous' && (await removeVote(tx, poll.id, fingerprint('poll', poll.id, voterCookie)));
    if (!changed && !replaced) return;
    const { changes, released } = await countVoteChange(tx, poll.id);
    const votes = await votesPerOption(tx, poll.id);
    const counts = poll.question.options.map((_, i) => Number(votes.find((v) => v.option_value === String(i))?.n ?? 0));
    const last = released as PollRelease | null;
    const next = nextPollRelease({ counts, changes }, last, deps.config.SUPPRESSION_THRESHOLD);
    if (next !== last) await storeRelease(tx, poll.id, next);
  });
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

/**
 * The fingerprints a signed-in person's votes are stored under, one per poll. They can only be
 * made with the installation key: what export and erasure use to find the person's votes.
 */
export async function voterFingerprintsOf(deps: Pick<AppDeps, 'db' | 'keyring'>, userId: string): Promise<string[]> {
  const fingerprints: string[] = [];
  for (const pollId of await allPollIds(deps.db)) fingerprints.push(await keyedFingerprint(deps, 'poll-voter', pollId, userId));
  return fingerprints;
}

export interface MyVote {
  pollId: string;
  question: string;
  choice: string;
}

/** What the person voted while signed in: the question and their choice. */
export async function myVotes(deps: AppDeps, actor: Actor): Promise<MyVote[]> {
  authorize(actor, 'account.use');
  const fingerprints = await voterFingerprintsOf(deps, actor.id);
  // Logged as read, not when each vote was cast: that would tie the person to the moment of a vote.
  return useCase(deps, actor, 'vote.list', async ({ tx, audit }) => {
    const rows = await votesByVoters(tx, fingerprints);
    await audit('vote.list', actor.id);
    return rows.map((r) => {
      const question = parseQuestion(r.question);
      return { pollId: r.poll_id, question: question.text, choice: question.options[Number(r.option_value)] ?? r.option_value };
    });
  });
}
