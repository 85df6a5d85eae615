// What the app reads from an OpenID provider's answer: who the person is (one claim, checked),
// and whether the provider already checked a second factor. Pure rules, no I/O.

export type MatchClaim = 'email' | 'preferred_username' | 'oid';
export const matchClaims: readonly MatchClaim[] = ['email', 'preferred_username', 'oid'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** An issuer is spoken to over HTTPS; plain HTTP only on this machine's loopback (tests, development). */
export function issuerAllowed(issuer: string): boolean {
  const url = URL.parse(issuer);
  if (!url || url.search || url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export function isLoopbackIssuer(issuer: string): boolean {
  const url = URL.parse(issuer);
  return url !== null && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** Scopes to ask for so that the claim the organisation matches on comes back. */
export function scopesFor(claim: MatchClaim | 'sub'): string {
  if (claim === 'email') return 'openid email';
  if (claim === 'sub') return 'openid';
  return 'openid profile';
}

export type MatchedIdentity = { ok: true; value: string } | { ok: false; reason: 'missing' | 'unverified' };

/**
 * The value that names the person, normalised so that the provider's spelling does not matter.
 * An e-mail counts only when the provider says it verified it: many providers let people type
 * any address into their profile.
 */
export function identityFrom(claims: Record<string, unknown>, claim: MatchClaim): MatchedIdentity {
  const raw = claims[claim];
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 320) return { ok: false, reason: 'missing' };
  if (claim === 'email' && claims.email_verified !== true) return { ok: false, reason: 'unverified' };
  return { ok: true, value: normaliseIdentity(raw) };
}

/** The same normalisation for what a coordinator types into an invitation. */
export function normaliseIdentity(value: string): string {
  return value.trim().normalize('NFC').toLowerCase();
}

export interface SecondFactorRule {
  /** `amr` containing "mfa" (RFC 8176: more than one factor) counts. */
  fromAmr: boolean;
  /** This exact `acr` counts (for example a NSIS level of assurance). */
  acr: string | null;
}

/** Whether the provider says it checked more than one factor, by the organisation's rule. */
export function providerCheckedSecondFactor(claims: Record<string, unknown>, rule: SecondFactorRule): boolean {
  const amr = claims.amr;
  if (rule.fromAmr && Array.isArray(amr) && amr.includes('mfa')) return true;
  return rule.acr !== null && typeof claims.acr === 'string' && claims.acr === rule.acr;
}
