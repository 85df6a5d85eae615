import type { Actor, SignedInActor } from './actor.ts';
import type { Role } from '../db/schema.ts';

// The one place that decides who may do what. Routes name a permission and the router asks
// `authorizeRoute` before any handler runs; services ask the object-level checks below
// before touching data. Nothing else decides access.

export type Permission =
  | 'public'
  | 'secondFactorPending'
  | 'staffEnrolment'
  | 'factorEnrolment'
  | 'signedIn'
  | 'citizen'
  | 'peer'
  | 'professional'
  | 'coordinator'
  | 'staff'
  | 'organisationManager'
  | 'admin';

export type RouteDecision = 'allow' | 'signIn' | 'secondFactor' | 'enrol' | 'forbidden';

export function authorizeRoute(actor: Actor, permission: Permission): RouteDecision {
  if (permission === 'public') return 'allow';
  if (actor.kind !== 'user') return 'signIn';
  if (permission === 'secondFactorPending') return actor.secondFactorPending ? 'allow' : 'forbidden';
  if (actor.secondFactorPending) return 'secondFactor';
  if (permission === 'staffEnrolment') return actor.userKind === 'staff' || actor.isAdmin ? 'allow' : 'forbidden';
  // Adding a passkey: anyone signed in, including staff who still need a second factor.
  if (permission === 'factorEnrolment') return 'allow';
  // Staff and admins work with other people's data: no access without a second factor.
  if ((actor.userKind === 'staff' || actor.isAdmin) && !actor.hasSecondFactor) return 'enrol';
  switch (permission) {
    case 'signedIn':
      return 'allow';
    case 'citizen':
      return actor.userKind === 'citizen' ? 'allow' : 'forbidden';
    case 'staff':
      return actor.userKind === 'staff' ? 'allow' : 'forbidden';
    case 'admin':
      return actor.isAdmin ? 'allow' : 'forbidden';
    case 'organisationManager':
      return actor.isAdmin || hasRole(actor, 'coordinator') ? 'allow' : 'forbidden';
    case 'peer':
    case 'professional':
    case 'coordinator':
      return hasRole(actor, permission) ? 'allow' : 'forbidden';
  }
}

export function hasRole(actor: SignedInActor, role: Role, organisationId?: string): boolean {
  return actor.memberships.some((m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId));
}

export class AccessDenied extends Error {
  constructor() {
    super('access denied');
  }
}

/** The signed-in person may only act on their own things. */
export function requireSelf(actor: Actor, ownerId: string): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || actor.id !== ownerId) throw new AccessDenied();
}

/** Coordinators manage only their own organisations; admins manage every organisation. */
export function requireOrganisationManager(actor: Actor, organisationId: string): asserts actor is SignedInActor {
  if (actor.kind !== 'user') throw new AccessDenied();
  if (actor.isAdmin) return;
  if (!hasRole(actor, 'coordinator', organisationId)) throw new AccessDenied();
}

export function requireAdmin(actor: Actor): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || !actor.isAdmin) throw new AccessDenied();
}

export function requireSignedIn(actor: Actor): asserts actor is SignedInActor {
  if (actor.kind !== 'user') throw new AccessDenied();
}

/** Which organisation a coordinator manages by default: their first. */
export function managedOrganisations(actor: Actor): string[] {
  if (actor.kind !== 'user') return [];
  return [...new Set(actor.memberships.filter((m) => m.role === 'coordinator').map((m) => m.organisationId))];
}

export type StatementAction = 'read' | 'write' | 'delete' | 'share' | 'suggest';

/** An active peer link, as stored: the citizen's consent that has not been withdrawn. */
export interface PeerLinkFact {
  citizen_id: string;
  peer_user_id: string;
  organisation_id: string;
  withdrawn_at: Date | null;
}

/**
 * A statement belongs to the citizen who wrote it. A linked peer (consent given and not
 * withdrawn, and still a peer in the organisation the link was made through) may read it and
 * suggest text — never change, share or delete it: the citizen decides.
 */
export function requireStatementAccess(actor: Actor, statement: { owner_id: string }, action: StatementAction, peerLink?: PeerLinkFact): asserts actor is SignedInActor {
  if (actor.kind !== 'user') throw new AccessDenied();
  if (actor.userKind === 'citizen' && actor.id === statement.owner_id) {
    if (action === 'suggest') throw new AccessDenied();
    return;
  }
  if ((action === 'read' || action === 'suggest') && peerLink && isActivePeerLink(actor, peerLink, statement.owner_id)) return;
  throw new AccessDenied();
}

