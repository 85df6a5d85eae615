import type { CookieOptions } from './types.ts';

/** The role a person with several roles chose to work in; policy checks it is still theirs. */
export const ROLE_COOKIE = 'eo_role';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header || header.length > 8192) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

/** `__Host-` cookies must be Secure, path=/ and have no Domain: a sibling site cannot set them. */
export function serializeCookie(name: string, value: string, secure: boolean, options: CookieOptions = {}): string {
  const parts = [`${name}=${value}`, 'Path=/', `SameSite=${options.sameSite ?? 'Lax'}`];
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}

/** Without Secure (plain-HTTP development on a non-localhost host) the prefix must go too. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}
