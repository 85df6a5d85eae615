import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { securityHeaders } from './security-headers.ts';
import { readAssetManifest, staticRoot } from '../static-assets.ts';

// Our own types rather than sirv's, so scripts and styles keep saying they are UTF-8 and an
// unknown file is a download, never something the browser guesses at.
const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// The service worker lives in the build output but must be fetched from the root to control
// every page, and must be revalidated on each load so a new version takes over.
const serviceWorker = '/build/sw.js';

export function isStaticPath(pathname: string): boolean {
  return pathname.startsWith('/static/') || pathname === '/sw.js';
}

/** Serves /static/* and /sw.js from the static folder: file list and ETags read once at start
 * (the build runs before the server), bodies streamed, .br/.gz siblings sent when the browser
 * takes them. The script and style sheet under their content-hashed names (the build's
 * manifest) are "immutable" for a year; every other file is cached for five minutes and then
 * revalidated. Resolves with the status sent. */
export function createStaticHandler(root = staticRoot): (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<number> {
  // sirv's paths are below the root, as if mounted at /static.
  const hashed = new Set(Object.values(readAssetManifest(root) ?? {}).map((href) => href.slice('/static'.length)));
  const files = sirv(root, {
    etag: true,
    brotli: true,
    gzip: true,
    extensions: [],
    setHeaders: (res, pathname) => {
      res.setHeader('content-type', contentTypes[path.extname(pathname)] ?? 'application/octet-stream');
      if (hashed.has(pathname)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else if (pathname === serviceWorker) {
        res.setHeader('cache-control', 'no-cache');
        res.setHeader('service-worker-allowed', '/');
      }
    },
  });

  return async (req, res, pathname) => {
    for (const [name, value] of Object.entries(securityHeaders())) res.setHeader(name, value);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'cache-control': 'no-store', 'content-length': '0' }).end();
      return 405;
    }
    res.setHeader('cache-control', 'public, max-age=300');
    // sirv looks files up by the path below its root, as if mounted at /static.
    req.url = pathname === '/sw.js' ? serviceWorker : pathname.slice('/static'.length);
    // A file listed at start but gone since (a rebuild replacing it) ends this response instead of
    // leaving the read stream's error unhandled, which would stop the whole process.
    res.once('pipe', (source) => source.once('error', () => res.destroy()));
    files(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('Not found');
    });
    await finished(res).catch(() => undefined);
    return res.statusCode;
  };
}
