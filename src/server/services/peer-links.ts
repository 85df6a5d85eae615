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
  setLinkChoices,
  sheetIdsOfLinks,
  usePeerInvitation,
  withdrawLink,
} from '../repositories/peers.ts';
import { setTogetherWith } from '../repositories/sessions.ts';
import { revokeSharesTo } from '../repositories/meetings.ts';
import { findUserById } from '../repositories/users.ts';
import { listStatements, statementsOfLinkedCitizen, type StatementSummary } from './statements.ts';
import { consume } from './rate-limit.ts';
import { nothingChanged, useCase, type Work } from './use-case.ts';

/** The wording the citizen agrees to is versioned; the version is stored with the consent. */
export const CONSENT_VERSION = 'peer-link-v1';
export const CONSENT_SCOPE = 'name,statements:read,statements:suggest,meetings:upcoming,sessions:note-if-shared';

/** What the citizen lets one peer read and do: every sheet (also new ones) or the chosen ones, and suggesting. */
export interface SheetChoices {
  allSheets: boolean;
  sheetIds: string[];
  maySuggest: boolean;
}

/** The consent's scope as recorded: which sheets (all, or how many chosen) and whether suggesting. */
function scopeOf(c: SheetChoices): string {
  const read = c.allSheets ? 'statements:read:all' : `statements:read:chosen(${c.sheetIds.length})`;
  return ['name', read, ...(c.maySuggest ? ['statements:suggest'] : []), 'meetings:upcoming', 'sessions:note-if-shared'].join(',');
}

/**
 * Makes (or finds) the link between a citizen and a peer with the citizen's choices, and records
 * the consent: for an invitation code and for an accepted offer alike.
 */
export async function linkWithConsent(
  { tx, now, audit }: Work,
  citizenId: string,
  peer: { userId: string; organisationId: string },
  choices: SheetChoices,
): Promise<string> {
  const link =
    (await insertLink(tx, {
      citizenId,
      peerUserId: peer.userId,
      organisationId: peer.organisationId,
      consentVersion: CONSENT_VERSION,
      now,
      allSheets: choices.allSheets,
      maySuggest: choices.maySuggest,
    })) ?? (await activeLink(tx, peer.userId, citizenId));
  if (!link) throw new Error('link vanished');
  await setLinkChoices(tx, { id: link.id, citizenId }, choices);
  await insertConsentEvent(tx, { citizenId, linkId: link.id, kind: 'given', scope: scopeOf(choices), wordingVersion: CONSENT_VERSION });
  await audit('consent.give', citizenId, { type: 'peer_link', id: link.id });
  return link.id;
}
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

export type InvitationPreview =
  | { ok: true; peerName: string; organisationName: string; code: string; statements: { id: string; purpose: string }[] }
  | { ok: false };

