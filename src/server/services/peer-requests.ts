import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize, can } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { hashToken, newToken } from '../crypto/tokens.ts';
import { findOrganisation, membersOf } from '../repositories/organisations.ts';
import {
  answerRequest,
  closeRequest,
  findOffer,
  findPeerRequest,
  findPeerRequestByToken,
  insertPeerRequest,
  offerOnRequest,
  publishedOffers,
  requestsOfCitizen,
  requestsToOrganisation,
  saveOffer as saveOfferRow,
  type PeerOfferRow,
  type PeerRequestRow,
} from '../repositories/peer-requests.ts';
import type { PeerRequestStatus } from '../db/schema.ts';
import { consume } from './rate-limit.ts';
import { nothingChanged, useCase, withoutAudit } from './use-case.ts';
import { CONSENT_VERSION, linkWithConsent, type SheetChoices } from './peer-links.ts';
import { listStatements } from './statements.ts';
import { insertNotice } from '../repositories/notices.ts';

// Finding a peer: organisations say where and how they offer peer support; a citizen, with or
// without an account, asks one of them; its coordinators offer one of their peers; the citizen
// accepts (which makes the consented link, with the sheets the citizen chooses) or says no thanks.
// A request holds no diagnosis: only what the citizen would like, and how to answer, if they say.

const WISH = 'peer_request.wish';
const NAME = 'peer_request.name';
const HOW = 'peer_request.how';

export type OfferFormat = PeerOfferRow['format'];

export interface PeerOffer {
  organisationId: string;
  organisationName: string;
  place: string;
  howToMeet: string;
  format: OfferFormat;
  published: boolean;
}

const offerOf = (r: PeerOfferRow & { organisation_name: string }): PeerOffer => ({
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  place: r.place,
  howToMeet: r.how_to_meet,
  format: r.format,
  published: r.published,
});

/** The public list: organisations offering peer support, and how. Names no one. */
export async function peerOffers(deps: AppDeps): Promise<PeerOffer[]> {
  return (await publishedOffers(deps.db)).map(offerOf);
}

/** One organisation's published offer, for the form to ask it. */
export async function publishedOffer(deps: AppDeps, organisationId: string): Promise<PeerOffer> {
  const row = await findOffer(deps.db, organisationId);
  if (!row?.published) throw new NotFound();
  return offerOf(row);
}

/** The coordinator's view of their organisation's offer (empty when there is none yet). */
export async function offerToEdit(deps: AppDeps, actor: Actor, organisationId: string): Promise<{ organisationName: string; offer: PeerOffer | null }> {
  authorize(actor, 'organisation.manage', { organisationId });
  const org = await findOrganisation(deps.db, organisationId);
  if (!org) throw new NotFound();
  const row = await findOffer(deps.db, organisationId);
  return { organisationName: org.name, offer: row ? offerOf(row) : null };
}

export async function saveOffer(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  input: { place: string; howToMeet: string; format: OfferFormat; published: boolean },
): Promise<void> {
  authorize(actor, 'organisation.manage', { organisationId });
  if (!(await findOrganisation(deps.db, organisationId))) throw new NotFound();
  await withoutAudit(deps, "an organisation's offer names no citizen", ({ tx, now }) => saveOfferRow(tx, { organisationId, ...input, now }));
}

export interface PeerRequestInput {
  wish: string;
  contactName: string;
  contactHow: string;
  answerInApp: boolean;
}

/** Without an account the citizen gets a private link (its token is shown once, only its hash is kept). */
export type AskResult = { kind: 'inApp' } | { kind: 'link'; token: string };

export async function askForPeer(deps: AppDeps, actor: Actor, organisationId: string, input: PeerRequestInput, ip: string): Promise<AskResult> {
  await consume(deps, 'peer-request', ip, deps.config.SIGNUP_LIMIT_PER_ADDRESS, 60);
  await publishedOffer(deps, organisationId);
  // A signed-in citizen may be answered in the app; anyone else (staff included) asks as a guest.
  const citizenId = actor.kind === 'user' && can(actor, 'citizen.act') ? actor.id : null;
  const token = citizenId ? null : newToken();
  const key = deps.keyring.newWrappedDataKey();
  const seal = (text: string, purpose: string) => (text.trim() ? deps.keyring.sealText(key, text.trim(), purpose) : null);
  await useCase(deps, actor, 'peer_request.create', async ({ tx, audit }) => {
    const row = await insertPeerRequest(tx, {
      organisationId,
      citizenId,
      tokenHash: token ? hashToken(token) : null,
      dataKey: key,
      wish: deps.keyring.sealText(key, input.wish.trim(), WISH),
      contactName: seal(input.contactName, NAME),
      contactHow: seal(input.contactHow, HOW),
      answerInApp: citizenId !== null && input.answerInApp,
    });
    await audit('peer_request.create', citizenId, { type: 'peer_request', id: row.id });
  });
  return token ? { kind: 'link', token } : { kind: 'inApp' };
}