export function isActivePeerLink(actor: Actor, link: PeerLinkFact, citizenId: string): boolean {
  return (
    actor.kind === 'user' &&
    link.peer_user_id === actor.id &&
    link.citizen_id === citizenId &&
    link.withdrawn_at === null &&
    hasRole(actor, 'peer', link.organisation_id)
  );
}

/** A peer sees a citizen (chosen name, statements, upcoming meetings) only through an active link. */
export function requirePeerLink(actor: Actor, link: PeerLinkFact | undefined, citizenId: string): asserts actor is SignedInActor {
  if (!link || !isActivePeerLink(actor, link, citizenId)) throw new AccessDenied();
}

/** Session notes are the peer's own; a citizen sees one only when the peer chose to share it. */
export function canReadSessionNote(actor: Actor, session: { peer_user_id: string | null; citizen_id: string | null; note_shared: boolean }): boolean {
  if (actor.kind !== 'user') return false;
  if (session.peer_user_id === actor.id) return true;
  return session.note_shared && session.citizen_id === actor.id;
}

/** Meetings, follow-ups and what was shared from them belong to the citizen alone. */
export function requireMeetingOwner(actor: Actor, meeting: { owner_id: string }): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || actor.userKind !== 'citizen' || actor.id !== meeting.owner_id) throw new AccessDenied();
}

export type ShareDecision = 'allow' | 'expired' | 'revoked';

/** A share link works until it expires or the citizen revokes it — checked on every request. */
export function decideShareAccess(share: { expires_at: Date; revoked_at: Date | null }, now: Date): ShareDecision {
  if (share.revoked_at) return 'revoked';
  if (share.expires_at <= now) return 'expired';
  return 'allow';
}

/** A professional with an account sees a share only when it was addressed to them. */
export function requireShareRecipient(actor: Actor, share: { recipient_user_id: string | null; expires_at: Date; revoked_at: Date | null }, now: Date): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || !share.recipient_user_id || share.recipient_user_id !== actor.id) throw new AccessDenied();
  if (decideShareAccess(share, now) !== 'allow') throw new AccessDenied();
}

export function requireCitizen(actor: Actor): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || actor.userKind !== 'citizen') throw new AccessDenied();
}

/**
 * An action-learning round is run by the coordinators of the organisation that made it;
 * coordinators of organisations that joined it see its aggregated, suppressed figures. Peers
 * and citizens never see reports or raw exports.
 */
export function requireRoundAccess(actor: Actor, round: { organisation_id: string }, joinedOrganisationIds: string[], need: 'manage' | 'view'): asserts actor is SignedInActor {
  if (actor.kind !== 'user') throw new AccessDenied();
  if (actor.isAdmin) return;
  if (hasRole(actor, 'coordinator', round.organisation_id)) return;
  if (need === 'view' && joinedOrganisationIds.some((id) => hasRole(actor, 'coordinator', id))) return;
  throw new AccessDenied();
}

/**
 * The peer network's events are for peers and staff (peers, professionals, coordinators and
 * admins), across organisations. Citizens are not part of it: their own peer support lives
 * elsewhere in the app.
 */
export function requireNetworkMember(actor: Actor): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || actor.userKind !== 'staff') throw new AccessDenied();
}

/** The peer directory is read by peers and coordinators; nobody else sees who opted in. */
export function requireDirectoryReader(actor: Actor): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || actor.userKind !== 'staff') throw new AccessDenied();
  if (!hasRole(actor, 'peer') && !hasRole(actor, 'coordinator')) throw new AccessDenied();
}

/**
 * A team self-assessment round belongs to the organisation that opened it. Its members (peers,
 * professionals, coordinators) answer, see the combined result and note actions; admins may look
 * at the combined result but do not answer. Nobody but its author ever sees one person's answers.
 */
export function requireAssessmentTeam(actor: Actor, round: { organisation_id: string }, need: 'view' | 'answer'): asserts actor is SignedInActor {
  if (actor.kind !== 'user' || actor.userKind !== 'staff') throw new AccessDenied();
  if (actor.memberships.some((m) => m.organisationId === round.organisation_id)) return;
  if (need === 'view' && actor.isAdmin) return;
  throw new AccessDenied();
}
