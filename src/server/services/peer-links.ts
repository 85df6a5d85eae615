import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize, can } from '../policy/policy.ts';
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
} from '../repositories/peers.ts';
import { setTogetherWith } from '../repositories/sessions.ts';
import { findUserById } from '../repositories/users.ts';
import { statementsOfLinkedCitizen, type StatementSummary } from './statements.ts';
import { consume } from './rate-limit.ts';
import { nothingChanged, useCase } from './use-case.ts';

/** The wording the citizen agrees to is versioned; the version is stored with the consent. */
export const CONSENT_VERSION = 'peer-link-v1';
export const CONSENT_SCOPE = 'name,statements:read,statements:suggest,meetings:upcoming,sessions:note-if-shared';
const CODE_DAYS = 14;

function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A short code (and QR) a peer hands to a citizen; only its hash is stored. */
export async function createPeerInvitation(deps: AppDeps, actor: Actor, organisationId: string): Promise<{ code: string; expiresAt: Date }> {
  authorize(actor, 'peer.practise', { organisationId });
  const code = newShortCode(8);
  return useCase(deps, actor, 'peer_invitation.create', async ({ tx, now, audit }) => {
    const expiresAt = new Date(now.getTime() + CODE_DAYS * 24 * 3600_000);
    await insertPeerInvitation(tx, { peerUserId: actor.id, organisationId, codeHash: hashToken(normaliseCode(code)), expiresAt });
    await audit('peer_invitation.create', null);
    return { code, expiresAt };
  });
}

export type InvitationPreview = { ok: true; peerName: string; organisationName: string; code: string } | { ok: false };

