import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, can } from '../../policy/policy.ts';
import { organisationsOtherThan, peersOfOrganisation, sitesOfOrganisation } from '../../repositories/evaluation/rounds.ts';
import { distributionsOfRound } from '../../repositories/evaluation/responses.ts';
import { questionnairesFor } from './questionnaires.ts';
import { roundForViewing, roundSummary, roundsVisibleTo, type PersonItem, type RoundListItem, type RoundSummary } from './rounds.ts';
import { pollsOf, pollsOfRound, type PollListItem, type PollResults } from './polls.ts';
import type { StoredQuestionnaire } from './questionnaires.ts';
import type { ResponseMode } from '../../db/schema.ts';
import { pendingInvitationCount, roundConsent, type RoundConsent } from './round-invitations.ts';

// What the evaluation pages show at once: an organisation's evaluation home and one round.

export interface EvaluationHome {
  orgId: string;
  rounds: RoundListItem[];
  sites: { id: string; name: string; organisationName: string }[];
  peers: PersonItem[];
  otherOrgs: { id: string; name: string }[];
  questionnaires: StoredQuestionnaire[];
  polls: PollListItem[];
  /** Invitations into other organisations' rounds that wait for this organisation's answer. */
  pendingInvitations: number;
}

export interface RoundOverview {
  round: RoundSummary;
  sites: { id: string; name: string }[];
  peers: PersonItem[];
  questionnaires: StoredQuestionnaire[];
  distributions: { id: string; mode: ResponseMode; title: { da: string; en: string }; siteName: string | null }[];
  canManage: boolean;
  polls: PollResults[];
  consent: RoundConsent;
}

/** An organisation's rounds, questionnaires and polls, and what a new round can include. */
export async function evaluationHome(deps: AppDeps, actor: Actor, orgId: string): Promise<EvaluationHome> {
  authorize(actor, 'organisation.manage', { organisationId: orgId });
  // Only this organisation's own sites: other organisations take part by joining the round.
  const sites = await sitesOfOrganisation(deps.db, orgId);
  const peers = await peersOfOrganisation(deps.db, orgId);
  const otherOrgs = await organisationsOtherThan(deps.db, orgId);
  return {
    orgId,
    rounds: await roundsVisibleTo(deps, actor),
    sites: sites.map((s) => ({ id: s.id, name: s.name, organisationName: s.org })),
    peers: peers.map((p) => ({ id: p.id, chosenName: p.chosen_name })),
    otherOrgs,
    questionnaires: await questionnairesFor(deps, actor, orgId),
    polls: await pollsOf(deps, actor, orgId),
    pendingInvitations: await pendingInvitationCount(deps, orgId),
  };
}

/** A questionnaire is named by its title: its key and version are for the machine. */
function titleOf(definition: unknown): { da: string; en: string } {
  const parsed = (typeof definition === 'string' ? JSON.parse(definition) : definition) as { title: { da: string; en: string } };
  return parsed.title;
}

/**
 * A round as its page shows it. Coordinators of joined organisations see it but do not manage
 * it: they get no questionnaires, links or polls to hand out.
 */
export async function roundOverview(deps: AppDeps, actor: Actor, roundId: string): Promise<RoundOverview> {
  const loaded = await roundForViewing(deps, actor, roundId);
  const canManage = can(actor, 'round.manage', { organisationId: loaded.round.organisation_id, joinedOrganisationIds: loaded.joined });
  const questionnaires = canManage ? await questionnairesFor(deps, actor, loaded.round.organisation_id) : [];
  const distributions = canManage ? await distributionsOfRound(deps.db, roundId) : [];
  // Live polls saved to this round, with their results.
  const polls = await pollsOfRound(deps, actor, roundId);
  return {
    round: roundSummary(loaded.round),
    sites: loaded.sites,
    peers: loaded.peers.map((p) => ({ id: p.id, chosenName: p.chosen_name })),
    questionnaires,
    distributions: distributions.map((d) => ({ id: d.id, mode: d.mode, title: titleOf(d.definition), siteName: d.site_name })),
    canManage,
    polls,
    consent: await roundConsent(deps, actor, loaded, canManage),
  };
}
