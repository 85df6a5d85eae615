import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { hasRole, requireCitizen, requirePeerLink, requireSignedIn } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { NotFound } from '../errors.ts';
import { hashToken, newShortCode } from '../crypto/tokens.ts';
import {
  activeLink,
  consentEventsOf,
  findLink,
  findPeerInvitation,
  insertConsentEvent,
  insertLink,
  insertPeerInvitation,
  linksOfCitizen,
  linksOfPeer,
  usePeerInvitation,
  withdrawLink,
  type PeerLinkRow,
} from '../repositories/peers.ts';
import { setTogetherWith } from '../repositories/sessions.ts';
import { audit } from './audit.ts';
import { consume } from './rate-limit.ts';

/** The wording the citizen agrees to is versioned; the version is stored with the consent. */
export const CONSENT_VERSION = 'peer-link-v1';
export const CONSENT_SCOPE = 'name,statements:read,statements:suggest,meetings:upcoming,sessions:note-if-shared';
const CODE_DAYS = 14;

function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A short code (and QR) a peer hands to a citizen; only its hash is stored. */
export async function createPeerInvitation(deps: AppDeps, actor: Actor, organisationId: string): Promise<{ code: string; expiresAt: Date }> {
  requireSignedIn(actor);
  if (!hasRole(actor, 'peer', organisationId)) throw new AccessDenied();
  const code = newShortCode(8);
  const expiresAt = new Date(deps.now().getTime() + CODE_DAYS * 24 * 3600_000);
  await insertPeerInvitation(deps.db, { peerUserId: actor.id, organisationId, codeHash: hashToken(normaliseCode(code)), expiresAt });
  await audit(deps.db, actor, 'peer_invitation.create', null);
  return { code, expiresAt };
}

export type InvitationPreview = { ok: true; peerName: string; organisationName: string; code: string } | { ok: false };

/** What the citizen sees before consenting. Unknown, used and expired codes answer alike. */
export async function previewPeerInvitation(deps: AppDeps, actor: Actor, rawCode: string, ip: string): Promise<InvitationPreview> {
  requireCitizen(actor);
  await consume(deps.db, 'peer-code', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10, deps.now());
  const code = normaliseCode(rawCode);
  if (code.length !== 8) return { ok: false };
  const invitation = await findPeerInvitation(deps.db, hashToken(code));
  if (!invitation || invitation.used_at || invitation.expires_at <= deps.now()) return { ok: false };
  return { ok: true, peerName: invitation.peer_name, organisationName: invitation.organisation_name, code };
}

export type AcceptResult = { ok: true; linkId: string } | { ok: false; reason: 'invalid' | 'noConsent' };

export async function acceptPeerInvitation(deps: AppDeps, actor: Actor, rawCode: string, consent: { given: boolean; wordingVersion: string }, ip: string): Promise<AcceptResult> {
  requireCitizen(actor);
  await consume(deps.db, 'peer-code', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10, deps.now());
  if (!consent.given || consent.wordingVersion !== CONSENT_VERSION) return { ok: false, reason: 'noConsent' };
  const invitation = await findPeerInvitation(deps.db, hashToken(normaliseCode(rawCode)));
  if (!invitation) return { ok: false, reason: 'invalid' };
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    if (!(await usePeerInvitation(trx, invitation.id, now))) return { ok: false as const, reason: 'invalid' as const };
    const link =
      (await insertLink(trx, { citizenId: actor.id, peerUserId: invitation.peer_user_id, organisationId: invitation.organisation_id, consentVersion: CONSENT_VERSION, now })) ??
      (await activeLink(trx, invitation.peer_user_id, actor.id));
    if (!link) throw new Error('link vanished');
    await insertConsentEvent(trx, { citizenId: actor.id, linkId: link.id, kind: 'given', scope: CONSENT_SCOPE, wordingVersion: CONSENT_VERSION });
    await audit(trx, actor, 'consent.give', actor.id, { type: 'peer_link', id: link.id });
    return { ok: true as const, linkId: link.id };
  });
}

/** Withdrawal takes effect on the peer's next request: every peer access reads the link. */
export async function withdrawConsent(deps: AppDeps, actor: Actor, linkId: string): Promise<void> {
  requireCitizen(actor);
  const link = await findLink(deps.db, linkId);
  if (!link || link.citizen_id !== actor.id) throw new NotFound();
  await deps.db.transaction().execute(async (trx) => {
    if (await withdrawLink(trx, linkId, deps.now())) {
      await insertConsentEvent(trx, { citizenId: actor.id, linkId, kind: 'withdrawn', scope: CONSENT_SCOPE, wordingVersion: link.consent_version });
      await audit(trx, actor, 'consent.withdraw', actor.id, { type: 'peer_link', id: linkId });
    }
  });
  // Writing together with this peer stops too.
  if (actor.togetherWith === link.peer_user_id) await setTogetherWith(deps.db, actor.sessionId, null);
}

export async function myPeers(deps: AppDeps, actor: Actor) {
  requireCitizen(actor);
  const [links, events] = await Promise.all([linksOfCitizen(deps.db, actor.id), consentEventsOf(deps.db, actor.id)]);
  return { links, events };
}

export async function peerCitizens(deps: AppDeps, actor: Actor) {
  requireSignedIn(actor);
  if (!hasRole(actor, 'peer')) throw new AccessDenied();
  const links = await linksOfPeer(deps.db, actor.id);
  // A link made through an organisation the peer has since left no longer counts.
  return links.filter((l) => hasRole(actor, 'peer', l.organisation_id));
}

/** The peer's link to this citizen, checked: throws unless it is active right now. */
export async function requireLinkedCitizen(deps: AppDeps, actor: Actor, citizenId: string): Promise<PeerLinkRow> {
  requireSignedIn(actor);
  const link = await activeLink(deps.db, actor.id, citizenId);
  requirePeerLink(actor, link, citizenId);
  return link!;
}

/** Writing together at one device: the citizen names which linked peer sits with them. */
export async function setWritingTogether(deps: AppDeps, actor: Actor, peerUserId: string | null): Promise<void> {
  requireCitizen(actor);
  if (peerUserId) {
    const link = await activeLink(deps.db, peerUserId, actor.id);
    if (!link) throw new NotFound();
  }
  await setTogetherWith(deps.db, actor.sessionId, peerUserId);
  await audit(deps.db, actor, peerUserId ? 'together.start' : 'together.stop', actor.id);
}
