import crypto from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

// RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30 s), as every authenticator app
// understands them; otpauth's defaults are exactly these.

const STEP_SECONDS = 30;

export function newTotpSecret(): Buffer {
  return crypto.randomBytes(20);
}

function secretOf(bytes: Uint8Array): Secret {
  return new Secret({ buffer: Uint8Array.from(bytes).buffer });
}

export function base32(bytes: Uint8Array): string {
  return secretOf(bytes).base32;
}

export function totpAt(secret: Uint8Array, step: number): string {
  return HOTP.generate({ secret: secretOf(secret), counter: step });
}

export function currentStep(now = Date.now()): number {
  return Math.floor(now / 1000 / STEP_SECONDS);
}

/** The step whose code works now for an account whose last used step is `lastUsed`: the current
 * one, or when that was just used, the next (taken already, as one step of drift). For showing a
 * demo person's code; a person's authenticator app simply shows the next code half a minute on. */
export function usableStep(lastUsed: string | number | null, now = Date.now()): number {
  return Math.max(currentStep(now), firstUnusedStep(lastUsed));
}

/** The earliest step the app still takes for such an account: half a minute back (one step of
 * drift) when unused. The demo signs its people in with it as it fills itself in, which leaves
 * the code their authenticator app shows now unused for the person trying the demo. */
export function earliestUsableStep(lastUsed: string | number | null, now = Date.now()): number {
  return Math.max(currentStep(now) - 1, firstUnusedStep(lastUsed));
}

function firstUnusedStep(lastUsed: string | number | null): number {
  return lastUsed === null ? 0 : Number(lastUsed) + 1;
}

/** Returns the matching time step (one step of clock drift either way), or null. A caller
 * must refuse a step at or before the last one used, so a code works only once. */
export function matchTotp(secret: Uint8Array, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ token, secret: secretOf(secret), timestamp: now, window: 1 });
  return delta === null ? null : currentStep(now) + delta;
}

export function otpauthUri(secret: Uint8Array, account: string): string {
  return new TOTP({ issuer: 'Egne ord', label: account, secret: secretOf(secret) }).toString();
}
