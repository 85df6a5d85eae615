import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import { addErasures, erasedButPresent, rewriteTablesAndLog, tablesChangedIn, type ErasureEntry } from '../repositories/erasure-ledger.ts';
import { eraseUser } from '../repositories/users.ts';
import { withoutAudit } from './use-case.ts';
import { unlinkVotes } from '../repositories/evaluation/polls.ts';
import { voterFingerprintsOf } from './evaluation/polls.ts';

// Erasure has to outlive a restore: the erasure ledger (ids and times only) is kept in the live
// database and in every backup, and whoever it names is erased again wherever they turn up —
// inside the restore's own transaction, and at every start for a restore done by hand.

/**
 * Adds `entries` (the live installation's ledger, when restoring an older backup) to the ledger
 * and erases everyone it names who is present, in `tx`. Returns how many were erased, and the
 * tables that held them (for reclaimErasedSpace).
 */
export async function eraseLedgeredPeople(tx: Tx, entries: readonly ErasureEntry[]): Promise<{ erased: string[]; tables: string[] }> {
  await addErasures(tx, entries);
  const present = await erasedButPresent(tx);
  // The sign-in failure counter is keyed with the installation key, which this transaction
  // cannot reach; it is only a count, and it expires within hours.
  for (const user of present) await eraseUser(tx, user.id, null);
  return { erased: present.map((u) => u.id), tables: present.length ? await tablesChangedIn(tx) : [] };
}

/**
 * The votes of people erased again keep counting, under fingerprints that lead to nobody (as in
 * eraseMyAccount). Done after the erasing transaction: the fingerprints need the installation
 * key and the polls, read outside it.
 */
export async function unlinkVotesOfErased(deps: Pick<AppDeps, 'db' | 'keyring'>, userIds: readonly string[]): Promise<void> {
  for (const id of userIds) await unlinkVotes(deps.db, await voterFingerprintsOf(deps, id));
}

/** At start, before any request: erases again whoever the ledger names and is back. */
export async function applyErasureLedger(deps: Pick<AppDeps, 'db' | 'dbKind' | 'keyring' | 'now'>): Promise<number> {
  if ((await erasedButPresent(deps.db)).length === 0) return 0;
  // No audit row: it would name the person the ledger says must not be named again.
  const { erased, tables } = await withoutAudit(deps, 'erasing again the people the erasure ledger names', ({ tx }) => eraseLedgeredPeople(tx, []));
  await unlinkVotesOfErased(deps, erased);
  await reclaimErasedSpace(deps, tables);
  return erased.length;
}

/**
 * After an erasure, the deleted rows leave the embedded database's files too (the person's
 * wrapped data key above all: without it their sealed texts cannot be opened). `tables` are
 * those the erasure changed. PostgreSQL's files, WAL archive and backups are the operator's
 * (README, "Erasure, backups and the disk").
 */
export async function reclaimErasedSpace(deps: Pick<AppDeps, 'db' | 'dbKind'>, tables: readonly string[]): Promise<void> {
  if (deps.dbKind === 'pglite' && tables.length) await rewriteTablesAndLog(deps.db, tables);
}
