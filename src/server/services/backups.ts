import type { AppDeps } from '../deps.ts';
import { readSealedTable, restoreBackup, writeSealedFile } from '../db/backup.ts';
import { eraseLedgeredPeople, reclaimErasedSpace, unlinkVotesOfErased } from './erasure.ts';

// Backups, the erasure ledger and restores, as the admin command line runs them (README,
// "Backups and erasure"). Every file is sealed with a key derived from the installation key.

export function backupTo(deps: Pick<AppDeps, 'db' | 'keyring'>, file: string): Promise<{ tables: number; rows: number }> {
  return writeSealedFile(deps.db, deps.keyring, file, 'backup');
}

/** The live installation's erasure ledger, to give to a restore of an older backup. */
export async function exportErasureLedger(deps: Pick<AppDeps, 'db' | 'keyring'>, file: string): Promise<{ entries: number }> {
  return { entries: (await writeSealedFile(deps.db, deps.keyring, file, 'erasure-ledger')).rows };
}

/**
 * Restores `file` into an empty database and, in the same transaction, erases everyone in the
 * backup's own ledger and in the ledger file (`ledgerFile`, from the live installation; null
 * when the operator says none is needed). Whoever was erased never comes back, not even for a
 * moment: the transaction commits only without them.
 */
export async function restoreFrom(
  deps: Pick<AppDeps, 'db' | 'dbKind' | 'keyring' | 'now'>,
  file: string,
  options: { ledgerFile: string | null },
): Promise<{ tables: number; rows: number; erased: number }> {
  // Read and authenticated whole before the restore starts, so a bad ledger touches nothing.
  const live = options.ledgerFile
    ? (await readSealedTable(deps.keyring, options.ledgerFile, 'erasure-ledger', 'erasure_ledger')).map((row) => ({
        userId: String(row.user_id),
        erasedAt: String(row.erased_at),
      }))
    : [];
  let erasure = { erased: [] as string[], tables: [] as string[] };
  const restored = await restoreBackup(deps.db, deps.keyring, file, {
    beforeCommit: async (tx) => {
      erasure = await eraseLedgeredPeople(tx, live);
    },
  });
  await unlinkVotesOfErased(deps, erasure.erased);
  await reclaimErasedSpace(deps, erasure.tables);
  return { ...restored, erased: erasure.erased.length };
}
