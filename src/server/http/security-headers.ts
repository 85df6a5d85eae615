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

/** The answer that asks the browser to remove everything this site keeps in it: localStorage,
 * IndexedDB, the service worker and its caches ("storage"), and the HTTP cache ("cache"). Sent
 * after signing out on a computer others use, after erasure and after "delete what I wrote";
 * those pages also clear it with JavaScript, for a browser that ignores the header. */
export const CLEAR_BROWSER: Readonly<Record<string, string>> = { 'clear-site-data': '"storage", "cache"' };

export function securityHeaders(): Record<string, string> {
  return {
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
