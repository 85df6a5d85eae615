// The pages the service worker keeps for offline use: every page of the built-in sheets.
// sheet-model.test.ts checks this list against the domain's pagesOf(), so it cannot go stale.
export const OFFLINE_PAGES: readonly string[] = [
  '/write',
  ...['who', 'matters', 'help', 'so-that', 'compose', 'check', 'done'].map((p) => `/write/personal-statement/${p}`),
  ...['who', 'matters', 'help', 'goal', 'compose', 'check', 'done'].map((p) => `/write/motivation-goal/${p}`),
  ...['helps', 'signs', 'others', 'call', 'compose', 'check', 'done'].map((p) => `/write/what-helps-me/${p}`),
];

/** Only these are ever cached: the no-account writing pages (and, separately, /static). */
export function isOfflinePath(pathname: string): boolean {
  return pathname === '/write' || /^\/write\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/.test(pathname);
}
