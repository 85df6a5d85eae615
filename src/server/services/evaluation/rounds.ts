import type { ResponseMode } from '../../db/schema.ts';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, can, organisationsWhere } from '../../policy/policy.ts';
import { BadInput, NotFound } from '../../errors.ts';
import type { Tx } from '../../db/database.ts';
import { hashToken, newToken } from '../../crypto/tokens.ts';
import { useCase, withoutAudit } from '../use-case.ts';
import { loadQuestionnaire } from './questionnaires.ts';
import {
  allRounds,
  clearRoundParticipants,
  existingOrganisationIds,
  findRound,
  insertRound,
  insertRoundPeer,
  insertRoundSite,
  joinedOrganisationIds,
  peersAmong,
  roundPeers,
  roundSites,
  roundsOfOrganisations,
  siteIdsOfOrganisations,
  upsertInvitation,
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

/**
 * A new round has only its own organisation's sites and peers: other organisations are invited
 * and take part once their coordinator says yes. An id the form did not offer is refused and
 * nothing is stored.
 */
export async function createRound(deps: AppDeps, actor: Actor, organisationId: string, input: RoundInput): Promise<string> {
  authorize(actor, 'organisation.manage', { organisationId: organisationId });
  const invited = [...new Set(input.joinedOrganisationIds)];
  return useCase(deps, actor, 'round.create', async ({ tx, now, audit }) => {
    await checkParticipants(tx, [organisationId], input);
    if (invited.includes(organisationId) || (await existingOrganisationIds(tx, invited)).length !== invited.length) {
      throw new BadInput();
    }
    const roundId = await insertRound(tx, {
      organisationId,
      title: input.title,
      method: input.method,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      createdBy: actor.id,
    });
    await insertParticipants(tx, roundId, input);
    for (const orgId of invited) await upsertInvitation(tx, roundId, orgId, now);
    await audit('round.create', null, { type: 'round', id: roundId });
    return roundId;
  });
}

export interface ParticipantsInput {
  siteIds: string[];
  peerIds: string[];
}

/** Chooses the round's sites and peers anew, from the organisations that take part in it. */
export async function setRoundParticipants(deps: AppDeps, actor: Actor, roundId: string, input: ParticipantsInput): Promise<void> {
  const loaded = await loadRound(deps, roundId);
  authorize(actor, 'round.manage', { organisationId: loaded.round.organisation_id, joinedOrganisationIds: loaded.joined });
  await withoutAudit(deps, "which sites and peers a round includes: no citizen's data", async ({ tx }) => {
    // Read again in the transaction: an organisation that left meanwhile is not offered.
    await checkParticipants(tx, [loaded.round.organisation_id, ...(await joinedOrganisationIds(tx, roundId))], input);
    await clearRoundParticipants(tx, roundId);
    await insertParticipants(tx, roundId, input);
  });
}

/** Every site and peer must belong to one of the organisations; anything else is a forged id. */
async function checkParticipants(tx: Tx, organisationIds: string[], input: ParticipantsInput): Promise<void> {
  const sites = new Set(await siteIdsOfOrganisations(tx, organisationIds));
  if (!input.siteIds.every((id) => sites.has(id))) throw new BadInput();
  const peerIds = [...new Set(input.peerIds)];
  const peers = peerIds.length ? new Set(await peersAmong(tx, organisationIds, peerIds)) : new Set<string>();
  if (!peerIds.every((id) => peers.has(id))) throw new BadInput();
}

async function insertParticipants(tx: Tx, roundId: string, input: ParticipantsInput): Promise<void> {
  for (const siteId of new Set(input.siteIds)) await insertRoundSite(tx, roundId, siteId);
  for (const peerId of new Set(input.peerIds)) await insertRoundPeer(tx, roundId, peerId);
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
  // A questionnaire or site the form did not offer is a forged id: refused as bad input.
  const q = await loadQuestionnaire(deps.db, input.questionnaireId).catch((e: unknown) => {
    throw e instanceof NotFound ? new BadInput() : e;
  });
  if (q.organisationId && q.organisationId !== loaded.round.organisation_id) throw new BadInput();
  if (input.siteId && !loaded.sites.some((s) => s.id === input.siteId)) throw new BadInput();
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
