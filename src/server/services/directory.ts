import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import { authorize, can } from '../policy/policy.ts';
import { AccessDenied } from '../errors.ts';
import { matchesQuery } from '../../domain/events/directory-search.ts';
import { deleteDirectoryEntry, directoryEntries, directoryEntryOf, peerMembershipId, upsertDirectoryEntry } from '../repositories/directory.ts';
import { peerOrganisations } from './peer-practice.ts';
import { nothingChanged, useCase } from './use-case.ts';

// The peer directory: peers who chose to be found by peers in other organisations. What they
// write ("what I can help with", "how to reach me") is their own data about themselves: it is
// shown to peers and coordinators who are signed in, never logged, and removed at once when
// they opt out. The entry hangs on their peer membership, so it disappears with it.

export interface DirectoryEntry {
  userId: string;
  name: string;
  organisationName: string;
  siteName: string | null;
  helpText: string;
  contact: string;
}

export interface MyDirectoryEntry {
  organisationId: string;
  helpText: string;
  contact: string;
}

export interface DirectoryValues {
  organisationId: string;
  helpText: string;
  contact: string;
}

/** Only peers have an entry; the network (staff) is where the directory is. */
function authorizeOwnEntry(actor: Actor): asserts actor is SignedInActor {
  authorize(actor, 'network.join');
  authorize(actor, 'peer.practise', {});
}

async function searchDirectory(deps: AppDeps, actor: Actor, query: string): Promise<DirectoryEntry[]> {
  authorize(actor, 'directory.read');
  const rows = await directoryEntries(deps.db);
  return rows
    .filter((r) => matchesQuery([r.chosen_name, r.organisation_name, r.site_name ?? '', r.help_text], query))
    .map((r) => ({
      userId: r.user_id,
      name: r.chosen_name,
      organisationName: r.organisation_name,
      siteName: r.site_name,
      helpText: r.help_text,
      contact: r.contact,
    }));
}

async function myDirectoryEntry(deps: AppDeps, actor: Actor): Promise<MyDirectoryEntry | null> {
  authorizeOwnEntry(actor);
  const row = await directoryEntryOf(deps.db, actor.id);
  return row ? { organisationId: row.organisation_id, helpText: row.help_text, contact: row.contact } : null;
}

export interface DirectoryOverview {
  entries: DirectoryEntry[];
  /** For peers: their own entry (null when not in the directory) and where they are a peer. */
  own?: { entry: MyDirectoryEntry | null; organisations: { id: string; name: string }[] };
}

/** The directory as the actor sees it: the entries matching the query, and a peer's own entry. */
export async function directoryOverview(deps: AppDeps, actor: Actor, query: string): Promise<DirectoryOverview> {
  const entries = await searchDirectory(deps, actor, query);
  if (!can(actor, 'peer.practise', {})) return { entries };
  return { entries, own: { entry: await myDirectoryEntry(deps, actor), organisations: await peerOrganisations(deps, actor) } };
}

/**
 * Opts in, or changes what the entry says (texts already checked and trimmed by the form).
 * `joined` tells a first entry from a change; not ok: the organisation is not one where the
 * actor is a peer.
 */
export async function saveDirectoryEntry(deps: AppDeps, actor: Actor, values: DirectoryValues): Promise<{ ok: true; joined: boolean } | { ok: false }> {
  authorizeOwnEntry(actor);
  if (!can(actor, 'peer.practise', { organisationId: values.organisationId })) return { ok: false };
  const { helpText, contact } = values;
  const before = await directoryEntryOf(deps.db, actor.id);
  await useCase(deps, actor, 'directory.opt_in', async ({ tx, now, audit }) => {
    const membership = await peerMembershipId(tx, actor.id, values.organisationId);
    if (!membership) throw new AccessDenied();
    await upsertDirectoryEntry(tx, { userId: actor.id, membershipId: membership.id, helpText, contact, now });
    await audit('directory.opt_in', actor.id);
  });
  return { ok: true, joined: !before };
}

/** Opts out: the entry is deleted at once. */
export async function removeDirectoryEntry(deps: AppDeps, actor: Actor): Promise<void> {
  authorizeOwnEntry(actor);
  await useCase(deps, actor, 'directory.opt_out', async ({ tx, audit }) => {
    if (!(await deleteDirectoryEntry(tx, actor.id))) return nothingChanged();
    await audit('directory.opt_out', actor.id);
  });
}
