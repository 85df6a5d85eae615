import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import type { RoundInvitationState } from '../../db/schema.ts';
import type { Tx } from '../../db/database.ts';
import { authorize, can } from '../../policy/policy.ts';
import { BadInput, Conflict, NotFound } from '../../errors.ts';
import { withoutAudit } from '../use-case.ts';
import { loadRound } from './rounds.ts';
import {
  deleteRoundOrganisation,
  existingOrganisationIds,
  findRound,
  insertRoundOrganisation,
  invitationState,
  invitationsOfRound,
  invitationsToOrganisation,
  moveInvitation,
  organisationsOtherThan,
  peersOfOrganisations,
  pruneRoundParticipants,
  sitesOfOrganisations,
  upsertInvitation,
} from '../../repositories/evaluation/rounds.ts';

// Rounds across organisations only by consent. The round's owner invites; the invited
// organisation's coordinator says yes or no, and can leave later. Only organisations that said
// yes and have not left are in round_organisations, and only their sites and peers can be in the
// round. None of this is a citizen's data, so it is not audited.

const WHY = "which organisations take part in a round: no citizen's data";

/** What a round's page shows about the organisations in it, for the people who act on them. */
export interface RoundConsent {
  /** For the owner: every organisation invited, and where its invitation stands. */
  invitations: { organisationId: string; organisationName: string; state: RoundInvitationState }[];
  /** For the owner: organisations that can be invited now. */
  invitable: { id: string; name: string }[];
  /** For the owner: the sites and peers that can be chosen, and which are. */
  sites: { id: string; name: string; organisationName: string; chosen: boolean }[];
  peers: { id: string; chosenName: string; organisationName: string; chosen: boolean }[];
  /** Organisations the person coordinates that take part in the round and can leave it. */
  leavable: { id: string; name: string }[];
}

export async function roundConsent(deps: AppDeps, actor: Actor, loaded: Awaited<ReturnType<typeof loadRound>>, canManage: boolean): Promise<RoundConsent> {
  const ownerId = loaded.round.organisation_id;
  const invitations = await invitationsOfRound(deps.db, loaded.round.id);
  const leavable = invitations
    .filter((i) => i.state === 'accepted' && can(actor, 'round.leave', { organisationId: i.organisation_id }))
    .map((i) => ({ id: i.organisation_id, name: i.organisation_name }));
  if (!canManage) return { invitations: [], invitable: [], sites: [], peers: [], leavable };
  const open = new Set(invitations.filter((i) => i.state === 'pending' || i.state === 'accepted').map((i) => i.organisation_id));
  const takingPart = [ownerId, ...loaded.joined];
  const chosenSites = new Set(loaded.sites.map((s) => s.id));
  const chosenPeers = new Set(loaded.peers.map((p) => p.id));
  return {
    invitations: invitations.map((i) => ({ organisationId: i.organisation_id, organisationName: i.organisation_name, state: i.state })),
    invitable: (await organisationsOtherThan(deps.db, ownerId)).filter((o) => !open.has(o.id)),
    sites: (await sitesOfOrganisations(deps.db, takingPart)).map((s) => ({ id: s.id, name: s.name, organisationName: s.org, chosen: chosenSites.has(s.id) })),
    peers: onePerPerson(await peersOfOrganisations(deps.db, takingPart)).map((p) => ({
      id: p.id,
      chosenName: p.chosen_name,
      organisationName: p.org,
      chosen: chosenPeers.has(p.id),
    })),
    leavable,
  };
}

