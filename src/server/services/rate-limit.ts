import type { AppDeps } from '../deps.ts';
import { RateLimited } from '../errors.ts';
import { hit, hitsIn, latestMark } from '../repositories/rate-limits.ts';
import { keyedFingerprint } from './evaluation/keys.ts';

type LimitDeps = Pick<AppDeps, 'db' | 'keyring' | 'now'>;

function windowOf(now: Date, windowMinutes: number): { start: Date; end: Date } {
  const windowMs = windowMinutes * 60_000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start: new Date(start), end: new Date(start + windowMs) };
}

const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/** Fixed-window limit. Throws RateLimited saying how long until the window ends. */
export async function consume(deps: LimitDeps, bucket: string, key: string, limit: number, windowMinutes: number): Promise<void> {
  const now = deps.now();
  const window = windowOf(now, windowMinutes);
  const hits = await hit(deps.db, bucket, await rateLimitKey(deps, bucket, key), window.start);
  if (hits > limit) throw new RateLimited(secondsUntil(window.end, now));
}

/**
 * The stored form of a bucket's key (an address, a name). Keyed with the installation's key:
 * a plain hash of a username or an address can be tested by anyone who reads the table.
 * Erasure uses it to find the person's sign-in counter.
 */
export async function rateLimitKey(deps: Pick<AppDeps, 'db' | 'keyring'>, bucket: string, key: string): Promise<string> {
  return (await keyedFingerprint(deps, 'rate-limit', bucket, key)).slice(0, 32);
}

export interface GrowingDelay {
  /** Failures for the name (from anywhere) before any waiting starts. */
  after: number;
  maxSeconds: number;
}

/** Failures for a name are counted over this long; a quiet hour forgets them. */
const FAILURE_WINDOW_MINUTES = 60;

/**
 * A growing delay per name instead of a lock: once a name has failed `after` times from any
 * address, each further try for it from an address that failed for it must wait 1, 2, 4 … seconds
 * (up to a cap) after that address's last failure. Someone guessing from one address is slowed
 * more and more; the person themselves, from their own address, is not kept out by them.
 */
export async function awaitTurn(deps: LimitDeps, bucket: string, name: string, address: string, delay: GrowingDelay): Promise<void> {
  const now = deps.now();
  const failures = await hitsIn(
    deps.db,
    `${bucket}-failures`,
    await rateLimitKey(deps, `${bucket}-failures`, name),
    windowOf(now, FAILURE_WINDOW_MINUTES).start,
  );
  if (failures < delay.after) return;
  const last = await latestMark(deps.db, `${bucket}-last`, await rateLimitKey(deps, `${bucket}-last`, `${name}\u0000${address}`));
  if (!last) return;
  const waitSeconds = Math.min(2 ** (failures - delay.after), delay.maxSeconds);
  const until = new Date(last.getTime() + waitSeconds * 1000);
  if (until > now) throw new RateLimited(secondsUntil(until, now), 'failures');
}

export async function recordFailure(deps: LimitDeps, bucket: string, name: string, address: string): Promise<void> {
  const now = deps.now();
  await hit(deps.db, `${bucket}-failures`, await rateLimitKey(deps, `${bucket}-failures`, name), windowOf(now, FAILURE_WINDOW_MINUTES).start);
  await hit(deps.db, `${bucket}-last`, await rateLimitKey(deps, `${bucket}-last`, `${name}\u0000${address}`), now);
}
