// TEMPORARY: the old policy helpers, expressed in the new vocabulary, while services move to
// `authorize`/`can`. Deleted when nothing imports it (the architecture test forbids new uses).
import type { Actor, SignedInActor } from './actor.ts';
import type { Role } from '../db/schema.ts';
import { AccessDenied } from '../errors.ts';
import { authorize, can, organisationsWhere, shareLinkState, type PeerLinkFact, type ShareDecision } from './policy.ts';

export type { PeerLinkFact };
export type StatementAction = 'read' | 'write' | 'delete' | 'share' | 'suggest';

export function hasRole(actor: SignedInActor, role: Role, organisationId?: string): boolean {
  return actor.memberships.some((m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId));
}
export function requireSelf(actor: Actor, ownerId: string): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || actor.id !== ownerId) throw new AccessDenied();
}
export function requireOrganisationManager(actor: Actor, organisationId: string): asserts actor is SignedInActor {
  authorize(actor, 'organisation.manage', { organisationId });
}
export function requireSignedIn(actor: Actor): asserts actor is SignedInActor {
  if (actor.kind !== 'user') throw new AccessDenied();
}
export function managedOrganisations(actor: Actor): string[] {
  return organisationsWhere(actor, 'organisation.manage');
}
export function requireStatementAccess(actor: Actor, statement: { owner_id: string }, action: StatementAction, peerLink?: PeerLinkFact): asserts actor is SignedInActor {
  authorize(actor, `statement.${action}`, { ownerId: statement.owner_id, peerLink });
}
export function isActivePeerLink(actor: Actor, link: PeerLinkFact, citizenId: string): boolean {
  return can(actor, 'citizen.followAsPeer', { citizenId, peerLink: link });
}
export function requirePeerLink(actor: Actor, link: PeerLinkFact | undefined, citizenId: string): asserts actor is SignedInActor {
  authorize(actor, 'citizen.followAsPeer', { citizenId, peerLink: link });
}
export function requireMeetingOwner(actor: Actor, meeting: { owner_id: string }): asserts actor is SignedInActor {
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
}
export function decideShareAccess(share: { expires_at: Date; revoked_at: Date | null }, now: Date): ShareDecision {
  return shareLinkState({ expiresAt: share.expires_at, revokedAt: share.revoked_at, now });
}
export function requireShareRecipient(actor: Actor, share: { recipient_user_id: string | null; expires_at: Date; revoked_at: Date | null }, now: Date): asserts actor is SignedInActor {
  authorize(actor, 'share.receive', { recipientUserId: share.recipient_user_id, expiresAt: share.expires_at, revokedAt: share.revoked_at, now });
}
export function requireCitizen(actor: Actor): asserts actor is SignedInActor {
  authorize(actor, 'citizen.act');
}
export function requireRoundAccess(actor: Actor, round: { organisation_id: string }, joinedOrganisationIds: string[], need: 'manage' | 'view'): asserts actor is SignedInActor {
  authorize(actor, need === 'manage' ? 'round.manage' : 'round.view', { organisationId: round.organisation_id, joinedOrganisationIds });
}
export function requireNetworkMember(actor: Actor): asserts actor is SignedInActor {
  authorize(actor, 'network.join');
}