/** A peer of two organisations in the round is offered once. */
function onePerPerson<T extends { id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

export async function inviteOrganisation(deps: AppDeps, actor: Actor, roundId: string, organisationId: string): Promise<void> {
  const loaded = await loadRound(deps, roundId);
  authorize(actor, 'round.manage', { organisationId: loaded.round.organisation_id, joinedOrganisationIds: loaded.joined });
  if (organisationId === loaded.round.organisation_id) throw new BadInput();
  await withoutAudit(deps, WHY, async ({ tx, now }) => {
    if ((await existingOrganisationIds(tx, [organisationId])).length === 0) throw new BadInput();
    const state = await invitationState(tx, roundId, organisationId);
    // Inviting again one that is invited or takes part changes nothing.
    if (state === 'pending' || state === 'accepted') return;
    await upsertInvitation(tx, roundId, organisationId, now);
  });
}

/** The owner takes back an invitation that has not been answered. */
export async function withdrawInvitation(deps: AppDeps, actor: Actor, roundId: string, organisationId: string): Promise<void> {
  const loaded = await loadRound(deps, roundId);
  authorize(actor, 'round.manage', { organisationId: loaded.round.organisation_id, joinedOrganisationIds: loaded.joined });
  await withoutAudit(deps, WHY, async ({ tx, now }) => {
    await move(tx, roundId, organisationId, 'pending', 'withdrawn', now);
  });
}

/** The invited organisation's coordinator says yes (the organisation takes part from now) or no. */
export async function answerInvitation(deps: AppDeps, actor: Actor, roundId: string, organisationId: string, answer: 'accept' | 'decline'): Promise<void> {
  if (!(await findRound(deps.db, roundId))) throw new NotFound();
  authorize(actor, 'round.answerInvitation', { organisationId });
  await withoutAudit(deps, WHY, async ({ tx, now }) => {
    await move(tx, roundId, organisationId, 'pending', answer === 'accept' ? 'accepted' : 'declined', now);
    if (answer === 'accept') await insertRoundOrganisation(tx, roundId, organisationId);
  });
}

/**
 * A taking-part organisation's coordinator takes it out of the round: its sites and peers leave
 * the round, so nothing of the organisation lands there or is counted from now on. Answers given
 * while it took part stay in the round.
 */
export async function leaveRound(deps: AppDeps, actor: Actor, roundId: string, organisationId: string): Promise<void> {
  if (!(await findRound(deps.db, roundId))) throw new NotFound();
  authorize(actor, 'round.leave', { organisationId });
  await withoutAudit(deps, WHY, async ({ tx, now }) => {
    await move(tx, roundId, organisationId, 'accepted', 'left', now);
    await deleteRoundOrganisation(tx, roundId, organisationId);
    await pruneRoundParticipants(tx, roundId);
  });
}

/** Moves the invitation on only from the state the person saw; an answered or unknown one is refused. */
async function move(tx: Tx, roundId: string, organisationId: string, from: RoundInvitationState, to: RoundInvitationState, now: Date): Promise<void> {
  if (await moveInvitation(tx, roundId, organisationId, from, to, now)) return;
  throw (await invitationState(tx, roundId, organisationId)) ? new Conflict() : new NotFound();
}

export interface InvitedRound {
  id: string;
  title: string;
  method: string;
  startsOn: string;
  endsOn: string;
  organisationName: string;
}

/** The invitations page of an organisation: rounds waiting for its answer, and rounds it takes part in. */
export interface InvitationsOverview {
  orgId: string;
  pending: InvitedRound[];
  takingPart: InvitedRound[];
  /** Only the organisation's own coordinators answer and leave; an administrator only looks. */
  canAnswer: boolean;
}

export async function invitationsOverview(deps: AppDeps, actor: Actor, orgId: string): Promise<InvitationsOverview> {
  authorize(actor, 'organisation.manage', { organisationId: orgId });
  const rows = await invitationsToOrganisation(deps.db, orgId, ['pending', 'accepted']);
  const item = (r: (typeof rows)[number]): InvitedRound => ({
    id: r.id,
    title: r.title,
    method: r.method,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    organisationName: r.organisation_name,
  });
  return {
    orgId,
    pending: rows.filter((r) => r.state === 'pending').map(item),
    takingPart: rows.filter((r) => r.state === 'accepted').map(item),
    canAnswer: can(actor, 'round.answerInvitation', { organisationId: orgId }),
  };
}

/** How many invitations wait for the organisation's answer, for the link on its evaluation page. */
export async function pendingInvitationCount(deps: AppDeps, orgId: string): Promise<number> {
  return (await invitationsToOrganisation(deps.db, orgId, ['pending'])).length;
}
