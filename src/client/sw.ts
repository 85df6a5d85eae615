// The service worker: the no-account writing pages work offline after the first visit.
// Network first for those pages (so an online person always gets the newest), the cache when
// offline; our own static files from the cache, refreshed in the background. Nothing else is
// ever cached: no signed-in page, no POST, no PDF.

import { isOfflinePath, OFFLINE_PAGES } from './offline-pages.ts';

declare const self: ServiceWorkerGlobalScope;
// Filled in by scripts/build-client.ts: the content-hashed script and style sheet, and a
// version that changes with them.
declare const __HASHED_ASSETS__: string[];
declare const __BUILD_VERSION__: string;

// A new build gives a new cache name; old caches are removed on activate.
const VERSION = `v2-${__BUILD_VERSION__}`;
const PREFIX = 'egneord-';
const CACHE = `${PREFIX}${VERSION}`;
const STATIC = [...__HASHED_ASSETS__, '/static/icon.svg', '/static/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...OFFLINE_PAGES, ...STATIC].map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function cacheable(response: Response): boolean {
  return response.ok && response.type === 'basic' && !response.redirected;
}

async function networkFirst(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (cacheable(response)) await cache.put(url.pathname, response.clone());
    return response;
  } catch {
    return (await cache.match(url.pathname)) ?? (await cache.match('/write')) ?? Response.error();
  }
}

async function cacheFirst(request: Request, url: URL, event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(url.pathname);
  const refresh = fetch(request).then(async (response) => {
    if (cacheable(response)) await cache.put(url.pathname, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && isOfflinePath(url.pathname)) event.respondWith(networkFirst(request, url));
  else if (url.pathname.startsWith('/static/') && !url.search) event.respondWith(cacheFirst(request, url, event));
});
