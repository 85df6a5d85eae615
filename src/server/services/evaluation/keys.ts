import crypto from 'node:crypto';
import type { AppDeps } from '../../deps.ts';

// Free-text answers may come from people without an account, so they cannot be sealed with a
// person's key. They are sealed with an installation-level evaluation key, itself wrapped by the
// installation key like every person's key.
let cached: { db: unknown; key: Uint8Array } | undefined;

export async function evaluationDataKey(deps: Pick<AppDeps, 'db' | 'keyring'>): Promise<Uint8Array> {
  if (cached && cached.db === deps.db) return cached.key;
  let row = await deps.db.selectFrom('system_keys').select('wrapped_key').where('name', '=', 'evaluation').executeTakeFirst();
  if (!row) {
    await deps.db
      .insertInto('system_keys')
      .values({ name: 'evaluation', wrapped_key: deps.keyring.newWrappedDataKey() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    row = await deps.db.selectFrom('system_keys').select('wrapped_key').where('name', '=', 'evaluation').executeTakeFirstOrThrow();
  }
  cached = { db: deps.db, key: row.wrapped_key };
  return row.wrapped_key;
}

/** A stable, non-reversible voter/submission fingerprint. */
export function fingerprint(...parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