export interface PeerRequestView {
  id: string;
  organisationId: string;
  organisationName: string;
  wish: string;
  contactName: string;
  contactHow: string;
  answerInApp: boolean;
  withAccount: boolean;
  status: PeerRequestStatus;
  offeredPeerName: string | null;
  createdAt: Date;
  offeredAt: Date | null;
  answeredAt: Date | null;
}

type RequestRow = PeerRequestRow & { organisation_name: string; peer_name: string | null };

function viewOf(deps: AppDeps, r: RequestRow): PeerRequestView {
  const open = (sealed: Uint8Array | null, purpose: string) => (sealed ? deps.keyring.openText(r.data_key, sealed, purpose) : '');
  return {
    id: r.id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    wish: open(r.wish, WISH),
    contactName: open(r.contact_name, NAME),
    contactHow: open(r.contact_how, HOW),
    answerInApp: r.answer_in_app,
    withAccount: r.citizen_id !== null,
    status: r.status,
    offeredPeerName: r.peer_name,
    createdAt: r.created_at,
    offeredAt: r.offered_at,
    answeredAt: r.answered_at,
  };
}

/** The requests to one organisation, for its coordinators; each opening is logged for the citizen. */
export async function requestsToMyOrganisation(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
): Promise<{ organisationName: string; requests: PeerRequestView[] }> {
  authorize(actor, 'peerRequest.handle', { organisationId });
  const org = await findOrganisation(deps.db, organisationId);
  if (!org) throw new NotFound();
  const rows = await useCase(deps, actor, 'peer_request.read', async ({ tx, audit }) => {
    const found = await requestsToOrganisation(tx, organisationId);
    // No request read, nothing to log: the list is empty, not an error.
    if (found.length === 0) return nothingChanged([]);
    for (const r of found) await audit('peer_request.read', r.citizen_id, { type: 'peer_request', id: r.id });
    return found;
  });
  return { organisationName: org.name, requests: rows.map((r) => viewOf(deps, r)) };
}

/** One request with the organisation's peers to offer. */
export async function requestToAnswer(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  requestId: string,
): Promise<{ request: PeerRequestView; peers: { userId: string; name: string }[] }> {
  authorize(actor, 'peerRequest.handle', { organisationId });
  const row = await useCase(deps, actor, 'peer_request.read', async ({ tx, audit }) => {
    const found = await findPeerRequest(tx, requestId);
    if (!found || found.organisation_id !== organisationId) throw new NotFound();
    await audit('peer_request.read', found.citizen_id, { type: 'peer_request', id: found.id });
    return found;
  });
  return { request: viewOf(deps, row), peers: await peersOf(deps, organisationId) };
}

async function peersOf(deps: AppDeps, organisationId: string): Promise<{ userId: string; name: string }[]> {
  const members = await membersOf(deps.db, organisationId);
  return members.filter((m) => m.role === 'peer' && m.disabled_at === null).map((m) => ({ userId: m.user_id, name: m.chosen_name }));
}

/** The coordinator offers one of the organisation's peers; the citizen then says yes or no. */
export async function offerPeer(deps: AppDeps, actor: Actor, organisationId: string, requestId: string, peerUserId: string): Promise<void> {
  authorize(actor, 'peerRequest.handle', { organisationId });
  if (!(await peersOf(deps, organisationId)).some((p) => p.userId === peerUserId)) throw new NotFound();
  await useCase(deps, actor, 'peer_request.offer', async ({ tx, now, audit }) => {
    const found = await findPeerRequest(tx, requestId);
    if (!found || found.organisation_id !== organisationId) throw new NotFound();
    if (!(await offerOnRequest(tx, requestId, peerUserId, now))) return nothingChanged();
    await audit('peer_request.offer', found.citizen_id, { type: 'peer_request', id: requestId });
    // A citizen with an account hears of it in the app; without one, the private link shows it.
    if (found.citizen_id) await insertNotice(tx, { recipientId: found.citizen_id, actorId: peerUserId, kind: 'peer_offer', subjectId: requestId, now });
  });
}

/** The coordinator tells the citizen the organisation cannot offer a peer now (an offer not yet answered is taken back). */
export async function closePeerRequest(deps: AppDeps, actor: Actor, organisationId: string, requestId: string): Promise<void> {
  authorize(actor, 'peerRequest.handle', { organisationId });
  await useCase(deps, actor, 'peer_request.close', async ({ tx, now, audit }) => {
    const found = await findPeerRequest(tx, requestId);
    if (!found || found.organisation_id !== organisationId) throw new NotFound();
    if (!(await closeRequest(tx, requestId, now))) return nothingChanged();
    await audit('peer_request.close', found.citizen_id, { type: 'peer_request', id: requestId });
  });
}