/** What the citizen sees before consenting. Unknown, used and expired codes answer alike. */
export async function previewPeerInvitation(deps: AppDeps, actor: Actor, rawCode: string, ip: string): Promise<InvitationPreview> {
  authorize(actor, 'citizen.act');
  await consume(deps, 'peer-code', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  const code = normaliseCode(rawCode);
  if (code.length !== 8) return { ok: false };
  const invitation = await findPeerInvitation(deps.db, hashToken(code));
  if (!invitation || invitation.used_at || invitation.expires_at <= deps.now()) return { ok: false };
  return { ok: true, peerName: invitation.peer_name, organisationName: invitation.organisation_name, code };
}

export type AcceptResult = { ok: true; linkId: string } | { ok: false; reason: 'invalid' | 'noConsent' };

export async function acceptPeerInvitation(
  deps: AppDeps,
  actor: Actor,
  rawCode: string,
  consent: { given: boolean; wordingVersion: string },
  ip: string,
): Promise<AcceptResult> {
  authorize(actor, 'citizen.act');
  await consume(deps, 'peer-code', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  if (!consent.given || consent.wordingVersion !== CONSENT_VERSION) return { ok: false, reason: 'noConsent' };
  const invitation = await findPeerInvitation(deps.db, hashToken(normaliseCode(rawCode)));
  if (!invitation) return { ok: false, reason: 'invalid' };
  return useCase(deps, actor, 'consent.give', async ({ tx, now, audit }): Promise<AcceptResult> => {
    if (!(await usePeerInvitation(tx, invitation.id, now))) return nothingChanged({ ok: false, reason: 'invalid' });
    const link =
      (await insertLink(tx, {
        citizenId: actor.id,
        peerUserId: invitation.peer_user_id,
        organisationId: invitation.organisation_id,
        consentVersion: CONSENT_VERSION,
        now,
      })) ?? (await activeLink(tx, invitation.peer_user_id, actor.id));
    if (!link) throw new Error('link vanished');
    await insertConsentEvent(tx, { citizenId: actor.id, linkId: link.id, kind: 'given', scope: CONSENT_SCOPE, wordingVersion: CONSENT_VERSION });
    await audit('consent.give', actor.id, { type: 'peer_link', id: link.id });
    return { ok: true, linkId: link.id };
  });
}

/** Withdrawal takes effect on the peer's next request: every peer access reads the link. */
export async function withdrawConsent(deps: AppDeps, actor: Actor, linkId: string): Promise<void> {
  authorize(actor, 'citizen.act');
  const link = await findLink(deps.db, linkId);
  if (!link || link.citizen_id !== actor.id) throw new NotFound();
  await useCase(deps, actor, 'consent.withdraw', async ({ tx, now, audit }) => {
    // Withdrawn already (a second click): nothing to record.
    if (!(await withdrawLink(tx, linkId, now))) return nothingChanged();
    await insertConsentEvent(tx, { citizenId: actor.id, linkId, kind: 'withdrawn', scope: CONSENT_SCOPE, wordingVersion: link.consent_version });
    await audit('consent.withdraw', actor.id, { type: 'peer_link', id: linkId });
  });
  // Writing together with this peer stops too.
  if (actor.togetherWith === link.peer_user_id) await setTogetherWith(deps.db, actor.sessionId, null);
}

export interface CitizensPeerLink {
  id: string;
  peerUserId: string;
  peerName: string;
  organisationName: string;
  consentVersion: string;
  consentedAt: Date;
  withdrawnAt: Date | null;
}

export interface ConsentEvent {
  id: string;
  kind: 'given' | 'withdrawn';
  scope: string;
  at: Date;
  wordingVersion: string;
}

/** The citizen's links to peers (active and withdrawn) and the history of their consents. */
export async function myPeers(deps: AppDeps, actor: Actor): Promise<{ links: CitizensPeerLink[]; events: ConsentEvent[] }> {
  authorize(actor, 'citizen.act');
  const [links, events] = await Promise.all([linksOfCitizen(deps.db, actor.id), consentEventsOf(deps.db, actor.id)]);
  return {
    links: links.map((l) => ({
      id: l.id,
      peerUserId: l.peer_user_id,
      peerName: l.peer_name,
      organisationName: l.organisation_name,
      consentVersion: l.consent_version,
      consentedAt: l.consented_at,
      withdrawnAt: l.withdrawn_at,
    })),
    events: events.map((e) => ({ id: e.id, kind: e.kind, scope: e.scope, at: e.at, wordingVersion: e.wording_version })),
  };
}

export interface LinkedCitizen {
  citizenId: string;
  name: string;
}

export async function peerCitizens(deps: AppDeps, actor: Actor): Promise<LinkedCitizen[]> {
  authorize(actor, 'peer.practise', {});
  const links = await linksOfPeer(deps.db, actor.id);
  // A link made through an organisation the peer has since left no longer counts.
  return links
    .filter((l) => can(actor, 'peer.practise', { organisationId: l.organisation_id }))
    .map((l) => ({ citizenId: l.citizen_id, name: l.citizen_name }));
}

/** A linked citizen as their peer sees them: the name and the statements (checked: only while the link is active). */
export async function linkedCitizen(deps: AppDeps, actor: Actor, citizenId: string): Promise<{ name: string; statements: StatementSummary[] }> {
  authorize(actor, 'peer.practise', {});
  const link = await activeLink(deps.db, actor.id, citizenId);
  authorize(actor, 'citizen.followAsPeer', { citizenId, peerLink: link });
  const citizen = await findUserById(deps.db, citizenId);
  if (!citizen) throw new NotFound();
  return { name: citizen.chosen_name, statements: await statementsOfLinkedCitizen(deps, actor, citizenId) };
}

/** Writing together at one device: the citizen names which linked peer sits with them. */
export async function setWritingTogether(deps: AppDeps, actor: Actor, peerUserId: string | null): Promise<void> {
  authorize(actor, 'citizen.act');
  if (peerUserId) {
    const link = await activeLink(deps.db, peerUserId, actor.id);
    if (!link) throw new NotFound();
  }
  await useCase(deps, actor, peerUserId ? 'together.start' : 'together.stop', async ({ tx, audit }) => {
    await setTogetherWith(tx, actor.sessionId, peerUserId);
    await audit(peerUserId ? 'together.start' : 'together.stop', actor.id);
  });
}
