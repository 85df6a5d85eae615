import type { RequestContext } from './types.ts';
import { cookieName } from './cookies.ts';

/** The session cookie's name: `__Host-eo_session` over HTTPS (the default), `eo_session` otherwise. */
export function sessionCookieName(secure: boolean): string {
  return cookieName('eo_session', secure);
}

export function sessionToken(ctx: RequestContext): string | undefined {
  return ctx.cookies[sessionCookieName(ctx.deps.config.COOKIE_SECURE)];
}

export function setSessionCookie(ctx: RequestContext, token: string): void {
  ctx.setCookie(sessionCookieName(ctx.deps.config.COOKIE_SECURE), token, { sameSite: 'Lax' });
}

export function clearSessionCookie(ctx: RequestContext): void {
  ctx.setCookie(sessionCookieName(ctx.deps.config.COOKIE_SECURE), '', { maxAgeSeconds: 0 });
}
