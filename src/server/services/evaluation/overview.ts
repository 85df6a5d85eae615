import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, can } from '../../policy/policy.ts';
import { organisationsOtherThan, peersOfOrganisation, sitesOfOrganisation } from '../../repositories/evaluation/rounds.ts';
import { distributionsOfRound } from '../../repositories/evaluation/responses.ts';
import { questionnairesFor } from './questionnaires.ts';
import { roundForViewing, roundsVisibleTo } from './rounds.ts';
import { pollsOf, pollsOfRound } from './polls.ts';

// What the evaluation pages show at once: an organisation's evaluation home and one round.

/** An organisation's rounds, questionnaires and polls, and what a new round can include. */
export async function evaluationHome(deps: AppDeps, actor: Actor, orgId: string) {
  authorize(actor, 'organisation.manage', { organisationId: orgId });
  // Only this organisation's own sites: other organisations take part by joining the round.
  const sites = await sitesOfOrganisation(deps.db, orgId);
  const peers = await peersOfOrganisation(deps.db, orgId);
  const otherOrgs = await organisationsOtherThan(deps.db, orgId);
  return {
    orgId,
    rounds: await roundsVisibleTo(deps, actor),
    sites,
    peers,
    otherOrgs,
    questionnaires: await questionnairesFor(deps, actor, orgId),
    polls: await pollsOf(deps, actor, orgId),
  };
}

/**
 * A round as its page shows it. Coordinators of joined organisations see it but do not manage
 * it: they get no questionnaires, links or polls to hand out.
 */
export async function roundOverview(deps: AppDeps, actor: Actor, roundId: string) {
  const loaded = await roundForViewing(deps, actor, roundId);
  const canManage = can(actor, 'round.manage', { organisationId: loaded.round.organisation_id, joinedOrganisationIds: loaded.joined });
  const questionnaires = canManage ? await questionnairesFor(deps, actor, loaded.round.organisation_id) : [];
  const distributions = canManage ? await distributionsOfRound(deps.db, roundId) : [];
  // Live polls saved to this round, with their results.
  const polls = await pollsOfRound(deps, actor, roundId);
  return { round: loaded.round, sites: loaded.sites, peers: loaded.peers, questionnaires, distributions, canManage, polls };
}
