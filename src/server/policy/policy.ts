import type { Actor, SignedInActor } from './actor.ts';
import type { Role } from '../db/schema.ts';

// The one place that decides who may do what. Routes name a permission and the router asks
// `authorizeRoute` before any handler runs; services ask the object-level checks below
// before touching data. Nothing else decides access.

export type Permission =
  | 'public'
  | 'secondFactorPending'
  | 'staffEnrolment'
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

export type StatementAction = 'read' | 'write' | 'delete' | 'share';

/** A statement belongs to the citizen who wrote it; only they may act on it (peers and
 * professionals get access through consent and shares, decided here too when they come). */
export function requireStatementAccess(actor: Actor, statement: { owner_id: string }, action: StatementAction): asserts actor is SignedInActor {
  void action;
  if (actor.kind !== 'user' || actor.userKind !== 'citizen' || actor.id !== statement.owner_id) throw new AccessDenied();
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
