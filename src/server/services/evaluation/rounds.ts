import type { ResponseMode } from '../../db/schema.ts';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, can, organisationsWhere } from '../../policy/policy.ts';
import { NotFound } from '../../errors.ts';
import { hashToken, newToken } from '../../crypto/tokens.ts';
import { useCase } from '../use-case.ts';
import { loadQuestionnaire } from './questionnaires.ts';
import {
  allRounds,
  findRound,
  insertRound,
  insertRoundOrganisation,
  insertRoundPeer,
  insertRoundSite,
  joinedOrganisationIds,
  peersAmong,
  roundPeers,
  roundSites,
  roundsOfOrganisations,
  siteIdsOfOrganisation,
  siteIdsOfOrganisations,
  type RoundRow,
} from '../../repositories/evaluation/rounds.ts';
import { distributedQuestionnaireIds, insertDistribution } from '../../repositories/evaluation/responses.ts';
import type { Questionnaire } from '../../../domain/evaluation/questionnaire.ts';

export interface RoundInput {
  title: string;
  method: string;
  startsOn: string;
  endsOn: string;
  siteIds: string[];
  peerIds: string[];
  joinedOrganisationIds: string[];
}

/** A round as pages show it. */
export interface RoundSummary {
  id: string;
  organisationId: string;
  title: string;
  method: string;
  startsOn: string;
  endsOn: string;
}

export interface RoundListItem {
  id: string;
  title: string;
  organisationName: string;
}

export interface PersonItem {
  id: string;
  chosenName: string;
}

export function roundSummary(r: RoundRow): RoundSummary {
  return { id: r.id, organisationId: r.organisation_id, title: r.title, method: r.method, startsOn: r.starts_on, endsOn: r.ends_on };
}

export async function loadRound(deps: Pick<AppDeps, 'db'>, roundId: string) {
  const round: RoundRow | undefined = await findRound(deps.db, roundId);
  if (!round) throw new NotFound();
  const joined = await joinedOrganisationIds(deps.db, roundId);
  const sites = await roundSites(deps.db, roundId);
  const peers = await roundPeers(deps.db, roundId);
  return { round, joined, sites, peers };
}

export async function createRound(deps: AppDeps, actor: Actor, organisationId: string, input: RoundInput): Promise<string> {
  authorize(actor, 'organisation.manage', { organisationId: organisationId });
  const ownSites = new Set(await siteIdsOfOrganisation(deps.db, organisationId));
  const joinedOrgs = [...new Set(input.joinedOrganisationIds.filter((id) => id !== organisationId))];
  const joinedSites = joinedOrgs.length ? new Set(await siteIdsOfOrganisations(deps.db, joinedOrgs)) : new Set<string>();
  const siteIds = input.siteIds.filter((id) => ownSites.has(id) || joinedSites.has(id));
  return useCase(deps, actor, 'round.create', async ({ tx: trx, audit }) => {
    const roundId = await insertRound(trx, {
      organisationId,
      title: input.title,
      method: input.method,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      createdBy: actor.id,
    });
    for (const orgId of joinedOrgs) await insertRoundOrganisation(trx, roundId, orgId);
    for (const siteId of siteIds) await insertRoundSite(trx, roundId, siteId);
    const peerIds = input.peerIds.length ? await peersAmong(trx, [organisationId, ...joinedOrgs], input.peerIds) : [];
    for (const peerId of new Set(peerIds)) await insertRoundPeer(trx, roundId, peerId);
    await audit('round.create', null, { type: 'round', id: roundId });
    return roundId;
  });
}

export async function roundsVisibleTo(deps: AppDeps, actor: Actor): Promise<RoundListItem[]> {
  const orgIds = organisationsWhere(actor, 'organisation.manage');
  const toItem = (r: { id: string; title: string; organisation_name: string }): RoundListItem => ({
    id: r.id,
    title: r.title,
    organisationName: r.organisation_name,
  });
  if (can(actor, 'installation.administer')) {
    return (await allRounds(deps.db)).map(toItem);
  }
  if (orgIds.length === 0) return [];
  return (await roundsOfOrganisations(deps.db, orgIds)).map(toItem);
}

export async function roundForViewing(deps: AppDeps, actor: Actor, roundId: string) {
  const loaded = await loadRound(deps, roundId);
  authorize(actor, 'round.view', { organisationId: loaded.round.organisation_id, joinedOrganisationIds: loaded.joined });
  return loaded;
}

export interface DistributionInput {
  questionnaireId: string;
  mode: ResponseMode;
  siteId: string | null;
}

/** A link (and QR) for a round's questionnaire; only the token's hash is stored. */
export async function createDistribution(deps: AppDeps, actor: Actor, roundId: string, input: DistributionInput): Promise<string> {
  const loaded = await loadRound(deps, roundId);
  authorize(actor, 'round.manage', { organisationId: loaded.round.organisation_id, joinedOrganisationIds: loaded.joined });
  const q = await loadQuestionnaire(deps.db, input.questionnaireId);
  if (q.organisationId && q.organisationId !== loaded.round.organisation_id) throw new NotFound();
  if (input.siteId && !loaded.sites.some((s) => s.id === input.siteId)) throw new NotFound();
  const token = newToken();
  await useCase(deps, actor, 'distribution.create', async ({ tx, audit }) => {
    await insertDistribution(tx, {
      roundId,
      questionnaireId: q.id,
      organisationId: loaded.round.organisation_id,
      siteId: input.siteId,
      mode: input.mode,
      tokenHash: hashToken(token),
      closesOn: loaded.round.ends_on,
    });
    await audit('distribution.create', null, { type: 'round', id: roundId });
  });
  return token;
}

/** The questionnaires a round has links to, for its codebook. */
export async function distributedQuestionnaires(deps: AppDeps, actor: Actor, roundId: string): Promise<Questionnaire[]> {
  await roundForViewing(deps, actor, roundId);
  const out: Questionnaire[] = [];
  for (const id of await distributedQuestionnaireIds(deps.db, roundId)) out.push((await loadQuestionnaire(deps.db, id)).questionnaire);
  return out;
}
