import crypto from 'node:crypto';
import type { AppDeps } from '../../deps.ts';
import { findSystemKey, insertSystemKeyIfMissing } from '../../repositories/evaluation/keys.ts';

// Free-text answers may come from people without an account, so they cannot be sealed with a
// person's key. They are sealed with an installation-level evaluation key, itself wrapped by the
// installation key like every person's key.
let cached: { db: unknown; key: Uint8Array } | undefined;

export async function evaluationDataKey(deps: Pick<AppDeps, 'db' | 'keyring'>): Promise<Uint8Array> {
  if (cached && cached.db === deps.db) return cached.key;
  let row = await findSystemKey(deps.db, 'evaluation');
  if (!row) {
    await insertSystemKeyIfMissing(deps.db, 'evaluation', deps.keyring.newWrappedDataKey());
    row = await findSystemKey(deps.db, 'evaluation');
    if (!row) throw new Error('the evaluation key was not stored');
  }
  cached = { db: deps.db, key: row.wrapped_key };
  return row.wrapped_key;
}

/** A stable, non-reversible voter/submission fingerprint. */
export function fingerprint(...parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * A fingerprint for something that can be guessed and hashed by anyone who reads the database
 * (an account id, a network address): keyed with a key derived from the evaluation key, which
 * only the installation key unwraps.
 */
export async function keyedFingerprint(deps: Pick<AppDeps, 'db' | 'keyring'>, ...parts: string[]): Promise<string> {
  const wrapped = await evaluationDataKey(deps);
  // Unwrapping and deriving once per key, not on every vote.
  if (fingerprintKey?.wrapped !== wrapped) {
    fingerprintKey = { wrapped, key: Buffer.from(crypto.hkdfSync('sha256', deps.keyring.unwrap(wrapped), '', 'keyed-fingerprint', 32)) };
  }
  return crypto.createHmac('sha256', fingerprintKey.key).update(parts.join('\u0000')).digest('hex');
}
let fingerprintKey: { wrapped: Uint8Array; key: Buffer } | undefined;
