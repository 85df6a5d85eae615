import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PeerOffersTable, PeerRequestsTable } from '../db/schema.ts';

export type PeerOfferRow = Selectable<PeerOffersTable>;
export type PeerRequestRow = Selectable<PeerRequestsTable>;

/** Organisations that offer peer support now, with their offer: for the public page. */
export function publishedOffers(db: Executor) {
  return db
    .selectFrom('peer_offers')
    .innerJoin('organisations', 'organisations.id', 'peer_offers.organisation_id')
    .selectAll('peer_offers')
    .select('organisations.name as organisation_name')
    .where('peer_offers.published', '=', true)
    .where('organisations.is_demo', '=', false)
    .orderBy('organisations.name')
    .execute();
}

export function findOffer(db: Executor, organisationId: string) {
  return db
    .selectFrom('peer_offers')
    .innerJoin('organisations', 'organisations.id', 'peer_offers.organisation_id')
    .selectAll('peer_offers')
    .select('organisations.name as organisation_name')
    .where('peer_offers.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function saveOffer(
  db: Executor,
  o: { organisationId: string; place: string; howToMeet: string; format: PeerOfferRow['format']; published: boolean; now: Date },
): Promise<void> {
  const values = { place: o.place, how_to_meet: o.howToMeet, format: o.format, published: o.published, updated_at: o.now };
  await db
    .insertInto('peer_offers')
    .values({ organisation_id: o.organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute();
}

export function insertPeerRequest(
  db: Executor,
  r: {
    organisationId: string;
    citizenId: string | null;
    tokenHash: string | null;
    dataKey: Uint8Array;
    wish: Uint8Array;
    contactName: Uint8Array | null;
    contactHow: Uint8Array | null;
    answerInApp: boolean;
  },
) {
  return db
    .insertInto('peer_requests')
    .values({
      organisation_id: r.organisationId,
      citizen_id: r.citizenId,
      token_hash: r.tokenHash,
      data_key: r.dataKey,
      wish: r.wish,
      contact_name: r.contactName,
      contact_how: r.contactHow,
      answer_in_app: r.answerInApp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const withNames = (db: Executor) =>
  db
    .selectFrom('peer_requests')
    .innerJoin('organisations', 'organisations.id', 'peer_requests.organisation_id')
    .leftJoin('users as peer', 'peer.id', 'peer_requests.offered_peer_id')
    .selectAll('peer_requests')
    .select(['organisations.name as organisation_name', 'peer.chosen_name as peer_name']);

export function findPeerRequest(db: Executor, id: string) {
  return withNames(db).where('peer_requests.id', '=', id).executeTakeFirst();
}

export function findPeerRequestByToken(db: Executor, tokenHash: string) {
  return withNames(db).where('peer_requests.token_hash', '=', tokenHash).executeTakeFirst();
}

export function requestsToOrganisation(db: Executor, organisationId: string) {
  return withNames(db).where('peer_requests.organisation_id', '=', organisationId).orderBy('peer_requests.created_at', 'desc').limit(200).execute();
}

export function requestsOfCitizen(db: Executor, citizenId: string) {
  return withNames(db).where('peer_requests.citizen_id', '=', citizenId).orderBy('peer_requests.created_at', 'desc').execute();
}

/** Offers a peer on an open request (or offers another after the first); false if it was answered meanwhile. */
export async function offerOnRequest(db: Executor, id: string, peerUserId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('peer_requests')
    .set({ status: 'offered', offered_peer_id: peerUserId, offered_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['open', 'offered'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The organisation cannot offer a peer; false if the citizen had answered meanwhile. */
export async function closeRequest(db: Executor, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('peer_requests')
    .set({ status: 'closed', answered_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['open', 'offered'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The citizen's answer to an offer; false if the request was not waiting for one. */
export async function answerRequest(
  db: Executor,
  id: string,
  a: { status: 'accepted' | 'declined'; citizenId: string | null; peerLinkId: string | null; now: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('peer_requests')
    .set({ status: a.status, answered_at: a.now, peer_link_id: a.peerLinkId, ...(a.citizenId ? { citizen_id: a.citizenId } : {}) })
    .where('id', '=', id)
    .where('status', 'in', a.status === 'accepted' ? ['offered'] : ['open', 'offered'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
