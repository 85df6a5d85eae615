import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import { RateLimited } from '../errors.ts';
import { hit } from '../repositories/rate-limits.ts';

/** Fixed-window limit. Keys (addresses, names) are hashed first so the table holds no
 * personal data. */
export async function consume(db: Db, bucket: string, key: string, limit: number, windowMinutes: number, now: Date): Promise<void> {
  const windowMs = windowMinutes * 60_000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const hits = await hit(db, bucket, rateLimitKeyHash(bucket, key), start);
  if (hits > limit) throw new RateLimited();
}

/** The stored form of a bucket's key: erasure uses it to find the person's sign-in counter. */
export function rateLimitKeyHash(bucket: string, key: string): string {
  return crypto.createHash('sha256').update(`${bucket}:${key}`).digest('hex').slice(0, 32);
}
