import { AccessDenied } from '../errors.ts';
import type { Actor, SignedInActor } from './actor.ts';
import type { Role, UserKind } from '../db/schema.ts';

// The one place that decides who may do what, in one vocabulary:
//   can(actor, action, subject)        → boolean, for views and navigation
//   authorize(actor, action, subject)  → throws AccessDenied, for services
//   organisationsWhere(actor, action)  → the organisations where the actor may do it (set-returning)
// Routes name a route permission that the pipeline checks with `authorizeRoute` before any
// handler runs. Nothing outside this folder looks at roles, memberships or admin flags: an
// architecture test fails the suite if it does.

// ---------------------------------------------------------------------------------------------
// Route permissions: the coarse gate every request passes first.

export type Permission =
  | 'public'
  | 'secondFactorPending'
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
  // Adding a second factor or a passkey: anyone signed in, including staff who still need one.
  if (permission === 'factorEnrolment') return 'allow';
  // Staff and admins work with other people's data: no access without a second factor.
  if (needsSecondFactor(actor)) return 'enrol';
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

/** Staff and admins must add a second factor before they see anything of other people's. */
export function needsSecondFactor(actor: Actor): boolean {
  return actor.kind === 'user' && (actor.userKind === 'staff' || actor.isAdmin) && !actor.hasSecondFactor;
}

// ---------------------------------------------------------------------------------------------
// Facts about objects that decisions depend on. Services load them; the policy judges them.

/** An active peer link, as stored: the citizen's consent that has not been withdrawn. */
export interface LinkFact {
  citizen_id: string;
  peer_user_id: string;
  organisation_id: string;
  withdrawn_at: Date | null;
}

/** A link with what the citizen chose that it allows. */
export interface PeerLinkFact extends LinkFact {
  /** The citizen let the peer read every sheet, also new ones. */
  all_sheets: boolean;
  /** Else only these sheets. */
  sheet_ids: readonly string[];
  /** The citizen lets the peer suggest text. */
  may_suggest: boolean;
}

export interface ShareFact {
  recipientUserId: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  now: Date;
}

/** A person in an organisation whose second factor someone wants to reset. */
export interface MemberFact {
  organisationId: string;
  userId: string;
  /** They have a role in that organisation. */
  member: boolean;
  kind: UserKind;
  isAdmin: boolean;
}

/** How long a confirmation of "it is you" (or a sign-in) lets a session change how one signs in. */
export const REAUTHENTICATION_MINUTES = 5;

/** The actor's own place in a learning group, as stored: none, asked to join, or admitted (perhaps as a host). */
export interface GroupMemberFact {
  member: { admitted: boolean; host: boolean } | undefined;
}

export interface RoundFact {
  organisationId: string;
  /** Organisations that joined the round: their coordinators see its suppressed figures. */
  joinedOrganisationIds: string[];
}

/**
 * Every action with the subject it is judged on. `null`: the action is about the actor alone.
 * Adding an action here without a rule below is a type error.
 */