/** How the citizen names a request: by its private link, or (signed in, their own) by its id. */
export type RequestRef = { token: string } | { id: string };

async function findByRef(deps: AppDeps, actor: Actor, ref: RequestRef): Promise<RequestRow> {
  if ('token' in ref) {
    const found = await findPeerRequestByToken(deps.db, hashToken(ref.token));
    if (!found) throw new NotFound();
    return found;
  }
  const found = await findPeerRequest(deps.db, ref.id);
  if (!found || !can(actor, 'peerRequest.own', { citizenId: found.citizen_id })) throw new NotFound();
  return found;
}

/** The citizen's request as they see it again, with their sheets to choose from when an offer waits. */
export async function myPeerRequest(
  deps: AppDeps,
  actor: Actor,
  ref: RequestRef,
  ip: string,
): Promise<{ request: PeerRequestView; statements: { id: string; purpose: string }[] | null; mine: boolean }> {
  if ('token' in ref) await consume(deps, 'peer-request-link', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  const row = await findByRef(deps, actor, ref);
  // A request made with an account is answered in the account: its link (there is none) or
  // another signed-in citizen cannot open it.
  if ('token' in ref && row.citizen_id !== null && !can(actor, 'peerRequest.own', { citizenId: row.citizen_id })) throw new NotFound();
  await useCase(deps, actor, 'peer_request.read', ({ audit }) => audit('peer_request.read', row.citizen_id, { type: 'peer_request', id: row.id }));
  const signedInCitizen = actor.kind === 'user' && can(actor, 'citizen.act');
  const statements = signedInCitizen && row.status === 'offered' ? (await listStatements(deps, actor)).map((s) => ({ id: s.id, purpose: s.purpose })) : null;
  return { request: viewOf(deps, row), statements, mine: signedInCitizen };
}

/** A signed-in citizen's requests, for "my peers". */
export async function myPeerRequests(deps: AppDeps, actor: Actor): Promise<PeerRequestView[]> {
  authorize(actor, 'citizen.act');
  const rows = await requestsOfCitizen(deps.db, actor.id);
  if (rows.length === 0) return [];
  await useCase(deps, actor, 'peer_request.read', ({ audit }) => audit('peer_request.read', actor.id));
  return rows.map((r) => viewOf(deps, r));
}

export type AcceptOfferResult = { ok: true } | { ok: false; reason: 'noConsent' | 'notWaiting' };

/**
 * The citizen says yes to the offered peer: the request is theirs from now on (a request made
 * without an account is attached to the account that accepts it), and the consented link is made
 * with the sheets the citizen chose.
 */
export async function acceptOffer(
  deps: AppDeps,
  actor: Actor,
  ref: RequestRef,
  consent: { given: boolean; wordingVersion: string },
  choices: SheetChoices,
): Promise<AcceptOfferResult> {
  authorize(actor, 'citizen.act');
  const row = await findByRef(deps, actor, ref);
  if (row.citizen_id !== null && row.citizen_id !== actor.id) throw new NotFound();
  if (!consent.given || consent.wordingVersion !== CONSENT_VERSION) return { ok: false, reason: 'noConsent' };
  const peerId = row.offered_peer_id;
  if (row.status !== 'offered' || !peerId) return { ok: false, reason: 'notWaiting' };
  // The peer must still work as a peer there.
  if (!(await peersOf(deps, row.organisation_id)).some((p) => p.userId === peerId)) return { ok: false, reason: 'notWaiting' };
  return useCase(deps, actor, 'peer_request.accept', async (work): Promise<AcceptOfferResult> => {
    const linkId = await linkWithConsent(work, actor.id, { userId: peerId, organisationId: row.organisation_id }, choices);
    if (!(await answerRequest(work.tx, row.id, { status: 'accepted', citizenId: actor.id, peerLinkId: linkId, now: work.now })))
      return nothingChanged({ ok: false, reason: 'notWaiting' });
    await work.audit('peer_request.accept', actor.id, { type: 'peer_request', id: row.id });
    return { ok: true };
  });
}

/** No thanks: with or without an account. Nothing is linked. False when the request was answered already. */
export async function declineOffer(deps: AppDeps, actor: Actor, ref: RequestRef, ip: string): Promise<boolean> {
  if ('token' in ref) await consume(deps, 'peer-request-link', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS, 10);
  const row = await findByRef(deps, actor, ref);
  if (row.citizen_id !== null && !can(actor, 'peerRequest.own', { citizenId: row.citizen_id })) throw new NotFound();
  return useCase(deps, actor, 'peer_request.decline', async ({ tx, now, audit }) => {
    if (!(await answerRequest(tx, row.id, { status: 'declined', citizenId: null, peerLinkId: null, now }))) return nothingChanged(false);
    await audit('peer_request.decline', row.citizen_id, { type: 'peer_request', id: row.id });
    return true;
  });
}
