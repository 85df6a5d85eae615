import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import { prepare } from '../db/prepared.ts';
import type { PeerLinksTable } from '../db/schema.ts';

export type PeerLinkRow = Selectable<PeerLinksTable>;

export async function insertPeerInvitation(db: Executor, i: { peerUserId: string; organisationId: string; codeHash: string; expiresAt: Date }) {
  return db
    .insertInto('peer_invitations')
    .values({ peer_user_id: i.peerUserId, organisation_id: i.organisationId, code_hash: i.codeHash, expires_at: i.expiresAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findPeerInvitation(db: Executor, codeHash: string) {
  return db
    .selectFrom('peer_invitations')
    .innerJoin('users', 'users.id', 'peer_invitations.peer_user_id')
    .innerJoin('organisations', 'organisations.id', 'peer_invitations.organisation_id')
    .selectAll('peer_invitations')
    .select(['users.chosen_name as peer_name', 'organisations.name as organisation_name'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
}

/** Uses the invitation once; false if it was used already (or at the same moment). */
export async function usePeerInvitation(db: Executor, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('peer_invitations')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Asked on every page a peer opens of a citizen's statement.
const activeLinkRow = prepare((db, peerUserId: string, citizenId: string) =>
  db.selectFrom('peer_links').selectAll().where('peer_user_id', '=', peerUserId).where('citizen_id', '=', citizenId).where('withdrawn_at', 'is', null),
);
export function activeLink(db: Executor, peerUserId: string, citizenId: string): Promise<PeerLinkRow | undefined> {
  return activeLinkRow.first(db, peerUserId, citizenId);
}

export function findLink(db: Executor, id: string): Promise<PeerLinkRow | undefined> {
  return db.selectFrom('peer_links').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertLink(
  db: Executor,
  l: { citizenId: string; peerUserId: string; organisationId: string; consentVersion: string; now: Date; allSheets: boolean; maySuggest: boolean },
): Promise<PeerLinkRow | undefined> {
  return db
    .insertInto('peer_links')
    .values({
      citizen_id: l.citizenId,
      peer_user_id: l.peerUserId,
      organisation_id: l.organisationId,
      consent_version: l.consentVersion,
      consented_at: l.now,
      all_sheets: l.allSheets,
      may_suggest: l.maySuggest,
    })
    .onConflict((oc) => oc.columns(['citizen_id', 'peer_user_id']).where('withdrawn_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The sheets a link lets the peer read (when it is not every sheet). */
export async function linkSheetIds(db: Executor, linkId: string): Promise<string[]> {
  return (await db.selectFrom('peer_link_sheets').select('statement_id').where('peer_link_id', '=', linkId).execute()).map((r) => r.statement_id);
}

/** The chosen sheets of several links at once, for the citizen's page. */
export async function sheetIdsOfLinks(db: Executor, linkIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (linkIds.length === 0) return out;
  const rows = await db.selectFrom('peer_link_sheets').select(['peer_link_id', 'statement_id']).where('peer_link_id', 'in', linkIds).execute();
  for (const r of rows) out.set(r.peer_link_id, [...(out.get(r.peer_link_id) ?? []), r.statement_id]);
  return out;
}

/** Replaces what a link allows: all sheets or the chosen ones (only the owner's own), and suggesting. */
export async function setLinkChoices(
  db: Executor,
  link: { id: string; citizenId: string },
  choices: { allSheets: boolean; maySuggest: boolean; sheetIds: string[] },
): Promise<void> {
  await db.updateTable('peer_links').set({ all_sheets: choices.allSheets, may_suggest: choices.maySuggest }).where('id', '=', link.id).execute();
  await db.deleteFrom('peer_link_sheets').where('peer_link_id', '=', link.id).execute();
  if (choices.allSheets || choices.sheetIds.length === 0) return;
  // Only the citizen's own sheets can be chosen: an id of someone else's sheet is dropped here.
  const own = await db.selectFrom('statements').select('id').where('owner_id', '=', link.citizenId).where('id', 'in', choices.sheetIds).execute();
  if (own.length === 0) return;
  await db
    .insertInto('peer_link_sheets')
    .values(own.map((r) => ({ peer_link_id: link.id, statement_id: r.id })))
    .execute();
}

export async function withdrawLink(db: Executor, id: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('peer_links').set({ withdrawn_at: now }).where('id', '=', id).where('withdrawn_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function linksOfCitizen(db: Executor, citizenId: string) {
  return db
    .selectFrom('peer_links')
    .innerJoin('users', 'users.id', 'peer_links.peer_user_id')
    .innerJoin('organisations', 'organisations.id', 'peer_links.organisation_id')
    .selectAll('peer_links')
    .select(['users.chosen_name as peer_name', 'organisations.name as organisation_name'])
    .where('citizen_id', '=', citizenId)
    .orderBy('consented_at', 'desc')
    .execute();
}

export function linksOfPeer(db: Executor, peerUserId: string) {
  return db
    .selectFrom('peer_links')
    .innerJoin('users', 'users.id', 'peer_links.citizen_id')
    .selectAll('peer_links')
    .select(['users.chosen_name as citizen_name'])
    .where('peer_user_id', '=', peerUserId)
    .where('withdrawn_at', 'is', null)
    .orderBy('users.chosen_name')
    .execute();
}

export async function insertConsentEvent(
  db: Executor,
  e: { citizenId: string; linkId: string; kind: 'given' | 'withdrawn' | 'changed'; scope: string; wordingVersion: string },
) {
  await db
    .insertInto('consent_events')
    .values({ citizen_id: e.citizenId, peer_link_id: e.linkId, kind: e.kind, scope: e.scope, wording_version: e.wordingVersion })
    .execute();
}

export function consentEventsOf(db: Executor, citizenId: string) {
  return db.selectFrom('consent_events').selectAll().where('citizen_id', '=', citizenId).orderBy('at', 'desc').execute();
}

/** Upcoming meetings of these citizens that are linked to the peer right now: time and name only. */
export function upcomingMeetingsOfLinked(db: Executor, peerUserId: string, citizenIds: string[], now: Date) {
  return db
    .selectFrom('meetings')
    .innerJoin('peer_links', (j) =>
      j.onRef('peer_links.citizen_id', '=', 'meetings.owner_id').on('peer_links.peer_user_id', '=', peerUserId).on('peer_links.withdrawn_at', 'is', null),
    )
    .innerJoin('users', 'users.id', 'meetings.owner_id')
    .select(['meetings.id', 'meetings.starts_at', 'meetings.owner_id', 'users.chosen_name'])
    .where('meetings.owner_id', 'in', citizenIds)
    .where('meetings.starts_at', '>', now)
    .orderBy('meetings.starts_at')
    .limit(50)
    .execute();
}