export interface Subjects {
  /** Finishing a sign-in with the second factor: only while it is pending. */
  'signIn.finish': null;
  /** Adding a second factor or passkey: anyone signed in, staff before their first factor too. */
  'factor.enrol': null;
  /** Signed in as anyone, second factor done where one is needed. */
  'account.use': null;
  /** A citizen acting for themselves (statements, meetings, peers, guides notes). */
  'citizen.act': null;
  /** The installation's administrator. */
  'installation.administer': null;
  /** Coordinators manage their own organisations; admins every organisation. */
  'organisation.manage': { organisationId: string };
  /** Coordinates at least one organisation (or is admin): organisation pages, newsletter. */
  'organisation.manageSome': null;
  /** Works as a peer, in the given organisation or in any. */
  'peer.practise': { organisationId?: string };
  /** A peer reads what a citizen chose to share with them: only through an active link. */
  'citizen.followAsPeer': { citizenId: string; peerLink: LinkFact | undefined };
  /**
   * A statement belongs to the citizen who wrote it. A linked peer (consent given and not
   * withdrawn, still a peer in the organisation the link was made through) may read it and
   * suggest text, never change, share or delete it: the citizen decides.
   */
  'statement.read': { ownerId: string; statementId: string; peerLink?: PeerLinkFact | undefined };
  'statement.write': { ownerId: string };
  'statement.delete': { ownerId: string };
  'statement.share': { ownerId: string };
  'statement.suggest': { ownerId: string; statementId: string; peerLink?: PeerLinkFact | undefined };
  /** What a peer may see and do is the citizen's choice alone: only they change it or withdraw it. */
  'peerLink.change': { citizenId: string };
  /** Requests for a peer to an organisation: read and answered by its coordinators (not an admin: they hold a citizen's words). */
  'peerRequest.handle': { organisationId: string };
  /** A request made while signed in is its citizen's own. */
  'peerRequest.own': { citizenId: string | null };
  /** Session notes are the peer's own; a citizen sees one only when the peer shared it. */
  'sessionNote.read': { peerUserId: string | null; citizenId: string | null; noteShared: boolean };
  /**
   * A citizen's comment on a session a peer logged with them: only the citizen the session names
   * writes, changes or deletes it (the peer never); the citizen and the peer who logged it read it.
   */
  'sessionComment.write': { citizenId: string | null };
  'sessionComment.read': { citizenId: string; peerUserId: string | null };
  /** Meetings, follow-ups and what was shared from them belong to the citizen alone. */
  'meeting.own': { ownerId: string };
  /** A professional with an account sees an in-app share only when it was addressed to them. */
  'share.receive': ShareFact;
  /** A round is run by the coordinators of the organisation that made it. */
  'round.manage': RoundFact;
  /** Coordinators of joined organisations see the round's aggregated, suppressed figures. */
  'round.view': RoundFact;
  /** The peer network (events, practice notes): peers and staff, never citizens. */
  'network.join': null;
  /** The opt-in peer directory is read by peers and coordinators. */
  'directory.read': null;
  /** Sharing practice notes: peers and coordinators. */
  'practiceNotes.use': null;
  /** Hiding a practice note: the coordinators of the author's organisation, or an admin. */
  'practiceNotes.moderate': { organisationId: string };
  /** A team self-assessment: members answer and see the combined result; admins only look. */
  'assessment.answer': { organisationId: string };
  'assessment.view': { organisationId: string };
  /** Belongs to a team at all (the self-assessment menu). */
  'assessment.take': null;
  /** Receives in-app shares from citizens (the "shared with me" list). */
  'shares.receiveAny': null;
  /** A note saved from a guide's checklist belongs to the citizen who saved it, and to no one else. */
  'guideNote.own': { ownerId: string };
  /** Removing someone's roles in an organisation: its managers, never themselves. */
  'organisation.removeMember': { organisationId: string; userId: string };
  /** Saying yes or no to an invitation into another organisation's round: the invited organisation's own coordinators. */
  'round.answerInvitation': { organisationId: string };
  /** Taking an organisation out of a round it joined: that organisation's own coordinators. */
  'round.leave': { organisationId: string };
  /** Changing how one signs in (password, second factor, passkeys, recovery codes): only a few minutes after proving who one is on this session. */
  'credentials.change': { now: Date };
  /** Confirming who one is takes a code from the authenticator app too. */
  'identity.confirmWithCode': null;
  /** The password (and app code) confirm who one is; staff whose second factor is only a passkey confirm with the passkey. */
  'identity.confirmWithPassword': null;
  /** Turning the second factor off: citizens, for whom it is optional. */
  'factor.remove': null;
  /** Resetting a staff member's second factor (they lost their phone): their organisation's coordinators, or an admin; never one's own, never an admin's by a coordinator. */
  'member.resetSecondFactor': MemberFact;
  /** Setting up staff sign-in with the organisation's identity provider: its coordinators, or an admin. */
  'identityProvider.configure': { organisationId: string };
  /** Linking one's own account to an organisation's identity provider: its staff members. */
  'identityProvider.link': { organisationId: string };
  /** A notice ("what's new") is its recipient's alone. */
  'notice.own': { recipientId: string };
  /** Learning groups across organisations: people who work as peers or coordinators find, make and join them. */
  'learningGroup.use': null;
  /** A group's reflections, replies and members: its admitted members alone, while they still work as a peer or coordinator. */
  'learningGroup.read': GroupMemberFact;
  /** Letting people in, removing members: the group's hosts. */
  'learningGroup.host': GroupMemberFact;
  /** A reply in a learning group is deleted by the one who wrote it. */
  'reflectionReply.delete': { authorId: string };
  /** Marking how the decisions of a meeting are going, and rating one's own goal: the citizen's own. */
  'decision.progress': { ownerId: string };
}