/** What the citizen sees before consenting. Unknown, used and expired codes answer alike. */
export async function previewPeerInvitation(deps: AppDeps, actor: Actor, rawCode: string, ip: string): Promise<InvitationPreview> {
  authorize(actor, 'citizen.act');
  await consume(deps, 'peer-code', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  const code = normaliseCode(rawCode);
  if (code.length !== 8) return { ok: false };
  const invitation = await findPeerInvitation(deps.db, hashToken(code));
  if (!invitation || invitation.used_at || invitation.expires_at <= deps.now()) return { ok: false };
  // The citizen's own sheets, to choose which the peer may read.
  const statements = (await listStatements(deps, actor)).map((st) => ({ id: st.id, purpose: st.purpose }));
  return { ok: true, peerName: invitation.peer_name, organisationName: invitation.organisation_name, code, statements };
}

export type AcceptResult = { ok: true; linkId: string } | { ok: false; reason: 'invalid' | 'noConsent' };

export async function acceptPeerInvitation(
  deps: AppDeps,
  actor: Actor,
  rawCode: string,
  consent: { given: boolean; wordingVersion: string },
  ip: string,
  choices: SheetChoices,
): Promise<AcceptResult> {
  authorize(actor, 'citizen.act');
  await consume(deps, 'peer-code', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  if (!consent.given || consent.wordingVersion !== CONSENT_VERSION) return { ok: false, reason: 'noConsent' };
  const invitation = await findPeerInvitation(deps.db, hashToken(normaliseCode(rawCode)));
  if (!invitation) return { ok: false, reason: 'invalid' };
  return useCase(deps, actor, 'consent.give', async (work): Promise<AcceptResult> => {
    if (!(await usePeerInvitation(work.tx, invitation.id, work.now))) return nothingChanged({ ok: false, reason: 'invalid' });
    const linkId = await linkWithConsent(work, actor.id, { userId: invitation.peer_user_id, organisationId: invitation.organisation_id }, choices);
    return { ok: true, linkId };
  });
}

/** Withdrawal takes effect on the peer's next request: every peer access reads the link. */
export async function withdrawConsent(deps: AppDeps, actor: Actor, linkId: string): Promise<void> {
  authorize(actor, 'citizen.act');
  const link = await findLink(deps.db, linkId);
  if (!link || !can(actor, 'peerLink.change', { citizenId: link.citizen_id })) throw new NotFound();
  await useCase(deps, actor, 'consent.withdraw', async ({ tx, now, audit }) => {
    // Withdrawn already (a second click): nothing to record.
    if (!(await withdrawLink(tx, linkId, now))) return nothingChanged();
    await insertConsentEvent(tx, { citizenId: actor.id, linkId, kind: 'withdrawn', scope: CONSENT_SCOPE, wordingVersion: link.consent_version });
    await audit('consent.withdraw', actor.id, { type: 'peer_link', id: linkId });
    // The confirmation says the peer can no longer see her sheets: that includes the meetings she
    // shared with the peer, by choosing them or by their username. Each closing is logged as if
    // she had closed the link herself.
    for (const shareId of await revokeSharesTo(tx, { ownerId: actor.id, recipientUserId: link.peer_user_id }, now))
      await audit('share.revoke', actor.id, { type: 'share', id: shareId });
  });
  // Writing together with this peer stops too.
  if (actor.togetherWith === link.peer_user_id) await setTogetherWith(deps.db, actor.sessionId, null);
}

/** The citizen changes what a peer may read and do, at any time; the change is a consent event. */
export async function changeConsent(deps: AppDeps, actor: Actor, linkId: string, choices: SheetChoices): Promise<void> {
  authorize(actor, 'citizen.act');
  const link = await findLink(deps.db, linkId);
  if (!link || link.withdrawn_at || !can(actor, 'peerLink.change', { citizenId: link.citizen_id })) throw new NotFound();
  await useCase(deps, actor, 'consent.change', async ({ tx, audit }) => {
    await setLinkChoices(tx, { id: linkId, citizenId: actor.id }, choices);
    await insertConsentEvent(tx, { citizenId: actor.id, linkId, kind: 'changed', scope: scopeOf(choices), wordingVersion: link.consent_version });
    await audit('consent.change', actor.id, { type: 'peer_link', id: linkId });
  });
}

/** One link with the citizen's sheets, to choose what the peer may read. */
export async function linkChoices(
  deps: AppDeps,
  actor: Actor,
  linkId: string,
): Promise<{ link: CitizensPeerLink; statements: { id: string; purpose: string }[] }> {
  authorize(actor, 'citizen.act');
  const { links } = await myPeers(deps, actor);
  const link = links.find((l) => l.id === linkId && l.withdrawnAt === null);
  if (!link) throw new NotFound();
  const statements = (await listStatements(deps, actor)).map((s) => ({ id: s.id, purpose: s.purpose }));
  return { link, statements };
}

export interface CitizensPeerLink {
  id: string;
  peerUserId: string;
  peerName: string;
  organisationName: string;
  consentVersion: string;
  consentedAt: Date;
  withdrawnAt: Date | null;
  allSheets: boolean;
  sheetIds: string[];
  maySuggest: boolean;
}

export interface ConsentEvent {
  id: string;
  kind: 'given' | 'withdrawn' | 'changed';
  scope: string;
  at: Date;
  wordingVersion: string;
}

/** The citizen's links to peers (active and withdrawn) and the history of their consents. */
export async function myPeers(deps: AppDeps, actor: Actor): Promise<{ links: CitizensPeerLink[]; events: ConsentEvent[] }> {
  authorize(actor, 'citizen.act');
  const [links, events] = await Promise.all([linksOfCitizen(deps.db, actor.id), consentEventsOf(deps.db, actor.id)]);
  const sheets = await sheetIdsOfLinks(
    deps.db,
    links.map((l) => l.id),
  );
  return {
    links: links.map((l) => ({
      id: l.id,
      peerUserId: l.peer_user_id,
      peerName: l.peer_name,
      organisationName: l.organisation_name,
      consentVersion: l.consent_version,
      consentedAt: l.consented_at,
      withdrawnAt: l.withdrawn_at,
      allSheets: l.all_sheets,
      sheetIds: sheets.get(l.id) ?? [],
      maySuggest: l.may_suggest,
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
