// No third-party origin anywhere: scripts, styles, fonts and images all come from us.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Paths whose address is itself the key (a share link, a questionnaire link, a poll, a peer
 * invitation, a private link to a request for a peer): never indexed, even if a link leaks onto a public page.
 */
const TOKEN_PATH = /^\/(s|q|p|link|peers\/answer)(\/|$)/;

/** What crawlers may visit: the public pages, never an address that carries a key. */
export const ROBOTS_TXT = ['User-agent: *', 'Disallow: /s/', 'Disallow: /q/', 'Disallow: /p/', 'Disallow: /link', 'Disallow: /peers/answer/', ''].join('\n');

/** The answer that asks the browser to remove everything this site keeps in it: localStorage,
 * IndexedDB, the service worker and its caches ("storage"), and the HTTP cache ("cache"). Sent
 * after signing out on a computer others use, after erasure and after "delete what I wrote";
 * those pages also clear it with JavaScript, for a browser that ignores the header. */
export const CLEAR_BROWSER: Readonly<Record<string, string>> = { 'clear-site-data': '"storage", "cache"' };

export function securityHeaders(pathname = ''): Record<string, string> {
  return {
    ...(TOKEN_PATH.test(pathname) ? { 'x-robots-tag': 'noindex, nofollow' } : {}),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Share links carry their token in the path: never send it on to another site.
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'strict-transport-security': 'max-age=31536000',
  };
}