export type Action = keyof Subjects;

type Rules = { [A in Action]: (actor: SignedInActor, subject: Subjects[A]) => boolean };

const rules: Rules = {
  'signIn.finish': (a) => a.secondFactorPending,
  'factor.enrol': () => true,
  'account.use': () => true,
  'citizen.act': (a) => a.userKind === 'citizen',
  'installation.administer': (a) => a.isAdmin,
  'organisation.manage': (a, s) => a.isAdmin || hasRole(a, 'coordinator', s.organisationId),
  'organisation.manageSome': (a) => a.isAdmin || hasRole(a, 'coordinator'),
  'peer.practise': (a, s) => hasRole(a, 'peer', s.organisationId),
  'citizen.followAsPeer': (a, s) => s.peerLink !== undefined && isActivePeerLink(a, s.peerLink, s.citizenId),
  // A linked peer reads only the sheets the citizen chose, and suggests only when allowed to.
  'statement.read': (a, s) => isOwnStatement(a, s.ownerId) || (s.peerLink !== undefined && isChosenSheet(a, s.peerLink, s.ownerId, s.statementId)),
  'statement.write': (a, s) => isOwnStatement(a, s.ownerId),
  'statement.delete': (a, s) => isOwnStatement(a, s.ownerId),
  'statement.share': (a, s) => isOwnStatement(a, s.ownerId),
  'statement.suggest': (a, s) => s.peerLink?.may_suggest === true && isChosenSheet(a, s.peerLink, s.ownerId, s.statementId),
  'peerLink.change': (a, s) => a.userKind === 'citizen' && a.id === s.citizenId,
  'peerRequest.handle': (a, s) => hasRole(a, 'coordinator', s.organisationId),
  'peerRequest.own': (a, s) => a.userKind === 'citizen' && s.citizenId !== null && a.id === s.citizenId,
  'sessionNote.read': (a, s) => s.peerUserId === a.id || (s.noteShared && s.citizenId === a.id),
  'sessionComment.write': (a, s) => a.userKind === 'citizen' && s.citizenId !== null && a.id === s.citizenId,
  'sessionComment.read': (a, s) => (a.userKind === 'citizen' && a.id === s.citizenId) || (s.peerUserId === a.id && hasRole(a, 'peer')),
  'meeting.own': (a, s) => a.userKind === 'citizen' && a.id === s.ownerId,
  'share.receive': (a, s) => s.recipientUserId !== null && s.recipientUserId === a.id && shareLinkState(s) === 'allow',
  'round.manage': (a, s) => a.isAdmin || hasRole(a, 'coordinator', s.organisationId),
  'round.view': (a, s) => a.isAdmin || hasRole(a, 'coordinator', s.organisationId) || s.joinedOrganisationIds.some((id) => hasRole(a, 'coordinator', id)),
  'network.join': (a) => a.userKind === 'staff',
  'directory.read': (a) => a.userKind === 'staff' && (hasRole(a, 'peer') || hasRole(a, 'coordinator')),
  'practiceNotes.use': (a) => hasRole(a, 'peer') || hasRole(a, 'coordinator'),
  'practiceNotes.moderate': (a, s) => a.isAdmin || hasRole(a, 'coordinator', s.organisationId),
  'assessment.answer': (a, s) => a.userKind === 'staff' && isMemberOf(a, s.organisationId),
  'assessment.view': (a, s) => a.userKind === 'staff' && (isMemberOf(a, s.organisationId) || a.isAdmin),
  'assessment.take': (a) => a.userKind === 'staff' && a.memberships.length > 0,
  'shares.receiveAny': (a) => a.userKind === 'staff',
  'guideNote.own': (a, s) => a.userKind === 'citizen' && a.id === s.ownerId,
  'organisation.removeMember': (a, s) => (a.isAdmin || hasRole(a, 'coordinator', s.organisationId)) && a.id !== s.userId,
  // Consent is the organisation's own: an administrator cannot give it for them.
  'round.answerInvitation': (a, s) => hasRole(a, 'coordinator', s.organisationId),
  'round.leave': (a, s) => hasRole(a, 'coordinator', s.organisationId),
  'credentials.change': (a, s) => a.authenticatedAt !== null && s.now.getTime() - a.authenticatedAt.getTime() < REAUTHENTICATION_MINUTES * 60_000,
  'identity.confirmWithCode': (a) => a.hasTotp,
  'identity.confirmWithPassword': (a) => a.hasTotp || !a.hasSecondFactor || !(a.userKind === 'staff' || a.isAdmin),
  'factor.remove': (a) => a.userKind === 'citizen',
  // A citizen is no member of any organisation: nobody resets a citizen's sign-in for them.
  'member.resetSecondFactor': (a, s) =>
    s.member && s.kind === 'staff' && a.id !== s.userId && (a.isAdmin || (hasRole(a, 'coordinator', s.organisationId) && !s.isAdmin)),
  'identityProvider.configure': (a, s) => a.isAdmin || hasRole(a, 'coordinator', s.organisationId),
  // An organisation's provider vouches only for people who work there.
  'identityProvider.link': (a, s) => a.userKind === 'staff' && isMemberOf(a, s.organisationId),
  'notice.own': (a, s) => a.id === s.recipientId,
  'learningGroup.use': (a) => a.userKind === 'staff' && (hasRole(a, 'peer') || hasRole(a, 'coordinator')),
  'learningGroup.read': (a, s) => a.userKind === 'staff' && (hasRole(a, 'peer') || hasRole(a, 'coordinator')) && s.member?.admitted === true,
  'learningGroup.host': (a, s) => a.userKind === 'staff' && (hasRole(a, 'peer') || hasRole(a, 'coordinator')) && s.member?.admitted === true && s.member.host,
  'reflectionReply.delete': (a, s) => a.id === s.authorId,
  // Only the citizen marks their own progress: nobody else writes in it, not even with a link.
  'decision.progress': (a, s) => a.userKind === 'citizen' && a.id === s.ownerId,
};

