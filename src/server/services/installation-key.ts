import type { AppDeps } from '../deps.ts';
import { findSystemKey, insertSystemKeyIfMissing } from '../repositories/evaluation/keys.ts';
import { anyWrappedKey } from '../repositories/installation-key.ts';

// The database remembers which installation key it belongs to: a key check, a random key wrapped
// with the installation key, kept in system_keys. A start with another key (a typo in DATA_KEY,
// the key file of another installation, a new key made because the file went missing) is
// stopped before it writes anything that only the wrong key could open.

const KEY_CHECK = 'key-check';

/** Whether the installation key opens what the database holds (a database holding nothing matches any key). */
export async function installationKeyMatches(deps: Pick<AppDeps, 'db' | 'keyring'>): Promise<boolean> {
  const check = await findSystemKey(deps.db, KEY_CHECK);
  // Databases from before the key check: any wrapped key tells as well.
  const wrapped = check?.wrapped_key ?? (await anyWrappedKey(deps.db));
  return !wrapped || deps.keyring.unwraps(wrapped);
}

/** Stores the key check, once the key is known to match. */
export async function rememberInstallationKey(deps: Pick<AppDeps, 'db' | 'keyring'>): Promise<void> {
  await insertSystemKeyIfMissing(deps.db, KEY_CHECK, deps.keyring.newWrappedDataKey());
}