/** What a signed-in person may do before their (required) second factor is set up: set it up. */
const beforeSecondFactor: ReadonlySet<Action> = new Set(['factor.enrol', 'credentials.change', 'identity.confirmWithCode', 'identity.confirmWithPassword']);

// Overloads let actions about the actor alone be called without a subject.
type NoSubject = { [A in Action]: Subjects[A] extends null ? A : never }[Action];
type WithSubject = Exclude<Action, NoSubject>;

export function can(actor: Actor, action: NoSubject): boolean;
export function can<A extends WithSubject>(actor: Actor, action: A, subject: Subjects[A]): boolean;
export function can<A extends Action>(actor: Actor, action: A, subject?: Subjects[A]): boolean {
  if (actor.kind !== 'user') return false;
  if (action === 'signIn.finish') return actor.secondFactorPending;
  if (actor.secondFactorPending) return false;
  if (needsSecondFactor(actor) && !beforeSecondFactor.has(action)) return false;
  return rules[action](actor, (subject ?? null) as Subjects[A]);
}

export function authorize(actor: Actor, action: NoSubject): asserts actor is SignedInActor;
export function authorize<A extends WithSubject>(actor: Actor, action: A, subject: Subjects[A]): asserts actor is SignedInActor;
export function authorize<A extends Action>(actor: Actor, action: A, subject?: Subjects[A]): asserts actor is SignedInActor {
  if (!can(actor, action as never, subject as never)) throw new AccessDenied();
}

/**
 * Set-returning check: the organisations in which the actor may do an organisation-scoped
 * action (a peer's organisations, a coordinator's). Admins get only their own memberships:
 * code that needs "every organisation" for an admin asks `can(actor, 'installation.administer')`.
 */
export function organisationsWhere(actor: Actor, action: 'peer.practise' | 'organisation.manage' | 'assessment.answer'): string[] {
  if (actor.kind !== 'user' || actor.secondFactorPending || needsSecondFactor(actor)) return [];
  const role: Role | null = action === 'peer.practise' ? 'peer' : action === 'organisation.manage' ? 'coordinator' : null;
  return [...new Set(actor.memberships.filter((m) => role === null || m.role === role).map((m) => m.organisationId))];
}

/** The membership through which a peer works in an organisation (its site goes on the session). */
export function peerMembershipIn(actor: Actor, organisationId?: string): { organisationId: string; siteId: string | null; volunteer: boolean } | null {
  if (actor.kind !== 'user') return null;
  const m = actor.memberships.find((x) => x.role === 'peer' && (organisationId === undefined || x.organisationId === organisationId));
  return m ? { organisationId: m.organisationId, siteId: m.siteId, volunteer: m.volunteer } : null;
}

/** The roles a person works in, each with its own home and menu. */
export type WorkRole = 'citizen' | 'peer' | 'professional' | 'coordinator' | 'admin';

/** In the order a person with several roles lands in first. */
const WORK_ROLES: readonly WorkRole[] = ['citizen', 'peer', 'coordinator', 'professional', 'admin'];

/**
 * The roles a signed-in person may switch between. Staff with no role in any organisation
 * (and no administration) still receive shares: they work as a professional.
 */
export function rolesOf(actor: Actor): WorkRole[] {
  if (actor.kind !== 'user' || actor.secondFactorPending || needsSecondFactor(actor)) return [];
  if (actor.userKind === 'citizen') return ['citizen'];
  const roles = WORK_ROLES.filter((r) => (r === 'admin' ? actor.isAdmin : r !== 'citizen' && hasRole(actor, r)));
  return roles.length > 0 ? roles : ['professional'];
}

/** The role a person works in now: the one they chose, while they still have it, else their first. */
export function currentRole(actor: Actor, chosen: string | undefined): WorkRole | null {
  const roles = rolesOf(actor);
  return roles.find((r) => r === chosen) ?? roles[0] ?? null;
}

export type ShareDecision = 'allow' | 'expired' | 'revoked';

/** A share link works until it expires or the citizen revokes it — checked on every request. */
export function shareLinkState(share: { expiresAt: Date; revokedAt: Date | null; now: Date }): ShareDecision {
  if (share.revokedAt) return 'revoked';
  if (share.expiresAt <= share.now) return 'expired';
  return 'allow';
}

// ---------------------------------------------------------------------------------------------

function hasRole(actor: SignedInActor, role: Role, organisationId?: string): boolean {
  return actor.memberships.some((m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId));
}

function isMemberOf(actor: SignedInActor, organisationId: string): boolean {
  return actor.memberships.some((m) => m.organisationId === organisationId);
}

function isOwnStatement(actor: SignedInActor, ownerId: string): boolean {
  return actor.userKind === 'citizen' && actor.id === ownerId;
}

function isActivePeerLink(actor: SignedInActor, link: LinkFact, citizenId: string): boolean {
  return link.peer_user_id === actor.id && link.citizen_id === citizenId && link.withdrawn_at === null && hasRole(actor, 'peer', link.organisation_id);
}

function isChosenSheet(actor: SignedInActor, link: PeerLinkFact, ownerId: string, statementId: string): boolean {
  return isActivePeerLink(actor, link, ownerId) && (link.all_sheets || link.sheet_ids.includes(statementId));
}
